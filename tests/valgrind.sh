#!/bin/sh
# valgrind.sh — memcheck on a small run (one and two threads), on `info` of
# its output and on `validate` of a bad scenario: no invalid access, no leak
# (definite or possible). Only libgomp's thread-pool TLS is suppressed
# (valgrind.supp). Exits 77 (skipped) when valgrind is not installed.
# usage: valgrind.sh path/to/depinsim
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind not installed"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
vg() { # vg WANT_STATUS DESCRIPTION -- command...
    want=$1; shift; what=$1; shift
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,possible \
        --show-leak-kinds=definite,possible --suppressions="$here/valgrind.supp" \
        --log-file="$tmp/vg.log" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" != "$want" ] || [ -s "$tmp/vg.log" ]; then
        echo "FAIL: $what: exit $got, want $want"
        sed 's/^/  | /' "$tmp/vg.log" "$tmp/err" | head -60
        fails=$((fails + 1))
    else
        echo "ok: $what"
    fi
}
vg 0 "run, 1 thread" "$bin" run tests/data/small.yaml --paths 2 -o "$tmp/x.h5" --threads 1 -q
vg 0 "run, 2 threads" "$bin" run tests/data/small.yaml --paths 2 -o "$tmp/y.h5" --threads 2 -q
vg 0 "info" "$bin" info "$tmp/x.h5"
vg 2 "validate a bad scenario" "$bin" validate tests/data/bad/wrong_type.yaml
vg 2 "info of a non-HDF5 file" "$bin" info tests/data/small.yaml
[ "$fails" = 0 ] || exit 1
