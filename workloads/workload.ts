/**
 * A workload: canonical jobs plus what the reader learned about where they came
 * from (header fields, a suggested cluster) and what it dropped or repaired.
 */
import type { ClusterSpec } from '../sim/cluster.ts';
import type { Job } from './job.ts';

export interface Workload {
  jobs: Job[];
  /** The format and file it was read from. */
  source: { format: string; file: string };
  /** The cluster the trace describes (e.g. SWF MaxProcs), when it says. */
  cluster: ClusterSpec | null;
  /** Records left out, by reason → count. Nothing is left out silently. */
  dropped: Record<string, number>;
  /** Records kept after a repair, by reason → count (e.g. estimate taken from the runtime). */
  repaired: Record<string, number>;
  /** Format-specific header fields (e.g. SWF `; Key: value` lines), in file order. */
  header: Record<string, string>;
}
