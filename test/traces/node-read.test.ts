/**
 * Reading traces from files (traces/node-read.ts): what a column mapping
 * implies, and the files a read reports (for manifests), with their paths as
 * given.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../sim/errors.ts';
import { readTrace } from '../../traces/node-read.ts';

function csvDir() {
  const dir = mkdtempSync(join(tmpdir(), 'clusterlab-read-'));
  // Headerless-looking content that detection does not know: only the mapping says what it is.
  writeFileSync(join(dir, 'jobs.csv'), 'id,t,dur,n\na,0,10,2\nb,5,20,1\n');
  writeFileSync(join(dir, 'jobs.csv.gz'), gzipSync('id,t,dur,n\na,0,10,2\nb,5,20,1\n'));
  writeFileSync(join(dir, 'map.yaml'), 'file: jobs.csv\ncolumns: {id: id, submit: t, runtime: dur, tasks: n}\n');
  return dir;
}

describe('a column mapping', () => {
  it('makes the trace read as a generic CSV, without --format', async () => {
    const dir = csvDir();
    for (const file of ['jobs.csv', 'jobs.csv.gz']) {
      const w = await readTrace([join(dir, file)], { mappingPath: join(dir, 'map.yaml') });
      expect(w.source.format).toBe('csv');
      expect(w.jobs.map((j) => [j.id, j.submit, j.runtime, j.tasks])).toEqual([
        ['a', 0, 10, 2],
        ['b', 5, 20, 1],
      ]);
    }
    expect((await readTrace([join(dir, 'jobs.csv')], { mappingPath: join(dir, 'map.yaml'), format: 'csv' })).jobs.length).toBe(2);
  });

  it('contradicted by another --format is a usage error', async () => {
    const dir = csvDir();
    await expect(readTrace([join(dir, 'jobs.csv')], { mappingPath: join(dir, 'map.yaml'), format: 'swf' })).rejects.toThrow(UsageError);
    await expect(readTrace([join(dir, 'jobs.csv')], { mappingPath: join(dir, 'map.yaml'), format: 'swf' })).rejects.toThrow(/--mapping reads the trace as a generic CSV; it contradicts --format swf/);
    // With --mapping every trace file is data: a mapping given as the trace too is read as a CSV (and fails, naming it).
    await expect(readTrace([join(dir, 'map.yaml')], { mappingPath: join(dir, 'map.yaml') })).rejects.toThrow(/map.yaml:1: no column named "id"/);
  });
});

describe('the files a read reports', () => {
  it('are every file read, in reading order, with the mapping, paths as given (relative stays relative)', async () => {
    const dir = relative(process.cwd(), csvDir());
    const seen: string[] = [];
    const onFile = (kind: string, path: string) => seen.push(`${kind}:${path}`);
    await readTrace([join(dir, 'map.yaml')], { onFile });
    // The CSV a mapping names is relative to the mapping, and stays a relative path.
    expect(seen).toEqual([`mapping:${join(dir, 'map.yaml')}`, `data:${join(dir, 'jobs.csv')}`]);
    seen.length = 0;
    await readTrace([join(dir, 'jobs.csv')], { mappingPath: join(dir, 'map.yaml'), onFile });
    expect(seen).toEqual([`mapping:${join(dir, 'map.yaml')}`, `data:${join(dir, 'jobs.csv')}`]);
    seen.length = 0;
    // Several tables of one trace: in the format's table order.
    const S = 'traces/samples/';
    await readTrace([S + 'alibaba-2018-machine_usage-excerpt-100k.csv.gz', S + 'alibaba-2018-machine_meta.csv'], { onFile });
    expect(seen).toEqual([`data:${S}alibaba-2018-machine_meta.csv`, `data:${S}alibaba-2018-machine_usage-excerpt-100k.csv.gz`]);
  });
});
