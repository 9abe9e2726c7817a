/**
 * Runs specs in a small pool of simulation workers (comlink), reporting
 * progress and each result as it arrives. Cancel terminates the workers: a run
 * is one synchronous loop that no message can interrupt.
 */
import * as Comlink from 'comlink';
import type { BrowserTrace } from '../worker/browser-trace.ts';
import type { SimWorker } from '../worker/sim.worker.ts';
import type { BrowserRun, RunSpec } from '../worker/simulate-run.ts';

export interface PoolEvents {
  progress(spec: RunSpec, fraction: number): void;
  result(spec: RunSpec, run: BrowserRun): void;
}

export class RunnerPool {
  private workers: { worker: Worker; api: Comlink.Remote<SimWorker> }[] = [];
  private cancelled = false;
  private abort: ((err: Error) => void) | null = null;

  constructor(private readonly size = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1))) {}

  /** Runs every spec; resolves when all are done, rejects on the first failure or on cancel. */
  async run(trace: BrowserTrace, specs: readonly RunSpec[], events: PoolEvents): Promise<void> {
    this.cancelled = false;
    const queue = [...specs];
    const n = Math.min(this.size, specs.length);
    while (this.workers.length < n) {
      const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module', name: 'clusterlab-simulation' });
      this.workers.push({ worker, api: Comlink.wrap<SimWorker>(worker) });
    }
    const aborted = new Promise<never>((_, reject) => (this.abort = reject));
    const all = Promise.all(
      this.workers.slice(0, n).map(async ({ api }) => {
        for (let spec = queue.shift(); spec; spec = queue.shift()) {
          const s = spec;
          const result = await api.simulate(trace, s, Comlink.proxy((f: number) => events.progress(s, f)));
          if (this.cancelled) throw new Error('cancelled');
          events.result(s, result);
        }
      }),
    );
    try {
      await Promise.race([all, aborted]);
    } finally {
      this.abort = null;
    }
  }

  cancel(): void {
    this.cancelled = true;
    this.abort?.(new Error('cancelled'));
    for (const { worker, api } of this.workers) {
      api[Comlink.releaseProxy]();
      worker.terminate();
    }
    this.workers = [];
  }
}
