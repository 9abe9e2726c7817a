/**
 * The SchedulingContext the engine hands its policy: reads of the engine's
 * state and the decisions (start, reject, preempt, wakeAt), each checked by the
 * engine before anything changes. Built once per run; `now` and `releases` are
 * read live.
 */
import type { EngineInternals } from './engine-state.ts';
import { EventClass } from './engine-types.ts';
import { SimulationError } from './errors.ts';
import { JobState, type SchedulingContext } from './policy.ts';

export function makeSchedulingContext(engine: EngineInternals): SchedulingContext {
  const waiting = engine.waiting.jobs;
  const running = engine.running.jobs;
  return {
    get now() {
      return engine.now;
    },
    jobs: engine.jobs,
    cluster: engine.cluster,
    get releases() {
      return engine.releases;
    },
    queued: () => waiting,
    running: () => running,
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
