/** One number format everywhere: thousands grouped from 1,000 up, so `15,675` never sits next to `3703`. */
import { describe, expect, it } from 'vitest';
import { duration, metricAxis, num, percent, seconds } from '../../viz/views/common/format.ts';
import { nodeIndexer } from '../../viz/data/node-names.ts';

describe('number format', () => {
  it('groups thousands at every size from 1,000 and keeps three significant digits below', () => {
    expect([15675, 3703, 1000, 999, 3703.25, 0.3333, -2500, 12.5].map((x) => num(x))).toEqual(['15,675', '3,703', '1,000', '999', '3,703', '0.333', '-2,500', '12.5']);
    expect(num(1 / 3, 6)).toBe('0.333333');
    expect(seconds(5400)).toBe('5,400 s');
    expect(duration(1200)).toBe('20 min');
    expect(duration(-90)).toBe('-90 s');
    expect(percent(0.9997)).toBe('99.97 %');
    expect(metricAxis('mean_wait', [0, 36000]).tick(7200)).toBe('2');
    expect(metricAxis('jobs_finished', [0, 20000]).tick(15675)).toBe('15,675');
  });
});

describe('node names to indexes', () => {
  const events = (names: string[]) => names.map((node) => ({ type: 'node-failed', node }));
  it('reads numbered names and one group of a scenario, with added nodes after the initial ones', () => {
    const index = nodeIndexer([...events(['worker-3', 'worker-0']), { type: 'node-added', node: 'worker-8' }], 9);
    expect([index('worker-3'), index('worker-0'), index('worker-8'), index('n12'), index('7'), index(null)]).toEqual([3, 0, 8, 12, 7, -1]);
  });
  it('places no node when several groups make the order unknowable', () => {
    const index = nodeIndexer(events(['cpu-1', 'gpu-0']), 6);
    expect([index('cpu-1'), index('gpu-0')]).toEqual([-1, -1]);
  });
});
