/**
 * Every user-caused error, across the commands, is one line on stderr starting
 * `clusterlab:`, exit code 2, no stack trace: wrong paths, a file where a
 * directory is expected and the reverse, ports, flag values, file kinds,
 * directories holding other results. In process (main(argv)), not spawned.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMain } from './in-process.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'traces/samples');
const SCENARIO = join(ROOT, 'experiments/scenario/examples/zone-outage-recovery.yaml');
const SPEC = join(ROOT, 'workloads/examples/lublin-128.yaml');

let d = '';
const p = (name: string) => join(d, name);

beforeAll(() => {
  d = mkdtempSync(join(tmpdir(), 'bad-input-'));
  // A small SWF log: four processors, three jobs.
  writeFileSync(
    p('tiny.swf'),
    '; MaxProcs: 4\n1 0 0 10 1 -1 -1 1 20 -1 1 1 1 -1 1 -1 -1 -1\n2 5 0 10 2 -1 -1 2 20 -1 1 1 1 -1 1 -1 -1 -1\n3 6 0 10 4 -1 -1 4 20 -1 1 1 1 -1 1 -1 -1 -1\n',
  );
  writeFileSync(p('file.txt'), 'not a directory\n');
  mkdirSync(p('empty'));
  mkdirSync(p('other'));
  writeFileSync(p('other/notes.md'), 'my notes\n');
  mkdirSync(p('scenario-results'));
  writeFileSync(p('scenario-results/manifest.json'), JSON.stringify({ command: 'scenario' }));
  mkdirSync(p('openb'));
  for (const f of ['openb_pod_list_default.csv', 'openb_node_list_gpu_node.csv', 'openb_node_list_all_node.csv']) copyFileSync(join(SAMPLES, f), p(`openb/${f}`));
  mkdirSync(p('azure'));
  for (const f of ['AzureLLMInferenceTrace_code.csv', 'AzureLLMInferenceTrace_conv.csv']) copyFileSync(join(SAMPLES, f), p(`azure/${f}`));
  writeFileSync(p('init.yaml'), 'exists\n');
  mkdirSync(p('one-run'));
  writeFileSync(p('one-run/summary.json'), JSON.stringify({ metrics: { mean_wait: 1 } }));
  // Scenarios with one bad field each (tenants, a LimitRange, repair crews); line 5 is the bad one.
  const scenario = (tail: string) => `name: bad\nhorizon: 3600\ncluster:\n  nodeGroups: [{ name: cpu, nodes: 2, capacity: { cpu: 4 } }]\n${tail}`;
  writeFileSync(p('tenant-pool.yaml'), scenario('tenants:\n  - name: noisy\n    pools: [cpu, gpu]\n'));
  writeFileSync(p('tenant-limits.yaml'), scenario('tenants:\n  - name: noisy\n    limitRange: { default: { cpu: 4 }, max: { cpu: 2 } }\n'));
  writeFileSync(p('crews.yaml'), scenario('failures:\n  - policy: node-failures\n    repairCrews: 0\n    timeToFailure: { distribution: exponential, mean: 1000 }\n    timeToRepair: { distribution: constant, value: 60 }\n'));
});

/** [name, argv (with @ for the test directory), what the line must say]. */
const CASES: [string, () => string[], RegExp][] = [
  ['missing trace', () => ['simulate', '-t', p('missing.swf')], /missing\.swf: cannot open: no such file or directory/],
  ['empty trace directory', () => ['simulate', '-t', p('empty')], /no trace files found/],
  ['--out is a file', () => ['simulate', '-t', p('tiny.swf'), '--out', p('file.txt')], /file\.txt: is a file; --out names a directory/],
  ['--out holds other files', () => ['simulate', '-t', p('tiny.swf'), '--out', p('other')], /holds files that are not clusterlab results.*--force/],
  ['--out holds scenario results', () => ['simulate', '-t', p('tiny.swf'), '--out', p('scenario-results')], /holds results of clusterlab scenario/],
  ['--out inside a file', () => ['simulate', '-t', p('tiny.swf'), '--out', p('file.txt/sub')], /file\.txt/],
  ['backfill typo', () => ['simulate', '-t', p('tiny.swf'), '--backfill', 'eazy'], /unknown backfill "eazy" \(did you mean easy\?\)/],
  ['queue typo', () => ['simulate', '-t', p('tiny.swf'), '--queue', 'fcsf'], /unknown queue order "fcsf" \(did you mean fcfs\?\)/],
  ['placement typo', () => ['simulate', '-t', p('tiny.swf'), '--placement', 'best-fitt'], /did you mean best-fit\?/],
  ['overrun choice', () => ['simulate', '-t', p('tiny.swf'), '--overrun', 'kill'], /--overrun/],
  ['sample step zero', () => ['simulate', '-t', p('tiny.swf'), '--sample-step', '0'], /--sample-step must be a positive number/],
  ['procs not a number', () => ['simulate', '-t', p('tiny.swf'), '--procs', 'abc'], /--procs must be a positive integer/],
  ['unknown option', () => ['simulate', '-t', p('tiny.swf'), '--bogus'], /unknown option '--bogus'; see clusterlab simulate --help/],
  ['missing required option', () => ['simulate'], /required option '-t, --trace <files\.\.\.>' not specified/],
  ['unknown format', () => ['simulate', '-t', p('tiny.swf'), '--format', 'swff'], /unknown trace format "swff" \(did you mean swf\?\)/],
  ['unknown table', () => ['simulate', '-t', p('tiny.swf'), '--format', 'openb:node'], /format openb has no table "node" \(did you mean nodes\?\)/],
  ['missing cluster', () => ['simulate', '-t', p('tiny.swf'), '--cluster', p('missing.yaml')], /missing\.yaml: cannot open: no such file or directory/],
  ['missing scheduler config', () => ['simulate', '-t', p('tiny.swf'), '--scheduler-config', p('missing.yaml')], /missing\.yaml: cannot read: no such file or directory/],
  ['trace is a directory for --mapping', () => ['simulate', '-t', p('tiny.swf'), '--mapping', p('empty')], /empty/],
  ['node list as the trace', () => ['simulate', '-t', join(SAMPLES, 'pai_machine_spec.csv')], /a pai-2020 node list \(\d+ nodes, no jobs\); give it with --cluster/],
  ['file of no known format', () => ['simulate', '-t', p('file.txt')], /file\.txt: unknown trace format/],
  ['bad import option', () => ['simulate', '-t', p('tiny.swf'), '--import-option', 'bogus'], /import-option/],
  ['unschedulable choice', () => ['simulate', '-t', p('tiny.swf'), '--unschedulable', 'never'], /--unschedulable/],
  ['trace info missing', () => ['trace', 'info', p('missing.csv')], /missing\.csv: cannot open: no such file or directory/],
  ['two node lists in a folder', () => ['trace', 'info', p('openb')], /openb_node_list_all_node\.csv, openb_node_list_gpu_node\.csv: alternative openb nodes tables.*name the files to read/],
  ['two Azure LLM traces in a folder', () => ['trace', 'info', p('azure')], /AzureLLMInferenceTrace_code\.csv, AzureLLMInferenceTrace_conv\.csv: alternative azure-llm/],
  ['folder of several Kubernetes clusters', () => ['trace', 'info', join(SAMPLES, 'kubernetes')], /node listed twice \(first in .*\); .* holds more than one cluster/],
  ['convert --to DIR/', () => ['trace', 'convert', p('tiny.swf'), '--to', `${p('empty')}/`], /names a directory; --to names a file/],
  ['convert --to an existing directory', () => ['trace', 'convert', p('tiny.swf'), '--to', p('empty')], /empty: is a directory; --to names a file/],
  ['convert --to inside a file', () => ['trace', 'convert', p('tiny.swf'), '--to', p('file.txt/x.jsonl')], /file\.txt is a file/],
  ['convert without --to', () => ['trace', 'convert', p('tiny.swf')], /required option '--to <file>' not specified; see clusterlab trace convert --help/],
  ['trace unknown subcommand', () => ['trace', 'inf', p('tiny.swf')], /unknown command 'inf'/],
  ['generate missing spec', () => ['workload', 'generate', p('missing.yaml'), '--out', p('w.jsonl')], /missing\.yaml: cannot read the spec: no such file or directory/],
  ['generate --out a directory', () => ['workload', 'generate', SPEC, '--out', p('empty')], /empty: is a directory; --out names a file/],
  ['generate without --out', () => ['workload', 'generate', SPEC], /required option '-o, --out <file>' not specified/],
  ['generate bad seed', () => ['workload', 'generate', SPEC, '--seed', 'abc', '--out', p('w.jsonl')], /--seed must be a non-negative integer/],
  ['view missing directory', () => ['view', p('nope-dir'), '--no-open'], /nope-dir: no such directory/],
  ['view a file', () => ['view', p('file.txt'), '--no-open'], /file\.txt: not a directory/],
  ['view no results', () => ['view', p('empty'), '--no-open'], /no results here/],
  ['view port out of range', () => ['view', p('empty'), '--port', '99999'], /--port must be a port number from 0 to 65535, got "99999"/],
  ['view port not a number', () => ['view', p('empty'), '--port', 'http'], /--port must be a non-negative integer/],
  ['scenario missing file', () => ['scenario', p('missing.yaml')], /missing\.yaml: cannot read: no such file or directory/],
  ['scenario --out a file', () => ['scenario', SCENARIO, '--out', p('file.txt')], /file\.txt: is a file; --out names a directory/],
  ['scenario --out holds other files', () => ['scenario', SCENARIO, '--out', p('other')], /holds files that are not clusterlab results/],
  ['scenario: a tenant naming an unknown pool', () => ['scenario', p('tenant-pool.yaml')], /tenant-pool\.yaml:7:18: unknown pool gpu: no node group has clusterlab\/node-group=gpu \(pools: cpu\) \(field tenants\[0\]\.pools\[1\], value "gpu"\)$/],
  ['scenario: a LimitRange max below its default', () => ['scenario', p('tenant-limits.yaml')], /tenant-limits\.yaml:7:30: default value 4 is greater than max value 2 \(and 1 more problem\) \(field tenants\[0\]\.limitRange\.default\.cpu, value "4"\)$/],
  ['scenario: no repair crew', () => ['scenario', p('crews.yaml')], /crews\.yaml:7:5: .*(>0|>=1).* \(field failures\[0\]\.repairCrews, value "0"\)$/],
  ['scenario unknown variant', () => ['scenario', SCENARIO, '--variant', 'nope'], /no variant "nope"/],
  ['run missing config', () => ['run', p('missing.yaml')], /missing\.yaml: cannot read: no such file or directory/],
  ['merge missing directory', () => ['merge', p('nope-dir')], /nope-dir: not a clusterlab results directory/],
  ['merge a file', () => ['merge', p('file.txt')], /file\.txt: not a clusterlab results directory/],
  ['validate missing config', () => ['validate', p('missing.yaml')], /missing\.yaml: cannot read: no such file or directory/],
  ['init over a file', () => ['init', p('init.yaml')], /init\.yaml exists; pass --force/],
  ['unknown command', () => ['simulte'], /unknown command 'simulte'.*simulate/],
  ['plot missing directory', () => ['plot', p('nope-dir')], /nope-dir: no such directory/],
  ['plot a file', () => ['plot', p('file.txt')], /file\.txt: not a directory/],
  ['plot no results', () => ['plot', p('empty')], /empty: no results here/],
  ['plot view typo', () => ['plot', p('empty'), '--view', 'gant'], /--view: unknown view "gant" \(did you mean gantt\?\)/],
  ['plot format typo', () => ['plot', p('empty'), '--format', 'pgn'], /--format must be one of svg, png, pdf, got "pgn" \(did you mean png\?\)/],
  ['plot width zero', () => ['plot', p('empty'), '--width', '0'], /--width must be a positive number/],
  ['plot --out holds other files', () => ['plot', p('one-run'), '--out', p('other')], /other holds files that are not clusterlab results/],
  ['plot metric typo', () => ['plot', p('one-run'), '--metric', 'mean_wiat'], /--metric: unknown metric "mean_wiat" in .*one-run \(did you mean mean_wait\?\)/],
];

describe('bad input: one line, clusterlab:, exit 2', () => {
  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));
  it.each(CASES)('%s', async (_name, argv, expected) => {
    const { code, stderr } = await runMain(argv());
    const lines = stderr.split('\n').filter((l) => l !== '');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^clusterlab: error: /);
    expect(lines[0]).toMatch(expected);
    expect(stderr).not.toMatch(/\n\s+at |internal error/);
    expect(code).toBe(2);
  });
  it('leaves no temporary file and writes nothing it refused', () => {
    const left = readdirSync(d, { recursive: true }).map(String);
    expect(left.filter((f) => f.endsWith('.tmp') || f.includes('.clusterlab-'))).toEqual([]);
    expect(readdirSync(p('other'))).toEqual(['notes.md']);
    expect(readdirSync(p('empty'))).toEqual([]);
    expect(readdirSync(p('one-run'))).toEqual(['summary.json']);
  });
});
