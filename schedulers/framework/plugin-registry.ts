/**
 * The framework scheduler's plugins by name, a registry of the shape every
 * policy kind shares (control/registry.ts): a description, the args schema
 * (`params`, as KubeSchedulerConfiguration v1 spells them) and a factory
 * `create(args, context)` taking the validated args and what a plugin may
 * need from the scheduler (PluginContext).
 *
 * Upstream plugins' args differ between configuration versions in places
 * (plugin-args.ts argsSchema); pluginArgs() gives the schema of a version.
 * v1beta1 names map to today's plugins: NodeResourcesLeastAllocated /
 * NodeResourcesMostAllocated / RequestedToCapacityRatio are NodeResourcesFit
 * scoring with that strategy (removed in v1beta2, as upstream); Open-Gpu-Share
 * (the FGD simulator's filter) is GPUShare. Upstream plugins for what
 * clusterlab does not model (volumes, ports, images, binding) are accepted
 * and do nothing.
 */
import { z } from 'zod';
import { NO_PARAMS, PolicyRegistry, type PolicyEntry } from '../control/registry.ts';
import type { Objects } from './objects.ts';
import { argsSchema, parseArgs, type ConfigVersion, type FitArgs } from './plugin-args.ts';
import { balancedAllocationFrom } from './plugins/balanced-allocation.ts';
import { defaultPreemptionFrom, type ExistingJobs, type StartTimeOf } from './plugins/default-preemption.ts';
import { createDominantResourceFairness } from './plugins/dominant-resource-fairness.ts';
import { createGpuShare } from './plugins/gpu-share.ts';
import { createBestFitScore, createDotProductScore, createFgdScore, createGpuClusteringScore, createGpuPackingScore, createRandomScore } from './plugins/gpu-sharing-scores.ts';
import { interPodAffinityFrom } from './plugins/inter-pod-affinity.ts';
import { nodeAffinityFrom } from './plugins/node-affinity.ts';
import { createNodeName } from './plugins/node-name.ts';
import { nodeResourcesFitFrom } from './plugins/node-resources-fit.ts';
import { createNodeUnschedulable } from './plugins/node-unschedulable.ts';
import { podTopologySpreadFrom } from './plugins/pod-topology-spread.ts';
import { createPrioritySort } from './plugins/priority-sort.ts';
import { createTaintToleration } from './plugins/taint-toleration.ts';
import type { AnyPlugin, Handle } from './types.ts';

/** What a plugin's factory may use besides its args. */
export interface PluginContext {
  handle: Handle;
  objects: Objects;
  startTimeOf: StartTimeOf;
  /** Jobs queued or running now (the pods that exist, for PodDisruptionBudgets). */
  existing: ExistingJobs;
  version: ConfigVersion;
}

export type PluginEntry = PolicyEntry<any, AnyPlugin, PluginContext>;

export const frameworkPlugins = new PolicyRegistry<AnyPlugin, PluginContext>({
  kind: 'framework-plugin',
  label: 'scheduler plugin',
  chosenBy: 'a KubeSchedulerConfiguration profile (`simulate --scheduler-config`)',
});

/** An entry whose args are upstream's (plugin-args.ts), v1's as its params; a plugin without args: NO_PARAMS. */
const plugin = (name: string, description: string, create: (args: any, c: PluginContext) => AnyPlugin, example?: Record<string, unknown>): PluginEntry => ({
  name,
  description,
  params: argsSchema(name, 'v1') ?? NO_PARAMS,
  ...(example ? { example } : {}),
  create,
});

/** NodeResourcesFit; in v1beta1 a filter only (scoring was the plugins below). */
const fit = (args: FitArgs, c: PluginContext): AnyPlugin => {
  const p = nodeResourcesFitFrom(c.handle, args);
  if (c.version !== 'v1beta1') return p;
  const filterOnly = { name: p.name, filter: p.filter.bind(p), strategy: p.strategy, ignoresResources: p.ignoresResources };
  return filterOnly;
};
/** The v1beta1 scoring plugins: NodeResourcesFit's score with their args (plugin-args.ts maps them), no filter. */
const fitScore = (args: FitArgs, c: PluginContext): AnyPlugin => {
  const p = nodeResourcesFitFrom(c.handle, args);
  return { name: p.name, score: p.score.bind(p) };
};

for (const entry of [
  plugin('PrioritySort', 'queue sort: higher pod priority first, then earlier arrival (upstream)', () => createPrioritySort()),
  plugin('DominantResourceFairness', 'queue sort: smallest dominant share of the namespace first (clusterlab; Ghodsi et al. 2011)', (_a, c) => createDominantResourceFairness(c.handle)),
  plugin('NodeUnschedulable', 'filter: nodes marked unschedulable, unless the pod tolerates it (upstream)', (_a, c) => createNodeUnschedulable(c.handle)),
  plugin('NodeName', 'filter: the node named by spec.nodeName (upstream)', (_a, c) => createNodeName(c.handle)),
  plugin('TaintToleration', 'filter and score: taints the pod does not tolerate; fewer PreferNoSchedule taints score higher (upstream)', (_a, c) => createTaintToleration(c.handle)),
  plugin('NodeAffinity', 'filter and score: nodeSelector and required node affinity; preferred terms score (upstream)', (a, c) => nodeAffinityFrom(c.handle, a)),
  plugin('NodeResourcesFit', 'filter and score: requests fit the node; LeastAllocated, MostAllocated or RequestedToCapacityRatio score (upstream)', fit),
  plugin('GPUShare', 'filter: GPU-sharing pods fit a device (fractions of a GPU, whole GPUs) (clusterlab, after the FGD simulator)', (_a, c) => createGpuShare(c.handle)),
  plugin('Open-Gpu-Share', "the FGD simulator's name of GPUShare", (_a, c) => createGpuShare(c.handle)),
  plugin('PodTopologySpread', 'filter and score: maxSkew of matching pods across topology domains (upstream)', (a, c) => podTopologySpreadFrom(c.handle, a)),
  plugin('InterPodAffinity', 'filter and score: required and preferred pod affinity and anti-affinity (upstream)', (a, c) => interPodAffinityFrom(c.handle, a, c.objects)),
  plugin('DefaultPreemption', 'post-filter: evict lower-priority pods, honouring PodDisruptionBudgets (upstream)', (a, c) => defaultPreemptionFrom(c.handle, c.objects, c.startTimeOf, a, c.existing)),
  plugin('NodeResourcesBalancedAllocation', 'score: balance of requested fractions across resources (upstream)', (a, c) => balancedAllocationFrom(c.handle, a)),
  plugin('FGDScore', 'score: least growth of expected GPU fragmentation (Weng et al. ATC 2023)', (_a, c) => createFgdScore(c.handle)),
  plugin('BestFitScore', 'score: least cpu and GPU left (FGD paper baseline)', (_a, c) => createBestFitScore(c.handle)),
  plugin('GpuPackingScore', 'score: shared GPUs in use first, then used nodes (FGD paper baseline)', (_a, c) => createGpuPackingScore(c.handle)),
  plugin('GpuClusteringScore', 'score: pods of one GPU class together (FGD paper baseline)', (_a, c) => createGpuClusteringScore(c.handle)),
  plugin('DotProductScore', 'score: dot product of free and requested cpu and GPU (FGD paper baseline)', (_a, c) => createDotProductScore(c.handle)),
  plugin('RandomScore', 'score: a seeded random draw (FGD paper baseline)', (_a, c) => createRandomScore(c.handle)),
  plugin('NodeResourcesLeastAllocated', 'v1beta1 score: NodeResourcesFit with LeastAllocated (removed in v1beta2, as upstream)', fitScore),
  plugin('NodeResourcesMostAllocated', 'v1beta1 score: NodeResourcesFit with MostAllocated (removed in v1beta2, as upstream)', fitScore),
  plugin('RequestedToCapacityRatio', 'v1beta1 score: NodeResourcesFit with RequestedToCapacityRatio (removed in v1beta2, as upstream)', fitScore, {
    shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }],
  }),
]) frameworkPlugins.register(entry);

/** Upstream plugins for what clusterlab does not model: accepted, no effect, args unchecked. */
const NOOP_PLUGINS: ReadonlySet<string> = new Set([
  'NodePorts', 'VolumeRestrictions', 'NodeVolumeLimits', 'EBSLimits', 'GCEPDLimits', 'AzureDiskLimits', 'VolumeBinding', 'VolumeZone',
  'ImageLocality', 'DefaultBinder', 'SchedulingGates', 'DynamicResources', 'NodePreferAvoidPods', 'Simon', 'ServiceAffinity', 'NodeLabel',
]);
/** Any args, unchecked. */
const ANY_ARGS = z.looseObject({});
for (const name of NOOP_PLUGINS) {
  frameworkPlugins.register({ name, description: 'accepted as upstream names it; clusterlab does not model what it checks (no effect)', params: ANY_ARGS, create: () => ({ name }) });
}

/** The args schema of plugin `name` in configuration `version` (upstream's differ between versions in places). */
export function pluginArgs(name: string, version: ConfigVersion): z.ZodType {
  return argsSchema(name, version) ?? frameworkPlugins.get(name).params;
}

/** Builds plugin `name` from raw args: validated against its version's schema (an InputError "<plugin> args: <field>: <problem>"). */
export function createPlugin(name: string, raw: Record<string, unknown>, context: PluginContext): AnyPlugin {
  return frameworkPlugins.get(name).create(parseArgs(name, raw, context.version, pluginArgs(name, context.version)), context);
}

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
