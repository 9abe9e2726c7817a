/**
 * `clusterlab default` (what `npm start` runs): the classic comparison of batch
 * schedulers on a real HPC log shipped in the repo (KTH SP2, 1996-97, 100
 * processors, 28,476 jobs), with a table on stdout and results/ written.
 */
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { csvRow } from '../../results/csv.ts';
import { clusterFor, loadWorkload } from '../../run/load.ts';
import { describeInput } from '../../results/inputs.ts';
import { manifestOf } from '../../run/results.ts';
import { simulateToFiles, stagedSink } from '../../run/run-files.ts';
import { StagedOutput } from '../../results/staged-output.ts';
import { DEFAULT_OPTIONS, type SimulationOptions } from '../../run/simulate.ts';
import { formatTable, fmt } from '../../results/table.ts';
import { VERSION } from '../../results/version.ts';

export const DEFAULT_TRACE = fileURLToPath(new URL('../../../traces/samples/KTH-SP2-1996-2.1-cln.swf.gz', import.meta.url));

export const DEFAULT_VARIANTS = [
  { name: 'fcfs', queue: 'fcfs', backfill: 'none' },
  { name: 'fcfs-easy', queue: 'fcfs', backfill: 'easy' },
  { name: 'fcfs-conservative', queue: 'fcfs', backfill: 'conservative' },
  { name: 'sjf-easy', queue: 'sjf', backfill: 'easy' },
] as const;

export function defaultCommand(): Command {
  return new Command('default')
    .description('compare fcfs, easy, conservative and sjf+easy on the KTH SP2 log shipped in the repo (npm start)')
    .option('-o, --out <dir>', 'results directory', 'results')
    .option('-t, --trace <file>', 'another SWF log instead of the embedded one', DEFAULT_TRACE)
    .option('--force', 'let --out replace a directory that holds other files')
    .addHelpText('after', '\nExamples:\n  $ npm start\n  $ clusterlab default --out results --trace other.swf.gz\n')
    .action(async (opts) => {
      // Same rule as simulate and scenario: old `default` results are replaced whole, anything
      // else is refused before the runs; nothing appears under --out until every variant is done.
      const stage = new StagedOutput(opts.out, { command: 'default', force: Boolean(opts.force) });
      const workload = await loadWorkload(opts.trace);
      const cluster = clusterFor(workload);
      const input = await describeInput('trace', opts.trace);
      process.stdout.write(
        `${input.file}: ${workload.jobs.length} jobs on ${cluster.nodes.length} processors` +
          ` (dropped: ${Object.entries(workload.dropped).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})\n\n`,
      );
      const header = ['variant', 'mean_wait_h', 'p95_wait_h', 'mean_bounded_slowdown', 'utilization_cpu', 'makespan_days', 'jobs'];
      const rows: string[][] = [];
      let csv = csvRow(['variant', 'queue', 'backfill', 'mean_wait', 'p50_wait', 'p95_wait', 'p99_wait', 'max_wait', 'mean_response', 'mean_slowdown', 'mean_bounded_slowdown', 'makespan', 'utilization_cpu', 'throughput', 'jobs_finished']);
      for (const v of DEFAULT_VARIANTS) {
        const options: SimulationOptions = { ...DEFAULT_OPTIONS, queue: v.queue, backfill: v.backfill };
        const dir = stagedSink(stage, v.name);
        const manifest = manifestOf('default', VERSION, [input], options, { format: 'swf' });
        const { output } = simulateToFiles(workload, cluster, options, dir, manifest);
        const m = output.metrics;
        // Metrics over no jobs are null (a log whose jobs were all dropped or rejected): "n/a".
        const f = (x: number | null, scale = 1, digits = 2) => (x === null ? 'n/a' : fmt(x / scale, digits));
        rows.push([v.name, f(m.mean_wait, 3600), f(m.p95_wait, 3600), f(m.mean_bounded_slowdown), `${fmt(100 * m.utilization.cpu!, 1)} %`, f(m.makespan, 86400, 1), String(m.jobs_finished)]);
        csv += csvRow([v.name, v.queue, v.backfill, m.mean_wait, m.p50_wait, m.p95_wait, m.p99_wait, m.max_wait, m.mean_response, m.mean_slowdown, m.mean_bounded_slowdown, m.makespan, m.utilization.cpu, m.throughput, m.jobs_finished]);
      }
      const table = formatTable(header, rows, [false, true, true, true, true, true, true]);
      process.stdout.write(table);
      stage.text('comparison.csv', csv);
      stage.text('comparison.txt', table);
      stage.commit();
      process.stdout.write(`\nper-variant results (jobs.csv, summary.json, timeseries.csv, manifest.json) and comparison.csv written to ${opts.out}/\n`);
    });
}
