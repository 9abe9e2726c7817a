/**
 * Strict reading of fields of a delimited record, with errors that name the
 * file, line, column, field and value.
 *
 * Numbers are parsed with patterns, never with `Number()` alone (`Number('')`
 * is 0, `Number('0x10')` is 16, `Number(' 1')` is 1): an integer is an
 * optional sign and digits; a decimal allows a fraction and an exponent.
 * Surrounding spaces are accepted only where a format is known to have them
 * (the `trim` option), because a stray space usually means a wrong delimiter.
 */
import { InputError } from '../sim/errors.ts';
import type { CsvRecord } from './csv.ts';

export const INTEGER = /^[-+]?\d+$/;
export const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * True if `text` matches DECIMAL. A hand-written scan: this runs for every
 * numeric field of multi-million-row tables, where the regular expression
 * showed in profiles.
 */
function isDecimal(text: string): boolean {
  const n = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = text.charCodeAt(++i);
  }
  if (c === 46) {
    c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits === 0) return false;
  if (c === 101 || c === 69) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    let exp = 0;
    while (c >= 48 && c <= 57) {
      exp++;
      c = text.charCodeAt(++i);
    }
    if (exp === 0) return false;
  }
  return i === n;
}

/** A strict decimal or null if `text` is not one (finite values only). */
export function parseDecimal(text: string): number | null {
  if (!isDecimal(text)) return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

/** A strict integer within the safe range, or null. */
export function parseInteger(text: string): number | null {
  const n = text.length;
  if (n > 0 && n < 16) {
    // Fast path: plain digits, exact in a double.
    let i = 0;
    let c = text.charCodeAt(0);
    const negative = c === 45;
    if (negative || c === 43) {
      if (n === 1) return null;
      i = 1;
    }
    let value = 0;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      value = value * 10 + (c - 48);
    }
    return negative ? -value : value;
  }
  if (!INTEGER.test(text)) return null;
  const x = Number(text);
  return Number.isSafeInteger(x) ? x : null;
}

/** Reads the fields of one record at a time; `names` are the schema's column names, for messages. */
export class FieldReader {
  private record: CsvRecord | null = null;
  /** Where schema column i is in the file (from its header), or null for the schema's order. */
  private order: readonly number[] | null = null;

  constructor(
    readonly file: string,
    readonly names: readonly string[],
    private readonly trim = false,
  ) {}

  set(record: CsvRecord): this {
    this.record = record;
    return this;
  }

  /** Maps schema columns to file columns (a header named them in another order). */
  setOrder(order: readonly number[] | null): void {
    this.order = order;
  }

  private at(i: number): number {
    return this.order ? this.order[i]! : i;
  }

  get line(): number {
    return this.record!.line;
  }

  /** The raw text of field i (trimmed when the reader trims). */
  raw(i: number): string {
    const v = this.record!.fields[this.at(i)] ?? '';
    return this.trim ? v.trim() : v;
  }

  /** Field label as messages show it: `3 (job ID)`. */
  label(i: number): string {
    return `${i + 1} (${this.names[i] ?? `column ${i + 1}`})`;
  }

  error(reason: string, i: number, value = this.raw(i)): InputError {
    return new InputError(reason, { file: this.file, line: this.record!.line, column: this.record!.column(this.at(i)), field: this.label(i), value });
  }

  /** A non-empty string. */
  str(i: number): string {
    const v = this.raw(i);
    if (v === '') throw this.error('missing value', i);
    return v;
  }

  /** A string, or null when empty. */
  optStr(i: number): string | null {
    const v = this.raw(i);
    return v === '' ? null : v;
  }

  int(i: number): number {
    const v = this.raw(i);
    if (v === '') throw this.error('missing value', i);
    const x = parseInteger(v);
    if (x === null) throw this.error(INTEGER.test(v) ? 'integer out of range' : 'not an integer', i);
    return x;
  }

  optInt(i: number): number | null {
    return this.raw(i) === '' ? null : this.int(i);
  }

  num(i: number): number {
    const v = this.raw(i);
    if (v === '') throw this.error('missing value', i);
    const x = parseDecimal(v);
    if (x === null) throw this.error(isDecimal(v) ? 'number out of range' : 'not a number', i);
    return x;
  }

  optNum(i: number): number | null {
    return this.raw(i) === '' ? null : this.num(i);
  }

  /** A number that must not be negative. */
  nonNeg(i: number): number {
    const x = this.num(i);
    if (x < 0) throw this.error('must not be negative', i);
    return x;
  }

  optNonNeg(i: number): number | null {
    return this.raw(i) === '' ? null : this.nonNeg(i);
  }

  /** One of the allowed strings. */
  oneOf<T extends string>(i: number, allowed: readonly T[]): T {
    const v = this.str(i);
    if (!(allowed as readonly string[]).includes(v)) throw this.error(`expected one of ${allowed.join(', ')}`, i);
    return v as T;
  }
}
