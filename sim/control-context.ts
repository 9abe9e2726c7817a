/**
 * The ControlContext each controller (failures, autoscalers, services...) gets:
 * reads of the engine's state, timers, and the actions a controller may take
 * between scheduling passes (submit, requeue, fail, stall, restart, node
 * changes), each checked before anything changes. Built once per controller.
 */
import type { NodeSpec } from './cluster.ts';
import type { ControlContext, Controller } from './controller.ts';
import type { EngineInternals } from './engine-state.ts';
import { EventClass } from './engine-types.ts';
import { SimulationError } from './errors.ts';
import type { SimJob } from './jobs.ts';
import { JOB_STATE_NAMES, JobState } from './policy.ts';

/** The checks every action starts with; each throws a SimulationError naming the controller. */
class Checks {
  constructor(
    private readonly engine: EngineInternals,
    readonly name: string,
  ) {}

  fail(message: string): never {
    throw new SimulationError(this.name, this.engine.now, message);
  }

  job(job: number, verb: string, allowed: readonly JobState[]): void {
    const engine = this.engine;
    if (!Number.isInteger(job) || job < 0 || job >= engine.jobs.count) this.fail(`${verb} of job index ${job}, which does not exist`);
    if (!allowed.includes(engine.state[job] as JobState)) {
      this.fail(`${verb} of job ${engine.jobs.ids[job]}, which is ${JOB_STATE_NAMES[engine.state[job]!]}`);
    }
  }

  node(node: number, verb: string): void {
    if (!Number.isInteger(node) || node < 0 || node >= this.engine.cluster.nodeCount) this.fail(`${verb} of node index ${node}, which does not exist`);
  }

  notDeciding(verb: string): void {
    if (this.engine.deciding) this.fail(`${verb} during a scheduling pass`);
  }
}

export function makeControlContext(engine: EngineInternals, controller: Controller, index: number): ControlContext {
  const name = controller.name;
  const check = new Checks(engine, name);
  const RUNNING = [JobState.Running];
  return {
    get now() {
      return engine.now;
    },
    get jobs() {
      return engine.jobs;
    },
    cluster: engine.cluster,
    state: (job) => engine.state[job] as JobState,
    startTime: (job) => engine.start[job]!,
    queued: () => engine.waiting.jobs,
    running: () => engine.running.jobs,
    placementOf: (job) => engine.placementOf(job),
    remaining: (job) => engine.remaining[job]!,
    jobsOn: (node) => jobsOn(engine, node),
    at: (time, tag) => {
      if (!(time >= engine.now) || !Number.isFinite(time)) check.fail(`timer at ${time} must be a finite time not before now`);
      engine.setTimer(time, index, tag);
    },
    submit: (job) => submit(engine, check, job),
    requeue: (job, reason, keptWork = 0) => {
      check.notDeciding('requeue');
      check.job(job, 'requeue', RUNNING);
      engine.requeueJob(job, reason, keptWork);
    },
    fail: (job, reason) => {
      check.notDeciding('fail');
      check.job(job, 'fail', [JobState.Running, JobState.Queued]);
      engine.failJob(job, reason);
    },
    stall: (job) => {
      check.notDeciding('stall');
      check.job(job, 'stall', RUNNING);
      // The end event in the heap becomes stale (ends are checked against end[job]).
      engine.end[job] = Infinity;
    },
    restart: (job, reason, keptWork = 0) => {
      check.notDeciding('restart');
      check.job(job, 'restart', RUNNING);
      engine.restartJob(job, reason, keptWork, name);
    },
    nodeDown: (node, reason) => nodeDown(engine, check, node, reason),
    nodeUp: (node, reason) => {
      check.notDeciding('nodeUp');
      check.node(node, 'nodeUp');
      engine.cluster.setUp(node, true);
      engine.emit({ time: engine.now, type: 'node-up', source: name, node: engine.cluster.nodeIds[node]!, data: { reason } });
      engine.afterActions();
    },
    addNode: (spec, reason) => addNode(engine, check, spec, reason),
    setUnschedulable: (node, value) => {
      check.node(node, 'setUnschedulable');
      engine.cluster.setUnschedulable(node, value);
      engine.changed = true;
      engine.releases++;
    },
    record: (event) => engine.emit({ ...event, time: event.time ?? engine.now, source: name }),
  };
}

/** Running jobs with a task on `node`, by index. */
function jobsOn(engine: EngineInternals, node: number): number[] {
  const found: number[] = [];
  for (const job of engine.running.jobs) if (engine.placements.get(job).nodes.includes(node)) found.push(job);
  return found.sort((a, b) => a - b);
}

function submit(engine: EngineInternals, check: Checks, job: SimJob): number {
  check.notDeciding('submit');
  const at = Math.max(job.submit, engine.now);
  const j = engine.appendJob(at === job.submit ? job : { ...job, submit: at });
  if (at === engine.now) {
    engine.applySubmit(j);
    engine.changed = true;
  } else engine.queue.push(at, EventClass.Submit, j);
  return j;
}

function nodeDown(engine: EngineInternals, check: Checks, node: number, reason: string): void {
  check.notDeciding('nodeDown');
  check.node(node, 'nodeDown');
  for (const job of engine.running.jobs) {
    if (engine.placements.get(job).nodes.includes(node)) {
      check.fail(`node ${engine.cluster.nodeIds[node]} still runs job ${engine.jobs.ids[job]}; requeue or fail it before taking the node down`);
    }
  }
  engine.cluster.setUp(node, false);
  engine.emit({ time: engine.now, type: 'node-down', source: check.name, node: engine.cluster.nodeIds[node]!, data: { reason } });
  engine.afterActions();
}

function addNode(engine: EngineInternals, check: Checks, spec: NodeSpec, reason: string): number {
  check.notDeciding('addNode');
  let node: number;
  try {
    node = engine.cluster.addNode(spec);
  } catch (err) {
    return check.fail((err as Error).message);
  }
  engine.emit({ time: engine.now, type: 'node-added', source: check.name, node: spec.id, data: { reason } });
  engine.afterActions();
  return node;
}
