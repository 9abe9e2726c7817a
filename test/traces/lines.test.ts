import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { LineSplitter } from '../../traces/lines.ts';

/** The lines of `text` cut into chunks at `cuts`, as strings and as ranges. */
function split(text: string, cuts: number[], maxLineLength?: number): { strings: [string, number][]; ranges: [string, number][] } {
  const strings: [string, number][] = [];
  const ranges: [string, number][] = [];
  const a = new LineSplitter('f', (line, no) => strings.push([line, no]), maxLineLength);
  const b = LineSplitter.ranges('f', (chunk, start, end, no) => ranges.push([chunk.slice(start, end), no]), maxLineLength);
  let last = 0;
  for (const p of [...[...new Set(cuts)].sort((x, y) => x - y).filter((p) => p <= text.length), text.length]) {
    a.push(text.slice(last, p));
    b.push(text.slice(last, p));
    last = p;
  }
  a.end();
  b.end();
  return { strings, ranges };
}

/** The lines of a whole text: split on \n, a \r before it dropped, no line after a final newline. */
function reference(text: string): [string, number][] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => [line.endsWith('\r') ? line.slice(0, -1) : line, i + 1]);
}

describe('line splitter', () => {
  it('gives the same lines whatever the chunk boundaries, a line left unfinished by a chunk included', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', ' ', 'long line of text '), { maxLength: 40 }), fc.array(fc.nat(400), { maxLength: 10 }), (parts, cuts) => {
        const text = parts.join('');
        const { strings, ranges } = split(text, cuts);
        expect(strings).toEqual(reference(text));
        expect(ranges).toEqual(strings);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a line longer than the limit with its line number, wherever the chunks end', () => {
    const text = `short\n${'x'.repeat(30)}\nshort\n`;
    for (const cuts of [[], [3], [8], [8, 20, 30], [36]]) {
      let error: unknown;
      try {
        split(text, cuts, 20);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(/line longer than 20 characters/);
      expect((error as InputError).location.line).toBe(2);
    }
  });
});
