import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { readCanonical } from '../../traces/node-read.ts';
import { parseSwf } from '../../traces/swf.ts';
import { formatCanonical, parseCanonical } from '../../workloads/canonical.ts';

const SWF = '; MaxProcs: 8\n1 0 5 100 4 -1 -1 4 200 -1 1 7 3 -1 2 -1 -1 -1\n2 10 -1 50 2 -1 -1 2 -1 -1 0 8 3 -1 -1 -1 1 30\n';

describe('canonical workload (JSON Lines)', () => {
  it('round-trips a workload exactly, Infinity included', () => {
    const w = parseSwf(SWF, 'x.swf');
    w.jobs.push({ ...w.jobs[0]!, id: 'svc', runtime: Infinity, estimate: Infinity, kind: 'service', labels: { app: 'web' } });
    const text = [...formatCanonical(w)].join('');
    expect(text.split('\n')[0]).toMatch(/^\{"format":"clusterlab-workload","version":1,/);
    expect(text).toContain('"runtime":null');
    const back = parseCanonical(text, 'w.jsonl');
    expect(back).toEqual(w);
  });

  it('reads plain and gzip files', async () => {
    const w = parseSwf(SWF, 'x.swf');
    const text = [...formatCanonical(w)].join('');
    const dir = mkdtempSync(join(tmpdir(), 'canon-'));
    writeFileSync(join(dir, 'a.jsonl'), text);
    writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(text));
    expect(await readCanonical(join(dir, 'a.jsonl'))).toEqual(w);
    expect(await readCanonical(join(dir, 'a.jsonl.gz'))).toEqual(w);
  });

  it('names file, line, field and value for a bad job line', () => {
    const w = parseSwf(SWF, 'x.swf');
    const lines = [...formatCanonical(w)];
    lines[2] = lines[2]!.replace('"tasks":2', '"tasks":-2');
    let err: unknown;
    try {
      parseCanonical(lines.join(''), 'w.jsonl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^w.jsonl:3: .*\(field tasks, value "-2"\)$/);
    expect(() => parseCanonical('{"format":"other"}\n', 'w.jsonl')).toThrow(/w.jsonl:1: not a canonical workload header/);
    expect(() => parseCanonical('', 'w.jsonl')).toThrow(/empty canonical workload/);
    expect(() => parseCanonical(lines[0] + '{oops\n', 'w.jsonl')).toThrow(/w.jsonl:2: not valid JSON/);
  });

  it('writes a large cluster one node per line, and machine events and records, and reads them back', () => {
    const w = parseSwf(SWF, 'x.swf');
    w.cluster = { resources: ['cpu', 'memory'], nodes: Array.from({ length: 6000 }, (_, i) => ({ id: `node-${i}`, capacity: { cpu: 64, memory: 262144 }, labels: { 'clusterlab/rack': `r${i >> 4}` } })) };
    w.machineEvents = [{ time: 5, node: 'node-1', type: 'remove' }, { time: 9, node: 'node-9', type: 'update', capacity: { cpu: 32, memory: 1 } }];
    w.records = { jobs: 2 };
    const lines = [...formatCanonical(w)];
    expect(lines.length).toBe(1 + 6000 + 2 + 2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(1000);
    expect(parseCanonical(lines.join(''), 'w.jsonl')).toEqual(w);
    const bad = lines.map((l) => l.replace('"type":"remove"', '"type":"gone"')).join('');
    expect(() => parseCanonical(bad, 'w.jsonl')).toThrow(/^w.jsonl:6002: .*\(field machineEvent.type\)$/);
  });
});
