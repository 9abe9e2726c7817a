/** Configuration drift and reconciliation. */
import { describe, expect, it } from 'vitest';
import { ConfigController } from '../../../schedulers/config/controller.ts';
import { reconcilePolicies } from '../../../schedulers/config/registry.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

function run(reconcile: Record<string, unknown> & { policy: string }, options: { driftRate?: number; changes?: { at: number; version: number }[]; horizon?: number; count?: number; drain?: boolean } = {}) {
  let config: ConfigController | null = null;
  const r = runDynamic({
    cluster: nodes(options.count ?? 20, { cpu: 1 }),
    horizon: options.horizon ?? 5000,
    controllers: (world, rng) => {
      config = new ConfigController(
        world,
        rng,
        { driftRate: options.driftRate ?? 0, applyTime: 60, drain: options.drain ?? false, drainTimeout: 0, changes: options.changes ?? [] },
        reconcilePolicies.create(reconcile, undefined),
      );
      return [config];
    },
  });
  return { ...r, config: config! };
}

describe('a change of the desired configuration rolls out through the reconciler', () => {
  const cases: [Record<string, unknown> & { policy: string }, number][] = [
    // Interval 600, 5 nodes a run: runs at 1200, 1800, 2400, 3000; the last batch done at 3060.
    [{ policy: 'interval', interval: 600, batchSize: 5 }, 2060],
    // Event-driven: noticed at 1030, 5 at a time, 60 s each: 1090, 1150, 1210, 1270.
    [{ policy: 'event-driven', delay: 30, maxConcurrent: 5 }, 270],
  ];
  for (const [policy, converge] of cases) {
    it(`${policy.policy}: converges ${converge} s after the change`, () => {
      const r = run(policy, { changes: [{ at: 1000, version: 2 }] });
      expect(r.config.changes).toEqual([{ version: 2, at: 1000, convergedAt: 1000 + converge, nodes: 20 }]);
      expect(r.world.offConfigNodes).toBe(0);
      expect(r.config.reconciliations).toBe(20);
    });
  }
});

describe('drift', () => {
  it('event-driven repair: the fraction of nodes off matches (delay + apply) / (mean time to drift + delay + apply)', () => {
    const horizon = 1e6;
    const r = run({ policy: 'event-driven', delay: 30, maxConcurrent: 1000 }, { driftRate: 2, horizon });
    const up = 1800;
    const off = 90;
    const F = off / (up + off);
    const n = r.config.driftEvents;
    // Off periods are constant; on periods exponential (memoryless): sd((1 − F)·D − F·U) = F · up.
    const se = (F * up) / (Math.sqrt(n) * (up + off));
    expect(n).toBeGreaterThan(5000);
    expect(Math.abs(r.nodeMeter.offConfigFraction() - F)).toBeLessThan(4 * se);
    const mean = r.config.offDurations.reduce((s, x) => s + x, 0) / r.config.offDurations.length;
    expect(mean).toBeCloseTo(90, 9);
  });

  it('the same seed drifts the same nodes at the same times whatever the reconciler', () => {
    const a = run({ policy: 'interval', interval: 600 }, { driftRate: 1 });
    const b = run({ policy: 'event-driven' }, { driftRate: 1 });
    const drifts = (x: typeof a) => x.events.filter((e) => e.type === 'config-drift').map((e) => `${e.time} ${e.node}`);
    // Drift only hits nodes on the desired config, so the sequences agree until a node is still off in one run; the first ones agree.
    expect(drifts(a).slice(0, 5)).toEqual(drifts(b).slice(0, 5));
    expect(drifts(a).length).toBeGreaterThan(5);
  });

  it('a reconciler that drains cordons the node while it applies', () => {
    const r = run({ policy: 'interval', interval: 600, batchSize: 1 }, { changes: [{ at: 0, version: 2 }], count: 2, drain: true, horizon: 700 });
    expect(r.events.filter((e) => e.type === 'config-reconciled').map((e) => [e.time, e.node])).toEqual([[660, 'n0']]);
  });
});
