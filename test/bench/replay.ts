/**
 * One whole-run replay, measured in its own process so that its peak memory
 * is its own: `tsx test/bench/replay.ts FILE QUEUE BACKFILL` prints one JSON line.
 */
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { computeRunMetrics } from '../../sim/metrics.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { readSwf } from '../../traces/node-read.ts';

const [file, queue = 'fcfs', backfill = 'easy'] = process.argv.slice(2);
const t0 = performance.now();
const workload = await readSwf(file!);
const t1 = performance.now();
const cpu1 = process.cpuUsage();
const cluster = new Cluster(workload.cluster!);
const engine = new Engine({ cluster, jobs: workload.jobs, policy: createScheduler({ queue, backfill, placement: 'first-fit' }) });
const result = engine.run();
const metrics = computeRunMetrics(result, cluster);
const t2 = performance.now();
const cpu2 = process.cpuUsage(cpu1);
process.stdout.write(
  `${JSON.stringify({
    file,
    queue,
    backfill,
    jobs: workload.jobs.length,
    processors: cluster.totalCapacity(0),
    read_seconds: (t1 - t0) / 1000,
    simulate_seconds: (t2 - t1) / 1000,
    simulate_cpu_seconds: (cpu2.user + cpu2.system) / 1e6,
    events: result.events,
    events_per_second: result.events / ((t2 - t1) / 1000),
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    mean_bounded_slowdown: metrics.mean_bounded_slowdown,
    utilization: metrics.utilization.cpu,
  })}\n`,
);
