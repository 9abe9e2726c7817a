/** The cluster autoscaler's expanders by name (`clusterAutoscaler.expander`). */
import { NO_PARAMS, PolicyRegistry } from '../../control/registry.ts';
import type { Expander } from './expander.ts';
import { leastWaste } from './least-waste.ts';
import { mostPods } from './most-pods.ts';
import { priority } from './priority.ts';
import { random } from './random.ts';

export const expanders = new PolicyRegistry<Expander>({ kind: 'expander', label: 'expander', chosenBy: 'a scenario\'s `clusterAutoscaler.expander`' });
// Expanders keep no state and take no parameters: each entry hands out its one object.
for (const e of [leastWaste, mostPods, priority, random]) expanders.register({ name: e.name, description: e.description, params: NO_PARAMS, create: () => e });

export type { Expander, ScaleUpOption } from './expander.ts';
