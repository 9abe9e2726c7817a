// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { stripView } from '../../viz/views/strip.ts';
import { all, expectAccessibleFrame, loadFixture, seriesByPanel } from './fixture.ts';

describe('strip view', async () => {
  const data = await loadFixture(undefined, false);
  it('draws a dot per run and a mean with interval per variant, for each metric', () => {
    const svg = stripView.render(data, { metrics: ['mean_wait', 'utilization_cpu'] });
    expectAccessibleFrame(svg, expect);
    const panels = seriesByPanel(svg);
    expect([...panels.keys()]).toEqual(['mean_wait', 'utilization_cpu']);
    // One grid point (the first) of two: half the runs, its three seeds per variant.
    const atPoint = data.runs.filter((r) => r.params.load === '0.7');
    expect(all(svg, 'circle.run').length).toBe(2 * atPoint.length);
    expect(all(svg, 'line.mean')).toHaveLength(2 * data.variants.length);
    expect(all(svg, 'circle.run title')[0]!.textContent).toMatch(/^r\d+ \(/);
  });
  it('lists each run once per metric in its table', () => {
    const t = stripView.table(data, { metrics: ['mean_wait'] });
    expect(t.rows).toHaveLength(data.runs.length / 2);
    expect(t.rows[0]![4]).toBe(data.runs[0]!.metrics.mean_wait);
    const other = stripView.table(data, { metrics: ['mean_wait'], point: 'load=0.9' });
    expect(other.rows.map((r) => r[2])).toEqual(data.runs.filter((r) => r.params.load === '0.9' && r.variant === data.variants[0]).map((r) => r.id).concat(data.runs.filter((r) => r.params.load === '0.9' && r.variant !== data.variants[0]).sort((a, b) => data.variants.indexOf(a.variant) - data.variants.indexOf(b.variant)).map((r) => r.id)));
  });
});

describe('strip view from the keyboard', async () => {
  const data = await loadFixture(undefined, false);
  it('steps through the marks with the arrow keys, showing their titles', () => {
    const svg = stripView.render(data, { metrics: ['mean_wait'] });
    const titles = all(svg, '[data-series] title').map((t) => t.textContent);
    const press = (key: string) => svg.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    const shown = () => [...svg.querySelectorAll('.tooltip')].find((g) => g.getAttribute('display') !== 'none')?.textContent;
    press('ArrowRight');
    expect(shown()).toBe(`1/${titles.length}: ${titles[0]}`);
    press('ArrowLeft');
    press('ArrowLeft');
    expect(shown()).toBe(`${titles.length - 1}/${titles.length}: ${titles.at(-2)}`);
    press('Escape');
    expect(shown()).toBeUndefined();
  });
});
