/**
 * What an engine holds while it runs: the per-job columns (state, attempt
 * times, remaining work), the queued and running lists, the placements, and the
 * bookkeeping of a job entering a state. The event loop and the decisions are
 * in engine.ts (Engine extends this class); observers read it as an EngineView.
 */
import { grown } from './arrays.ts';
import type { Cluster, Placement } from './cluster.ts';
import type { SystemEvent } from './controller.ts';
import type { JobTable, SimJob } from './jobs.ts';
import { PlacementStore } from './placement-store.ts';
import type { EventQueue } from './queue.ts';
import { JobState, type SchedulingPolicy } from './policy.ts';
import { RunningList } from './running-list.ts';
import { WaitingList } from './waiting-list.ts';

export class EngineState {
  readonly cluster: Cluster;
  readonly jobs: JobTable;
  readonly policy: SchedulingPolicy;
  state: Uint8Array;
  start: Float64Array;
  end: Float64Array;
  remaining: Float64Array;
  attempts: Int32Array;
  lost: Float64Array;
  readonly interruptedWork: Float64Array;
  readonly capacityChanges: { time: number; capacity: Float64Array }[] = [];
  readonly initialCapacity: Float64Array;
  readonly rejectReason = new Map<number, string>();
  readonly failReason = new Map<number, string>();
  /** Number of jobs in each JobState. */
  readonly counts = new Int32Array(7);
  now = -Infinity;
  /** Changes other than submissions (see SchedulingContext.releases). */
  releases = 0;
  steps = 0;
  events = 0;
  placements: PlacementStore;
  /** Queued jobs in the order they entered the queue. */
  readonly waiting = new WaitingList();
  /** Running jobs sorted by (expected end, index). */
  readonly running: RunningList;
  /** Scratch for one job's per-task request (allocate and release read it and keep nothing). */
  protected readonly request: Float64Array;

  constructor(cluster: Cluster, policy: SchedulingPolicy, jobs: JobTable) {
    this.cluster = cluster;
    this.policy = policy;
    this.jobs = jobs;
    const n = jobs.count;
    const capacity = Math.max(16, n);
    this.state = new Uint8Array(capacity);
    this.start = new Float64Array(capacity).fill(NaN);
    this.end = new Float64Array(capacity).fill(NaN);
    this.remaining = new Float64Array(capacity);
    this.remaining.set(jobs.runtime.subarray(0, n));
    this.running = new RunningList(capacity);
    this.attempts = new Int32Array(capacity);
    this.lost = new Float64Array(capacity);
    this.interruptedWork = new Float64Array(cluster.resources.length);
    this.request = new Float64Array(cluster.resources.length);
    this.placements = new PlacementStore(capacity);
    this.counts[JobState.Pending] = n;
    this.initialCapacity = Float64Array.from(cluster.resources, (_, r) => cluster.totalCapacity(r));
  }

  /** Queued jobs in queue-entry order (a live array, for invariants and observers). */
  queuedJobs(): readonly number[] {
    return this.waiting.jobs;
  }

  /** Running jobs by expected end (a live array). */
  runningJobs(): readonly number[] {
    return this.running.jobs;
  }

  /** Where a running job's tasks are (views valid while it runs), or undefined. */
  placementOf(job: number): Placement | undefined {
    return this.placements.has(job) ? this.placements.get(job) : undefined;
  }

  /**
   * A running job's placement block in the store, nodes at [0, placementNodeCount(job)),
   * without building a Placement: for observers called at every start (a view
   * object per job is garbage). Undefined when it holds none; valid until the job ends.
   */
  placementRows(job: number): Int32Array | undefined {
    return this.placements.has(job) ? this.placements.rows(job) : undefined;
  }

  placementNodeCount(job: number): number {
    return this.placements.nodeCount(job);
  }

  protected setState(job: number, next: JobState): void {
    this.counts[this.state[job]!]!--;
    this.counts[next]!++;
    this.state[job] = next;
  }

  appendJob(job: SimJob): number {
    const index = this.jobs.append(job);
    if (index >= this.state.length) this.growJobs(2 * this.state.length);
    this.state[index] = JobState.Pending;
    this.start[index] = NaN;
    this.end[index] = NaN;
    this.remaining[index] = this.jobs.runtime[index]!;
    this.counts[JobState.Pending]!++;
    return index;
  }

  private growJobs(capacity: number): void {
    this.state = grown(this.state, capacity);
    this.start = grown(this.start, capacity, NaN);
    this.end = grown(this.end, capacity, NaN);
    this.remaining = grown(this.remaining, capacity);
    this.running.grow(capacity);
    this.attempts = grown(this.attempts, capacity);
    this.lost = grown(this.lost, capacity);
    this.placements = this.placements.grown(capacity);
  }

  expectedEndOf(job: number): number {
    return this.start[job]! + this.jobs.estimate[job]!;
  }

}

/**
 * The engine's checked actions, beyond its state, that the contexts it hands out
 * (scheduling-context.ts, control-context.ts) call. The Engine implements it; the
 * contexts name this type, not the Engine class, so they do not import engine.ts,
 * which imports them.
 */
export interface EngineActions {
  readonly queue: EventQueue;
  readonly explainSink: ((record: Record<string, unknown>) => void) | undefined;
  /** True while the policy decides (schedule()). */
  deciding: boolean;
  /** Something changed that the policy should see at the end of the instant. */
  changed: boolean;
  afterActions(): void;
  applySubmit(job: number): void;
  checkDecidable(job: number, verb: string, expected?: JobState): void;
  startJob(job: number, placement: Placement): void;
  restartJob(job: number, reason: string, keptWork: number, source: string): void;
  rejectJob(job: number, reason: string): void;
  requeueJob(job: number, reason: string, keptWork: number): void;
  failJob(job: number, reason: string): void;
  emit(event: SystemEvent): void;
  setTimer(time: number, owner: number, tag: number): void;
}

/** What the contexts see of the engine: its state and its checked actions. */
export type EngineInternals = EngineState & EngineActions;
