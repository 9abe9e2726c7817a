import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { JsonElements } from '../../traces/json-stream.ts';
import { errorOf } from '../helpers/traces.ts';

function elements(text: string, max?: number): [number, unknown][] {
  const out: [number, unknown][] = [];
  const s = new JsonElements('f.json', (v, line) => out.push([line, v]), max);
  text.split('\n').forEach((l, i) => s.line(l, i + 1));
  s.end();
  return out;
}

describe('streaming JSON elements', () => {
  it('streams the elements of a top-level array, with their first line', () => {
    expect(elements('[\n {"a": [1, {"b": "]},["}]},\n 2,\n "three",\n null\n]')).toEqual([[2, { a: [1, { b: ']},[' }] }], [3, 2], [4, 'three'], [5, null]]);
  });

  it("streams a List's items, and leaves the wrapper out", () => {
    const list = '{"apiVersion": "v1", "kind": "List", "metadata": {"items": 3},\n "items": [\n  {"kind": "Node", "items": [9]},\n  {"kind": "Pod"}\n ]}';
    expect(elements(list)).toEqual([[3, { kind: 'Node', items: [9] }], [4, { kind: 'Pod' }]]);
  });

  it('gives a top-level object without items whole, and reads values one after another', () => {
    expect(elements('{"kind": "Pod", "x": "items"}\n{"kind": "Node"}\n[1]')).toEqual([[1, { kind: 'Pod', x: 'items' }], [2, { kind: 'Node' }], [3, 1]]);
  });

  it('refuses malformed structure with the line (and column where it knows it)', () => {
    expect(errorOf(() => elements('[{"a": 1}')).message).toBe('f.json:1: unexpected end of JSON (an object, array or string is not closed)');
    expect(errorOf(() => elements('oops')).message).toBe('f.json:1:1: expected a JSON object or array');
    expect(errorOf(() => elements('[1,,2]')).message).toBe('f.json:1:4: a value must come before the comma');
    expect(errorOf(() => elements('[1,]')).message).toBe('f.json:1:4: a value must follow the comma');
    expect(errorOf(() => elements('[\n{"a" 1}]')).message).toMatch(/^f.json:2: not valid JSON: /);
    expect(errorOf(() => elements('[[1,2,3,4,5,6,7,8,9]]', 8)).message).toBe('f.json:1: JSON element longer than 8 characters');
  });

  it('gives the same elements as JSON.parse for any array of JSON values, however split into lines', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.nat(), (values, seed) => {
        const text = JSON.stringify(values, null, seed % 3);
        expect(elements(text).map(([, v]) => v)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes or hangs on arbitrary text: elements or an InputError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          elements(text);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
