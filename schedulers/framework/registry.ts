/**
 * The default plugin set of each configuration version, and the expansion of
 * a profile (config.ts) into the plugins of each extension point, built from
 * the plugin registry (plugin-registry.ts).
 *
 * Defaults: v1 and v1beta3: the multiPoint defaults in upstream order, with
 * their score weights (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
 * InterPodAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1,
 * ImageLocality 1); v1beta2: the same plugins with the weights of that version
 * (TaintToleration 1, NodeAffinity 1, InterPodAffinity 1, PodTopologySpread 2);
 * v1beta1: likewise, with NodeResourcesFit a filter only and
 * NodeResourcesLeastAllocated (weight 1) scoring. clusterlab's GPUShare filter
 * follows NodeResourcesFit in every version.
 */
import { InputError } from '../../sim/errors.ts';
import { Cluster } from '../../sim/cluster.ts';
import { JobTable } from '../../sim/jobs.ts';
import type { ExtensionPoint, ProfileConfig } from './config.ts';
import type { ConfigVersion } from './plugin-args.ts';
import { createPlugin, frameworkPlugins, type PluginContext } from './plugin-registry.ts';
import { Snapshot } from './state.ts';
import type { Objects } from './objects.ts';
import type { ExistingJobs, StartTimeOf } from './plugins/default-preemption.ts';
import { createResourceQuota } from './plugins/resource-quota.ts';
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

/** A plugin enabled at a point, with its score weight (0: none given). */
type Weighted = { name: string; weight: number };

/**
 * The plugins of `config`, each built once on first use (one instance serves
 * every point it implements); errors name the profile's file.
 */
function pluginInstances(config: ProfileConfig, context: PluginContext, fail: (message: string) => never): (name: string) => AnyPlugin {
  const instances = new Map<string, AnyPlugin>();
  return (name) => {
    let p = instances.get(name);
    if (!p) {
      if (!frameworkPlugins.has(name)) fail(`unknown scheduler plugin ${JSON.stringify(name)}; known: ${frameworkPlugins.names().sort().join(', ')}`);
      try {
        p = createPlugin(name, config.pluginConfig.get(name) ?? {}, context);
      } catch (err) {
        // Args errors from a factory: name the file they came from.
        if (err instanceof InputError && err.location.file === undefined) fail(err.reason);
        throw err;
      }
      instances.set(name, p);
    }
    return p;
  };
}

/** multiPoint: the version's defaults, minus disabled, plus enabled (an enabled default replaces it, weight included). */
function multiPointPlugins(config: ProfileConfig): Weighted[] {
  const mp = config.plugins.multiPoint;
  const disabledAll = mp?.disabled.some((d) => d.name === '*') ?? false;
  const multi: Weighted[] = [];
  for (const d of defaultPlugins(config.version)) {
    if (disabledAll || mp?.disabled.some((x) => x.name === d.name)) continue;
    multi.push({ name: d.name, weight: d.weight ?? 0 });
  }
  for (const e of mp?.enabled ?? []) {
    const existing = multi.find((m) => m.name === e.name);
    if (existing) existing.weight = e.weight ?? 0;
    else multi.push({ name: e.name, weight: e.weight ?? 0 });
  }
  return multi;
}

/**
 * The plugins run at `point`: the multiPoint ones that implement it, minus the
 * point's disabled, plus its enabled (whose weight takes precedence over
 * multiPoint's). A weight of 0 or none is 1, as upstream's framework (getScoreWeights).
 */
function pluginsAt(point: ExtensionPoint, multi: readonly Weighted[], config: ProfileConfig, instance: (name: string) => AnyPlugin, fail: (message: string) => never): { plugin: AnyPlugin; weight: number }[] {
  const set = config.plugins[point];
  const off = set?.disabled.some((d) => d.name === '*') ?? false;
  const list: Weighted[] = [];
  for (const m of multi) {
    if (off || set?.disabled.some((d) => d.name === m.name)) continue;
    if (pointsOf(instance(m.name)).includes(point)) list.push({ ...m });
  }
  for (const e of set?.enabled ?? []) {
    const plugin = instance(e.name);
    if (!pointsOf(plugin).includes(point)) fail(`plugin ${e.name} does not implement the ${point} extension point (it implements ${pointsOf(plugin).join(', ') || 'none clusterlab runs'})`);
    const existing = list.find((m) => m.name === e.name);
    if (existing) existing.weight = e.weight ?? 0;
    else list.push({ name: e.name, weight: e.weight ?? 0 });
  }
  return list.map((m) => ({ plugin: instance(m.name), weight: m.weight > 0 ? m.weight : 1 }));
}

export function buildProfile(
  config: ProfileConfig,
  handle: Handle,
  objects: Objects,
  startTimeOf: StartTimeOf = () => 0,
  existing: ExistingJobs = () => [],
): BuiltProfile {
  const fail = (message: string): never => {
    throw new InputError(message, { file: config.file });
  };
  for (const name of config.pluginConfig.keys()) if (!frameworkPlugins.has(name)) fail(`pluginConfig for unknown plugin ${JSON.stringify(name)}`);
  const instance = pluginInstances(config, { handle, objects, startTimeOf, existing, version: config.version }, fail);
  const multi = multiPointPlugins(config);
  const at = (point: ExtensionPoint) => pluginsAt(point, multi, config, instance, fail);
  const queueSorts = at('queueSort');
  if (queueSorts.length !== 1) fail(`exactly one queueSort plugin must be enabled, got ${queueSorts.map((q) => q.plugin.name).join(', ') || 'none'}`);
  const queueSort = queueSorts[0]!.plugin as QueueSortPlugin;
  const preFilters = at('preFilter').map((x) => x.plugin as PreFilterPlugin);
  let quotaCheck: BuiltProfile['quotaCheck'] = null;
  if (objects.quotas.length > 0) {
    const quota = createResourceQuota(handle, objects);
    preFilters.unshift(quota);
    quotaCheck = quota.hopeless;
  }
  const filters = at('filter').map((x) => x.plugin as FilterPlugin);
  const scores = at('score').map((x) => ({ plugin: x.plugin as ScorePlugin, weight: x.weight }));
  const postFilters = at('postFilter').map((x) => x.plugin as unknown as PostFilterPlugin);
  const chooser = [...scores].sort((a, b) => b.weight - a.weight).find((x) => isDeviceChooser(x.plugin));
  const fit = filters.find((f) => f.name === 'NodeResourcesFit') as { ignoresResources?: boolean } | undefined;
  return {
    queueSort,
    dynamicQueue: (queueSort as { dynamic?: boolean }).dynamic === true,
    preFilters,
    filters,
    postFilters,
    scores,
    deviceChooser: chooser ? (chooser.plugin as unknown as DeviceChooser) : null,
    percentageOfNodesToScore: config.percentageOfNodesToScore,
    fitIndex: fit !== undefined && fit.ignoresResources !== true,
    quotaCheck,
    enabled: {
      queueSort: [queueSort.name],
      preFilter: preFilters.map((p) => p.name),
      filter: filters.map((p) => p.name),
      postFilter: postFilters.map((p) => p.name),
      score: scores.map((x) => `${x.plugin.name}:${x.weight}`),
    },
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
