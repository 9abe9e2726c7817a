/**
 * Task failures: each attempt of a batch job fails with probability
 * `probability`, at a uniform point of its (remaining) run; the process dies,
 * its node is fine, and the recovery policy decides what follows. Service
 * replicas are not affected (their crashes are not modelled). The draw for an
 * attempt comes from the stream `task-failure:<job id>:<attempt>`, so it does
 * not depend on when the scheduler started it.
 */
import { z } from 'zod';
import type { ControlContext } from '../../sim/controller.ts';
import { JobState } from '../../sim/policy.ts';
import type { PolicyEntry } from '../control/registry.ts';
import type { FailureArgs, FailurePolicy } from './policy.ts';

const schema = z.object({
  probability: z.number().min(0).max(1),
});

export const taskFailures: PolicyEntry<z.infer<typeof schema>, FailurePolicy, FailureArgs> = {
  name: 'task-failures',
  description: 'each attempt of a batch job fails with a probability, at a uniform point of its run',
  params: schema,
  example: { probability: 0.05 },
  create(params, { world, rng }) {
    let ctx: ControlContext;
    const attempts = new Map<number, number>();
    /** Pending crashes: job and the start time of the attempt it belongs to. */
    const pending: { job: number; start: number }[] = [];
    const free: number[] = [];
    const onAttempt = (job: number) => {
      if (world.owners.has(job)) return; // replicas belong to the service controller
      const attempt = (attempts.get(job) ?? 0) + 1;
      attempts.set(job, attempt);
      const duration = ctx.remaining(job);
      if (!Number.isFinite(duration)) return;
      const random = rng.stream(`task-failure:${ctx.jobs.ids[job]}:${attempt}`);
      if (random() >= params.probability) return;
      const at = ctx.now + random() * duration;
      const slot = free.pop() ?? pending.length;
      pending[slot] = { job, start: ctx.now };
      ctx.at(at, slot);
    };
    return {
      name: 'task-failures',
      start(c) {
        ctx = c;
        world.listeners.push({ jobAttempt: onAttempt });
      },
      onTimer(slot) {
        const { job, start } = pending[slot]!;
        free.push(slot);
        // Only if the same attempt is still running and making progress.
        if (ctx.state(job) === JobState.Running && ctx.startTime(job) === start && !world.stalled.has(job)) world.crashJob(job);
      },
    };
  },
};
