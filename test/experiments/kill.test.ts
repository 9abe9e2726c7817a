/**
 * The commands that write results, killed (SIGINT or SIGTERM) at seeded random
 * points: no temporary file is left anywhere (the output directory, its
 * parent, the working directory), and the output is either complete or
 * absent. The first run of each command goes to the end: it checks the
 * complete output and measures how long a run lasts, the window in which the
 * next runs are killed. Real processes (a signal needs one), each awaited
 * until it has exited, so none is left behind.
 *
 * (`plot` too: it writes figures through the same staging.)
 *
 * Rounds per command: CLUSTERLAB_KILL_ROUNDS (default 2, kept small because a
 * process start is slow on a loaded machine; 20 for a thorough pass).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/clusterlab.js');
const KTH = join(ROOT, 'traces/samples/KTH-SP2-1996-2.1-cln.swf.gz');
const ROUNDS = Number(process.env.CLUSTERLAB_KILL_ROUNDS ?? 2);

interface Case {
  name: string;
  /** Arguments with the output path. */
  args: (out: string) => string[];
  /** The output is a file (else a directory). */
  file: string | null;
  /** Throws unless `out`, which exists, is complete. */
  complete: (out: string) => void;
}

const runComplete = (dir: string, extra: string[] = []) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: string[] };
  for (const f of [...manifest.files, ...extra]) expect(existsSync(join(dir, f)), `${dir}/${f}`).toBe(true);
  JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
};

const CASES: Case[] = [
  {
    name: 'simulate --explain',
    args: (out) => ['simulate', '-t', KTH, '--jobs', '0:8000', '--explain', '--out', out],
    file: null,
    complete: (out) => runComplete(out, ['decisions.jsonl']),
  },
  {
    name: 'scenario',
    args: (out) => ['scenario', join(ROOT, 'experiments/scenario/examples/config-drift.yaml'), '--out', out],
    file: null,
    complete: (out) => {
      const variants = readdirSync(out).filter((n) => n !== 'comparison.csv');
      expect(existsSync(join(out, 'comparison.csv'))).toBe(true);
      expect(variants.length).toBeGreaterThan(0);
      for (const v of variants) runComplete(join(out, v));
    },
  },
  {
    name: 'trace convert',
    args: (out) => ['trace', 'convert', KTH, '--to', out],
    file: 'kth.jsonl.gz',
    complete: (out) => expect(gunzipSync(readFileSync(out)).toString('utf8').trimEnd().split('\n').length).toBeGreaterThan(28_000),
  },
  {
    name: 'workload generate',
    args: (out) => ['workload', 'generate', join(ROOT, 'workloads/examples/lublin-128.yaml'), '--out', out],
    file: 'lublin.jsonl',
    complete: (out) => {
      const lines = readFileSync(out, 'utf8').split('\n');
      expect(lines.at(-1)).toBe('');
      for (const line of lines.slice(0, -1)) JSON.parse(line);
    },
  },
  {
    name: 'plot',
    args: (out) => ['plot', plotInput(), '--format', 'png', '--out', out],
    file: null,
    complete: (out) => {
      // The manifest is placed last: with it, every figure it names is there.
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { figures: string[] };
      const figures = readdirSync(out).filter((f) => f !== 'manifest.json');
      expect(figures.length).toBeGreaterThan(0);
      expect(figures.sort(), out).toEqual([...manifest.figures].sort());
      for (const f of figures) expect(f, out).toMatch(/\.png$/);
    },
  },
];

let plotResults = '';
afterAll(() => {
  if (plotResults) rmSync(join(plotResults, '..'), { recursive: true, force: true });
});
/** The results `plot` draws: one simulate run of the first 2,000 KTH jobs, made once. */
function plotInput(): string {
  if (plotResults) return plotResults;
  plotResults = join(mkdtempSync(join(tmpdir(), 'kill-plot-')), 'results');
  const r = spawnSync(process.execPath, [BIN, 'simulate', '-t', KTH, '--jobs', '0:2000', '--out', plotResults], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`simulate for plot's input: ${r.stderr}`);
  return plotResults;
}

/** Runs the CLI in `cwd`, sends `signal` after `delayMs` (never when null), resolves once the process has exited. */
function run(args: string[], cwd: string, kill: { signal: NodeJS.Signals; delayMs: number } | null): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += String(b)));
    const timer = kill ? setTimeout(() => child.kill(kill.signal), kill.delayMs) : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr, pid: child.pid! });
    });
  });
}

/** Temporaries anywhere under `dir`: `<name>.tmp` and staging files. */
function temporaries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.tmp$|(^|\/)\.clusterlab-/.test(f));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('killed at random points: complete or absent, no temporary file', () => {
  it.each(CASES)('$name', async (c) => {
    const base = mkdtempSync(join(tmpdir(), 'kill-'));
    const cwd = join(base, 'cwd');
    const parent = join(base, 'parent');
    mkdirSync(cwd);
    mkdirSync(parent);
    const out = join(parent, c.file ?? 'out');
    const random = new Rng(17).stream(c.name);
    // Round 0 runs to the end: the complete output, and the window for the kills.
    const started = Date.now();
    const first = await run(c.args(out), cwd, null);
    const window = Date.now() - started;
    expect(first.code, first.stderr).toBe(0);
    c.complete(out);
    for (let round = 1; round <= ROUNDS; round++) {
      rmSync(out, { recursive: true, force: true });
      const signal: NodeJS.Signals = random() < 0.5 ? 'SIGINT' : 'SIGTERM';
      const delayMs = Math.floor(random() * window);
      const r = await run(c.args(out), cwd, { signal, delayMs });
      const what = `round ${round}: ${signal} after ${delayMs} ms (${r.code ?? r.signal}): ${r.stderr}`;
      expect(alive(r.pid), what).toBe(false);
      expect([...temporaries(parent), ...temporaries(cwd)], what).toEqual([]);
      expect(r.stderr, what).not.toMatch(/internal error|\n\s+at /);
      if (existsSync(out)) c.complete(out);
    }
    rmSync(base, { recursive: true, force: true });
  }, 1_800_000);
});
