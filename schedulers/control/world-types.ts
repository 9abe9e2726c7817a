/**
 * What the World (world.ts) knows and tells: the record of each node, failure
 * and stalled job, the node labels and flags it reads and sets, the health
 * monitoring it models, and the interfaces of those it calls back (the owner
 * of a job, the listeners of node changes). Importers usually take these from
 * world.ts, which re-exports them.
 */

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const RACK_LABEL = 'clusterlab/rack';
export const GROUP_LABEL = 'clusterlab/node-group';

/** Why a node is wanted down in the engine (bit flags; up when none). */
export const Down = { Failed: 1, Removed: 2, Maintenance: 4 } as const;
/** Why a node is cordoned (bit flags; schedulable when none). */
export const Cordon = { NotReady: 1, Drain: 2, Maintenance: 4, Config: 8, Removed: 16 } as const;

/** Health monitoring (Kubernetes names in brackets, with their defaults). */
export interface HealthConfig {
  /** Seconds between heartbeats of a node [kubelet nodeStatusUpdateFrequency, 10]. */
  heartbeatInterval: number;
  /** A node is declared failed when no heartbeat came for this long [node-monitor-grace-period, 40]. */
  timeout: number;
  /** The monitor checks heartbeats every this many seconds; 0 = continuously [node-monitor-period, 5]. */
  monitorPeriod: number;
  /** Seconds after detection before the jobs on a failed node are acted on [tolerationSeconds of not-ready/unreachable, 300]. */
  evictionTimeout: number;
}

export const DEFAULT_HEALTH: HealthConfig = { heartbeatInterval: 10, timeout: 40, monitorPeriod: 5, evictionTimeout: 300 };

export interface FailureRecord {
  node: number;
  cause: string;
  failedAt: number;
  detectedAt: number;
  repairedAt: number;
  /** When the node was ready again (rejoined); NaN while it has not. */
  readyAt: number;
}

export interface NodeRecord {
  readonly index: number;
  readonly id: string;
  readonly group: string;
  readonly zone: string;
  readonly rack: string;
  readonly costPerHour: number;
  /** Offset of the node's heartbeats within the interval. */
  readonly heartbeatPhase: number;
  /** Part of the fleet (false once removed by the cluster autoscaler). */
  inFleet: boolean;
  failed: boolean;
  failedAt: number;
  /** The monitor has declared the node failed (NotReady). */
  detected: boolean;
  detectAt: number;
  evictAt: number;
  rejoinAt: number;
  /** Reasons to be down in the engine (Down flags). */
  down: number;
  /** Reasons to be cordoned (Cordon flags). */
  cordon: number;
  configVersion: number;
  drifted: boolean;
  /** Time the node was last reconciled or drifted (for time to reconcile). */
  offConfigSince: number;
  current: FailureRecord | null;
}

/** Why a job is stalled: its node failed, or its process crashed. */
export interface StallRecord {
  since: number;
  cause: 'node' | 'crash';
  /** Work (seconds of the attempt) done before the stall. */
  progress: number;
}

/**
 * Who decides what happens to a job when its node fails, is drained or its
 * process crashes: the service controller for replicas, the recovery
 * controller for everything else. Each acts through its own context.
 */
export interface JobOwner {
  readonly name: string;
  /** Eviction time came for a job stalled on a failed node: move it, fail it, or leave it bound (to restart in place). */
  evict(job: number, node: number): void;
  /** The failed node came back with the job still bound to it (stalled): restart it in place. */
  nodeBack(job: number, node: number): void;
  /** The job's process crashed (a task failure): it is stalled; restart, move or fail it. */
  crashed(job: number): void;
  /** The node is drained: move the job now, or return 'wait' (it will be asked again, with `deadlinePassed` at the drain's deadline). */
  drain(job: number, node: number, deadlinePassed: boolean): 'moved' | 'wait';
}

export interface WorldListener {
  nodeFailed?(node: number): void;
  nodeDetected?(node: number): void;
  nodeReady?(node: number): void;
  /** The node can fail again: physically repaired (before it rejoins), or back from maintenance. */
  nodeRestored?(node: number): void;
  nodeAdded?(node: number): void;
  nodeRemoved?(node: number): void;
  /** A job began an attempt that makes progress (a start on healthy nodes, or a restart in place). */
  jobAttempt?(job: number): void;
  /** The desired configuration version changed. */
  configChanged?(version: number): void;
}

/** What a node group (or an added node) brings beyond the engine's labels. */
export interface NodeInfo {
  group?: string;
  zone?: string;
  rack?: string;
  costPerHour?: number;
}
