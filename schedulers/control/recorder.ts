/**
 * The recorder of a dynamic run: an observer that integrates the state of the
 * World, the services and the rollouts between events (the state is constant
 * between two instants, except request rates, whose integrals are exact), for
 * the summary metrics and for the extra time-series columns.
 *
 * Pieces are cut at multiples of the sample step, whether or not a time series
 * is written, so the totals are the same with and without one. When the run has
 * a TimeSeries, the recorder is attached to it as an extension (the series
 * drives the integration and collects the columns); otherwise its own onAdvance
 * does the same cutting.
 */
import type { SystemEvent } from '../../sim/controller.ts';
import type { Observer } from '../../sim/recorder.ts';
import type { SeriesExtension } from '../../sim/timeseries.ts';

/** Something measured over time: integrated piece by piece, with optional time-series columns. */
export interface Meter {
  readonly columns: readonly string[];
  /** The state held during [from, to). */
  integrate(from: number, to: number): void;
  /** The values of the bucket [start, start + length) in column order; then a new bucket starts. */
  flush(start: number, length: number): number[];
  /** The run ended at `now`: bring lazily integrated measures up to it. */
  finish?(now: number): void;
}

export class DynamicsRecorder implements Observer {
  readonly step: number;
  private readonly meters: Meter[];
  private attached = false;
  private readonly eventSink: ((event: SystemEvent) => void) | undefined;

  /**
   * `steady`: every meter's state is constant between two instants (no varying
   * request rate), so a stretch of buckets without events is one piece and one
   * repeated row (SeriesExtension.steady).
   */
  constructor(step: number, meters: Meter[], eventSink?: (event: SystemEvent) => void, private readonly steady = false) {
    if (!(step > 0)) throw new RangeError(`sample step must be positive, got ${step}`);
    this.step = step;
    this.meters = meters;
    this.eventSink = eventSink;
  }

  /** Adds a meter (before the run starts). */
  add(meter: Meter): void {
    this.meters.push(meter);
  }

  /** The extension to give the run's TimeSeries; from then on the series drives the integration. */
  extension(): SeriesExtension {
    this.attached = true;
    return {
      columns: this.meters.flatMap((m) => m.columns),
      integrate: (from, to) => this.integrate(from, to),
      flush: (start, length) => this.meters.flatMap((m) => m.flush(start, length)),
      steady: this.steady,
    };
  }

  onAdvance(from: number, to: number): void {
    if (this.attached) return;
    let t = from;
    while (t < to) {
      const until = Math.min(to, (Math.floor(t / this.step) + 1) * this.step);
      this.integrate(t, until);
      t = until;
    }
  }

  onFinish(now: number): void {
    for (const m of this.meters) m.finish?.(now);
  }

  onSystemEvent(event: SystemEvent): void {
    this.eventSink?.(event);
  }

  private integrate(from: number, to: number): void {
    for (const m of this.meters) m.integrate(from, to);
  }
}
