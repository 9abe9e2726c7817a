/**
 * The pool's bundled worker (experiments/study/worker-bundle.ts): it gives the
 * very bytes the source worker gives, it is rebuilt when a source file
 * changes (never run stale), and preloaded plugins send workers back to the
 * sources they patch.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledWorkerExecArgv, ownPreloads, workerBundle } from '../../experiments/study/worker-bundle.ts';
import { cli, removeTemporaries, smallTrace, tmp, tree, treeDiff, writeConfig } from './helpers.ts';

afterAll(removeTemporaries);

describe('ownPreloads', () => {
  it("counts the process's own preloads, not tsx's or vitest's", () => {
    expect(ownPreloads(['--require', '/x/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///x/node_modules/tsx/dist/loader.mjs'])).toEqual([]);
    expect(ownPreloads(['--import', 'tsx', '--require', '/w/node_modules/vitest/suppress-warnings.cjs', '--conditions', 'node'])).toEqual([]);
    expect(ownPreloads(['--import', '/w/test/plugins.mjs', '--max-old-space-size=100'])).toEqual(['/w/test/plugins.mjs']);
    expect(ownPreloads(['--import=./p.mjs', '-r', 'apm', '--loader', 'l.mjs'])).toEqual(['./p.mjs', 'apm', 'l.mjs']);
  });

  it("gives bundled workers the process's options without the preloads (tsx's loader has nothing to do in them)", () => {
    const tsx = ['--require', '/x/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///x/node_modules/tsx/dist/loader.mjs'];
    expect(bundledWorkerExecArgv(tsx)).toEqual([]);
    expect(bundledWorkerExecArgv(['--import=tsx', '--conditions', 'node', ...tsx, '--cpu-prof'])).toEqual(['--conditions', 'node', '--cpu-prof']);
    expect(bundledWorkerExecArgv(['--max-old-space-size=100', '-r', '/w/node_modules/vitest/suppress-warnings.cjs'])).toEqual(['--max-old-space-size=100']);
    expect(bundledWorkerExecArgv(['--import=./p.mjs', ...tsx, '-r', 'apm'])).toEqual(['--import=./p.mjs', '-r', 'apm']);
  });
});

describe('the bundled worker', () => {
  it('writes the same results directory as the source worker', async () => {
    expect(await workerBundle(), 'the bundle builds here (else both runs below use the sources)').not.toBeNull();
    const dir = tmp('bundle-same');
    smallTrace(dir, 300);
    const config = writeConfig(dir, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: easy\n  - name: cons\n    backfill: conservative\nseeds: 2\noutputs:\n  events: true\n');
    const bundled = cli(['run', config, '--out', join(dir, 'bundle'), '--workers', '2']);
    const source = cli(['run', config, '--out', join(dir, 'source'), '--workers', '2'], { env: { CLUSTERLAB_WORKER: 'source' } });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(source.code, source.stderr).toBe(0);
    expect(treeDiff(tree(join(dir, 'bundle')), tree(join(dir, 'source')))).toEqual([]);
  });

  it('is rebuilt when a source file changes, and reused while none does', () => {
    // A copy of the sources the worker is built from, with a cache of its own.
    const repo = resolve(fileURLToPath(new URL('../../', import.meta.url)));
    const copy = tmp('bundle-stale');
    for (const d of ['experiments', 'sim', 'schedulers', 'workloads', 'traces']) cpSync(join(repo, d), join(copy, d), { recursive: true, filter: (p) => !p.includes(`${join(repo, 'traces', 'samples')}`) });
    for (const f of ['package.json', 'tsconfig.json']) cpSync(join(repo, f), join(copy, f));
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    const cache = join(copy, 'cache');
    const bundle = (): string => {
      const script = `const { workerBundle } = await import(${JSON.stringify(new URL('experiments/study/worker-bundle.ts', `file://${copy}/`).href)}); console.log((await workerBundle())?.href ?? 'none');`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: copy, encoding: 'utf8', env: { ...process.env, CLUSTERLAB_CACHE_DIR: cache, CLUSTERLAB_WORKER: '' } });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const first = bundle();
    expect(first).toMatch(/^file:.*\/cache\/worker-[0-9a-f]{16}\.mjs$/);
    const built = statSync(fileURLToPath(first)).mtimeMs;
    expect(bundle()).toBe(first);
    expect(statSync(fileURLToPath(first)).mtimeMs).toBe(built); // not rebuilt

    // An edit the bundle must carry (a side effect, so the bundler keeps it).
    const errors = join(copy, 'sim', 'errors.ts');
    writeFileSync(errors, `${readFileSync(errors, 'utf8')}\n(globalThis as Record<string, unknown>).clusterlabStaleCheck = 'edited-${Date.now()}';\n`);
    // The first bundle, made two days old, is removed by the rebuild; a recent one would stay.
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    utimesSync(fileURLToPath(first), twoDaysAgo, twoDaysAgo);
    const second = bundle();
    expect(second).not.toBe(first);
    expect(readFileSync(fileURLToPath(second), 'utf8')).toContain('edited-');
    expect(existsSync(fileURLToPath(first))).toBe(false);
  });

  it('is not used when the process preloads plugins: they patch the source modules', () => {
    // The test plugins register a policy that throws; only a source worker sees it (a bundle would say "unknown queue").
    const dir = tmp('bundle-plugins');
    smallTrace(dir, 50);
    const config = writeConfig(dir, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: boom\n    queue: test-throw\nseeds: 1\n');
    const r = cli(['run', config, '--out', join(dir, 'out'), '--workers', '1'], { plugins: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('test-throw policy threw on purpose');
  });
});
