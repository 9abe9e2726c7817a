/**
 * What a scheduler module is doing, shared between the worker that runs it and
 * the main thread that watches it (a SharedArrayBuffer, so the main thread
 * reads it while the worker is stuck in a loop): a counter of decisions begun,
 * whether one is in progress, which hook, and the simulated time. The worker
 * writes; the watchdog (module-worker-run.ts) reads. Wall-clock time is only
 * ever read on the main thread.
 */
import type { SchedulingContext, SchedulingPolicy } from '../../sim/policy.ts';

/** What the module may be busy with, by index in the buffer. */
export const ACTIVITIES = ['schedule', 'onSubmit', 'onEnd', 'onRequeue', 'its factory', 'loading'] as const;
export type Activity = (typeof ACTIVITIES)[number];

export class DecisionWatch {
  /** [decisions begun, in progress (0/1), activity index] */
  private readonly ints: Int32Array;
  /** [simulated time of the decision in progress] */
  private readonly times: Float64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(24)) {
    this.ints = new Int32Array(buffer, 0, 3);
    this.times = new Float64Array(buffer, 16, 1);
  }

  enter(activity: Activity, time: number): void {
    this.times[0] = time;
    Atomics.store(this.ints, 2, ACTIVITIES.indexOf(activity));
    Atomics.add(this.ints, 0, 1);
    Atomics.store(this.ints, 1, 1);
  }

  leave(): void {
    Atomics.store(this.ints, 1, 0);
  }

  /** The decision in progress, or null: its sequence number (to tell one long decision from many short ones), activity and time. */
  current(): { seq: number; activity: Activity; time: number } | null {
    if (Atomics.load(this.ints, 1) === 0) return null;
    return { seq: Atomics.load(this.ints, 0), activity: ACTIVITIES[Atomics.load(this.ints, 2)]!, time: this.times[0]! };
  }

  /** Runs `f` as `activity` at `time`; leaves even when it throws. */
  around<T>(activity: Activity, time: number, f: () => T): T {
    this.enter(activity, time);
    try {
      return f();
    } finally {
      this.leave();
    }
  }

  /** The policy with every hook reported: each call of the module is one decision to watch. */
  policy(p: SchedulingPolicy): SchedulingPolicy {
    const hook = <A extends unknown[]>(name: Activity, f: ((...args: A) => void) | undefined, ctxIndex: number) =>
      f ? (...args: A) => this.around(name, (args[ctxIndex] as SchedulingContext | undefined)?.now ?? NaN, () => f.apply(p, args)) : undefined;
    return {
      name: p.name,
      schedule: hook('schedule', p.schedule, 0)!,
      onSubmit: hook('onSubmit', p.onSubmit, 1),
      onEnd: hook('onEnd', p.onEnd, 1),
      onRequeue: hook('onRequeue', p.onRequeue, 1),
    };
  }
}
