/**
 * Node failures replayed from a trace's machine events (Google 2011): the
 * i-th node of the cluster (in index order) follows the i-th machine present
 * at the trace's start (in machine ID order), failing when the machine was
 * REMOVEd and repaired when it was ADDed again. Trace time `from` maps to
 * simulated time `offset`, scaled by `timeScale` (2 = twice as fast).
 * Deterministic: no random draws.
 */
import { z } from 'zod';
import type { ControlContext } from '../../sim/controller.ts';
import { InputError } from '../../sim/errors.ts';
import type { PolicyEntry } from '../control/registry.ts';
import { readMachineEvents } from './machine-events.ts';
import type { FailureArgs, FailurePolicy } from './policy.ts';

const schema = z.object({
  /** The machine_events file (plain or gzip). */
  file: z.string().min(1),
  /** Trace time (seconds) that maps to the simulation's start; the Google 2011 window starts at 600. */
  from: z.number().nonnegative().default(600),
  offset: z.number().nonnegative().default(0),
  timeScale: z.number().positive().default(1),
});

export const traceReplay: PolicyEntry<z.infer<typeof schema>, FailurePolicy, FailureArgs> = {
  name: 'trace',
  description: 'node failures and repairs replayed from machine events (Google 2011 machine_events)',
  params: schema,
  example: { file: 'machine_events.csv' },
  create(params, { world, horizon, readText }) {
    if (!readText) throw new InputError('failure policy "trace" needs its file, but files cannot be read here', { field: 'file', value: params.file });
    const { outages } = readMachineEvents(readText(params.file), params.file);
    const simTime = (t: number) => params.offset + (t - params.from) / params.timeScale;
    /** Per node: the outages mapped to simulated time, clipped at the start, within the horizon. */
    const plans: [number, number][][] = [];
    let ctx: ControlContext;
    return {
      name: 'trace',
      start(c) {
        ctx = c;
        const nodes = world.nodes.filter((n) => n.inFleet);
        nodes.forEach((n, i) => {
          const plan: [number, number][] = [];
          for (const [a, b] of outages[i] ?? []) {
            const s = Math.max(ctx.now, simTime(a));
            const e = simTime(b);
            if (e <= s || s > horizon) continue;
            plan.push([s, e]);
          }
          plans[n.index] = plan;
          if (plan.length > 0) ctx.at(plan[0]![0], n.index * 2);
        });
        ctx.record({ type: 'trace-replay', data: { file: params.file, nodes: nodes.length, outages: plans.reduce((s, p) => s + (p?.length ?? 0), 0) } });
      },
      onTimer(tag) {
        const node = Math.floor(tag / 2);
        const plan = plans[node]!;
        if (tag % 2 === 0) {
          const [, end] = plan[0]!;
          world.failNode(node, 'trace');
          if (Number.isFinite(end)) ctx.at(end, node * 2 + 1);
        } else {
          world.repairNode(node);
          plan.shift();
          if (plan.length > 0) ctx.at(Math.max(ctx.now, plan[0]![0]), node * 2);
        }
      },
    };
  },
};
