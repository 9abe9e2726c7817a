/**
 * The dynamic-cluster benchmark, in its own process: a week of simulated time
 * on 1,000 nodes with 200 services under diurnal load (each its own mean,
 * amplitude and peak hour), the HPA on every service, the cluster autoscaler,
 * and independent node failures (MTBF 30 days per node, lognormal repairs)
 * with Kubernetes health monitoring. `tsx test/bench/dynamics.ts [days]`
 * prints one JSON line.
 */
import { Rng } from '../../sim/rng.ts';
import { runScenario } from '../../experiments/scenario/run.ts';
import { ScenarioSchema, type ScenarioInput } from '../../experiments/scenario/schema.ts';

export function benchScenario(days = 7, services = 200, nodes = 1000): ScenarioInput {
  const r = new Rng(42).stream('bench-services');
  return {
    name: 'bench-dynamics',
    horizon: days * 86400,
    sampleStep: 3600,
    cluster: {
      nodeGroups: [
        {
          name: 'general',
          nodes,
          capacity: { cpu: 16, memory: 65536 },
          zones: ['zone-a', 'zone-b', 'zone-c'],
          racksPerZone: 10,
          min: Math.round(nodes * 0.5),
          max: Math.round(nodes * 1.3),
          costPerHour: 0.76,
          provisioningDelay: 120,
        },
      ],
    },
    clusterAutoscaler: { scanInterval: 10 },
    services: Array.from({ length: services }, (_, i) => {
      const mean = 100 + Math.floor(r() * 900);
      return {
        name: `svc${i}`,
        replicas: Math.ceil(mean / 30),
        request: { cpu: 4, memory: 8192 },
        readinessDelay: 20 + Math.floor(r() * 60),
        capacity: 50,
        minAvailable: 2,
        requestRate: { kind: 'sinusoid' as const, mean, amplitude: 0.4 + 0.5 * r(), period: 86400, peak: Math.floor(r() * 86400) },
        autoscaler: { policy: 'hpa', minReplicas: 2, maxReplicas: 200, metrics: [{ type: 'Resource' as const, averageUtilization: 60 }] },
      };
    }),
    failures: [
      {
        policy: 'node-failures',
        timeToFailure: { distribution: 'exponential', mean: 30 * 86400 },
        timeToRepair: { distribution: 'lognormal', mu: 7.6, sigma: 0.7 },
      },
    ],
    output: { serviceColumns: false },
  };
}

if (process.argv[1]?.endsWith('dynamics.ts')) {
  const days = Number(process.argv[2] ?? 7);
  const scenario = ScenarioSchema.parse(benchScenario(days));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { output, dynamics } = runScenario(scenario, { seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const d = dynamics as Record<string, any>;
  process.stdout.write(
    `${JSON.stringify({
      days,
      nodes: 1000,
      services: 200,
      simulate_seconds: seconds,
      /** CPU time of this process during the run: what the wall clock would be on an idle core. */
      cpu_seconds: (cpu.user + cpu.system) / 1e6,
      instants: output.result.steps,
      events: output.result.events,
      jobs: output.result.jobs.count,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
      node_failures: d.nodes.failures,
      mean_nodes: d.nodes.mean_nodes,
      max_nodes: d.nodes.max_nodes,
      replica_scale_events: d.autoscaling.replica_scale_ups + d.autoscaling.replica_scale_downs,
      node_scale_ups: d.autoscaling.node_scale_ups,
      node_scale_downs: d.autoscaling.node_scale_downs,
      mean_service_availability: d.services_total.mean_availability,
      request_success_ratio: d.services_total.request_success_ratio,
      cost: d.nodes.cost,
    })}\n`,
  );
}
