/**
 * The node timeline (Gantt chart) of one run: a row per node, each job a bar
 * over the nodes it ran on (jobs.csv `nodes` column) from its start to its end,
 * node down time shaded (events.csv: a failure with an end, or a failure
 * followed by a recovery of the same node). The window is set by brushing the
 * utilization chart. Past `maxSvgBars` bars the jobs are drawn on a canvas,
 * embedded as an image, so 10^5 jobs stay fast.
 */
import { axisBottom, axisLeft, scaleLinear } from 'd3';
import { nodeOutage } from '../data/event-types.ts';
import { onePoint } from '../data/grid.ts';
import type { Jobs, ResultsData, RunData } from '../data/model.ts';
import { duration, num, seconds, timeUnit, unitTicks } from './common/format.ts';
import { GRID, MUTED, OKABE_ITO } from './common/palette.ts';
import { keyboardReading } from './common/keyboard.ts';
import { emptyFrame, frame, heading, nextId, type Frame, type G } from './common/svg.ts';
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

export function ganttRun(data: ResultsData, id?: string): RunData | undefined {
  const withNodes = data.runs.filter((r) => r.jobs?.nodes);
  return withNodes.find((r) => r.id === id) ?? withNodes[0];
}

export interface DownTime {
  node: number;
  start: number;
  end: number;
  /** Failed (down time), in planned maintenance, or removed from the fleet by the autoscaler. */
  kind: 'failed' | 'maintenance' | 'removed';
  /** The node's name in the events. */
  name: string | null;
}

/**
 * The intervals each node was out of service, from the run's events: an
 * interval-opening event with its end (data/events.ts pairs node-failed with
 * node-repaired), or a failure followed by a recovery of the same node (other
 * producers); still open at `endTime` when nothing closed it. Events whose
 * node could not be placed (nodeIndex -1) are left out.
 */
export function downTimes(run: RunData, endTime: number): DownTime[] {
  const out: DownTime[] = [];
  const open = new Map<string, DownTime>();
  for (const e of [...(run.events ?? [])].sort((a, b) => a.time - b.time)) {
    const node = e.nodeIndex;
    if (node < 0) continue;
    const kind = nodeOutage(e.type, e.category);
    if (kind) {
      if (e.end !== null) out.push({ node, start: e.time, end: e.end, kind, name: e.node });
      else if (!open.has(`${kind}:${node}`)) open.set(`${kind}:${node}`, { node, start: e.time, end: endTime, kind, name: e.node });
    } else if (e.category === 'recovery' && open.has(`failed:${node}`)) {
      out.push({ ...open.get(`failed:${node}`)!, end: e.time });
      open.delete(`failed:${node}`);
    }
  }
  for (const d of open.values()) out.push(d);
  return out;
}

/** Node outages the timeline could not place on a row (a name it cannot map to an index; data/node-names.ts). */
export function unplacedOutages(run: RunData): number {
  return (run.events ?? []).filter((e) => e.node !== null && e.nodeIndex < 0 && nodeOutage(e.type, e.category) !== null).length;
}

/**
 * The bars of the jobs that ran, one per contiguous node range, overlapping
 * the window. Jobs still running when the run stopped (a scenario's horizon)
 * have no end in jobs.csv: they run to `runEnd` when it is given.
 */
export function barsOf(jobs: Jobs, window: [number, number], runEnd = NaN): Bars {
  const nodes = jobs.nodes;
  const endOf = (j: number) => {
    const e = jobs.end[j]!;
    return Number.isNaN(e) && Number.isFinite(jobs.start[j]!) ? runEnd : e;
  };
  const keep = (j: number) => {
    const s = jobs.start[j]!;
    const e = endOf(j);
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
          bars.end[k] = endOf(j);
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

/** From the first start to the last end (the run's end when jobs were still running). */
function spanOf(jobs: Jobs, runEnd: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < jobs.count; j++) {
    if (!Number.isFinite(jobs.start[j]!)) continue;
    lo = Math.min(lo, jobs.start[j]!);
    const e = Number.isNaN(jobs.end[j]!) ? runEnd : jobs.end[j]!;
    if (Number.isFinite(e)) hi = Math.max(hi, e);
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** When the run stopped (summary.json run.end_time), NaN when unknown. */
function runEndOf(run: RunData): number {
  const t = ((run.summary as Record<string, unknown> | null)?.run as Record<string, unknown> | undefined)?.end_time;
  return typeof t === 'number' ? t : NaN;
}

const DOWN_STYLE: Record<DownTime['kind'], { fill: string; opacity: number; label: string }> = {
  failed: { fill: '#D55E00', opacity: 0.35, label: 'failed' },
  maintenance: { fill: '#000000', opacity: 0.2, label: 'in maintenance' },
  removed: { fill: '#999999', opacity: 0.3, label: 'removed from the fleet' },
};

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

type Scale = ReturnType<typeof scaleLinear<number, number>>;

/** The shaded intervals when nodes were out of service (failed, in maintenance, removed). */
function drawDownTimes(marks: G, down: readonly DownTime[], x: Scale, y: Scale): void {
  const downG = marks.append('g').attr('class', 'down');
  for (const d of down) {
    const style = DOWN_STYLE[d.kind];
    downG.append('rect').attr('class', 'down-time').attr('data-kind', d.kind).attr('x', x(d.start)).attr('y', y(d.node)).attr('width', Math.max(1, x(d.end) - x(d.start))).attr('height', Math.max(1, y(d.node + 1) - y(d.node)))
      .attr('fill', style.fill).attr('fill-opacity', style.opacity)
      .append('title').text(`node ${d.node}${d.name && d.name !== String(d.node) ? ` (${d.name})` : ''} ${style.label} from ${seconds(d.start)} to ${seconds(d.end)} (${duration(d.end - d.start)})`);
  }
}

/** The job bars: SVG rects, or one canvas image beyond maxSvgBars (an SVG of 10^5 rects would not scroll). */
function drawJobBars(marks: G, variant: string, jobs: Jobs, bars: Bars, x: Scale, y: Scale, innerWidth: number, innerH: number, options: GanttOptions): void {
  const sg = marks.append('g').attr('class', 'series').attr('data-series', variant);
  const canvas = bars.length > (options.maxSvgBars ?? 4000) ? drawCanvas(bars, jobs, x, y, innerWidth, innerH, options.createCanvas) : null;
  if (canvas) {
    sg.attr('data-marks', 'canvas').attr('data-bars', bars.length);
    sg.append('image').attr('href', canvas).attr('width', innerWidth).attr('height', innerH).attr('preserveAspectRatio', 'none');
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
}

/** Hover anywhere: the job under the pointer (works for the canvas too). */
function hoverReading(f: Frame, jobs: Jobs, bars: Bars, x: Scale, y: Scale, innerH: number): void {
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
}

export const ganttView: View<GanttOptions> = {
  id: 'gantt',
  title: 'Node timeline',
  available: (data) => data.runs.some((r) => r.jobs?.nodes),
  render(all, options = {}) {
    const { data } = onePoint(all, options.point);
    const run = ganttRun(data, options.run);
    if (!run) return emptyFrame('gantt', this.title, 'No jobs.csv with a nodes column loaded.');
    const jobs = run.jobs!;
    const runEnd = runEndOf(run);
    const window = options.window ?? spanOf(jobs, runEnd);
    const bars = barsOf(jobs, window, runEnd);
    const nodes = nodeCount(run, bars);
    const down = downTimes(run, Number.isFinite(runEnd) ? runEnd : window[1]).filter((d) => d.end >= window[0] && d.start <= window[1]);
    const unplaced = unplacedOutages(run);
    const failed = down.filter((d) => d.kind === 'failed').length;
    const width = options.width ?? 760;
    const innerH = Math.min(520, Math.max(160, nodes * 4));
    const shaded = down.length ? `, ${num(failed)} node down times shaded${down.length > failed ? ` (and ${num(down.length - failed)} maintenance or removal intervals)` : ''}` : '';
    const missing = unplaced ? `; ${num(unplaced)} node outages not shown (their node names do not map to node indexes)` : '';
    const f = frame('gantt', `${this.title}: ${run.id}`, `Jobs of run ${run.id} (${run.variant}) as bars on the nodes they ran on, from start to end; ${num(bars.length)} bars, ${num(nodes)} nodes${shaded}${missing}.`, width, innerH + 46 + 44, {
      top: 46,
      right: 16,
      bottom: 44,
      left: 56,
    });
    heading(f, `${this.title}: ${run.id} (${run.variant})`, `${num(bars.length)} job bars on ${num(nodes)} nodes${options.window ? ', zoomed' : ''}${down.length ? '; shaded: nodes out of service' : ''}`);
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
    drawDownTimes(marks, down, x, y);
    drawJobBars(marks, run.variant, jobs, bars, x, y, f.innerWidth, innerH, options);
    hoverReading(f, jobs, bars, x, y, innerH);
    keyboardReading(f, '[data-series] title, .down-time title');
    return f.svg.node()!;
  },
  table(all, options = {}) {
    const run = ganttRun(onePoint(all, options.point).data, options.run);
    if (!run) return { columns: [], rows: [] };
    const jobs = run.jobs!;
    const runEnd = runEndOf(run);
    const bars = barsOf(jobs, options.window ?? spanOf(jobs, runEnd), runEnd);
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
  return `job ${jobs.id[j]} (user ${jobs.user[j] || '?'})\nnodes ${first === last ? first : `${first}-${last}`}\n${seconds(start)} to ${seconds(end)} (${duration(end - start)})`;
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
