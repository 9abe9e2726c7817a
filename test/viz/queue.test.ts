// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { queueView } from '../../viz/views/queue.ts';
import { all, expectAccessibleFrame, loadFixture, seriesByPanel } from './fixture.ts';

describe('queue view', async () => {
  const data = await loadFixture(undefined, false);
  it('draws queued and running panels with a line per variant', () => {
    const svg = queueView.render(data);
    expectAccessibleFrame(svg, expect);
    const panels = seriesByPanel(svg);
    expect([...panels.keys()]).toEqual(['queued', 'running']);
    expect(panels.get('queued')).toEqual(data.variants);
    expect(all(svg, 'path.line')).toHaveLength(6);
  });
  it('shows fcfs without backfilling queueing at least as much on average as with it', () => {
    // A property of the schedulers, not of the drawing: the table must carry real data.
    const rows = queueView.table(data).rows.filter((r) => r[0] === 'queued');
    const avg = (v: string) => {
      const xs = rows.filter((r) => r[1] === v).map((r) => Number(r[4]));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(avg('fcfs+none+first-fit')).toBeGreaterThan(avg('fcfs+easy+first-fit'));
  });
});
