/**
 * Target tracking, as AWS Application Auto Scaling does it: the metric is
 * averaged over each evaluation period (60 s); the service scales out when the
 * last `scaleOutEvaluations` periods (3) were all above the target, and in when
 * the last `scaleInEvaluations` (15) were all below `scaleInThreshold` × target
 * (90%); the new count is proportional: ⌈current × metric / target⌉. A scale-out
 * is not followed by another within `scaleOutCooldown`; a scale-in waits
 * `scaleInCooldown` after any scaling. Slower to shrink than to grow, without
 * the HPA's tolerance band or rate policies.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import type { ServiceAutoscaler, ServiceMetrics } from './policy.ts';

const schema = z.object({
  minReplicas: z.number().int().nonnegative().default(1),
  maxReplicas: z.number().int().positive(),
  metric: z.enum(['utilization', 'requests-per-replica']).default('utilization'),
  /** Percent utilization, or requests per second per replica. */
  targetValue: z.number().positive(),
  evaluationPeriod: z.number().positive().default(60),
  scaleOutEvaluations: z.number().int().positive().default(3),
  scaleInEvaluations: z.number().int().positive().default(15),
  scaleInThreshold: z.number().positive().max(1).default(0.9),
  scaleOutCooldown: z.number().nonnegative().default(300),
  scaleInCooldown: z.number().nonnegative().default(300),
  disableScaleIn: z.boolean().default(false),
  metricLag: z.number().nonnegative().default(60),
});

export const targetTracking: PolicyEntry<z.infer<typeof schema>, ServiceAutoscaler> = {
  name: 'target-tracking',
  description: 'AWS-style target tracking: proportional scaling after consecutive evaluation periods, with cooldowns',
  params: schema,
  example: { maxReplicas: 10, targetValue: 60 },
  create(p) {
    const history: number[] = [];
    let lastScaleOut = -Infinity;
    let lastScale = -Infinity;
    return {
      name: 'target-tracking',
      syncPeriod: p.evaluationPeriod,
      decide(m: ServiceMetrics) {
        const until = m.now - p.metricLag;
        const samples = m.samplesBetween(until - p.evaluationPeriod, until);
        if (samples.length === 0) return m.desired;
        // Period average: utilization weighted by ready replicas, requests per replica from total rate / ready.
        let busy = 0;
        let ready = 0;
        let rate = 0;
        for (const s of samples) {
          busy += s.utilization * s.ready;
          ready += s.ready;
          rate += s.rate;
        }
        const value = p.metric === 'utilization' ? (ready > 0 ? (100 * busy) / ready : 0) : ready > 0 ? rate / ready : 0;
        history.push(value);
        if (history.length > Math.max(p.scaleOutEvaluations, p.scaleInEvaluations)) history.shift();
        const current = m.desired;
        const clamp = (n: number) => Math.min(p.maxReplicas, Math.max(p.minReplicas, n));
        const last = (k: number) => (history.length >= k ? history.slice(-k) : null);
        const proportional = Math.ceil((Math.max(current, 1) * value) / p.targetValue);
        const out = last(p.scaleOutEvaluations);
        if (out && out.every((v) => v > p.targetValue) && m.now - lastScaleOut >= p.scaleOutCooldown) {
          const n = clamp(Math.max(current + 1, proportional));
          if (n > current) {
            lastScaleOut = lastScale = m.now;
            return n;
          }
        }
        const inn = last(p.scaleInEvaluations);
        if (!p.disableScaleIn && inn && inn.every((v) => v < p.scaleInThreshold * p.targetValue) && m.now - lastScale >= p.scaleInCooldown) {
          const n = clamp(Math.min(current - 1, proportional));
          if (n < current) {
            lastScale = m.now;
            return n;
          }
        }
        return clamp(current);
      },
    };
  },
};
