/**
 * NodeName (upstream nodename/node_name.go): a pod with spec.nodeName fits only
 * the node of that name: "node(s) didn't match the requested node name" (unresolvable).
 */
import type { PodInfo } from '../pod.ts';
import { CycleState, SUCCESS, unresolvable, type FilterPlugin, type Handle, type Status } from '../types.ts';

export const NAME = 'NodeName';
export const REASON = "node(s) didn't match the requested node name";

export function createNodeName(handle: Handle): FilterPlugin {
  return {
    name: NAME,
    filter(_state: CycleState, pod: PodInfo, node: number): Status {
      if (pod.nodeName === undefined || pod.nodeName === handle.snapshot.nodeName(node)) return SUCCESS;
      return unresolvable(REASON);
    },
  };
}
