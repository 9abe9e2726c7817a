/**
 * Scoring the feasible nodes of one cycle: PreScore → Score, NormalizeScore,
 * × weight → the node with the highest total (upstream selectHost: ties broken
 * by reservoir sampling on the run's seeded tie-break stream, as upstream does
 * with math/rand); per-node score records when explaining.
 */
import { nodeLocal, type LearnedNodes } from './learned.ts';
import type { PodInfo } from './pod.ts';
import type { BuiltProfile } from './registry.ts';
import type { SchedulerShared } from './shared.ts';
import type { CycleState, PreScorePlugin } from './types.ts';

/** One buffer for every plugin's scores (normalized in place), one for the totals: no allocation per cycle. */
const scoreBuffer: number[] = [];
let totals = new Float64Array(64);

interface PluginScores {
  name: string;
  weight: number;
  raw: Float64Array;
  normalized: Float64Array;
}

/** Per-plugin copies of the scores kept when explaining, reused from cycle to cycle. */
const explainPool: Float64Array[] = [];

/** The pool's buffer `k`, at least `count` long, with `values[0..count)` copied in. */
function pooled(k: number, values: readonly number[], count: number): Float64Array {
  let b = explainPool[k];
  if (!b || b.length < count) explainPool[k] = b = new Float64Array(Math.max(count, 2 * (b?.length ?? 32)));
  for (let i = 0; i < count; i++) b[i] = values[i]!;
  return b;
}

export function selectHost(
  shared: SchedulerShared,
  state: CycleState,
  pod: PodInfo,
  p: BuiltProfile,
  feasible: readonly number[],
  explaining: boolean,
  learned: LearnedNodes | null,
): { chosen: number; scoreRecords: Record<string, unknown>[] | undefined } {
  const count = feasible.length;
  if (totals.length < count) totals = new Float64Array(Math.max(count, totals.length * 2));
  totals.fill(0, 0, count);
  const perPlugin: PluginScores[] = [];
  // Every PreScore first (upstream RunPreScorePlugins), then the scores of the plugins that did not Skip.
  const active: number[] = [];
  for (let k = 0; k < p.scores.length; k++) {
    const plugin = p.scores[k]!.plugin;
    const pre = (plugin as Partial<PreScorePlugin>).preScore;
    if (!pre || pre.call(plugin, state, pod, feasible).code !== 'Skip') active.push(k);
  }
  // Raw scores learned by the job's previous cycles serve when every active plugin looks only at the node (learned.ts).
  let useLearned = learned !== null;
  for (const k of active) if (!nodeLocal(p.scores[k]!.plugin)) useLearned = false;
  for (const k of active) {
    const { plugin, weight } = p.scores[k]!;
    const scores = scoreBuffer;
    if (scores.length !== count) scores.length = count;
    if (useLearned) for (let i = 0; i < count; i++) scores[i] = learned!.score(k, plugin, state, pod, feasible[i]!);
    else if (plugin.scoreNodes) plugin.scoreNodes(state, pod, feasible, count, scores);
    else for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, feasible[i]!);
    const raw = explaining ? pooled(2 * perPlugin.length, scores, count) : null;
    plugin.normalizeScore?.(state, pod, feasible, scores);
    for (let i = 0; i < count; i++) totals[i]! += scores[i]! * weight;
    if (raw) perPlugin.push({ name: plugin.name, weight, raw, normalized: pooled(2 * perPlugin.length + 1, scores, count) });
  }
  if (active.length === 0) totals.fill(1, 0, count);
  let best = 0;
  let ties = 1;
  for (let i = 1; i < count; i++) {
    if (totals[i]! > totals[best]!) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (Math.floor(shared.random() * ties) === 0) best = i;
    }
  }
  const chosen = feasible[best]!;
  if (!explaining) return { chosen, scoreRecords: undefined };
  return { chosen, scoreRecords: scoreRecords(shared, feasible, best, perPlugin) };
}

/** The best `explainNodes` nodes by total (and the chosen one), each with its plugins' raw, normalized and weighted scores. */
function scoreRecords(shared: SchedulerShared, feasible: readonly number[], best: number, perPlugin: readonly PluginScores[]): Record<string, unknown>[] {
  // The first explainNodes in the order (total descending, then node index): kept by insertion, not a sort of every feasible node.
  const before = (a: number, b: number) => totals[a]! > totals[b]! || (totals[a] === totals[b] && feasible[a]! < feasible[b]!);
  const k = shared.explainNodes;
  const listed: number[] = [];
  for (let i = 0; i < feasible.length && k > 0; i++) {
    if (listed.length === k && !before(i, listed[k - 1]!)) continue;
    let at = listed.length === k ? k - 1 : listed.length;
    while (at > 0 && before(i, listed[at - 1]!)) {
      listed[at] = listed[at - 1]!;
      at--;
    }
    listed[at] = i;
  }
  if (!listed.includes(best)) listed.push(best);
  return listed.map((i) => ({
    node: shared.snapshot.nodeName(feasible[i]!),
    plugins: Object.fromEntries(perPlugin.map((pp) => [pp.name, { raw: pp.raw[i], normalized: pp.normalized[i], weight: pp.weight, weighted: pp.normalized[i]! * pp.weight }])),
    total: totals[i],
  }));
}
