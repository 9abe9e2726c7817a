/**
 * NodeAffinity (upstream nodeaffinity/node_affinity.go).
 * Filter: the pod's nodeSelector (every label equal) and its required node
 * affinity (nodeSelectorTerms ORed, each term's expressions and fields ANDed;
 * an empty term matches nothing) must match; otherwise "node(s) didn't match
 * Pod's node affinity/selector" (unresolvable).
 * Score: the sum of the weights of the preferred terms the node matches,
 * normalized by DefaultNormalizeScore; PreScore skips pods without preferred terms.
 * Args addedAffinity (upstream NodeAffinityArgs): required terms every pod must
 * also match (ANDed with its own), preferred terms added to every pod's.
 */
import { defaultNormalizeScore } from '../normalize.ts';
import type { PodInfo } from '../pod.ts';
import { parseArgs, type ConfigVersion, type NodeAffinityArgs } from '../plugin-args.ts';
import { matchesNodeSelectorTerm, parseNodeSelectorTerm, type NodeSelectorTerm } from '../selectors.ts';
import { CycleState, MAX_NODE_SCORE, SKIP, SUCCESS, unresolvable, type FilterPlugin, type Handle, type PreScorePlugin, type ScorePlugin, type Status } from '../types.ts';

export const NAME = 'NodeAffinity';
export const REASON = "node(s) didn't match Pod's node affinity/selector";

/** Whether `node` passes the pod's nodeSelector and required node affinity (also used by PodTopologySpread). */
export function requiredNodeAffinityMatches(pod: PodInfo, labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  if (pod.nodeSelector) {
    for (const [k, v] of Object.entries(pod.nodeSelector)) if (labels[k] !== v) return false;
  }
  const terms = pod.requiredNodeAffinity;
  if (terms) {
    let any = false;
    for (const t of terms) {
      if (matchesNodeSelectorTerm(t, labels, nodeName)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

/** From raw args (tests); the scheduler builds it from validated ones (nodeAffinityFrom). */
export function createNodeAffinity(handle: Handle, rawArgs: Record<string, unknown> = {}, version: ConfigVersion = 'v1'): FilterPlugin & PreScorePlugin & ScorePlugin {
  return nodeAffinityFrom(handle, parseArgs<NodeAffinityArgs>(NAME, rawArgs, version));
}

export function nodeAffinityFrom(handle: Handle, args: NodeAffinityArgs): FilterPlugin & PreScorePlugin & ScorePlugin {
  const snapshot = handle.snapshot;
  const added = args.addedAffinity;
  const where = `${NAME} args: addedAffinity`;
  const addedRequired: NodeSelectorTerm[] | null =
    added?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.map((t, i) => parseNodeSelectorTerm(t, `${where}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`)) ?? null;
  const addedPreferred = (added?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p, i) => ({
    weight: p.weight,
    term: parseNodeSelectorTerm(p.preference, `${where}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`),
  }));
  const addedMatches = (labels: Readonly<Record<string, string>>, name: string) => addedRequired === null || addedRequired.some((t) => matchesNodeSelectorTerm(t, labels, name));
  return {
    name: NAME,
    filter(_state: CycleState, pod: PodInfo, node: number): Status {
      const labels = snapshot.labels(node);
      const name = snapshot.nodeName(node);
      return requiredNodeAffinityMatches(pod, labels, name) && addedMatches(labels, name) ? SUCCESS : unresolvable(REASON);
    },
    preScore(_state: CycleState, pod: PodInfo): Status {
      return pod.preferredNodeAffinity.length === 0 && addedPreferred.length === 0 ? SKIP : SUCCESS;
    },
    score(_state: CycleState, pod: PodInfo, node: number): number {
      let sum = 0;
      const labels = snapshot.labels(node);
      const name = snapshot.nodeName(node);
      for (const p of pod.preferredNodeAffinity) if (matchesNodeSelectorTerm(p.term, labels, name)) sum += p.weight;
      for (const p of addedPreferred) if (matchesNodeSelectorTerm(p.term, labels, name)) sum += p.weight;
      return sum;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    },
  };
}
