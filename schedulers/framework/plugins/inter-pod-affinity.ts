/**
 * InterPodAffinity (upstream interpodaffinity/{filtering,scoring}.go).
 *
 * Filter, in upstream's order:
 * 1. the pod's required affinity: for every term the node's topology domain
 *    (term.topologyKey) holds a pod matching all the pod's terms, unless no pod
 *    anywhere matches them and the pod matches its own terms (the first pod of
 *    a group) → else "node(s) didn't match pod affinity rules" (unresolvable);
 *    a node without a term's key fails;
 * 2. the pod's required anti-affinity: no pod matching a term in the node's
 *    domain → else "node(s) didn't match pod anti-affinity rules";
 * 3. existing pods' required anti-affinity: no pod whose term matches the
 *    incoming pod in the node's domain → else "node(s) didn't satisfy existing
 *    pods anti-affinity rules".
 * Terms match pods by label selector in the term's namespaces (default: the
 * namespace of the pod owning the term).
 *
 * Score: per topology domain, + weight for each existing pod matching one of
 * the pod's preferred affinity terms, − weight for preferred anti-affinity,
 * + hardPodAffinityWeight (args, 0..100, default 1) for each existing pod whose
 * required affinity term matches the pod, ± weight for existing pods'
 * preferred (anti-)affinity terms matching the pod; a node scores the sum over
 * its domains. Normalized min-max: 100 × (score − min) / (max − min), all 0
 * when equal. PreScore skips pods when neither they nor any existing pod have
 * affinity terms, and, with args ignorePreferredTermsOfExistingPods, pods
 * without preferred terms of their own.
 */
import { parseArgs, type ConfigVersion, type InterPodAffinityArgs } from '../plugin-args.ts';
import type { PodAffinityTerm, PodInfo, WeightedPodAffinityTerm } from '../pod.ts';
import { termMatches } from '../pod.ts';
import { emptyObjects, namespaceLabels, type Objects } from '../objects.ts';
import { nodeLabel } from '../topology.ts';
import { CycleState, MAX_NODE_SCORE, SKIP, SUCCESS, unresolvable, unschedulable, type FilterPlugin, type Handle, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin, type Status } from '../types.ts';

export const NAME = 'InterPodAffinity';
export const REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const REASON_ANTI = "node(s) didn't match pod anti-affinity rules";
export const REASON_EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules";

const pair = (key: string, value: string) => `${key}\u0000${value}`;

interface FilterState {
  existingAnti: Map<string, number>;
  affinity: Map<string, number>;
  anti: Map<string, number>;
}

/** What the plugin's steps read: the snapshot and the namespace labels, looked up for every (term, pod) pair the plugin matches. */
interface Env {
  s: Handle['snapshot'];
  nsLabels: (namespace: string) => Readonly<Record<string, string>>;
}

const add = (m: Map<string, number>, key: string, value: string | undefined, n: number) => {
  if (value === undefined) return;
  const k = pair(key, value);
  m.set(k, (m.get(k) ?? 0) + n);
};

const matchesAll = (env: Env, terms: readonly PodAffinityTerm[], owner: PodInfo, p: PodInfo) => terms.every((t) => termMatches(t, owner.namespace, p, env.nsLabels));

/** PreFilter: counts per topology pair of existing pods' anti-affinity matching `pod`, and of pods matching `pod`'s required (anti-)affinity; null when nothing applies. */
function filterState(env: Env, pod: PodInfo): FilterState | null {
  const s = env.s;
  const existingAnti = new Map<string, number>();
  const affinity = new Map<string, number>();
  const anti = new Map<string, number>();
  const own = pod.requiredAffinity.length + pod.requiredAntiAffinity.length > 0;
  if (!own && s.podsWithAffinity.size === 0) return null;
  for (let node = 0; node < s.nodeCount; node++) {
    for (const e of s.podsOn(node)) {
      const p = e.pod;
      for (const t of p.requiredAntiAffinity) if (termMatches(t, p.namespace, pod, env.nsLabels)) add(existingAnti, t.topologyKey, nodeLabel(s, node, t.topologyKey), e.count);
      if (!own) continue;
      if (pod.requiredAffinity.length > 0 && matchesAll(env, pod.requiredAffinity, pod, p)) {
        for (const t of pod.requiredAffinity) add(affinity, t.topologyKey, nodeLabel(s, node, t.topologyKey), e.count);
      }
      for (const t of pod.requiredAntiAffinity) if (termMatches(t, pod.namespace, p, env.nsLabels)) add(anti, t.topologyKey, nodeLabel(s, node, t.topologyKey), e.count);
    }
  }
  return { existingAnti, affinity, anti };
}

/** Filter, in upstream's order (see above). */
function filterNode(env: Env, fs: FilterState, pod: PodInfo, node: number): Status {
  const s = env.s;
  if (pod.requiredAffinity.length > 0) {
    let podsExist = true;
    for (const t of pod.requiredAffinity) {
      const v = nodeLabel(s, node, t.topologyKey);
      if (v === undefined) return unresolvable(REASON_AFFINITY);
      if ((fs.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
    }
    if (!podsExist && !(fs.affinity.size === 0 && matchesAll(env, pod.requiredAffinity, pod, pod))) return unresolvable(REASON_AFFINITY);
  }
  for (const t of pod.requiredAntiAffinity) {
    const v = nodeLabel(s, node, t.topologyKey);
    if (v !== undefined && (fs.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return unschedulable(REASON_ANTI);
  }
  for (const [k, count] of fs.existingAnti) {
    if (count <= 0) continue;
    const [key, value] = k.split('\u0000') as [string, string];
    if (nodeLabel(s, node, key) === value) return unschedulable(REASON_EXISTING_ANTI);
  }
  return SUCCESS;
}

/** PreScore: the weighted sum per topology pair over every existing pod (see above). */
function preferredScores(env: Env, pod: PodInfo, hardWeight: number): Map<string, number> {
  const s = env.s;
  const scores = new Map<string, number>();
  const terms = (list: readonly WeightedPodAffinityTerm[], owner: PodInfo, target: PodInfo, node: number, sign: number) => {
    for (const w of list) if (termMatches(w.term, owner.namespace, target, env.nsLabels)) add(scores, w.term.topologyKey, nodeLabel(s, node, w.term.topologyKey), sign * w.weight);
  };
  for (let node = 0; node < s.nodeCount; node++) {
    for (const e of s.podsOn(node)) {
      const p = e.pod;
      for (let k = 0; k < e.count; k++) {
        terms(pod.preferredAffinity, pod, p, node, 1);
        terms(pod.preferredAntiAffinity, pod, p, node, -1);
        if (hardWeight > 0) for (const t of p.requiredAffinity) if (termMatches(t, p.namespace, pod, env.nsLabels)) add(scores, t.topologyKey, nodeLabel(s, node, t.topologyKey), hardWeight);
        terms(p.preferredAffinity, p, pod, node, 1);
        terms(p.preferredAntiAffinity, p, pod, node, -1);
      }
    }
  }
  return scores;
}

/** From raw args (tests); the scheduler builds it from validated ones (interPodAffinityFrom). */
export function createInterPodAffinity(handle: Handle, rawArgs: Record<string, unknown> = {}, version: ConfigVersion = 'v1', objects: Objects = emptyObjects()): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return interPodAffinityFrom(handle, parseArgs<InterPodAffinityArgs>(NAME, rawArgs, version), objects);
}

export function interPodAffinityFrom(handle: Handle, args: InterPodAffinityArgs, objects: Objects): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const s = handle.snapshot;
  // Built once per namespace.
  const labelsByNamespace = new Map<string, Readonly<Record<string, string>>>();
  const nsLabels = (namespace: string) => {
    let labels = labelsByNamespace.get(namespace);
    if (!labels) labelsByNamespace.set(namespace, (labels = namespaceLabels(objects, namespace)));
    return labels;
  };
  const env: Env = { s, nsLabels };
  const hardWeight = args.hardPodAffinityWeight;
  const ignoreExisting = args.ignorePreferredTermsOfExistingPods === true;
  const KEY_F = `PreFilter${NAME}`;
  const KEY_S = `PreScore${NAME}`;

  return {
    name: NAME,
    preFilter(state: CycleState, pod: PodInfo): Status {
      const fs = filterState(env, pod);
      if (fs) state.write(KEY_F, fs);
      return SUCCESS;
    },
    filter(state: CycleState, pod: PodInfo, node: number): Status {
      const fs = state.read<FilterState>(KEY_F);
      return fs ? filterNode(env, fs, pod, node) : SUCCESS;
    },
    preScore(state: CycleState, pod: PodInfo): Status {
      const hasPreferred = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
      // ignorePreferredTermsOfExistingPods: a pod without preferred terms of its own is not scored at all (upstream PreScore).
      if (!hasPreferred && (s.podsWithAffinity.size === 0 || ignoreExisting)) return SKIP;
      const scores = preferredScores(env, pod, hardWeight);
      if (scores.size === 0) return SKIP;
      state.write(KEY_S, scores);
      return SUCCESS;
    },
    score(state: CycleState, _pod: PodInfo, node: number): number {
      const scores = state.read<Map<string, number>>(KEY_S)!;
      let total = 0;
      for (const [k, v] of scores) {
        const [key, value] = k.split('\u0000') as [string, string];
        if (nodeLabel(s, node, key) === value) total += v;
      }
      return total;
    },
    normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly number[], scores: number[]): void {
      let min = Infinity;
      let max = -Infinity;
      for (const x of scores) {
        if (x < min) min = x;
        if (x > max) max = x;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
    },
  };
}
