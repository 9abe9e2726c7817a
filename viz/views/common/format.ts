/** Numbers and durations for axes, labels and tooltips. */
import { format, ticks } from 'd3';

/** A time unit suited to a span of seconds, for axes: seconds, minutes, hours or days. */
export function timeUnit(spanSeconds: number): { name: string; seconds: number } {
  if (spanSeconds >= 3 * 86400) return { name: 'days', seconds: 86400 };
  if (spanSeconds >= 3 * 3600) return { name: 'hours', seconds: 3600 };
  if (spanSeconds >= 180) return { name: 'minutes', seconds: 60 };
  return { name: 'seconds', seconds: 1 };
}

/** Seconds as a short human duration (the CLI's table format). */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (s < 120) return `${sign}${s.toFixed(1)} s`;
  if (s < 7200) return `${sign}${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${sign}${(s / 3600).toFixed(2)} h`;
  return `${sign}${(s / 86400).toFixed(2)} d`;
}

const g3 = format('.3~g');
const comma = format(',.0f');

export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return comma(x);
  return g3(x);
}

export function percent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : String(x);
}

/** What a metric measures, to label axes with units. */
export function metricUnit(metric: string): { label: string; fmt: (x: number) => string } {
  if (/^utilization|availability/.test(metric)) return { label: `${metric} (fraction)`, fmt: percent };
  if (/wait|response|makespan|mttr|lost_work|downtime|_time$|slo_minutes/.test(metric)) {
    if (/slo_minutes/.test(metric)) return { label: `${metric} (min)`, fmt: num };
    if (/lost_work/.test(metric)) return { label: `${metric} (processor-seconds)`, fmt: num };
    return { label: `${metric} (s)`, fmt: duration };
  }
  if (/throughput/.test(metric)) return { label: `${metric} (jobs/h)`, fmt: num };
  if (/cost/.test(metric)) return { label: `${metric} (cost units)`, fmt: num };
  if (/^jobs_/.test(metric)) return { label: `${metric} (jobs)`, fmt: num };
  return { label: metric, fmt: num };
}

/**
 * Axis ticks and label for a metric over a domain: durations in the unit that
 * suits the largest value (so ticks read 2, 4, 6 hours, not 7200 s), fractions
 * as percentages, counts as plain numbers.
 */
export function metricAxis(metric: string, domain: readonly number[]): { label: string; tick: (x: number) => string; factor: number } {
  const unit = metricUnit(metric);
  if (unit.fmt === duration) {
    const span = Math.max(...domain.map(Math.abs).filter(Number.isFinite), 0);
    const u = timeUnit(span);
    return { label: `${metric} (${u.name})`, tick: (x) => num(x / u.seconds), factor: u.seconds };
  }
  return { label: unit.label, tick: unit.fmt === percent ? (x) => `${Number((100 * x).toPrecision(3))} %` : num, factor: 1 };
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
  return Math.max(min, Math.min(max, 16 + 7 * Math.max(0, ...names.map((n) => n.length))));
}
