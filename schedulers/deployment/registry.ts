/** Deployment strategies by name (`deployment: {policy: ..., ...}` on a service). */
import { PolicyRegistry } from '../control/registry.ts';
import { blueGreen } from './blue-green.ts';
import { canary } from './canary.ts';
import type { DeploymentStrategy } from './policy.ts';
import { rollingUpdate } from './rolling-update.ts';

export const deploymentStrategies = new PolicyRegistry<DeploymentStrategy>({ kind: 'deployment', label: 'deployment strategy', chosenBy: 'a service\'s `deployment: {policy}`' }).register(rollingUpdate).register(canary).register(blueGreen);
