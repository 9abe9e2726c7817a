/**
 * A forest plot of paired differences against the baseline variant: for each
 * metric and variant, the mean of (variant − baseline) over the seeds of one
 * grid point, paired by seed (common random numbers), with its 95% paired t
 * interval, as summary.json and `clusterlab compare` give it. An interval that
 * excludes zero is a difference the seeds agree on.
 */
import { onePoint, pointLabel } from '../data/grid.ts';
import { hasInterval, pairedDifferences, seedCount } from '../data/stats.ts';
import { labelWidth, metricUnit, num } from './common/format.ts';
import { colorOf, MUTED } from './common/palette.ts';
import { finiteExtent, rowsPanel } from './common/rows-panel.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading, type G } from './common/svg.ts';
import { chosenMetrics } from './strip.ts';
import type { TableData, View, ViewOptions } from './view.ts';
import { maxOf } from '../../sim/arrays.ts';

export interface ForestOptions extends ViewOptions {
  metrics?: string[];
}

function pValue(p: number | null): string {
  if (p === null) return '';
  return p < 0.001 ? ', p < 0.001' : `, p = ${num(p)}`;
}

export const forestView: View<ForestOptions> = {
  id: 'forest',
  title: 'Paired differences against the baseline',
  available: (data) => data.variants.length > 1 && data.metrics.length > 0,
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const metrics = chosenMetrics(data, options.metrics);
    const others = data.variants.filter((v) => v !== data.baseline);
    if (others.length === 0 || metrics.length === 0) return emptyFrame('forest', this.title, 'Needs at least two variants.');
    const width = options.width ?? 760;
    const cols = width >= 640 ? 2 : 1;
    const labelW = labelWidth(others);
    const panelW = (width - 20 - cols * (labelW + 20)) / cols;
    const panelH = Math.max(40, 24 * others.length);
    const cellH = panelH + 70;
    const counts = pairedDifferences(data, metrics[0]!).map((d) => d.estimate.n);
    const band = Math.max(0, maxOf(counts)) > 1 ? `bars: 95% confidence intervals of the mean difference (paired t, ${seedCount(counts)} paired)` : 'one pair per variant: no interval';
    const legend = `variant − ${data.baseline} at the same seed; ${band}${pointLabel(all, point)}`;
    const f = frame('forest', this.title, `Mean difference of each variant minus the baseline ${data.baseline}. ${legend}.`, width, 54 + Math.ceil(metrics.length / cols) * cellH, {
      top: 54,
      right: 10,
      bottom: 0,
      left: 10,
    });
    heading(f, this.title, legend);
    metrics.forEach((metric, i) => {
      const unit = metricUnit(metric);
      const diffs = pairedDifferences(data, metric);
      const cell = f.plot.append('g').attr('transform', `translate(${(i % cols) * (panelW + labelW + 20) + labelW},${Math.floor(i / cols) * cellH + 14})`) as unknown as G;
      cell.append('text').attr('x', 0).attr('y', -4).attr('font-weight', 600).text(metric);
      const extent = finiteExtent([0, ...diffs.flatMap((d) => [d.estimate.lo, d.estimate.hi, d.estimate.mean])]);
      const p = rowsPanel(cell, metric, others, extent, panelW, panelH, metric, (r) => colorOf(data.variants, r), 'difference in ');
      p.g.append('line').attr('class', 'zero').attr('x1', p.x(0)).attr('x2', p.x(0)).attr('y1', 0).attr('y2', panelH).attr('stroke', MUTED).attr('stroke-dasharray', '4 3');
      for (const d of diffs) {
        const e = d.estimate;
        if (e.n === 0) continue;
        const color = colorOf(data.variants, d.variant);
        const cy = (p.y(d.variant) ?? 0) + p.y.bandwidth() / 2;
        const sg = p.g.append('g').attr('class', 'series').attr('data-series', d.variant).attr('data-panel', metric).attr('data-significant', String(e.significant));
        if (hasInterval(e)) sg.append('line').attr('class', 'ci').attr('x1', p.x(e.lo)).attr('x2', p.x(e.hi)).attr('y1', cy).attr('y2', cy).attr('stroke', color).attr('stroke-width', 2.5);
        sg.append('rect').attr('class', 'estimate').attr('x', p.x(e.mean) - 4).attr('y', cy - 4).attr('width', 8).attr('height', 8).attr('fill', color);
        const rel = d.baselineMean ? ` (${num((100 * e.mean) / Math.abs(d.baselineMean))} % of the baseline)` : '';
        const ci = hasInterval(e) ? `, 95% confidence interval [${unit.fmt(e.lo)}, ${unit.fmt(e.hi)}]${pValue(e.p)}${e.significant ? ', significant' : ''}` : '';
        sg.append('title').text(`${d.variant} − ${data.baseline}: ${unit.fmt(e.mean)}${rel}${ci}, ${seedCount([e.n])} paired`);
      }
    });
    keyboardReading(f, '[data-series] title');
    return f.svg.node()!;
  },
  table(all, options = {}) {
    const { data } = onePoint(all, options.point);
    const rows: TableData['rows'] = [];
    for (const metric of chosenMetrics(data, options.metrics)) {
      for (const d of pairedDifferences(data, metric)) {
        const e = d.estimate;
        rows.push([metric, d.variant, data.baseline, e.n, e.mean, e.sd, e.lo, e.hi, e.t, e.p, String(e.significant), d.baselineMean]);
      }
    }
    return { columns: ['metric', 'variant', 'baseline', 'pairs', 'mean_difference', 'sd', 'ci95_lo', 'ci95_hi', 't', 'p', 'significant', 'baseline_mean'], rows };
  },
};
