// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { scalingView } from '../../viz/views/scaling.ts';
import { all, EXTENDED, expectAccessibleFrame, loadFixture, seriesByPanel } from './fixture.ts';

describe('scaling view', async () => {
  it('is absent for results without replicas, nodes or cost', async () => {
    expect(scalingView.available(await loadFixture(undefined, false))).toBe(false);
  });
  it('draws replicas, nodes up and cost per variant when present, with scale events', async () => {
    const data = await loadFixture(EXTENDED, false);
    expect(scalingView.available(data)).toBe(true);
    const svg = scalingView.render(data);
    expectAccessibleFrame(svg, expect);
    const panels = seriesByPanel(svg);
    expect([...panels.keys()]).toEqual(['replicas', 'nodes_up', 'cost']);
    for (const v of panels.values()) expect(v).toEqual(data.variants);
    expect(all(svg, '.event').every((e) => e.getAttribute('data-category') === 'scale')).toBe(true);
    // Grouped by type and instant; every scale event of the first grid point's runs is counted once.
    const counted = all(svg, '.event').reduce((n, e) => n + Number(e.getAttribute('data-count')), 0);
    expect(counted).toBe(data.runs.filter((r) => r.params.load === '0.7').length);
  });
});
