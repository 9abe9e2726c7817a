/**
 * What every importer accumulates while it reads: jobs, the cluster, machine
 * events, and the counts of records read, dropped and repaired by reason.
 * Pure: no Node dependency.
 */
import type { ClusterSpec } from '../sim/cluster.ts';
import type { Job } from '../workloads/job.ts';
import type { MachineEvent, Workload } from '../workloads/workload.ts';

function add(counts: Record<string, number>, key: string, n: number): void {
  counts[key] = (counts[key] ?? 0) + n;
}

export class WorkloadBuilder {
  readonly jobs: Job[] = [];
  readonly dropped: Record<string, number> = {};
  readonly repaired: Record<string, number> = {};
  readonly records: Record<string, number> = {};
  readonly header: Record<string, string> = {};
  readonly machineEvents: MachineEvent[] = [];
  /** Kubernetes Namespace labels by name (snapshots); left out of the workload when empty. */
  readonly namespaces: Record<string, Record<string, string>> = {};
  cluster: ClusterSpec | null = null;

  constructor(readonly format: string) {}

  drop(reason: string, n = 1): void {
    add(this.dropped, reason, n);
  }

  repair(reason: string, n = 1): void {
    add(this.repaired, reason, n);
  }

  /** Counts a record read (`table`, or `table.kind`). */
  count(key: string, n = 1): void {
    add(this.records, key, n);
  }

  /** The workload; `files` are the files read, joined for `source.file`. */
  build(files: readonly string[]): Workload {
    const workload: Workload = {
      jobs: this.jobs,
      source: { format: this.format, file: files.join(',') },
      cluster: this.cluster,
      dropped: this.dropped,
      repaired: this.repaired,
      header: this.header,
      records: this.records,
    };
    if (Object.keys(this.namespaces).length > 0) workload.namespaces = this.namespaces;
    if (this.machineEvents.length > 0) {
      // Stable sort: events of one time keep their file order.
      workload.machineEvents = this.machineEvents.map((e, i) => [e, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map(([e]) => e);
    }
    return workload;
  }
}

/**
 * A copy of `s` that does not keep its source line alive. Engines represent
 * a substring of 13 characters or more as a view of its parent string, and a
 * line is itself a view of a 64 KiB chunk of the file: a kept field would
 * keep the whole chunk, and a kept field per line the whole file. Short
 * strings are copied by the engine already.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** One shared copy of each distinct string (users, queues, hashes repeat over many records). */
export class Interner {
  private readonly map = new Map<string, string>();

  get(s: string): string {
    let v = this.map.get(s);
    if (v === undefined) {
      v = own(s);
      this.map.set(v, v);
    }
    return v;
  }
}
