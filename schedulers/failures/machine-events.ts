/**
 * Outages of machines from the Google 2011 trace's machine_events table (no
 * header; `time (us), machine ID, event type, platform, CPUs, memory`; type 0
 * ADD, 1 REMOVE, 2 UPDATE). A REMOVE followed by an ADD of the same machine is
 * an outage (a failure or maintenance: the trace does not say which); a REMOVE
 * never followed by an ADD lasts to the end. The machines present at time 0
 * (ADDed before the trace window), in increasing ID order, are the ones mapped
 * onto simulated nodes. A small reader of our own until the trace importers
 * (issue 3) land; pure, errors name the line.
 */
import { InputError } from '../../sim/errors.ts';

export interface MachineOutages {
  /** Machine IDs present at time 0, ascending. */
  machines: string[];
  /** Per machine (same order): [start, end) outages in seconds of trace time; end Infinity when it never came back. */
  outages: [number, number][][];
}

const INT = /^\d+$/;

export function readMachineEvents(text: string, file = '<machine_events>'): MachineOutages {
  const initial = new Set<string>();
  const events = new Map<string, [number, number][]>();
  let line = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const row = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    line++;
    if (row === '') continue;
    const f = row.split(',');
    if (f.length < 3) throw new InputError('expected at least 3 fields (time, machine ID, event type)', { file, line, value: row });
    if (!INT.test(f[0]!)) throw new InputError('not a time in microseconds', { file, line, field: '1 (time)', value: f[0] });
    if (!INT.test(f[1]!)) throw new InputError('not a machine ID', { file, line, field: '2 (machine ID)', value: f[1] });
    if (!/^[012]$/.test(f[2]!)) throw new InputError('event type must be 0, 1 or 2', { file, line, field: '3 (event type)', value: f[2] });
    const t = Number(f[0]) / 1e6;
    const id = f[1]!;
    const type = Number(f[2]);
    if (type === 2) continue;
    if (t === 0 && type === 0) initial.add(id);
    let list = events.get(id);
    if (!list) events.set(id, (list = []));
    list.push([t, type]);
  }
  const machines = [...initial].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  const outages = machines.map((id) => {
    const out: [number, number][] = [];
    let downSince = NaN;
    for (const [t, type] of events.get(id)!) {
      if (type === 1 && Number.isNaN(downSince)) downSince = t;
      else if (type === 0 && !Number.isNaN(downSince)) {
        out.push([downSince, t]);
        downSince = NaN;
      }
    }
    if (!Number.isNaN(downSince)) out.push([downSince, Infinity]);
    return out;
  });
  return { machines, outages };
}
