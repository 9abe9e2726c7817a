// @vitest-environment jsdom
/**
 * The app reads what the project's own commands write: a scenario's variants,
 * system events and dynamics metrics (`clusterlab scenario --out`), and a
 * study's runs, job event logs and statistics (`clusterlab run`), to the last
 * digit of summary.json and `clusterlab compare`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadJobs, loadResults } from '../../viz/data/load.ts';
import type { ResultsData } from '../../viz/data/model.ts';
import { gridPoints } from '../../viz/data/grid.ts';
import { metricByVariant, pairedDifferences } from '../../viz/data/stats.ts';
import { downTimes, ganttView } from '../../viz/views/gantt.ts';
import { reliabilityMetrics, reliabilityView } from '../../viz/views/reliability.ts';
import { rolloutView } from '../../viz/views/rollout.ts';
import { utilizationView } from '../../viz/views/utilization.ts';
import { all, seriesByPanel } from './fixture.ts';
import { dirSource, runCli, scenarioResults, STUDY, studyResults } from './cli-results.ts';

describe('a scenario written by clusterlab scenario', () => {
  let dir: string;
  let data: ResultsData;
  beforeAll(async () => {
    dir = await scenarioResults();
    const src = dirSource(dir);
    data = await loadResults(src);
    for (const r of data.runs) r.jobs = await loadJobs(src, r);
  }, 60_000);

  it('has one variant per scenario variant, named as the scenario names them', () => {
    expect(data.kind).toBe('runs');
    expect(data.title).toBe('viz-small');
    // In the scenario's order (comparison.csv), so its first variant is the baseline.
    expect(data.runs.map((r) => r.variant)).toEqual(['reschedule', 'checkpoint-restart']);
    expect(data.baseline).toBe('reschedule');
    expect(data.variants).toHaveLength(2);
    expect(data.runs.every((r) => r.seed === 3)).toBe(true);
  });

  it('reads system-events.csv, pairing each failure with its repair and naming nodes by index', () => {
    const run = data.runs.find((r) => r.variant === 'reschedule')!;
    const text = readFileSync(join(dir, 'reschedule', 'system-events.csv'), 'utf8');
    expect(run.events).toHaveLength(text.trim().split('\n').length - 1);
    const failed = run.events!.filter((e) => e.type === 'node-failed');
    expect(failed.map((e) => [e.node, e.nodeIndex, e.category])).toEqual([
      ['worker-0', 0, 'failure'],
      ['worker-2', 2, 'failure'],
      ['worker-4', 4, 'failure'],
    ]);
    const repaired = (node: string) => run.events!.find((e) => e.type === 'node-repaired' && e.node === node)!.time;
    for (const e of failed) expect(e.end).toBe(repaired(e.node!));
    // Nodes the cluster autoscaler added come after the initial six.
    const added = run.events!.filter((e) => e.type === 'node-added');
    expect(added.map((e) => [e.node, e.nodeIndex])).toEqual([
      ['worker-6', 6],
      ['worker-7', 7],
    ]);
    expect(run.events!.find((e) => e.type === 'failure-detected')!.category).toBe('detection');
    expect(run.events!.find((e) => e.type === 'rack-outage')!.end).toBe(run.events!.find((e) => e.type === 'rack-restored')!.time);
    expect(run.events!.find((e) => e.type === 'rollout-start')!.end).toBe(run.events!.find((e) => e.type === 'rollout-complete')!.time);
    expect(run.events!.find((e) => e.type === 'node-down')!.category).toBe('other');
  });

  it('annotates failures on utilization and shades down time on the failed nodes', () => {
    const svg = utilizationView.render(data);
    const failures = all(svg, '.event[data-category="failure"]');
    expect(failures.length).toBeGreaterThan(0);
    const nodeFailed = all(svg, '.event[data-type="node-failed"]');
    expect(nodeFailed).toHaveLength(1);
    expect(nodeFailed[0]!.getAttribute('data-count')).toBe('6');
    expect(nodeFailed[0]!.querySelector('title')!.textContent).toMatch(/^node-failed ×6 at 5,400 s \(1\.5 hours\) on worker-0, worker-2, worker-4 until 6,600 s; every run/);
    expect(all(svg, '.event[data-category="other"]')).toHaveLength(0);
    const run = data.runs.find((r) => r.variant === 'reschedule')!;
    const failed = downTimes(run, 14400).filter((d) => d.kind === 'failed');
    expect(failed.map((d) => [d.node, d.start, d.end])).toEqual([
      [0, 5400, 6600],
      [2, 5400, 6600],
      [4, 5400, 6600],
    ]);
    const gantt = ganttView.render(data, { run: run.id });
    expect(all(gantt, 'rect.down-time[data-kind="failed"]')).toHaveLength(3);
    expect(all(gantt, 'rect.down-time title')[0]!.textContent).toMatch(/^node 0 \(worker-0\) failed from 5,400 s to 6,600 s \(20 min\)$/);
  });

  it('reads the dynamics of summary.json for the reliability view', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'reschedule', 'summary.json'), 'utf8'));
    const run = data.runs.find((r) => r.variant === 'reschedule')!;
    expect(run.metrics.nodes_availability).toBe(summary.dynamics.nodes.availability);
    expect(run.metrics.recovery_work_lost_cpu_seconds).toBe(summary.dynamics.recovery.work_lost_cpu_seconds);
    expect(run.metrics.services_total_slo_violation_minutes).toBe(summary.dynamics.services_total.slo_violation_minutes);
    expect(reliabilityMetrics(data)).toEqual(['nodes_availability', 'nodes_mttr_observed', 'recovery_work_lost_cpu_seconds', 'services_total_mean_availability', 'services_total_slo_violation_minutes']);
    const panels = seriesByPanel(reliabilityView.render(data));
    expect([...panels.keys()]).toEqual(reliabilityMetrics(data));
    for (const v of panels.values()) expect(v).toEqual(data.variants);
  });

  it('draws the rollout and drift timeline from the system events', () => {
    expect(rolloutView.available(data)).toBe(true);
    const svg = rolloutView.render(data);
    expect(all(svg, '[data-series]').map((g) => g.getAttribute('data-series'))).toEqual(data.runs.map((r) => r.id));
    expect(all(svg, 'rect.step')).toHaveLength(2);
    expect(all(svg, 'path.change title').some((t) => /^config-drift at /.test(t.textContent!))).toBe(true);
  });
});

describe('a study written by clusterlab run', () => {
  let dir: string;
  let data: ResultsData;
  let loaded: ResultsData;
  beforeAll(async () => {
    dir = await studyResults();
    data = loaded = await loadResults(dirSource(dir));
  }, 60_000);

  it('has its variants, grid points and seeds', () => {
    expect(data.kind).toBe('study');
    expect(data.variants).toEqual(STUDY.variants);
    expect(data.params).toEqual([STUDY.grid.key]);
    expect(gridPoints(data)).toEqual(STUDY.grid.values.map((v) => `${STUDY.grid.key}=${v}`));
    expect(data.runs).toHaveLength(18);
  });

  it('does not take the job event log (events.csv: time,type,job,detail) for system events', () => {
    const head = readFileSync(join(dir, 'runs', data.runs[0]!.id, 'events.csv'), 'utf8').split('\n')[0];
    expect(head).toBe('time,type,job,detail');
    expect(data.runs.every((r) => r.events === null)).toBe(true);
    expect(all(utilizationView.render(data), '.event')).toHaveLength(0);
  });

  // Read from summary.json when it holds this baseline; recomputed otherwise: both must give its numbers.
  for (const how of ['read from summary.json', 'recomputed from runs.csv'] as const) it(`gives every estimate and paired difference of summary.json and clusterlab compare, to the last digit, per grid point (${how})`, () => {
    const data = how === 'read from summary.json' ? loaded : { ...loaded, studySummary: null };
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    // What `clusterlab compare` prints, for every metric (its numbers are recomputed from runs.csv).
    type Row = { metric: string; variant: string; params: Record<string, string>; mean: number; ci_low: number | null; ci_high: number | null; diff_mean: number | null; diff_ci_low: number | null; diff_ci_high: number | null; diff_p: number | null };
    const compare = (JSON.parse(runCli(['compare', dir, '--format', 'json', '--metric', ...summary.metrics])) as { rows: Row[] }).rows;
    const points = gridPoints(data);
    let checked = 0;
    for (const metric of summary.metrics as string[]) {
      for (const [k, point] of points.entries()) {
        for (const v of metricByVariant(data, metric, point)) {
          const expected = summary.variants.find((x: { variant: string; point: number }) => x.variant === v.variant && x.point === k).metrics[metric];
          const e = v.estimate;
          expect([e.n, e.mean, e.sd, e.lo, e.hi]).toEqual([expected.n, expected.mean, expected.sd ?? NaN, expected.ci_low ?? NaN, expected.ci_high ?? NaN]);
          const row = compare.find((r) => r.metric === metric && r.variant === v.variant && r.params[STUDY.grid.key] === STUDY.grid.values[k])!;
          expect([e.mean, e.lo, e.hi]).toEqual([row.mean, row.ci_low ?? NaN, row.ci_high ?? NaN]);
          checked++;
        }
        for (const d of pairedDifferences(data, metric, point)) {
          const expected = summary.differences.find((x: { variant: string; point: number }) => x.variant === d.variant && x.point === k).metrics[metric];
          const e = d.estimate;
          expect([e.n, e.mean, e.sd, e.lo, e.hi, e.t, e.p, e.significant]).toEqual([expected.n, expected.mean, expected.sd ?? NaN, expected.ci_low ?? NaN, expected.ci_high ?? NaN, expected.t, expected.p, expected.significant]);
          const row = compare.find((r) => r.metric === metric && r.variant === d.variant && r.params[STUDY.grid.key] === STUDY.grid.values[k])!;
          expect([e.mean, e.lo, e.hi, e.p]).toEqual([row.diff_mean, row.diff_ci_low ?? NaN, row.diff_ci_high ?? NaN, row.diff_p]);
        }
      }
    }
    expect(checked).toBe(summary.metrics.length * 6);
    // The seeds differ, so these are real intervals: n is the seeds of one point.
    const wait = metricByVariant(data, 'mean_wait', points[1])[0]!.estimate;
    expect(wait.n).toBe(3);
    expect(wait.hi).toBeGreaterThan(wait.lo);
  });

  it('names a run of a study opened on its own by its manifest', async () => {
    const id = 'easy.p1.s2';
    const src = dirSource(join(dir, 'runs', id));
    const one = await loadResults(src);
    expect(one.runs[0]!.variant).toBe('easy');
    expect(one.runs[0]!.seed).toBe(2);
    expect(one.runs[0]!.params).toEqual({ [STUDY.grid.key]: 'cut' });
  });
});
