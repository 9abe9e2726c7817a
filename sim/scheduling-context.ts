/**
 * The SchedulingContext the engine hands its policy: reads of the engine's
 * state and the decisions (start, reject, preempt, wakeAt), each checked by the
 * engine before anything changes. Built once per run; `releases` is read live,
 * `now` is a field the engine sets whenever its clock moves (a getter returned
 * the time boxed in a new heap number at every read, one or more a pass).
 */
import type { EngineInternals } from './engine-state.ts';
import { EventClass } from './engine-types.ts';
import { SimulationError } from './errors.ts';
import { JobState, type SchedulingContext } from './policy.ts';

/**
 * The context, with its clock writable for the engine that owns it. A class, so
 * that `now` is a field of numbers written in place; the actions are own arrow
 * properties, so a policy may take them off the object (`const { start } = ctx`).
 */
export class LiveSchedulingContext implements SchedulingContext {
  // Initialized here, not in the constructor: a field declared bare is defined as undefined
  // first, and V8 then keeps it as a tagged slot that boxes every time written (a number each step).
  now = -Infinity;
  readonly jobs: SchedulingContext['jobs'];
  readonly cluster: SchedulingContext['cluster'];
  readonly explaining: boolean;
  readonly queued: SchedulingContext['queued'];
  readonly running: SchedulingContext['running'];
  readonly state: SchedulingContext['state'];
  readonly startTime: SchedulingContext['startTime'];
  readonly expectedEnd: SchedulingContext['expectedEnd'];
  readonly placementOf: SchedulingContext['placementOf'];
  readonly start: SchedulingContext['start'];
  readonly reject: SchedulingContext['reject'];
  readonly preempt: SchedulingContext['preempt'];
  readonly wakeAt: SchedulingContext['wakeAt'];
  readonly explain: SchedulingContext['explain'];
  private readonly engine: EngineInternals;

  constructor(engine: EngineInternals) {
    this.engine = engine;
    this.jobs = engine.jobs;
    this.cluster = engine.cluster;
    this.explaining = engine.explainSink !== undefined;
    const waiting = engine.waiting.jobs;
    const running = engine.running.jobs;
    this.queued = () => waiting;
    this.running = () => running;
    this.state = (job) => engine.state[job] as JobState;
    this.startTime = (job) => engine.start[job]!;
    this.expectedEnd = (job) => engine.expectedEndOf(job);
    this.placementOf = (job) => engine.placementOf(job);
    this.start = (job, placement) => engine.startJob(job, placement);
    this.reject = (job, reason) => engine.rejectJob(job, reason);
    this.preempt = (job, reason) => {
      engine.checkDecidable(job, 'preempt', JobState.Running);
      engine.requeueJob(job, reason, 0);
      engine.emit({ time: engine.now, type: 'preemption', source: engine.policy.name, job: engine.jobs.ids[job]!, data: { reason } });
    };
    this.wakeAt = (time) => {
      if (!engine.deciding) throw new SimulationError(engine.policy.name, engine.now, 'wakeAt called outside schedule()');
      if (!(time > engine.now) || !Number.isFinite(time)) {
        throw new SimulationError(engine.policy.name, engine.now, `wakeAt(${time}) must be a finite time after now`);
      }
      engine.queue.push(time, EventClass.Wake, -1);
    };
    this.explain = (record) => engine.explainSink?.(record);
  }

  get releases(): number {
    return this.engine.releases;
  }
}

export function makeSchedulingContext(engine: EngineInternals): LiveSchedulingContext {
  return new LiveSchedulingContext(engine);
}
