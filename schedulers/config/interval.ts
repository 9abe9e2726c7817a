/**
 * Periodic reconciliation: every `interval` seconds, up to `batchSize` nodes off
 * the desired configuration are reconciled (those off longest first), like an
 * agent run on a schedule or a batch job over the fleet.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import type { ReconcileApi, ReconcilePolicy } from './policy.ts';

const schema = z.object({
  interval: z.number().positive(),
  batchSize: z.number().int().positive().default(10),
});

export const intervalReconcile: PolicyEntry<z.infer<typeof schema>, ReconcilePolicy> = {
  name: 'interval',
  description: 'every interval, reconcile up to batchSize nodes that are off the desired configuration',
  params: schema,
  example: { interval: 300 },
  create(p) {
    let api: ReconcileApi;
    return {
      name: 'interval',
      start(a) {
        api = a;
        api.at(api.now + p.interval, 0);
      },
      onTimer() {
        let started = 0;
        for (const node of api.candidates()) {
          if (started >= p.batchSize) break;
          if (api.reconcile(node)) started++;
        }
        api.at(api.now + p.interval, 0);
      },
    };
  },
};
