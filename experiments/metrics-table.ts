/** The run metrics as the readable table `simulate` prints (null metrics, such as a mean over no jobs, read "n/a"). */
import type { RunMetrics } from '../sim/metrics.ts';
import { formatTable, fmt, fmtDuration } from './table.ts';

/** A metric that may be undefined (a mean over no jobs): "n/a" then. */
const orNa = <T>(x: T | null, show: (x: T) => string) => (x === null ? 'n/a' : show(x));

export function metricsTable(m: RunMetrics): string {
  const d = (x: number | null) => orNa(x, fmtDuration);
  const rows: [string, string][] = [
    ['jobs finished / killed / rejected', `${m.jobs_finished} / ${m.jobs_killed} / ${m.jobs_rejected}`],
    ...(m.jobs_running > 0 || m.jobs_queued > 0 ? [['jobs running / queued at the end', `${m.jobs_running} / ${m.jobs_queued}`] as [string, string]] : []),
    ['mean wait', d(m.mean_wait)],
    ['median (p50) wait', d(m.p50_wait)],
    ['p95 / p99 wait', `${d(m.p95_wait)} / ${d(m.p99_wait)}`],
    ['max wait', d(m.max_wait)],
    ['mean response', d(m.mean_response)],
    ['mean slowdown', orNa(m.mean_slowdown, (x) => fmt(x))],
    ['mean bounded slowdown (tau=10 s)', orNa(m.mean_bounded_slowdown, (x) => fmt(x))],
    ['makespan', d(m.makespan)],
    ...Object.entries(m.utilization).map(([r, u]): [string, string] => [`utilization ${r}`, `${fmt(100 * u, 1)} %`]),
    ['throughput', orNa(m.throughput, (x) => `${fmt(x)} jobs/h`)],
  ];
  return formatTable(['metric', 'value'], rows, [false, true]);
}
