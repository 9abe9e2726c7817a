/**
 * Studies on the real workload pieces: generator specs, transforms and
 * cluster files (node lists), with seeds that change the workload, and the
 * checks made before anything runs (the machine size of the trace).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderComparison } from '../../experiments/study/compare.ts';
import { prepareStudy, runStudy } from '../../experiments/study/study.ts';
import { cli, Quiet, removeTemporaries, smallTrace, tmp, writeConfig } from './helpers.ts';
import { runMain } from './in-process.ts';

const OPENB_PODS = resolve('traces/samples/openb_pod_list_default.csv');
const OPENB_NODES = resolve('traces/samples/openb_node_list_gpu_node.csv');

/** Prints nothing (the tests read the files). */
let dir: string;
let smallNodes: string;
beforeAll(() => {
  dir = tmp('workloads');
  smallTrace(dir, 100);
  // The first 60 GPU nodes of openb: a fill to 1.3 x their GPUs is a few hundred pods.
  const lines = readFileSync(OPENB_NODES, 'utf8').split('\n');
  smallNodes = join(dir, 'openb-nodes-60.csv');
  writeFileSync(smallNodes, `${lines.slice(0, 61).join('\n')}\n`);
});
afterAll(removeTemporaries);

const rowsOf = (out: string) => parse(readFileSync(join(out, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));

describe('a generated workload', () => {
  const SPEC = `workload:
  generate:
    machine: { nodes: 16, node: { cpu: 4 } }
    jobs:
      model: independent
      count: 300
      arrivals: { process: poisson, rate: 0.02 }
      tasks: { distribution: uniform-int, min: 1, max: 8 }
      runtime: { distribution: lognormal, mu: 6, sigma: 1 }
      estimate: { model: factor, f: 3 }
variants:
  - name: fcfs
    backfill: none
  - name: easy
seeds: 3
`;

  it('3 seeds give 3 different workloads, the same for both variants at a seed, and a non-degenerate interval', async () => {
    const config = writeConfig(dir, SPEC, 'generated.yaml');
    const out = join(dir, 'generated');
    const result = await runStudy({ configFile: config, out, workers: 1, progress: new Quiet() });
    expect(result.failures).toEqual([]);
    const rows = rowsOf(out);
    const work = (id: string) => {
      const r = rows.find((x) => x.run_id === id)!;
      return Number(r.utilization_cpu) * Number(r.makespan);
    };
    // The seed drives the generator: different jobs at each seed...
    expect(new Set(['easy.s1', 'easy.s2', 'easy.s3'].map((id) => work(id).toPrecision(8))).size).toBe(3);
    // ...and the variants of one seed see the same jobs (common random numbers).
    for (const s of [1, 2, 3]) expect(work(`fcfs.s${s}`)).toBeCloseTo(work(`easy.s${s}`), 6);
    const fcfs = summaryOf(out).variants[0].metrics.mean_wait;
    expect(fcfs.n).toBe(3);
    expect(fcfs.sd).toBeGreaterThan(0);
    expect(fcfs.ci_low).toBeLessThan(fcfs.ci_high);
    const diff = summaryOf(out).differences[0].metrics.mean_wait;
    expect(diff.identical).toBe(false);
    expect(diff.sd).toBeGreaterThan(0);
    // The manifest records the resolved spec (defaults filled in), so the study's identity covers it.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.config.workload.generate.jobs.count).toBe(300);
    expect(manifest.inputs).toEqual([]);
  });

  it('a spec file is an input of the study, read relative to the config', async () => {
    const spec = SPEC.slice(SPEC.indexOf('  generate:\n') + '  generate:\n'.length, SPEC.indexOf('variants:')).replace(/^ {4}/gm, '');
    writeFileSync(join(dir, 'spec.yaml'), spec);
    const config = writeConfig(dir, `workload:\n  generate: spec.yaml\nvariants:\n  - name: easy\nseeds: [2]\n`, 'from-file.yaml');
    const { manifest } = await prepareStudy(config);
    expect(manifest.inputs.map((i) => [i.role, i.file])).toEqual([['generator', 'spec.yaml']]);
  });
});

describe('transforms and a node list: openb in fill mode', () => {
  const STUDY = `workload:
  trace: ${OPENB_PODS}
  transforms: [{ type: fill, multiple: 1.3 }]
cluster: { file: openb-nodes-60.csv }
variants:
  - name: best-fit
    placement: best-fit
    backfill: none
  - name: fgd
    placement: fgd
    backfill: none
seeds: [42, 43]
outputs: { jobs: true, timeseries: false }
`;

  it("the seed drives the fill's random copies, exactly as simulate --fill --seed, and GPU allocation is a column", async () => {
    const config = writeConfig(dir, STUDY, 'fill.yaml');
    const out = join(dir, 'fill');
    const result = await runStudy({ configFile: config, out, workers: 2, progress: new Quiet() });
    expect(result.failures).toEqual([]);
    const rows = rowsOf(out);
    const get = (id: string) => rows.find((r) => r.run_id === id)!;
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['gpu_allocation_at_demand_80', 'gpu_allocation_at_demand_90', 'gpu_allocation_at_demand_100', 'gpu_allocation_at_demand_final']));
    // Same seed, two placements: the same pods; another seed: other copies.
    expect(get('best-fit.s42').jobs_submitted).toBe(get('fgd.s42').jobs_submitted);
    expect(readFileSync(join(out, 'runs', 'best-fit.s42', 'jobs.csv'), 'utf8')).not.toBe(readFileSync(join(out, 'runs', 'best-fit.s43', 'jobs.csv'), 'utf8'));
    const sim = join(dir, 'simulated');
    const r = cli(['simulate', '--trace', OPENB_PODS, '--cluster', smallNodes, '--fill', '1.3', '--seed', '43', '--placement', 'fgd', '--backfill', 'none', '--out', sim]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'runs', 'fgd.s43', 'jobs.csv'), 'utf8')).toBe(readFileSync(join(sim, 'jobs.csv'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { role: string; file: string }) => [i.role, i.file])).toEqual([
      ['trace', 'openb_pod_list_default.csv'],
      ['cluster', 'openb-nodes-60.csv'],
    ]);
  });
});

describe('the machine must be known before anything runs', () => {
  it('openb pods without a cluster: validate exits 2 naming the field, in openb terms', async () => {
    const config = writeConfig(dir, `workload:\n  trace: ${OPENB_PODS}\nvariants:\n  - name: a\n`, 'no-cluster.yaml');
    const r = await runMain(['validate', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `clusterlab: error: ${config}:2: this openb trace (pods) describes no machines; set \`cluster: { file: FILE }\` in the config (a cluster description or a node list such as openb_node_list_gpu_node.csv), or \`cluster: { nodes: N, capacity: {...} }\` (field workload.trace, value "${OPENB_PODS}")\n`,
    );
    const fixed = writeConfig(dir, `workload:\n  trace: ${OPENB_PODS}\ncluster: { file: ${OPENB_NODES} }\nvariants:\n  - name: a\n`, 'with-cluster.yaml');
    expect((await runMain(['validate', fixed])).code).toBe(0);
  });

  it('an SWF log without MaxProcs: validate says to set cluster.procs', async () => {
    const text = readFileSync(join(dir, 'kth-small.swf'), 'utf8').split('\n').filter((l) => !/^;\s*Max(Procs|Nodes)/.test(l)).join('\n');
    writeFileSync(join(dir, 'headless.swf'), text);
    const config = writeConfig(dir, 'workload:\n  trace: headless.swf\nvariants:\n  - name: a\n', 'headless.yaml');
    const r = await runMain(['validate', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/headless\.yaml:2: the SWF log gives no machine size \(no MaxProcs or MaxNodes header\); set `cluster: \{ procs: N \}` in the config .*\(field workload\.trace, value "headless\.swf"\)/);
    expect((await runMain(['validate', writeConfig(dir, 'workload:\n  trace: headless.swf\ncluster: { procs: 100 }\nvariants:\n  - name: a\n', 'headless-procs.yaml')])).code).toBe(0);
  });
});

describe('runs that the seed does not change', () => {
  it('compare says the runs are identical across seeds instead of claiming significance', async () => {
    const config = writeConfig(dir, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: fcfs\n    backfill: none\n  - name: easy\nseeds: 3\n', 'replay.yaml');
    const out = join(dir, 'replay');
    const result = await runStudy({ configFile: config, out, workers: 1, progress: new Quiet() });
    expect(result.summary!.differences[0]!.metrics.mean_wait).toMatchObject({ n: 3, sd: 0, t: null, p: null, significant: false, identical: true });
    const table = renderComparison(result.summary!, ['mean_wait'], 'table');
    expect(table).toMatch(/mean_wait \(s\)\s+fcfs\s+3\s+\S+\s+identical across seeds\s+\(baseline\)/);
    expect(table).toMatch(/mean_wait \(s\)\s+easy\s+3\s+\S+\s+identical across seeds\s+-\S+\s+same at every seed \(n=3\)\s+no test/);
    expect(table).not.toMatch(/<0\.001|\*\s*$/m);
    expect(table).toMatch(/"identical across seeds": every seed gave the same value; "same at every seed": the paired difference did not vary/);
  });
});

