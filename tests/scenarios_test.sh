#!/bin/sh
# scenarios_test.sh — every scenario in scenarios/ validates, runs with 2 paths over a
# short horizon, and its results file reads back with `info`; the shipped synthetic
# dataset (data/) is what its script makes, byte for byte.
# usage: sh tests/scenarios_test.sh path/to/depinsim   (from the repository root)
set -u
bin=${1:-build/depinsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for f in scenarios/*.yaml; do
    n=$((n + 1))
    name=$(basename "$f" .yaml)
    if ! "$bin" validate "$f" >"$tmp/v.txt" 2>&1; then
        echo "FAIL validate $f"; cat "$tmp/v.txt"; fail=1; continue
    fi
    if ! "$bin" run "$f" -o "$tmp/$name.h5" --paths 2 -q \
        --set run.horizon_days=60 --set run.record_every=7 >"$tmp/r.txt" 2>&1; then
        echo "FAIL run $f"; cat "$tmp/r.txt"; fail=1; continue
    fi
    if ! "$bin" info "$tmp/$name.h5" >"$tmp/i.txt" 2>&1; then
        echo "FAIL info $f"; cat "$tmp/i.txt"; fail=1; continue
    fi
    grep -q "^scenario: *$name\$" "$tmp/i.txt" || { echo "FAIL info $f: scenario name"; fail=1; }
    echo "ok $f"
done
[ "$n" -ge 11 ] || { echo "FAIL: expected at least 11 scenarios, found $n"; fail=1; }
if sh data/make-synthetic.sh "$bin" "$tmp/synthetic.csv" &&
    cmp -s "$tmp/synthetic.csv" data/synthetic-network.csv; then
    echo "ok data/synthetic-network.csv is what data/make-synthetic.sh makes"
else
    echo "FAIL data/synthetic-network.csv differs from data/make-synthetic.sh's output:"
    echo "     the model changed its draws? regenerate it and the fits built on it"
    fail=1
fi
exit $fail
