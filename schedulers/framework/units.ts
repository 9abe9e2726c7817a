/**
 * Units. clusterlab keeps cpu in cores (fractions allowed), memory in MiB and
 * gpu in GPUs; kube-scheduler computes in integers: cpu in millicores, memory
 * in bytes. The plugins convert with these factors and round to integers, so
 * the upstream integer arithmetic (truncating divisions included) applies:
 *   cpu     cores → millicores  (× 1000)
 *   memory, ephemeral-storage, hugepages-*
 *           MiB   → bytes       (× 1 048 576; a byte count below 2^53, 8 PiB, is exact in a double)
 *   gpu     GPUs  → milli-GPU   (× 1000; Alibaba's `alibabacloud.com/gpu-milli`, so shared GPUs stay integers)
 *   others  as they are, rounded to integers.
 * Upstream's default requests for containers without requests, used by the
 * scoring strategies (non-zero requests, schedutil.GetNonzeroRequests): 100m cpu
 * and 200 MiB memory for each container that leaves the key unset (pod.ts); a
 * request explicitly set to 0 stays 0.
 */
export const MILLI_PER_CORE = 1000;
export const BYTES_PER_MIB = 1024 * 1024;
export const MILLI_PER_GPU = 1000;
/** schedutil.DefaultMilliCPURequest */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB in bytes */
export const DEFAULT_MEMORY_REQUEST = 200 * BYTES_PER_MIB;

/** Factor from the canonical unit of `resource` to its upstream integer unit. */
export function upstreamScale(resource: string): number {
  if (resource === 'cpu') return MILLI_PER_CORE;
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) return BYTES_PER_MIB;
  if (resource === 'gpu') return MILLI_PER_GPU;
  return 1;
}

/**
 * The canonical resource a KubeSchedulerConfiguration resource name refers to:
 * cpu, memory, and the GPU names (`nvidia.com/gpu`, `alibabacloud.com/gpu-milli`,
 * `alibabacloud.com/gpu-count`, `gpu`) → gpu; anything else as written.
 */
export function canonicalResource(name: string): string {
  if (name === 'nvidia.com/gpu' || name === 'alibabacloud.com/gpu-milli' || name === 'alibabacloud.com/gpu-count' || name === 'amd.com/gpu') return 'gpu';
  return name;
}

/** Upstream integer amount of `value` canonical units of `resource`. */
export function toUpstream(resource: string, value: number): number {
  return Math.round(value * upstreamScale(resource));
}
