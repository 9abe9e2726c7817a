import type { PlacementPolicy } from '../types.ts';
import { fitsInTotal, gpuShapeOf, leftoverAfter } from './common.ts';

/**
 * Best fit (cordoned nodes skipped): the node left fullest after one task goes on it (smallest sum of
 * free fractions, ties by node index), filled with as many tasks as fit, then
 * the next. Filling a node only makes it fuller and leaves the others as they
 * were, so one sort of the feasible nodes gives the same result as choosing
 * again after every task. O(n log n) per job.
 */
export const bestFit: PlacementPolicy = {
  name: 'best-fit',
  place(job, jobs, cluster) {
    if (!fitsInTotal(job, jobs, cluster)) return null;
    const req = jobs.requestOf(job);
    const gpu = gpuShapeOf(job, jobs);
    const candidates: number[] = [];
    const score = new Map<number, number>();
    for (let node = 0; node < cluster.nodeCount; node++) {
      if (!cluster.unschedulable[node] && cluster.tasksThatFit(node, req, gpu) > 0) {
        candidates.push(node);
        score.set(node, leftoverAfter(node, req, cluster));
      }
    }
    candidates.sort((a, b) => score.get(a)! - score.get(b)! || a - b);
    let left = jobs.tasks[job]!;
    const nodes: number[] = [];
    const counts: number[] = [];
    for (const node of candidates) {
      if (left === 0) break;
      const count = Math.min(left, cluster.tasksThatFit(node, req, gpu));
      nodes.push(node);
      counts.push(count);
      left -= count;
    }
    return left === 0 ? { nodes, counts } : null;
  },
};
