/** The `nodes` column of jobs.csv: compact node ranges, and the nodes each job really ran on. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nodeRanges, parseNodeRanges } from '../../experiments/results/job-nodes.ts';
import { jobsCsvText, jobsHeader } from '../../experiments/run/results.ts';
import { runSimulation, DEFAULT_OPTIONS } from '../../experiments/run/simulate.ts';
import { parseSwf, processorCluster } from '../../traces/swf.ts';

describe('node ranges', () => {
  it('compresses consecutive indexes and sorts', () => {
    expect(nodeRanges([7, 3, 4, 5, 9])).toBe('3-5 7 9');
    expect(nodeRanges([0])).toBe('0');
    expect(nodeRanges(Int32Array.from([2, 1]))).toBe('1-2');
    // Only the first n entries: a placement block holds counts after the nodes.
    expect(nodeRanges(Int32Array.from([5, 4, 9, 1, 1]), 3)).toBe('4-5 9');
    expect(nodeRanges(Int32Array.from([4, 5, 6, 7]), 2)).toBe('4-5');
  });

  it('parses back to the sorted set (short lists sorted by insertion, long ones by the typed-array sort)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 300 }), (xs) => {
        expect(parseNodeRanges(nodeRanges(xs))).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });
});

describe('jobs.csv nodes column', () => {
  it('lists as many single-processor nodes as the job has tasks, and no node holds two jobs at once', () => {
    // 4 processors: job 1 takes 3, job 2 (2 procs) must wait for it, job 3 (1 proc) backfills beside job 1.
    const swf = [
      '; MaxProcs: 4',
      '1 0 -1 100 3 -1 -1 3 100 -1 1 1 1 -1 -1 -1 -1 -1',
      '2 1 -1 50 2 -1 -1 2 50 -1 1 2 1 -1 -1 -1 -1 -1',
      '3 2 -1 10 1 -1 -1 1 10 -1 1 3 1 -1 -1 -1 -1 -1',
    ].join('\n');
    const workload = parseSwf(swf);
    const out = runSimulation(workload, processorCluster(4, 1), { ...DEFAULT_OPTIONS });
    const header = jobsHeader(['cpu']).trim().split(',');
    expect(header.at(-1)).toBe('nodes');
    const rows = jobsCsvText(out).trim().split('\n').slice(1).map((line) => line.trim().split(','));
    const col = (name: string) => header.indexOf(name);
    const busy = new Map<number, [number, number][]>();
    for (const row of rows) {
      const nodes = parseNodeRanges(row[col('nodes')]!);
      expect(nodes.length).toBe(Number(row[col('tasks')]));
      for (const n of nodes) {
        const span: [number, number] = [Number(row[col('start')]), Number(row[col('end')])];
        for (const [a, b] of busy.get(n) ?? []) expect(span[0] >= b || span[1] <= a).toBe(true);
        busy.set(n, [...(busy.get(n) ?? []), span]);
      }
    }
    expect(rows.map((r) => r[col('nodes')])).toEqual(['0-2', '0-1', '3']);
  });
});
