/**
 * Pods bound to a node by spec.nodeName (a snapshot's running pods, the
 * DaemonSet pods the importer places). kube-scheduler never schedules them
 * (it takes only pods whose nodeName is empty); the kubelet admitted them. So
 * no filter runs: a running pod stays where the cluster put it even when a
 * rule of today would not place it there (a taint added since, a cordon,
 * affinity, spread). What the simulation still needs is what the kubelet's
 * admission checks and the engine enforces: the node exists, is up, and has
 * room for the pod's requests (upstream kubelet's resource admission: a pod
 * that does not fit its node is refused, "Insufficient cpu", "Too many pods").
 */
import type { PodInfo } from './pod.ts';
import { devicesFor } from './plugins/gpu-share.ts';
import type { Snapshot } from './state.ts';

export type BoundAdmission = { node: number; devices: number[] | undefined } | { reasons: string[] };

const nodeIndex = new WeakMap<Snapshot, Map<string, number>>();

function nodeNamed(s: Snapshot, name: string): number {
  let m = nodeIndex.get(s);
  if (!m || m.size !== s.nodeCount) {
    m = new Map();
    for (let i = 0; i < s.nodeCount; i++) m.set(s.nodeName(i), i);
    nodeIndex.set(s, m);
  }
  return m.get(name) ?? -1;
}

/** Where a bound pod (pod.nodeName set) goes, or why its node cannot take it now. */
export function admitBound(s: Snapshot, pod: PodInfo): BoundAdmission {
  const node = nodeNamed(s, pod.nodeName!);
  if (node < 0) return { reasons: [`no node ${pod.nodeName} in the cluster`] };
  if (!s.cluster.isUp(node)) return { reasons: ['node(s) were down'] };
  const reasons: string[] = [];
  for (let r = 0; r < s.R; r++) {
    const q = pod.requests[r]!;
    if (q > 0 && q > s.allocatable(node, r) - s.requested(node, r)) reasons.push(s.resources[r] === 'pods' ? 'Too many pods' : `Insufficient ${s.resources[r]}`);
  }
  if (reasons.length > 0) return { reasons };
  if (!pod.gpu) return { node, devices: undefined };
  const devices = devicesFor(pod, s, node);
  return devices ? { node, devices } : { reasons: ['Insufficient GPU devices'] };
}
