import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { columnsOf } from '../../sim/job-columns.ts';
import { JobTable } from '../../sim/jobs.ts';
import { formatSpec } from '../../traces/formats.ts';
import { parseTexts } from '../../traces/parser.ts';
import { parseSwf } from '../../traces/swf.ts';
import { readSwf } from '../../traces/node-read.ts';

const HEADER = `; Version: 2.2
; Computer: Test machine
; MaxNodes: 8
; MaxProcs: 16
; Note: first line
;       continued here
;
`;
// 18 fields: id submit wait run alloc cpu mem req_procs req_time req_mem status user group exe queue part prec think
const LINES = [
  '1 0 5 100 4 -1 -1 4 200 -1 1 7 3 -1 2 -1 -1 -1',
  '2 10 -1 50.5 -1 -1 -1 2 -1 -1 0 8 3 -1 -1 -1 1 30',
  '3 20 0 0 2 -1 -1 2 60 -1 5 7 3 -1 -1 -1 -1 -1', // runtime 0: dropped
  '4 30 0 -1 2 -1 -1 2 60 -1 5 7 3 -1 -1 -1 -1 -1', // runtime unknown: dropped
  '5 40 0 10 -1 -1 -1 -1 60 -1 1 7 3 -1 -1 -1 -1 -1', // size unknown: dropped
  '6 50 0 10 32 -1 -1 32 60 -1 1 7 3 -1 -1 -1 -1 -1', // wider than 16: dropped
  '7 60 0 10 0 -1 -1 0 60 -1 1 7 3 -1 -1 -1 -1 -1', // size 0: dropped
  '8 70 0 10 3 -1 -1 5 60 -1 1 7 3 -1 -1 -1 -1 -1',
];
const TEXT = HEADER + LINES.join('\n') + '\n';

function tmp(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'clusterlab-swf-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

async function asyncErrorOf(fn: () => Promise<unknown>): Promise<InputError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('SWF reader', () => {
  it('reads header fields, including repeated keys and continuation lines', () => {
    const w = parseSwf(TEXT, 'test.swf');
    expect(w.header.MaxProcs).toBe('16');
    expect(w.header.Computer).toBe('Test machine');
    expect(w.header.Note).toBe('first line\ncontinued here');
  });

  it('maps the 18 fields to canonical jobs with the documented defaults', () => {
    const w = parseSwf(TEXT, 'test.swf');
    expect(w.jobs.map((j) => j.id)).toEqual(['1', '2', '8']);
    expect(w.jobs[0]).toEqual({
      id: '1', submit: 0, tasks: 4, request: { cpu: 1 }, runtime: 100, estimate: 200, priority: 0,
      user: '7', group: '3', queue: '2', dependencies: [], logStatus: 'completed', logWait: 5,
    });
    // allocated is -1: falls back to requested; estimate -1: falls back to the runtime (counted); decimals accepted
    expect(w.jobs[1]).toMatchObject({ tasks: 2, runtime: 50.5, estimate: 50.5, logStatus: 'failed', logWait: null, dependencies: [{ job: '1', thinkTime: 30 }] });
    expect(w.jobs[2]!.tasks).toBe(3); // allocated (3), not requested (5)
    expect(w.repaired).toEqual({ estimate_from_runtime: 1 });
  });

  it('counts every dropped record by reason', () => {
    const w = parseSwf(TEXT, 'test.swf');
    expect(w.dropped).toEqual({ runtime_not_positive: 1, runtime_unknown: 1, size_unknown: 1, wider_than_machine: 1, size_not_positive: 1 });
    expect(w.jobs.length + Object.values(w.dropped).reduce((a, b) => a + b, 0)).toBe(LINES.length);
  });

  it('counts the records read, so that jobs kept plus dropped equal the job lines', () => {
    const w = parseSwf(`${TEXT}\n`, 'test.swf');
    // 7 header lines (one is a bare `;`), 8 job lines, and the blank line added above.
    expect(w.records).toEqual({ log: 8, 'log.comments': 7, 'log.lines': 16 });
    expect(w.jobs.length + Object.values(w.dropped).reduce((a, b) => a + b, 0)).toBe(w.records!.log);
    expect(parseSwf('', 'empty.swf').records).toEqual({ log: 0, 'log.comments': 0, 'log.lines': 0 });
  });

  it('keeps an id that is not the plain decimal form of its number as written', () => {
    const ids = ['007', '12.0', '0', '123456789012345', '1234567890123456', '5'];
    const text = `; MaxProcs: 4\n${ids.map((id) => `${id} 0 -1 10 1 -1 -1 1 20 -1 1 1 1 -1 -1 -1 -1 -1`).join('\n')}\n`;
    const w = parseSwf(text, 'ids.swf');
    expect(new JobTable(w.jobs, ['cpu']).ids).toEqual(ids);
    expect(w.jobs.map((j) => j.id)).toEqual(ids);
  });

  it('hands out its jobs as a lazy list over its columns when asked, the same jobs', () => {
    const lazy = parseSwf(TEXT, 'test.swf', {}, true);
    expect(columnsOf(lazy.jobs)).toBeDefined();
    expect(columnsOf(parseSwf(TEXT, 'test.swf').jobs)).toBeUndefined();
    expect(lazy).toEqual(parseSwf(TEXT, 'test.swf'));
    expect(columnsOf(lazy.jobs)).toBeUndefined(); // compared: made
  });

  it('gives the job table the jobs it would get from their objects, without making them', () => {
    const w = parseSwf(TEXT, 'test.swf', {}, true);
    const table = new JobTable(w.jobs, ['cpu']);
    expect(columnsOf(w.jobs)).toBeDefined(); // no job object made yet
    const fromObjects = new JobTable([...w.jobs], ['cpu']);
    for (const key of ['ids', 'users', 'submit', 'runtime', 'estimate', 'tasks', 'request', 'total', 'inputIndex'] as const) {
      expect([...table[key]].slice(0, 3), key).toEqual([...fromObjects[key]].slice(0, 3));
    }
    expect(table.input).toEqual(fromObjects.input);
  });

  it('reads a file with a byte-order mark through the trace reader the command line uses', () => {
    const read = (text: string) => parseTexts(formatSpec('swf')!.create({}), [{ file: 'bom.swf', table: 'log', text }]);
    expect(read(`\ufeff${TEXT}`)).toEqual(read(TEXT));
    expect(read(`\ufeff${TEXT}`)).toEqual(parseSwf(TEXT, 'bom.swf'));
    expect(read(`\ufeff${LINES[0]}\n`).jobs.map((j) => j.id)).toEqual(['1']);
  });

  it('uses requested processors and perfect estimates when asked', () => {
    const w = parseSwf(TEXT, 'test.swf', { processors: 'requested', estimate: 'runtime' });
    expect(w.jobs.find((j) => j.id === '8')!.tasks).toBe(5);
    expect(w.jobs[0]!.estimate).toBe(100);
    expect(w.repaired).toEqual({});
  });

  it('derives the cluster from MaxProcs, else MaxNodes, overridable', () => {
    expect(parseSwf(TEXT).cluster!.nodes.length).toBe(16);
    expect(parseSwf(TEXT.replace('; MaxProcs: 16\n', '')).cluster!.nodes.length).toBe(8);
    const w = parseSwf(TEXT, 'x', { machineProcs: 40, procsPerNode: 16 });
    expect(w.cluster!.nodes.map((n) => n.capacity.cpu)).toEqual([16, 16, 8]);
    expect(w.dropped.wider_than_machine).toBeUndefined(); // 32 fits in 40
    expect(parseSwf(LINES[0]!).cluster).toBeNull();
  });

  it('reads a header size of -1 as unknown: MaxProcs -1 falls back to MaxNodes, then to the override or none', () => {
    expect(parseSwf(TEXT.replace('; MaxProcs: 16', '; MaxProcs: -1')).cluster!.nodes.length).toBe(8);
    const neither = TEXT.replace('; MaxProcs: 16', '; MaxProcs: -1').replace('; MaxNodes: 8', '; MaxNodes: -1');
    expect(parseSwf(neither).cluster).toBeNull();
    expect(parseSwf(neither).dropped.wider_than_machine).toBeUndefined(); // no machine: nothing is wider
    expect(parseSwf(neither, 'x', { machineProcs: 12 }).cluster!.nodes.length).toBe(12);
  });

  it('reports a bad header value at the header line, not at the first job', () => {
    const e = errorOf(() => parseSwf(TEXT.replace('; MaxProcs: 16', '; MaxProcs: lots'), 'h.swf'));
    expect(e.message).toBe('h.swf:4: header MaxProcs must be a positive integer (or -1, unknown) (field MaxProcs, value "lots")');
    // Without jobs too (the size is checked at the end).
    expect(errorOf(() => parseSwf('; Note: x\n; MaxNodes: 0\n', 'h.swf')).message).toMatch(/^h.swf:2: header MaxNodes/);
  });

  it('names file, line, field and value for a malformed field', () => {
    const bad = TEXT.replace('2 10 -1 50.5', '2 10 -1 5O.5');
    const e = errorOf(() => parseSwf(bad, 'log.swf'));
    expect(e.message).toBe('log.swf:9: not a number (field 4 (run_time), value "5O.5")');
    expect(e.location).toEqual({ file: 'log.swf', line: 9, field: '4 (run_time)', value: '5O.5' });
  });

  const malformed: [string, string, RegExp][] = [
    ['too few fields', '1 0 5 100 4', /x.swf:1: expected 18 whitespace-separated SWF fields, found 5/],
    ['too many fields', LINES[0] + ' 9', /found 19/],
    ['a negative value other than -1', LINES[0]!.replace(' 100 ', ' -5 '), /negative value.*field 4 \(run_time\), value "-5"/],
    ['a fractional processor count', LINES[0]!.replace(' 4 -1', ' 4.5 -1'), /must be an integer.*field 5 \(allocated_processors\)/],
    ['hexadecimal', LINES[0]!.replace(' 100 ', ' 0x10 '), /not a number.*"0x10"/],
    ['Infinity', LINES[0]!.replace(' 100 ', ' Infinity '), /not a number/],
    ['a bad MaxProcs header', '; MaxProcs: lots\n' + LINES[0], /header MaxProcs must be a positive integer/],
    ['binary garbage', '\u0000\u0001PNG\u0089\u00ff\n', /^x.swf:1:1: binary data, not an SWF line \(control character U\+0000 at column 1\)/],
    ['a tab-separated line short of fields', '1\t0\t5', /x.swf:1: expected 18 whitespace-separated SWF fields, found 3 /],
  ];
  for (const [what, text, message] of malformed) {
    it(`rejects ${what}`, () => expect(errorOf(() => parseSwf(text, 'x.swf')).message).toMatch(message));
  }

  it('reads an empty file as no jobs', () => {
    const w = parseSwf('', 'empty.swf');
    expect(w.jobs).toEqual([]);
    expect(w.cluster).toBeNull();
  });

  it('reads gzip and plain files to the same workload, detecting gzip by magic bytes', async () => {
    const plain = await readSwf(tmp('a.swf', TEXT));
    const gz = await readSwf(tmp('a.txt', gzipSync(TEXT)));
    expect(gz.jobs).toEqual(plain.jobs);
    expect(gz.dropped).toEqual(plain.dropped);
  });

  it('reports a truncated gzip file', async () => {
    const full = gzipSync(TEXT.repeat(50));
    const path = tmp('cut.swf.gz', full.subarray(0, full.length >> 1));
    const e = await asyncErrorOf(() => readSwf(path));
    expect(e.message).toMatch(/cut.swf.gz: truncated or corrupt gzip data/);
  });

  it('reports a missing file', async () => {
    const e = await asyncErrorOf(() => readSwf('/nonexistent/x.swf'));
    expect(e.message).toBe('/nonexistent/x.swf: cannot open: no such file or directory');
  });

  it('refuses a binary file without newlines instead of buffering it', async () => {
    const path = tmp('blob.bin', Buffer.alloc(3 << 20, 0x41));
    const e = await asyncErrorOf(() => readSwf(path));
    expect(e.message).toMatch(/blob.bin:1: line longer than/);
  });

  it('parses the same whatever the chunk boundaries', async () => {
    const { LineSplitter } = await import('../../traces/lines.ts');
    const { SwfParser } = await import('../../traces/swf.ts');
    const whole = parseSwf(TEXT, 'f');
    fc.assert(
      fc.property(fc.array(fc.nat(TEXT.length), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const parser = new SwfParser('f');
        const splitter = new LineSplitter('f', (line, no) => parser.line(line, no));
        let last = 0;
        for (const p of [...points, TEXT.length]) {
          splitter.push(TEXT.slice(last, p));
          last = p;
        }
        splitter.end();
        expect(parser.finish()).toEqual(whole);
      }),
    );
  });

  it('hands the parser the same lines as ranges of the chunks as it does as strings, with surrounding white space', async () => {
    const { LineSplitter } = await import('../../traces/lines.ts');
    const { SwfParser } = await import('../../traces/swf.ts');
    const text = `${TEXT.split('\n').join(' \r\n\t')}\n  \n; Note: trailing\t`;
    const parser = new SwfParser('f');
    const byStrings = new LineSplitter('f', (line, no) => parser.line(line, no));
    byStrings.push(text);
    byStrings.end();
    // parseSwf hands the parser ranges.
    expect(parseSwf(text, 'f')).toEqual(parser.finish());
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const asStrings: [string, number][] = [];
        const asRanges: [string, number][] = [];
        const strings = new LineSplitter('f', (line, no) => asStrings.push([line, no]));
        const ranges = LineSplitter.ranges('f', (chunk, start, end, no) => asRanges.push([chunk.slice(start, end), no]));
        let last = 0;
        for (const p of [...points, text.length]) {
          strings.push(text.slice(last, p));
          ranges.push(text.slice(last, p));
          last = p;
        }
        strings.end();
        ranges.end();
        expect(asRanges).toEqual(asStrings);
      }),
      { numRuns: 50 },
    );
  });

  it('converts decimal fields from their characters to the double Number() gives', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{0,9}$/), fc.stringMatching(/^[0-9]{0,9}$/), fc.constantFrom('', '.'))
      .map(([negative, whole, fraction, point]) => `${negative ? '-' : ''}${whole}${fraction || point ? '.' : ''}${fraction}`)
      .filter((t) => /[0-9]/.test(t));
    fc.assert(
      fc.property(decimal, decimal, (submit, runtime) => {
        const line = `1 ${submit.replace(/^-/, '')} -1 ${runtime.replace(/^-/, '')} 1 ${submit} -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1`;
        const expected = [Number(submit.replace(/^-/, '')), Number(runtime.replace(/^-/, ''))];
        let job;
        try {
          job = parseSwf(line, 'f').jobs[0];
        } catch (err) {
          // A negative average cpu time other than -1 is an error, whatever its spelling.
          expect(Number(submit) < 0 && Number(submit) !== -1).toBe(true);
          expect(err).toBeInstanceOf(InputError);
          return;
        }
        if (expected[1]! > 0) {
          expect(Object.is(job!.submit, expected[0])).toBe(true);
          expect(Object.is(job!.runtime, expected[1])).toBe(true);
        } else expect(job).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    // At the limits of the character scan: 15 digits, a fraction of 15 digits, negative zero (allowed: not below 0).
    const job = parseSwf('1 999999999999999 -1 .123456789012345 1 -0.0 -1 1 123456789.012345 -1 1 1 1 -1 -1 -1 -1 -1', 'f').jobs[0]!;
    expect(job.submit).toBe(999999999999999);
    expect(job.runtime).toBe(0.123456789012345);
    expect(job.estimate).toBe(123456789.012345);
  });

  it('never crashes or hangs on arbitrary text: a workload or an InputError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        try {
          parseSwf(text, 'fuzz');
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads the embedded KTH log with the counts of its provenance file', async () => {
    const w = await readSwf('traces/samples/KTH-SP2-1996-2.1-cln.swf.gz');
    // PROVENANCE.md: 28,476 records; 8 with run time 0; 1 with -1 in fields 5 and 8.
    expect(w.jobs.length).toBe(28476 - 8 - 1);
    expect(w.dropped).toEqual({ runtime_not_positive: 8, size_unknown: 1 });
    expect(w.header.MaxProcs).toBe('100');
    expect(w.jobs[0]!.submit).toBe(599850);
  });
});
