/**
 * CSV text to columns, for results files (RFC 4180: quoted fields, doubled
 * quotes, \n or \r\n line ends, a header row). Columns are kept as strings and
 * converted to numbers only when asked, strictly: an empty cell or one that is
 * not a plain decimal number is NaN (`Number('')` would be 0 and
 * `Number('0x10')` 16). Extra columns are kept; missing ones are absent.
 */
import { readQuoted } from '../../traces/csv-quoted.ts';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export class Table {
  readonly rowCount: number;
  private readonly numbers = new Map<string, Float64Array>();

  constructor(
    readonly columns: readonly string[],
    private readonly cells: readonly string[][],
    numbers?: ReadonlyMap<string, Float64Array>,
  ) {
    for (const [name, values] of numbers ?? []) this.numbers.set(name, values);
    this.rowCount = cells.find((c) => c.length > 0)?.length ?? [...this.numbers.values()][0]?.length ?? 0;
  }

  has(name: string): boolean {
    return this.columns.includes(name);
  }

  /** A column as text; undefined when absent (or read as numbers only). */
  text(name: string): readonly string[] | undefined {
    const i = this.columns.indexOf(name);
    if (i < 0) return undefined;
    if (this.numbers.has(name) && this.cells[i]!.length === 0 && this.rowCount > 0) return Array.from(this.numbers.get(name)!, (x) => (Number.isNaN(x) ? '' : String(x)));
    return this.cells[i];
  }

  /** A column as numbers (NaN where empty or not a number); undefined when absent. */
  num(name: string): Float64Array | undefined {
    let out = this.numbers.get(name);
    if (out) return out;
    const cells = this.text(name);
    if (!cells) return undefined;
    out = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) out[i] = toNumber(cells[i]!);
    this.numbers.set(name, out);
    return out;
  }

  /** Row `i` as an object of text cells. */
  row(i: number): Record<string, string> {
    const out: Record<string, string> = {};
    this.columns.forEach((c, k) => (out[c] = this.cells[k]![i]!));
    return out;
  }
}

export function toNumber(cell: string): number {
  if (cell === '' || !NUMBER.test(cell)) {
    if (cell === 'Infinity') return Infinity;
    if (cell === '-Infinity') return -Infinity;
    return NaN;
  }
  return Number(cell);
}

/**
 * Parses CSV text with a header row. Rows shorter than the header get empty
 * cells. With `only`, just those columns are kept (the others are skipped
 * without making strings: a 10^5-row jobs.csv is read several times faster).
 * Lines without a quote take a fast path; quoted fields follow RFC 4180.
 */
export function parseCsv(text: string, only?: readonly string[], numeric: readonly string[] = []): Table {
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (pos >= n) return new Table([], []);
  const [header, afterHeader] = readRow(text, pos);
  pos = afterHeader;
  const keep = header.map((c) => !only || only.includes(c));
  const columns = header.filter((_, k) => keep[k]);
  // Where each source column goes (-1: skipped).
  const target = new Int32Array(header.length).fill(-1);
  let t = 0;
  header.forEach((_, k) => {
    if (keep[k]) target[k] = t++;
  });
  const cells: string[][] = columns.map(() => []);
  // Columns read straight into numbers (no strings made): by target index.
  const isNumeric = columns.map((c) => numeric.includes(c));
  let values: number[][] = columns.map(() => []);
  const width = header.length;
  // Past the last kept column the rest of a line is not looked at (fast path).
  let lastKept = -1;
  target.forEach((t, k) => {
    if (t >= 0) lastKept = k;
  });
  let nextQuote = text.indexOf('"', pos);
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
    if (nextQuote < 0 || nextQuote >= end) {
      // Fast path: no quote on this line.
      let lineEnd = end;
      if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      if (lineEnd > pos) {
        let p = pos;
        for (let k = 0; k <= lastKept; k++) {
          let c = p <= lineEnd ? text.indexOf(',', p) : -1;
          if (c < 0 || c > lineEnd) c = lineEnd;
          const to = target[k]!;
          if (to >= 0) {
            if (isNumeric[to]) values[to]!.push(p <= lineEnd ? numberAt(text, p, c) : NaN);
            else cells[to]!.push(p <= lineEnd ? text.slice(p, c) : '');
          }
          p = c + 1;
        }
      }
      pos = end + 1;
    } else {
      const [row, next] = readRow(text, pos);
      if (!(row.length === 1 && row[0] === '')) {
        for (let k = 0; k < width; k++) {
          const to = target[k]!;
          if (to < 0) continue;
          if (isNumeric[to]) values[to]!.push(toNumber(row[k] ?? ''));
          else cells[to]!.push(row[k] ?? '');
        }
      }
      pos = next;
    }
  }
  const numbers = new Map<string, Float64Array>();
  columns.forEach((c, k) => {
    if (isNumeric[k]) numbers.set(c, Float64Array.from(values[k]!));
  });
  values = [];
  return new Table(columns, cells, numbers);
}

/**
 * The number in text[from, to), as toNumber would read it: plain integers of up
 * to 15 digits are accumulated directly (exact); anything else goes through the
 * strict pattern and Number, so decimals round exactly as Number does.
 */
function numberAt(text: string, from: number, to: number): number {
  if (from >= to) return NaN;
  let i = from;
  const negative = text.charCodeAt(i) === 45;
  if (negative || text.charCodeAt(i) === 43) i++;
  if (i >= to || to - i > 15) return toNumber(text.slice(from, to));
  let v = 0;
  for (; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return toNumber(text.slice(from, to));
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

/** One record from `pos` (quoted fields may span lines); returns its fields and where the next starts. */
function readRow(text: string, pos: number): [string[], number] {
  const n = text.length;
  let i = pos;
  const row: string[] = [];
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // An unterminated quote takes the rest of the text.
      const { value, end } = readQuoted(text, i);
      i = end;
      // Anything between the closing quote and the separator is kept, as most readers do.
      const rest = i;
      while (i < n && text.charCodeAt(i) !== 44 && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      row.push(value + text.slice(rest, i));
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13) break;
        j++;
      }
      row.push(text.slice(i, j));
      i = j;
    }
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      continue;
    }
    if (c === 13) i++;
    if (text.charCodeAt(i) === 10) i++;
    return [row, i];
  }
}
