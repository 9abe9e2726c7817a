/**
 * Per-run strip plots: every run's value of a metric as a dot, one row per
 * variant, with the mean across its seeds and the 95% interval of that mean,
 * at one grid point (seeds are replications; grid points are not). Shows the
 * spread across seeds that a mean hides.
 */
import { onePoint, pointLabel } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { hasInterval, metricByVariant, seedCount } from '../data/stats.ts';
import { labelWidth, metricUnit, num } from './common/format.ts';
import { colorOf } from './common/palette.ts';
import { finiteExtent, jitter, rowsPanel } from './common/rows-panel.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading, type G } from './common/svg.ts';
import type { TableData, View, ViewOptions } from './view.ts';
import { maxOf } from '../../sim/arrays.ts';

export interface StripOptions extends ViewOptions {
  metrics?: string[];
}

export const KEY_METRICS = ['mean_wait', 'p95_wait', 'mean_bounded_slowdown', 'utilization_cpu', 'makespan', 'throughput'];

export function chosenMetrics(data: ResultsData, asked?: readonly string[]): string[] {
  const wanted = asked ?? KEY_METRICS;
  const present = wanted.filter((m) => data.metrics.includes(m));
  return present.length ? present : data.metrics.slice(0, 6);
}

export const stripView: View<StripOptions> = {
  id: 'strip',
  title: 'Metrics per run',
  available: (data) => data.runs.length > 0 && data.metrics.length > 0,
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const metrics = chosenMetrics(data, options.metrics);
    if (metrics.length === 0) return emptyFrame('strip', this.title, 'No run metrics.');
    const width = options.width ?? 760;
    const cols = width >= 640 ? 2 : 1;
    const labelW = labelWidth(data.variants);
    const panelW = (width - 20 - cols * (labelW + 20)) / cols;
    const rowH = 22;
    const panelH = Math.max(50, rowH * data.variants.length);
    const cellH = panelH + 56;
    const rowsN = Math.ceil(metrics.length / cols);
    const counts = metricByVariant(data, metrics[0]!).map((v) => v.estimate.n);
    const legend = `${Math.max(0, maxOf(counts)) > 1 ? `dots: runs; tick: mean over seeds; bar: its 95% confidence interval (Student t, ${seedCount(counts)})` : 'dots: runs; one run per variant, no interval'}${pointLabel(all, point)}`;
    const f = frame('strip', this.title, `Each dot is one run's value of a metric, ${num(data.runs.length)} runs of ${num(data.variants.length)} variants. ${legend}.`, width, 50 + rowsN * cellH, {
      top: 50,
      right: 10,
      bottom: 0,
      left: 10,
    });
    heading(f, this.title, legend);
    metrics.forEach((metric, i) => {
      const unit = metricUnit(metric);
      const byVariant = metricByVariant(data, metric);
      const cell = f.plot.append('g').attr('transform', `translate(${(i % cols) * (panelW + labelW + 20) + labelW},${Math.floor(i / cols) * cellH})`) as unknown as G;
      const p = rowsPanel(cell, metric, data.variants, finiteExtent(byVariant.flatMap((v) => v.values)), panelW, panelH, metric, (r) => colorOf(data.variants, r));
      for (const v of byVariant) {
        const color = colorOf(data.variants, v.variant);
        const cy = (p.y(v.variant) ?? 0) + p.y.bandwidth() / 2;
        const sg = p.g.append('g').attr('class', 'series').attr('data-series', v.variant).attr('data-panel', metric);
        v.runs.forEach((run, k) => {
          sg.append('circle')
            .attr('class', 'run')
            .attr('cx', p.x(v.values[k]!))
            .attr('cy', cy + jitter(k) * p.y.bandwidth() * 0.3)
            .attr('r', 3.5)
            .attr('fill', color)
            .attr('fill-opacity', 0.6)
            .append('title')
            .text(`${run.id} (${v.variant}${run.seed !== null ? `, seed ${run.seed}` : ''}): ${metric} = ${unit.fmt(v.values[k]!)}`);
        });
        const e = v.estimate;
        if (e.n > 0) {
          if (hasInterval(e)) sg.append('line').attr('class', 'ci').attr('x1', p.x(e.lo)).attr('x2', p.x(e.hi)).attr('y1', cy).attr('y2', cy).attr('stroke', '#222').attr('stroke-width', 2);
          sg.append('line').attr('class', 'mean').attr('x1', p.x(e.mean)).attr('x2', p.x(e.mean)).attr('y1', cy - 8).attr('y2', cy + 8).attr('stroke', '#222').attr('stroke-width', 2)
            .append('title').text(`${v.variant}: mean ${unit.fmt(e.mean)}${hasInterval(e) ? `, 95% confidence interval [${unit.fmt(e.lo)}, ${unit.fmt(e.hi)}]` : ''} over ${seedCount([e.n])}`);
        }
      }
    });
    keyboardReading(f, '[data-series] title');
    return f.svg.node()!;
  },
  table(all, options = {}) {
    const { data } = onePoint(all, options.point);
    const rows: TableData['rows'] = [];
    for (const metric of chosenMetrics(data, options.metrics)) {
      for (const v of metricByVariant(data, metric)) v.runs.forEach((run, k) => rows.push([metric, v.variant, run.id, run.seed, v.values[k]!]));
    }
    return { columns: ['metric', 'variant', 'run_id', 'seed', 'value'], rows };
  },
};
