/**
 * Availability, MTTR, lost work and SLO minutes per variant: the mean across
 * runs with its 95% interval and every run as a dot. Present when the runs'
 * metrics have such keys (failure and autoscaling models add them).
 */
import type { ResultsData } from '../data/model.ts';
import { metricByVariant } from '../data/stats.ts';
import { labelWidth, metricUnit } from './common/format.ts';
import { colorOf } from './common/palette.ts';
import { finiteExtent, jitter, rowsPanel } from './common/rows-panel.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading, type G } from './common/svg.ts';
import type { TableData, View } from './view.ts';

const RELIABILITY = /(^|_)(availability|mttr|mtbf|lost_work|slo_minutes|slo_violation_minutes|downtime|slo)(_|$)/;

export function reliabilityMetrics(data: ResultsData): string[] {
  return data.metrics.filter((m) => RELIABILITY.test(m));
}

export const reliabilityView: View = {
  id: 'reliability',
  title: 'Availability, MTTR, lost work and SLO minutes',
  available: (data) => reliabilityMetrics(data).length > 0,
  render(data, options = {}) {
    const metrics = reliabilityMetrics(data);
    if (metrics.length === 0) return emptyFrame('reliability', this.title, 'No availability, MTTR, lost work or SLO metrics in these results.');
    const width = options.width ?? 760;
    const cols = width >= 640 ? 2 : 1;
    const labelW = labelWidth(data.variants);
    const panelW = (width - 20 - cols * (labelW + 20)) / cols;
    const panelH = Math.max(50, 24 * data.variants.length);
    const cellH = panelH + 70;
    const f = frame('reliability', this.title, `Reliability metrics per variant: mean across runs with 95% interval, runs as dots. Metrics: ${metrics.join(', ')}.`, width, 50 + Math.ceil(metrics.length / cols) * cellH, {
      top: 50,
      right: 10,
      bottom: 0,
      left: 10,
    });
    heading(f, this.title, 'bar: mean with 95% interval across runs; dots: runs');
    metrics.forEach((metric, i) => {
      const unit = metricUnit(metric);
      const byVariant = metricByVariant(data, metric);
      const cell = f.plot.append('g').attr('transform', `translate(${(i % cols) * (panelW + labelW + 20) + labelW},${Math.floor(i / cols) * cellH + 14})`) as unknown as G;
      cell.append('text').attr('y', -4).attr('font-weight', 600).text(metric);
      const extent = finiteExtent(byVariant.flatMap((v) => [...v.values, v.estimate.lo, v.estimate.hi]));
      const p = rowsPanel(cell, metric, data.variants, [Math.min(0, extent[0]), extent[1]], panelW, panelH, metric, (r) => colorOf(data.variants, r));
      for (const v of byVariant) {
        if (v.estimate.n === 0) continue;
        const color = colorOf(data.variants, v.variant);
        const top = p.y(v.variant) ?? 0;
        const sg = p.g.append('g').attr('class', 'series').attr('data-series', v.variant).attr('data-panel', metric);
        sg.append('rect').attr('class', 'bar').attr('x', p.x(Math.min(0, v.estimate.mean))).attr('y', top).attr('height', p.y.bandwidth()).attr('width', Math.abs(p.x(v.estimate.mean) - p.x(0))).attr('fill', color).attr('fill-opacity', 0.35)
          .append('title').text(`${v.variant}: ${metric} mean ${unit.fmt(v.estimate.mean)}${v.estimate.n > 1 ? ` [${unit.fmt(v.estimate.lo)}, ${unit.fmt(v.estimate.hi)}]` : ''}, ${v.estimate.n} runs`);
        const cy = top + p.y.bandwidth() / 2;
        sg.append('line').attr('class', 'ci').attr('x1', p.x(v.estimate.lo)).attr('x2', p.x(v.estimate.hi)).attr('y1', cy).attr('y2', cy).attr('stroke', '#222').attr('stroke-width', 2);
        v.values.forEach((value, k) => sg.append('circle').attr('class', 'run').attr('cx', p.x(value)).attr('cy', cy + jitter(k) * p.y.bandwidth() * 0.3).attr('r', 3).attr('fill', color));
      }
    });
    keyboardReading(f, '[data-series] title');
    return f.svg.node()!;
  },
  table(data) {
    const rows: TableData['rows'] = [];
    for (const metric of reliabilityMetrics(data)) for (const v of metricByVariant(data, metric)) rows.push([metric, v.variant, v.estimate.n, v.estimate.mean, v.estimate.lo, v.estimate.hi]);
    return { columns: ['metric', 'variant', 'runs', 'mean', 'ci95_lo', 'ci95_hi'], rows };
  },
};
