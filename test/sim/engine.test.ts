import { describe, expect, it } from 'vitest';
import { Cluster, homogeneousCluster } from '../../sim/cluster.ts';
import { Engine, type EngineView } from '../../sim/engine.ts';
import { SimulationError } from '../../sim/errors.ts';
import { EventLog, type Observer } from '../../sim/recorder.ts';
import type { SchedulingContext, SchedulingPolicy } from '../../sim/policy.ts';
import { jobsFrom } from '../helpers/scenario.ts';

const twoJobs = jobsFrom([
  { id: 'a', submit: 0, procs: 1, estimate: 10 },
  { id: 'b', submit: 0, procs: 1, estimate: 10 },
]);

function engineWith(policy: SchedulingPolicy, jobs = twoJobs, nodes = 2) {
  return new Engine({ cluster: new Cluster(homogeneousCluster(nodes, { cpu: 1 })), jobs, policy, invariants: 'step' });
}

function policy(schedule: (ctx: SchedulingContext) => void, extra: Partial<SchedulingPolicy> = {}): SchedulingPolicy {
  return { name: 'fake', schedule, ...extra };
}

describe('Engine', () => {
  it('applies every event of an instant before the policy decides, ends before submissions', () => {
    const seen: string[] = [];
    const jobs = jobsFrom([
      { id: 'a', submit: 0, procs: 1, estimate: 5 },
      { id: 'b', submit: 5, procs: 1, estimate: 5 },
      { id: 'c', submit: 5, procs: 1, estimate: 5 },
    ]);
    const p = policy(
      (ctx) => {
        seen.push(`schedule@${ctx.now}:${ctx.queued().map((j) => ctx.jobs.ids[j]).join('')}:free${ctx.cluster.totalFree(0)}`);
        for (const j of ctx.queued()) {
          const node = ctx.cluster.firstFit(ctx.jobs.requestOf(j));
          if (node >= 0) ctx.start(j, { nodes: [node], counts: [1] });
        }
      },
      {
        onSubmit: (j, ctx) => seen.push(`submit ${ctx.jobs.ids[j]}@${ctx.now}`),
        onEnd: (j, ctx) => seen.push(`end ${ctx.jobs.ids[j]}@${ctx.now}`),
      },
    );
    engineWith(p, jobs, 1).run();
    expect(seen).toEqual([
      'submit a@0',
      'schedule@0:a:free1',
      'end a@5',
      'submit b@5',
      'submit c@5',
      'schedule@5:bc:free1',
      'end b@10',
      'schedule@10:c:free1',
      'end c@15',
    ]);
  });

  it('records events in order and never moves time back', () => {
    const log = new EventLog();
    const jobs = jobsFrom([
      { id: 'a', submit: 0, procs: 2, estimate: 3 },
      { id: 'b', submit: 1, procs: 1, estimate: 1 },
    ]);
    const e = new Engine({
      cluster: new Cluster(homogeneousCluster(2, { cpu: 1 })),
      jobs,
      policy: policy((ctx) => {
        for (const j of ctx.queued()) {
          if (ctx.cluster.totalFree(0) >= ctx.jobs.tasks[j]!) {
            const nodes: number[] = [];
            for (let n = 0; n < 2 && nodes.length < ctx.jobs.tasks[j]!; n++) if (ctx.cluster.freeOf(n, 0) > 0) nodes.push(n);
            ctx.start(j, { nodes, counts: nodes.map(() => 1) });
          }
        }
      }),
      observers: [log],
    });
    e.run();
    expect(log.records.map((r) => `${r.time} ${r.type} ${r.job}`)).toEqual(['0 submit a', '0 start a', '1 submit b', '3 end a', '3 start b', '4 end b']);
    expect(log.records.filter((r) => r.type === 'start').map((r) => r.detail)).toEqual(['n0x1 n1x1', 'n0x1']);
    const times = log.records.map((r) => r.time);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it('hands observers the engine itself through EngineView, a type that only reads', () => {
    const views = new Set<EngineView>();
    const starts: number[] = [];
    const observer: Observer = {
      onSubmit: (_job, _now, engine) => views.add(engine),
      onStart: (job, now, engine) => {
        views.add(engine);
        starts.push(job, now, engine.start[job]!, engine.placementOf(job)!.nodes.length);
      },
      onEnd: (_job, _now, engine) => views.add(engine),
      onFinish: (_now, engine) => views.add(engine),
    };
    const e = new Engine({
      cluster: new Cluster(homogeneousCluster(2, { cpu: 1 })),
      jobs: twoJobs,
      policy: policy((ctx) => {
        for (const j of ctx.queued()) ctx.start(j, { nodes: [j], counts: [1] });
      }),
      observers: [observer],
    });
    e.run();
    // One object, no copy per hook: the view is the engine.
    expect([...views]).toEqual([e]);
    expect([...views][0]).toBe(e);
    expect(starts).toEqual([0, 0, 0, 1, 1, 0, 0, 1]);
    // What the type refuses (checked by tsc: an unused @ts-expect-error is an error).
    const refused = (view: EngineView) => {
      // @ts-expect-error the per-job columns are read-only through the view
      view.state[0] = 3;
      // @ts-expect-error no decisions through the view
      view.startJob(0, { nodes: [0], counts: [1] });
      // @ts-expect-error no cluster changes through the view
      view.cluster.setUp(0, false);
      // @ts-expect-error time is read-only
      view.now = 5;
    };
    expect(refused.length).toBe(1);
  });

  const impossible: [string, (ctx: SchedulingContext) => void, RegExp][] = [
    ['a start of a job that is not queued', (ctx) => ctx.start(99, { nodes: [0], counts: [1] }), /fake at t=0: start of job index 99/],
    ['a second start of the same job', (ctx) => {
      ctx.start(0, { nodes: [0], counts: [1] });
      ctx.start(0, { nodes: [1], counts: [1] });
    }, /start of job a, which is not queued \(it is running\)/],
    ['a placement with the wrong task count', (ctx) => ctx.start(0, { nodes: [0, 1], counts: [1, 1] }), /placement of job a holds 2 task\(s\); the job has 1 task/],
    ['a placement that over-commits a node', (ctx) => {
      ctx.start(0, { nodes: [0], counts: [1] });
      ctx.start(1, { nodes: [0], counts: [1] });
    }, /over-commit refused/],
    ['a placement naming a node twice', (ctx) => ctx.start(0, { nodes: [0, 0], counts: [1, 0] }), /names node 0 twice/],
    ['a wake-up in the past', (ctx) => ctx.wakeAt(ctx.now - 1), /wakeAt\(-1\) must be a finite time after now/],
    ['a wake-up now', (ctx) => ctx.wakeAt(ctx.now), /must be a finite time after now/],
  ];
  for (const [what, decide, message] of impossible) {
    it(`refuses ${what}, naming the policy`, () => {
      const run = () => engineWith(policy(decide)).run();
      expect(run).toThrow(SimulationError);
      expect(run).toThrow(message);
    });
  }

  it('refuses decisions made outside schedule()', () => {
    const p = policy(() => {}, { onSubmit: (j, ctx) => ctx.start(j, { nodes: [0], counts: [1] }) });
    expect(() => engineWith(p).run()).toThrow(/start called outside schedule/);
  });

  it('reports a policy that leaves jobs queued forever instead of hanging', () => {
    expect(() => engineWith(policy(() => {})).run()).toThrow(/fake at t=0: stalled: 2 job\(s\) still queued \(first: a\)/);
  });

  it('calls the policy again at a requested wake-up', () => {
    const calls: number[] = [];
    const p = policy((ctx) => {
      calls.push(ctx.now);
      if (ctx.now === 0) ctx.wakeAt(7);
      if (ctx.now === 7) for (const j of ctx.queued()) ctx.start(j, { nodes: [j], counts: [1] });
    });
    const r = engineWith(p).run();
    expect(calls).toEqual([0, 7]);
    expect(Array.from(r.start)).toEqual([7, 7]);
  });

  it('stops at maxTime as truncated, with the unfinished jobs accounted for', () => {
    const jobs = jobsFrom([
      { id: 'a', submit: 0, procs: 1, estimate: 10 },
      { id: 'b', submit: 20, procs: 1, estimate: 10 },
    ]);
    const p = policy((ctx) => {
      for (const j of ctx.queued()) ctx.start(j, { nodes: [0], counts: [1] });
    });
    const e = new Engine({ cluster: new Cluster(homogeneousCluster(1, { cpu: 1 })), jobs, policy: p, maxTime: 5 });
    const r = e.run();
    expect(r.truncated).toBe(true);
    expect(Array.from(r.state)).toEqual([2, 0]); // a running, b never submitted
  });

  it('enforces a step budget', () => {
    const p = policy((ctx) => ctx.wakeAt(ctx.now + 1));
    const e = new Engine({ cluster: new Cluster(homogeneousCluster(1, { cpu: 1 })), jobs: twoJobs, policy: p, maxSteps: 100 });
    expect(() => e.run()).toThrow(/step budget of 100/);
  });

  it('rejects bad jobs with a message naming the job', () => {
    const bad = [{ id: 'x', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 0, estimate: 1 }];
    expect(() => engineWith(policy(() => {}), bad)).toThrow(/job "x" \(input position 0\): runtime must be a positive number \(or Infinity\), got 0/);
  });
});

describe('Engine with jobs that never end', () => {
  it('keeps an infinite-runtime job running to the end, holding its node', () => {
    const jobs = [
      { id: 'svc', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: Infinity, estimate: Infinity },
      { id: 'a', submit: 1, tasks: 1, request: { cpu: 1 }, runtime: 5, estimate: 5 },
    ];
    const p: SchedulingPolicy = {
      name: 'fake',
      schedule: (ctx) => {
        for (const j of ctx.queued()) {
          const node = ctx.cluster.firstFit(ctx.jobs.requestOf(j));
          if (node >= 0) ctx.start(j, { nodes: [node], counts: [1] });
        }
      },
    };
    const r = new Engine({ cluster: new Cluster(homogeneousCluster(2, { cpu: 1 })), jobs, policy: p, invariants: 'step' }).run();
    expect(Array.from(r.state)).toEqual([2, 3]);
    expect(r.end[0]).toBe(Infinity);
    expect(r.now).toBe(6);
  });
});
