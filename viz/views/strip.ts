/**
 * Per-run strip plots: every run's value of a metric as a dot, one row per
 * variant, with the mean across runs and its 95% interval. Shows the spread
 * across seeds and grid points that a mean hides.
 */
import type { ResultsData } from '../data/model.ts';
import { metricByVariant } from '../data/stats.ts';
import { labelWidth, metricUnit } from './common/format.ts';
import { colorOf } from './common/palette.ts';
import { finiteExtent, jitter, rowsPanel } from './common/rows-panel.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading, type G } from './common/svg.ts';
import type { TableData, View, ViewOptions } from './view.ts';

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
  render(data, options = {}) {
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
    const f = frame('strip', this.title, `Each dot is one run's value of a metric; the bar is the mean across runs with its 95% interval. ${data.runs.length} runs, ${data.variants.length} variants.`, width, 50 + rowsN * cellH, {
      top: 50,
      right: 10,
      bottom: 0,
      left: 10,
    });
    heading(f, this.title, 'dots: runs; bar: mean with 95% interval across runs');
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
          sg.append('line').attr('class', 'ci').attr('x1', p.x(e.lo)).attr('x2', p.x(e.hi)).attr('y1', cy).attr('y2', cy).attr('stroke', '#222').attr('stroke-width', 2);
          sg.append('line').attr('class', 'mean').attr('x1', p.x(e.mean)).attr('x2', p.x(e.mean)).attr('y1', cy - 8).attr('y2', cy + 8).attr('stroke', '#222').attr('stroke-width', 2)
            .append('title').text(`${v.variant}: mean ${unit.fmt(e.mean)}${e.n > 1 ? `, 95% interval [${unit.fmt(e.lo)}, ${unit.fmt(e.hi)}]` : ''}, ${e.n} runs`);
        }
      }
    });
    keyboardReading(f, '[data-series] title');
    return f.svg.node()!;
  },
  table(data, options = {}) {
    const rows: TableData['rows'] = [];
    for (const metric of chosenMetrics(data, options.metrics)) {
      for (const v of metricByVariant(data, metric)) v.runs.forEach((run, k) => rows.push([metric, v.variant, run.id, run.seed, v.values[k]!]));
    }
    return { columns: ['metric', 'variant', 'run_id', 'seed', 'value'], rows };
  },
};
