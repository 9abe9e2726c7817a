/**
 * `clusterlab plot` against the app in Chromium: for every view of the CLI's
 * scenario and grid study, the SVG the app exports (its SVG button) and the
 * one plot writes for the same view, data and width at the app's 12 px text
 * are the same bytes once ids are numbered within the figure (the app numbers
 * them across the page; viz/plot/ids.ts). The app's file is parsed and written
 * again by jsdom before that, so that two serializers' choices of escaping
 * cannot differ where the markup does not; and numbers are compared to 8
 * decimals: Node's and Chromium's JavaScript engines can differ in the last
 * bit of Math.log or Math.pow (seen: a log-scale tick at 48.53020630844601 in
 * Node, 48.53020630844602 in Chromium).
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { stableIds } from '../../viz/plot/ids.ts';
import { plotFigures } from '../../viz/plot/plot-dir.ts';
import { scenarioResults, studyResults } from '../viz/cli-results.ts';
import { launch, startView, stop, waitForState, watchedPage } from './browser.ts';

function renumbered(text: string): string {
  const dom = new JSDOM(text, { contentType: 'image/svg+xml' });
  const svg = dom.window.document.documentElement;
  stableIds(svg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new dom.window.XMLSerializer().serializeToString(svg)}\n`;
}

/** Numbers with more than 8 decimals rounded to 8. */
const lastBits = (text: string) => text.replace(/\d+\.\d{9,}/g, (x) => Number(x).toFixed(8));

async function exported(page: Page, view: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#view-${view} button:text-is("SVG")`)]);
  return readFileSync((await download.path())!, 'utf8');
}

async function plotted(dir: string, view: string, width: number, name: string): Promise<string> {
  const result = await plotFigures(dir, {
    views: [view],
    metrics: [],
    format: 'svg',
    width,
    fontSize: 12,
    unknownMetric: (m) => new Error(m),
    noResults: (r) => new Error(r),
  });
  return String(result.files.find((f) => f.name === `${name}.svg`)!.content);
}

describe('plot writes the SVG the app exports', () => {
  let browser: Browser;
  const children: ChildProcess[] = [];
  const sites: { dir: string; url: string }[] = [];

  beforeAll(async () => {
    const launched = launch();
    const dirs = await Promise.all([scenarioResults(), studyResults()]);
    const [b, ...views] = await Promise.all([launched, ...dirs.map((d) => startView(d))]);
    browser = b;
    views.forEach((v, i) => {
      children.push(v.child);
      sites.push({ dir: dirs[i]!, url: v.url });
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const c of children) await stop(c);
  });

  it.each([
    ['the scenario', 0],
    ['the study', 1],
  ])('for every view of %s', async (_name, i) => {
    const { dir, url } = sites[i as number]!;
    const { page } = await watchedPage(browser, new URL(url).origin);
    await page.goto(url);
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    const views = await page.evaluate(() => [...document.querySelectorAll('svg[data-view]')].map((s) => s.getAttribute('data-view')!));
    expect(views.length).toBeGreaterThanOrEqual(7);
    for (const view of views) {
      const app = await exported(page, view);
      const width = Number(/<svg[^>]* width="(\d+)"/.exec(app)![1]);
      const metric = view === 'heatmap' ? /data-series="([^"]+)"/.exec(app)?.[1] : undefined;
      const name = view === 'heatmap' ? `heatmap-${/<title[^>]*>[^<]*?: ([a-z_0-9]+)/.exec(app)?.[1] ?? metric}` : view;
      const mine = await plotted(dir, view, width, name);
      expect(lastBits(mine), view).toBe(lastBits(renumbered(app)));
    }
    await page.close();
  });
});
