/**
 * What the engine needs to know about a job, and the packed table it keeps.
 *
 * `SimJob` is the engine's input: the canonical job of workloads/job.ts
 * satisfies it. The engine sorts jobs by submit time (stable, so jobs with the
 * same submit time keep their input order) and packs them into a JobTable of
 * typed arrays, with each per-task request turned into a dense vector over the
 * cluster's resources.
 */

export interface SimJob {
  /** Identifier as in the trace. */
  readonly id: string;
  /** Submit time, seconds. */
  readonly submit: number;
  /** Number of tasks (processors for an HPC job, replicas or pods for others). */
  readonly tasks: number;
  /** Request of each task, by resource name. */
  readonly request: Readonly<Record<string, number>>;
  /** Actual run time in seconds, as measured in the trace; Infinity for work that never ends by itself. */
  readonly runtime: number;
  /** The user's estimate (walltime) in seconds, known to the scheduler; may be Infinity. */
  readonly estimate: number;
  /** Larger is more important. */
  readonly priority?: number;
  readonly user?: string | null;
}

export class JobTable {
  readonly count: number;
  readonly resources: readonly string[];
  readonly ids: readonly string[];
  readonly users: readonly (string | null)[];
  readonly submit: Float64Array;
  readonly runtime: Float64Array;
  readonly estimate: Float64Array;
  readonly priority: Float64Array;
  readonly tasks: Int32Array;
  /** Per-task request, row-major: job * R + r. */
  readonly request: Float64Array;
  /** Whole-job request (tasks × per-task), row-major. */
  readonly total: Float64Array;
  /** Resources a job asks for that the cluster does not have (null when none). */
  readonly unknownResources: readonly (string[] | null)[];
  /** The input position of each job (jobs are stored sorted by submit time). */
  readonly inputIndex: Int32Array;

  constructor(jobs: readonly SimJob[], resources: readonly string[]) {
    const n = jobs.length;
    const R = resources.length;
    this.count = n;
    this.resources = resources;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => jobs[a]!.submit - jobs[b]!.submit || a - b);
    this.inputIndex = Int32Array.from(order);
    this.submit = new Float64Array(n);
    this.runtime = new Float64Array(n);
    this.estimate = new Float64Array(n);
    this.priority = new Float64Array(n);
    this.tasks = new Int32Array(n);
    this.request = new Float64Array(n * R);
    this.total = new Float64Array(n * R);
    const ids: string[] = new Array(n);
    const users: (string | null)[] = new Array(n);
    const unknown: (string[] | null)[] = new Array(n).fill(null);
    const index = new Map<string, number>();
    resources.forEach((name, r) => index.set(name, r));
    for (let k = 0; k < n; k++) {
      const job = jobs[order[k]!]!;
      checkJob(job, order[k]!);
      ids[k] = job.id;
      users[k] = job.user ?? null;
      this.submit[k] = job.submit;
      this.runtime[k] = job.runtime;
      this.estimate[k] = job.estimate;
      this.priority[k] = job.priority ?? 0;
      this.tasks[k] = job.tasks;
      for (const name in job.request) {
        const amount = job.request[name]!;
        const r = index.get(name);
        if (r === undefined) {
          if (amount > 0) (unknown[k] ??= []).push(name);
          continue;
        }
        this.request[k * R + r] = amount;
        this.total[k * R + r] = amount * job.tasks;
      }
    }
    this.ids = ids;
    this.users = users;
    this.unknownResources = unknown;
  }

  /** The per-task request of job `j` as a subarray view (no copy). */
  requestOf(j: number): Float64Array {
    const R = this.resources.length;
    return this.request.subarray(j * R, j * R + R);
  }

  /** The whole-job request of job `j` as a subarray view (no copy). */
  totalOf(j: number): Float64Array {
    const R = this.resources.length;
    return this.total.subarray(j * R, j * R + R);
  }
}

function checkJob(job: SimJob, position: number): void {
  const where = `job ${JSON.stringify(job.id)} (input position ${position})`;
  if (!Number.isFinite(job.submit)) throw new RangeError(`${where}: submit must be a finite number, got ${job.submit}`);
  if (!(job.runtime > 0)) throw new RangeError(`${where}: runtime must be a positive number (or Infinity), got ${job.runtime}`);
  if (!(job.estimate > 0)) throw new RangeError(`${where}: estimate must be a positive number (or Infinity), got ${job.estimate}`);
  if (!Number.isInteger(job.tasks) || job.tasks < 1) throw new RangeError(`${where}: tasks must be a positive integer, got ${job.tasks}`);
  for (const [name, amount] of Object.entries(job.request)) {
    if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError(`${where}: request of ${name} must be a finite non-negative number, got ${amount}`);
  }
}
