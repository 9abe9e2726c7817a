/**
 * Independent node failures: each node alternates up times drawn from
 * `timeToFailure` and repair times drawn from `timeToRepair` (an alternating
 * renewal process; with exponential times its long-run availability is
 * MTBF / (MTBF + MTTR)). The up time is counted from the physical repair, not
 * from the moment the node is ready again. Each node has its own stream
 * (`node-failures:<node id>`), so its failure times do not depend on what the
 * rest of the simulation does. Nodes the cluster autoscaler adds get their own
 * process from the moment they join.
 *
 * Age. A node's age is the time since its last repair by this process (or
 * since it joined). When its failure comes while it cannot fail (down for
 * another cause, such as a zone outage, or in maintenance), it keeps its age:
 * the next failure is drawn from the time to failure conditioned on surviving
 * to that age (workloads/distributions/lifetime.ts `residual`; for the exponential, memoryless,
 * the same draw as a fresh one), or, when the distribution has no life left
 * (a constant time to failure), it fails as soon as it can fail again.
 *
 * Repair crews. With `repairCrews: N`, at most N nodes are repaired at once;
 * failed nodes wait for a crew first come, first served, and a repair time is
 * drawn when a crew starts on the node (the machine-repair model of queueing
 * theory; unlimited crews by default, every failed node repaired at once).
 */
import { z } from 'zod';
import type { ControlContext } from '../../sim/controller.ts';
import type { Random } from '../../sim/rng.ts';
import type { PolicyEntry } from '../control/registry.ts';
import { LifetimeSchema, residual, sample } from '../../workloads/distributions/lifetime.ts';
import { NodeSelectorSchema, selects, type FailureArgs, type FailurePolicy } from './policy.ts';

const schema = z.object({
  timeToFailure: LifetimeSchema,
  timeToRepair: LifetimeSchema,
  nodes: NodeSelectorSchema.optional(),
  /** Nodes repaired at once (a FIFO queue of failed nodes waits for a crew); unlimited when absent. */
  repairCrews: z.number().int().positive().optional(),
});

export const nodeFailures: PolicyEntry<z.infer<typeof schema>, FailurePolicy, FailureArgs> = {
  name: 'node-failures',
  description: 'independent node failures and repairs with time-to-failure and time-to-repair distributions',
  params: schema,
  example: { timeToFailure: { distribution: 'exponential', mean: 86400 }, timeToRepair: { distribution: 'exponential', mean: 3600 } },
  create(params, { world, rng }) {
    const streams = new Map<number, Random>();
    /** Time of each node's next scheduled transition (stale timers are ignored). */
    const next = new Map<number, number>();
    /** Time of each node's last renewal: its age is now − born. */
    const born = new Map<number, number>();
    /** Nodes whose life ran out while they could not fail: they fail when they can again. */
    const waiting = new Set<number>();
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
    const renew = (node: number) => {
      born.set(node, ctx.now);
      schedule(node, ctx.now + sample(params.timeToFailure, stream(node)), false);
    };
    const begin = (node: number) => {
      if (!selects(params.nodes, world.nodes[node]!)) return;
      waiting.delete(node);
      renew(node);
    };
    const crews = new RepairCrews(params.repairCrews ?? Infinity, (node) => schedule(node, ctx.now + sample(params.timeToRepair, stream(node)), true));
    const failed = (node: number) => {
      if (!crews.request(node)) next.delete(node);
    };
    const refused = (node: number) => {
      const left = residual(params.timeToFailure, ctx.now - born.get(node)!, stream(node));
      if (left !== null) return schedule(node, ctx.now + left, false);
      next.delete(node);
      waiting.add(node);
    };
    const repaired = (node: number) => {
      crews.free();
      world.repairNode(node);
      renew(node);
      crews.assign();
    };
    return {
      name: 'node-failures',
      start(c) {
        ctx = c;
        for (const n of world.nodes) if (n.inFleet) begin(n.index);
        world.listeners.push({
          nodeAdded: (node) => begin(node),
          nodeRestored: (node) => {
            if (waiting.delete(node)) schedule(node, ctx.now, false);
          },
        });
      },
      onTimer(tag) {
        const node = Math.floor(tag / 2);
        if (next.get(node) !== ctx.now) return;
        if (tag % 2 === 1) return repaired(node);
        if (!world.nodes[node]!.inFleet) {
          // Removed by the autoscaler: its process stops, and starts again if the node comes back.
          next.delete(node);
          return;
        }
        if (world.failNode(node, 'node-failure')) failed(node);
        else refused(node);
      },
    };
  },
};

/** The repair crews: at most `crews` repairs at once; failed nodes wait for a crew first come, first served. */
class RepairCrews {
  private readonly crews: number;
  /** Draws the repair time of a node a crew starts on and sets its timer. */
  private readonly repair: (node: number) => void;
  private busy = 0;
  private queue: number[] = [];
  private head = 0;

  constructor(crews: number, repair: (node: number) => void) {
    this.crews = crews;
    this.repair = repair;
  }

  /** A node failed: a crew starts on it now (true), or it waits in line (false). */
  request(node: number): boolean {
    if (this.busy < this.crews) {
      this.start(node);
      return true;
    }
    this.queue.push(node);
    return false;
  }

  /** A crew finished its repair. */
  free(): void {
    this.busy--;
  }

  /** Free crews start on the nodes that have waited longest. */
  assign(): void {
    while (this.busy < this.crews && this.head < this.queue.length) this.start(this.queue[this.head++]!);
    // The served front of the line is dropped once it is most of the array.
    if (this.head > 1024 && 2 * this.head > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private start(node: number): void {
    this.busy++;
    this.repair(node);
  }
}
