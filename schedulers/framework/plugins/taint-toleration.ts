/**
 * TaintToleration (upstream tainttoleration/taint_toleration.go).
 * Filter: every NoSchedule and NoExecute taint of the node must be tolerated;
 * otherwise "node(s) had untolerated taint {key: value}" (unresolvable).
 * Score: the number of PreferNoSchedule taints not tolerated by the pod's
 * tolerations with effect PreferNoSchedule or empty; normalized by
 * DefaultNormalizeScore reversed (fewer intolerable taints score higher).
 */
import type { Taint } from '../../../sim/cluster.ts';
import { defaultNormalizeScore } from '../normalize.ts';
import type { PodInfo, Toleration } from '../pod.ts';
import { CycleState, MAX_NODE_SCORE, SUCCESS, unresolvable, type FilterPlugin, type Handle, type ScorePlugin, type Status } from '../types.ts';

export const NAME = 'TaintToleration';

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  // An empty operator is Equal, as upstream's switch (case "", TolerationOpEqual).
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

export function createTaintToleration(handle: Handle): FilterPlugin & ScorePlugin {
  const snapshot = handle.snapshot;
  return {
    name: NAME,
    filter(_state: CycleState, pod: PodInfo, node: number): Status {
      for (const taint of snapshot.taints(node)) {
        if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
        if (!tolerated(pod.tolerations, taint)) return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
      }
      return SUCCESS;
    },
    score(_state: CycleState, pod: PodInfo, node: number): number {
      // Most nodes have no taint: 0 without looking at the pod's tolerations.
      if (snapshot.taints(node).length === 0) return 0;
      const tolerations = pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      let count = 0;
      for (const taint of snapshot.taints(node)) {
        if (taint.effect === 'PreferNoSchedule' && !tolerated(tolerations, taint)) count++;
      }
      return count;
    },
    scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly number[], count: number, out: number[]): void {
      snapshot.columns();
      if (snapshot.taintedNodes === 0) {
        // No node has a taint (the common case): every score is 0, without a look at each node.
        for (let i = 0; i < count; i++) out[i] = 0;
        return;
      }
      const taints = snapshot.cluster.taints;
      for (let i = 0; i < count; i++) {
        const node = nodes[i]!;
        out[i] = taints[node]!.length === 0 ? 0 : this.score(state, pod, node);
      }
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    },
  };
}
