/**
 * Whole-job fit check: before a job of k identical pods is assumed pod by pod,
 * count the pods the cluster can take now, and when that is fewer than k say
 * why without assuming any (a failed job is forgotten whole anyway).
 *
 * Exact for pods whose filters depend only on the node and on free resources:
 * each assumed pod then takes exactly its request from one node and changes no
 * other filter's verdict, so greedy assumption places exactly
 * Σ_nodes slots(node) pods (slots: how many copies of the request fit in the
 * node's allocatable − requested, NodeResourcesFit's inequality) and fails at
 * the next. The failure (FitError tally, per-node statuses for preemption) is
 * the one the scheduler would have seen after those pods: it is computed with
 * the slots assumed in the snapshot in bulk, every filter at its place in the
 * profile's order.
 *
 * What a cycle learned is cached: the verdicts of node-static filters (names,
 * labels, taints; valid until the cluster's nodes change, capacityVersion) per
 * pod shape, so a pod that keeps failing costs one pass of arithmetic over
 * the nodes with room, not k scheduling cycles and a filter pass.
 * Pods with GPU devices, required pod (anti-)affinity, hard spread constraints,
 * existing pods with affinity terms, quotas or filters not listed here take the
 * scheduler's full path.
 */
import { fitErrorMessage, newTally, TallyRun, type FilterTally } from './explain.ts';
import { NodeFilter, type OrderedFilters } from './node-filter.ts';
import type { PodInfo } from './pod.ts';
import type { BuiltProfile } from './registry.ts';
import type { Snapshot } from './state.ts';
import { CycleState, NodeStatus, type Status } from './types.ts';

/** Filters whose verdict depends only on the pod's spec and the node's name, labels and taints. */
const NODE_STATIC = new Set(['NodeName', 'TaintToleration', 'NodeAffinity', 'GPUShare']);
/** Filters cheap enough to run every time (cordons change without capacityVersion). */
const CHEAP = new Set(['NodeUnschedulable']);
/** Pre-filters whose verdict is the same for every pod of the job, however many are assumed. */
const SAFE_PREFILTERS = new Set(['NodeAffinity', 'PodTopologySpread', 'InterPodAffinity']);

const NODE_DOWN: Status = { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were down'] };
/** Pod shapes whose static verdicts are kept at once. */
const MAX_SHAPES = 64;

const enum Kind {
  Static,
  Cheap,
  Fit,
  Inert,
}

export interface FitShortfall {
  /** Pods of the job the cluster can take now (< tasks). */
  placed: number;
  tally: FilterTally;
  /** Per node NodeStatus after those pods; null when the diagnosis was skipped (details unread). */
  statuses: Uint8Array | null;
  message: string;
}

interface StaticVerdicts {
  version: number;
  /** Per node: position of the first failing node-static filter, or -1. */
  first: Int16Array;
  status: (Status | undefined)[];
}

/** A shortfall whose diagnosis was skipped: only the count of pods that fit (its message is never read: queue.ts detailsUnread). */
const undiagnosed = (placed: number, want: number): FitShortfall => ({ placed, tally: newTally(), statuses: null, message: `${placed} of ${want} pods fit (not diagnosed)` });

export class JobFitCheck implements OrderedFilters {
  private readonly snapshot: Snapshot;
  private readonly cache = new Map<string, StaticVerdicts>();
  private readonly keys = new Map<number, string>();
  private readonly slots: number[] = [];
  private readonly slotNodes: number[] = [];
  /** Per pod shape: what the last count found (at least `atLeast` pods fit, or exactly `failure.placed`) at `version`. */
  private readonly seen = new Map<string, { version: string; atLeast: number; failure: FitShortfall | null; placed: number }>();
  private cordons = new Uint8Array(0);
  private cordonChanges = 0;
  private cordonsChecked = false;

  /** The fused per-node check handed out by nodeFilter (one, reused). */
  private readonly filter: NodeFilter;

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
    this.filter = new NodeFilter(snapshot);
  }

  /** Forget a job's cached key (it started or left the queue). */
  forget(job: number): void {
    this.keys.delete(job);
  }

  /**
   * Null when the job may fit (or the check does not apply: take the full
   * path); else how many of its pods fit and the failure the next would see.
   * With `detailsUnread` (nobody will read the failure: queue.ts), a job of
   * which some pods fit gets only that count, without the per-node diagnosis
   * (a job of which none fits always gets it: preemption reads its statuses).
   */
  shortfall(pod: PodInfo, p: BuiltProfile, detailsUnread = false): FitShortfall | null {
    const s = this.snapshot;
    if (!this.applies(pod, p)) return null;
    const state = new CycleState();
    for (const pf of p.preFilters) if (pf.preFilter(state, pod).code !== 'Success') return null;
    const kinds = this.kindsOf(p, state);
    if (!kinds) return null;
    const verdicts = this.staticVerdicts(pod, p, kinds, state);
    const want = pod.tasks;
    // Pods of one shape see the same nodes until a pod is added or removed or a node changes: one count and one diagnosis serve them all.
    const request = s.jobs.requestOf(pod.job);
    let shape = `${this.keys.get(pod.job)!}|${pod.requests.join(',')}|`;
    for (let r = 0; r < request.length; r++) shape += `${request[r]},`; // the index searches canonical amounts
    let version = `${this.cordonVersion()}:${s.version}:${s.cluster.capacityVersion}`;
    for (let r = 0; r < s.R; r++) version += `:${s.cluster.totalFree(r)}`; // a safety net: free capacity moved without a pod added or removed here
    const seen = this.seen.get(shape);
    if (seen && seen.version === version) {
      if (want <= seen.atLeast) return null;
      if (seen.failure) return want > seen.failure.placed ? seen.failure : null;
      if (detailsUnread && seen.placed > 0) return want > seen.placed ? undiagnosed(seen.placed, want) : null;
    }
    let total = 0;
    this.slots.length = 0;
    this.slotNodes.length = 0;
    let unbounded = false;
    s.cluster.scanFit(request, 0, (node) => {
      if (this.firstFailure(node, p, kinds, verdicts, state, pod, false) !== null) return false;
      const m = this.slotsOn(node, pod);
      if (m === Infinity) unbounded = true;
      if (m > 0) {
        this.slots.push(m);
        this.slotNodes.push(node);
        total += m;
      }
      return unbounded || total >= want;
    });
    if (this.seen.size >= MAX_SHAPES) this.seen.clear();
    if (unbounded || total >= want) {
      this.seen.set(shape, { version, atLeast: unbounded ? Infinity : total, failure: null, placed: -1 });
      return null;
    }
    if (detailsUnread && total > 0) {
      this.seen.set(shape, { version, atLeast: 0, failure: null, placed: total });
      return undiagnosed(total, want);
    }
    const failure = this.diagnose(pod, p, kinds, verdicts, state, total);
    this.seen.set(shape, { version, atLeast: 0, failure, placed: -1 });
    return failure;
  }

  /** A new scheduling pass: cordons may have changed since the last (they bump no version of their own). */
  newPass(): void {
    this.cordonsChecked = false;
  }

  /** Counts changes of the cluster's cordons, compared once per pass and only when a count is asked for. */
  private cordonVersion(): number {
    if (this.cordonsChecked) return this.cordonChanges;
    this.cordonsChecked = true;
    const flags = this.snapshot.cluster.unschedulable;
    let same = flags.length === this.cordons.length;
    for (let i = 0; same && i < flags.length; i++) same = (flags[i] ? 1 : 0) === this.cordons[i];
    if (!same) {
      this.cordons = Uint8Array.from(flags, (f) => (f ? 1 : 0));
      this.cordonChanges++;
    }
    return this.cordonChanges;
  }

  /** The failure after `placed` pods: the slots assumed in bulk, every node through the filters in order. */
  private diagnose(pod: PodInfo, p: BuiltProfile, kinds: Kind[], verdicts: StaticVerdicts, state: CycleState, placed: number): FitShortfall {
    const s = this.snapshot;
    // Only the requested amounts: the filters run here (node-static, cordons, NodeResourcesFit) read nothing else of the pods.
    for (let i = 0; i < this.slotNodes.length; i++) s.holdAmounts(pod, this.slotNodes[i]!, this.slots[i]!, 1);
    const n = s.nodeCount;
    const statuses = new Uint8Array(n);
    const run = new TallyRun(newTally());
    for (let node = 0; node < n; node++) {
      const failed = this.firstFailure(node, p, kinds, verdicts, state, pod, true);
      if (failed === null) statuses[node] = NodeStatus.Feasible;
      else {
        statuses[node] = failed.code === 'UnschedulableAndUnresolvable' ? NodeStatus.Unresolvable : NodeStatus.Unschedulable;
        run.add(this.failedPlugin, failed.reasons);
      }
    }
    const tally = run.flush();
    for (let i = 0; i < this.slotNodes.length; i++) s.holdAmounts(pod, this.slotNodes[i]!, this.slots[i]!, -1);
    return { placed, tally, statuses, message: fitErrorMessage(n, tally) };
  }

  /** Each filter's kind for this pod, or null when one may depend on other placements. */
  private kindsOf(p: BuiltProfile, state: CycleState): Kind[] | null {
    const kinds: Kind[] = [];
    for (const f of p.filters) {
      if (f.name === 'NodeResourcesFit') kinds.push(Kind.Fit);
      else if (CHEAP.has(f.name)) kinds.push(Kind.Cheap);
      else if (NODE_STATIC.has(f.name)) kinds.push(Kind.Static);
      else if (f.name === 'PodTopologySpread') {
        // Inert when this cycle has no DoNotSchedule constraint (the pod's own or the defaults).
        const fs = state.read<{ constraints: readonly unknown[] }>(`PreFilter${f.name}`);
        if (fs && fs.constraints.length > 0) return null;
        kinds.push(Kind.Inert);
      } else if (f.name === 'InterPodAffinity') kinds.push(Kind.Inert); // no required terms, no pod with affinity: checked above
      else return null;
    }
    return kinds.includes(Kind.Fit) ? kinds : null;
  }

  /** The plugin whose filter failed in the last firstFailure call. */
  failedPlugin = '';

  /** The first failing filter's status on `node` in profile order (the fit filter only when `withFit`), or null; its plugin in failedPlugin. */
  private firstFailure(node: number, p: BuiltProfile, kinds: Kind[], verdicts: StaticVerdicts, state: CycleState, pod: PodInfo, withFit: boolean): Status | null {
    const s = this.snapshot;
    if (!s.cluster.isUp(node)) {
      this.failedPlugin = 'NodeReady';
      return NODE_DOWN;
    }
    const firstStatic = verdicts.first[node]!;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i]!;
      if (i === firstStatic) {
        this.failedPlugin = p.filters[i]!.name;
        return verdicts.status[node]!;
      }
      if (kind === Kind.Cheap || (kind === Kind.Fit && withFit)) {
        const st = p.filters[i]!.filter(state, pod, node);
        if (st.code !== 'Success') {
          this.failedPlugin = p.filters[i]!.name;
          return st;
        }
      }
    }
    return null;
  }

  /**
   * For a scheduling cycle: every filter on a node in profile order, fused
   * into one check from the cached node-static verdicts (node-filter.ts), or
   * null when they do not apply to this pod. `state` has this cycle's PreFilter
   * results. The object is reused: valid until the next call.
   */
  nodeFilter(pod: PodInfo, p: BuiltProfile, state: CycleState): NodeFilter | null {
    if (!this.applies(pod, p)) return null;
    const kinds = this.kindsOf(p, state);
    if (!kinds) return null;
    const verdicts = this.staticVerdicts(pod, p, kinds, state);
    this.cycle = { p, kinds, verdicts, state, pod };
    const cheap: string[] = [];
    for (let i = 0; i < kinds.length; i++) if (kinds[i] === Kind.Cheap) cheap.push(p.filters[i]!.name);
    return this.filter.reset(pod, verdicts.first, cheap, true, this);
  }

  /** What nodeFilter's slow path runs on: the current cycle's filters. */
  private cycle: { p: BuiltProfile; kinds: Kind[]; verdicts: StaticVerdicts; state: CycleState; pod: PodInfo } | null = null;

  /** nodeFilter's slow path (OrderedFilters): the current cycle's filters on `node` in profile order, the plugin of a failure in failedPlugin. */
  cycleFailure(node: number): Status | null {
    const c = this.cycle!;
    return this.firstFailure(node, c.p, c.kinds, c.verdicts, c.state, c.pod, true);
  }

  private applies(pod: PodInfo, p: BuiltProfile): boolean {
    if (!p.fitIndex || pod.gpu || pod.requiredAffinity.length > 0 || pod.requiredAntiAffinity.length > 0 || this.snapshot.podsWithAffinity.size > 0) return false;
    for (const pf of p.preFilters) if (!SAFE_PREFILTERS.has(pf.name)) return false;
    return true;
  }

  /** Copies of the pod's request that fit on `node` now (NodeResourcesFit's inequality). */
  private slotsOn(node: number, pod: PodInfo): number {
    const s = this.snapshot;
    let m = Infinity;
    for (let r = 0; r < s.R; r++) {
      const q = pod.requests[r]!;
      if (q <= 0) continue;
      const avail = s.allocatable(node, r) - s.requested(node, r);
      let k = Math.max(0, Math.floor(avail / q));
      while (k > 0 && k * q > avail) k--;
      while ((k + 1) * q <= avail) k++;
      if (k < m) m = k;
    }
    return m;
  }

  private staticVerdicts(pod: PodInfo, p: BuiltProfile, kinds: Kind[], state: CycleState): StaticVerdicts {
    const s = this.snapshot;
    let key = this.keys.get(pod.job);
    if (key === undefined) {
      key = JSON.stringify([pod.schedulerName, pod.nodeName ?? null, pod.nodeSelector ?? null, pod.tolerations, pod.requiredNodeAffinity, pod.gpuModels ?? null]);
      this.keys.set(pod.job, key);
    }
    const version = s.cluster.capacityVersion;
    const n = s.nodeCount;
    const cached = this.cache.get(key);
    if (cached && cached.version === version && cached.first.length === n) return cached;
    // Bounded: many distinct pod shapes would otherwise keep a verdict array each.
    if (this.cache.size >= MAX_SHAPES) this.cache.clear();
    const first = new Int16Array(n).fill(-1);
    const status: (Status | undefined)[] = new Array(n);
    for (let node = 0; node < n; node++) {
      for (let i = 0; i < kinds.length; i++) {
        if (kinds[i] !== Kind.Static) continue;
        const st = p.filters[i]!.filter(state, pod, node);
        if (st.code !== 'Success') {
          first[node] = i;
          status[node] = st;
          break;
        }
      }
    }
    const v = { version, first, status };
    this.cache.set(key, v);
    return v;
  }
}
