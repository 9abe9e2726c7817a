/**
 * A panel of one horizontal row per category (variant) against a numeric x
 * axis, the layout of the strip, forest and reliability views. Categories are
 * labelled on the left of every panel, in the variant's colour.
 */
import { axisBottom, scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from 'd3';
import { metricAxis, niceDomain, unitTicks } from './format.ts';
import { GRID, MUTED } from './palette.ts';
import type { G } from './svg.ts';

export interface RowsPanel {
  g: G;
  x: ScaleLinear<number, number>;
  y: ScaleBand<string>;
}

/** `metric` names the quantity on x; its axis gets ticks and a label in suitable units (format.ts metricAxis). */
export function rowsPanel(parent: G, key: string, rows: readonly string[], domain: [number, number], width: number, height: number, metric: string, color: (row: string) => string, labelPrefix = ''): RowsPanel {
  const g = parent.append('g').attr('class', 'panel').attr('data-panel', key) as unknown as G;
  let [d0, d1] = domain;
  if (!(d1 > d0)) {
    const pad = Math.abs(d0) * 0.1 || 1;
    d0 -= pad;
    d1 += pad;
  }
  const axis = metricAxis(metric, [d0, d1]);
  const x = scaleLinear().domain(niceDomain([d0, d1], axis.factor)).range([0, width]);
  const count = Math.max(2, Math.floor(width / 80));
  const y = scaleBand<string>().domain(rows).range([0, height]).padding(0.25);
  g.append('g')
    .attr('transform', `translate(0,${height})`)
    .call(axisBottom(x).tickValues(unitTicks(x.domain(), axis.factor, count)).tickSize(-height).tickFormat((d) => axis.tick(Number(d))))
    .call((s) => s.selectAll('.tick line').attr('stroke', GRID));
  g.append('text').attr('x', width / 2).attr('y', height + 34).attr('text-anchor', 'middle').attr('fill', MUTED).text(labelPrefix + axis.label);
  for (const r of rows) {
    g.append('text')
      .attr('x', -8)
      .attr('y', (y(r) ?? 0) + y.bandwidth() / 2)
      .attr('dy', '0.32em')
      .attr('text-anchor', 'end')
      .attr('fill', color(r))
      .attr('font-weight', 600)
      .text(r);
  }
  return { g, x, y };
}

/** Extent of finite numbers, or [0, 1] when there are none. */
export function finiteExtent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** A deterministic jitter in [-1, 1] for the i-th point (no Math.random: the same data draws the same picture). */
export function jitter(i: number): number {
  const s = Math.sin((i + 1) * 12.9898) * 43758.5453;
  return 2 * (s - Math.floor(s)) - 1;
}
