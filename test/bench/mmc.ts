/**
 * The M/M/c benchmark: Poisson arrivals and exponential service times on c
 * single-processor nodes under FCFS without backfilling (one submission and one
 * end per customer). The model is simple enough that a bare discrete-event loop
 * runs it at the speed of the hardware, so the engine's speed is given as a
 * ratio against that loop, run in the same process, and the simulated mean wait
 * is checked against queueing theory (Erlang C).
 *
 * `tsx test/bench/mmc.ts FILE C LAMBDA MU` reads the SWF file FILE (written by
 * mmcSwfLines), runs it through the engine and the bare loop, and prints one
 * JSON line. Run in its own process, so the reading is measured cold.
 */
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { computeRunMetrics } from '../../sim/metrics.ts';
import { exponential, Rng } from '../../sim/rng.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { readSwf } from '../../traces/node-read.ts';
import { erlangC } from '../../workloads/services/queueing.ts';

export interface MmcSpec {
  /** Servers (single-processor nodes). */
  servers: number;
  customers: number;
  /** Arrival rate λ and service rate μ per server, per second. */
  lambda: number;
  mu: number;
  seed: number;
}

/**
 * The model as an SWF log: times in seconds with 3 decimals (a run time that
 * would round to 0 is written as 0.001, since SWF drops run times of 0).
 */
export function* mmcSwfLines(spec: MmcSpec): Generator<string> {
  const rng = new Rng(spec.seed);
  const arrivals = rng.stream('arrivals');
  const service = rng.stream('service');
  yield `; MaxProcs: ${spec.servers}`;
  yield `; MaxNodes: ${spec.servers}`;
  yield `; Note: M/M/${spec.servers}, ${spec.customers} customers, lambda ${spec.lambda}, mu ${spec.mu}, seed ${spec.seed}`;
  let t = 0;
  for (let i = 1; i <= spec.customers; i++) {
    t += exponential(arrivals, 1 / spec.lambda);
    const runtime = Math.max(0.001, exponential(service, 1 / spec.mu)).toFixed(3);
    yield `${i} ${t.toFixed(3)} -1 ${runtime} 1 -1 -1 1 ${runtime} -1 1 1 1 -1 -1 -1 -1 -1`;
  }
}

/**
 * The bare loop: the same model (arrivals sorted by time, FCFS, ends before
 * arrivals at one instant) with nothing but a typed-array heap of end times, a
 * count of free servers and a ring of waiting customers. Returns the start time
 * of every customer.
 */
export function bareMmc(servers: number, submit: Float64Array, runtime: Float64Array, n: number): Float64Array {
  const start = new Float64Array(n);
  const ends = new Float64Array(servers + 1);
  let pending = 0;
  const ring = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let free = servers;
  let next = 0;
  const begin = (j: number, now: number) => {
    start[j] = now;
    const t = now + runtime[j]!;
    let i = pending++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ends[p]! <= t) break;
      ends[i] = ends[p]!;
      i = p;
    }
    ends[i] = t;
  };
  const popEnd = () => {
    const last = ends[--pending]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= pending) break;
      if (c + 1 < pending && ends[c + 1]! < ends[c]!) c++;
      if (last <= ends[c]!) break;
      ends[i] = ends[c]!;
      i = c;
    }
    ends[i] = last;
  };
  while (next < n || pending > 0) {
    const now = Math.min(pending > 0 ? ends[0]! : Infinity, next < n ? submit[next]! : Infinity);
    while (pending > 0 && ends[0] === now) {
      popEnd();
      free++;
    }
    while (next < n && submit[next] === now) ring[tail++] = next++;
    while (free > 0 && head < tail) {
      free--;
      begin(ring[head++]!, now);
    }
  }
  return start;
}

/** Mean of start − submit over the first n customers. */
function meanWait(start: Float64Array, submit: Float64Array, n: number): number {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += start[j]! - submit[j]!;
  return sum / n;
}

/** Student's t quantile 0.975 for 19 degrees of freedom (20 batches). */
const T_975_19 = 2.093;

/**
 * The mean wait by the method of batch means (Law and Kelton, Simulation
 * Modeling and Analysis, 5th ed., section 9.5.3): the customers in arrival
 * order are cut into 20 batches of equal size; at 50 000 customers a batch
 * (10^6 customers, ρ = 0.9, a relaxation time of a few thousand customers)
 * the batch means are close to independent, so their spread gives a 95%
 * confidence interval where the spread of single waits, strongly correlated
 * in a busy queue, would not.
 */
export function batchMeans(start: Float64Array, submit: Float64Array, n: number): { mean: number; halfWidth: number } {
  const k = 20;
  const size = Math.floor(n / k);
  const means: number[] = [];
  for (let b = 0; b < k; b++) {
    let sum = 0;
    for (let j = b * size; j < (b + 1) * size; j++) sum += start[j]! - submit[j]!;
    means.push(sum / size);
  }
  let mean = 0;
  for (const m of means) mean += m / k;
  let ss = 0;
  for (const m of means) ss += (m - mean) ** 2;
  return { mean, halfWidth: (T_975_19 * Math.sqrt(ss / (k - 1))) / Math.sqrt(k) };
}

/** The arrival and service rates the sample actually has (λ̂ from the span of arrivals, μ̂ from the mean service time). */
function realizedRates(submit: Float64Array, runtime: Float64Array, n: number): { lambda: number; mu: number } {
  let work = 0;
  for (let j = 0; j < n; j++) work += runtime[j]!;
  return { lambda: (n - 1) / (submit[n - 1]! - submit[0]!), mu: n / work };
}

if (process.argv[1]?.endsWith('mmc.ts')) {
  const [file, c, lambda, mu] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const workload = await readSwf(file, {}, true);
  const t1 = performance.now();
  const c1 = cpu();
  const cluster = new Cluster(workload.cluster!);
  const engine = new Engine({ cluster, jobs: workload.jobs, policy: createScheduler({ queue: 'fcfs', backfill: 'none', placement: 'first-fit' }) });
  const t2 = performance.now();
  const c2 = cpu();
  const result = engine.run();
  const t3 = performance.now();
  const c3 = cpu();
  const metrics = computeRunMetrics(result, cluster);
  const t4 = performance.now();
  const c4 = cpu();
  const n = result.jobs.count;
  const { submit, runtime } = result.jobs;
  // The bare loop, best of three (it is short, so one run is at the mercy of the scheduler of the machine).
  let bareSeconds = Infinity;
  let bareCpuSeconds = Infinity;
  let bareStart: Float64Array = new Float64Array(0);
  for (let k = 0; k < 3; k++) {
    const b0 = performance.now();
    const bc = cpu();
    bareStart = bareMmc(c, submit, runtime, n);
    bareSeconds = Math.min(bareSeconds, (performance.now() - b0) / 1000);
    bareCpuSeconds = Math.min(bareCpuSeconds, cpu() - bc);
  }
  let differ = 0;
  for (let j = 0; j < n; j++) if (bareStart[j] !== result.start[j]) differ++;
  const simulateSeconds = (t3 - t2) / 1000;
  const wait = batchMeans(result.start, submit, n);
  const rates = realizedRates(submit, runtime, n);
  process.stdout.write(
    `${JSON.stringify({
      servers: c,
      customers: n,
      events: result.events,
      read_seconds: (t1 - t0) / 1000,
      setup_seconds: (t2 - t1) / 1000,
      simulate_seconds: simulateSeconds,
      metrics_seconds: (t4 - t3) / 1000,
      end_to_end_seconds: (t4 - t0) / 1000,
      events_per_second: result.events / simulateSeconds,
      end_to_end_events_per_second: result.events / ((t4 - t0) / 1000),
      bare_seconds: bareSeconds,
      bare_events_per_second: (2 * n) / bareSeconds,
      ratio: simulateSeconds / bareSeconds,
      read_cpu_seconds: c1 - c0,
      setup_cpu_seconds: c2 - c1,
      simulate_cpu_seconds: c3 - c2,
      metrics_cpu_seconds: c4 - c3,
      end_to_end_cpu_seconds: c4 - c0,
      bare_cpu_seconds: bareCpuSeconds,
      starts_differing_from_bare_loop: differ,
      mean_wait: meanWait(result.start, submit, n),
      mean_wait_metrics: metrics.mean_wait,
      erlang_c_mean_wait: erlangC(c, lambda / mu) / (c * mu - lambda),
      mean_wait_batch_means: wait.mean,
      mean_wait_ci95_half_width: wait.halfWidth,
      realized_lambda: rates.lambda,
      realized_mu: rates.mu,
      erlang_c_mean_wait_realized: erlangC(c, rates.lambda / rates.mu) / (c * rates.mu - rates.lambda),
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}
