/**
 * The library ('clusterlab'): read the KTH SP2 log, run EASY and conservative
 * backfilling, print the mean waits, and keep the EASY run's files.
 *
 *   npx tsx examples/api-backfilling.ts [out-dir]
 */
import { readTrace, simulate, writeResults } from 'clusterlab';

const trace = await readTrace(new URL('../traces/samples/KTH-SP2-1996-2.1-cln.swf.gz', import.meta.url).pathname);
for (const backfill of ['easy', 'conservative']) {
  const run = await simulate(trace, { queue: 'fcfs', backfill });
  console.log(`${run.policyName}: mean wait ${(run.metrics.mean_wait! / 3600).toFixed(2)} h over ${run.jobs} jobs`);
  if (backfill === 'easy' && process.argv[2]) writeResults(process.argv[2], run);
}
