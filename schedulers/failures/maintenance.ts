/**
 * Planned maintenance: from `at` (and again every `every` seconds), the
 * selected nodes are taken down `batchSize` at a time. Each is drained first
 * (cordoned; service replicas are moved at once; batch jobs may finish until
 * `drainTimeout` passes, then their owner moves them, keeping checkpointed
 * work), is down for `duration`, and comes back uncordoned; then the next node
 * of the wave starts. Nodes failed at their turn are skipped. Planned downtime
 * is counted apart from failures in the metrics.
 */
import { z } from 'zod';
import type { ControlContext } from '../../sim/controller.ts';
import type { PolicyEntry } from '../control/registry.ts';
import { Cordon } from '../control/world.ts';
import { NodeSelectorSchema, selects, type FailureArgs, type FailurePolicy } from './policy.ts';
import { appendAll } from '../../sim/arrays.ts';

const schema = z.object({
  at: z.number().nonnegative().finite(),
  every: z.number().positive().finite().optional(),
  batchSize: z.number().int().positive().default(1),
  duration: z.number().positive().finite(),
  drainTimeout: z.number().nonnegative().default(600),
  nodes: NodeSelectorSchema.optional(),
});

export const maintenance: PolicyEntry<z.infer<typeof schema>, FailurePolicy, FailureArgs> = {
  name: 'maintenance',
  description: 'planned maintenance waves: nodes drained, taken down for a duration and brought back, a batch at a time',
  params: schema,
  example: { at: 3600, every: 86400, duration: 1800 },
  create(params, { world }) {
    let ctx: ControlContext;
    let queue: number[] = [];
    let inProgress = 0;
    const WAVE = -1;
    const next = () => {
      while (inProgress < params.batchSize && queue.length > 0) {
        const node = queue.shift()!;
        const n = world.nodes[node]!;
        if (!n.inFleet || n.failed || n.detected) continue;
        inProgress++;
        world.drain(node, Cordon.Maintenance, params.drainTimeout, () => {
          world.setMaintenance(node, true);
          ctx.record({ type: 'maintenance-start', node: n.id });
          ctx.at(ctx.now + params.duration, node);
        });
      }
    };
    return {
      name: 'maintenance',
      start(c) {
        ctx = c;
        ctx.at(Math.max(ctx.now, params.at), WAVE);
      },
      onTimer(tag) {
        if (tag === WAVE) {
          const wave = world.nodes.filter((n) => n.inFleet && selects(params.nodes, n)).map((n) => n.index);
          ctx.record({ type: 'maintenance-wave', data: { nodes: wave.length } });
          appendAll(queue, wave.filter((n) => !queue.includes(n)));
          if (params.every) ctx.at(ctx.now + params.every, WAVE);
          next();
          return;
        }
        const node = tag;
        world.setMaintenance(node, false);
        world.cordon(node, Cordon.Maintenance, false);
        ctx.record({ type: 'maintenance-end', node: world.nodes[node]!.id });
        inProgress--;
        next();
      },
    };
  },
};
