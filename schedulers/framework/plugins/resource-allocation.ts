/**
 * The shared part of the resource scoring plugins (upstream
 * noderesources/resource_allocation.go): for each configured resource, the
 * node's allocatable amount and what would be requested with the pod on it.
 *
 * useRequested = false (the NodeResourcesFit strategies): cpu and memory use
 * the node's non-zero requested amounts plus the pod's non-zero request (100m
 * and 200 MiB for a pod that sets none). useRequested = true
 * (NodeResourcesBalancedAllocation): the actual requests.
 * An extended (scalar) resource the pod does not request is left out
 * (allocatable 0), as upstream calculateResourceAllocatableRequest does: every
 * resource but cpu, memory, ephemeral-storage and pods (gpu stands for
 * nvidia.com/gpu; hugepages-* are scalar upstream too). ephemeral-storage is
 * always scored, from the node's requested bytes; `pods` never is (upstream
 * has no case for it); nor is a resource the node does not have.
 */
import type { PodInfo } from '../pod.ts';
import type { Snapshot } from '../state.ts';

/** A resource and its weight, as in the plugin args (`resources: [{name, weight}]`). */
export interface ResourceSpec {
  name: string;
  weight: number;
}

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

export class ResourceAllocation {
  /** Index of each configured resource in the cluster (-1 when absent). */
  readonly index: Int32Array;
  /** Per configured resource, from its name (not looked up per node): never scored (absent, or `pods`), and scalar (left out when the pod does not request it). */
  private readonly never: Uint8Array;
  private readonly scalar: Uint8Array;

  constructor(
    readonly resources: readonly ResourceSpec[],
    readonly snapshot: Snapshot,
    readonly useRequested: boolean,
  ) {
    this.index = Int32Array.from(resources, (r) => snapshot.resources.indexOf(r.name));
    this.never = Uint8Array.from(this.index, (r) => (r < 0 || snapshot.resources[r] === 'pods' ? 1 : 0));
    this.scalar = Uint8Array.from(this.index, (r) => (r >= 0 && isScalarResource(snapshot.resources[r]!) ? 1 : 0));
  }

  /** The pod's request of each configured resource (non-zero or actual). */
  podRequests(pod: PodInfo): Float64Array {
    const s = this.snapshot;
    return Float64Array.from(this.index, (r) => {
      if (r < 0) return 0;
      if (!this.useRequested && r === s.cpu) return pod.nonZeroMilliCpu;
      if (!this.useRequested && r === s.memory) return pod.nonZeroMemory;
      return pod.requests[r]!;
    });
  }

  /** Fills `requested` and `allocatable` (one entry per configured resource) for `node`. */
  fill(node: number, podRequests: Float64Array, requested: Float64Array, allocatable: Float64Array): void {
    const s = this.snapshot;
    for (let i = 0; i < this.index.length; i++) {
      const r = this.index[i]!;
      requested[i] = 0;
      allocatable[i] = 0;
      if (this.never[i] === 1) continue;
      if (podRequests[i] === 0 && this.scalar[i] === 1) continue;
      const alloc = s.allocatable(node, r);
      if (alloc === 0) continue;
      let used: number;
      if (!this.useRequested && r === s.cpu) used = s.nonZeroRequestedCpu(node);
      else if (!this.useRequested && r === s.memory) used = s.nonZeroRequestedMemory(node);
      else used = s.requested(node, r);
      allocatable[i] = alloc;
      requested[i] = used + podRequests[i]!;
    }
  }
}

/** Integer division truncating toward zero, as Go's int64 `/` (operands below 2^52 stay exact). */
export function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** upstream schedutil.IsScalarResourceName, on clusterlab's names: anything but the native cpu, memory, ephemeral-storage and pods. */
export function isScalarResource(name: string): boolean {
  return name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && name !== 'pods';
}
