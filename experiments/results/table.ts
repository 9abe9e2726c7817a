/** Plain-text tables for the terminal. */
import { maxOf } from '../../sim/arrays.ts';

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], alignRight: readonly boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, maxOf(rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (alignRight[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** A number for people: fixed decimals, thousands separators for large values. */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Seconds as a short human duration. */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 120) return `${fmt(seconds, 1)} s`;
  if (seconds < 7200) return `${fmt(seconds / 60, 1)} min`;
  if (seconds < 172800) return `${fmt(seconds / 3600, 2)} h`;
  return `${fmt(seconds / 86400, 2)} d`;
}
