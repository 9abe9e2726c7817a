/** The CLI, tested by running it as a user would. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
    expect(readdirSync(out).sort()).toEqual(['jobs.csv', 'manifest.json', 'nodes.csv', 'summary.json', 'timeseries.csv']);
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
    expect(files).toEqual(['decisions.jsonl', 'jobs.csv', 'manifest.json', 'nodes.csv', 'summary.json', 'timeseries.csv']);
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
    expect(r.stderr).toMatch(/unknown backfill "eazy" \(did you mean easy\?\); valid: none, easy, conservative/);
  });

  it('exits 2 for bad flag values and unknown commands', () => {
    expect(cli(['simulate', '--trace', KTH, '--procs', '-3']).code).toBe(2);
    const r = cli(['simulate', '--trace', KTH, '--sample-step', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sample-step must be a positive number, got "abc"/);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['simulate']).stderr).toMatch(/required option '-t, --trace <files...>'/);
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
    for (const args of [['--help'], ['simulate', '--help'], ['default', '--help'], ['trace', '--help']]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Example/);
    }
  });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const SWF_JOB = (id: number, procs: number) => `${id} 0 0 10 ${procs} -1 -1 ${procs} 10 -1 1 1 1 -1 -1 -1 -1 -1`;
const nodesYaml = (n: number) => `groups:\n  - {name: n, count: ${n}, capacity: {cpu: 1}}\n`;

describe('clusterlab simulate: the machine an SWF log is checked against', () => {
  it('is the --cluster file when given, not the header: a job wider than the header fits a larger cluster', () => {
    const dir = tmp('machine-');
    writeFileSync(join(dir, 'log.swf'), `; MaxProcs: 4\n${SWF_JOB(1, 6)}\n${SWF_JOB(2, 2)}\n`);
    writeFileSync(join(dir, 'big.yaml'), nodesYaml(8));
    const r = cli(['simulate', '-t', 'log.swf', '--cluster', 'big.yaml', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.metrics.jobs_finished).toBe(2);
    expect(summary.workload.dropped).toEqual({});
    // Without the cluster the header's 4 processors apply.
    expect(JSON.parse(cli(['simulate', '-t', 'log.swf', '--json'], dir).stdout).workload.dropped).toEqual({ wider_than_machine: 1 });
  });

  it('drops jobs wider than a cluster smaller than the header, as --procs does, instead of rejecting them at simulation', () => {
    const dir = tmp('machine-');
    writeFileSync(join(dir, 'log.swf'), `; MaxProcs: 8\n${SWF_JOB(1, 6)}\n${SWF_JOB(2, 2)}\n`);
    writeFileSync(join(dir, 'small.yaml'), nodesYaml(4));
    const withCluster = JSON.parse(cli(['simulate', '-t', 'log.swf', '--cluster', 'small.yaml', '--json'], dir).stdout);
    const withProcs = JSON.parse(cli(['simulate', '-t', 'log.swf', '--procs', '4', '--json'], dir).stdout);
    expect(withCluster.workload.dropped).toEqual({ wider_than_machine: 1 });
    expect(withCluster.metrics.jobs_rejected).toBe(0);
    expect(withCluster.metrics).toEqual(withProcs.metrics);
    writeFileSync(join(dir, 'one.swf'), `; MaxProcs: 8\n${SWF_JOB(1, 6)}\n`);
    const r = cli(['simulate', '-t', 'one.swf', '--cluster', 'small.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('clusterlab: error: one.swf: no jobs to simulate (dropped: {"wider_than_machine":1})\n');
    const both = cli(['simulate', '-t', 'log.swf', '--cluster', 'small.yaml', '--procs', '4'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--procs .* --cluster .* use one of them/);
  });
});

describe('clusterlab simulate: inputs', () => {
  function csvTrace() {
    const dir = tmp('csv-');
    writeFileSync(join(dir, 'jobs.csv'), 'id,t,dur,n\na,0,10,2\nb,5,20,1\n');
    writeFileSync(join(dir, 'map.yaml'), 'file: jobs.csv\ncolumns: {id: id, submit: t, runtime: dur, tasks: n}\n');
    writeFileSync(join(dir, 'c.yaml'), nodesYaml(2));
    writeFileSync(join(dir, 't.yaml'), '- {type: window, end: 100}\n');
    return dir;
  }

  it('reads a CSV with --mapping as a generic CSV, and a contradicting --format is a usage error', () => {
    const dir = csvTrace();
    const r = cli(['simulate', '-t', 'jobs.csv', '--mapping', 'map.yaml', '--cluster', 'c.yaml', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.jobs_finished).toBe(2);
    const bad = cli(['simulate', '-t', 'jobs.csv', '--mapping', 'map.yaml', '--format', 'swf', '--cluster', 'c.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mapping reads the trace as a generic CSV; it contradicts --format swf/);
  });

  it('records every file read in the manifest: role, path as given, sha256', () => {
    const dir = csvTrace();
    const files = (args: string[]) => {
      expect(cli([...args, '--out', 'out'], dir).code).toBe(0);
      return JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')).inputs;
    };
    const entry = (role: string, path: string) => ({ role, file: path.split('/').pop(), path, bytes: readFileSync(join(dir, path)).length, sha256: sha256(join(dir, path)) });
    // The mapping as the trace: the CSV it names is read too, and recorded.
    // In reading order: the transform list is checked first, the cluster read before the trace (an SWF log is checked against it).
    expect(files(['simulate', '-t', 'map.yaml', '--cluster', 'c.yaml', '--transforms', 't.yaml'])).toEqual([
      entry('transforms', 't.yaml'),
      entry('cluster', 'c.yaml'),
      entry('mapping', 'map.yaml'),
      entry('trace', 'jobs.csv'),
    ]);
    // The path as typed, ./ included.
    expect(files(['simulate', '-t', './jobs.csv', '--mapping', 'map.yaml', '--cluster', 'c.yaml'])).toEqual([entry('cluster', 'c.yaml'), entry('mapping', 'map.yaml'), entry('trace', './jobs.csv')]);
    // No absolute host path when the user gave relative ones.
    expect(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')).not.toContain(dir);
    // An external scheduler program is a file the run depends on too (given here by its absolute path, recorded so).
    const program = resolve('examples/fcfs_scheduler.py');
    expect(files(['simulate', '-t', 'map.yaml', '--cluster', 'c.yaml', '--scheduler', program]).at(-1)).toEqual({ role: 'scheduler', file: 'fcfs_scheduler.py', path: program, bytes: readFileSync(program).length, sha256: sha256(program) });
  });

  it('reads several trace files (tables of one trace) as trace info does, repeated -t included', () => {
    const dir = tmp('multi-');
    const head = (file: string, n: number) => readFileSync(resolve('traces/samples', file), 'utf8').split('\n').slice(0, n).join('\n') + '\n';
    writeFileSync(join(dir, 'pods.csv'), head('openb_pod_list_default.csv', 40));
    writeFileSync(join(dir, 'nodes.csv'), head('openb_node_list_gpu_node.csv', 20));
    const together = cli(['simulate', '-t', 'pods.csv', 'nodes.csv', '--json', '--out', 'a'], dir);
    expect(together.stderr).toBe('');
    expect(together.code).toBe(0);
    const repeated = cli(['simulate', '-t', 'pods.csv', '-t', 'nodes.csv', '--json'], dir);
    const separate = cli(['simulate', '-t', 'pods.csv', '--cluster', 'nodes.csv', '--json'], dir);
    expect(JSON.parse(repeated.stdout)).toEqual(JSON.parse(together.stdout));
    expect(JSON.parse(separate.stdout).metrics).toEqual(JSON.parse(together.stdout).metrics);
    expect(JSON.parse(together.stdout).workload.jobs).toBe(39);
    const inputs = JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8')).inputs;
    expect(inputs.map((i: { role: string; path: string }) => `${i.role}:${i.path}`)).toEqual(['trace:nodes.csv', 'trace:pods.csv']);
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

describe('clusterlab ... | head', () => {
  it('a reader that closes the pipe early is not a crash: exit 0, no stack trace', () => {
    // `head -1` reads one line and exits; the help that follows meets a closed pipe (EPIPE).
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" simulate --help | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('Usage: clusterlab simulate [options]\n');
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at /);
    const status = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" simulate --help | head -1 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(status.stdout.trim()).toBe('0');
  });
});
