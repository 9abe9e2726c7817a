/**
 * One run: a workload and a cluster under one scheduler, with its metrics and
 * time series. The CLI, the default job and (later) worker threads and the
 * browser all call `runSimulation`; it does no I/O.
 */
import { Cluster, type ClusterSpec } from '../sim/cluster.ts';
import { Engine, type RunResult } from '../sim/engine.ts';
import { computeRunMetrics, type RunMetrics } from '../sim/metrics.ts';
import type { Observer } from '../sim/recorder.ts';
import { TimeSeries } from '../sim/timeseries.ts';
import { createScheduler, type BatchChoice } from '../schedulers/registry.ts';
import type { Workload } from '../workloads/workload.ts';

export interface SimulationOptions extends BatchChoice {
  /** What happens past the estimate: run to the actual end, or cut (killed at walltime). */
  overrun: 'run' | 'cut';
  /** Time series bucket length in seconds. */
  sampleStep: number;
  /** Seed of the run's random streams (recorded; used by randomized policies and generators). */
  seed: number;
  /** Fail the run after this many instants (the event budget of experiments); unlimited when absent. */
  maxSteps?: number;
  /** Check invariants after every instant (slower), not only at the end. */
  checkEveryStep?: boolean;
  /** Receives the time series: its columns before the run, then each row as soon as its bucket is complete. */
  timeseries?: { columns(names: readonly string[]): void; row(values: readonly number[]): void };
  /** Receives decision explanations. */
  explain?: (record: Record<string, unknown>) => void;
  /** Extra observers (event logs, custom metrics). */
  observers?: readonly Observer[];
}

export interface SimulationOutput {
  result: RunResult;
  cluster: Cluster;
  metrics: RunMetrics;
  policyName: string;
}

export const DEFAULT_OPTIONS = {
  queue: 'fcfs',
  backfill: 'easy',
  placement: 'first-fit',
  overrun: 'run',
  sampleStep: 3600,
  seed: 1,
} as const satisfies Partial<SimulationOptions>;

export function runSimulation(workload: Workload, clusterSpec: ClusterSpec, options: SimulationOptions): SimulationOutput {
  const cluster = new Cluster(clusterSpec);
  const policy = createScheduler(options);
  const sink = options.timeseries;
  const series = new TimeSeries(cluster.resources, options.sampleStep, sink ? (row) => sink.row(row) : () => {});
  sink?.columns(series.columns);
  const engine = new Engine({
    cluster,
    jobs: workload.jobs,
    policy,
    overrun: options.overrun,
    observers: [series, ...(options.observers ?? [])],
    invariants: options.checkEveryStep ? 'step' : 'end',
    maxSteps: options.maxSteps,
    explain: options.explain,
  });
  const result = engine.run();
  return { result, cluster, metrics: computeRunMetrics(result, cluster), policyName: policy.name };
}
