import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobTable, type SimJob } from '../../sim/jobs.ts';
import { Cluster, homogeneousCluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { JobState } from '../../sim/policy.ts';
import { createScheduler, lookup, queueOrders } from '../../schedulers/registry.ts';
import { jobsFrom, runScenario } from '../helpers/scenario.ts';

// Four jobs waiting at t = 100 on a machine that is busy.
const table = new JobTable(
  jobsFrom([
    { id: 'a', submit: 0, procs: 1, estimate: 100, priority: 1 }, // wait 100
    { id: 'b', submit: 50, procs: 8, estimate: 10, priority: 5 }, // wait 50
    { id: 'c', submit: 90, procs: 4, estimate: 1000, priority: 5 }, // wait 10
    { id: 'd', submit: 60, procs: 2, estimate: 20, priority: 0 }, // wait 40
  ]),
  ['cpu'],
);

function orderAt(name: string, now: number): string[] {
  const order = lookup(queueOrders, name);
  return [0, 1, 2, 3]
    .sort((x, y) => order.key(x, table, now) - order.key(y, table, now) || table.submit[x]! - table.submit[y]! || x - y)
    .map((j) => table.ids[j]!);
}

describe('queue orders', () => {
  const expected: [string, string[]][] = [
    ['fcfs', ['a', 'b', 'd', 'c']],
    ['sjf', ['b', 'd', 'a', 'c']],
    ['ljf', ['b', 'c', 'd', 'a']],
    ['priority', ['b', 'c', 'a', 'd']], // b and c tie on priority: earlier submit first
    // wfp3 = (wait/est)^3 * procs: a 1, b 125*8 = 1000, c 1e-6*4, d 8*2 = 16
    ['wfp3', ['b', 'd', 'a', 'c']],
    // unicep = wait/(log2(procs) * est): a single processor comes first; b 50/(3*10) = 1.67, c 10/(2*1000), d 40/(1*20) = 2
    ['unicep', ['a', 'd', 'b', 'c']],
  ];
  for (const [name, ids] of expected) {
    it(`${name} orders the example queue`, () => expect(orderAt(name, 100)).toEqual(ids));
  }

  it('the dynamic orders are marked dynamic and the static ones not', () => {
    expect(queueOrders.names().filter((n) => lookup(queueOrders, n).dynamic)).toEqual(['wfp3', 'unicep', 'drf']);
  });

  it('ljf with easy: the largest job is the head', () => {
    const { starts } = runScenario(4, [
      { id: 'busy', submit: 0, procs: 4, estimate: 10 },
      { id: 'small', submit: 1, procs: 1, estimate: 10 },
      { id: 'big', submit: 2, procs: 4, estimate: 10 },
    ], { queue: 'ljf', backfill: 'none' });
    expect(starts).toEqual({ busy: 0, big: 10, small: 20 });
  });
});

describe('drf', () => {
  // Two tenants submit ten one-cpu jobs each at once on 5 nodes of 2 cpu: progressive filling
  // gives each tenant 5 (the kube DominantResourceFairness queue sort gives the same), where
  // shares frozen at the start of the pass would start all of a's jobs first.
  it('fills progressively: tenants alternate within one pass', () => {
    const jobs = ['a', 'b'].flatMap((tenant) =>
      Array.from({ length: 10 }, (_, i) => ({ id: `${tenant}${i}`, submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 10, estimate: 10, tenant })),
    );
    const engine = new Engine({
      cluster: new Cluster(homogeneousCluster(5, { cpu: 2 })),
      jobs,
      policy: createScheduler({ queue: 'drf', backfill: 'none', placement: 'first-fit' }),
    });
    const r = engine.run();
    const startedAt0 = jobs.filter((_, j) => r.start[j] === 0).map((j) => j.tenant);
    expect(startedAt0.filter((t) => t === 'a')).toHaveLength(5);
    expect(startedAt0.filter((t) => t === 'b')).toHaveLength(5);
  });

  // Without backfilling every start is the first queued job in DRF order at that moment: the
  // smallest dominant share of its owner over the jobs running then (all but itself), then the
  // earlier submit, then input order. Checked at every start against shares summed here from
  // the running jobs, on random workloads with many owners (tenants, users, neither), tied
  // submit times and two resources; integer requests keep the sums exact whatever their order.
  it('starts, without backfilling, the first job in DRF order every time', () => {
    const shape = fc.record({
      gap: fc.constantFrom(0, 0, 0, 1, 5),
      tasks: fc.integer({ min: 1, max: 4 }),
      cpu: fc.integer({ min: 1, max: 2 }),
      memory: fc.integer({ min: 0, max: 4 }),
      runtime: fc.integer({ min: 1, max: 30 }),
      owner: fc.integer({ min: 0, max: 14 }),
    });
    fc.assert(
      fc.property(fc.array(shape, { minLength: 1, maxLength: 150, size: 'max' }), (shapes) => {
        let t = 0;
        const jobs: SimJob[] = shapes.map((s, i) => {
          t += s.gap;
          // Owners 0-5 are tenants, 6-11 users without a tenant, 12-14 neither ("-").
          const who = s.owner < 6 ? { tenant: `t${s.owner}`, user: `u${s.owner}` } : s.owner < 12 ? { user: `u${s.owner}` } : {};
          return { id: `j${i}`, submit: t, tasks: s.tasks, request: { cpu: s.cpu, memory: s.memory }, runtime: s.runtime, estimate: s.runtime, ...who };
        });
        const owner = (j: SimJob) => (j as { tenant?: string }).tenant ?? j.user ?? '-';
        const violations: string[] = [];
        const engine = new Engine({
          cluster: new Cluster(homogeneousCluster(4, { cpu: 4, memory: 8 })),
          jobs,
          policy: createScheduler({ queue: 'drf', backfill: 'none', placement: 'first-fit' }),
          observers: [
            {
              onStart(job, now, e) {
                const R = e.jobs.resources.length;
                const usage = new Map<string, number[]>();
                for (const r of e.runningJobs()) {
                  if (r === job) continue;
                  const u = usage.get(owner(e.jobs.input[r]!)) ?? new Array<number>(R).fill(0);
                  for (let k = 0; k < R; k++) u[k]! += e.jobs.total[r * R + k]!;
                  usage.set(owner(e.jobs.input[r]!), u);
                }
                const share = (j: number) => (usage.get(owner(e.jobs.input[j]!)) ?? []).reduce((s, x, k) => Math.max(s, x / e.cluster.totalCapacity(k)), 0);
                const before = (a: number, b: number) => share(a) - share(b) || e.jobs.submit[a]! - e.jobs.submit[b]! || a - b;
                for (const q of e.queuedJobs()) if (e.state[q] === JobState.Queued && before(q, job) < 0) violations.push(`${e.jobs.ids[job]} started at ${now} before ${e.jobs.ids[q]}`);
              },
            },
          ],
        });
        engine.run();
        expect(violations).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
