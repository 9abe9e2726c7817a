/**
 * Benchmarks of the experiment runner (`npm run bench`, section h):
 *  - speed-up of 2 workers over 1 on a 40-run study (fcfs, easy, conservative and
 *    sjf+easy x 10 seeds, whole KTH SP2 replays, or the first 5,000 jobs with
 *    --quick): pairs of a 1-worker and a 2-worker study, alternated, each in a
 *    process of its own and timed in it around runStudy (worker start-up
 *    included, process start-up not); the median of the pairs' ratios. Own
 *    processes, because a pool with a worker per core sets a process-wide V8
 *    flag (pool.ts) that a later 1-worker pool in the same process would
 *    inherit; pairs, because on this shared VM one study can take 30 % longer
 *    than the one before it, and a single pair measures the host as much as the
 *    pool. With the median, the geometric mean of the ratios and its 95 %
 *    interval: with the 3 pairs of `npm run bench` the interval is wide, which is
 *    the point (more pairs with --pairs N narrow it);
 *  - the pool's overhead per run: on 40 tiny runs with 1 worker, the time
 *    between two runs' ends minus the simulation time of the run, averaged;
 *  - worker start-up, bundled (worker-bundle.ts) against through tsx from the
 *    sources: the time from runStudy's start to the first tiny run's end.
 * Both depend on how busy the machine is: the load average is reported with them.
 * Alone: `npx tsx test/bench/experiments-bench.ts [--quick] [--pairs N]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Progress, type RunEnd } from '../../experiments/study/progress.ts';
import { runStudy } from '../../experiments/study/study.ts';
import { quantileSorted } from '../../sim/metrics.ts';
import { estimate } from '../../experiments/results/statistics.ts';

const KTH = resolve('traces/samples/KTH-SP2-1996-2.1-cln.swf.gz');

/** Records when each run ended (and its simulation time), printing nothing. */
class Recorder extends Progress {
  readonly ends: { at: number; seconds: number }[] = [];
  override start(): void {}
  override end(run: RunEnd): void {
    this.ends.push({ at: performance.now() / 1000, seconds: run.seconds ?? 0 });
  }
  override stop(): void {}
}

function traceWith(dir: string, jobs: number | null): string {
  if (jobs === null) return KTH;
  const lines = gunzipSync(readFileSync(KTH)).toString('utf8').split('\n');
  const head = lines.filter((l) => l.startsWith(';'));
  const body = lines.filter((l) => l.trim() && !l.startsWith(';')).slice(0, jobs);
  const path = join(dir, `kth-${jobs}.swf`);
  writeFileSync(path, `${[...head, ...body].join('\n')}\n`);
  return path;
}

/**
 * The classic comparison (fcfs, easy, conservative, sjf+easy) x 10 seeds = 40
 * runs on `trace`. (A trace replay does not depend on the seed: the seeds only
 * make 40 runs of a realistic mix of lengths.)
 */
function study(dir: string, trace: string, name: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `workload:\n  trace: ${JSON.stringify(trace)}\nvariants:\n  - name: fcfs\n    backfill: none\n  - name: easy\n  - name: conservative\n    backfill: conservative\n  - name: sjf-easy\n    queue: sjf\nseeds: 10\n`,
  );
  return path;
}

async function timed(config: string, out: string, workers: number): Promise<{ seconds: number; recorder: Recorder }> {
  const recorder = new Recorder();
  const t0 = performance.now();
  const result = await runStudy({ configFile: config, out, workers, progress: recorder });
  if (result.failures.length > 0) throw new Error(`bench study had failures: ${JSON.stringify(result.failures)}`);
  return { seconds: (performance.now() - t0) / 1000, recorder };
}

/**
 * One timed study in this process (the child side of the pairs): the tiny
 * study first, which warms the process (config parsing, hashing) as it would
 * be for any study after the first.
 */
async function timedStudy(workers: number, jobs: number | null): Promise<{ seconds: number; runs_seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'clusterlab-bench-exp-'));
  try {
    await timed(study(dir, traceWith(dir, 20), 'tiny'), join(dir, 'tiny'), 1);
    const { seconds, recorder } = await timed(study(dir, traceWith(dir, jobs), 'study'), join(dir, 'out'), workers);
    return { seconds, runs_seconds: recorder.ends.reduce((sum, e) => sum + e.seconds, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function studyInChild(workers: number, jobs: number | null): { seconds: number; runs_seconds: number } {
  const args = ['--import', 'tsx', 'test/bench/experiments-bench.ts', '--child', String(workers), ...(jobs === null ? [] : ['--jobs', String(jobs)])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 }));
}

export async function experimentsBenchmark(quick: boolean, pairs = 3): Promise<Record<string, unknown>> {
  if (!Number.isInteger(pairs) || pairs < 1) throw new RangeError(`--pairs must be a whole number of at least 1, got ${pairs}`);
  const dir = mkdtempSync(join(tmpdir(), 'clusterlab-bench-exp-'));
  const jobs = quick ? 5000 : null;
  const loadBefore = loadavg()[0]!;
  const measured: { workers_1_seconds: number; workers_2_seconds: number; speedup: number; runs_seconds: [number, number] }[] = [];
  for (let i = 0; i < pairs; i++) {
    const one = studyInChild(1, jobs);
    const two = studyInChild(2, jobs);
    measured.push({ workers_1_seconds: one.seconds, workers_2_seconds: two.seconds, speedup: one.seconds / two.seconds, runs_seconds: [one.runs_seconds, two.runs_seconds] });
  }
  const loadAfter = loadavg()[0]!;
  const tinyConfig = study(dir, traceWith(dir, 20), 'tiny');
  const tiny = await timed(tinyConfig, join(dir, 'tiny'), 1);
  const firstEnd = async (out: string, source: boolean): Promise<number> => {
    const before = process.env.CLUSTERLAB_WORKER;
    if (source) process.env.CLUSTERLAB_WORKER = 'source';
    const t0 = performance.now() / 1000;
    try {
      return (await timed(tinyConfig, join(dir, out), 1)).recorder.ends[0]!.at - t0;
    } finally {
      if (before === undefined) delete process.env.CLUSTERLAB_WORKER;
      else process.env.CLUSTERLAB_WORKER = before;
    }
  };
  const bundledStart = await firstEnd('start-bundle', false);
  const sourceStart = await firstEnd('start-source', true);
  const ends = tiny.recorder.ends;
  let simulated = 0;
  for (let i = 1; i < ends.length; i++) simulated += ends[i]!.seconds;
  const overheadMs = (1000 * (ends[ends.length - 1]!.at - ends[0]!.at - simulated)) / (ends.length - 1);
  rmSync(dir, { recursive: true, force: true });
  return {
    runs: 40,
    jobs_per_run: jobs ?? 28467,
    pairs: measured,
    speedup: quantileSorted(Float64Array.from(measured, (m) => m.speedup).sort(), 0.5),
    speedup_geometric: geometric(measured.map((m) => m.speedup)),
    tiny_runs_seconds: tiny.seconds,
    pool_overhead_ms_per_run: overheadMs,
    first_run_end_seconds: { bundled_worker: bundledStart, source_worker: sourceStart },
    load_average_1min: { before: loadBefore, after: loadAfter },
  };
}

/**
 * The geometric mean of the pairs' ratios with its 95 % confidence interval (the study
 * summaries' Student's t interval, experiments/results/statistics.ts, taken on the logs): how far the
 * host's noise leaves the figure from certain. Logs, because a ratio's log is symmetric (a
 * pair at 2/1 and one at 1/2 cancel) and its value is not.
 */
function geometric(ratios: readonly number[]): { mean: number; ci_low: number | null; ci_high: number | null } {
  const e = estimate(ratios.map(Math.log));
  const exp = (x: number | null) => (x === null ? null : Math.exp(x));
  return { mean: Math.exp(e.mean!), ci_low: exp(e.ci_low), ci_high: exp(e.ci_high) };
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};

// `tsx test/bench/experiments-bench.ts [--quick] [--pairs N]`: this section alone;
// `--child W [--jobs N]`: one timed study with W workers, as JSON (what the pairs run).
if (process.argv[1] && resolve(process.argv[1]) === resolve('test/bench/experiments-bench.ts')) {
  const child = arg('--child');
  if (child !== undefined) {
    const jobs = arg('--jobs');
    console.log(JSON.stringify(await timedStudy(Number(child), jobs === undefined ? null : Number(jobs))));
  } else {
    console.log(JSON.stringify(await experimentsBenchmark(process.argv.includes('--quick'), Number(arg('--pairs') ?? 3)), null, 2));
  }
}
