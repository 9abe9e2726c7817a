/** The failure policies by name (`failures: [{policy: ..., ...}]` in a scenario). */
import { PolicyRegistry } from '../control/registry.ts';
import { correlatedFailures } from './correlated.ts';
import { maintenance } from './maintenance.ts';
import { nodeFailures } from './node-failures.ts';
import { outage } from './outage.ts';
import type { FailureArgs, FailurePolicy } from './policy.ts';
import { taskFailures } from './task-failures.ts';
import { traceReplay } from './trace-replay.ts';

export const failurePolicies = new PolicyRegistry<FailurePolicy, FailureArgs>({ kind: 'failure', label: 'failure policy', chosenBy: 'a scenario\'s `failures: [{policy}]`' })
  .register(nodeFailures)
  .register(correlatedFailures)
  .register(outage)
  .register(traceReplay)
  .register(maintenance)
  .register(taskFailures);
