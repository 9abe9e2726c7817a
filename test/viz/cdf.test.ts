// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ecdfPoints } from '../../viz/data/ecdf.ts';
import { cdfView } from '../../viz/views/cdf.ts';
import { all, expectAccessibleFrame, loadFixture, seriesByPanel } from './fixture.ts';

describe('ecdf points', () => {
  it('gives F at each distinct value, ties counted', () => {
    expect(ecdfPoints(Float64Array.from([0, 0, 1, 5]))).toEqual({ x: [0, 1, 5], p: [0.5, 0.75, 1] });
  });
  it('reduces large samples to about maxPoints, ending at 1', () => {
    const xs = Float64Array.from({ length: 100_000 }, (_, i) => i);
    const e = ecdfPoints(xs, 200);
    expect(e.x.length).toBeLessThanOrEqual(201);
    expect(e.p.at(-1)).toBe(1);
    expect(e.p[100]).toBeCloseTo(0.5, 4);
  });
});

describe('cdf view', async () => {
  const data = await loadFixture();
  it('draws three log-scale panels with a step curve per variant', () => {
    const svg = cdfView.render(data);
    expectAccessibleFrame(svg, expect);
    const panels = seriesByPanel(svg);
    expect([...panels.keys()]).toEqual(['wait', 'response', 'boundedSlowdown']);
    for (const v of panels.values()) expect(v).toEqual(data.variants);
    expect(svg.textContent).toMatch(/log scale/);
    expect(all(svg, '[data-label]')).toHaveLength(data.variants.length);
  });
  it('pools the jobs of every seed of a variant at one grid point in its table', () => {
    const rows = cdfView.table(data, { measures: ['wait'] }).rows.filter((r) => r[1] === data.baseline);
    const base = data.runs.filter((r) => r.variant === data.baseline && r.params.load === '0.7');
    expect(base).toHaveLength(3);
    const jobs = base.reduce((n, r) => n + r.jobs!.count, 0);
    expect(rows.at(-1)![3]).toBe(1);
    expect(jobs).toBeGreaterThan(0);
    // Fraction of waits at zero, counted straight from the jobs.
    const zeros = base.reduce((n, r) => n + [...r.jobs!.wait].filter((w) => w === 0).length, 0);
    expect(rows[0]![2]).toBe(0);
    expect(rows[0]![3]).toBeCloseTo(zeros / jobs, 12);
  });
  it('is not available before jobs.csv is loaded', async () => {
    expect(cdfView.available(await loadFixture(undefined, false))).toBe(false);
  });
});

describe('pooled ecdf', () => {
  it('counts F exactly at its points, over runs of different sizes, ties and zeros included', async () => {
    const { pooledEcdf } = await import('../../viz/data/ecdf.ts');
    const runs = [Float64Array.from({ length: 3000 }, (_, i) => (i < 1000 ? 0 : i % 97)), Float64Array.from({ length: 500 }, (_, i) => i * 0.5)].map((a) => a.sort());
    const e = pooledEcdf(runs, 100);
    const all = [...runs[0]!, ...runs[1]!];
    e.x.forEach((x, k) => expect(e.p[k]).toBe(all.filter((v) => v <= x).length / all.length));
    expect(e.x[0]).toBe(0);
    expect(e.x.at(-1)).toBe(Math.max(...all));
    expect(e.p.at(-1)).toBe(1);
  });
});

describe('cdf view on a narrow screen', () => {
  it('stacks its panels, each labelled', async () => {
    const data = await loadFixture();
    const svg = cdfView.render(data, { width: 400 });
    const tops = all(svg, 'g.panel').map((g) => g.getAttribute('transform'));
    expect(tops).toEqual(['translate(0,0)', 'translate(0,278)', 'translate(0,556)']);
    expect(all(svg, '[data-label]')).toHaveLength(3 * data.variants.length);
  });
});
