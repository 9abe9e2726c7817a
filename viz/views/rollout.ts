/**
 * The rollout and configuration-drift timeline: one lane per run, rollout
 * steps as intervals (or marks when they have no end), configuration changes
 * and drift as diamonds. Present when runs have rollout or drift events.
 */
import { axisBottom, max, min, scaleBand, scaleLinear } from 'd3';
import { onePoint, pointLabel } from '../data/grid.ts';
import { niceDomain, num, seconds, timeUnit, unitTicks } from './common/format.ts';
import { colorOf, EVENT_COLORS, GRID, MUTED } from './common/palette.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading } from './common/svg.ts';
import { eventMarks } from './common/events.ts';
import type { View } from './view.ts';
import { maxOf } from '../../sim/arrays.ts';

const CATEGORIES = ['rollout', 'drift'];

export const rolloutView: View = {
  id: 'rollout',
  title: 'Rollouts and configuration drift',
  available: (data) => eventMarks(data, CATEGORIES).length > 0,
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const events = eventMarks(data, CATEGORIES);
    if (events.length === 0) return emptyFrame('rollout', this.title, 'No rollout or configuration-drift events in these results.');
    const runs = data.runs.filter((r) => events.some((e) => e.run === r.id)).map((r) => r.id);
    const variantOf = new Map(data.runs.map((r) => [r.id, r.variant]));
    const width = options.width ?? 760;
    const labelW = Math.min(220, 12 + 7 * maxOf(runs.map((r) => r.length + (variantOf.get(r)?.length ?? 0) + 3)));
    const laneH = 22;
    const innerH = laneH * runs.length;
    const f = frame('rollout', this.title, `Rollout steps and configuration changes over time, one lane per run (${num(runs.length)} runs, ${num(events.length)} events)${pointLabel(all, point)}.`, width, 50 + innerH + 70, {
      top: 50,
      right: 16,
      bottom: 70,
      left: labelW,
    });
    heading(f, this.title, `bars: rollouts from start to end; diamonds: configuration changes, drift and reconciliation${pointLabel(all, point)}`);
    const t0 = min(events, (e) => e.time) ?? 0;
    const t1 = Math.max(t0 + 1, max(events, (e) => e.end ?? e.time) ?? 1);
    const unit = timeUnit(t1 - t0);
    const x = scaleLinear().domain(niceDomain([t0, t1], unit.seconds)).range([0, f.innerWidth]);
    const y = scaleBand<string>().domain(runs).range([0, innerH]).padding(0.2);
    f.plot.append('g').attr('transform', `translate(0,${innerH})`).call(axisBottom(x).tickValues(unitTicks(x.domain(), unit.seconds, 6)).tickSize(-innerH).tickFormat((d) => num(Number(d) / unit.seconds))).call((s) => s.selectAll('.tick line').attr('stroke', GRID));
    f.plot.append('text').attr('x', f.innerWidth / 2).attr('y', innerH + 34).attr('text-anchor', 'middle').attr('fill', MUTED).text(`simulated time (${unit.name})`);
    for (const run of runs) {
      const variant = variantOf.get(run) ?? '';
      f.plot.append('text').attr('x', -8).attr('y', (y(run) ?? 0) + y.bandwidth() / 2).attr('dy', '0.32em').attr('text-anchor', 'end').attr('fill', colorOf(data.variants, variant)).attr('font-weight', 600).text(`${run} (${variant})`);
      const sg = f.plot.append('g').attr('class', 'series').attr('data-series', run);
      for (const e of events.filter((ev) => ev.run === run)) {
        const color = EVENT_COLORS[e.category]!;
        const top = y(run) ?? 0;
        const mark = e.end !== null && e.end > e.time
          ? sg.append('rect').attr('class', 'step').attr('x', x(e.time)).attr('y', top).attr('width', Math.max(2, x(e.end) - x(e.time))).attr('height', y.bandwidth()).attr('fill', color).attr('fill-opacity', 0.6)
          : sg.append('path').attr('class', 'change').attr('d', `M${x(e.time)},${top} l5,${y.bandwidth() / 2} l-5,${y.bandwidth() / 2} l-5,${-y.bandwidth() / 2} z`).attr('fill', color);
        mark.append('title').text(`${e.type} at ${seconds(e.time)}${e.end !== null ? ` until ${seconds(e.end)}` : ''}${e.node ? ` on ${e.node}` : ''}${e.detail ? `: ${e.detail}` : ''}`);
      }
    }
    const legend = f.plot.append('g').attr('transform', `translate(0,${innerH + 52})`);
    [...new Set(events.map((e) => e.category))].forEach((c, i) => {
      legend.append('rect').attr('x', i * 110).attr('y', -8).attr('width', 10).attr('height', 10).attr('fill', EVENT_COLORS[c]!);
      legend.append('text').attr('x', i * 110 + 14).attr('y', 0).text(c);
    });
    keyboardReading(f, '[data-series] title');
    return f.svg.node()!;
  },
  table(all, options = {}) {
    const rows = eventMarks(onePoint(all, options.point).data, CATEGORIES).map((e) => [e.run, e.variant, e.type, e.time, e.end, e.detail]);
    return { columns: ['run_id', 'variant', 'type', 'time', 'end', 'detail'], rows };
  },
};
