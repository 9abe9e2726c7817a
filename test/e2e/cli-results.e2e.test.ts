/**
 * The app in Chromium on results directories the CLI writes in this test:
 * `clusterlab scenario` on a small scenario (failures, autoscaling, a rollout,
 * drift) and `clusterlab run` on a small study over a grid. Every view the data
 * supports is drawn with the expected series, failures are annotated and shaded,
 * the statistics are summary.json's to the last digit, one grid point at a time,
 * and there are no console errors, CSP violations or requests elsewhere.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { scenarioResults, STUDY, studyResults } from '../viz/cli-results.ts';
import { launch, screenshot, startView, stop, waitForState, watchedPage, type Problems } from './browser.ts';

/** Per view, per panel, the series drawn (data-series of each group). */
function seriesOf(page: Page): Promise<Record<string, Record<string, string[]>>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('svg[data-view]')].map((svg) => {
        const byPanel: Record<string, string[]> = {};
        for (const g of svg.querySelectorAll('[data-series]')) (byPanel[g.getAttribute('data-panel') ?? ''] ??= []).push(g.getAttribute('data-series')!);
        return [svg.getAttribute('data-view'), byPanel];
      }),
    ),
  );
}

const count = (page: Page, selector: string) => page.locator(selector).count();

describe('results written by the CLI, in Chromium', () => {
  let browser: Browser;
  const children: ChildProcess[] = [];
  let scenario: { dir: string; url: string };
  let study: { dir: string; url: string };
  let page: Page;
  let problems: Problems;

  beforeAll(async () => {
    // The CLI's runs and the browser's start together (two cores).
    const launched = launch();
    const [sDir, tDir] = await Promise.all([scenarioResults(), studyResults()]);
    const [b, s, t] = await Promise.all([launched, startView(sDir), startView(tDir)]);
    browser = b;
    children.push(s.child, t.child);
    scenario = { dir: sDir, url: s.url };
    study = { dir: tDir, url: t.url };
    // Two origins (two ports): requests to either are the app's own.
    ({ page, problems } = await watchedPage(browser, new URL(scenario.url).origin));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const c of children) await stop(c);
  });

  it('draws a scenario: its variants, system events as annotations, down time, dynamics and rollouts', async () => {
    await page.goto(scenario.url);
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await page.textContent('#status')).toBe('viz-small: 2 runs, 2 variants');
    const variants = ['reschedule', 'checkpoint-restart'];
    const series = await seriesOf(page);
    expect(Object.keys(series)).toEqual(['utilization', 'queue', 'scaling', 'cdf', 'strip', 'forest', 'gantt', 'reliability', 'rollout']);
    expect(series.utilization).toEqual({ utilization_cpu: variants, utilization_memory: variants });
    expect(series.queue).toEqual({ queued: variants, running: variants });
    expect(Object.keys(series.scaling!)).toEqual(['nodes', 'nodes_up', 'nodes_ready', 'cost', 'replicas', 'replicas_ready']);
    for (const v of Object.values(series.scaling!)) expect(v).toEqual(variants);
    expect(series.cdf).toEqual({ wait: variants, response: variants, boundedSlowdown: variants });
    for (const v of Object.values(series.strip!)) expect(v).toEqual(variants);
    for (const v of Object.values(series.forest!)) expect(v).toEqual(['checkpoint-restart']);
    expect(Object.keys(series.reliability!)).toEqual(['nodes_availability', 'nodes_mttr_observed', 'recovery_work_lost_cpu_seconds', 'services_total_mean_availability', 'services_total_slo_violation_minutes']);
    expect(series.rollout).toEqual({ '': ['reschedule', 'checkpoint-restart'] });
    // Annotations of every kind the scenario has, and none of the echoes (node-down, node-up).
    const categories = await page.evaluate(() => [...new Set([...document.querySelectorAll('#view-utilization .event')].map((e) => e.getAttribute('data-category')))].sort());
    expect(categories).toEqual(['detection', 'drift', 'failure', 'recovery', 'rollout', 'scale']);
    expect(await page.locator('#view-utilization .event[data-type="node-failed"] title').textContent()).toMatch(/^node-failed ×6 at 5,400 s .* on worker-0, worker-2, worker-4 until 6,600 s; every run/);
    // The failed nodes' rows shaded in the node timeline.
    expect(await count(page, '#view-gantt rect.down-time[data-kind="failed"]')).toBe(3);
    expect(await page.locator('#view-gantt svg desc').textContent()).toMatch(/3 node down times shaded/);
    // The dynamics as summary.json has them (the reliability table shows the runs' values).
    const summary = JSON.parse(readFileSync(join(scenario.dir, 'reschedule', 'summary.json'), 'utf8'));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#view-reliability button:text-is("CSV")')]);
    const rows = readFileSync((await csv.path())!, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(rows.find((r) => r[0] === 'nodes_availability' && r[1] === 'reschedule')![3]).toBe(String(summary.dynamics.nodes.availability));
    for (const view of ['utilization', 'scaling', 'gantt', 'reliability', 'rollout']) await screenshot(page, `#view-${view}`, `scenario-${view}`);
  });

  it('draws a study: one grid point at a time, its statistics those of summary.json to the last digit', async () => {
    await page.goto(study.url);
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    const series = await seriesOf(page);
    expect(Object.keys(series)).toEqual(['utilization', 'queue', 'cdf', 'strip', 'forest', 'gantt', 'heatmap']);
    expect(series.utilization).toEqual({ utilization_cpu: STUDY.variants, utilization_memory: STUDY.variants });
    expect(series.queue).toEqual({ queued: STUDY.variants, running: STUDY.variants });
    expect(series.cdf).toEqual({ wait: STUDY.variants, response: STUDY.variants, boundedSlowdown: STUDY.variants });
    for (const v of Object.values(series.strip!)) expect(v).toEqual(STUDY.variants);
    for (const v of Object.values(series.forest!)) expect(v).toEqual(STUDY.variants.slice(1));
    // The job event log (events.csv) is not taken for system events.
    expect(await count(page, '#view-utilization .event')).toBe(0);
    // Every view but the heatmap has the grid-point selector, on the first point; 9 runs (3 variants x 3 seeds) per point.
    expect(await count(page, 'select.grid-point')).toBe(6);
    expect(await count(page, '#view-heatmap select.grid-point')).toBe(0);
    expect(await count(page, '#view-strip [data-panel="mean_wait"] circle.run')).toBe(9);
    expect(await page.locator('#view-strip svg > text').nth(1).textContent()).toBe('dots: runs; tick: mean over seeds; bar: its 95% confidence interval (Student t, n = 3 seeds) at simulation.overrun=run');
    expect(await page.locator('#view-utilization svg > text').nth(1).textContent()).toMatch(/band: 95% confidence interval of the mean \(Student t, n = 3 seeds\) at simulation\.overrun=run$/);
    expect(await count(page, '#view-heatmap .cell')).toBe(STUDY.grid.values.length * STUDY.variants.length);
    // The forest plot's numbers, exported as CSV, are summary.json's, digit for digit.
    const summary = JSON.parse(readFileSync(join(study.dir, 'summary.json'), 'utf8'));
    const check = async (point: number) => {
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#view-forest button:text-is("CSV")')]);
      const [head, ...rows] = readFileSync((await csv.path())!, 'utf8').trim().split('\n').map((l) => l.split(','));
      expect(head).toEqual(['metric', 'variant', 'baseline', 'pairs', 'mean_difference', 'sd', 'ci95_lo', 'ci95_hi', 't', 'p', 'significant', 'baseline_mean']);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const d = summary.differences.find((x: { variant: string; point: number }) => x.variant === r[1] && x.point === point).metrics[r[0]!];
        expect(r.slice(3, 11), `${r[0]} ${r[1]} point ${point}`).toEqual([d.n, d.mean, d.sd, d.ci_low, d.ci_high, d.t, d.p, d.significant].map((x) => (x === null ? '' : String(x))));
      }
    };
    await check(0);
    // The second point: chosen in any figure, kept in the URL, every per-point view follows.
    await page.locator('#view-strip select.grid-point').selectOption(`${STUDY.grid.key}=cut`);
    await page.waitForFunction(() => location.hash.includes('point='));
    expect(decodeURIComponent(page.url())).toContain(`point=${STUDY.grid.key}=cut`);
    const titles = await page.evaluate(() => [...document.querySelectorAll('#view-strip circle.run title')].map((t) => t.textContent!));
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((t) => /^\S+\.p1\.s\d /.test(t))).toBe(true);
    expect(await page.locator('#view-forest select.grid-point').inputValue()).toBe(`${STUDY.grid.key}=cut`);
    await check(1);
    for (const view of ['strip', 'forest', 'heatmap']) await screenshot(page, `#view-${view}`, `study-${view}`);
  });

  it('had no console errors, CSP violations or requests to other origins', () => {
    // The study is served on a second port: its requests are its own origin's.
    const other = new URL(study.url).origin;
    expect({ ...problems, requests: problems.requests.filter((r) => !r.startsWith(other)) }).toEqual({ console: [], csp: [], requests: [] });
  });
});
