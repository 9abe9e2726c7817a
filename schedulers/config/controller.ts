/**
 * Configuration management: every node runs a configuration version; drift
 * moves nodes off the desired one (each node drifts as a Poisson process of
 * `rate` per node-hour, from its own stream `drift:<node id>`); changes of the
 * desired version at given times put every node off it; a reconciliation
 * policy brings nodes back. Applying takes `applyTime` seconds (after a drain
 * when `drain` is set: cordon, replicas moved, batch jobs given `drainTimeout`).
 * Nodes added later come with the desired configuration.
 *
 * Measures: drift events and reconciliations; for each desired change, the
 * time until every node that was in the fleet then and is still in it has
 * been brought to it (time to converge); the mean time from going off to being
 * reconciled; the fraction of nodes off over time (node meter).
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import type { Random, Rng } from '../../sim/rng.ts';
import { exponential } from '../../sim/rng.ts';
import { Cordon, type World } from '../control/world.ts';
import type { ReconcileApi, ReconcilePolicy } from './policy.ts';

export interface ConfigParams {
  /** Drift events per node-hour (0: none). */
  driftRate: number;
  applyTime: number;
  drain: boolean;
  drainTimeout: number;
  changes: readonly { at: number; version: number }[];
}

export interface ConvergenceRecord {
  version: number;
  at: number;
  convergedAt: number;
  nodes: number;
}

const DRIFT = 0;
const APPLIED = 1;
const KINDS = 2;

export class ConfigController implements Controller {
  readonly name = 'config';
  driftEvents = 0;
  reconciliations = 0;
  readonly changes: ConvergenceRecord[] = [];
  /** Seconds each reconciled node had been off the desired configuration. */
  readonly offDurations: number[] = [];
  private readonly world: World;
  private readonly rng: Rng;
  private readonly params: ConfigParams;
  private readonly policy: ReconcilePolicy;
  private readonly streams = new Map<number, Random>();
  private readonly nextDrift = new Map<number, number>();
  private readonly applying = new Map<number, { version: number; done: number }>();
  private readonly pendingChange: { rec: ConvergenceRecord; nodes: Set<number> }[] = [];
  private ctx!: ControlContext;

  constructor(world: World, rng: Rng, params: ConfigParams, policy: ReconcilePolicy) {
    this.world = world;
    this.rng = rng;
    this.params = params;
    this.policy = policy;
  }

  start(ctx: ControlContext): void {
    this.ctx = ctx;
    const self = this;
    const api: ReconcileApi = {
      get now() {
        return ctx.now;
      },
      at: (time, tag) => ctx.at(time, tag),
      candidates: () => this.candidates(),
      reconcile: (node) => this.reconcile(node),
      get inFlight() {
        return self.applying.size;
      },
    };
    this.policy.start(api);
    for (const n of this.world.nodes) if (n.inFleet) this.scheduleDrift(n.index);
    this.world.listeners.push({
      nodeAdded: (node) => this.scheduleDrift(node),
      nodeRemoved: (node) => {
        for (const c of this.pendingChange) c.nodes.delete(node);
        this.checkConvergence();
      },
      nodeReady: (node) => {
        if (this.world.isOffConfig(this.world.nodes[node]!)) this.policy.nodeOff?.(node);
      },
    });
    this.params.changes.forEach((c, i) => ctx.at(Math.max(ctx.now, c.at), -1 - KINDS * 1_000_000_000 - i));
  }

  onTimer(tag: number): void {
    if (tag >= 0) return this.policy.onTimer(tag);
    const k = -1 - tag;
    if (k >= KINDS * 1_000_000_000) return this.change(this.params.changes[k - KINDS * 1_000_000_000]!);
    const node = Math.floor(k / KINDS);
    if (k % KINDS === DRIFT) this.drift(node);
    else this.applied(node);
  }

  private stream(node: number): Random {
    let s = this.streams.get(node);
    if (!s) this.streams.set(node, (s = this.rng.stream(`drift:${this.world.nodes[node]!.id}`)));
    return s;
  }

  private scheduleDrift(node: number): void {
    if (this.params.driftRate <= 0) return;
    const t = this.ctx.now + exponential(this.stream(node), 3600 / this.params.driftRate);
    this.nextDrift.set(node, t);
    this.ctx.at(t, -1 - (node * KINDS + DRIFT));
  }

  private drift(node: number): void {
    if (this.nextDrift.get(node) !== this.ctx.now) return;
    const n = this.world.nodes[node]!;
    if (!n.inFleet) {
      this.nextDrift.delete(node);
      return;
    }
    if (this.world.isReady(n) && !n.drifted) {
      this.driftEvents++;
      const wasOff = this.world.isOffConfig(n);
      this.world.setConfig(node, n.configVersion, true);
      this.ctx.record({ type: 'config-drift', node: n.id });
      if (!wasOff) this.policy.nodeOff?.(node);
    }
    this.scheduleDrift(node);
  }

  private change(c: { at: number; version: number }): void {
    const nodes = new Set(this.world.nodes.filter((n) => n.inFleet).map((n) => n.index));
    const rec: ConvergenceRecord = { version: c.version, at: this.ctx.now, convergedAt: NaN, nodes: nodes.size };
    this.changes.push(rec);
    this.pendingChange.push({ rec, nodes });
    this.world.setDesiredConfig(c.version);
    for (const node of nodes) this.policy.nodeOff?.(node);
  }

  private candidates(): number[] {
    const w = this.world;
    return w.nodes
      .filter((n) => n.inFleet && w.isReady(n) && w.isOffConfig(n) && !this.applying.has(n.index) && !w.draining(n.index))
      .sort((a, b) => (a.offConfigSince || 0) - (b.offConfigSince || 0) || a.index - b.index)
      .map((n) => n.index);
  }

  private reconcile(node: number): boolean {
    const w = this.world;
    const n = w.nodes[node]!;
    if (this.applying.has(node) || !n.inFleet || !w.isReady(n) || !w.isOffConfig(n) || w.draining(node)) return false;
    const version = w.desiredConfig;
    const begin = () => {
      const done = this.ctx.now + this.params.applyTime;
      this.applying.set(node, { version, done });
      this.ctx.at(done, -1 - (node * KINDS + APPLIED));
    };
    this.applying.set(node, { version, done: NaN });
    if (this.params.drain) w.drain(node, Cordon.Config, this.params.drainTimeout, begin);
    else begin();
    return true;
  }

  private applied(node: number): void {
    const a = this.applying.get(node);
    if (!a || a.done !== this.ctx.now) return;
    this.applying.delete(node);
    const w = this.world;
    const n = w.nodes[node]!;
    if (this.params.drain) w.cordon(node, Cordon.Config, false);
    if (n.inFleet && !n.failed) {
      const since = n.offConfigSince;
      w.setConfig(node, a.version, false);
      if (!w.isOffConfig(n)) {
        this.reconciliations++;
        if (!Number.isNaN(since)) this.offDurations.push(this.ctx.now - since);
        n.offConfigSince = NaN;
        this.ctx.record({ type: 'config-reconciled', node: n.id, data: { version: a.version } });
        for (const c of this.pendingChange) if (a.version >= c.rec.version) c.nodes.delete(node);
        this.checkConvergence();
      }
    }
    this.policy.finished?.(node);
  }

  private checkConvergence(): void {
    for (let i = this.pendingChange.length - 1; i >= 0; i--) {
      const c = this.pendingChange[i]!;
      if (c.nodes.size === 0) {
        c.rec.convergedAt = this.ctx.now;
        this.ctx.record({ type: 'config-converged', data: { version: c.rec.version, after: this.ctx.now - c.rec.at } });
        this.pendingChange.splice(i, 1);
      }
    }
  }
}
