/**
 * Interrupted studies: killed (SIGKILL) at random points, or stopped with
 * Ctrl-C, then resumed. The end state must be the bytes of an uninterrupted
 * run, with every run done exactly once: a run whose files were complete when
 * the process died is never run again.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { runFiles } from '../../experiments/study/run-one.ts';
import { cli, cliAsync, identity, smallTrace, tmp, tree, treeDiff, writeConfig, removeTemporaries } from './helpers.ts';

const STUDY = `workload:
  trace: kth-small.swf
  transforms: [{ type: sample, fraction: 0.8 }]
variants:
  - name: fcfs
    backfill: none
  - name: easy
  - name: cons
    backfill: conservative
seeds: 6
`;
const OUTPUTS = { jobs: true, timeseries: true, events: false, decisions: false };

let dir: string;
let config: string;
let reference: Map<string, Buffer>;

beforeAll(() => {
  dir = tmp('resume');
  smallTrace(dir, 300);
  config = writeConfig(dir, STUDY);
  const r = cli(['run', config, '--out', join(dir, 'reference'), '--workers', '1']);
  if (r.code !== 0) throw new Error(r.stderr);
  reference = tree(join(dir, 'reference'));
});
afterAll(removeTemporaries);

/** Identity (inode and mtime) of every run whose files are all there. */
function finishedRuns(out: string): Map<string, string> {
  const done = new Map<string, string>();
  const runs = join(out, 'runs');
  if (!existsSync(runs)) return done;
  for (const id of readdirSync(runs)) {
    if (runFiles(OUTPUTS).every((f) => existsSync(join(runs, id, f)))) done.set(id, identity(join(runs, id, 'manifest.json')));
  }
  return done;
}

/** Runs the study with --resume and kills it (SIGKILL) a random moment after `after` runs have ended; resolves with the exit code or signal. */
function runAndKill(out: string, after: number, delayMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const child = cliAsync(['run', config, '--out', out, '--resume', '--workers', '2']);
    let text = '';
    let armed = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!armed && (text.match(/^\[\d+\/\d+\]/gm) ?? []).length >= after) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stdout!.resume();
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1));
  });
}

describe('resume', () => {
  it('a study killed at random points and resumed ends with every run done once and the same bytes', async () => {
    const out = join(dir, 'killed');
    const random = new Rng(2024).stream('kills');
    const firstSeen = new Map<string, string>();
    let kills = 0;
    let finished = false;
    for (let attempt = 0; attempt < 40 && !finished; attempt++) {
      // After 1-3 more runs, so that even a fast machine is killed several times before the 18 runs are done.
      const ending = await runAndKill(out, 1 + Math.floor(random() * 3), Math.floor(random() * 80));
      for (const [id, ident] of finishedRuns(out)) {
        // A run complete before a kill keeps its files: it was not run again.
        if (firstSeen.has(id)) expect(ident, `${id} was run twice`).toBe(firstSeen.get(id));
        else firstSeen.set(id, ident);
      }
      if (ending === 0) finished = true;
      else {
        expect(ending).toBe('SIGKILL');
        kills++;
      }
    }
    expect(finished).toBe(true);
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(firstSeen.size).toBe(18);
    expect(treeDiff(reference, tree(out))).toEqual([]);
  }, 180_000); // a study killed and resumed several times, each start spawning workers: slow on a loaded 2-core machine

  it('Ctrl-C stops cleanly (exit 130), leaves a resumable directory, and --resume finishes it', async () => {
    const out = join(dir, 'interrupted');
    const code = await new Promise<number | null>((resolve) => {
      const child = cliAsync(['run', config, '--out', out, '--workers', '2']);
      let sent = false;
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!sent && /^\[2\/\d+\]/m.test(text)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.stdout!.resume();
      child.on('exit', (c) => {
        expect(text).toMatch(/interrupted; .* is resumable: clusterlab run .* --resume/);
        resolve(c);
      });
    });
    expect(code).toBe(130);
    expect(existsSync(join(out, 'runs.csv'))).toBe(false);
    const done = finishedRuns(out);
    expect(done.size).toBeGreaterThanOrEqual(2);
    expect(done.size).toBeLessThan(18);
    const r = cli(['run', config, '--out', out, '--resume', '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${done.size} already done; running ${18 - done.size}`));
    for (const [id, ident] of done) expect(identity(join(out, 'runs', id, 'manifest.json'))).toBe(ident);
    expect(treeDiff(reference, tree(out))).toEqual([]);
  });
});
