/**
 * Observers: what records a run. The engine calls each hook at a documented
 * moment with an EngineView (engine-types.ts): the engine itself, seen through
 * a type that only reads, so an observer cannot change the run it records.
 *
 * Metrics, time series and event logs are observers, so a run records only
 * what was asked for and memory stays independent of run length where the
 * observer streams its output.
 */

// The interface lives beside EngineView, which every hook receives (one file, so neither imports the other).
export type { Observer } from './engine-types.ts';
import type { EngineView, Observer } from './engine-types.ts';

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
