/** Small studies for the experiment tests: a few hundred jobs of a real log, written to a temporary directory. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Progress } from '../../experiments/study/progress.ts';

export const BIN = resolve('bin/clusterlab.js');
export const PLUGINS = resolve('test/experiments/fixtures/test-plugins.mjs');
export const KTH = resolve('traces/samples/KTH-SP2-1996-2.1-cln.swf.gz');

/** A study's progress that prints nothing (runStudy in-process). */
export class Quiet extends Progress {
  override start(): void {}
  override end(): void {}
  override stop(): void {}
}

const created: string[] = [];

/** A new temporary directory, removed by removeTemporaries() (call it in afterAll). */
export function tmp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clusterlab-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes the temporary directories this test file made (studies write megabytes). */
export function removeTemporaries(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The header and the first `jobs` job lines of the KTH SP2 log, as `dir/name`. */
export function smallTrace(dir: string, jobs = 200, name = 'kth-small.swf'): string {
  const lines = gunzipSync(readFileSync(KTH)).toString('utf8').split('\n');
  const header = lines.filter((l) => l.startsWith(';'));
  const body = lines.filter((l) => l.trim() !== '' && !l.startsWith(';')).slice(0, jobs);
  const path = join(dir, name);
  writeFileSync(path, `${[...header, ...body].join('\n')}\n`);
  return path;
}

/** Writes a config file (YAML text) next to a small trace and returns its path. */
export function writeConfig(dir: string, yaml: string, name = 'study.yaml'): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `plugins` preloads the test-only policies and transform. */
export function cli(args: string[], options: { cwd?: string; plugins?: boolean; env?: Record<string, string> } = {}): CliResult {
  const pre = options.plugins ? ['--import', PLUGINS] : [];
  const r = spawnSync(process.execPath, [...pre, BIN, ...args], { cwd: options.cwd ?? process.cwd(), encoding: 'utf8', env: { ...process.env, ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: string[], options: { plugins?: boolean } = {}): ChildProcess {
  const pre = options.plugins ? ['--import', PLUGINS] : [];
  return spawn(process.execPath, [...pre, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every file under `dir` (relative path → bytes), to compare directories byte for byte. */
export function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** The names of files that differ between two trees (missing on either side included). */
export function treeDiff(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => !a.get(n) || !b.get(n) || !a.get(n)!.equals(b.get(n)!)).sort();
}

/** Modification time and inode of a file: changes if it is rewritten. */
export function identity(path: string): string {
  const s = statSync(path, { bigint: true });
  return `${s.ino}:${s.mtimeNs}`;
}
