/**
 * A kube-scheduler-style scheduler as a clusterlab SchedulingPolicy.
 *
 * At each pass the queued pods are taken in queue-sort order and each gets one
 * scheduling cycle (a job of k tasks: k cycles, its pods assumed one after the
 * other, then bound together, or none):
 *   PreFilter → Filter over the nodes from a round-robin start until enough
 *   feasible nodes are found (percentageOfNodesToScore) → PostFilter
 *   (preemption) when none → PreScore → Score, NormalizeScore, × weight →
 *   select host (highest total; ties broken by reservoir sampling on the run's
 *   seeded tie-break stream, as upstream's selectHost does with math/rand) →
 *   devices (GPU-shaped pods) → bind through ctx.start.
 *
 * The NodeResourcesFit filter is backed by the cluster's index of free
 * capacity (sim/cluster.ts scanFit): nodes where the pod's request cannot fit
 * are skipped without evaluating any plugin, so finding K feasible nodes costs
 * about O(K log n) instead of a scan; the set found is the same as a scan's
 * (the first K feasible nodes after the start), so results do not depend on it.
 * When explaining, or when no node fits, every examined node goes through the
 * filters to say why.
 *
 * A pod that failed is not tried again until something that could help it
 * happened (a job ended or was preempted, capacity changed; for pods with
 * required pod affinity or hard spread constraints, any start), as upstream's
 * unschedulable queue. Gangs (job.gang: all or nothing with minMember and a
 * timeout) and ResourceQuotas are handled here; see docs/batch-schedulers.md "Gangs, quotas and
 * fairness".
 */
import type { Placement } from '../../sim/cluster.ts';
import { SimulationError } from '../../sim/errors.ts';
import type { JobTable } from '../../sim/jobs.ts';
import { JobState, type SchedulingContext, type SchedulingPolicy } from '../../sim/policy.ts';
import type { Random } from '../../sim/rng.ts';
import type { ProfileConfig } from './config.ts';
import { fitErrorMessage, newTally, tallyFailure, tallyToJson, TallyRun, type FilterTally } from './explain.ts';
import { emptyObjects, type Objects } from './objects.ts';
import { admitBound } from './bound.ts';
import { podInfoOf, type PodInfo } from './pod.ts';
import { devicesFor } from './plugins/gpu-share.ts';
import { JobFitCheck } from './job-fit.ts';
import { buildProfile, type BuiltProfile } from './registry.ts';
import { Snapshot } from './state.ts';
import { CycleState, NodeStatus, SUCCESS, type Handle, type PreScorePlugin, type Status } from './types.ts';
import { appendAll } from '../../sim/arrays.ts';

export type UnschedulableMode = 'auto' | 'wait' | 'reject';

export interface FrameworkOptions {
  /**
   * The configuration's profiles. A pod is scheduled by the profile named by
   * its schedulerName (default-scheduler when it has none), as upstream; a pod
   * that names no profile here is rejected, saying so (upstream would leave it
   * Pending for another scheduler, which a simulation of this one cannot run),
   * unless it is already bound (nodeName: a snapshot's running pod), which
   * stays on its node whoever scheduled it.
   * They share one queue, ordered by the first profile's queueSort (the
   * configuration requires the same queueSort for all).
   */
  profiles: readonly ProfileConfig[];
  /** The run's tie-break stream. */
  random: Random;
  objects?: Objects;
  /**
   * What happens to a pod no node can take: `wait` (stay pending, as
   * kube-scheduler), `reject` (at once), or `auto` (default): reject when no
   * running job will ever end (pods that never depart, e.g. fill mode), where
   * waiting could only stall, else wait.
   */
  unschedulable?: UnschedulableMode;
  /** Scored nodes listed per explained attempt (the best by total). */
  explainNodes?: number;
  /** Name in errors and outputs. */
  name?: string;
}

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

interface CycleResult {
  node: number;
  devices: number[] | undefined;
  scores?: Record<string, unknown>[];
  feasible: number;
  examined: number;
  tally: FilterTally | null;
}

interface CycleFailure {
  tally: FilterTally;
  statuses: Uint8Array | null;
  message: string;
  examined: number;
  preFilter: boolean;
}

export function createFrameworkScheduler(options: FrameworkOptions): SchedulingPolicy {
  const objects = options.objects ?? emptyObjects();
  const mode = options.unschedulable ?? 'auto';
  const explainNodes = options.explainNodes ?? 10;
  if (options.profiles.length === 0) throw new Error('createFrameworkScheduler: no profile');
  const name = options.name ?? `kube-scheduler(${options.profiles.map((p) => p.schedulerName).join(',')})`;
  let snapshot: Snapshot | null = null;
  let fitCheck: JobFitCheck | null = null;
  /** Built profiles by schedulerName; `first` holds the shared queue sort. */
  const built = new Map<string, BuiltProfile>();
  let first: BuiltProfile | null = null;
  let jobsRef: JobTable | null = null;
  const pods = new Map<number, PodInfo>();
  const hopeless = new Map<number, string>();
  /** Generation of events that can help pending pods (ends, preemptions, capacity). */
  let freedGen = 0;
  let startGen = 0;
  let capacitySeen = -1;
  const failedAt = new Map<number, { freed: number; start: number }>();
  let nextStartNodeIndex = 0;
  const gangMembers = new Map<string, number[]>();
  const gangDeadlines = new Map<string, number>();
  const gangSatisfied = new Set<string>();
  const wakeRequested = new Set<number>();

  const init = (ctx: SchedulingContext) => {
    if (snapshot) return;
    jobsRef = ctx.jobs;
    snapshot = new Snapshot(ctx.cluster, ctx.jobs);
    fitCheck = new JobFitCheck(snapshot);
    const handle: Handle = { snapshot, random: options.random };
    const existing = function* () {
      for (const j of ctx.queued()) if (ctx.state(j) === JobState.Queued) yield j;
      yield* ctx.running();
    };
    for (const config of options.profiles) built.set(config.schedulerName, buildProfile(config, handle, objects, (job) => ctx.startTime(job), existing));
    first = built.get(options.profiles[0]!.schedulerName)!;
  };

  // A pod already bound to a node (a snapshot's running pod) keeps its node whichever scheduler bound it: the first profile places it there.
  const profileOf = (pod: PodInfo): BuiltProfile => built.get(pod.schedulerName) ?? first!;

  const podOf = (job: number): PodInfo => {
    let p = pods.get(job);
    if (!p) {
      p = podInfoOf(job, jobsRef!);
      const pc = p.priorityClass !== undefined ? objects.priorityClasses.get(p.priorityClass) : [...objects.priorityClasses.values()].find((c) => c.globalDefault);
      if (pc) p = { ...p, priority: pc.value, preemptionPolicy: pc.preemptionPolicy };
      pods.set(job, p);
    }
    return p;
  };

  /** The plugin whose filter failed in the last runFilters call (not allocated per node: this runs for every node examined). */
  let failedPlugin = '';
  const scoreBuffer: number[] = [];
  const NODE_DOWN: Status = { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were down'] };
  /** Runs every filter plugin on `node` in order; the first failure wins (upstream RunFilterPlugins). */
  const runFilters = (state: CycleState, pod: PodInfo, node: number, p: BuiltProfile = profileOf(pod)): Status => {
    if (!snapshot!.cluster.isUp(node)) {
      failedPlugin = 'NodeReady';
      return NODE_DOWN;
    }
    const filters = p.filters;
    for (let i = 0; i < filters.length; i++) {
      const st = filters[i]!.filter(state, pod, node);
      if (st.code !== 'Success') {
        failedPlugin = filters[i]!.name;
        return st;
      }
    }
    return SUCCESS;
  };

  /** PreScore → Score, NormalizeScore, × weight → the node with the highest total (upstream selectHost); scores per node when explaining. */
  const selectHost = (state: CycleState, pod: PodInfo, p: BuiltProfile, feasible: readonly number[], explaining: boolean): { chosen: number; scoreRecords: Record<string, unknown>[] | undefined } => {
    const active = p.scores.filter((sp) => {
      const pre = (sp.plugin as Partial<PreScorePlugin>).preScore;
      return !pre || pre.call(sp.plugin, state, pod, feasible).code !== 'Skip';
    });
    const totals = new Float64Array(feasible.length);
    const perPlugin: { name: string; weight: number; raw: number[]; normalized: number[] }[] = [];
    for (const { plugin, weight } of active) {
      // One buffer for every plugin's scores (normalized in place); copies only when explaining.
      const scores = scoreBuffer;
      scores.length = feasible.length;
      for (let i = 0; i < feasible.length; i++) scores[i] = plugin.score(state, pod, feasible[i]!);
      const raw = explaining ? scores.slice() : scores;
      plugin.normalizeScore?.(state, pod, feasible, scores);
      for (let i = 0; i < feasible.length; i++) totals[i]! += scores[i]! * weight;
      if (explaining) perPlugin.push({ name: plugin.name, weight, raw, normalized: scores.slice() });
    }
    if (active.length === 0) totals.fill(1);
    // selectHost: the highest total; ties by reservoir sampling on the seeded stream.
    let best = 0;
    let ties = 1;
    for (let i = 1; i < feasible.length; i++) {
      if (totals[i]! > totals[best]!) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        if (Math.floor(options.random() * ties) === 0) best = i;
      }
    }
    const chosen = feasible[best]!;
    if (explaining) {
      const order = feasible.map((_, i) => i).sort((a, b) => totals[b]! - totals[a]! || feasible[a]! - feasible[b]!);
      const listed = order.slice(0, explainNodes);
      if (!listed.includes(best)) listed.push(best);
      const scoreRecords = listed.map((i) => ({
        node: snapshot!.nodeName(feasible[i]!),
        plugins: Object.fromEntries(perPlugin.map((pp) => [pp.name, { raw: pp.raw[i], normalized: pp.normalized[i], weight: pp.weight, weighted: pp.normalized[i]! * pp.weight }])),
        total: totals[i],
      }));
      return { chosen, scoreRecords };
    }
    return { chosen, scoreRecords: undefined };
  };

  /** One scheduling cycle for one pod: a node (and devices), or why not. */
  const cycle = (ctx: SchedulingContext, pod: PodInfo, explaining: boolean): CycleResult | CycleFailure => {
    const s = snapshot!;
    if (pod.nodeName !== undefined) {
      // Bound (spec.nodeName): no filter, no score; the pod stays on its node (bound.ts).
      const b = admitBound(s, pod);
      if ('node' in b) return { node: b.node, devices: b.devices, feasible: 1, examined: 1, tally: null };
      const tally = newTally();
      tallyFailure(tally, 'NodeName', b.reasons);
      return { tally, statuses: null, message: `bound to node ${pod.nodeName} (spec.nodeName), which cannot take it: ${b.reasons.join(', ')}`, examined: 1, preFilter: false };
    }
    const p = profileOf(pod);
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
    const toFind = numFeasibleNodesToFind(n, p.percentageOfNodesToScore);
    const feasible: number[] = [];
    const start = n === 0 ? 0 : nextStartNodeIndex % n;
    const run = explaining ? new TallyRun(newTally()) : null;
    let last = start - 1;
    let stopped = false;
    // Node-static filters from the verdicts cached for this pod's shape when they apply (job-fit.ts): same answers.
    const fast = fitCheck!.nodeFilter(pod, p, state);
    const visit = (node: number): boolean => {
      last = node;
      let st: Status;
      if (fast) {
        const failed = fast(node);
        if (failed) failedPlugin = fitCheck!.failedPlugin;
        st = failed ?? SUCCESS;
      } else st = runFilters(state, pod, node, p);
      if (st.code === 'Success') {
        feasible.push(node);
        if (feasible.length >= toFind) {
          stopped = true;
          return true;
        }
      } else if (run) run.add(failedPlugin, st.reasons);
      return false;
    };
    if (p.fitIndex && !explaining) {
      const req = ctx.jobs.requestOf(pod.job);
      s.cluster.scanFit(req, start, visit);
      if (!stopped && start > 0) {
        s.cluster.scanFit(req, 0, (node) => (node >= start ? true : visit(node)));
      }
    } else {
      for (let k = 0; k < n && !stopped; k++) visit((start + k) % n);
    }
    const processed = stopped ? ((last - start + n) % n) + 1 : n;
    nextStartNodeIndex = n === 0 ? 0 : (start + processed) % n;
    if (feasible.length === 0) {
      // Diagnose every node (the index skipped some without saying why): from the cached node-static verdicts when they apply.
      if (s.nodesOf(pod.job).length === 0) {
        const short = fitCheck!.shortfall(pod, p);
        if (short) return { tally: short.tally, statuses: short.statuses, message: short.message, examined: n, preFilter: false };
      }
      const statuses = new Uint8Array(n);
      const all = new TallyRun(newTally());
      for (let node = 0; node < n; node++) {
        const st = runFilters(state, pod, node, p);
        if (st.code === 'Success') statuses[node] = NodeStatus.Feasible;
        else {
          statuses[node] = st.code === 'UnschedulableAndUnresolvable' ? NodeStatus.Unresolvable : NodeStatus.Unschedulable;
          all.add(failedPlugin, st.reasons);
        }
      }
      const tally = all.flush();
      return { tally, statuses, message: fitErrorMessage(n, tally), examined: n, preFilter: false };
    }
    const { chosen, scoreRecords } = feasible.length > 1 ? selectHost(state, pod, p, feasible, explaining) : { chosen: feasible[0]!, scoreRecords: undefined };
    const devices = pod.gpu ? (p.deviceChooser?.chooseDevices(pod, chosen) ?? devicesFor(pod, s, chosen)) : undefined;
    if (pod.gpu && !devices) throw new SimulationError(name, ctx.now, `no GPU devices for pod ${pod.id} on feasible node ${s.nodeName(chosen)}`);
    return { node: chosen, devices: devices ?? undefined, scores: scoreRecords, feasible: feasible.length, examined: processed, tally: run ? run.flush() : null };
  };

  const isFailure = (r: CycleResult | CycleFailure): r is CycleFailure => (r as CycleFailure).message !== undefined;

  /** Assumes every pod of a job; on failure forgets them and returns the failure. */
  const assumeJob = (ctx: SchedulingContext, pod: PodInfo, explaining: boolean): { placements: CycleResult[] } | { failure: CycleFailure; at: number } => {
    if (pod.tasks > 1) {
      // A job that cannot fit whole fails without assuming any pod (job-fit.ts): no cycles, no tie-break draws.
      const short = fitCheck!.shortfall(pod, profileOf(pod));
      if (short) return { failure: { tally: short.tally, statuses: short.statuses, message: short.message, examined: snapshot!.nodeCount, preFilter: false }, at: short.placed };
    }
    const placements: CycleResult[] = [];
    for (let t = 0; t < pod.tasks; t++) {
      const r = cycle(ctx, pod, explaining);
      if (isFailure(r)) {
        snapshot!.remove(pod.job);
        return { failure: r, at: t };
      }
      snapshot!.add(pod, r.node, 1, r.devices, true);
      placements.push(r);
    }
    return { placements };
  };

  const bind = (ctx: SchedulingContext, pod: PodInfo, placements: readonly CycleResult[]) => {
    const order: number[] = [];
    const count = new Map<number, number>();
    const devs = new Map<number, number[]>();
    for (const r of placements) {
      if (!count.has(r.node)) order.push(r.node);
      count.set(r.node, (count.get(r.node) ?? 0) + 1);
      if (r.devices) {
        const d = devs.get(r.node) ?? [];
        appendAll(d, r.devices);
        devs.set(r.node, d);
      }
    }
    const placement: Placement = pod.gpu
      ? { nodes: order, counts: order.map((x) => count.get(x)!), devices: order.flatMap((x) => devs.get(x) ?? []) }
      : { nodes: order, counts: order.map((x) => count.get(x)!) };
    ctx.start(pod.job, placement);
    snapshot!.bind(pod.job);
    fitCheck!.forget(pod.job);
    startGen++;
    failedAt.delete(pod.job);
  };

  const explainScheduled = (ctx: SchedulingContext, pod: PodInfo, placements: readonly CycleResult[], extra: Record<string, unknown> = {}) => {
    const first = placements[0]!;
    ctx.explain({
      time: ctx.now,
      pod: pod.id,
      decision: 'scheduled',
      node: snapshot!.nodeName(first.node),
      ...(placements.length > 1 ? { nodes: placements.map((r) => snapshot!.nodeName(r.node)) } : {}),
      ...(first.devices && first.devices.length ? { devices: first.devices } : {}),
      evaluated: first.examined,
      feasible: first.feasible,
      filtered: first.tally ? tallyToJson(first.tally) : {},
      scores: first.scores ?? [],
      ...extra,
    });
  };

  const explainFailure = (ctx: SchedulingContext, pod: PodInfo, f: CycleFailure, decision: string, extra: Record<string, unknown> = {}) => {
    ctx.explain({ time: ctx.now, pod: pod.id, decision, message: f.message, evaluated: f.examined, filtered: tallyToJson(f.tally), ...extra });
  };

  /** One pod (all its tasks): schedule, else try preemption, else record the failure. Returns requeued victims. */
  const schedulePod = (ctx: SchedulingContext, pod: PodInfo, failures: Map<number, string>): number[] => {
    const explaining = ctx.explaining;
    const r = assumeJob(ctx, pod, explaining);
    if ('placements' in r) {
      bind(ctx, pod, r.placements);
      if (explaining) explainScheduled(ctx, pod, r.placements);
      return [];
    }
    const f = r.failure;
    // PostFilter (preemption) for the first pod of the job only: later pods failing means the job is too wide right now.
    const postFilters = profileOf(pod).postFilters;
    if (r.at === 0 && f.statuses && postFilters.length > 0 && pod.preemptionPolicy !== 'Never') {
      for (const pf of postFilters) {
        const nominated = pf.postFilter(new CycleState(), pod, f.statuses, { runFilters });
        if (!nominated) continue;
        for (const v of nominated.victims) ctx.preempt(v, `preempted by ${pod.id} (priority ${pod.priority}) on node ${snapshot!.nodeName(nominated.node)}`);
        freedGen++;
        if (explaining) explainFailure(ctx, pod, f, 'preempting', { nominated_node: snapshot!.nodeName(nominated.node), victims: nominated.victims.map((v) => ctx.jobs.ids[v]), ...nominated.detail });
        const again = assumeJob(ctx, pod, explaining);
        if ('placements' in again) {
          bind(ctx, pod, again.placements);
          if (explaining) explainScheduled(ctx, pod, again.placements, { after_preemption: true });
          return [...nominated.victims];
        }
        failures.set(pod.job, again.failure.message);
        failedAt.set(pod.job, { freed: freedGen, start: startGen });
        return [...nominated.victims];
      }
    }
    if (explaining) explainFailure(ctx, pod, f, 'unschedulable', r.at > 0 ? { placed_before_failure: r.at, tasks: pod.tasks } : {});
    failures.set(pod.job, r.at > 0 ? `${f.message} (${r.at} of ${pod.tasks} pods placed; the job needs all)` : f.message);
    failedAt.set(pod.job, { freed: freedGen, start: startGen });
    return [];
  };

  const needsStartRetry = (p: PodInfo) => p.requiredAffinity.length > 0 || p.spreadConstraints.some((c) => c.whenUnsatisfiable === 'DoNotSchedule') || p.gang !== undefined;

  /** Gang: assume every queued member; bind them all if the gang reaches minMember, else forget them. */
  const scheduleGang = (ctx: SchedulingContext, leader: PodInfo, order: (a: PodInfo, b: PodInfo) => number, done: Set<number>) => {
    const gang = leader.gang!;
    const members = (gangMembers.get(gang.name) ?? []).filter((j) => j !== undefined);
    for (const m of members) done.add(m);
    const queued = members.filter((j) => ctx.state(j) === JobState.Queued).map(podOf).sort(order);
    const running = members.filter((j) => ctx.state(j) === JobState.Running).length;
    if (queued.length + running < gang.minMember) {
      if (ctx.explaining) ctx.explain({ time: ctx.now, pod: leader.id, decision: 'waiting', gang: gang.name, reason: `gang ${gang.name} has ${queued.length + running} of minMember ${gang.minMember} pods` });
      return;
    }
    const assumed: { pod: PodInfo; placements: CycleResult[] }[] = [];
    const failed: { pod: PodInfo; failure: CycleFailure }[] = [];
    for (const m of queued) {
      const r = assumeJob(ctx, m, ctx.explaining);
      if ('placements' in r) assumed.push({ pod: m, placements: r.placements });
      else failed.push({ pod: m, failure: r.failure });
    }
    if (assumed.length + running >= gang.minMember) {
      gangSatisfied.add(gang.name);
      for (const a of assumed) {
        bind(ctx, a.pod, a.placements);
        if (ctx.explaining) explainScheduled(ctx, a.pod, a.placements, { gang: gang.name });
      }
    } else {
      for (const a of assumed) snapshot!.remove(a.pod.job);
      if (ctx.explaining) {
        ctx.explain({
          time: ctx.now,
          pod: leader.id,
          decision: 'unschedulable',
          gang: gang.name,
          reason: `gang ${gang.name}: ${assumed.length + running} of minMember ${gang.minMember} pods fit; none bound`,
          failed: failed.map((f) => ({ pod: f.pod.id, message: f.failure.message })),
        });
      }
      for (const m of queued) failedAt.set(m.job, { freed: freedGen, start: startGen });
    }
  };

  return {
    name,

    onSubmit(job, ctx) {
      init(ctx);
      const jobs = ctx.jobs;
      const unknown = jobs.unknownResources[job];
      if (unknown) {
        hopeless.set(job, `requests ${unknown.join(', ')}, which no node has`);
        return;
      }
      const fit = ctx.cluster.tasksThatFitEmpty(jobs.requestOf(job));
      if (fit < jobs.tasks[job]!) {
        hopeless.set(job, `needs ${jobs.tasks[job]} pod(s); the empty cluster holds at most ${fit}`);
        return;
      }
      let pod: PodInfo;
      try {
        pod = podOf(job);
      } catch (err) {
        hopeless.set(job, (err as Error).message);
        return;
      }
      if (!built.has(pod.schedulerName) && pod.nodeName === undefined) {
        hopeless.set(job, `schedulerName ${JSON.stringify(pod.schedulerName)} names no profile of this configuration (profiles: ${[...built.keys()].join(', ')})`);
        return;
      }
      const quota = profileOf(pod).quotaCheck?.(pod);
      if (quota) {
        hopeless.set(job, quota);
        return;
      }
      if (pod.gang) {
        const list = gangMembers.get(pod.gang.name);
        if (list) list.push(job);
        else gangMembers.set(pod.gang.name, [job]);
        if (pod.gang.timeout !== undefined && !gangDeadlines.has(pod.gang.name)) gangDeadlines.set(pod.gang.name, ctx.now + pod.gang.timeout);
      }
    },

    onEnd(job) {
      snapshot?.remove(job);
      freedGen++;
    },

    onRequeue(job) {
      snapshot?.remove(job);
      freedGen++;
    },

    schedule(ctx) {
      init(ctx);
      const s = snapshot!;
      s.sync();
      fitCheck!.newPass();
      if (ctx.cluster.capacityVersion !== capacitySeen) {
        capacitySeen = ctx.cluster.capacityVersion;
        freedGen++;
      }
      for (const [job, reason] of hopeless) {
        if (ctx.state(job) !== JobState.Queued) continue;
        ctx.reject(job, reason);
        if (ctx.explaining) ctx.explain({ time: ctx.now, pod: ctx.jobs.ids[job], decision: 'rejected', reason });
      }
      hopeless.clear();
      // Gang timeouts: members of a gang that never reached minMember in time are rejected.
      for (const [gang, deadline] of gangDeadlines) {
        if (gangSatisfied.has(gang)) continue;
        if (ctx.now >= deadline) {
          for (const j of gangMembers.get(gang) ?? []) {
            if (ctx.state(j) !== JobState.Queued) continue;
            const pod = podOf(j);
            const reason = `gang ${gang} did not reach minMember ${pod.gang!.minMember} within its timeout (${pod.gang!.timeout} s)`;
            ctx.reject(j, reason);
            if (ctx.explaining) ctx.explain({ time: ctx.now, pod: pod.id, decision: 'rejected', gang, reason });
          }
          gangDeadlines.delete(gang);
        } else if (!wakeRequested.has(deadline)) {
          wakeRequested.add(deadline);
          ctx.wakeAt(deadline);
        }
      }
      const qs = first!.queueSort;
      // Bound pods first: they already run on their nodes (bound.ts); then the queue sort.
      const order = (a: PodInfo, b: PodInfo) => Number(a.nodeName === undefined) - Number(b.nodeName === undefined) || (qs.less(a, b) ? -1 : qs.less(b, a) ? 1 : a.job - b.job);
      const list = ctx.queued().filter((j) => ctx.state(j) === JobState.Queued).map(podOf);
      const dynamic = first!.dynamicQueue;
      if (!dynamic) list.sort(order);
      const done = new Set<number>();
      const failures = new Map<number, string>();
      let i = 0;
      while (i < list.length) {
        let pod: PodInfo;
        if (dynamic) {
          // Fair-share orders change as pods start: take the first of the rest each time.
          let best = i;
          for (let k = i + 1; k < list.length; k++) if (order(list[k]!, list[best]!) < 0) best = k;
          [list[i], list[best]] = [list[best]!, list[i]!];
        }
        pod = list[i++]!;
        if (done.has(pod.job) || ctx.state(pod.job) !== JobState.Queued) continue;
        done.add(pod.job);
        const failed = failedAt.get(pod.job);
        if (failed && failed.freed === freedGen && (!needsStartRetry(pod) || failed.start === startGen)) {
          failures.set(pod.job, 'unschedulable (nothing changed since the last attempt)');
          continue;
        }
        if (pod.gang) {
          scheduleGang(ctx, pod, order, done);
          continue;
        }
        const victims = schedulePod(ctx, pod, failures);
        for (const v of victims) if (ctx.state(v) === JobState.Queued) list.push(podOf(v));
      }
      if (mode === 'wait' || failures.size === 0) return;
      const running = ctx.running();
      const nothingEnds = running.length === 0 || !Number.isFinite(ctx.expectedEnd(running[0]!));
      if (mode === 'reject' || nothingEnds) {
        for (const [job, message] of failures) {
          if (ctx.state(job) !== JobState.Queued) continue;
          const reason = mode === 'reject' ? message : `${message} (no running job will ever end)`;
          ctx.reject(job, reason);
          if (ctx.explaining) ctx.explain({ time: ctx.now, pod: ctx.jobs.ids[job], decision: 'rejected', reason });
          failedAt.delete(job);
        }
      }
    },
  };
}
