import type { QueueOrder } from '../types.ts';

/** Shortest job first, by the user's estimate (the scheduler never sees the actual runtime). */
export const sjf: QueueOrder = {
  name: 'sjf',
  dynamic: false,
  key: (job, jobs) => jobs.estimate[job]!,
};
