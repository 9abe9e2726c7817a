/** The CLI, tested by running it as a user would. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/clusterlab.js');
const KTH = resolve('traces/samples/KTH-SP2-1996-2.1-cln.swf.gz');
const SDSC = resolve('traces/samples/SDSC-SP2-1998-conv3-first4961jobs.swf.gz');

function cli(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

describe('clusterlab simulate', () => {
  it('writes the four result files and prints a summary table', () => {
    const out = join(tmp('cli-'), 'kth-easy');
    const r = cli(['simulate', '--trace', KTH, '--queue', 'fcfs', '--backfill', 'easy', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fcfs\+easy\+first-fit .* 28467 jobs, 100 nodes/);
    expect(r.stdout).toMatch(/mean bounded slowdown \(tau=10 s\)\s+\d/);
    expect(readdirSync(out).sort()).toEqual(['jobs.csv', 'manifest.json', 'summary.json', 'timeseries.csv']);
    const jobs = readFileSync(join(out, 'jobs.csv'), 'utf8').split('\n');
    expect(jobs[0]!.startsWith('job_id,submit,start,end,wait,runtime,status,')).toBe(true);
    expect(jobs[1]).toMatch(/^15,599850,599850,603327,0,3477,finished,/); // job 15 of the log, as numbered there
    expect(jobs.length - 2).toBe(28467);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const key of ['mean_wait', 'p50_wait', 'p95_wait', 'p99_wait', 'max_wait', 'mean_response', 'mean_slowdown', 'mean_bounded_slowdown', 'makespan', 'utilization', 'throughput', 'jobs_finished']) {
      expect(summary.metrics).toHaveProperty(key);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs[0].sha256).toBe('fe52352f636a4fef77a03d25d9ee6fd128dde8ba2e76b4d399898688c03a1b26');
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n')[0]).toBe('time,utilization_cpu,queued,running,submitted,started,ended');
  });

  it('gives byte-identical files for the same inputs, whatever the working directory', () => {
    const a = join(tmp('det-a-'), 'out');
    const b = join(tmp('det-b-'), 'out');
    const args = ['simulate', '--trace', SDSC, '--queue', 'sjf', '--backfill', 'conservative', '--explain'];
    expect(cli([...args, '--out', a]).code).toBe(0);
    expect(cli([...args, '--out', b], tmpdir()).code).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['decisions.jsonl', 'jobs.csv', 'manifest.json', 'summary.json', 'timeseries.csv']);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it('explains reservations and backfills in decisions.jsonl', () => {
    const out = join(tmp('explain-'), 'o');
    expect(cli(['simulate', '--trace', SDSC, '--backfill', 'easy', '--explain', '--out', out]).code).toBe(0);
    const records = readFileSync(join(out, 'decisions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.some((r) => r.decision === 'reserve' && typeof r.shadow_time === 'number')).toBe(true);
    expect(records.some((r) => r.decision === 'backfill' && /shadow time|extra/.test(r.reason))).toBe(true);
  });

  it('exits 2 naming file, line, field and value for a malformed trace, and writes nothing', () => {
    const dir = tmp('bad-');
    const trace = join(dir, 'bad.swf');
    writeFileSync(trace, '; MaxProcs: 4\n1 0 0 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n2 5 0 ten 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n');
    const r = cli(['simulate', '--trace', trace, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clusterlab: error: ${trace}:3: not a number (field 4 (run_time), value "ten")\n`);
    expect(readdirSync(dir)).toEqual(['bad.swf']);
  });

  it('exits 2 with the valid names for an unknown policy', () => {
    const r = cli(['simulate', '--trace', KTH, '--backfill', 'eazy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown backfill "eazy"; valid: none, easy, conservative/);
  });

  it('exits 2 for bad flag values and unknown commands', () => {
    expect(cli(['simulate', '--trace', KTH, '--procs', '-3']).code).toBe(2);
    const r = cli(['simulate', '--trace', KTH, '--sample-step', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sample-step must be a positive number, got "abc"/);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['simulate']).stderr).toMatch(/required option '-t, --trace <file>'/);
  });

  it('exits 2 for an empty trace and for a trace without a machine size', () => {
    const dir = tmp('empty-');
    writeFileSync(join(dir, 'empty.swf'), '');
    expect(cli(['simulate', '--trace', join(dir, 'empty.swf')]).stderr).toMatch(/no jobs to simulate/);
    writeFileSync(join(dir, 'nosize.swf'), '1 0 0 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n');
    const r = cli(['simulate', '--trace', join(dir, 'nosize.swf')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pass --procs N/);
    expect(cli(['simulate', '--trace', join(dir, 'nosize.swf'), '--procs', '4']).code).toBe(0);
  });

  it('has help with examples on every command', () => {
    for (const args of [['--help'], ['simulate', '--help'], ['default', '--help']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Example/);
    }
  });
});

describe('clusterlab default (npm start)', () => {
  it('compares the four schedulers on the embedded log and writes results/', () => {
    const cwd = tmp('start-');
    const stdout = execFileSync(process.execPath, [BIN, 'default'], { cwd, encoding: 'utf8' });
    for (const v of ['fcfs ', 'fcfs-easy', 'fcfs-conservative', 'sjf-easy']) expect(stdout).toContain(v);
    expect(readdirSync(join(cwd, 'results')).sort()).toEqual(['comparison.csv', 'comparison.txt', 'fcfs', 'fcfs-conservative', 'fcfs-easy', 'sjf-easy']);
    const rows = readFileSync(join(cwd, 'results', 'comparison.csv'), 'utf8').trim().split('\n');
    expect(rows.length).toBe(5);
  });
});
