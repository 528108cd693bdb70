#!/bin/sh
# gpu_check.sh — the one-shot GPU check. Runs ON the GPU machine from the
# project root, with the bundle that bench/gpu_bundle.sh made (.gpu/, where it
# is copied as check.sh): sh .gpu/check.sh. Everything goes to $OUT; the whole
# takes under 8 minutes (DEADLINE_S, default 450 s): every step has a timeout,
# cut to what is left, and a step that no longer fits is skipped and says so.
# In order of what matters most:
#   1. the device, and dsmath on it (bit for bit against the host)
#   2. the model's known answers inside a kernel (bit for bit too)
#   3. CPU≡CUDA parity over every scenario (test_cuda_parity: exact)
#   4. the default scenario on both backends, h5diff'ed (expected identical),
#      and --backend auto (which must pick the GPU; `info` shows it)
#   5. throughput on bench/throughput.yaml at 1,024, 4,096 and 16,384 paths,
#      and the CPU on this machine's cores for comparison
#   6. ncu's speed-of-light section of one launch, where ncu is installed
# DEPINSIM_REQUIRE_CUDA=1 is set: a test that finds no usable device fails
# instead of reporting "skipped".
set -u
OUT=${OUT:-/tmp/gpu-out}
mkdir -p "$OUT"
B=.gpu/bin
[ -x $B/depinsim ] || { echo "gpu_check: no .gpu/bin/depinsim (run bench/gpu_bundle.sh first)" >&2; exit 2; }
export LD_LIBRARY_PATH="$PWD/.gpu/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export DEPINSIM_REQUIRE_CUDA=1
# programs run as $RUN $B/prog: directly, or through the bundled glibc where
# this machine's is older than the one the bundle was built with
need=$(cat .gpu/glibc_needed 2>/dev/null || echo 0)
have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
RUN=""
if [ "${GPU_CHECK_BUNDLED_GLIBC:-0}" = 1 ] ||
    [ "$(printf '%s\n%s\n' "${have:-0}" "$need" | sort -V | head -n 1)" != "$need" ]; then
    RUN="$(ls "$PWD"/.gpu/glibc/ld-linux*.so* | head -n 1) --library-path $PWD/.gpu/glibc:$PWD/.gpu/lib"
fi
log="$OUT/check.log"
: >"$log"
start=$(date +%s)
deadline=$((start + ${DEADLINE_S:-450}))
fails=0

say() { echo "$*" | tee -a "$log"; }
left() { echo $((deadline - $(date +%s))); }
# step NAME CAP_S FILE CMD...: run CMD with a timeout of min(CAP_S, time left
# less 10 s), output to $OUT/FILE; logs the exit status and the time taken
step() {
    name=$1 cap=$2 file=$3
    shift 3
    t=$(left)
    t=$((t - 10))
    [ "$t" -gt "$cap" ] && t=$cap
    if [ "$t" -lt 5 ]; then
        say "-- $name: SKIPPED (no time left)"
        return 124
    fi
    s0=$(date +%s)
    timeout "$t" "$@" >"$OUT/$file" 2>&1
    st=$?
    say "-- $name: exit $st in $(($(date +%s) - s0)) s (limit $t s) -> $file"
    [ "$st" = 0 ] || fails=$((fails + 1))
    return $st
}

say "== gpu_check $(date -u +%Y-%m-%dT%H:%M:%SZ), deadline ${DEADLINE_S:-450} s"
how="the system's"
[ -n "$RUN" ] && how="the bundled one (.gpu/glibc)"
say "glibc here ${have:-unknown}, the bundle's needs $need: running with $how"
(nvidia-smi -L; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv) >"$OUT/device.txt" 2>&1
tee -a "$log" <"$OUT/device.txt"
$RUN $B/depinsim --version 2>&1 | tee -a "$log"

say "== 1. dsmath on the device against the host (2^22 inputs per function)"
step dsmath 60 dsmath.txt $RUN $B/test_cuda_dsmath 4194304
tail -n 9 "$OUT/dsmath.txt" | tee -a "$log"

say "== 2. model known answers inside a kernel"
step model_cases 60 model_cases.txt $RUN $B/test_cuda_model_cases
grep -E "^FAIL|differ|model cases on" "$OUT/model_cases.txt" | tail -n 12 | tee -a "$log"
step layout 30 layout.txt $RUN $B/test_cuda_layout
step memory 30 memory.txt $RUN $B/test_cuda_parity memory
tail -n 2 "$OUT/layout.txt" "$OUT/memory.txt" | tee -a "$log"

say "== 3. parity, CPU against CUDA, every scenario (exact)"
step parity 200 parity.txt $RUN $B/test_cuda_parity
grep -E "FAIL|ok|FAILED|device" "$OUT/parity.txt" | head -n 60 | tee -a "$log"

say "== 4. default scenario on both backends"
step default_cuda 60 default_cuda.txt $RUN $B/depinsim run scenarios/default.yaml --backend cuda -o "$OUT/default_cuda.h5" --force
tail -n 4 "$OUT/default_cuda.txt" | tee -a "$log"
step default_cpu 90 default_cpu.txt $RUN $B/depinsim run scenarios/default.yaml --backend cpu -o "$OUT/default_cpu.h5" --force
tail -n 4 "$OUT/default_cpu.txt" | tee -a "$log"
if [ -f "$OUT/default_cuda.h5" ] && [ -f "$OUT/default_cpu.h5" ]; then
    step h5diff 30 default_h5diff.txt $RUN $B/h5diff -r "$OUT/default_cpu.h5" "$OUT/default_cuda.h5" /variants
    say "h5diff /variants (exit 0: identical): $(grep -c 'differences found' "$OUT/default_h5diff.txt") datasets listed, $(grep -E '^[1-9][0-9]* differences found' "$OUT/default_h5diff.txt" | awk '{s+=$1} END{print s+0}') values differ"
fi
step auto 60 auto.txt $RUN $B/depinsim run scenarios/default.yaml --backend auto --paths 32 -o "$OUT/auto.h5" --force
step info 30 auto_info.txt $RUN $B/depinsim info "$OUT/auto.h5"
grep -iE " s on |auto" "$OUT/auto.txt" | head -n 3 | tee -a "$log"
grep -iE "backend|device" "$OUT/auto_info.txt" | head -n 4 | tee -a "$log"

say "== 5. throughput, bench/throughput.yaml (10,000 providers, 1,095 steps; 111 B per provider-step by count)"
for p in 1024 4096 16384; do
    step "cuda_$p" 100 "throughput_cuda_$p.txt" $RUN $B/depinsim run bench/throughput.yaml --backend cuda --paths $p -o "$OUT/throughput_$p.h5" --force
    grep -E "provider-steps|memory" "$OUT/throughput_cuda_$p.txt" | tee -a "$log"
    rm -f "$OUT/throughput_$p.h5"
done
step cpu_64 60 throughput_cpu_64.txt $RUN $B/depinsim run bench/throughput.yaml --backend cpu --paths 64 -o "$OUT/throughput_cpu.h5" --force
grep -E "provider-steps" "$OUT/throughput_cpu_64.txt" | tee -a "$log"
rm -f "$OUT/throughput_cpu.h5"

say "== 6. profile of one ds_cuda_steps launch (ncu, if installed)"
ncu=$(command -v ncu || ls /usr/local/cuda/bin/ncu 2>/dev/null || true)
if [ -n "$ncu" ]; then
    step ncu 90 ncu.txt "$ncu" --kernel-name ds_cuda_steps --launch-skip 2 --launch-count 1 --section SpeedOfLight --section Occupancy --section LaunchStats $RUN $B/depinsim run bench/throughput.yaml --backend cuda --paths 1024 --set run.horizon_days=128 -o /tmp/ncu.h5 --force
    grep -E "Memory Throughput|DRAM Throughput|Compute \(SM\)|Duration|Registers|Achieved Occupancy|Theoretical Occupancy|Block Limit" "$OUT/ncu.txt" | tee -a "$log"
else
    say "-- ncu: not installed"
fi

say "== done in $(($(date +%s) - start)) s; $fails step(s) did not exit 0"
