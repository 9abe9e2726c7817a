/**
 * The library API (experiments/api/, package.json "exports"): each example
 * in examples/ runs against the package, and the API writes the same bytes as
 * the command for the same inputs (KTH SP2).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, KTH, removeTemporaries, tmp } from './helpers.ts';

afterAll(removeTemporaries);
// 'clusterlab' resolves to dist/ (package self-reference): bring it up to date with the sources first.
beforeAll(() => void spawnSync(process.execPath, [BIN, '--version']), 120_000);

function node(args: string[]) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the library API', () => {
  it('examples/api-backfilling.ts writes the files clusterlab simulate writes, byte for byte, and prints its mean waits', () => {
    const root = tmp('api');
    const api = join(root, 'api');
    const ex = node(['--import', 'tsx', 'examples/api-backfilling.ts', api]);
    expect(ex.stderr).toBe('');
    expect(ex.code).toBe(0);
    const waits: Record<string, string> = {};
    for (const backfill of ['easy', 'conservative']) {
      const out = join(root, `cli-${backfill}`);
      const r = node([BIN, 'simulate', '--trace', resolve(KTH), '--queue', 'fcfs', '--backfill', backfill, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      waits[backfill] = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).metrics.mean_wait / 3600).toFixed(2);
    }
    expect(ex.stdout).toContain(`fcfs+easy+first-fit: mean wait ${waits.easy} h`);
    expect(ex.stdout).toContain(`fcfs+conservative+first-fit: mean wait ${waits.conservative} h`);
    const files = readdirSync(join(root, 'cli-easy')).sort();
    expect(readdirSync(api).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(api, f)).equals(readFileSync(join(root, 'cli-easy', f))), f).toBe(true);
  });

  it('examples/api-queue-order.ts composes its own queue order and passes the conformance suite', () => {
    const r = node(['--import', 'tsx', 'examples/api-queue-order.ts']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Conformance of largest-first\+easy:/);
    expect(r.stdout).toContain('All 4 scenarios passed');
  });

  it('examples/api-browser.ts reads a Blob and simulates as clusterlab simulate does', () => {
    const sdsc = resolve('traces/samples/SDSC-SP2-1998-conv3-first4961jobs.swf.gz');
    const out = join(tmp('api-browser'), 'cli');
    expect(node([BIN, 'simulate', '--trace', sdsc, '--queue', 'fcfs', '--backfill', 'easy', '--out', out]).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const rows = readFileSync(join(out, 'jobs.csv'), 'utf8').split('\n').length - 2;
    const r = node(['--import', 'tsx', 'examples/api-browser.ts']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`fcfs+easy+first-fit: ${rows} jobs, mean wait ${(summary.metrics.mean_wait / 60).toFixed(1)} min, jobs.csv ${rows} rows`);
  });
});

describe('the library API on the openb fill run', () => {
  it('readTrace, transformTrace and simulate write the bytes of clusterlab simulate --fill', async () => {
    const pods = resolve('traces/samples/openb_pod_list_default.csv');
    const nodes = resolve('traces/samples/openb_node_list_gpu_node.csv');
    const out = join(tmp('api-openb'), 'cli');
    const r = node([BIN, 'simulate', '-t', pods, '--cluster', nodes, '--placement', 'fgd', '--fill', '0.1', '--seed', '2', '--backfill', 'none', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    // In process, through the sources: the same functions the command calls.
    const { readTrace, transformTrace } = await import('../../experiments/api/trace.ts');
    const { simulate } = await import('../../experiments/api/simulate.ts');
    const trace = await readTrace(pods, { cluster: nodes });
    const { trace: filled } = transformTrace(trace, [{ type: 'fill', multiple: 0.1, step: 1 }], 2);
    const run = await simulate(filled, { placement: 'fgd', backfill: 'none', seed: 2 });
    const files = readdirSync(out).sort();
    expect(Object.keys(run.files).sort()).toEqual(files);
    for (const f of files) expect(run.files[f], f).toBe(readFileSync(join(out, f), 'utf8'));
  });
});
