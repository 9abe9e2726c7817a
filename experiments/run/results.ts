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
import { JOB_STATE_NAMES, JobState } from '../../sim/policy.ts';
import { boundedSlowdown, ran } from '../../sim/metrics.ts';
import type { Workload } from '../../workloads/workload.ts';
import { CsvEncoder, csvRow } from '../results/csv.ts';
import type { SimulationOptions, SimulationOutput } from './simulate.ts';
import type { InputRecord } from '../results/inputs.ts';

export const JOBS_COLUMNS_FIRST = ['job_id', 'submit', 'start', 'end', 'wait', 'runtime', 'status'] as const;

export function jobsHeader(resources: readonly string[]): string {
  return csvRow([...JOBS_COLUMNS_FIRST, 'estimate', 'tasks', ...resources.map((r) => `request_${r}`), 'response', 'slowdown', 'bounded_slowdown', 'user', 'reason', 'nodes']);
}

/**
 * jobs.csv, header and rows, into `csv`: one row per job, in submit order.
 * The last column, `nodes`, lists the node indexes the job ran on (see
 * job-nodes.ts). `runtime` is the last attempt's duration as the engine ran it
 * (not end − start, which carries floating-point noise with decimal times), so
 * response, slowdown and bounded slowdown agree with the run metrics to the
 * last digit. A job still running at the end has its wait (it started), not a
 * runtime. Field by field into the encoder: no string per row (a replay writes
 * 10^5-10^6).
 */
export function writeJobsCsv(out: SimulationOutput, csv: CsvEncoder): void {
  const { jobs, state, start, end, rejectReason, failReason } = out.result;
  const R = jobs.resources.length;
  const durations = out.durations;
  csv.raw(jobsHeader(jobs.resources));
  for (let j = 0; j < jobs.count; j++) {
    const s = state[j]!;
    const didRun = ran(s);
    const started = !Number.isNaN(start[j]!);
    const wait = didRun || (s === JobState.Running && started) ? start[j]! - jobs.submit[j]! : null;
    const runtime = didRun ? durations[j]! : null;
    csv.field(jobs.ids[j]);
    csv.field(jobs.submit[j]);
    csv.field(started ? start[j] : null);
    csv.field(Number.isNaN(end[j]!) || !didRun ? null : end[j]);
    csv.field(wait);
    csv.field(runtime);
    csv.field(JOB_STATE_NAMES[s]);
    csv.field(jobs.estimate[j]);
    csv.field(jobs.tasks[j]);
    for (let r = 0; r < R; r++) csv.field(jobs.request[j * R + r]);
    if (didRun) {
      csv.field(wait! + runtime!);
      csv.field((wait! + runtime!) / runtime!);
      csv.field(boundedSlowdown(wait!, runtime!));
    } else {
      csv.field(null);
      csv.field(null);
      csv.field(null);
    }
    csv.field(jobs.users[j]);
    csv.field(rejectReason.get(j) ?? failReason.get(j) ?? null);
    csv.field(out.nodes[j] ?? null);
    csv.endRow();
  }
}

/** jobs.csv as text (the browser app and tests; files are written through writeJobsCsv). */
export function jobsCsvText(out: SimulationOutput): string {
  let text = '';
  const decoder = new TextDecoder();
  const csv = new CsvEncoder((bytes) => (text += decoder.decode(bytes, { stream: true })));
  writeJobsCsv(out, csv);
  csv.flush();
  return text + decoder.decode();
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
    files: ['jobs.csv', 'nodes.csv', 'summary.json', 'timeseries.csv', 'manifest.json'],
  };
}
