/**
 * 'clusterlab/browser' (no Node module inside): what a web page does with a
 * trace file the user drops: read it (format detected, gzip or plain), run it
 * under fcfs + EASY and make the jobs table of a run directory. Here the file
 * is read from disk only to make the Blob a page would get.
 *
 *   npx tsx examples/api-browser.ts
 */
import { readFile } from 'node:fs/promises';
import { clusterOf, DEFAULT_OPTIONS, jobsCsvText, readTraceFiles, runSimulation } from 'clusterlab/browser';

const bytes = await readFile(new URL('../traces/samples/SDSC-SP2-1998-conv3-first4961jobs.swf.gz', import.meta.url));
const file = { name: 'SDSC-SP2-1998-conv3-first4961jobs.swf.gz', blob: new Blob([bytes]) };
const workload = await readTraceFiles([file]);
const output = runSimulation(workload, clusterOf(workload), { ...DEFAULT_OPTIONS, queue: 'fcfs', backfill: 'easy' });
const jobsCsv = jobsCsvText(output);
console.log(`${output.policyName}: ${workload.jobs.length} jobs, mean wait ${(output.metrics.mean_wait! / 60).toFixed(1)} min, jobs.csv ${jobsCsv.split('\n').length - 2} rows`);
