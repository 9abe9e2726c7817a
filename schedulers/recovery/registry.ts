/** The recovery policies by name (`recovery: {policy: ..., ...}` in a scenario). */
import { PolicyRegistry } from '../control/registry.ts';
import { checkpointRestart } from './checkpoint-restart.ts';
import type { RecoveryPolicy } from './policy.ts';
import { reschedule } from './reschedule.ts';
import { restartInPlace } from './restart-in-place.ts';

export const recoveryPolicies = new PolicyRegistry<RecoveryPolicy>({ kind: 'recovery', label: 'recovery policy', chosenBy: 'a scenario\'s `recovery: {policy}`' }).register(reschedule).register(restartInPlace).register(checkpointRestart);
