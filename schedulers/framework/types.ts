/**
 * The scheduling framework's vocabulary, after kube-scheduler's
 * pkg/scheduler/framework: status codes, the extension points a plugin may
 * implement, and the per-cycle state. One pod is scheduled per cycle: queue
 * sort → pre-filter → filter → (post-filter: preemption) → pre-score → score
 * (normalize, weight) → select host → reserve → permit → bind.
 *
 * Plugins are small objects with a `name` (the upstream name) and one method
 * per extension point they implement. They read the cluster through the
 * Snapshot (state.ts) and never change it; the scheduler applies decisions
 * through the engine's context.
 */
import type { Random } from '../../sim/rng.ts';
import type { PodInfo } from './pod.ts';
import type { Snapshot } from './state.ts';

/** Upstream's framework.MaxNodeScore and MinNodeScore. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/**
 * Status codes as upstream. `Unschedulable` can be resolved by preemption;
 * `UnschedulableAndUnresolvable` cannot (the node is skipped by the post-filter);
 * `Skip` from PreScore removes the plugin from this cycle's scoring.
 */
export type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip' | 'Error';

export interface Status {
  readonly code: Code;
  /** Upstream-style reasons, e.g. "Insufficient cpu" or "node(s) didn't match Pod's node affinity/selector". */
  readonly reasons?: readonly string[];
}

export const SUCCESS: Status = { code: 'Success' };
export const SKIP: Status = { code: 'Skip' };
export const unschedulable = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });

/** Data plugins keep for one scheduling cycle (PreFilter/PreScore results), keyed by plugin name. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }
}

/** What every plugin gets at construction: the cluster snapshot and the run's tie-break stream. */
export interface Handle {
  readonly snapshot: Snapshot;
  /** Seeded stream (sim/rng.ts) for the plugins that need randomness. */
  readonly random: Random;
}

export interface Plugin {
  readonly name: string;
}

export interface QueueSortPlugin extends Plugin {
  /** True when `a` should be scheduled before `b`. */
  less(a: PodInfo, b: PodInfo): boolean;
}

export interface PreFilterPlugin extends Plugin {
  /** Once per cycle, before any filter. A non-success status makes the pod unschedulable on every node. */
  preFilter(state: CycleState, pod: PodInfo): Status;
}

export interface FilterPlugin extends Plugin {
  /** Can `pod` run on `node`? */
  filter(state: CycleState, pod: PodInfo, node: number): Status;
}

export interface PreScorePlugin extends Plugin {
  /** Once per cycle with the feasible nodes; may return Skip to leave this cycle's scoring. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly number[]): Status;
}

export interface ScorePlugin extends Plugin {
  /** Raw score of `node` (integer, as upstream int64). */
  score(state: CycleState, pod: PodInfo, node: number): number;
  /**
   * Optional: the raw scores of nodes[0..count) into out[0..count), the same
   * values score() gives, in one call per cycle (the per-cycle work done once,
   * then a tight loop over the nodes).
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly number[], count: number, out: number[]): void;
  /** Optional NormalizeScore, in place over the scores of `nodes` (same order). */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly number[], scores: number[]): void;
}

/** A plugin of any kind; the scheduler checks which methods it has. */
export type AnyPlugin = Plugin &
  Partial<Omit<QueueSortPlugin, 'name'>> &
  Partial<Omit<PreFilterPlugin, 'name'>> &
  Partial<Omit<FilterPlugin, 'name'>> &
  Partial<Omit<PreScorePlugin, 'name'>> &
  Partial<Omit<ScorePlugin, 'name'>>;

export const isFilter = (p: AnyPlugin): p is FilterPlugin => typeof p.filter === 'function';
export const isScore = (p: AnyPlugin): p is ScorePlugin => typeof p.score === 'function';
export const isPreFilter = (p: AnyPlugin): p is PreFilterPlugin => typeof p.preFilter === 'function';
export const isPreScore = (p: AnyPlugin): p is PreScorePlugin => typeof p.preScore === 'function';
export const isQueueSort = (p: AnyPlugin): p is QueueSortPlugin => typeof p.less === 'function';

/** Per-node outcome of the filters in a failed cycle, for the post-filter. */
export const NodeStatus = { NotExamined: 0, Unschedulable: 1, Unresolvable: 2, Feasible: 3 } as const;

/** What the post-filter may ask of the framework: run every filter on a node of the current (what-if) snapshot. */
export interface FilterRunner {
  runFilters(state: CycleState, pod: PodInfo, node: number): Status;
}

export interface PostFilterResult {
  /** The node the pod is nominated to. */
  readonly node: number;
  /** Jobs to preempt (their pods leave every node). */
  readonly victims: readonly number[];
  /** Why, for explanations. */
  readonly detail: Record<string, unknown>;
}

export interface PostFilterPlugin extends Plugin {
  /** Called when no node fits; `statuses[node]` is a NodeStatus. Returns a nomination, or null. */
  postFilter(state: CycleState, pod: PodInfo, statuses: Uint8Array, framework: FilterRunner): PostFilterResult | null;
}

export const isPostFilter = (p: AnyPlugin): p is AnyPlugin & PostFilterPlugin => typeof (p as Partial<PostFilterPlugin>).postFilter === 'function';

/**
 * Optional: a score plugin that also chooses GPU devices on the chosen node
 * (the GPU-sharing policies); the highest-weighted one decides, otherwise
 * devices go by first fit.
 */
export interface DeviceChooser {
  chooseDevices(pod: PodInfo, node: number): number[] | null;
}

export const isDeviceChooser = (p: unknown): p is DeviceChooser => typeof (p as Partial<DeviceChooser>)?.chooseDevices === 'function';
