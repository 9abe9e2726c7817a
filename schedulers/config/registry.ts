/** Reconciliation policies by name (`config.reconcile: {policy: ..., ...}` in a scenario). */
import { PolicyRegistry } from '../control/registry.ts';
import { eventDriven } from './event-driven.ts';
import { intervalReconcile } from './interval.ts';
import type { ReconcilePolicy } from './policy.ts';

export const reconcilePolicies = new PolicyRegistry<ReconcilePolicy>({ kind: 'reconcile', label: 'reconcile policy', chosenBy: 'a scenario\'s `config.reconcile: {policy}`' }).register(intervalReconcile).register(eventDriven);
