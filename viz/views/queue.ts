/** Queue length and running jobs over time: time averages per bucket, mean across seeds per variant (one grid point) with a 95% band. */
import { variantSeries } from '../data/aggregate.ts';
import { onePoint, pointLabel } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { num } from './common/format.ts';
import { emptyFrame } from './common/svg.ts';
import { timeChart, type TimePanel } from './common/time-chart.ts';
import { seriesTable } from './utilization.ts';
import type { View, ViewOptions } from './view.ts';

export interface QueueOptions extends ViewOptions {
  maxPoints?: number;
}

const COLUMNS: [string, string][] = [
  ['queued', 'jobs queued'],
  ['running', 'jobs running'],
];

function panels(data: ResultsData, options: QueueOptions): TimePanel[] {
  return COLUMNS.map(([key, yLabel]) => ({ key, yLabel, fmt: num, series: variantSeries(data, key, options.maxPoints) })).filter((p) => p.series.length > 0);
}

export const queueView: View<QueueOptions> = {
  id: 'queue',
  title: 'Queue length and running jobs',
  available: (data) => data.runs.some((r) => r.timeseries?.columns.queued || r.timeseries?.columns.running),
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const ps = panels(data, options);
    if (ps.length === 0) return emptyFrame('queue', this.title, 'No queued or running columns in the time series.');
    return timeChart('queue', this.title, 'Average number of jobs waiting and running in each time bucket.', ps, {
      width: options.width ?? 760,
      panelHeight: 140,
      variants: data.variants,
      pointLabel: pointLabel(all, point),
    });
  },
  table(all, options = {}) {
    return seriesTable(panels(onePoint(all, options.point).data, options));
  },
};
