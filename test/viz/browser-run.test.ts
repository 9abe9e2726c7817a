/**
 * What the browser runs, checked on Node against the CLI's own code path: the
 * trace read through web streams gives the same workload, and a run gives
 * summary.json with the same bytes and jobs.csv with the same hash.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterFor, loadWorkload } from '../../experiments/load.ts';
import { simulateToDirectory } from '../../experiments/run-files.ts';
import { clusterOf, readTrace } from '../../viz/worker/read-trace.ts';
import { optionsOf, simulateRun } from '../../viz/worker/simulate-run.ts';
import { parseSeeds } from '../../viz/app/run-form.ts';

const SDSC = 'traces/samples/SDSC-SP2-1998-conv3-first4961jobs.swf.gz';

describe('runs in the browser', () => {
  it('read the same workload from a gzip blob as the CLI from the file', async () => {
    const bytes = readFileSync(SDSC);
    const browser = await readTrace(new Blob([bytes]), 'SDSC-SP2-1998-conv3-first4961jobs.swf.gz');
    const cli = await loadWorkload(SDSC);
    expect(browser.jobs).toEqual(cli.jobs);
    expect(browser.dropped).toEqual(cli.dropped);
    expect(browser.cluster).toEqual(cli.cluster);
  });

  it('give summary.json with the CLI bytes and jobs.csv with its hash', async () => {
    const bytes = readFileSync(SDSC);
    const spec = { id: 'x', queue: 'sjf', backfill: 'conservative', placement: 'best-fit', seed: 3 };
    const workload = await readTrace(new Blob([bytes]), 'SDSC.swf.gz');
    const fractions: number[] = [];
    const run = await simulateRun(workload, clusterOf(workload), spec, { input: { role: 'trace', file: 'SDSC.swf.gz', bytes: bytes.length, sha256: '' }, swf: {}, version: '0' }, (f) => fractions.push(f));
    const dir = mkdtempSync(join(tmpdir(), 'browser-eq-'));
    const cliWorkload = await loadWorkload(SDSC);
    simulateToDirectory(cliWorkload, clusterFor(cliWorkload), optionsOf(spec), dir, {});
    expect(run.files['summary.json']).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(run.files['timeseries.csv']).toBe(readFileSync(join(dir, 'timeseries.csv'), 'utf8'));
    expect(run.jobsSha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'jobs.csv'))).digest('hex'));
    expect(run.run.variant).toBe('sjf+conservative+best-fit');
    expect(run.run.jobs!.count).toBe(cliWorkload.jobs.length);
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.at(-1)).toBe(1);
  });

  it('parse seed lists and ranges', () => {
    expect(parseSeeds('1-3, 7')).toEqual([1, 2, 3, 7]);
    expect(() => parseSeeds('x')).toThrow(/not a number/);
    expect(() => parseSeeds('')).toThrow(/at least one/);
  });
});
