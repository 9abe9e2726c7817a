/**
 * What kind of thing an event type is, for annotations: failure, detection,
 * recovery, scale, rollout, drift, maintenance or other. The system events a
 * scenario writes (system-events.csv, docs/dynamics.md "Metrics of dynamic runs") are
 * named here one by one, because names alone mislead: `node-down` is also a
 * scale-down's removal and `node-up` a provisioned node, so they are neither
 * failures nor recoveries. Types not in the table (other producers, older
 * files) are grouped by their name.
 */
import type { EventCategory } from './model.ts';

const SYSTEM_TYPES: ReadonlyMap<string, EventCategory> = new Map([
  ['node-failed', 'failure'],
  ['zone-outage', 'failure'],
  ['rack-outage', 'failure'],
  ['zone-failed', 'failure'],
  ['rack-failed', 'failure'],
  ['task-failed', 'failure'],
  ['replica-lost', 'failure'],
  ['failure-detected', 'detection'],
  ['pods-evicted', 'detection'],
  ['node-repaired', 'recovery'],
  ['node-ready', 'recovery'],
  ['zone-restored', 'recovery'],
  ['rack-restored', 'recovery'],
  ['zone-repaired', 'recovery'],
  ['rack-repaired', 'recovery'],
  ['scale-up', 'scale'],
  ['scale-down', 'scale'],
  ['node-scale-up', 'scale'],
  ['node-scale-down', 'scale'],
  ['node-added', 'scale'],
  ['node-provisioned', 'scale'],
  ['node-removed', 'scale'],
  ['rollout-start', 'rollout'],
  ['rollout-step', 'rollout'],
  ['rollout-complete', 'rollout'],
  ['rollout-aborted', 'rollout'],
  ['config-change', 'drift'],
  ['config-drift', 'drift'],
  ['config-reconciled', 'drift'],
  ['config-converged', 'drift'],
  ['maintenance-wave', 'maintenance'],
  ['maintenance-start', 'maintenance'],
  ['maintenance-end', 'maintenance'],
  // Echoes of the events above (a node taken out of or back into service, for whatever reason).
  ['node-down', 'other'],
  ['node-up', 'other'],
  ['trace-replay', 'other'],
  ['preemption', 'other'],
]);

const BY_NAME: [RegExp, EventCategory][] = [
  [/detect/i, 'detection'],
  [/recover|repair|restor|node_up|^up$/i, 'recovery'],
  [/fail|down|crash|outage|kill/i, 'failure'],
  [/scale|replica|provision|autoscal|add_node|remove_node/i, 'scale'],
  [/rollout|deploy|upgrade|canary|rollback/i, 'rollout'],
  [/drift|config/i, 'drift'],
  [/maintenance|drain/i, 'maintenance'],
];

export function categoryOf(type: string): EventCategory {
  const known = SYSTEM_TYPES.get(type);
  if (known) return known;
  for (const [re, c] of BY_NAME) if (re.test(type)) return c;
  return 'other';
}

/** Whether the type is one the system-events table knows (its node is a name, its pairs are known). */
export function isSystemType(type: string): boolean {
  return SYSTEM_TYPES.has(type);
}

/**
 * Events that open an interval, and the type that closes it. `key` says what
 * must match besides the type: the node, or a field of the JSON detail (the
 * zone, the rack, the service).
 */
export const INTERVALS: readonly { open: string; close: readonly string[]; key: 'node' | 'zone' | 'rack' | 'service' }[] = [
  { open: 'node-failed', close: ['node-repaired'], key: 'node' },
  { open: 'maintenance-start', close: ['maintenance-end'], key: 'node' },
  { open: 'node-removed', close: ['node-provisioned'], key: 'node' },
  { open: 'zone-outage', close: ['zone-restored'], key: 'zone' },
  { open: 'rack-outage', close: ['rack-restored'], key: 'rack' },
  { open: 'zone-failed', close: ['zone-repaired'], key: 'zone' },
  { open: 'rack-failed', close: ['rack-repaired'], key: 'rack' },
  { open: 'rollout-start', close: ['rollout-complete', 'rollout-aborted'], key: 'service' },
];

/**
 * How a node is out of service during an interval opened by this type, for
 * the node timeline: failed (down time), in maintenance, or removed from the
 * fleet; null for types that do not take a node away.
 */
export function nodeOutage(type: string, category: EventCategory): 'failed' | 'maintenance' | 'removed' | null {
  if (type === 'node-failed') return 'failed';
  if (type === 'maintenance-start') return 'maintenance';
  if (type === 'node-removed') return 'removed';
  // Older and other producers: any failure on a node is its down time.
  if (!isSystemType(type) && category === 'failure') return 'failed';
  return null;
}
