/** Maintenance waves and correlated failures of racks and zones. */
import { describe, expect, it } from 'vitest';
import type { SimJob } from '../../../sim/jobs.ts';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const job = (id: string, runtime: number): SimJob => ({ id, submit: 0, tasks: 1, request: { cpu: 1 }, runtime, estimate: runtime });

describe('maintenance', () => {
  it('drains one node at a time: replicas move at once, a batch job gets the drain timeout, then is requeued', () => {
    const r = runDynamic({
      cluster: nodes(3, { cpu: 2 }),
      horizon: 5000,
      jobs: [job('batch', 2000)],
      services: [{ name: 'web', replicas: 2, request: { cpu: 1 }, readinessDelay: 0, capacity: 10, minAvailable: 1, requestRate: { kind: 'constant', rate: 1 } }],
      controllers: (world, rng) => [failurePolicies.create({ policy: 'maintenance', at: 100, batchSize: 1, duration: 300, drainTimeout: 200 }, { world, rng, horizon: 5000 })],
    });
    const starts = r.events.filter((e) => e.type === 'maintenance-start').map((e) => [e.time, e.node]);
    const ends = r.events.filter((e) => e.type === 'maintenance-end').map((e) => [e.time, e.node]);
    // n0 holds the batch job and a replica: the replica moves at 100, the job is evicted at the 200 s deadline.
    expect(starts[0]).toEqual([300, 'n0']);
    expect(ends[0]).toEqual([600, 'n0']);
    expect(starts.map((s) => s[1])).toEqual(['n0', 'n1', 'n2']);
    expect(r.recovery.interruptions[0]).toMatchObject({ cause: 'drain', at: 300, decidedAt: 300 });
    // It restarts on the next node in line, which is drained in turn: every interruption is a drain.
    expect(r.result.attempts[0]).toBe(1 + r.recovery.interruptions.length);
    expect(r.recovery.interruptions.every((i) => i.cause === 'drain')).toBe(true);
    expect(r.result.state[0]).toBe(3);
    expect(r.services!.services[0]!.totals.drained).toBeGreaterThanOrEqual(2);
    // Never fewer than one replica ready; planned downtime is not a failure.
    expect(r.services!.services[0]!.totals.availableTime).toBe(r.services!.services[0]!.totals.time);
    expect(r.world.failures).toEqual([]);
    expect(r.nodeMeter.summary(5000).maintenance_fraction).toBeCloseTo((3 * 300) / (3 * 5000), 9);
  });
});

describe('correlated failures', () => {
  it('every node of a rack fails and returns together, from the rack stream', () => {
    const rack = (i: number) => ({ 'clusterlab/rack': `r${i % 2}` });
    const r = runDynamic({
      cluster: nodes(6, { cpu: 1 }, rack),
      horizon: 200_000,
      controllers: (world, rng) => [
        failurePolicies.create(
          { policy: 'correlated-failures', domain: 'rack', timeToFailure: { distribution: 'exponential', mean: 20_000 }, timeToRepair: { distribution: 'constant', value: 1000 } },
          { world, rng, horizon: 200_000 },
        ),
      ],
    });
    const byTime = new Map<number, number[]>();
    for (const f of r.world.failures) byTime.set(f.failedAt, [...(byTime.get(f.failedAt) ?? []), f.node]);
    expect(byTime.size).toBeGreaterThan(5);
    for (const [, hit] of byTime) expect(hit.length === 3 && (hit.every((n) => n % 2 === 0) || hit.every((n) => n % 2 === 1))).toBe(true);
    for (const f of r.world.failures) if (!Number.isNaN(f.repairedAt)) expect(f.repairedAt - f.failedAt).toBe(1000);
  });
});
