/** Reconciliation policies by name (`config.reconcile: {policy: ..., ...}` in a scenario). */
import { PolicyRegistry } from '../control/registry.ts';
import { eventDriven } from './event-driven.ts';
import { intervalReconcile } from './interval.ts';
import type { ReconcilePolicy } from './policy.ts';

export const reconcilePolicies = new PolicyRegistry<ReconcilePolicy>('reconcile').register(intervalReconcile).register(eventDriven);
