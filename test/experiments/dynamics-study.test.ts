/**
 * Studies of dynamic scenarios (`scenario: FILE`) and of the Kubernetes-style
 * scheduler, through the same pool, seeds, grid and results layout as trace
 * studies: the dynamics measures in runs.csv and summary.json with their
 * intervals, one run equal to `clusterlab scenario` at that seed, common
 * random numbers across variants, and errors that name the config field.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStudy } from '../../experiments/study/study.ts';
import { cli, Quiet, removeTemporaries, smallTrace, tmp, tree, treeDiff, writeConfig } from './helpers.ts';
import { runMain } from './in-process.ts';

const ZONE = resolve('experiments/scenario/examples/zone-outage-recovery.yaml');
const MOST = resolve('experiments/examples/kube/most-allocated.yaml');
const LEAST = resolve('experiments/examples/kube/least-allocated.yaml');

let dir: string;
beforeAll(() => {
  dir = tmp('dynamics');
  smallTrace(dir, 150);
});
afterAll(removeTemporaries);

const rowsOf = (out: string) => parse(readFileSync(join(out, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

describe('a scenario study', () => {
  const STUDY = `scenario: ${ZONE}
variants:
  - name: reschedule
    recovery: reschedule
  - name: checkpoint
    recovery: { name: checkpoint-restart, params: { interval: 3600, cost: 60, restartCost: 30 } }
seeds: [1, 2]
`;
  let out: string;
  beforeAll(async () => {
    out = join(dir, 'zone');
    const result = await runStudy({ configFile: writeConfig(dir, STUDY, 'zone.yaml'), out, workers: 2, progress: new Quiet() });
    if (result.failures.length) throw new Error(JSON.stringify(result.failures));
  });

  it('writes the study layout, with the dynamics measures as columns and their intervals in summary.json', () => {
    const rows = rowsOf(out);
    expect(rows.map((r) => r.run_id)).toEqual(['reschedule.s1', 'reschedule.s2', 'checkpoint.s1', 'checkpoint.s2']);
    for (const c of ['dynamics_nodes_availability', 'dynamics_recovery_work_lost_cpu_seconds', 'dynamics_services_frontend_availability', 'dynamics_services_total_request_success_ratio', 'mean_wait']) {
      expect(Object.keys(rows[0]!), c).toContain(c);
    }
    expect(Object.keys(rows[0]!)).not.toContain('dynamics_recovery_policy'); // names are not measures
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const lost = summary.variants[0].metrics.dynamics_recovery_work_lost_cpu_seconds;
    expect(lost.n).toBe(2);
    expect(lost.sd).toBeGreaterThan(0); // the seed changes the failures and the jobs
    const diff = summary.differences[0].metrics.dynamics_recovery_work_lost_cpu_seconds;
    expect(diff.mean).toBeLessThan(0); // checkpoints lose less work than rescheduling from scratch
    const run = join(out, 'runs', 'checkpoint.s2');
    expect(readFileSync(join(run, 'system-events.csv'), 'utf8').split('\n')[0]).toBe('time,type,source,node,job,detail');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.config.scenario).toBe(ZONE);
    expect(manifest.config.workload).toBeNull();
    expect(manifest.config.variants[1].policies.recovery).toEqual({ name: 'checkpoint-restart', params: { interval: 3600, cost: 60, restartCost: 30 } });
    expect(manifest.inputs.map((i: { role: string }) => i.role)).toEqual(['scenario']);
  });

  it('a run is the run of clusterlab scenario with that variant and seed, byte for byte', () => {
    const sim = join(dir, 'scenario-cli');
    const r = cli(['scenario', ZONE, '--variant', 'reschedule', '--seed', '2', '--out', sim]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['summary.json', 'jobs.csv', 'timeseries.csv', 'system-events.csv']) {
      expect(readFileSync(join(out, 'runs', 'reschedule.s2', f), 'utf8'), f).toBe(readFileSync(join(sim, 'reschedule', f), 'utf8'));
    }
  });

  it('gives the same bytes with 1 worker, and as shards 1/2 and 2/2 merged', async () => {
    const config = join(dir, 'zone.yaml');
    const one = join(dir, 'zone-1');
    await runStudy({ configFile: config, out: one, workers: 1, progress: new Quiet() });
    expect(treeDiff(tree(out), tree(one))).toEqual([]);
    const sharded = join(dir, 'zone-shards');
    for (const index of [1, 2]) await runStudy({ configFile: config, out: sharded, workers: 1, shard: { index, count: 2 }, progress: new Quiet() });
    const m = await runMain(['merge', sharded]);
    expect(m.code, m.stderr).toBe(0);
    expect(treeDiff(tree(out), tree(sharded))).toEqual([]);
  });

  it('variants of one seed see the same failures (common random numbers); another seed other ones', () => {
    const rows = rowsOf(out);
    const get = (id: string, c: string) => rows.find((r) => r.run_id === id)![c];
    expect(get('reschedule.s1', 'dynamics_nodes_failures')).toBe(get('checkpoint.s1', 'dynamics_nodes_failures'));
    expect(get('reschedule.s1', 'jobs_submitted')).toBe(get('checkpoint.s1', 'jobs_submitted'));
    const events = (id: string) => readFileSync(join(out, 'runs', id, 'system-events.csv'), 'utf8').split('\n').filter((l) => l.includes(',node-failed,'));
    expect(events('reschedule.s1')).toEqual(events('checkpoint.s1'));
    expect(events('reschedule.s1')).not.toEqual(events('reschedule.s2'));
  });

  it('takes the fields of a variant and the grid over scenario paths; errors name the config field', async () => {
    const grid = writeConfig(dir, `${STUDY.replace('seeds: [1, 2]', 'seeds: [1]')}grid:\n  scenario.failures.0.duration: [3600, 10800]\n`, 'zone-grid.yaml');
    const g = await runMain(['validate', grid]);
    expect(g.stderr).toBe('');
    expect(g.stdout).toMatch(/valid; 4 runs \(2 variant\(s\) x 2 grid point\(s\) x 1 seed\(s\)\)/);
    const cases: [string, RegExp][] = [
      [STUDY.replace('interval: 3600', 'interval: -5'), /zone-bad\.yaml:6: recovery policy checkpoint-restart: Too small: .* \(field variants\.1\.recovery\.params\.interval, value "-5"\)/],
      [STUDY.replace('recovery: reschedule', 'recovery: reschedul'), /zone-bad\.yaml:4: Invalid option: expected one of "reschedule"\|"restart-in-place"\|"checkpoint-restart" \(field variants\.0\.recovery/],
      [`${STUDY}grid:\n  scenario.failures.5.duration: [3600]\n`, /zone-bad\.yaml:9: the scenario has no failures\[5\] \(field grid\["scenario\.failures\.5\.duration"\]\.0, value "3600"\)/],
      [STUDY.replace('    recovery: reschedule\n', '    scenario: { horizon: -1 }\n'), /zone-bad\.yaml:4: Too small: .* \(field variants\.0\.scenario\.horizon, value "-1"\)/],
      [STUDY.replace('    recovery: reschedule\n', '    expander: random\n'), /zone-bad\.yaml:4: the scenario has no clusterAutoscaler \(field variants\.0\.expander, value "random"\)/],
      [STUDY.replace('    recovery: reschedule\n', '    reconcile: interval\n'), /zone-bad\.yaml:4: configuration reconciler interval: .* \(field variants\.0\.reconcile\.params\.interval, value "missing"\)/],
      [`${STUDY}cluster: { procs: 4 }\n`, /a scenario describes its own cluster .*\(field cluster/],
    ];
    for (const [text, message] of cases) {
      const r = await runMain(['validate', writeConfig(dir, text, 'zone-bad.yaml')]);
      expect(r.code, text).toBe(2);
      expect(r.stderr, text).toMatch(message);
    }
  });
});

describe('the Kubernetes-style scheduler in a trace study', () => {
  it('compares KubeSchedulerConfigurations (MostAllocated vs LeastAllocated) as variants, each file an input', async () => {
    const config = writeConfig(
      dir,
      `workload:\n  trace: kth-small.swf\ncluster: { procs: 100, procs_per_node: 4 }\nvariants:\n  - name: most\n    scheduler: { name: kube, params: { config: ${MOST} } }\n  - name: least\n    scheduler: { name: kube, params: { config: ${LEAST} } }\n  - name: batch\n`,
      'kube.yaml',
    );
    const out = join(dir, 'kube');
    const result = await runStudy({ configFile: config, out, workers: 1, progress: new Quiet() });
    expect(result.failures).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { role: string; file: string }) => `${i.role}:${i.file}`)).toEqual(['trace:kth-small.swf', 'scheduler-config:most-allocated.yaml', 'scheduler-config:least-allocated.yaml']);
    const run = JSON.parse(readFileSync(join(out, 'runs', 'most.s1', 'manifest.json'), 'utf8'));
    expect(run.options.scheduler).toEqual({ kind: 'kube', config: 'most-allocated.yaml' });
    expect(JSON.parse(readFileSync(join(out, 'runs', 'most.s1', 'summary.json'), 'utf8')).policy).toMatch(/kube|framework/i);
    // Packing and spreading place the same jobs on different nodes.
    const nodes = (id: string) => (parse(readFileSync(join(out, 'runs', id, 'jobs.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => r.nodes);
    expect(nodes('most.s1')).not.toEqual(nodes('least.s1'));
    // The same as simulate --scheduler-config.
    const sim = join(dir, 'kube-sim');
    const r = cli(['simulate', '--trace', join(dir, 'kth-small.swf'), '--procs', '100', '--procs-per-node', '4', '--scheduler-config', LEAST, '--out', sim]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'runs', 'least.s1', 'jobs.csv'), 'utf8')).toBe(readFileSync(join(sim, 'jobs.csv'), 'utf8'));
  });
});
