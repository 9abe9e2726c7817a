import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../sim/queue.ts';

function drain(q: EventQueue): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (q.size > 0) {
    const arg = q.pop();
    out.push([q.lastTime, q.lastClass, arg]);
  }
  return out;
}

describe('EventQueue', () => {
  it('orders by time, then class, then push order', () => {
    const q = new EventQueue(2);
    q.push(5, 1, 10);
    q.push(5, 0, 11);
    q.push(1, 2, 12);
    q.push(5, 1, 13);
    q.push(5, 0, 14);
    expect(drain(q)).toEqual([
      [1, 2, 12],
      [5, 0, 11],
      [5, 0, 14],
      [5, 1, 10],
      [5, 1, 13],
    ]);
  });

  it('peeks without removing and reports empty as Infinity / -1', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    expect(q.peekClass()).toBe(-1);
    q.push(3, 2, 0);
    expect(q.peekTime()).toBe(3);
    expect(q.peekClass()).toBe(2);
    expect(q.size).toBe(1);
    expect(() => new EventQueue().pop()).toThrow(/empty/);
    // Empty again, by the last pop or by clear: the root's time is kept at Infinity for peekTime.
    q.pop();
    expect(q.peekTime()).toBe(Infinity);
    expect(q.peekClass()).toBe(-1);
    q.push(7, 0, 1);
    q.push(8, 0, 2);
    q.clear();
    expect(q.peekTime()).toBe(Infinity);
    q.push(9, 1, 3);
    expect(q.peekTime()).toBe(9);
  });

  it('refuses non-finite times', () => {
    expect(() => new EventQueue().push(NaN, 0, 0)).toThrow(RangeError);
    expect(() => new EventQueue().push(Infinity, 0, 0)).toThrow(RangeError);
  });

  it('pops in the same order as a stable sort by (time, class), for any pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 300 }), (events) => {
        const q = new EventQueue(1);
        events.forEach(([t, c], i) => q.push(t, c, i));
        const expected = events
          .map(([t, c], i) => [t, c, i] as [number, number, number])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
        expect(drain(q)).toEqual(expected);
      }),
    );
  });

  it('interleaves pushes and pops correctly (hold model)', () => {
    const q = new EventQueue(4);
    let x = 12345;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 1000; i++) q.push(rand() * 100, 0, i);
    let last = -Infinity;
    for (let i = 0; i < 10000; i++) {
      q.pop();
      expect(q.lastTime).toBeGreaterThanOrEqual(last);
      last = q.lastTime;
      q.push(last + rand() * 100, 0, i);
    }
    expect(q.size).toBe(1000);
  });
});
