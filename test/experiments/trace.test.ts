/** `clusterlab trace info|convert` and `simulate --cluster`, run as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/clusterlab.js');
const S = resolve('traces/samples');
const PODS = join(S, 'openb_pod_list_default.csv');
const NODES = join(S, 'openb_node_list_gpu_node.csv');

function cli(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'trace-cli-'));

describe('clusterlab trace info', () => {
  it('prints JSON with the format, counts, span, load, distributions and drop report', () => {
    const r = cli(['trace', 'info', PODS, '--cluster', NODES, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    // openb.PROVENANCE.md: 8,152 pods, creation_time 0 .. 12,901,761 s; 1,213 GPU nodes
    expect(info).toMatchObject({ format: 'openb', jobs: 8152, tasks: 8152, nodes: 1213, span_seconds: 12901761, dropped: {} });
    expect(Object.keys(info.offered_load)).toEqual(['cpu', 'memory', 'gpu']);
    expect(info.distributions.size).toMatchObject({ count: 8152, min: 1, max: 1 });
    expect(info.distributions.request_gpu.max).toBe(8);
  });

  it('reads several part files of one trace and prints a table', () => {
    const r = cli(['trace', 'info', join(S, 'alibaba-2018-machine_meta.csv'), join(S, 'alibaba-2018-machine_usage-excerpt-100k.csv.gz')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^format\s+alibaba-2018$/m);
    expect(r.stdout).toMatch(/^nodes\s+4,034$/m);
    expect(r.stdout).toMatch(/^machine_usage\s+100,002$/m);
  });

  it('reports the offered load of an SWF log as its provenance states it', () => {
    // SDSC-BLUE-2000-4.2-cln.PROVENANCE.md: offered load relative to 1152 processors (jobs with valid run/alloc only) = 0.77
    const info = JSON.parse(cli(['trace', 'info', join(S, 'SDSC-BLUE-2000-4.2-cln.swf.gz'), '--json']).stdout);
    expect(info.offered_load.cpu).toBeCloseTo(0.77, 2);
  });

  it('exits 2 with file, line, field and value for bad input, and for unknown formats or options', () => {
    const dir = tmp();
    const bad = join(dir, 'pods.csv');
    writeFileSync(bad, 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\np,1,1,1,2000,,LS,Running,0,1,0\n');
    let r = cli(['trace', 'info', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clusterlab: error: ${bad}:2:9: must be between 0 and 1000 (milli-GPU) (field 5 (gpu_milli), value "2000")\n`);
    writeFileSync(join(dir, 'what.csv'), 'a,b\n1,2\n');
    r = cli(['trace', 'info', join(dir, 'what.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/what.csv: unknown trace format; give --format \(swf, canonical, google-2011/);
    expect(cli(['trace', 'info', PODS, '--format', 'nope']).stderr).toMatch(/unknown trace format "nope"; valid: auto, swf/);
    expect(cli(['trace', 'info', PODS, '--import-option', 'machine-cpu=-1']).code).toBe(2);
    expect(cli(['trace', 'info', '/nonexistent/x.csv']).stderr).toBe('clusterlab: error: /nonexistent/x.csv: cannot open: no such file or directory\n');
    expect(cli(['trace', 'info', PODS, join(S, 'pai_machine_spec.csv')]).stderr).toMatch(/files of different formats/);
    expect(cli(['trace', 'info']).code).toBe(2);
    expect(cli(['trace', 'convert', PODS]).code).toBe(2);
  });

  it('reads a generic CSV through a mapping file, given as the trace or with --mapping', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'jobs.csv'), 'id,t,dur,n\na,0,10,2\nb,5,20,1\n');
    writeFileSync(join(dir, 'map.yaml'), 'file: jobs.csv\ncolumns: {id: id, submit: t, runtime: dur, tasks: n}\n');
    const a = JSON.parse(cli(['trace', 'info', join(dir, 'map.yaml'), '--json']).stdout);
    expect(a).toMatchObject({ format: 'csv', jobs: 2, tasks: 3, span_seconds: 5 });
    const b = JSON.parse(cli(['trace', 'info', join(dir, 'jobs.csv'), '--format', 'csv', '--mapping', join(dir, 'map.yaml'), '--json']).stdout);
    expect(b.jobs).toBe(2);
    // The mapping alone makes the file a CSV: no --format needed.
    const c = cli(['trace', 'info', join(dir, 'jobs.csv'), '--mapping', join(dir, 'map.yaml'), '--json']);
    expect(c.stderr).toBe('');
    expect(JSON.parse(c.stdout)).toMatchObject({ format: 'csv', jobs: 2 });
    writeFileSync(join(dir, 'bad.yaml'), 'file: jobs.csv\ncolumns: {submit: t}\n');
    expect(cli(['trace', 'info', join(dir, 'bad.yaml')]).stderr).toMatch(/bad.yaml: bad CSV mapping: give columns.runtime/);
  });

  it('has help with examples', () => {
    for (const sub of [['info'], ['convert'], []]) {
      const r = cli(['trace', ...sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:\n {2}\$ clusterlab trace/);
    }
  });

  it('counts the records of an SWF log, so that jobs plus dropped reconcile', () => {
    // KTH-SP2-1996-2.1-cln.PROVENANCE.md: 28,476 records; 8 with run time 0, 1 with -1 in fields 5 and 8.
    const info = JSON.parse(cli(['trace', 'info', join(S, 'KTH-SP2-1996-2.1-cln.swf.gz'), '--json']).stdout);
    expect(info.records.log).toBe(28476);
    expect(info.jobs + Object.values(info.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(28476);
  });
});

describe('clusterlab trace convert', () => {
  it('writes the canonical workload, which simulate then reads to the same results', () => {
    const dir = tmp();
    const out = join(dir, 'openb.jsonl');
    const r = cli(['trace', 'convert', PODS, '--cluster', NODES, '--to', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`8152 jobs, 1213 nodes written to ${out}\n`);
    expect(readdirSync(dir)).toEqual(['openb.jsonl']);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'clusterlab-workload', source: { format: 'openb' }, records: { pods: 8152 } });
    const direct = cli(['simulate', '--trace', PODS, '--cluster', NODES, '--json']);
    const converted = cli(['simulate', '--trace', out, '--json']);
    expect(direct.code).toBe(0);
    expect(JSON.parse(converted.stdout).metrics).toEqual(JSON.parse(direct.stdout).metrics);
  });

  it('gzips the output when its name ends in .gz, and reads it back', () => {
    const dir = tmp();
    const gz = join(dir, 'openb.jsonl.gz');
    const plain = join(dir, 'openb.jsonl');
    expect(cli(['trace', 'convert', PODS, '--cluster', NODES, '--to', gz]).code).toBe(0);
    expect(cli(['trace', 'convert', PODS, '--cluster', NODES, '--to', plain]).code).toBe(0);
    expect([...readFileSync(gz).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(readFileSync(gz)).equals(readFileSync(plain))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['openb.jsonl', 'openb.jsonl.gz']);
    const back = JSON.parse(cli(['trace', 'info', gz, '--json']).stdout);
    expect(back).toMatchObject({ format: 'openb', jobs: 8152, nodes: 1213 });
  });

  it('writes a large cluster one node per line and machine events, and reads them back', () => {
    const dir = tmp();
    const out = join(dir, 'google.jsonl');
    const files = [join(S, 'google-2011-job_events-part-00000-of-00500.csv.gz'), join(S, 'google-2011-machine_events-part-00000-of-00001.csv.gz')];
    expect(cli(['trace', 'convert', ...files, '--to', out]).code).toBe(0);
    const info = JSON.parse(cli(['trace', 'info', out, '--json']).stdout);
    expect(info).toMatchObject({ format: 'google-2011', nodes: 12477, machine_events: 37780 - 12477 - 32 });
  });
});

describe('clusterlab simulate with other formats', () => {
  it('runs openb pods on the openb node list (issue 4 runs exactly this)', () => {
    const r = cli(['simulate', '--trace', PODS, '--cluster', NODES, '--queue', 'fcfs', '--backfill', 'easy']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fcfs\+easy\+first-fit on .*openb_pod_list_default.csv: 8152 jobs, 1213 nodes/);
  });

  it('reads a directory and gzip files, records every input in the manifest, and asks for a cluster when the trace has none', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'pods.csv.gz'), gzipSync(readFileSync(PODS)));
    const out = join(dir, 'out');
    const r = cli(['simulate', '--trace', join(S, 'kubernetes/fgd-test-cluster'), '--out', out]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { role: string; file: string }) => `${i.role}:${i.file}`)).toEqual(['trace:pai-node-00.yaml', 'trace:pai-node-01.yaml', 'trace:gpu-pod-00.yaml', 'trace:gpu-pod-01.yaml', 'trace:gpu-pod-02.yaml']);
    const none = cli(['simulate', '--trace', join(dir, 'pods.csv.gz')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/this openb trace describes no machines; pass --cluster FILE/);
    const bad = join(dir, 'c.yaml');
    writeFileSync(bad, 'groups:\n  - name: g\n    count: 0\n    capacity: {cpu: 1}\n');
    const e = cli(['simulate', '--trace', join(dir, 'pods.csv.gz'), '--cluster', bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(new RegExp(`^clusterlab: error: ${bad}:3: bad cluster description: .* \\(field groups.0.count, value "0"\\)\\n$`));
  });
});
