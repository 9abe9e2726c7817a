/** Runs jobs through the Kubernetes-style scheduler on a small cluster (engine included). */
import { Cluster, type NodeSpec } from '../../../sim/cluster.ts';
import { Engine, type RunResult } from '../../../sim/engine.ts';
import { JOB_STATE_NAMES } from '../../../sim/policy.ts';
import { Rng } from '../../../sim/rng.ts';
import { frameworkFromConfig } from '../../../experiments/run/scheduler-choice.ts';
import type { UnschedulableMode } from '../../../schedulers/framework/scheduler.ts';
import { JobSchema, type JobInput } from '../../../workloads/job.ts';

export interface KubeRun {
  result: RunResult;
  /** job id → node names of its pods (one per pod) at its last start */
  nodes: Record<string, string[]>;
  start: Record<string, number>;
  state: Record<string, string>;
  decisions: Record<string, unknown>[];
}

export function runKube(nodes: NodeSpec[], jobs: (Partial<JobInput> & { id: string })[], config: string | null = null, options: { seed?: number; unschedulable?: UnschedulableMode; explain?: boolean } = {}): KubeRun {
  const cluster = new Cluster({ nodes });
  const decisions: Record<string, unknown>[] = [];
  const nodesOf: Record<string, string[]> = {};
  const policy = frameworkFromConfig(config, '<test>', { unschedulable: options.unschedulable ?? 'wait' })({ rng: new Rng(options.seed ?? 1) });
  const engine = new Engine({
    cluster,
    jobs: jobs.map((j) => JobSchema.parse({ submit: 0, tasks: 1, request: {}, runtime: 100, estimate: 100, ...j })),
    policy,
    invariants: 'step',
    explain: options.explain === false ? undefined : (r) => decisions.push(r),
    observers: [
      {
        onStart(job, _now, e) {
          const p = e.placementOf(job)!;
          nodesOf[e.jobs.ids[job]!] = Array.from(p.nodes).flatMap((n, i) => Array<string>(p.counts[i]!).fill(e.cluster.nodeIds[n]!));
        },
      },
    ],
  });
  const result = engine.run();
  const start: Record<string, number> = {};
  const state: Record<string, string> = {};
  for (let j = 0; j < result.jobs.count; j++) {
    start[result.jobs.ids[j]!] = result.start[j]!;
    state[result.jobs.ids[j]!] = JOB_STATE_NAMES[result.state[j]!]!;
  }
  return { result, nodes: nodesOf, start, state, decisions };
}
