// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { tQuantile } from '../../experiments/results/statistics.ts';
import { estimate, pairedDifferences } from '../../viz/data/stats.ts';
import { forestView } from '../../viz/views/forest.ts';
import { all, expectAccessibleFrame, loadFixture, seriesByPanel } from './fixture.ts';

describe('stats', () => {
  it('gives the t interval of a mean', () => {
    const e = estimate([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    expect(e.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // The project's t quantile, not a rounded table: t(0.975, 3) = 3.18245.
    expect(e.hi - e.mean).toBeCloseTo((tQuantile(0.975, 3) * Math.sqrt(5 / 3)) / 2, 14);
    expect(e.hi - e.mean).toBeCloseTo((3.18245 * Math.sqrt(5 / 3)) / 2, 4);
    expect(estimate([7]).lo).toBeNaN();
  });
});

describe('forest view', async () => {
  const data = await loadFixture(undefined, false);
  it('pairs runs by seed within one grid point against the baseline (n counts seeds, not points)', () => {
    const d = pairedDifferences(data, 'mean_wait');
    expect(d.map((x) => x.variant)).toEqual(data.variants.slice(1));
    // Recompute the first difference by hand: same load and seed, other variant minus baseline.
    const other = data.runs.find((r) => r.variant === data.variants[1])!;
    const base = data.runs.find((r) => r.variant === data.baseline && r.seed === other.seed && r.params.load === other.params.load)!;
    expect(d[0]!.differences[0]).toBe(other.metrics.mean_wait! - base.metrics.mean_wait!);
    // Two loads x three seeds: three pairs at each load, never six.
    expect(d[0]!.estimate.n).toBe(3);
    const at09 = pairedDifferences(data, 'mean_wait', 'load=0.9')[0]!;
    expect(at09.estimate.n).toBe(3);
    const by09 = data.runs.filter((r) => r.params.load === '0.9');
    const hand = [1, 2, 3].map((seed) => by09.find((r) => r.variant === data.variants[1] && r.seed === seed)!.metrics.mean_wait! - by09.find((r) => r.variant === data.baseline && r.seed === seed)!.metrics.mean_wait!);
    expect(at09.differences).toEqual(hand);
  });
  it('draws an estimate and interval per non-baseline variant and metric, with a zero line', () => {
    const svg = forestView.render(data, { metrics: ['mean_wait', 'mean_bounded_slowdown'] });
    expectAccessibleFrame(svg, expect);
    const panels = seriesByPanel(svg);
    expect(panels.get('mean_wait')).toEqual(data.variants.slice(1));
    expect(all(svg, 'rect.estimate')).toHaveLength(4);
    expect(all(svg, 'line.zero')).toHaveLength(2);
    expect(svg.textContent).toContain(`− ${data.baseline}`);
    // The legend says what the bars are and which point is shown.
    expect(svg.querySelector(':scope > text:nth-of-type(2)')!.textContent).toMatch(/95% confidence intervals of the mean difference \(paired t, n = 3 seeds paired\) at load=0\.7$/);
  });
});
