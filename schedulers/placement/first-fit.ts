import type { ClusterView, GpuShape, Placement } from '../../sim/cluster.ts';
import type { PlacementPolicy } from '../types.ts';
import { fitsInTotal, gpuShapeOf } from './common.ts';

/** Scratch for the job's per-task request (the cluster reads it and keeps nothing). */
let request = new Float64Array(4);

/**
 * First fit: nodes in index order, as many tasks on each as fit. Uses the
 * cluster's segment tree in one walk, skipping every subtree without room.
 * Cordoned nodes are skipped (a slower walk, taken only while some node is cordoned).
 */
export const firstFit: PlacementPolicy = {
  name: 'first-fit',
  place(job, jobs, cluster) {
    if (!fitsInTotal(job, jobs, cluster)) return null;
    if (request.length < jobs.resources.length) request = new Float64Array(jobs.resources.length);
    const req = jobs.requestInto(job, request);
    const gpu = gpuShapeOf(job, jobs);
    if (cluster.cordoned === 0) return cluster.firstFitPlacement(req, jobs.tasks[job]!, gpu);
    return firstFitSkippingCordoned(cluster, req, jobs.tasks[job]!, gpu);
  },
};

/** First fit over the nodes the index finds with room, leaving out cordoned ones (a node list walk, not the tree's one descent). */
export function firstFitSkippingCordoned(cluster: ClusterView, req: ArrayLike<number>, tasks: number, gpu?: GpuShape): Placement | null {
  const nodes: number[] = [];
  const counts: number[] = [];
  let left = tasks;
  cluster.scanFit(req, 0, (node) => {
    if (cluster.unschedulable[node]) return false;
    const fit = Math.min(left, cluster.tasksThatFit(node, req, gpu));
    if (fit > 0) {
      nodes.push(node);
      counts.push(fit);
      left -= fit;
    }
    return left === 0;
  });
  return left === 0 ? { nodes, counts } : null;
}
