/**
 * Names of the scheduler pieces, mapped to what they build. A wrong name fails
 * at load time with the list of valid ones.
 */
import { UsageError } from '../sim/errors.ts';
import type { SchedulingPolicy } from '../sim/policy.ts';
import { createConservative } from './backfill/conservative.ts';
import { easy } from './backfill/easy.ts';
import { none } from './backfill/none.ts';
import { createBatchScheduler } from './batch.ts';
import { fcfs } from './order/fcfs.ts';
import { ljf } from './order/ljf.ts';
import { priority } from './order/priority.ts';
import { sjf } from './order/sjf.ts';
import { unicep } from './order/unicep.ts';
import { wfp3 } from './order/wfp3.ts';
import { bestFit } from './placement/best-fit.ts';
import { firstFit } from './placement/first-fit.ts';
import { worstFit } from './placement/worst-fit.ts';
import type { BackfillPolicy, PlacementPolicy, QueueOrder } from './types.ts';

/** A registry entry: a one-line description and a factory (stateful pieces need a fresh instance per run). */
export interface Entry<T> {
  readonly description: string;
  create(): T;
}

export const queueOrders: ReadonlyMap<string, Entry<QueueOrder>> = new Map([
  ['fcfs', { description: 'first come, first served (submit time)', create: () => fcfs }],
  ['sjf', { description: 'shortest estimate first', create: () => sjf }],
  ['ljf', { description: 'largest job (task count) first', create: () => ljf }],
  ['priority', { description: 'highest job priority first', create: () => priority }],
  ['wfp3', { description: 'highest (wait/estimate)^3 x size first (Tang et al. 2009)', create: () => wfp3 }],
  ['unicep', { description: 'highest wait/(log2(size) x estimate) first (Tang et al. 2009)', create: () => unicep }],
]);

export const backfills: ReadonlyMap<string, Entry<BackfillPolicy>> = new Map([
  ['none', { description: 'strict queue order: stop at the first job that does not fit', create: () => none }],
  ['easy', { description: 'EASY: one reservation, for the head of the queue (Lifka 1995)', create: () => easy }],
  ['conservative', { description: 'a reservation for every queued job (Mu\'alem & Feitelson 2001)', create: () => createConservative() }],
]);

export const placements: ReadonlyMap<string, Entry<PlacementPolicy>> = new Map([
  ['first-fit', { description: 'lowest-numbered nodes first', create: () => firstFit }],
  ['best-fit', { description: 'the node left fullest first (packs)', create: () => bestFit }],
  ['worst-fit', { description: 'the node left emptiest first (spreads)', create: () => worstFit }],
]);

/** Looks up `name` in `registry`; a wrong name throws a UsageError listing the valid ones. */
export function lookup<T>(registry: ReadonlyMap<string, Entry<T>>, kind: string, name: string): T {
  const entry = registry.get(name);
  if (!entry) throw new UsageError(`unknown ${kind} ${JSON.stringify(name)}; valid: ${[...registry.keys()].join(', ')}`);
  return entry.create();
}

export interface BatchChoice {
  queue: string;
  backfill: string;
  placement: string;
}

export function createScheduler(choice: BatchChoice): SchedulingPolicy {
  return createBatchScheduler({
    order: lookup(queueOrders, 'queue order', choice.queue),
    backfill: lookup(backfills, 'backfill', choice.backfill),
    placement: lookup(placements, 'placement', choice.placement),
  });
}
