import type { PlacementPolicy } from '../types.ts';
import { fitsInTotal, gpuShapeOf, leftoverAfter } from './common.ts';

/**
 * Worst fit (cordoned nodes skipped): each task goes on the node left emptiest after it (largest sum
 * of free fractions, ties by node index), which spreads a job's tasks. Tasks
 * are placed one at a time: a node's score drops as tasks land on it.
 * O(n + k log n) for k tasks, with a max-heap of candidate nodes.
 */
export const worstFit: PlacementPolicy = {
  name: 'worst-fit',
  place(job, jobs, cluster) {
    if (!fitsInTotal(job, jobs, cluster)) return null;
    const req = jobs.requestOf(job);
    const gpu = gpuShapeOf(job, jobs);
    // Per candidate: tasks placed so far and the score after one more task.
    const placed = new Map<number, number>();
    const heap: { node: number; score: number }[] = [];
    const better = (a: { node: number; score: number }, b: { node: number; score: number }) =>
      a.score > b.score || (a.score === b.score && a.node < b.node);
    const push = (item: { node: number; score: number }) => {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!better(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    };
    const pop = () => {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && better(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && better(heap[r]!, heap[m]!)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      }
      return top;
    };
    for (let node = 0; node < cluster.nodeCount; node++) {
      if (!cluster.unschedulable[node] && cluster.tasksThatFit(node, req, gpu) > 0) push({ node, score: leftoverAfter(node, req, cluster) });
    }
    let left = jobs.tasks[job]!;
    while (left > 0 && heap.length > 0) {
      const { node } = pop();
      const k = (placed.get(node) ?? 0) + 1;
      placed.set(node, k);
      left--;
      if (cluster.tasksThatFit(node, req, gpu) > k) {
        // Score after one more task, given the k already placed here.
        push({ node, score: leftoverAfter(node, req, cluster, k + 1) });
      }
    }
    if (left > 0) return null;
    const order = [...placed.keys()].sort((a, b) => a - b);
    return { nodes: order, counts: order.map((n) => placed.get(n)!) };
  },
};
