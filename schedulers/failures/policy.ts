/**
 * Failure policies: controllers that break things (nodes, racks, zones,
 * processes) and repair them, through the World's node lifecycle. Each policy
 * draws from its own named streams, per node or per failure domain, so that two
 * runs at one seed see the same failures whatever the other policies do
 * (common random numbers).
 */
import { z } from 'zod';
import type { Controller } from '../../sim/controller.ts';
import type { Rng } from '../../sim/rng.ts';
import type { NodeRecord, World } from '../control/world.ts';

export interface FailureArgs {
  world: World;
  rng: Rng;
  /** The scenario's horizon (seconds): nothing needs to be drawn beyond it. */
  horizon: number;
  /** Text of a data file named in the scenario (the loader decompresses gzip). */
  readText?: (path: string) => string;
}

/** Which nodes a policy applies to: all by default, or those of a node group, zone or rack. */
export const NodeSelectorSchema = z.strictObject({
  group: z.string().optional(),
  zone: z.string().optional(),
  rack: z.string().optional(),
});
export type NodeSelector = z.infer<typeof NodeSelectorSchema>;

export function selects(selector: NodeSelector | undefined, n: NodeRecord): boolean {
  if (!selector) return true;
  return (selector.group === undefined || selector.group === n.group) && (selector.zone === undefined || selector.zone === n.zone) && (selector.rack === undefined || selector.rack === n.rack);
}

export type FailurePolicy = Controller;
