import type { QueueOrder } from '../types.ts';

/** Largest job first, by task count (processors for HPC jobs). */
export const ljf: QueueOrder = {
  name: 'ljf',
  dynamic: false,
  key: (job, jobs) => -jobs.tasks[job]!,
};
