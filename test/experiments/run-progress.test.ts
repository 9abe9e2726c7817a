/** The progress line of one long run: drawn on a terminal only, at most twice a second, erased at the end. */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../sim/engine.ts';
import { progressObservers, RunProgress } from '../../experiments/cli/run-progress.ts';

/** A fake clock and a sink that keeps what is written. */
function sink(step: number) {
  let t = 0;
  const written: string[] = [];
  return { written, sink: { write: (s: string) => void written.push(s), now: () => (t += step) } };
}

const engine = (events: number) => ({ events }) as unknown as Engine;

describe('the progress of one run', () => {
  it('draws nothing where stderr is not a terminal', () => {
    expect(progressObservers(10, false)).toEqual([]);
    expect(progressObservers(10, true)[0]).toBeInstanceOf(RunProgress);
  });

  it('says the simulated time, jobs ended of all, events per second and the time left', () => {
    const p = new RunProgress(1000, sink(1).sink);
    for (let i = 0; i < 1000; i++) p.onSubmit();
    for (let i = 0; i < 250; i++) p.onEnd();
    expect(p.line(7200, 2_000_000, 2)).toBe('simulated 2.00 h | 250 of 1,000 jobs ended | 1.00 M events/s | ETA 6.0 s');
    // Pods that never end: the arrivals measure the progress.
    const pods = new RunProgress(10, sink(1).sink);
    for (let i = 0; i < 5; i++) pods.onSubmit();
    expect(pods.line(0, 10, 1)).toBe('simulated 0.0 s | 5 of 10 jobs submitted | 10 events/s | ETA 1.0 s');
  });

  it('stays quiet for a short run, redraws at most every half second, and erases its line at the end', () => {
    const quick = sink(0.001);
    const q = new RunProgress(10, quick.sink);
    for (let i = 0; i < 100_000; i++) q.onAdvance(i, i + 1, engine(i));
    q.onFinish();
    expect(quick.written).toEqual([]); // 100 ms of clock in all: under a second

    const slow = sink(1); // 1 ms per clock read
    const p = new RunProgress(10, slow.sink);
    for (let i = 0; i < 1024 * 3000; i++) p.onAdvance(i, i + 1, engine(i));
    p.onFinish();
    const draws = slow.written.filter((w) => w.startsWith('\rsimulated'));
    // 3000 clock reads at 1 ms each: quiet for the first second, then one draw per 500 ms.
    expect(draws.length).toBeGreaterThanOrEqual(3);
    expect(draws.length).toBeLessThanOrEqual(5);
    expect(slow.written[slow.written.length - 1]).toBe('\r\x1b[K');
  });
});
