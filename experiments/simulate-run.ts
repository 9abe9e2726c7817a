/**
 * The body of `clusterlab simulate` once its options are parsed: resolve the
 * scheduler, read the trace and cluster, apply the transforms, run, write the
 * results directory and say what happened through `io`. The command calls it
 * on the main thread, and the module-scheduler worker (module-worker.ts) calls
 * the same function, so a run in the worker writes the same bytes.
 */
import { InputError } from '../sim/errors.ts';
import type { RunMetrics } from '../sim/metrics.ts';
import type { SchedulingPolicy } from '../sim/policy.ts';
import { Rng } from '../sim/rng.ts';
import type { RegistryContext } from '../schedulers/registry.ts';
import type { SwfOptions } from '../traces/swf.ts';
import { expandPaths } from '../traces/node-read.ts';
import { applyTransforms } from '../workloads/transforms/index.ts';
import { describeInput } from './inputs.ts';
import { clusterFor, loadCluster, loadWorkload, parseImportOptions } from './load.ts';
import { manifestOf } from './results.ts';
import { simulateToDirectory } from './run-files.ts';
import { resolveScheduler } from './scheduler-choice.ts';
import type { SimulationOptions } from './simulate.ts';
import { formatTable, fmt, fmtDuration } from './table.ts';
import { transformsFromFlags, type TransformFlags } from './transform-flags.ts';
import { VERSION } from './version.ts';

/** The parsed options of `clusterlab simulate` (plain data: they are also sent to the worker). */
export interface SimulateOptions extends TransformFlags {
  trace: string;
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
  const swf: SwfOptions = { processors: opts.processors, estimate: opts.estimate, machineProcs: opts.procs, procsPerNode: opts.procsPerNode };
  const transforms = transformsFromFlags(opts);
  const imports = parseImportOptions(opts.importOption);
  let workload = await loadWorkload(opts.trace, { format: opts.format, swf, import: imports, mapping: opts.mapping });
  if (workload.jobs.length === 0) {
    throw new InputError(`no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`, { file: opts.trace });
  }
  const cluster = opts.cluster ? await loadCluster(opts.cluster, { import: imports }) : clusterFor(workload, swf);
  const applied = applyTransforms(workload, cluster, transforms, new Rng(opts.seed));
  workload = applied.workload;
  if (workload.jobs.length === 0) throw new InputError('no jobs left after the transforms', { file: opts.trace });
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
  const inputs = [];
  for (const f of await expandPaths([opts.trace])) inputs.push(await describeInput('trace', f.path));
  if (opts.cluster) for (const f of await expandPaths([opts.cluster])) inputs.push(await describeInput('cluster', f.path));
  if (opts.schedulerConfig) inputs.push(await describeInput('scheduler-config', opts.schedulerConfig));
  if (chosen.description.kind === 'module') inputs.push(await describeInput('scheduler', opts.scheduler!));
  const manifest = manifestOf('simulate', VERSION, inputs, options, { format: workload.source.format, ...swf, ...imports, ...(transforms.length ? { transforms } : {}) });
  const { summary, output } = simulateToDirectory(workload, cluster, { ...options, explainDecisions: Boolean(opts.explain) }, opts.out ?? null, manifest);
  if (opts.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    io.out(`${output.policyName} on ${opts.trace}: ${workload.jobs.length} jobs, ${output.cluster.nodeCount} nodes\n`);
    const dropped = Object.entries(workload.dropped);
    if (dropped.length) io.out(`dropped from the trace: ${dropped.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const r of applied.records) io.out(`transform: ${r.summary}\n`);
    io.out(`\n${metricsTable(output.metrics)}`);
    if (opts.out) io.out(`\nresults written to ${opts.out}\n`);
  }
}

export function metricsTable(m: RunMetrics): string {
  const rows: [string, string][] = [
    ['jobs finished / killed / rejected', `${m.jobs_finished} / ${m.jobs_killed} / ${m.jobs_rejected}`],
    ['mean wait', fmtDuration(m.mean_wait)],
    ['median (p50) wait', fmtDuration(m.p50_wait)],
    ['p95 / p99 wait', `${fmtDuration(m.p95_wait)} / ${fmtDuration(m.p99_wait)}`],
    ['max wait', fmtDuration(m.max_wait)],
    ['mean response', fmtDuration(m.mean_response)],
    ['mean slowdown', fmt(m.mean_slowdown)],
    ['mean bounded slowdown (tau=10 s)', fmt(m.mean_bounded_slowdown)],
    ['makespan', fmtDuration(m.makespan)],
    ...Object.entries(m.utilization).map(([r, u]): [string, string] => [`utilization ${r}`, `${fmt(100 * u, 1)} %`]),
    ['throughput', `${fmt(m.throughput)} jobs/h`],
  ];
  return formatTable(['metric', 'value'], rows, [false, true]);
}
