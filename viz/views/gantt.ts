/**
 * The node timeline (Gantt chart) of one run: a row per node, each job a bar
 * over the nodes it ran on (jobs.csv `nodes` column) from its start to its end,
 * node down time shaded (events.csv: a failure with an end, or a failure
 * followed by a recovery of the same node). The window is set by brushing the
 * utilization chart. Past `maxSvgBars` bars the jobs are drawn on a canvas,
 * embedded as an image, so 10^5 jobs stay fast.
 */
import { axisBottom, axisLeft, scaleLinear } from 'd3';
import type { Jobs, ResultsData, RunData } from '../data/model.ts';
import { duration, num, timeUnit, unitTicks } from './common/format.ts';
import { GRID, MUTED, OKABE_ITO } from './common/palette.ts';
import { emptyFrame, frame, heading, nextId } from './common/svg.ts';
import { tooltip } from './common/tooltip.ts';
import type { TableData, View, ViewOptions } from './view.ts';

export interface GanttOptions extends ViewOptions {
  /** Run id; the first run with node data by default. */
  run?: string;
  /** Time window in seconds; the whole run by default. */
  window?: [number, number] | null;
  maxSvgBars?: number;
  /** Makes the canvas for large charts (tests pass a stub; jsdom has no canvas). */
  createCanvas?: () => HTMLCanvasElement;
}

export interface Bar {
  job: number;
  start: number;
  end: number;
  /** First and last node index of a contiguous range. */
  first: number;
  last: number;
}

export interface DownTime {
  node: number;
  start: number;
  end: number;
}

export function ganttRun(data: ResultsData, id?: string): RunData | undefined {
  const withNodes = data.runs.filter((r) => r.jobs?.nodes);
  return withNodes.find((r) => r.id === id) ?? withNodes[0];
}

/** Node index from an events.csv node cell: `12` or a processor-cluster name like `n12`. */
export function nodeIndex(node: string | null): number {
  if (node === null) return -1;
  const m = /^n?(\d+)$/.exec(node);
  return m ? Number(m[1]) : -1;
}

export function downTimes(run: RunData, endTime: number): DownTime[] {
  const out: DownTime[] = [];
  const open = new Map<number, number>();
  for (const e of [...(run.events ?? [])].sort((a, b) => a.time - b.time)) {
    const node = nodeIndex(e.node);
    if (node < 0) continue;
    if (e.category === 'failure') {
      if (e.end !== null) out.push({ node, start: e.time, end: e.end });
      else if (!open.has(node)) open.set(node, e.time);
    } else if (e.category === 'recovery' && open.has(node)) {
      out.push({ node, start: open.get(node)!, end: e.time });
      open.delete(node);
    }
  }
  for (const [node, start] of open) out.push({ node, start, end: endTime });
  return out;
}

/** The bars of the jobs that ran, one per contiguous node range, overlapping the window. */
export function barsOf(jobs: Jobs, window: [number, number]): Bar[] {
  const bars: Bar[] = [];
  const nodes = jobs.nodes;
  if (!nodes) return bars;
  for (let j = 0; j < jobs.count; j++) {
    const s = jobs.start[j]!;
    const e = jobs.end[j]!;
    if (!Number.isFinite(s) || !Number.isFinite(e) || e < window[0] || s > window[1] || !nodes[j]) continue;
    for (const part of nodes[j]!.split(' ')) {
      if (!part) continue;
      const dash = part.indexOf('-');
      const first = Number(dash < 0 ? part : part.slice(0, dash));
      const last = dash < 0 ? first : Number(part.slice(dash + 1));
      bars.push({ job: j, start: s, end: e, first, last });
    }
  }
  return bars;
}

function spanOf(jobs: Jobs): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < jobs.count; j++) {
    if (Number.isFinite(jobs.start[j]!)) lo = Math.min(lo, jobs.start[j]!);
    if (Number.isFinite(jobs.end[j]!)) hi = Math.max(hi, jobs.end[j]!);
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

function nodeCount(run: RunData, bars: readonly Bar[]): number {
  const n = ((run.summary as Record<string, unknown> | null)?.cluster as Record<string, unknown> | undefined)?.nodes;
  let most = typeof n === 'number' ? n : 0;
  for (const b of bars) most = Math.max(most, b.last + 1);
  return Math.max(1, most);
}

/** A stable colour per user, so one user's jobs read as a group. */
function userColor(user: string): string {
  let h = 0;
  for (let i = 0; i < user.length; i++) h = (h * 31 + user.charCodeAt(i)) | 0;
  return OKABE_ITO[Math.abs(h) % 7]!;
}

export const ganttView: View<GanttOptions> = {
  id: 'gantt',
  title: 'Node timeline',
  available: (data) => data.runs.some((r) => r.jobs?.nodes),
  render(data, options = {}) {
    const run = ganttRun(data, options.run);
    if (!run) return emptyFrame('gantt', this.title, 'No jobs.csv with a nodes column loaded.');
    const jobs = run.jobs!;
    const window = options.window ?? spanOf(jobs);
    const bars = barsOf(jobs, window);
    const nodes = nodeCount(run, bars);
    const down = downTimes(run, window[1]).filter((d) => d.end >= window[0] && d.start <= window[1]);
    const width = options.width ?? 760;
    const innerH = Math.min(520, Math.max(160, nodes * 4));
    const f = frame('gantt', `${this.title}: ${run.id}`, `Jobs of run ${run.id} (${run.variant}) as bars on the nodes they ran on, from start to end; ${bars.length} bars, ${nodes} nodes${down.length ? `, ${down.length} node down times shaded` : ''}.`, width, innerH + 46 + 44, {
      top: 46,
      right: 16,
      bottom: 44,
      left: 56,
    });
    heading(f, `${this.title}: ${run.id} (${run.variant})`, `${bars.length} job bars on ${nodes} nodes${options.window ? ', zoomed' : ''}`);
    const unit = timeUnit(window[1] - window[0]);
    const x = scaleLinear().domain(window).range([0, f.innerWidth]);
    const y = scaleLinear().domain([0, nodes]).range([0, innerH]);
    f.plot.append('g').attr('transform', `translate(0,${innerH})`).call(axisBottom(x).tickValues(unitTicks(window, unit.seconds, Math.max(2, Math.floor(f.innerWidth / 90)))).tickFormat((d) => num(Number(d) / unit.seconds)));
    f.plot.append('g').call(axisLeft(y).ticks(Math.min(nodes, 8)).tickFormat((d) => `${Math.floor(Number(d))}`));
    f.plot.append('text').attr('x', f.innerWidth / 2).attr('y', innerH + 36).attr('text-anchor', 'middle').attr('fill', MUTED).text(`simulated time (${unit.name})`);
    f.plot.append('text').attr('transform', `translate(-42,${innerH / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('fill', MUTED).text('node index');
    f.plot.append('rect').attr('width', f.innerWidth).attr('height', innerH).attr('fill', 'none').attr('stroke', GRID);
    const clipId = nextId('gantt-clip');
    f.svg.append('defs').append('clipPath').attr('id', clipId).append('rect').attr('width', f.innerWidth).attr('height', innerH);
    const marks = f.plot.append('g').attr('class', 'marks').attr('clip-path', `url(#${clipId})`);
    const downG = marks.append('g').attr('class', 'down');
    for (const d of down) {
      downG.append('rect').attr('class', 'down-time').attr('x', x(d.start)).attr('y', y(d.node)).attr('width', Math.max(1, x(d.end) - x(d.start))).attr('height', Math.max(1, y(d.node + 1) - y(d.node)))
        .attr('fill', '#777').attr('fill-opacity', 0.45)
        .append('title').text(`node ${d.node} down from ${d.start} s to ${d.end} s (${duration(d.end - d.start)})`);
    }
    const sg = marks.append('g').attr('class', 'series').attr('data-series', run.variant);
    const canvas = bars.length > (options.maxSvgBars ?? 4000) ? drawCanvas(bars, jobs, x, y, f.innerWidth, innerH, options.createCanvas) : null;
    if (canvas) {
      sg.attr('data-marks', 'canvas').attr('data-bars', bars.length);
      sg.append('image').attr('href', canvas).attr('width', f.innerWidth).attr('height', innerH).attr('preserveAspectRatio', 'none');
    } else {
      sg.attr('data-marks', 'svg').attr('data-bars', bars.length);
      for (const b of bars) {
        sg.append('rect')
          .attr('class', 'job')
          .attr('x', x(b.start))
          .attr('y', y(b.first))
          .attr('width', Math.max(0.5, x(b.end) - x(b.start)))
          .attr('height', Math.max(0.5, y(b.last + 1) - y(b.first)))
          .attr('fill', userColor(jobs.user[b.job] ?? ''))
          .attr('fill-opacity', 0.75)
          .attr('stroke', '#fff')
          .attr('stroke-width', 0.3)
          .append('title')
          .text(describe(jobs, b));
      }
    }
    // Hover anywhere: the job under the pointer (works for the canvas too).
    const tip = tooltip(f);
    f.plot
      .append('rect')
      .attr('class', 'hover')
      .attr('width', f.innerWidth)
      .attr('height', innerH)
      .attr('fill', 'transparent')
      .on('pointermove', (event: PointerEvent) => {
        const box = (event.currentTarget as SVGRectElement).getBoundingClientRect();
        const px = ((event.clientX - box.left) / box.width) * f.innerWidth;
        const py = ((event.clientY - box.top) / box.height) * innerH;
        const t = x.invert(px);
        const node = Math.floor(y.invert(py));
        const hit = bars.find((b) => b.start <= t && t <= b.end && b.first <= node && node <= b.last);
        if (hit) tip.show(f.margin.left + px, f.margin.top + py, describe(jobs, hit).split('\n'));
        else tip.hide();
      })
      .on('pointerleave', () => tip.hide());
    return f.svg.node()!;
  },
  table(data, options = {}) {
    const run = ganttRun(data, options.run);
    if (!run) return { columns: [], rows: [] };
    const jobs = run.jobs!;
    const rows: TableData['rows'] = barsOf(jobs, options.window ?? spanOf(jobs)).map((b) => [jobs.id[b.job]!, jobs.user[b.job]!, b.start, b.end, b.first, b.last]);
    return { columns: ['job_id', 'user', 'start', 'end', 'first_node', 'last_node'], rows };
  },
};

function describe(jobs: Jobs, b: Bar): string {
  return `job ${jobs.id[b.job]} (user ${jobs.user[b.job] || '?'})\nnodes ${b.first === b.last ? b.first : `${b.first}-${b.last}`}\n${b.start} s to ${b.end} s (${duration(b.end - b.start)})`;
}

/** Draws the bars on a canvas at twice the resolution and returns it as a PNG data URL, or null without a 2D context. */
function drawCanvas(bars: readonly Bar[], jobs: Jobs, x: (t: number) => number, y: (n: number) => number, width: number, height: number, create?: () => HTMLCanvasElement): string | null {
  const canvas = create ? create() : document.createElement('canvas');
  const scale = 2;
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    ctx = null;
  }
  if (!ctx) return null;
  ctx.scale(scale, scale);
  ctx.globalAlpha = 0.75;
  for (const b of bars) {
    ctx.fillStyle = userColor(jobs.user[b.job] ?? '');
    ctx.fillRect(x(b.start), y(b.first), Math.max(0.5, x(b.end) - x(b.start)), Math.max(0.5, y(b.last + 1) - y(b.first)));
  }
  return canvas.toDataURL('image/png');
}
