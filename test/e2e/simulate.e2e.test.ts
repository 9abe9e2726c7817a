/**
 * Simulations run in the browser (Chromium, Web Workers through comlink): the
 * summary.json of a run on the bundled KTH log is byte for byte the CLI's and
 * jobs.csv has the same hash; Cancel stops a run; a local canonical trace whose
 * job ids and users are HTML shows them as text; no console errors, CSP
 * violations or requests to other origins.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCliAsync, tempDir } from '../viz/cli-results.ts';
import { launch, screenshot, startView, stop, waitForState, watchedPage, type Problems } from './browser.ts';

const KTH = resolve('traces/samples/KTH-SP2-1996-2.1-cln.swf.gz');
const OPENB_PODS = resolve('traces/samples/openb_pod_list_default.csv');
const OPENB_NODES = resolve('traces/samples/openb_node_list_gpu_node.csv');

describe('simulations in the browser', () => {
  let browser: Browser;
  let child: ChildProcess | undefined;
  let page: Page;
  let problems: Problems;
  let cli: string;
  let openb: string;
  let openbRun: Promise<string>;

  beforeAll(async () => {
    // The CLI's run of the openb sample, meanwhile (the browser's is compared with it below).
    openb = tempDir('sim-e2e-openb-');
    openbRun = runCliAsync(['simulate', '-t', OPENB_PODS, '--cluster', OPENB_NODES, '--placement', 'fgd', '--fill', '0.1', '--seed', '2', '--out', openb]);
    cli = mkdtempSync(join(tmpdir(), 'sim-e2e-'));
    const r = spawnSync(process.execPath, [resolve('bin/clusterlab.js'), 'simulate', '--trace', KTH, '--queue', 'sjf', '--backfill', 'easy', '--placement', 'best-fit', '--seed', '2', '--out', cli], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    let url: string;
    [browser, { url, child }] = await Promise.all([launch(), startView(cli)]);
    ({ page, problems } = await watchedPage(browser, new URL(url).origin));
    // The app's root, without opening the served results: this page only runs simulations.
    await page.goto(new URL('./', url).href);
  });

  afterAll(async () => {
    await browser?.close();
    await stop(child);
  });

  it('lays out the landing form inside its panel from 1280 to 1920 px wide', async () => {
    for (const width of [1280, 1600, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(() => {
        const out: string[] = [];
        if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
        for (const panel of document.querySelectorAll('.panel')) {
          const p = panel.getBoundingClientRect();
          for (const el of panel.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0) continue;
            if (r.right > p.right + 0.5 || r.left < p.left - 0.5) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${Math.round(r.left)}-${Math.round(r.right)} outside ${Math.round(p.left)}-${Math.round(p.right)}`);
          }
        }
        // A hint is one paragraph: its code spans do not break inside.
        for (const code of document.querySelectorAll('#run-form .hint code')) if (code.getClientRects().length > 1) out.push(`code "${code.textContent}" broken across lines`);
        return out;
      });
      expect(overflow, `at ${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('gives the CLI summary.json bytes and jobs.csv hash for the same trace, policy and seed', async () => {
    await page.selectOption('#trace-sample', 'kth');
    await page.click('#variant-list button'); // remove the default variant
    await page.selectOption('#pick-queue', 'sjf');
    await page.selectOption('#pick-backfill', 'easy');
    await page.selectOption('#pick-placement', 'best-fit');
    await page.click('#add-variant');
    await page.fill('#seeds', '2');
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error', 'cancelled'], 120_000)).toBe('done');
    const pre = page.locator('#browser-runs pre.summary-json');
    expect(await pre.count()).toBe(1);
    expect(await pre.textContent()).toBe(readFileSync(join(cli, 'summary.json'), 'utf8'));
    expect(await pre.getAttribute('data-jobs-sha256')).toBe(createHash('sha256').update(readFileSync(join(cli, 'jobs.csv'))).digest('hex'));
    // The charts filled in from the browser's run.
    const views = await page.evaluate(() => [...document.querySelectorAll('svg[data-view]')].map((s) => s.getAttribute('data-view')));
    expect(views).toEqual(['utilization', 'queue', 'cdf', 'strip', 'gantt']);
    expect(page.url()).toContain('variants=sjf%2Beasy%2Bbest-fit');
    await screenshot(page, 'body', 'browser-run');
  });

  it('stops when cancelled', async () => {
    await page.selectOption('#pick-backfill', 'conservative');
    await page.click('#add-variant');
    // Enough runs (2 variants x 100 seeds) that they cannot all finish before the click lands, however fast the machine.
    await page.fill('#seeds', '1-100');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.state === 'running');
    await page.click('#cancel');
    expect(await waitForState(page, ['cancelled', 'done', 'error'])).toBe('cancelled');
    expect(await page.textContent('#status')).toMatch(/^cancelled after \d+ of 200 runs$/);
    expect(await page.isDisabled('#cancel')).toBe(true);
  });

  it('shows job ids and users that are HTML as text, from a local canonical trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-trace-'));
    const nodes = [0, 1, 2, 3].map((i) => ({ id: `n${i}`, capacity: { cpu: 1 } }));
    const lines = [
      JSON.stringify({ format: 'clusterlab-workload', version: 1, source: { format: 'test', file: 'x' }, cluster: { resources: ['cpu'], nodes } }),
      JSON.stringify({ id: '<img src=x onerror="window.__pwned=1">', submit: 0, tasks: 2, request: { cpu: 1 }, runtime: 100, estimate: 100, user: '<script>window.__pwned=2</script>' }),
      JSON.stringify({ id: '<b>two</b>', submit: 5, tasks: 1, request: { cpu: 1 }, runtime: 50, estimate: 60, user: 'a&amp;b' }),
    ];
    const file = join(dir, 'hostile.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await page.click('#variant-list button');
    await page.click('#variant-list button');
    await page.selectOption('#pick-backfill', 'easy');
    await page.click('#add-variant');
    await page.fill('#seeds', '1');
    await page.setInputFiles('#trace-file', file);
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error', 'cancelled'])).toBe('done');
    const titles = await page.evaluate(() => [...document.querySelectorAll('#view-gantt rect.job title')].map((t) => t.textContent));
    expect(titles).toHaveLength(2);
    expect(titles[0]).toMatch(/^job <img src=x onerror="window.__pwned=1"> \(user <script>window.__pwned=2<\/script>\)/);
    expect(titles[1]).toMatch(/^job <b>two<\/b> \(user a&amp;b\)/);
    expect(await page.evaluate(() => document.querySelectorAll('#views img, #views script, #views b').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('runs the openb pods on their GPU node list with FGD and a fill, giving clusterlab simulate’s summary.json bytes', async () => {
    await page.setInputFiles('#trace-file', []);
    await page.selectOption('#trace-sample', 'openb');
    while ((await page.locator('#variant-list button').count()) > 0) await page.click('#variant-list button');
    await page.selectOption('#pick-queue', 'fcfs');
    await page.selectOption('#pick-backfill', 'easy');
    await page.selectOption('#pick-placement', 'fgd');
    await page.click('#add-variant');
    await page.fill('#seeds', '2');
    await page.fill('#fill', '0.1');
    await page.locator('#fill').dispatchEvent('change');
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error', 'cancelled'], 120_000)).toBe('done');
    await openbRun;
    const pre = page.locator('#browser-runs pre.summary-json');
    expect(await pre.count()).toBe(1);
    const expected = readFileSync(join(openb, 'summary.json'), 'utf8');
    expect(JSON.parse(expected).gpu_allocation_at_demand).toBeDefined();
    expect(await pre.textContent()).toBe(expected);
    expect(await pre.getAttribute('data-jobs-sha256')).toBe(createHash('sha256').update(readFileSync(join(openb, 'jobs.csv'))).digest('hex'));
    expect(page.url()).toMatch(/trace=openb.*fill=0\.1.*ran=1/);
  });

  it('runs the runs of a shared link again, so its charts are the ones that were shared', async () => {
    const link = page.url();
    const other = await watchedPage(browser, new URL(link).origin);
    await other.page.goto(link);
    expect(await waitForState(other.page, ['done', 'error', 'cancelled'], 120_000)).toBe('done');
    expect(await other.page.locator('#browser-runs pre.summary-json').textContent()).toBe(readFileSync(join(openb, 'summary.json'), 'utf8'));
    expect(await other.page.locator('svg[data-view]').count()).toBeGreaterThan(3);
    // Changing the form means the charts no longer show it: the link stops saying ran.
    await other.page.fill('#seeds', '3');
    await other.page.locator('#seeds').dispatchEvent('change');
    expect(other.page.url()).not.toContain('ran=1');
    expect(other.problems).toEqual({ console: [], csp: [], requests: [] });
    await other.page.close();
  });

  it('had no console errors, CSP violations or requests to other origins', () => {
    expect(problems).toEqual({ console: [], csp: [], requests: [] });
  });
});
