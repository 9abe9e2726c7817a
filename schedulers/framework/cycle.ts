/**
 * One scheduling cycle for one pod (upstream schedulePod): PreFilter → Filter
 * over the nodes from a round-robin start until enough feasible nodes are
 * found (percentageOfNodesToScore) → PreScore, Score (select-host.ts) → the
 * node and, for GPU-shaped pods, its devices; or a failure saying why, with
 * per-node statuses for the post-filter.
 *
 * The NodeResourcesFit filter is backed by the cluster's index of free
 * capacity (sim/cluster.ts scanFit): nodes where the pod's request cannot fit
 * are skipped without evaluating any plugin, so finding K feasible nodes costs
 * about O(K log n) instead of a scan; the set found is the same as a scan's
 * (the first K feasible nodes after the start), so results do not depend on it.
 * When explaining, or when no node fits, every examined node goes through the
 * filters to say why.
 */
import { EPSILON, type ClusterView } from '../../sim/cluster.ts';
import { SimulationError } from '../../sim/errors.ts';
import type { SchedulingContext } from '../../sim/policy.ts';
import { fitErrorMessage, newTally, tallyFailure, TallyRun, type FilterTally } from './explain.ts';
import { admitBound } from './bound.ts';
import type { PodInfo } from './pod.ts';
import { devicesFor } from './plugins/gpu-share.ts';
import { LearnedNodes } from './learned.ts';
import type { NodeFilter } from './node-filter.ts';
import type { BuiltProfile } from './registry.ts';
import { selectHost } from './select-host.ts';
import type { SchedulerShared } from './shared.ts';
import { CycleState, NodeStatus, SUCCESS, type Status } from './types.ts';

/** Upstream numFeasibleNodesToFind: adaptive percentage, at least 100 nodes (minFeasibleNodesToFind). */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore: number): number {
  const MIN_FEASIBLE = 100;
  const MIN_PERCENTAGE = 5;
  if (numAllNodes < MIN_FEASIBLE) return numAllNodes;
  let pct = percentageOfNodesToScore;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_PERCENTAGE) pct = MIN_PERCENTAGE;
  }
  if (pct >= 100) return numAllNodes;
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE ? MIN_FEASIBLE : n;
}

/**
 * The nodes in [from, to) where one task of `req` fits now, visited in order
 * until `visit` returns true (then true): the nodes cluster.scanFit visits, by
 * its own test (free + EPSILON ≥ request, resource by resource), read node by
 * node; cheaper than the index's tree walk when most nodes have room.
 */
export function scanRoomy(cluster: ClusterView, req: ArrayLike<number>, from: number, to: number, visit: (node: number) => boolean): boolean {
  const R = cluster.resources.length;
  for (let node = from; node < to; node++) {
    let fits = true;
    for (let r = 0; r < R; r++) {
      if (cluster.freeOf(node, r) + EPSILON < req[r]!) {
        fits = false;
        break;
      }
    }
    if (fits && visit(node)) return true;
  }
  return false;
}

export interface CycleResult {
  node: number;
  devices: number[] | undefined;
  scores?: Record<string, unknown>[];
  feasible: number;
  examined: number;
  tally: FilterTally | null;
}

export interface CycleFailure {
  tally: FilterTally;
  statuses: Uint8Array | null;
  message: string;
  examined: number;
  preFilter: boolean;
}

export const isFailure = (r: CycleResult | CycleFailure): r is CycleFailure => (r as CycleFailure).message !== undefined;

const NODE_DOWN: Status = { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were down'] };

export class SchedulingCycle {
  private readonly shared: SchedulerShared;
  /** Upstream nextStartNodeIndex: where the next cycle's node scan starts. */
  private nextStartNodeIndex = 0;
  /** The plugin whose filter failed in the last runFilters call (not allocated per node: this runs for every node examined). */
  private failedPlugin = '';
  /** The nodes found feasible by the current cycle (reused: no allocation per cycle). */
  private readonly feasible: number[] = [];
  /** What this job's previous cycles learned of the nodes (learned.ts). */
  private readonly learned = new LearnedNodes();

  constructor(shared: SchedulerShared) {
    this.shared = shared;
  }

  /** The cycles of `pod`'s job start (one per pod): they may learn from each other when there are several. */
  beginJob(pod: PodInfo): void {
    if (pod.tasks > 1 && pod.nodeName === undefined) this.learned.begin(pod.job, this.shared.snapshot.nodeCount, this.shared.profileOf(pod).scores.length);
    else this.learned.end();
  }

  /** A pod of the job was assumed on `node`. */
  assumedOn(node: number): void {
    this.learned.touch(node);
  }

  endJob(): void {
    this.learned.end();
  }

  /** Runs every filter plugin on `node` in order; the first failure wins (upstream RunFilterPlugins). */
  runFilters(state: CycleState, pod: PodInfo, node: number, p: BuiltProfile = this.shared.profileOf(pod)): Status {
    if (!this.shared.snapshot.cluster.isUp(node)) {
      this.failedPlugin = 'NodeReady';
      return NODE_DOWN;
    }
    const filters = p.filters;
    for (let i = 0; i < filters.length; i++) {
      const st = filters[i]!.filter(state, pod, node);
      if (st.code !== 'Success') {
        this.failedPlugin = filters[i]!.name;
        return st;
      }
    }
    return SUCCESS;
  }

  /** One scheduling cycle for one pod: a node (and devices), or why not. */
  run(ctx: SchedulingContext, pod: PodInfo, explaining: boolean): CycleResult | CycleFailure {
    const s = this.shared.snapshot;
    if (pod.nodeName !== undefined) {
      // Bound (spec.nodeName): no filter, no score; the pod stays on its node (bound.ts).
      const b = admitBound(s, pod);
      if ('node' in b) return { node: b.node, devices: b.devices, feasible: 1, examined: 1, tally: null };
      const tally = newTally();
      tallyFailure(tally, 'NodeName', b.reasons);
      return { tally, statuses: null, message: `bound to node ${pod.nodeName} (spec.nodeName), which cannot take it: ${b.reasons.join(', ')}`, examined: 1, preFilter: false };
    }
    const p = this.shared.profileOf(pod);
    const state = new CycleState();
    const n = s.nodeCount;
    for (const pf of p.preFilters) {
      const st = pf.preFilter(state, pod);
      if (st.code !== 'Success') {
        const tally = newTally();
        if (n > 0) tallyFailure(tally, pf.name, st.reasons, n);
        return { tally, statuses: null, message: fitErrorMessage(n, tally), examined: n, preFilter: true };
      }
    }
    const run = explaining ? new TallyRun(newTally()) : null;
    // Node-static filters from the verdicts cached for this pod's shape when they apply (job-fit.ts): same answers.
    const filter = this.shared.fitCheck.nodeFilter(pod, p, state);
    const learned = filter && this.learned.serves(pod.job, n) ? this.learned : null;
    const processed = this.findFeasible(ctx, state, pod, p, run, filter, learned);
    const feasible = this.feasible;
    if (feasible.length === 0) return this.diagnose(state, pod, p);
    const { chosen, scoreRecords } =
      feasible.length > 1 ? selectHost(this.shared, state, pod, p, feasible, explaining, learned) : { chosen: feasible[0]!, scoreRecords: undefined };
    const devices = pod.gpu ? (p.deviceChooser?.chooseDevices(pod, chosen) ?? devicesFor(pod, s, chosen)) : undefined;
    if (pod.gpu && !devices) throw new SimulationError(this.shared.name, ctx.now, `no GPU devices for pod ${pod.id} on feasible node ${s.nodeName(chosen)}`);
    return { node: chosen, devices: devices ?? undefined, scores: scoreRecords, feasible: feasible.length, examined: processed, tally: run ? run.flush() : null };
  }

  /** Filters nodes from the round-robin start into `this.feasible` until enough are found; returns how many nodes were processed. */
  private findFeasible(ctx: SchedulingContext, state: CycleState, pod: PodInfo, p: BuiltProfile, run: TallyRun | null, filter: NodeFilter | null, learned: LearnedNodes | null): number {
    const s = this.shared.snapshot;
    const n = s.nodeCount;
    const start = n === 0 ? 0 : this.nextStartNodeIndex % n;
    const scan = this.scan;
    scan.toFind = numFeasibleNodesToFind(n, p.percentageOfNodesToScore);
    scan.count = 0;
    scan.visited = 0;
    scan.start = start;
    scan.last = start - 1;
    scan.stopped = false;
    scan.state = state;
    scan.pod = pod;
    scan.profile = p;
    scan.run = run;
    scan.filter = filter;
    scan.learned = learned;
    // The index skips nodes without room at no cost; the learned verdicts make every node cheap to visit.
    if (p.fitIndex && !run && !learned) {
      const req = ctx.jobs.requestOf(pod.job);
      if (this.crowded) {
        s.cluster.scanFit(req, start, this.visit);
        if (!scan.stopped && start > 0) s.cluster.scanFit(req, 0, this.visitBeforeStart);
      } else if (!scanRoomy(s.cluster, req, start, n, this.visit)) scanRoomy(s.cluster, req, 0, start, this.visit);
      // Which of the two finds the next cycle's nodes faster: the index when most nodes passed over had no room.
      const passed = scan.stopped ? ((scan.last - start + n) % n) + 1 : n;
      this.crowded = passed > 3 * scan.visited;
    } else {
      for (let k = 0; k < n && !scan.stopped; k++) this.visit((start + k) % n);
    }
    const feasible = this.feasible;
    if (feasible.length !== scan.count) feasible.length = scan.count;
    scan.state = null;
    scan.pod = null;
    scan.profile = null;
    const processed = scan.stopped ? ((scan.last - start + n) % n) + 1 : n;
    this.nextStartNodeIndex = n === 0 ? 0 : (start + processed) % n;
    return processed;
  }

  /** The current scan (findFeasible), in fields: the visit functions below are made once, not per cycle. */
  private readonly scan = {
    toFind: 0,
    count: 0,
    visited: 0,
    start: 0,
    last: -1,
    stopped: false,
    state: null as CycleState | null,
    pod: null as PodInfo | null,
    profile: null as BuiltProfile | null,
    run: null as TallyRun | null,
    filter: null as NodeFilter | null,
    learned: null as LearnedNodes | null,
  };

  /** Whether the last index-backed scan passed over mostly nodes without room (then the index's tree walk is the faster scan). */
  private crowded = false;

  /** One node of the scan: true when enough feasible nodes are found. */
  private readonly visit = (node: number): boolean => {
    const scan = this.scan;
    scan.visited++;
    scan.last = node;
    const filter = scan.filter;
    let failed: Status | null;
    if (scan.learned) {
      failed = scan.learned.verdict(node, filter!);
      if (failed) this.failedPlugin = scan.learned.failedPluginOf(node);
    } else if (filter) {
      // Only an explained cycle needs a failure's status: the fused check says pass or fail.
      if (filter.passes(node)) failed = null;
      else if (scan.run) {
        failed = filter.status(node);
        if (failed) this.failedPlugin = filter.failedPlugin;
      } else return false;
    } else {
      const st = this.runFilters(scan.state!, scan.pod!, node, scan.profile!);
      failed = st.code === 'Success' ? null : st;
    }
    if (failed === null) {
      this.feasible[scan.count++] = node;
      if (scan.count >= scan.toFind) {
        scan.stopped = true;
        return true;
      }
    } else if (scan.run) scan.run.add(this.failedPlugin, failed.reasons);
    return false;
  };

  /** The scan's second part, from node 0: stops at its start. */
  private readonly visitBeforeStart = (node: number): boolean => (node >= this.scan.start ? true : this.visit(node));

  /** No node fits: diagnose every node (the index skipped some without saying why), from the cached node-static verdicts when they apply. */
  private diagnose(state: CycleState, pod: PodInfo, p: BuiltProfile): CycleFailure {
    const s = this.shared.snapshot;
    const n = s.nodeCount;
    if (s.nodesOf(pod.job).length === 0) {
      const short = this.shared.fitCheck.shortfall(pod, p);
      if (short) return { tally: short.tally, statuses: short.statuses, message: short.message, examined: n, preFilter: false };
    }
    const statuses = new Uint8Array(n);
    const all = new TallyRun(newTally());
    for (let node = 0; node < n; node++) {
      const st = this.runFilters(state, pod, node, p);
      if (st.code === 'Success') statuses[node] = NodeStatus.Feasible;
      else {
        statuses[node] = st.code === 'UnschedulableAndUnresolvable' ? NodeStatus.Unresolvable : NodeStatus.Unschedulable;
        all.add(this.failedPlugin, st.reasons);
      }
    }
    const tally = all.flush();
    return { tally, statuses, message: fitErrorMessage(n, tally), examined: n, preFilter: false };
  }
}
