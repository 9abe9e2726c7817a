import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../sim/cluster.ts';
import { Engine } from '../../../sim/engine.ts';
import { Rng } from '../../../sim/rng.ts';
import { frameworkFromConfig } from '../../../experiments/run/scheduler-choice.ts';
import { JobSchema } from '../../../workloads/job.ts';
import { runKube } from './run.ts';

const n = (id: string, cpu: number) => ({ id, capacity: { cpu, memory: 16384 } });

/** Runs the default profile with a tie-break stream that counts its draws. */
function countingRun(jobs: Record<string, unknown>[]): { draws: number; start: Record<string, number> } {
  const cluster = new Cluster({ nodes: [n('a', 1), n('b', 1), n('c', 1), n('d', 1)] });
  let draws = 0;
  const real = new Rng(1).stream('scheduler-tiebreak');
  const rng = { stream: () => () => (draws++, real()) } as unknown as Rng;
  const policy = frameworkFromConfig(null, '<test>', { unschedulable: 'wait' })({ rng });
  const engine = new Engine({ cluster, jobs: jobs.map((j) => JobSchema.parse({ submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 100, estimate: 100, ...j })), policy });
  const result = engine.run();
  const start: Record<string, number> = {};
  for (let j = 0; j < result.jobs.count; j++) start[result.jobs.ids[j]!] = result.start[j]!;
  return { draws, start };
}

describe('framework: the queue', () => {
  it('a job that cannot fit whole is failed without assuming any pod: no tie-break draws for it', () => {
    // Four equal empty nodes. `a` (2 pods) at t=0: 3 draws for its first pod (4 tied nodes), 2 for its second.
    // `b` (3 pods) at t=1 finds 2 free nodes: it fails at once (the old pod-by-pod assumption drew 1 for its first pod).
    // At t=100 `a` ends: `b` places 3 pods on 4, 3 and 2 tied nodes (3 + 2 + 1 draws).
    const r = countingRun([{ id: 'a', tasks: 2 }, { id: 'b', tasks: 3, submit: 1 }]);
    expect(r.start).toEqual({ a: 0, b: 100 });
    expect(r.draws).toBe(3 + 2 + 6);
  });

  it('the failure names the pods that fit, as after assuming them one by one', () => {
    const r = runKube([n('a', 1), n('b', 1), n('c', 1), n('d', 2)], [
      { id: 'a', tasks: 2, request: { cpu: 1 } },
      { id: 'b', tasks: 4, request: { cpu: 1 }, submit: 1 },
    ]);
    const failed = r.decisions.find((d) => d.pod === 'b' && d.decision === 'unschedulable')!;
    // 5 cpu, `a` holds 2: 3 pods of `b` fit; the 4th sees every node full.
    expect(failed.message).toBe('0/4 nodes are available: 4 Insufficient cpu.');
    expect(failed.placed_before_failure).toBe(3);
    expect(failed.filtered).toEqual({ NodeResourcesFit: { 'Insufficient cpu': 4 } });
    expect(r.start.b).toBe(100);
  });

  it('pods of one shape share a count only while nothing is placed between them', () => {
    const r = runKube([n('a', 1), n('b', 1), n('c', 1), n('d', 1)], [
      { id: 'r', tasks: 2, request: { cpu: 1 } },
      { id: 'x', tasks: 3, request: { cpu: 1 }, submit: 1 },
      { id: 'y', tasks: 1, request: { cpu: 1 }, submit: 1 },
      { id: 'z', tasks: 3, request: { cpu: 1 }, submit: 1 },
    ]);
    const failed = (id: string) => r.decisions.find((d) => d.pod === id && d.decision === 'unschedulable')!;
    // x: 2 of 3 fit; y takes one of the two free nodes; z then finds 1, not the 2 x saw.
    expect(failed('x').placed_before_failure).toBe(2);
    expect(r.start.y).toBe(1);
    expect(failed('z').placed_before_failure).toBe(1);
  });
});
