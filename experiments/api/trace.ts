/**
 * readTrace: a trace (a file, several part files, or a directory) and the
 * cluster it runs on, read as `clusterlab simulate --trace` reads them (the
 * command calls this function), with the files read recorded for the
 * manifest.
 */
import type { ClusterSpec } from '../../sim/cluster.ts';
import { InputError } from '../../sim/errors.ts';
import type { ImportOptions } from '../../traces/formats.ts';
import type { SwfOptions } from '../../traces/swf.ts';
import type { Workload } from '../../workloads/workload.ts';
import { Rng } from '../../sim/rng.ts';
import { applyTransforms, TransformListSchema, type TransformSpec, type TransformSpecInput } from '../../workloads/transforms/index.ts';
import type { TransformRecord } from '../../workloads/transforms/types.ts';
import { clusterFor, loadTraceAndCluster } from '../run/load.ts';

export interface ReadTraceOptions {
  /** Trace format; detected by content when 'auto' (the default). See `clusterlab trace info --help`. */
  format?: string;
  /** A cluster file (description or node list); by default the trace's own machine. */
  cluster?: string;
  /** How an SWF log is read: processors, estimates, machine size. */
  swf?: SwfOptions;
  /** Importer options (machine-cpu, ...), as --import-option gives them. */
  import?: ImportOptions;
  /** Column mapping of a generic CSV trace. */
  mapping?: string;
}

/** A trace read: its jobs, the cluster, and what was read (for the manifest). */
export interface Trace {
  workload: Workload;
  cluster: ClusterSpec;
  /** The SWF options it was read with (recorded in the manifest). */
  swf: SwfOptions;
  import: ImportOptions;
  /** Every file read, with its role, in reading order. */
  read: { role: string; path: string }[];
  /** Workload transforms applied since (recorded in the manifest; the command's --filter, --load...). */
  transforms?: readonly unknown[];
}

/** How an SWF log is read unless said otherwise: the command's defaults (`clusterlab simulate --help`), recorded in the manifest. */
export const SWF_DEFAULTS = { processors: 'allocated', estimate: 'requested', procsPerNode: 1 } as const satisfies SwfOptions;

export async function readTrace(paths: string | readonly string[], options: ReadTraceOptions = {}): Promise<Trace> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  const read: { role: string; path: string }[] = [];
  const imports = options.import ?? {};
  const loaded = await loadTraceAndCluster(list, options.cluster, {
    format: options.format ?? 'auto',
    swf: { ...SWF_DEFAULTS, ...options.swf },
    import: imports,
    mapping: options.mapping,
    onFile: (role, path) => read.push({ role, path }),
    // The jobs go to the simulator, whose job table reads an SWF log's columns (no object per job).
    jobColumns: true,
  });
  const workload = loaded.workload;
  if (workload.jobs.length === 0 && Object.keys(workload.dropped).length === 0 && (workload.cluster?.nodes.length ?? 0) > 0) {
    // A machine or node list given as the trace: it belongs to --cluster.
    throw new InputError(`a ${workload.source.format} node list (${workload.cluster!.nodes.length} nodes, no jobs); give it with --cluster, and the jobs with --trace`, { file: list.join(',') });
  }
  if (workload.jobs.length === 0) {
    throw new InputError(`no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`, { file: list.join(',') });
  }
  return { workload: loaded.workload, cluster: loaded.cluster ?? clusterFor(loaded.workload, loaded.swf), swf: loaded.swf, import: imports, read };
}

/**
 * The trace after `transforms` (window, jobs, sample, filter, scale-resources,
 * load, fill; docs/workloads.md), applied in order with the run's seed, as
 * `clusterlab simulate --filter ... --fill ... --seed N` applies them (the
 * command calls this function): the same trace and seed give the same jobs.
 */
export function transformTrace(trace: Trace, transforms: readonly TransformSpecInput[], seed = 1): { trace: Trace; records: TransformRecord[] } {
  const list: TransformSpec[] = TransformListSchema.parse(transforms);
  if (list.length === 0) return { trace, records: [] };
  const { workload, records } = applyTransforms(trace.workload, trace.cluster, list, new Rng(seed));
  if (workload.jobs.length === 0) throw new InputError('no jobs left after the transforms', { file: trace.workload.source.file });
  // The manifest records the transforms as they were given (the command's are already whole).
  return { trace: { ...trace, workload, transforms: [...(trace.transforms ?? []), ...transforms] }, records };
}
