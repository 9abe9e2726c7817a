/**
 * The workload and cluster of an experiment: their config schema, and the ONE
 * function that turns them into data (`resolveWorkload`, `resolveCluster`).
 *
 *   workload: { trace: FILE, format?, swf?, transforms?: [{name, params}] }
 *   workload: { generate: SPEC or FILE, transforms?: [...] }
 *   cluster:  (absent: the machine the trace describes) | { procs, procs_per_node? }
 *             | { nodes, capacity: {resource: amount} } | { file: FILE }
 *
 * Transforms, generators and cluster files are written in parallel (issue 3);
 * they plug in through WORKLOAD_EXTENSIONS below. Until they are registered, a
 * config that uses one fails validation with a clear message instead of
 * running something else. Randomness given to them comes from the run's seed
 * only (never from the variant), so the variants of one seed see the same
 * workload: a paired comparison with common random numbers.
 */
import { z } from 'zod';
import type { ClusterSpec } from '../sim/cluster.ts';
import { homogeneousCluster } from '../sim/cluster.ts';
import { InputError } from '../sim/errors.ts';
import { Rng, type Random } from '../sim/rng.ts';
import { processorCluster } from '../traces/swf.ts';
import type { Workload } from '../workloads/workload.ts';
import { FORMATS, loadWorkload } from './load.ts';

/** A workload transform (filter, scale, window...): pure, its randomness injected. */
export interface TransformEntry {
  readonly description: string;
  readonly params?: z.ZodType;
  apply(workload: Workload, params: Record<string, unknown>, random: Random): Workload | Promise<Workload>;
}

/** A synthetic workload generator: a spec (object, or a file path) and a random stream. */
export interface GeneratorEntry {
  readonly spec?: z.ZodType;
  generate(spec: unknown, random: Random, baseDir: string): Workload | Promise<Workload>;
}

/** Reads a cluster description file (issue 3's cluster files). */
export type ClusterFileReader = (path: string) => ClusterSpec | Promise<ClusterSpec>;

/**
 * Where transforms, generators and cluster files are registered. Empty in this
 * build: the seam for workloads/transforms, workloads generate and cluster
 * files. Registering must happen before a config is loaded.
 */
export const WORKLOAD_EXTENSIONS: {
  transforms: Map<string, TransformEntry>;
  generator: GeneratorEntry | null;
  clusterFile: ClusterFileReader | null;
} = { transforms: new Map(), generator: null, clusterFile: null };

const TransformRef = z.strictObject({
  name: z.string().min(1).describe('transform name'),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const WorkloadSchema = z
  .strictObject({
    trace: z.string().min(1).optional().describe('trace file, relative to the config file (SWF plain or gzip, or canonical .jsonl)'),
    format: z.enum(['auto', ...FORMATS]).optional().describe('trace format; auto detects by name'),
    swf: z
      .strictObject({
        processors: z.enum(['allocated', 'requested']).optional().describe('SWF job size: field 5 or field 8, each falling back to the other'),
        estimate: z.enum(['requested', 'runtime']).optional().describe('SWF estimate: field 9, or the actual runtime (perfect estimates)'),
      })
      .optional(),
    generate: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional().describe('synthetic workload: a generator spec, or a spec file relative to the config file'),
    transforms: z.array(TransformRef).optional().describe('applied in order, each with its own random stream of the seed'),
  })
  .describe('the jobs: a trace, or a generator; exactly one of trace and generate');

export const ClusterConfigSchema = z
  .strictObject({
    procs: z.int().positive().optional().describe('processors of the machine (overrides the trace header); nodes of procs_per_node'),
    procs_per_node: z.int().positive().optional(),
    nodes: z.int().positive().optional().describe('number of identical nodes, each with `capacity`'),
    capacity: z.record(z.string().min(1), z.number().positive()).optional().describe('capacity of each node by resource (cpu cores, memory MiB, gpu GPUs)'),
    file: z.string().min(1).optional().describe('a cluster description file, relative to the config file'),
  })
  .describe('the machine; absent: the one the trace describes (SWF MaxProcs)');

export type WorkloadConfig = z.output<typeof WorkloadSchema>;
export type ClusterConfig = z.output<typeof ClusterConfigSchema>;

/** Problems with a workload or cluster spec that the schema cannot see, as [path, message, value]. */
export function workloadProblems(workload: WorkloadConfig, cluster: ClusterConfig | undefined): [(string | number)[], string, unknown][] {
  const problems: [(string | number)[], string, unknown][] = [];
  const hasTrace = workload.trace !== undefined;
  const hasGen = workload.generate !== undefined;
  if (hasTrace === hasGen) problems.push([['workload'], 'give exactly one of `trace` and `generate`', Object.keys(workload)]);
  if (hasGen && !WORKLOAD_EXTENSIONS.generator) {
    problems.push([['workload', 'generate'], 'workload generators are not available in this build (workloads generate is not merged yet); use `trace`', workload.generate]);
  }
  if (hasGen && (workload.format !== undefined || workload.swf !== undefined)) {
    problems.push([['workload', workload.format !== undefined ? 'format' : 'swf'], 'only for a trace', workload.format ?? workload.swf]);
  }
  (workload.transforms ?? []).forEach((t, i) => {
    const entry = WORKLOAD_EXTENSIONS.transforms.get(t.name);
    if (!entry) {
      const valid = [...WORKLOAD_EXTENSIONS.transforms.keys()];
      problems.push([
        ['workload', 'transforms', i, 'name'],
        valid.length ? `unknown transform; valid: ${valid.join(', ')}` : 'workload transforms are not available in this build (workloads/transforms is not merged yet)',
        t.name,
      ]);
      return;
    }
    const parsed = (entry.params ?? z.strictObject({})).safeParse(t.params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push([['workload', 'transforms', i, 'params', ...(issue.path as (string | number)[])], issue.message, t.params]);
    }
  });
  if (cluster) {
    const kinds = (['procs', 'nodes', 'file'] as const).filter((k) => cluster[k] !== undefined);
    if (kinds.length !== 1) problems.push([['cluster'], 'give exactly one of `procs`, `nodes` (with `capacity`) and `file`', Object.keys(cluster)]);
    if (cluster.procs_per_node !== undefined && cluster.procs === undefined) problems.push([['cluster', 'procs_per_node'], 'only with `procs`', cluster.procs_per_node]);
    if ((cluster.nodes !== undefined) !== (cluster.capacity !== undefined)) problems.push([['cluster', cluster.nodes === undefined ? 'capacity' : 'nodes'], '`nodes` and `capacity` go together', cluster.nodes ?? cluster.capacity]);
    if (cluster.file !== undefined && !WORKLOAD_EXTENSIONS.clusterFile) {
      problems.push([['cluster', 'file'], 'cluster files are not available in this build (the cluster file reader is not merged yet); use `procs` or `nodes` + `capacity`', cluster.file]);
    }
  } else if (!hasTrace) {
    problems.push([['cluster'], 'required with a generated workload (only a trace can describe its machine)', undefined]);
  }
  return problems;
}

/** True when the workload depends on the seed (then it is cached per seed). */
export function workloadUsesSeed(workload: WorkloadConfig): boolean {
  return workload.generate !== undefined || (workload.transforms ?? []).length > 0;
}

/**
 * The jobs of one run: read (or generated) and transformed. Paths in `workload`
 * are absolute by now (see plan.ts); `seed` feeds the generator and the
 * transforms, each through its own named stream.
 */
export async function resolveWorkload(workload: WorkloadConfig, cluster: ClusterConfig | undefined, seed: number, baseDir: string): Promise<Workload> {
  const rng = new Rng(seed);
  let result: Workload;
  if (workload.generate !== undefined) {
    const gen = WORKLOAD_EXTENSIONS.generator;
    if (!gen) throw new Error('workload generators are not available in this build');
    result = await gen.generate(workload.generate, rng.stream('workload:generate'), baseDir);
  } else {
    result = await loadWorkload(workload.trace!, {
      format: workload.format,
      swf: { ...workload.swf, machineProcs: cluster?.procs, procsPerNode: cluster?.procs_per_node },
    });
  }
  for (const [i, t] of (workload.transforms ?? []).entries()) {
    const entry = WORKLOAD_EXTENSIONS.transforms.get(t.name);
    if (!entry) throw new Error(`unknown transform ${JSON.stringify(t.name)}`);
    const params = (entry.params ?? z.strictObject({})).parse(t.params ?? {}) as Record<string, unknown>;
    result = await entry.apply(result, params, rng.stream(`workload:transform:${i}:${t.name}`));
  }
  return result;
}

/** The machine of one run: the config's, else the one the trace describes. */
export async function resolveCluster(cluster: ClusterConfig | undefined, workload: Workload): Promise<ClusterSpec> {
  if (cluster?.file !== undefined) {
    const read = WORKLOAD_EXTENSIONS.clusterFile;
    if (!read) throw new Error('cluster files are not available in this build');
    return read(cluster.file);
  }
  if (cluster?.nodes !== undefined) return homogeneousCluster(cluster.nodes, cluster.capacity!);
  if (cluster?.procs !== undefined) return processorCluster(cluster.procs, cluster.procs_per_node ?? 1);
  if (!workload.cluster) {
    throw new InputError('the trace does not give the machine size (no MaxProcs or MaxNodes header); set `cluster: { procs: N }` in the config', { file: workload.source.file });
  }
  return workload.cluster;
}
