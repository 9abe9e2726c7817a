/**
 * The queue of a dynamic or progressive order (batch-queue.ts, order/key-sort.ts)
 * moves only the jobs whose key changed instead of sorting the whole queue. It
 * must give exactly the order of a full sort by (key, submit, input index): the
 * queue is driven here as the batch scheduler drives it (arrivals, requeues,
 * jobs leaving from anywhere, keys that change between passes and after every
 * start) and compared with a full sort after every step, on random workloads
 * with many owners, tied keys and tied submit times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobTable, type SimJob } from '../../sim/jobs.ts';
import { JobState, type SchedulingContext } from '../../sim/policy.ts';
import { BatchQueue } from '../../schedulers/batch-queue.ts';
import { KeySort } from '../../schedulers/order/key-sort.ts';
import type { QueueOrder } from '../../schedulers/types.ts';

const job = (i: number, submit: number, owner: number): SimJob => ({ id: `j${i}`, submit, tasks: 1 + (i % 3), request: { cpu: 1 }, runtime: 1, estimate: 1 + (owner % 4), user: `u${owner}` });

/** One pass: jobs that arrive, leave and are requeued before it, key changes, and the queue positions it starts. */
const pass = fc.record({
  arrive: fc.integer({ min: 0, max: 30 }),
  append: fc.integer({ min: 0, max: 3 }),
  leave: fc.array(fc.nat(), { maxLength: 4 }),
  requeue: fc.array(fc.nat(), { maxLength: 2 }),
  shares: fc.array(fc.record({ owner: fc.nat(), share: fc.constantFrom(0, 0.25, 0.25, 0.5, 1) }), { maxLength: 4 }),
  dt: fc.constantFrom(0, 1, 5, 50),
  // Gaps between the positions it starts (mostly forward, as the backfill goes; negative: back).
  starts: fc.array(fc.integer({ min: -2, max: 6 }), { maxLength: 8 }),
  // How the started job's owner's key moves (DRF's only grows; a progressive order's may fall).
  growth: fc.array(fc.constantFrom(0, 0.25, 0.5, -0.25), { maxLength: 8 }),
});

const workload = fc.record({
  owners: fc.integer({ min: 1, max: 12 }),
  submits: fc.array(fc.constantFrom(0, 0, 1, 2, 7), { minLength: 5, maxLength: 120, size: 'max' }),
  passes: fc.array(pass, { minLength: 1, maxLength: 15 }),
  kind: fc.constantFrom<'shares' | 'aging'>('shares', 'aging'),
});

interface Model {
  order: QueueOrder;
  shares: number[];
  owner: (j: number) => number;
  now: number;
}

/** A DRF-like order (a key per owner, changed by starts) or an aging one (wfp3-like: every key moves with the clock, with ties). */
function model(kind: 'shares' | 'aging', owners: number): Model {
  const shares = new Array<number>(owners).fill(0);
  const owner = (j: number) => (j * 7) % owners;
  const order: QueueOrder =
    kind === 'shares'
      ? { name: 'shares', dynamic: true, progressive: true, key: (j) => shares[owner(j)]! }
      : { name: 'aging', dynamic: true, key: (j, jobs, now) => -Math.floor((now - jobs.submit[j]!) / 4) * (1 + (owner(j) % 3)) };
  return { order, shares, owner, now: 0 };
}

/** The jobs of `list` in queue order by a full sort of their keys now. */
function fullSort(list: readonly number[], m: Model, jobs: JobTable): number[] {
  const key = (j: number) => m.order.key(j, jobs, m.now);
  return [...list].sort((a, b) => key(a) - key(b) || jobs.submit[a]! - jobs.submit[b]! || a - b);
}

describe('the queue of a dynamic or progressive order', () => {
  it('is in the order of a full sort after every merge and after every start', () => {
    fc.assert(
      fc.property(workload, ({ owners, submits, passes, kind }) => {
        const jobs = new JobTable(submits.map((s, i) => job(i, s, (i * 7) % owners)), ['cpu']);
        const m = model(kind, owners);
        const state: number[] = [];
        const ctx = { state: (j: number) => state[j]! } as unknown as SchedulingContext;
        const queue = new BatchQueue(m.order);
        let next = 0;
        for (const p of passes) {
          m.now += p.dt;
          for (let k = 0; k < p.append; k++) jobs.append(job(jobs.count, Math.max(0, m.now - (k % 3)), (jobs.count * 7) % owners));
          const queued = () => Array.from({ length: next }, (_, j) => j).filter((j) => state[j] === JobState.Queued);
          // Jobs leave from anywhere in the queue (rejected, failed); started ones come back (requeued).
          for (const x of p.leave) {
            const q = queued();
            if (q.length > 0) state[q[x % q.length]!] = JobState.Rejected;
          }
          for (let k = 0; k < p.arrive && next < jobs.count; k++, next++) {
            state[next] = JobState.Queued;
            queue.arrive(next);
          }
          for (const x of p.requeue) {
            const started = Array.from({ length: next }, (_, j) => j).filter((j) => state[j] === JobState.Running);
            if (started.length === 0) continue;
            const j = started[x % started.length]!;
            state[j] = JobState.Queued;
            queue.requeue(j);
          }
          for (const s of p.shares) m.shares[s.owner % owners] = s.share;
          queue.removeLeft(ctx, queue.held - queued().length);
          queue.merge(jobs, m.now);
          queue.clearArrivals();
          expect(queue.ordered).toEqual(fullSort(queued(), m, jobs));
          // Starts within the pass, each followed by the re-sort of the jobs behind it (progressive orders).
          if (!m.order.progressive) continue;
          let i = -1;
          p.starts.forEach((gap, s) => {
            i = Math.max(0, Math.min(queue.ordered.length - 1, i + gap));
            const j = queue.ordered[i];
            if (j === undefined || state[j] !== JobState.Queued) return;
            state[j] = JobState.Running;
            m.shares[m.owner(j)]! += p.growth[s] ?? 0.25;
            queue.resortAfter(i, jobs, m.now);
            const rest = queue.ordered.slice(i + 1);
            expect(rest).toEqual(fullSort(rest, m, jobs));
          });
        }
      }),
      { numRuns: 400 },
    );
  });

  // Many keys changed at once and far (the insertion sort gives up and the built-in sort finishes).
  it('re-sorts a list whose keys all changed, from any position', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ submit: fc.constantFrom(0, 1, 2), before: fc.integer({ min: 0, max: 9 }), after: fc.integer({ min: 0, max: 9 }), changed: fc.boolean() }), { minLength: 1, maxLength: 300, size: 'max' }),
        fc.nat(),
        (rows, at) => {
          const jobs = new JobTable(rows.map((r, i) => job(i, r.submit, 0)), ['cpu']);
          let keys = rows.map((r) => r.before);
          const order: QueueOrder = { name: 'table', dynamic: true, key: (j) => keys[j]! };
          const m: Model = { order, shares: [], owner: () => 0, now: 0 };
          const list = rows.map((_, j) => j);
          const sort = new KeySort(order);
          sort.resort(list, 0, list.length, jobs, 0);
          expect(list).toEqual(fullSort(list, m, jobs));
          keys = rows.map((r, j) => (r.changed ? r.after : keys[j]!));
          const from = at % list.length;
          sort.resort(list, from, 0, jobs, 0);
          expect(list.slice(from)).toEqual(fullSort(list.slice(from), m, jobs));
        },
      ),
      { numRuns: 300 },
    );
  });
});
