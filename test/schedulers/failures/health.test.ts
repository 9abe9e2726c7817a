/** Health monitoring: heartbeats, the timeout and the monitor period give the detection delay; eviction and rejoin follow. */
import { describe, expect, it } from 'vitest';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const zoneA = (i: number) => ({ 'topology.kubernetes.io/zone': i === 0 ? 'a' : 'b' });

describe('failure detection', () => {
  const cases: { name: string; health: { heartbeatInterval: number; timeout: number; monitorPeriod: number; evictionTimeout: number } }[] = [
    { name: 'Kubernetes defaults', health: { heartbeatInterval: 10, timeout: 40, monitorPeriod: 5, evictionTimeout: 300 } },
    { name: 'continuous monitor', health: { heartbeatInterval: 10, timeout: 40, monitorPeriod: 0, evictionTimeout: 0 } },
    { name: 'slurm-like', health: { heartbeatInterval: 30, timeout: 300, monitorPeriod: 30, evictionTimeout: 0 } },
    { name: 'instant', health: { heartbeatInterval: 0, timeout: 0, monitorPeriod: 0, evictionTimeout: 0 } },
  ];
  for (const { name, health } of cases) {
    it(`${name}: detected at the first monitor check after last heartbeat + timeout; rejoins at the next heartbeat`, () => {
      const r = runDynamic({
        cluster: nodes(2, { cpu: 1 }, zoneA),
        horizon: 5000,
        health,
        controllers: (world, rng) => [failurePolicies.create({ policy: 'outage', name: 'a', at: 1000, duration: 777 }, { world, rng, horizon: 5000 })],
      });
      const n = r.world.nodes[0]!;
      const { heartbeatInterval: h, timeout, monitorPeriod: p, evictionTimeout } = health;
      const phase = n.heartbeatPhase;
      const last = h > 0 ? 1000 - ((((1000 - phase) % h) + h) % h) : 1000;
      let detect = last + timeout;
      if (p > 0) detect = Math.ceil(detect / p) * p;
      detect = Math.max(1000, detect);
      const rejoin = h > 0 ? 1777 + ((((phase - 1777) % h) + h) % h) : 1777;
      const f = r.world.failures[0]!;
      expect(f).toEqual({ node: 0, cause: 'zone-outage:a', failedAt: 1000, detectedAt: detect, repairedAt: 1777, readyAt: rejoin });
      expect(detect - 1000).toBeLessThanOrEqual(timeout + p);
      const times = (type: string) => r.events.filter((e) => e.type === type && e.node === 'n0').map((e) => e.time);
      expect(times('node-failed')).toEqual([1000]);
      expect(times('failure-detected')).toEqual([detect]);
      expect(times('pods-evicted')).toEqual([detect + evictionTimeout]);
      expect(times('node-down')).toEqual([detect + evictionTimeout]);
      expect(times('node-up')).toEqual([rejoin]);
      expect(r.nodeMeter.summary(5000).mttr_observed).toBe(rejoin - 1000);
    });
  }

  it('a failure shorter than the detection delay is never detected, but the node rejoins', () => {
    const r = runDynamic({
      cluster: nodes(2, { cpu: 1 }, zoneA),
      horizon: 5000,
      health: { heartbeatInterval: 10, timeout: 40, monitorPeriod: 5, evictionTimeout: 300 },
      controllers: (world, rng) => [failurePolicies.create({ policy: 'outage', name: 'a', at: 1000, duration: 20 }, { world, rng, horizon: 5000 })],
    });
    expect(r.world.failures[0]!.detectedAt).toBeNaN();
    expect(r.world.failures[0]!.readyAt).toBeGreaterThanOrEqual(1020);
    expect(r.events.filter((e) => e.type === 'failure-detected')).toEqual([]);
  });
});
