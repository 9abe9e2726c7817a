/**
 * Small random workloads for property tests of the batch schedulers: each job
 * as a shape (gap since the previous submit, tasks, runtime, estimate error,
 * memory), turned into jobs here. The tests draw shapes with their own ranges.
 */
import type { SimJob } from '../../sim/jobs.ts';

export interface Shape {
  gap: number;
  tasks: number;
  runtime: number;
  /** estimate = runtime + over (negative: the job overruns its estimate; at least 1). */
  over: number;
  /** Memory per task with `multi`, and the job's priority. */
  memory: number;
}

/** The jobs of `list`, submitted one gap after another; `multi` adds memory as a second resource. */
export function jobsOf(list: Shape[], multi: boolean): SimJob[] {
  let t = 0;
  return list.map((s, i) => {
    t += s.gap;
    return {
      id: String(i + 1),
      submit: t,
      tasks: s.tasks,
      request: multi ? { cpu: 1, memory: s.memory } : ({ cpu: 1 } as Record<string, number>),
      runtime: s.runtime,
      estimate: Math.max(1, s.runtime + s.over),
      priority: s.memory,
    };
  });
}
