/**
 * What the cycles of one job learned about the nodes, for its next cycles.
 *
 * The k pods of a job get k cycles in a row (attempt.ts assume), and between
 * two of them the only change is the pod just assumed on one node. For pods
 * whose filters depend only on the node's own state (the cases job-fit.ts
 * nodeFilter serves: node-static filters, cordons, free resources) and score
 * plugins that look only at the node (NODE_LOCAL), a node's filter verdict and
 * raw scores are then the same as in the previous cycle except on that node.
 * They are kept per node and recomputed only for the node touched, so the
 * next cycle reads them instead of running every plugin on every node; the
 * node scan order, NormalizeScore over the feasible nodes and selectHost's
 * tie-breaks run as before, so decisions are the same.
 */
import type { NodeFilter } from './node-filter.ts';
import type { PodInfo } from './pod.ts';
import type { CycleState, ScorePlugin, Status } from './types.ts';

/** Score plugins whose raw score of a node depends only on the pod and that node (its labels, taints, requested amounts). */
const NODE_LOCAL = new Set(['NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'TaintToleration', 'NodeAffinity']);

export const nodeLocal = (plugin: ScorePlugin): boolean => NODE_LOCAL.has(plugin.name);

export class LearnedNodes {
  /** The job whose cycles these are (-1: none). */
  job = -1;
  private n = 0;
  /** Per node: 1 when verdict and failedPlugin hold. */
  private known = new Uint8Array(0);
  private verdicts: (Status | null)[] = [];
  private plugins: string[] = [];
  /** Per score plugin (its index in the profile's scores): raw score per node, and whether it holds. */
  private raw: Float64Array[] = [];
  private rawKnown: Uint8Array[] = [];

  /** Starts learning for `job` on `n` nodes with `scorePlugins` score plugins; forgets the previous job's. */
  begin(job: number, n: number, scorePlugins: number): void {
    this.job = job;
    if (this.n !== n) {
      this.n = n;
      this.known = new Uint8Array(n);
      this.verdicts = new Array<Status | null>(n).fill(null);
      this.plugins = new Array<string>(n).fill('');
      this.raw = [];
      this.rawKnown = [];
    } else {
      this.known.fill(0);
      for (const k of this.rawKnown) k.fill(0);
    }
    while (this.raw.length < scorePlugins) {
      this.raw.push(new Float64Array(n));
      this.rawKnown.push(new Uint8Array(n));
    }
  }

  /** Stops learning (the job was assumed whole or failed). */
  end(): void {
    this.job = -1;
  }

  /** True when the learned values are for this job on this many nodes. */
  serves(job: number, n: number): boolean {
    return this.job === job && this.n === n;
  }

  /** A pod was assumed on `node`: what was learned of it no longer holds. */
  touch(node: number): void {
    if (this.job < 0 || node >= this.n) return;
    this.known[node] = 0;
    for (const k of this.rawKnown) k[node] = 0;
  }

  /** The filter verdict of `node` (null: feasible), from `filter` when not known. */
  verdict(node: number, filter: NodeFilter): Status | null {
    if (this.known[node] === 1) return this.verdicts[node]!;
    const st = filter.passes(node) ? null : filter.status(node);
    this.verdicts[node] = st;
    this.plugins[node] = st ? filter.failedPlugin : '';
    this.known[node] = 1;
    return st;
  }

  /** The plugin whose filter failed on `node` (after verdict). */
  failedPluginOf(node: number): string {
    return this.plugins[node]!;
  }

  /** Raw score of `node` by the score plugin at `index`, computed when not known. */
  score(index: number, plugin: ScorePlugin, state: CycleState, pod: PodInfo, node: number): number {
    const known = this.rawKnown[index]!;
    const raw = this.raw[index]!;
    if (known[node] === 1) return raw[node]!;
    const v = plugin.score(state, pod, node);
    raw[node] = v;
    known[node] = 1;
    return v;
  }
}
