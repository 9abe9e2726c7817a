/**
 * The availability profile (schedulers/backfill/profile.ts, blocks of points
 * with per-block minimum, maximum and pending addition) against the flat
 * profile it replaced (test/reference/flat-profile.ts): after the same random
 * reservations, releases and advances, with enough points to span many blocks,
 * both give the same earliest fit for random requests, and a search bounded by
 * a limit finds what the flat one finds before that limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Profile } from '../../schedulers/backfill/profile.ts';
import { Profile as FlatProfile } from '../reference/flat-profile.ts';
import { ReleaseLog } from '../../schedulers/backfill/release-log.ts';

const op = fc.record({
  kind: fc.constantFrom('take', 'take', 'release', 'advance', 'query'),
  from: fc.integer({ min: 0, max: 400 }),
  length: fc.integer({ min: 1, max: 120 }),
  cpu: fc.integer({ min: 0, max: 6 }),
  memory: fc.integer({ min: 0, max: 4 }),
});

/** The first point before `limit` from which the request fits up to min(start + duration, limit), read off the flat profile. */
function boundedByHand(flat: FlatProfile, row: Float64Array, duration: number, limit: number): number {
  for (let k = 0; k < flat.size && flat.timeAt(k) < limit; k++) {
    const end = Math.min(flat.timeAt(k) + duration, limit);
    let fits = true;
    for (let m = k; m < flat.size && flat.timeAt(m) < end; m++) {
      for (let r = 0; r < row.length; r++) if (row[r]! > flat.freeAt(m, r) + 1e-9) fits = false;
    }
    if (fits) return flat.timeAt(k);
  }
  return limit;
}

describe('blocked profile', () => {
  it('answers as the flat profile after random changes (two resources, many blocks)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 300 }), (ops) => {
        const free = [8, 6];
        const ours = new Profile(0, free);
        const flat = new FlatProfile(0, free);
        const taken: [number, number, Float64Array][] = [];
        let now = 0;
        for (const o of ops) {
          const row = new Float64Array([o.cpu, o.memory]);
          const from = now + o.from;
          if (o.kind === 'take') {
            ours.change(from, from + o.length, row, 0, -1);
            flat.change(from, from + o.length, row, 0, -1);
            taken.push([from, from + o.length, row]);
          } else if (o.kind === 'release' && taken.length > 0) {
            const [a, b, r] = taken.splice(o.from % taken.length, 1)[0]!;
            ours.change(Math.max(now, a), b, r, 0, 1);
            flat.change(Math.max(now, a), b, r, 0, 1);
          } else if (o.kind === 'advance') {
            now += o.length;
            expect(ours.advance(now)).toBe(flat.advance(now));
          } else {
            const expected = flat.earliest(row, 0, o.length);
            expect(ours.earliest(row, 0, o.length)).toBe(expected);
            // Bounded: windows cut at the limit, starts before it (else the limit itself).
            const limit = now + o.from;
            expect(ours.earliest(row, 0, o.length, limit)).toBe(boundedByHand(flat, row, o.length, limit));
            for (let r = 0; r < 2; r++) expect(ours.freeAtStart(r)).toBe(flat.freeAt(0, r));
          }
        }
        // Released and taken amounts cancel: the merged profile holds only its steps.
        for (const [a, b, r] of taken) {
          ours.change(Math.max(now, a), b, r, 0, 1);
        }
        expect(ours.size).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('release log', () => {
  it('gives the latest end among the releases after the first k', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), (ends) => {
        const log = new ReleaseLog();
        for (const e of ends) log.add(e);
        for (let k = 0; k <= ends.length; k++) {
          let latest = -Infinity;
          for (let i = k; i < ends.length; i++) latest = Math.max(latest, ends[i]!);
          expect(log.latestEndSince(k)).toBe(latest);
        }
      }),
    );
  });
});
