/**
 * A workload from a generator spec and a seed. Pure: traces the spec refers
 * to (empirical distributions, replayed arrivals) are read by the caller and
 * passed in `traces`, keyed by the path as written in the spec.
 *
 * Random streams, one per purpose, named after it (sim/rng.ts), so changing
 * one part of a spec leaves the draws of the others unchanged:
 *   workload:arrivals, workload:tasks, workload:runtimes, workload:request:<resource>,
 *   workload:estimates, workload:users;
 *   Lublin model: workload:lublin:arrivals:batch, workload:lublin:arrivals:interactive,
 *   workload:lublin:sizes, workload:lublin:runtimes;
 *   transforms of the spec: transform:<type>.
 *
 * Jobs are numbered 1, 2, … in arrival order; services take their names as ids.
 * The result is sorted by submit time (stable: jobs before services at equal times).
 */
import { homogeneousCluster, type ClusterSpec } from '../sim/cluster.ts';
import { InputError } from '../sim/errors.ts';
import { Rng, type Random } from '../sim/rng.ts';
import { arrivalTimes } from './arrivals/index.ts';
import { samplerFor, type Sampler, type TraceTable } from './distributions/index.ts';
import { estimateFor } from './estimates.ts';
import type { Job } from './job.ts';
import { lublinJobs, lublinParameters } from './lublin/index.ts';
import { serviceJob } from './services/service.ts';
import type { GeneratorSpec, JobsSpec } from './spec.ts';
import { applyTransforms } from './transforms/index.ts';
import type { Workload } from './workload.ts';
import { appendAll } from '../sim/arrays.ts';

export interface GenerateOptions {
  /** The spec's file name, for `source` and error messages. */
  file?: string;
  traces?: TraceTable;
}

const MAX_REDRAWS = 1000;

/** Paths of the traces a spec refers to, in the order they appear. */
export function traceReferences(spec: GeneratorSpec): string[] {
  const out: string[] = [];
  const add = (path: string | undefined) => {
    if (path !== undefined && !out.includes(path)) out.push(path);
  };
  const jobs = spec.jobs;
  if (jobs?.model === 'independent') {
    if (jobs.arrivals.process === 'replay') add(jobs.arrivals.trace);
    for (const d of [jobs.tasks, jobs.runtime]) if (d.distribution === 'empirical') add(d.trace);
  }
  for (const v of Object.values(jobs?.request ?? {})) if (typeof v === 'object' && v.distribution === 'empirical') add(v.trace);
  return out;
}

/** How many tasks of `request` the machine holds at most (Infinity when the request is all zero). */
export function machineTasks(machine: GeneratorSpec['machine'], request: Readonly<Record<string, number>>): number {
  let perNode = Infinity;
  for (const [r, amount] of Object.entries(request)) {
    if (amount > 0) perNode = Math.min(perNode, Math.floor((machine.node[r] ?? 0) / amount));
  }
  return perNode * machine.nodes;
}

export function generateWorkload(spec: GeneratorSpec, seed: number, options: GenerateOptions = {}): Workload {
  const file = options.file ?? '<spec>';
  const traces = options.traces ?? new Map();
  const rng = new Rng(seed);
  const cluster: ClusterSpec = homogeneousCluster(spec.machine.nodes, spec.machine.node);
  const header: Record<string, string> = { generator: 'clusterlab workload generate', seed: String(seed) };
  if (spec.name) header['name'] = spec.name;
  const repaired: Record<string, number> = {};
  const jobs: Job[] = [];
  if (spec.jobs) {
    header['model'] = spec.jobs.model;
    appendAll(jobs, generateJobs(spec, spec.jobs, rng, traces, header, repaired, file));
  }
  for (const svc of spec.services) jobs.push(serviceJob(svc));
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[a]!.submit - jobs[b]!.submit || a - b);
  let workload: Workload = {
    jobs: order.map((i) => jobs[i]!),
    source: { format: 'synthetic', file },
    cluster,
    dropped: {},
    repaired,
    header,
  };
  if (spec.transforms.length > 0) workload = applyTransforms(workload, cluster, spec.transforms, rng).workload;
  return workload;
}

/** What the two job models share while generating: the spec, the streams, the header and counters, and where jobs go. */
interface JobsContext {
  spec: GeneratorSpec;
  rng: Rng;
  traces: TraceTable;
  header: Record<string, string>;
  repaired: Record<string, number>;
  /** A per-task request, drawn anew for each job. */
  request: () => Record<string, number>;
  horizon: number;
  count: number;
  out: Job[];
  bad: (field: string, reason: string, value: unknown) => InputError;
  /** Completes a job (resolution, estimate, user) and appends it. */
  finish: (submit: number, tasks: number, rawRuntime: number, req: Record<string, number>, queue: string | null) => void;
}

function generateJobs(
  spec: GeneratorSpec,
  js: JobsSpec,
  rng: Rng,
  traces: TraceTable,
  header: Record<string, string>,
  repaired: Record<string, number>,
  file: string,
): Job[] {
  const bad = (field: string, reason: string, value: unknown) => new InputError(reason, { file, field: `jobs.${field}`, value: String(value) });
  const request = requestSampler(js.request, rng, traces);
  const out: Job[] = [];
  const finish = jobFinisher(js, rng, out, bad);
  const ctx: JobsContext = { spec, rng, traces, header, repaired, request, horizon: js.horizon ?? Infinity, count: js.count ?? Infinity, out, bad, finish };
  if (js.model === 'independent') independentJobs(ctx, js);
  else lublinModelJobs(ctx, js);
  return out;
}

/** The last step of every job: runtime and submit time to the resolution, an estimate, a user; numbered in order. */
function jobFinisher(js: JobsSpec, rng: Rng, out: Job[], bad: JobsContext['bad']): JobsContext['finish'] {
  const res = js.resolution;
  const estimates = rng.stream('workload:estimates');
  const users = rng.stream('workload:users');
  return (submit, tasks, rawRuntime, req, queue) => {
    let runtime = rawRuntime;
    if (res > 0) runtime = Math.max(res, Math.round(runtime / res) * res);
    if (!(runtime > 0) || !Number.isFinite(runtime)) throw bad(js.model === 'lublin' ? 'lublin' : 'runtime', 'the runtime distribution gave a runtime that is not a positive finite number', runtime);
    let estimate = estimateFor(js.estimate, estimates, runtime);
    if (res > 0) estimate = Math.ceil(estimate / res) * res;
    out.push({
      id: String(out.length + 1),
      submit: res > 0 ? Math.floor(submit / res) * res : submit,
      tasks,
      request: req,
      runtime,
      estimate,
      priority: 0,
      user: js.users ? `u${1 + Math.floor(users() * js.users)}` : null,
      group: null,
      queue,
      dependencies: [],
      logStatus: null,
      logWait: null,
    });
  };
}

/** The independent model: arrivals, sizes and runtimes each from their own distribution; sizes the machine cannot hold are redrawn. */
function independentJobs(ctx: JobsContext, js: Extract<JobsSpec, { model: 'independent' }>): void {
  const { rng, traces, out, bad, repaired } = ctx;
  const arrivals = arrivalTimes(js.arrivals, rng.stream('workload:arrivals'), 0, traces);
  const tasksStream = rng.stream('workload:tasks');
  const runtimes = rng.stream('workload:runtimes');
  const tasksOf = samplerFor(js.tasks, traces);
  const runtimeOf = samplerFor(js.runtime, traces);
  while (out.length < ctx.count) {
    const next = arrivals.next();
    if (next.done || next.value >= ctx.horizon) break;
    const req = ctx.request();
    const max = machineTasks(ctx.spec.machine, req);
    if (max < 1) throw bad('request', 'a task of this request does not fit on a node of the machine', JSON.stringify(req));
    let tasks = Math.max(1, Math.ceil(tasksOf(tasksStream)));
    for (let tries = 0; tasks > max; tries++) {
      if (tries >= MAX_REDRAWS) throw bad('tasks', `the size distribution gave more tasks than the machine holds (${max}) ${MAX_REDRAWS} times in a row`, tasks);
      repaired['tasks_redrawn'] = (repaired['tasks_redrawn'] ?? 0) + 1;
      tasks = Math.max(1, Math.ceil(tasksOf(tasksStream)));
    }
    ctx.finish(next.value, tasks, runtimeOf(runtimes), req, null);
  }
}

/** The Lublin–Feitelson model, scaled to the tasks the machine holds with the fixed part of the request. */
function lublinModelJobs(ctx: JobsContext, js: Extract<JobsSpec, { model: 'lublin' }>): void {
  const { rng, out, bad, repaired, header } = ctx;
  const fixedRequest = Object.fromEntries(Object.entries(js.request).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  const machineSize = machineTasks(ctx.spec.machine, fixedRequest);
  if (!Number.isFinite(machineSize) || machineSize < 1) throw bad('request', 'the Lublin model needs a request that bounds the number of tasks on the machine', JSON.stringify(js.request));
  const params = lublinParameters(js.lublin, machineSize);
  for (const [type, p] of params) header[`lublin.${type}`] = JSON.stringify(p);
  header['lublin.machine_tasks'] = String(machineSize);
  const source = lublinJobs(
    params,
    {
      arrivals: (type) => rng.stream(`workload:lublin:arrivals:${type}`),
      sizes: rng.stream('workload:lublin:sizes'),
      runtimes: rng.stream('workload:lublin:runtimes'),
    },
    machineSize,
    js.lublin.startHour,
    () => (repaired['lublin_size_redrawn'] = (repaired['lublin_size_redrawn'] ?? 0) + 1),
  );
  while (out.length < ctx.count) {
    const j = source.next().value!;
    if (j.submit >= ctx.horizon) break;
    const req = ctx.request();
    if (machineTasks(ctx.spec.machine, req) < j.nodes) throw bad('request', `a request drawn for a job of ${j.nodes} tasks does not fit the machine`, JSON.stringify(req));
    ctx.finish(j.submit, j.nodes, j.runtime, req, j.type);
  }
}

/** Draws a per-task request: fixed amounts as they are, distributions from workload:request:<resource>. */
function requestSampler(spec: JobsSpec['request'], rng: Rng, traces: TraceTable): () => Record<string, number> {
  const parts: [string, number | { sampler: Sampler; random: Random }][] = Object.entries(spec).map(([r, v]) => [
    r,
    typeof v === 'number' ? v : { sampler: samplerFor(v, traces), random: rng.stream(`workload:request:${r}`) },
  ]);
  return () => {
    const req: Record<string, number> = {};
    for (const [r, v] of parts) req[r] = typeof v === 'number' ? v : Math.max(0, v.sampler(v.random));
    return req;
  };
}
