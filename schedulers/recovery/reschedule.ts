/**
 * Reschedule elsewhere: an interrupted job goes back to the queue at once and
 * the scheduler places it wherever there is room; its work is lost (what the
 * batch systems do by default with a requeue-on-failure job).
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import { maxRetries, type RecoveryPolicy } from './policy.ts';

const schema = z.object({ maxRetries: maxRetries() });

export const reschedule: PolicyEntry<z.infer<typeof schema>, RecoveryPolicy> = {
  name: 'reschedule',
  description: 'requeue interrupted jobs at once; the scheduler places them anywhere; work is lost',
  params: schema,
  create: (params) => ({
    name: 'reschedule',
    maxRetries: params.maxRetries,
    onNodeFailure: () => ({ action: 'requeue' }),
    onTaskFailure: () => ({ action: 'requeue' }),
    kept: () => 0,
    inflate: (runtime) => runtime,
  }),
};
