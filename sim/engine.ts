/**
 * The engine: one run of one scheduling policy (plus any controllers) on one
 * cluster and workload.
 *
 * Time moves in one place (`run`'s loop). At each instant the engine applies
 * every event of that instant in (time, class, sequence) order — job ends,
 * then controller timers, then submissions, then policy wake-ups — and only
 * then asks the policy to decide, once. This is the template pybatsim runs
 * after every event batch; there are no epsilon steps to force progress.
 *
 * The initial jobs do not go through the heap: they are sorted by submit time,
 * so the engine merges a cursor over them with the event queue. The heap holds
 * only the events of the future that depend on decisions (ends, timers,
 * wake-ups, later submissions by controllers), which keeps it small.
 *
 * A job's life: pending → queued → running → finished | killed | failed, or
 * queued → rejected; a running job can go back to queued (preempted, or moved
 * off a failed node), and its next attempt needs `remaining` seconds.
 */
import { Cluster, type NodeSpec, type Placement } from './cluster.ts';
import type { ControlContext, Controller, SystemEvent } from './controller.ts';
import { SimulationError } from './errors.ts';
import { EventQueue } from './queue.ts';
import { PlacementStore } from './placement-store.ts';
import { JobTable, type SimJob } from './jobs.ts';
import { JOB_STATE_NAMES, JobState, type SchedulingContext, type SchedulingPolicy } from './policy.ts';
import type { Observer } from './recorder.ts';
import { checkEndInvariants, checkStepInvariants } from './invariants.ts';
import { removeFront, truncate } from './truncate.ts';

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

export class Engine {
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

  private readonly overrun: 'run' | 'cut';
  private readonly observers: readonly Observer[];
  private readonly controllers: readonly Controller[];
  private readonly invariants: 'end' | 'step';
  private readonly startAt: number | undefined;
  private readonly maxTime: number;
  private readonly maxSteps: number;
  private readonly explainSink: ((record: Record<string, unknown>) => void) | undefined;
  private readonly queue = new EventQueue();
  private placements: PlacementStore;
  /** Number of initial jobs (fed by the cursor); later ones come through the heap. */
  private readonly initialJobs: number;
  private nextSubmit = 0;
  /** Queued jobs in the order they entered the queue; entries that left are removed after each pass. */
  private readonly waiting: number[] = [];
  /** Jobs of `waiting` that left the queue (started, rejected, failed) since it was last compacted. */
  private waitingLeft = 0;
  /** Running jobs sorted by (expected end, index). */
  private readonly runningByEnd: number[] = [];
  /** Start + estimate of each running job, set at its start (the sort key of runningByEnd, read at every start and end). */
  private expectedEnd: Float64Array;
  private deciding = false;
  /** Something changed that the policy should see (jobs submitted or requeued, capacity changed). */
  private changed = false;
  /** Timers: controller index and tag per timer id (the heap argument). */
  private readonly timerOwner: number[] = [];
  private readonly timerTag: number[] = [];
  private readonly freeTimers: number[] = [];
  private readonly startedThisPass: number[] = [];
  /** Scratch for one job's per-task request (allocate and release read it and keep nothing). */
  private readonly request: Float64Array;
  private readonly ctx: SchedulingContext;
  private readonly controlContexts: ControlContext[];
  private capacityVersionSeen: number;

  constructor(options: EngineOptions) {
    this.cluster = options.cluster;
    this.policy = options.policy;
    this.jobs = new JobTable(options.jobs, this.cluster.resources);
    this.overrun = options.overrun ?? 'run';
    this.observers = options.observers ?? [];
    this.controllers = options.controllers ?? [];
    this.invariants = options.invariants ?? 'end';
    this.startAt = options.startTime;
    this.maxTime = options.maxTime ?? Infinity;
    this.maxSteps = options.maxSteps ?? Infinity;
    this.explainSink = options.explain;
    const n = this.jobs.count;
    this.initialJobs = n;
    const capacity = Math.max(16, n);
    this.state = new Uint8Array(capacity);
    this.start = new Float64Array(capacity).fill(NaN);
    this.end = new Float64Array(capacity).fill(NaN);
    this.remaining = new Float64Array(capacity);
    this.expectedEnd = new Float64Array(capacity);
    this.remaining.set(this.jobs.runtime.subarray(0, n));
    this.attempts = new Int32Array(capacity);
    this.lost = new Float64Array(capacity);
    this.interruptedWork = new Float64Array(this.cluster.resources.length);
    this.request = new Float64Array(this.cluster.resources.length);
    this.placements = new PlacementStore(capacity);
    this.counts[JobState.Pending] = n;
    this.capacityVersionSeen = this.cluster.capacityVersion;
    this.initialCapacity = Float64Array.from(this.cluster.resources, (_, r) => this.cluster.totalCapacity(r));
    this.ctx = this.makeContext();
    this.controlContexts = this.controllers.map((c, i) => this.makeControlContext(c, i));
  }

  /** Runs to the end (or to maxTime) and returns the outcome of every job. */
  run(): RunResult {
    const n = this.initialJobs;
    const queue = this.queue;
    let truncated = false;
    const startTime = this.startAt ?? (n > 0 ? this.jobs.submit[0]! : 0);
    this.now = startTime;
    this.controllers.forEach((c, i) => c.start?.(this.controlContexts[i]!));
    this.afterActions();
    // Work that controllers submitted at the start is scheduled at the start, not at the first event;
    // unless that event is at the start time too: then it belongs to the same instant, and one pass follows it.
    const first = Math.min(queue.peekTime(), n > 0 ? this.jobs.submit[0]! : Infinity);
    if (first > this.now && (this.waiting.length > 0 || this.changed)) this.decide();
    for (;;) {
      const submit = this.jobs.submit;
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
      // Apply every event of this instant, in (class, sequence) order; the cursor's submissions
      // come before submissions that controllers scheduled for the same instant.
      for (;;) {
        const qt = queue.peekTime();
        const st = this.nextSubmit < n ? this.jobs.submit[this.nextSubmit]! : Infinity;
        if (qt === t && (st !== t || queue.peekClass() < EventClass.Submit)) {
          const arg = queue.pop();
          const cls = queue.lastClass;
          if (cls === EventClass.End) this.applyEnd(arg);
          else if (cls === EventClass.Timer) this.fireTimer(arg);
          else if (cls === EventClass.Submit) this.applySubmit(arg);
          else woke = true;
        } else if (st === t) {
          this.applySubmit(this.nextSubmit++);
        } else break;
        this.events++;
      }
      if (this.waiting.length > 0 || woke || this.changed) this.decide();
      if (this.invariants === 'step') this.failOn(checkStepInvariants(this));
    }
    if (!truncated && this.counts[JobState.Queued]! > 0) {
      throw new SimulationError(
        this.policy.name,
        this.now,
        `stalled: ${this.counts[JobState.Queued]} job(s) still queued (first: ${this.jobs.ids[this.waiting[0]!]}) and nothing left to happen (no job will end, no timer or wake-up is pending); a job that can never fit must be rejected`,
      );
    }
    for (const o of this.observers) o.onFinish?.(this.now, this);
    this.failOn(checkEndInvariants(this, truncated));
    const count = this.jobs.count;
    return {
      jobs: this.jobs,
      state: this.state.subarray(0, count),
      start: this.start.subarray(0, count),
      end: this.end.subarray(0, count),
      attempts: this.attempts.subarray(0, count),
      lost: this.lost.subarray(0, count),
      interruptedWork: this.interruptedWork,
      initialCapacity: this.initialCapacity,
      capacityChanges: this.capacityChanges,
      rejectReason: this.rejectReason,
      failReason: this.failReason,
      now: this.now,
      startTime,
      steps: this.steps,
      events: this.events,
      truncated,
    };
  }

  /** Queued jobs in queue-entry order (a live array, for invariants and observers). */
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

  private advance(t: number): void {
    if (t < this.now) throw new SimulationError('engine', this.now, `time would go back to ${t}`);
    if (t > this.now) for (const o of this.observers) o.onAdvance?.(this.now, t, this);
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
    const killed = this.overrun === 'cut' && this.remaining[job]! > jobs.estimate[job]!;
    this.leaveNodes(job);
    this.setState(job, killed ? JobState.Killed : JobState.Finished);
    this.notifyEnd(job);
  }

  /** Releases a running job's resources and takes it off the running list. */
  private leaveNodes(job: number): void {
    const jobs = this.jobs;
    const req = jobs.requestInto(job, this.request);
    if (jobs.gpuCount[job]! > 0) this.cluster.release(this.placements.get(job), req, { count: jobs.gpuCount[job]!, milli: jobs.gpuMilli[job]! });
    else this.cluster.releaseRows(this.placements.rows(job), this.placements.nodeCount(job), req);
    this.placements.remove(job);
    this.removeRunning(job);
    this.releases++;
  }

  private notifyEnd(job: number): void {
    this.policy.onEnd?.(job, this.ctx);
    for (const o of this.observers) o.onEnd?.(job, this.now, this);
    for (let i = 0; i < this.controllers.length; i++) this.controllers[i]!.onJobEnd?.(job, this.controlContexts[i]!);
  }

  private fireTimer(id: number): void {
    const owner = this.timerOwner[id]!;
    const tag = this.timerTag[id]!;
    this.freeTimers.push(id);
    this.controllers[owner]!.onTimer?.(tag, this.controlContexts[owner]!);
    this.afterActions();
  }

  /** After controllers acted: note capacity changes for the metrics and the policy. */
  private afterActions(): void {
    if (this.cluster.capacityVersion !== this.capacityVersionSeen) {
      this.capacityVersionSeen = this.cluster.capacityVersion;
      const R = this.cluster.resources.length;
      const capacity = new Float64Array(R);
      for (let r = 0; r < R; r++) capacity[r] = this.cluster.totalCapacity(r);
      const last = this.capacityChanges[this.capacityChanges.length - 1];
      if (last && last.time === this.now) last.capacity = capacity;
      else this.capacityChanges.push({ time: this.now, capacity });
      this.changed = true;
      this.releases++;
    }
  }

  private decide(): void {
    this.changed = false;
    this.deciding = true;
    try {
      this.policy.schedule(this.ctx);
    } finally {
      this.deciding = false;
    }
    if (this.waitingLeft > 0) this.compactWaiting();
    // (Filled only when there are controllers.)
    if (this.startedThisPass.length > 0) {
      const started = this.startedThisPass.splice(0);
      for (const job of started) this.controllers.forEach((c, i) => c.onJobStart?.(job, this.controlContexts[i]!));
      this.afterActions();
    }
  }

  private checkDecidable(job: number, verb: string, expected: JobState = JobState.Queued): void {
    const name = this.policy.name;
    if (!this.deciding) throw new SimulationError(name, this.now, `${verb} called outside schedule()`);
    if (!Number.isInteger(job) || job < 0 || job >= this.jobs.count) {
      throw new SimulationError(name, this.now, `${verb} of job index ${job}, which does not exist`);
    }
    if (this.state[job] !== expected) {
      throw new SimulationError(
        name,
        this.now,
        `${verb} of job ${this.jobs.ids[job]}, which is not ${JOB_STATE_NAMES[expected]} (it is ${JOB_STATE_NAMES[this.state[job]!]})`,
      );
    }
  }

  private startJob(job: number, placement: Placement): void {
    this.checkDecidable(job, 'start');
    // Allocation first: a refused placement throws before anything changed.
    this.beginAttempt(job, placement, this.policy.name);
    this.setState(job, JobState.Running);
    this.waitingLeft++;
    if (this.controllers.length > 0) this.startedThisPass.push(job);
    for (const o of this.observers) o.onStart?.(job, this.now, this);
  }

  /** Allocates `placement` and begins an attempt of a job that is (now) running: times, attempt count, end event. */
  private beginAttempt(job: number, placement: Placement, source: string): void {
    const jobs = this.jobs;
    const gpu = jobs.gpuCount[job]! > 0 ? { count: jobs.gpuCount[job]!, milli: jobs.gpuMilli[job]! } : undefined;
    const devices = this.cluster.allocate(placement, jobs.requestInto(job, this.request), jobs.tasks[job]!, jobs.ids[job]!, source, this.now, gpu);
    this.placements.put(job, devices && !placement.devices ? { ...placement, devices } : placement);
    const remaining = this.remaining[job]!;
    const duration = this.overrun === 'cut' ? Math.min(remaining, jobs.estimate[job]!) : remaining;
    this.start[job] = this.now;
    this.expectedEnd[job] = this.now + jobs.estimate[job]!;
    this.end[job] = this.now + duration;
    this.attempts[job]!++;
    this.insertRunning(job);
    // A job of infinite runtime (a service, a long-running pod) has no end event: it runs until the simulation ends.
    if (this.end[job]! < Infinity) this.queue.push(this.end[job]!, EventClass.End, job);
  }

  /** Restarts a running job's attempt in place: the old attempt is interrupted, a new one begins on the same nodes. */
  private restartJob(job: number, reason: string, keptWork: number, source: string): void {
    const p = this.placements.get(job);
    const placement: Placement = p.devices
      ? { nodes: [...p.nodes], counts: [...p.counts], devices: [...p.devices] }
      : { nodes: [...p.nodes], counts: [...p.counts] };
    this.interrupt(job, keptWork);
    this.beginAttempt(job, placement, source);
    // The expected end moved: let the policy see the new state at this instant.
    this.changed = true;
    for (const o of this.observers) o.onRestart?.(job, this.now, reason, this);
  }

  private rejectJob(job: number, reason: string): void {
    this.checkDecidable(job, 'reject');
    this.setState(job, JobState.Rejected);
    this.rejectReason.set(job, reason);
    this.waitingLeft++;
    for (const o of this.observers) o.onReject?.(job, this.now, reason, this);
  }

  /** Stops a running job's attempt: counts what it occupied and what is lost, releases its nodes. */
  private interrupt(job: number, keptWork: number): void {
    const elapsed = this.now - this.start[job]!;
    const kept = Math.max(0, Math.min(keptWork, elapsed, this.remaining[job]!));
    const R = this.cluster.resources.length;
    for (let r = 0; r < R; r++) this.interruptedWork[r]! += this.jobs.total[job * R + r]! * elapsed;
    this.lost[job]! += elapsed - kept;
    this.remaining[job]! -= kept;
    this.end[job] = this.now;
    this.leaveNodes(job);
  }

  /** Puts a running job back in the queue (preemption, or a move off a failed node). */
  private requeueJob(job: number, reason: string, keptWork: number): void {
    this.interrupt(job, keptWork);
    this.setState(job, JobState.Queued);
    this.waiting.push(job);
    this.changed = true;
    this.policy.onRequeue?.(job, this.ctx);
    for (const o of this.observers) o.onRequeue?.(job, this.now, reason, this);
    this.notifyEnd(job);
  }

  private failJob(job: number, reason: string): void {
    const s = this.state[job];
    if (s === JobState.Running) this.interrupt(job, 0);
    else if (s === JobState.Queued) this.waitingLeft++;
    this.releases++;
    this.setState(job, JobState.Failed);
    this.failReason.set(job, reason);
    this.notifyEnd(job);
    if (s === JobState.Queued) this.compactWaiting();
  }

  /**
   * Removes the jobs that left from `waiting`. When they are all at its front (jobs started in
   * submit order, the common case) they go in one move, without a look at the jobs behind them.
   */
  private compactWaiting(): void {
    const waiting = this.waiting;
    const left = this.waitingLeft;
    this.waitingLeft = 0;
    let front = 0;
    while (front < left && front < waiting.length && this.state[waiting[front]!] !== JobState.Queued) front++;
    if (front === left) {
      removeFront(waiting, front);
      return;
    }
    const state = this.state;
    // A job started and preempted in the same pass is in the list twice (requeueJob pushes it again): keep its first
    // place only, marking kept jobs with a state no job has until the list is rebuilt. (Such a job is Queued at its
    // first place, so the fast path above never applies then: it stops at that place, short of `left`.)
    const KEPT = 255;
    let kept = 0;
    for (let i = 0; i < waiting.length; i++) {
      const j = waiting[i]!;
      if (state[j] === JobState.Queued) {
        state[j] = KEPT;
        waiting[kept++] = j;
      }
    }
    for (let i = 0; i < kept; i++) state[waiting[i]!] = JobState.Queued;
    truncate(waiting, kept);
  }

  private appendJob(job: SimJob): number {
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
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as { new (n: number): T })(capacity);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.state = grow(this.state);
    this.start = grow(this.start, NaN);
    this.end = grow(this.end, NaN);
    this.remaining = grow(this.remaining);
    this.expectedEnd = grow(this.expectedEnd);
    this.attempts = grow(this.attempts);
    this.lost = grow(this.lost);
    this.placements = this.placements.grown(capacity);
  }

  private expectedEndOf(job: number): number {
    return this.start[job]! + this.jobs.estimate[job]!;
  }

  /** Binary search for the position of (expected end, job) in runningByEnd. */
  private runningPosition(job: number): number {
    const ends = this.expectedEnd;
    const key = ends[job]!;
    const list = this.runningByEnd;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = list[mid]!;
      const k = ends[other]!;
      if (k < key || (k === key && other < job)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Shifting by hand: splice would allocate the array of removed elements at every start and end.
  private insertRunning(job: number): void {
    const i = this.runningPosition(job);
    const list = this.runningByEnd;
    list.push(job);
    for (let k = list.length - 1; k > i; k--) list[k] = list[k - 1]!;
    list[i] = job;
  }

  private removeRunning(job: number): void {
    const i = this.runningPosition(job);
    const list = this.runningByEnd;
    if (list[i] !== job) throw new SimulationError('engine', this.now, `running list lost job ${this.jobs.ids[job]}`);
    for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
    list.pop();
  }

  private failOn(problem: string | null): void {
    if (problem) throw new SimulationError('invariant', this.now, problem);
  }

  private emit(event: SystemEvent): void {
    for (const o of this.observers) o.onSystemEvent?.(event, this);
  }

  private makeContext(): SchedulingContext {
    const engine = this;
    return {
      get now() {
        return engine.now;
      },
      jobs: engine.jobs,
      cluster: engine.cluster,
      get releases() {
        return engine.releases;
      },
      queued: () => engine.waiting,
      running: () => engine.runningByEnd,
      state: (job) => engine.state[job] as JobState,
      startTime: (job) => engine.start[job]!,
      expectedEnd: (job) => engine.expectedEndOf(job),
      placementOf: (job) => engine.placementOf(job),
      start: (job, placement) => engine.startJob(job, placement),
      reject: (job, reason) => engine.rejectJob(job, reason),
      preempt: (job, reason) => {
        engine.checkDecidable(job, 'preempt', JobState.Running);
        engine.requeueJob(job, reason, 0);
        engine.emit({ time: engine.now, type: 'preemption', source: engine.policy.name, job: engine.jobs.ids[job]!, data: { reason } });
      },
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

  private makeControlContext(controller: Controller, index: number): ControlContext {
    const engine = this;
    const name = controller.name;
    const fail = (message: string): never => {
      throw new SimulationError(name, engine.now, message);
    };
    const checkJob = (job: number, verb: string, allowed: JobState[]) => {
      if (!Number.isInteger(job) || job < 0 || job >= engine.jobs.count) fail(`${verb} of job index ${job}, which does not exist`);
      if (!allowed.includes(engine.state[job] as JobState)) {
        fail(`${verb} of job ${engine.jobs.ids[job]}, which is ${JOB_STATE_NAMES[engine.state[job]!]}`);
      }
    };
    const checkNode = (node: number, verb: string) => {
      if (!Number.isInteger(node) || node < 0 || node >= engine.cluster.nodeCount) fail(`${verb} of node index ${node}, which does not exist`);
    };
    const notDeciding = (verb: string) => {
      if (engine.deciding) fail(`${verb} during a scheduling pass`);
    };
    return {
      get now() {
        return engine.now;
      },
      get jobs() {
        return engine.jobs;
      },
      cluster: engine.cluster,
      state: (job) => engine.state[job] as JobState,
      startTime: (job) => engine.start[job]!,
      queued: () => engine.waiting,
      running: () => engine.runningByEnd,
      placementOf: (job) => engine.placementOf(job),
      remaining: (job) => engine.remaining[job]!,
      jobsOn: (node) => {
        const found: number[] = [];
        for (const job of engine.runningByEnd) if (engine.placements.get(job).nodes.includes(node)) found.push(job);
        return found.sort((a, b) => a - b);
      },
      at: (time, tag) => {
        if (!(time >= engine.now) || !Number.isFinite(time)) fail(`timer at ${time} must be a finite time not before now`);
        const id = engine.freeTimers.pop() ?? engine.timerOwner.length;
        engine.timerOwner[id] = index;
        engine.timerTag[id] = tag;
        engine.queue.push(time, EventClass.Timer, id);
      },
      submit: (job) => {
        notDeciding('submit');
        const at = Math.max(job.submit, engine.now);
        const j = engine.appendJob(at === job.submit ? job : { ...job, submit: at });
        if (at === engine.now) {
          engine.applySubmit(j);
          engine.changed = true;
        } else engine.queue.push(at, EventClass.Submit, j);
        return j;
      },
      requeue: (job, reason, keptWork = 0) => {
        notDeciding('requeue');
        checkJob(job, 'requeue', [JobState.Running]);
        engine.requeueJob(job, reason, keptWork);
      },
      fail: (job, reason) => {
        notDeciding('fail');
        checkJob(job, 'fail', [JobState.Running, JobState.Queued]);
        engine.failJob(job, reason);
      },
      stall: (job) => {
        notDeciding('stall');
        checkJob(job, 'stall', [JobState.Running]);
        // The end event in the heap becomes stale (ends are checked against end[job]).
        engine.end[job] = Infinity;
      },
      restart: (job, reason, keptWork = 0) => {
        notDeciding('restart');
        checkJob(job, 'restart', [JobState.Running]);
        engine.restartJob(job, reason, keptWork, name);
      },
      nodeDown: (node, reason) => {
        notDeciding('nodeDown');
        checkNode(node, 'nodeDown');
        for (const job of engine.runningByEnd) {
          if (engine.placements.get(job).nodes.includes(node)) fail(`node ${engine.cluster.nodeIds[node]} still runs job ${engine.jobs.ids[job]}; requeue or fail it before taking the node down`);
        }
        engine.cluster.setUp(node, false);
        engine.emit({ time: engine.now, type: 'node-down', source: name, node: engine.cluster.nodeIds[node]!, data: { reason } });
        engine.afterActions();
      },
      nodeUp: (node, reason) => {
        notDeciding('nodeUp');
        checkNode(node, 'nodeUp');
        engine.cluster.setUp(node, true);
        engine.emit({ time: engine.now, type: 'node-up', source: name, node: engine.cluster.nodeIds[node]!, data: { reason } });
        engine.afterActions();
      },
      addNode: (spec, reason) => {
        notDeciding('addNode');
        let node: number;
        try {
          node = engine.cluster.addNode(spec);
        } catch (err) {
          return fail((err as Error).message);
        }
        engine.emit({ time: engine.now, type: 'node-added', source: name, node: spec.id, data: { reason } });
        engine.afterActions();
        return node;
      },
      setUnschedulable: (node, value) => {
        checkNode(node, 'setUnschedulable');
        engine.cluster.setUnschedulable(node, value);
        engine.changed = true;
        engine.releases++;
      },
      record: (event) => engine.emit({ ...event, time: event.time ?? engine.now, source: name }),
    };
  }
}

/** Convenience: builds an engine and runs it. */
export function simulate(options: EngineOptions): RunResult {
  return new Engine(options).run();
}

export type { NodeSpec };
