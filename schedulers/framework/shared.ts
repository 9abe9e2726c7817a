/**
 * What the framework scheduler's parts share (scheduler.ts wires them): the
 * snapshot, the built profiles, the pods' decoded specs, and the options.
 * Built on the first call with a scheduling context (the cluster and job table
 * are known only then).
 */
import type { JobTable } from '../../sim/jobs.ts';
import { JobState, type SchedulingContext } from '../../sim/policy.ts';
import type { Random } from '../../sim/rng.ts';
import type { ProfileConfig } from './config.ts';
import { JobFitCheck } from './job-fit.ts';
import type { Objects } from './objects.ts';
import { podInfoOf, type PodInfo } from './pod.ts';
import { buildProfile, type BuiltProfile } from './registry.ts';
import { Snapshot } from './state.ts';
import type { Handle } from './types.ts';

export class SchedulerShared {
  readonly name: string;
  readonly profiles: readonly ProfileConfig[];
  readonly objects: Objects;
  /** The run's tie-break stream. */
  readonly random: Random;
  /** Scored nodes listed per explained attempt. */
  readonly explainNodes: number;
  /** Built profiles by schedulerName. */
  readonly built = new Map<string, BuiltProfile>();
  /** Decoded pod specs by job (priority class applied). */
  private readonly pods = new Map<number, PodInfo>();
  private snapshotRef: Snapshot | null = null;
  private fitCheckRef: JobFitCheck | null = null;
  private jobsRef: JobTable | null = null;
  private firstRef: BuiltProfile | null = null;

  constructor(name: string, profiles: readonly ProfileConfig[], objects: Objects, random: Random, explainNodes: number) {
    this.name = name;
    this.profiles = profiles;
    this.objects = objects;
    this.random = random;
    this.explainNodes = explainNodes;
  }

  /** Builds the snapshot and the profiles on the first call. */
  init(ctx: SchedulingContext): void {
    if (this.snapshotRef) return;
    this.jobsRef = ctx.jobs;
    const snapshot = new Snapshot(ctx.cluster, ctx.jobs);
    this.snapshotRef = snapshot;
    this.fitCheckRef = new JobFitCheck(snapshot);
    const handle: Handle = { snapshot, random: this.random };
    const existing = function* () {
      for (const j of ctx.queued()) if (ctx.state(j) === JobState.Queued) yield j;
      yield* ctx.running();
    };
    for (const config of this.profiles) this.built.set(config.schedulerName, buildProfile(config, handle, this.objects, (job) => ctx.startTime(job), existing));
    this.firstRef = this.built.get(this.profiles[0]!.schedulerName)!;
  }

  get initialized(): boolean {
    return this.snapshotRef !== null;
  }

  get snapshot(): Snapshot {
    return this.snapshotRef!;
  }

  get fitCheck(): JobFitCheck {
    return this.fitCheckRef!;
  }

  /** The first profile: its queue sort orders the shared queue. */
  get first(): BuiltProfile {
    return this.firstRef!;
  }

  /** A pod already bound to a node (a snapshot's running pod) keeps its node whichever scheduler bound it: the first profile places it there. */
  profileOf(pod: PodInfo): BuiltProfile {
    return this.built.get(pod.schedulerName) ?? this.firstRef!;
  }

  podOf(job: number): PodInfo {
    let p = this.pods.get(job);
    if (!p) {
      p = podInfoOf(job, this.jobsRef!);
      const classes = this.objects.priorityClasses;
      let pc = p.priorityClass !== undefined ? classes.get(p.priorityClass) : undefined;
      if (p.priorityClass === undefined) for (const c of classes.values()) if (c.globalDefault) (pc ??= c);
      if (pc) p = { ...p, priority: pc.value, preemptionPolicy: pc.preemptionPolicy };
      this.pods.set(job, p);
    }
    return p;
  }
}
