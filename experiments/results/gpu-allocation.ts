/**
 * gpu_allocation_at_demand: the share of the cluster's GPU capacity allocated
 * when the GPUs requested by the jobs submitted so far first reach 80 %, 90 %
 * and 100 % of that capacity, and at the end of the run, in percent (the
 * measure of the FGD paper's Fig. 9, "GPU allocation ratio" against "arrived
 * workloads in % of cluster GPU capacity", Weng et al. ATC'23).
 *
 * Conventions: requested = Σ over submitted jobs of tasks × request.gpu
 * (rejected jobs included: they arrived); allocated = capacity − free GPUs,
 * read after the scheduler's decisions at the instant where the threshold is
 * first reached (one pod per instant in fill mode, so after that pod's
 * placement). The simulator's analysis instead averages the allocation over the
 * pods whose arrived share rounds to the percent; with thousands of pods the
 * two differ by hundredths of a percent. A threshold never reached is null.
 */
import type { Engine } from '../../sim/engine.ts';
import type { Observer } from '../../sim/recorder.ts';

export const DEMAND_THRESHOLDS = [80, 90, 100] as const;

export interface GpuAllocationAtDemand {
  '80': number | null;
  '90': number | null;
  '100': number | null;
  final: number | null;
  /** Requested GPUs over the whole run, percent of capacity. */
  requested_final: number;
}

export class GpuAllocationObserver implements Observer {
  private requested = 0;
  private pending = false;
  private readonly reached = new Map<number, number>();
  private final: number | null = null;
  private gpu = -1;
  private capacity = 0;

  private init(engine: Engine): void {
    if (this.gpu >= 0 || this.capacity < 0) return;
    this.gpu = engine.cluster.resources.indexOf('gpu');
    this.capacity = this.gpu >= 0 ? engine.initialCapacity[this.gpu]! : -1;
  }

  onSubmit(job: number, _now: number, engine: Engine): void {
    this.init(engine);
    if (this.gpu < 0) return;
    const R = engine.jobs.resources.length;
    this.requested += engine.jobs.total[job * R + this.gpu]!;
    this.pending = true;
  }

  /** Time moves on: the state seen is the one after the decisions of `from`. */
  onAdvance(_from: number, _to: number, engine: Engine): void {
    this.sample(engine);
  }

  onFinish(_now: number, engine: Engine): void {
    this.init(engine);
    this.sample(engine);
    if (this.capacity > 0) this.final = this.allocated(engine);
  }

  private allocated(engine: Engine): number {
    const cap = engine.cluster.totalCapacity(this.gpu);
    return (100 * (cap - engine.cluster.totalFree(this.gpu))) / this.capacity;
  }

  private sample(engine: Engine): void {
    if (!this.pending || this.capacity <= 0) return;
    this.pending = false;
    const share = (100 * this.requested) / this.capacity;
    for (const t of DEMAND_THRESHOLDS) {
      if (!this.reached.has(t) && share >= t - 1e-9) this.reached.set(t, this.allocated(engine));
    }
  }

  /** The summary entry, or null for a cluster without GPUs. */
  result(): GpuAllocationAtDemand | null {
    if (this.capacity <= 0) return null;
    const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1e6) / 1e6);
    return {
      '80': round(this.reached.get(80)),
      '90': round(this.reached.get(90)),
      '100': round(this.reached.get(100)),
      final: round(this.final),
      requested_final: round((100 * this.requested) / this.capacity)!,
    };
  }
}
