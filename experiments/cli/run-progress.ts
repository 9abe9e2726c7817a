/**
 * Progress of one long run (`simulate`, `scenario`) on a terminal: one line on
 * stderr, redrawn at most every half second, with the simulated time reached,
 * the jobs that ended, events per second and an estimate of the time left.
 * Nothing is drawn when stderr is not a terminal (logs, pipes, tests), nor for
 * a run that ends within a second. The wall clock is read here, outside the
 * engine, and nothing of it reaches a results file.
 */
import type { Engine } from '../../sim/engine.ts';
import type { Observer } from '../../sim/recorder.ts';
import { formatRate } from '../study/progress.ts';
import { fmtDuration } from '../results/table.ts';

/** Redraw at most this often, and start only after this long (a short run prints nothing). */
const REDRAW_MS = 500;
const QUIET_MS = 1000;
/** The clock is read once per this many instants, so an instant costs next to nothing. */
const CHECK_EVERY = 1024;

export interface ProgressSink {
  write(text: string): void;
  now(): number;
}

export class RunProgress implements Observer {
  private submitted = 0;
  private ended = 0;
  private calls = 0;
  private readonly t0: number;
  private lastDraw: number;
  private drawn = false;

  constructor(
    private readonly totalJobs: number,
    private readonly sink: ProgressSink = { write: (t) => void process.stderr.write(t), now: () => performance.now() },
  ) {
    this.t0 = sink.now();
    this.lastDraw = this.t0 + QUIET_MS - REDRAW_MS;
  }

  onSubmit(): void {
    this.submitted++;
  }
  onEnd(): void {
    this.ended++;
  }
  onReject(): void {
    this.ended++;
  }

  onAdvance(_from: number, to: number, engine: Engine): void {
    if (++this.calls % CHECK_EVERY !== 0) return;
    const t = this.sink.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.drawn = true;
    this.sink.write(`\r${this.line(to, engine.events, (t - this.t0) / 1000)}\x1b[K`);
  }

  onFinish(): void {
    if (this.drawn) this.sink.write('\r\x1b[K');
  }

  /** The text of the line (without the terminal's carriage return and erase). */
  line(simulated: number, events: number, elapsed: number): string {
    // Jobs that ended measure the work done; a run whose jobs never end (pods) is measured by its arrivals.
    const done = this.ended > 0 ? this.ended : this.submitted;
    const fraction = this.totalJobs > 0 ? done / this.totalJobs : 0;
    const eta = fraction > 0 && fraction < 1 ? fmtDuration((elapsed * (1 - fraction)) / fraction) : '-';
    const rate = elapsed > 0 ? events / elapsed : 0;
    const what = this.ended > 0 ? 'ended' : 'submitted';
    return `simulated ${fmtDuration(Math.max(0, simulated))} | ${done.toLocaleString('en-US')} of ${this.totalJobs.toLocaleString('en-US')} jobs ${what} | ${formatRate(rate)} events/s | ETA ${eta}`;
  }
}

/** A progress observer when stderr is a terminal, else none. */
export function progressObservers(totalJobs: number, tty = Boolean(process.stderr.isTTY)): Observer[] {
  return tty ? [new RunProgress(totalJobs)] : [];
}
