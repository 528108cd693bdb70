#!/bin/sh
# slurm-mpi.sh — an example: one scenario over MPI ranks under Slurm, each rank
# a contiguous share of the paths on its own cores (OpenMP), rank 0 writing
# the one results file (the same datasets as a single process, byte for byte).
#   sbatch --export=ALL,SCENARIO=scenarios/default.yaml bench/slurm-mpi.sh
# depinsim must be built where MPI was found (`depinsim --version` says
# "MPI: built in"), against the MPI that srun launches: srun --mpi=pmix (or
# pmi2, as your site configures it) makes the tasks one MPI world; without a
# PMI plugin each task would run alone, and Open MPI's mpirun inside the
# allocation is the alternative. The checkpoint directory makes a requeued
# job go on where it stopped. Adjust the #SBATCH lines to your cluster.
#SBATCH --job-name=depinsim-mpi
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=16
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=%x-%j.log
set -eu
bin=${DEPINSIM:-build/depinsim}
scenario=${SCENARIO:?set SCENARIO=path/to/scenario.yaml}
out=${OUT:-results/$(basename "$scenario" .yaml).h5}
ck=${CHECKPOINT:-checkpoints/$(basename "$scenario" .yaml)}
mkdir -p "$(dirname "$out")" "$(dirname "$ck")"
if [ -d "$ck" ]; then resume="--resume $ck"; else resume="--checkpoint $ck"; fi
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OMP_PROC_BIND=close OMP_PLACES=cores
srun --mpi=pmix --cpu-bind=cores "$bin" run "$scenario" -o "$out" --force $resume --progress log
# or, with Open MPI's launcher inside the allocation:
#   mpirun --map-by ppr:2:node:PE=$SLURM_CPUS_PER_TASK --bind-to core \
#       "$bin" run "$scenario" -o "$out" --force $resume --progress log
