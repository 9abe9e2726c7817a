/**
 * CsvEncoder writes the very bytes csvField and csvRow give (UTF-8 of the same
 * text), whatever the values and however its buffer splits them: result files
 * keep their bytes across the two ways of writing CSV.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvEncoder, csvRow } from '../../experiments/results/csv.ts';

type Value = string | number | null | undefined;

function encode(rows: Value[][], capacity: number, header = ''): Buffer {
  const chunks: Buffer[] = [];
  const csv = new CsvEncoder((bytes) => chunks.push(Buffer.from(bytes)), capacity);
  if (header) csv.raw(header);
  for (const row of rows) csv.row(row);
  csv.flush();
  return Buffer.concat(chunks);
}

const expected = (rows: Value[][], header = '') => Buffer.from(header + rows.map(csvRow).join(''), 'utf8');

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(0, -0, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 53, 1e21, 1e-7, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double(),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('a,b', 'say "hi"', 'line\nbreak', 'cr\r', 'é', '日本語', '😀,"', ''),
  fc.constantFrom(null, undefined),
);

describe('CsvEncoder', () => {
  it('gives the bytes of csvRow for any values, any buffer size', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 12 }), { maxLength: 30 }), fc.integer({ min: 1, max: 200 }), (rows, capacity) => {
        expect(encode(rows, capacity).equals(expected(rows))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('writes a field longer than its buffer, ASCII or not', () => {
    const long = 'x'.repeat(300);
    const wide = 'é'.repeat(300);
    const rows: Value[][] = [[long, 1], [wide, `"${long}"`], [2.5, wide + long]];
    for (const capacity of [16, 64, 1 << 16]) expect(encode(rows, capacity, 'a,b\n').toString('utf8')).toBe(expected(rows, 'a,b\n').toString('utf8'));
  });

  it('writes integers digit by digit as String does', () => {
    const ints = [0, 7, 10, 99, 100, 123456789, 2147483647, -1, -10, -2147483648];
    expect(encode([ints], 64).toString()).toBe(`${ints.map(String).join(',')}\n`);
    expect(encode([[-0]], 8).toString()).toBe('0\n');
  });
});
