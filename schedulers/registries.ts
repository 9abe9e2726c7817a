/**
 * Every registry of pluggable pieces, in the order `clusterlab policies` and
 * docs/policies.md list them. A new registry belongs here: the listing and the
 * conformance tests (test/schedulers/conformance.test.ts) go over every entry
 * of every registry in this list.
 */
import { reconcilePolicies } from './config/registry.ts';
import type { PolicyRegistry } from './control/registry.ts';
import { deploymentStrategies } from './deployment/registry.ts';
import { failurePolicies } from './failures/registry.ts';
import { frameworkPlugins } from './framework/plugin-registry.ts';
import { recoveryPolicies } from './recovery/registry.ts';
import { backfills, placements, queueOrders } from './registry.ts';
import { expanders } from './scaling/expanders/registry.ts';
import { autoscalers } from './scaling/registry.ts';

export const REGISTRIES: readonly PolicyRegistry<unknown, any>[] = [
  queueOrders,
  backfills,
  placements,
  frameworkPlugins,
  failurePolicies,
  recoveryPolicies,
  autoscalers,
  expanders,
  deploymentStrategies,
  reconcilePolicies,
];
