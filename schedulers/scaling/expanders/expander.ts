/**
 * Expanders of the cluster autoscaler: which node group grows when several
 * could host the unschedulable pods (cluster-autoscaler/expander). Ties are
 * broken by the `expander` random stream, so they do not depend on map order.
 */
import type { Random } from '../../../sim/rng.ts';

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
  /** One line, for `clusterlab policies`. */
  readonly description: string;
  choose(options: readonly ScaleUpOption[], random: Random): ScaleUpOption;
}

/** The option of highest score; ties drawn from the stream. */
export function best(options: readonly ScaleUpOption[], random: Random, score: (o: ScaleUpOption) => number): ScaleUpOption {
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
