/** Services: jobs that never end, carrying their request-rate curve through the canonical file. */
import { describe, expect, it } from 'vitest';
import { formatCanonical, parseCanonical } from '../../workloads/canonical.ts';
import { compileRate } from '../../workloads/rate-curve.ts';
import { serviceJob, ServiceJobSpecSchema } from '../../workloads/services/service.ts';

describe('services', () => {
  const spec = ServiceJobSpecSchema.parse({
    name: 'web',
    replicas: 3,
    request: { cpu: 2, memory: 4096 },
    submit: 60,
    requestRate: { kind: 'sinusoid', mean: 200, amplitude: 0.5 },
    labels: { app: 'web' },
  });

  it('is a job of kind service with infinite runtime and estimate, one task per replica', () => {
    const job = serviceJob(spec);
    expect(job).toMatchObject({ id: 'web', kind: 'service', tasks: 3, submit: 60, runtime: Infinity, estimate: Infinity, request: { cpu: 2, memory: 4096 }, labels: { app: 'web' } });
    expect(job.requestRate).toEqual({ kind: 'sinusoid', mean: 200, amplitude: 0.5, period: 86400, peak: 50400 });
  });

  it('keeps its curve through the canonical file; compileRate reads it back', () => {
    const w = { jobs: [serviceJob(spec)], source: { format: 'synthetic', file: 's.yaml' }, cluster: null, dropped: {}, repaired: {}, header: {} };
    const back = parseCanonical([...formatCanonical(w)].join(''), 'w.jsonl');
    expect(back.jobs[0]).toEqual(w.jobs[0]);
    expect(compileRate(back.jobs[0]!.requestRate!).at(50_400)).toBeCloseTo(300, 9);
    expect(compileRate(back.jobs[0]!.requestRate!).at(7_200)).toBeCloseTo(100, 9);
  });

  it('rejects a name that could collide with numbered jobs', () => {
    const r = ServiceJobSpecSchema.safeParse({ ...spec, name: '42' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['name']);
  });
});
