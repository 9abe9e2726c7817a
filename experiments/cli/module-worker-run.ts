/**
 * `simulate --scheduler ./module.ts` off the main thread. A scheduler module
 * runs in process, and a synchronous loop in it cannot be interrupted from its
 * own thread, so the whole simulation runs in a worker thread (module-worker.ts)
 * that reports each call into the module through a shared DecisionWatch; this
 * thread looks every `tick` and, when one call has lasted longer than
 * --scheduler-timeout seconds of wall time, terminates the worker and fails
 * the run with a SimulationError naming the module, the simulated time and the
 * timeout (exit code 1). Result files are written whole (temporary names,
 * renamed when complete), so a stopped run leaves none half-written; the
 * temporaries it had open are removed here.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SimulationError } from '../../sim/errors.ts';
import { compiledEntry } from '../run/compiled.ts';
import { DecisionWatch } from './decision-watch.ts';
import { fromTransferable } from './error-transfer.ts';
import type { ModuleWorkerData, ModuleWorkerReply } from './module-worker.ts';
import { RUN_FILE_NAMES } from '../run/run-files.ts';
import type { SimulateIo, SimulateCommandOptions } from './simulate-run.ts';

/** Compiled: the worker built next to the command; from the sources: an entry that registers tsx first. */
const ENTRY = compiledEntry('module-worker') ?? new URL('./module-worker-entry.mjs', import.meta.url);

export async function runSimulateCommandInWorker(opts: SimulateCommandOptions, io: SimulateIo): Promise<void> {
  const watch = new DecisionWatch();
  const timeoutMs = opts.schedulerTimeout * 1000;
  const tick = Math.max(10, Math.min(200, timeoutMs / 5));
  const worker = new Worker(ENTRY, { workerData: { opts, watch: watch.buffer } satisfies ModuleWorkerData });
  let seen = -1;
  let since = 0;
  /** Set once the outcome is known, so that the worker's exit on terminate() is not taken for a crash. */
  let settled = false;
  const reply = await new Promise<ModuleWorkerReply | SimulationError>((resolve, reject) => {
    const timer = setInterval(() => {
      const now = Date.now(); // wall time, on the main thread only: the simulation stays deterministic
      const c = watch.current();
      if (!c) {
        seen = -1;
        return;
      }
      if (c.seq !== seen) {
        seen = c.seq;
        since = now;
        return;
      }
      if (now - since <= timeoutMs) return;
      clearInterval(timer);
      settled = true;
      const what = c.activity === 'loading' ? 'loading did not finish' : c.activity === 'its factory' ? 'its factory did not return' : `${c.activity} did not return`;
      const time = Number.isFinite(c.time) ? c.time : 0;
      void worker.terminate().then(() => resolve(new SimulationError(opts.scheduler!, time, `scheduler module ${opts.scheduler}: ${what} within ${opts.schedulerTimeout} s (--scheduler-timeout); the run was stopped and no result was written`)));
    }, tick);
    worker.once('message', (m: ModuleWorkerReply) => {
      clearInterval(timer);
      settled = true;
      void worker.terminate().then(() => resolve(m));
    });
    worker.once('error', (err) => {
      clearInterval(timer);
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      clearInterval(timer);
      if (!settled) reject(new Error(`the scheduler worker exited (code ${code}) without an answer`));
    });
  });
  if (reply instanceof SimulationError) {
    if (opts.out) for (const name of RUN_FILE_NAMES) rmSync(join(opts.out, `${name}.tmp`), { force: true });
    throw reply;
  }
  if (reply.stderr) io.err(reply.stderr);
  if (reply.stdout) io.out(reply.stdout);
  if (!reply.ok) throw fromTransferable(reply.error);
}
