/**
 * The resolution of an experiment config (config.ts) into an ExperimentConfig
 * with every default filled in, policies as `{name, params}` and the grid
 * checked point by point (with plan.ts, which expands the resolved config).
 * Problems come back as `{path, message, value}`; config-file.ts turns them
 * into one-line errors naming file, line, field and value. No file access.
 */
import { z } from 'zod';
import { checkParams, normalizeRef, POLICY_KINDS, type PolicyRef } from './policy-kinds.ts';
import { TransformSchema } from '../../workloads/transforms/index.ts';
import { ClusterConfigSchema, WorkloadSchema, workloadProblems } from '../run/workload-spec.ts';
import { runSettings, gridPoints } from './plan.ts';
import { experimentSchema, SimulationSchema, valueAt, type Budgets, type ConfigProblem, type ExperimentConfig, type GridAxis, type GridValue, type Simulation, type Variant } from './config.ts';

export type Resolution = { ok: true; config: ExperimentConfig; budgets: Budgets } | { ok: false; problem: ConfigProblem };

/** A generous bound on the number of runs, against a grid typed wrong. */
export const MAX_RUNS = 1_000_000;

/** Validates and resolves a parsed config file (any JSON value); `defaultName` is used when it has no `name`. */
export function resolveConfig(input: unknown, defaultName: string): Resolution {
  const parsed = experimentSchema().safeParse(input);
  if (!parsed.success) return { ok: false, problem: transformHint(problemOf(parsed.error.issues, input), input) ?? problemOf(parsed.error.issues, input) };
  const raw = parsed.data as RawConfig;
  const fail = (problem: ConfigProblem): Resolution => ({ ok: false, problem });

  const isScenario = raw.scenario !== undefined;
  if (isScenario === (raw.workload !== undefined)) {
    return fail({ path: isScenario ? ['workload'] : ['workload'], message: isScenario ? 'give either `workload` or `scenario`, not both' : 'required (or `scenario`: a scenario file)', value: raw.workload });
  }
  if (isScenario && raw.cluster !== undefined) return fail({ path: ['cluster'], message: 'a scenario describes its own cluster (cluster.nodeGroups in the scenario file)', value: raw.cluster });

  const variants = resolveVariants(raw, isScenario);
  if (!Array.isArray(variants)) return fail(variants);
  const names = new Set(variants.map((v) => v.name));
  const baseline = raw.baseline ?? variants[0]!.name;
  if (!names.has(baseline)) return fail({ path: ['baseline'], message: `not a variant; valid: ${variants.map((v) => v.name).join(', ')}`, value: baseline });
  const seeds = resolveSeeds(raw.seeds);
  if (!Array.isArray(seeds)) return fail(seeds);

  // Grid keys keep the file's order (a record with integer-like keys would not: they are rejected).
  const grid: GridAxis[] = Object.entries(raw.grid ?? {}).map(([key, values]) => ({ key, values }));

  const simulation: Simulation = { ...raw.simulation };
  // A scenario has its own time-series step; the study's replaces it only when given.
  if (isScenario && valueAt(input, ['simulation', 'sample_step']) === undefined) simulation.sample_step = null;
  const config: ExperimentConfig = {
    name: raw.name ?? defaultName,
    description: raw.description ?? null,
    cluster: raw.cluster ?? null,
    workload: raw.workload ?? null,
    scenario: raw.scenario ?? null,
    variants,
    baseline,
    grid,
    seeds,
    simulation,
    outputs: raw.outputs,
  };
  const problem = runsProblem(config, isScenario);
  return problem ? fail(problem) : { ok: true, config, budgets: raw.budgets };
}

type RawConfig = z.output<ReturnType<typeof experimentSchema>> & Record<string, unknown>;

/** The variants with their policies resolved (parameters checked, defaults filled), or the first problem. */
function resolveVariants(raw: RawConfig, isScenario: boolean): Variant[] | ConfigProblem {
  const variants: Variant[] = [];
  const seen = new Set<string>();
  for (const [i, v] of (raw.variants as Record<string, unknown>[]).entries()) {
    const name = v.name as string;
    if (seen.has(name)) return { path: ['variants', i, 'name'], message: 'duplicate variant name', value: name };
    seen.add(name);
    const policies: Record<string, PolicyRef> = {};
    for (const kind of POLICY_KINDS) {
      const given = v[kind.key] as string | { name: string; params?: Record<string, unknown> } | undefined;
      if (given !== undefined && kind.studies === 'scenario' && !isScenario) {
        return { path: ['variants', i, kind.key], message: `a ${kind.label} is part of a dynamic scenario: give the study a \`scenario\` file`, value: given };
      }
      if (given === undefined && (isScenario || kind.default === null)) continue;
      const ref = normalizeRef(given ?? kind.default!);
      const checked = checkParams(kind, ref.name, ref.params);
      if (!checked.ok) return { path: ['variants', i, kind.key, 'params', ...checked.path], message: checked.message, value: valueAt(ref.params, checked.path) };
      // A scenario's policies keep their parameters as written: the scenario schema fills in the
      // defaults when the scenario is validated (some are Infinity, which JSON cannot carry).
      policies[kind.key] = { name: ref.name, params: kind.studies === 'scenario' ? ref.params : checked.params };
    }
    if (v.scenario !== undefined && !isScenario) return { path: ['variants', i, 'scenario'], message: 'only in a scenario study (`scenario: FILE`)', value: v.scenario };
    variants.push({ name, description: (v.description as string | undefined) ?? null, policies, scenario: (v.scenario as Record<string, unknown> | undefined) ?? null });
  }
  return variants;
}

/** `seeds: N` is 1..N, a list is taken as it is (without duplicates), none is [1]. */
function resolveSeeds(seeds: number | number[] | undefined): number[] | ConfigProblem {
  if (seeds === undefined) return [1];
  if (typeof seeds === 'number') return Array.from({ length: seeds }, (_, i) => i + 1);
  const dup = seeds.findIndex((s, i) => seeds.indexOf(s) !== i);
  if (dup >= 0) return { path: ['seeds', dup], message: 'duplicate seed', value: seeds[dup] };
  return seeds;
}

/** What makes the study's runs impossible: a bad workload, too many runs, a bad grid axis, or a grid point that gives an invalid run. */
function runsProblem(config: ExperimentConfig, isScenario: boolean): ConfigProblem | null {
  if (config.workload) for (const [path, message, value] of workloadProblems(config.workload, config.cluster ?? undefined)) return { path, message, value };
  const { grid, variants, seeds } = config;
  const points = gridPoints(grid);
  const runs = variants.length * points.length * seeds.length;
  if (runs > MAX_RUNS) return { path: ['grid'], message: `${runs} runs is more than ${MAX_RUNS}`, value: grid.map((a) => `${a.key}: ${a.values.length} values`).join(', ') };
  for (const axis of grid) {
    const problem = gridKeyProblem(axis.key, isScenario);
    if (problem) return { path: ['grid', axis.key], message: problem, value: axis.key };
    const dup = axis.values.findIndex((x, i) => axis.values.indexOf(x) !== i);
    if (dup >= 0) return { path: ['grid', axis.key, dup], message: 'duplicate value', value: axis.values[dup] };
  }
  // Every point of the grid, applied to every variant, must give a valid run.
  for (const variant of variants) {
    for (const point of points) {
      const problem = settingsProblem(config, variant, point);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * A transform written `{name, params}` (as a policy is) instead of `{type,
 * ...fields}`: say how to write it, naming the types, rather than zod's
 * "invalid discriminator".
 */
function transformHint(problem: ConfigProblem, input: unknown): ConfigProblem | null {
  const p = problem.path;
  if (p.length !== 4 || p[0] !== 'workload' || p[1] !== 'transforms' || p[3] !== 'type') return null;
  const item = valueAt(input, p.slice(0, 3));
  const types = (TransformSchema as unknown as { options: { shape: { type: { value: string } } }[] }).options.map((o) => o.shape.type.value);
  if (item !== null && typeof item === 'object' && 'name' in item && !('type' in item)) {
    return { path: [...p.slice(0, 3), 'name'], message: `write a transform as {type: <name>, <its fields>} (as in simulate --transforms files); types: ${types.join(', ')}`, value: (item as { name: unknown }).name };
  }
  return { path: p, message: `unknown transform type; valid: ${types.join(', ')}`, value: valueAt(input, p) };
}

/** Grid keys are paths under simulation, workload, cluster (trace studies), scenario (scenario studies), or a policy kind. */
function gridKeyProblem(key: string, isScenario: boolean): string | null {
  const parts = key.split('.');
  if (parts.some((p) => p === '')) return 'not a path (empty part)';
  const root = parts[0]!;
  const kinds = POLICY_KINDS.filter((k) => isScenario || k.studies === 'both').map((k) => k.key);
  const roots = isScenario ? 'simulation., scenario.' : 'simulation., workload., cluster.';
  if (root === 'simulation') {
    const fields = Object.keys(SimulationSchema.shape);
    if (parts.length !== 2 || !fields.includes(parts[1]!)) return `not a simulation setting; valid: ${fields.map((f) => `simulation.${f}`).join(', ')}`;
    return null;
  }
  if (!isScenario && (root === 'workload' || root === 'cluster')) return parts.length >= 2 ? null : `give a field of ${root}, e.g. ${root === 'workload' ? 'workload.trace' : 'cluster.procs'}`;
  if (isScenario && root === 'scenario') return parts.length >= 2 ? null : 'give a field of the scenario, e.g. scenario.failures.0.duration';
  if (kinds.includes(root)) {
    if (parts.length === 1) return null;
    if (parts[1] !== 'params' || parts.length < 3) return `a policy is varied as \`${root}\` (its name) or \`${root}.params.<name>\``;
    return null;
  }
  return `unknown grid path; it must start with ${roots} or a policy kind (${kinds.join(', ')})`;
}

/** Checks the settings of one (variant, grid point); the path names the grid axis that broke it. */
function settingsProblem(config: ExperimentConfig, variant: Variant, point: GridValue[]): ConfigProblem | null {
  if (config.grid.length === 0) return null; // the config itself is checked already
  const where = (i: number) => ['grid', config.grid[i]!.key, config.grid[i]!.values.indexOf(point[i]!)];
  let settings;
  try {
    settings = runSettings(config, variant, point);
  } catch (err) {
    const { axis, message } = err as { axis: number; message: string };
    return { path: where(axis), message, value: point[axis] };
  }
  const axisOf = (prefix: string) => Math.max(0, config.grid.findIndex((a) => a.key === prefix || a.key.startsWith(`${prefix}.`)));
  const sim = SimulationSchema.safeParse({ ...settings.simulation, sample_step: settings.simulation.sample_step ?? undefined });
  if (!sim.success) return { path: where(axisOf('simulation')), message: sim.error.issues[0]!.message, value: point[axisOf('simulation')] };
  for (const kind of POLICY_KINDS) {
    const ref = settings.policies[kind.key];
    if (!ref) continue;
    const i = axisOf(kind.key);
    if (!kind.entries().has(ref.name)) {
      return { path: where(i), message: `unknown ${kind.label}; valid: ${[...kind.entries().keys()].join(', ')}`, value: ref.name };
    }
    const checked = checkParams(kind, ref.name, ref.params);
    if (!checked.ok) return { path: where(i), message: checked.message, value: point[i] };
  }
  if (settings.workload === null) return null; // a scenario study: the scenario is checked where it is read (study.ts)
  const w = WorkloadSchema.safeParse(settings.workload);
  const c = settings.cluster === null ? { success: true as const, data: undefined } : ClusterConfigSchema.safeParse(settings.cluster);
  if (!w.success) return { path: where(axisOf('workload')), message: `workload.${w.error.issues[0]!.path.join('.')}: ${w.error.issues[0]!.message}`, value: point[axisOf('workload')] };
  if (!c.success) return { path: where(axisOf('cluster')), message: `cluster.${c.error.issues[0]!.path.join('.')}: ${c.error.issues[0]!.message}`, value: point[axisOf('cluster')] };
  for (const [path, message] of workloadProblems(w.data, c.data)) {
    const i = axisOf(String(path[0]));
    return { path: where(i), message: `${path.join('.')}: ${message}`, value: point[i] };
  }
  return null;
}

/**
 * The first zod issue as a problem. Unions report every branch; the branch that
 * got furthest (longest path, fewest issues) is the one the author meant.
 */
function problemOf(issues: readonly z.core.$ZodIssue[], input: unknown): ConfigProblem {
  let issue = issues[0]!;
  let path = [...issue.path] as (string | number)[];
  while (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.filter((b) => b.length > 0);
    const allTypes = branches.every((b) => b[0]!.code === 'invalid_type' && b[0]!.path.length === 0);
    if (allTypes) {
      const expected = branches.map((b) => (b[0] as { expected: string }).expected);
      return { path, message: `expected ${[...new Set(expected)].join(' or ')}`, value: valueAt(input, path) };
    }
    const score = (b: readonly z.core.$ZodIssue[]) => {
      const first = b[0]!;
      const typeAtRoot = first.code === 'invalid_type' && first.path.length === 0 ? 1 : 0;
      return [typeAtRoot, -first.path.length, b.length];
    };
    const best = [...branches].sort((a, b) => {
      const [x, y] = [score(a), score(b)];
      return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
    })[0]!;
    issue = best[0]!;
    path = [...path, ...(issue.path as (string | number)[])];
  }
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const valid = validKeysAt(path);
    return { path: [...path, key], message: `unknown field${valid ? `; valid: ${valid.join(', ')}` : ''}`, value: valueAt(input, [...path, key]) };
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) message = 'required';
  return { path, message, value: valueAt(input, path) };
}

/** The field names allowed in the object at `path` of a config, for "unknown field" errors. */
function validKeysAt(path: readonly (string | number)[]): string[] | null {
  // Walk the schema along the path through wrappers (optional, default, union of objects, arrays, records).
  let schema: z.core.$ZodType | undefined = experimentSchema();
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    const def = s._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType; options?: z.core.$ZodType[] };
    if (def.innerType) return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    if (def.type === 'union') return unwrap(def.options!.find((o) => (unwrap(o)._zod.def as { type: string }).type === 'object') ?? s);
    return s;
  };
  for (const part of path) {
    if (!schema) return null;
    const s = unwrap(schema);
    const def = s._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
    if (def.type === 'object') schema = def.shape![String(part)];
    else if (def.type === 'array') schema = def.element;
    else if (def.type === 'record') schema = def.valueType;
    else return null;
  }
  if (!schema) return null;
  const def = unwrap(schema)._zod.def as unknown as { type: string; shape?: Record<string, unknown> };
  return def.type === 'object' ? Object.keys(def.shape!) : null;
}
