/**
 * events.csv, streamed: one row per job event in the order they happened,
 * `time,type,job,detail` with type submit, start (detail: the nodes, as
 * `node x tasks` pairs separated by spaces), end (detail: finished or killed)
 * or reject (detail: the reason). Rows go to the sink as they happen, so
 * memory does not grow with the run.
 */
import type { Engine } from '../../sim/engine.ts';
import { JOB_STATE_NAMES } from '../../sim/policy.ts';
import type { Observer } from '../../sim/recorder.ts';
import { csvRow } from './csv.ts';

export const EVENTS_HEADER = csvRow(['time', 'type', 'job', 'detail']);

export class EventsCsv implements Observer {
  constructor(private readonly write: (text: string) => void) {
    write(EVENTS_HEADER);
  }

  onSubmit(job: number, now: number, engine: Engine): void {
    this.write(csvRow([now, 'submit', engine.jobs.ids[job], null]));
  }

  onStart(job: number, now: number, engine: Engine): void {
    const p = engine.placementOf(job)!;
    // Array.from: the placement's arrays may be typed arrays, whose map() would coerce the strings to numbers.
    const nodes = Array.from(p.nodes, (n, i) => `${engine.cluster.nodeIds[n]}x${p.counts[i]}`).join(' ');
    this.write(csvRow([now, 'start', engine.jobs.ids[job], nodes]));
  }

  onEnd(job: number, now: number, engine: Engine): void {
    this.write(csvRow([now, 'end', engine.jobs.ids[job], JOB_STATE_NAMES[engine.state[job]!]]));
  }

  onReject(job: number, now: number, reason: string, engine: Engine): void {
    this.write(csvRow([now, 'reject', engine.jobs.ids[job], reason]));
  }
}
