#!/bin/sh
# results.sh — hostile results files (issue 10). tests/hostile_h5.c crafts
# them (HOSTILE_H5, set in tests/CMakeLists.txt): string attributes of the
# wrong shape (the stack and heap overflows of read_attr_str), numbers where
# strings belong and back, extents of 2^31 values in files of a few KiB,
# links and storage that lead out of the file. Every reader (info, compare,
# export: results_read, results_read_paths) must refuse each
# with exit 2 and a message naming the object: no crash, no hang, and no
# allocation of what the file declares (ulimit -v proves it in plain builds).
# usage: results.sh DEPINSIM
bin=$1
. "$(dirname "$0")/../testlib.sh"
if [ ! -x "${HOSTILE_H5:-}" ]; then
    echo "HOSTILE_H5 (the generator) is not set: run through ctest"
    exit 1
fi
mkdir "$tmp/h5"
"$HOSTILE_H5" "$tmp/h5" >/dev/null || { echo "hostile_h5 failed"; exit 1; }
h5=$tmp/h5
mkfifo "$h5/fifo"
echo "a secret beside the results file" >"$h5/secret.txt"

# Bounded memory: 1 GB of address space in plain builds, so that allocating
# a declared 16 GiB fails (as "out of memory", which the tests reject). ASan
# reserves terabytes of shadow and cannot start under ulimit -v; there its
# own allocator cap does the same.
kib=1000000
if (ulimit -v $kib && "$bin" --version) >/dev/null 2>&1; then
    bounded() { (ulimit -v $kib && exec timeout 60 "$@"); }
    plain=1
else
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=1000:allocator_may_return_null=1"
    export ASAN_OPTIONS
    bounded() { timeout 60 "$@"; }
    plain=0
fi

# refuse "COMMANDS" FILE PATTERN...: each command refuses FILE with exit 2,
# every PATTERN in its message, nothing on stdout and no CSV written.
refuse() {
    cmds=$1
    f=$2
    shift 2
    for c in $cmds; do
        rm -rf "$tmp/csv"
        case $c in
        export) bounded "$bin" export "$h5/$f" --csv "$tmp/csv" >"$tmp/out" 2>"$tmp/err" ;;
        *) bounded "$bin" "$c" "$h5/$f" >"$tmp/out" 2>"$tmp/err" ;;
        esac
        got=$?
        if [ "$got" != 2 ]; then
            bad "$c $f: exit $got, want 2: $(head -c 300 "$tmp/err")"
            continue
        fi
        for p in "$@"; do
            grep -qF -- "$p" "$tmp/err" || bad "$c $f: message lacks '$p': $(head -c 300 "$tmp/err")"
        done
        [ -s "$tmp/out" ] && bad "$c $f: printed a report"
        [ "$c" = export ] && [ -e "$tmp/csv/finals.csv" ] && bad "$c $f: wrote finals.csv"
        ok
    done
}

all="info compare export"
u="attribute 'units' of /variants/base/quantiles/token_price"

# the overflows: read_attr_str read one string's worth of any dataspace
refuse "$all" units_vlen2.h5 "$u holds 2 values, expected one string"
refuse "$all" units_s48x2.h5 "$u holds 2 values, expected one string"
refuse "$all" format_s19x2.h5 "attribute 'format' of / holds 2 values, expected one string"
refuse "$all" units_null.h5 "$u holds no value"
refuse "$all" units_array_type.h5 "$u is an array type, expected a string"

# a number where a string belongs, a string where a number belongs
refuse "$all" units_numeric.h5 "$u is a float, expected a string"
refuse "$all" paths_string.h5 "attribute 'paths' of / is a string, expected a number"
refuse "$all" seed_array.h5 "attribute 'seed' of / holds 3 values, expected one number"
refuse "compare export" variant_paths_1e300.h5 \
    "attribute 'paths' of /variants/base is 1e+300, expected a whole number from 0 to 2147483647"

# extents: 2^31 time points (16 GiB) in a file of 55 KiB, never allocated
refuse "$all" time_2p31.h5 "/time_days declares 2147483648 values (16 GiB) but stores none"
refuse "$all" time_2p31_chunked.h5 "/time_days is incompletely written (0 of its 32768 chunks)"
refuse "export" final_2p31.h5 "/variants/base/final/token_price declares 2147483647 values"
refuse "$all" shapes.h5 "/variants/base/quantiles/token_price is an array of rank 3"

# storage and links outside the file: never followed (the FIFO would block)
(cd "$h5" && refuse "$all" time_external.h5 "/time_days is stored in external files")
refuse "$all" time_virtual.h5 "/time_days is a virtual dataset"
refuse "$all" variant_external.h5 "/variants/base is an external link"
refuse "$all" variant_soft_loop.h5 "/variants/loop is a soft link"
refuse "export" final_soft.h5 "/variants/base/final is a soft link"

# 128 MiB of deflated zeros in 190 KiB: stored in the file, so only the
# memory limit (half of ulimit -v here) refuses it before allocating
if [ "$plain" = 1 ]; then
    kib=200000
    refuse "compare" time_zeros_deflate.h5 "refused: /time_days needs 128 MiB of memory"
    kib=1000000
else
    echo "(ASan build: the ulimit -v case is covered by test_results' memory limit test)"
fi

# a file HDF5 1.10.8 itself crashes on (found by the fuzzer: H5HG_read copies
# a global heap object of a corrupt length, reading a vlen string): the probe
# reads in a child first and names the HDF5 call and the object it was
# reading; an HDF5 without the bug refuses the file as damaged
for c in info compare; do
    expect 2 "$c on a file HDF5 crashes on" bounded "$bin" $c tests/data/hdf5_crash_vlen.h5
    if grep -q "the HDF5 library crashed" "$tmp/err"; then
        grep -qF "in H5Aread (results.c:" "$tmp/err" &&
            grep -qF "reading attribute 'x_vlen_scalar' of /variants/base/summary; not read" \
                "$tmp/err" || bad "$c: the crash's place not named: $(head -c 300 "$tmp/err")"
    else
        grep -q "damaged" "$tmp/err" || bad "$c: not refused as damaged: $(head -c 300 "$tmp/err")"
    fi
done

# a file HDF5 1.10.8 loops on for ever (a corrupt global heap behind a
# virtual dataset's layout, found by the fuzzer): the probe gives the child
# 10 s, then refuses the file naming the call; main's binary waited for ever
expect 2 "info on a file HDF5 loops on" bounded "$bin" info tests/data/hdf5_hang_gheap.h5
if grep -q "did not finish" "$tmp/err"; then
    grep -qF "the HDF5 library did not finish reading it in 10 s (in H5Oopen" "$tmp/err" ||
        bad "info: the hang's place not named: $(head -c 300 "$tmp/err")"
else
    grep -q "damaged" "$tmp/err" || bad "info: not refused as damaged: $(head -c 300 "$tmp/err")"
fi

# terminal control sequences from the file are shown, not sent (error.h's escaper)
expect 0 "info ctrl_chars.h5" bounded "$bin" info "$h5/ctrl_chars.h5"
if LC_ALL=C grep -q "$(printf '\033')" "$tmp/out"; then bad "info printed an ESC from the file"; else ok; fi
grep -qF 'scenario:    evil\x1B]0;pwned\x07\x1B[2J' "$tmp/out" || bad "info: scenario name not escaped: $(grep scenario: "$tmp/out")"

# every attribute type class and shape, dense link and attribute storage:
# read, and what cannot be shown said so
expect 0 "info zoo.h5" bounded "$bin" info "$h5/zoo.h5"
for want in "variants:    20" "x_vlen_3                     one, two, three" \
    "x_s4_3                       ab, cd, ef" "x_s4_null                    (empty)" \
    "x_u64                        18446744073709551616" "x_f32_2                      1.5 -2.25" \
    "x_f64_2x2                    1 2 3 4" "x_f64_20                     0 1 2 3 4 5 6 7 ... (20 values)" \
    "x_enum                       (an enum, not shown)" \
    "x_compound                   (a compound, not shown)" \
    "x_vlen_int                   (a variable-length sequence, not shown)"; do
    grep -qF -- "$want" "$tmp/out" || bad "info zoo.h5 lacks '$want'"
done
expect 0 "export zoo.h5" bounded "$bin" export "$h5/zoo.h5" --csv "$tmp/zoo"

finish hostile_results
