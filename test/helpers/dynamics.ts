/** Small dynamic runs for tests: a cluster, the World, some controllers, the recorder; invariants checked after every instant. */
import { Cluster, type ClusterSpec, type NodeSpec } from '../../sim/cluster.ts';
import type { Controller, SystemEvent } from '../../sim/controller.ts';
import { Engine, type RunResult } from '../../sim/engine.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { Rng } from '../../sim/rng.ts';
import type { Observer } from '../../sim/recorder.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { NodeMeter } from '../../schedulers/control/node-meter.ts';
import { DynamicsRecorder, type Meter } from '../../schedulers/control/recorder.ts';
import { World, type HealthConfig } from '../../schedulers/control/world.ts';
import { DynamicInvariants } from '../../schedulers/control/invariants.ts';
import { RecoveryController } from '../../schedulers/recovery/controller.ts';
import { recoveryPolicies } from '../../schedulers/recovery/registry.ts';
import { ServiceController } from '../../schedulers/services/controller.ts';
import { compileRate, type RateCurve } from '../../workloads/rate-curve.ts';
import { ServiceSpecSchema, type ServiceSpecInput } from '../../workloads/services/service.ts';

export function nodes(count: number, capacity: Record<string, number>, labels: (i: number) => Record<string, string> = () => ({})): ClusterSpec {
  const list: NodeSpec[] = [];
  for (let i = 0; i < count; i++) list.push({ id: `n${i}`, capacity, labels: labels(i) });
  return { resources: Object.keys(capacity), nodes: list };
}

export interface DynamicRun {
  engine: Engine;
  result: RunResult;
  world: World;
  recovery: RecoveryController;
  nodeMeter: NodeMeter;
  services: ServiceController | null;
  events: SystemEvent[];
}

export interface DynamicOptions {
  cluster: ClusterSpec;
  jobs?: SimJob[];
  horizon: number;
  seed?: number;
  health?: Partial<HealthConfig>;
  recovery?: { policy: string } & Record<string, unknown>;
  /** Controllers built once the World and the Rng exist. */
  controllers?: (world: World, rng: Rng, recovery: RecoveryController, services: ServiceController | null) => Controller[];
  services?: ServiceSpecInput[];
  propagationDelay?: number;
  metricsInterval?: number;
  meters?: (world: World) => Meter[];
  observers?: Observer[];
  step?: number;
  /** Cost per node-hour by node group. */
  groups?: Record<string, { costPerHour: number }>;
}

export function runDynamic(o: DynamicOptions): DynamicRun {
  const rng = new Rng(o.seed ?? 1);
  const cluster = new Cluster(o.cluster);
  const world = new World({
    health: o.health ?? { heartbeatInterval: 0, timeout: 0, monitorPeriod: 0, evictionTimeout: 0 },
    phase: rng.stream('heartbeat'),
    horizon: o.horizon,
    groups: new Map(Object.entries(o.groups ?? {})),
  });
  const recovery = new RecoveryController(world, recoveryPolicies.create(o.recovery ?? { policy: 'reschedule' }, undefined));
  const nodeMeter = new NodeMeter(world, cluster.resources);
  const services = o.services
    ? new ServiceController({
        world,
        services: o.services.map((input) => {
          const spec = ServiceSpecSchema.parse(input);
          return { spec, curve: compileRate(spec.requestRate as RateCurve) };
        }),
        propagationDelay: o.propagationDelay ?? 0,
        metricsInterval: o.metricsInterval ?? 15,
      })
    : null;
  const events: SystemEvent[] = [];
  const recorder = new DynamicsRecorder(o.step ?? 3600, [nodeMeter, ...(services ? [services] : []), ...(o.meters?.(world) ?? [])], (e) => events.push(e));
  const engine = new Engine({
    cluster,
    jobs: o.jobs ?? [],
    policy: createScheduler({ queue: 'fcfs', backfill: 'easy', placement: 'first-fit', unschedulable: 'wait' }),
    controllers: [world, recovery, ...(services ? [services] : []), ...(o.controllers?.(world, rng, recovery, services) ?? [])],
    observers: [recorder, new DynamicInvariants(world, recovery, services), ...(o.observers ?? [])],
    invariants: 'step',
    startTime: 0,
    maxTime: o.horizon,
  });
  const result = engine.run();
  return { engine, result, world, recovery, nodeMeter, services, events };
}

/**
 * The up and down periods of the first service (up: at least `k` replicas ready), watched between events
 * (the state is constant in between). `attach` is called with the run's ServiceController.
 */
export function servicePeriods(k: number): { periods: { up: boolean; length: number }[]; observer: Observer; attach(s: ServiceController | null): void } {
  const periods: { up: boolean; length: number }[] = [];
  let services: ServiceController | null = null;
  const observer: Observer = {
    onAdvance(from, to) {
      const up = services!.services[0]!.ready >= k;
      const last = periods[periods.length - 1];
      if (last && last.up === up) last.length += to - from;
      else periods.push({ up, length: to - from });
    },
  };
  return { periods, observer, attach: (s) => void (services = s) };
}
