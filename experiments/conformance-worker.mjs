// Worker entry of `clusterlab check-scheduler`: registers tsx (a .ts file cannot be a
// worker entry under tsx on Node 20), then runs one conformance scenario.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runScenarioJob } = await import('./conformance-run.ts');
try {
  parentPort.postMessage({ ok: true, value: await runScenarioJob(workerData) });
} catch (err) {
  parentPort.postMessage({ ok: false, message: err?.message ?? String(err) });
}
