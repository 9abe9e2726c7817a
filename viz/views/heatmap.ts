/**
 * A heatmap of a metric over a parameter grid: the mean across seeds in each
 * cell, written in the cell too. x is the first grid parameter; y the second,
 * or the variant when the grid has one parameter. With two parameters and
 * several variants, one heatmap per variant. Viridis, which reads in grey and
 * with colour-vision deficiencies.
 */
import { axisBottom, axisLeft, interpolateViridis, scaleBand, scaleSequential } from 'd3';
import type { ResultsData } from '../data/model.ts';
import { estimate, runsOf, seedCount } from '../data/stats.ts';
import { metricUnit } from './common/format.ts';
import { MUTED } from './common/palette.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading } from './common/svg.ts';
import { chosenMetrics } from './strip.ts';
import type { TableData, View, ViewOptions } from './view.ts';
import { maxOf, minOf } from '../../sim/arrays.ts';

export interface HeatmapOptions extends ViewOptions {
  metric?: string;
}

/** Grid values sorted numerically when they are numbers. */
function levels(values: Iterable<string>): string[] {
  const xs = [...new Set(values)];
  return xs.every((v) => v !== '' && Number.isFinite(Number(v))) ? xs.sort((a, b) => Number(a) - Number(b)) : xs.sort();
}

interface Cell {
  facet: string;
  x: string;
  y: string;
  n: number;
  mean: number;
}

/**
 * The cells: one per grid point (and variant), each the mean over that point's
 * seeds. With more than two grid parameters, the others are held at the first
 * grid point's values (pooling them would average different experiments).
 */
function cells(all: ResultsData, metric: string): { facets: string[]; xName: string; yName: string; cells: Cell[]; fixed: string } {
  const [p1, p2, ...rest] = all.params;
  const first = all.runs[0];
  const fixedValues = rest.map((k) => [k, first?.params[k] ?? ''] as const);
  const data = rest.length ? { ...all, runs: all.runs.filter((r) => fixedValues.every(([k, v]) => r.params[k] === v)) } : all;
  const fixed = fixedValues.map(([k, v]) => `${k}=${v}`).join(';');
  const xName = p1!;
  const yName = p2 ?? 'variant';
  const facets = p2 && data.variants.length > 1 ? data.variants : [''];
  const out: Cell[] = [];
  for (const facet of facets) {
    const groups = new Map<string, number[]>();
    for (const variant of facet ? [facet] : data.variants) {
      for (const r of runsOf(data, variant)) {
        const v = r.metrics[metric];
        if (v === undefined || !Number.isFinite(v)) continue;
        const key = JSON.stringify([r.params[xName] ?? '', p2 ? (r.params[p2] ?? '') : r.variant]);
        groups.set(key, [...(groups.get(key) ?? []), v]);
      }
    }
    for (const [key, values] of groups) {
      const [x, y] = JSON.parse(key) as [string, string];
      const e = estimate(values);
      out.push({ facet, x, y, n: e.n, mean: e.mean });
    }
  }
  return { facets, xName, yName, cells: out, fixed };
}

export const heatmapView: View<HeatmapOptions> = {
  id: 'heatmap',
  title: 'Metric over the parameter grid',
  available: (data) => data.params.length > 0 && data.metrics.length > 0,
  render(data, options = {}) {
    if (data.params.length === 0) return emptyFrame('heatmap', this.title, 'No grid parameters (a study with a parameter grid is needed).');
    const metric = options.metric && data.metrics.includes(options.metric) ? options.metric : chosenMetrics(data)[0]!;
    const unit = metricUnit(metric);
    const { facets, xName, yName, cells: cs, fixed } = cells(data, metric);
    const xs = levels(cs.map((c) => c.x));
    const ys = yName === 'variant' ? data.variants.filter((v) => cs.some((c) => c.y === v)) : levels(cs.map((c) => c.y));
    const width = options.width ?? 760;
    const labelW = Math.min(190, 14 + 7 * Math.max(maxOf(ys.map((v) => v.length)), 4));
    const cellH = 30;
    const facetH = ys.length * cellH + (facets.length > 1 ? 64 : 44);
    const f = frame('heatmap', `${this.title}: ${metric}`, `Mean of ${metric} across seeds for each combination of ${xName} and ${yName}${facets.length > 1 ? `, one panel per variant` : ''}.`, width, 56 + facets.length * facetH + 10, {
      top: 56,
      right: 20,
      bottom: 10,
      left: labelW,
    });
    heading(f, `${this.title}: ${metric}`, `each cell: the mean over the seeds of one grid point; x: ${xName}, y: ${yName}${fixed ? `; at ${fixed}` : ''}`);
    const finite = cs.map((c) => c.mean).filter(Number.isFinite);
    const lo = minOf(finite);
    const hi = maxOf(finite);
    const color = scaleSequential(interpolateViridis).domain(lo < hi ? [lo, hi] : [lo - 1, hi + 1]);
    const x = scaleBand<string>().domain(xs).range([0, f.innerWidth]).padding(0.04);
    const y = scaleBand<string>().domain(ys).range([0, ys.length * cellH]).padding(0.04);
    facets.forEach((facet, i) => {
      const g = f.plot.append('g').attr('class', 'series').attr('data-series', facet || metric).attr('transform', `translate(0,${i * facetH + (facet ? 16 : 0)})`);
      if (facet) g.append('text').attr('y', -6).attr('font-weight', 600).text(facet);
      g.append('g').call(axisLeft(y));
      g.append('g').attr('transform', `translate(0,${ys.length * cellH})`).call(axisBottom(x));
      g.append('text').attr('x', f.innerWidth / 2).attr('y', ys.length * cellH + 32).attr('text-anchor', 'middle').attr('fill', MUTED).text(xName);
      for (const c of cs.filter((cell) => cell.facet === facet)) {
        const fill = Number.isFinite(c.mean) ? color(c.mean) : '#ccc';
        const cell = g.append('g').attr('class', 'cell');
        cell.append('rect').attr('x', x(c.x) ?? 0).attr('y', y(c.y) ?? 0).attr('width', x.bandwidth()).attr('height', y.bandwidth()).attr('fill', fill);
        cell.append('text')
          .attr('x', (x(c.x) ?? 0) + x.bandwidth() / 2)
          .attr('y', (y(c.y) ?? 0) + y.bandwidth() / 2)
          .attr('dy', '0.32em')
          .attr('text-anchor', 'middle')
          .attr('font-size', 10)
          .attr('fill', Number.isFinite(c.mean) && (c.mean - lo) / (hi - lo || 1) > 0.6 ? '#000' : '#fff')
          .text(unit.fmt(c.mean));
        cell.append('title').text(`${xName} = ${c.x}, ${yName} = ${c.y}${facet ? ` (${facet})` : ''}: ${metric} mean ${unit.fmt(c.mean)} over ${seedCount([c.n])}`);
      }
    });
    keyboardReading(f, '.cell title');
    return f.svg.node()!;
  },
  table(data, options = {}) {
    if (data.params.length === 0) return { columns: [], rows: [] };
    const metric = options.metric && data.metrics.includes(options.metric) ? options.metric : chosenMetrics(data)[0]!;
    const { xName, yName, cells: cs } = cells(data, metric);
    const rows: TableData['rows'] = cs.map((c) => [c.facet, c.x, c.y, c.n, c.mean]);
    return { columns: ['variant_panel', xName, yName, 'runs', `mean_${metric}`], rows };
  },
};
