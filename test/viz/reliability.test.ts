// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { reliabilityView } from '../../viz/views/reliability.ts';
import { all, EXTENDED, expectAccessibleFrame, loadFixture, seriesByPanel } from './fixture.ts';

describe('reliability view', async () => {
  it('is absent without reliability metrics', async () => {
    expect(reliabilityView.available(await loadFixture(undefined, false))).toBe(false);
  });
  it('draws availability, MTTR, lost work and SLO minutes per variant', async () => {
    const data = await loadFixture(EXTENDED, false);
    const svg = reliabilityView.render(data);
    expectAccessibleFrame(svg, expect);
    const panels = seriesByPanel(svg);
    expect([...panels.keys()]).toEqual(['availability', 'mttr', 'lost_work', 'slo_minutes']);
    expect(panels.get('mttr')).toEqual(data.variants);
    expect(all(svg, 'rect.bar')).toHaveLength(4 * data.variants.length);
    const t = reliabilityView.table(data);
    const mttr = t.rows.find((r) => r[0] === 'mttr' && r[1] === data.baseline)!;
    const values = data.runs.filter((r) => r.variant === data.baseline).map((r) => r.metrics.mttr!);
    expect(mttr[3]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
  });
});
