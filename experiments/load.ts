/**
 * Loading a workload and its cluster from the command line's choices.
 * Formats other than SWF arrive with the importers (traces/).
 */
import type { ClusterSpec } from '../sim/cluster.ts';
import { InputError, UsageError } from '../sim/errors.ts';
import { readCanonical, readSwf } from '../traces/node-read.ts';
import { processorCluster, type SwfOptions } from '../traces/swf.ts';
import type { Workload } from '../workloads/workload.ts';

export const FORMATS = ['swf', 'canonical'] as const;
export type Format = (typeof FORMATS)[number];

export interface LoadOptions {
  format?: string;
  swf?: SwfOptions;
}

export async function loadWorkload(path: string, options: LoadOptions = {}): Promise<Workload> {
  const format = options.format ?? 'auto';
  if (format !== 'auto' && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown trace format ${JSON.stringify(format)}; valid: auto, ${FORMATS.join(', ')}`);
  }
  if (format === 'canonical' || (format === 'auto' && /\.jsonl(\.gz)?$/i.test(path))) return readCanonical(path);
  return readSwf(path, options.swf ?? {});
}

/** The cluster to simulate: the one the trace describes, or an error saying how to give one. */
export function clusterFor(workload: Workload, swf: SwfOptions = {}): ClusterSpec {
  if (workload.cluster) return workload.cluster;
  if (swf.machineProcs) return processorCluster(swf.machineProcs, swf.procsPerNode ?? 1);
  throw new InputError('the trace does not give the machine size (no MaxProcs or MaxNodes header); pass --procs N', { file: workload.source.file });
}
