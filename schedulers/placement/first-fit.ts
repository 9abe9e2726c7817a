import type { PlacementPolicy } from '../types.ts';
import { fitsInTotal, gpuShapeOf } from './common.ts';

/**
 * First fit: nodes in index order, as many tasks on each as fit. Uses the
 * cluster's segment tree in one walk, skipping every subtree without room.
 */
export const firstFit: PlacementPolicy = {
  name: 'first-fit',
  place(job, jobs, cluster) {
    if (!fitsInTotal(job, jobs, cluster)) return null;
    return cluster.firstFitPlacement(jobs.requestOf(job), jobs.tasks[job]!, gpuShapeOf(job, jobs));
  },
};
