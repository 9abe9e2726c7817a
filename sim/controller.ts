/**
 * Controllers: the processes of a cluster that are not the scheduler. Failure
 * injectors, health monitors, autoscalers, service controllers, rollouts and
 * configuration reconcilers are controllers. A controller acts when a timer it
 * set fires (and may observe job starts and ends); it changes the world only
 * through its ControlContext, whose every action the engine validates.
 *
 * Timing: at one instant the engine applies job ends, then controller timers
 * (in the order they were set), then submissions, then policy wake-ups, and
 * only then asks the scheduling policy to decide, once. So a job submitted or
 * a node added by a controller at time t is scheduled at t.
 */
import type { ClusterView, NodeSpec, Placement } from './cluster.ts';
import type { JobTable, SimJob } from './jobs.ts';
import type { JobState } from './policy.ts';

/** Something that happened to the system, for observers (annotations, availability metrics). */
export interface SystemEvent {
  time: number;
  /** e.g. node-down, node-up, node-added, failure-detected, scale-up, rollout-step; free-form, kebab-case. */
  type: string;
  /** Who reported it (the controller's name). */
  source: string;
  node?: string;
  job?: string;
  /** Small free-form payload (numbers or strings), written as is into event logs. */
  data?: Record<string, string | number | boolean | null>;
}

export interface ControlContext {
  readonly now: number;
  readonly jobs: JobTable;
  readonly cluster: ClusterView;
  state(job: number): JobState;
  /** Start time of the current (or last) attempt of a job. */
  startTime(job: number): number;
  queued(): readonly number[];
  running(): readonly number[];
  /** The placement of a running job (views valid while it runs). */
  placementOf(job: number): Placement | undefined;
  /** Running jobs with at least one task on `node`, in job index order. */
  jobsOn(node: number): number[];
  /** Seconds of work a job still needs when (re)started. */
  remaining(job: number): number;

  /** Calls this controller's onTimer(tag) at `time` (≥ now). */
  at(time: number, tag: number): void;
  /** Submits new work now (or at job.submit if later); returns its job index. */
  submit(job: SimJob): number;
  /**
   * Stops a running job and puts it back in the queue. `keptWork` seconds of
   * its progress survive (a checkpoint); the rest of the attempt is lost.
   */
  requeue(job: number, reason: string, keptWork?: number): void;
  /** Ends a queued or running job for good as failed (its attempt's work is lost). */
  fail(job: number, reason: string): void;
  /**
   * The running job stops making progress (its node died unnoticed, or it waits
   * in a back-off): it keeps its nodes and stays running, but will not end by
   * itself. A later requeue, restart or fail ends the attempt; the time since
   * the attempt started counts as lost unless kept.
   */
  stall(job: number): void;
  /**
   * Ends the running job's attempt and starts a new one at once on the same
   * nodes (a restart in place: a container restarted by its node agent, a job
   * resumed from a checkpoint where it ran). `keptWork` seconds survive, as in
   * requeue. Observers see onRestart; no scheduling decision is involved, so the
   * policy and the controllers' job hooks are not called.
   */
  restart(job: number, reason: string, keptWork?: number): void;
  /** Takes a node down; it must hold no running job (requeue or fail them first). */
  nodeDown(node: number, reason: string): void;
  nodeUp(node: number, reason: string): void;
  /** Adds a node (up and empty) and returns its index. */
  addNode(spec: NodeSpec, reason: string): number;
  /** Cordons or uncordons a node (schedulers skip cordoned nodes). */
  setUnschedulable(node: number, value: boolean): void;
  /** Reports a system event to the observers. */
  record(event: Omit<SystemEvent, 'time' | 'source'> & { time?: number }): void;
}

export interface Controller {
  /** Name used in errors and event sources. */
  readonly name: string;
  /** Called once before the first event, at the run's start time. */
  start?(ctx: ControlContext): void;
  /** A timer set with ctx.at(time, tag) fired. */
  onTimer?(tag: number, ctx: ControlContext): void;
  /** A job started (called after the scheduling pass that started it). May act. */
  onJobStart?(job: number, ctx: ControlContext): void;
  /** A job ended: finished, killed, failed or requeued. May act. */
  onJobEnd?(job: number, ctx: ControlContext): void;
}
