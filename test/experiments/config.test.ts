/** Experiment configs: resolution, defaults, the grid, and one-line errors naming file, line, field and value. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../experiments/study/config-file.ts';
import { gridPoints, planRuns, runSettings } from '../../experiments/study/plan.ts';
import { parseShard, shardOf } from '../../experiments/study/shard.ts';
import { cli, smallTrace, tmp, writeConfig, removeTemporaries } from './helpers.ts';

const BASE = `workload:
  trace: kth-small.swf
variants:
  - name: fcfs
    backfill: none
  - name: easy
  - name: cons
    backfill: { name: conservative }
`;

let dir: string;
beforeAll(() => {
  dir = tmp('config');
  smallTrace(dir, 50);
});
afterAll(removeTemporaries);

function load(text: string, name = 'c.yaml') {
  return loadConfigFile(writeConfig(dir, text, name));
}

function errorOf(text: string, name = 'c.yaml'): string {
  try {
    load(text, name);
  } catch (err) {
    return (err as Error).message.replace(`${dir}/`, '');
  }
  throw new Error('expected an error');
}

describe('experiment config', () => {
  it('resolves defaults, policies as {name, params}, seeds and the baseline', () => {
    const { config, budgets } = load(BASE, 'my-study.yaml');
    expect(config.name).toBe('my-study');
    expect(config.baseline).toBe('fcfs');
    expect(config.seeds).toEqual([1]);
    expect(config.variants.map((v) => [v.name, v.policies.queue!.name, v.policies.backfill!.name, v.policies.placement!.name])).toEqual([
      ['fcfs', 'fcfs', 'none', 'first-fit'],
      ['easy', 'fcfs', 'easy', 'first-fit'],
      ['cons', 'fcfs', 'conservative', 'first-fit'],
    ]);
    expect(config.variants[2]!.policies.backfill).toEqual({ name: 'conservative', params: {} });
    expect(config.simulation).toEqual({ overrun: 'run', sample_step: 3600, max_steps: null });
    expect(config.outputs).toEqual({ jobs: true, timeseries: true, events: false, decisions: false });
    expect(budgets).toEqual({ wall_seconds: 3600, memory_mb: null });
  });

  it('reads JSON configs too', () => {
    const { config } = load(JSON.stringify({ workload: { trace: 'kth-small.swf' }, variants: [{ name: 'a' }], seeds: [3, 1] }), 'c.json');
    expect(config.seeds).toEqual([3, 1]);
  });

  it('expands variants x grid points x seeds in order, first grid key slowest', () => {
    const { config } = load(`${BASE}grid:\n  simulation.overrun: [run, cut]\n  workload.swf.estimate: [requested, runtime]\nseeds: 2\n`);
    expect(gridPoints(config.grid)).toEqual([
      ['run', 'requested'],
      ['run', 'runtime'],
      ['cut', 'requested'],
      ['cut', 'runtime'],
    ]);
    const runs = planRuns(config);
    expect(runs).toHaveLength(3 * 4 * 2);
    expect(runs.slice(0, 3).map((r) => r.run_id)).toEqual(['fcfs.p0.s1', 'fcfs.p0.s2', 'fcfs.p1.s1']);
    expect(runs[2]!.params).toEqual({ 'simulation.overrun': 'run', 'workload.swf.estimate': 'runtime' });
    const s = runSettings(config, config.variants[1]!, ['cut', 'runtime']);
    expect(s.simulation.overrun).toBe('cut');
    expect(s.workload!.swf).toEqual({ estimate: 'runtime' });
    expect(config.workload!.swf).toBeUndefined(); // the config itself is untouched
    expect(planRuns(load(BASE).config).map((r) => r.run_id)).toEqual(['fcfs.s1', 'easy.s1', 'cons.s1']);
  });

  it('varies a policy across the grid', () => {
    const { config } = load(`${BASE}grid:\n  placement: [first-fit, best-fit]\n`);
    expect(runSettings(config, config.variants[0]!, ['best-fit']).policies.placement).toEqual({ name: 'best-fit', params: {} });
  });

  const cases: [string, string, string][] = [
    ['a misspelt policy, with the valid names', BASE.replace('backfill: none', 'backfill: nnoe'), 'c.yaml:5: Invalid option: expected one of "none"|"easy"|"conservative" (field variants.0.backfill, value "nnoe")'],
    ['a misspelt policy inside {name}', BASE.replace('name: conservative', 'name: conservativ'), 'c.yaml:8: Invalid option: expected one of "none"|"easy"|"conservative" (field variants.2.backfill.name, value "conservativ")'],
    ['a parameter a policy does not take', BASE.replace('{ name: conservative }', '{ name: conservative, params: { depth: 2 } }'), 'c.yaml:8: unknown parameter of backfill conservative; it takes none (field variants.2.backfill.params.depth, value "2")'],
    ['an unknown field, with the valid ones', `${BASE}seed: 3\n`, 'c.yaml:9: unknown field; valid: $schema, name, description, cluster, workload, scenario, variants, baseline, grid, seeds, simulation, budgets, outputs (field seed, value "3")'],
    ['an unknown policy kind in a variant', BASE.replace('  - name: easy\n', '  - name: easy\n    scaling: hpa\n'), 'c.yaml:7: unknown field; valid: name, description, queue, backfill, placement, scheduler, recovery, autoscaler, deployment, reconcile, expander, scenario (field variants.1.scaling, value "hpa")'],
    ['a missing required field', BASE.replace('  - name: easy\n', '  - backfill: easy\n'), 'c.yaml:6: required (field variants.1.name, value "missing")'],
    ['a duplicate variant', BASE.replace('name: cons', 'name: easy'), 'c.yaml:7: duplicate variant name (field variants.2.name, value "easy")'],
    ['a bad baseline', `${BASE}baseline: fcf\n`, 'c.yaml:9: not a variant; valid: fcfs, easy, cons (field baseline, value "fcf")'],
    ['seeds of the wrong type', `${BASE}seeds: many\n`, 'c.yaml:9: expected number or array (field seeds, value "many")'],
    ['a duplicate seed', `${BASE}seeds: [1, 2, 1]\n`, 'c.yaml:9: duplicate seed (field seeds.2, value "1")'],
    ['a grid path that is not a setting', `${BASE}grid:\n  simulation.overran: [run]\n`, 'c.yaml:10: not a simulation setting; valid: simulation.overrun, simulation.sample_step, simulation.max_steps (field grid["simulation.overrun"], value "simulation.overran")'.replace('grid["simulation.overrun"]', 'grid["simulation.overran"]')],
    ['a bad value in the grid', `${BASE}grid:\n  simulation.overrun: [run, cat]\n`, 'c.yaml:10: Invalid option: expected one of "run"|"cut" (field grid["simulation.overrun"].1, value "cat")'],
    ['a misspelt policy in the grid', `${BASE}grid:\n  backfill: [easy, eazy]\n`, 'c.yaml:10: unknown backfill; valid: none, easy, conservative (field grid.backfill.1, value "eazy")'],
    ['a grid path under no known root', `${BASE}grid:\n  speed: [1, 2]\n`, 'c.yaml:10: unknown grid path; it must start with simulation., workload., cluster. or a policy kind (queue, backfill, placement, scheduler) (field grid.speed, value "speed")'],
    ['a transform written as a policy is', BASE.replace('  trace: kth-small.swf\n', '  trace: kth-small.swf\n  transforms: [{ name: load, params: { target: 0.8 } }]\n'), 'c.yaml:3: write a transform as {type: <name>, <its fields>} (as in simulate --transforms files); types: window, jobs, sample, filter, scale-resources, load, fill (field workload.transforms.0.name, value "load")'],
    ['an unknown transform type', BASE.replace('  trace: kth-small.swf\n', '  trace: kth-small.swf\n  transforms:\n    - { type: lod, target: 0.8 }\n'), 'c.yaml:4: unknown transform type; valid: window, jobs, sample, filter, scale-resources, load, fill (field workload.transforms.0.type, value "lod")'],
    ['a bad transform field', BASE.replace('  trace: kth-small.swf\n', '  trace: kth-small.swf\n  transforms:\n    - { type: sample, fraction: 1.5 }\n'), 'c.yaml:4: Too big: expected number to be <=1 (field workload.transforms.0.fraction, value "1.5")'],
    ['a generator spec without its machine', BASE.replace('  trace: kth-small.swf\n', '  generate: { jobs: { model: independent, count: 10, arrivals: { process: poisson, rate: 0.01 } } }\n'), 'c.yaml:2: required (field workload.generate.machine, value "missing")'],
    ['a scenario policy in a trace study', BASE.replace('  - name: easy\n', '  - name: easy\n    recovery: reschedule\n'), 'c.yaml:7: a recovery policy is part of a dynamic scenario: give the study a `scenario` file (field variants.1.recovery, value "reschedule")'],
    ['both a workload and a scenario', `${BASE}scenario: s.yaml\n`, 'c.yaml:2: give either `workload` or `scenario`, not both (field workload, value "{\\"trace\\":\\"kth-small.swf\\"}")'],
    ['a kube scheduler with a parameter it does not take', BASE.replace('  - name: easy\n', '  - name: easy\n    scheduler: { name: kube, params: { profile: x } }\n'), 'c.yaml:7: unknown parameter of scheduler kube; valid: config, unschedulable (field variants.1.scheduler.params.profile, value "x")'],
    ['both a trace and a generator', BASE.replace('  trace: kth-small.swf\n', '  trace: kth-small.swf\n  generate: spec.yaml\n'), 'c.yaml:2: give exactly one of `trace` and `generate` (field workload, value "[\\"trace\\",\\"generate\\"]")'],
    ['a cluster given two ways', `${BASE}cluster: { procs: 8, nodes: 2, capacity: { cpu: 4 } }\n`, 'c.yaml:9: give exactly one of `procs`, `nodes` (with `capacity`) and `file` (field cluster, value "[\\"procs\\",\\"nodes\\",\\"capacity\\"]")'],
    ['a negative budget', `${BASE}budgets: { wall_seconds: -1 }\n`, 'c.yaml:9: Too small: expected number to be >0 (field budgets.wall_seconds, value "-1")'],
    ['a variant name that cannot name a directory', BASE.replace('name: cons', 'name: cons/1'), 'c.yaml:7: must be letters, digits, - and _ (it names directories) (field variants.2.name, value "cons/1")'],
    ['invalid YAML', 'variants: [a,\n', 'c.yaml:2: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(errorOf(text)).toBe(message);
    });
  }

  it('names the file, line and column of a bad JSON config, and the line of a bad field in a JSON config', () => {
    expect(errorOf('{"variants": [', 'c.json')).toBe('c.json:1:15: not valid JSON: Unexpected end of JSON input');
    expect(errorOf('{\n  "workload": {"trace": "kth-small.swf"},\n  "variants": [{"name": "a"}]\n  "seeds": 2\n}', 'c.json')).toMatch(/^c\.json:4:3: not valid JSON: /);
    const text = JSON.stringify({ workload: { trace: 'kth-small.swf' }, variants: [{ name: 'a' }, { name: 'b', backfill: 'eazy' }] }, null, 2);
    expect(errorOf(text, 'c.json')).toBe('c.json:11: Invalid option: expected one of "none"|"easy"|"conservative" (field variants.1.backfill, value "eazy")');
  });
});

describe('shards', () => {
  it('parse K/N and the Kubernetes and Slurm environments', () => {
    expect(parseShard('2/3', {})).toEqual({ index: 2, count: 3 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toThrow(/SLURM_ARRAY_TASK_MIN is not set .*pass --shard K\/N explicitly/);
    expect(() => parseShard('0/3', {})).toThrow(/K must be between 1 and 3/);
    expect(() => parseShard('4/3', {})).toThrow(/K must be between 1 and 3/);
    expect(() => parseShard('auto/2', {})).toThrow(/neither JOB_COMPLETION_INDEX .* nor SLURM_ARRAY_TASK_ID/);
    expect(() => parseShard('auto', { JOB_COMPLETION_INDEX: '1' })).toThrow(/give the shard count/);
    expect(() => parseShard('x', {})).toThrow(/give the shard count/);
    expect(() => parseShard('a/2', {})).toThrow(/must be K\/N/);
  });

  it('map a stepped Slurm array (--array=0-8:4, --array=10-16:3) onto 1..N, and refuse lists and IDs off the step', () => {
    const stepped = (id: number) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '8', SLURM_ARRAY_TASK_STEP: '4', SLURM_ARRAY_TASK_COUNT: '3' });
    expect([0, 4, 8].map((id) => parseShard('auto', stepped(id)))).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    const offset = (id: number) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_MAX: '16', SLURM_ARRAY_TASK_STEP: '3', SLURM_ARRAY_TASK_COUNT: '3' });
    expect([10, 13, 16].map((id) => parseShard('auto/3', offset(id)).index)).toEqual([1, 2, 3]);
    expect(() => parseShard('auto', stepped(5))).toThrow(/task 5 is not on the array's range \(SLURM_ARRAY_TASK_MIN 0, SLURM_ARRAY_TASK_STEP 4\); pass --shard K\/N explicitly/);
    // --array=1,3,10: Slurm reports MIN 1, MAX 10 and COUNT 3; no step maps the IDs onto 1..3.
    const list = { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '10', SLURM_ARRAY_TASK_STEP: '1', SLURM_ARRAY_TASK_COUNT: '3' };
    expect(() => parseShard('auto', list)).toThrow(/not an evenly stepped range .*a list such as --array=1,3,10\?\); pass --shard K\/N explicitly \(K from 1 to N\), or submit --array=0-2/);
    expect(() => parseShard('auto', { ...list, SLURM_ARRAY_TASK_STEP: undefined })).toThrow(/not an evenly stepped range/);
    expect(() => parseShard('auto', { ...stepped(4), SLURM_ARRAY_TASK_STEP: 'x' })).toThrow(/SLURM_ARRAY_TASK_STEP must be a non-negative integer, got "x"/);
  });

  it('split the runs round robin, every run in exactly one shard', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const parts = [1, 2, 3].map((index) => shardOf(items, { index, count: 3 }));
    expect(parts).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
  });
});

describe('clusterlab schema, validate, init', () => {
  it('schema prints draft-07 JSON Schema with the policy names', () => {
    const r = cli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const variant = schema.properties.variants.items;
    expect(variant.additionalProperties).toBe(false);
    expect(JSON.stringify(variant.properties.backfill)).toContain('"enum":["none","easy","conservative"]');
    expect(schema.required).toEqual(['variants']); // defaults make the rest optional (input types); workload or scenario
    // The workload's real pieces: transforms by type, a generator spec, a cluster file, a scenario, the kube scheduler.
    const workload = schema.properties.workload;
    const transformTypes = workload.properties.transforms.items.oneOf.map((t: { properties: { type: { const: string } } }) => t.properties.type.const);
    expect(transformTypes).toEqual(['window', 'jobs', 'sample', 'filter', 'scale-resources', 'load', 'fill']);
    expect(JSON.stringify(workload.properties.generate)).toContain('"machine"');
    expect(schema.properties.cluster.properties.file.type).toBe('string');
    expect(schema.properties.scenario.type).toBe('string');
    expect(JSON.stringify(variant.properties.scheduler)).toContain('"enum":["batch","kube"]');
    expect(JSON.stringify(variant.properties.recovery)).toContain('checkpoint-restart');
  });

  it('validate reports the runs of a valid config and exits 2 with the error of a bad one', () => {
    const good = writeConfig(dir, `${BASE}seeds: 3\n`, 'good.yaml');
    const r = cli(['validate', good]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid; 9 runs \(3 variant\(s\) x 1 grid point\(s\) x 3 seed\(s\)\); study_sha256 [0-9a-f]{64}/);
    const bad = writeConfig(dir, BASE.replace('backfill: none', 'backfill: nnoe'), 'bad.yaml');
    const b = cli(['validate', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(`clusterlab: error: ${bad}:5: Invalid option: expected one of "none"|"easy"|"conservative" (field variants.0.backfill, value "nnoe")\n`);
    const missing = writeConfig(dir, BASE.replace('kth-small.swf', 'nowhere.swf'), 'missing.yaml');
    expect(cli(['validate', missing]).stderr).toBe(`clusterlab: error: ${missing}:2: file not found: ${join(dir, 'nowhere.swf')} (field workload.trace, value "nowhere.swf")\n`);
  });

  it('init writes a commented config that validates, and does not overwrite', () => {
    const d = tmp('init');
    const file = join(d, 'study.yaml');
    expect(cli(['init', file]).code).toBe(0);
    const v = cli(['validate', file]);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/valid; 8 runs \(4 variant\(s\) x 2 grid point\(s\) x 1 seed\(s\)\)/);
    // The commented alternatives point at real files from where the config is: uncommented, they validate too.
    const text = readFileSync(file, 'utf8');
    const generate = /^# (workload: \{ generate: .*\})$/m.exec(text)![1]!;
    const generated = join(d, 'generated.yaml');
    writeFileSync(generated, text.replace(/^workload:\n  trace: .*$/m, generate).replace(/^grid:\n  workload\.swf\.estimate: .*$/m, ''));
    expect(cli(['validate', generated]).stderr).toBe('');
    const scenario = /^# (scenario: .*)$/m.exec(text)![1]!;
    const dynamic = join(d, 'scenario.yaml');
    writeFileSync(dynamic, text.replace(/^workload:\n  trace: .*$/m, scenario).replace(/^grid:\n  workload\.swf\.estimate: .*$/m, ''));
    expect(cli(['validate', dynamic]).stderr).toBe('');
    const again = cli(['init', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; pass --force/);
    writeFileSync(file, 'x');
    expect(cli(['init', file, '--force']).code).toBe(0);
  });

  it('the init template names every policy of every kind and every transform of this build', async () => {
    const { initTemplate } = await import('../../experiments/cli/init-template.ts');
    const { POLICY_KINDS } = await import('../../experiments/study/policy-kinds.ts');
    const text = initTemplate('t.swf', 's.json');
    for (const kind of POLICY_KINDS) {
      const line = text.split('\n').find((l) => l.startsWith(`#   ${kind.key}:`));
      expect(line, kind.key).toBeDefined();
      for (const name of kind.entries().keys()) expect(line!.split(/\s+/), `${kind.key} ${name}`).toContain(name);
    }
    for (const t of ['window', 'jobs', 'sample', 'filter', 'scale-resources', 'load', 'fill']) expect(text).toContain(` ${t}`);
    expect(text).not.toMatch(/once workload transforms are available/);
  });
});

describe('examples', () => {
  it('every example in experiments/examples validates and states its measured headline', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { prepareStudy } = await import('../../experiments/study/study.ts');
    const files = readdirSync('experiments/examples').filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const path = join('experiments/examples', f);
      const { manifest } = await prepareStudy(path);
      expect(manifest.runs.length, f).toBeGreaterThan(0);
      expect(readFileSync(path, 'utf8'), f).toMatch(/# Measured \(clusterlab \d+\.\d+\.\d+\)/);
    }
  });
});
