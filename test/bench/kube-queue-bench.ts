/**
 * The Kubernetes-style scheduler under a queue: a generated batch workload
 * (workloads/examples/poisson-lognormal.yaml: 5,000 jobs of 1-128 tasks on 256
 * nodes) replayed under experiments/examples/kube/most-allocated.yaml, with and
 * without explanations, against fcfs+easy on the same jobs. Each simulation is
 * timed in this process (net of start-up and reading). Prints one JSON line.
 * Usage: tsx test/bench/kube-queue-bench.ts [JOBS]  (JOBS: the first JOBS jobs only)
 */
import { readFileSync } from 'node:fs';
import { frameworkFromConfig } from '../../experiments/run/scheduler-choice.ts';
import { runSimulation, DEFAULT_OPTIONS } from '../../experiments/run/simulate.ts';
import { generateWorkload } from '../../workloads/generate.ts';
import { parseGeneratorSpec } from '../../workloads/spec.ts';

const limit = process.argv[2] ? Number(process.argv[2]) : Infinity;
const only = process.argv[3] ?? 'all';
const specFile = 'workloads/examples/poisson-lognormal.yaml';
const full = generateWorkload(parseGeneratorSpec(readFileSync(specFile, 'utf8'), specFile), 1, { file: 'poisson-lognormal.yaml' });
const workload = { ...full, jobs: full.jobs.slice(0, Math.min(limit, full.jobs.length)) };
const configFile = 'experiments/examples/kube/most-allocated.yaml';
const kube = frameworkFromConfig(readFileSync(configFile, 'utf8'), configFile);

const time = (policy: typeof kube | undefined, explain: boolean) => {
  let records = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = runSimulation(workload, workload.cluster!, { ...DEFAULT_OPTIONS, policy, explain: explain ? () => void records++ : undefined });
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, events: out.result.events, records, bsld: out.metrics.mean_bounded_slowdown };
};

const batch = only === 'all' || only === 'batch' ? time(undefined, false) : null;
const plain = only === 'all' || only === 'kube' ? time(kube, false) : null;
const explained = only === 'all' || only === 'explain' ? time(kube, true) : null;
process.stdout.write(
  `${JSON.stringify({
    jobs: workload.jobs.length,
    nodes: workload.cluster!.nodes.length,
    fcfs_easy_seconds: batch?.seconds,
    kube_seconds: plain?.seconds,
    kube_explain_seconds: explained?.seconds,
    fcfs_easy_cpu_seconds: batch?.cpu,
    kube_cpu_seconds: plain?.cpu,
    kube_explain_cpu_seconds: explained?.cpu,
    kube_over_fcfs_easy: batch && plain ? plain.seconds / batch.seconds : undefined,
    explain_over_plain: plain && explained ? explained.seconds / plain.seconds : undefined,
    kube_over_fcfs_easy_cpu: batch && plain ? plain.cpu / batch.cpu : undefined,
    explain_over_plain_cpu: plain && explained ? explained.cpu / plain.cpu : undefined,
    explain_records: explained?.records,
    kube_mean_bounded_slowdown: plain?.bsld,
  })}\n`,
);
