/**
 * A pool of worker threads that runs RunSpecs through comlink, each run
 * isolated: a run that throws fails alone; a run past its wall-time budget has
 * its worker terminated (which stops even a loop that never yields) and a new
 * worker takes its place; a run that exhausts the worker's heap
 * (`resourceLimits`) kills only that worker, likewise replaced.
 *
 * Runs are handed out one at a time to whichever worker is free, preferring
 * runs of the workload and variant the worker ran last (run-queue.ts), so the
 * order in which runs finish varies; callers key results by run id, never by order.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { releaseProxy, wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { RunReport, RunSpec } from './run-one.ts';
import { RunQueue } from './run-queue.ts';
import type { WorkerApi } from './worker.ts';
import { bundledWorkerExecArgv } from './worker-bundle.ts';

export interface PoolOptions {
  workers: number;
  /** Wall-time budget of one run's simulation, seconds; none when null. */
  wallSeconds: number | null;
  /** Heap limit of each worker (old generation), MiB; Node's default when null. */
  memoryMb: number | null;
  /** The worker's module: the bundle (worker-bundle.ts) when there is one, else worker.ts through tsx. */
  entry?: URL | null;
}

export type Outcome = { ok: true; report: RunReport } | { ok: false; reason: string };

/** Called once per run that finished or failed (never for runs abandoned by cancel()). */
export type OnOutcome = (spec: RunSpec, outcome: Outcome) => void | Promise<void>;

interface Slot {
  worker: Worker;
  api: Remote<WorkerApi>;
  /** Resolves with a reason when the worker dies (crash, out of memory, exit). */
  death: Promise<string>;
  /** Set when the pool itself terminates the worker, so its exit is not a failure. */
  retiring: boolean;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/**
 * Settings for a pool with a worker on every core, where nothing runs on a
 * core a worker leaves idle (measured on this project's 2-core machine, 40-run
 * KTH study):
 *  - V8's background compiler threads have no core of their own: an
 *    optimizing compile job waits behind the busy workers while the function
 *    it optimizes runs on in a slower tier. Compiling on the worker's own
 *    thread (--no-concurrent-recompilation, which each new isolate reads when
 *    it starts) cut the runs' time on 2 workers from 8.0-8.7 s to 7.5 s in all.
 *    The flag is process-wide but read only by isolates created after it, so
 *    isolates that exist keep compiling as they did.
 *  - A young generation of 12 MB instead of Node's 48 MB: over twelve runs
 *    each, alternated, the 2-worker study took 3.80-4.34 s (median 4.03)
 *    against 3.95-4.80 s (median 4.16). The 1-worker study did not gain.
 * A smaller pool keeps V8's defaults: its workers get the idle cores' help.
 */
let compileOnWorkerThread = false;
/** The resource limits of a worker of a pool of `workers`; sets the compile flag (once) when they fill the cores. */
function coreFillingLimits(workers: number): { maxYoungGenerationSizeMb?: number } {
  if (workers < availableParallelism()) return {};
  if (!compileOnWorkerThread) {
    compileOnWorkerThread = true;
    setFlagsFromString('--no-concurrent-recompilation');
  }
  return { maxYoungGenerationSizeMb: 12 };
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private cancelled = false;

  constructor(private readonly options: PoolOptions) {
    if (!(options.workers >= 1)) throw new RangeError(`workers must be at least 1, got ${options.workers}`);
  }

  /**
   * Runs every spec and calls `onOutcome` as each ends. `key` groups runs that
   * share a workload. Resolves when all are done, or after cancel() with the
   * runs in flight abandoned.
   */
  async run(specs: readonly RunSpec[], key: (spec: RunSpec) => string, onOutcome: OnOutcome): Promise<void> {
    const n = Math.min(this.options.workers, specs.length);
    const queue = new RunQueue(specs, key, n);
    while (this.slots.length < n) this.slots.push(this.spawn());
    await Promise.all(
      this.slots.slice(0, n).map(async (_, i) => {
        let last: RunSpec | null = null;
        for (;;) {
          if (this.cancelled) return;
          const spec = queue.next(i, last);
          if (!spec) return;
          last = spec;
          const outcome = await this.execute(i, spec);
          if (outcome && !this.cancelled) await onOutcome(spec, outcome);
        }
      }),
    );
  }

  /**
   * Starts up to `n` workers now, so that their start-up (loading the
   * simulator's modules, about half a second) overlaps what the caller does
   * before it has runs to hand out (hashing the inputs, checking the directory).
   */
  warm(n: number): void {
    while (this.slots.length < Math.min(n, this.options.workers)) this.slots.push(this.spawn());
  }

  /** Stops handing out runs and terminates the workers; runs in flight are abandoned. */
  cancel(): void {
    this.cancelled = true;
    for (const slot of this.slots) this.retire(slot);
  }

  /** Terminates the workers (call once the pool is no longer needed). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.retire(s)));
    this.slots.length = 0;
  }

  private spawn(): Slot {
    const limit = this.options.memoryMb;
    const resourceLimits = { ...coreFillingLimits(this.options.workers), ...(limit ? { maxOldGenerationSizeMb: limit } : {}) };
    const bundle = this.options.entry;
    const worker = bundle ? new Worker(bundle, { resourceLimits, execArgv: bundledWorkerExecArgv(process.execArgv) }) : new Worker(ENTRY, { resourceLimits });
    const slot = { worker, api: wrap<WorkerApi>(nodeEndpoint(worker)), retiring: false } as Omit<Slot, 'death'> as Slot;
    slot.death = new Promise<string>((resolve) => {
      worker.once('error', (err: Error & { code?: string }) => {
        resolve(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `out of memory: the worker's heap limit${limit ? ` of ${limit} MiB (budgets.memory_mb)` : ''} was reached`
            : `worker crashed: ${err.message}`,
        );
      });
      worker.once('exit', (code) => resolve(`worker exited with code ${code}`));
    });
    return slot;
  }

  private retire(slot: Slot): Promise<number> {
    if (!slot.retiring) {
      slot.retiring = true;
      // Not awaited: a worker stuck in a loop never answers the release message.
      void slot.api[releaseProxy]();
    }
    return slot.worker.terminate();
  }

  /** Runs one spec on slot i; null when the pool was cancelled meanwhile. */
  private async execute(i: number, spec: RunSpec): Promise<Outcome | null> {
    const slot = this.slots[i]!;
    // How the run ended: its report, an error it threw, the worker's death, or the budget.
    type Ending = { how: 'done'; report: RunReport } | { how: 'threw' | 'died' | 'timeout'; reason: string };
    const died = slot.death.then((reason): Ending => ({ how: 'died', reason }));
    const threw = (err: unknown): Ending => ({ how: 'threw', reason: describeError(err) });
    let timer: NodeJS.Timeout | undefined;
    let ending: Ending;
    try {
      const prepared = await Promise.race([slot.api.prepare(spec).then((): Ending | null => null, threw), died]);
      if (prepared) ending = prepared;
      else {
        const wall = this.options.wallSeconds;
        const timeout = new Promise<Ending>((resolve) => {
          if (wall !== null) timer = setTimeout(() => resolve({ how: 'timeout', reason: `wall-time budget of ${wall} s exceeded (budgets.wall_seconds)` }), wall * 1000);
        });
        ending = await Promise.race([slot.api.runOne(spec).then((report): Ending => ({ how: 'done', report }), threw), died, timeout]);
      }
    } finally {
      clearTimeout(timer);
    }
    if (this.cancelled) return null;
    if (ending.how === 'died' || ending.how === 'timeout') {
      // Terminating stops even a loop that never yields; a fresh worker takes the slot.
      await this.retire(slot);
      this.slots[i] = this.spawn();
    }
    return ending.how === 'done' ? { ok: true, report: ending.report } : { ok: false, reason: ending.reason };
  }
}

/** One line for a run's error: the message of a SimulationError or InputError as it is, others with their type. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const known = ['SimulationError', 'InputError', 'UsageError'];
    const text = err.message.split('\n')[0]!;
    if (err.name === 'SimulationError') return `simulation failed: ${text}`;
    return known.includes(err.name) ? text : `${err.name}: ${text}`;
  }
  return String(err);
}
