import type { PlacementPolicy } from '../types.ts';
import { fitsInTotal, gpuShapeOf } from './common.ts';

/**
 * Tetris's alignment score (Grandl et al., SIGCOMM 2014, §3.2): each task
 * goes on the feasible node maximizing the dot product of the task's demand
 * vector and the node's available resources, both normalized by the node's
 * capacity (Σ over resources of req/cap × free/cap); ties by node index.
 * Tasks are placed one at a time (a node's free amounts drop as tasks land).
 * Tetris's remaining-work term and its job selection are not included: the
 * queue order and backfilling choose the jobs.
 */
export const tetris: PlacementPolicy = {
  name: 'tetris',
  place(job, jobs, cluster) {
    if (!fitsInTotal(job, jobs, cluster)) return null;
    const req = jobs.requestOf(job);
    const gpu = gpuShapeOf(job, jobs);
    const R = cluster.resources.length;
    const placed = new Map<number, number>();
    const candidates: number[] = [];
    for (let node = 0; node < cluster.nodeCount; node++) if (cluster.isUp(node) && !cluster.unschedulable[node] && cluster.tasksThatFit(node, req, gpu) > 0) candidates.push(node);
    const alignment = (node: number, already: number) => {
      let s = 0;
      for (let r = 0; r < R; r++) {
        const cap = cluster.capacityOf(node, r);
        if (cap > 0) s += (req[r]! / cap) * ((cluster.freeOf(node, r) - already * req[r]!) / cap);
      }
      return s;
    };
    for (let t = jobs.tasks[job]!; t > 0; t--) {
      let best = -1;
      let bestScore = -Infinity;
      for (const node of candidates) {
        const k = placed.get(node) ?? 0;
        if (cluster.tasksThatFit(node, req, gpu) <= k) continue;
        const s = alignment(node, k);
        if (s > bestScore) {
          bestScore = s;
          best = node;
        }
      }
      if (best < 0) return null;
      placed.set(best, (placed.get(best) ?? 0) + 1);
    }
    const nodes = [...placed.keys()].sort((a, b) => a - b);
    return { nodes, counts: nodes.map((n) => placed.get(n)!) };
  },
};
