/**
 * Deployment strategies: how a service moves from one version of its pod
 * template to the next. A strategy is asked, at every change of the service
 * (a replica ready, lost, a timer), for the number of replicas each version
 * should have and which versions receive traffic; the service controller
 * creates and terminates replicas to match. Replica failures during a rollout
 * are handled like any other (the controller replaces them).
 */

export interface VersionCounts {
  version: number;
  /** Replicas the version should have now. */
  target: number;
  /** Replicas that exist and are not terminating. */
  active: number;
  /** Ready replicas on live nodes (Kubernetes' available, minReadySeconds 0). */
  available: number;
  /** Requests served and failed by the version's replicas since the rollout began (for canary analysis). */
  served: number;
  failed: number;
}

export interface RolloutView {
  readonly now: number;
  /** The service's desired replica count (spec.replicas; the autoscaler may change it during a rollout). */
  readonly desired: number;
  /** The version being rolled out. */
  readonly to: number;
  /** Every version with replicas or a target, the new one included. */
  readonly versions: readonly VersionCounts[];
}

export interface RolloutPlan {
  /** Target replicas per version (versions left out get 0). */
  targets: Map<number, number>;
  /** Versions whose ready replicas are endpoints of the service; all when null. */
  serving: ReadonlySet<number> | null;
  /** The rollout is over (the new version took over, or it was rolled back). */
  done: boolean;
  /** Rolled back (canary analysis failed). */
  aborted?: boolean;
  /** Ask to be planned again at this time (pauses, delays). */
  wakeAt?: number;
  /** A step was taken (for the events file), e.g. "weight 20". */
  step?: string;
}

export interface Rollout {
  plan(view: RolloutView): RolloutPlan;
}

export interface DeploymentStrategy {
  readonly name: string;
  /** A rollout from the current versions to version `to`, starting now. */
  begin(to: number, now: number): Rollout;
}

/**
 * An absolute count or a percentage of `total` (Kubernetes IntOrString):
 * maxSurge rounds percentages up, maxUnavailable down.
 */
export function resolveIntOrPercent(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(value);
  if (!m) throw new RangeError(`not a count or a percentage: ${value}`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x - 1e-9) : Math.floor(x + 1e-9);
}
