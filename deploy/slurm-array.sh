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
# where `--shard auto` reads SLURM_ARRAY_TASK_ID (from SLURM_ARRAY_TASK_MIN) and
# SLURM_ARRAY_TASK_COUNT. A task that is requeued or resubmitted resumes: runs
# already finished in OUT are kept. Afterwards, by hand if needed:
#   clusterlab merge OUT && clusterlab compare OUT
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
  # One task of the array: one shard. Exit 1 when some of its runs failed (listed in the log).
  exec $CLUSTERLAB run "$CONFIG" --out "$OUT" --shard auto --workers "${SLURM_CPUS_PER_TASK:-1}"
fi

# On the login node: check the config before queueing anything, then submit.
$CLUSTERLAB validate "$CONFIG"
array=$(sbatch --parsable --array="0-$((SHARDS - 1))" "$0" "$CONFIG" "$OUT" "$SHARDS")
# afterany: merge even when some runs failed; merge reports them (and an incomplete set) itself.
merge=$(sbatch --parsable --dependency="afterany:${array}" --job-name=clusterlab-merge --cpus-per-task=1 --mem=2G \
  --output="clusterlab-merge-%j.out" --wrap "$CLUSTERLAB merge '$OUT'")
echo "submitted array ${array} (${SHARDS} shards) and merge ${merge}; results in ${OUT}"
