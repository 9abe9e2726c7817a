/**
 * simulate: one run in memory, its files (jobs.csv, timeseries.csv,
 * summary.json, manifest.json, decisions.jsonl with `explain`) as strings, the
 * same bytes `clusterlab simulate --out` writes (the command calls this
 * function with its directory); writeResults puts them in a directory.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterSpec } from '../../sim/cluster.ts';
import type { RunMetrics } from '../../sim/metrics.ts';
import type { SchedulingPolicy } from '../../sim/policy.ts';
import type { RegistryContext } from '../../schedulers/registry.ts';
import type { Observer } from '../../sim/recorder.ts';
import type { Workload } from '../../workloads/workload.ts';
import type { GpuAllocationAtDemand } from '../results/gpu-allocation.ts';
import { allocatedAtEnd } from '../results/metrics-table.ts';
import { writeFileAtomic } from '../results/files.ts';
import { describeInputs } from '../results/inputs.ts';
import { clusterFor } from '../run/load.ts';
import { manifestOf } from '../run/results.ts';
import { memorySink, simulateToFiles, type RunFileSink } from '../run/run-files.ts';
import { resolveScheduler, type ResolvedScheduler } from '../run/scheduler-choice.ts';
import { DEFAULT_OPTIONS, type SimulationOptions } from '../run/simulate.ts';
import { VERSION } from '../results/version.ts';
import type { Trace } from './trace.ts';

export interface SimulateOptions {
  /** The cluster; by default the trace's (readTrace) or, for a bare workload, clusterFor's. */
  cluster?: ClusterSpec;
  /** Batch composition (default fcfs, easy, first-fit): names as `clusterlab simulate --help` lists them. */
  queue?: string;
  backfill?: string;
  placement?: string;
  /** Instead of the batch composition: 'kube', a module path (.ts/.js/.mjs), an external program, or a policy factory. */
  scheduler?: string | ((context: RegistryContext) => SchedulingPolicy);
  /** KubeSchedulerConfiguration file of the Kubernetes-style scheduler. */
  schedulerConfig?: string;
  /** Nodes named per job in the Kubernetes-style scheduler's explanations. */
  explainNodes?: number;
  /** Time allowed to an external scheduler's answer, in seconds. */
  schedulerTimeout?: number;
  unschedulable?: 'auto' | 'wait' | 'reject';
  /** Run to the actual end past the estimate, or cut at it. */
  overrun?: 'run' | 'cut';
  /** Time-series bucket length in seconds (default 3600). */
  sampleStep?: number;
  seed?: number;
  /** Also decisions.jsonl: why each job started, waited or was backfilled. */
  explain?: boolean;
  /** Check the engine's invariants after every instant (slower). */
  checkInvariants?: boolean;
  /** Write the files straight into this directory as the run goes (a large run) instead of keeping them in memory, or into a sink of files (the command stages them); null: no files, only the summary. */
  out?: string | RunFileSink | null;
  /** More observers of the run (a progress display, a recorder of your own); they must not change the state. */
  observers?: readonly Observer[];
}

export interface SimulationRun {
  /** File name -> content, as `clusterlab simulate --out` writes them (empty when `out` was given). */
  files: Record<string, string>;
  /** summary.json's content. */
  summary: Record<string, unknown>;
  metrics: RunMetrics;
  policyName: string;
  jobs: number;
  nodes: number;
  /** Configuration fields accepted but not modelled (the command prints them as warnings). */
  warnings: string[];
  /** GPU allocation at 80/90/100 % of demand and at the end (clusters with GPUs), else null. */
  gpuAllocation: GpuAllocationAtDemand | null;
  /** Fraction of each resource's capacity allocated when the run ended, by resource name. */
  allocatedAtEnd: Record<string, number>;
  /** Jobs rejected, and the first of them with its reason (null when none was). */
  rejected: { count: number; first: { id: string; reason: string } | null };
}

function isTrace(input: Trace | Workload): input is Trace {
  return 'workload' in input && 'read' in input;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The scheduler option as a policy (undefined: the batch composition), with its description for the manifest. */
export async function chooseScheduler(options: SimulateOptions): Promise<ResolvedScheduler> {
  if (typeof options.scheduler === 'function') return { policy: options.scheduler, description: { kind: 'function' } };
  return resolveScheduler({ scheduler: options.scheduler, schedulerConfig: options.schedulerConfig, unschedulable: options.unschedulable, explainNodes: options.explainNodes, schedulerTimeout: options.schedulerTimeout });
}

/**
 * One run of `input` (a trace from readTrace, or a workload) under the chosen
 * scheduler. `chosen` is the scheduler already resolved (the command resolves
 * it before reading the trace, so that its errors come first).
 */
export async function simulate(input: Trace | Workload, options: SimulateOptions = {}, chosen?: ResolvedScheduler): Promise<SimulationRun> {
  const scheduler = chosen ?? (await chooseScheduler(options));
  const trace: Trace = isTrace(input) ? input : { workload: input, cluster: options.cluster!, swf: {}, import: {}, read: [] };
  const cluster = options.cluster ?? trace.cluster ?? clusterFor(trace.workload);
  const simulation: SimulationOptions = {
    queue: options.queue ?? DEFAULT_OPTIONS.queue,
    backfill: options.backfill ?? DEFAULT_OPTIONS.backfill,
    placement: options.placement ?? DEFAULT_OPTIONS.placement,
    overrun: options.overrun ?? DEFAULT_OPTIONS.overrun,
    sampleStep: options.sampleStep ?? DEFAULT_OPTIONS.sampleStep,
    seed: options.seed ?? DEFAULT_OPTIONS.seed,
    checkEveryStep: Boolean(options.checkInvariants),
    unschedulable: options.unschedulable ?? 'auto',
    ...(scheduler.policy ? { policy: scheduler.policy, schedulerDescription: scheduler.description } : {}),
  };
  const read = [...trace.read];
  if (options.schedulerConfig) read.push({ role: 'scheduler-config', path: options.schedulerConfig });
  // The scheduler's own file: a module, or an external program when it is a file here (the run depends on its bytes).
  const spec = typeof options.scheduler === 'string' ? options.scheduler : null;
  if (spec && (scheduler.description.kind === 'module' || (scheduler.description.kind === 'external' && isFile(spec)))) read.push({ role: 'scheduler', path: spec });
  const inputs = await describeInputs(read);
  const reader = { format: trace.workload.source.format, ...trace.swf, ...trace.import, ...(trace.transforms?.length ? { transforms: trace.transforms } : {}) };
  const manifest = manifestOf('simulate', VERSION, inputs, simulation, reader);
  const files: Record<string, string> = {};
  const { summary, output } = simulateToFiles(trace.workload, cluster, { ...simulation, explainDecisions: Boolean(options.explain), observers: options.observers ?? [] }, options.out === undefined ? memorySink(files) : options.out, manifest);
  const reasons = output.result.rejectReason;
  const first = reasons.entries().next().value;
  return {
    files,
    summary,
    metrics: output.metrics,
    policyName: output.policyName,
    jobs: trace.workload.jobs.length,
    nodes: output.cluster.nodeCount,
    warnings: scheduler.warnings ?? [],
    gpuAllocation: output.gpuAllocation,
    allocatedAtEnd: allocatedAtEnd(output.cluster),
    rejected: { count: reasons.size, first: first ? { id: output.result.jobs.ids[first[0]]!, reason: first[1] } : null },
  };
}

/** Writes a run's files into `dir`, each whole, manifest.json last (its presence means the directory is complete). */
export function writeResults(dir: string, run: SimulationRun): void {
  const names = Object.keys(run.files).filter((n) => n !== 'manifest.json');
  for (const name of names) writeFileAtomic(join(dir, name), run.files[name]!);
  if (run.files['manifest.json'] !== undefined) writeFileAtomic(join(dir, 'manifest.json'), run.files['manifest.json']);
}
