/**
 * Autoscaler replicas, node count and cost over time, for runs whose time
 * series has such columns (replicas…, nodes…, cost…); absent otherwise.
 */
import { variantSeries } from '../data/aggregate.ts';
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

const SCALING = /^(replicas|desired_replicas|nodes|node_count|nodes_up|nodes_active|nodes_down|cost|cumulative_cost)(_|$)/;

export function scalingColumns(data: ResultsData): string[] {
  const cols: string[] = [];
  for (const r of data.runs) for (const c of r.timeseries?.names ?? []) if (SCALING.test(c) && !cols.includes(c)) cols.push(c);
  return cols;
}

function label(c: string): string {
  if (c.startsWith('cost') || c.startsWith('cumulative_cost')) return `${c} (cost units)`;
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
  render(data, options = {}) {
    const ps = panels(data, options);
    if (ps.length === 0) return emptyFrame('scaling', this.title, 'No replicas, nodes or cost columns in the time series.');
    return timeChart('scaling', this.title, 'Autoscaler replicas, node count and cost per time bucket; mean across runs with a 95% band; scale events marked above.', ps, {
      width: options.width ?? 760,
      panelHeight: 120,
      variants: data.variants,
      events: eventMarks(data, ['scale']),
    });
  },
  table(data, options = {}) {
    return seriesTable(panels(data, options));
  },
};
