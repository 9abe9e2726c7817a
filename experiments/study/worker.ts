/**
 * A worker thread of the pool: exposes the same run function as in-process
 * (run-one.ts) through comlink. `prepare` reads the run's workload into the
 * worker's cache, so that the pool's wall-time budget covers the simulation,
 * not the first read of a large trace.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { prepareRun, runOne, type RunSpec } from './run-one.ts';

export const workerApi = {
  async prepare(spec: RunSpec): Promise<void> {
    await prepareRun(spec);
  },
  runOne,
};

export type WorkerApi = typeof workerApi;

if (parentPort) expose(workerApi, nodeEndpoint(parentPort));
