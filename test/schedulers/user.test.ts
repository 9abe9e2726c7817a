import { describe, expect, it } from 'vitest';
import { checkScheduler } from '../../experiments/cli/commands/check-scheduler.ts';
import { clusterFor, loadWorkload } from '../../experiments/run/load.ts';
import { runSimulation, DEFAULT_OPTIONS } from '../../experiments/run/simulate.ts';
import { runConformance, SCENARIOS } from '../../schedulers/conformance.ts';
import { createExternalScheduler } from '../../schedulers/external/client.ts';
import { loadUserScheduler } from '../../schedulers/user.ts';
import type { Workload } from '../../workloads/workload.ts';

const F = 'test/schedulers/fixtures';

// Every built-in policy through the suite: test/schedulers/conformance.test.ts.

describe('conformance suite: faults are reported in plain words', () => {
  it.each([
    ['throws', /it threw an error: bad-throws at t=\d+: scheduler "bad-throws" threw in schedule: boom/],
    ['stalls', /it stalled/],
    ['overcommits', /it made an impossible decision: bad-overcommits at t=\d+: over-commit refused/],
    ['random', /it is not deterministic: two runs with the same seed differ/],
  ])('%s', async (kind, pattern) => {
    const factory = await loadUserScheduler(`${F}/bad-${kind}.ts`);
    const problems = runConformance(factory).flatMap((r) => r.problems);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(pattern);
  });

  it('a module that never returns is stopped after the time limit (worker thread)', async () => {
    const r = await checkScheduler({ scheduler: `${F}/bad-hangs.ts`, batch: { queue: 'fcfs', backfill: 'easy', placement: 'first-fit' }, timeoutSeconds: 1 });
    expect(r.passed).toBe(false);
    expect(r.report).toMatch(/did not finish within 1 s/);
    // Each timed-out scenario keeps its name and description (not "#1: ").
    const fails = r.report.split('\n').filter((l) => l.includes('FAIL'));
    expect(fails).toEqual(SCENARIOS.map((make) => make()).map((sc) => `  FAIL  ${sc.name}: ${sc.description}`));
  });

  it('the examples pass through the command path (module in a worker, Python over the protocol)', async () => {
    for (const scheduler of ['examples/my-scheduler.ts', 'examples/fcfs_scheduler.py']) {
      const r = await checkScheduler({ scheduler, batch: { queue: 'fcfs', backfill: 'easy', placement: 'first-fit' }, timeoutSeconds: 60 });
      expect(r.report).toMatch(/All 4 scenarios passed/);
    }
  }, 180_000); // a worker thread, then a Python process: slow to start on a loaded machine
});

/** The KTH SP2 log, read once for the tests below (each takes its first jobs and reads, never writes, them). */
let kth: Promise<Workload> | undefined;

async function kthHead(n: number): Promise<{ workload: Workload; cluster: ReturnType<typeof clusterFor> }> {
  const w = await (kth ??= loadWorkload('traces/samples/KTH-SP2-1996-2.1-cln.swf.gz'));
  const workload = { ...w, jobs: w.jobs.slice(0, n) };
  return { workload, cluster: clusterFor(w) };
}

describe('schedulers written by users', () => {
  it('the Python example (external protocol) gives the same start times as the built-in fcfs + none + first-fit', async () => {
    const { workload, cluster } = await kthHead(400);
    const builtin = runSimulation(workload, cluster, { ...DEFAULT_OPTIONS, backfill: 'none' });
    const external = runSimulation(workload, cluster, { ...DEFAULT_OPTIONS, policy: () => createExternalScheduler('examples/fcfs_scheduler.py', { timeoutSeconds: 20 }) });
    expect(external.policyName).toBe('fcfs-first-fit.py');
    expect(Array.from(external.result.start)).toEqual(Array.from(builtin.result.start));
    expect(external.metrics).toEqual(builtin.metrics);
  });

  it('a module scheduler runs in process through the same interface', async () => {
    const { workload, cluster } = await kthHead(200);
    const out = runSimulation(workload, cluster, { ...DEFAULT_OPTIONS, policy: await loadUserScheduler('examples/my-scheduler.ts') });
    expect(out.policyName).toMatch(/smallest-first/);
    expect(out.metrics.jobs_finished + out.metrics.jobs_rejected).toBe(200);
  });

  it.each([
    ['garbage', 20, /bad-garbage at t=\d+: external scheduler .* answered with something that is not JSON: "this is not json"/],
    ['exit', 20, /external scheduler .* exited \(code 3\); stderr: giving up/],
    // the hello may take a while on a loaded machine; the schedule message then never gets an answer
    ['sleep', 3, /external scheduler .* did not answer within 3 s/],
    ['unknown-node', 20, /names node "nowhere", which does not exist/],
  ] as const)('an external scheduler that %s ends the run with a message naming it', async (mode, timeoutSeconds, pattern) => {
    const { workload, cluster } = await kthHead(20);
    expect(() => runSimulation(workload, cluster, { ...DEFAULT_OPTIONS, policy: () => createExternalScheduler(`python3 ${F}/external-bad.py ${mode}`, { timeoutSeconds }) })).toThrow(pattern);
  });
});
