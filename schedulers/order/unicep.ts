import type { QueueOrder } from '../types.ts';

/**
 * UNICEP (Tang et al., CLUSTER 2009; as implemented in RLScheduler, Zhang et al.,
 * SC 2020): highest wait / (log2(processors) × estimate) first. log2(1) = 0, so
 * like RLScheduler we add 1e-15 to the wait and to the processor count: single-
 * processor jobs come first, among themselves by wait / estimate.
 */
export const unicep: QueueOrder = {
  name: 'unicep',
  dynamic: true,
  key: (job, jobs, now) => {
    const wait = now - jobs.submit[job]!;
    return -(wait + 1e-15) / (Math.log2(jobs.tasks[job]! + 1e-15) * jobs.estimate[job]!);
  },
};
