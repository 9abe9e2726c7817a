/**
 * The runs a pool has yet to hand out, and which one a free worker gets next.
 *
 * A worker keeps to the workload it read last (its cache: reading a large
 * trace costs more than a run), and within it to the variant it ran last (the
 * code its JIT has compiled: a worker's first run of a variant is the slow
 * one, 0.30 s against 0.17 s for later KTH runs). Workers start spread over a
 * workload's variants, so each compiles the code of fewer of them: on the
 * 40-run KTH bench study, 2 workers took 3.8-4.1 s against 3.95-4.5 s when
 * both started on the first variant. Otherwise runs go in the given order.
 * The order runs end in varies anyway; results are keyed by run id.
 */
import type { RunSpec } from './run-one.ts';

export class RunQueue {
  /** Pending runs by workload key, then by variant; both in the given order. */
  private readonly groups = new Map<string, Map<string, RunSpec[]>>();

  constructor(
    specs: readonly RunSpec[],
    private readonly key: (spec: RunSpec) => string,
    private readonly workers: number,
  ) {
    for (const spec of specs) {
      const k = key(spec);
      let byVariant = this.groups.get(k);
      if (!byVariant) this.groups.set(k, (byVariant = new Map()));
      let runs = byVariant.get(spec.variant);
      if (!runs) byVariant.set(spec.variant, (runs = []));
      runs.push(spec);
    }
  }

  /** The next run for `worker` (0-based), given the run it did last (null for its first); null when none is left. */
  next(worker: number, last: RunSpec | null): RunSpec | null {
    const lastKey = last ? this.key(last) : null;
    const k = lastKey !== null && this.groups.has(lastKey) ? lastKey : this.groups.keys().next().value;
    if (k === undefined) return null;
    const byVariant = this.groups.get(k)!;
    let variant = last && lastKey === k && byVariant.has(last.variant) ? last.variant : undefined;
    if (variant === undefined) {
      const names = [...byVariant.keys()];
      // A first run starts the workers spread over the variants; later, the next variant in order.
      variant = names[last === null ? Math.floor((worker * names.length) / this.workers) : 0]!;
    }
    const runs = byVariant.get(variant)!;
    const spec = runs.shift()!;
    if (runs.length === 0) byVariant.delete(variant);
    if (byVariant.size === 0) this.groups.delete(k);
    return spec;
  }
}
