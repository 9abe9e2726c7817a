/**
 * Splits text arriving in chunks into lines, with bounded memory: a line longer
 * than `maxLineLength` is an error, so a binary file without newlines cannot
 * make the reader buffer it whole. Accepts \n and \r\n endings. Works the same
 * whatever the chunk boundaries are.
 */
import { InputError } from '../sim/errors.ts';

export const MAX_LINE_LENGTH = 1 << 20;

export class LineSplitter {
  private rest = '';
  private lineNo = 0;

  constructor(
    private readonly file: string,
    private readonly onLine: (line: string, lineNo: number) => void,
    private readonly maxLineLength = MAX_LINE_LENGTH,
  ) {}

  push(chunk: string): void {
    let text = this.rest + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.emit(text.slice(start, end));
      start = nl + 1;
    }
    text = text.slice(start);
    if (text.length > this.maxLineLength) {
      throw new InputError(`line longer than ${this.maxLineLength} characters (is this a binary file?)`, { file: this.file, line: this.lineNo + 1 });
    }
    this.rest = text;
  }

  /** Emits the last line if the text did not end with a newline. */
  end(): void {
    if (this.rest.length > 0) {
      const text = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
      this.rest = '';
      this.emit(text);
    }
  }

  private emit(line: string): void {
    this.lineNo++;
    if (line.length > this.maxLineLength) {
      throw new InputError(`line longer than ${this.maxLineLength} characters (is this a binary file?)`, { file: this.file, line: this.lineNo });
    }
    this.onLine(line, this.lineNo);
  }
}
