/**
 * Independent node failures: each node alternates up times drawn from
 * `timeToFailure` and repair times drawn from `timeToRepair` (an alternating
 * renewal process; with exponential times its long-run availability is
 * MTBF / (MTBF + MTTR)). The up time is counted from the physical repair, not
 * from the moment the node is ready again. Each node has its own stream
 * (`node-failures:<node id>`), so its failure times do not depend on what the
 * rest of the simulation does. Nodes the cluster autoscaler adds get their own
 * process from the moment they join.
 */
import { z } from 'zod';
import type { ControlContext } from '../../sim/controller.ts';
import type { Random } from '../../sim/rng.ts';
import type { PolicyEntry } from '../control/registry.ts';
import { DistributionSchema, sample } from './distributions.ts';
import { NodeSelectorSchema, selects, type FailureArgs, type FailurePolicy } from './policy.ts';

const schema = z.object({
  timeToFailure: DistributionSchema,
  timeToRepair: DistributionSchema,
  nodes: NodeSelectorSchema.optional(),
});

export const nodeFailures: PolicyEntry<z.infer<typeof schema>, FailurePolicy, FailureArgs> = {
  name: 'node-failures',
  description: 'independent node failures and repairs with time-to-failure and time-to-repair distributions',
  schema,
  create(params, { world, rng }) {
    const streams = new Map<number, Random>();
    /** Time of each node's next scheduled transition (stale timers are ignored). */
    const next = new Map<number, number>();
    let ctx: ControlContext;
    const stream = (node: number) => {
      let s = streams.get(node);
      if (!s) streams.set(node, (s = rng.stream(`node-failures:${world.nodes[node]!.id}`)));
      return s;
    };
    const schedule = (node: number, at: number, repair: boolean) => {
      next.set(node, at);
      ctx.at(at, node * 2 + (repair ? 1 : 0));
    };
    const begin = (node: number) => {
      if (!selects(params.nodes, world.nodes[node]!)) return;
      schedule(node, ctx.now + sample(params.timeToFailure, stream(node)), false);
    };
    return {
      name: 'node-failures',
      start(c) {
        ctx = c;
        for (const n of world.nodes) if (n.inFleet) begin(n.index);
        world.listeners.push({ nodeAdded: (node) => begin(node) });
      },
      onTimer(tag) {
        const node = Math.floor(tag / 2);
        if (next.get(node) !== ctx.now) return;
        const n = world.nodes[node]!;
        if (tag % 2 === 0) {
          if (!n.inFleet) {
            // Removed by the autoscaler: its process stops, and starts again if the node comes back.
            next.delete(node);
            return;
          }
          if (world.failNode(node, 'node-failure')) schedule(node, ctx.now + sample(params.timeToRepair, stream(node)), true);
          else schedule(node, ctx.now + sample(params.timeToFailure, stream(node)), false);
        } else {
          world.repairNode(node);
          schedule(node, ctx.now + sample(params.timeToFailure, stream(node)), false);
        }
      },
    };
  },
};
