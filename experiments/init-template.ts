/**
 * The commented starting config `clusterlab init` writes. It is a working
 * study (tested: init, then validate and run), so a new user edits something
 * that runs rather than a form to fill in.
 */

export function initTemplate(tracePath: string, schemaPath: string): string {
  return `# A clusterlab experiment: every variant x grid point x seed is one run.
#   clusterlab validate THIS_FILE          check it (names, paths, values)
#   clusterlab run THIS_FILE --out DIR     run it (--workers N, --resume, --shard K/N)
#   clusterlab compare DIR                 means, 95% intervals, paired differences
# Editors complete and check this file with the JSON Schema (clusterlab schema --out ${schemaPath}):
# yaml-language-server: $schema=${schemaPath}

name: my-study
description: fcfs vs EASY vs conservative backfilling vs SJF+EASY

# The jobs. A trace (SWF plain or gzip, or a canonical .jsonl), relative to this file:
workload:
  trace: ${tracePath}
  # swf:
  #   processors: allocated    # or requested (SWF field 8)
  #   estimate: requested      # or runtime: perfect estimates
  # transforms: [{name: ..., params: {...}}]   # once workload transforms are available
# or a generator:   workload: { generate: spec.yaml }

# The machine. Absent: the one the trace describes (SWF MaxProcs). Otherwise:
# cluster: { procs: 128, procs_per_node: 1 }
# cluster: { nodes: 16, capacity: { cpu: 32, memory: 131072 } }

# The policies compared. Each kind is a name, or {name, params}; unset kinds take
# their default (queue: fcfs, backfill: easy, placement: first-fit).
#   queue:     fcfs sjf ljf priority wfp3 unicep
#   backfill:  none easy conservative
#   placement: first-fit best-fit worst-fit
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

# Replications: a count (seeds 1..n) or a list. The workload depends on the seed
# only, so the variants of one seed are a paired comparison. A trace replayed as
# it is does not depend on the seed: one seed is enough.
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
