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
 *      then fcfs+conservative on KTH SP2, HPC2N, CTC SP2 and SDSC Blue (KTH only
 *      with --quick), its time to simulate as a ratio to fcfs+easy's on the same
 *      log in this run (the target is 2). `--conservative` runs only this part,
 *      `--trace FILE` (repeatable) replaces its logs.
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
 *  (j) the engine at the speed of the hardware: an M/M/16 queue of 10^6 customers
 *      (load 0.9, written as SWF with a seeded generator), fcfs without backfilling,
 *      in its own process: events per second of the simulation alone and end to
 *      end from the file, against a bare discrete-event loop of the same model in
 *      that process, and the simulated mean wait beside Erlang C's (test/bench/mmc.ts).
 *  (k) start-up: `clusterlab --version` and `simulate` of a 10-job log against
 *      `node -e 0`, alternated rounds, medians (startup.ts).
 *  (l) a long availability run: a 3-of-5 service over 10^7 hours with hourly
 *      buckets (10^7 time-series rows), `clusterlab scenario` in its own process,
 *      against the same run with 10^3 buckets (availability.ts; the target is 30 s).
 * `--dynamics` runs only (i) and (l); `--conservative` only the second part of (b); `--mmc` only (j); `--startup` only (k).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { experimentsBenchmark } from './experiments-bench.ts';
import { parseBenchmark, SAMPLE_CASES, syntheticCases } from './parse-bench.ts';
import { mmcSwfLines, type MmcSpec } from './mmc.ts';
import { holdBenchmark, pushPopBenchmark } from './queue-bench.ts';
import { syntheticSwfLines } from '../../workloads/synthetic-swf.ts';
import { startupBenchmark, startupLines } from './startup.ts';
import { vizFirstChart } from './viz-first-chart.ts';
import { replaceDocSection } from './doc-section.ts';

const quick = process.argv.includes('--quick');
const dynamicsOnly = process.argv.includes('--dynamics');
const conservativeOnly = process.argv.includes('--conservative');
const mmcOnly = process.argv.includes('--mmc');
const startupOnly = process.argv.includes('--startup');
const traceArgs = process.argv.flatMap((a, i) => (a === '--trace' && process.argv[i + 1] ? [process.argv[i + 1]!] : []));
const replay = (file: string, queue = 'fcfs', backfill = 'easy') =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/replay.ts', file, queue, backfill], { encoding: 'utf8', maxBuffer: 1 << 20 }));
const report: Record<string, unknown> = { node: process.version, quick };
// Everything the bench prints also goes into docs/performance.md (doc-section.ts), so the page holds the last run.
const printed: string[] = [];
const print = console.log.bind(console);
console.log = (...args: unknown[]) => {
  printed.push(args.map(String).join(' '));
  print(...args);
};
const loadAtStart = loadavg()[0]!;

/** (j): writes the M/M/c log into a temporary directory and runs test/bench/mmc.ts on it in its own process. */
async function mmcBenchmark(): Promise<Record<string, number>> {
  const c = 16;
  const mu = 1 / 100;
  const spec: MmcSpec = { servers: c, customers: quick ? 100_000 : 1_000_000, lambda: 0.9 * c * mu, mu, seed: 1 };
  const path = join(mkdtempSync(join(tmpdir(), 'clusterlab-bench-mmc-')), 'mmc.swf');
  const out = createWriteStream(path);
  for (const line of mmcSwfLines(spec)) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const args = ['--import', 'tsx', 'test/bench/mmc.ts', path, String(c), String(spec.lambda), String(mu)];
  const r = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 }));
  r.file_mb = statSync(path).size / 1e6;
  rmSync(dirname(path), { recursive: true, force: true });
  const m = (x: number) => (x / 1e6).toFixed(2);
  console.log(`  ${r.customers} customers, ${r.events} events, ${r.file_mb.toFixed(0)} MB of SWF`);
  console.log(`  simulation: ${r.simulate_seconds.toFixed(2)} s, ${m(r.events_per_second)} M events/s (cpu ${r.simulate_cpu_seconds.toFixed(2)} s); target >= 3 M events/s`);
  console.log(`  bare loop:  ${r.bare_seconds.toFixed(3)} s, ${m(r.bare_events_per_second)} M events/s; the engine takes ${r.ratio.toFixed(1)}x as long (target <= 5x); starts differing from the loop's: ${r.starts_differing_from_bare_loop}`);
  console.log(`  end to end from the file: read ${r.read_seconds.toFixed(2)} s + set-up ${r.setup_seconds.toFixed(2)} s + simulate + metrics ${r.metrics_seconds.toFixed(2)} s = ${r.end_to_end_seconds.toFixed(2)} s (cpu ${r.end_to_end_cpu_seconds.toFixed(2)} s), ${m(r.end_to_end_events_per_second)} M events/s; target under 2 s`);
  const ci = `${(r.mean_wait_batch_means - r.mean_wait_ci95_half_width).toFixed(2)}-${(r.mean_wait_batch_means + r.mean_wait_ci95_half_width).toFixed(2)}`;
  console.log(`  mean wait: simulated ${r.mean_wait.toFixed(2)} s (95% CI ${ci} s from 20 batch means), Erlang C ${r.erlang_c_mean_wait.toFixed(2)} s (${r.erlang_c_mean_wait_realized.toFixed(2)} s at the sample's own rates, load ${(r.realized_lambda / (r.servers * r.realized_mu)).toFixed(4)}); peak RSS ${r.peak_rss_mb.toFixed(0)} MB`);
  return r;
}

if (conservativeOnly) report.conservative = conservativeBenchmark();
else if (mmcOnly) {
  console.log('(j) M/M/16, load 0.9, fcfs without backfilling, from an SWF file, in its own process');
  report.mmc = await mmcBenchmark();
} else if (!dynamicsOnly && !startupOnly) {
  console.log('(a) event queue vs a bare typed-array binary heap (same process; ratio = baseline speed / ours)');
  const pushPop = [1e4, 1e5, 1e6].map((n) => pushPopBenchmark(n));
  for (const r of pushPop) console.log(`  push+pop ${r.n.toExponential(0)} events: ${(r.ops_per_second / 1e6).toFixed(2)} M ops/s, baseline ${(r.baseline_ops_per_second / 1e6).toFixed(2)} M ops/s, ratio ${r.ratio.toFixed(2)}`);
  const hold = [1e3, 1e4, 1e5, 1e6].map((p) => holdBenchmark(p, quick ? 200_000 : 1_000_000));
  for (const r of hold) console.log(`  hold, ${r.pending.toExponential(0)} pending: ${(r.hold_ops_per_second / 1e6).toFixed(2)} M holds/s, baseline ${(r.baseline_hold_ops_per_second / 1e6).toFixed(2)} M holds/s, ratio ${r.ratio.toFixed(2)}`);
  report.queue = { push_pop: pushPop, hold };

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
  report.conservative = conservativeBenchmark(runs);

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

  console.log('\n(j) M/M/16, load 0.9, fcfs without backfilling, from an SWF file, in its own process');
  report.mmc = await mmcBenchmark();
}

if (!conservativeOnly && !mmcOnly && !startupOnly) {
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
}

if (!conservativeOnly && !mmcOnly && !startupOnly) {
  console.log('\n(l) availability: a 3-of-5 service over 10^7 hours, hourly buckets (10^7 time-series rows), clusterlab scenario');
  // The scenario command prints its table first; the figures are the last line.
  const avOut = execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/availability.ts'], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n');
  const av = JSON.parse(avOut[avOut.length - 1]!);
  console.log(
    `  ${Number(av.seconds).toFixed(1)} s wall (${Number(av.cpu_seconds).toFixed(1)} s cpu; target 30 s), ${Number(av.timeseries_mb).toFixed(0)} MB of timeseries.csv; ` +
      `${Number(av.ratio_to_coarse).toFixed(1)}x the run with 10^3 buckets (${Number(av.coarse_seconds).toFixed(2)} s)`,
  );
  report.availability = av;
}

if (!dynamicsOnly && !conservativeOnly && !mmcOnly) {
  console.log('\n(k) start-up against node -e 0 (alternated rounds, medians)');
  const startup = startupBenchmark(quick ? 5 : 15);
  for (const line of startupLines(startup)) console.log(line);
  report.startup = startup;
}


mkdirSync('test/output', { recursive: true });
const out = dynamicsOnly ? 'test/output/bench-dynamics.json' : conservativeOnly ? 'test/output/bench-conservative.json' : mmcOnly ? 'test/output/bench-mmc.json' : startupOnly ? 'test/output/bench-startup.json' : 'test/output/bench.json';
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwritten to ${out}`);
if (!quick && traceArgs.length === 0) {
  const section = dynamicsOnly ? 'dynamics' : conservativeOnly ? 'conservative' : mmcOnly ? 'mmc' : startupOnly ? 'startup' : 'all';
  const text = printed.slice(0, -1).join('\n').trim();
  replaceDocSection('docs/performance.md', section, `Load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end (${availableParallelism()} cores), Node ${process.version}:\n\n\`\`\`text\n${text}\n\`\`\``);
}

/**
 * Conservative backfilling against EASY on the same logs, each replay in its own process: the
 * ratio of the times to simulate. EASY replays already made in (b) are reused (`done`).
 */
function conservativeBenchmark(done: Record<string, unknown>[] = []): Record<string, unknown>[] {
  const names = quick ? ['KTH-SP2-1996-2.1-cln.swf.gz'] : ['KTH-SP2-1996-2.1-cln.swf.gz', 'HPC2N-2002-2.2-cln.swf.gz', 'CTC-SP2-1996-3.1-cln.swf.gz', 'SDSC-BLUE-2000-4.2-cln.swf.gz'];
  const files = traceArgs.length > 0 ? traceArgs : names.map((n) => join('traces/samples', n)).filter((f) => existsSync(f));
  console.log('\n(b2) fcfs+conservative against fcfs+easy on the same log, each in its own process (time to simulate, wall and CPU; target: ratio <= 2)');
  const rows: Record<string, unknown>[] = [];
  for (const file of files) {
    const easy = done.find((r) => r.file === file) ?? replay(file);
    const cons = replay(file, 'fcfs', 'conservative');
    const ratio = Number(cons.simulate_seconds) / Number(easy.simulate_seconds);
    const cpuRatio = Number(cons.simulate_cpu_seconds) / Number(easy.simulate_cpu_seconds);
    console.log(
      `  ${file.split('/').pop()!.padEnd(44)} ${String(cons.jobs).padStart(8)} jobs  easy ${Number(easy.simulate_seconds).toFixed(2)} s (cpu ${Number(easy.simulate_cpu_seconds).toFixed(2)} s)  ` +
        `conservative ${Number(cons.simulate_seconds).toFixed(2)} s (cpu ${Number(cons.simulate_cpu_seconds).toFixed(2)} s)  ratio ${ratio.toFixed(2)} (cpu ${cpuRatio.toFixed(2)})`,
    );
    rows.push({
      file,
      jobs: cons.jobs,
      easy_simulate_seconds: easy.simulate_seconds,
      easy_simulate_cpu_seconds: easy.simulate_cpu_seconds,
      conservative_simulate_seconds: cons.simulate_seconds,
      conservative_simulate_cpu_seconds: cons.simulate_cpu_seconds,
      ratio,
      cpu_ratio: cpuRatio,
    });
  }
  return rows;
}
