/** Recovery policies on a hand-worked node failure and on task failures. */
import { describe, expect, it } from 'vitest';
import type { SimJob } from '../../../sim/jobs.ts';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { checkpointRestart, youngInterval } from '../../../schedulers/recovery/checkpoint-restart.ts';
import { backoffDelay } from '../../../schedulers/recovery/restart-in-place.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const job = (id: string, runtime: number): SimJob => ({ id, submit: 0, tasks: 1, request: { cpu: 1 }, runtime, estimate: runtime });
const rackOf = (i: number) => ({ 'clusterlab/rack': `r${i}` });

describe('recovery from a node failure (job a on n0; n0 down from 300 to 800; n1 idle; instant detection)', () => {
  // checkpoint-restart, interval 100 and cost 10: the job runs 1000 + 10 x 10 = 1100 s; at 300 the last
  // complete checkpoint is at 220 (2 periods of 110), so 880 s remain.
  const cases: { policy: Record<string, unknown>; start: number; end: number; lost: number; attempts: number }[] = [
    { policy: { policy: 'reschedule' }, start: 300, end: 1300, lost: 300, attempts: 2 },
    { policy: { policy: 'restart-in-place' }, start: 800, end: 1800, lost: 800, attempts: 2 },
    { policy: { policy: 'restart-in-place', maxWaitForNode: 100 }, start: 400, end: 1400, lost: 400, attempts: 2 },
    { policy: { policy: 'checkpoint-restart', interval: 100, cost: 10 }, start: 300, end: 1180, lost: 80, attempts: 2 },
    { policy: { policy: 'checkpoint-restart', interval: 100, cost: 10, restartCost: 15 }, start: 300, end: 1195, lost: 95, attempts: 2 },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.policy)}: restarts at ${c.start}, ends at ${c.end}, loses ${c.lost} s`, () => {
      const recovery = c.policy as { policy: string };
      const inflate = recovery.policy === 'checkpoint-restart' ? checkpointRestart.create(checkpointRestart.params.parse(c.policy) as never, undefined).inflate : (x: number) => x;
      const r = runDynamic({
        cluster: nodes(2, { cpu: 1 }, rackOf),
        jobs: [job('a', inflate(1000))],
        horizon: 3000,
        recovery,
        controllers: (world, rng) => [failurePolicies.create({ policy: 'outage', domain: 'rack', name: 'r0', at: 300, duration: 500 }, { world, rng, horizon: 3000 })],
      });
      expect(r.result.start[0]).toBe(c.start);
      expect(r.result.end[0]).toBe(c.end);
      expect(r.result.lost[0]).toBe(c.lost);
      expect(r.result.attempts[0]).toBe(c.attempts);
      expect(r.result.state[0]).toBe(3); // finished
      const [i] = r.recovery.interruptions;
      expect(i).toMatchObject({ cause: 'node-failure', at: 300, decidedAt: 300, resumedAt: c.start });
    });
  }

  it('with Kubernetes detection, work placed on the dead node before detection is lost and moved at eviction', () => {
    const health = { heartbeatInterval: 10, timeout: 40, monitorPeriod: 5, evictionTimeout: 60 };
    const r = runDynamic({
      cluster: nodes(1, { cpu: 2 }, rackOf),
      // b arrives after the failure: the scheduler still believes n0 is up and places it there.
      jobs: [job('a', 1000), { ...job('b', 100), submit: 310 }],
      horizon: 5000,
      health,
      controllers: (world, rng) => [failurePolicies.create({ policy: 'outage', domain: 'rack', name: 'r0', at: 300, duration: 500 }, { world, rng, horizon: 5000 })],
    });
    const f = r.world.failures[0]!;
    expect(f.detectedAt).toBeGreaterThan(300);
    // a ran 0-300 then stalled; at eviction (detection + 60) it was requeued, and restarted when n0 was ready.
    expect(r.result.start[0]).toBe(f.readyAt);
    expect(r.result.lost[0]).toBe(f.detectedAt + 60);
    expect(r.world.placedAfterDetection).toEqual([]);
    const ib = r.recovery.interruptions.find((i) => i.job === 1)!;
    expect(ib.at).toBe(310); // b stopped (never started really) when it was placed on the dead node
    expect(r.result.start[1]).toBe(f.readyAt);
    expect(r.result.lost[1]).toBe(f.detectedAt + 60 - 310);
  });
});

describe('task failures', () => {
  it('restart in place backs off 10, 20, 40 s, and the retry limit fails the job', () => {
    // A 500 s job crashes within 500 s of each restart: never the 600 s stable run that resets the back-off.
    const r = runDynamic({
      cluster: nodes(1, { cpu: 1 }),
      jobs: [job('a', 500)],
      horizon: 100_000,
      recovery: { policy: 'restart-in-place', maxRetries: 3 },
      controllers: (world, rng) => [failurePolicies.create({ policy: 'task-failures', probability: 1 }, { world, rng, horizon: 100_000 })],
    });
    const ints = r.recovery.interruptions;
    expect(ints.map((i) => i.action)).toEqual(['restart', 'restart', 'restart', 'failed']);
    expect(ints.slice(0, 3).map((i) => i.resumedAt - i.at)).toEqual([10, 20, 40]);
    expect(r.result.state[0]).toBe(6);
    expect(r.result.failReason.get(0)).toBe('task-failure: more than 3 retries');
    expect(r.result.attempts[0]).toBe(4);
  });

  describe('the crash-loop back-off resets after a stable run (client-go Backoff: > 2 × max since the last restart)', () => {
    const b = { initial: 10, factor: 2, max: 300, resetAfter: null };
    it.each([
      ['first crash', { failures: 1, ranFor: 5, previousDelay: null }, b, 10],
      ['doubling', { failures: 2, ranFor: 5, previousDelay: 10 }, b, 20],
      ['capped at max', { failures: 9, ranFor: 5, previousDelay: 300 }, b, 300],
      ['ran exactly 2 × max (600 s): not yet stable', { failures: 3, ranFor: 600, previousDelay: 40 }, b, 80],
      ['ran longer than 2 × max: back to the initial delay', { failures: 3, ranFor: 601, previousDelay: 40 }, b, 10],
      ['the window follows max (2 × 60 s)', { failures: 3, ranFor: 121, previousDelay: 40 }, { ...b, max: 60 }, 10],
      ['resetAfter configured (60 s)', { failures: 3, ranFor: 61, previousDelay: 40 }, { ...b, resetAfter: 60 }, 10],
    ])('%s', (_name, crash, backoff, delay) => expect(backoffDelay(backoff, crash)).toBe(delay));

    it('in a run: crashes at 100, 130, 900 (750 s after its restart at 150), 920 back off 10, 20, 10, 20 s', () => {
      const crashAt = [100, 130, 900, 920];
      const r = runDynamic({
        cluster: nodes(1, { cpu: 1 }),
        jobs: [job('a', 5000)],
        horizon: 100_000,
        recovery: { policy: 'restart-in-place' },
        controllers: (world) => [
          {
            name: 'crasher',
            start: (ctx) => crashAt.forEach((t, k) => ctx.at(t, k)),
            onTimer: () => world.crashJob(0),
          },
        ],
      });
      const ints = r.recovery.interruptions;
      expect(ints.map((i) => [i.at, i.resumedAt - i.at])).toEqual([[100, 10], [130, 20], [900, 10], [920, 20]]);
    });
  });

  it('failure points are drawn per job and attempt: the same for two recovery policies at one seed', () => {
    const runWith = (policy: string) =>
      runDynamic({
        cluster: nodes(4, { cpu: 1 }),
        jobs: [job('a', 500), job('b', 700), job('c', 900)],
        horizon: 100_000,
        recovery: { policy },
        controllers: (world, rng) => [failurePolicies.create({ policy: 'task-failures', probability: 0.5 }, { world, rng, horizon: 100_000 })],
      });
    const a = runWith('reschedule');
    const b = runWith('checkpoint-restart');
    // The first interruption of each job happens the same time into its first attempt.
    const first = (x: ReturnType<typeof runWith>) => x.recovery.interruptions.filter((i, k, all) => all.findIndex((j) => j.job === i.job) === k).map((i) => [i.job, i.at]);
    expect(first(a)).toEqual(first(b));
    expect(a.recovery.interruptions.length).toBeGreaterThan(0);
  });
});

describe('checkpoint arithmetic', () => {
  it("Young's interval is √(2 δ M)", () => {
    expect(youngInterval(60, 86400)).toBeCloseTo(Math.sqrt(2 * 60 * 86400), 9);
    const p = checkpointRestart.create(checkpointRestart.params.parse({ interval: 'young', cost: 60, mtbf: 86400 }) as never, undefined);
    expect(p.inflate(10_000)).toBe(10_000 + 60 * Math.floor(10_000 / youngInterval(60, 86400)));
  });
});
