/**
 * `npm run bench`: the hot paths, measured. Prints a report and writes
 * test/output/bench.json. Speeds are also given as ratios against a baseline
 * run in the same process, which stay meaningful on a busy machine.
 *
 *  (a) event queue: push/pop throughput and the hold model at 10^3..10^6 pending
 *      events, against a bare typed-array heap;
 *  (b) whole-run replays (fcfs+easy) of every SWF log in traces/samples and of
 *      synthetic logs of 10^4, 10^5 and 10^6 jobs on 1,000 processors, each in
 *      its own process (time to read, time to simulate, events per second);
 *  (c) peak memory (max RSS) of each replay;
 *  (d) the growth of the cost per job with the number of jobs;
 *  (e) experiments: speed-up of 2 workers over 1 on a 40-run study, and the
 *      worker pool's overhead per run (experiments-bench.ts).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { experimentsBenchmark } from './experiments-bench.ts';
import { holdBenchmark, pushPopBenchmark } from './queue-bench.ts';
import { syntheticSwfLines } from './synthetic.ts';

const quick = process.argv.includes('--quick');
const report: Record<string, unknown> = { node: process.version, quick };

console.log('(a) event queue vs a bare typed-array binary heap (same process; ratio = baseline speed / ours)');
const pushPop = [1e4, 1e5, 1e6].map((n) => pushPopBenchmark(n));
for (const r of pushPop) console.log(`  push+pop ${r.n.toExponential(0)} events: ${(r.ops_per_second / 1e6).toFixed(2)} M ops/s, baseline ${(r.baseline_ops_per_second / 1e6).toFixed(2)} M ops/s, ratio ${r.ratio.toFixed(2)}`);
const hold = [1e3, 1e4, 1e5, 1e6].map((p) => holdBenchmark(p, quick ? 200_000 : 1_000_000));
for (const r of hold) console.log(`  hold, ${r.pending.toExponential(0)} pending: ${(r.hold_ops_per_second / 1e6).toFixed(2)} M holds/s, baseline ${(r.baseline_hold_ops_per_second / 1e6).toFixed(2)} M holds/s, ratio ${r.ratio.toFixed(2)}`);
report.queue = { push_pop: pushPop, hold };

const replay = (file: string, queue = 'fcfs', backfill = 'easy') =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/replay.ts', file, queue, backfill], { encoding: 'utf8', maxBuffer: 1 << 20 }));

console.log('\n(b, c) whole-run replays, fcfs+easy, each in its own process');
const logs = readdirSync('traces/samples').filter((f) => /\.swf(\.gz)?$/.test(f)).sort();
const runs: Record<string, unknown>[] = [];
const show = (r: Record<string, number | string>) =>
  console.log(
    `  ${String(r.file).split('/').pop()!.padEnd(44)} ${String(r.jobs).padStart(8)} jobs  read ${Number(r.read_seconds).toFixed(2)} s  simulate ${Number(r.simulate_seconds).toFixed(2)} s  ${(Number(r.events_per_second) / 1e6).toFixed(2)} M events/s  peak RSS ${Number(r.peak_rss_mb).toFixed(0)} MB`,
  );
for (const f of logs) {
  const r = replay(join('traces/samples', f));
  runs.push(r);
  show(r);
}

const dir = mkdtempSync(join(tmpdir(), 'clusterlab-bench-'));
const sizes = quick ? [1e4, 1e5] : [1e4, 1e5, 1e6];
const scaling: Record<string, unknown>[] = [];
for (const n of sizes) {
  const path = join(dir, `synthetic-${n}.swf`);
  const out = createWriteStream(path);
  for (const line of syntheticSwfLines({ jobs: n, procs: 1000, load: 0.85, seed: 1 })) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const r = replay(path);
  r.file = `synthetic ${n} jobs, 1000 procs`;
  runs.push(r);
  scaling.push({ jobs: n, simulate_seconds: r.simulate_seconds, microseconds_per_job: (1e6 * r.simulate_seconds) / n });
  show(r);
}
report.replays = runs;

console.log('\n(d) cost per job against the number of jobs (synthetic, fcfs+easy)');
for (const s of scaling) console.log(`  ${String(s.jobs).padStart(8)} jobs: ${Number(s.microseconds_per_job).toFixed(2)} us/job`);
const first = scaling[0] as { jobs: number; microseconds_per_job: number };
const last = scaling[scaling.length - 1] as { jobs: number; microseconds_per_job: number };
const growth = last.microseconds_per_job / first.microseconds_per_job;
const nlogn = Math.log(last.jobs) / Math.log(first.jobs);
console.log(`  per-job cost grew ${growth.toFixed(2)}x from ${first.jobs} to ${last.jobs} jobs; n log n allows ${nlogn.toFixed(2)}x`);
report.scaling = { points: scaling, per_job_growth: growth, n_log_n_allowance: nlogn };

console.log(`\n(e) experiments: a 40-run study (fcfs, easy, conservative, sjf+easy x 10 seeds${quick ? ', first 5,000 jobs of KTH SP2' : ', whole KTH SP2'}) in the worker pool`);
const exp = await experimentsBenchmark(quick);
const load = exp.load_average_1min as { before: number; after: number };
console.log(`  1 worker ${Number(exp.workers_1_seconds).toFixed(1)} s, 2 workers ${Number(exp.workers_2_seconds).toFixed(1)} s: speed-up ${Number(exp.speedup).toFixed(2)} (target >= 1.7 on 2 idle cores)`);
console.log(`  pool overhead per run (40 runs of 20 jobs, 1 worker): ${Number(exp.pool_overhead_ms_per_run).toFixed(1)} ms (target < 50 ms)`);
console.log(`  load average (1 min) before / after: ${load.before.toFixed(2)} / ${load.after.toFixed(2)} on ${availableParallelism()} cores`);
report.experiments = exp;

mkdirSync('test/output', { recursive: true });
writeFileSync('test/output/bench.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('\nwritten to test/output/bench.json');
