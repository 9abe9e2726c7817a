/** `clusterlab run`: a whole study (or one shard of it) in a pool of worker threads. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ExitStatus } from '../exit-status.ts';
import { renderComparison } from '../../study/compare.ts';
import { nonNegativeInt, positiveInt, positiveNumber } from '../options.ts';
import { ignoreClosedPipe } from '../../study/progress.ts';
import { parseShard, type Shard } from '../../study/shard.ts';
import { runStudy, type StudyResult } from '../../study/study.ts';
import { defaultMetrics } from './compare.ts';

export function runCommand(): Command {
  return new Command('run')
    .description('run every variant x grid point x seed of an experiment in worker threads')
    .argument('<experiment>', 'experiment config (YAML or JSON); see clusterlab init')
    .option('-o, --out <dir>', 'results directory (default: results/<study name>)')
    .option('-w, --workers <n>', 'worker threads', positiveInt('--workers'), availableParallelism())
    .option('--resume', 'finish a study in --out: finished and failed runs are kept, the others run')
    .option('--retry-failed', 'with --resume, also rerun the runs that failed')
    .option('--force', 'replace whatever --out holds (this study\'s runs included) whole')
    .option('--shard <K/N>', 'run part K of N (1-based); auto/N or auto take K from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID; then clusterlab merge')
    .option('--allow-failures', 'exit 0 when every run ended, some of them failed (recorded and listed); the default for a shard')
    .option('--no-allow-failures', 'exit 1 when some runs failed; the default without --shard')
    .option('--max-wall <seconds>', 'wall-time budget per run (overrides budgets.wall_seconds; 0: none)', (v: string) => (v === '0' ? null : positiveNumber('--max-wall')(v)))
    .option('--max-memory <MiB>', 'heap limit per worker (overrides budgets.memory_mb; 0: none)', (v: string) => (nonNegativeInt('--max-memory')(v) || null))
    .addHelpText(
      'after',
      `
Examples:
  $ clusterlab run experiments/examples/kth-sp2.yaml --out results/kth --workers 2
  $ clusterlab run study.yaml --out results/study --resume        # after Ctrl-C or a crash
  $ clusterlab run study.yaml --out /shared/study --shard 2/4     # then: clusterlab merge /shared/study

Runs are keyed by run id: any number of workers or shards gives the same bytes.
A run that fails (throws, or exceeds a budget) is recorded in runs/<id>/failure.json and the
study goes on. Exit codes: 0 ok, 1 some runs failed (listed at the end; a shard exits 0 unless
--no-allow-failures: clusterlab merge reports them), 2 usage or input error, 130 interrupted.`,
    )
    .action(runAction);
}

interface RunFlags {
  out?: string;
  workers: number;
  resume?: boolean;
  retryFailed?: boolean;
  force?: boolean;
  shard?: string;
  allowFailures?: boolean;
  maxWall?: number | null;
  maxMemory?: number | null;
}

async function runAction(file: string, opts: RunFlags): Promise<void> {
  // Progress, status lines and the final table must not kill the study when their reader goes away.
  ignoreClosedPipe(process.stderr);
  ignoreClosedPipe(process.stdout);
  const shard = opts.shard ? parseShard(opts.shard) : null;
  const { loadConfigFile } = await import('../../study/config-file.ts');
  const out: string = opts.out ?? join('results', loadConfigFile(file).config.name);
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    process.stderr.write('\nclusterlab: stopping (Ctrl-C again to quit at once)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runStudy({
      configFile: file,
      out,
      workers: opts.workers,
      resume: Boolean(opts.resume),
      retryFailed: Boolean(opts.retryFailed),
      force: Boolean(opts.force),
      shard,
      wallSeconds: opts.maxWall,
      memoryMb: opts.maxMemory,
      signal: controller.signal,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    report(result, file, out, shard, opts.allowFailures);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The end of a study on the terminal: the comparison table, or what a shard or an interruption leaves to do; the exit status. */
function report(result: StudyResult, file: string, out: string, shard: Shard | null, allowFailures: boolean | undefined): void {
  if (result.interrupted) {
    process.stderr.write(`clusterlab: interrupted; ${out} is resumable: clusterlab run ${file} --out ${out} --resume${shard ? ` --shard ${shard.index}/${shard.count}` : ''}\n`);
    throw new ExitStatus(130);
  }
  if (result.summary) {
    process.stdout.write(renderComparison(result.summary, defaultMetrics(result.summary.metrics), 'table'));
    process.stdout.write(`\nresults in ${out}/ (manifest.json, runs.csv, summary.json, runs/)\n`);
  } else if (shard) {
    process.stderr.write(`shard ${shard.index}/${shard.count} done (${result.selected} runs); when every shard is done: clusterlab merge ${out}\n`);
  }
  if (result.failures.length === 0) return;
  process.stderr.write(`clusterlab: ${result.failures.length} run(s) failed:\n`);
  for (const f of result.failures) process.stderr.write(`  ${f.run_id}: ${f.reason}\n`);
  // A shard's failed runs are results to report (merge exits 1 listing them), not a reason
  // for the batch system to retry the shard: rerunning a deterministic failure fails again.
  const allow: boolean = allowFailures ?? shard !== null;
  if (!allow) throw new ExitStatus(1);
  process.stderr.write(`clusterlab: exiting 0 (${allowFailures === undefined ? 'the default for a shard' : '--allow-failures'}); they are recorded in runs/<id>/failure.json${shard ? ` and clusterlab merge ${out} will list them` : ''}; rerun them with --resume --retry-failed\n`);
}
