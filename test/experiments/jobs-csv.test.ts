/**
 * jobs.csv and the run metrics on small hand-made runs: runtimes as the engine
 * ran them (no floating-point noise from end - start), waits of jobs still
 * running at the end, and metrics over no finished job (null, not 0).
 */
import { describe, expect, it } from 'vitest';
import { homogeneousCluster } from '../../sim/cluster.ts';
import { jobsCsvText, jobsHeader } from '../../experiments/run/results.ts';
import { DEFAULT_OPTIONS, runSimulation, type SimulationOptions } from '../../experiments/run/simulate.ts';
import { metricsTable } from '../../experiments/results/metrics-table.ts';
import type { Job } from '../../workloads/job.ts';
import type { Workload } from '../../workloads/workload.ts';

const job = (id: string, submit: number, runtime: number, estimate = runtime, extra: Partial<Job> = {}): Job => ({
  id, submit, tasks: 1, request: { cpu: 1 }, runtime, estimate, priority: 0, user: null, group: null, queue: null, dependencies: [], logStatus: null, logWait: null, ...extra,
});
const workload = (jobs: Job[]): Workload => ({ jobs, source: { format: 'canonical', file: 'x' }, cluster: null, dropped: {}, repaired: {}, header: {} });
const OPTIONS: SimulationOptions = { ...DEFAULT_OPTIONS, backfill: 'none' };

function table(jobs: Job[], nodes: number, options: Partial<SimulationOptions> = {}) {
  const out = runSimulation(workload(jobs), homogeneousCluster(nodes, { cpu: 1 }), { ...OPTIONS, ...options });
  const header = jobsHeader(out.result.jobs.resources).trim().split(',');
  const rows = jobsCsvText(out).trim().split('\n').slice(1).map((line) => Object.fromEntries(line.trim().split(',').map((v, i) => [header[i]!, v])));
  return { out, rows };
}

describe('jobs.csv runtimes', () => {
  it('are the durations the engine ran, so slowdowns agree with the metrics to the last digit', () => {
    // Start 2.3, runtime 10.1: (2.3 + 10.1) - 2.3 is 10.099999999999998 in floating point.
    expect(2.3 + 10.1 - 2.3).not.toBe(10.1);
    const { out, rows } = table([job('a', 2.3, 10.1), job('b', 2.3, 10.1)], 1);
    expect(rows.map((r) => r.runtime)).toEqual(['10.1', '10.1']);
    const b = rows[1]!;
    // b waits for a: it starts at a's end, 2.3 + 10.1.
    expect(Number(b.wait)).toBe(2.3 + 10.1 - 2.3);
    expect(Number(b.response)).toBe(Number(b.wait) + 10.1);
    expect(Number(b.slowdown)).toBe((Number(b.wait) + 10.1) / 10.1);
    expect(Number(b.bounded_slowdown)).toBe(Number(b.slowdown)); // runtime above tau: the two are one formula
    expect(out.metrics.mean_slowdown).toBe((1 + Number(b.slowdown)) / 2);
  });

  it('are the estimate for a job killed at walltime', () => {
    const { rows } = table([job('a', 0.7, 30.3, 20.2)], 1, { overrun: 'cut' });
    expect(rows[0]).toMatchObject({ status: 'killed', runtime: '20.2', start: '0.7' });
  });
});

describe('runs where jobs never end', () => {
  // Pods that never depart, as fill mode and snapshots make them: two fit, the third is rejected (--unschedulable auto).
  const pods = [0, 1, 2].map((t) => job(`p${t}`, t, Infinity, Infinity, { kind: 'pod' }));

  it('give metrics over no finished job as null, utilization counting running work to the end of the run', () => {
    const { out } = table(pods, 2);
    const m = out.metrics;
    expect([m.jobs_finished, m.jobs_running, m.jobs_rejected]).toEqual([0, 2, 1]);
    for (const k of ['mean_wait', 'p50_wait', 'p95_wait', 'p99_wait', 'max_wait', 'mean_response', 'mean_slowdown', 'mean_bounded_slowdown'] as const) expect(m[k], k).toBeNull();
    // The run ends at 2 (the last instant): the window is 0..2; p0 ran 0..2, p1 1..2, on 2 processors.
    expect(out.result.now).toBe(2);
    expect(m.makespan).toBe(2);
    expect(m.utilization.cpu).toBe((2 + 1) / (2 * 2));
    expect(m.throughput).toBe(0);
    expect(JSON.parse(JSON.stringify(m)).mean_wait).toBeNull();
    const text = metricsTable(m);
    // Seven per-job measures without a value read as one line, and n/a is explained once.
    expect(text).toMatch(/^waits, responses, slowdowns\s+n\/a$/m);
    expect(text).not.toMatch(/^mean wait/m);
    expect(text.match(/^n\/a: /gm)).toHaveLength(1);
    expect(text).toMatch(/^jobs running \/ queued at the end\s+2 \/ 0$/m);
    expect(text).toMatch(/^utilization cpu\s+75\.0 %$/m);
  });

  it('show a run that simulated no time (a snapshot) by what is allocated at the end, not 0 % utilization', () => {
    const m = table(pods.map((p) => ({ ...p, submit: 0 })), 2).out.metrics;
    expect(m.makespan).toBe(0);
    const text = metricsTable(m, { allocatedAtEnd: { cpu: 1 } });
    expect(text).toMatch(/^makespan\s+0 s \(no time simulated\)$/m);
    expect(text).toMatch(/^allocated at the end cpu\s+100\.0 %$/m);
    expect(text).not.toMatch(/^utilization cpu/m);
    expect(text).toMatch(/no time was simulated/);
  });

  it('show the GPU allocation at demand in the table, first in a fill run', () => {
    const m = table(pods, 2).out.metrics;
    const gpu = { '80': 80.2, '90': 90.1, '100': null, final: 93.45, requested_final: 130 };
    const fill = metricsTable(m, { gpuAllocation: gpu, fill: true }).split('\n');
    expect(fill[2]).toMatch(/^GPU allocation at demand 80 \/ 90 \/ 100 %\s+80\.2 % \/ 90\.1 % \/ n\/a$/);
    expect(fill.join('\n')).toMatch(/^GPU allocation at the end\s+93\.5 %$/m);
    const replay = metricsTable(m, { gpuAllocation: gpu });
    expect(replay).toMatch(/^GPUs requested by all jobs\s+130\.0 % of capacity$/m);
    expect(replay).toMatch(/a replay whose jobs end reaches these shares over time/);
  });

  it('give running jobs their wait in jobs.csv, not a runtime', () => {
    const { rows } = table([job('a', 0, 10), ...pods.map((p) => ({ ...p, submit: p.submit + 1 }))], 2);
    // a runs 0..10 on one node; p0 starts at 1; p1 (at 2) waits for a's end and starts at 10; p2 is rejected.
    expect(rows.map((r) => [r.job_id, r.status, r.start, r.wait, r.runtime, r.end])).toEqual([
      ['a', 'finished', '0', '0', '10', '10'],
      ['p0', 'running', '1', '0', '', ''],
      ['p1', 'running', '10', '8', '', ''],
      ['p2', 'rejected', '', '', '', ''],
    ]);
  });

  it('with nothing submitted that ran or runs, have no makespan and no throughput', () => {
    const { out } = table([job('wide', 0, 10, 10, { tasks: 5 })], 2);
    expect(out.metrics).toMatchObject({ jobs_rejected: 1, makespan: null, throughput: null, mean_wait: null, utilization: { cpu: 0 } });
  });
});

describe('nodes.csv', () => {
  it('maps every node index of jobs.csv to the node name, beside jobs.csv (and in memory, as the library keeps it)', async () => {
    const { memorySink, simulateToFiles } = await import('../../experiments/run/run-files.ts');
    const files: Record<string, string> = {};
    const cluster = { resources: ['cpu'], nodes: ['alpha', 'beta', 'gamma'].map((id) => ({ id, capacity: { cpu: 1 } })) };
    simulateToFiles(workload([job('a', 0, 10, 10, { tasks: 2 }), job('b', 1, 5)]), cluster, OPTIONS, memorySink(files), {});
    expect(files['nodes.csv']).toBe('node,name\n0,alpha\n1,beta\n2,gamma\n');
    // a ran on nodes 0 and 1, b on 2: their names are rows 0-1 and 2 of nodes.csv.
    expect(files['jobs.csv']!.split('\n')[1]).toMatch(/,0-1$/);
    expect(files['jobs.csv']!.split('\n')[2]).toMatch(/,2$/);
  });
});
