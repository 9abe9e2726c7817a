/**
 * Time series of utilization, queued and running jobs, computed streaming.
 *
 * Time is cut into buckets of `step` seconds aligned on multiples of `step`
 * (the first bucket holds the first submission). For each bucket the observer
 * integrates the piecewise-constant state exactly and emits one row when the
 * bucket is complete, so memory does not depend on the run length or the
 * number of events. Event columns count what happened in the bucket.
 *
 * Values are exact time averages over the part of the bucket the run covered:
 * the whole step for every bucket but the first and the last, which are
 * averaged over [first instant, bucket end) and [bucket start, last instant).
 * One rule for both ends, and the one the extensions follow (they integrate
 * only what the run covered): nothing is assumed about the time before the
 * run began or after it ended. The run's span is in the results (the first
 * submit, summary.json `run.end_time`), so a partial bucket can be weighted.
 *
 * Columns: time (bucket start, s), utilization_<resource> (fraction of total
 * capacity in use), queued, running (average number of jobs), submitted,
 * started, ended (events in the bucket), then the columns of any extensions
 * (dynamic runs add node, service and cost columns; runs without extensions
 * keep exactly these columns).
 */
import type { EngineView } from './engine-types.ts';
import type { Observer } from './recorder.ts';
import { appendAll } from './arrays.ts';

export type TimeSeriesSink = (row: readonly number[]) => void;

/** More columns, integrated over the same pieces and buckets as the built-in ones. */
export interface SeriesExtension {
  readonly columns: readonly string[];
  /** The state held during [from, to), a piece that lies inside one bucket. */
  integrate(from: number, to: number, engine: EngineView): void;
  /** The bucket [start, start + length) is complete: its values in column order (then start a new bucket). */
  flush(start: number, length: number): number[];
  /**
   * True when, between two instants, every whole bucket has the same values and
   * integrating a piece of many buckets at once gives the totals that bucket by
   * bucket would: a long stretch without events is then one piece and one row
   * repeated (steady-stretch path of TimeSeries.onAdvance).
   */
  readonly steady?: boolean;
}

/** Whole buckets without events from which a stretch is integrated as one piece (fewer are done bucket by bucket). */
const STEADY_BUCKETS = 3;

export class TimeSeries implements Observer {
  readonly columns: readonly string[];
  private readonly step: number;
  private readonly sink: TimeSeriesSink;
  private R = 0;
  private bucket = NaN;
  /** Time of the first instant: where the run's coverage of the first bucket begins. */
  private runStart = NaN;
  /** Integrals over the current bucket: R utilizations, queued, running. */
  private area: Float64Array = new Float64Array(0);
  private submitted = 0;
  private started = 0;
  private ended = 0;
  private readonly extensions: readonly SeriesExtension[];
  /** Every extension is steady (see SeriesExtension.steady). */
  private readonly steady: boolean;

  constructor(resources: readonly string[], step: number, sink: TimeSeriesSink, extensions: readonly SeriesExtension[] = []) {
    if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`time series step must be a positive number of seconds, got ${step}`);
    this.step = step;
    this.sink = sink;
    this.R = resources.length;
    this.area = new Float64Array(this.R + 2);
    this.extensions = extensions;
    this.steady = extensions.every((e) => e.steady === true);
    this.columns = ['time', ...resources.map((r) => `utilization_${r}`), 'queued', 'running', 'submitted', 'started', 'ended', ...extensions.flatMap((e) => e.columns)];
  }

  onAdvance(from: number, to: number, engine: EngineView): void {
    this.open(from);
    let t = from;
    while (t < to) {
      // Past the first bucket boundary no event lies before `to`: a long stretch is integrated as one piece.
      if (this.steady && t > from && to - t >= STEADY_BUCKETS * this.step) {
        t = this.steadyStretch(t, to, engine);
        continue;
      }
      const bucketEnd = (this.bucket + 1) * this.step;
      const until = Math.min(to, bucketEnd);
      this.integrate(t, until, engine);
      t = until;
      if (until === bucketEnd) this.flush(bucketEnd - Math.max(this.bucket * this.step, this.runStart), this.bucket + 1);
    }
  }

  /** The state held during [from, to), a piece inside the current bucket. */
  private integrate(from: number, to: number, engine: EngineView): void {
    const cluster = engine.cluster;
    const R = this.R;
    const dt = to - from;
    for (let r = 0; r < R; r++) {
      const cap = cluster.totalCapacity(r);
      if (cap > 0) this.area[r]! += ((cap - cluster.totalFree(r)) / cap) * dt;
    }
    this.area[R]! += engine.counts[1]! * dt;
    this.area[R + 1]! += engine.counts[2]! * dt;
    for (const e of this.extensions) e.integrate(from, to, engine);
  }

  /**
   * From `t`, a bucket boundary after the last event, to `to`: the first whole
   * bucket is integrated and written as usual; the state being constant, every
   * later whole bucket has its row (but the time), so the extensions integrate
   * the rest as one piece (their totals) and its row is written again for each.
   * Returns the end of the last whole bucket.
   */
  private steadyStretch(t: number, to: number, engine: EngineView): number {
    const first = this.bucket;
    const last = first + Math.floor((to - t) / this.step);
    const restStart = (first + 1) * this.step;
    this.integrate(t, restStart, engine);
    const row = this.flush(restStart - Math.max(first * this.step, this.runStart), first + 1);
    const restEnd = last * this.step;
    for (const e of this.extensions) e.integrate(restStart, restEnd, engine);
    for (const e of this.extensions) e.flush(restStart, restEnd - restStart);
    for (let b = first + 1; b < last; b++) {
      const copy = row.slice();
      copy[0] = b * this.step;
      this.sink(copy);
    }
    this.bucket = last;
    return restEnd;
  }

  onSubmit(_job: number, now: number): void {
    this.open(now);
    this.submitted++;
  }

  onStart(_job: number, now: number): void {
    this.open(now);
    this.started++;
  }

  onEnd(_job: number, now: number): void {
    this.open(now);
    this.ended++;
  }

  onFinish(now: number): void {
    if (Number.isNaN(this.bucket)) return;
    const covered = now - Math.max(this.bucket * this.step, this.runStart);
    if (covered > 0 || this.submitted + this.started + this.ended > 0) this.flush(covered, NaN);
  }

  /** Starts the first bucket at the first event seen. */
  private open(t: number): void {
    if (Number.isNaN(this.bucket)) {
      this.bucket = Math.floor(t / this.step);
      this.runStart = t;
    }
  }

  private flush(length: number, next: number): number[] {
    const row: number[] = [this.bucket * this.step];
    for (let k = 0; k < this.R + 2; k++) row.push(length > 0 ? this.area[k]! / length : 0);
    row.push(this.submitted, this.started, this.ended);
    for (const e of this.extensions) appendAll(row, e.flush(this.bucket * this.step, length));
    this.sink(row);
    this.area.fill(0);
    this.submitted = this.started = this.ended = 0;
    this.bucket = next;
    return row;
  }
}
