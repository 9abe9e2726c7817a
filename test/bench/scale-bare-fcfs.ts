/**
 * The baseline of the scale tier: parse an SWF log (submit, run time,
 * processors) and run fcfs without backfilling with a heap of end times, the
 * least a replay can do. Prints the mean wait so the work cannot be skipped.
 */
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2]!, 'latin1');
let procs = 0;
const submit: number[] = [];
const runtime: number[] = [];
const size: number[] = [];
for (const line of text.split('\n')) {
  if (line.startsWith(';')) {
    const m = /MaxProcs:\s*(\d+)/.exec(line);
    if (m) procs = Number(m[1]);
    continue;
  }
  const f = line.trim().split(/\s+/);
  if (f.length < 18) continue;
  const r = Number(f[3]);
  const p = Number(f[7]) > 0 ? Number(f[7]) : Number(f[4]);
  if (!(r >= 0) || !(p > 0) || p > procs) continue;
  submit.push(Number(f[1]));
  runtime.push(r);
  size.push(p);
}
// A binary heap of (end, processors) of the running jobs.
const ends = new Float64Array(submit.length);
const held = new Int32Array(submit.length);
let n = 0;
const push = (e: number, p: number) => {
  let i = n++;
  while (i > 0) {
    const up = (i - 1) >> 1;
    if (ends[up]! <= e) break;
    ends[i] = ends[up]!;
    held[i] = held[up]!;
    i = up;
  }
  ends[i] = e;
  held[i] = p;
};
const pop = () => {
  const e = ends[0]!;
  const p = held[0]!;
  const le = ends[--n]!;
  const lp = held[n]!;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && ends[c + 1]! < ends[c]!) c++;
    if (ends[c]! >= le) break;
    ends[i] = ends[c]!;
    held[i] = held[c]!;
    i = c;
  }
  ends[i] = le;
  held[i] = lp;
  return [e, p] as const;
};
let free = procs;
let last = 0;
let waits = 0;
for (let j = 0; j < submit.length; j++) {
  let t = Math.max(submit[j]!, last);
  while (n > 0 && ends[0]! <= t) free += pop()[1];
  while (free < size[j]!) {
    const [e, p] = pop();
    t = Math.max(t, e);
    free += p;
  }
  free -= size[j]!;
  push(t + runtime[j]!, size[j]!);
  waits += t - submit[j]!;
  last = t;
}
process.stdout.write(`${submit.length} jobs, mean wait ${(waits / submit.length).toFixed(2)} s\n`);
