/**
 * The worker of `clusterlab simulate --scheduler ./module.ts`: runs the whole
 * command (simulate-run.ts, the same function as on the main thread, so the
 * files written are the same bytes) with every call into the module reported
 * through a DecisionWatch, and posts back what the command would have printed,
 * or its error. The main thread (module-worker-run.ts) terminates this worker
 * when a decision outlasts --scheduler-timeout.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadUserScheduler, typeScriptImporter } from '../../schedulers/user.ts';
import { DecisionWatch } from './decision-watch.ts';
import { toTransferable } from './error-transfer.ts';
import { runSimulateCommand, type SimulateCommandOptions } from './simulate-run.ts';

export interface ModuleWorkerData {
  opts: SimulateCommandOptions;
  watch: SharedArrayBuffer;
}

export type ModuleWorkerReply = { ok: true; stdout: string; stderr: string } | { ok: false; stdout: string; stderr: string; error: ReturnType<typeof toTransferable> };

async function main(data: ModuleWorkerData): Promise<ModuleWorkerReply> {
  const watch = new DecisionWatch(data.watch);
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  try {
    // Import the module once under watch (its top-level code runs now); runSimulateCommand's import then hits the module cache.
    // tsx's loader starts first, unwatched: its start-up is not the module's time.
    if (/\.(ts|mts|cts)$/i.test(data.opts.scheduler!)) await typeScriptImporter();
    watch.enter('loading', 0);
    await loadUserScheduler(data.opts.scheduler!);
    watch.leave();
    await runSimulateCommand(data.opts, io, (factory) => (context) => watch.policy(watch.around('its factory', 0, () => factory(context))));
    return { ok: true, stdout, stderr };
  } catch (err) {
    watch.leave();
    return { ok: false, stdout, stderr, error: toTransferable(err) };
  }
}

if (parentPort) parentPort.postMessage(await main(workerData as ModuleWorkerData));
