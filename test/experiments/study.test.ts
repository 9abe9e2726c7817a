/**
 * `clusterlab run`, `merge` and `compare`, run as a user would: byte-identical
 * results whatever the number of workers or shards, the results layout, and
 * the checks that keep parts of different studies apart.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { num, renderComparison } from '../../experiments/study/compare.ts';
import { readStudy, summaryFor } from '../../experiments/study/read-results.ts';
import { ExperimentManifestSchema, RunManifestSchema, RunSummarySchema, StudySummarySchema } from '../../experiments/results/results-schema.ts';
import { BIN, cli, identity, PLUGINS, smallTrace, tmp, tree, treeDiff, writeConfig, removeTemporaries } from './helpers.ts';

// 4 variants x 2 grid points x 3 seeds = 24 runs of 200 jobs; the seed samples 80 % of the jobs (a real seeded transform).
const STUDY = `name: small
workload:
  trace: kth-small.swf
  transforms: [{ type: sample, fraction: 0.8 }]
variants:
  - name: fcfs
    backfill: none
  - name: easy
  - name: cons
    backfill: conservative
  - name: sjf-easy
    queue: sjf
grid:
  simulation.overrun: [run, cut]
seeds: 3
outputs:
  events: true
`;

let dir: string;
let config: string;
let reference: string;
let referenceTree: Map<string, Buffer>;

beforeAll(() => {
  dir = tmp('study');
  smallTrace(dir, 200);
  config = writeConfig(dir, STUDY);
  reference = join(dir, 'w1');
  const r = cli(['run', config, '--out', reference, '--workers', '1']);
  if (r.code !== 0) throw new Error(`reference run failed: ${r.stderr}`);
  referenceTree = tree(reference);
});
afterAll(removeTemporaries);

describe('clusterlab run', () => {
  it('writes the documented layout', () => {
    expect(readdirSync(reference).sort()).toEqual(['manifest.json', 'runs', 'runs.csv', 'summary.json']);
    const manifest = ExperimentManifestSchema.parse(JSON.parse(readFileSync(join(reference, 'manifest.json'), 'utf8')));
    expect(manifest.runs.map((r) => r.run_id).slice(0, 7)).toEqual(['fcfs.p0.s1', 'fcfs.p0.s2', 'fcfs.p0.s3', 'fcfs.p1.s1', 'fcfs.p1.s2', 'fcfs.p1.s3', 'easy.p0.s1']);
    expect(manifest.inputs).toEqual([{ role: 'trace', file: 'kth-small.swf', bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(manifest.config.workload).toEqual({ trace: 'kth-small.swf', transforms: [{ type: 'sample', fraction: 0.8 }] }); // as written
    expect(readdirSync(join(reference, 'runs')).sort()).toEqual(manifest.runs.map((r) => r.run_id).sort());
    const run = join(reference, 'runs', 'cons.p1.s2');
    expect(readdirSync(run).sort()).toEqual(['events.csv', 'jobs.csv', 'manifest.json', 'nodes.csv', 'summary.json', 'timeseries.csv']);
    const runManifest = RunManifestSchema.parse(JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')));
    expect(runManifest.experiment).toMatchObject({ study_sha256: manifest.study_sha256, run_id: 'cons.p1.s2', variant: 'cons', params: { 'simulation.overrun': 'cut' }, seed: 2 });
    expect(runManifest.options).toMatchObject({ backfill: 'conservative', overrun: 'cut' });
    expect(runManifest.files).toEqual(['jobs.csv', 'nodes.csv', 'summary.json', 'timeseries.csv', 'events.csv', 'manifest.json']);
    RunSummarySchema.parse(JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')));
    expect(readFileSync(join(run, 'events.csv'), 'utf8').split('\n')[0]).toBe('time,type,job,detail');
    expect(readFileSync(join(run, 'jobs.csv'), 'utf8').split('\n')[0]).toMatch(/^job_id,submit,start,end,wait,runtime,status,/);

    const rows = parse(readFileSync(join(reference, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(24);
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual(['run_id', 'variant', 'simulation.overrun', 'seed', 'status', 'jobs_submitted']);
    expect(Object.keys(rows[0]!)).toContain('utilization_cpu');
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    const summary = StudySummarySchema.parse(JSON.parse(readFileSync(join(reference, 'summary.json'), 'utf8')));
    expect(summary.variants).toHaveLength(8);
    expect(summary.differences.map((d) => `${d.variant}-${d.point}`)).toEqual(['easy-0', 'easy-1', 'cons-0', 'cons-1', 'sjf-easy-0', 'sjf-easy-1']);
  });

  it('pairs variants on common random numbers: the seed changes the workload, the variant does not', () => {
    const rows = parse(readFileSync(join(reference, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const get = (id: string) => rows.find((r) => r.run_id === id)!;
    // Same seed, different policies: the same jobs, hence the same total work (utilization x makespan).
    const work = (id: string) => Number(get(id).utilization_cpu) * Number(get(id).makespan);
    expect(work('easy.p0.s2')).toBeCloseTo(work('cons.p0.s2'), 6);
    expect(work('easy.p0.s2')).not.toBeCloseTo(work('easy.p0.s3'), 0);
    const summary = JSON.parse(readFileSync(join(reference, 'summary.json'), 'utf8'));
    const fcfs = summary.variants.find((v: { variant: string; point: number }) => v.variant === 'fcfs' && v.point === 0).metrics.mean_wait;
    expect(fcfs.n).toBe(3);
    expect(fcfs.sd).toBeGreaterThan(0);
    expect(fcfs.ci_low).toBeLessThan(fcfs.mean);
    const easy = summary.differences.find((d: { variant: string; point: number }) => d.variant === 'easy' && d.point === 0).metrics.mean_wait;
    expect(easy.n).toBe(3);
    expect(easy.mean).toBeLessThan(0); // backfilling cuts the wait of fcfs on this log
  });

  it('gives byte-identical results with 2 workers, from another working directory', () => {
    const out = join(dir, 'w2');
    const r = cli(['run', config, '--out', out, '--workers', '2'], { cwd: tmp('cwd') });
    expect(r.code, r.stderr).toBe(0);
    expect(treeDiff(referenceTree, tree(out))).toEqual([]);
  });

  it('shards 1/3, 2/3, 3/3 merged give the same bytes as the whole, written into one directory or copied together', () => {
    const shared = join(dir, 'shards');
    const r1 = cli(['run', config, '--out', shared, '--shard', '1/3', '--workers', '1']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toMatch(/shard 1\/3: 8 runs/);
    expect(existsSync(join(shared, 'runs.csv'))).toBe(false);
    // The second as a task of a Slurm array would run it, through deploy/slurm-array.sh.
    const slurm = spawnSync('bash', ['deploy/slurm-array.sh', config, shared], {
      encoding: 'utf8',
      env: { ...process.env, SLURM_ARRAY_TASK_ID: '11', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_COUNT: '3', SLURM_CPUS_PER_TASK: '1', CLUSTERLAB: `${process.execPath} --import ${PLUGINS} ${BIN}` },
    });
    expect(slurm.status, slurm.stderr).toBe(0);
    expect(slurm.stderr).toMatch(/shard 2\/3: 8 runs; running 8 on 1 worker/);
    // The third as a Kubernetes Indexed Job pod would run it (0-based index), in a directory of its own.
    const part = join(dir, 'part3');
    const r3 = cli(['run', config, '--out', part, '--shard', 'auto/3', '--workers', '1'], { env: { JOB_COMPLETION_INDEX: '2' } });
    expect(r3.code, r3.stderr).toBe(0);
    expect(r3.stderr).toMatch(/shard 3\/3: 8 runs/);

    const alone = cli(['merge', part]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/incomplete: 16 of 24 runs have not finished \(fcfs\.p0\.s1, fcfs\.p0\.s2, .*\); run the missing shards, or resume/);

    cpSync(part, shared, { recursive: true });
    const m = cli(['merge', shared]);
    expect(m.code, m.stderr).toBe(0);
    expect(treeDiff(referenceTree, tree(shared))).toEqual([]);
  }, 180_000); // seven CLI processes, each starting workers: slow on a loaded 2-core machine

  it('refuses to mix studies: another config in the same directory, or parts of another study', () => {
    const other = writeConfig(dir, STUDY.replace('seeds: 3', 'seeds: 2'), 'other.yaml');
    const r = cli(['run', other, '--out', reference, '--resume']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds results of another study .*choose another --out/);
    const again = cli(['run', config, '--out', reference]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds results of this study; pass --resume/);
    const notResults = tmp('notresults');
    writeFileSync(join(notResults, 'x.txt'), 'x');
    expect(cli(['run', config, '--out', notResults]).stderr).toMatch(/holds files that are not clusterlab results \(no study manifest\); choose another --out/);
    // --force starts over (not with --resume or --shard, which keep what is there).
    expect(cli(['run', config, '--out', reference, '--force', '--resume']).stderr).toMatch(/^clusterlab: error: --force cannot be combined with --resume/);
    expect(cli(['run', config, '--out', notResults, '--force', '--shard', '1/3']).stderr).toMatch(/--force cannot be combined with --shard/);
    expect(readdirSync(notResults)).toEqual(['x.txt']);
    const forced = cli(['run', other, '--out', notResults, '--force', '--workers', '1']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(notResults)).not.toContain('x.txt');
    expect(readdirSync(notResults)).toContain('manifest.json');

    // A run directory of another study copied in: merge names it.
    const mixed = join(dir, 'mixed');
    cpSync(reference, mixed, { recursive: true });
    const otherOut = join(dir, 'other');
    expect(cli(['run', other, '--out', otherOut, '--shard', '1/12']).code).toBe(0);
    rmSync(join(mixed, 'runs', 'fcfs.p0.s1'), { recursive: true });
    cpSync(join(otherOut, 'runs', 'fcfs.p0.s1'), join(mixed, 'runs', 'fcfs.p0.s1'), { recursive: true });
    const m = cli(['merge', mixed]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/runs\/fcfs\.p0\.s1\/manifest\.json: belongs to another study/);
  });

  it('resume of a finished study runs nothing again and gives the same files', () => {
    const before = identity(join(reference, 'runs', 'fcfs.p0.s1', 'manifest.json'));
    const r = cli(['run', config, '--out', reference, '--resume']);
    expect(identity(join(reference, 'runs', 'fcfs.p0.s1', 'manifest.json'))).toBe(before);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/24 already done; running 0/);
    expect(treeDiff(referenceTree, tree(reference))).toEqual([]);
  });
});

describe('deploy/', () => {
  it('the Kubernetes Indexed Job runs shard auto/N with N = completions, then merges the same directory', () => {
    const docs = parseAllDocuments(readFileSync('deploy/kubernetes-indexed-job.yaml', 'utf8')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['PersistentVolumeClaim', 'Job', 'Job']);
    const [, study, merge] = docs;
    expect(study.spec.completionMode).toBe('Indexed');
    const container = study.spec.template.spec.containers[0];
    const shards = container.env.find((e: { name: string }) => e.name === 'SHARDS').value;
    expect(Number(shards)).toBe(study.spec.completions);
    const args: string[] = container.args;
    expect(args.slice(0, 2)).toEqual(['run', 'experiments/examples/kth-sp2.yaml']);
    expect(existsSync(args[1]!)).toBe(true);
    expect(args[args.indexOf('--shard') + 1]).toBe('auto/$(SHARDS)');
    const out = args[args.indexOf('--out') + 1];
    expect(merge.spec.template.spec.containers[0].args).toEqual(['merge', out]);
  });

  it('the Indexed Job fails an index at once on an input error (exit 2), and the documented wait ends on Failed too', () => {
    const text = readFileSync('deploy/kubernetes-indexed-job.yaml', 'utf8');
    const [, study] = parseAllDocuments(text).map((d) => d.toJS());
    expect(study.spec.backoffLimitPerIndex).toBeGreaterThan(0);
    const rules = study.spec.podFailurePolicy.rules;
    expect(rules[0]).toEqual({ action: 'FailIndex', onExitCodes: { containerName: 'shard', operator: 'In', values: [2] } });
    // No wait on Complete alone: a Failed Job would block it for the whole timeout.
    expect(text).not.toMatch(/kubectl wait --for=condition=complete/);
    expect(text).toMatch(/grep -qE 'Complete\|Failed'/);
    expect(text).toMatch(/storageClassName/);
    // The Slurm script and the README state the same policy.
    expect(readFileSync('deploy/slurm-array.sh', 'utf8')).toMatch(/task still exits 0 once all its runs ended/);
    expect(readFileSync('docs/experiments.md', 'utf8')).toMatch(/A shard exits 0 once every one of its runs has ended/);
  });
});

describe('clusterlab compare', () => {
  it('prints means, intervals and paired differences, marking the significant ones', () => {
    const r = cli(['compare', reference, '--metric', 'mean_wait']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^metric\s+variant\s+simulation\.overrun\s+n\s+mean\s+95% CI\s+diff vs fcfs\s+95% CI of diff\s+p$/);
    expect(lines.filter((l) => l.startsWith('mean_wait (s)'))).toHaveLength(8);
    expect(r.stdout).toMatch(/mean_wait \(s\)\s+fcfs\s+run\s+3\s+.*\(baseline\)/);
    expect(r.stdout).toMatch(/mean_wait \(s\)\s+easy\s+run\s+3\s+\S+\s+\[.*\]\s+-\S+ \*/);
    expect(r.stdout).toMatch(/\* the 95% interval of the paired difference \(same seeds\) excludes 0\. 24 of 24 runs finished\./);
  });

  it('as CSV, JSON and Markdown, against another baseline, with the numbers of summary.json', () => {
    // In-process (the command is the same three calls; its exit codes are tested above and below).
    const study = readStudy(reference);
    const summary = JSON.parse(readFileSync(join(reference, 'summary.json'), 'utf8'));
    expect(summaryFor(reference, study)).toEqual(summary); // recomputed from runs.csv: the same numbers
    const json = JSON.parse(renderComparison(summaryFor(reference, study), ['mean_wait', 'max_wait'], 'json'));
    expect(json.baseline).toBe('fcfs');
    const easy0 = json.rows.find((r: Record<string, unknown>) => r.metric === 'mean_wait' && r.variant === 'easy' && (r.params as Record<string, string>)['simulation.overrun'] === 'run');
    const fromSummary = summary.differences.find((d: { variant: string; point: number }) => d.variant === 'easy' && d.point === 0).metrics.mean_wait;
    expect(easy0.diff_mean).toBe(fromSummary.mean);
    expect(easy0.diff_ci_low).toBe(fromSummary.ci_low);
    expect(easy0.significant).toBe(fromSummary.significant);

    const csv = parse(renderComparison(summaryFor(reference, study, 'easy'), summary.metrics, 'csv'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(csv[0]!)).toEqual(['metric', 'unit', 'variant', 'simulation.overrun', 'n', 'mean', 'sd', 'ci_low', 'ci_high', 'diff_n', 'diff_mean', 'diff_sd', 'diff_ci_low', 'diff_ci_high', 'diff_t', 'diff_p', 'significant', 'identical', 'diff_identical']);
    expect(csv.filter((r) => r.variant === 'easy').every((r) => r.diff_n === '')).toBe(true);
    expect(csv.filter((r) => r.variant === 'fcfs' && r.metric === 'mean_wait').every((r) => Number(r.diff_mean) > 0)).toBe(true);

    const md = renderComparison(summary, ['mean_wait', 'p95_wait'], 'markdown');
    expect(md.split('\n')[0]).toBe('| metric | variant | simulation.overrun | n | mean | 95% CI | diff vs fcfs | 95% CI of diff | p |');
    expect(md.split('\n')[1]).toBe('|---|---|---|---:|---:|---:|---:|---:|---:|');
    expect(md.split('\n').filter((l) => l.startsWith('| mean_wait (s) | easy |'))).toHaveLength(2);
    expect(csv.find((r) => r.metric === 'mean_wait')!.unit).toBe('s');
  });

  it('leaves out metrics no run measured, and writes numbers one way', () => {
    const summary = summaryFor(reference, readStudy(reference));
    // A metric with no value in any run (as mean_wait in a fill study, where no pod ends).
    const empty = structuredClone(summary);
    for (const v of empty.variants) v.metrics.mean_wait = { n: 0, mean: null, sd: null, ci_low: null, ci_high: null };
    const text = renderComparison(empty, ['mean_wait', 'max_wait'], 'table');
    expect(text).not.toMatch(/^mean_wait/m);
    expect(text).toMatch(/^max_wait \(s\)/m);
    expect(text).toMatch(/^Left out, no run has a value: mean_wait\.$/m);
    expect(JSON.parse(renderComparison(empty, ['mean_wait'], 'json')).left_out).toEqual(['mean_wait']);
    // Thousands are grouped from 1,000 up, as in the browser app: never 6900 beside 38,004.
    expect([num(6900), num(38004.4), num(999.94), num(0.0001234)]).toEqual(['6,900', '38,004', '999.9', '1.234e-4']);
  });

  it('exits 2 for an unknown metric or baseline, and for a directory that is not a study', () => {
    const m = cli(['compare', reference, '--metric', 'mean_wiat']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/unknown metric "mean_wiat"; valid: jobs_submitted, /);
    expect(cli(['compare', reference, '--baseline', 'nope']).stderr).toMatch(/--baseline: unknown variant "nope"; valid: fcfs, easy, cons, sjf-easy/);
    expect(cli(['compare', dir]).stderr).toMatch(/not a clusterlab results directory/);
  });
});

describe('a study moved to another directory', () => {
  it('writes the same bytes: file parameters are recorded as the config wrote them', () => {
    // A kube variant names its scheduler config by a path relative to the study file.
    const first = tmp('moved-a');
    smallTrace(first, 60);
    cpSync('experiments/examples/kube/most-allocated.yaml', join(first, 'kube', 'most-allocated.yaml'), { recursive: true });
    writeConfig(first, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: packed\n    scheduler: { name: kube, params: { config: kube/most-allocated.yaml } }\n  - name: easy\nseeds: 2\n');
    const second = join(tmp('moved-b'), 'deeper', 'study');
    cpSync(first, second, { recursive: true });
    for (const d of [first, second]) {
      const r = cli(['run', join(d, 'study.yaml'), '--out', join(d, 'out')]);
      expect(r.code, r.stderr).toBe(0);
    }
    const a = tree(join(first, 'out'));
    expect(treeDiff(a, tree(join(second, 'out')))).toEqual([]);
    expect(a.get('runs/packed.s1/manifest.json')!.toString()).toContain('"config": "kube/most-allocated.yaml"');
  });
});
