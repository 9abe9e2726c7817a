/**
 * The interface every trace importer implements, and helpers to run one on
 * text held in memory (tests, the browser). Node file reading is in
 * traces/node-read.ts; the parsers themselves import nothing from Node.
 *
 * A parser is fed one file at a time, line by line: `begin(file, table)`,
 * `line(...)` for each line, `end()`; then `finish()` once for the workload.
 * Formats made of several tables (Google 2011, Alibaba 2018) take several
 * files, each naming its table; single-table formats take one or more files
 * of their one table (part files are read in the order given).
 */
import { InputError } from '../sim/errors.ts';
import type { Workload } from '../workloads/workload.ts';
import { LineSplitter } from './lines.ts';

export interface TraceParser {
  /** Starts reading `file`, which holds table `table` of the format. */
  begin(file: string, table: string): void;
  /** One line of the current file, without its line ending; `lineNo` counts from 1. */
  line(text: string, lineNo: number): void;
  /** The same line as text[start, end), for parsers that read character codes (no string made per line); `line` is used when absent. */
  lineIn?(text: string, start: number, end: number, lineNo: number): void;
  /** The current file ended (an open quote or document is an error here). */
  end(): void;
  /** The workload read from every file. */
  finish(): Workload;
}

/** A file's content held in memory, with the table it holds. */
export interface TextInput {
  file: string;
  table: string;
  text: string;
}

/** Feeds text to a parser through the same line splitter the file reader uses (a byte-order mark at the start is dropped). */
export function feedText(parser: TraceParser, input: TextInput): void {
  parser.begin(input.file, input.table);
  const splitter = splitterFor(parser, input.file);
  splitter.push(input.text);
  splitter.end();
  parser.end();
}

/** The line splitter that feeds `parser` (line ranges when it reads them), a byte-order mark at the start of the file dropped. */
export function splitterFor(parser: TraceParser, file: string): LineSplitter {
  if (parser.lineIn) return LineSplitter.ranges(file, (text, start, end, no) => parser.lineIn!(text, no === 1 && text.charCodeAt(start) === 0xfeff ? start + 1 : start, end, no));
  return new LineSplitter(file, (line, no) => parser.line(no === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, no));
}

/** Runs a parser over texts held in memory. */
export function parseTexts(parser: TraceParser, inputs: readonly TextInput[]): Workload {
  for (const input of inputs) feedText(parser, input);
  return parser.finish();
}

/** The error for a table name a format does not have. */
export function unknownTable(format: string, table: string, tables: readonly string[], file: string): InputError {
  return new InputError(`format ${format} has no table ${JSON.stringify(table)}; tables: ${tables.join(', ')}`, { file });
}
