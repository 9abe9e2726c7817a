/**
 * PodTopologySpread (upstream podtopologyspread/{filtering,scoring}.go).
 *
 * Filter (the pod's DoNotSchedule constraints): over the nodes that carry every
 * constraint's topology key and pass the constraint's node inclusion policies
 * (nodeAffinityPolicy Honor: the pod's nodeSelector/required node affinity
 * must match; nodeTaintsPolicy Honor: its NoSchedule/NoExecute taints must be
 * tolerated; upstream's defaults are Honor and Ignore),
 * count the pods matching each constraint's selector (same namespace) per
 * topology domain; a node whose domain would have skew = count + selfMatch −
 * min over domains > maxSkew fails ("node(s) didn't match pod topology spread
 * constraints"); a node without the key fails unresolvably ("... (missing
 * required label)"). With fewer domains than minDomains the minimum is 0.
 *
 * Score (ScheduleAnyway constraints; a pod with no constraints of its own gets
 * the defaults): per node Σ over constraints of count × ln(size + 2) +
 * (maxSkew − 1), size being the number of domains among the feasible nodes
 * (for kubernetes.io/hostname: the feasible nodes), counts for hostname taken
 * on the node itself; rounded; nodes missing a key are ignored (score 0).
 * Normalized as upstream: 100 × (max + min − score) / max, all 100 when max is 0.
 *
 * Default constraints (defaultingType System, as documented upstream):
 * maxSkew 3 on kubernetes.io/hostname and maxSkew 5 on
 * topology.kubernetes.io/zone, ScheduleAnyway. Upstream takes their selector
 * from the Services/ReplicaSets/StatefulSets selecting the pod; clusterlab jobs
 * have no owners, so the selector is the pod's own labels (matchLabels), and a
 * pod without labels gets no default constraints. Args (plugin-args.ts):
 * defaultConstraints (with minDomains and the inclusion policies), defaultingType
 * (System | List). A constraint's matchLabelKeys are merged into its selector
 * with the pod's own label values when the pod is read (pod.ts), as upstream.
 */
import { parseArgs, type ConfigVersion, type DefaultConstraintArgs, type PodTopologySpreadArgs } from '../plugin-args.ts';
import type { PodInfo, SpreadConstraint } from '../pod.ts';
import { matchesSelector, parseLabelSelector } from '../selectors.ts';
import { HOSTNAME, nodeLabel, ZONE } from '../topology.ts';
import { CycleState, MAX_NODE_SCORE, SKIP, SUCCESS, unresolvable, unschedulable, type FilterPlugin, type Handle, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status } from '../types.ts';
import { requiredNodeAffinityMatches } from './node-affinity.ts';
import { tolerated } from './taint-toleration.ts';

export const NAME = 'PodTopologySpread';
export const REASON = "node(s) didn't match pod topology spread constraints";
export const REASON_MISSING = "node(s) didn't match pod topology spread constraints (missing required label)";

type DefaultConstraint = Omit<DefaultConstraintArgs, 'labelSelector'>;

export const SYSTEM_DEFAULT_CONSTRAINTS: readonly DefaultConstraint[] = [
  { maxSkew: 3, topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
];

interface FilterState {
  constraints: SpreadConstraint[];
  counts: Map<string, number>[];
  min: number[];
}

interface ScoreState {
  constraints: SpreadConstraint[];
  ignored: Set<number>;
  counts: Map<string, number>[];
  weights: number[];
}

type Snap = Handle['snapshot'];

function countMatching(s: Snap, node: number, c: SpreadConstraint, ns: string): number {
  let n = 0;
  for (const e of s.podsOn(node)) if (e.pod.namespace === ns && matchesSelector(c.selector, e.pod.labels)) n += e.count;
  return n;
}

/** The pod's constraints with `when`, or the defaults for a pod that has none. */
function constraintsOf(defaults: readonly DefaultConstraint[], pod: PodInfo, when: SpreadConstraint['whenUnsatisfiable']): { list: SpreadConstraint[]; defaulted: boolean } {
  if (pod.spreadConstraints.length > 0) return { list: pod.spreadConstraints.filter((c) => c.whenUnsatisfiable === when), defaulted: false };
  const labels = Object.entries(pod.labels);
  if (labels.length === 0) return { list: [], defaulted: true };
  const selector = parseLabelSelector({ matchLabels: Object.fromEntries(labels) }, 'default constraint');
  return {
    list: defaults
      .filter((c) => c.whenUnsatisfiable === when)
      .map((c) => ({
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        whenUnsatisfiable: c.whenUnsatisfiable,
        selector,
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
        nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
      })),
    defaulted: true,
  };
}

const hasAllKeys = (s: Snap, node: number, list: readonly SpreadConstraint[]) => list.every((c) => nodeLabel(s, node, c.topologyKey) !== undefined);

/**
 * matchNodeInclusionPolicies: whether `node` takes part in constraint `c`'s
 * counts: nodeAffinityPolicy Honor (default) needs the pod's nodeSelector and
 * required node affinity to match it; nodeTaintsPolicy Honor (default Ignore)
 * needs its NoSchedule/NoExecute taints tolerated.
 */
const included = (s: Snap, c: SpreadConstraint, pod: PodInfo, node: number) =>
  (c.nodeAffinityPolicy !== 'Honor' || requiredNodeAffinityMatches(pod, s.labels(node), s.nodeName(node))) &&
  (c.nodeTaintsPolicy !== 'Honor' || s.taints(node).every((t) => (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') || tolerated(pod.tolerations, t)));

/** PreFilter: matching pods per domain of each hard constraint, over the up nodes included, and the minimum per constraint. */
function filterState(s: Snap, pod: PodInfo, list: SpreadConstraint[]): FilterState {
  const counts = list.map(() => new Map<string, number>());
  for (let node = 0; node < s.nodeCount; node++) {
    if (!s.cluster.isUp(node)) continue;
    if (!hasAllKeys(s, node, list)) continue;
    list.forEach((c, i) => {
      if (!included(s, c, pod, node)) return;
      const v = nodeLabel(s, node, c.topologyKey)!;
      counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countMatching(s, node, c, pod.namespace));
    });
  }
  const min = list.map((c, i) => {
    const m = counts[i]!;
    if (m.size < c.minDomains) return 0;
    let lo = Infinity;
    for (const v of m.values()) if (v < lo) lo = v;
    return lo === Infinity ? 0 : lo;
  });
  return { constraints: list, counts, min };
}

function filterNode(s: Snap, fs: FilterState, pod: PodInfo, node: number): Status {
  for (let i = 0; i < fs.constraints.length; i++) {
    const c = fs.constraints[i]!;
    const v = nodeLabel(s, node, c.topologyKey);
    if (v === undefined) return unresolvable(REASON_MISSING);
    const selfMatch = matchesSelector(c.selector, pod.labels) ? 1 : 0;
    const matchNum = fs.counts[i]!.get(v) ?? 0;
    if (matchNum + selfMatch - fs.min[i]! > c.maxSkew) return unschedulable(REASON);
  }
  return SUCCESS;
}

/** PreScore: the domains among the feasible nodes, their weights, and the matching pods per domain over every eligible node. */
function scoreState(s: Snap, pod: PodInfo, nodes: readonly number[], list: SpreadConstraint[], requireAll: boolean): ScoreState {
  const ignored = new Set<number>();
  const counts = list.map(() => new Map<string, number>());
  for (const node of nodes) {
    if (requireAll && !hasAllKeys(s, node, list)) {
      ignored.add(node);
      continue;
    }
    list.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME) return;
      const v = nodeLabel(s, node, c.topologyKey);
      if (v !== undefined && !counts[i]!.has(v)) counts[i]!.set(v, 0);
    });
  }
  const weights = list.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? nodes.length - ignored.size : counts[i]!.size) + 2));
  for (let node = 0; node < s.nodeCount; node++) {
    if (!s.cluster.isUp(node)) continue;
    if (!requiredNodeAffinityMatches(pod, s.labels(node), s.nodeName(node))) continue;
    if (requireAll && !hasAllKeys(s, node, list)) continue;
    list.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME || !included(s, c, pod, node)) return;
      const v = nodeLabel(s, node, c.topologyKey);
      if (v === undefined || !counts[i]!.has(v)) return;
      counts[i]!.set(v, counts[i]!.get(v)! + countMatching(s, node, c, pod.namespace));
    });
  }
  return { constraints: list, ignored, counts, weights };
}

function scoreNode(s: Snap, ss: ScoreState, pod: PodInfo, node: number): number {
  if (ss.ignored.has(node)) return 0;
  let score = 0;
  ss.constraints.forEach((c, i) => {
    const v = nodeLabel(s, node, c.topologyKey);
    if (v === undefined) return;
    const cnt = c.topologyKey === HOSTNAME ? countMatching(s, node, c, pod.namespace) : (ss.counts[i]!.get(v) ?? 0);
    score += cnt * ss.weights[i]! + (c.maxSkew - 1);
  });
  return Math.round(score);
}

function normalize(ss: ScoreState, nodes: readonly number[], scores: number[]): void {
  let min = Infinity;
  let max = 0;
  nodes.forEach((node, i) => {
    if (ss.ignored.has(node)) return;
    if (scores[i]! < min) min = scores[i]!;
    if (scores[i]! > max) max = scores[i]!;
  });
  nodes.forEach((node, i) => {
    if (ss.ignored.has(node)) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  });
}

/** From raw args (tests); the scheduler builds it from validated ones (podTopologySpreadFrom). */
export function createPodTopologySpread(handle: Handle, rawArgs: Record<string, unknown> = {}, version: ConfigVersion = 'v1'): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return podTopologySpreadFrom(handle, parseArgs<PodTopologySpreadArgs>(NAME, rawArgs, version));
}

export function podTopologySpreadFrom(handle: Handle, args: PodTopologySpreadArgs): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const s = handle.snapshot;
  const defaultingType = args.defaultingType;
  const defaults: readonly DefaultConstraint[] = defaultingType === 'List' ? args.defaultConstraints : SYSTEM_DEFAULT_CONSTRAINTS;
  const systemDefaulted = defaultingType === 'System';
  const KEY_F = `PreFilter${NAME}`;
  const KEY_S = `PreScore${NAME}`;

  return {
    name: NAME,
    preFilter(state: CycleState, pod: PodInfo): Status {
      const { list } = constraintsOf(defaults, pod, 'DoNotSchedule');
      if (list.length > 0) state.write(KEY_F, filterState(s, pod, list));
      return SUCCESS;
    },
    filter(state: CycleState, pod: PodInfo, node: number): Status {
      const fs = state.read<FilterState>(KEY_F);
      return fs ? filterNode(s, fs, pod, node) : SUCCESS;
    },
    preScore(state: CycleState, pod: PodInfo, nodes: readonly number[]): Status {
      const { list, defaulted } = constraintsOf(defaults, pod, 'ScheduleAnyway');
      if (list.length === 0) return SKIP;
      state.write(KEY_S, scoreState(s, pod, nodes, list, !defaulted || !systemDefaulted));
      return SUCCESS;
    },
    score(state: CycleState, pod: PodInfo, node: number): number {
      return scoreNode(s, state.read<ScoreState>(KEY_S)!, pod, node);
    },
    normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly number[], scores: number[]): void {
      normalize(state.read<ScoreState>(KEY_S)!, nodes, scores);
    },
  };
}
