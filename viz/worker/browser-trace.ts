/**
 * What a browser run reads, as the run form chose it: the trace's files, the
 * cluster file (a node list or cluster description, optional), the reader's
 * options (the CLI's --format, --procs and --import-option) and the workload
 * transforms (the CLI's --fill and the other transform flags). Plain data and
 * Blobs, so it crosses to the workers by structured clone.
 */
import type { ImportOptions } from '../../traces/formats.ts';
import type { SwfOptions } from '../../traces/swf.ts';
import type { TransformSpec } from '../../workloads/transforms/index.ts';
import type { TraceFile } from './read-trace.ts';

export interface BrowserTrace {
  traces: TraceFile[];
  cluster: TraceFile[];
  /** `auto` or a format name (`name:table`). */
  format: string;
  swf: SwfOptions;
  import: ImportOptions;
  transforms: TransformSpec[];
}

/** The fill transform as simulate's --fill M makes it (experiments/run/transform-flags.ts). */
export function fillTransform(multiple: number): TransformSpec {
  return { type: 'fill', multiple, step: 1 };
}
