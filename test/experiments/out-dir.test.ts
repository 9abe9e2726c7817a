/**
 * The --out rule (experiments/results/out-dir.ts) and what trace info says about the
 * files of a directory: results of the same command are replaced whole, other
 * content is refused unless --force, a failed run leaves the old results as
 * they were; skipped files and the tables read are listed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readable } from '../../sim/cluster.ts';
import { runMain } from './in-process.ts';

const SAMPLES = new URL('../../traces/samples/', import.meta.url).pathname;
let d = '';
let swf = '';

beforeAll(() => {
  d = mkdtempSync(join(tmpdir(), 'out-dir-'));
  swf = join(d, 'tiny.swf');
  writeFileSync(swf, '; MaxProcs: 4\n1 0 0 10 1 -1 -1 1 20 -1 1 1 1 -1 1 -1 -1 -1\n2 5 0 10 2 -1 -1 2 20 -1 1 1 1 -1 1 -1 -1 -1\n3 6 0 10 4 -1 -1 4 20 -1 1 1 1 -1 1 -1 -1 -1\n');
});

describe('simulate --out', () => {
  it('replaces results of simulate whole: no stale decisions.jsonl after a run without --explain', async () => {
    const out = join(d, 'rerun');
    expect((await runMain(['simulate', '-t', swf, '--explain', '--out', out])).code).toBe(0);
    expect(readdirSync(out)).toContain('decisions.jsonl');
    expect((await runMain(['simulate', '-t', swf, '--out', out])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['jobs.csv', 'manifest.json', 'nodes.csv', 'summary.json', 'timeseries.csv']);
  });

  it('refuses other files unless --force, which replaces them', async () => {
    const out = join(d, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.md'), 'keep me\n');
    const r = await runMain(['simulate', '-t', swf, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files that are not clusterlab results; choose another --out, or pass --force/);
    expect(readdirSync(out)).toEqual(['notes.md']);
    expect((await runMain(['simulate', '-t', swf, '--out', out, '--force'])).code).toBe(0);
    expect(readdirSync(out)).not.toContain('notes.md');
    expect(readdirSync(out)).toContain('manifest.json');
  });

  it('a run that fails leaves the old results as they were', async () => {
    const out = join(d, 'kept');
    expect((await runMain(['simulate', '-t', swf, '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'jobs.csv'), 'utf8');
    const bad = join(d, 'bad.swf');
    writeFileSync(bad, '; MaxProcs: 4\n1 0 0 ten 1 -1 -1 1 20 -1 1 1 1 -1 1 -1 -1 -1\n');
    expect((await runMain(['simulate', '-t', bad, '--out', out, '--explain'])).code).toBe(2);
    expect(readFileSync(join(out, 'jobs.csv'), 'utf8')).toBe(before);
    expect(existsSync(join(out, 'decisions.jsonl'))).toBe(false);
    expect(readdirSync(d, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('scenario refuses a directory of simulate results', async () => {
    const out = join(d, 'rerun');
    const r = await runMain(['scenario', new URL('../../experiments/scenario/examples/config-drift.yaml', import.meta.url).pathname, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds results of clusterlab simulate; choose another --out/);
  });
});

describe('default --out', () => {
  it('replaces earlier default results whole and refuses other files unless --force', async () => {
    const out = join(d, 'default');
    expect((await runMain(['default', '--trace', swf, '--out', out])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['comparison.csv', 'comparison.txt', 'fcfs', 'fcfs-conservative', 'fcfs-easy', 'sjf-easy']);
    writeFileSync(join(out, 'fcfs', 'stale.csv'), 'old\n');
    expect((await runMain(['default', '--trace', swf, '--out', out])).code).toBe(0);
    expect(readdirSync(join(out, 'fcfs'))).not.toContain('stale.csv');

    const mine = join(d, 'default-mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.md'), 'keep me\n');
    const r = await runMain(['default', '--trace', swf, '--out', mine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^clusterlab: error: .*default-mine holds files that are not clusterlab results; choose another --out, or pass --force/);
    expect(readdirSync(mine)).toEqual(['notes.md']);
    expect((await runMain(['default', '--trace', swf, '--out', mine, '--force'])).code).toBe(0);
    expect(readdirSync(mine)).not.toContain('notes.md');
  });

  it('a bad trace leaves earlier results as they were, with no temporary file', async () => {
    const out = join(d, 'default');
    const before = readFileSync(join(out, 'comparison.csv'), 'utf8');
    const bad = join(d, 'bad-default.swf');
    writeFileSync(bad, '; MaxProcs: 4\n1 0 0 ten 1 -1 -1 1 20 -1 1 1 1 -1 1 -1 -1 -1\n');
    expect((await runMain(['default', '--trace', bad, '--out', out])).code).toBe(2);
    expect(readFileSync(join(out, 'comparison.csv'), 'utf8')).toBe(before);
    expect(readdirSync(d, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('trace info on a directory', () => {
  it('lists the files read with their table, and the skipped ones, in the table and in --json', async () => {
    const dir = join(d, 'openb');
    mkdirSync(dir);
    for (const f of ['openb_pod_list_default.csv', 'openb_node_list_gpu_node.csv']) writeFileSync(join(dir, f), readFileSync(join(SAMPLES, f)));
    writeFileSync(join(dir, 'notes.dat'), 'what is this\n');
    const json = await runMain(['trace', 'info', dir, '--json']);
    expect(json.code).toBe(0);
    const stats = JSON.parse(json.stdout);
    expect(stats.read.map((f: { path: string; table: string }) => [f.path.split('/').pop(), f.table])).toEqual([
      ['openb_node_list_gpu_node.csv', 'nodes'],
      ['openb_pod_list_default.csv', 'pods'],
    ]);
    expect(stats.skipped_files).toEqual([join(dir, 'notes.dat')]);
    const text = await runMain(['trace', 'info', dir]);
    expect(text.stdout).toMatch(/openb_pod_list_default\.csv\s+trace\s+pods/);
    expect(text.stdout).toMatch(/notes\.dat\s+skipped\s+unknown format/);
  });
});

describe('numbers in messages', () => {
  it('reads float noise as the amount it stands for', () => {
    expect(readable(0.10000000000000009)).toBe('0.1');
    expect(readable(2.9999999999999996)).toBe('3');
    expect(readable(1e-20)).toBe('1e-20');
    expect(readable(128)).toBe('128');
  });
});
