/**
 * Utilization over time, one panel per resource, one line per variant: the
 * mean across its seeds (at one grid point) with a 95% band. Failures,
 * detections, recoveries, scale events, rollouts, drift and maintenance are
 * annotated above when runs have events. Brushing selects the window shown by
 * the node timeline.
 */
import { variantSeries } from '../data/aggregate.ts';
import { onePoint, pointLabel } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { eventMarks } from './common/events.ts';
import { percent } from './common/format.ts';
import { emptyFrame } from './common/svg.ts';
import { timeChart, type TimePanel } from './common/time-chart.ts';
import type { TableData, View, ViewOptions } from './view.ts';

export interface UtilizationOptions extends ViewOptions {
  maxPoints?: number;
  onBrush?: (window: [number, number] | null) => void;
  selection?: [number, number] | null;
}

export function utilizationColumns(data: ResultsData): string[] {
  const cols: string[] = [];
  for (const r of data.runs) for (const c of r.timeseries?.names ?? []) if (c.startsWith('utilization_') && !cols.includes(c)) cols.push(c);
  return cols;
}

/** The event categories annotated on utilization (not `other`: node-down and node-up echo the failures and repairs). */
export const ANNOTATED = ['failure', 'detection', 'recovery', 'scale', 'rollout', 'drift', 'maintenance'];

function panels(data: ResultsData, options: UtilizationOptions): TimePanel[] {
  return utilizationColumns(data).map((c) => ({
    key: c,
    yLabel: `${c.slice('utilization_'.length)} in use`,
    fmt: percent,
    series: variantSeries(data, c, options.maxPoints),
    yDomain: [0, 1] as [number, number],
  }));
}

export const utilizationView: View<UtilizationOptions> = {
  id: 'utilization',
  title: 'Utilization over time',
  available: (data) => utilizationColumns(data).length > 0,
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const ps = panels(data, options);
    if (ps.length === 0) return emptyFrame('utilization', this.title, 'No time series with utilization columns.');
    return timeChart('utilization', this.title, `Fraction of each resource's capacity in use, per time bucket; ${data.variants.length} variants.`, ps, {
      width: options.width ?? 760,
      panelHeight: 170,
      variants: data.variants,
      events: eventMarks(data, ANNOTATED),
      runs: data.runs.length,
      onBrush: options.onBrush,
      selection: options.selection ?? null,
      pointLabel: pointLabel(all, point),
    });
  },
  table(all, options = {}) {
    return seriesTable(panels(onePoint(all, options.point).data, options));
  },
};

/** The rows behind time panels: one per panel, variant and time bucket. */
export function seriesTable(ps: readonly TimePanel[]): TableData {
  const rows: TableData['rows'] = [];
  for (const p of ps) for (const s of p.series) s.time.forEach((t, i) => rows.push([p.key, s.variant, t, s.runs, s.mean[i]!, s.lo[i]!, s.hi[i]!]));
  return { columns: ['series', 'variant', 'time_s', 'runs', 'mean', 'ci95_lo', 'ci95_hi'], rows };
}
