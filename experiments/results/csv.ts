/** Small helpers to write CSV the same way everywhere (RFC 4180 quoting, `\n` line ends). */

/** A field as CSV: numbers with JavaScript's shortest round-trip form, text quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;
const MINUS = 45;
const ZERO = 48;

/**
 * CSV written field by field as UTF-8 bytes into a buffer, handed to `drain`
 * whenever it fills (and at `flush()`): the same bytes as csvField and csvRow,
 * without a string per field or row. A replay's jobs.csv has 10^5-10^6 rows;
 * built as strings, each row cost about 1 KB of garbage (short strings are
 * copied at every concatenation), half of what a whole run allocated, and the
 * garbage collector's work is what two workers side by side contend for.
 * `drain` gets a view of the buffer, valid only until it returns.
 * Pure (no Node dependency): the browser writes its files with it too.
 */
export class CsvEncoder {
  private readonly buffer: Uint8Array;
  private pos = 0;
  private rowStart = true;
  private readonly utf8 = new TextEncoder();

  constructor(
    private readonly drain: (bytes: Uint8Array) => void,
    capacity = 1 << 16,
  ) {
    // (At least room for the longest integer written digit by digit, "-2147483648".)
    this.buffer = new Uint8Array(Math.max(capacity, 16));
  }

  /** One field, preceded by a comma unless it starts the row; as csvField writes it. */
  field(value: string | number | null | undefined): void {
    if (this.rowStart) this.rowStart = false;
    else this.byte(COMMA);
    if (value === null || value === undefined) return;
    if (typeof value === 'number') this.number(value);
    else this.text(value);
  }

  /** Ends the row (a newline). */
  endRow(): void {
    this.byte(NEWLINE);
    this.rowStart = true;
  }

  /** A whole row, as csvRow writes it. */
  row(values: readonly (string | number | null | undefined)[]): void {
    for (let i = 0; i < values.length; i++) this.field(values[i]);
    this.endRow();
  }

  /** Text as it is (no quoting): a header made by csvRow, say. Must not be inside a row. */
  raw(text: string): void {
    this.write(text);
  }

  /** Hands what is buffered to `drain`. */
  flush(): void {
    if (this.pos > 0) this.drain(this.buffer.subarray(0, this.pos));
    this.pos = 0;
  }

  private byte(b: number): void {
    if (this.pos === this.buffer.length) this.flush();
    this.buffer[this.pos++] = b;
  }

  private number(x: number): void {
    if (Number.isNaN(x)) return;
    // Integers below 2^31 digit by digit (String(x) gives the same digits: no exponent below 10^21, and -0 is "0").
    if ((x | 0) === x) {
      if (this.buffer.length - this.pos < 12) this.flush();
      let n = x;
      if (n < 0) {
        this.buffer[this.pos++] = MINUS;
        n = -n; // (-2^31 negated overflows int32 but stays exact as a double)
      }
      let digits = 1;
      for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
      let at = this.pos + digits;
      this.pos = at;
      do {
        const q = Math.floor(n / 10);
        this.buffer[--at] = ZERO + (n - 10 * q);
        n = q;
      } while (n > 0);
      return;
    }
    this.write(String(x));
  }

  private text(s: string): void {
    // Quoted when it holds a quote, comma or line break, as csvField does.
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOTE || c === COMMA || c === NEWLINE || c === 13) {
        this.write(`"${s.replace(/"/g, '""')}"`);
        return;
      }
    }
    this.write(s);
  }

  /** Writes `s` as UTF-8: byte by byte while it is ASCII, through TextEncoder otherwise. */
  private write(s: string): void {
    const n = s.length;
    if (this.buffer.length - this.pos < n) {
      this.flush();
      if (n > this.buffer.length) {
        this.drain(this.utf8.encode(s));
        return;
      }
    }
    const start = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Not ASCII (a user name, a reason): up to 3 bytes per UTF-16 unit.
        this.pos = start;
        if (this.buffer.length - this.pos < 3 * n) {
          this.flush();
          if (3 * n > this.buffer.length) {
            this.drain(this.utf8.encode(s));
            return;
          }
        }
        this.pos += this.utf8.encodeInto(s, this.buffer.subarray(this.pos)).written;
        return;
      }
      this.buffer[this.pos++] = c;
    }
  }
}
