/**
 * The conformance suite every scheduling policy passes, built-in or written
 * by a user (`clusterlab check-scheduler`). Each scenario is a small workload
 * on a small cluster, run with the engine's invariants checked after every
 * instant; a policy passes when, in every scenario:
 *   - it makes no impossible decision (the engine refuses none: no start of a
 *     job that is not queued, no over-committed node or GPU device, no wake-up
 *     in the past, nothing decided outside schedule());
 *   - it loses no job: every job ends finished, killed or rejected (pods that
 *     never end may still be running), and the job counts add up;
 *   - it does not stall: no job left queued with nothing left to happen, and
 *     the run ends within a budget of instants (no endless wake-ups);
 *   - it is deterministic: a second run with the same seed gives the same
 *     start times, placements and outcomes;
 *   - it does not throw.
 * Scenarios: single-processor HPC jobs (some wider than the machine), jobs
 * asking cpu and memory (some never fit), GPU pods sharing devices, and pods
 * that never end (fill mode: what does not fit must be rejected).
 */
import { Cluster, type ClusterSpec } from '../sim/cluster.ts';
import { Engine } from '../sim/engine.ts';
import { SimulationError } from '../sim/errors.ts';
import type { SimJob } from '../sim/jobs.ts';
import { JOB_STATE_NAMES, JobState, type SchedulingPolicy } from '../sim/policy.ts';
import { Rng } from '../sim/rng.ts';
import type { RegistryContext } from './registry.ts';

export interface Scenario {
  name: string;
  description: string;
  cluster: ClusterSpec;
  jobs: SimJob[];
}

export interface ScenarioResult {
  scenario: string;
  description: string;
  passed: boolean;
  /** Plain-words findings, empty when it passed. */
  problems: string[];
  /** What happened, in brief. */
  summary: string;
}

function hpc(): Scenario {
  const random = new Rng(11).stream('conformance-hpc');
  const jobs: SimJob[] = [];
  let t = 0;
  for (let i = 0; i < 60; i++) {
    t += Math.floor(random() * 40);
    const tasks = i === 17 ? 20 : 1 + Math.floor(random() ** 2 * 12);
    const runtime = 10 + Math.floor(random() * 300);
    jobs.push({ id: `j${i}`, submit: t, tasks, request: { cpu: 1 }, runtime, estimate: runtime + Math.floor(random() * 200), user: `u${i % 4}` });
  }
  return {
    name: 'hpc',
    description: '60 parallel jobs on 16 single-processor nodes (one wider than the machine)',
    cluster: { resources: ['cpu'], nodes: Array.from({ length: 16 }, (_, i) => ({ id: `n${i}`, capacity: { cpu: 1 } })) },
    jobs,
  };
}

function multiResource(): Scenario {
  const random = new Rng(12).stream('conformance-multi');
  const jobs: SimJob[] = [];
  for (let i = 0; i < 40; i++) {
    const cpu = [0.5, 1, 2, 4][Math.floor(random() * 4)]!;
    const memory = [512, 2048, 8192][Math.floor(random() * 3)]!;
    const runtime = 20 + Math.floor(random() * 200);
    jobs.push({ id: `m${i}`, submit: i * 5, tasks: 1 + Math.floor(random() * 3), request: i === 9 ? { cpu: 1, memory: 100000 } : { cpu, memory }, runtime, estimate: runtime, user: `t${i % 3}` });
  }
  return {
    name: 'multi-resource',
    description: '40 jobs asking cpu and memory on 4 nodes of two shapes (one job larger than any node)',
    cluster: {
      resources: ['cpu', 'memory'],
      nodes: [
        { id: 'small-0', capacity: { cpu: 4, memory: 8192 } },
        { id: 'small-1', capacity: { cpu: 4, memory: 8192 } },
        { id: 'big-0', capacity: { cpu: 16, memory: 32768 } },
        { id: 'big-1', capacity: { cpu: 16, memory: 32768 } },
      ],
    },
    jobs,
  };
}

function gpuSharing(): Scenario {
  const random = new Rng(13).stream('conformance-gpu');
  const jobs: SimJob[] = [];
  for (let i = 0; i < 40; i++) {
    const kind = random();
    const runtime = 30 + Math.floor(random() * 300);
    const base = { id: `g${i}`, submit: i * 3, tasks: 1, runtime, estimate: runtime };
    if (kind < 0.5) {
      const milli = [250, 500, 700][Math.floor(random() * 3)]!;
      jobs.push({ ...base, request: { cpu: 2, memory: 4096, gpu: milli / 1000 }, gpu: { count: 1, milli } });
    } else if (kind < 0.85) {
      const count = [1, 2][Math.floor(random() * 2)]!;
      jobs.push({ ...base, request: { cpu: 4, memory: 8192, gpu: count }, gpu: { count, milli: 1000 } });
    } else jobs.push({ ...base, request: { cpu: 1, memory: 1024 } });
  }
  return {
    name: 'gpu-sharing',
    description: '40 pods, fractional and whole GPUs and cpu-only, on 3 nodes of 2, 4 and 8 GPUs',
    cluster: {
      resources: ['cpu', 'memory', 'gpu'],
      nodes: [
        { id: 'g2', capacity: { cpu: 16, memory: 65536, gpu: 2 }, labels: { 'clusterlab/gpu-model': 'T4' } },
        { id: 'g4', capacity: { cpu: 32, memory: 131072, gpu: 4 }, labels: { 'clusterlab/gpu-model': 'V100M16' } },
        { id: 'g8', capacity: { cpu: 96, memory: 393216, gpu: 8 }, labels: { 'clusterlab/gpu-model': 'G2' } },
      ],
    },
    jobs,
  };
}

function neverEnding(): Scenario {
  const jobs: SimJob[] = [];
  for (let i = 0; i < 12; i++) jobs.push({ id: `s${i}`, submit: i, tasks: 1, request: { cpu: 3 }, runtime: Infinity, estimate: Infinity });
  return {
    name: 'never-ending',
    description: '12 pods that never end arriving one per second on 2 nodes of 8 cpus (what no longer fits must be rejected)',
    cluster: { resources: ['cpu'], nodes: [{ id: 'a', capacity: { cpu: 8 } }, { id: 'b', capacity: { cpu: 8 } }] },
    jobs,
  };
}

export const SCENARIOS: readonly (() => Scenario)[] = [hpc, multiResource, gpuSharing, neverEnding];

interface Outcome {
  fingerprint: string;
  summary: string;
  problems: string[];
}

function runOnce(scenario: Scenario, factory: (context: RegistryContext) => SchedulingPolicy, seed: number): Outcome {
  const engine = new Engine({ cluster: new Cluster(scenario.cluster), jobs: scenario.jobs, policy: factory({ rng: new Rng(seed) }), invariants: 'step', maxSteps: 200_000 });
  const problems: string[] = [];
  let fingerprint = '';
  let summary = '';
  try {
    const r = engine.run();
    const counts = new Map<string, number>();
    const parts: string[] = [];
    for (let j = 0; j < r.jobs.count; j++) {
      const s = r.state[j]!;
      const name = JOB_STATE_NAMES[s] ?? `state ${s}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const never = r.jobs.runtime[j] === Infinity;
      if (s !== JobState.Finished && s !== JobState.Killed && s !== JobState.Rejected && !(never && s === JobState.Running)) {
        problems.push(`job ${r.jobs.ids[j]} ended the run ${name}: every job must finish or be rejected`);
      }
      const p = engine.placementOf(j);
      parts.push(`${r.jobs.ids[j]}:${name}:${r.start[j]}:${p ? Array.from(p.nodes).join('.') + '/' + Array.from(p.counts).join('.') + (p.devices ? '/' + Array.from(p.devices).join('.') : '') : ''}`);
    }
    fingerprint = parts.join(',');
    summary = [...counts.entries()].map(([k, v]) => `${v} ${k}`).join(', ');
  } catch (err) {
    if (err instanceof SimulationError) {
      const m = err.message;
      if (/stalled/.test(m)) problems.push(`it stalled: ${m}`);
      else if (/step budget/.test(m)) problems.push(`it did not finish within 200,000 instants (endless wake-ups?): ${m}`);
      else if (/ threw in /.test(m)) problems.push(`it threw an error: ${m}`);
      else problems.push(`it made an impossible decision: ${m}`);
    } else problems.push(`it threw an error: ${(err as Error)?.message ?? String(err)}`);
  }
  return { fingerprint, summary, problems };
}

/** Runs every scenario twice (same seed) and reports each in plain words. */
export function runConformance(factory: (context: RegistryContext) => SchedulingPolicy, scenarios: readonly (() => Scenario)[] = SCENARIOS): ScenarioResult[] {
  return scenarios.map((make) => {
    const scenario = make();
    const first = runOnce(scenario, factory, 42);
    const problems = [...first.problems];
    if (problems.length === 0) {
      const second = runOnce(scenario, factory, 42);
      if (second.problems.length > 0) problems.push(`the second run failed: ${second.problems[0]}`);
      else if (second.fingerprint !== first.fingerprint) {
        const a = first.fingerprint.split(',');
        const b = second.fingerprint.split(',');
        const k = a.findIndex((x, i) => x !== b[i]);
        problems.push(`it is not deterministic: two runs with the same seed differ first at job ${a[k]?.split(':')[0]} (${a[k]} vs ${b[k]}); use the seeded streams, not Math.random or the clock`);
      }
    }
    return { scenario: scenario.name, description: scenario.description, passed: problems.length === 0, problems, summary: first.summary };
  });
}

export function formatReport(name: string, results: readonly ScenarioResult[]): string {
  const lines = [`Conformance of ${name}:`];
  for (const r of results) {
    lines.push(`  ${r.passed ? 'PASS' : 'FAIL'}  ${r.scenario}: ${r.description}${r.summary ? ` (${r.summary})` : ''}`);
    for (const p of r.problems) lines.push(`        - ${p}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push(failed === 0 ? `All ${results.length} scenarios passed: no impossible decision, no lost job, no stall, deterministic.` : `${failed} of ${results.length} scenarios failed.`);
  return `${lines.join('\n')}\n`;
}
