/**
 * A workload: canonical jobs plus what the reader learned about where they came
 * from (header fields, a suggested cluster, machine events) and what it
 * dropped or repaired.
 */
import type { ClusterSpec } from '../sim/cluster.ts';
import type { Job } from './job.ts';

/**
 * A change of the cluster during the trace (Google 2011 machine_events,
 * Alibaba 2018 machine_meta): a node added, removed, or updated (new capacity,
 * labels or cordon). Recorded for engines and analyses that model them; the
 * batch engine runs on the static `cluster`.
 */
export interface MachineEvent {
  /** Seconds, on the same time axis as the jobs' submit times. */
  time: number;
  /** Node id, as in `cluster.nodes[].id`. */
  node: string;
  type: 'add' | 'remove' | 'update';
  /** The node's capacity from this event on (add, update), in canonical units. */
  capacity?: Record<string, number>;
  labels?: Record<string, string>;
  unschedulable?: boolean;
}

export interface Workload {
  /** Jobs, pods and services (`kind` says which); services run until the simulation ends (runtime Infinity). */
  jobs: Job[];
  /** The format and file it was read from. */
  source: { format: string; file: string };
  /** The cluster the trace describes (e.g. SWF MaxProcs, machine tables, node lists), when it says. */
  cluster: ClusterSpec | null;
  /** Records left out, by reason → count. Nothing is left out silently. */
  dropped: Record<string, number>;
  /** Records kept after a repair, by reason → count (e.g. estimate taken from the runtime). */
  repaired: Record<string, number>;
  /** Format-specific header fields (e.g. SWF `; Key: value` lines), in file order. */
  header: Record<string, string>;
  /** Machines added, removed or changed during the trace, in time order (formats that have them). */
  machineEvents?: MachineEvent[];
  /** Records read, by table (and by kind within a table, `table.kind`), as the trace's documentation counts them. */
  records?: Record<string, number>;
  /** Kubernetes Namespace objects of a snapshot: their labels by namespace name (what affinity terms' namespaceSelector matches). */
  namespaces?: Record<string, Record<string, string>>;
}
