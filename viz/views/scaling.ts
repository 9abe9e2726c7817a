/**
 * Autoscaler replicas, node count and cost over time, for runs whose time
 * series has such columns (replicas…, nodes…, cost…); absent otherwise.
 */
import { variantSeries } from '../data/aggregate.ts';
import { onePoint, pointLabel } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { num } from './common/format.ts';
import { emptyFrame } from './common/svg.ts';
import { eventMarks } from './common/events.ts';
import { timeChart, type TimePanel } from './common/time-chart.ts';
import { seriesTable } from './utilization.ts';
import type { View, ViewOptions } from './view.ts';

export interface ScalingOptions extends ViewOptions {
  maxPoints?: number;
}

/**
 * The fleet-level columns (docs/dynamics.md "Metrics of dynamic runs": nodes, nodes_up,
 * nodes_ready, cost, replicas, replicas_ready; and other producers' names).
 * Per-service columns (replicas_<service>, ready_<service>) are left out: a
 * scenario may have hundreds of services, and `replicas` sums them.
 */
const SCALING = new Set(['replicas', 'replicas_ready', 'desired_replicas', 'nodes', 'nodes_up', 'nodes_ready', 'node_count', 'nodes_active', 'nodes_down', 'cost', 'cumulative_cost']);

export function scalingColumns(data: ResultsData): string[] {
  const cols: string[] = [];
  for (const r of data.runs) for (const c of r.timeseries?.names ?? []) if (SCALING.has(c) && !cols.includes(c)) cols.push(c);
  return cols;
}

function label(c: string): string {
  if (c === 'cost') return 'cost (per bucket)';
  if (c === 'cumulative_cost') return 'cost (cumulative)';
  if (c.includes('replicas')) return `${c} (replicas)`;
  return `${c} (nodes)`;
}

function panels(data: ResultsData, options: ScalingOptions): TimePanel[] {
  return scalingColumns(data).map((c) => ({ key: c, yLabel: label(c), fmt: num, series: variantSeries(data, c, options.maxPoints) }));
}

export const scalingView: View<ScalingOptions> = {
  id: 'scaling',
  title: 'Replicas, nodes and cost over time',
  available: (data) => scalingColumns(data).length > 0,
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const ps = panels(data, options);
    if (ps.length === 0) return emptyFrame('scaling', this.title, 'No replicas, nodes or cost columns in the time series.');
    return timeChart('scaling', this.title, 'Autoscaler replicas, node count and cost per time bucket; scale events marked above.', ps, {
      width: options.width ?? 760,
      panelHeight: 120,
      variants: data.variants,
      events: eventMarks(data, ['scale']),
      runs: data.runs.length,
      pointLabel: pointLabel(all, point),
    });
  },
  table(all, options = {}) {
    return seriesTable(panels(onePoint(all, options.point).data, options));
  },
};
