/**
 * Where JSON text stops being valid: the line and column of the first
 * character JSON.parse would reject. Node 20's JSON.parse messages say what
 * went wrong but not where, and a config error must name its line. A small
 * recursive-descent scan of RFC 8259's grammar; only called after JSON.parse
 * has failed, so it need not build values. Pure.
 */

export interface JsonErrorPosition {
  line: number;
  column: number;
}

export function jsonErrorPosition(text: string): JsonErrorPosition | null {
  const scan = new JsonScanner(text);
  try {
    scan.value();
    scan.ws();
    if (scan.i < text.length) scan.fail();
    return null;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return lineAndColumn(text, at);
  }
}

/** Line and column (both from 1) of offset `at` in `text`. */
function lineAndColumn(text: string, at: number): JsonErrorPosition {
  const before = text.slice(0, Math.min(at, text.length));
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

/** Scans one JSON value at a time from `i`; `fail` throws the offset where the text stops being JSON. */
class JsonScanner {
  i = 0;

  constructor(private readonly text: string) {}

  fail(): never {
    throw this.i;
  }

  ws(): void {
    const text = this.text;
    while (this.i < text.length && (text[this.i] === ' ' || text[this.i] === '\t' || text[this.i] === '\n' || text[this.i] === '\r')) this.i++;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    this.fail();
  }

  private object(): void {
    const text = this.text;
    this.i++;
    this.ws();
    if (text[this.i] === '}') return void this.i++;
    for (;;) {
      this.ws();
      if (text[this.i] !== '"') this.fail();
      this.string();
      this.ws();
      if (text[this.i] !== ':') this.fail();
      this.i++;
      this.value();
      this.ws();
      if (text[this.i] === ',') this.i++;
      else if (text[this.i] === '}') return void this.i++;
      else this.fail();
    }
  }

  private array(): void {
    const text = this.text;
    this.i++;
    this.ws();
    if (text[this.i] === ']') return void this.i++;
    for (;;) {
      this.value();
      this.ws();
      if (text[this.i] === ',') this.i++;
      else if (text[this.i] === ']') return void this.i++;
      else this.fail();
    }
  }

  private literal(word: string): void {
    for (const ch of word) if (this.text[this.i++] !== ch) (this.i--, this.fail());
  }

  private string(): void {
    const text = this.text;
    this.i++; // the opening quote
    for (;;) {
      if (this.i >= text.length) this.fail();
      const c = text.charCodeAt(this.i);
      if (c === 0x22) return void this.i++;
      if (c < 0x20) this.fail();
      if (c === 0x5c) this.escape();
      else this.i++;
    }
  }

  /** After a backslash: one of "\\/bfnrt, or u and four hex digits. */
  private escape(): void {
    const text = this.text;
    this.i++;
    const e = text[this.i];
    if (e === 'u') {
      for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[this.i + k] ?? '')) ((this.i += k), this.fail());
      this.i += 5;
    } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i++;
    else this.fail();
  }

  private number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m || m[0] === '-' || m[0] === '') this.fail();
    this.i += m![0].length;
  }
}
