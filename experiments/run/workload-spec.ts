/**
 * The workload and cluster of an experiment: their config schema and the
 * checks the schema cannot express. Turning them into data is run-inputs.ts.
 *
 *   workload: { trace: FILE, format?, swf?, transforms?: [{type, ...}] }
 *   workload: { generate: SPEC or FILE, transforms?: [...] }
 *   cluster:  (absent: the machine the trace or the generator describes)
 *             | { procs, procs_per_node? } | { nodes, capacity: {resource: amount} }
 *             | { file: FILE }   (a cluster description or a node list, as simulate --cluster)
 *
 * Transforms are workloads/transforms (the list `simulate --transforms FILE`
 * reads, and the flags --sample, --load, --fill... build), generators are
 * workloads/generate.ts specs (as `clusterlab workload generate`). Both draw
 * from the run's seed only, never from the variant, through the same named
 * streams as `simulate --seed N` (`transform:<type>`, `workload:<purpose>`):
 * the variants of one seed see the same workload, a paired comparison with
 * common random numbers, and seed N of a study is `simulate --seed N`.
 *
 * Pure (no file access): config.ts validates with it.
 */
import { z } from 'zod';
import { GeneratorSpecSchema } from '../../workloads/spec.ts';
import { TransformListSchema } from '../../workloads/transforms/index.ts';
import { FORMATS as TRACE_FORMATS } from '../../traces/formats.ts';

const FORMATS = TRACE_FORMATS.map((f) => f.name);

export const WorkloadSchema = z
  .strictObject({
    trace: z.string().min(1).optional().describe('trace file or directory, relative to the config file: any format simulate reads (SWF, openb, Google, Alibaba, Kubernetes, canonical .jsonl...), plain or gzip'),
    format: z.enum(['auto', ...FORMATS]).optional().describe('trace format; auto detects it by content'),
    swf: z
      .strictObject({
        processors: z.enum(['allocated', 'requested']).optional().describe('SWF job size: field 5 or field 8, each falling back to the other'),
        estimate: z.enum(['requested', 'runtime']).optional().describe('SWF estimate: field 9, or the actual runtime (perfect estimates)'),
      })
      .optional(),
    generate: z
      .union([z.string().min(1), GeneratorSpecSchema])
      .optional()
      .describe('synthetic workload (clusterlab workload generate): a generator spec file relative to the config file, or the spec itself; the seed drives it'),
    transforms: TransformListSchema.optional().describe(
      'workload transforms applied in order, as `simulate --transforms FILE`: {type: window|jobs|sample|filter|scale-resources|load|fill, ...}; sample and fill draw from the seed',
    ),
  })
  .describe('the jobs: a trace, or a generator; exactly one of trace and generate');

export const ClusterConfigSchema = z
  .strictObject({
    procs: z.int().positive().optional().describe('processors of the machine (overrides the SWF header); nodes of procs_per_node'),
    procs_per_node: z.int().positive().optional(),
    nodes: z.int().positive().optional().describe('number of identical nodes, each with `capacity`'),
    capacity: z.record(z.string().min(1), z.number().positive()).optional().describe('capacity of each node by resource (cpu cores, memory MiB, gpu GPUs)'),
    file: z
      .string()
      .min(1)
      .optional()
      .describe('a cluster description (YAML or JSON node groups) or a node list (openb, PAI, Alibaba machine_meta, Philly, Kubernetes Nodes...), relative to the config file'),
  })
  .describe('the machine; absent: the one the trace (SWF MaxProcs, a snapshot) or the generator spec describes');

export type WorkloadConfig = z.output<typeof WorkloadSchema>;
export type ClusterConfig = z.output<typeof ClusterConfigSchema>;

/** Problems with a workload or cluster spec that the schema cannot see, as [path, message, value]. */
export function workloadProblems(workload: WorkloadConfig, cluster: ClusterConfig | undefined): [(string | number)[], string, unknown][] {
  const problems: [(string | number)[], string, unknown][] = [];
  const hasTrace = workload.trace !== undefined;
  const hasGen = workload.generate !== undefined;
  if (hasTrace === hasGen) problems.push([['workload'], 'give exactly one of `trace` and `generate`', Object.keys(workload)]);
  if (hasGen && (workload.format !== undefined || workload.swf !== undefined)) {
    problems.push([['workload', workload.format !== undefined ? 'format' : 'swf'], 'only for a trace', workload.format ?? workload.swf]);
  }
  if (cluster) {
    const kinds = (['procs', 'nodes', 'file'] as const).filter((k) => cluster[k] !== undefined);
    if (kinds.length !== 1) problems.push([['cluster'], 'give exactly one of `procs`, `nodes` (with `capacity`) and `file`', Object.keys(cluster)]);
    if (cluster.procs_per_node !== undefined && cluster.procs === undefined) problems.push([['cluster', 'procs_per_node'], 'only with `procs`', cluster.procs_per_node]);
    if ((cluster.nodes !== undefined) !== (cluster.capacity !== undefined)) problems.push([['cluster', cluster.nodes === undefined ? 'capacity' : 'nodes'], '`nodes` and `capacity` go together', cluster.nodes ?? cluster.capacity]);
  }
  return problems;
}
