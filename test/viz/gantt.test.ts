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
  it('draws large charts on a canvas, each bar in its pixels', () => {
    let image: { data: Uint8ClampedArray; width: number; height: number } | null = null;
    const canvas = {
      width: 0,
      height: 0,
      getContext: () => ({
        createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4), width: w, height: h }),
        putImageData: (img: typeof image) => (image = img),
      }),
      toDataURL: () => 'data:image/png;base64,AAAA',
    } as unknown as HTMLCanvasElement;
    const svg = ganttView.render(data, { run: run.id, maxSvgBars: 10, createCanvas: () => canvas });
    expect(svg.querySelector('[data-marks]')!.getAttribute('data-marks')).toBe('canvas');
    expect(all(svg, 'rect.job')).toHaveLength(0);
    expect(svg.querySelector('image')!.getAttribute('href')).toBe('data:image/png;base64,AAAA');
    // The same chart in SVG says where each bar is: its centre pixel must be painted, in the bar's colour.
    const reference = ganttView.render(data, { run: run.id });
    const img = image!;
    expect(img.width).toBe(2 * Number(svg.querySelector('image')!.getAttribute('width')));
    const rects = all(reference, 'rect.job').filter((r) => Number(r.getAttribute('width')) >= 2 && Number(r.getAttribute('height')) >= 2);
    expect(rects.length).toBeGreaterThan(10);
    for (const r of rects) {
      const cx = Math.floor(2 * (Number(r.getAttribute('x')) + Number(r.getAttribute('width')) / 2));
      const cy = Math.floor(2 * (Number(r.getAttribute('y')) + Number(r.getAttribute('height')) / 2));
      const i = 4 * (cy * img.width + cx);
      const fill = r.getAttribute('fill')!;
      const expected = [1, 3, 5].map((k) => Math.round(0.75 * parseInt(fill.slice(k, k + 2), 16) + 0.25 * 255));
      expect([img.data[i], img.data[i + 1], img.data[i + 2], img.data[i + 3]]).toEqual([...expected, 255]);
    }
  });
  it('shades node down time from failure and recovery events', async () => {
    const ext = await loadFixture(EXTENDED);
    const r = ext.runs[0]!;
    const down = downTimes(r, 1e12);
    expect(down).toHaveLength(1);
    const failure = r.events!.find((e) => e.category === 'failure')!;
    const recovery = r.events!.find((e) => e.category === 'recovery')!;
    expect(down[0]).toEqual({ node: Number(failure.node!.slice(1)), start: failure.time, end: recovery.time, kind: 'failed', name: failure.node });
    expect(all(ganttView.render(ext, { run: r.id }), 'rect.down-time')).toHaveLength(1);
  });
});

describe('gantt bars', async () => {
  const { parseNodeRanges } = await import('../../experiments/results/job-nodes.ts');
  const data = await loadFixture();
  it('cover exactly the nodes of each job, run by run', () => {
    for (const run of data.runs.slice(0, 4)) {
      const jobs = run.jobs!;
      const bars = barsOf(jobs, [-Infinity, Infinity]);
      const covered = new Map<number, number[]>();
      for (let b = 0; b < bars.length; b++) for (let n = bars.first[b]!; n <= bars.last[b]!; n++) covered.set(bars.job[b]!, [...(covered.get(bars.job[b]!) ?? []), n]);
      for (let j = 0; j < jobs.count; j++) expect(covered.get(j) ?? []).toEqual(jobs.nodes![j] ? parseNodeRanges(jobs.nodes![j]!) : []);
    }
  });
});
