/** priority: the group of highest `priority` (upstream reads the priorities from a ConfigMap; here, from the node group). */
import { best, type Expander } from './expander.ts';

export const priority: Expander = { name: 'priority', description: 'the group of highest priority (upstream reads the priorities from a ConfigMap; here, from the node group)', choose: (options, random) => best(options, random, (o) => o.priority) };
