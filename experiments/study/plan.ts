/**
 * Expansion of a config into its runs: every variant × grid point × seed, each
 * with a run id that names its directory and keys its row in runs.csv.
 *
 * Run ids are `<variant>.s<seed>` without a grid and `<variant>.p<k>.s<seed>`
 * with one (k: the grid point, counted from 0 in the order of the grid's
 * cartesian product, first key slowest). The list is in variant, point, seed
 * order; results are always written in this order, whatever order runs finish.
 *
 * Pure: no Node imports.
 */
import type { ExperimentConfig, GridAxis, GridValue, Simulation, Variant } from './config.ts';
import { normalizeRef, POLICY_KINDS, type PolicyRef } from './policy-kinds.ts';
import type { ClusterConfig, WorkloadConfig } from '../run/workload-spec.ts';

/** One run of the study, as listed in the manifest. */
export interface PlannedRun {
  run_id: string;
  variant: string;
  /** Grid point index (0 without a grid). */
  point: number;
  /** The grid values of this run, by grid key, in grid order. */
  params: Record<string, GridValue>;
  seed: number;
}

/** What one run simulates, once the grid point is applied to the variant. */
export interface RunSettings {
  /** Null in a scenario study. */
  workload: WorkloadConfig | null;
  cluster: ClusterConfig | null;
  /** Scenario studies: the file, the variant's fields and the grid's `scenario.<path>` values, applied in that order. */
  scenario: ScenarioSettings | null;
  simulation: Simulation;
  policies: Record<string, PolicyRef>;
}

export interface ScenarioSettings {
  file: string;
  patch: Record<string, unknown> | null;
  /** [path under the scenario, value], in grid order. */
  sets: [string[], GridValue][];
}

/** The cartesian product of the grid, first axis slowest; one empty point without a grid. */
export function gridPoints(grid: readonly GridAxis[]): GridValue[][] {
  let points: GridValue[][] = [[]];
  for (const axis of grid) points = points.flatMap((p) => axis.values.map((v) => [...p, v]));
  return points;
}

export function runId(variant: string, point: number, seed: number, hasGrid: boolean): string {
  return hasGrid ? `${variant}.p${point}.s${seed}` : `${variant}.s${seed}`;
}

/** Every run of the study, in result order. */
export function planRuns(config: ExperimentConfig): PlannedRun[] {
  const points = gridPoints(config.grid);
  const hasGrid = config.grid.length > 0;
  const runs: PlannedRun[] = [];
  for (const v of config.variants) {
    points.forEach((point, k) => {
      const params: Record<string, GridValue> = {};
      config.grid.forEach((axis, i) => (params[axis.key] = point[i]!));
      for (const seed of config.seeds) runs.push({ run_id: runId(v.name, k, seed, hasGrid), variant: v.name, point: k, params, seed });
    });
  }
  return runs;
}

/**
 * The settings of `variant` at grid `point`: the config's workload, cluster and
 * simulation settings and the variant's policies, with each grid value set at
 * its path. Throws `{axis, message}` when a path cannot be set.
 */
export function runSettings(config: ExperimentConfig, variant: Variant, point: readonly GridValue[]): RunSettings {
  const settings: RunSettings = structuredClone({
    workload: config.workload,
    cluster: config.cluster,
    scenario: config.scenario === null ? null : { file: config.scenario, patch: variant.scenario, sets: [] },
    simulation: config.simulation,
    policies: variant.policies,
  });
  const kinds = new Set(POLICY_KINDS.map((k) => k.key));
  config.grid.forEach((axis, i) => {
    const value = point[i]!;
    const parts = axis.key.split('.');
    const fail = (message: string) => {
      throw { axis: i, message };
    };
    const root = parts[0]!;
    if (kinds.has(root)) {
      if (parts.length === 1) {
        if (typeof value !== 'string') fail('a policy name must be a string');
        settings.policies[root] = normalizeRef(value as string);
        return;
      }
      const ref = settings.policies[root];
      if (!ref) return fail(`variant ${variant.name} has no ${root} policy`);
      setPath(ref.params, parts.slice(2), value, fail);
      return;
    }
    if (root === 'scenario') {
      // Set once the scenario file is read (study.ts): its lists and objects are not known here.
      settings.scenario!.sets.push([parts.slice(1), value]);
      return;
    }
    if (root === 'cluster') {
      if (settings.cluster === null) settings.cluster = {};
      setPath(settings.cluster as Record<string, unknown>, parts.slice(1), value, fail);
      return;
    }
    setPath(settings as unknown as Record<string, unknown>, parts, value, fail);
  });
  return settings;
}

/** Sets `value` at `parts` under `target`, creating objects on the way; array elements must exist. */
function setPath(target: Record<string, unknown>, parts: readonly string[], value: GridValue, fail: (message: string) => never): void {
  let node: unknown = target;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const last = i === parts.length - 1;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part) || Number(part) >= node.length) fail(`${parts.slice(0, i).join('.')} has no element ${part}`);
      if (last) node[Number(part)] = value;
      else node = node[Number(part)];
    } else if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (last) obj[part] = value;
      else {
        if (obj[part] === undefined) obj[part] = {};
        node = obj[part];
      }
    } else fail(`cannot set ${parts.slice(i).join('.')} inside ${JSON.stringify(node)}`);
  }
}
