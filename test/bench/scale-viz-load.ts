/**
 * The browser app's loader (viz/data/load.ts) on a results directory, in Node:
 * the summary and series, then every column of jobs.csv the views use.
 */
import { loadJobs, loadResults } from '../../viz/data/load.ts';
import { dirSource } from '../viz/cli-results.ts';

const src = dirSource(process.argv[2]!);
const data = await loadResults(src);
const run = data.runs[0]!;
const jobs = await loadJobs(src, run);
process.stdout.write(`${data.runs.length} run(s), ${jobs ? jobs.submit.length : 0} jobs\n`);
