/** Builds small hand-made runs for table-driven tests. */
import { Cluster, homogeneousCluster, type ClusterSpec } from '../../sim/cluster.ts';
import { Engine, type RunResult } from '../../sim/engine.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { createScheduler } from '../../schedulers/registry.ts';

export interface JobRow {
  id: string;
  submit: number;
  procs: number;
  estimate: number;
  runtime?: number;
  priority?: number;
}

export function jobsFrom(rows: readonly JobRow[]): SimJob[] {
  return rows.map((r) => ({
    id: r.id,
    submit: r.submit,
    tasks: r.procs,
    request: { cpu: 1 },
    runtime: r.runtime ?? r.estimate,
    estimate: r.estimate,
    priority: r.priority ?? 0,
  }));
}

export interface ScenarioOptions {
  queue?: string;
  backfill?: string;
  placement?: string;
  overrun?: 'run' | 'cut';
  cluster?: ClusterSpec;
  /** Receives the decision log (as `simulate --explain`). */
  explain?: (record: Record<string, unknown>) => void;
}

/** Runs the jobs on `procs` single-processor nodes; returns start times by job id and the raw result. */
export function runScenario(procs: number, rows: readonly JobRow[], options: ScenarioOptions = {}): { starts: Record<string, number>; result: RunResult } {
  const cluster = new Cluster(options.cluster ?? homogeneousCluster(procs, { cpu: 1 }));
  const engine = new Engine({
    cluster,
    jobs: jobsFrom(rows),
    policy: createScheduler({ queue: options.queue ?? 'fcfs', backfill: options.backfill ?? 'easy', placement: options.placement ?? 'first-fit' }),
    overrun: options.overrun ?? 'run',
    invariants: 'step',
    explain: options.explain,
  });
  const result = engine.run();
  const starts: Record<string, number> = {};
  for (let j = 0; j < result.jobs.count; j++) starts[result.jobs.ids[j]!] = result.start[j]!;
  return { starts, result };
}
