/**
 * What an engine run takes and gives back, and the read-only view of a
 * running engine that observers and invariant checks get.
 */
import type { Cluster, ClusterView, Placement } from './cluster.ts';
import type { Controller } from './controller.ts';
import type { JobTable, SimJob } from './jobs.ts';
import type { SchedulingPolicy } from './policy.ts';
import type { SystemEvent } from './controller.ts';

/** Event classes: at one instant, ends are applied first, then controller timers, submissions, wake-ups. */
export const EventClass = { End: 0, Timer: 1, Submit: 2, Wake: 3 } as const;

export interface EngineOptions {
  cluster: Cluster;
  jobs: readonly SimJob[];
  policy: SchedulingPolicy;
  /** Processes other than the scheduler (failures, autoscalers...), in the order their timers tie-break. */
  controllers?: readonly Controller[];
  /**
   * What happens to a job that runs past its estimate: `run` lets it run to its
   * actual end (the log's runtime); `cut` kills it at the estimate (walltime).
   */
  overrun?: 'run' | 'cut';
  observers?: readonly Observer[];
  /** `end` checks the invariants once at the end; `step` after every instant as well (tests). */
  invariants?: 'end' | 'step';
  /** Time at which controllers start (default: the first submission, or 0 without jobs). */
  startTime?: number;
  /** Stop (as truncated) instead of going past this simulated time. */
  maxTime?: number;
  /** Fail the run after this many instants (a budget against runaway policies). */
  maxSteps?: number;
  /** Receives decision explanations when set. */
  explain?: (record: Record<string, unknown>) => void;
}

export interface RunResult {
  readonly jobs: JobTable;
  readonly state: Uint8Array;
  /** Start and end of each job's last attempt (NaN when it never started). */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Attempts each job began (more than 1 after preemption or a move off a failed node). */
  readonly attempts: Int32Array;
  /** Seconds of execution each job lost in interrupted attempts. */
  readonly lost: Float64Array;
  /** Per resource: Σ request × duration of interrupted attempts (occupied, not counted in the final attempts). */
  readonly interruptedWork: Float64Array;
  /** Total capacity per resource when the run started. */
  readonly initialCapacity: Float64Array;
  /** Total capacity per resource after each change, with its time (empty when capacity never changed). */
  readonly capacityChanges: readonly { time: number; capacity: Float64Array }[];
  readonly rejectReason: ReadonlyMap<number, string>;
  /** Why each failed job failed. */
  readonly failReason: ReadonlyMap<number, string>;
  /** Time of the last instant processed. */
  readonly now: number;
  /** Time at which the run started (controllers' start). */
  readonly startTime: number;
  /** Number of instants processed and of events applied (ends, timers, submissions, wake-ups). */
  readonly steps: number;
  readonly events: number;
  /** True when the run stopped at maxTime with work left. */
  readonly truncated: boolean;
}

/**
 * What observers and invariant checks may read of a running engine: the same
 * object, seen through a narrower type (nothing is copied), with no way to
 * change it. Per-job columns are indexed by job index and valid for
 * `jobs.count` entries; their backing arrays grow when controllers append jobs,
 * so read them through the view each time.
 */
export interface EngineView {
  readonly now: number;
  readonly jobs: JobTable;
  readonly cluster: ClusterView;
  /** JobState of each job. */
  readonly state: ArrayLike<number>;
  /** Start and end of each job's last attempt (NaN when it never started; Infinity for a stalled end). */
  readonly start: ArrayLike<number>;
  readonly end: ArrayLike<number>;
  /** Seconds of work each job still needs (its runtime less the work kept from interrupted attempts). */
  readonly remaining: ArrayLike<number>;
  readonly attempts: ArrayLike<number>;
  readonly lost: ArrayLike<number>;
  /** Number of jobs in each JobState. */
  readonly counts: ArrayLike<number>;
  /** Total capacity per resource when the run started. */
  readonly initialCapacity: ArrayLike<number>;
  readonly steps: number;
  readonly events: number;
  /** Queued jobs in queue-entry order (a live array). */
  queuedJobs(): readonly number[];
  /** Running jobs by expected end (a live array). */
  runningJobs(): readonly number[];
  /** Where a running job's tasks are (views valid while it runs), or undefined. */
  placementOf(job: number): Placement | undefined;
  /** A running job's placement block: nodes at [0, placementNodeCount(job)), counts after; undefined when it holds none. */
  placementRows(job: number): ArrayLike<number> | undefined;
  placementNodeCount(job: number): number;
}

/** What records a run (recorder.ts): hooks the engine calls at documented moments, each given the EngineView. */
export interface Observer {
  /** Time is about to move from `from` to `to` (> from); the state seen is the one that held during [from, to). */
  onAdvance?(from: number, to: number, engine: EngineView): void;
  /** A job was submitted at `now` and queued. */
  onSubmit?(job: number, now: number, engine: EngineView): void;
  /** A job started at `now` (its placement is allocated). */
  onStart?(job: number, now: number, engine: EngineView): void;
  /** A job ended at `now` (finished or killed); its resources are released. */
  onEnd?(job: number, now: number, engine: EngineView): void;
  /** A job was rejected at `now`. */
  onReject?(job: number, now: number, reason: string, engine: EngineView): void;
  /** A running job went back to the queue at `now` (preempted, moved off a failed node). onEnd follows. */
  onRequeue?(job: number, now: number, reason: string, engine: EngineView): void;
  /** A running job's attempt was restarted in place at `now` by a controller (it keeps its nodes). */
  onRestart?(job: number, now: number, reason: string, engine: EngineView): void;
  /** A controller or the engine reported a system event (node down, scale-up...). */
  onSystemEvent?(event: SystemEvent, engine: EngineView): void;
  /** The run is over; `now` is the time of the last instant. */
  onFinish?(now: number, engine: EngineView): void;
}
