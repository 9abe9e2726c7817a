/**
 * Splits text arriving in chunks into lines, with bounded memory: a line longer
 * than `maxLineLength` is an error, so a binary file without newlines cannot
 * make the reader buffer it whole. Accepts \n and \r\n endings. Works the same
 * whatever the chunk boundaries are.
 *
 * Lines are handed over as strings (`onLine`), or as ranges of the text they are
 * in (`LineSplitter.ranges`), for parsers that read character codes and would
 * only throw the line's string away (SWF).
 */
import { InputError } from '../sim/errors.ts';

export const MAX_LINE_LENGTH = 1 << 20;

/** A line as text[start, end), without its line ending; valid during the call only. */
export type LineRangeHandler = (text: string, start: number, end: number, lineNo: number) => void;

export class LineSplitter {
  private rest = '';
  private lineNo = 0;
  private onRange: LineRangeHandler;

  constructor(
    private readonly file: string,
    onLine: (line: string, lineNo: number) => void,
    private readonly maxLineLength = MAX_LINE_LENGTH,
  ) {
    this.onRange = (text, start, end, lineNo) => onLine(text.slice(start, end), lineNo);
  }

  /** A splitter that hands over each line as a range of its chunk (no string per line). */
  static ranges(file: string, onRange: LineRangeHandler, maxLineLength = MAX_LINE_LENGTH): LineSplitter {
    const splitter = new LineSplitter(file, () => {}, maxLineLength);
    splitter.onRange = onRange;
    return splitter;
  }

  push(chunk: string): void {
    let text = chunk;
    let start = 0;
    if (this.rest !== '') {
      // The line the previous chunk left unfinished ends in this one: joined on its own, so that the
      // other lines are read from the chunk as the decoder made it, a flat string (a joined string is
      // a rope, slower to read character by character).
      const nl = chunk.indexOf('\n');
      if (nl < 0) text = this.rest + chunk;
      else {
        const line = this.rest + chunk.slice(0, nl + 1);
        this.rest = '';
        this.push(line);
        start = nl + 1;
      }
    }
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.emit(text, start, end);
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
      const text = this.rest;
      this.rest = '';
      this.emit(text, 0, text.endsWith('\r') ? text.length - 1 : text.length);
    }
  }

  private emit(text: string, start: number, end: number): void {
    this.lineNo++;
    if (end - start > this.maxLineLength) {
      throw new InputError(`line longer than ${this.maxLineLength} characters (is this a binary file?)`, { file: this.file, line: this.lineNo });
    }
    this.onRange(text, start, end, this.lineNo);
  }
}
