/**
 * DefaultPreemption (upstream defaultpreemption/default_preemption.go and
 * framework/preemption/preemption.go), the PostFilter.
 *
 * When no node fits a pod (preemptionPolicy PreemptLowerPriority), the
 * candidate nodes are those whose filter failure can be resolved
 * (Unschedulable, not UnschedulableAndUnresolvable). On each, SelectVictimsOnNode:
 * take away every pod of lower priority; if the pod still does not fit, the
 * node is no candidate; else put the removed pods back one by one, most
 * important first (higher priority, then earlier start), those whose eviction
 * would violate a PodDisruptionBudget first, keeping each that still lets the
 * pod fit (reprieve): the rest are the victims. Nodes are dry-run from a
 * random offset (seeded stream) until max(10% of the potential nodes, 100)
 * candidates (args minCandidateNodesPercentage, minCandidateNodesAbsolute),
 * one of them without PDB violation, are found.
 * One node is picked by upstream's criteria in order: fewest PDB violations,
 * lowest highest victim priority, lowest sum of victim priorities, fewest
 * victims, latest earliest start time among the highest-priority victims, then
 * the first candidate.
 *
 * Unit: a victim is a job; preempting it stops all of its pods (clusterlab
 * jobs of several pods are gangs of replicas). The engine frees the victims'
 * resources at once (no graceful termination), and the scheduler binds the
 * preemptor in the same cycle, as the nominated node then fits.
 */
import type { Objects, PodDisruptionBudget } from '../objects.ts';
import { scaledValue } from '../objects.ts';
import { parseArgs, type DefaultPreemptionArgs } from '../plugin-args.ts';
import type { PodInfo } from '../pod.ts';
import { matchesSelector } from '../selectors.ts';
import type { PodOnNode } from '../state.ts';
import { CycleState, NodeStatus, type FilterRunner, type Handle, type PostFilterPlugin, type PostFilterResult } from '../types.ts';
import { maxOf, minOf } from '../../../sim/arrays.ts';

export const NAME = 'DefaultPreemption';

interface Candidate {
  node: number;
  victims: PodOnNode[];
  violations: number;
}

/** Start time of a job's current attempt, given by the scheduler (upstream: pod start time). */
export type StartTimeOf = (job: number) => number;

/** The jobs whose pods exist now: queued (pending) or running, given by the scheduler. */
export type ExistingJobs = () => Iterable<number>;

type Snap = Handle['snapshot'];

/**
 * Disruptions each PDB allows now, as upstream's disruption controller computes
 * DisruptionsAllowed: max(0, currentHealthy − desiredHealthy), currentHealthy
 * being the bound (running) matching pods. The expected count is that of the
 * matching pods that exist now (queued or running; not those yet to be
 * submitted, nor those that ended): upstream counts the existing pods for an
 * integer minAvailable and the controllers' scale for percentages and
 * maxUnavailable, and a clusterlab job's pods are its own controller's
 * replicas. desiredHealthy: minAvailable (an integer, or a percent of the
 * expected count rounded up), or expected − maxUnavailable (likewise), at least 0.
 */
function allowedDisruptions(s: Snap, objects: Objects, existing: ExistingJobs): Map<PodDisruptionBudget, number> {
  const out = new Map<PodDisruptionBudget, number>();
  if (objects.pdbs.length === 0) return out;
  const jobs = s.jobs;
  for (const pdb of objects.pdbs) {
    let healthy = 0;
    for (let node = 0; node < s.nodeCount; node++) {
      for (const e of s.podsOn(node)) if (!e.assumed && e.pod.namespace === pdb.namespace && matchesSelector(pdb.selector, e.pod.labels)) healthy += e.count;
    }
    let expected = 0;
    for (const j of existing()) {
      const input = jobs.input[j] as { tenant?: string; labels?: Record<string, string> };
      if ((input.tenant ?? 'default') === pdb.namespace && matchesSelector(pdb.selector, input.labels ?? {})) expected += jobs.tasks[j]!;
    }
    const desired = pdb.minAvailable !== undefined ? scaledValue(pdb.minAvailable, expected) : Math.max(0, expected - scaledValue(pdb.maxUnavailable!, expected));
    out.set(pdb, Math.max(0, healthy - desired));
  }
  return out;
}

/** Upstream filterPodsWithPDBViolation: the units (most important first) split by whether evicting them violates a PDB, on a copy of the allowed disruptions. */
function splitByPdb(units: readonly PodOnNode[], pdbs: ReadonlyMap<PodDisruptionBudget, number>): { violating: PodOnNode[]; nonViolating: PodOnNode[] } {
  const allowed = new Map(pdbs);
  const violating: PodOnNode[] = [];
  const nonViolating: PodOnNode[] = [];
  for (const u of units) {
    let violates = false;
    for (const [pdb, left] of allowed) {
      if (pdb.namespace !== u.pod.namespace || !matchesSelector(pdb.selector, u.pod.labels)) continue;
      const after = left - u.count;
      allowed.set(pdb, after);
      if (after < 0) violates = true;
    }
    (violates ? violating : nonViolating).push(u);
  }
  return { violating, nonViolating };
}

type Importance = (a: PodOnNode, b: PodOnNode) => number;

/** Upstream SelectVictimsOnNode: evict every lower-priority pod; if the pod then fits, reprieve the most important ones that still let it fit. */
function selectVictimsOnNode(s: Snap, moreImportant: Importance, state: CycleState, pod: PodInfo, node: number, fw: FilterRunner, pdbs: Map<PodDisruptionBudget, number>): Candidate | null {
  const potential = s.podsOn(node).filter((e) => !e.assumed && e.pod.priority < pod.priority);
  if (potential.length === 0) return null;
  const jobsOnNode = [...new Set(potential.map((e) => e.pod.job))];
  const evicted = new Map<number, PodOnNode[]>();
  for (const j of jobsOnNode) evicted.set(j, s.evict(j, node));
  const restoreAll = () => {
    for (const list of evicted.values()) s.restore(node, list);
  };
  if (fw.runFilters(state, pod, node).code !== 'Success') {
    restoreAll();
    return null;
  }
  const units = jobsOnNode.map((j) => evicted.get(j)![0]!).sort(moreImportant);
  const { violating, nonViolating } = splitByPdb(units, pdbs);
  const victims: PodOnNode[] = [];
  let violations = 0;
  const reprieve = (u: PodOnNode, isViolating: boolean) => {
    const list = evicted.get(u.pod.job)!;
    s.restore(node, list);
    if (fw.runFilters(state, pod, node).code === 'Success') {
      evicted.delete(u.pod.job);
      return;
    }
    evicted.set(u.pod.job, s.evict(u.pod.job, node));
    victims.push(u);
    if (isViolating) violations++;
  };
  for (const u of violating) reprieve(u, true);
  for (const u of nonViolating) reprieve(u, false);
  restoreAll();
  return { node, victims, violations };
}

/** Upstream pickOneNodeForPreemption, criteria in order. */
function pick(candidates: Candidate[], startTimeOf: StartTimeOf): Candidate {
  let best = candidates;
  const keep = (score: (c: Candidate) => number) => {
    let min = Infinity;
    for (const c of best) min = Math.min(min, score(c));
    best = best.filter((c) => score(c) === min);
  };
  keep((c) => c.violations);
  const highest = (c: Candidate) => maxOf(c.victims.map((v) => v.pod.priority));
  keep(highest);
  keep((c) => c.victims.reduce((sum, v) => sum + v.pod.priority + 2 ** 31, 0));
  keep((c) => c.victims.length);
  // Latest start time among each node's highest-priority victims' earliest start: maximize it.
  keep((c) => {
    const h = highest(c);
    return -minOf(c.victims.filter((v) => v.pod.priority === h).map((v) => startTimeOf(v.pod.job)));
  });
  return best[0]!;
}

/** From raw args (tests); the scheduler builds it from validated ones (defaultPreemptionFrom). */
export function createDefaultPreemption(handle: Handle, objects: Objects, startTimeOf: StartTimeOf, rawArgs: Record<string, unknown> = {}, existing: ExistingJobs = () => []): PostFilterPlugin {
  return defaultPreemptionFrom(handle, objects, startTimeOf, parseArgs<DefaultPreemptionArgs>(NAME, rawArgs), existing);
}

export function defaultPreemptionFrom(handle: Handle, objects: Objects, startTimeOf: StartTimeOf, args: DefaultPreemptionArgs, existing: ExistingJobs): PostFilterPlugin {
  const s = handle.snapshot;
  const { minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs } = args;
  const moreImportant: Importance = (a, b) => {
    if (a.pod.priority !== b.pod.priority) return b.pod.priority - a.pod.priority;
    return startTimeOf(a.pod.job) - startTimeOf(b.pod.job) || a.pod.job - b.pod.job;
  };

  return {
    name: NAME,
    postFilter(state: CycleState, pod: PodInfo, statuses: Uint8Array, fw: FilterRunner): PostFilterResult | null {
      const potential: number[] = [];
      for (let node = 0; node < statuses.length; node++) if (statuses[node] === NodeStatus.Unschedulable) potential.push(node);
      if (potential.length === 0) return null;
      const numCandidates = Math.min(potential.length, Math.max(Math.trunc((potential.length * pct) / 100), abs));
      const offset = Math.floor(handle.random() * potential.length);
      const pdbs = allowedDisruptions(s, objects, existing);
      const candidates: Candidate[] = [];
      let nonViolating = 0;
      for (let k = 0; k < potential.length; k++) {
        const node = potential[(offset + k) % potential.length]!;
        const c = selectVictimsOnNode(s, moreImportant, state, pod, node, fw, pdbs);
        if (!c) continue;
        candidates.push(c);
        if (c.violations === 0) nonViolating++;
        // Upstream DryRunPreemption: stop once there is a non-violating candidate and enough candidates in all.
        if (nonViolating > 0 && candidates.length >= numCandidates) break;
      }
      if (candidates.length === 0) return null;
      const chosen = pick(candidates, startTimeOf);
      return {
        node: chosen.node,
        victims: chosen.victims.map((v) => v.pod.job),
        detail: { candidates: candidates.length, pdb_violations: chosen.violations },
      };
    },
  };
}
