// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { SMALL_STUDY, type FixtureSpec } from '../../viz/gallery/fixture.ts';
import { loadResults } from '../../viz/data/load.ts';
import { memorySource } from '../../viz/data/memory-source.ts';
import { heatmapView } from '../../viz/views/heatmap.ts';
import { all, expectAccessibleFrame, loadFixture } from './fixture.ts';

describe('heatmap view', async () => {
  const data = await loadFixture(undefined, false);
  it('draws a cell per grid value and variant, holding the mean over seeds', () => {
    const svg = heatmapView.render(data, { metric: 'mean_wait' });
    expectAccessibleFrame(svg, expect);
    const cells = all(svg, '.cell');
    expect(cells).toHaveLength(SMALL_STUDY.loads.length * SMALL_STUDY.variants.length);
    const t = heatmapView.table(data, { metric: 'mean_wait' });
    const row = t.rows.find((r) => r[1] === '0.9' && r[2] === data.baseline)!;
    const values = data.runs.filter((r) => r.variant === data.baseline && r.params.load === '0.9').map((r) => r.metrics.mean_wait!);
    expect(row[3]).toBe(SMALL_STUDY.seeds.length);
    expect(row[4]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
  });
  it('facets by variant over a two-parameter grid', async () => {
    const m = new Map([
      ['runs.csv', 'run_id,variant,a,b,seed,status,x\n1,v1,1,1,1,ok,1\n2,v1,2,1,1,ok,2\n3,v2,1,2,1,ok,3\n4,v2,2,2,1,ok,4\n'],
    ]);
    const d = await loadResults(memorySource(m));
    const svg = heatmapView.render(d, { metric: 'x' });
    expect(all(svg, '[data-series]').map((g) => g.getAttribute('data-series'))).toEqual(['v1', 'v2']);
    expect(all(svg, '.cell')).toHaveLength(4);
  });
  it('is absent without grid parameters', () => {
    const spec: FixtureSpec = SMALL_STUDY;
    expect(spec.loads.length).toBeGreaterThan(0);
    expect(heatmapView.available({ ...data, params: [] })).toBe(false);
  });
});
