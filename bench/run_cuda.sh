#!/bin/sh
# run_cuda.sh — the CUDA half of `make bench`: bench/throughput.yaml with 4,096
# paths on --backend cuda, provider-steps/s and time per step, and the share of
# the H100 SXM memory ceiling counted in bench/cuda_kernel_notes.md. Skips
# (exit 0) where CUDA is not built in or no device is present.
set -eu
build=${1:-build}
paths=${PATHS:-4096}
bin="$build/depinsim"
if ! "$bin" --version | grep -q "CUDA backend: built in"; then
    echo "== cuda benchmark: skipped (this build has no CUDA backend)"
    exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
set +e
"$bin" run bench/throughput.yaml -o "$out/throughput.h5" --paths "$paths" --backend cuda \
    >"$out/log" 2>"$out/err"
rc=$?
set -e
if [ $rc -ne 0 ]; then
    if grep -qE "no (usable )?CUDA device" "$out/err"; then
        echo "== cuda benchmark: skipped ($(sed 's/^depinsim: //' "$out/err" | head -1))"
        exit 0
    fi
    cat "$out/err" >&2
    exit $rc
fi
cat "$out/log"
# The summary line reads "  W s on DEVICE: RATE provider-steps/s, ...".
# Bytes per provider-step (B) and the ceiling are those of cuda_kernel_notes.md.
steps=$(awk '/^run:/{r=1} r&&/horizon_days:/{h=$2} r&&/step_days:/{s=$2} END{printf "%d", h/s+0.999999}' \
    bench/throughput.yaml)
grep "provider-steps/s" "$out/log" | head -1 | awk -v steps="$steps" -v paths="$paths" '{
    wall = $1
    for (i = 1; i <= NF; i++) if ($i ~ /^provider-steps\/s/) rate = $(i - 1)
    B = 111; hbm = 3.35e12; fp64 = 3.35e13; flops = 50
    printf "== cuda: %d paths x %d steps: %.3g provider-steps/s, %.3g ms per step (all paths), ", paths, steps, rate, 1000 * wall / steps
    printf "%.3g ns per path-step\n", 1e9 * wall / (steps * paths)
    printf "   memory: %.3g TB/s at %d B per provider-step = %.1f%% of 3.35 TB/s (H100 SXM HBM3), %.1f%% of 4.8 TB/s (H200 HBM3e)\n", rate * B / 1e12, B, 100 * rate * B / hbm, 100 * rate * B / 4.8e12
    printf "   FP64: %.3g TFLOP/s at ~%d flops per provider-step = %.2f%% of 33.5 TFLOP/s (H100/H200 SXM, non-tensor)\n", rate * flops / 1e12, flops, 100 * rate * flops / fp64
    printf "   target 2e10 provider-steps/s (H100): %s; 3e10 (H200, issue 18): %s\n", rate >= 2e10 ? "met" : "not met", rate >= 3e10 ? "met" : "not met"
}'
