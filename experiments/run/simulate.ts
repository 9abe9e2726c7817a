/**
 * One run: a workload and a cluster under one scheduler, with its metrics and
 * time series. The CLI, the default job and (later) worker threads and the
 * browser all call `runSimulation`; it does no I/O.
 */
import { Cluster, type ClusterSpec } from '../../sim/cluster.ts';
import { withPodLimit } from './pod-limit.ts';
import type { Controller } from '../../sim/controller.ts';
import { Engine, type RunResult } from '../../sim/engine.ts';
import { AttemptDurations, computeRunMetrics, type RunMetrics } from '../../sim/metrics.ts';
import type { Observer } from '../../sim/recorder.ts';
import { TimeSeries, type SeriesExtension } from '../../sim/timeseries.ts';
import type { SchedulingPolicy } from '../../sim/policy.ts';
import { Rng } from '../../sim/rng.ts';
import { createScheduler, type BatchChoice, type RegistryContext } from '../../schedulers/registry.ts';
import { JobNodes } from '../results/job-nodes.ts';
import type { Workload } from '../../workloads/workload.ts';
import { GpuAllocationObserver, type GpuAllocationAtDemand } from '../results/gpu-allocation.ts';

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
  /** Processes other than the scheduler: failures, autoscalers, services... (scenario runs). */
  controllers?: readonly Controller[];
  /** Stop at this simulated time (the run is then truncated; services never end by themselves). */
  maxTime?: number;
  /** Time at which the controllers start (default: the first submission). */
  startTime?: number;
  /** Extra time-series columns (only runs that use them have them). */
  seriesExtensions?: readonly SeriesExtension[];
  /**
   * A whole policy instead of queue + backfill + placement (the Kubernetes-style
   * scheduler, a user's module, an external scheduler), built for this run
   * with its seeded streams.
   */
  policy?: (context: RegistryContext) => SchedulingPolicy;
  /** How the policy was chosen (recorded in the manifest). */
  schedulerDescription?: Record<string, unknown>;
}

export interface SimulationOutput {
  result: RunResult;
  cluster: Cluster;
  metrics: RunMetrics;
  policyName: string;
  /** GPU allocation when demand reached 80/90/100 % of GPU capacity and at the end (clusters with GPUs). */
  gpuAllocation: GpuAllocationAtDemand | null;
  /** Node ranges of each job (by job index), null for jobs that never started; see job-nodes.ts. */
  nodes: readonly (string | null)[];
  /** Duration of each job's last attempt as the engine ran it (NaN unless it finished or was killed): jobs.csv's runtime. */
  durations: Float64Array;
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
  const cluster = new Cluster(withPodLimit(clusterSpec, workload.jobs));
  const context: RegistryContext = { rng: new Rng(options.seed), namespaces: workload.namespaces };
  const policy = options.policy ? options.policy(context) : createScheduler(options, context);
  const gpuAllocation = new GpuAllocationObserver();
  const sink = options.timeseries;
  const series = new TimeSeries(cluster.resources, options.sampleStep, sink ? (row) => sink.row(row) : () => {}, options.seriesExtensions ?? []);
  sink?.columns(series.columns);
  const nodes = new JobNodes();
  const durations = new AttemptDurations();
  const engine = new Engine({
    cluster,
    jobs: workload.jobs,
    policy,
    overrun: options.overrun,
    observers: [series, gpuAllocation, nodes, durations, ...(options.observers ?? [])],
    invariants: options.checkEveryStep ? 'step' : 'end',
    maxSteps: options.maxSteps,
    explain: options.explain,
    controllers: options.controllers,
    maxTime: options.maxTime,
    startTime: options.startTime,
  });
  let result: RunResult;
  try {
    result = engine.run();
  } finally {
    // External schedulers hold a child process.
    (policy as { close?: () => void }).close?.();
  }
  return {
    result,
    cluster,
    metrics: computeRunMetrics(result, cluster, durations.values),
    policyName: policy.name,
    gpuAllocation: gpuAllocation.result(),
    nodes: nodes.nodes,
    durations: durations.values,
  };
}
