/**
 * Event annotations grouped for drawing: the events of one type at one instant
 * are one mark, whatever the node or the run (a zone outage fails eight nodes
 * at once; every variant of a scenario sees the same failures), with a count
 * and the nodes and runs listed in its title. Past `maxMarks` groups, events of
 * a type are binned by time instead, so a week of autoscaling draws a few
 * hundred marks, not tens of thousands.
 */
import type { EventCategory } from '../../data/model.ts';
import type { RunEvent } from '../../data/model.ts';

/** An event of one run of one variant, as the time charts draw it. */
export interface EventMark extends RunEvent {
  variant: string;
  run: string;
}

export interface EventGroup {
  time: number;
  /** Latest end of the events in the group, or null. */
  end: number | null;
  /** Last event time in the group (bins span time). */
  last: number;
  type: string;
  category: EventCategory;
  count: number;
  nodes: string[];
  runs: string[];
  details: string[];
}

export function groupEvents(events: readonly EventMark[], domain: readonly [number, number], maxMarks = 600): EventGroup[] {
  const inside = events.filter((e) => e.time >= domain[0] && e.time <= domain[1]);
  const by = (key: (e: EventMark) => string) => {
    const groups = new Map<string, EventGroup>();
    for (const e of inside) {
      const k = `${e.type}\u0000${key(e)}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { time: e.time, end: null, last: e.time, type: e.type, category: e.category, count: 0, nodes: [], runs: [], details: [] }));
      g.count++;
      g.time = Math.min(g.time, e.time);
      g.last = Math.max(g.last, e.time);
      if (e.end !== null) g.end = Math.max(g.end ?? e.end, e.end);
      if (e.node && !g.nodes.includes(e.node)) g.nodes.push(e.node);
      if (!g.runs.includes(e.run)) g.runs.push(e.run);
      if (e.detail && !g.details.includes(e.detail)) g.details.push(e.detail);
    }
    return [...groups.values()].sort((a, b) => a.time - b.time);
  };
  const exact = by((e) => String(e.time));
  if (exact.length <= maxMarks) return exact;
  const types = new Set(inside.map((e) => e.type)).size;
  const bins = Math.max(1, Math.floor(maxMarks / types));
  const width = (domain[1] - domain[0]) / bins || 1;
  return by((e) => String(Math.floor((e.time - domain[0]) / width)));
}

/** At most `n` items of a list, and how many more. */
export function listed(items: readonly string[], n = 6): string {
  return items.length <= n ? items.join(', ') : `${items.slice(0, n).join(', ')} and ${items.length - n} more`;
}
