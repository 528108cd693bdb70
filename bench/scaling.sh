#!/bin/sh
# bench/scaling.sh — strong scaling of an MPI build on this machine: the same
# run (bench/throughput.yaml, one OpenMP thread per rank) on 1..N ranks,
# interleaved, REPS times each; prints the README's markdown table (median
# wall time, paths per second, speed-up and efficiency against one rank) and
# the load average, since a shared machine's figures are only as clean as it.
#   sh bench/scaling.sh [BUILD] [MAX_RANKS] [REPS]
set -eu
build=${1:-build}
max=${2:-2}
reps=${3:-5}
bin="$build/depinsim"
scen=bench/throughput.yaml
"$bin" --version | grep -q 'MPI: built in' || { echo "scaling.sh: $bin has no MPI" >&2; exit 2; }
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
paths=$(sed -n 's/^ *paths: *\([0-9]*\).*/\1/p' "$scen" | head -1)
now() { date +%s.%N; }
load0=$(cut -d' ' -f1 /proc/loadavg)
i=0
while [ "$i" -lt "$reps" ]; do
    n=1
    while [ "$n" -le "$max" ]; do
        t0=$(now)
        mpirun --oversubscribe -np "$n" "$bin" run "$scen" --threads 1 -q --force -o "$tmp/r$n.h5"
        t1=$(now)
        echo "$n $t0 $t1" | awk '{ print $1, $3 - $2 }' >>"$tmp/times"
        n=$((n + 1))
    done
    i=$((i + 1))
done
load1=$(cut -d' ' -f1 /proc/loadavg)
# the datasets are the same whatever the rank count (attributes such as the
# wall time and the ranks differ)
h5diff "$tmp/r1.h5" "$tmp/r$max.h5" /variants /variants >/dev/null &&
    h5diff "$tmp/r1.h5" "$tmp/r$max.h5" /time_days /time_days >/dev/null ||
    { echo "scaling.sh: the datasets differ" >&2; exit 1; }
median() { awk -v n="$1" '$1 == n { print $2 }' "$tmp/times" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
t1=$(median 1)
echo "| ranks | wall time (median of $reps) | paths/s | speed-up | efficiency |"
echo "|---:|---:|---:|---:|---:|"
n=1
while [ "$n" -le "$max" ]; do
    tn=$(median "$n")
    awk -v n="$n" -v t="$tn" -v t1="$t1" -v p="$paths" \
        'BEGIN { printf "| %d | %.2f s | %.1f | %.2f× | %.0f%% |\n", n, t, p / t, t1 / t, 100 * t1 / t / n }'
    n=$((n + 1))
done
echo "load average (1 min) before and after: $load0, $load1 on $(nproc) cores"
