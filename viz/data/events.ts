/**
 * A run's events, for annotations, the node timeline's down time and the
 * rollout view, from the files the CLI writes (docs/results.md "Results" and "Results
 * layout"):
 *
 * - system-events.csv (`clusterlab scenario`): time,type,source,node,job,detail,
 *   detail a JSON object of small values;
 * - events.csv of `clusterlab run` with outputs.events: time,type,job,detail,
 *   one row per job submit, start, end and reject. These are not system events
 *   and are not annotated (jobs.csv holds the same facts per job): told apart
 *   by their columns, a `job` column without `node`;
 * - events.csv of other producers: time,type[,node][,end][,detail].
 *
 * Intervals the files leave open are closed here by pairing (a node failure with
 * that node's repair, an outage with its zone's restoration, a rollout start
 * with its completion; event-types.ts INTERVALS), so every view reads `end`.
 */
import type { Table } from './csv.ts';
import { categoryOf, INTERVALS } from './event-types.ts';
import type { RunEvent } from './model.ts';
import { nodeIndexer } from './node-names.ts';

/** Whether an events table is a job event log (submit, start, end, reject per job), not system events. */
export function isJobEventLog(table: Table): boolean {
  return table.has('job') && !table.has('node') && !table.has('source');
}

/** The rows of an events table as events (without node indexes: see indexNodes); null when it is not one. */
export function eventsOf(table: Table | null): RunEvent[] | null {
  if (!table || !table.has('time') || !(table.has('type') || table.has('event')) || isJobEventLog(table)) return null;
  const time = table.num('time')!;
  const type = table.text('type') ?? table.text('event')!;
  const node = table.text('node');
  const end = table.num('end');
  const detail = table.text('detail');
  const source = table.text('source');
  const job = table.text('job');
  const out: RunEvent[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    if (Number.isNaN(time[i]!)) continue;
    const e = end?.[i];
    out.push({
      time: time[i]!,
      type: type[i]!,
      category: categoryOf(type[i]!),
      node: node?.[i] || null,
      nodeIndex: -1,
      end: e === undefined || Number.isNaN(e) ? null : e,
      detail: detail?.[i] ?? '',
      source: source?.[i] ?? '',
      job: job?.[i] ?? '',
    });
  }
  closeIntervals(out);
  return out;
}

/** A field of a JSON detail, as text ('' when absent or not JSON). */
function detailField(detail: string, key: string): string {
  if (!detail.startsWith('{')) return '';
  try {
    const v = (JSON.parse(detail) as Record<string, unknown>)[key];
    return v === undefined || v === null ? '' : String(v);
  } catch {
    return '';
  }
}

/** Sets `end` of each interval-opening event to the time of the first matching close after it. */
function closeIntervals(events: RunEvent[]): void {
  const open = new Map<string, RunEvent>();
  const keyOf = (spec: (typeof INTERVALS)[number], e: RunEvent) => {
    const k = spec.key === 'node' ? (e.node ?? '') : detailField(e.detail, spec.key);
    return `${spec.open}\u0000${k}`;
  };
  // Events are in the order they happened (the file's order); sorting keeps equal times in that order.
  const ordered = events.map((e, i) => [e, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]);
  for (const [e] of ordered) {
    for (const spec of INTERVALS) {
      if (e.type === spec.open && e.end === null) open.set(keyOf(spec, e), e);
      else if (spec.close.includes(e.type)) {
        const k = keyOf(spec, e);
        const o = open.get(k);
        if (o) {
          o.end = e.time;
          open.delete(k);
        }
      }
    }
  }
}

/** Fills each event's nodeIndex (-1 when its node cannot be placed; node-names.ts). */
export function indexNodes(events: RunEvent[], clusterNodes: number | null): void {
  const index = nodeIndexer(events, clusterNodes);
  for (const e of events) e.nodeIndex = index(e.node);
}
