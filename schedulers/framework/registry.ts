/**
 * Plugin names → factories, the default plugin set of each configuration
 * version, and the expansion of a profile (config.ts) into the plugins of each
 * extension point.
 *
 * Defaults: v1 and v1beta3: the multiPoint defaults in upstream order, with
 * their score weights (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
 * InterPodAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1,
 * ImageLocality 1); v1beta2: the same plugins with the weights of that version
 * (TaintToleration 1, NodeAffinity 1, InterPodAffinity 1, PodTopologySpread 2);
 * v1beta1: likewise, with NodeResourcesFit a filter only and
 * NodeResourcesLeastAllocated (weight 1) scoring. clusterlab's GPUShare filter
 * follows NodeResourcesFit in every version. Upstream plugins for things
 * clusterlab does not model (volumes, ports, images, binding) are accepted and
 * do nothing. v1beta1 names map to today's plugins: NodeResourcesLeastAllocated
 * / NodeResourcesMostAllocated / RequestedToCapacityRatio become NodeResourcesFit
 * scoring with that strategy (removed in v1beta2, as upstream); Open-Gpu-Share
 * (the FGD simulator's filter) is GPUShare.
 */
import { InputError } from '../../sim/errors.ts';
import { Cluster } from '../../sim/cluster.ts';
import { JobTable } from '../../sim/jobs.ts';
import type { ExtensionPoint, ProfileConfig } from './config.ts';
import type { ConfigVersion } from './plugin-args.ts';
import { Snapshot } from './state.ts';
import type { Objects } from './objects.ts';
import { createBalancedAllocation } from './plugins/balanced-allocation.ts';
import { createDefaultPreemption, type ExistingJobs, type StartTimeOf } from './plugins/default-preemption.ts';
import { createDominantResourceFairness } from './plugins/dominant-resource-fairness.ts';
import { createGpuShare } from './plugins/gpu-share.ts';
import { createBestFitScore, createDotProductScore, createFgdScore, createGpuClusteringScore, createGpuPackingScore, createRandomScore } from './plugins/gpu-sharing-scores.ts';
import { createInterPodAffinity } from './plugins/inter-pod-affinity.ts';
import { createNodeAffinity } from './plugins/node-affinity.ts';
import { createNodeName } from './plugins/node-name.ts';
import { nodeResourcesFitFrom } from './plugins/node-resources-fit.ts';
import { parseArgs, type FitArgs } from './plugin-args.ts';
import { createNodeUnschedulable } from './plugins/node-unschedulable.ts';
import { createPodTopologySpread } from './plugins/pod-topology-spread.ts';
import { createPrioritySort } from './plugins/priority-sort.ts';
import { createResourceQuota } from './plugins/resource-quota.ts';
import { createTaintToleration } from './plugins/taint-toleration.ts';
import {
  isDeviceChooser,
  isFilter,
  isPostFilter,
  isPreFilter,
  isPreScore,
  isQueueSort,
  isScore,
  type AnyPlugin,
  type DeviceChooser,
  type FilterPlugin,
  type Handle,
  type PostFilterPlugin,
  type PreFilterPlugin,
  type QueueSortPlugin,
  type ScorePlugin,
} from './types.ts';

export interface PluginEnv {
  handle: Handle;
  objects: Objects;
  startTimeOf: StartTimeOf;
  /** Jobs queued or running now (the pods that exist, for PodDisruptionBudgets). */
  existing: ExistingJobs;
  version: ConfigVersion;
}

type Factory = (env: PluginEnv, args: Record<string, unknown>) => AnyPlugin;

const noop = (name: string): Factory => () => ({ name });
/** The v1beta1 scoring plugins: NodeResourcesFit's score with their args (plugin-args.ts maps them), no filter. */
const fitWith = (plugin: string): Factory => (env, args) => {
  const p = nodeResourcesFitFrom(env.handle, parseArgs<FitArgs>(plugin, args, env.version));
  return { name: p.name, score: p.score.bind(p) };
};
/** NodeResourcesFit; in v1beta1 a filter only (scoring was the plugins above). */
const fit: Factory = (env, args) => {
  const p = nodeResourcesFitFrom(env.handle, parseArgs<FitArgs>('NodeResourcesFit', args, env.version));
  return env.version === 'v1beta1' ? { name: p.name, filter: p.filter.bind(p), strategy: p.strategy, ignoresResources: p.ignoresResources } : p;
};

/** Upstream plugins for what clusterlab does not model: accepted, no effect, args unchecked. */
export const NOOP_PLUGINS: ReadonlySet<string> = new Set([
  'NodePorts', 'VolumeRestrictions', 'NodeVolumeLimits', 'EBSLimits', 'GCEPDLimits', 'AzureDiskLimits', 'VolumeBinding', 'VolumeZone',
  'ImageLocality', 'DefaultBinder', 'SchedulingGates', 'DynamicResources', 'NodePreferAvoidPods', 'Simon', 'ServiceAffinity', 'NodeLabel',
]);

export const PLUGINS: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ['PrioritySort', () => createPrioritySort()],
  ['DominantResourceFairness', (env) => createDominantResourceFairness(env.handle)],
  ['NodeUnschedulable', (env) => createNodeUnschedulable(env.handle)],
  ['NodeName', (env) => createNodeName(env.handle)],
  ['TaintToleration', (env) => createTaintToleration(env.handle)],
  ['NodeAffinity', (env, args) => createNodeAffinity(env.handle, args)],
  ['NodeResourcesFit', fit],
  ['GPUShare', (env) => createGpuShare(env.handle)],
  ['Open-Gpu-Share', (env) => createGpuShare(env.handle)],
  ['PodTopologySpread', (env, args) => createPodTopologySpread(env.handle, args, env.version)],
  ['InterPodAffinity', (env, args) => createInterPodAffinity(env.handle, args, env.version, env.objects)],
  ['DefaultPreemption', (env, args) => createDefaultPreemption(env.handle, env.objects, env.startTimeOf, args, env.existing)],
  ['NodeResourcesBalancedAllocation', (env, args) => createBalancedAllocation(env.handle, args, env.version)],
  ['FGDScore', (env) => createFgdScore(env.handle)],
  ['BestFitScore', (env) => createBestFitScore(env.handle)],
  ['GpuPackingScore', (env) => createGpuPackingScore(env.handle)],
  ['GpuClusteringScore', (env) => createGpuClusteringScore(env.handle)],
  ['DotProductScore', (env) => createDotProductScore(env.handle)],
  ['RandomScore', (env) => createRandomScore(env.handle)],
  ['NodeResourcesLeastAllocated', fitWith('NodeResourcesLeastAllocated')],
  ['NodeResourcesMostAllocated', fitWith('NodeResourcesMostAllocated')],
  ['RequestedToCapacityRatio', fitWith('RequestedToCapacityRatio')],
  ...[...NOOP_PLUGINS].map((n): [string, Factory] => [n, noop(n)]),
]);

/** The version in which upstream removed a plugin name that `version` no longer accepts, or null. */
export function removedIn(name: string, version: ConfigVersion): string | null {
  const order = ['v1beta1', 'v1beta2', 'v1beta3', 'v1'];
  const since: Record<string, string> = {
    NodeResourcesLeastAllocated: 'v1beta2',
    NodeResourcesMostAllocated: 'v1beta2',
    RequestedToCapacityRatio: 'v1beta2',
    NodeLabel: 'v1beta2',
    ServiceAffinity: 'v1beta2',
    NodePreferAvoidPods: 'v1beta3',
  };
  const at = since[name];
  return at !== undefined && order.indexOf(version) >= order.indexOf(at) ? at : null;
}

type DefaultPlugin = { name: string; weight?: number };

/** Upstream v1 default plugins (multiPoint) in order, with default score weights; clusterlab's GPUShare added. */
export const DEFAULT_PLUGINS: readonly DefaultPlugin[] = [
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'GPUShare' },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** v1beta2 (default_plugins.go of that version): weight 1 for TaintToleration, NodeAffinity, InterPodAffinity. */
const V1BETA2_PLUGINS: readonly DefaultPlugin[] = DEFAULT_PLUGINS.map((p) =>
  p.name === 'TaintToleration' || p.name === 'NodeAffinity' || p.name === 'InterPodAffinity' ? { ...p, weight: 1 } : p,
);

/** v1beta1: as v1beta2, and NodeResourcesLeastAllocated scores (NodeResourcesFit only filters). */
const V1BETA1_PLUGINS: readonly DefaultPlugin[] = [
  ...V1BETA2_PLUGINS.map((p) => (p.name === 'NodeResourcesFit' ? { name: p.name } : p)).filter((p) => p.name !== 'DefaultBinder'),
  { name: 'NodeResourcesLeastAllocated', weight: 1 },
  { name: 'DefaultBinder' },
];

export function defaultPlugins(version: ConfigVersion): readonly DefaultPlugin[] {
  return version === 'v1beta1' ? V1BETA1_PLUGINS : version === 'v1beta2' ? V1BETA2_PLUGINS : DEFAULT_PLUGINS;
}

export interface BuiltProfile {
  queueSort: QueueSortPlugin;
  dynamicQueue: boolean;
  preFilters: PreFilterPlugin[];
  filters: FilterPlugin[];
  postFilters: PostFilterPlugin[];
  scores: { plugin: ScorePlugin; weight: number }[];
  deviceChooser: DeviceChooser | null;
  percentageOfNodesToScore: number;
  /** True when NodeResourcesFit filters with no ignored resources: the cluster's free-capacity index can skip nodes. */
  fitIndex: boolean;
  /** Why a pod can never satisfy its quota, or null. */
  quotaCheck: ((pod: import('./pod.ts').PodInfo) => string | null) | null;
  /** Enabled plugin names per extension point (for outputs). */
  enabled: Record<string, string[]>;
}

/** Which extension points a plugin object implements. */
function pointsOf(p: AnyPlugin): ExtensionPoint[] {
  const out: ExtensionPoint[] = [];
  if (isQueueSort(p)) out.push('queueSort');
  if (isPreFilter(p)) out.push('preFilter');
  if (isFilter(p)) out.push('filter');
  if (isPostFilter(p)) out.push('postFilter');
  if (isPreScore(p)) out.push('preScore');
  if (isScore(p)) out.push('score');
  return out;
}

export function buildProfile(
  config: ProfileConfig,
  handle: Handle,
  objects: Objects,
  startTimeOf: StartTimeOf = () => 0,
  existing: ExistingJobs = () => [],
): BuiltProfile {
  const env: PluginEnv = { handle, objects, startTimeOf, existing, version: config.version };
  const fail = (message: string): never => {
    throw new InputError(message, { file: config.file });
  };
  const instances = new Map<string, AnyPlugin>();
  const instance = (name: string): AnyPlugin => {
    let p = instances.get(name);
    if (!p) {
      const f = PLUGINS.get(name) ?? fail(`unknown scheduler plugin ${JSON.stringify(name)}; known: ${[...PLUGINS.keys()].sort().join(', ')}`);
      try {
        p = f(env, config.pluginConfig.get(name) ?? {});
      } catch (err) {
        // Args errors from a factory: name the file they came from.
        if (err instanceof InputError && err.location.file === undefined) fail(err.reason);
        throw err;
      }
      instances.set(name, p);
    }
    return p;
  };
  for (const name of config.pluginConfig.keys()) if (!PLUGINS.has(name)) fail(`pluginConfig for unknown plugin ${JSON.stringify(name)}`);
  // multiPoint: the version's defaults, minus disabled, plus enabled (an enabled default replaces it, weight included).
  // A weight of 0 or none is 1, as upstream's framework (getScoreWeights).
  const mp = config.plugins.multiPoint;
  const disabledAll = mp?.disabled.some((d) => d.name === '*') ?? false;
  const multi: { name: string; weight: number }[] = [];
  for (const d of defaultPlugins(config.version)) {
    if (disabledAll || mp?.disabled.some((x) => x.name === d.name)) continue;
    multi.push({ name: d.name, weight: d.weight ?? 0 });
  }
  for (const e of mp?.enabled ?? []) {
    const existing = multi.find((m) => m.name === e.name);
    if (existing) existing.weight = e.weight ?? 0;
    else multi.push({ name: e.name, weight: e.weight ?? 0 });
  }
  const perPoint = (point: ExtensionPoint): { plugin: AnyPlugin; weight: number }[] => {
    const set = config.plugins[point];
    const off = set?.disabled.some((d) => d.name === '*') ?? false;
    const list: { name: string; weight: number }[] = [];
    for (const m of multi) {
      if (off || set?.disabled.some((d) => d.name === m.name)) continue;
      if (pointsOf(instance(m.name)).includes(point)) list.push({ ...m });
    }
    for (const e of set?.enabled ?? []) {
      const plugin = instance(e.name);
      if (!pointsOf(plugin).includes(point)) fail(`plugin ${e.name} does not implement the ${point} extension point (it implements ${pointsOf(plugin).join(', ') || 'none clusterlab runs'})`);
      // The weight given at the point takes precedence over multiPoint's.
      const existing = list.find((m) => m.name === e.name);
      if (existing) existing.weight = e.weight ?? 0;
      else list.push({ name: e.name, weight: e.weight ?? 0 });
    }
    return list.map((m) => ({ plugin: instance(m.name), weight: m.weight > 0 ? m.weight : 1 }));
  };
  const queueSorts = perPoint('queueSort');
  if (queueSorts.length !== 1) fail(`exactly one queueSort plugin must be enabled, got ${queueSorts.map((q) => q.plugin.name).join(', ') || 'none'}`);
  const queueSort = queueSorts[0]!.plugin as QueueSortPlugin;
  const preFilters = perPoint('preFilter').map((x) => x.plugin as PreFilterPlugin);
  let quotaCheck: BuiltProfile['quotaCheck'] = null;
  if (objects.quotas.length > 0) {
    const quota = createResourceQuota(handle, objects);
    preFilters.unshift(quota);
    quotaCheck = quota.hopeless;
  }
  const filters = perPoint('filter').map((x) => x.plugin as FilterPlugin);
  const scores = perPoint('score').map((x) => ({ plugin: x.plugin as ScorePlugin, weight: x.weight }));
  const chooser = [...scores].sort((a, b) => b.weight - a.weight).find((x) => isDeviceChooser(x.plugin));
  const fit = filters.find((f) => f.name === 'NodeResourcesFit') as { ignoresResources?: boolean } | undefined;
  const enabled: Record<string, string[]> = {
    queueSort: [queueSort.name],
    preFilter: preFilters.map((p) => p.name),
    filter: filters.map((p) => p.name),
    postFilter: perPoint('postFilter').map((x) => x.plugin.name),
    score: scores.map((x) => `${x.plugin.name}:${x.weight}`),
  };
  return {
    queueSort,
    dynamicQueue: (queueSort as { dynamic?: boolean }).dynamic === true,
    preFilters,
    filters,
    postFilters: perPoint('postFilter').map((x) => x.plugin as unknown as PostFilterPlugin),
    scores,
    deviceChooser: chooser ? (chooser.plugin as unknown as DeviceChooser) : null,
    percentageOfNodesToScore: config.percentageOfNodesToScore,
    fitIndex: fit !== undefined && fit.ignoresResources !== true,
    quotaCheck,
    enabled,
  };
}

/**
 * Builds `config` once against a one-node cluster, so that what only building
 * finds (a plugin enabled at a point it does not implement, not exactly one
 * queueSort, bad args) is an error at load time, naming the file, not when the
 * run starts.
 */
export function checkProfile(config: ProfileConfig, objects: Objects): BuiltProfile {
  const resources = ['cpu', 'memory'];
  const cluster = new Cluster({ resources, nodes: [{ id: 'check', capacity: { cpu: 1, memory: 1 } }] });
  return buildProfile(config, { snapshot: new Snapshot(cluster, new JobTable([], resources)), random: () => 0 }, objects);
}
