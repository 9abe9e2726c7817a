/**
 * Availability, MTTR, lost work and SLO minutes per variant: the mean across
 * its seeds (one grid point) with the 95% interval of that mean, and every run
 * as a dot. From a scenario run's `dynamics` (docs/dynamics.md "Metrics of dynamic
 * runs"; data/dynamics.ts): node availability and the observed MTTR when nodes
 * failed, batch work lost, service availability and SLO violation minutes when
 * there are services. Other producers' metrics with these names are shown too.
 */
import { onePoint, pointLabel } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { hasInterval, metricByVariant, seedCount } from '../data/stats.ts';
import { labelWidth, metricUnit } from './common/format.ts';
import { colorOf } from './common/palette.ts';
import { finiteExtent, jitter, rowsPanel } from './common/rows-panel.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading, type G } from './common/svg.ts';
import type { TableData, View } from './view.ts';
import { maxOf } from '../../sim/arrays.ts';

/**
 * Dynamics metrics in the order shown, each with the metric that says whether
 * it means anything: dynamics are zeros when a feature is unused, and 0 %
 * availability of services that do not exist is not a result.
 */
const DYNAMICS: readonly [metric: string, when: string][] = [
  ['nodes_availability', 'nodes_failures'],
  ['nodes_mttr_observed', 'nodes_failures'],
  ['recovery_work_lost_cpu_seconds', 'recovery_interruptions'],
  ['services_total_mean_availability', 'services_total_services'],
  ['services_total_slo_violation_minutes', 'services_total_services'],
];

/** Other producers' names (no `nodes_`/`services_`/`recovery_` group prefix). */
const GENERIC = /^(availability|mttr|mtbf|lost_work|slo_minutes|slo_violation_minutes|downtime)(_|$)/;

export function reliabilityMetrics(data: ResultsData): string[] {
  const any = (m: string) => data.runs.some((r) => (r.metrics[m] ?? 0) > 0);
  const out = DYNAMICS.filter(([m, when]) => data.metrics.includes(m) && (any(when) || (when === 'nodes_failures' && any('nodes_maintenance_fraction')))).map(([m]) => m);
  return [...out, ...data.metrics.filter((m) => GENERIC.test(m))];
}

export const reliabilityView: View = {
  id: 'reliability',
  title: 'Availability, MTTR, lost work and SLO minutes',
  available: (data) => reliabilityMetrics(data).length > 0,
  render(all, options = {}) {
    const { data, point } = onePoint(all, options.point);
    const metrics = reliabilityMetrics(data);
    if (metrics.length === 0) return emptyFrame('reliability', this.title, 'No availability, MTTR, lost work or SLO metrics in these results.');
    const width = options.width ?? 760;
    const cols = width >= 640 ? 2 : 1;
    const labelW = labelWidth(data.variants);
    const panelW = (width - 20 - cols * (labelW + 20)) / cols;
    const panelH = Math.max(50, 24 * data.variants.length);
    const cellH = panelH + 70;
    const counts = metricByVariant(data, metrics[0]!).map((v) => v.estimate.n);
    const band = Math.max(0, maxOf(counts)) > 1 ? `bar: mean over seeds; line: its 95% confidence interval (Student t, ${seedCount(counts)}); dots: runs` : 'bar: the run (one per variant, no interval)';
    const legend = `${band}${pointLabel(all, point)}`;
    const f = frame('reliability', this.title, `Reliability metrics per variant: ${metrics.join(', ')}. ${legend}.`, width, 50 + Math.ceil(metrics.length / cols) * cellH, {
      top: 50,
      right: 10,
      bottom: 0,
      left: 10,
    });
    heading(f, this.title, legend);
    metrics.forEach((metric, i) => {
      const unit = metricUnit(metric);
      const byVariant = metricByVariant(data, metric);
      const cell = f.plot.append('g').attr('transform', `translate(${(i % cols) * (panelW + labelW + 20) + labelW},${Math.floor(i / cols) * cellH + 14})`) as unknown as G;
      cell.append('text').attr('y', -4).attr('font-weight', 600).text(metric);
      const extent = finiteExtent(byVariant.flatMap((v) => [...v.values, v.estimate.lo, v.estimate.hi]));
      const p = rowsPanel(cell, metric, data.variants, [Math.min(0, extent[0]), extent[1]], panelW, panelH, metric, (r) => colorOf(data.variants, r));
      for (const v of byVariant) {
        const e = v.estimate;
        if (e.n === 0) continue;
        const color = colorOf(data.variants, v.variant);
        const top = p.y(v.variant) ?? 0;
        const sg = p.g.append('g').attr('class', 'series').attr('data-series', v.variant).attr('data-panel', metric);
        sg.append('rect').attr('class', 'bar').attr('x', p.x(Math.min(0, e.mean))).attr('y', top).attr('height', p.y.bandwidth()).attr('width', Math.abs(p.x(e.mean) - p.x(0))).attr('fill', color).attr('fill-opacity', 0.35)
          .append('title').text(`${v.variant}: ${metric} mean ${unit.fmt(e.mean)}${hasInterval(e) ? `, 95% confidence interval [${unit.fmt(e.lo)}, ${unit.fmt(e.hi)}]` : ''} over ${seedCount([e.n])}`);
        const cy = top + p.y.bandwidth() / 2;
        if (hasInterval(e)) sg.append('line').attr('class', 'ci').attr('x1', p.x(e.lo)).attr('x2', p.x(e.hi)).attr('y1', cy).attr('y2', cy).attr('stroke', '#222').attr('stroke-width', 2);
        v.values.forEach((value, k) => sg.append('circle').attr('class', 'run').attr('cx', p.x(value)).attr('cy', cy + jitter(k) * p.y.bandwidth() * 0.3).attr('r', 3).attr('fill', color));
      }
    });
    keyboardReading(f, '[data-series] title');
    return f.svg.node()!;
  },
  table(all, options = {}) {
    const { data } = onePoint(all, options.point);
    const rows: TableData['rows'] = [];
    for (const metric of reliabilityMetrics(data)) for (const v of metricByVariant(data, metric)) rows.push([metric, v.variant, v.estimate.n, v.estimate.mean, v.estimate.lo, v.estimate.hi]);
    return { columns: ['metric', 'variant', 'runs', 'mean', 'ci95_lo', 'ci95_hi'], rows };
  },
};

