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
import { keyboardReading } from './common/keyboard.ts';
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

/** Bars as columns (10^5 jobs make about 5·10^5 bars on a fragmented cluster: objects would cost seconds). */
export interface Bars {
  length: number;
  job: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** First and last node index of a contiguous range. */
  first: Int32Array;
  last: Int32Array;
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
export function barsOf(jobs: Jobs, window: [number, number]): Bars {
  const nodes = jobs.nodes;
  const keep = (j: number) => {
    const s = jobs.start[j]!;
    const e = jobs.end[j]!;
    return Number.isFinite(s) && Number.isFinite(e) && e >= window[0] && s <= window[1] && Boolean(nodes?.[j]);
  };
  // Count the ranges first (one per space-separated part), then fill typed arrays.
  let n = 0;
  if (nodes) {
    for (let j = 0; j < jobs.count; j++) {
      if (!keep(j)) continue;
      const text = nodes[j]!;
      n++;
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) n++;
    }
  }
  const bars: Bars = { length: 0, job: new Int32Array(n), start: new Float64Array(n), end: new Float64Array(n), first: new Int32Array(n), last: new Int32Array(n) };
  if (!nodes) return bars;
  let k = 0;
  for (let j = 0; j < jobs.count; j++) {
    if (!keep(j)) continue;
    const text = nodes[j]!;
    let a = -1;
    let b = -1;
    let cur = -1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 32;
      if (c >= 48 && c <= 57) cur = (cur < 0 ? 0 : cur * 10) + (c - 48);
      else if (c === 45) {
        a = cur;
        cur = -1;
      } else if (c === 32) {
        if (cur >= 0) {
          if (a < 0) a = cur;
          b = cur;
          bars.job[k] = j;
          bars.start[k] = jobs.start[j]!;
          bars.end[k] = jobs.end[j]!;
          bars.first[k] = a;
          bars.last[k] = b;
          k++;
        }
        a = b = cur = -1;
      }
    }
  }
  bars.length = k;
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

function nodeCount(run: RunData, bars: Bars): number {
  const n = ((run.summary as Record<string, unknown> | null)?.cluster as Record<string, unknown> | undefined)?.nodes;
  let most = typeof n === 'number' ? n : 0;
  for (let k = 0; k < bars.length; k++) most = Math.max(most, bars.last[k]! + 1);
  return Math.max(1, most);
}

/** A stable colour per user, so one user's jobs read as a group: an index into the palette's first seven. */
function userColorIndex(user: string): number {
  let h = 0;
  for (let i = 0; i < user.length; i++) h = (h * 31 + user.charCodeAt(i)) | 0;
  return Math.abs(h) % 7;
}

const colorCache = new WeakMap<Jobs, Uint8Array>();
/** Each job's colour index, computed once per jobs table. */
function jobColors(jobs: Jobs): Uint8Array {
  let out = colorCache.get(jobs);
  if (!out) {
    const byUser = new Map<string, number>();
    out = new Uint8Array(jobs.count);
    for (let j = 0; j < jobs.count; j++) {
      const u = jobs.user[j] ?? '';
      let c = byUser.get(u);
      if (c === undefined) byUser.set(u, (c = userColorIndex(u)));
      out[j] = c;
    }
    colorCache.set(jobs, out);
  }
  return out;
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
      const colors = jobColors(jobs);
      for (let b = 0; b < bars.length; b++) {
        sg.append('rect')
          .attr('class', 'job')
          .attr('x', x(bars.start[b]!))
          .attr('y', y(bars.first[b]!))
          .attr('width', Math.max(0.5, x(bars.end[b]!) - x(bars.start[b]!)))
          .attr('height', Math.max(0.5, y(bars.last[b]! + 1) - y(bars.first[b]!)))
          .attr('fill', OKABE_ITO[colors[bars.job[b]!]!]!)
          .attr('fill-opacity', 0.75)
          .attr('stroke', '#fff')
          .attr('stroke-width', 0.3)
          .append('title')
          .text(describe(jobs, bars, b));
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
        let hit = -1;
        for (let b = 0; b < bars.length && hit < 0; b++) if (bars.start[b]! <= t && t <= bars.end[b]! && bars.first[b]! <= node && node <= bars.last[b]!) hit = b;
        if (hit >= 0) tip.show(f.margin.left + px, f.margin.top + py, describe(jobs, bars, hit).split('\n'));
        else tip.hide();
      })
      .on('pointerleave', () => tip.hide());
    keyboardReading(f, '[data-series] title, .down-time title');
    return f.svg.node()!;
  },
  table(data, options = {}) {
    const run = ganttRun(data, options.run);
    if (!run) return { columns: [], rows: [] };
    const jobs = run.jobs!;
    const bars = barsOf(jobs, options.window ?? spanOf(jobs));
    const rows: TableData['rows'] = [];
    for (let b = 0; b < bars.length; b++) {
      const j = bars.job[b]!;
      rows.push([jobs.id[j]!, jobs.user[j]!, bars.start[b]!, bars.end[b]!, bars.first[b]!, bars.last[b]!]);
    }
    return { columns: ['job_id', 'user', 'start', 'end', 'first_node', 'last_node'], rows };
  },
};

function describe(jobs: Jobs, bars: Bars, b: number): string {
  const j = bars.job[b]!;
  const [first, last, start, end] = [bars.first[b]!, bars.last[b]!, bars.start[b]!, bars.end[b]!];
  return `job ${jobs.id[j]} (user ${jobs.user[j] || '?'})\nnodes ${first === last ? first : `${first}-${last}`}\n${start} s to ${end} s (${duration(end - start)})`;
}

/** A palette colour drawn at 75% opacity over white, as RGBA bytes packed little-endian into a Uint32. */
function blended(hex: string): number {
  const v = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(0.75 * c + 0.25 * 255);
  return (255 << 24) | (mix(v & 255) << 16) | (mix((v >> 8) & 255) << 8) | mix((v >> 16) & 255);
}

/**
 * Draws the bars into the pixels of a canvas (twice the resolution) and
 * returns it as a PNG data URL, or null without a 2D context. The bars are
 * rasterised by hand into one ImageData: bars on distinct nodes never
 * overlap, and 5·10^5 fillRect calls would take seconds.
 */
function drawCanvas(bars: Bars, jobs: Jobs, x: (t: number) => number, y: (n: number) => number, width: number, height: number, create?: () => HTMLCanvasElement): string | null {
  const canvas = create ? create() : document.createElement('canvas');
  const scale = 2;
  const W = Math.ceil(width * scale);
  const H = Math.ceil(height * scale);
  canvas.width = W;
  canvas.height = H;
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    ctx = null;
  }
  if (!ctx) return null;
  const image = ctx.createImageData(W, H);
  const px = new Uint32Array(image.data.buffer, image.data.byteOffset, W * H);
  const palette = Uint32Array.from(OKABE_ITO.slice(0, 7), blended);
  const colors = jobColors(jobs);
  for (let b = 0; b < bars.length; b++) {
    const x0 = Math.max(0, Math.floor(x(bars.start[b]!) * scale));
    const x1 = Math.min(W, Math.max(x0 + 1, Math.round(x(bars.end[b]!) * scale)));
    const y0 = Math.max(0, Math.floor(y(bars.first[b]!) * scale));
    const y1 = Math.min(H, Math.max(y0 + 1, Math.round(y(bars.last[b]! + 1) * scale)));
    const color = palette[colors[bars.job[b]!]!]!;
    for (let row = y0; row < y1; row++) px.fill(color, row * W + x0, row * W + x1);
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}
