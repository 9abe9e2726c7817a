/**
 * Reconciliation policies bring nodes back to the desired configuration
 * (the way Puppet or Chef agents, Ansible runs, or a GitOps controller do).
 * A policy decides which nodes to reconcile and when; the configuration
 * controller (controller.ts) does the work: applying a configuration takes
 * `applyTime` seconds on the node (optionally after draining it), and a node
 * that failed meanwhile keeps its old configuration.
 */

export interface ReconcileApi {
  readonly now: number;
  /** A policy timer: onTimer(tag) at `time`. */
  at(time: number, tag: number): void;
  /** Nodes off the desired configuration that can be reconciled now (ready, not already being reconciled), longest off first. */
  candidates(): number[];
  /** Starts reconciling a node; false if it cannot be now (on the desired configuration, not ready, draining, or already being reconciled). */
  reconcile(node: number): boolean;
  /** Nodes being reconciled now. */
  readonly inFlight: number;
}

export interface ReconcilePolicy {
  readonly name: string;
  start(api: ReconcileApi): void;
  onTimer(tag: number): void;
  /** A node went off the desired configuration (drift, or a new desired configuration), or came back ready while off it. */
  nodeOff?(node: number): void;
  /** A reconciliation finished (the node is on the desired configuration, or it failed meanwhile). */
  finished?(node: number): void;
}
