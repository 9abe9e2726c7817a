/**
 * External schedulers: any program that speaks the clusterlab scheduler
 * protocol (version 1) on its standard input and output, one JSON object per
 * line. The engine stays synchronous and deterministic: a worker thread
 * (io-worker.mjs) owns the child process and its pipes, and the engine's
 * thread waits for each answer with Atomics.wait and a timeout. A program that
 * exits, writes something that is not the expected JSON, does not answer in
 * time, or decides something impossible ends the run with a SimulationError
 * naming it.
 *
 * Messages from clusterlab (docs/batch-schedulers.md "Your own scheduler" has a transcript):
 *   {"type":"hello","protocol":"clusterlab-scheduler","version":1,
 *    "cluster":{"resources":[...],"nodes":[{"id","capacity":{...},"labels":{...},"taints":[...],"unschedulable":false,"gpus":N}]}}
 *     → {"type":"hello","name":"my-scheduler"}
 *   {"type":"schedule","time":T,"events":[...],"queued":["job ids in queue order"]}
 *     events since the previous message, in order:
 *       {"type":"submit","job":{"id","submit","tasks","request":{...},"estimate","priority","user","tenant","labels","gpu","constraints"}}
 *       {"type":"end","job":"id","state":"finished|killed|failed|preempted|requeued"}
 *     → {"type":"decisions","decisions":[
 *          {"action":"start","job":"id","placement":[{"node":"node id","count":N,"devices":[...]}]},
 *          {"action":"reject","job":"id","reason":"..."},
 *          {"action":"preempt","job":"id","reason":"..."},
 *          {"action":"wake","time":T}]}
 *   {"type":"end"} when the run is over (no answer expected).
 * Estimates of Infinity are sent as null. Decisions are applied in order and
 * validated by the engine like any policy's.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Placement } from '../../sim/cluster.ts';
import { SimulationError } from '../../sim/errors.ts';
import { JOB_STATE_NAMES, type SchedulingContext, type SchedulingPolicy } from '../../sim/policy.ts';
import { appendAll } from '../../sim/arrays.ts';

export const PROTOCOL = 'clusterlab-scheduler';
export const PROTOCOL_VERSION = 1;
const ANSWER_BYTES = 16 * 1024 * 1024;

export interface ExternalOptions {
  /** Seconds to wait for each answer. */
  timeoutSeconds: number;
}

/** How to run `spec`: a .py file with python3, a .js/.mjs file with node, anything else as an executable (a command line with spaces is split on spaces). */
export function commandFor(spec: string): { command: string; args: string[] } {
  if (/\.py$/i.test(spec)) return { command: 'python3', args: [spec] };
  const parts = spec.split(/\s+/).filter(Boolean);
  return { command: parts[0]!, args: parts.slice(1) };
}

/** A closable policy: call close() after the run to end the child process. */
export interface ExternalPolicy extends SchedulingPolicy {
  close(): void;
}

export function createExternalScheduler(spec: string, options: ExternalOptions): ExternalPolicy {
  const label = `external scheduler ${spec}`;
  let name = label;
  let worker: Worker | null = null;
  let sab: SharedArrayBuffer;
  let header: Int32Array;
  let events: Record<string, unknown>[] = [];
  let jobsIndex: Map<string, number> | null = null;
  let nodesIndex: Map<string, number> | null = null;
  const decoder = new TextDecoder();

  const fail = (now: number, message: string): never => {
    close();
    throw new SimulationError(name, now, message);
  };

  /** Sends one line and waits for the answer line (synchronously, with the timeout). */
  const exchange = (now: number, message: Record<string, unknown>): Record<string, unknown> => {
    Atomics.store(header, 0, 0);
    worker!.postMessage({ type: 'send', line: JSON.stringify(message, (_k, v) => (v === Infinity ? null : v)) });
    const r = Atomics.wait(header, 0, 0, options.timeoutSeconds * 1000);
    if (r === 'timed-out') fail(now, `${label} did not answer within ${options.timeoutSeconds} s (message ${String(message.type)})`);
    const state = Atomics.load(header, 0);
    const text = decoder.decode(new Uint8Array(sab, 8, Atomics.load(header, 1)).slice());
    if (state === 2) fail(now, `${label} ${text}`);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      fail(now, `${label} answered with something that is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
    }
    if (!answer || typeof answer !== 'object' || Array.isArray(answer)) fail(now, `${label} answered with ${JSON.stringify(text.slice(0, 200))}; expected a JSON object`);
    return answer as Record<string, unknown>;
  };

  const start = (ctx: SchedulingContext) => {
    if (worker) return;
    sab = new SharedArrayBuffer(8 + ANSWER_BYTES);
    header = new Int32Array(sab, 0, 2);
    const { command, args } = commandFor(spec);
    const workerPath = resolve(fileURLToPath(new URL('.', import.meta.url)), 'io-worker.mjs');
    worker = new Worker(workerPath, { workerData: { command, args, sab } });
    worker.unref();
    const c = ctx.cluster;
    const nodes = c.nodeIds.map((id, i) => ({
      id,
      capacity: Object.fromEntries(c.resources.map((r, k) => [r, c.capacityOf(i, k)])),
      labels: c.labels[i],
      taints: c.taints[i],
      unschedulable: c.unschedulable[i],
      gpus: c.devicesOn(i),
    }));
    nodesIndex = new Map(c.nodeIds.map((id, i) => [id, i]));
    const hello = exchange(ctx.now, { type: 'hello', protocol: PROTOCOL, version: PROTOCOL_VERSION, cluster: { resources: c.resources, nodes } });
    if (hello.type !== 'hello') fail(ctx.now, `${label} answered ${JSON.stringify(hello).slice(0, 200)} to hello; expected {"type":"hello","name":...}`);
    if (typeof hello.name === 'string' && hello.name) name = hello.name;
  };

  const close = () => {
    if (!worker) return;
    const w = worker;
    worker = null;
    try {
      w.postMessage({ type: 'send', line: JSON.stringify({ type: 'end' }) });
      w.postMessage({ type: 'close' });
    } catch {
      void w.terminate();
    }
  };

  const jobIndex = (ctx: SchedulingContext, id: unknown): number => {
    if (!jobsIndex || jobsIndex.size !== ctx.jobs.count) jobsIndex = new Map(ctx.jobs.ids.map((x, i) => [x, i]));
    const j = typeof id === 'string' ? jobsIndex.get(id) : undefined;
    if (j === undefined) fail(ctx.now, `${label} named job ${JSON.stringify(id)}, which does not exist`);
    return j!;
  };

  const describe = (ctx: SchedulingContext, j: number) => {
    const input = ctx.jobs.input[j] as unknown as Record<string, unknown>;
    return {
      id: ctx.jobs.ids[j],
      submit: ctx.jobs.submit[j],
      tasks: ctx.jobs.tasks[j],
      request: input.request,
      estimate: ctx.jobs.estimate[j],
      priority: ctx.jobs.priority[j],
      user: ctx.jobs.users[j],
      tenant: input.tenant ?? null,
      labels: input.labels ?? {},
      gpu: input.gpu ?? null,
      constraints: input.constraints ?? {},
    };
  };

  return {
    get name() {
      return name;
    },
    close,
    onSubmit(job, ctx) {
      events.push({ type: 'submit', job: describe(ctx, job) });
    },
    onRequeue(job, ctx) {
      events.push({ type: 'end', job: ctx.jobs.ids[job], state: 'requeued' });
    },
    onEnd(job, ctx) {
      const state = JOB_STATE_NAMES[ctx.state(job)];
      if (state === 'queued') return; // a requeue, already reported
      events.push({ type: 'end', job: ctx.jobs.ids[job], state });
    },
    schedule(ctx) {
      start(ctx);
      const message = { type: 'schedule', time: ctx.now, events, queued: ctx.queued().map((j) => ctx.jobs.ids[j]) };
      events = [];
      const answer = exchange(ctx.now, message);
      if (answer.type !== 'decisions' || !Array.isArray(answer.decisions)) fail(ctx.now, `${label} answered ${JSON.stringify(answer).slice(0, 200)}; expected {"type":"decisions","decisions":[...]}`);
      for (const d of answer.decisions as Record<string, unknown>[]) {
        const action = d?.action;
        if (action === 'start') {
          const job = jobIndex(ctx, d.job);
          if (!Array.isArray(d.placement)) fail(ctx.now, `${label}: start of ${String(d.job)} without a placement list`);
          const nodes: number[] = [];
          const counts: number[] = [];
          const devices: number[] = [];
          let hasDevices = false;
          for (const p of d.placement as Record<string, unknown>[]) {
            const node = nodesIndex!.get(String(p?.node));
            if (node === undefined) fail(ctx.now, `${label}: placement of ${String(d.job)} names node ${JSON.stringify(p?.node)}, which does not exist`);
            nodes.push(node!);
            counts.push(Number(p.count));
            if (Array.isArray(p.devices)) {
              hasDevices = true;
              appendAll(devices, p.devices as number[]);
            }
          }
          const placement: Placement = hasDevices ? { nodes, counts, devices } : { nodes, counts };
          ctx.start(job, placement);
        } else if (action === 'reject') ctx.reject(jobIndex(ctx, d.job), String(d.reason ?? 'rejected by the external scheduler'));
        else if (action === 'preempt') ctx.preempt(jobIndex(ctx, d.job), String(d.reason ?? 'preempted by the external scheduler'));
        else if (action === 'wake') ctx.wakeAt(Number(d.time));
        else fail(ctx.now, `${label}: unknown decision ${JSON.stringify(d).slice(0, 200)}`);
      }
    },
  };
}
