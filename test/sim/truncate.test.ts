import { describe, expect, it } from 'vitest';
import { truncate } from '../../sim/truncate.ts';

describe('truncate', () => {
  it('shortens an array to the given length, keeping the first elements, and never lengthens it', () => {
    const a = [5, 6, 7, 8];
    truncate(a, 2);
    expect(a).toEqual([5, 6]);
    truncate(a, 3);
    expect(a).toEqual([5, 6]);
    truncate(a, 0);
    expect(a).toEqual([]);
    a.push(9);
    expect(a).toEqual([9]);
  });
});
