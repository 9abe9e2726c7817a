/**
 * The body of `clusterlab simulate` once its options are parsed: resolve the
 * scheduler, read the trace and cluster, apply the transforms, run, write the
 * results directory and say what happened through `io`. The command calls it
 * on the main thread, and the module-scheduler worker (module-worker.ts) calls
 * the same function, so a run in the worker writes the same bytes.
 */
import { InputError } from '../sim/errors.ts';
import type { RunResult } from '../sim/engine.ts';
import { JobState, type SchedulingPolicy } from '../sim/policy.ts';
import { Rng } from '../sim/rng.ts';
import type { RegistryContext } from '../schedulers/registry.ts';
import type { SwfOptions } from '../traces/swf.ts';
import { applyTransforms } from '../workloads/transforms/index.ts';
import { statSync } from 'node:fs';
import { describeInputs } from './inputs.ts';
import { clusterFor, loadTraceAndCluster, parseImportOptions } from './load.ts';
import { allocatedAtEnd, metricsTable } from './metrics-table.ts';
import { manifestOf } from './results.ts';
import { progressObservers } from './run-progress.ts';
import { simulateToDirectory } from './run-files.ts';
import { resolveScheduler } from './scheduler-choice.ts';
import type { SimulationOptions } from './simulate.ts';
import { transformsFromFlags, type TransformFlags } from './transform-flags.ts';
import { VERSION } from './version.ts';

/** The parsed options of `clusterlab simulate` (plain data: they are also sent to the worker). */
export interface SimulateOptions extends TransformFlags {
  trace: string[];
  format: string;
  cluster?: string;
  importOption: string[];
  mapping?: string;
  queue: string;
  backfill: string;
  placement: string;
  out?: string;
  overrun: 'run' | 'cut';
  processors: 'allocated' | 'requested';
  estimate: 'requested' | 'runtime';
  procs?: number;
  procsPerNode: number;
  sampleStep: number;
  seed: number;
  scheduler?: string;
  schedulerConfig?: string;
  unschedulable: 'auto' | 'wait' | 'reject';
  explainNodes: number;
  schedulerTimeout: number;
  schedulerInProcess?: boolean;
  explain?: boolean;
  checkInvariants?: boolean;
  json?: boolean;
}

/** Where the command's words go: stdout and stderr, or strings collected in a worker. */
export interface SimulateIo {
  out(text: string): void;
  err(text: string): void;
}

export type PolicyFactory = (context: RegistryContext) => SchedulingPolicy;

export async function runSimulate(opts: SimulateOptions, io: SimulateIo, wrapPolicy: (factory: PolicyFactory) => PolicyFactory = (f) => f): Promise<void> {
  const chosen = await resolveScheduler({
    scheduler: opts.scheduler,
    schedulerConfig: opts.schedulerConfig,
    unschedulable: opts.unschedulable,
    explainNodes: opts.explainNodes,
    schedulerTimeout: opts.schedulerTimeout,
  });
  for (const w of chosen.warnings ?? []) io.err(`clusterlab: warning: ${w}\n`);
  const traces = opts.trace;
  // Every file read, with its role, in reading order, for the manifest.
  const read: { role: string; path: string }[] = [];
  const transforms = transformsFromFlags(opts);
  if (opts.transforms) read.push({ role: 'transforms', path: opts.transforms });
  const imports = parseImportOptions(opts.importOption);
  const loaded = await loadTraceAndCluster(traces, opts.cluster, {
    format: opts.format,
    swf: { processors: opts.processors, estimate: opts.estimate, machineProcs: opts.procs, procsPerNode: opts.procsPerNode } satisfies SwfOptions,
    import: imports,
    mapping: opts.mapping,
    onFile: (role, path) => read.push({ role, path }),
  });
  const swf = loaded.swf;
  let workload = loaded.workload;
  if (workload.jobs.length === 0) {
    throw new InputError(`no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`, { file: traces.join(',') });
  }
  const cluster = loaded.cluster ?? clusterFor(workload, swf);
  const applied = applyTransforms(workload, cluster, transforms, new Rng(opts.seed));
  workload = applied.workload;
  if (workload.jobs.length === 0) throw new InputError('no jobs left after the transforms', { file: traces.join(',') });
  const options: SimulationOptions = {
    queue: opts.queue,
    backfill: opts.backfill,
    placement: opts.placement,
    overrun: opts.overrun,
    sampleStep: opts.sampleStep,
    seed: opts.seed,
    checkEveryStep: Boolean(opts.checkInvariants),
    unschedulable: opts.unschedulable,
    ...(chosen.policy ? { policy: wrapPolicy(chosen.policy), schedulerDescription: chosen.description } : {}),
  };
  if (opts.schedulerConfig) read.push({ role: 'scheduler-config', path: opts.schedulerConfig });
  // The scheduler's own file: a module, or an external program when it is a file here (the run depends on its bytes).
  if (chosen.description.kind === 'module' || (chosen.description.kind === 'external' && isFile(opts.scheduler!))) read.push({ role: 'scheduler', path: opts.scheduler! });
  const inputs = await describeInputs(read);
  const manifest = manifestOf('simulate', VERSION, inputs, options, { format: workload.source.format, ...swf, ...imports, ...(transforms.length ? { transforms } : {}) });
  const { summary, output } = simulateToDirectory(workload, cluster, { ...options, explainDecisions: Boolean(opts.explain), observers: progressObservers(workload.jobs.length) }, opts.out ?? null, manifest);
  if (opts.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    io.out(`${output.policyName} on ${traces.join(' ')}: ${workload.jobs.length} jobs, ${output.cluster.nodeCount} nodes\n`);
    const dropped = Object.entries(workload.dropped);
    if (dropped.length) io.out(`dropped from the trace: ${dropped.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const r of applied.records) io.out(`transform: ${r.summary}\n`);
    io.out(`\n${metricsTable(output.metrics, { gpuAllocation: output.gpuAllocation, allocatedAtEnd: allocatedAtEnd(output.cluster), fill: opts.fill !== undefined })}`);
    if (opts.out) io.out(`\nresults written to ${opts.out}\n`);
  }
  const all = everyJobRejected(output.result);
  if (all && opts.unschedulable !== 'reject') throw new InputError(`every job was rejected (${all.count}); the first, ${all.id}: ${all.reason} (pass --unschedulable reject when rejections are expected)`, { file: traces.join(',') });
}

/** When a run rejected every job (almost always an input that no node can serve), the count and the first rejection. */
function everyJobRejected(result: RunResult): { count: number; id: string; reason: string } | null {
  const count = result.rejectReason.size;
  if (count === 0) return null;
  for (let j = 0; j < result.state.length; j++) if (result.state[j] !== JobState.Rejected) return null;
  const [job, reason] = result.rejectReason.entries().next().value!;
  return { count, id: result.jobs.ids[job]!, reason };
}

export { metricsTable } from './metrics-table.ts';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
