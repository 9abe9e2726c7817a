// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { barsOf, downTimes, ganttView } from '../../viz/views/gantt.ts';
import { all, EXTENDED, expectAccessibleFrame, loadFixture } from './fixture.ts';

describe('gantt view', async () => {
  const data = await loadFixture();
  const run = data.runs[0]!;
  it('draws a bar per contiguous node range of every job that ran', () => {
    const svg = ganttView.render(data, { run: run.id });
    expectAccessibleFrame(svg, expect);
    const bars = all(svg, 'rect.job');
    const ranges = run.jobs!.nodes!.filter((n) => n).reduce((k, n) => k + n.split(' ').length, 0);
    expect(bars).toHaveLength(ranges);
    expect(svg.querySelector('[data-marks]')!.getAttribute('data-marks')).toBe('svg');
    expect(bars[0]!.querySelector('title')!.textContent).toMatch(/^job \S+ \(user /);
  });
  it('zooms to a window: only jobs overlapping it', () => {
    const jobs = run.jobs!;
    const w: [number, number] = [jobs.start[10]!, jobs.start[10]! + 600];
    const svg = ganttView.render(data, { run: run.id, window: w });
    const expected = barsOf(jobs, w).length;
    expect(all(svg, 'rect.job')).toHaveLength(expected);
    expect(expected).toBeLessThan(all(ganttView.render(data, { run: run.id }), 'rect.job').length);
  });
  it('draws large charts on a canvas', () => {
    const calls: number[][] = [];
    const canvas = {
      width: 0,
      height: 0,
      getContext: () => ({ scale() {}, set fillStyle(_v: string) {}, globalAlpha: 1, fillRect: (...a: number[]) => calls.push(a) }),
      toDataURL: () => 'data:image/png;base64,AAAA',
    } as unknown as HTMLCanvasElement;
    const svg = ganttView.render(data, { run: run.id, maxSvgBars: 10, createCanvas: () => canvas });
    expect(svg.querySelector('[data-marks]')!.getAttribute('data-marks')).toBe('canvas');
    expect(all(svg, 'rect.job')).toHaveLength(0);
    expect(svg.querySelector('image')!.getAttribute('href')).toBe('data:image/png;base64,AAAA');
    expect(calls).toHaveLength(barsOf(run.jobs!, [-Infinity, Infinity]).length);
  });
  it('shades node down time from failure and recovery events', async () => {
    const ext = await loadFixture(EXTENDED);
    const r = ext.runs[0]!;
    const down = downTimes(r, 1e12);
    expect(down).toHaveLength(1);
    const failure = r.events!.find((e) => e.category === 'failure')!;
    const recovery = r.events!.find((e) => e.category === 'recovery')!;
    expect(down[0]).toEqual({ node: Number(failure.node!.slice(1)), start: failure.time, end: recovery.time });
    expect(all(ganttView.render(ext, { run: r.id }), 'rect.down-time')).toHaveLength(1);
  });
});
