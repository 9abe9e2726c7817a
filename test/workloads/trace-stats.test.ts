import { describe, expect, it } from 'vitest';
import type { Job } from '../../workloads/job.ts';
import { distribution, traceStats } from '../../workloads/trace-stats.ts';
import type { Workload } from '../../workloads/workload.ts';

const job = (id: string, submit: number, tasks: number, runtime: number, request: Record<string, number> = { cpu: 1 }): Job => ({
  id, submit, tasks, request, runtime, estimate: runtime, priority: 0, user: null, group: null, queue: null, dependencies: [], logStatus: null, logWait: null,
});

describe('trace statistics', () => {
  it('quantiles by linear interpolation (type 7), mean, min and max', () => {
    // 1..5: p25 = 2, p50 = 3, p90 = 1 + 0.9 * 4 = 4.6
    expect(distribution([5, 3, 1, 4, 2])).toEqual({ count: 5, mean: 3, min: 1, p25: 2, p50: 3, p75: 4, p90: 4.6, p99: 4.96, max: 5 });
    expect(distribution([])).toBeNull();
  });

  it('counts, span, offered load against the cluster, and jobs that never end apart', () => {
    const w: Workload = {
      jobs: [job('a', 10, 2, 50), job('b', 0, 1, 100, { cpu: 2, gpu: 1 }), job('c', 40, 1, Infinity)],
      source: { format: 'x', file: 'f1,f2' },
      cluster: { nodes: [{ id: 'n', capacity: { cpu: 4, gpu: 2 } }] },
      dropped: { bad: 1 },
      repaired: {},
      header: {},
      records: { rows: 4 },
    };
    const s = traceStats(w);
    expect(s).toMatchObject({ format: 'x', files: ['f1', 'f2'], jobs: 3, tasks: 4, nodes: 1, span_seconds: 40, first_submit: 0, last_submit: 40, infinite_runtimes: 1, kinds: { job: 3 }, dropped: { bad: 1 }, records: { rows: 4 } });
    // cpu work = 2*1*50 + 1*2*100 = 300 over 4 cpu x 40 s; gpu work = 100 over 2 x 40
    expect(s.offered_load).toEqual({ cpu: 300 / 160, gpu: 100 / 80 });
    expect(s.distributions.interarrival).toMatchObject({ count: 2, min: 10, max: 30 });
    expect(s.distributions.runtime).toMatchObject({ count: 2, min: 50, max: 100 });
    expect(s.distributions.request_cpu).toMatchObject({ count: 3, min: 1, max: 2 });
    expect(s.distributions.request_gpu).toMatchObject({ count: 1, min: 1 });
    expect(traceStats(w, null).offered_load).toEqual({});
  });
});
