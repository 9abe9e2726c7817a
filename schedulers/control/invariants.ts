/**
 * The invariants of a dynamic run, checked after every instant (in tests, and
 * with --check-invariants), on top of the engine's own:
 *  - no job makes progress on a failed node: every job on a failed node is stalled;
 *  - nothing is placed on a node once its failure is detected (it is cordoned);
 *  - after eviction, a failed node holds only jobs its owner keeps bound to restart in place;
 *  - every stalled job is accounted for: its node's failure is in progress, or it waits out a back-off;
 *  - every service version has exactly its target of replicas (a lost replica is replaced at once),
 *    and every replica that ended did so by the controller's decision, with a reason.
 * A violation throws a SimulationError naming the invariant and the time.
 */
import type { Engine } from '../../sim/engine.ts';
import { SimulationError } from '../../sim/errors.ts';
import { JobState } from '../../sim/policy.ts';
import type { Observer } from '../../sim/recorder.ts';
import type { RecoveryController } from '../recovery/controller.ts';
import type { ServiceController } from '../services/controller.ts';
import type { World } from './world.ts';

export class DynamicInvariants implements Observer {
  constructor(
    private readonly world: World,
    private readonly recovery: RecoveryController | null,
    private readonly services: ServiceController | null,
  ) {}

  onAdvance(from: number, _to: number, engine: Engine): void {
    this.check(from, engine);
  }

  onFinish(now: number, engine: Engine): void {
    this.check(now, engine);
  }

  check(now: number, engine: Engine): void {
    const problem = this.problem(now, engine);
    if (problem) throw new SimulationError('invariant', now, problem);
  }

  problem(now: number, engine: Engine): string | null {
    const w = this.world;
    const ids = engine.jobs.ids;
    if (w.placedAfterDetection.length > 0) return `job placed on a node after its failure was detected: ${w.placedAfterDetection[0]}`;
    for (const n of w.nodes) {
      if (!n.failed) continue;
      for (const job of w.jobsOn(n.index)) {
        if (!w.stalled.has(job)) return `job ${ids[job]} makes progress on failed node ${n.id}`;
        if (n.detected && n.evictAt <= now && !(this.recovery?.waiting().has(job) ?? false)) {
          return `job ${ids[job]} is still on failed node ${n.id} after eviction, and nobody keeps it there`;
        }
      }
    }
    for (const [job, s] of w.stalled) {
      if (engine.state[job] !== JobState.Running) return `stalled job ${ids[job]} is not running`;
      if (s.cause === 'node') {
        if (!w.nodesOf(job).some((node) => w.nodes[node]!.current !== null)) return `job ${ids[job]} is stalled for a node failure that is over`;
      } else if (!(this.recovery?.inBackoff(job) ?? false)) return `crashed job ${ids[job]} is stalled with no restart pending`;
    }
    if (this.services) {
      const t = this.services.checkTargets();
      if (t) return t;
      if (this.services.unaccounted.length > 0) return `replica ended without a decision: ${this.services.unaccounted[0]}`;
    }
    return null;
  }
}
