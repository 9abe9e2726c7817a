/**
 * Workload functions at the sizes that used to overflow the stack: each of these spread
 * an input-sized array into a call (`jobs.push(...)`, `Math.max(...)`), which throws
 * `RangeError: Maximum call stack size exceeded` past about 10^5 elements.
 */
import { describe, expect, it } from 'vitest';
import { generateWorkload } from '../../workloads/generate.ts';
import { GeneratorSpecSchema } from '../../workloads/spec.ts';
import { compileRate, PiecewiseCurveSchema, RateCurveSchema } from '../../workloads/rate-curve.ts';
import { formatTable } from '../../experiments/results/table.ts';

const N = 200_000;
/** Rates 0..N-1 in a scrambled order, the largest in the middle. */
const rates = Array.from({ length: N }, (_, i) => (i * 7919) % N);

describe('research-scale inputs', () => {
  it('generates 300,000 jobs (the size of the report: `workload generate` with count 300000)', () => {
    const spec = GeneratorSpecSchema.parse({
      machine: { nodes: 64 },
      jobs: { model: 'independent', count: 300_000, arrivals: { process: 'poisson', rate: 0.01 }, tasks: { distribution: 'pow2', min: 1, max: 64 }, runtime: { distribution: 'lognormal', mu: 6, sigma: 1.2 } },
    });
    const w = generateWorkload(spec, 1);
    expect(w.jobs.length).toBe(300_000);
    expect(w.jobs[0]!.id).toBe('1');
    expect(w.jobs[299_999]!.id).toBe('300000');
  });

  it('a steps rate curve of 200,000 rates has the largest as its max', () => {
    const f = compileRate(RateCurveSchema.parse({ kind: 'steps', step: 60, rates }));
    expect(f.max).toBe(N - 1);
  });

  it('a piecewise curve of 200,000 points: the compiled max', () => {
    const curve = PiecewiseCurveSchema.parse({ kind: 'piecewise', points: rates.map((r, i) => [i, r]) });
    expect(compileRate(curve).max).toBe(N - 1);
  });

  it('a terminal table of 200,000 rows is as wide as its widest cell', () => {
    const rows = rates.map((r) => [String(r), 'x']);
    const text = formatTable(['n', 'v'], rows);
    expect(text.split('\n')[1]).toBe(`${'-'.repeat(String(N - 1).length)}  -`);
  });
});
