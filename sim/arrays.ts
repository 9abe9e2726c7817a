/**
 * Array helpers that work at any length. Spreading an array into a call
 * (`xs.push(...ys)`, `Math.max(...ys)`) passes every element as an argument, and V8
 * throws `RangeError: Maximum call stack size exceeded` past roughly 10^5 of them, so
 * input-sized arrays go through these loops instead (test/lint/no-spread-args.test.ts
 * keeps new spreads out).
 */

type TypedArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/**
 * A copy of `a` of length `size`: a's elements, then `fill` (0 when not given). How the
 * columns of the engine, the cluster, the job table and the policies grow.
 */
export function grown<T extends TypedArray>(a: T, size: number, fill?: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  if (fill !== undefined && fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Appends every element of `source` to `target` (what `target.push(...source)` does), in order. */
export function appendAll<T>(target: T[], source: Iterable<T>): T[] {
  for (const x of source) target.push(x);
  return target;
}

/** `Math.max(...values)` without the spread: -Infinity when empty, NaN if any value is NaN. */
export function maxOf(values: Iterable<number>): number {
  let m = -Infinity;
  for (const v of values) m = Math.max(m, v);
  return m;
}

/** `Math.min(...values)` without the spread: Infinity when empty, NaN if any value is NaN. */
export function minOf(values: Iterable<number>): number {
  let m = Infinity;
  for (const v of values) m = Math.min(m, v);
  return m;
}
