/**
 * One line per framework plugin, for `clusterlab policies` and docs/policies.md.
 * Kept beside registry.ts's PLUGINS (a test checks that both name the same
 * plugins) until the plugin table takes the registry shape of the other
 * policies ({name, description, params, create}).
 */
export const PLUGIN_DESCRIPTIONS: ReadonlyMap<string, string> = new Map([
  ['PrioritySort', 'queue sort: higher pod priority first, then earlier arrival (upstream)'],
  ['DominantResourceFairness', 'queue sort: smallest dominant share of the namespace first (clusterlab; Ghodsi et al. 2011)'],
  ['NodeUnschedulable', 'filter: nodes marked unschedulable, unless the pod tolerates it (upstream)'],
  ['NodeName', 'filter: the node named by spec.nodeName (upstream)'],
  ['TaintToleration', 'filter and score: taints the pod does not tolerate; fewer PreferNoSchedule taints score higher (upstream)'],
  ['NodeAffinity', 'filter and score: nodeSelector and required node affinity; preferred terms score (upstream)'],
  ['NodeResourcesFit', 'filter and score: requests fit the node; LeastAllocated, MostAllocated or RequestedToCapacityRatio score (upstream)'],
  ['GPUShare', 'filter: GPU-sharing pods fit a device (fractions of a GPU, whole GPUs) (clusterlab, after the FGD simulator)'],
  ['Open-Gpu-Share', 'the FGD simulator\'s name of GPUShare'],
  ['PodTopologySpread', 'filter and score: maxSkew of matching pods across topology domains (upstream)'],
  ['InterPodAffinity', 'filter and score: required and preferred pod affinity and anti-affinity (upstream)'],
  ['DefaultPreemption', 'post-filter: evict lower-priority pods, honouring PodDisruptionBudgets (upstream)'],
  ['NodeResourcesBalancedAllocation', 'score: balance of requested fractions across resources (upstream)'],
  ['FGDScore', 'score: least growth of expected GPU fragmentation (Weng et al. ATC 2023)'],
  ['BestFitScore', 'score: least cpu and GPU left (FGD paper baseline)'],
  ['GpuPackingScore', 'score: shared GPUs in use first, then used nodes (FGD paper baseline)'],
  ['GpuClusteringScore', 'score: pods of one GPU class together (FGD paper baseline)'],
  ['DotProductScore', 'score: dot product of free and requested cpu and GPU (FGD paper baseline)'],
  ['RandomScore', 'score: a seeded random draw (FGD paper baseline)'],
  ['NodeResourcesLeastAllocated', 'v1beta1 score: NodeResourcesFit with LeastAllocated (removed in v1beta2, as upstream)'],
  ['NodeResourcesMostAllocated', 'v1beta1 score: NodeResourcesFit with MostAllocated (removed in v1beta2, as upstream)'],
  ['RequestedToCapacityRatio', 'v1beta1 score: NodeResourcesFit with RequestedToCapacityRatio (removed in v1beta2, as upstream)'],
]);

/** Upstream plugins whose subject clusterlab does not model: accepted in a profile, no effect. */
export const NOOP_DESCRIPTION = 'accepted as upstream names it; clusterlab does not model what it checks (no effect)';
