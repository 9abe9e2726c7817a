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
    expect(all(svg, '.event').length).toBe(data.runs.length);
  });
});
