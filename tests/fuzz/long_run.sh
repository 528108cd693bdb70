#!/bin/sh
# long_run.sh — a long fuzz_results run to a number of executions: libFuzzer in
# plain mode (faster than -fork), restarted after each crash (HDF5 1.10 has
# its own on some corrupt files), the executions of every round summed from
# -print_final_stats. Leak checking is off during the run (with fast stack
# unwinding HDF5's known leak cannot be told from ours), HDF5's free lists are
# kept and ASan's quarantine is 16 MiB: about 500 executions a second instead
# of 110. An allocation beyond what ASan supports returns NULL, as malloc does
# in a plain build (HDF5 asks for terabytes on some corrupt headers). The corpus it leaves is checked for leaks at the end, with full
# unwinding and no free lists. Then triage.sh sorts
# the crashes: in depinsim's code or in HDF5's.
# usage: tests/fuzz/long_run.sh BUILD_DIR WORK_DIR EXECUTIONS
#   (BUILD_DIR configured as smoke.sh does; WORK_DIR gets corpus/ and art/)
set -u
build=$1
work=$2
want=$3
here=$(cd "$(dirname "$0")" && pwd)
fz=$build/tests/fuzz/fuzz_results
mkdir -p "$work/corpus" "$work/art"
cp "$here"/corpus_results/* "$work/corpus/"
"$build/tests/fuzz/fuzz_make_seeds" "$work/corpus"
"$build/tests/hostile_h5" --small "$work/corpus" >/dev/null
done_runs=0
rounds=0
start=$(date +%s)
while [ "$done_runs" -lt "$want" ]; do
    rounds=$((rounds + 1))
    DS_FUZZ_FREE_LISTS=1 \
        ASAN_OPTIONS=detect_leaks=0:malloc_context_size=5:quarantine_size_mb=16:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1 "$fz" -runs=$((want - done_runs)) -timeout=10 -detect_leaks=0 -print_final_stats=1 \
        -artifact_prefix="$work/art/" "$work/corpus" >"$work/round.log" 2>&1
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/round.log")
    if [ -z "$n" ]; then # died before the stats: count its last progress line
        n=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$work/round.log" | tail -1)
        tail -3 "$work/round.log" | sed 's/^/  | /'
    fi
    done_runs=$((done_runs + ${n:-0}))
    echo "round $rounds: ${n:-0} executions, $done_runs in all, $(($(date +%s) - start)) s"
    [ "${n:-0}" = 0 ] && { echo "no progress: stopping"; break; }
done
echo "executions: $done_runs in $(($(date +%s) - start)) s, $rounds rounds"
echo "corpus: $(ls "$work/corpus" | wc -l) inputs; leak check with full unwinding:"
LSAN_OPTIONS="suppressions=$here/lsan.supp" ASAN_OPTIONS=fast_unwind_on_malloc=0 \
    "$fz" -runs=0 "$work/corpus" >"$work/leaks.log" 2>&1 && echo "  no leak" ||
    { echo "  leak or crash:"; grep -A12 "ERROR" "$work/leaks.log" | head -30; }
ls "$work"/art/* >/dev/null 2>&1 && sh "$here/triage.sh" "$fz" "$work"/art/*
exit 0
