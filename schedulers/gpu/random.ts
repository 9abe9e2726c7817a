/**
 * Random (simulator plugin RandomScore with gpuSelMethod "random"): a node
 * drawn uniformly among the feasible ones, and for a shared GPU a device drawn
 * uniformly among those with room; whole GPUs take the first fully free
 * devices. Draws come from the run's seeded stream.
 */
import type { Random } from '../../sim/rng.ts';
import { randomDevices, type GpuScorer } from './policy.ts';

export function createRandomScorer(random: Random): GpuScorer {
  return {
    name: 'random',
    score: () => 0,
    select: (feasible) => Math.floor(random() * feasible.length),
    devices: (res, pod) => randomDevices(res, pod, random),
  };
}
