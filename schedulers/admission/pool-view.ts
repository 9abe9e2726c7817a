/**
 * The cluster as a tenant restricted to some node pools sees it: nodes
 * outside its pools are cordoned and hold nothing more, so any placement
 * policy, given this view, places the tenant's jobs on its pools only. The
 * totals stay the whole cluster's (placements use them as necessary
 * conditions only). `allowed` is read by node index and grows with the
 * cluster (nodes added by the autoscaler). Queries cost what the base
 * cluster's do, plus a scan of the pools' nodes for the first-fit ones.
 */
import type { ClusterView, GpuShape, Placement, Taint } from '../../sim/cluster.ts';
import { firstFitSkippingCordoned } from '../placement/first-fit.ts';

export class PoolView implements ClusterView {
  readonly unschedulable: readonly boolean[];

  constructor(
    private readonly base: ClusterView,
    private readonly allowed: (node: number) => boolean,
  ) {
    // Read by index only; a proxy keeps it O(1) per read instead of a copy per placement.
    this.unschedulable = new Proxy(base.unschedulable as boolean[], {
      get: (target, key, receiver) => (typeof key === 'string' && /^\d+$/.test(key) ? target[Number(key)]! || !allowed(Number(key)) : Reflect.get(target, key, receiver)),
    });
  }
  get resources(): readonly string[] {
    return this.base.resources;
  }
  get nodeCount(): number {
    return this.base.nodeCount;
  }
  get nodeIds(): readonly string[] {
    return this.base.nodeIds;
  }
  get labels(): readonly Readonly<Record<string, string>>[] {
    return this.base.labels;
  }
  get taints(): readonly (readonly Taint[])[] {
    return this.base.taints;
  }
  /** At least one: placements then take their paths that respect `unschedulable`. */
  get cordoned(): number {
    return this.base.cordoned + 1;
  }
  get capacityVersion(): number {
    return this.base.capacityVersion;
  }
  isUp(node: number): boolean {
    return this.base.isUp(node);
  }
  checkConsistency(): string | null {
    return this.base.checkConsistency();
  }
  devicesOn(node: number): number {
    return this.base.devicesOn(node);
  }
  deviceFree(node: number, g: number): number {
    return this.allowed(node) ? this.base.deviceFree(node, g) : 0;
  }
  capacityOf(node: number, r: number): number {
    return this.base.capacityOf(node, r);
  }
  freeOf(node: number, r: number): number {
    return this.allowed(node) ? this.base.freeOf(node, r) : 0;
  }
  totalCapacity(r: number): number {
    return this.base.totalCapacity(r);
  }
  totalFree(r: number): number {
    return this.base.totalFree(r);
  }
  tasksThatFit(node: number, req: ArrayLike<number>, gpu?: GpuShape): number {
    return this.allowed(node) ? this.base.tasksThatFit(node, req, gpu) : 0;
  }
  tasksThatFitEmpty(req: ArrayLike<number>): number {
    return this.base.tasksThatFitEmpty(req);
  }
  scanFit(req: ArrayLike<number>, from: number, visit: (node: number) => boolean): void {
    this.base.scanFit(req, from, (node) => this.allowed(node) && visit(node));
  }
  firstFit(req: ArrayLike<number>, from = 0): number {
    let found = -1;
    this.scanFit(req, from, (node) => {
      if (this.base.unschedulable[node]) return false;
      found = node;
      return true;
    });
    return found;
  }
  firstFitPlacement(req: ArrayLike<number>, tasks: number, gpu?: GpuShape): Placement | null {
    // The pool's nodes only: scanFit, unschedulable and tasksThatFit of this view leave the others out.
    return firstFitSkippingCordoned(this, req, tasks, gpu);
  }
}
