/**
 * Observers: what records a run. The engine calls each hook at a documented
 * moment with an EngineView (engine-types.ts): the engine itself, seen through
 * a type that only reads, so an observer cannot change the run it records.
 *
 * Metrics, time series and event logs are observers, so a run records only
 * what was asked for and memory stays independent of run length where the
 * observer streams its output.
 */
import type { SystemEvent } from './controller.ts';
import type { EngineView } from './engine-types.ts';

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

/** One line per job event, in the order they happened; for small runs and debugging. */
export interface EventRecord {
  time: number;
  type: 'submit' | 'start' | 'end' | 'reject';
  job: string;
  detail?: string;
}

/** Keeps every job event in memory (use for tests and small runs only). */
export class EventLog implements Observer {
  readonly records: EventRecord[] = [];
  onSubmit(job: number, now: number, engine: EngineView): void {
    this.records.push({ time: now, type: 'submit', job: engine.jobs.ids[job]! });
  }
  onStart(job: number, now: number, engine: EngineView): void {
    const p = engine.placementOf(job)!;
    // Array.from: stored placements are typed arrays, whose map() would turn the names into numbers.
    const nodes = Array.from(p.nodes, (n, i) => `${engine.cluster.nodeIds[n]}x${p.counts[i]}`).join(' ');
    this.records.push({ time: now, type: 'start', job: engine.jobs.ids[job]!, detail: nodes });
  }
  onEnd(job: number, now: number, engine: EngineView): void {
    this.records.push({ time: now, type: 'end', job: engine.jobs.ids[job]! });
  }
  onReject(job: number, now: number, reason: string, engine: EngineView): void {
    this.records.push({ time: now, type: 'reject', job: engine.jobs.ids[job]!, detail: reason });
  }
}
