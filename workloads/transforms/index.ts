/**
 * Workload transforms as data: a list of `{type: ..., ...}` objects, validated
 * by TransformListSchema (a spec's `transforms`, an experiment config, or the
 * simulate flags) and applied in order by `applyTransforms`.
 *
 * | type              | fields | file |
 * |-------------------|--------|------|
 * | `window`          | start?, end?, shift = false | time-window.ts |
 * | `jobs`            | from = 0, to? | job-window.ts |
 * | `sample`          | fraction or count | sample.ts |
 * | `filter`          | field, values, exclude = false | filter.ts |
 * | `scale-resources` | request {r: x}, tasks? | resources.ts |
 * | `load`            | target, resource? | load.ts |
 * | `fill`            | multiple, step = 1 | fill.ts |
 *
 * Each seeded transform draws from its own stream of the run's Rng, named
 * `transform:<type>` (`transform:<type>#2` for a second one of the same type),
 * so adding a transform of another type does not change the draws of the others.
 */
import { z } from 'zod';
import type { ClusterSpec } from '../../sim/cluster.ts';
import type { Rng } from '../../sim/rng.ts';
import type { Workload } from '../workload.ts';
import { fill, FillSchema } from './fill.ts';
import { filterJobs, FilterSchema } from './filter.ts';
import { jobWindow, JobWindowSchema } from './job-window.ts';
import { LoadSchema, scaleLoad } from './load.ts';
import { scaleResources, ScaleResourcesSchema } from './resources.ts';
import { sample, SampleSchema } from './sample.ts';
import { timeWindow, TimeWindowSchema } from './time-window.ts';
import type { TransformRecord, TransformResult } from './types.ts';

export type { TransformRecord, TransformResult } from './types.ts';
export { offeredLoad, clusterCapacity } from './load.ts';

export const TransformSchema = z.discriminatedUnion('type', [
  TimeWindowSchema,
  JobWindowSchema,
  SampleSchema,
  FilterSchema,
  ScaleResourcesSchema,
  LoadSchema,
  FillSchema,
]);

export const TransformListSchema = z.array(TransformSchema);

export type TransformSpec = z.infer<typeof TransformSchema>;
export type TransformSpecInput = z.input<typeof TransformSchema>;

export function applyTransform(workload: Workload, cluster: ClusterSpec, spec: TransformSpec, random: () => number): TransformResult {
  switch (spec.type) {
    case 'window':
      return timeWindow(workload, spec);
    case 'jobs':
      return jobWindow(workload, spec);
    case 'sample':
      return sample(workload, spec, random);
    case 'filter':
      return filterJobs(workload, spec);
    case 'scale-resources':
      return scaleResources(workload, spec);
    case 'load':
      return scaleLoad(workload, cluster, spec);
    case 'fill':
      return fill(workload, cluster, spec, random);
  }
}

/**
 * Applies `list` in order. Returns the new workload, whose header gains
 * `transform.<i>` = the summary of each step, and the records.
 */
export function applyTransforms(
  workload: Workload,
  cluster: ClusterSpec,
  list: readonly TransformSpec[],
  rng: Rng,
): { workload: Workload; records: TransformRecord[] } {
  const records: TransformRecord[] = [];
  const seen = new Map<string, number>();
  let current = workload;
  for (const spec of list) {
    const k = (seen.get(spec.type) ?? 0) + 1;
    seen.set(spec.type, k);
    const stream = rng.stream(`transform:${spec.type}${k > 1 ? `#${k}` : ''}`);
    const { workload: next, record } = applyTransform(current, cluster, spec, stream);
    records.push(record);
    current = next;
  }
  if (records.length > 0) {
    const header = { ...current.header };
    const base = Object.keys(header).filter((key) => key.startsWith('transform.')).length;
    records.forEach((r, i) => (header[`transform.${base + i + 1}`] = r.summary));
    current = { ...current, header };
  }
  return { workload: current, records };
}
