/**
 * Hand-made scenarios with exactly known start times, worked out on paper
 * from the published definitions (comments give the reasoning).
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type JobRow } from '../helpers/scenario.ts';

interface Case {
  name: string;
  procs: number;
  queue?: string;
  backfill: string;
  overrun?: 'run' | 'cut';
  jobs: JobRow[];
  starts: Record<string, number>;
}

const cases: Case[] = [
  {
    name: 'fcfs without backfilling stops at the first job that does not fit',
    procs: 4,
    backfill: 'none',
    jobs: [
      { id: 'a', submit: 0, procs: 2, estimate: 10 },
      { id: 'b', submit: 1, procs: 4, estimate: 5 },
      { id: 'c', submit: 2, procs: 1, estimate: 1 }, // would fit at 2, but b is ahead
    ],
    starts: { a: 0, b: 10, c: 15 },
  },
  {
    name: 'fcfs: a job ending frees its processors for a job submitted at the same instant',
    procs: 2,
    backfill: 'none',
    jobs: [
      { id: 'a', submit: 0, procs: 2, estimate: 5 },
      { id: 'b', submit: 5, procs: 2, estimate: 5 },
    ],
    starts: { a: 0, b: 5 },
  },
  {
    name: 'fcfs: jobs submitted at the same time start in input order',
    procs: 1,
    backfill: 'none',
    jobs: [
      { id: 'x', submit: 0, procs: 1, estimate: 3 },
      { id: 'y', submit: 0, procs: 1, estimate: 1 },
      { id: 'z', submit: 0, procs: 1, estimate: 2 },
    ],
    starts: { x: 0, y: 3, z: 4 },
  },
  {
    name: 'easy backfills a job that ends before the shadow time, not one that would delay the head',
    procs: 4,
    backfill: 'easy',
    jobs: [
      { id: 'j1', submit: 0, procs: 2, estimate: 10 },
      { id: 'j2', submit: 1, procs: 4, estimate: 5 }, // head: shadow time 10, no extra processors
      { id: 'j3', submit: 2, procs: 2, estimate: 8 }, // 2 + 8 = 10 <= 10: backfilled (fits exactly in time)
      { id: 'j4', submit: 3, procs: 1, estimate: 20 }, // nothing free until 10, then the head runs
    ],
    starts: { j1: 0, j2: 10, j3: 2, j4: 15 },
  },
  {
    name: 'easy: a job one second too long is not backfilled',
    procs: 4,
    backfill: 'easy',
    jobs: [
      { id: 'j1', submit: 0, procs: 2, estimate: 10 },
      { id: 'j2', submit: 1, procs: 4, estimate: 5 },
      { id: 'j3', submit: 2, procs: 2, estimate: 9 }, // would end at 11 > shadow 10, and extra = 0
    ],
    starts: { j1: 0, j2: 10, j3: 15 },
  },
  {
    name: 'easy: a long job may use the extra processors, exactly as many as there are',
    procs: 6,
    backfill: 'easy',
    jobs: [
      { id: 'j1', submit: 0, procs: 4, estimate: 10 },
      { id: 'j2', submit: 1, procs: 4, estimate: 5 }, // head: at 10 six free, extra = 2
      { id: 'j3', submit: 2, procs: 2, estimate: 100 }, // long, but 2 <= extra: backfilled
      { id: 'j4', submit: 3, procs: 1, estimate: 100 }, // nothing free now
    ],
    starts: { j1: 0, j2: 10, j3: 2, j4: 15 },
  },
  {
    name: 'easy: the shadow time moves when a job ends early',
    procs: 4,
    backfill: 'easy',
    jobs: [
      { id: 'j1', submit: 0, procs: 3, estimate: 100, runtime: 50 },
      { id: 'j2', submit: 1, procs: 4, estimate: 10 }, // shadow 100 while j1 runs
      { id: 'j3', submit: 2, procs: 1, estimate: 60 }, // 62 <= 100: backfilled
      { id: 'j4', submit: 55, procs: 1, estimate: 5 }, // j1 ended at 50: shadow is now 62 (j3); 60 <= 62
    ],
    starts: { j1: 0, j2: 62, j3: 2, j4: 55 },
  },
  {
    name: 'easy with sjf order: the shortest estimate is the head',
    procs: 2,
    queue: 'sjf',
    backfill: 'easy',
    jobs: [
      { id: 'long', submit: 0, procs: 2, estimate: 100 },
      { id: 'b', submit: 1, procs: 2, estimate: 50 },
      { id: 'c', submit: 2, procs: 2, estimate: 20 }, // shorter than b: runs first at 100
    ],
    starts: { long: 0, c: 100, b: 120 },
  },
  {
    name: 'conservative: a job may not backfill if it delays any reservation, not only the first',
    procs: 4,
    backfill: 'conservative',
    jobs: [
      { id: 'j1', submit: 0, procs: 2, estimate: 10 },
      { id: 'j2', submit: 1, procs: 4, estimate: 10 }, // reserved at 10
      { id: 'j3', submit: 2, procs: 2, estimate: 10 }, // reserved at 20 (with j4's slot free after)
      { id: 'j4', submit: 3, procs: 2, estimate: 25 }, // fits now (2 free) but would run past 10 into j2: earliest is 20, next to j3
    ],
    starts: { j1: 0, j2: 10, j3: 20, j4: 20 },
  },
  {
    name: 'easy: the extra resources count every job expected to end at the shadow time',
    procs: 5,
    backfill: 'easy',
    jobs: [
      { id: 'j1', submit: 0, procs: 2, estimate: 10 },
      { id: 'j2', submit: 0, procs: 2, estimate: 10 },
      { id: 'j3', submit: 1, procs: 3, estimate: 5 }, // head: j1's end at 10 suffices, but j2 ends then too: extra = 5 - 3 = 2
      { id: 'j4', submit: 2, procs: 1, estimate: 100 }, // long, 1 <= extra: backfilled on the free processor
    ],
    starts: { j1: 0, j2: 0, j3: 10, j4: 2 },
  },
  {
    name: 'easy protects only the head: a backfilled job may delay the second queued job',
    procs: 4,
    backfill: 'easy',
    jobs: [
      { id: 'j1', submit: 0, procs: 3, estimate: 10 },
      { id: 'j2', submit: 1, procs: 2, estimate: 10 }, // head: shadow 10, extra 4 - 2 = 2
      { id: 'j3', submit: 2, procs: 4, estimate: 10 }, // second: no reservation under EASY
      { id: 'j4', submit: 3, procs: 1, estimate: 30 }, // ends at 33 > 10, but 1 <= extra: backfilled, delays j3 to 33
    ],
    starts: { j1: 0, j2: 10, j3: 33, j4: 3 },
  },
  {
    name: 'conservative protects every reservation: the same jobs, j4 waits for j3',
    procs: 4,
    backfill: 'conservative',
    jobs: [
      { id: 'j1', submit: 0, procs: 3, estimate: 10 },
      { id: 'j2', submit: 1, procs: 2, estimate: 10 }, // reserved at 10
      { id: 'j3', submit: 2, procs: 4, estimate: 10 }, // reserved at 20
      { id: 'j4', submit: 3, procs: 1, estimate: 30 }, // any start before 30 overlaps j3's reservation
    ],
    starts: { j1: 0, j2: 10, j3: 20, j4: 30 },
  },
  {
    name: 'conservative: reservations move earlier when a job ends early (compression)',
    procs: 4,
    backfill: 'conservative',
    jobs: [
      { id: 'j1', submit: 0, procs: 4, estimate: 100, runtime: 20 },
      { id: 'j2', submit: 1, procs: 2, estimate: 50 }, // reserved at 100
      { id: 'j3', submit: 2, procs: 2, estimate: 30 }, // reserved at 100 beside j2
    ],
    starts: { j1: 0, j2: 20, j3: 20 },
  },
  {
    name: 'conservative: a short job fills a hole before a reservation',
    procs: 4,
    backfill: 'conservative',
    jobs: [
      { id: 'j1', submit: 0, procs: 3, estimate: 10 },
      { id: 'j2', submit: 1, procs: 4, estimate: 10 }, // reserved at 10
      { id: 'j3', submit: 2, procs: 1, estimate: 8 }, // 2 + 8 = 10: fits in the hole exactly
      { id: 'j4', submit: 3, procs: 1, estimate: 8 }, // no processor free before 10; after j2, at 20
    ],
    starts: { j1: 0, j2: 10, j3: 2, j4: 20 },
  },
  {
    name: 'cut overrun: a job is killed at its estimate and frees its processors then',
    procs: 1,
    backfill: 'easy',
    overrun: 'cut',
    jobs: [
      { id: 'a', submit: 0, procs: 1, estimate: 10, runtime: 30 },
      { id: 'b', submit: 1, procs: 1, estimate: 5 },
    ],
    starts: { a: 0, b: 10 },
  },
  {
    name: 'run overrun: the job runs to its actual end; its expected end counts as now',
    procs: 2,
    backfill: 'easy',
    jobs: [
      { id: 'a', submit: 0, procs: 1, estimate: 10, runtime: 30 },
      { id: 'b', submit: 1, procs: 2, estimate: 5 }, // head; at 20 shadow = now (a overran)
      { id: 'c', submit: 20, procs: 1, estimate: 5 }, // ends at 25 > shadow 20, extra = 0: waits
    ],
    starts: { a: 0, b: 30, c: 35 },
  },
];

describe('batch schedulers: hand-made scenarios', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { starts } = runScenario(c.procs, c.jobs, { queue: c.queue, backfill: c.backfill, overrun: c.overrun });
      expect(starts).toEqual(c.starts);
    });
  }

  it('conservative explains a job started ahead of a waiting one as a backfill, with that job and its reservation', () => {
    const records: Record<string, unknown>[] = [];
    // The 'short job fills a hole' case: j3 starts at 2 while j2 (reserved at 10) waits.
    runScenario(4, [
      { id: 'j1', submit: 0, procs: 3, estimate: 10 },
      { id: 'j2', submit: 1, procs: 4, estimate: 10 },
      { id: 'j3', submit: 2, procs: 1, estimate: 8 },
      { id: 'j4', submit: 3, procs: 1, estimate: 8 },
    ], { backfill: 'conservative', explain: (r) => records.push(r) });
    const starts = records.filter((r) => r.decision === 'start' || r.decision === 'backfill').map((r) => [r.time, r.job, r.decision, r.blocked_head ?? null, r.shadow_time ?? null]);
    expect(starts).toEqual([
      [0, 'j1', 'start', null, null],
      [2, 'j3', 'backfill', 'j2', 10],
      [10, 'j2', 'start', null, null],
      [20, 'j4', 'start', null, null],
    ]);
    expect(records.find((r) => r.decision === 'backfill')!.reason).toBe('starts now without delaying any reservation');
  });

  it('cut overrun marks the job killed and its runtime is the estimate', () => {
    const { result } = runScenario(1, [{ id: 'a', submit: 0, procs: 1, estimate: 10, runtime: 30 }], { overrun: 'cut' });
    expect(result.state[0]).toBe(4);
    expect(result.end[0]).toBe(10);
  });

  it('rejects a job wider than the cluster with a reason, and runs the others', () => {
    const { result } = runScenario(2, [
      { id: 'wide', submit: 0, procs: 3, estimate: 10 },
      { id: 'ok', submit: 0, procs: 2, estimate: 10 },
    ]);
    expect(result.state[0]).toBe(5);
    expect(result.rejectReason.get(0)).toMatch(/holds at most 2/);
    expect(result.start[1]).toBe(0);
  });
});
