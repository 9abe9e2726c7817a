/**
 * Empirical CDFs of wait, response and bounded slowdown per variant, pooled
 * over its seeds at one grid point, on a log scale. Values at or below the
 * left edge of the axis (waits of 0 s) are drawn at the edge, so the curve
 * starts at their share.
 */
import { axisBottom, axisLeft, curveStepAfter, line, max, min, scaleLinear, scaleLog } from 'd3';
import { variantEcdfs, type Ecdf, type JobMeasure } from '../data/ecdf.ts';
import { onePoint, pointLabel } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { labelWidth, num } from './common/format.ts';
import { directLabels } from './common/labels.ts';
import { colorOf, dashOf, GRID, MUTED } from './common/palette.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading, type G } from './common/svg.ts';
import { tooltip } from './common/tooltip.ts';
import type { TableData, View, ViewOptions } from './view.ts';

export interface CdfOptions extends ViewOptions {
  measures?: JobMeasure[];
  maxPoints?: number;
}

const LABELS: Record<JobMeasure, string> = { wait: 'wait (s, log scale)', response: 'response (s, log scale)', boundedSlowdown: 'bounded slowdown (log scale)' };
const DEFAULT_MEASURES: JobMeasure[] = ['wait', 'response', 'boundedSlowdown'];

function curves(data: ResultsData, options: CdfOptions): { measure: JobMeasure; ecdfs: Ecdf[] }[] {
  return (options.measures ?? DEFAULT_MEASURES).map((measure) => ({ measure, ecdfs: variantEcdfs(data, measure, options.maxPoints ?? 400) }));
}

export const cdfView: View<CdfOptions> = {
  id: 'cdf',
  title: 'Distributions of wait, response and bounded slowdown',
  available: (data) => data.runs.some((r) => r.jobs !== null),
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const cs = curves(data, options).filter((c) => c.ecdfs.length > 0);
    if (cs.length === 0) return emptyFrame('cdf', this.title, 'No per-job results (jobs.csv) loaded.');
    const width = options.width ?? 760;
    const right = labelWidth(data.variants, 90);
    // Side by side when there is room, stacked on narrow screens.
    const across = width - 64 - right >= cs.length * 140 + (cs.length - 1) * 36 ? cs.length : 1;
    const panelW = (width - 64 - right - (across - 1) * 36) / across;
    const panelH = 220;
    const rows = Math.ceil(cs.length / across);
    const f = frame('cdf', this.title, `Empirical cumulative distribution functions of per-job measures, the jobs of every seed of a variant pooled, ${data.variants.length} variants${pointLabel(all, point)}.`, width, 46 + rows * (panelH + 58) - 10, {
      top: 46,
      right,
      bottom: 48,
      left: 64,
    });
    heading(f, this.title, `fraction of jobs at or below a value, seeds pooled; x on a log scale, values at or below its left end (waits of 0 s) drawn there${pointLabel(all, point)}`);
    const tip = tooltip(f);
    cs.forEach(({ measure, ecdfs }, i) => {
      const left = (i % across) * (panelW + 36);
      const top = Math.floor(i / across) * (panelH + 58);
      const g = f.plot.append('g').attr('class', 'panel').attr('data-panel', measure).attr('transform', `translate(${left},${top})`) as unknown as G;
      const positives = ecdfs.flatMap((e) => e.x.filter((v) => v > 0));
      const lo = Math.max(measure === 'boundedSlowdown' ? 1 : 1e-3, min(positives) ?? 1);
      const hi = Math.max(lo * 10, max(positives) ?? 10);
      const x = scaleLog().domain([lo, hi]).range([0, panelW]).clamp(true).nice();
      const y = scaleLinear().domain([0, 1]).range([panelH, 0]);
      g.append('g').call(axisLeft(y).ticks(5).tickSize(-panelW).tickFormat(() => '')).call((s) => s.select('.domain').remove()).call((s) => s.selectAll('line').attr('stroke', GRID));
      g.append('g').call(axisLeft(y).ticks(5, '.0%'));
      // The scale's own choice of labelled ticks (powers of ten on wide domains), written as every other number.
      const shown = x.tickFormat(4, '~s');
      g.append('g').attr('transform', `translate(0,${panelH})`).call(axisBottom(x).ticks(4).tickFormat((d) => (shown(d as number) === '' ? '' : num(Number(d)))));
      g.append('text').attr('x', panelW / 2).attr('y', panelH + 36).attr('text-anchor', 'middle').attr('fill', MUTED).text(LABELS[measure]);
      if (i % across === 0) g.append('text').attr('transform', `translate(-46,${panelH / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('fill', MUTED).text('fraction of jobs');
      const labels = [];
      for (const e of ecdfs) {
        const color = colorOf(data.variants, e.variant);
        const pts: [number, number][] = [[x.domain()[0]!, 0], ...e.x.map((v, k): [number, number] => [Math.max(v, x.domain()[0]!), e.p[k]!])];
        pts.push([x.domain()[1]!, 1]);
        const sg = g.append('g').attr('class', 'series').attr('data-series', e.variant).attr('data-panel', measure);
        sg.append('path')
          .attr('fill', 'none')
          .attr('stroke', color)
          .attr('stroke-width', 1.6)
          .attr('stroke-dasharray', dashOf(data.variants, e.variant) || null)
          .attr('d', line<[number, number]>().x((d) => x(d[0])).y((d) => y(d[1])).curve(curveStepAfter)(pts));
        sg.append('title').text(`${e.variant}: ${num(e.n)} jobs`);
        // A transparent wide stroke to hover; the tooltip gives the median and p95.
        const q = (p: number) => e.x[e.p.findIndex((v) => v >= p)] ?? NaN;
        sg.append('path')
          .attr('fill', 'none')
          .attr('stroke', 'transparent')
          .attr('stroke-width', 10)
          .attr('d', line<[number, number]>().x((d) => x(d[0])).y((d) => y(d[1])).curve(curveStepAfter)(pts))
          .on('pointerenter', () => tip.show(f.margin.left + left + panelW / 2, f.margin.top + top + 10, [`${e.variant} (${num(e.n)} jobs)`, `median ${num(q(0.5))}`, `p95 ${num(q(0.95))}`]))
          .on('pointerleave', () => tip.hide());
        if (i % across === across - 1 || i === cs.length - 1) labels.push({ y: y(0.5 + 0.04 * labels.length), text: e.variant, color, series: e.variant });
      }
      if (labels.length) directLabels(g, labels, panelW, 0, panelH);
    });
    keyboardReading(f, '[data-series] title');
    return f.svg.node()!;
  },
  table(all, options = {}) {
    const { data } = onePoint(all, options.point);
    const rows: TableData['rows'] = [];
    for (const { measure, ecdfs } of curves(data, options)) for (const e of ecdfs) e.x.forEach((v, k) => rows.push([measure, e.variant, v, e.p[k]!]));
    return { columns: ['measure', 'variant', 'value', 'fraction_at_or_below'], rows };
  },
};
