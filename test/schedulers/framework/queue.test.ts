import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../sim/cluster.ts';
import { Engine } from '../../../sim/engine.ts';
import { Rng } from '../../../sim/rng.ts';
import { frameworkFromConfig } from '../../../experiments/run/scheduler-choice.ts';
import { JobSchema } from '../../../workloads/job.ts';
import { backoffDuration } from '../../../schedulers/framework/queue.ts';
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

describe('framework: queueing hints', () => {
  /** One node cordoned from the start and uncordoned at t=50 by a controller; a pod submitted at 0. */
  function cordonedRun(uncordonAt: number | null): { start: number; state: number } {
    const cluster = new Cluster({ nodes: [n('a', 1)] });
    const policy = frameworkFromConfig(null, '<test>', { unschedulable: 'wait' })({ rng: new Rng(1) });
    const engine = new Engine({
      cluster,
      jobs: [JobSchema.parse({ id: 'p', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 100, estimate: 100 })],
      policy,
      controllers: [
        {
          name: 'cordon',
          start(ctx) {
            ctx.setUnschedulable(0, true);
            if (uncordonAt !== null) ctx.at(uncordonAt, 1);
          },
          onTimer(_tag, ctx) {
            ctx.setUnschedulable(0, false);
          },
        },
      ],
    });
    const r = engine.run();
    return { start: r.start[0]!, state: r.state[0]! };
  }

  it('uncordoning a node wakes the pods that failed while it was cordoned (node update event)', () => {
    // The pod failed at t=0 (node cordoned); nothing ends in between, so only the uncordon can wake it.
    expect(cordonedRun(50).start).toBe(50);
  });
});

describe('framework: failures without a diagnosis', () => {
  // A pass skips the per-node diagnosis of a job of which some pods fit only when nobody can read it (queue.ts detailsUnread).
  const nodes = [n('a', 1), n('b', 1), n('c', 1)];
  const reasonOf = (r: ReturnType<typeof runKube>, id: string) => r.result.rejectReason.get(r.result.jobs.ids.indexOf(id));

  it('reject mode, not explaining: the rejection still gives the FitError after the pods that fit', () => {
    const r = runKube(nodes, [{ id: 'r', request: { cpu: 1 } }, { id: 'w', tasks: 3, request: { cpu: 1 }, submit: 1 }], null, { unschedulable: 'reject', explain: false });
    expect(reasonOf(r, 'w')).toBe('0/3 nodes are available: 3 Insufficient cpu. (2 of 3 pods placed; the job needs all)');
  });

  it('auto mode with a job that never ends, not explaining: the rejection gives the FitError', () => {
    const jobs = [
      { id: 'forever', request: { cpu: 1 }, runtime: Infinity, estimate: Infinity },
      { id: 'w', tasks: 3, request: { cpu: 1 }, submit: 1 },
    ];
    const r = runKube(nodes, jobs, null, { unschedulable: 'auto', explain: false });
    expect(reasonOf(r, 'w')).toBe('0/3 nodes are available: 3 Insufficient cpu. (2 of 3 pods placed; the job needs all) (no running job will ever end)');
  });

  it('wait mode, not explaining: the job waits and starts when room is freed, as with a diagnosis', () => {
    const jobs = [{ id: 'r', request: { cpu: 1 } }, { id: 'w', tasks: 3, request: { cpu: 1 }, submit: 1 }];
    expect(runKube(nodes, jobs, null, { explain: false }).start.w).toBe(100);
    expect(runKube(nodes, jobs, null, { explain: true }).start.w).toBe(100);
  });
});

describe('framework: back-off (upstream podInitialBackoffSeconds 1, podMaxBackoffSeconds 10)', () => {
  it('doubles from 1 s with each attempt after the first, capped at 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(backoffDuration)).toEqual([0, 1, 2, 4, 8, 10, 10, 10]);
  });

  it('a pod woken by an event while backing off is tried when its back-off ends, not at the event', () => {
    // w (2 cpu) fails at t=0 (attempt 1: back-off 1 s) and at t=5 when b1 ends (attempt 2: back-off 2 s, to t=7).
    // b2 ends at t=6: w fits then, but waits in the backoff queue until t=7.
    const r = runKube([n('a', 2)], [
      { id: 'b1', request: { cpu: 1 }, runtime: 5, estimate: 5 },
      { id: 'b2', request: { cpu: 1 }, runtime: 6, estimate: 6 },
      { id: 'w', request: { cpu: 2 } },
    ]);
    expect(r.start.w).toBe(7);
    expect(r.decisions.filter((d) => d.pod === 'w').map((d) => [d.time, d.decision])).toEqual([
      [0, 'unschedulable'],
      [5, 'unschedulable'],
      [7, 'scheduled'],
    ]);
  });

  it('an event after the back-off has ended retries the pod at once', () => {
    // w fails at t=0 (back-off 1 s); b ends at t=50, long after: w starts at 50.
    const r = runKube([n('a', 1)], [
      { id: 'b', request: { cpu: 1 }, runtime: 50, estimate: 50 },
      { id: 'w', request: { cpu: 1 } },
    ]);
    expect(r.start.w).toBe(50);
  });
});
