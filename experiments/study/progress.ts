/**
 * Progress of a study on stderr: a bar on a terminal, plain lines otherwise
 * (one per finished run, so logs of batch jobs show what ran). Timing lives
 * here and on stderr only, never in results.
 */
import cliProgress from 'cli-progress';
import { fmtDuration } from '../results/table.ts';

export interface RunEnd {
  run_id: string;
  ok: boolean;
  events?: number;
  seconds?: number;
  reason?: string;
}

export class Progress {
  private done = 0;
  private events = 0;
  private failed = 0;
  private total = 0;
  private t0 = 0;
  private bar: cliProgress.SingleBar | null = null;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly tty: boolean = Boolean(process.stderr.isTTY),
  ) {
    ignoreClosedPipe(stream);
  }

  start(total: number): void {
    this.total = total;
    this.t0 = performance.now();
    if (this.tty && total > 0) {
      this.bar = new cliProgress.SingleBar(
        { stream: this.stream, format: '{bar} {value}/{total} runs | {failed} failed | ETA {eta_text} | {rate} events/s', hideCursor: true, etaBuffer: 20 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0, { failed: 0, eta_text: '-', rate: '-' });
    }
  }

  end(run: RunEnd): void {
    this.done++;
    if (!run.ok) this.failed++;
    this.events += run.events ?? 0;
    const elapsed = (performance.now() - this.t0) / 1000;
    const eta = this.done < this.total ? fmtDuration((elapsed / this.done) * (this.total - this.done)) : '0 s';
    const rate = elapsed > 0 ? formatRate(this.events / elapsed) : '-';
    if (this.bar) this.bar.update(this.done, { failed: this.failed, eta_text: eta, rate });
    else {
      const what = run.ok ? `ok in ${(run.seconds ?? 0).toFixed(2)} s` : `FAILED: ${run.reason}`;
      this.stream.write(`[${this.done}/${this.total}] ${run.run_id} ${what} | ETA ${eta} | ${rate} events/s\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }

  /** Wall seconds since start(). */
  elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }
}

/**
 * Lets writes to `stream` fail quietly once its reader has gone (EPIPE:
 * `clusterlab run ... 2>&1 | head`), instead of the unhandled 'error' event
 * killing the process mid-study: progress and status lines are for a reader,
 * the results are in the files, and a shard must finish its runs whoever
 * watches. Installed once per stream.
 */
export function ignoreClosedPipe(stream: NodeJS.WritableStream): void {
  const marked = stream as NodeJS.WritableStream & { __clusterlabEpipe?: boolean };
  if (marked.__clusterlabEpipe) return;
  marked.__clusterlabEpipe = true;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

/** Events per second for reading: `1.23 M`, `45.6 k`, `789`. */
export function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}
