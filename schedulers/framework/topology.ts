/**
 * Node topology labels for the pod-level plugins. Every Kubernetes node has
 * the label kubernetes.io/hostname; clusterlab nodes may not carry it, so it
 * reads as the node's name when absent.
 */
import type { Snapshot } from './state.ts';

export const HOSTNAME = 'kubernetes.io/hostname';
export const ZONE = 'topology.kubernetes.io/zone';

export function nodeLabel(s: Snapshot, node: number, key: string): string | undefined {
  const v = s.labels(node)[key];
  if (v === undefined && key === HOSTNAME) return s.nodeName(node);
  return v;
}
