#!/bin/sh
# run.sh — `make bench`: throughput of the CPU backend on bench/throughput.yaml,
# the floor of a loop that only draws the same random numbers, and the speed of
# the model's maths (models/dsmath.h) against glibc.
set -eu
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
threads=$(nproc)
echo "== depinsim run bench/throughput.yaml ($threads threads, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
"$build/depinsim" run bench/throughput.yaml -o "$out/throughput.h5" --threads "$threads"
echo "== rng floor (same draws, nothing else)"
"$build/bench/rng_floor" 10000 1095 64 "$threads"
echo "== model maths (models/dsmath.h) against glibc"
"$build/bench/dsmath_bench" 8
