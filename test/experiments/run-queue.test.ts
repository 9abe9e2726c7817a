/** Which run a free worker of the pool gets next (experiments/study/run-queue.ts). */
import { describe, expect, it } from 'vitest';
import { RunQueue } from '../../experiments/study/run-queue.ts';
import type { RunSpec } from '../../experiments/study/run-one.ts';

const run = (workload: string, variant: string, seed: number) => ({ run_id: `${workload}.${variant}.s${seed}`, variant, seed, workload }) as unknown as RunSpec & { workload: string };
const key = (spec: RunSpec) => (spec as RunSpec & { workload: string }).workload;
const study = (workloads: string[], variants: string[], seeds: number) =>
  workloads.flatMap((w) => variants.flatMap((v) => Array.from({ length: seeds }, (_, s) => run(w, v, s + 1))));

/** Hands out every run to workers taking turns as listed in `turns` (worker indexes); returns each worker's runs. */
function drain(queue: RunQueue, turns: number[], workers: number): string[][] {
  const got: string[][] = Array.from({ length: workers }, () => []);
  const last: (RunSpec | null)[] = Array(workers).fill(null);
  for (let t = 0; ; t++) {
    const w = turns[t % turns.length]!;
    const spec = queue.next(w, last[w]!);
    if (!spec) break;
    last[w] = spec;
    got[w]!.push(spec.run_id);
  }
  return got;
}

describe('RunQueue', () => {
  it('hands every run out exactly once', () => {
    const specs = study(['a', 'b'], ['fcfs', 'easy', 'cons'], 3);
    const got = drain(new RunQueue(specs, key, 3), [0, 1, 2, 2, 1], 3);
    expect(got.flat().sort()).toEqual(specs.map((s) => s.run_id).sort());
  });

  it('starts the workers spread over the variants, and keeps each to its variant while it lasts', () => {
    const specs = study(['kth'], ['fcfs', 'easy', 'cons', 'sjf'], 3);
    const got = drain(new RunQueue(specs, key, 2), [0, 1], 2);
    expect(got[0]!.slice(0, 3)).toEqual(['kth.fcfs.s1', 'kth.fcfs.s2', 'kth.fcfs.s3']);
    expect(got[1]!.slice(0, 3)).toEqual(['kth.cons.s1', 'kth.cons.s2', 'kth.cons.s3']);
    // Then each takes the next variant in order: easy, and sjf after it.
    expect(got[0]![3]).toBe('kth.easy.s1');
    expect(got[1]![3]).toBe('kth.easy.s2');
  });

  it('keeps a worker to the workload it read last', () => {
    const specs = study(['a', 'b'], ['v'], 4);
    const queue = new RunQueue(specs, key, 2);
    const first = queue.next(0, null)!;
    expect(first.run_id).toBe('a.v.s1');
    const b = queue.next(1, specs.find((s) => s.run_id === 'b.v.s4')!)!; // a worker that read b last
    expect(b.run_id).toBe('b.v.s1');
    expect(queue.next(0, first)!.run_id).toBe('a.v.s2');
  });

  it('with one worker, gives the runs in the given order', () => {
    const specs = study(['a', 'b'], ['x', 'y'], 2);
    expect(drain(new RunQueue(specs, key, 1), [0], 1)[0]).toEqual(specs.map((s) => s.run_id));
  });
});
