/**
 * The cluster autoscaler's simulations of placement (cluster-autoscaler.ts):
 * first fit of pods' tasks onto free-resource vectors, as upstream estimates
 * with its cluster snapshot and binpacking estimator. Scale-up packs pending
 * pods onto nodes being provisioned and onto new nodes of a group's shape;
 * scale-down asks which nodes pending pods would take and whether a node's
 * replicas fit on the other nodes. Nothing here changes the cluster.
 */
import type { ControlContext } from '../../sim/controller.ts';
import { EPSILON } from '../../sim/cluster.ts';
import { JobState } from '../../sim/policy.ts';
import type { World } from '../control/world.ts';

/**
 * Nodes pending pods would be placed on now (first fit of every task of every
 * queued job on the ready, uncordoned nodes' free amounts, reserving as it
 * goes): upstream's FilterOutSchedulable, which puts them in the snapshot.
 */
export function nodesTakingPendingPods(ctx: ControlContext, world: World): Set<number> {
  const { cluster, jobs } = ctx;
  const R = cluster.resources.length;
  const taken = new Set<number>();
  const queued = ctx.queued();
  if (queued.length === 0) return taken;
  const free: { node: number; free: Float64Array }[] = [];
  for (const n of world.nodes) {
    if (!world.isReady(n) || n.cordon !== 0) continue;
    const f = new Float64Array(R);
    for (let r = 0; r < R; r++) f[r] = cluster.freeOf(n.index, r);
    free.push({ node: n.index, free: f });
  }
  for (const j of queued) {
    if (ctx.state(j) !== JobState.Queued) continue;
    const req = jobs.requestOf(j);
    for (let t = 0; t < jobs.tasks[j]!; t++) {
      const bin = free.find((b) => fits(b.free, req, R));
      if (!bin) break;
      for (let r = 0; r < R; r++) bin.free[r]! -= req[r]!;
      taken.add(bin.node);
    }
  }
  return taken;
}

/** Whether every job can be placed on ready, uncordoned nodes other than `excluded`, reserving as it goes. */
export function fitsElsewhere(ctx: ControlContext, world: World, jobs: readonly number[], excluded: ReadonlySet<number>): boolean {
  const { cluster, jobs: table } = ctx;
  const R = cluster.resources.length;
  const free: Float64Array[] = [];
  for (const n of world.nodes) {
    if (excluded.has(n.index) || !world.isReady(n) || n.cordon !== 0) continue;
    const f = new Float64Array(R);
    for (let r = 0; r < R; r++) f[r] = cluster.freeOf(n.index, r);
    free.push(f);
  }
  for (const j of jobs) if (!packInto(free, table.requestOf(j), table.tasks[j]!, R, 0)) return false;
  return true;
}

export function capacityVector(capacity: Readonly<Record<string, number>>, resources: readonly string[]): Float64Array {
  return Float64Array.from(resources, (r) => capacity[r] ?? 0);
}

export function fits(free: Float64Array, req: ArrayLike<number>, R: number): boolean {
  for (let r = 0; r < R; r++) if (req[r]! > free[r]! + EPSILON) return false;
  return true;
}

/**
 * First fit of `tasks` tasks of `req` into the free vectors of `bins` (changed in
 * place), opening new bins of `template` while fewer than `open` were opened;
 * returns whether every task found room (bins may be partly changed when not).
 */
export function packInto(bins: Float64Array[], req: ArrayLike<number>, tasks: number, R: number, open: number, template?: Float64Array): boolean {
  let opened = 0;
  for (let t = 0; t < tasks; t++) {
    let placed = false;
    for (const b of bins) {
      if (fits(b, req, R)) {
        for (let r = 0; r < R; r++) b[r]! -= req[r]!;
        placed = true;
        break;
      }
    }
    if (!placed && template && opened < open && fits(template, req, R)) {
      const b = Float64Array.from(template);
      for (let r = 0; r < R; r++) b[r]! -= req[r]!;
      bins.push(b);
      opened++;
      placed = true;
    }
    if (!placed) return false;
  }
  return true;
}

/** Mean idle fraction of cpu and memory (those the nodes have) over the new nodes. */
export function wasteOf(bins: readonly Float64Array[], template: Float64Array, resources: readonly string[]): number {
  let total = 0;
  let count = 0;
  resources.forEach((name, r) => {
    if ((name !== 'cpu' && name !== 'memory') || template[r]! <= 0) return;
    let idle = 0;
    for (const b of bins) idle += b[r]!;
    total += idle / (template[r]! * bins.length);
    count++;
  });
  return count > 0 ? total / count : 0;
}
