/**
 * Which nodes each job ran on, recorded when it starts (its placement is
 * released at its end, so this is the only moment to see it). Written to the
 * `nodes` column of jobs.csv, which the browser's node timeline (Gantt) reads.
 *
 * Format: node indexes (0-based, in the cluster's node order), ascending,
 * consecutive runs compressed, separated by spaces: `0-63`, `3 5-7 12`.
 * Pure (no Node dependency).
 */
import type { Engine } from '../../sim/engine.ts';
import type { Observer } from '../../sim/recorder.ts';

export class JobNodes implements Observer {
  /** By job index; null for a job that never started. Allocated whole at the first start, so it stays a dense array. */
  nodes: (string | null)[] = [];

  onStart(job: number, _now: number, engine: Engine): void {
    if (this.nodes.length === 0) this.nodes = new Array<string | null>(engine.jobs.count).fill(null);
    const rows = engine.placementRows(job);
    if (rows) this.nodes[job] = nodeRanges(rows, engine.placementNodeCount(job));
  }
}

/** Scratch for nodeRanges: a placement's nodes are copied and sorted here, not in a new array per job. */
let scratch = new Float64Array(256);

/** `[7, 3, 4, 5, 9]` → `3-5 7 9`; of the first `n` entries of `nodes` when given (a placement block holds more). */
export function nodeRanges(nodes: ArrayLike<number>, n = nodes.length): string {
  let sorted: ArrayLike<number> = nodes;
  for (let i = 1; i < n; i++) {
    if (nodes[i]! < nodes[i - 1]!) {
      // Not ascending (first fit's placements usually are): sort a copy.
      if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
      for (let k = 0; k < n; k++) scratch[k] = nodes[k]!;
      if (n > 128) sorted = scratch.subarray(0, n).sort();
      else {
        // Insertion sort in place: placements come nearly sorted, and a subarray view per job would be garbage.
        for (let a = 1; a < n; a++) {
          const x = scratch[a]!;
          let b = a - 1;
          while (b >= 0 && scratch[b]! > x) {
            scratch[b + 1] = scratch[b]!;
            b--;
          }
          scratch[b + 1] = x;
        }
        sorted = scratch;
      }
      break;
    }
  }
  let text = '';
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[j]! + 1) j++;
    if (i > 0) text += ' ';
    text += j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`;
    i = j + 1;
  }
  return text;
}

/** `3-5 7 9` → `[3, 4, 5, 7, 9]`; the inverse of nodeRanges. */
export function parseNodeRanges(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(' ')) {
    if (part === '') continue;
    const dash = part.indexOf('-');
    const a = Number(dash < 0 ? part : part.slice(0, dash));
    const b = dash < 0 ? a : Number(part.slice(dash + 1));
    for (let k = a; k <= b; k++) out.push(k);
  }
  return out;
}
