/**
 * The batch scheduler's pieces by name: queue orders, backfilling and
 * placements, each a registry of the shape every policy kind shares
 * (control/registry.ts). A wrong name fails at load time with the list of
 * valid ones.
 */
import type { SchedulingPolicy } from '../sim/policy.ts';
import { Rng } from '../sim/rng.ts';
import { createConservative } from './backfill/conservative.ts';
import { easy } from './backfill/easy.ts';
import { none } from './backfill/none.ts';
import { createBatchScheduler } from './batch.ts';
import { NO_PARAMS, PolicyRegistry, type PolicyEntry } from './control/registry.ts';
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

/** The entry of a batch piece: no parameters; built afresh for each run (some keep state). */
export const piece = <T>(name: string, description: string, create: (context: RegistryContext) => T): PolicyEntry<unknown, T, RegistryContext> => ({
  name,
  description,
  params: NO_PARAMS,
  create: (_params, context) => create(context),
});

export const queueOrders = new PolicyRegistry<QueueOrder, RegistryContext>({ kind: 'queue-order', label: 'queue order', chosenBy: '`simulate --queue`, a study variant\'s `queue`' })
  .register(piece('fcfs', 'first come, first served (submit time)', () => fcfs))
  .register(piece('sjf', 'shortest estimate first', () => sjf))
  .register(piece('ljf', 'largest job (task count) first', () => ljf))
  .register(piece('priority', 'highest job priority first', () => priority))
  .register(piece('wfp3', 'highest (wait/estimate)^3 x size first (Tang et al. 2009)', () => wfp3))
  .register(piece('unicep', 'highest wait/(log2(size) x estimate) first (Tang et al. 2009)', () => unicep))
  .register(piece('drf', 'smallest dominant share of the tenant (or user) first: Dominant Resource Fairness (Ghodsi et al. 2011)', () => createDrf()));

export const backfills = new PolicyRegistry<BackfillPolicy, RegistryContext>({ kind: 'backfill', label: 'backfill', chosenBy: '`simulate --backfill`, a study variant\'s `backfill`' })
  .register(piece('none', 'strict queue order: stop at the first job that does not fit', () => none))
  .register(piece('easy', 'EASY: one reservation, for the head of the queue (Lifka 1995)', () => easy))
  .register(piece('conservative', 'a reservation for every queued job (Mu\'alem & Feitelson 2001)', () => createConservative()));

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

export const placements = new PolicyRegistry<PlacementPolicy, RegistryContext>({ kind: 'placement', label: 'placement', chosenBy: '`simulate --placement`, a study variant\'s `placement`' })
  .register(piece('first-fit', 'lowest-numbered nodes first', () => firstFit))
  .register(piece('best-fit', 'the node left fullest first (packs); on GPU clusters the GPU-sharing best fit (cpu and GPU left)', createBestFit))
  .register(piece('worst-fit', 'the node left emptiest first (spreads)', () => worstFit))
  .register(piece('tetris', 'largest alignment (task demand . node free, normalized by capacity) first (Tetris, Grandl et al. 2014)', () => tetris))
  .register(piece('fgd', 'fragmentation gradient descent: least growth of expected GPU fragmentation (Weng et al. ATC 2023)', createFgd))
  .register(piece('gpu-packing', 'GPU packing: shared GPUs in use first, then used nodes, then free nodes (FGD paper baseline)', () => createGpuPlacement(createGpuPackingScorer())))
  .register(piece('gpu-clustering', 'GPU clustering: pods of one GPU class together (FGD paper baseline)', () => createGpuPlacement(createGpuClusteringScorer())))
  .register(piece('dot-product', 'dot product of free and requested cpu and GPU, smallest first (Tetris alignment as in the FGD paper)', () => createGpuPlacement(createDotProductScorer())))
  .register(piece('random', 'a feasible node and GPU device drawn at random (seeded)', (c) => createGpuPlacement(createRandomScorer(c.rng.stream('placement-random')))));

/** Builds the piece `name` of `registry`; a wrong name throws a UsageError with the nearest and the valid names. */
export function lookup<T>(registry: PolicyRegistry<T, RegistryContext>, name: string, context: RegistryContext = DEFAULT_CONTEXT): T {
  return registry.get(name).create({}, context);
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
    order: lookup(queueOrders, choice.queue, context),
    backfill: lookup(backfills, choice.backfill, context),
    placement: lookup(placements, choice.placement, context),
    unschedulable: choice.unschedulable,
  });
}
