/**
 * What the engine needs to know about a job, and the packed table it keeps.
 *
 * `SimJob` is the engine's input: the canonical job of workloads/job.ts
 * satisfies it. The engine sorts the initial jobs by submit time (stable, so
 * jobs with the same submit time keep their input order) and packs them into
 * a JobTable of typed arrays, with each per-task request turned into a dense
 * vector over the cluster's resources. Controllers may append jobs during a
 * run (service replicas, retries); the arrays then grow, so read them through
 * the table each time rather than keeping a reference across such calls.
 * Jobs a reader keeps as columns (sim/job-columns.ts) are packed from the
 * columns, and their objects (`input`) made only when a policy reads one.
 */
import { grown } from './arrays.ts';
import { columnsOf, plainJobs, type JobColumns } from './job-columns.ts';

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
  /** GPU device shape of each task: `count` GPUs with `milli` thousandths of each (see sim/devices.ts). */
  readonly gpu?: { readonly count: number; readonly milli: number };
}

export class JobTable {
  /** Number of jobs, including those appended during the run. */
  count = 0;
  readonly resources: readonly string[];
  readonly ids: string[];
  readonly users: (string | null)[];
  /** Tenant of each job (canonical jobs may name one; SWF jobs have none): read by DRF without the job objects. */
  readonly tenants: (string | null)[];
  /** The initial jobs as given, in input order; `input` makes their table-ordered array on first use. */
  private readonly given: readonly SimJob[];
  private inputJobs: SimJob[] | null = null;
  submit: Float64Array;
  runtime: Float64Array;
  estimate: Float64Array;
  priority: Float64Array;
  tasks: Int32Array;
  /** Per-task request, row-major: job * R + r. */
  request: Float64Array;
  /** Whole-job request (tasks × per-task), row-major. */
  total: Float64Array;
  /** GPU device shape per task: GPUs per task and milli-GPU on each (0 when the job has none). */
  gpuCount: Int32Array;
  gpuMilli: Int32Array;
  /** Resources a job asks for that the cluster does not have (null when none). */
  readonly unknownResources: (string[] | null)[];
  /** The input position of each initial job (they are stored sorted by submit time); -1 for appended jobs. */
  inputIndex: Int32Array;
  private readonly index = new Map<string, number>();
  /** The request object of the last initial job added (SWF jobs share one): the next job that shares it copies its row. */
  private lastRequest: Readonly<Record<string, number>> | null = null;

  constructor(jobs: readonly SimJob[], resources: readonly string[]) {
    const n = jobs.length;
    const R = resources.length;
    this.resources = resources;
    resources.forEach((name, r) => this.index.set(name, r));
    const capacity = Math.max(16, n);
    // Sized once: grown by push, 10^6-entry arrays would leave ~100 MB of old copies behind.
    this.given = jobs;
    this.ids = new Array(n);
    this.users = new Array(n);
    this.tenants = new Array(n);
    this.unknownResources = new Array(n);
    this.submit = new Float64Array(capacity);
    this.runtime = new Float64Array(capacity);
    this.estimate = new Float64Array(capacity);
    this.priority = new Float64Array(capacity);
    this.tasks = new Int32Array(capacity);
    this.request = new Float64Array(capacity * R);
    this.total = new Float64Array(capacity * R);
    this.inputIndex = new Int32Array(capacity).fill(-1);
    this.gpuCount = new Int32Array(capacity);
    this.gpuMilli = new Int32Array(capacity);
    const columns = columnsOf(jobs);
    if (columns) this.addColumns(columns);
    else {
      this.inputJobs = new Array(n);
      // Logs come sorted by submit time as a rule: then the sort (a comparator call per pair) is skipped.
      let sorted = true;
      for (let i = 1; i < n && sorted; i++) sorted = jobs[i]!.submit >= jobs[i - 1]!.submit;
      if (sorted) for (let i = 0; i < n; i++) this.add(jobs[i]!, i);
      else for (const position of submitOrder(n, (i) => jobs[i]!.submit)) this.add(jobs[position]!, position);
    }
    // Jobs appended later (controllers) are resolved one by one: a caller may reuse and change one request object.
    this.lastRequest = null;
  }

  /** The job objects by table index (canonical jobs carry constraints, labels, gang... for the policies that read them). */
  get input(): SimJob[] {
    if (this.inputJobs === null) {
      // Jobs packed from columns: their objects, made now (appended jobs come later, through add).
      const given = plainJobs(this.given);
      const input: SimJob[] = new Array(this.count);
      for (let k = 0; k < this.count; k++) input[k] = given[this.inputIndex[k]!]!;
      this.inputJobs = input;
    }
    return this.inputJobs;
  }

  /** Appends a job (a controller's new work) and returns its index. */
  append(job: SimJob): number {
    return this.add(job, -1);
  }

  /** The per-task request of job `j` as a subarray view (no copy). */
  requestOf(j: number): Float64Array {
    const R = this.resources.length;
    return this.request.subarray(j * R, j * R + R);
  }

  /** Copies the per-task request of job `j` into `out` (hot paths: no view object per call) and returns it. */
  requestInto(j: number, out: Float64Array): Float64Array {
    const R = this.resources.length;
    for (let r = 0; r < R; r++) out[r] = this.request[j * R + r]!;
    return out;
  }

  /** The whole-job request of job `j` as a subarray view (no copy). */
  totalOf(j: number): Float64Array {
    const R = this.resources.length;
    return this.total.subarray(j * R, j * R + R);
  }

  private add(job: SimJob, position: number): number {
    const shared = job.request === this.lastRequest;
    checkJob(job, position, shared);
    const k = this.count;
    if (k === this.submit.length) this.grow();
    const R = this.resources.length;
    this.ids[k] = job.id;
    this.users[k] = job.user ?? null;
    this.tenants[k] = (job as { tenant?: string | null }).tenant ?? null;
    this.input[k] = job;
    this.unknownResources[k] = null;
    this.submit[k] = job.submit;
    this.runtime[k] = job.runtime;
    this.estimate[k] = job.estimate;
    this.priority[k] = job.priority ?? 0;
    this.tasks[k] = job.tasks;
    this.inputIndex[k] = position;
    this.gpuCount[k] = job.gpu?.count ?? 0;
    this.gpuMilli[k] = job.gpu?.milli ?? 0;
    if (shared) {
      // The same request object as job k - 1: the same row, and the same unknown resources.
      for (let r = 0; r < R; r++) {
        const amount = this.request[(k - 1) * R + r]!;
        this.request[k * R + r] = amount;
        this.total[k * R + r] = amount * job.tasks;
      }
      const unknown = this.unknownResources[k - 1];
      if (unknown) this.unknownResources[k] = unknown.slice();
    } else {
      for (const name in job.request) {
        const amount = job.request[name]!;
        const r = this.index.get(name);
        if (r === undefined) {
          if (amount > 0) (this.unknownResources[k] ??= []).push(name);
          continue;
        }
        this.request[k * R + r] = amount;
        this.total[k * R + r] = amount * job.tasks;
      }
    }
    this.lastRequest = job.request;
    this.count = k + 1;
    return k;
  }

  /**
   * The initial jobs from columns, in submit order (stable), with the checks of
   * checkJob: the same rows as add would make, without a job object.
   */
  private addColumns(c: JobColumns): void {
    const n = c.count;
    const R = this.resources.length;
    const row = new Float64Array(R);
    let unknown: string[] | null = null;
    if (n > 0) {
      // One request for every job: checked and resolved once.
      for (const name in c.request) {
        const amount = c.request[name]!;
        if (!(amount >= 0) || !Number.isFinite(amount)) badJob(c.id(0), 0, `request of ${name} must be a finite non-negative number, got ${amount}`);
        const r = this.index.get(name);
        if (r !== undefined) row[r] = amount;
        else if (amount > 0) (unknown ??= []).push(name);
      }
    }
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = c.submit(i) >= c.submit(i - 1);
    const order = sorted ? null : submitOrder(n, (i) => c.submit(i));
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : order[k]!;
      const submit = c.submit(i);
      const runtime = c.runtime(i);
      const estimate = c.estimate(i);
      const tasks = c.tasks(i);
      const id = c.id(i);
      checkValues(id, i, submit, runtime, estimate, tasks);
      this.ids[k] = id;
      this.users[k] = c.user(i);
      this.tenants[k] = null;
      this.unknownResources[k] = unknown === null ? null : unknown.slice();
      this.submit[k] = submit;
      this.runtime[k] = runtime;
      this.estimate[k] = estimate;
      this.priority[k] = c.priority;
      this.tasks[k] = tasks;
      this.inputIndex[k] = i;
      for (let r = 0; r < R; r++) {
        this.request[k * R + r] = row[r]!;
        this.total[k * R + r] = row[r]! * tasks;
      }
    }
    this.count = n;
  }

  private grow(): void {
    const capacity = this.submit.length * 2;
    const R = this.resources.length;
    this.submit = grown(this.submit, capacity);
    this.runtime = grown(this.runtime, capacity);
    this.estimate = grown(this.estimate, capacity);
    this.priority = grown(this.priority, capacity);
    this.tasks = grown(this.tasks, capacity);
    this.gpuCount = grown(this.gpuCount, capacity);
    this.gpuMilli = grown(this.gpuMilli, capacity);
    this.request = grown(this.request, capacity * R);
    this.total = grown(this.total, capacity * R);
    this.inputIndex = grown(this.inputIndex, capacity, -1);
  }
}

/** `requestChecked`: the job's request object is one already checked (shared with the previous job). */
function checkJob(job: SimJob, position: number, requestChecked = false): void {
  checkValues(job.id, position, job.submit, job.runtime, job.estimate, job.tasks);
  if (!requestChecked) for (const name in job.request) {
    const amount = job.request[name]!;
    if (!(amount >= 0) || !Number.isFinite(amount)) badJob(job.id, position, `request of ${name} must be a finite non-negative number, got ${amount}`);
  }
  if (job.gpu && job.gpu.count > 0) {
    const { count, milli } = job.gpu;
    if (!Number.isInteger(count) || !Number.isInteger(milli) || milli < 1 || milli > 1000) {
      badJob(job.id, position, `gpu shape must be whole GPUs count and milli in 1..1000, got ${count} x ${milli}`);
    }
    const scalar = job.request.gpu ?? 0;
    if (Math.abs(scalar - (count * milli) / 1000) > 1e-9) {
      badJob(job.id, position, `request.gpu ${scalar} disagrees with the gpu shape ${count} x ${milli} milli (= ${(count * milli) / 1000})`);
    }
  }
}

/** The checks of every job's numbers; runs for every job of a log: nothing is allocated unless something is wrong. */
function checkValues(id: string, position: number, submit: number, runtime: number, estimate: number, tasks: number): void {
  if (!Number.isFinite(submit)) badJob(id, position, `submit must be a finite number, got ${submit}`);
  if (!(runtime > 0)) badJob(id, position, `runtime must be a positive number (or Infinity), got ${runtime}`);
  if (!(estimate > 0)) badJob(id, position, `estimate must be a positive number (or Infinity), got ${estimate}`);
  if (!Number.isInteger(tasks) || tasks < 1) badJob(id, position, `tasks must be a positive integer, got ${tasks}`);
}

/** Input positions 0..n-1 by submit time, stable (ties keep their input order). */
function submitOrder(n: number, submitOf: (i: number) => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => submitOf(a) - submitOf(b) || a - b);
  return order;
}

function badJob(id: string, position: number, problem: string): never {
  throw new RangeError(`job ${JSON.stringify(id)}${position >= 0 ? ` (input position ${position})` : ''}: ${problem}`);
}
