/**
 * The body of `clusterlab simulate` once its options are parsed: resolve the
 * scheduler, read the trace and cluster, apply the transforms, run, write the
 * results directory (through the library's readTrace and simulate,
 * experiments/api/) and say what happened through `io`. The command calls it
 * on the main thread, and the module-scheduler worker (module-worker.ts) calls
 * the same function, so a run in the worker writes the same bytes.
 */
import { InputError } from '../../sim/errors.ts';
import type { SchedulingPolicy } from '../../sim/policy.ts';
import type { RegistryContext } from '../../schedulers/registry.ts';
import type { SwfOptions } from '../../traces/swf.ts';
import { simulate } from '../api/simulate.ts';
import { readTrace, transformTrace } from '../api/trace.ts';
import { parseImportOptions } from '../run/load.ts';
import { metricsTable } from '../results/metrics-table.ts';
import { progressObservers } from './run-progress.ts';
import { stagedSink } from '../run/run-files.ts';
import { StagedOutput } from '../results/staged-output.ts';
import { resolveScheduler } from '../run/scheduler-choice.ts';
import { transformsFromFlags, type TransformFlags } from '../run/transform-flags.ts';

/** The parsed options of `clusterlab simulate` (plain data: they are also sent to the worker). */
export interface SimulateCommandOptions extends TransformFlags {
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

export async function runSimulateCommand(opts: SimulateCommandOptions, io: SimulateIo, wrapPolicy: (factory: PolicyFactory) => PolicyFactory = (f) => f): Promise<void> {
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

async function simulateStaged(opts: SimulateCommandOptions, io: SimulateIo, stage: StagedOutput | null, chosen: Awaited<ReturnType<typeof resolveScheduler>>, wrapPolicy: (factory: PolicyFactory) => PolicyFactory): Promise<void> {
  const traces = opts.trace;
  const transforms = transformsFromFlags(opts);
  const trace = await readTrace(traces, {
    format: opts.format,
    cluster: opts.cluster,
    swf: { processors: opts.processors, estimate: opts.estimate, machineProcs: opts.procs, procsPerNode: opts.procsPerNode } satisfies SwfOptions,
    import: parseImportOptions(opts.importOption),
    mapping: opts.mapping,
  });
  const applied = transformTrace(trace, transforms, opts.seed);
  const workload = applied.trace.workload;
  // Every file read, with its role, in reading order, for the manifest: the transforms file first.
  const read = [...(opts.transforms ? [{ role: 'transforms', path: opts.transforms }] : []), ...trace.read];
  const run = await simulate(
    { ...applied.trace, read },
    {
      queue: opts.queue,
      backfill: opts.backfill,
      placement: opts.placement,
      overrun: opts.overrun,
      sampleStep: opts.sampleStep,
      seed: opts.seed,
      checkInvariants: opts.checkInvariants,
      unschedulable: opts.unschedulable,
      scheduler: opts.scheduler,
      schedulerConfig: opts.schedulerConfig,
      explain: Boolean(opts.explain),
      out: stage ? stagedSink(stage, '') : null,
      observers: progressObservers(workload.jobs.length),
    },
    chosen.policy ? { ...chosen, policy: wrapPolicy(chosen.policy) } : chosen,
  );
  stage?.commit();
  if (opts.json) io.out(`${JSON.stringify(run.summary, null, 2)}\n`);
  else {
    io.out(`${run.policyName} on ${traces.join(' ')}: ${workload.jobs.length} jobs, ${run.nodes} nodes\n`);
    const dropped = Object.entries(workload.dropped);
    if (dropped.length) io.out(`dropped from the trace: ${dropped.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const r of applied.records) io.out(`transform: ${r.summary}\n`);
    io.out(`\n${metricsTable(run.metrics, { gpuAllocation: run.gpuAllocation, allocatedAtEnd: run.allocatedAtEnd, fill: opts.fill !== undefined })}`);
    if (opts.out) io.out(`\nresults written to ${opts.out}\n`);
  }
  // A run that rejected every job is almost always an input no node can serve: say so, unless rejections were asked for.
  const { count, first } = run.rejected;
  if (first && count === workload.jobs.length && opts.unschedulable !== 'reject') {
    throw new InputError(`every job was rejected (${count}); the first, ${first.id}: ${first.reason} (pass --unschedulable reject when rejections are expected)`, { file: traces.join(',') });
  }
}

export { metricsTable } from '../results/metrics-table.ts';
