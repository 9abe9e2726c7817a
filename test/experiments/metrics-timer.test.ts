/**
 * Metric samples are taken only when an autoscaler reads them: a service
 * without one adds no timer events, so a long availability run costs the events
 * of its failures and nothing per `metricsInterval`.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../experiments/scenario/load.ts';
import { runScenario } from '../../experiments/scenario/run.ts';
import { ScenarioSchema } from '../../experiments/scenario/schema.ts';

const fixture = loadScenarioFile('test/fixtures/scenarios/long-availability.yaml').variants[0]!.scenario;

describe('the metrics timer', () => {
  it('no autoscaler: the events of 10^5 hours of 3-of-5 availability are a few per node failure', () => {
    const scenario = ScenarioSchema.parse({ ...fixture, horizon: 3.6e8, sampleStep: 3.6e6 });
    const { output, built } = runScenario(scenario, { seed: 1 });
    const failures = built.world.failures.length;
    expect(failures).toBeGreaterThan(300);
    // A failure brings detection, eviction, a replacement, repair and rejoin: about 8 events. A timer every 15 s would add 2.4e7.
    expect(output.result.events).toBeLessThan(12 * failures + 100);
  });

  it('an autoscaler: samples every metricsInterval, as before', () => {
    const base = ScenarioSchema.parse({ ...fixture, horizon: 36000, sampleStep: 3600, failures: [] });
    const scaled = ScenarioSchema.parse({
      ...fixture,
      horizon: 36000,
      sampleStep: 3600,
      failures: [],
      services: [{ ...fixture.services[0]!, autoscaler: { policy: 'hpa', minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', averageUtilization: 60 }] } }],
    });
    const quiet = runScenario(base, { seed: 1 }).output.result.events;
    const sampled = runScenario(scaled, { seed: 1 }).output.result.events;
    expect(quiet).toBeLessThan(50);
    expect(sampled - quiet).toBeGreaterThanOrEqual(36000 / 15 - 1);
  });
});
