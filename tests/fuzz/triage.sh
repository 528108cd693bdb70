#!/bin/sh
# triage.sh — sorts the crash artifacts of a long fuzz_results run by where
# they crash: the first stack frame outside the sanitizer runtime and libc is
# either in libhdf5 (the library itself, upstream: listed by function) or in
# depinsim's sources (ours: file and line); a hang (timeout-*) is placed by
# the stack libFuzzer prints after 10 s; an HDF5 identifier left open is
# "id-leak" (so far only HDF5's own: a failed H5Fclose leaves its ID behind).
# One line per artifact on stderr, then the counts per place on stdout.
# usage: tests/fuzz/triage.sh FUZZ_RESULTS_BINARY ARTIFACT...
set -u
bin=$1
shift
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
for a in "$@"; do
    ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 "$bin" -timeout=10 "$a" 2>&1 |
        awk -v a="$(basename "$a")" '
            / runtime error: / && !done && $1 ~ /\/sim\// { print "ours " $1 " " a; done = 1 }
            /^HDF5 identifier leak/ && !done { print "id-leak - " a; done = 1 }
            /^ *#[0-9]+ / && !done {
                if ($0 ~ /libhdf5/) { # the first named function of the library
                    h = 1
                    if ($3 == "in") { print "hdf5 " $4 " " a; done = 1 }
                } else if (h) { print "hdf5 ? " a; done = 1 }
                else if ($0 ~ /\/sim\/[a-z_0-9]+\.c:[0-9]+/) { print "ours " $NF " " a; done = 1 }
            }
            /ERROR: |runtime error: |Sanitizer/ { err = 1 }
            END { if (!done) print (err ? "unclassified - " : "no-crash - ") a }'
done | sort >"$lines"
cat "$lines" >&2
awk '{ n[$1 " " $2]++ } END { for (k in n) print n[k], k }' "$lines" | sort -rn
