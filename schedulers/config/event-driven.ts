/**
 * Event-driven reconciliation: a watch notices a node going off the desired
 * configuration `delay` seconds later and reconciles it, at most
 * `maxConcurrent` nodes at a time (the others wait their turn, in the order
 * they were noticed), like a GitOps controller reacting to drift.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import type { ReconcileApi, ReconcilePolicy } from './policy.ts';

const schema = z.object({
  delay: z.number().nonnegative().default(30),
  maxConcurrent: z.number().int().positive().default(10),
});

export const eventDriven: PolicyEntry<z.infer<typeof schema>, ReconcilePolicy> = {
  name: 'event-driven',
  description: 'reconcile each node shortly after it goes off the desired configuration, a bounded number at a time',
  params: schema,
  create(p) {
    let api: ReconcileApi;
    const noticed: number[] = [];
    const queued = new Set<number>();
    const fill = () => {
      while (api.inFlight < p.maxConcurrent && noticed.length > 0) {
        const node = noticed.shift()!;
        queued.delete(node);
        // Reconciled meanwhile, failed, or being reconciled: nothing to do (it is noticed again if it goes off again).
        api.reconcile(node);
      }
    };
    return {
      name: 'event-driven',
      start(a) {
        api = a;
      },
      nodeOff(node) {
        api.at(api.now + p.delay, node);
      },
      onTimer(node) {
        if (!queued.has(node)) {
          queued.add(node);
          noticed.push(node);
        }
        fill();
      },
      finished: fill,
    };
  },
};
