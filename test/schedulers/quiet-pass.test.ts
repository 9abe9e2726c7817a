/**
 * The batch scheduler looks only at the new arrivals when nothing but
 * submissions happened since its last pass (BackfillPolicy.runArrivals). That
 * must never change a decision: a run with a decision log (which always takes
 * whole passes) and a run without one start every job at the same time on the
 * same nodes, for random workloads with ties, overruns, several resources and
 * jobs that do not fit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { jobsOf, type Shape } from '../helpers/job-shapes.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { createBatchScheduler } from '../../schedulers/batch.ts';
import { easy } from '../../schedulers/backfill/easy.ts';
import { none } from '../../schedulers/backfill/none.ts';
import { fcfs } from '../../schedulers/order/fcfs.ts';
import { firstFit } from '../../schedulers/placement/first-fit.ts';
import type { BackfillPolicy } from '../../schedulers/types.ts';

const shapes = fc.array(
  fc.record({
    gap: fc.constantFrom(0, 0, 1, 3, 10, 40),
    tasks: fc.integer({ min: 1, max: 9 }),
    runtime: fc.integer({ min: 1, max: 60 }),
    // estimate = runtime + over (negative: the job overruns its estimate)
    over: fc.integer({ min: -20, max: 30 }),
    memory: fc.integer({ min: 0, max: 3 }),
  }),
  { minLength: 1, maxLength: 120 },
);

const EXPECTED_NOW: Shape[] = [
  { gap: 0, tasks: 5, runtime: 2, over: 0, memory: 2 },
  { gap: 1, tasks: 5, runtime: 1, over: 0, memory: 3 },
  { gap: 0, tasks: 4, runtime: 5, over: -1, memory: 1 },
  { gap: 3, tasks: 3, runtime: 1, over: 0, memory: 2 },
  { gap: 1, tasks: 1, runtime: 1, over: 0, memory: 0 },
  { gap: 0, tasks: 1, runtime: 1, over: 0, memory: 0 },
];

function run(jobs: SimJob[], multi: boolean, queue: string, backfill: string, overrun: 'run' | 'cut', explain: boolean, size = 8) {
  const nodes = Array.from({ length: size }, (_, i) => ({ id: `n${i}`, capacity: multi ? { cpu: 2, memory: 3 } : ({ cpu: 1 } as Record<string, number>) }));
  const placements: string[] = [];
  const engine = new Engine({
    cluster: new Cluster({ nodes }),
    jobs,
    policy: createScheduler({ queue, backfill, placement: 'first-fit' }),
    overrun,
    invariants: 'step',
    observers: [{ onStart: (job, now, e) => placements.push(`${job}@${now}:${Array.from(e.placementOf(job)!.nodes).join(' ')}`) }],
    ...(explain ? { explain: () => {} } : {}),
  });
  const r = engine.run();
  return { start: Array.from(r.start), end: Array.from(r.end), state: Array.from(r.state), placements };
}

describe('passes that look only at new arrivals', () => {
  // Jobs past their estimates are expected to end "now", so the shadow time and the extra move with
  // the clock: a pass at 12 counts both overrunning jobs as ending at 12 (extra 2, j backfills), where
  // the pass at 1 counted only a (extra 0). A pass that looked only at the arrival y would miss j.
  it('takes a whole pass when a running job is past its estimate', () => {
    const job = (id: string, submit: number, tasks: number, runtime: number, estimate: number): SimJob => ({ id, submit, tasks, request: { cpu: 1 }, runtime, estimate });
    const jobs = [job('a', 0, 2, 100, 10), job('b', 0, 2, 100, 11), job('h', 1, 4, 10, 10), job('j', 1, 2, 1000, 1000), job('y', 12, 6, 1, 1)];
    for (const explain of [false, true]) {
      const r = run(jobs, false, 'fcfs', 'easy', 'run', explain, 6);
      expect(r.start[3]).toBe(12);
    }
  });

  for (const queue of ['fcfs', 'sjf', 'ljf', 'priority']) {
    for (const backfill of ['easy', 'none']) {
      it(`${queue} + ${backfill}: the same starts as whole passes`, () => {
        fc.assert(
          fc.property(shapes, fc.boolean(), fc.constantFrom<'run' | 'cut'>('run', 'cut'), (list, multi, overrun) => {
            const jobs = jobsOf(list, multi);
            expect(run(jobs, multi, queue, backfill, overrun, false)).toEqual(run(jobs, multi, queue, backfill, overrun, true));
          }),
          // A job expected to end exactly now (found by this property; shadow time and extra then move with the clock).
          { numRuns: 300, examples: [[EXPECTED_NOW, true, 'run']] },
        );
      });
    }
  }
});

describe('the cost of a pass does not grow with the queue', () => {
  // One node and a long queue of one-task jobs: each end starts the head, and the jobs submitted in
  // between find it busy. Neither the engine nor fcfs + none should look at the jobs behind the head
  // (before, every pass after a start re-read the state of every queued job: 169 reads a pass here).
  it('fcfs + none reads the state of a few jobs per pass, whatever the queue length', () => {
    const jobs: SimJob[] = [];
    for (let i = 0; i < 1000; i++) jobs.push({ id: String(i), submit: i, tasks: 1, request: { cpu: 1 }, runtime: 2, estimate: 2 });
    let reads = 0;
    let passes = 0;
    const inner = createScheduler({ queue: 'fcfs', backfill: 'none', placement: 'first-fit' });
    const engine = new Engine({
      cluster: new Cluster({ nodes: [{ id: 'n0', capacity: { cpu: 1 } }] }),
      jobs,
      policy: {
        ...inner,
        schedule(ctx) {
          passes++;
          inner.schedule(Object.create(ctx, { state: { value: (job: number) => (reads++, ctx.state(job)) } }));
        },
      },
    });
    const r = engine.run();
    expect(Array.from(r.start).slice(0, 4)).toEqual([0, 2, 4, 6]);
    expect(r.start[999]).toBe(1998);
    expect(passes).toBeGreaterThan(1000);
    expect(reads / passes).toBeLessThan(4);
  });
});

describe('an instant where nothing can start', () => {
  // One node, busy for 100 s; jobs arrive every second behind a blocked head. No arrival fits in
  // what is free, so no backfill has anything to do: the scheduler skips its pass (no reservation,
  // no look at the arrivals). Before, EASY computed the head's reservation at each such instant.
  for (const backfill of [easy, none]) {
    it(`fcfs + ${backfill.name}: no backfill call at an arrival that cannot start, the same starts`, () => {
      const jobs: SimJob[] = [{ id: 'a', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 100, estimate: 100 }];
      for (let i = 1; i <= 20; i++) jobs.push({ id: `j${i}`, submit: i, tasks: 1, request: { cpu: 1 }, runtime: 10, estimate: 10 });
      let calls = 0;
      const counted: BackfillPolicy = {
        name: backfill.name,
        run: (ctx, ordered, place) => (calls++, backfill.run(ctx, ordered, place)),
        runArrivals: (ctx, ordered, arrivals, place) => (calls++, backfill.runArrivals!(ctx, ordered, arrivals, place)),
      };
      const r = new Engine({
        cluster: new Cluster({ nodes: [{ id: 'n0', capacity: { cpu: 1 } }] }),
        jobs,
        policy: createBatchScheduler({ order: fcfs, backfill: counted, placement: firstFit }),
      }).run();
      expect(Array.from(r.start)).toEqual([0, ...Array.from({ length: 20 }, (_, i) => 100 + 10 * i)]);
      // A pass at 0 (a starts), at 1 (j1 becomes the blocked head), then one at each end (100, 110, ...).
      expect(calls).toBe(2 + 20);
    });
  }
});
