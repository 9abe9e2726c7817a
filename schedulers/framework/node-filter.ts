/**
 * The filters of one scheduling cycle as one check per node, for the pods
 * job-fit.ts's nodeFilter serves (filters that depend only on the node:
 * node-static verdicts cached per pod shape, cordons, free resources).
 *
 * passes(node) answers "does every filter accept this node?" with a few
 * reads of typed columns and no call into a plugin: up, no node-static
 * verdict against it, not cordoned (unless the pod tolerates it), and every
 * requested resource within allocatable − requested (NodeResourcesFit's
 * inequality in upstream integer units, as plugins/node-resources-fit.ts
 * computes it). Only a node that fails goes through the filters one by one
 * in profile order (status), which names the failing plugin and its reasons:
 * the same answers as running every filter, at a fraction of the cost on the
 * nodes that pass, which are most of the nodes a cycle examines.
 */
import type { PodInfo } from './pod.ts';
import { toleratesCordon } from './plugins/node-unschedulable.ts';
import type { Snapshot } from './state.ts';
import type { Status } from './types.ts';

/** The slow path: the first failing filter's status on `node` in profile order (its plugin in failedPlugin), or null. */
export interface OrderedFilters {
  cycleFailure(node: number): Status | null;
  readonly failedPlugin: string;
}

export class NodeFilter {
  private readonly snapshot: Snapshot;
  /** The plugin whose filter failed in the last status() call. */
  failedPlugin = '';
  private slow: OrderedFilters | null = null;
  private requests: Float64Array = new Float64Array(0);
  /** The snapshot's allocatable column, fetched once per cycle (nodes do not change during one). */
  private allocCol: Float64Array = new Float64Array(0);
  /** Per node: position of the first failing node-static filter, or -1. */
  private first: Int16Array = new Int16Array(0);
  /** The resources the pod requests (> 0): the only ones NodeResourcesFit checks. */
  private readonly need: Int32Array;
  private needCount = 0;
  /** True when a cordoned node fails this pod (NodeUnschedulable enabled, taint not tolerated). */
  private cordonsFail = false;
  /** True when the check cannot be fused (a filter it does not know): passes() asks the slow path. */
  private generic = false;

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
    this.need = new Int32Array(snapshot.R);
  }

  /**
   * Sets up the check for one cycle of `pod`: `first` are the node-static
   * verdicts, `cheap` the names of the filters run every time, `withFit`
   * whether NodeResourcesFit is enabled.
   */
  reset(pod: PodInfo, first: Int16Array, cheap: readonly string[], withFit: boolean, slow: OrderedFilters): this {
    this.slow = slow;
    this.first = first;
    this.requests = pod.requests;
    this.allocCol = this.snapshot.columns();
    this.needCount = 0;
    if (withFit) for (let r = 0; r < this.snapshot.R; r++) if (pod.requests[r]! > 0) this.need[this.needCount++] = r;
    this.cordonsFail = false;
    this.generic = false;
    for (const name of cheap) {
      if (name === 'NodeUnschedulable') this.cordonsFail = this.snapshot.cluster.cordoned > 0 && !toleratesCordon(pod);
      else this.generic = true;
    }
    return this;
  }

  /** True when every filter accepts `node`. */
  passes(node: number): boolean {
    const s = this.snapshot;
    if (this.generic) return this.slow!.cycleFailure(node) === null;
    const cluster = s.cluster;
    if (!cluster.isUp(node) || this.first[node] !== -1) return false;
    if (this.cordonsFail && cluster.unschedulable[node]) return false;
    const allocCol = this.allocCol;
    const base = node * s.R;
    for (let k = 0; k < this.needCount; k++) {
      const r = this.need[k]!;
      if (this.requests[r]! > allocCol[base + r]! - s.requestedFast(node, r)) return false;
    }
    return true;
  }

  /** The first failing filter's status on `node` (null: it passes), its plugin in failedPlugin. */
  status(node: number): Status | null {
    const slow = this.slow!;
    const st = slow.cycleFailure(node);
    this.failedPlugin = st ? slow.failedPlugin : '';
    return st;
  }
}
