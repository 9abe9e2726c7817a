/** random: any group that helps, drawn from the `expander` stream. */
import { best, type Expander } from './expander.ts';

export const random: Expander = { name: 'random', description: 'any group that helps, drawn from the expander stream', choose: (options, r) => best(options, r, () => 0) };
