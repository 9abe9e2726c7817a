import { describe, expect, it } from 'vitest';
import { GenericCsvParser, type CsvMapping } from '../../traces/generic-csv.ts';
import { parseTexts } from '../../traces/parser.ts';
import { errorOf } from '../helpers/traces.ts';

const read = (mapping: CsvMapping, text: string) => parseTexts(new GenericCsvParser(mapping, 'map.yaml'), [{ file: 'jobs.csv', table: 'records', text }]);

describe('generic CSV importer', () => {
  it('maps named columns, scales requests and times, derives the runtime from start and end', () => {
    const mapping: CsvMapping = {
      time_unit: 0.001,
      columns: { id: 'job', submit: 'sub', start: 'beg', end: 'fin', tasks: 'n', user: 'who', status: 'st', estimate: 'wall' },
      request: { cpu: 'cores', memory: { column: 'mem_gb', scale: 1024 } },
    };
    const w = read(mapping, 'job,sub,beg,fin,n,who,st,wall,cores,mem_gb\nj1,1000,3000,13000,4,ann,ok,20000,2,1.5\nj2,,1,2,1,bob,ok,,1,1\nj3,5,5,5,1,bob,ok,,1,1\nj4,0,0,1000,0,bob,ok,,1,1\nj5,0,0,1000,1,bob,ok,,,1\n');
    expect(w.jobs).toEqual([
      { id: 'j1', submit: 1, tasks: 4, request: { cpu: 2, memory: 1536 }, runtime: 10, estimate: 20, priority: 0, user: 'ann', group: null, queue: null, dependencies: [], logStatus: 'ok', logWait: 2, },
      { id: 'j5', submit: 0, tasks: 1, request: { cpu: 0, memory: 1024 }, runtime: 1, estimate: 1, priority: 0, user: 'bob', group: null, queue: null, dependencies: [], logStatus: 'ok', logWait: 0 },
    ]);
    expect(w.dropped).toEqual({ submit_unknown: 1, runtime_not_positive: 1, tasks_not_positive: 1 });
    expect(w.repaired).toEqual({ estimate_from_runtime: 1, request_empty_as_zero: 1 });
  });

  it('reads columns by number when there is no header, ids from the record number', () => {
    const w = read({ header: false, delimiter: ';', columns: { submit: 2, runtime: 1 } }, '10;0\n20;5\n');
    expect(w.jobs.map((j) => [j.id, j.submit, j.runtime, j.request])).toEqual([
      ['1', 0, 10, { cpu: 1 }],
      ['2', 5, 20, { cpu: 1 }],
    ]);
  });

  it('validates the mapping, naming the field path', () => {
    expect(errorOf(() => read({ columns: { submit: 'a' } } as CsvMapping, 'a\n1\n')).message).toBe('map.yaml: bad CSV mapping: give columns.runtime, or columns.end (with columns.start or the submit time) (field columns)');
    expect(errorOf(() => read({ columns: { submit: 'a', runtime: 'b', size: 'c' } } as unknown as CsvMapping, '')).message).toMatch(/^map.yaml: bad CSV mapping: .* \(field columns\)$/);
    expect(errorOf(() => read({ columns: { submit: 'a', runtime: 'b' }, request: { cpu: { column: 'c', scale: -1 } } }, '')).message).toMatch(/\(field request.cpu.scale\)$/);
  });

  it('names file, line, column and field for bad data or a missing column', () => {
    const mapping: CsvMapping = { columns: { submit: 'a', runtime: 'b' } };
    expect(errorOf(() => read(mapping, 'a,b\n1,x\n')).message).toBe('jobs.csv:2:3: not a number (field 2 (b), value "x")');
    expect(errorOf(() => read(mapping, 'a,c\n1,2\n')).message).toBe('jobs.csv:1: no column named "b" in the header (field columns.runtime, value "a,c")');
    expect(errorOf(() => read(mapping, 'a,b\n1,2,3\n')).message).toBe('jobs.csv:2: expected 2 fields, found 3');
  });
});
