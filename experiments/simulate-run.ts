/**
 * The body of `clusterlab simulate` once its options are parsed: resolve the
 * scheduler, read the trace and cluster, apply the transforms, run, write the
 * results directory and say what happened through `io`. The command calls it
 * on the main thread, and the module-scheduler worker (module-worker.ts) calls
 * the same function, so a run in the worker writes the same bytes.
 */
import { InputError } from '../sim/errors.ts';
import type { SchedulingPolicy } from '../sim/policy.ts';
import { Rng } from '../sim/rng.ts';
import type { RegistryContext } from '../schedulers/registry.ts';
import type { SwfOptions } from '../traces/swf.ts';
import { applyTransforms } from '../workloads/transforms/index.ts';
import { statSync } from 'node:fs';
import { describeInputs } from './inputs.ts';
import { clusterFor, loadTraceAndCluster, parseImportOptions } from './load.ts';
import { metricsTable } from './metrics-table.ts';
import { manifestOf } from './results.ts';
import { simulateToDirectory } from './run-files.ts';
import { StagedOutput } from './staged-output.ts';
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
  /** Replace whatever --out holds (out-dir.ts). */
  force?: boolean;
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
  // The output directory is checked now, before a long read and run (staged-output.ts, out-dir.ts).
  const stage = opts.out ? new StagedOutput(opts.out, { command: 'simulate', force: opts.force }) : null;
  try {
    await simulateStaged(opts, io, stage, chosen, wrapPolicy);
  } catch (err) {
    stage?.abort();
    throw err;
  }
}

async function simulateStaged(opts: SimulateOptions, io: SimulateIo, stage: StagedOutput | null, chosen: Awaited<ReturnType<typeof resolveScheduler>>, wrapPolicy: (factory: PolicyFactory) => PolicyFactory): Promise<void> {
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
  if (workload.jobs.length === 0 && Object.keys(workload.dropped).length === 0 && (workload.cluster?.nodes.length ?? 0) > 0) {
    // A machine or node list given as the trace: it belongs to --cluster.
    throw new InputError(`a ${workload.source.format} node list (${workload.cluster!.nodes.length} nodes, no jobs); give it with --cluster, and the jobs with --trace`, { file: traces.join(',') });
  }
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
  const { summary, output } = simulateToDirectory(workload, cluster, { ...options, explainDecisions: Boolean(opts.explain) }, stage ? { stage, dir: '' } : null, manifest);
  stage?.commit();
  if (opts.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    io.out(`${output.policyName} on ${traces.join(' ')}: ${workload.jobs.length} jobs, ${output.cluster.nodeCount} nodes\n`);
    const dropped = Object.entries(workload.dropped);
    if (dropped.length) io.out(`dropped from the trace: ${dropped.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const r of applied.records) io.out(`transform: ${r.summary}\n`);
    io.out(`\n${metricsTable(output.metrics)}`);
    if (opts.out) io.out(`\nresults written to ${opts.out}\n`);
  }
}

export { metricsTable } from './metrics-table.ts';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
