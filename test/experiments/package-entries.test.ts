/**
 * Every entry of package.json "exports" is typed and loads in a fresh Node
 * process; 'clusterlab/policy' and 'clusterlab/browser' load nothing they do
 * not need (no command, study machinery, app, vite or d3), and the browser
 * entry reaches no `node:` module.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, removeTemporaries, tmp } from './helpers.ts';

afterAll(removeTemporaries);
beforeAll(() => {
  spawnSync(process.execPath, [BIN, '--version']); // brings dist/*.mjs up to date with the sources
  // The declarations are built by npm pack (bin/build.js --pack); build them here when missing.
  if (!existsSync('dist/types')) spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.api.json'], { stdio: 'inherit' });
}, 600_000);
const LOG_HOOK = resolve('test/experiments/fixtures/load-log.mjs');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | { types: string; default: string }> };

/** The files (relative to the repository) a fresh process loads to import `specifier`, and the entry's export names. */
function load(specifier: string, fromSources: boolean): { files: string[]; names: string[] } {
  const log = join(tmp('entry'), 'modules.txt');
  const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
  const pre = fromSources ? ['--import', 'tsx'] : [];
  const r = spawnSync(process.execPath, [...pre, '--import', LOG_HOOK, '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, CLUSTERLAB_LOAD_LOG: log } });
  expect(r.status, r.stderr).toBe(0);
  const root = `file://${resolve('.')}/`;
  const files = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith(root)).map((u) => u.slice(root.length)) : [];
  return { files: [...new Set(files)], names: JSON.parse(r.stdout) as string[] };
}

const NOT_FOR_POLICY = /^(experiments\/(cli\/|study\/(study|pool|run-one|worker|plan|scenario-study)\b|scenario\/|view\/)|viz\/|node_modules\/(vite|d3|commander|tsx)\/)/;
const NOT_FOR_BROWSER = /^(experiments\/(cli\/|study\/(study|pool|run-one|worker|plan|scenario-study)\b|scenario\/|view\/|results\/(files|inputs)\b|run\/load\b)|schedulers\/(user|external)|node_modules\/(vite|d3|commander|tsx)\/)/;

describe('package entries', () => {
  it('every entry has types and loads by its package name', () => {
    for (const [key, target] of Object.entries(pkg.exports)) {
      if (key === './package.json') continue;
      expect(typeof target === 'object' && existsSync(target.types), `${key} types`).toBe(true);
      const { names } = load(`clusterlab${key.slice(1)}`, false);
      expect(names.length, key).toBeGreaterThan(3);
    }
  });

  it('clusterlab/policy loads no command, study machinery, app or tool', () => {
    const { files, names } = load('./experiments/api/policy.ts', true);
    expect(names).toContain('checkConformance');
    expect(files.filter((f) => NOT_FOR_POLICY.test(f))).toEqual([]);
  });

  it('clusterlab/browser loads no Node-only module, and its build imports no node: module', () => {
    const { files, names } = load('./experiments/api/browser.ts', true);
    expect(names).toContain('runSimulation');
    expect(files.filter((f) => NOT_FOR_BROWSER.test(f))).toEqual([]);
    const built = readFileSync('dist/browser.mjs', 'utf8');
    expect(built.match(/["']node:[a-z_/]+["']/g)).toBeNull();
  });
});
