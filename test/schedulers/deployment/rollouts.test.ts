/** Rollouts: rolling update, canary, blue-green on a quiet cluster, and a rolling update during a node failure. */
import { describe, expect, it } from 'vitest';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { DeploymentController } from '../../../schedulers/deployment/controller.ts';
import { deploymentStrategies } from '../../../schedulers/deployment/registry.ts';
import { rollingPlan } from '../../../schedulers/deployment/rolling-update.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const web = { name: 'web', replicas: 4, request: { cpu: 1 }, readinessDelay: 10, capacity: 100, requestRate: { kind: 'constant' as const, rate: 20 } };

function rollout(strategy: Record<string, unknown> & { policy: string }, options: { nodes?: number; failure?: boolean; errorRate?: number } = {}) {
  const horizon = 2000;
  return runDynamic({
    cluster: nodes(options.nodes ?? 8, { cpu: 1 }, (i) => ({ 'clusterlab/rack': `r${i % 4}` })),
    horizon,
    services: [web],
    propagationDelay: 2,
    controllers: (world, rng, _rec, s) => [
      new DeploymentController(s!, world, [{ service: s!.services[0]!, strategy: deploymentStrategies.create(strategy, undefined), at: [100], onConfigChange: false, errorRate: options.errorRate ?? 0 }]),
      ...(options.failure ? [failurePolicies.create({ policy: 'outage', domain: 'rack', name: 'r1', at: 105, duration: 300 }, { world, rng, horizon })] : []),
    ],
  });
}

describe('rolling update planning (rolling.go)', () => {
  const v = (version: number, target: number, active: number, available: number) => ({ version, target, active, available, served: 0, failed: 0 });
  const cases: [string, Parameters<typeof rollingPlan>, [number, number][]][] = [
    ['start, 25%/25% of 4: surge 1, one old may go', [{ now: 0, desired: 4, to: 2, versions: [v(1, 4, 4, 4), v(2, 0, 0, 0)] }, '25%', '25%'], [[1, 3], [2, 1]]],
    ['start, surge 1, unavailable 0: only the surge', [{ now: 0, desired: 4, to: 2, versions: [v(1, 4, 4, 4), v(2, 0, 0, 0)] }, 1, 0], [[1, 4], [2, 1]]],
    // The new version grows at the next sync, once the old one's target is down (the controller plans again at once).
    ['new one ready: one old goes', [{ now: 0, desired: 4, to: 2, versions: [v(1, 4, 4, 4), v(2, 1, 1, 1)] }, 1, 0], [[1, 3], [2, 1]]],
    ['next sync: one more new', [{ now: 0, desired: 4, to: 2, versions: [v(1, 3, 3, 3), v(2, 1, 1, 1)] }, 1, 0], [[1, 3], [2, 2]]],
    ['both 0 means unavailable 1', [{ now: 0, desired: 4, to: 2, versions: [v(1, 4, 4, 4), v(2, 0, 0, 0)] }, 0, 0], [[1, 3], [2, 0]]],
    ['no room to scale down while the new replica is unavailable', [{ now: 0, desired: 4, to: 2, versions: [v(1, 4, 4, 2), v(2, 1, 1, 0)] }, 1, 0], [[1, 4], [2, 1]]],
    ['unavailable old replicas go first', [{ now: 0, desired: 4, to: 2, versions: [v(1, 4, 4, 2), v(2, 1, 1, 0)] }, 1, 1], [[1, 3], [2, 1]]],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => expect([...rollingPlan(...args).targets].sort()).toEqual(expected));
  }
});

describe('rollouts in a run', () => {
  it('rolling update, maxSurge 1 / maxUnavailable 0: never fewer than 4 available; one replica at a time', () => {
    const r = rollout({ policy: 'rolling-update', maxSurge: 1, maxUnavailable: 0 });
    const rec = r.services!.rollouts[0]!;
    expect(rec.outcome).toBe('completed');
    expect(rec.minAvailable).toBe(4);
    // Four waves of one replica, each its readiness (10 s): an old one goes when a new one is ready, and the next new one starts at once.
    expect(rec.end - rec.start).toBe(40);
    expect(r.services!.services[0]!.currentVersion).toBe(2);
    expect(r.services!.services[0]!.totals.failed).toBeCloseTo(20 * 12, 6); // only the start-up (readiness 10 + propagation 2)
  });

  it('rolling update 25%/25%: faster, one replica may be unavailable', () => {
    const r = rollout({ policy: 'rolling-update' });
    const rec = r.services!.rollouts[0]!;
    expect(rec.minAvailable).toBe(3);
    expect(rec.end - rec.start).toBe(20);
  });

  it('canary: weight steps and pauses, then promotion', () => {
    const r = rollout({ policy: 'canary', steps: [{ setWeight: 25 }, { pause: { duration: 60 } }, { setWeight: 50 }, { pause: { duration: 60 } }] });
    const rec = r.services!.rollouts[0]!;
    expect(rec.outcome).toBe('completed');
    const steps = r.events.filter((e) => e.type === 'rollout-step').map((e) => [e.time, e.data!.step]);
    expect(steps[0]).toEqual([100, 'weight 25']);
    expect(steps.map((s) => s[1])).toEqual(['weight 25', 'pause 60', 'weight 50', 'pause 60', 'promote']);
    expect(rec.end - rec.start).toBeGreaterThan(120);
  });

  it('canary analysis rolls a bad release back', () => {
    const r = rollout({ policy: 'canary', steps: [{ setWeight: 25 }, { pause: { duration: 300 } }], analysis: { minSuccessRatio: 0.99 } }, { errorRate: 0.2 });
    const rec = r.services!.rollouts[0]!;
    expect(rec.outcome).toBe('aborted');
    expect(r.services!.services[0]!.currentVersion).toBe(1);
    expect(r.services!.services[0]!.versions.get(1)!.active).toBe(4);
  });

  it('blue-green: a full green set, a switch, blue removed after the delay', () => {
    const r = rollout({ policy: 'blue-green', scaleDownDelaySeconds: 30 });
    const rec = r.services!.rollouts[0]!;
    expect(rec.outcome).toBe('completed');
    expect(rec.minAvailable).toBe(4);
    // Green ready at 110, switch then, blue scaled down at 140 (its replicas stop after the 2 s propagation).
    expect(r.events.filter((e) => e.type === 'rollout-step').map((e) => [e.time, e.data!.step])).toEqual([[110, 'switch traffic']]);
    expect(rec.end).toBe(140);
    expect(r.services!.services[0]!.totals.failed).toBeCloseTo(20 * 12, 6);
  });

  it('a rolling update during a rack failure still completes; lost replicas are replaced', () => {
    const r = rollout({ policy: 'rolling-update', maxSurge: 1, maxUnavailable: 0 }, { failure: true });
    const rec = r.services!.rollouts[0]!;
    expect(rec.outcome).toBe('completed');
    expect(rec.minAvailable).toBeLessThan(4);
    expect(r.services!.services[0]!.totals.evicted).toBeGreaterThan(0);
    expect(r.services!.services[0]!.ready).toBe(4);
  });
});
