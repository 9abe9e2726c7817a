/**
 * The canonical job: every trace format and every generator produces these.
 * The schema is written once, here; the README documents it and the engine
 * consumes it (it satisfies sim/jobs.ts SimJob).
 */
import { z } from 'zod';
import type { SimJob } from '../sim/jobs.ts';

const seconds = z.number().finite();

export const DependencySchema = z.object({
  /** Id of the job this one waits for. */
  job: z.string().min(1),
  /** Seconds after that job ends before this one is submitted (SWF "think time"); 0 when unknown. */
  thinkTime: z.number().finite().nonnegative(),
});

export const JobSchema = z.object({
  /** Identifier as in the trace (SWF job number, Google job id...). */
  id: z.string().min(1),
  /** Submit time in seconds from the start of the trace. */
  submit: seconds,
  /** Number of tasks: processors of an HPC job, instances or pods of others. */
  tasks: z.number().int().positive(),
  /** Request of each task by resource name (cpu in processors or cores, memory in MiB, gpu in GPUs...). */
  request: z.record(z.string().min(1), z.number().finite().nonnegative()),
  /** Actual run time in seconds, as measured in the trace. */
  runtime: z.number().finite().positive(),
  /** The user's runtime estimate (requested walltime) in seconds, as the scheduler sees it. */
  estimate: z.number().finite().positive(),
  /** Larger is more important; 0 by default. */
  priority: z.number().finite().default(0),
  user: z.string().nullable().default(null),
  group: z.string().nullable().default(null),
  /** Queue or partition name in the log, if any. */
  queue: z.string().nullable().default(null),
  dependencies: z.array(DependencySchema).default([]),
  /** The job's final status in the log (completed, failed, cancelled...), if known. */
  logStatus: z.string().nullable().default(null),
  /** The wait the job had in the log, if known (for comparing a simulation with what happened). */
  logWait: z.number().finite().nullable().default(null),
});

export type Job = z.infer<typeof JobSchema>;
export type JobInput = z.input<typeof JobSchema>;

// The canonical job is what the engine runs.
export type _JobIsSimJob = Job extends SimJob ? true : never;
const _check: _JobIsSimJob = true;
void _check;
