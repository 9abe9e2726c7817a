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

/** How a configured resource's amounts are read in one cycle (ResourceAllocation.fill). */
export const enum Mode {
  /** Left out: allocatable and requested 0. */
  Skip,
  NonZeroCpu,
  NonZeroMemory,
  Requested,
}

export class ResourceAllocation {
  /** Index of each configured resource in the cluster (-1 when absent). */
  readonly index: Int32Array;
  /** Per configured resource, from its name (not looked up per node): never scored (absent, or `pods`), and scalar (left out when the pod does not request it). */
  private readonly never: Uint8Array;
  private readonly scalar: Uint8Array;
  /** Per configured resource, how fill reads it for the pod requests `modesOf` (decided once per cycle, not per node). */
  private readonly modes: Uint8Array;
  /** Per configured resource, its weight in the scoring strategies' weighted mean. */
  readonly weights: Float64Array;
  private modesOf: Float64Array | null = null;

  constructor(
    readonly resources: readonly ResourceSpec[],
    readonly snapshot: Snapshot,
    readonly useRequested: boolean,
  ) {
    this.index = Int32Array.from(resources, (r) => snapshot.resources.indexOf(r.name));
    this.never = Uint8Array.from(this.index, (r) => (r < 0 || snapshot.resources[r] === 'pods' ? 1 : 0));
    this.scalar = Uint8Array.from(this.index, (r) => (r >= 0 && isScalarResource(snapshot.resources[r]!) ? 1 : 0));
    this.modes = new Uint8Array(resources.length);
    this.weights = Float64Array.from(resources, (r) => r.weight);
  }

  /** Each configured resource's Mode for these pod requests (a per-cycle plan for loops over nodes; `podRequests` must not change once passed). */
  plan(podRequests: Float64Array): Uint8Array {
    if (podRequests !== this.modesOf) this.setModes(podRequests);
    return this.modes;
  }

  /** The pod's request of each configured resource (non-zero or actual). */
  podRequests(pod: PodInfo): Float64Array {
    const s = this.snapshot;
    // A plain loop: Float64Array.from with a mapping function is V8's slow path, and this runs once or twice per cycle.
    const out = new Float64Array(this.index.length);
    for (let i = 0; i < out.length; i++) {
      const r = this.index[i]!;
      if (r < 0) out[i] = 0;
      else if (!this.useRequested && r === s.cpu) out[i] = pod.nonZeroMilliCpu;
      else if (!this.useRequested && r === s.memory) out[i] = pod.nonZeroMemory;
      else out[i] = pod.requests[r]!;
    }
    return out;
  }

  /** Decides each resource's Mode for these pod requests. */
  private setModes(podRequests: Float64Array): void {
    const s = this.snapshot;
    for (let i = 0; i < this.index.length; i++) {
      const r = this.index[i]!;
      let mode = Mode.Requested;
      if (this.never[i] === 1 || (podRequests[i] === 0 && this.scalar[i] === 1)) mode = Mode.Skip;
      else if (!this.useRequested && r === s.cpu) mode = Mode.NonZeroCpu;
      else if (!this.useRequested && r === s.memory) mode = Mode.NonZeroMemory;
      this.modes[i] = mode;
    }
    this.modesOf = podRequests;
  }

  /**
   * Fills `requested` and `allocatable` (one entry per configured resource) for
   * `node`, from the snapshot's columns; `podRequests` must not change once
   * passed (the modes are kept for it: no decision per node).
   */
  fill(node: number, podRequests: Float64Array, requested: Float64Array, allocatable: Float64Array): void {
    const s = this.snapshot;
    if (podRequests !== this.modesOf) this.setModes(podRequests);
    const allocCol = s.columns();
    const base = node * s.R;
    const modes = this.modes;
    for (let i = 0; i < modes.length; i++) {
      const mode = modes[i]!;
      requested[i] = 0;
      allocatable[i] = 0;
      if (mode === Mode.Skip) continue;
      const r = this.index[i]!;
      const alloc = allocCol[base + r]!;
      if (alloc === 0) continue;
      allocatable[i] = alloc;
      requested[i] = this.requestedOn(mode, node, r) + podRequests[i]!;
    }
  }

  /**
   * What `node` has requested of resource `r`, read as `mode` says: NodeInfo.NonZeroRequested for cpu and
   * memory (upstream's defaults for pods without requests) unless the strategy scores actual requests.
   */
  requestedOn(mode: Mode, node: number, r: number): number {
    const s = this.snapshot;
    return mode === Mode.NonZeroCpu ? s.nonZeroCpuColumn[node]! : mode === Mode.NonZeroMemory ? s.nonZeroMemoryColumn[node]! : s.requestedFast(node, r);
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
