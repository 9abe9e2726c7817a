/** least-waste: the group whose new nodes would leave the least idle cpu and memory (upstream's waste score). */
import { best, type Expander } from './expander.ts';

export const leastWaste: Expander = { name: 'least-waste', description: "the group whose new nodes would leave the least idle cpu and memory (upstream's waste score)", choose: (options, random) => best(options, random, (o) => -o.waste) };
