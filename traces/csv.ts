/**
 * Splitting CSV lines into fields, line at a time, for the streaming readers.
 *
 * RFC 4180 quoting (the field reader is traces/csv-quoted.ts, shared with the
 * browser app's results reader): a quoted field may span lines (the caller joins them:
 * `CsvRecords` below holds the partial record, with a bound on its length so
 * an unbalanced quote cannot make it buffer a whole file). Unquoted fields are
 * taken as they are, spaces included (traces quote nothing, and Google's
 * base64 hashes contain no commas). Pure: no Node dependency.
 *
 * Lines without a quote take a fast path (`String.split`), which is what the
 * 48 MB Google task_events part runs through.
 */
import { InputError } from '../sim/errors.ts';
import { readQuoted } from './csv-quoted.ts';
import { MAX_LINE_LENGTH } from './lines.ts';

/** One CSV record: its fields, its first line, and where each field starts. */
export class CsvRecord {
  fields: string[] = [];
  /** Line number where the record starts. */
  line = 0;
  /** Start offsets of the fields, or null when the record had no quote (offsets follow from the field lengths). */
  starts: number[] | null = null;
  delimiterLength = 1;

  /** 1-based column of field i in the record's text (counted across line breaks for multi-line records). */
  column(i: number): number {
    if (this.starts && i < this.starts.length) return this.starts[i]! + 1;
    // Plain records (and fields past the end, which point just after it): from the field lengths.
    const n = Math.min(i, this.fields.length);
    let at = 0;
    for (let k = 0; k < n; k++) at += this.fields[k]!.length + this.delimiterLength;
    if (i >= this.fields.length) at -= this.delimiterLength;
    return at + 1;
  }
}

/** Splits one complete record (no pending quote). Returns null if a quoted field is still open at the end. */
export function splitCsv(text: string, delimiter = ','): { fields: string[]; starts: number[] | null } | null {
  if (text.indexOf('"') < 0) return { fields: text.split(delimiter), starts: null };
  const fields: string[] = [];
  const starts: number[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    starts.push(i);
    if (text.charCodeAt(i) === 34) {
      const quoted = readQuoted(text, i);
      if (!quoted.closed) return null; // open quote: the record continues on the next line
      const value = quoted.value;
      const j = quoted.end;
      // After the closing quote: a delimiter, the end, or stray text (kept, as most readers do).
      const d = text.indexOf(delimiter, j);
      if (d < 0) {
        fields.push(value + text.slice(j));
        return { fields, starts };
      }
      fields.push(value + text.slice(j, d));
      i = d + delimiter.length;
    } else {
      const d = text.indexOf(delimiter, i);
      if (d < 0) {
        fields.push(text.slice(i));
        return { fields, starts };
      }
      fields.push(text.slice(i, d));
      i = d + delimiter.length;
    }
    if (i > n) return { fields, starts };
  }
}

/**
 * Joins lines into CSV records (a quoted field may contain line breaks) and
 * calls `onRecord` for each. Empty lines are skipped.
 */
export class CsvRecords {
  private pending: string | null = null;
  private pendingLine = 0;
  /** Reused for every record: consumers read it during the callback only. */
  private readonly record = new CsvRecord();

  constructor(
    private readonly file: string,
    private readonly onRecord: (record: CsvRecord) => void,
    private readonly delimiter = ',',
    private readonly maxRecordLength = MAX_LINE_LENGTH,
  ) {}

  line(text: string, lineNo: number): void {
    let record = text;
    let first = lineNo;
    if (this.pending !== null) {
      record = `${this.pending}\n${text}`;
      first = this.pendingLine;
      this.pending = null;
    } else if (text === '') return;
    const split = splitCsv(record, this.delimiter);
    if (split === null) {
      if (record.length > this.maxRecordLength) {
        throw new InputError(`quoted field longer than ${this.maxRecordLength} characters (unbalanced quote?)`, { file: this.file, line: first });
      }
      this.pending = record;
      this.pendingLine = first;
      return;
    }
    const r = this.record;
    r.fields = split.fields;
    r.starts = split.starts;
    r.line = first;
    r.delimiterLength = this.delimiter.length;
    this.onRecord(r);
  }

  /** Call at the end of the file: an open quote there is an error. */
  end(): void {
    if (this.pending !== null) {
      throw new InputError('unterminated quoted field at the end of the file', { file: this.file, line: this.pendingLine });
    }
  }
}
