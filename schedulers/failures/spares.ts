/**
 * Spare nodes of a node group (`spares: M`): a pool of M machines outside the
 * fleet that stand in for failed ones. When a node of the group fails, an idle
 * spare joins the fleet at once (empty, schedulable: the scheduler places the
 * replacements of what was lost there); when the failed node is ready again,
 * the spare that covered it is drained at once (replicas replaced elsewhere,
 * batch jobs handed to their owner) and leaves. A failure with no idle spare
 * waits, first come, first served, for one to come back. Spares are cold while
 * idle (they do not fail out of the fleet) and fail like any node while in it
 * (failure policies start on them when they join); a spare's own failure is
 * covered by another spare, and a covering spare that has failed leaves once it
 * is ready again. Spares cost the group's price only while in the fleet.
 */
import type { NodeSpec } from '../../sim/cluster.ts';
import type { ControlContext, Controller } from '../../sim/controller.ts';
import { Cordon, type World } from '../control/world.ts';

export class SparePool implements Controller {
  readonly name: string;
  private ctx!: ControlContext;
  /** Spare node indices created so far; those not in the fleet are idle. */
  private readonly spares: number[] = [];
  /** The spare standing in for each failed node. */
  private readonly covering = new Map<number, number>();
  /** Failed nodes waiting for a spare, in failure order. */
  private waiting: number[] = [];
  /** Covering spares to release once they are ready again (they failed while covering). */
  private readonly leaving = new Set<number>();

  constructor(
    private readonly world: World,
    private readonly group: { name: string; costPerHour: number },
    private readonly count: number,
    private readonly spec: (j: number) => NodeSpec,
  ) {
    this.name = `spares(${group.name})`;
  }

  start(ctx: ControlContext): void {
    this.ctx = ctx;
    this.world.listeners.push({
      nodeFailed: (node) => this.failed(node),
      nodeReady: (node) => this.ready(node),
    });
  }

  onTimer(): void {}

  private failed(node: number): void {
    const n = this.world.nodes[node]!;
    if (n.group !== this.group.name || this.covering.has(node)) return;
    const spare = this.idleSpare();
    if (spare === -1) {
      if (!this.waiting.includes(node)) this.waiting.push(node);
      return;
    }
    this.join(spare, node);
  }

  /** A node is ready again: the spare covering it leaves (once ready itself), and so does this node if it is a spare that was to leave. */
  private ready(node: number): void {
    if (this.waiting.length > 0) this.waiting = this.waiting.filter((x) => x !== node);
    const spare = this.covering.get(node);
    if (spare !== undefined) {
      this.covering.delete(node);
      const s = this.world.nodes[spare]!;
      if (s.failed || s.detected) this.leaving.add(spare);
      else this.release(spare);
    }
    if (this.leaving.delete(node)) this.release(node);
  }

  /** An idle spare (out of the fleet, not being drained); -2 − j when the j-th spare is still to be created; -1 if none. */
  private idleSpare(): number {
    for (const s of this.spares) if (!this.world.nodes[s]!.inFleet && !this.world.draining(s)) return s;
    if (this.spares.length >= this.count) return -1;
    return -2 - this.spares.length;
  }

  /** Brings a spare (a slot from idleSpare) into the fleet for the failed node. */
  private join(slot: number, failed: number): void {
    let spare = slot;
    if (slot <= -2) {
      spare = this.ctx.addNode(this.spec(-2 - slot), 'spare-joined');
      this.spares.push(spare);
      this.world.register(spare, { group: this.group.name, costPerHour: this.group.costPerHour });
    } else this.world.reviveNode(spare, 'spare-joined');
    this.covering.set(failed, spare);
    this.ctx.record({ type: 'spare-joined', node: this.world.nodes[spare]!.id, data: { for: this.world.nodes[failed]!.id } });
  }

  private release(spare: number): void {
    this.world.drain(spare, Cordon.Drain, 0, () => {
      this.world.removeNode(spare, 'spare-released');
      // A failure still waiting takes the spare at once.
      while (this.waiting.length > 0) {
        const next = this.waiting.shift()!;
        const n = this.world.nodes[next]!;
        if (n.inFleet && (n.failed || n.detected) && !this.covering.has(next)) {
          this.join(spare, next);
          return;
        }
      }
    });
  }
}
