/**
 * The commented starting config `clusterlab init` writes. It is a working
 * study (tested: init, then validate and run), so a new user edits something
 * that runs rather than a form to fill in. The lists of names in its comments
 * come from the registries (policy-kinds.ts, workloads/transforms), so they
 * name every policy and transform of this build and cannot go stale.
 */
import { TransformSchema } from '../../workloads/transforms/index.ts';
import { POLICY_KINDS } from '../study/policy-kinds.ts';

/** `#   queue:     fcfs sjf ...` lines, one per kind of the given studies. */
function kindLines(studies: 'both' | 'scenario'): string {
  const kinds = POLICY_KINDS.filter((k) => k.studies === studies);
  const width = Math.max(...kinds.map((k) => k.key.length)) + 2;
  return kinds.map((k) => `#   ${`${k.key}:`.padEnd(width)}${[...k.entries().keys()].join(' ')}`).join('\n');
}

function transformTypes(): string {
  return (TransformSchema as unknown as { options: { shape: { type: { value: string } } }[] }).options.map((o) => o.shape.type.value).join(' ');
}

/** `root`: the repository (where traces/, workloads/ and experiments/ are) relative to the config file. */
export function initTemplate(tracePath: string, schemaPath: string, root = '.'): string {
  return `# A clusterlab experiment: every variant x grid point x seed is one run.
#   clusterlab validate THIS_FILE          check it (names, paths, values)
#   clusterlab run THIS_FILE --out DIR     run it (--workers N, --resume, --shard K/N)
#   clusterlab compare DIR                 means, 95% intervals, paired differences
# Editors complete and check this file with the JSON Schema (clusterlab schema --out ${schemaPath}):
# yaml-language-server: $schema=${schemaPath}

name: my-study
description: fcfs vs EASY vs conservative backfilling vs SJF+EASY

# The jobs. A trace of any format simulate reads (SWF, openb, Google, Alibaba, Kubernetes,
# canonical .jsonl...), plain or gzip, relative to this file:
workload:
  trace: ${tracePath}
  # swf:
  #   processors: allocated    # or requested (SWF field 8)
  #   estimate: requested      # or runtime: perfect estimates
  # transforms:                # as simulate --transforms; sample and fill draw from the seed
  #   - { type: sample, fraction: 0.8 }
  #   - { type: load, target: 0.9 }
  # (types: ${transformTypes()})
# or a generator spec (clusterlab workload generate), a file or inline; the seed drives it
# (then drop the grid below: workload.swf is for SWF traces):
# workload: { generate: ${root}/workloads/examples/poisson-lognormal.yaml }
# or, instead of workload and cluster, a dynamic scenario (clusterlab scenario):
# scenario: ${root}/experiments/scenario/examples/zone-outage-recovery.yaml

# The machine. Absent: the one the trace or the generator describes (SWF MaxProcs). Otherwise:
# cluster: { procs: 128, procs_per_node: 1 }
# cluster: { nodes: 16, capacity: { cpu: 32, memory: 131072 } }
# cluster: { file: nodes.csv }   # a cluster description or a node list, as simulate --cluster

# The policies compared. Each kind is a name, or {name, params}; unset kinds take
# their default (${POLICY_KINDS.filter((k) => k.default !== null).map((k) => `${k.key}: ${k.default}`).join(', ')}).
${kindLines('both')}
#   (scheduler: {name: kube, params: {config: kube-scheduler.yaml}} replays a KubeSchedulerConfiguration)
# In a scenario study, also (unset: the scenario's own):
${kindLines('scenario')}
variants:
  - name: fcfs
    backfill: none
  - name: fcfs-easy
    backfill: easy
  - name: fcfs-conservative
    backfill: conservative
  - name: sjf-easy
    queue: sjf
    backfill: easy

# Differences are reported against this variant (default: the first).
baseline: fcfs

# A grid: a path and its values; every combination runs (paths under simulation.,
# workload., cluster., or a policy kind: backfill, queue.params.x ...).
grid:
  workload.swf.estimate: [requested, runtime]

# Replications: a count (seeds 1..n) or a list. The workload (generator, seeded
# transforms) and the failures depend on the seed only, so the variants of one
# seed are a paired comparison. A trace replayed as it is does not depend on the
# seed: one seed is enough (more give runs identical across seeds, and no interval).
seeds: 1

simulation:
  overrun: run          # a job past its estimate: run to its end, or cut
  sample_step: 3600     # time series bucket, seconds
  # max_steps: 10000000 # event budget: a run needing more instants fails

budgets:                # limits per run (not part of the results)
  wall_seconds: 3600
  # memory_mb: 2048     # heap limit of each worker

outputs:                # per-run files to keep
  jobs: true
  timeseries: true
  events: false
  decisions: false
`;
}
