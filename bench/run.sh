#!/bin/sh
# run.sh — `make bench`: throughput of the CPU backend on bench/throughput.yaml
# under cloud_discount and auction pricing, on 1 and 2 threads, each as a
# ratio to the scalar rng floor (one Philox block per provider-step, drawn
# one at a time) measured beside it in the same run: absolute rates move with
# the load of a shared machine, the ratio much less (issue 13). The floor is
# taken before and after each engine run and the two averaged. Then the speed
# of the model's maths (models/dsmath.h) against glibc.
#   DEPINSIM_SIMD=scalar|portable|avx2|avx512 picks the provider passes
#   (default: the fastest this CPU runs); BENCH_PATHS overrides the 64 paths.
set -eu
build=${1:-build}
paths=${BENCH_PATHS:-64}
floor_paths=16 # the floor's rate per provider-step does not depend on paths
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

yaml=bench/throughput.yaml
providers=$(awk '/^providers:/{p=1} p&&/count:/{print $2; exit}' $yaml)
steps=$(awk '/^run:/{r=1} r&&/horizon_days:/{h=$2} r&&/step_days:/{s=$2} END{printf "%d", h/s+0.999999}' $yaml)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')

# one scalar floor: provider-steps/s; the group-map line goes to $out/group
floor() {
    "$build/bench/rng_floor" "$providers" "$steps" "$floor_paths" "$1" >"$out/floor"
    sed -n 2p "$out/floor" >"$out/group"
    sed -n 's/^rng floor: .* = \([0-9.e+]*\) provider-steps\/s.*/\1/p' "$out/floor"
}

# one engine run: "RATE PEAK_MIB"
engine() {
    "$build/depinsim" run $yaml -o "$out/t.h5" --force --paths "$paths" --threads "$1" \
        --set "pricing.model=$2" >"$out/log"
    sed -n 's/.*: \([0-9.e+]*\) provider-steps\/s, peak memory \([0-9.]*\) MiB.*/\1 \2/p' "$out/log"
}

# the lane variant "auto" picks on this CPU (the group-map floor names it)
best=$("$build/bench/rng_floor" 64 1 1 1 | sed -n 's/.*group map (\([a-z0-9]*\)).*/\1/p')
echo "== bench/throughput.yaml: $providers providers x $steps steps x $paths paths"
echo "   machine: $cpu, $(nproc) cores, $(uname -m)"
echo "   provider passes: ${DEPINSIM_SIMD:-auto} (auto here: $best)"
printf '%-8s %-15s %14s %14s %13s %9s\n' threads pricing "engine ps/s" "rng_floor ps/s" \
    "engine/floor" "peak MiB"
for threads in 1 2; do
    before=$(floor $threads)
    for pricing in cloud_discount auction; do
        set -- $(engine $threads $pricing)
        after=$(floor $threads)
        echo "$threads $pricing $1 $before $after $2" | awk '{
            f = ($4 + $5) / 2
            printf "%-8s %-15s %14.3g %14.3g %13.2f %9s\n", $1, $2, $3, f, $3 / f, $6 }'
        before=$after
    done
    echo "   ($threads thread(s)) $(cat "$out/group")"
done
echo "   ps/s: provider-steps per second; engine/floor >= 1.0 is issue 13's target"
echo "== model maths (models/dsmath.h) against glibc"
"$build/bench/dsmath_bench" 8
