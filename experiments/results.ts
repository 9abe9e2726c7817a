/**
 * The files of one run's results directory:
 *   jobs.csv        one row per job, in submit order
 *   summary.json    the run metrics in `metrics`, plus the workload and cluster in brief
 *   timeseries.csv  utilization, queue and running jobs per time bucket
 *   manifest.json   inputs with sha256, options, seed, version
 * Same inputs and options give byte-identical files: nothing here reads the
 * clock, the host or absolute paths. Pure (no Node dependency), so the browser
 * produces the same bytes.
 */
import { JOB_STATE_NAMES, JobState } from '../sim/policy.ts';
import { boundedSlowdown, ran } from '../sim/metrics.ts';
import type { Workload } from '../workloads/workload.ts';
import { csvField, csvRow } from './csv.ts';
import type { SimulationOptions, SimulationOutput } from './simulate.ts';
import type { InputRecord } from './inputs.ts';

export const JOBS_COLUMNS_FIRST = ['job_id', 'submit', 'start', 'end', 'wait', 'runtime', 'status'] as const;

export function jobsHeader(resources: readonly string[]): string {
  return csvRow([...JOBS_COLUMNS_FIRST, 'estimate', 'tasks', ...resources.map((r) => `request_${r}`), 'response', 'slowdown', 'bounded_slowdown', 'user', 'reason', 'nodes']);
}

/**
 * The rows of jobs.csv, one string per job, in submit order. The last column,
 * `nodes`, lists the node indexes the job ran on (see job-nodes.ts).
 * `runtime` is the last attempt's duration as the engine ran it (not end −
 * start, which carries floating-point noise with decimal times), so response,
 * slowdown and bounded slowdown agree with the run metrics to the last digit.
 * A job still running at the end has its wait (it started), not a runtime.
 */
export function* jobsRows(out: SimulationOutput): Generator<string> {
  const { jobs, state, start, end, rejectReason } = out.result;
  const R = jobs.resources.length;
  const durations = out.durations;
  // Built by concatenation, field by field as csvRow would write them: no array per row (a replay writes 10^5-10^6).
  const f = csvField;
  for (let j = 0; j < jobs.count; j++) {
    const s = state[j]!;
    const didRun = ran(s);
    const wait = didRun || (s === JobState.Running && !Number.isNaN(start[j]!)) ? start[j]! - jobs.submit[j]! : null;
    const runtime = didRun ? durations[j]! : null;
    let row = `${f(jobs.ids[j])},${f(jobs.submit[j])},${f(Number.isNaN(start[j]!) ? null : start[j])},${f(Number.isNaN(end[j]!) || !didRun ? null : end[j])},${f(wait)},${f(runtime)},${f(JOB_STATE_NAMES[s])},${f(jobs.estimate[j])},${f(jobs.tasks[j])}`;
    for (let r = 0; r < R; r++) row += `,${f(jobs.request[j * R + r])}`;
    row += didRun ? `,${f(wait! + runtime!)},${f((wait! + runtime!) / runtime!)},${f(boundedSlowdown(wait!, runtime!))}` : ',,,';
    row += `,${f(jobs.users[j])},${f(rejectReason.get(j) ?? out.result.failReason.get(j) ?? null)},${f(out.nodes[j] ?? null)}\n`;
    yield row;
  }
}

export function summaryOf(out: SimulationOutput, workload: Workload, options: SimulationOptions): Record<string, unknown> {
  const cluster = out.cluster;
  const capacity: Record<string, number> = {};
  cluster.resources.forEach((r, i) => (capacity[r] = cluster.totalCapacity(i)));
  return {
    scheduler: { queue: options.queue, backfill: options.backfill, placement: options.placement, overrun: options.overrun },
    metrics: out.metrics,
    workload: { format: workload.source.format, jobs: workload.jobs.length, dropped: workload.dropped, repaired: workload.repaired },
    cluster: { nodes: cluster.nodeCount, capacity },
    run: { instants: out.result.steps, events: out.result.events, end_time: out.result.now, truncated: out.result.truncated },
    ...(options.policy ? { policy: out.policyName } : {}),
    ...(out.gpuAllocation ? { gpu_allocation_at_demand: out.gpuAllocation } : {}),
  };
}

export function manifestOf(
  command: string,
  version: string,
  inputs: InputRecord[],
  options: SimulationOptions,
  readerOptions: Record<string, unknown>,
): Record<string, unknown> {
  return {
    clusterlab: version,
    command,
    inputs,
    reader: readerOptions,
    options: {
      queue: options.queue,
      backfill: options.backfill,
      placement: options.placement,
      overrun: options.overrun,
      sample_step: options.sampleStep,
      ...(options.schedulerDescription ? { scheduler: options.schedulerDescription } : {}),
    },
    seed: options.seed,
    files: ['jobs.csv', 'summary.json', 'timeseries.csv', 'manifest.json'],
  };
}
