/** The cluster autoscaler's expanders by name (`clusterAutoscaler.expander`). */
import type { Expander } from './expander.ts';
import { leastWaste } from './least-waste.ts';
import { mostPods } from './most-pods.ts';
import { priority } from './priority.ts';
import { random } from './random.ts';

export const expanders: ReadonlyMap<string, Expander> = new Map([leastWaste, mostPods, priority, random].map((e) => [e.name, e]));
export type { Expander, ScaleUpOption } from './expander.ts';
