/** The engine's controller API: timers, runtime submissions, requeue, failures, nodes that come and go. */
import { describe, expect, it } from 'vitest';
import { Cluster, homogeneousCluster } from '../../sim/cluster.ts';
import type { ControlContext, Controller, SystemEvent } from '../../sim/controller.ts';
import { Engine } from '../../sim/engine.ts';
import { SimulationError } from '../../sim/errors.ts';
import { computeRunMetrics } from '../../sim/metrics.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { jobsFrom } from '../helpers/scenario.ts';

const fcfsEasy = () => createScheduler({ queue: 'fcfs', backfill: 'easy', placement: 'first-fit' });

function run(nodes: number, jobs: ReturnType<typeof jobsFrom>, controllers: Controller[], extra: { maxTime?: number } = {}) {
  const events: SystemEvent[] = [];
  const cluster = new Cluster(homogeneousCluster(nodes, { cpu: 1 }));
  const engine = new Engine({
    cluster,
    jobs,
    policy: fcfsEasy(),
    controllers,
    invariants: 'step',
    observers: [{ onSystemEvent: (e) => events.push(e) }],
    ...extra,
  });
  const result = engine.run();
  return { result, events, cluster, engine };
}

/** A controller from a table of timers: at each time, run the action. */
function script(name: string, steps: [number, (ctx: ControlContext) => void][]): Controller {
  return {
    name,
    start: (ctx) => steps.forEach(([t], i) => ctx.at(t, i)),
    onTimer: (tag, ctx) => steps[tag]![1](ctx),
  };
}

describe('controllers', () => {
  it('a node failure moves its job elsewhere; the lost work is counted', () => {
    const jobs = jobsFrom([
      { id: 'a', submit: 0, procs: 1, estimate: 10 },
      { id: 'b', submit: 0, procs: 1, estimate: 10 },
    ]);
    const failure = script('failures', [
      [4, (ctx) => {
        for (const j of ctx.jobsOn(0)) ctx.requeue(j, 'node n0 failed');
        ctx.nodeDown(0, 'crash');
      }],
      [6, (ctx) => ctx.nodeUp(0, 'repaired')],
    ]);
    const { result, events } = run(2, jobs, [failure]);
    // a ran on n0 from 0 to 4, was requeued, and restarted at 6 when n0 came back (n1 is busy with b until 10).
    expect(Array.from(result.start)).toEqual([6, 0]);
    expect(Array.from(result.end)).toEqual([16, 10]);
    expect(Array.from(result.attempts)).toEqual([2, 1]);
    expect(Array.from(result.lost)).toEqual([4, 0]);
    expect(events.map((e) => `${e.time} ${e.type} ${e.node}`)).toEqual(['4 node-down n0', '6 node-up n0']);
    const m = computeRunMetrics(result, new Cluster(homogeneousCluster(2, { cpu: 1 })));
    // Occupied: a 4 (lost) + 10, b 10 = 24; offered: 2 cpus over [0, 16] minus n0 down for 2 s = 30.
    expect(m.utilization.cpu).toBe(24 / 30);
  });

  it('a checkpoint keeps work: the restart needs only what remains', () => {
    const jobs = jobsFrom([{ id: 'a', submit: 0, procs: 1, estimate: 100 }]);
    const c = script('checkpoints', [[30, (ctx) => ctx.requeue(0, 'restart', 20)]]);
    const { result } = run(1, jobs, [c]);
    expect(result.start[0]).toBe(30);
    expect(result.end[0]).toBe(110); // 100 - 20 kept
    expect(result.lost[0]).toBe(10);
  });

  it('controllers submit new work that is scheduled in the same instant', () => {
    const c = script('spawner', [
      [5, (ctx) => ctx.submit({ id: 'late', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 3, estimate: 3 })],
      [7, (ctx) => ctx.submit({ id: 'future', submit: 20, tasks: 1, request: { cpu: 1 }, runtime: 1, estimate: 1 })],
    ]);
    const { result } = run(1, [], [c]);
    expect(result.jobs.ids).toEqual(['late', 'future']);
    expect(Array.from(result.start)).toEqual([5, 20]);
    expect(result.jobs.submit[0]).toBe(5); // submitted now, not in the past
  });

  it('added nodes take work, and a job that cannot fit yet waits for them', () => {
    const jobs = jobsFrom([{ id: 'wide', submit: 0, procs: 1, estimate: 5 }, { id: 'b', submit: 0, procs: 1, estimate: 5 }]);
    const c = script('autoscaler', [[3, (ctx) => ctx.addNode({ id: 'extra', capacity: { cpu: 1 } }, 'scale-up')]]);
    const { result, cluster } = run(1, jobs, [c]);
    expect(Array.from(result.start)).toEqual([0, 3]);
    expect(cluster.nodeCount).toBe(2);
    expect(result.capacityChanges.map((s) => [s.time, s.capacity[0]])).toEqual([[3, 2]]);
  });

  it('fail ends a job for good with its reason', () => {
    const jobs = jobsFrom([{ id: 'a', submit: 0, procs: 1, estimate: 10 }, { id: 'b', submit: 0, procs: 1, estimate: 10 }]);
    const c = script('chaos', [[2, (ctx) => { ctx.fail(0, 'task crashed'); ctx.fail(1, 'never ran'); }]]);
    const { result } = run(1, jobs, [c]);
    expect(Array.from(result.state)).toEqual([6, 6]);
    expect(result.failReason.get(0)).toBe('task crashed');
    expect(result.start[1]).toBeNaN();
  });

  const refusals: [string, (ctx: ControlContext) => void, RegExp][] = [
    ['a node going down with work on it', (ctx) => ctx.nodeDown(0, 'x'), /chaos at t=1: node n0 still runs job a/],
    ['a requeue of a job that is not running', (ctx) => ctx.requeue(1, 'x'), /requeue of job b, which is queued/],
    ['a timer in the past', (ctx) => ctx.at(0, 0), /timer at 0 must be/],
    ['an unknown node', (ctx) => ctx.nodeUp(9, 'x'), /nodeUp of node index 9/],
    ['a duplicate node id', (ctx) => ctx.addNode({ id: 'n0', capacity: { cpu: 1 } }, 'x'), /duplicate node id "n0"/],
  ];
  for (const [what, act, message] of refusals) {
    it(`refuses ${what}, naming the controller`, () => {
      const jobs = jobsFrom([{ id: 'a', submit: 0, procs: 1, estimate: 10 }, { id: 'b', submit: 0, procs: 1, estimate: 10 }]);
      expect(() => run(1, jobs, [script('chaos', [[1, act]])])).toThrow(SimulationError);
      expect(() => run(1, jobs, [script('chaos', [[1, act]])])).toThrow(message);
    });
  }

  it('preemption by the policy requeues the job and the batch scheduler runs it again once', () => {
    const jobs = jobsFrom([{ id: 'low', submit: 0, procs: 1, estimate: 10 }, { id: 'high', submit: 2, procs: 1, estimate: 3 }]);
    const inner = fcfsEasy();
    let preempted = false;
    const policy = {
      ...inner,
      name: 'preempting',
      schedule(ctx: Parameters<typeof inner.schedule>[0]) {
        if (!preempted && ctx.now === 2) {
          ctx.preempt(0, 'make room for high');
          preempted = true;
        }
        inner.schedule(ctx);
      },
    };
    const engine = new Engine({ cluster: new Cluster(homogeneousCluster(1, { cpu: 1 })), jobs, policy, invariants: 'step' });
    const r = engine.run();
    // low is requeued at 2 behind nothing: fcfs order by submit puts low (submit 0) first again.
    expect(Array.from(r.start)).toEqual([2, 12]);
    expect(Array.from(r.attempts)).toEqual([2, 1]);
    expect(r.lost[0]).toBe(2);
  });

  it('schedules work submitted at the start at the start, in one pass with the events of that instant', () => {
    const starter: Controller = {
      name: 'starter',
      start: (ctx) => void ctx.submit({ id: 'early', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 5, estimate: 5 }),
    };
    const later = new Engine({
      cluster: new Cluster(homogeneousCluster(1, { cpu: 1 })),
      jobs: jobsFrom([{ id: 'trace', submit: 50, procs: 1, estimate: 5 }]),
      policy: fcfsEasy(),
      controllers: [starter],
      startTime: 0,
      invariants: 'step',
    });
    expect(Array.from(later.run().start)).toEqual([50, 0]); // 'early' did not wait for the first event at 50
    const engine = new Engine({
      cluster: new Cluster(homogeneousCluster(1, { cpu: 1 })),
      jobs: jobsFrom([{ id: 'trace', submit: 0, procs: 1, estimate: 5 }]),
      policy: fcfsEasy(),
      controllers: [starter],
      startTime: 0,
    });
    // Same instant: one pass sees both; fcfs ties go to the lower index, the trace's job.
    expect(Array.from(engine.run().start)).toEqual([0, 5]);
  });

  it('stops at maxTime with services still running', () => {
    const jobs = [{ id: 'svc', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: Infinity, estimate: Infinity }];
    const ticker: Controller = { name: 'ticker', start: (ctx) => ctx.at(0, 0), onTimer: (_t, ctx) => ctx.at(ctx.now + 10, 0) };
    const { result } = run(1, jobsFrom([]).concat(jobs), [ticker], { maxTime: 100 });
    expect(result.truncated).toBe(true);
    expect(result.now).toBe(100);
    expect(result.state[0]).toBe(2);
  });
});

describe('stall and restart in place', () => {
  it('a stalled job holds its node, never ends by itself, and loses the stalled time when requeued', () => {
    const jobs = jobsFrom([{ id: 'a', submit: 0, procs: 1, estimate: 10 }]);
    const c = script('node-agent', [
      [4, (ctx) => ctx.stall(0)],
      // Past its natural end (10) the job is still running, holding n0.
      [12, (ctx) => {
        expect(ctx.state(0)).toBe(2);
        expect(ctx.jobsOn(0)).toEqual([0]);
        ctx.requeue(0, 'node failure detected', 3);
      }],
    ]);
    const { result } = run(1, jobs, [c]);
    expect(result.start[0]).toBe(12);
    expect(result.end[0]).toBe(19); // 10 - 3 kept
    expect(result.lost[0]).toBe(9); // 12 s of attempt, 3 kept
    expect(result.attempts[0]).toBe(2);
  });

  it('restart begins a new attempt on the same nodes at once, without the scheduler', () => {
    const jobs = jobsFrom([
      { id: 'a', submit: 0, procs: 1, estimate: 10 },
      { id: 'b', submit: 0, procs: 1, estimate: 10 },
    ]);
    const restarts: string[] = [];
    const c = script('kubelet', [[6, (ctx) => ctx.restart(1, 'container restarted', 2)]]);
    const cluster = new Cluster(homogeneousCluster(2, { cpu: 1 }));
    const engine = new Engine({
      cluster,
      jobs,
      policy: fcfsEasy(),
      controllers: [c],
      invariants: 'step',
      observers: [{ onRestart: (j, now, reason, e) => restarts.push(`${now} ${e.jobs.ids[j]} ${reason} on ${e.placementOf(j)!.nodes.join()}`) }],
    });
    const r = engine.run();
    expect(Array.from(r.start)).toEqual([0, 6]);
    expect(Array.from(r.end)).toEqual([10, 14]); // 10 - 2 kept from 6
    expect(Array.from(r.attempts)).toEqual([1, 2]);
    expect(r.lost[1]).toBe(4);
    expect(restarts).toEqual(['6 b container restarted on 1']);
  });

  it('refuses to stall or restart a job that is not running, naming the controller', () => {
    const jobs = jobsFrom([{ id: 'a', submit: 0, procs: 1, estimate: 10 }, { id: 'b', submit: 0, procs: 1, estimate: 10 }]);
    expect(() => run(1, jobs, [script('agent', [[1, (ctx) => ctx.stall(1)]])])).toThrow(/agent at t=1: stall of job b, which is queued/);
    expect(() => run(1, jobs, [script('agent', [[1, (ctx) => ctx.restart(1, 'x')]])])).toThrow(/agent at t=1: restart of job b, which is queued/);
  });
});
