#!/bin/sh
# slurm-array.sh — an example: one scenario's paths split over a Slurm job
# array, one shard per task (`depinsim run --paths-range A:B`), no MPI, then
# one dependent job that merges the shards into the file a single run would
# have written (`depinsim merge`: the same datasets, byte for byte).
#   sbatch --export=ALL,SCENARIO=scenarios/default.yaml,PATHS=4096 bench/slurm-array.sh
# Each task checkpoints its shard (--resume goes on after a preemption or a
# requeue); the merge job is submitted by task 0 with afterok on the whole
# array. Adjust the #SBATCH lines to your cluster; the binary and the files
# must sit on a file system every node sees.
#SBATCH --job-name=depinsim-shards
#SBATCH --array=0-15
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --output=shards/%x-%A_%a.log
set -eu
bin=${DEPINSIM:-build/depinsim}
scenario=${SCENARIO:?set SCENARIO=path/to/scenario.yaml}
paths=${PATHS:?set PATHS to the number of paths of the run (run.paths)}
out=${OUT:-results/$(basename "$scenario" .yaml).h5}
dir=${SHARDS:-shards}
tasks=${SLURM_ARRAY_TASK_COUNT:?run me with sbatch --array}
task=${SLURM_ARRAY_TASK_ID:?run me with sbatch --array}
mkdir -p "$dir" "$(dirname "$out")"

# contiguous ranges, the first paths % tasks one path longer
q=$((paths / tasks)) r=$((paths % tasks))
first=$((task * q + (task < r ? task : r)))
end=$((first + q + (task < r ? 1 : 0)))

if [ "$task" = 0 ]; then # the merge, once every shard is written
    shards=""
    i=0
    while [ $i -lt "$tasks" ]; do
        shards="$shards $dir/shard-$i.h5"
        i=$((i + 1))
    done
    sbatch --dependency="afterok:$SLURM_ARRAY_JOB_ID" --job-name=depinsim-merge \
        --output="$dir/merge-%j.log" --wrap="$bin merge$shards -o $out --force"
fi

# --paths fixes the run's size whatever the scenario says; every shard must be
# run with the same scenario, --set options, seed and binary (merge checks)
ck="$dir/checkpoint-$task"
if [ -d "$ck" ]; then resume="--resume $ck"; else resume="--checkpoint $ck"; fi
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
"$bin" run "$scenario" --paths "$paths" --paths-range "$first:$end" $resume \
    -o "$dir/shard-$task.h5" --force --progress log
