/** Results fixtures for the view tests, loaded through the same loader as the app. */
import { loadJobs, loadResults } from '../../viz/data/load.ts';
import { memorySource } from '../../viz/data/memory-source.ts';
import type { ResultsData } from '../../viz/data/model.ts';
import { SMALL_STUDY, studyFiles, type FixtureSpec } from '../../viz/gallery/fixture.ts';

const cache = new Map<string, Map<string, string>>();

export function fixtureFiles(spec: FixtureSpec = SMALL_STUDY): Map<string, string> {
  const key = JSON.stringify(spec);
  if (!cache.has(key)) cache.set(key, studyFiles(spec));
  return cache.get(key)!;
}

export async function loadFixture(spec: FixtureSpec = SMALL_STUDY, withJobs = true): Promise<ResultsData> {
  const src = memorySource(fixtureFiles(spec));
  const data = await loadResults(src);
  if (withJobs) for (const run of data.runs) run.jobs = await loadJobs(src, run);
  return data;
}

export const EXTENDED: FixtureSpec = { ...SMALL_STUDY, extended: true };

/** Elements of an SVG matching a selector. */
export function all(svg: Element, selector: string): Element[] {
  return [...svg.querySelectorAll(selector)];
}

/** The series groups of a view, by panel. */
export function seriesByPanel(svg: Element): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of all(svg, '[data-series]')) {
    const panel = g.getAttribute('data-panel') ?? '';
    out.set(panel, [...(out.get(panel) ?? []), g.getAttribute('data-series')!]);
  }
  return out;
}

/** Checks every view shares: a title and a description referenced by aria attributes, focusable, a viewBox. */
export function expectAccessibleFrame(svg: SVGSVGElement, expect: (v: unknown) => any): void {
  const title = svg.querySelector('title');
  const desc = svg.querySelector('desc');
  expect(title?.textContent?.length).toBeGreaterThan(3);
  expect(desc?.textContent?.length).toBeGreaterThan(10);
  expect(svg.getAttribute('aria-labelledby')).toBe(title!.id);
  expect(svg.getAttribute('aria-describedby')).toBe(desc!.id);
  expect(svg.getAttribute('tabindex')).toBe('0');
  expect(svg.getAttribute('viewBox')).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
}
