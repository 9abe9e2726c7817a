/**
 * The app in real Chromium, opened on a results directory by `clusterlab view`:
 * every view drawn with the expected series, state in the URL, brushing zooms
 * the node timeline, CSV export, names with HTML shown as text, and no console
 * errors, CSP violations or requests elsewhere. Screenshots of each view go to
 * test/output/screenshots/.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SMALL_STUDY, studyFiles, variantName } from '../../viz/gallery/fixture.ts';
import { launch, screenshot, startView, stop, waitForState, watchedPage, type Problems } from './browser.ts';

const HOSTILE_ID = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_USER = '<b>bold</b>&amp;';

describe('clusterlab view in Chromium', () => {
  let browser: Browser;
  let child: ChildProcess | undefined;
  let url: string;
  let page: Page;
  let problems: Problems;
  const spec = { ...SMALL_STUDY, extended: true };
  const variants = spec.variants.map(variantName);
  const runs = spec.loads.length * spec.seeds.length * spec.variants.length;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'view-e2e-'));
    for (const [path, text] of studyFiles(spec)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    // A job whose id and user are HTML: they must show as text.
    const jobs = join(dir, 'runs/r000/jobs.csv');
    const lines = readFileSync(jobs, 'utf8').split('\n');
    const cells = lines[1]!.split(',');
    const header = lines[0]!.split(',');
    cells[header.indexOf('job_id')] = `"${HOSTILE_ID.replace(/"/g, '""')}"`;
    cells[header.indexOf('user')] = HOSTILE_USER;
    lines[1] = cells.join(',');
    writeFileSync(jobs, lines.join('\n'));
    [browser, { url, child }] = await Promise.all([launch(), startView(dir)]);
    ({ page, problems } = await watchedPage(browser, new URL(url).origin));
    await page.goto(url);
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
  });

  afterAll(async () => {
    await browser?.close();
    await stop(child);
  });

  it('serves on 127.0.0.1 and draws every view with the expected series', async () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const series = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('svg[data-view]')].map((svg) => {
          const byPanel: Record<string, string[]> = {};
          for (const g of svg.querySelectorAll('[data-series]')) (byPanel[g.getAttribute('data-panel') ?? ''] ??= []).push(g.getAttribute('data-series')!);
          return [svg.getAttribute('data-view'), byPanel];
        }),
      ),
    );
    expect(Object.keys(series)).toEqual(['utilization', 'queue', 'scaling', 'cdf', 'strip', 'forest', 'gantt', 'reliability', 'rollout', 'heatmap']);
    expect(series.utilization).toEqual({ utilization_cpu: variants });
    expect(series.queue).toEqual({ queued: variants, running: variants });
    expect(series.scaling).toEqual({ replicas: variants, nodes_up: variants, cost: variants });
    expect(series.cdf).toEqual({ wait: variants, response: variants, boundedSlowdown: variants });
    for (const m of ['mean_wait', 'p95_wait', 'mean_bounded_slowdown', 'utilization_cpu', 'makespan', 'throughput']) {
      expect(series.strip![m]).toEqual(variants);
      expect(series.forest![m]).toEqual(variants.slice(1));
    }
    expect(series.gantt).toEqual({ '': [variants[0]] });
    expect(Object.keys(series.reliability!)).toEqual(['availability', 'mttr', 'lost_work', 'slo_minutes']);
    // One lane per run of the grid point shown (the first: the views never pool grid points).
    expect(series.rollout!['']).toHaveLength(runs / spec.loads.length);
    expect(series.heatmap).toEqual({ '': ['mean_wait'] });
    for (const view of Object.keys(series)) await screenshot(page, `#view-${view}`, view);
  });

  it('shows names that contain HTML as text', async () => {
    const found = await page.evaluate((id) => [...document.querySelectorAll('#view-gantt title')].some((t) => t.textContent!.startsWith(`job ${id} (user `)), HOSTILE_ID);
    expect(found).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('#views img, #views b').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('exports a chart as CSV and SVG', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#view-strip button:text-is("CSV")')]);
    expect(csv.suggestedFilename()).toBe('clusterlab-strip.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('metric,variant,run_id,seed,value');
    expect(text.trim().split('\n')).toHaveLength(1 + (6 * runs) / spec.loads.length);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#view-forest button:text-is("SVG")')]);
    expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<\?xml[^]*<svg[^>]*data-view="forest"/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#view-cdf button:text-is("PNG")')]);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(2 * Number((await page.getAttribute('#view-cdf svg', 'width'))!));
  });

  it('opens a folder chosen in the picker, and files dropped on the page', async () => {
    const run = mkdtempSync(join(tmpdir(), 'picked-'));
    const files = studyFiles(SMALL_STUDY);
    mkdirSync(join(run, 'one-run'));
    for (const f of ['jobs.csv', 'timeseries.csv', 'summary.json']) writeFileSync(join(run, 'one-run', f), files.get(`runs/r001/${f}`)!);
    await page.setInputFiles('#pick-folder', join(run, 'one-run'));
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await page.textContent('#status')).toMatch(/^sjf\+easy\+first-fit: 1 run, 1 variant$/);
    expect(await page.locator('svg[data-view]').count()).toBe(5);
    // A drop of plain files (the drop zone reads them the same way).
    const texts = Object.fromEntries(['timeseries.csv', 'summary.json'].map((f) => [f, files.get(`runs/r002/${f}`)!]));
    await page.evaluate(async (t) => {
      const transfer = new DataTransfer();
      for (const [name, text] of Object.entries(t)) transfer.items.add(new File([text], name));
      document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, texts);
    await page.waitForFunction(() => document.getElementById('status')!.textContent!.startsWith('fcfs+none+first-fit'));
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await page.evaluate(() => [...document.querySelectorAll('svg[data-view]')].map((s) => s.getAttribute('data-view')))).toEqual(['utilization', 'queue', 'strip']);
    await page.goto(url);
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
  });

  it('zooms the node timeline by brushing the utilization chart, and keeps it in the URL', async () => {
    const before = await page.locator('#view-gantt rect.job').count();
    const overlay = page.locator('#view-utilization [data-brush] .overlay');
    await overlay.scrollIntoViewIfNeeded();
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => location.hash.includes('window='));
    // The views redraw on the next animation frame: wait for the zoomed timeline, not for the hash alone.
    await page.waitForFunction(() => document.querySelector('#view-gantt svg')?.textContent?.includes('zoomed') === true);
    const after = await page.locator('#view-gantt rect.job').count();
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    expect(await page.locator('#view-gantt svg').textContent()).toContain('zoomed');
  });

  it('opens a shared URL on the view and options it names', async () => {
    await page.goto(`${url}#view=forest&metrics=mean_wait,makespan&metric=makespan`);
    await page.waitForSelector('#view-forest.shared');
    const panels = await page.evaluate(() => [...new Set([...document.querySelectorAll('#view-forest [data-panel]')].map((g) => g.getAttribute('data-panel')))]);
    expect(panels).toEqual(['mean_wait', 'makespan']);
    expect(await page.locator('#view-heatmap svg title').first().textContent()).toContain('makespan');
  });

  it('draws the same views in the gallery page', async () => {
    await page.goto(new URL('gallery.html', url).href);
    expect(await waitForState(page, ['ready'])).toBe('ready');
    const views = await page.evaluate(() => [...document.querySelectorAll('svg[data-view]')].map((s) => s.getAttribute('data-view')));
    expect(views).toEqual(['utilization', 'queue', 'scaling', 'cdf', 'strip', 'forest', 'gantt', 'reliability', 'rollout', 'heatmap']);
  });

  it('had no console errors, CSP violations or requests to other origins', () => {
    expect(problems).toEqual({ console: [], csp: [], requests: [] });
  });
});
