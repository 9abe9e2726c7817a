#!/usr/bin/env bash
# Runs a clusterlab study as a Slurm job array: task k runs shard k+1 of N into
# OUT (on a filesystem every node sees), then a merge job writes runs.csv and
# summary.json once every task has ended.
#
#   deploy/slurm-array.sh CONFIG OUT [SHARDS]     from the repository root, on a login node:
#                                                 submits the array (SHARDS tasks, default 4) and the merge
#
# Inside the array (Slurm sets SLURM_ARRAY_TASK_ID), the same script runs one shard:
#   clusterlab run CONFIG --out OUT --shard auto --workers $SLURM_CPUS_PER_TASK
# where `--shard auto` takes K = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP + 1
# and N = SLURM_ARRAY_TASK_COUNT: any evenly stepped range works (--array=0-7, 0-8:4, 10-13);
# a list such as --array=1,3,10 is refused (pass --shard K/N yourself then).
# A task that is requeued or resubmitted resumes: runs already finished in OUT are kept.
#
# Failures: a run that fails (a policy error, a budget exceeded) is recorded in
# OUT/runs/<id>/failure.json and the task still exits 0 once all its runs ended (a
# deterministic failure would only fail again if requeued); the merge job lists the
# failed runs and exits 1. A task exits 2 on an input error (bad config, missing file)
# and non-zero when it was killed; the merge then exits 2 naming the missing runs.
# Afterwards, by hand if needed:
#   clusterlab merge OUT && clusterlab compare OUT
#   clusterlab run CONFIG --out OUT --resume --retry-failed   (to rerun the failed runs)
#
#SBATCH --job-name=clusterlab
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --output=clusterlab-%A_%a.out
set -euo pipefail

CONFIG=${1:?usage: deploy/slurm-array.sh CONFIG OUT [SHARDS]}
OUT=${2:?usage: deploy/slurm-array.sh CONFIG OUT [SHARDS]}
SHARDS=${3:-4}
CLUSTERLAB=${CLUSTERLAB:-node bin/clusterlab.js}

if [[ -n "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  # One task of the array: one shard. Failed runs are listed in the log and recorded; the
  # task exits 0 (the shard default of --allow-failures) and the merge reports them.
  exec $CLUSTERLAB run "$CONFIG" --out "$OUT" --shard auto --workers "${SLURM_CPUS_PER_TASK:-1}"
fi

# On the login node: check the config before queueing anything, then submit.
$CLUSTERLAB validate "$CONFIG"
array=$(sbatch --parsable --array="0-$((SHARDS - 1))" "$0" "$CONFIG" "$OUT" "$SHARDS")
# afterany: merge even when a task failed; merge reports failed runs (exit 1) and an
# incomplete set (exit 2, naming the missing runs) itself.
merge=$(sbatch --parsable --dependency="afterany:${array}" --job-name=clusterlab-merge --cpus-per-task=1 --mem=2G \
  --output="clusterlab-merge-%j.out" --wrap "$CLUSTERLAB merge '$OUT'")
echo "submitted array ${array} (${SHARDS} shards) and merge ${merge}; results in ${OUT}"
