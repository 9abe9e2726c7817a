/** most-pods: the group whose new nodes would host the most pending pods. */
import { best, type Expander } from './expander.ts';

export const mostPods: Expander = { name: 'most-pods', description: 'the group whose new nodes would host the most pending pods', choose: (options, random) => best(options, random, (o) => o.pods) };
