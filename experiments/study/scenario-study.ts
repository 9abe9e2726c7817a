/**
 * Scenario studies (`scenario: FILE` in an experiment config): the scenario
 * of each variant and grid point, resolved and validated before anything runs.
 *
 * The scenario file's own `variants` are left out: the study's variants
 * replace them. For one (variant, grid point) the scenario is, in order,
 *   1. the file's scenario;
 *   2. merged with the variant's `scenario:` fields (as a scenario file's own
 *      variants are merged: objects key by key, named lists item by item);
 *   3. with the variant's policies set into it (queue, backfill, placement and
 *      scheduler into `scheduler`, recovery, autoscaler, deployment, reconcile,
 *      expander: policy-kinds.ts `applyToScenario`);
 *   4. with the grid's `scenario.<path>` values set;
 * then validated with the scenario schema. A problem names the config field
 * that caused it (the variant's field, its policy, the grid axis), or the
 * scenario file when the file itself is wrong.
 *
 * The seed is the study's (the scenario's `seed` is not used), so every
 * variant of one seed sees the same arrivals, failures and drift. Node only.
 */
import { dirname, resolve } from 'node:path';
import { InputError } from '../../sim/errors.ts';
import type { ConfigProblem, Variant } from './config.ts';
import { POLICY_KINDS } from './policy-kinds.ts';
import type { RunSettings } from './plan.ts';
import { buildScenario } from '../scenario/build.ts';
import { parseScenarioSource, readTextFile } from '../scenario/load.ts';
import { ScenarioSchema, type Scenario } from '../scenario/schema.ts';
import { deepMerge, describeZodError, formatPath } from '../scenario/variants.ts';

/** The scenario file's document without its variants, checked on its own. */
export function readBaseScenario(file: string): Record<string, unknown> {
  const { doc, locate } = parseScenarioSource(readTextFile(file), file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError('not a scenario (expected a mapping of fields)', { file });
  const { variants: _v, ...base } = doc as Record<string, unknown>;
  const checked = ScenarioSchema.safeParse(base);
  if (!checked.success) {
    const { field, message, path } = describeZodError(checked.error, ScenarioSchema);
    throw new InputError(message, { file, ...locate(path), field });
  }
  return base;
}

/** The part of a scenario each policy kind writes into (to blame the right config field). */
const KIND_ROOTS: Record<string, string> = {
  queue: 'scheduler',
  backfill: 'scheduler',
  placement: 'scheduler',
  scheduler: 'scheduler',
  recovery: 'recovery',
  autoscaler: 'services',
  deployment: 'services',
  reconcile: 'config',
  expander: 'clusterAutoscaler',
};

export interface ScenarioContext {
  /** Index of the variant in the config, for error paths. */
  variantIndex: number;
  variant: Variant;
  /** The grid axes and this point's values, for error paths. */
  grid: { key: string; values: unknown[] }[];
  point: readonly unknown[];
  /** The config's problem reporter (config-file.ts): file, line, field, value. */
  problem(p: ConfigProblem): InputError;
}

/** The validated scenario of one (variant, grid point). */
export function resolveScenario(base: Record<string, unknown>, settings: RunSettings, ctx: ScenarioContext): Scenario {
  const s = settings.scenario!;
  const v = ['variants', ctx.variantIndex];
  let doc = structuredClone(base);
  if (s.patch) doc = deepMerge(doc, s.patch) as Record<string, unknown>;
  for (const kind of POLICY_KINDS) {
    const ref = settings.policies[kind.key];
    if (!ref || !kind.applyToScenario) continue;
    const message = kind.applyToScenario(doc, ref);
    if (message) throw ctx.problem({ path: [...v, kind.key], message, value: ref.name });
  }
  const axis = (i: number) => ['grid', ctx.grid[i]!.key, ctx.grid[i]!.values.indexOf(ctx.point[i])];
  s.sets.forEach(([path, value], k) => {
    const i = ctx.grid.findIndex((a) => a.key === `scenario.${path.join('.')}`);
    const at = i >= 0 ? i : k;
    let node: unknown = doc;
    for (let j = 0; j < path.length; j++) {
      const part = path[j]!;
      const last = j === path.length - 1;
      const container = node as Record<string, unknown> | unknown[];
      if (Array.isArray(container)) {
        if (!/^\d+$/.test(part) || Number(part) >= container.length) throw ctx.problem({ path: axis(at), message: `the scenario has no ${formatPath(numbered(path.slice(0, j + 1)))}`, value });
      } else if (container === null || typeof container !== 'object') {
        throw ctx.problem({ path: axis(at), message: `the scenario's ${formatPath(numbered(path.slice(0, j)))} is not an object`, value });
      }
      const key = Array.isArray(container) ? Number(part) : part;
      if (last) (container as Record<string | number, unknown>)[key] = value;
      else {
        const rec = container as Record<string | number, unknown>;
        if (rec[key] === undefined) rec[key] = {};
        node = rec[key];
      }
    }
  });
  const parsed = ScenarioSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const { field, message } = describeZodError(parsed.error, ScenarioSchema);
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  // Blame the grid axis that set this field, else the variant's own fields, else the policy.
  const byGrid = s.sets.findIndex(([p]) => p.every((x, j) => String(path[j]) === x) || path.every((x, j) => String(x) === p[j]));
  if (byGrid >= 0) {
    const i = ctx.grid.findIndex((a) => a.key === `scenario.${s.sets[byGrid]![0].join('.')}`);
    throw ctx.problem({ path: axis(i), message: `scenario ${field}: ${message}`, value: ctx.point[i] });
  }
  if (s.patch && path.length > 0 && valueAt(s.patch, path.slice(0, 1)) !== undefined) {
    throw ctx.problem({ path: [...v, 'scenario', ...path], message, value: valueAt(doc, path) });
  }
  const kind = POLICY_KINDS.find((k) => settings.policies[k.key] && ctx.variant.policies[k.key] && KIND_ROOTS[k.key] === path[0]);
  if (kind) throw ctx.problem({ path: [...v, kind.key], message: `scenario ${field}: ${message}`, value: settings.policies[kind.key]!.name });
  throw ctx.problem({ path: v, message: `scenario ${field}: ${message}`, value: ctx.variant.name });
}

/** Grid path parts as the scenario's error paths write them: list indexes as numbers (`failures[5]`). */
const numbered = (parts: readonly string[]) => parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let x: unknown = input;
  for (const k of path) x = x !== null && typeof x === 'object' ? (x as Record<string | number, unknown>)[k] : undefined;
  return x;
}

/**
 * The files a scenario reads (request-rate traces, machine-event traces, the
 * batch trace, a KubeSchedulerConfiguration), as absolute paths, found by
 * building it once with the first seed (building is cheap: no simulation) so
 * that a file named by any field, today's or a later one, is hashed.
 */
export function scenarioFiles(scenario: Scenario, file: string, seed: number): string[] {
  const dir = dirname(resolve(file));
  const read = new Set<string>();
  const readText = (path: string) => {
    const abs = resolve(dir, path);
    read.add(abs);
    return readTextFile(abs);
  };
  if (scenario.batch?.trace) read.add(resolve(dir, scenario.batch.trace));
  buildScenario(scenario, { seed, readText, traceJobs: [] });
  return [...read];
}
