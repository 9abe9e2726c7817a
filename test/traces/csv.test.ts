import { describe, expect, it } from 'vitest';
import { CsvRecords, splitCsv, type CsvRecord } from '../../traces/csv.ts';
import { readQuoted } from '../../traces/csv-quoted.ts';
import { FieldReader, parseDecimal, parseInteger } from '../../traces/fields.ts';
import { errorOf } from '../helpers/traces.ts';

function records(lines: string[]): { fields: string[]; line: number; columns: number[] }[] {
  const out: { fields: string[]; line: number; columns: number[] }[] = [];
  const r = new CsvRecords('x.csv', (rec: CsvRecord) => out.push({ fields: [...rec.fields], line: rec.line, columns: rec.fields.map((_, i) => rec.column(i)) }));
  lines.forEach((l, i) => r.line(l, i + 1));
  r.end();
  return out;
}

describe('CSV splitting', () => {
  it('splits plain fields, empty ones included', () => {
    expect(splitCsv('a,,b,')).toEqual({ fields: ['a', '', 'b', ''], starts: null });
    expect(splitCsv('')!.fields).toEqual(['']);
  });

  it('reads RFC 4180 quotes: delimiters and doubled quotes inside', () => {
    expect(splitCsv('"a,b","say ""hi""",c')!.fields).toEqual(['a,b', 'say "hi"', 'c']);
    expect(splitCsv('x,"",y')!.fields).toEqual(['x', '', 'y']);
    expect(splitCsv('"open')).toBeNull();
  });

  it('joins a quoted field across lines and reports the first line and columns', () => {
    expect(records(['id,note', '1,"two', 'lines"', '2,plain'])).toEqual([
      { fields: ['id', 'note'], line: 1, columns: [1, 4] },
      { fields: ['1', 'two\nlines'], line: 2, columns: [1, 3] },
      { fields: ['2', 'plain'], line: 4, columns: [1, 3] },
    ]);
  });

  it('refuses an unterminated quote at the end, and one that grows past the bound', () => {
    expect(errorOf(() => records(['a,"b'])).message).toBe('x.csv:1: unterminated quoted field at the end of the file');
    const r = new CsvRecords('y.csv', () => {}, ',', 10);
    expect(errorOf(() => r.line('"0123456789abc', 1)).message).toMatch(/^y.csv:1: quoted field longer than 10/);
  });
});

describe('strict numbers', () => {
  it('accepts decimal notation only', () => {
    expect(['1', '-2', '+3', '0.5', '.5', '5.', '1e3', '-1.5E-2'].map(parseDecimal)).toEqual([1, -2, 3, 0.5, 0.5, 5, 1000, -0.015]);
    for (const bad of ['', ' 1', '1 ', '0x10', 'Infinity', 'NaN', '1e', '.', '-', '1,5', '1e400']) expect(parseDecimal(bad), bad).toBeNull();
  });

  it('accepts integers only, within the safe range', () => {
    expect(['0', '-7', '+12', '9007199254740991'].map(parseInteger)).toEqual([0, -7, 12, 9007199254740991]);
    for (const bad of ['', '1.0', '1e3', '0x1', '-', '+', ' 1', '9007199254740993']) expect(parseInteger(bad), bad).toBeNull();
  });

  it('names file, line, column, field and value', () => {
    const out: CsvRecord[] = [];
    new CsvRecords('t.csv', (r) => out.push(r)).line('7,abc,9', 12);
    const f = new FieldReader('t.csv', ['a', 'b', 'c']).set(out[0]!);
    expect(f.int(0)).toBe(7);
    expect(errorOf(() => f.num(1)).message).toBe('t.csv:12:3: not a number (field 2 (b), value "abc")');
    expect(errorOf(() => f.str(5)).message).toBe('t.csv:12:8: missing value (field 6 (column 6), value "")');
  });
});

describe('readQuoted (the field reader both CSV readers share)', () => {
  it('unquotes doubled quotes and stops after the closing quote', () => {
    expect(readQuoted('"a ""b"" c",x', 0)).toEqual({ value: 'a "b" c', end: 11, closed: true });
    expect(readQuoted('x,"",y', 2)).toEqual({ value: '', end: 4, closed: true });
  });

  it('reports an open quote with the rest of the text as its value', () => {
    expect(readQuoted('"a""b\nc', 0)).toEqual({ value: 'a"b\nc', end: 7, closed: false });
  });
});
