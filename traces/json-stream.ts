/**
 * Streaming the elements of a large JSON document, one at a time, with
 * bounded memory: the elements of a top-level array (the Philly job log is a
 * ~1 GB array of jobs), or the elements of the `items` array of a top-level
 * object (`kubectl get ... -o json` writes a `List` of that shape). A
 * top-level object without `items` is one element. Several top-level values
 * in a row (JSON Lines, concatenated output) are read one after another.
 *
 * The scanner only tracks nesting and strings to find where each element
 * starts and ends; each element's text is then given to JSON.parse. An
 * element longer than `maxElementLength` characters is an error, so a
 * malformed file cannot make it buffer everything. Pure: no Node dependency.
 */
import { InputError } from '../sim/errors.ts';

export const MAX_ELEMENT_LENGTH = 64 << 20;

export class JsonElements {
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Depth at which elements are streamed: 1 inside a top-level array, 2 inside a top-level object's `items`. */
  private streamDepth = -1;
  /** Text of the current element (parts, joined at its end), or null between elements. */
  private element: string[] | null = null;
  private elementLength = 0;
  private elementLine = 0;
  /** Text of a top-level object, with the streamed `items` array left out. */
  private outer: string[] | null = null;
  private outerLength = 0;
  private outerLine = 0;
  private streamedItems = false;
  /** The last string key seen at depth 1 of a top-level object, and whether its `:` came. */
  private key = '';
  private keyStart = -1;
  private keyParts: string[] = [];
  private afterColon = false;
  private lineNo = 0;
  /** At the stream depth: a comma came and no element after it yet, or the array just opened. */
  private expectElement = false;
  private justOpened = false;

  constructor(
    private readonly file: string,
    private readonly onElement: (value: unknown, line: number) => void,
    private readonly maxElementLength = MAX_ELEMENT_LENGTH,
  ) {}

  /** Where, in the line being read, the open element's text and the outer object's text start (-1: not in this line). */
  private elementFrom = -1;
  private outerFrom = -1;

  /** One line of the document (without its line ending). */
  line(text: string, lineNo: number): void {
    this.lineNo = lineNo;
    const n = text.length;
    this.elementFrom = this.element ? 0 : -1;
    this.outerFrom = this.outer && this.element === null ? 0 : -1;
    if (this.keyStart >= 0) this.keyStart = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        this.stringChar(text, i, c);
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || c === 10) continue;
      const d = this.depth;
      // An element starts: the first value character at the stream depth.
      if (this.element === null && d === this.streamDepth && c !== 44 && c !== 93) this.startElement(text, i);
      if (c === 34) {
        this.inString = true;
        if (d === 1 && this.outer !== null && this.element === null && !this.afterColon) {
          this.keyStart = i + 1;
          this.keyParts = [];
        }
      } else if (c === 123 || c === 91) this.open(text, i, c, d);
      else if (c === 125 || c === 93) this.close(text, i, c, d);
      else if (d === 0) throw this.error('expected a JSON object or array', i);
      else if (c === 44) this.comma(text, i, d);
      else if (c === 58 && d === 1) this.afterColon = true; // :
    }
    // The line ends inside a key, an element or the outer object: keep its text for the next line.
    if (this.inString && this.keyStart >= 0) this.keyParts.push(text.slice(this.keyStart) + '\n');
    if (this.element !== null && this.elementFrom >= 0) this.addElement(text.slice(this.elementFrom) + '\n');
    if (this.outer !== null && this.outerFrom >= 0 && this.element === null) this.addOuter(text.slice(this.outerFrom) + '\n');
  }

  /** A character inside a string: escapes, and the closing quote (which ends a key of the outer object). */
  private stringChar(text: string, i: number, c: number): void {
    if (this.escape) this.escape = false;
    else if (c === 92) this.escape = true;
    else if (c === 34) {
      this.inString = false;
      if (this.keyStart >= 0) {
        this.keyParts.push(text.slice(this.keyStart, i));
        this.key = this.keyParts.join('');
        this.keyParts = [];
        this.keyStart = -1;
      }
    }
  }

  private startElement(text: string, i: number): void {
    if (this.outerFrom >= 0) {
      this.addOuter(text.slice(this.outerFrom, i));
      this.outerFrom = -1;
    }
    this.element = [];
    this.elementLength = 0;
    this.elementLine = this.lineNo;
    this.elementFrom = i;
    this.expectElement = false;
    this.justOpened = false;
  }

  /** `{` or `[` at depth d: the document's array, the outer object, or its `items` array, start streaming. */
  private open(text: string, i: number, c: number, d: number): void {
    if (d === 0) {
      if (c === 91) {
        this.streamDepth = 1;
        this.justOpened = true;
      } else {
        this.outer = [];
        this.outerLength = 0;
        this.outerLine = this.lineNo;
        this.streamedItems = false;
        this.streamDepth = -1;
        this.outerFrom = i;
      }
    } else if (d === 1 && c === 91 && this.outer !== null && this.afterColon && this.key === 'items' && this.element === null) {
      // The `items` array of a top-level object: stream its elements, keep `[]` in the outer text.
      this.addOuter(text.slice(this.outerFrom, i) + '[]');
      this.outerFrom = -1;
      this.streamDepth = 2;
      this.streamedItems = true;
      this.justOpened = true;
    }
    this.depth++;
    this.afterColon = false;
  }

  /** `}` or `]` at depth d: an element, the `items` array or the document may end. */
  private close(text: string, i: number, c: number, d: number): void {
    if (d === 0) throw this.error(`unexpected ${String.fromCharCode(c)}`, i);
    if (d === this.streamDepth && this.element === null && this.expectElement) throw this.error('a value must follow the comma', i);
    if (this.element !== null && d === this.streamDepth && c === 93) {
      // A scalar element ends at the closing bracket.
      this.finishElement(text.slice(this.elementFrom, i));
      this.elementFrom = -1;
    }
    this.depth--;
    if (this.element !== null && this.depth === this.streamDepth) {
      this.finishElement(text.slice(this.elementFrom, i + 1));
      this.elementFrom = -1;
    }
    if (this.depth === this.streamDepth - 1 && this.streamDepth === 2) {
      // The end of `items`: back to the outer object.
      this.streamDepth = -1;
      this.outerFrom = i + 1;
    }
    if (this.depth === 0) {
      if (this.outer !== null) {
        this.addOuter(text.slice(this.outerFrom < 0 ? i : this.outerFrom, i + 1));
        this.finishOuter();
        this.outerFrom = -1;
      }
      this.streamDepth = -1;
    }
  }

  /** `,` at depth d: between elements of the streamed array, or between keys of the outer object. */
  private comma(text: string, i: number, d: number): void {
    if (d === this.streamDepth) {
      if (this.element === null && (this.expectElement || this.justOpened)) throw this.error('a value must come before the comma', i);
      if (this.element !== null) {
        this.finishElement(text.slice(this.elementFrom, i));
        this.elementFrom = -1;
      }
      this.expectElement = true;
    }
    if (d === 1) this.afterColon = false;
  }

  /** The document ended: an open structure is an error. */
  end(): void {
    if (this.depth > 0 || this.inString) {
      throw new InputError('unexpected end of JSON (an object, array or string is not closed)', { file: this.file, line: this.lineNo });
    }
  }

  private error(reason: string, i: number): InputError {
    return new InputError(reason, { file: this.file, line: this.lineNo, column: i + 1 });
  }

  private addElement(text: string): void {
    this.elementLength += text.length;
    if (this.elementLength > this.maxElementLength) {
      throw new InputError(`JSON element longer than ${this.maxElementLength} characters`, { file: this.file, line: this.elementLine });
    }
    this.element!.push(text);
  }

  private addOuter(text: string): void {
    this.outerLength += text.length;
    if (this.outerLength > this.maxElementLength) {
      throw new InputError(`JSON object longer than ${this.maxElementLength} characters`, { file: this.file, line: this.outerLine });
    }
    this.outer!.push(text);
  }

  private finishElement(last: string): void {
    this.addElement(last);
    const text = this.element!.join('');
    this.element = null;
    this.onElement(this.parse(text, this.elementLine), this.elementLine);
  }

  private finishOuter(): void {
    const text = this.outer!.join('');
    const line = this.outerLine;
    this.outer = null;
    this.key = '';
    this.afterColon = false;
    const value = this.parse(text, line);
    // A List's wrapper carries no element of its own.
    if (!this.streamedItems) this.onElement(value, line);
  }

  private parse(text: string, line: number): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new InputError(`not valid JSON: ${(err as Error).message}`, { file: this.file, line, value: text });
    }
  }
}
