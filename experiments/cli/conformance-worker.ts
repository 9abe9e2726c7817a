/** A worker thread of `clusterlab check-scheduler`: runs one conformance scenario and posts its result. */
import { parentPort, workerData } from 'node:worker_threads';
import { runScenarioJob, type ConformanceJob } from './conformance-run.ts';

if (parentPort) {
  try {
    parentPort.postMessage({ ok: true, value: await runScenarioJob(workerData as ConformanceJob) });
  } catch (err) {
    parentPort.postMessage({ ok: false, message: (err as Error)?.message ?? String(err) });
  }
}
