/** InputError messages: where, why, the field and the value, a long value cut but a path kept whole. */
import { describe, expect, it } from 'vitest';
import { InputError, MAX_VALUE_CHARS } from '../../sim/errors.ts';

describe('InputError', () => {
  it('names the file, line, column, field and value', () => {
    expect(new InputError('not a number', { file: 'a.swf', line: 3, column: 7, field: 'runtime', value: 'x1' }).message).toBe('a.swf:3:7: not a number (field runtime, value "x1")');
  });

  it('quotes a long path whole, and cuts a value past the limit saying how long it was', () => {
    const path = `/tmp/${'d'.repeat(120)}/traces/samples/openb_pod_list_default.csv`;
    expect(new InputError('no machines', { file: 'c.yaml', value: path }).message).toBe(`c.yaml: no machines (value ${JSON.stringify(path)})`);
    const junk = 'z'.repeat(5000);
    const m = new InputError('bad line', { file: 'b.swf', line: 1, value: junk }).message;
    expect(m).toBe(`b.swf:1: bad line (value "${'z'.repeat(MAX_VALUE_CHARS - 3)}... (5000 characters)")`);
  });
});
