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
 *
 * This file is the policy; program.ts runs the program and carries the lines,
 * protocol.ts builds and reads the messages' content.
 */
import { JOB_STATE_NAMES, type SchedulingPolicy } from '../../sim/policy.ts';
import { SchedulerProgram } from './program.ts';
import { applyDecisions, clusterMessage, describeJob, WireNames } from './protocol.ts';

export const PROTOCOL = 'clusterlab-scheduler';
export const PROTOCOL_VERSION = 1;

export interface ExternalOptions {
  /** Seconds to wait for each answer. */
  timeoutSeconds: number;
}

/** A closable policy: call close() after the run to end the child process. */
export interface ExternalPolicy extends SchedulingPolicy {
  close(): void;
}

export function createExternalScheduler(spec: string, options: ExternalOptions): ExternalPolicy {
  const program = new SchedulerProgram(spec, options.timeoutSeconds);
  const { label } = program;
  const names = new WireNames(program);
  let events: Record<string, unknown>[] = [];

  return {
    get name() {
      return program.name;
    },
    close: () => program.close(),
    onSubmit(job, ctx) {
      events.push({ type: 'submit', job: describeJob(ctx, job) });
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
      if (!program.running) {
        // The first pass starts the program and says hello.
        program.open();
        const cluster = clusterMessage(ctx);
        names.setNodes(ctx);
        const hello = program.exchange(ctx.now, { type: 'hello', protocol: PROTOCOL, version: PROTOCOL_VERSION, cluster });
        if (hello.type !== 'hello') program.fail(ctx.now, `${label} answered ${JSON.stringify(hello).slice(0, 200)} to hello; expected {"type":"hello","name":...}`);
        if (typeof hello.name === 'string' && hello.name) program.name = hello.name;
      }
      const message = { type: 'schedule', time: ctx.now, events, queued: ctx.queued().map((j) => ctx.jobs.ids[j]) };
      events = [];
      const answer = program.exchange(ctx.now, message);
      if (answer.type !== 'decisions' || !Array.isArray(answer.decisions)) program.fail(ctx.now, `${label} answered ${JSON.stringify(answer).slice(0, 200)}; expected {"type":"decisions","decisions":[...]}`);
      applyDecisions(ctx, answer.decisions as Record<string, unknown>[], program, names);
    },
  };
}
