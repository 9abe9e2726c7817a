/** Readiness, endpoint propagation and the requests they cost, worked by hand. */
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../../sim/controller.ts';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const web = { name: 'web', replicas: 2, request: { cpu: 1 }, readinessDelay: 10, capacity: 100, requestRate: { kind: 'constant' as const, rate: 10 } };
const zones = (i: number) => ({ 'topology.kubernetes.io/zone': `z${i}` });

describe('service discovery', () => {
  it('endpoints join readinessDelay + propagationDelay after the start; requests before fail', () => {
    const r = runDynamic({ cluster: nodes(2, { cpu: 1 }), horizon: 100, services: [web], propagationDelay: 5 });
    const t = r.services!.services[0]!.totals;
    expect(t.offered).toBeCloseTo(1000, 9);
    expect(t.failed).toBeCloseTo(150, 9); // no endpoint in [0, 15)
    expect(t.dropped).toBeLessThan(1e-100); // M/M/2/102 at ρ = 0.05: blocking ρ^100-ish
    expect(t.served).toBeCloseTo(850, 9);
    // Ready (2 replicas) from 10: available from 10 of 100 s.
    expect(t.availableTime).toBe(90);
    // M/M/2 at λ = 10, μ = 100: the mean response is barely above 1/μ.
    expect(t.latencySum / t.ok).toBeGreaterThan(0.01);
    expect(t.latencySum / t.ok).toBeLessThan(0.0101);
  });

  it('a dead endpoint gets its share of requests until detection + propagation; the replica is replaced elsewhere', () => {
    const health = { heartbeatInterval: 0, timeout: 20, monitorPeriod: 0, evictionTimeout: 30 };
    const r = runDynamic({
      cluster: nodes(3, { cpu: 1 }, zones),
      horizon: 200,
      health,
      services: [web],
      propagationDelay: 5,
      controllers: (world, rng) => [failurePolicies.create({ policy: 'outage', name: 'z0', at: 50, duration: 1000 }, { world, rng, horizon: 200 })],
    });
    const t = r.services!.services[0]!.totals;
    // Dead from 50, detected at 70, out of the load balancers at 75: half of 10 req/s for 25 s fail.
    // Evicted at 100; the replacement starts on n2 at 100, is ready at 110, listed at 115.
    expect(t.failed).toBeCloseTo(150 + 125, 9);
    expect(t.evicted).toBe(1);
    expect(t.created).toBe(3);
    const ids = r.result.jobs.ids;
    expect(ids).toEqual(['web-v1-0', 'web-v1-1', 'web-v1-2']);
    expect(r.result.start[2]).toBe(100);
    expect(r.result.failReason.get(0)).toBe('replica evicted: node failure');
    // Two replicas ready except between the failure (50) and the replacement's readiness (110).
    expect(t.readyTime).toBeCloseTo(2 * 190 - 60, 9);
  });

  it('a graceful scale-down loses no request: the endpoint leaves first, the replica stops after propagation', () => {
    const scaler: Controller = {
      name: 'script',
      start: (ctx) => ctx.at(50, 0),
      onTimer: () => r0.services!.setDesired(r0.services!.services[0]!, 1, 'test'),
    };
    const r0 = { services: null as null | import('../../../schedulers/services/controller.ts').ServiceController };
    const r = runDynamic({
      cluster: nodes(2, { cpu: 1 }),
      horizon: 100,
      services: [web],
      propagationDelay: 5,
      controllers: (_w, _rng, _rec, services) => {
        r0.services = services;
        return [scaler];
      },
    });
    const t = r.services!.services[0]!.totals;
    expect(t.failed).toBeCloseTo(150, 9); // only the start-up
    expect(t.scaledDown).toBe(1);
    // The youngest ready replica (ties: the higher job index) stops at 55.
    expect(r.result.end[1]).toBe(55);
    expect(r.result.failReason.get(1)).toBe('replica scaled-down');
    expect(r.events.filter((e) => e.type === 'scale-down').map((e) => e.data)).toEqual([{ service: 'web', from: 2, to: 1, by: 'test' }]);
  });

  it('requests beyond what the replicas can queue are dropped (M/M/c/K blocking)', () => {
    const r = runDynamic({
      cluster: nodes(1, { cpu: 1 }),
      horizon: 1000,
      services: [{ ...web, replicas: 1, readinessDelay: 0, capacity: 5, queueLimit: 10 }],
    });
    const t = r.services!.services[0]!.totals;
    // λ = 10 on one server of μ = 5 with 10 places: about half is dropped.
    expect(t.dropped / t.offered).toBeGreaterThan(0.49);
    expect(t.dropped / t.offered).toBeLessThan(0.51);
    expect(t.busy / t.readyTime).toBeCloseTo(1, 3);
  });
});
