import { describe, expect, it } from 'vitest';
import { JobTable, type SimJob } from '../../sim/jobs.ts';
import { MissCache } from '../../schedulers/miss-cache.ts';

const job = (id: string, tasks: number, cpu: number, memory: number, gpu?: { count: number; milli: number }): SimJob => ({
  id,
  submit: 0,
  tasks,
  request: gpu ? { cpu, memory, gpu: (gpu.count * gpu.milli) / 1000 } : { cpu, memory },
  runtime: 1,
  estimate: 1,
  ...(gpu ? { gpu } : {}),
});

const table = new JobTable(
  [
    job('miss', 2, 4, 100),
    job('bigger', 2, 4, 200),
    job('more-tasks', 3, 4, 100),
    job('less-cpu', 2, 3, 100),
    job('fewer-tasks', 1, 8, 800),
    job('gpu-miss', 1, 1, 10, { count: 1, milli: 500 }),
    job('gpu-bigger', 1, 1, 10, { count: 1, milli: 600 }),
    job('gpu-smaller', 1, 1, 10, { count: 1, milli: 400 }),
    job('no-shape', 1, 1, 10),
  ],
  ['cpu', 'memory', 'gpu'],
);
const index = (id: string) => table.ids.indexOf(id);

describe('MissCache', () => {
  const cases: [string, string, boolean][] = [
    ['miss', 'miss', true],
    ['miss', 'bigger', true],
    ['miss', 'more-tasks', true],
    ['miss', 'less-cpu', false],
    ['miss', 'fewer-tasks', false],
    ['gpu-miss', 'gpu-bigger', true],
    ['gpu-miss', 'gpu-smaller', false],
    ['gpu-miss', 'no-shape', false],
  ];
  for (const [miss, candidate, covered] of cases) {
    it(`a miss of ${miss} ${covered ? 'covers' : 'does not cover'} ${candidate}`, () => {
      const cache = new MissCache();
      cache.add(index(miss), table);
      expect(cache.covers(index(candidate), table)).toBe(covered);
      cache.clear();
      expect(cache.covers(index(candidate), table)).toBe(false);
    });
  }
});
