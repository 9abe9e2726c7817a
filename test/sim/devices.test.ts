/** GPU devices inside nodes: shares of one GPU, whole GPUs, fragmentation, and what the engine refuses. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { SimulationError } from '../../sim/errors.ts';
import type { SimJob } from '../../sim/jobs.ts';
import type { SchedulingPolicy } from '../../sim/policy.ts';
import { createScheduler } from '../../schedulers/registry.ts';

const gpuCluster = () =>
  new Cluster({
    nodes: [
      { id: 'g0', capacity: { cpu: 8, gpu: 2 } },
      { id: 'g1', capacity: { cpu: 8, gpu: 1 } },
    ],
  });

function pod(id: string, submit: number, milli: number, count = 1, runtime = 10): SimJob {
  return { id, submit, tasks: 1, request: { cpu: 1, gpu: (count * milli) / 1000 }, runtime, estimate: runtime, gpu: { count, milli } };
}

describe('GPU devices', () => {
  it('shares a GPU between fractional pods and keeps whole GPUs whole', () => {
    const c = gpuCluster();
    expect(c.devicesOn(0)).toBe(2);
    expect(c.devicesOn(1)).toBe(1);
    const d1 = c.allocate({ nodes: [0], counts: [1] }, [1, 0.6], 1, 'p1', 't', 0, { count: 1, milli: 600 });
    const d2 = c.allocate({ nodes: [0], counts: [1] }, [1, 0.6], 1, 'p2', 't', 0, { count: 1, milli: 600 });
    expect([d1, d2]).toEqual([[0], [1]]); // first fit: 0.4 left on device 0 is too little for the second
    // Scalar room is 0.8 GPU, but no single device has 0.5: the device ledger refuses.
    expect(c.tasksThatFit(0, [1, 0.5], { count: 1, milli: 500 })).toBe(0);
    expect(() => c.allocate({ nodes: [0], counts: [1] }, [1, 0.5], 1, 'p3', 'pol', 5, { count: 1, milli: 500 })).toThrow(
      /pol at t=5: over-commit refused: no 1 GPU device\(s\) with 500 milli-GPU free for job p3 on node g0/,
    );
    expect(c.totalFree(1)).toBeCloseTo(1.8, 12); // unchanged by the refusal
    expect(c.tasksThatFit(0, [1, 0.4], { count: 1, milli: 400 })).toBe(2);
    c.release({ nodes: [0], counts: [1], devices: d1 }, [1, 0.6], { count: 1, milli: 600 });
    expect(c.deviceFree(0, 0)).toBe(1000);
    expect(c.tasksThatFit(0, [1, 2], { count: 2, milli: 1000 })).toBe(0); // device 1 still has a share taken
  });

  it('checks devices a policy names', () => {
    const c = gpuCluster();
    c.allocate({ nodes: [0], counts: [1], devices: [1] }, [1, 0.5], 1, 'p1', 't', 0, { count: 1, milli: 500 });
    expect(c.deviceFree(0, 1)).toBe(500);
    expect(() => c.allocate({ nodes: [0], counts: [1], devices: [1] }, [1, 0.6], 1, 'p2', 't', 0, { count: 1, milli: 600 })).toThrow(/GPU device 1 has 500 milli-GPU free, 600 needed/);
    expect(() => gpuCluster().allocate({ nodes: [0], counts: [1], devices: [0, 0] }, [1, 2], 1, 'p3', 't', 0, { count: 2, milli: 1000 })).toThrow(/names GPU device 0 twice/);
    expect(() => c.allocate({ nodes: [1], counts: [1], devices: [3] }, [1, 1], 1, 'p4', 't', 0, { count: 1, milli: 1000 })).toThrow(/GPU device 3 does not exist/);
    expect(() => c.allocate({ nodes: [1], counts: [1], devices: [] }, [1, 1], 1, 'p5', 't', 0, { count: 1, milli: 1000 })).toThrow(/names 0 GPU device\(s\); it needs 1/);
  });

  it('batch schedulers place GPU pods device by device through the engine', () => {
    const jobs = [pod('a', 0, 600), pod('b', 0, 600), pod('c', 0, 500), pod('d', 0, 1000, 1, 5), pod('e', 1, 400)];
    const engine = new Engine({ cluster: gpuCluster(), jobs, policy: createScheduler({ queue: 'fcfs', backfill: 'easy', placement: 'first-fit' }), invariants: 'step' });
    const r = engine.run();
    // a, b take 0.6 of each of g0's two GPUs; c (0.5) does not fit g0's devices but fits g1's; d (a whole GPU)
    // finds no free device until 10. EASY reserves on total free GPU (1.3 >= 1: shadow time now, extra 0.3),
    // so e (0.4 > 0.3 extra, ending after the shadow time) is not backfilled: the pool view is blind to
    // device fragmentation, as documented. Everything ends at 10; d and e start then.
    expect(Array.from(r.start)).toEqual([0, 0, 0, 10, 10]);
  });

  it('refuses a job whose gpu request disagrees with its device shape', () => {
    const bad: SimJob = { ...pod('x', 0, 500), request: { cpu: 1, gpu: 1 } };
    const policy: SchedulingPolicy = { name: 'p', schedule: () => {} };
    expect(() => new Engine({ cluster: gpuCluster(), jobs: [bad], policy })).toThrow(/request.gpu 1 disagrees with the gpu shape 1 x 500/);
  });

  it('an impossible device decision names the policy', () => {
    const jobs = [pod('a', 0, 600), pod('b', 0, 600), pod('c', 0, 500)];
    const policy: SchedulingPolicy = {
      name: 'naive',
      schedule: (ctx) => {
        for (const j of ctx.queued()) if (ctx.state(j) === 1) ctx.start(j, { nodes: [0], counts: [1] });
      },
    };
    const run = () => new Engine({ cluster: gpuCluster(), jobs, policy }).run();
    expect(run).toThrow(SimulationError);
    expect(run).toThrow(/naive at t=0: over-commit refused: no 1 GPU device\(s\) with 500 milli-GPU free for job c on node g0/);
  });
});
