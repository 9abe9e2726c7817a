/**
 * Kubernetes-style scheduler throughput, in the spirit of kube-scheduler's
 * scheduler_perf SchedulingBasic: N nodes (32 cores, 128 GiB, 10 zones), P pods
 * of small random requests, all pending at once, default plugin set and
 * adaptive percentageOfNodesToScore. Prints JSON: scheduling cycles per second
 * and microseconds per pod. Usage: tsx test/bench/kube-bench.ts NODES PODS
 */
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { Rng } from '../../sim/rng.ts';
import { frameworkFromConfig } from '../../experiments/run/scheduler-choice.ts';
import type { SimJob } from '../../sim/jobs.ts';

const nodes = Number(process.argv[2] ?? 5000);
const pods = Number(process.argv[3] ?? 30000);
const config = process.argv[4] ?? null;
const random = new Rng(1).stream('bench');
const cluster = new Cluster({
  resources: ['cpu', 'memory'],
  nodes: Array.from({ length: nodes }, (_, i) => ({ id: `node-${i}`, capacity: { cpu: 32, memory: 131072 }, labels: { 'topology.kubernetes.io/zone': `zone-${i % 10}` } })),
});
const jobs: SimJob[] = Array.from({ length: pods }, (_, i) => ({
  id: `pod-${i}`,
  submit: 0,
  tasks: 1,
  request: { cpu: [0.1, 0.25, 0.5, 1, 2][Math.floor(random() * 5)]!, memory: [128, 256, 512, 1024, 2048][Math.floor(random() * 5)]! },
  runtime: Infinity,
  estimate: Infinity,
}));
const policy = frameworkFromConfig(config, 'bench')({ rng: new Rng(1) });
const engine = new Engine({ cluster, jobs, policy });
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const r = engine.run();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
// CPU time too: on a shared machine the wall clock counts other processes' turns.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
let running = 0;
for (let j = 0; j < r.jobs.count; j++) if (r.state[j] === 2) running++;
process.stdout.write(`${JSON.stringify({ nodes, pods, scheduled: running, seconds, cycles_per_second: pods / seconds, microseconds_per_pod: (1e6 * seconds) / pods, cpu_seconds: cpuSeconds, cycles_per_cpu_second: pods / cpuSeconds })}\n`);
