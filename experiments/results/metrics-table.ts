/**
 * The run metrics as the readable table `simulate` prints. It shows the
 * measures that apply to the run: a metric with no value (a mean over no
 * jobs) reads "n/a", explained once under the table; the GPU allocation at
 * demand when the cluster has GPUs; and for a run that simulated no time
 * while pods run (a Kubernetes snapshot: every pod arrives at once and none
 * ends), what is allocated at the end instead of a utilization over a window
 * of length 0, which has no value.
 */
import type { RunMetrics } from '../../sim/metrics.ts';
import type { GpuAllocationAtDemand } from './gpu-allocation.ts';
import { formatTable, fmt, fmtDuration } from './table.ts';

/** What the table may show besides the metrics. */
export interface MetricsTableExtras {
  /** The summary's gpu_allocation_at_demand (clusters with GPUs). */
  gpuAllocation?: GpuAllocationAtDemand | null;
  /** Fraction of each resource's capacity allocated when the run ended, by resource name. */
  allocatedAtEnd?: Record<string, number>;
  /** A fill run (`--fill`): the GPU allocation at demand is its headline. */
  fill?: boolean;
}

const NA = 'n/a';

export function metricsTable(m: RunMetrics, extras: MetricsTableExtras = {}): string {
  let missing = false;
  const orNa = <T>(x: T | null, show: (x: T) => string) => {
    if (x === null) missing = true;
    return x === null ? NA : show(x);
  };
  const d = (x: number | null) => orNa(x, fmtDuration);
  const pct = (x: number) => `${fmt(100 * x, 1)} %`;
  // A run that simulated no time while jobs run: utilization over a window of length 0 has no value.
  const instant = m.makespan === 0 && m.jobs_running > 0;
  const gpu = extras.gpuAllocation ?? null;
  const gpuRows: [string, string][] = gpu
    ? [
        ['GPU allocation at demand 80 / 90 / 100 %', [gpu['80'], gpu['90'], gpu['100']].map((x) => orNa(x, (v) => `${fmt(v, 1)} %`)).join(' / ')],
        ['GPU allocation at the end', orNa(gpu.final, (v) => `${fmt(v, 1)} %`)],
        ['GPUs requested by all jobs', `${fmt(gpu.requested_final, 1)} % of capacity`],
      ]
    : [];
  const rows: [string, string][] = [
    ...(extras.fill ? gpuRows : []),
    ['jobs finished / killed / rejected', `${m.jobs_finished} / ${m.jobs_killed} / ${m.jobs_rejected}`],
    ...(m.jobs_running > 0 || m.jobs_queued > 0 ? [['jobs running / queued at the end', `${m.jobs_running} / ${m.jobs_queued}`] as [string, string]] : []),
    ...(noJobMeasures(m)
      ? [['waits, responses, slowdowns', orNa(null, String)] as [string, string]]
      : ([
          ['mean wait', d(m.mean_wait)],
          ['median (p50) wait', d(m.p50_wait)],
          ['p95 / p99 wait', `${d(m.p95_wait)} / ${d(m.p99_wait)}`],
          ['max wait', d(m.max_wait)],
          ['mean response', d(m.mean_response)],
          ['mean slowdown', orNa(m.mean_slowdown, (x) => fmt(x))],
          ['mean bounded slowdown (tau=10 s)', orNa(m.mean_bounded_slowdown, (x) => fmt(x))],
        ] as [string, string][])),
    ['makespan', instant ? '0 s (no time simulated)' : d(m.makespan)],
    ...(instant
      ? Object.entries(extras.allocatedAtEnd ?? {}).map(([r, u]): [string, string] => [`allocated at the end ${r}`, pct(u)])
      : Object.entries(m.utilization).map(([r, u]): [string, string] => [`utilization ${r}`, pct(u)])),
    ['throughput', orNa(m.throughput, (x) => `${fmt(x)} jobs/h`)],
    ...(extras.fill ? [] : gpuRows),
  ];
  const notes: string[] = [];
  if (missing) notes.push(`${NA}: no job has that measure (waits need a start, responses and slowdowns an end; pods of a snapshot or a fill never end).`);
  if (instant) notes.push('Every job arrived at the same instant and none ended, so no time was simulated: the table shows what is allocated at the end instead of a utilization over time.');
  if (gpu && !extras.fill) notes.push('GPU allocation at demand: the share of GPU capacity allocated when the GPUs requested by the jobs submitted so far first reach 80/90/100 % of it; a replay whose jobs end reaches these shares over time, so it reads low (see --fill).');
  return formatTable(['metric', 'value'], rows, [false, true]) + notes.map((n) => `\n${n}`).join('') + (notes.length > 0 ? '\n' : '');
}

/** No per-job measure has a value: one line says so instead of seven lines of n/a. */
function noJobMeasures(m: RunMetrics): boolean {
  return [m.mean_wait, m.p50_wait, m.p95_wait, m.p99_wait, m.max_wait, m.mean_response, m.mean_slowdown, m.mean_bounded_slowdown].every((x) => x === null);
}

/** Fraction of each resource allocated at the end of the run, by name, from the cluster's totals. */
export function allocatedAtEnd(cluster: { readonly resources: readonly string[]; totalCapacity(r: number): number; totalFree(r: number): number }): Record<string, number> {
  const out: Record<string, number> = {};
  cluster.resources.forEach((name, r) => {
    const cap = cluster.totalCapacity(r);
    out[name] = cap > 0 ? (cap - cluster.totalFree(r)) / cap : 0;
  });
  return out;
}
