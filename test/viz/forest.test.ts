// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { estimate, pairedDifferences, t975 } from '../../viz/data/stats.ts';
import { forestView } from '../../viz/views/forest.ts';
import { all, expectAccessibleFrame, loadFixture, seriesByPanel } from './fixture.ts';

describe('stats', () => {
  it('gives the t interval of a mean', () => {
    const e = estimate([1, 2, 3, 4]);
    expect(e.mean).toBe(2.5);
    expect(e.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(e.hi - e.mean).toBeCloseTo((3.182 * Math.sqrt(5 / 3)) / 2, 10);
    expect(t975(1000)).toBeCloseTo(1.9623, 3);
  });
});

describe('forest view', async () => {
  const data = await loadFixture(undefined, false);
  it('pairs runs by seed and grid point against the baseline', () => {
    const d = pairedDifferences(data, 'mean_wait');
    expect(d.map((x) => x.variant)).toEqual(data.variants.slice(1));
    // Recompute the first difference by hand: same load and seed, other variant minus baseline.
    const other = data.runs.find((r) => r.variant === data.variants[1])!;
    const base = data.runs.find((r) => r.variant === data.baseline && r.seed === other.seed && r.params.load === other.params.load)!;
    expect(d[0]!.differences[0]).toBe(other.metrics.mean_wait! - base.metrics.mean_wait!);
    expect(d[0]!.estimate.n).toBe(6);
  });
  it('draws an estimate and interval per non-baseline variant and metric, with a zero line', () => {
    const svg = forestView.render(data, { metrics: ['mean_wait', 'mean_bounded_slowdown'] });
    expectAccessibleFrame(svg, expect);
    const panels = seriesByPanel(svg);
    expect(panels.get('mean_wait')).toEqual(data.variants.slice(1));
    expect(all(svg, 'rect.estimate')).toHaveLength(4);
    expect(all(svg, 'line.zero')).toHaveLength(2);
    expect(svg.textContent).toContain(`− ${data.baseline}`);
  });
});
