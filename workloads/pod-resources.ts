/**
 * A Kubernetes pod's containers, for the request rules that need them: the
 * requests of each app container, of each init container (sidecars are init
 * containers with restartPolicy Always) and the pod overhead, in canonical
 * units (workloads/job.ts), a resource a container leaves unset being absent.
 *
 * `podRequests` is upstream's PodRequests (k8s.io/component-helpers/resource
 * helpers.go, AggregateContainerRequests and PodRequests): the sum of the app
 * containers and of the sidecars, at least what each init container needs
 * while it runs (its own requests plus the sidecars started before it), plus
 * the overhead. With `nonMissing` (upstream NonMissingContainerRequests), a
 * container that leaves one of those resources unset counts as asking for the
 * given amount; one that sets it, even to 0, keeps its value. The scheduler's
 * scoring passes 100m cpu and 200 MiB memory (pkg/scheduler/util
 * DefaultMilliCPURequest, DefaultMemoryRequest): the non-zero requests.
 */
import { z } from 'zod';

export type ResourceList = Readonly<Record<string, number>>;

const ResourceListSchema = z.record(z.string().min(1), z.number().finite().nonnegative());

export const PodResourcesSchema = z.object({
  /** App containers, in spec order: what each requests (the API requires one at least; upstream's unit tests use pods with none). */
  containers: z.array(z.object({ request: ResourceListSchema })),
  /** Init containers, in spec order; restartPolicy Always marks a sidecar (restartable init container). */
  initContainers: z.array(z.object({ request: ResourceListSchema, restartPolicy: z.literal('Always').optional() })).optional(),
  /** spec.overhead (RuntimeClass), added once to the pod's requests. */
  overhead: ResourceListSchema.optional(),
});

export type PodResources = z.infer<typeof PodResourcesSchema>;

function add(into: Record<string, number>, list: ResourceList): void {
  for (const [r, x] of Object.entries(list)) into[r] = (into[r] ?? 0) + x;
}

/** upstream maxResourceList: `into` takes the larger value of each resource. */
function max(into: Record<string, number>, list: ResourceList): void {
  for (const [r, x] of Object.entries(list)) into[r] = Math.max(into[r] ?? 0, x);
}

/** upstream applyNonMissing: a copy with every resource of `nonMissing` the container left unset added. */
function applyNonMissing(list: ResourceList, nonMissing: ResourceList | undefined): ResourceList {
  if (!nonMissing) return list;
  const out: Record<string, number> = { ...list };
  for (const [r, x] of Object.entries(nonMissing)) if (!Object.prototype.hasOwnProperty.call(list, r)) out[r] = x;
  return out;
}

/** The pod's requests (upstream PodRequests without pod-level resources), in the units of the lists given. */
export function podRequests(pod: PodResources, nonMissing?: ResourceList): Record<string, number> {
  const result: Record<string, number> = {};
  for (const c of pod.containers) add(result, applyNonMissing(c.request, nonMissing));
  const restartable: Record<string, number> = {};
  const init: Record<string, number> = {};
  for (const c of pod.initContainers ?? []) {
    const own = applyNonMissing(c.request, nonMissing);
    if (c.restartPolicy === 'Always') {
      // A sidecar keeps running: it adds to the pod's total and to what every later init container runs beside.
      add(result, own);
      add(restartable, own);
      max(init, restartable);
    } else {
      const combined: Record<string, number> = {};
      add(combined, own);
      add(combined, restartable);
      max(init, combined);
    }
  }
  max(result, init);
  if (pod.overhead) add(result, pod.overhead);
  return result;
}

/** The same containers with every list mapped (e.g. to upstream integer units). */
export function mapPodResources(pod: PodResources, f: (list: ResourceList) => ResourceList): PodResources {
  const out: PodResources = { containers: pod.containers.map((c) => ({ request: f(c.request) })) };
  if (pod.initContainers) out.initContainers = pod.initContainers.map((c) => (c.restartPolicy ? { request: f(c.request), restartPolicy: c.restartPolicy } : { request: f(c.request) }));
  if (pod.overhead) out.overhead = f(pod.overhead);
  return out;
}
