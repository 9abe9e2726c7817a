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
 *  (e) parse throughput of every trace format (MB/s, records/s), and the time
 *      to read the whole HPC2N log through format detection.
 *  (f) the browser app's time to first chart on a study of 20 runs × 10^5 jobs
 *      (10^4 with --quick), opened by `clusterlab view` in headless Chromium.
 *  (g) the Kubernetes-style scheduler (default plugins, adaptive
 *      percentageOfNodesToScore): scheduling cycles per second at 500, 5,000
 *      (30,000 pods, the scheduler_perf scale) and 50,000 nodes, and how the
 *      cost per pod grows with the node count; and under a queue: a generated
 *      batch workload under most-allocated.yaml against fcfs+easy, with and
 *      without --explain (kube-queue-bench.ts, timed in its process).
 *  (h) experiments: speed-up of 2 workers over 1 on a 40-run study (median of
 *      alternated pairs, each study in its own process), and the
 *      worker pool's overhead per run (experiments-bench.ts).
 *  (i) a dynamic cluster: a week on 1,000 nodes with 200 services under diurnal
 *      load, the HPA, the cluster autoscaler and node failures (test/bench/dynamics.ts),
 *      in its own process, with the load average of the machine (the target is 30 s).
 * `--dynamics` runs only (i).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { experimentsBenchmark } from './experiments-bench.ts';
import { parseBenchmark, SAMPLE_CASES, syntheticCases } from './parse-bench.ts';
import { holdBenchmark, pushPopBenchmark } from './queue-bench.ts';
import { syntheticSwfLines } from './synthetic.ts';
import { vizFirstChart } from './viz-first-chart.ts';

const quick = process.argv.includes('--quick');
const dynamicsOnly = process.argv.includes('--dynamics');
const report: Record<string, unknown> = { node: process.version, quick };

if (!dynamicsOnly) {
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

  console.log('\n(e) parse throughput per format (in this process, best of ' + (quick ? 2 : 3) + '; MB are decompressed bytes)');
  const parsing = await parseBenchmark([...SAMPLE_CASES, ...syntheticCases(dir, quick ? 50_000 : 200_000)], quick ? 2 : 3);
  for (const r of parsing) {
    console.log(`  ${r.name.padEnd(46)} ${r.format.padEnd(12)} ${r.megabytes.toFixed(1).padStart(6)} MB ${String(r.records).padStart(8)} records  ${r.seconds.toFixed(2)} s  ${r.mb_per_second.toFixed(1).padStart(5)} MB/s  ${(r.records_per_second / 1e3).toFixed(0).padStart(5)} k records/s`);
  }
  const hpc2n = parsing.find((r) => r.name.startsWith('SWF HPC2N'))!;
  console.log(`  the whole HPC2N log reads in ${hpc2n.seconds.toFixed(2)} s (required: under 2 s)`);
  report.parsing = parsing;

  console.log('\n(f) browser app: time to first chart, 20 runs (2 variants x 10 seeds), clusterlab view in headless Chromium');
  const viz = await vizFirstChart(quick ? 10_000 : 100_000);
  console.log(
    `  ${viz.runs} runs x ${viz.jobs_per_run} jobs (${viz.directory_mb.toFixed(0)} MB): first chart ${(viz.first_chart_ms / 1000).toFixed(2)} s, every run's jobs loaded and all views drawn ${(viz.all_jobs_loaded_ms / 1000).toFixed(2)} s (from navigation start)`,
  );
  report.viz = viz;

  console.log('\n(g) Kubernetes-style scheduler: cycles per second (default plugins, adaptive percentageOfNodesToScore), each in its own process');
  const kube = (nodes: number, pods: number) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/kube-bench.ts', String(nodes), String(pods)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  const kubeRuns = (quick ? [[500, 2000], [5000, 5000], [50000, 2000]] : [[500, 5000], [5000, 30000], [50000, 10000]]).map(([n, p]) => kube(n!, p!));
  for (const r of kubeRuns) console.log(`  ${String(r.nodes).padStart(6)} nodes, ${String(r.pods).padStart(6)} pods: ${Math.round(r.cycles_per_second)} cycles/s, ${r.microseconds_per_pod.toFixed(0)} us/pod (${Math.round(r.cycles_per_cpu_second)} per cpu second)`);
  const k5 = kubeRuns[1]!;
  const k50 = kubeRuns[2]!;
  const kubeGrowth = k50.microseconds_per_pod / k5.microseconds_per_pod;
  console.log(`  cost per pod grew ${kubeGrowth.toFixed(2)}x from 5,000 to 50,000 nodes (linear would be 10x)`);
  const target = (r: { nodes: number; cycles_per_second: number }) => (r.nodes === 50000 ? 2000 : r.nodes === 5000 ? 10000 : 0);
  for (const r of kubeRuns) if (target(r)) console.log(`  ${r.nodes} nodes: ${Math.round(r.cycles_per_second)} pods/s (${Math.round(r.cycles_per_cpu_second)} per cpu second) against a target of ${target(r)}`);
  console.log('  under a queue (kube-queue-bench.ts): poisson-lognormal (5,000 jobs of 1-128 tasks, 256 nodes), most-allocated.yaml vs fcfs+easy, in one process');
  const queueRun = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/kube-queue-bench.ts', ...(quick ? ['1000'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  console.log(
    `  ${queueRun.jobs} jobs: fcfs+easy ${queueRun.fcfs_easy_seconds.toFixed(2)} s, kube ${queueRun.kube_seconds.toFixed(2)} s (${queueRun.kube_over_fcfs_easy.toFixed(1)}x; target 10x), ` +
      `kube --explain ${queueRun.kube_explain_seconds.toFixed(2)} s (${queueRun.explain_over_plain.toFixed(2)}x the run without; target 3x); cpu-time ratios ${queueRun.kube_over_fcfs_easy_cpu.toFixed(1)}x and ${queueRun.explain_over_plain_cpu.toFixed(2)}x`,
  );
  report.kube = { runs: kubeRuns, per_pod_growth_5k_to_50k: kubeGrowth, queue: queueRun };

  console.log(`\n(h) experiments: a 40-run study (fcfs, easy, conservative, sjf+easy x 10 seeds${quick ? ', first 5,000 jobs of KTH SP2' : ', whole KTH SP2'}) in the worker pool`);
  const exp = await experimentsBenchmark(quick);
  const load = exp.load_average_1min as { before: number; after: number };
  const pairs = exp.pairs as { workers_1_seconds: number; workers_2_seconds: number; speedup: number }[];
  for (const p of pairs) console.log(`  1 worker ${p.workers_1_seconds.toFixed(1)} s, 2 workers ${p.workers_2_seconds.toFixed(1)} s: ${p.speedup.toFixed(2)}`);
  console.log(`  speed-up, median of ${pairs.length} alternated pairs (each study in its own process): ${Number(exp.speedup).toFixed(2)} (target >= 1.7 on 2 idle cores)`);
  const g = exp.speedup_geometric as { mean: number; ci_low: number | null; ci_high: number | null };
  const interval = g.ci_low === null ? 'no interval from one pair' : `95 % interval ${g.ci_low.toFixed(2)}-${g.ci_high!.toFixed(2)}`;
  console.log(`  speed-up, geometric mean of the pairs: ${g.mean.toFixed(2)} (${interval}; more pairs: --pairs N on experiments-bench.ts)`);
  console.log(`  pool overhead per run (40 runs of 20 jobs, 1 worker): ${Number(exp.pool_overhead_ms_per_run).toFixed(1)} ms (target < 50 ms)`);
  const start = exp.first_run_end_seconds as { bundled_worker: number; source_worker: number };
  console.log(`  first tiny run ends ${start.bundled_worker.toFixed(2)} s after the study starts with the bundled worker, ${start.source_worker.toFixed(2)} s through tsx (${(start.source_worker / start.bundled_worker).toFixed(2)}x)`);
  console.log(`  load average (1 min) before / after: ${load.before.toFixed(2)} / ${load.after.toFixed(2)} on ${availableParallelism()} cores`);
  report.experiments = exp;
}

console.log('\n(i) dynamic cluster: 7 days, 1,000 nodes, 200 services (diurnal load, HPA, cluster autoscaler, node failures)');
const loadBefore = loadavg()[0]!;
const dyn = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/dynamics.ts', '7'], { encoding: 'utf8', maxBuffer: 1 << 20 }));
dyn.load_average_before = loadBefore;
dyn.load_average_after = loadavg()[0]!;
console.log(
  `  ${Number(dyn.simulate_seconds).toFixed(1)} s wall (${Number(dyn.cpu_seconds).toFixed(1)} s cpu; target 30 s), ${dyn.instants} instants, ${dyn.events} events, ${dyn.jobs} replicas created, ` +
    `peak RSS ${Number(dyn.peak_rss_mb).toFixed(0)} MB; load average ${loadBefore.toFixed(2)} before, ${dyn.load_average_after.toFixed(2)} after`,
);
console.log(`  ${dyn.node_failures} node failures, nodes mean ${Number(dyn.mean_nodes).toFixed(0)} max ${dyn.max_nodes}, ${dyn.replica_scale_events} replica scale events, ${dyn.node_scale_ups} node scale-ups, ${dyn.node_scale_downs} scale-downs`);
report.dynamics = dyn;


mkdirSync('test/output', { recursive: true });
writeFileSync(dynamicsOnly ? 'test/output/bench-dynamics.json' : 'test/output/bench.json', `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwritten to ${dynamicsOnly ? 'test/output/bench-dynamics.json' : 'test/output/bench.json'}`);
