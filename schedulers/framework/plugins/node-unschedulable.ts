/**
 * NodeUnschedulable (upstream nodeunschedulable/node_unschedulable.go): a
 * cordoned node (spec.unschedulable) takes only pods tolerating the taint
 * node.kubernetes.io/unschedulable:NoSchedule; otherwise "node(s) were
 * unschedulable" (unresolvable).
 */
import type { PodInfo } from '../pod.ts';
import { CycleState, SUCCESS, unresolvable, type FilterPlugin, type Handle, type Status } from '../types.ts';
import { tolerated } from './taint-toleration.ts';

export const NAME = 'NodeUnschedulable';
export const REASON = 'node(s) were unschedulable';
const TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

/** Whether `pod` may go to a cordoned node (it tolerates the unschedulable taint). */
export function toleratesCordon(pod: PodInfo): boolean {
  return tolerated(pod.tolerations, TAINT);
}

export function createNodeUnschedulable(handle: Handle): FilterPlugin {
  return {
    name: NAME,
    filter(_state: CycleState, pod: PodInfo, node: number): Status {
      if (!handle.snapshot.cluster.unschedulable[node]) return SUCCESS;
      return tolerated(pod.tolerations, TAINT) ? SUCCESS : unresolvable(REASON);
    },
  };
}
