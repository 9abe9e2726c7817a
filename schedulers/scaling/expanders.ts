/**
 * Expanders of the cluster autoscaler: which node group grows when several
 * could host the unschedulable pods (cluster-autoscaler/expander). Ties are
 * broken by the `expander` random stream.
 *   least-waste  the group that leaves the least idle CPU and memory on the new
 *                nodes (mean of the two idle fractions), as upstream's waste score
 *   most-pods    the group whose new nodes would host the most pending pods
 *   priority     the group of highest `priority` (upstream reads a priority ConfigMap)
 *   random       any group that helps
 */
import type { Random } from '../../sim/rng.ts';

export interface ScaleUpOption {
  group: string;
  /** Nodes to add. */
  nodes: number;
  /** Pending pods the new nodes would host. */
  pods: number;
  /** Idle fraction of the new nodes' capacity once those pods are on them (mean over cpu and memory). */
  waste: number;
  priority: number;
}

export interface Expander {
  readonly name: string;
  choose(options: readonly ScaleUpOption[], random: Random): ScaleUpOption;
}

function best(options: readonly ScaleUpOption[], random: Random, score: (o: ScaleUpOption) => number): ScaleUpOption {
  let top = -Infinity;
  let ties: ScaleUpOption[] = [];
  for (const o of options) {
    const s = score(o);
    if (s > top + 1e-12) {
      top = s;
      ties = [o];
    } else if (Math.abs(s - top) <= 1e-12) ties.push(o);
  }
  return ties.length === 1 ? ties[0]! : ties[Math.floor(random() * ties.length)]!;
}

export const expanders: ReadonlyMap<string, Expander> = new Map<string, Expander>([
  ['least-waste', { name: 'least-waste', choose: (o, r) => best(o, r, (x) => -x.waste) }],
  ['most-pods', { name: 'most-pods', choose: (o, r) => best(o, r, (x) => x.pods) }],
  ['priority', { name: 'priority', choose: (o, r) => best(o, r, (x) => x.priority) }],
  ['random', { name: 'random', choose: (o, r) => best(o, r, () => 0) }],
]);
