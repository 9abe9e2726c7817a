/**
 * The engine: one run of one policy on one cluster and workload.
 *
 * Time moves in one place (`run`'s loop). At each instant the engine applies
 * every event of that instant in (time, class, sequence) order — job ends,
 * then submissions, then wake-ups — and only then asks the policy to decide,
 * once. This is the template pybatsim runs after every event batch; there are
 * no epsilon steps to force progress.
 *
 * Submissions do not go through the heap: the jobs are sorted by submit time,
 * so the engine merges a cursor over them with the event queue. The heap holds
 * only the events of the future that depend on decisions (ends, wake-ups),
 * which keeps it small (about the number of running jobs).
 */
import { Cluster, type Placement } from './cluster.ts';
import { SimulationError } from './errors.ts';
import { EventQueue } from './queue.ts';
import { PlacementStore } from './placement-store.ts';
import { JobTable, type SimJob } from './jobs.ts';
import { JobState, type SchedulingContext, type SchedulingPolicy } from './policy.ts';
import type { Observer } from './recorder.ts';
import { checkEndInvariants, checkStepInvariants } from './invariants.ts';

/** Event classes: at one instant, ends are applied before submissions, then wake-ups. */
export const EventClass = { End: 0, Submit: 1, Wake: 2 } as const;

export interface EngineOptions {
  cluster: Cluster;
  jobs: readonly SimJob[];
  policy: SchedulingPolicy;
  /**
   * What happens to a job that runs past its estimate: `run` lets it run to its
   * actual end (the log's runtime); `cut` kills it at the estimate (walltime).
   */
  overrun?: 'run' | 'cut';
  observers?: readonly Observer[];
  /** `end` checks the invariants once at the end; `step` after every instant as well (tests). */
  invariants?: 'end' | 'step';
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
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly rejectReason: ReadonlyMap<number, string>;
  /** Time of the last instant processed. */
  readonly now: number;
  /** Number of instants processed and of events applied (ends + submissions + wake-ups). */
  readonly steps: number;
  readonly events: number;
  /** True when the run stopped at maxTime with work left. */
  readonly truncated: boolean;
}

export class Engine {
  readonly cluster: Cluster;
  readonly jobs: JobTable;
  readonly policy: SchedulingPolicy;
  readonly state: Uint8Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly rejectReason = new Map<number, string>();
  /** Number of jobs in each JobState. */
  readonly counts = new Int32Array(7);
  now = -Infinity;
  steps = 0;
  events = 0;

  private readonly overrun: 'run' | 'cut';
  private readonly observers: readonly Observer[];
  private readonly invariants: 'end' | 'step';
  private readonly maxTime: number;
  private readonly maxSteps: number;
  private readonly explainSink: ((record: Record<string, unknown>) => void) | undefined;
  private readonly queue = new EventQueue();
  private readonly placements: PlacementStore;
  private nextSubmit = 0;
  /** Queued jobs in submit order; entries that left the queue are removed after each pass. */
  private readonly waiting: number[] = [];
  private waitingDirty = false;
  /** Running jobs sorted by (expected end, index). */
  private readonly runningByEnd: number[] = [];
  private deciding = false;
  private readonly ctx: SchedulingContext;

  constructor(options: EngineOptions) {
    this.cluster = options.cluster;
    this.policy = options.policy;
    this.jobs = new JobTable(options.jobs, this.cluster.resources);
    this.overrun = options.overrun ?? 'run';
    this.observers = options.observers ?? [];
    this.invariants = options.invariants ?? 'end';
    this.maxTime = options.maxTime ?? Infinity;
    this.maxSteps = options.maxSteps ?? Infinity;
    this.explainSink = options.explain;
    const n = this.jobs.count;
    this.state = new Uint8Array(n);
    this.start = new Float64Array(n).fill(NaN);
    this.end = new Float64Array(n).fill(NaN);
    this.placements = new PlacementStore(n);
    this.counts[JobState.Pending] = n;
    this.ctx = this.makeContext();
  }

  /** Runs to the end (or to maxTime) and returns the outcome of every job. */
  run(): RunResult {
    const submit = this.jobs.submit;
    const n = this.jobs.count;
    const queue = this.queue;
    let truncated = false;
    for (;;) {
      const t = Math.min(queue.peekTime(), this.nextSubmit < n ? submit[this.nextSubmit]! : Infinity);
      if (t === Infinity) break;
      if (t > this.maxTime) {
        truncated = true;
        break;
      }
      if (++this.steps > this.maxSteps) {
        throw new SimulationError('engine', this.now, `step budget of ${this.maxSteps} instants exhausted`);
      }
      this.advance(t);
      let woke = false;
      // Apply every event of this instant, in (class, sequence) order.
      for (;;) {
        const qt = queue.peekTime();
        const st = this.nextSubmit < n ? submit[this.nextSubmit]! : Infinity;
        if (qt === t && (st !== t || queue.peekClass() < EventClass.Submit)) {
          const arg = queue.pop();
          if (queue.lastClass === EventClass.End) this.applyEnd(arg);
          else woke = true;
        } else if (st === t) {
          this.applySubmit(this.nextSubmit++);
        } else break;
        this.events++;
      }
      if (this.waiting.length > 0 || woke) this.decide();
      if (this.invariants === 'step') this.failOn(checkStepInvariants(this));
    }
    if (!truncated && this.counts[JobState.Queued]! > 0) {
      throw new SimulationError(
        this.policy.name,
        this.now,
        `stalled: ${this.counts[JobState.Queued]} job(s) still queued (first: ${this.jobs.ids[this.waiting[0]!]}) with nothing running and nothing left to happen; a job that can never fit must be rejected`,
      );
    }
    for (const o of this.observers) o.onFinish?.(this.now, this);
    this.failOn(checkEndInvariants(this, truncated));
    return {
      jobs: this.jobs,
      state: this.state,
      start: this.start,
      end: this.end,
      rejectReason: this.rejectReason,
      now: this.now,
      steps: this.steps,
      events: this.events,
      truncated,
    };
  }

  /** Queued jobs in submit order (a live array, for invariants and observers). */
  queuedJobs(): readonly number[] {
    return this.waiting;
  }

  /** Running jobs by expected end (a live array). */
  runningJobs(): readonly number[] {
    return this.runningByEnd;
  }

  /** Where a running job's tasks are (views valid while it runs), or undefined. */
  placementOf(job: number): Placement | undefined {
    return this.placements.has(job) ? this.placements.get(job) : undefined;
  }

  private advance(t: number): void {
    if (t < this.now) throw new SimulationError('engine', this.now, `time would go back to ${t}`);
    if (t > this.now && this.now !== -Infinity) for (const o of this.observers) o.onAdvance?.(this.now, t, this);
    this.now = t;
  }

  private setState(job: number, next: JobState): void {
    this.counts[this.state[job]!]!--;
    this.counts[next]!++;
    this.state[job] = next;
  }

  private applySubmit(job: number): void {
    this.setState(job, JobState.Queued);
    this.waiting.push(job);
    this.policy.onSubmit?.(job, this.ctx);
    for (const o of this.observers) o.onSubmit?.(job, this.now, this);
  }

  private applyEnd(job: number): void {
    // Ends are never cancelled in the heap; an event is stale if the job is no longer running.
    if (this.state[job] !== JobState.Running || this.end[job] !== this.now) return;
    const jobs = this.jobs;
    const killed = this.overrun === 'cut' && jobs.runtime[job]! > jobs.estimate[job]!;
    this.cluster.release(this.placements.get(job), jobs.requestOf(job));
    this.placements.remove(job);
    this.removeRunning(job);
    this.setState(job, killed ? JobState.Killed : JobState.Finished);
    this.policy.onEnd?.(job, this.ctx);
    for (const o of this.observers) o.onEnd?.(job, this.now, this);
  }

  private decide(): void {
    this.deciding = true;
    try {
      this.policy.schedule(this.ctx);
    } finally {
      this.deciding = false;
    }
    if (this.waitingDirty) {
      const waiting = this.waiting;
      let kept = 0;
      for (let i = 0; i < waiting.length; i++) if (this.state[waiting[i]!] === JobState.Queued) waiting[kept++] = waiting[i]!;
      waiting.length = kept;
      this.waitingDirty = false;
    }
  }

  private checkDecidable(job: number, verb: string): void {
    const name = this.policy.name;
    if (!this.deciding) throw new SimulationError(name, this.now, `${verb} called outside schedule()`);
    if (!Number.isInteger(job) || job < 0 || job >= this.jobs.count) {
      throw new SimulationError(name, this.now, `${verb} of job index ${job}, which does not exist`);
    }
    if (this.state[job] !== JobState.Queued) {
      throw new SimulationError(
        name,
        this.now,
        `${verb} of job ${this.jobs.ids[job]}, which is not queued (it is ${['pending', 'queued', 'running', 'finished', 'killed', 'rejected', 'failed'][this.state[job]!]})`,
      );
    }
  }

  private startJob(job: number, placement: Placement): void {
    this.checkDecidable(job, 'start');
    const jobs = this.jobs;
    this.cluster.allocate(placement, jobs.requestOf(job), jobs.tasks[job]!, `job ${jobs.ids[job]}`, this.policy.name, this.now);
    this.placements.put(job, placement);
    const duration = this.overrun === 'cut' ? Math.min(jobs.runtime[job]!, jobs.estimate[job]!) : jobs.runtime[job]!;
    this.start[job] = this.now;
    this.end[job] = this.now + duration;
    this.setState(job, JobState.Running);
    this.waitingDirty = true;
    this.insertRunning(job);
    // A job of infinite runtime (a service, a long-running pod) has no end event: it runs until the simulation ends.
    if (this.end[job]! < Infinity) this.queue.push(this.end[job]!, EventClass.End, job);
    for (const o of this.observers) o.onStart?.(job, this.now, this);
  }

  private rejectJob(job: number, reason: string): void {
    this.checkDecidable(job, 'reject');
    this.setState(job, JobState.Rejected);
    this.rejectReason.set(job, reason);
    this.waitingDirty = true;
    for (const o of this.observers) o.onReject?.(job, this.now, reason, this);
  }

  private expectedEndOf(job: number): number {
    return this.start[job]! + this.jobs.estimate[job]!;
  }

  /** Binary search for the position of (expected end, job) in runningByEnd. */
  private runningPosition(job: number): number {
    const key = this.expectedEndOf(job);
    const list = this.runningByEnd;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = list[mid]!;
      const k = this.expectedEndOf(other);
      if (k < key || (k === key && other < job)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertRunning(job: number): void {
    this.runningByEnd.splice(this.runningPosition(job), 0, job);
  }

  private removeRunning(job: number): void {
    const i = this.runningPosition(job);
    if (this.runningByEnd[i] !== job) throw new SimulationError('engine', this.now, `running list lost job ${this.jobs.ids[job]}`);
    this.runningByEnd.splice(i, 1);
  }

  private failOn(problem: string | null): void {
    if (problem) throw new SimulationError('invariant', this.now, problem);
  }

  private makeContext(): SchedulingContext {
    const engine = this;
    return {
      get now() {
        return engine.now;
      },
      jobs: engine.jobs,
      cluster: engine.cluster,
      queued: () => engine.waiting,
      running: () => engine.runningByEnd,
      state: (job) => engine.state[job] as JobState,
      startTime: (job) => engine.start[job]!,
      expectedEnd: (job) => engine.expectedEndOf(job),
      start: (job, placement) => engine.startJob(job, placement),
      reject: (job, reason) => engine.rejectJob(job, reason),
      wakeAt: (time) => {
        if (!engine.deciding) throw new SimulationError(engine.policy.name, engine.now, 'wakeAt called outside schedule()');
        if (!(time > engine.now) || !Number.isFinite(time)) {
          throw new SimulationError(engine.policy.name, engine.now, `wakeAt(${time}) must be a finite time after now`);
        }
        engine.queue.push(time, EventClass.Wake, -1);
      },
      explaining: engine.explainSink !== undefined,
      explain: (record) => engine.explainSink?.(record),
    };
  }
}

/** Convenience: builds an engine and runs it. */
export function simulate(options: EngineOptions): RunResult {
  return new Engine(options).run();
}
