/**
 * Differential test: the engine's schedulers against the naive reference
 * implementation (test/reference), job by job, on the start of a real log.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { readSwf } from '../../traces/node-read.ts';
import { referenceStarts, type RefAlgorithm } from '../reference/pool-scheduler.ts';

const JOBS = 2500;
const LOGS = ['KTH-SP2-1996-2.1-cln.swf.gz', 'SDSC-SP2-1998-conv3-first4961jobs.swf.gz'];

describe.each(LOGS)('engine vs reference implementation on %s', async (log) => {
  const workload = await readSwf(`traces/samples/${log}`);
  const jobs = workload.jobs.slice(0, JOBS);
  const P = workload.cluster!.nodes.length;
  const cases: [string, RefAlgorithm, 'fcfs' | 'sjf', 'run' | 'cut'][] = [
    ['fcfs', 'none', 'fcfs', 'run'],
    ['fcfs', 'easy', 'fcfs', 'run'],
    ['sjf', 'easy', 'sjf', 'run'],
    ['fcfs', 'conservative', 'fcfs', 'run'],
    ['fcfs', 'easy', 'fcfs', 'cut'],
    ['fcfs', 'conservative', 'fcfs', 'cut'],
  ];
  for (const [queue, backfill, order, overrun] of cases) {
    it(`${queue} + ${backfill}, overrun ${overrun}: every start time agrees (${JOBS} jobs)`, () => {
      const engine = new Engine({
        cluster: new Cluster(workload.cluster!),
        jobs,
        policy: createScheduler({ queue, backfill, placement: 'first-fit' }),
        overrun,
        invariants: 'step',
      });
      const r = engine.run();
      const runtime = (j: (typeof jobs)[number]) => (overrun === 'cut' ? Math.min(j.runtime, j.estimate) : j.runtime);
      const expected = referenceStarts(jobs.map((j) => ({ submit: j.submit, procs: j.tasks, estimate: j.estimate, runtime: runtime(j) })), P, backfill, order);
      const mismatches: string[] = [];
      for (let j = 0; j < jobs.length; j++) {
        if (r.start[j] !== expected[j]) mismatches.push(`${jobs[j]!.id}: engine ${r.start[j]}, reference ${expected[j]}`);
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  }
});
