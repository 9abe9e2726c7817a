/**
 * CSV text to columns, for results files (RFC 4180: quoted fields, doubled
 * quotes, \n or \r\n line ends, a header row). Columns are kept as strings and
 * converted to numbers only when asked, strictly: an empty cell or one that is
 * not a plain decimal number is NaN (`Number('')` would be 0 and
 * `Number('0x10')` 16). Extra columns are kept; missing ones are absent.
 */

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export class Table {
  readonly rowCount: number;
  private readonly numbers = new Map<string, Float64Array>();

  constructor(
    readonly columns: readonly string[],
    private readonly cells: readonly string[][],
  ) {
    this.rowCount = cells[0]?.length ?? 0;
  }

  has(name: string): boolean {
    return this.columns.includes(name);
  }

  /** A column as text; undefined when absent. */
  text(name: string): readonly string[] | undefined {
    const i = this.columns.indexOf(name);
    return i < 0 ? undefined : this.cells[i];
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

/** Parses CSV text with a header row. Rows shorter than the header get empty cells. */
export function parseCsv(text: string): Table {
  const rows = splitCsv(text);
  const header = rows.next();
  if (header.done) return new Table([], []);
  const columns = header.value;
  const cells: string[][] = columns.map(() => []);
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') continue; // blank line
    for (let k = 0; k < columns.length; k++) cells[k]!.push(row[k] ?? '');
  }
  return new Table(columns, cells);
}

/** The records of CSV text, each an array of fields. */
export function* splitCsv(text: string): Generator<string[]> {
  const n = text.length;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
  while (i < n) {
    const row: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === 34) {
        // quoted field
        let j = i + 1;
        let value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            value += text.slice(j);
            j = n;
            break;
          }
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        field = value;
        i = j;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      break;
    }
    yield row;
  }
}
