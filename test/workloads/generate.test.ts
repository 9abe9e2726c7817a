/**
 * Generating a workload from a spec: pinned-seed values, stream independence,
 * limits, services, spec transforms, the examples shipped, and spec errors
 * naming the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { loadWorkload } from '../../experiments/run/load.ts';
import { generateWorkload, machineTasks, traceReferences } from '../../workloads/generate.ts';
import { GeneratorSpecSchema, parseGeneratorSpec, type GeneratorSpecInput } from '../../workloads/spec.ts';
import { offeredLoad } from '../../workloads/transforms/load.ts';
import { WALLTIME_LADDER } from '../../workloads/estimates.ts';
import type { Workload } from '../../workloads/workload.ts';

const gen = (spec: GeneratorSpecInput, seed = 1) => generateWorkload(GeneratorSpecSchema.parse(spec), seed);
const pick = (w: Workload, n: number) => w.jobs.slice(0, n).map((j) => [j.id, j.submit, j.tasks, j.runtime, j.estimate, j.user, j.queue]);

const INDEPENDENT: GeneratorSpecInput = {
  machine: { nodes: 64 },
  jobs: {
    model: 'independent',
    count: 2000,
    arrivals: { process: 'poisson', rate: 0.01 },
    tasks: { distribution: 'pow2', min: 1, max: 64 },
    runtime: { distribution: 'lognormal', mu: 6, sigma: 1.2 },
    estimate: { model: 'factor', f: 4 },
    users: 5,
  },
};
const LUBLIN: GeneratorSpecInput = { machine: { nodes: 128 }, jobs: { model: 'lublin', count: 2000 } };

describe('pinned seeds', () => {
  it('independent model, seed 1: the first jobs as captured from a checked run', () => {
    expect(pick(gen(INDEPENDENT), 3)).toEqual(GOLDEN_INDEPENDENT);
  });
  it('Lublin model, seed 1: the first jobs as captured from a checked run', () => {
    expect(pick(gen(LUBLIN), 3)).toEqual(GOLDEN_LUBLIN);
  });
  it('same seed, same workload; another seed, another one', () => {
    expect(gen(INDEPENDENT, 7)).toEqual(gen(INDEPENDENT, 7));
    expect(pick(gen(INDEPENDENT, 8), 5)).not.toEqual(pick(gen(INDEPENDENT, 7), 5));
  });
});

// Independent model: recomputed by hand from the streams (submit ⌊Σ −100 ln(1 − u)⌋,
// size 2^⌊7u⌋, runtime round(e^(6 + 1.2 z)) by Box–Muller, estimate the walltime at or
// above runtime·(1 + 3u), user u(1 + ⌊5u⌋)) and equal to the run.
const GOLDEN_INDEPENDENT = [
  ['1', 167, 64, 26, 60, 'u1', null],
  ['2', 364, 2, 110, 300, 'u5', null],
  ['3', 440, 64, 256, 900, 'u2', null],
];
// Lublin model: captured from a run (estimates exact by default, no users).
const GOLDEN_LUBLIN = [
  ['1', 92, 4, 8, 8, null, 'interactive'],
  ['2', 114, 16, 16, 16, null, 'interactive'],
  ['3', 286, 32, 33, 33, null, 'batch'],
];

describe('structure', () => {
  it('independent: numbered in order, sorted, within the machine, estimates ≥ runtime on the ladder, integer seconds', () => {
    const w = gen(INDEPENDENT);
    expect(w.jobs).toHaveLength(2000);
    expect(w.jobs.map((j) => j.id)).toEqual(w.jobs.map((_, i) => String(i + 1)));
    w.jobs.forEach((j, i) => {
      if (i > 0) expect(j.submit).toBeGreaterThanOrEqual(w.jobs[i - 1]!.submit);
      expect([1, 2, 4, 8, 16, 32, 64]).toContain(j.tasks);
      expect(Number.isInteger(j.submit) && Number.isInteger(j.runtime) && j.runtime >= 1).toBe(true);
      expect(j.estimate).toBeGreaterThanOrEqual(j.runtime);
      expect(WALLTIME_LADDER).toContain(j.estimate);
      expect(['u1', 'u2', 'u3', 'u4', 'u5']).toContain(j.user);
    });
    expect(w.cluster!.nodes).toHaveLength(64);
    expect(w.source).toEqual({ format: 'synthetic', file: '<spec>' });
    expect(w.header).toMatchObject({ generator: 'clusterlab workload generate', seed: '1', model: 'independent' });
  });

  it('Lublin: queue is the job type, sizes within the machine, parameters recorded in the header', () => {
    const w = gen(LUBLIN);
    expect(new Set(w.jobs.map((j) => j.queue))).toEqual(new Set(['batch', 'interactive']));
    expect(Math.max(...w.jobs.map((j) => j.tasks))).toBeLessThanOrEqual(128);
    expect(JSON.parse(w.header['lublin.batch']!)).toMatchObject({ serialProb: 0.2927, uHi: 7 });
    expect(w.header['lublin.machine_tasks']).toBe('128');
    // on 4-processor nodes with 2 processors per task the machine holds 64 tasks: uHi = 6
    const small = gen({ machine: { nodes: 32, node: { cpu: 4 } }, jobs: { model: 'lublin', count: 500, request: { cpu: 2 } } });
    expect(JSON.parse(small.header['lublin.batch']!)).toMatchObject({ uHi: 6, uMed: 4 });
    expect(Math.max(...small.jobs.map((j) => j.tasks))).toBeLessThanOrEqual(64);
  });

  it('one stream per purpose: changing the runtime or estimate model leaves arrivals, sizes and users alone', () => {
    const base = gen(INDEPENDENT);
    const other = gen({ ...INDEPENDENT, jobs: { ...(INDEPENDENT.jobs as object), runtime: { distribution: 'exponential', mean: 50 }, estimate: { model: 'exact' } } as never });
    expect(other.jobs.map((j) => [j.submit, j.tasks, j.user])).toEqual(base.jobs.map((j) => [j.submit, j.tasks, j.user]));
    expect(other.jobs.map((j) => j.runtime)).not.toEqual(base.jobs.map((j) => j.runtime));
    const est = gen({ ...INDEPENDENT, jobs: { ...(INDEPENDENT.jobs as object), estimate: { model: 'factor', f: 10 } } as never });
    expect(est.jobs.map((j) => j.runtime)).toEqual(base.jobs.map((j) => j.runtime));
  });

  it('horizon stops at the first arrival at or after it; count and horizon together stop at the first reached', () => {
    const jobs = { ...(INDEPENDENT.jobs as object), count: undefined, horizon: 50_000 };
    const w = gen({ ...INDEPENDENT, jobs: jobs as never });
    expect(Math.max(...w.jobs.map((j) => j.submit))).toBeLessThan(50_000);
    // Poisson: about 0.01 · 50,000 = 500 jobs, within 4 standard deviations
    expect(Math.abs(w.jobs.length - 500)).toBeLessThan(4 * Math.sqrt(500));
    expect(gen({ ...INDEPENDENT, jobs: { ...jobs, count: 10 } as never }).jobs).toHaveLength(10);
  });

  it('sizes larger than the machine are redrawn and counted', () => {
    const w = gen({ machine: { nodes: 4 }, jobs: { model: 'independent', count: 300, arrivals: { process: 'poisson', rate: 1 }, tasks: { distribution: 'uniform-int', min: 1, max: 8 }, runtime: { distribution: 'constant', value: 10 } } });
    expect(Math.max(...w.jobs.map((j) => j.tasks))).toBe(4);
    expect(w.repaired['tasks_redrawn']).toBeGreaterThan(100); // half the draws are 5..8
  });

  it('requests drawn per job, and machineTasks counts the tasks a machine holds', () => {
    const w = gen({ machine: { nodes: 2, node: { cpu: 8, memory: 1000 } }, jobs: { model: 'independent', count: 100, arrivals: { process: 'poisson', rate: 1 }, runtime: { distribution: 'constant', value: 1 }, request: { cpu: 1, memory: { distribution: 'uniform', min: 100, max: 500 } } } });
    const mem = w.jobs.map((j) => j.request['memory']!);
    expect(Math.min(...mem)).toBeGreaterThanOrEqual(100);
    expect(new Set(mem).size).toBe(100);
    expect(machineTasks({ nodes: 2, node: { cpu: 8, memory: 1000 } }, { cpu: 1, memory: 300 })).toBe(6); // 3 per node
  });

  it('services come with the jobs, sorted by submit time, and spec transforms apply', () => {
    const w = gen({
      ...INDEPENDENT,
      services: [{ name: 'web', replicas: 2, request: { cpu: 1 }, submit: 0, requestRate: { kind: 'constant', rate: 10 } }],
      transforms: [{ type: 'load', target: 0.5 }],
    });
    expect(w.jobs[0]).toMatchObject({ id: 'web', kind: 'service', runtime: Infinity });
    expect(offeredLoad(w.jobs, w.cluster!).load).toBeCloseTo(0.5, 9);
    expect(w.header['transform.1']).toMatch(/^load cpu/);
  });

  it('replay and empirical distributions read the traces handed in', () => {
    const trace: Workload = { jobs: [], source: { format: 't', file: 't' }, cluster: null, dropped: {}, repaired: {}, header: {} };
    for (const [i, s] of [100, 130, 190].entries()) {
      trace.jobs.push({ id: String(i), submit: s, tasks: 2 ** i, request: { cpu: 1 }, runtime: 10 * (i + 1), estimate: 60, priority: 0, user: null, group: null, queue: null, dependencies: [], logStatus: null, logWait: null });
    }
    const spec = GeneratorSpecSchema.parse({
      machine: { nodes: 8 },
      jobs: { model: 'independent', count: 10, arrivals: { process: 'replay', trace: 'x.swf' }, tasks: { distribution: 'empirical', trace: 'x.swf', field: 'tasks' }, runtime: { distribution: 'empirical', trace: 'x.swf' } },
    });
    expect(traceReferences(spec)).toEqual(['x.swf']);
    const w = generateWorkload(spec, 1, { traces: new Map([['x.swf', trace]]) });
    expect(w.jobs.map((j) => j.submit)).toEqual([0, 30, 90]); // the trace has three jobs
    for (const j of w.jobs) {
      expect([1, 2, 4]).toContain(j.tasks);
      expect([10, 20, 30]).toContain(j.runtime);
    }
  });
});

describe('the shipped examples', () => {
  const dir = resolve('workloads/examples');
  for (const file of readdirSync(dir)) {
    it(`${file} is valid and generates`, async () => {
      const path = join(dir, file);
      const spec = parseGeneratorSpec(readFileSync(path, 'utf8'), path);
      const traces = new Map<string, Workload>();
      for (const p of traceReferences(spec)) traces.set(p, await loadWorkload(resolve(dirname(path), p)));
      if (spec.jobs?.count) spec.jobs.count = Math.min(spec.jobs.count, 300);
      const w = generateWorkload(spec, 1, { file, traces });
      expect(w.jobs.length).toBeGreaterThan(0);
    });
  }
});

describe('spec errors name the file, the field and the value', () => {
  const base = 'machine: {nodes: 8}\njobs: {model: independent, count: 5, arrivals: {process: poisson, rate: 1}, runtime: {distribution: constant, value: 5}';
  it.each([
    [`${base}, tasks: {distribution: lognormal, mu: 1, sigma: -1}}`, 'jobs.tasks.sigma', '-1'],
    [`${base}, tasks: {distribution: lognormall, mu: 1, sigma: 1}}`, 'jobs.tasks.distribution', 'lognormall'],
    [`${base}, estimate: {model: factor, f: 0.5}}`, 'jobs.estimate.f', '0.5'],
    [`${base}, tasks: {dist: pow2, min: 1, max: 8}}`, 'jobs.tasks.distribution', 'missing'],
    [`${base}, request: {cpu: {dist: constant, value: 1}}}`, 'jobs.request.cpu', '{"dist":"constant","value":1}'],
    [`${base}, runtim: 3}`, 'jobs.runtim', '3'],
    [`${base}}\nservices: [{name: web, replicas: 0, request: {cpu: 1}, requestRate: {kind: constant, rate: 1}}]`, 'services.0.replicas', '0'],
    [`${base}}\ntransforms: [{type: load, target: -1}]`, 'transforms.0.target', '-1'],
    ['machine: {nodes: 8}\njobs: {model: lublin, count: 5, lublin: {batch: {pow2Prob: 1.5}}}', 'jobs.lublin.batch.pow2Prob', '1.5'],
    ['machine: {nodes: 8}\njobs: {model: lublin}', 'jobs.count', 'missing'],
    ['jobs: {model: lublin, count: 5}', 'machine', 'missing'],
  ])('%s', (text, field, value) => {
    let err: unknown;
    try {
      parseGeneratorSpec(text, 'spec.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.location).toMatchObject({ file: 'spec.yaml', field, value });
    expect(e.message).not.toContain('\n');
  });

  it('the key "dist" is refused with the right key named, wherever a distribution goes', () => {
    expect(() => parseGeneratorSpec(`${base}, tasks: {dist: pow2, min: 1, max: 8}}`, 's.yaml')).toThrow(/"dist" is not a key here; write "distribution"/);
    expect(() => parseGeneratorSpec(`${base}, request: {cpu: {dist: constant, value: 1}}}`, 's.yaml')).toThrow(/"dist" is not a key here; write "distribution"/);
  });

  it('a YAML syntax error names the line', () => {
    expect(() => parseGeneratorSpec('machine: {nodes: 8\njobs: [', 's.yaml')).toThrow(/^s\.yaml:\d+:\d+: not valid YAML or JSON/);
  });
});
