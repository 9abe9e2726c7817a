/**
 * Conservative backfilling starts a job at its reservation even when nothing else happens at
 * that instant. A reservation can fall after the planned end of a job that overran its
 * estimate: the end the profile assumed never comes as an event, so without a wake-up asked
 * of the engine the job waited for the next event (here the overrunning job's real end).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../helpers/scenario.ts';

describe('conservative backfilling wakes at a reservation where no event falls', () => {
  it('starts the job at its reservation, not at the next event', () => {
    const records: Record<string, unknown>[] = [];
    const { starts } = runScenario(
      4,
      [
        { id: 'a', submit: 0, procs: 2, estimate: 10, runtime: 30 }, // planned to end at 10, runs until 30
        { id: 'b', submit: 0, procs: 4, estimate: 5 }, // reserved [10, 15): needs a's processors
        { id: 'c', submit: 1, procs: 2, estimate: 100 }, // reserved at 15, after b's slot; 2 processors are free then
      ],
      { backfill: 'conservative', explain: (r) => records.push(r) },
    );
    const reservations = records.filter((r) => r.job === 'c' && r.decision === 'reserve').map((r) => [r.time, r.start]);
    expect(reservations[0]).toEqual([1, 15]);
    // Before the wake-up, nothing happened at 15 and c started when a ended, at 30.
    expect(starts.c).toBe(15);
    // At 15, b's reservation has passed without a start (a still holds its processors): counted
    // from now it overlaps c's, and the compression in queue order moves b behind c.
    expect(starts).toEqual({ a: 0, b: 115, c: 15 });
  });
});
