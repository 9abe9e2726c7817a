/**
 * The pieces a batch scheduler is composed of: a queue order, a backfilling
 * algorithm and a placement. Each piece is one small interface; a config names
 * one of each (see registry.ts), never a file per combination.
 */
import type { ClusterView, Placement } from '../sim/cluster.ts';
import type { JobTable } from '../sim/jobs.ts';
import type { SchedulingContext } from '../sim/policy.ts';

/** The order in which queued jobs are considered. */
export interface QueueOrder {
  readonly name: string;
  /** True when the key depends on the current time; the queue is then re-sorted at every pass. */
  readonly dynamic: boolean;
  /** Sort key of a queued job; smaller comes first. Ties go to the earlier submit, then input order. */
  key(job: number, jobs: JobTable, now: number): number;
  /** Optional. Called at the start of every pass, before `key`, for orders that depend on the running jobs (fair share). */
  prepare?(ctx: SchedulingContext): void;
  /**
   * True when a start changes the keys of other jobs within the pass (DRF: the owner's
   * dominant share grows): the batch scheduler then calls `onStart` after each start and
   * re-sorts the jobs not yet looked at, as progressive filling does.
   */
  readonly progressive?: boolean;
  /** Optional, with `progressive`: a job of this pass just started. Must not decide. */
  onStart?(job: number, ctx: SchedulingContext): void;
}

/** Chooses the nodes for a job's tasks. */
export interface PlacementPolicy {
  readonly name: string;
  /**
   * Nodes for every task of `job` on the cluster as it is now, or null when the
   * tasks do not all fit. Must not change anything.
   */
  place(job: number, jobs: JobTable, cluster: ClusterView): Placement | null;
  /**
   * Optional. True when whether a job fits depends on more than its shape (its
   * tenant's pools and quota): the scheduler then does not skip a job because
   * a no smaller one did not fit earlier in the pass.
   */
  readonly perJob?: boolean;
  /**
   * Optional. Told when a job starts on `placement` (any job the scheduler
   * starts) and when it leaves its nodes (end, preemption, failure), so a
   * placement can keep per-node state (e.g. GPU clustering's pod classes).
   * Must not decide.
   */
  onStart?(job: number, placement: Placement, jobs: JobTable): void;
  onEnd?(job: number): void;
}

/** Decides which of the ordered queued jobs start now. */
export interface BackfillPolicy {
  readonly name: string;
  /**
   * Called once per scheduling pass with the queued jobs in priority order
   * (jobs that can never fit are already rejected). Starts jobs through
   * `ctx.start(job, place(job))`; `place` returns null when a job does not fit now.
   */
  run(ctx: SchedulingContext, ordered: readonly number[], place: (job: number) => Placement | null): void;
  /**
   * Optional. A pass after which `run` would only repeat its last decisions but for
   * `arrivals` (jobs submitted since, in queue order, already in `ordered`). The batch
   * scheduler calls it instead of `run` when all of this holds: nothing but submissions
   * happened since the last pass (ctx.releases unchanged), the queue order is static, every
   * running job's expected end is still in the future (one expected to end now or earlier
   * counts as ending now, so its release would move with the clock), the head of `ordered`
   * is a job the last pass left queued, and no decision log is kept. Then every job the last
   * pass left queued still cannot start (free resources only shrank, reservations stand), so
   * only the arrivals need a look.
   */
  runArrivals?(ctx: SchedulingContext, ordered: readonly number[], arrivals: readonly number[], place: (job: number) => Placement | null): void;
}
