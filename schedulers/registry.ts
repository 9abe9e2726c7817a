/**
 * Names of the scheduler pieces, mapped to what they build. A wrong name fails
 * at load time with the list of valid ones.
 */
import { UsageError } from '../sim/errors.ts';
import { nearest } from '../sim/nearest.ts';
import type { SchedulingPolicy } from '../sim/policy.ts';
import { Rng } from '../sim/rng.ts';
import { createConservative } from './backfill/conservative.ts';
import { easy } from './backfill/easy.ts';
import { none } from './backfill/none.ts';
import { createBatchScheduler } from './batch.ts';
import { fcfs } from './order/fcfs.ts';
import { ljf } from './order/ljf.ts';
import { priority } from './order/priority.ts';
import { sjf } from './order/sjf.ts';
import { unicep } from './order/unicep.ts';
import { wfp3 } from './order/wfp3.ts';
import { createDrf } from './order/drf.ts';
import { createBestFitScorer } from './gpu/best-fit.ts';
import { createDotProductScorer } from './gpu/dot-product.ts';
import { createFgdScorer } from './gpu/fgd.ts';
import { createGpuClusteringScorer } from './gpu/gpu-clustering.ts';
import { createGpuPackingScorer } from './gpu/gpu-packing.ts';
import { createGpuPlacement } from './gpu/placement.ts';
import { createRandomScorer } from './gpu/random.ts';
import { typicalPodsOfJobs, type TypicalPod } from './gpu/typical-pods.ts';
import { bestFit } from './placement/best-fit.ts';
import { tetris } from './placement/tetris.ts';
import { firstFit } from './placement/first-fit.ts';
import { worstFit } from './placement/worst-fit.ts';
import type { BackfillPolicy, PlacementPolicy, QueueOrder } from './types.ts';

/**
 * What a factory may use: the run's seeded random streams (sim/rng.ts; a piece
 * that needs randomness takes a named stream, so other pieces' draws do not
 * move) and the run's jobs when the run has them.
 */
export interface RegistryContext {
  readonly rng: Rng;
  /** The workload's Kubernetes Namespace labels by name (snapshots), for the Kubernetes-style scheduler. */
  readonly namespaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Without a run (tests, listings): seed 1. */
export const DEFAULT_CONTEXT: RegistryContext = { rng: new Rng(1) };

/** A registry entry: a one-line description and a factory (stateful pieces need a fresh instance per run). */
export interface Entry<T> {
  readonly description: string;
  create(context?: RegistryContext): T;
}

export const queueOrders: ReadonlyMap<string, Entry<QueueOrder>> = new Map([
  ['fcfs', { description: 'first come, first served (submit time)', create: () => fcfs }],
  ['sjf', { description: 'shortest estimate first', create: () => sjf }],
  ['ljf', { description: 'largest job (task count) first', create: () => ljf }],
  ['priority', { description: 'highest job priority first', create: () => priority }],
  ['wfp3', { description: 'highest (wait/estimate)^3 x size first (Tang et al. 2009)', create: () => wfp3 }],
  ['unicep', { description: 'highest wait/(log2(size) x estimate) first (Tang et al. 2009)', create: () => unicep }],
  ['drf', { description: 'smallest dominant share of the tenant (or user) first: Dominant Resource Fairness (Ghodsi et al. 2011)', create: () => createDrf() }],
]);

export const backfills: ReadonlyMap<string, Entry<BackfillPolicy>> = new Map([
  ['none', { description: 'strict queue order: stop at the first job that does not fit', create: () => none }],
  ['easy', { description: 'EASY: one reservation, for the head of the queue (Lifka 1995)', create: () => easy }],
  ['conservative', { description: 'a reservation for every queued job (Mu\'alem & Feitelson 2001)', create: () => createConservative() }],
]);

/** The FGD target workload, from the run's jobs when the placement first sees them. */
function lazyTypical(): { get: () => readonly TypicalPod[]; set: (jobs: import('../sim/jobs.ts').JobTable) => void } {
  let typical: readonly TypicalPod[] | null = null;
  return {
    get: () => typical ?? [],
    set: (jobs) => {
      typical ??= typicalPodsOfJobs(jobs);
    },
  };
}

/**
 * best-fit: on clusters with GPU devices, the GPU-sharing literature's best fit
 * (schedulers/gpu/best-fit.ts: cpu and GPU left, as the FGD paper's baseline);
 * elsewhere the classic one (schedulers/placement/best-fit.ts).
 */
function createBestFit(): PlacementPolicy {
  const gpu = createGpuPlacement(createBestFitScorer());
  return {
    name: 'best-fit',
    place: (job, jobs, cluster) => (cluster.resources.includes('gpu') && hasDevices(cluster) ? gpu.place(job, jobs, cluster) : bestFit.place(job, jobs, cluster)),
    onStart: gpu.onStart,
    onEnd: gpu.onEnd,
  };
}

function hasDevices(cluster: import('../sim/cluster.ts').ClusterView): boolean {
  for (let n = 0; n < cluster.nodeCount; n++) if (cluster.devicesOn(n) > 0) return true;
  return false;
}

function createFgd(): PlacementPolicy {
  const typical = lazyTypical();
  const inner = createGpuPlacement(createFgdScorer(typical.get));
  return {
    ...inner,
    place(job, jobs, cluster) {
      typical.set(jobs);
      return inner.place(job, jobs, cluster);
    },
  };
}

export const placements: ReadonlyMap<string, Entry<PlacementPolicy>> = new Map([
  ['first-fit', { description: 'lowest-numbered nodes first', create: () => firstFit }],
  ['best-fit', { description: 'the node left fullest first (packs); on GPU clusters the GPU-sharing best fit (cpu and GPU left)', create: createBestFit }],
  ['worst-fit', { description: 'the node left emptiest first (spreads)', create: () => worstFit }],
  ['tetris', { description: 'largest alignment (task demand . node free, normalized by capacity) first (Tetris, Grandl et al. 2014)', create: () => tetris }],
  ['fgd', { description: 'fragmentation gradient descent: least growth of expected GPU fragmentation (Weng et al. ATC 2023)', create: createFgd }],
  ['gpu-packing', { description: 'GPU packing: shared GPUs in use first, then used nodes, then free nodes (FGD paper baseline)', create: () => createGpuPlacement(createGpuPackingScorer()) }],
  ['gpu-clustering', { description: 'GPU clustering: pods of one GPU class together (FGD paper baseline)', create: () => createGpuPlacement(createGpuClusteringScorer()) }],
  ['dot-product', { description: 'dot product of free and requested cpu and GPU, smallest first (Tetris alignment as in the FGD paper)', create: () => createGpuPlacement(createDotProductScorer()) }],
  ['random', { description: 'a feasible node and GPU device drawn at random (seeded)', create: (c?: RegistryContext) => createGpuPlacement(createRandomScorer((c ?? DEFAULT_CONTEXT).rng.stream('placement-random'))) }],
]);

/** Looks up `name` in `registry`; a wrong name throws a UsageError listing the valid ones. */
export function lookup<T>(registry: ReadonlyMap<string, Entry<T>>, kind: string, name: string, context?: RegistryContext): T {
  const entry = registry.get(name);
  if (!entry) {
    const near = nearest(name, [...registry.keys()]);
    throw new UsageError(`unknown ${kind} ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}; valid: ${[...registry.keys()].join(', ')}`);
  }
  return entry.create(context);
}

export interface BatchChoice {
  queue: string;
  backfill: string;
  placement: string;
  /** Jobs no node can take after a pass: wait, reject, or auto (reject when no running job will ever end). */
  unschedulable?: 'auto' | 'wait' | 'reject';
}

export function createScheduler(choice: BatchChoice, context: RegistryContext = DEFAULT_CONTEXT): SchedulingPolicy {
  return createBatchScheduler({
    order: lookup(queueOrders, 'queue order', choice.queue, context),
    backfill: lookup(backfills, 'backfill', choice.backfill, context),
    placement: lookup(placements, 'placement', choice.placement, context),
    unschedulable: choice.unschedulable,
  });
}
