/**
 * Time to first chart of the browser app on a large study: 20 runs of 10^5
 * jobs (2 variants × 10 seeds of the synthetic workload, 1,000 processors,
 * offered load 0.85), laid out as `clusterlab run` writes a study, opened with
 * `clusterlab view` in headless Chromium. Measures, from navigation start:
 * the first chart (the utilization view, drawn from the time series), and
 * every run's jobs.csv loaded and all views drawn (the distributions pool
 * 2·10^6 jobs). Run alone with `npx tsx test/bench/viz-first-chart.ts [jobs]`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRow } from '../../experiments/results/csv.ts';
import { DEFAULT_OPTIONS } from '../../experiments/run/simulate.ts';
import { flattenNumbers } from '../../viz/data/load.ts';
import { runFiles } from '../../viz/gallery/fixture.ts';
import { launch, startView, stop } from '../e2e/browser.ts';
import { syntheticSwfLines } from '../../workloads/synthetic-swf.ts';

export interface VizBench {
  runs: number;
  jobs_per_run: number;
  directory_mb: number;
  generate_seconds: number;
  first_chart_ms: number;
  all_jobs_loaded_ms: number;
}

export async function vizFirstChart(jobs = 100_000, seeds = 10): Promise<VizBench> {
  const dir = mkdtempSync(join(tmpdir(), 'clusterlab-viz-bench-'));
  try {
    const t0 = performance.now();
    const { runs, bytes } = generateStudy(dir, jobs, seeds);
    const generate = (performance.now() - t0) / 1000;
    const timing = await measure(dir);
    return { runs, jobs_per_run: jobs, directory_mb: bytes / 2 ** 20, generate_seconds: generate, ...timing };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a study of 2 variants × `seeds` runs of `jobs` jobs into `dir`. */
export function generateStudy(dir: string, jobs: number, seeds: number): { runs: number; bytes: number } {
  const variants = [
    { queue: 'fcfs', backfill: 'easy' },
    { queue: 'sjf', backfill: 'easy' },
  ];
  let bytes = 0;
  const rows: string[] = [];
  let metricNames: string[] = [];
  let k = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const swf = [...syntheticSwfLines({ jobs, procs: 1000, load: 0.85, seed })].join('\n');
    for (const v of variants) {
      const id = `r${String(k++).padStart(2, '0')}`;
      const { files, summary } = runFiles(swf, { ...DEFAULT_OPTIONS, ...v, seed });
      mkdirSync(join(dir, 'runs', id), { recursive: true });
      for (const [name, text] of files) {
        writeFileSync(join(dir, 'runs', id, name), text);
        bytes += text.length;
      }
      const metrics = flattenNumbers(summary.metrics as Record<string, unknown>);
      metricNames = Object.keys(metrics);
      rows.push(csvRow([id, `${v.queue}+${v.backfill}+first-fit`, seed, 'ok', ...metricNames.map((m) => metrics[m])]));
    }
  }
  writeFileSync(join(dir, 'runs.csv'), csvRow(['run_id', 'variant', 'seed', 'status', ...metricNames]) + rows.join(''));
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ command: 'bench', runs: k }, null, 2)}\n`);
  return { runs: k, bytes };
}

/** Opens `dir` with clusterlab view in Chromium; times from navigation start, in ms. */
export async function measure(dir: string): Promise<{ first_chart_ms: number; all_jobs_loaded_ms: number }> {
  const [browser, { url, child }] = await Promise.all([launch(), startView(dir)]);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('first-chart').length > 0, null, { timeout: 300_000 });
    await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 600_000 });
    const state = await page.evaluate(() => document.body.dataset.state);
    if (state !== 'ready') throw new Error(`the app did not load the study: ${await page.textContent('#status')}`);
    // Every view drawn after the last jobs arrive (the app redraws on the next frame).
    await page.waitForFunction(() => document.querySelector('svg[data-view="cdf"]') !== null, null, { timeout: 60_000 });
    const timing = await page.evaluate(() => ({ first: performance.getEntriesByName('first-chart')[0]!.startTime, now: performance.now() }));
    if (process.env.VIZ_BENCH_MARKS) console.log(await page.evaluate(() => [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('measure')].map((m) => `${m.name} ${m.startTime.toFixed(0)} ${m.duration.toFixed(0)}`).join('\n')));
    return { first_chart_ms: timing.first, all_jobs_loaded_ms: timing.now };
  } finally {
    await browser.close();
    await stop(child);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `viz-first-chart.ts [jobs]`: generate, measure, clean up; `--dir DIR [jobs]`: keep a study in DIR and measure it (again).
  const at = process.argv.indexOf('--dir');
  if (at >= 0) {
    const dir = process.argv[at + 1]!;
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'runs.csv'))) generateStudy(dir, Number(process.argv[at + 2] ?? 100_000), 10);
    console.log(JSON.stringify(await measure(dir), null, 2));
  } else console.log(JSON.stringify(await vizFirstChart(Number(process.argv[2] ?? 100_000)), null, 2));
}
