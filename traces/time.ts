/**
 * Calendar timestamps of traces (`2023-11-16 18:17:03.9799600`), read without
 * the Date object or time zones (the traces give none; times are taken as
 * they are written): whole seconds since 1970-01-01 plus the fraction, kept
 * apart so that differences of nearby times stay exact.
 */

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Stamp {
  /** Whole seconds since 1970-01-01 00:00:00 (as written, no time zone). */
  seconds: number;
  /** The fraction of a second, in nanoseconds (an integer, so differences are exact). */
  nanos: number;
}

/** Parses `YYYY-MM-DD HH:MM:SS[.fffffff]`, or null if the text is not one (or names no real date). */
export function parseStamp(text: string): Stamp | null {
  const m = STAMP.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return null;
  const monthDays = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  if (d > monthDays) return null;
  return { seconds: daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s, nanos: m[7] ? Number(m[7].slice(1).padEnd(9, '0')) : 0 };
}

/** `a − b` in seconds; exact to the nanosecond when within about 100 days (whole nanoseconds stay below 2^53). */
export function stampDiff(a: Stamp, b: Stamp): number {
  const seconds = a.seconds - b.seconds;
  const nanos = a.nanos - b.nanos;
  if (Math.abs(seconds) < 9e6) return (seconds * 1e9 + nanos) / 1e9;
  return seconds + nanos / 1e9;
}
