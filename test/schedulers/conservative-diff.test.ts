/**
 * Differential test: conservative backfilling against the implementation it
 * replaced (test/reference/conservative-replan.ts), which rebuilds the profile
 * and takes every reservation out and puts it back at each compression. On
 * random small workloads with early ends, overruns, ties, several resources and
 * several queue orders, both must take the same decisions: the same start and
 * end times, the same nodes, and the same decision log (reservations included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { jobsOf } from '../helpers/job-shapes.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { createBatchScheduler } from '../../schedulers/batch.ts';
import { createConservative } from '../../schedulers/backfill/conservative.ts';
import { lookup, placements, queueOrders } from '../../schedulers/registry.ts';
import type { BackfillPolicy } from '../../schedulers/types.ts';
import { createReplanningConservative } from '../reference/conservative-replan.ts';

const shapes = fc.array(
  fc.record({
    gap: fc.constantFrom(0, 0, 1, 2, 5, 20),
    tasks: fc.integer({ min: 1, max: 8 }),
    runtime: fc.integer({ min: 1, max: 60 }),
    // estimate = runtime + over: mostly early ends, some exact, some overruns
    over: fc.integer({ min: -10, max: 60 }),
    memory: fc.integer({ min: 0, max: 3 }),
  }),
  { minLength: 1, maxLength: 80 },
);

function run(jobs: SimJob[], multi: boolean, queue: string, backfill: BackfillPolicy, overrun: 'run' | 'cut') {
  const nodes = Array.from({ length: 8 }, (_, i) => ({ id: `n${i}`, capacity: multi ? { cpu: 2, memory: 3 } : ({ cpu: 1 } as Record<string, number>) }));
  const started: string[] = [];
  const log: unknown[] = [];
  const engine = new Engine({
    cluster: new Cluster({ nodes }),
    jobs,
    policy: createBatchScheduler({ order: lookup(queueOrders, queue), backfill, placement: lookup(placements, 'first-fit') }),
    overrun,
    invariants: 'step',
    observers: [{ onStart: (job, now, e) => started.push(`${job}@${now}:${Array.from(e.placementOf(job)!.nodes).join(' ')}`) }],
    explain: (r) => log.push(r),
  });
  // Compare an error too (a run that stalls), should one occur.
  let r;
  try {
    r = engine.run();
  } catch (e) {
    return { error: String(e), started, log };
  }
  return { start: Array.from(r.start), end: Array.from(r.end), state: Array.from(r.state), started, log };
}

describe('conservative backfilling takes the decisions of re-planning every reservation', () => {
  for (const queue of ['fcfs', 'sjf', 'priority']) {
    it(`${queue}: same starts, nodes and decision log on random workloads`, () => {
      fc.assert(
        fc.property(shapes, fc.boolean(), fc.constantFrom<'run' | 'cut'>('run', 'cut'), (list, multi, overrun) => {
          const jobs = jobsOf(list, multi);
          const ours = run(jobs, multi, queue, createConservative(), overrun);
          expect(ours).toEqual(run(jobs, multi, queue, createReplanningConservative(), overrun));
        }),
        { numRuns: 200 },
      );
    });
  }
});

// Runs of jobs of one size and estimate submitted together (a user's array of jobs), ending at
// different times: the case where a compression asks the same question of many jobs in a row.
const arrays = fc
  .array(fc.record({ shape: shapes.map((l) => l[0]!), copies: fc.integer({ min: 1, max: 8 }), spread: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 12 })
  .map((runs) =>
    runs.flatMap(({ shape, copies, spread }) =>
      Array.from({ length: copies }, (_, k) => {
        const cut = Math.min(shape.runtime - 1, (k * spread) % 10);
        return { ...shape, gap: k === 0 ? shape.gap : 0, runtime: shape.runtime - cut, over: shape.over + cut };
      }),
    ),
  );

describe('conservative backfilling on runs of identical jobs takes the decisions of re-planning', () => {
  it('fcfs: same starts, nodes and decision log', () => {
    fc.assert(
      fc.property(arrays, fc.boolean(), fc.constantFrom<'run' | 'cut'>('run', 'cut'), (list, multi, overrun) => {
        const jobs = jobsOf(list, multi);
        expect(run(jobs, multi, 'fcfs', createConservative(), overrun)).toEqual(run(jobs, multi, 'fcfs', createReplanningConservative(), overrun));
      }),
      { numRuns: 200 },
    );
  });
});
