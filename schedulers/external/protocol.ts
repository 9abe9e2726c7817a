/**
 * The content of the scheduler protocol's messages (the transcript is in
 * client.ts): the cluster as the hello describes it, a job as a submit event
 * describes it, and the decisions of a schedule answer applied to the run.
 * Names on the wire are the ids of the trace; indexes are the engine's.
 */
import type { Placement } from '../../sim/cluster.ts';
import type { SchedulingContext } from '../../sim/policy.ts';
import { appendAll } from '../../sim/arrays.ts';
import type { SchedulerProgram } from './program.ts';

/** The cluster in the hello message. */
export function clusterMessage(ctx: SchedulingContext): Record<string, unknown> {
  const c = ctx.cluster;
  const nodes = c.nodeIds.map((id, i) => ({
    id,
    capacity: Object.fromEntries(c.resources.map((r, k) => [r, c.capacityOf(i, k)])),
    labels: c.labels[i],
    taints: c.taints[i],
    unschedulable: c.unschedulable[i],
    gpus: c.devicesOn(i),
  }));
  return { resources: c.resources, nodes };
}

/** A job in a submit event. */
export function describeJob(ctx: SchedulingContext, j: number): Record<string, unknown> {
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
}

/** Finds the engine's index of the jobs and nodes the program names; an unknown name ends the run. */
export class WireNames {
  private jobsIndex: Map<string, number> | null = null;
  private nodesIndex: Map<string, number> | null = null;
  private readonly program: SchedulerProgram;

  constructor(program: SchedulerProgram) {
    this.program = program;
  }

  /** Learns the node ids (at the hello; nodes are not renamed during a run). */
  setNodes(ctx: SchedulingContext): void {
    this.nodesIndex = new Map(ctx.cluster.nodeIds.map((id, i) => [id, i]));
  }

  job(ctx: SchedulingContext, id: unknown): number {
    // Rebuilt when jobs were added since (a job's id never changes).
    if (!this.jobsIndex || this.jobsIndex.size !== ctx.jobs.count) this.jobsIndex = new Map(ctx.jobs.ids.map((x, i) => [x, i]));
    const j = typeof id === 'string' ? this.jobsIndex.get(id) : undefined;
    if (j === undefined) this.program.fail(ctx.now, `${this.program.label} named job ${JSON.stringify(id)}, which does not exist`);
    return j!;
  }

  node(ctx: SchedulingContext, job: unknown, node: unknown): number {
    const n = this.nodesIndex!.get(String(node));
    if (n === undefined) this.program.fail(ctx.now, `${this.program.label}: placement of ${String(job)} names node ${JSON.stringify(node)}, which does not exist`);
    return n!;
  }
}

/** Applies the decisions of a schedule answer in order; the engine validates each like any policy's. */
export function applyDecisions(ctx: SchedulingContext, decisions: Record<string, unknown>[], program: SchedulerProgram, names: WireNames): void {
  const label = program.label;
  for (const d of decisions) {
    const action = d?.action;
    if (action === 'start') {
      const job = names.job(ctx, d.job);
      if (!Array.isArray(d.placement)) program.fail(ctx.now, `${label}: start of ${String(d.job)} without a placement list`);
      ctx.start(job, placementOf(ctx, d, names));
    } else if (action === 'reject') ctx.reject(names.job(ctx, d.job), String(d.reason ?? 'rejected by the external scheduler'));
    else if (action === 'preempt') ctx.preempt(names.job(ctx, d.job), String(d.reason ?? 'preempted by the external scheduler'));
    else if (action === 'wake') ctx.wakeAt(Number(d.time));
    else program.fail(ctx.now, `${label}: unknown decision ${JSON.stringify(d).slice(0, 200)}`);
  }
}

/** A start decision's placement list ([{node, count, devices?}]) as the engine's Placement. */
function placementOf(ctx: SchedulingContext, d: Record<string, unknown>, names: WireNames): Placement {
  const nodes: number[] = [];
  const counts: number[] = [];
  const devices: number[] = [];
  let hasDevices = false;
  for (const p of d.placement as Record<string, unknown>[]) {
    nodes.push(names.node(ctx, d.job, p?.node));
    counts.push(Number(p.count));
    if (Array.isArray(p.devices)) {
      hasDevices = true;
      appendAll(devices, p.devices as number[]);
    }
  }
  return hasDevices ? { nodes, counts, devices } : { nodes, counts };
}
