/**
 * Stacked panels of series over simulated time, one line per variant (the mean
 * across its runs) with its 95% band, labelled directly at the right end.
 * Shared by the utilization, queue and scaling views. Optional: a lane of event
 * annotations (failures, detections, recoveries, scale events, rollouts) above
 * the panels, and a brush to select a time window.
 *
 * Hover or focus the chart and use ← → (Home, End) to read values at a time.
 */
import { area, axisBottom, type Selection, axisLeft, bisectLeft, brushX, line, max, min, scaleLinear, type ScaleLinear } from 'd3';
import type { EventMark } from './event-groups.ts';
import type { VariantSeries } from '../../data/aggregate.ts';
import { colorOf, dashOf, EVENT_COLORS, GRID, MUTED } from './palette.ts';
import { labelWidth, num, seconds, timeUnit, unitTicks } from './format.ts';
import { groupEvents, listed } from './event-groups.ts';
import { directLabels } from './labels.ts';
import { seedCount } from '../../data/stats.ts';
import { frame, heading, nextId, type Frame, type G } from './svg.ts';
import { tooltip } from './tooltip.ts';

export interface TimePanel {
  /** Column or quantity, used in data attributes and the tooltip. */
  key: string;
  yLabel: string;
  fmt: (x: number) => string;
  series: VariantSeries[];
  /** Fixed y domain (utilization: [0, 1]); otherwise from the data, starting at 0. */
  yDomain?: [number, number];
}

// Defined with the grouping that reads it (event-groups.ts), so neither file imports the other.
export type { EventMark } from './event-groups.ts';

export interface TimeChartOptions {
  width: number;
  panelHeight: number;
  variants: readonly string[];
  events?: readonly EventMark[];
  /** How many runs the events come from (a mark seen in all of them says "every run"). */
  runs?: number;
  /** Called with the selected window in seconds, or null when cleared. */
  onBrush?: (window: [number, number] | null) => void;
  /** A window to show as selected. */
  selection?: [number, number] | null;
  /** ' at load=0.7' when the runs are one grid point of several (data/grid.ts pointLabel). */
  pointLabel?: string;
}

const GAP = 30;

/** What the line and the band are, for the chart's legend line: the band is the 95% t interval over seeds. */
export function bandLegend(panels: readonly TimePanel[]): string {
  const counts = panels.flatMap((p) => p.series.map((s) => s.runs));
  if (counts.length === 0 || counts.every((n) => n <= 1)) return 'one run per variant: lines are that run, no interval';
  return `line: mean over the seeds of each variant; band: 95% confidence interval of the mean (Student t, ${seedCount(counts)})`;
}

export function timeChart(view: string, title: string, description: string, panels: readonly TimePanel[], opts: TimeChartOptions): SVGSVGElement {
  const events = opts.events ?? [];
  const lane = events.length ? 26 : 0;
  const margin = { top: 46 + lane, right: labelWidth(opts.variants, 90), bottom: 42, left: 64 };
  const height = margin.top + margin.bottom + panels.length * opts.panelHeight + (panels.length - 1) * GAP;
  const legend = `${bandLegend(panels)}${opts.pointLabel ?? ''}`;
  const f = frame(view, title, `${description} ${legend}.`, opts.width, height, margin);
  heading(f, title, legend);

  const allTimes = panels.flatMap((p) => p.series.flatMap((s) => s.time));
  const t0 = min(allTimes) ?? 0;
  let t1 = max(allTimes) ?? 1;
  const step = panels[0]?.series[0] && panels[0].series[0].time.length > 1 ? panels[0].series[0].time[1]! - panels[0].series[0].time[0]! : 0;
  t1 = Math.max(t1 + step, t0 + 1);
  const unit = timeUnit(t1 - t0);
  const x = scaleLinear().domain([t0, t1]).range([0, f.innerWidth]);

  const yScales = panels.map((panel, i) => drawPanel(f, panel, i, panels.length, x, unit, opts));
  const plotHeight = panels.length * opts.panelHeight + (panels.length - 1) * GAP;
  f.plot
    .append('text')
    .attr('x', f.innerWidth / 2)
    .attr('y', plotHeight + 34)
    .attr('text-anchor', 'middle')
    .attr('fill', MUTED)
    .text(`simulated time (${unit.name} from the start of the trace)`);

  if (events.length) drawEvents(f, events, x, lane, plotHeight, unit, opts.runs ?? 1);
  interact(f, panels, x, yScales, unit, plotHeight, opts);
  return f.svg.node()!;
}

/** One panel: its axes, grid and label, then each variant's line (and band), labelled at the right end. Returns its y scale. */
function drawPanel(f: Frame, panel: TimePanel, i: number, count: number, x: ScaleLinear<number, number>, unit: { name: string; seconds: number }, opts: TimeChartOptions): ScaleLinear<number, number> {
  const top = i * (opts.panelHeight + GAP);
  const g = f.plot.append('g').attr('class', 'panel').attr('data-panel', panel.key).attr('transform', `translate(0,${top})`) as unknown as G;
  const hi = panel.yDomain?.[1] ?? Math.max(1e-9, max(panel.series.flatMap((s) => s.hi.concat(s.mean)).filter(Number.isFinite)) ?? 1);
  const y = scaleLinear()
    .domain(panel.yDomain ?? [0, hi])
    .nice()
    .range([opts.panelHeight, 0]);
  g.append('g')
    .attr('class', 'grid')
    .call(axisLeft(y).ticks(4).tickSize(-f.innerWidth).tickFormat(() => ''))
    .call((s) => s.select('.domain').remove())
    .call((s) => s.selectAll('line').attr('stroke', GRID));
  g.append('g').attr('class', 'y-axis').call(axisLeft(y).ticks(4).tickFormat((d) => panel.fmt(Number(d))));
  g.append('text')
    .attr('transform', `translate(${-48},${opts.panelHeight / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', MUTED)
    .text(panel.yLabel);
  const xAxis = g.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${opts.panelHeight})`);
  xAxis.call(
    axisBottom(x)
      .tickValues(unitTicks(x.domain(), unit.seconds, Math.max(2, Math.floor(f.innerWidth / 90))))
      .tickFormat((d) => (i === count - 1 ? num(Number(d) / unit.seconds) : '')),
  );
  const clip = nextId('clip');
  g.append('clipPath').attr('id', clip).append('rect').attr('width', f.innerWidth).attr('height', opts.panelHeight);
  const labels: { y: number; text: string; color: string; series: string }[] = [];
  for (const s of panel.series) labels.push(drawSeries(g, s, panel, x, y, clip, opts));
  directLabels(g, labels, f.innerWidth, 0, opts.panelHeight);
  return y;
}

/** A variant's mean line and, over several seeds, its confidence band; returns its direct label. */
function drawSeries(g: G, s: TimePanel['series'][number], panel: TimePanel, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, clip: string, opts: TimeChartOptions): { y: number; text: string; color: string; series: string } {
  const color = colorOf(opts.variants, s.variant);
  const sg = g.append('g').attr('class', 'series').attr('data-series', s.variant).attr('data-panel', panel.key).attr('clip-path', `url(#${clip})`);
  const pts = s.time.map((_, k) => k);
  if (s.runs > 1) {
    sg.append('path')
      .attr('class', 'band')
      .attr('fill', color)
      .attr('fill-opacity', 0.18)
      .attr('stroke', 'none')
      .attr(
        'd',
        area<number>()
          .x((k) => x(s.time[k]!))
          .y0((k) => y(s.lo[k]!))
          .y1((k) => y(s.hi[k]!))
          .defined((k) => Number.isFinite(s.lo[k]!) && Number.isFinite(s.hi[k]!))(pts),
      );
  }
  sg.append('path')
    .attr('class', 'line')
    .attr('fill', 'none')
    .attr('stroke', color)
    .attr('stroke-width', 1.6)
    .attr('stroke-dasharray', dashOf(opts.variants, s.variant) || null)
    .attr(
      'd',
      line<number>()
        .x((k) => x(s.time[k]!))
        .y((k) => y(s.mean[k]!))
        .defined((k) => Number.isFinite(s.mean[k]!))(pts),
    );
  sg.append('title').text(`${s.variant}: ${panel.yLabel}, ${s.runs > 1 ? `mean of ${num(s.runs)} seeds with the 95% confidence interval of the mean` : 'one run'}${opts.pointLabel ?? ''}`);
  const lastY = s.mean.length ? s.mean[s.mean.length - 1]! : 0;
  return { y: y(Number.isFinite(lastY) ? lastY : 0), text: s.variant, color, series: s.variant };
}

function drawEvents(f: Frame, events: readonly EventMark[], x: ScaleLinear<number, number>, lane: number, plotHeight: number, unit: { name: string; seconds: number }, runs: number): void {
  const g = f.plot.append('g').attr('class', 'events').attr('transform', `translate(0,${-lane + 4})`);
  const [d0, d1] = x.domain() as [number, number];
  const groups = groupEvents(events, [d0, d1]);
  const categories = [...new Set(groups.map((e) => e.category))];
  for (const e of groups) {
    const color = EVENT_COLORS[e.category] ?? EVENT_COLORS.other!;
    const mark = g.append('g').attr('class', 'event').attr('data-category', e.category).attr('data-type', e.type).attr('data-count', e.count).attr('tabindex', -1);
    if (e.end !== null && e.end > e.time) {
      mark.append('rect').attr('x', x(e.time)).attr('y', 0).attr('width', Math.max(1, x(Math.min(e.end, d1)) - x(e.time))).attr('height', 10).attr('fill', color).attr('fill-opacity', 0.5);
    }
    mark.append('path').attr('d', `M${x(e.time)},10 l-4,-8 h8 z`).attr('fill', color);
    // A faint rule through the panels for the events that change capacity.
    if (e.category === 'failure' || e.category === 'recovery' || e.category === 'rollout') {
      mark.append('line').attr('x1', x(e.time)).attr('x2', x(e.time)).attr('y1', 10).attr('y2', lane + plotHeight - 4).attr('stroke', color).attr('stroke-opacity', 0.35);
    }
    const when = e.last > e.time ? `between ${seconds(e.time)} and ${seconds(e.last)}` : `at ${seconds(e.time)} (${num(e.time / unit.seconds, 4)} ${unit.name})`;
    const where = e.nodes.length ? ` on ${listed(e.nodes)}` : '';
    const until = e.end !== null ? ` until ${seconds(e.end)}` : '';
    const who = runs > 1 ? (e.runs.length === runs ? '; every run' : `; run${e.runs.length > 1 ? 's' : ''} ${listed(e.runs)}`) : '';
    const detail = e.details.length === 1 ? `: ${e.details[0]}` : '';
    mark.append('title').text(`${e.type}${e.count > 1 ? ` ×${num(e.count)}` : ''} ${when}${where}${until}${who}${detail}`);
  }
  // A row above the lane, so it never meets the direct labels on the right.
  const step = 96;
  const legend = f.svg.append('g').attr('class', 'event-legend').attr('transform', `translate(${f.margin.left + f.innerWidth - categories.length * step},${f.margin.top - lane - 8})`);
  categories.forEach((c, i) => {
    const item = legend.append('g').attr('transform', `translate(${i * step},0)`);
    item.append('path').attr('d', 'M4,4 l-4,-8 h8 z').attr('transform', 'translate(0,4)').attr('fill', EVENT_COLORS[c] ?? EVENT_COLORS.other!);
    item.append('text').attr('x', 12).attr('dy', '0.32em').attr('font-size', 10).text(c);
  });
}

function interact(
  f: Frame,
  panels: readonly TimePanel[],
  x: ScaleLinear<number, number>,
  yScales: ScaleLinear<number, number>[],
  unit: { name: string; seconds: number },
  plotHeight: number,
  opts: TimeChartOptions,
): void {
  const times = [...new Set(panels.flatMap((p) => p.series.flatMap((s) => s.time)))].sort((a, b) => a - b);
  if (times.length === 0) return;
  const overlay = f.plot.append('g').attr('class', 'overlay');
  const rule = overlay.append('line').attr('y1', 0).attr('y2', plotHeight).attr('stroke', '#444').attr('stroke-dasharray', '3 3').attr('display', 'none');
  const tip = tooltip(f);
  const show = (t: number) => {
    const k = Math.min(times.length - 1, Math.max(0, bisectLeft(times, t)));
    const at = times[k]!;
    rule.attr('x1', x(at)).attr('x2', x(at)).attr('display', null);
    const lines = [`t = ${num(at / unit.seconds, 4)} ${unit.name}`];
    panels.forEach((p) => {
      for (const s of p.series) {
        const i = s.time.indexOf(at);
        if (i >= 0) lines.push(`${p.key} ${s.variant}: ${p.fmt(s.mean[i]!)}${s.runs > 1 ? ` [${p.fmt(s.lo[i]!)}, ${p.fmt(s.hi[i]!)}]` : ''}`);
      }
    });
    tip.show(f.margin.left + x(at), f.margin.top + (yScales[0]?.range()[1] ?? 0), lines.slice(0, 14));
    return k;
  };
  const hide = () => {
    rule.attr('display', 'none');
    tip.hide();
  };
  let cursor = -1;
  const area = f.plot.append('g').attr('class', 'hover-area') as unknown as Selection<SVGGElement, unknown, null, undefined>;
  if (opts.onBrush) {
    const brush = brushX()
      .extent([
        [0, 0],
        [f.innerWidth, plotHeight],
      ])
      .on('end', (event: { selection: [number, number] | null; sourceEvent?: unknown }) => {
        if (!event.sourceEvent) return; // moved by code
        opts.onBrush!(event.selection ? [x.invert(event.selection[0]), x.invert(event.selection[1])] : null);
      });
    area.call(brush);
    if (opts.selection) area.call(brush.move, [x(opts.selection[0]), x(opts.selection[1])]);
    area.attr('data-brush', 'true');
  } else {
    area.append('rect').attr('width', f.innerWidth).attr('height', plotHeight).attr('fill', 'transparent');
  }
  area.on('pointermove', (event: PointerEvent) => {
    const [px] = pointerIn(event, f.plot.node()!);
    cursor = show(x.invert(px));
  });
  area.on('pointerleave', hide);
  f.svg.on('keydown', (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') cursor = Math.min(times.length - 1, cursor + 1);
    else if (event.key === 'ArrowLeft') cursor = Math.max(0, cursor < 0 ? times.length - 1 : cursor - 1);
    else if (event.key === 'Home') cursor = 0;
    else if (event.key === 'End') cursor = times.length - 1;
    else if (event.key === 'Escape') return hide();
    else return;
    event.preventDefault();
    show(times[cursor]!);
  });
  f.svg.on('blur', hide);
}

/** Pointer position in a group's coordinates (d3.pointer without the SVG matrix, which jsdom lacks). */
function pointerIn(event: PointerEvent, node: SVGGElement): [number, number] {
  const svg = node.ownerSVGElement;
  const ctm = node.getScreenCTM?.();
  if (svg && ctm && svg.createSVGPoint) {
    const p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    const q = p.matrixTransform(ctm.inverse());
    return [q.x, q.y];
  }
  return [event.offsetX, event.offsetY];
}
