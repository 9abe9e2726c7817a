/**
 * The contract between the engine and a scheduling policy.
 *
 * Policies decide; the engine applies. A policy sees the world through a
 * read-only SchedulingContext and makes decisions by calling its `start`,
 * `reject` and `wakeAt` methods. The engine validates every decision against
 * the cluster state before it changes anything; an impossible decision (a job
 * that is not queued, a placement that over-commits a node, a wake-up in the
 * past) throws a SimulationError that names the policy. A policy never mutates
 * the cluster itself, so it can be tested with a fake context.
 */
import type { ClusterView, Placement } from './cluster.ts';
import type { JobTable } from './jobs.ts';

/** Where a job is in its life. Every job is in exactly one state at any time. */
export const JobState = {
  /** Not yet submitted (its submit time is in the future). */
  Pending: 0,
  Queued: 1,
  Running: 2,
  /** Ran to the end of its runtime. */
  Finished: 3,
  /** Stopped by the system, e.g. cut at its estimate (walltime). */
  Killed: 4,
  /** Refused by the policy; it never ran. */
  Rejected: 5,
  /** Failed while running (failure models, later). */
  Failed: 6,
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];

export const JOB_STATE_NAMES = ['pending', 'queued', 'running', 'finished', 'killed', 'rejected', 'failed'] as const;

export interface SchedulingContext {
  /** Current simulated time in seconds. */
  readonly now: number;
  /** Static data of every job (submit, estimate, tasks, requests...), indexed by job index. */
  readonly jobs: JobTable;
  /** Capacities and free amounts, read-only. */
  readonly cluster: ClusterView;
  /**
   * Queued jobs in the order they entered the queue (submit order unless jobs
   * were requeued; ties by input order). The array is a snapshot
   * for this pass: a job started or rejected during the pass stays in it until
   * the pass ends, so check `state(job)` when iterating after deciding.
   */
  queued(): readonly number[];
  /** Running jobs ordered by expected end (start + estimate), ties by job index. */
  running(): readonly number[];
  state(job: number): JobState;
  /** Start time of a running or ended job. */
  startTime(job: number): number;
  /**
   * When the scheduler expects a running job to end: start + estimate. May lie in
   * the past for a job that overran its estimate (when overruns are allowed).
   */
  expectedEnd(job: number): number;
  /** Where a running job's tasks are (views valid while it runs), or undefined. */
  placementOf(job: number): Placement | undefined;
  /** Starts a queued job on `placement` now. Throws if the job is not queued or the placement does not fit. */
  start(job: number, placement: Placement): void;
  /**
   * Stops a running job and puts it back in the queue (preemption); its
   * resources are free at once and its work so far is lost. Throws if it is not running.
   */
  preempt(job: number, reason: string): void;
  /** Refuses a queued job for good ("can never fit" and the like). */
  reject(job: number, reason: string): void;
  /** Asks for `schedule` to be called again at `time` (> now) even if nothing else happens. */
  wakeAt(time: number): void;
  /**
   * Counts, from the start of the run, the changes other than submissions that can let a
   * queued job start where it could not before, or move an expected end: resources released
   * (job ends, requeues, preemptions, failures, restarts), queued jobs failed, capacity added
   * or restored, nodes cordoned or uncordoned. Unchanged since a policy's last pass, it tells
   * the policy that the only news is the jobs submitted since (batch.ts then looks only at them).
   */
  readonly releases: number;
  /** True when decisions should be explained (the run records a decision log). */
  readonly explaining: boolean;
  /** Records an explanation of a decision; ignored unless `explaining`. */
  explain(record: Record<string, unknown>): void;
}

export interface SchedulingPolicy {
  /** Name used in error messages and outputs. */
  readonly name: string;
  /**
   * Required. Called once per instant, after every event of the instant (job
   * ends, submissions, wake-ups) has been applied, when at least one job is
   * queued or a wake-up fired. Decides by calling ctx.start / reject / wakeAt.
   */
  schedule(ctx: SchedulingContext): void;
  /** Optional. Called when a job is submitted, before `schedule` at the same instant. Must not decide. */
  onSubmit?(job: number, ctx: SchedulingContext): void;
  /** Optional. Called when a running job ends (any reason, requeues included), before `schedule`. Must not decide. */
  onEnd?(job: number, ctx: SchedulingContext): void;
  /** Optional. Called when a running job goes back to the queue (preempted, or moved off a failed node). Must not decide. */
  onRequeue?(job: number, ctx: SchedulingContext): void;
}
