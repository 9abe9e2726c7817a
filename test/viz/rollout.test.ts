// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { rolloutView } from '../../viz/views/rollout.ts';
import { all, EXTENDED, expectAccessibleFrame, loadFixture } from './fixture.ts';

describe('rollout view', async () => {
  it('is absent without rollout or drift events', async () => {
    expect(rolloutView.available(await loadFixture(undefined, false))).toBe(false);
  });
  it('draws a lane per run with rollout intervals and drift marks', async () => {
    const data = await loadFixture(EXTENDED, false);
    const svg = rolloutView.render(data);
    expectAccessibleFrame(svg, expect);
    // One lane per run of the first grid point.
    const runs = data.runs.filter((r) => r.params.load === '0.7').length;
    expect(all(svg, '[data-series]').length).toBe(runs);
    expect(all(svg, 'rect.step').length).toBe(runs);
    expect(all(svg, 'path.change').length).toBe(runs);
    expect(all(svg, 'path.change title')[0]!.textContent).toMatch(/config_drift at [\d,]+ s: max_replicas 8→6/);
  });
});
