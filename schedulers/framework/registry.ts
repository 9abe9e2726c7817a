/**
 * Plugin names → factories, the default plugin set, and the expansion of a
 * profile (config.ts) into the plugins of each extension point.
 *
 * Defaults: the v1 multiPoint defaults in upstream order, with their score
 * weights (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
 * InterPodAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1,
 * ImageLocality 1), plus clusterlab's GPUShare filter after NodeResourcesFit.
 * Upstream plugins for things clusterlab does not model (volumes, ports,
 * images, binding) are accepted and do nothing. Names of older configurations
 * map to today's: NodeResourcesLeastAllocated / NodeResourcesMostAllocated /
 * RequestedToCapacityRatio (v1beta1 score plugins) become NodeResourcesFit
 * scoring with that strategy; Open-Gpu-Share (the FGD simulator's filter) is GPUShare.
 */
import { InputError } from '../../sim/errors.ts';
import type { ExtensionPoint, ProfileConfig } from './config.ts';
import type { Objects } from './objects.ts';
import { createBalancedAllocation } from './plugins/balanced-allocation.ts';
import { createDefaultPreemption, type StartTimeOf } from './plugins/default-preemption.ts';
import { createDominantResourceFairness } from './plugins/dominant-resource-fairness.ts';
import { createGpuShare } from './plugins/gpu-share.ts';
import { createBestFitScore, createDotProductScore, createFgdScore, createGpuClusteringScore, createGpuPackingScore, createRandomScore } from './plugins/gpu-sharing-scores.ts';
import { createInterPodAffinity } from './plugins/inter-pod-affinity.ts';
import { createNodeAffinity } from './plugins/node-affinity.ts';
import { createNodeName } from './plugins/node-name.ts';
import { createNodeResourcesFit } from './plugins/node-resources-fit.ts';
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
}

type Factory = (env: PluginEnv, args: Record<string, unknown>) => AnyPlugin;

const noop = (name: string): Factory => () => ({ name });
const fitWith = (type: string): Factory => (env, args) => {
  const p = createNodeResourcesFit(env.handle, { scoringStrategy: { ...(args as object), type } });
  // Score only: the v1beta1 plugins of this name had no filter.
  return { name: p.name, score: p.score.bind(p) };
};

export const PLUGINS: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ['PrioritySort', () => createPrioritySort()],
  ['DominantResourceFairness', (env) => createDominantResourceFairness(env.handle)],
  ['NodeUnschedulable', (env) => createNodeUnschedulable(env.handle)],
  ['NodeName', (env) => createNodeName(env.handle)],
  ['TaintToleration', (env) => createTaintToleration(env.handle)],
  ['NodeAffinity', (env) => createNodeAffinity(env.handle)],
  ['NodeResourcesFit', (env, args) => createNodeResourcesFit(env.handle, args)],
  ['GPUShare', (env) => createGpuShare(env.handle)],
  ['Open-Gpu-Share', (env) => createGpuShare(env.handle)],
  ['PodTopologySpread', (env, args) => createPodTopologySpread(env.handle, args)],
  ['InterPodAffinity', (env, args) => createInterPodAffinity(env.handle, args)],
  ['DefaultPreemption', (env, args) => createDefaultPreemption(env.handle, env.objects, env.startTimeOf, args)],
  ['NodeResourcesBalancedAllocation', (env, args) => createBalancedAllocation(env.handle, args)],
  ['FGDScore', (env) => createFgdScore(env.handle)],
  ['BestFitScore', (env) => createBestFitScore(env.handle)],
  ['GpuPackingScore', (env) => createGpuPackingScore(env.handle)],
  ['GpuClusteringScore', (env) => createGpuClusteringScore(env.handle)],
  ['DotProductScore', (env) => createDotProductScore(env.handle)],
  ['RandomScore', (env) => createRandomScore(env.handle)],
  ['NodeResourcesLeastAllocated', fitWith('LeastAllocated')],
  ['NodeResourcesMostAllocated', fitWith('MostAllocated')],
  ['RequestedToCapacityRatio', fitWith('RequestedToCapacityRatio')],
  ...['NodePorts', 'VolumeRestrictions', 'NodeVolumeLimits', 'EBSLimits', 'GCEPDLimits', 'AzureDiskLimits', 'VolumeBinding', 'VolumeZone', 'ImageLocality', 'DefaultBinder', 'SchedulingGates', 'DynamicResources', 'NodePreferAvoidPods', 'Simon', 'ServiceAffinity'].map(
    (n): [string, Factory] => [n, noop(n)],
  ),
]);

/** Upstream v1 default plugins (multiPoint) in order, with default score weights; clusterlab's GPUShare added. */
export const DEFAULT_PLUGINS: readonly { name: string; weight?: number }[] = [
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

const DEFAULT_WEIGHT = new Map(DEFAULT_PLUGINS.filter((p) => p.weight).map((p) => [p.name, p.weight!]));

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

export function buildProfile(config: ProfileConfig, handle: Handle, objects: Objects, startTimeOf: StartTimeOf = () => 0): BuiltProfile {
  const env: PluginEnv = { handle, objects, startTimeOf };
  const instances = new Map<string, AnyPlugin>();
  const instance = (name: string): AnyPlugin => {
    let p = instances.get(name);
    if (!p) {
      const f = PLUGINS.get(name);
      if (!f) throw new InputError(`unknown scheduler plugin ${JSON.stringify(name)}; known: ${[...PLUGINS.keys()].sort().join(', ')}`);
      p = f(env, config.pluginConfig.get(name) ?? {});
      instances.set(name, p);
    }
    return p;
  };
  for (const name of config.pluginConfig.keys()) if (!PLUGINS.has(name)) throw new InputError(`pluginConfig for unknown plugin ${JSON.stringify(name)}`);
  // multiPoint: defaults, minus disabled, plus enabled.
  const mp = config.plugins.multiPoint;
  const disabledAll = mp?.disabled.some((d) => d.name === '*') ?? false;
  const multi: { name: string; weight: number }[] = [];
  for (const d of DEFAULT_PLUGINS) {
    if (disabledAll || mp?.disabled.some((x) => x.name === d.name)) continue;
    multi.push({ name: d.name, weight: d.weight ?? 0 });
  }
  for (const e of mp?.enabled ?? []) {
    const existing = multi.find((m) => m.name === e.name);
    if (existing) existing.weight = e.weight ?? existing.weight;
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
      if (!pointsOf(plugin).includes(point)) throw new InputError(`plugin ${e.name} does not implement the ${point} extension point`);
      const existing = list.find((m) => m.name === e.name);
      if (existing) existing.weight = e.weight ?? existing.weight;
      else list.push({ name: e.name, weight: e.weight ?? 0 });
    }
    return list.map((m) => ({ plugin: instance(m.name), weight: m.weight > 0 ? m.weight : (DEFAULT_WEIGHT.get(m.name) ?? 1) }));
  };
  const queueSorts = perPoint('queueSort');
  if (queueSorts.length !== 1) throw new InputError(`exactly one queueSort plugin must be enabled, got ${queueSorts.map((q) => q.plugin.name).join(', ') || 'none'}`);
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
  const fit = filters.find((f) => f.name === 'NodeResourcesFit');
  const fitArgs = config.pluginConfig.get('NodeResourcesFit') ?? {};
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
    fitIndex: fit !== undefined && !(Array.isArray(fitArgs.ignoredResources) && fitArgs.ignoredResources.length > 0),
    quotaCheck,
    enabled,
  };
}
