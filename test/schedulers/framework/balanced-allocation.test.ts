import { describe, expect, it } from 'vitest';
import { balancedResourceScorer, createBalancedAllocation } from '../../../schedulers/framework/plugins/balanced-allocation.ts';
import { world } from './world.ts';

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    // fractions 0.75 and 0.5 → std 0.125 → 87.5 → 87
    [[3000, 5000], [4000, 10000], 87],
    [[2000, 5000], [4000, 10000], 100],
    // over-requested fractions are capped at 1: 1 and 0.5 → 75
    [[9000, 5000], [4000, 10000], 75],
    // three resources: 0.5, 0.25, 1 → mean 7/12, population std 0.3118 → 68
    [[1, 1, 4], [2, 4, 4], 68],
    // one resource: std 0
    [[1, 0], [2, 0], 100],
  ] as const)('requested %j of %j → %d', (req, alloc, expected) => {
    expect(balancedResourceScorer(req, alloc)).toBe(expected);
  });

  it('uses actual requests (not the non-zero defaults), pod included, and skips best-effort pods', () => {
    const w = world(
      [{ id: 'n1', capacity: { cpu: 4, memory: 10000 } }],
      [
        { id: 'a', request: { cpu: 3, memory: 5000 } },
        { id: 'empty', request: {} },
        { id: 'x', request: { cpu: 1 } },
      ],
    );
    const ba = createBalancedAllocation(w.handle);
    const st = w.state();
    expect(ba.preScore(st, w.pod('a'), [0]).code).toBe('Success');
    expect(ba.score(st, w.pod('a'), 0)).toBe(87);
    expect(ba.preScore(w.state(), w.pod('empty'), [0]).code).toBe('Skip');
    // a best-effort pod on the node adds nothing: x alone is cpu 0.25, memory 0 → 87
    w.run('empty', 'n1');
    const st2 = w.state();
    ba.preScore(st2, w.pod('x'), [0]);
    expect(ba.score(st2, w.pod('x'), 0)).toBe(87);
  });
});
