/**
 * Numbers and durations for axes, labels, tooltips and tables: every number
 * the app shows goes through `num` (or `percent`, `duration`, `seconds`, which
 * use it), so one figure never shows `15,675` next to `3703`. Thousands are
 * grouped with commas from 1,000 up; below that, three significant digits.
 */
import { format, ticks } from 'd3';
import { metricUnitOf, metricWithUnit } from '../../../experiments/results/metric-units.ts';
import { maxOf } from '../../../sim/arrays.ts';

/** A time unit suited to a span of seconds, for axes: seconds, minutes, hours or days. */
export function timeUnit(spanSeconds: number): { name: string; seconds: number } {
  if (spanSeconds >= 3 * 86400) return { name: 'days', seconds: 86400 };
  if (spanSeconds >= 3 * 3600) return { name: 'hours', seconds: 3600 };
  if (spanSeconds >= 180) return { name: 'minutes', seconds: 60 };
  return { name: 'seconds', seconds: 1 };
}

/** Seconds as a short human duration (the CLI's table format). */
export function duration(secs: number): string {
  if (!Number.isFinite(secs)) return String(secs);
  const s = Math.abs(secs);
  const sign = secs < 0 ? '-' : '';
  if (s < 120) return `${sign}${num(s)} s`;
  if (s < 7200) return `${sign}${num(s / 60)} min`;
  if (s < 172800) return `${sign}${num(s / 3600)} h`;
  return `${sign}${num(s / 86400)} d`;
}

const comma = format(',.0f');
const significant = new Map<number, (x: number) => string>();

/** A number for reading: grouped thousands (`15,675`, `3,703`) from 1,000 up, else `digits` significant digits. */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  let f = significant.get(digits);
  if (!f) significant.set(digits, (f = format(`.${digits}~g`)));
  const text = Math.abs(x) >= 1000 && Math.abs(x) < 1e21 ? comma(x) : f(x);
  // d3 writes − (U+2212) for negatives; keep the ASCII minus of the rest of the page (and of the CSV exports).
  return text.replace('\u2212', '-');
}

/** A fraction as a percentage. */
export function percent(x: number): string {
  // Four significant digits, so an availability of 0.9997 reads 99.97 %, not 100 %.
  return Number.isFinite(x) ? `${num(100 * x, 4)} %` : String(x);
}

/** A time in seconds, as `5,400 s`. */
export function seconds(x: number): string {
  return `${num(x)} s`;
}

/** What a metric measures, to label axes with units: the table of experiments/results/metric-units.ts, shared with the CLI. */
export function metricUnit(metric: string): { label: string; fmt: (x: number) => string } {
  const unit = metricUnitOf(metric);
  const label = metricWithUnit(metric);
  if (unit === 'fraction') return { label, fmt: percent };
  if (unit === 's') return { label, fmt: duration };
  return { label, fmt: num };
}

/**
 * Axis ticks and label for a metric over a domain: durations in the unit that
 * suits the largest value (so ticks read 2, 4, 6 hours, not 7200 s), fractions
 * as percentages, counts as plain numbers.
 */
export function metricAxis(metric: string, domain: readonly number[]): { label: string; tick: (x: number) => string; factor: number } {
  const unit = metricUnit(metric);
  if (unit.fmt === duration) {
    const span = Math.max(maxOf(domain.map(Math.abs).filter(Number.isFinite)), 0);
    const u = timeUnit(span);
    return { label: `${metric} (${u.name})`, tick: (x) => num(x / u.seconds), factor: u.seconds };
  }
  return { label: unit.label, tick: unit.fmt === percent ? (x) => `${num(100 * x)} %` : (x) => num(x), factor: 1 };
}

/** Tick values for a domain in data units that fall on round numbers in display units (data / factor). */
export function unitTicks(domain: readonly number[], factor: number, count: number): number[] {
  return ticks(domain[0]! / factor, domain[domain.length - 1]! / factor, count).map((t) => t * factor);
}

/** A domain widened to round numbers in display units. */
export function niceDomain(domain: [number, number], factor: number, count = 5): [number, number] {
  const t = ticks(domain[0] / factor, domain[1] / factor, count);
  if (t.length < 2) return domain;
  const step = t[1]! - t[0]!;
  return [Math.floor(domain[0] / factor / step) * step * factor, Math.ceil(domain[1] / factor / step) * step * factor];
}

/** Width in pixels that direct labels of these names need (about 7 px per character at 12 px). */
export function labelWidth(names: readonly string[], min = 60, max = 240): number {
  return Math.max(min, Math.min(max, 16 + 7 * Math.max(0, maxOf(names.map((n) => n.length)))));
}
