/** The server of `clusterlab view`: what it serves, what it refuses, and the command's errors. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createViewServer, listen, listResults } from '../../experiments/view/server.ts';
import { CSP_HEADER } from '../../viz/csp.ts';

describe('view server', () => {
  const root = mkdtempSync(join(tmpdir(), 'view-server-'));
  const app = join(root, 'app');
  const results = join(root, 'results');
  let base: string;
  let server: ReturnType<typeof createViewServer>;

  beforeAll(async () => {
    mkdirSync(app);
    mkdirSync(join(results, 'runs', 'r1'), { recursive: true });
    mkdirSync(join(results, '.hidden'));
    writeFileSync(join(app, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(results, 'runs.csv'), 'run_id,variant\nr1,a\n');
    writeFileSync(join(results, 'runs', 'r1', 'summary.json'), '{}\n');
    writeFileSync(join(results, 'runs', 'r1', 'notes.txt'), 'secret');
    writeFileSync(join(results, '.hidden', 'x.csv'), 'secret');
    writeFileSync(join(root, 'outside.csv'), 'secret');
    server = createViewServer({ appDir: app, resultsDir: results, host: '127.0.0.1', port: 0 });
    base = await listen(server, '127.0.0.1', 0);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('listens on 127.0.0.1 and prints that address', () => {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the app and the listed result files, with the CSP header', async () => {
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP_HEADER);
    expect(await page.text()).toContain('<title>app</title>');
    const index = await (await fetch(`${base}results/index.json`)).json();
    expect(index.files).toEqual(['runs.csv', 'runs/r1/summary.json']);
    expect(listResults(results)).toEqual(index.files);
    const runs = await fetch(`${base}results/runs.csv`);
    expect(runs.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await runs.text()).toBe('run_id,variant\nr1,a\n');
  });

  it('refuses other files, hidden ones, paths outside the roots and other methods', async () => {
    for (const path of ['results/runs/r1/notes.txt', 'results/.hidden/x.csv', 'results/%2e%2e/outside.csv', 'results/..%2Foutside.csv', '..%2Foutside.csv', 'missing.js']) {
      const r = await fetch(`${base}${path}`);
      expect([403, 404], path).toContain(r.status);
      expect(await r.text()).not.toContain('secret');
    }
    expect((await fetch(`${base}results/runs.csv`, { method: 'POST' })).status).toBe(405);
  });
});

describe('clusterlab view', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [resolve('bin/clusterlab.js'), 'view', ...args], { encoding: 'utf8' });
  it('exits 2 for a missing directory or one without results', () => {
    const missing = cli([join(tmpdir(), 'no-such-dir-clusterlab')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such directory/);
    const empty = cli([mkdtempSync(join(tmpdir(), 'empty-'))]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no results here/);
  });
});
