/**
 * Triggers of rollouts: at given times, or whenever the desired cluster
 * configuration changes (a new config means a new pod template). Each trigger
 * starts a rollout of the service to its next version with the service's
 * deployment strategy; the new version fails `errorRate` of its requests.
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import type { World } from '../control/world.ts';
import type { ServiceController, ServiceState } from '../services/controller.ts';
import type { DeploymentStrategy } from './policy.ts';

export interface RolloutTrigger {
  service: ServiceState;
  strategy: DeploymentStrategy;
  /** Times at which a rollout starts. */
  at: readonly number[];
  onConfigChange: boolean;
  /** Error rate of each new version. */
  errorRate: number;
}

export class DeploymentController implements Controller {
  readonly name = 'deployments';
  private ctx!: ControlContext;

  constructor(
    private readonly services: ServiceController,
    private readonly world: World,
    private readonly triggers: readonly RolloutTrigger[],
  ) {}

  start(ctx: ControlContext): void {
    this.ctx = ctx;
    this.triggers.forEach((t, i) => {
      for (const time of t.at) ctx.at(Math.max(ctx.now, time), i);
    });
    this.world.listeners.push({
      configChanged: () => {
        for (const t of this.triggers) if (t.onConfigChange) this.services.beginRollout(t.service, t.strategy, t.errorRate);
      },
    });
  }

  onTimer(i: number): void {
    const t = this.triggers[i]!;
    this.services.beginRollout(t.service, t.strategy, t.errorRate);
    void this.ctx;
  }
}
