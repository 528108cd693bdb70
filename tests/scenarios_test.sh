#!/bin/sh
# scenarios_test.sh — every scenario in scenarios/ validates, runs with 2 paths over a
# short horizon, and its results file reads back with `info`; the shipped synthetic
# dataset (data/) is what its script makes, byte for byte; the calibrated scenario
# holds, line for line, the token and demand blocks a fresh `fit` prints.
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
# every fitted line (a key with its ± comment) of a fresh fit is in the scenario,
# and so is the GBM fit's drift and volatility (its variant, without the comment)
cal=scenarios/calibrated-synthetic.yaml
"$bin" fit data/synthetic-network.csv >"$tmp/ft.txt" 2>&1 &&
    "$bin" fit data/synthetic-network.csv --column demand --as demand >"$tmp/fd.txt" 2>&1 &&
    "$bin" fit data/synthetic-network.csv --model gbm >"$tmp/fg.txt" 2>&1 ||
    { echo "FAIL fit data/synthetic-network.csv"; fail=1; }
missing=0 lines=0
for f in "$tmp/ft.txt" "$tmp/fd.txt"; do
    grep '^  [a-z_]*: .*# ±' "$f" >"$tmp/lines.txt"
    while IFS= read -r line; do
        lines=$((lines + 1))
        grep -qxF -- "$line" "$cal" || { echo "FAIL $cal lacks the fitted line '$line'"; missing=1; }
    done <"$tmp/lines.txt"
done
for k in drift_per_year vol_per_sqrt_year; do
    v=$(sed -n "s/^  $k: \([^ ]*\)  #.*/\1/p" "$tmp/fg.txt")
    lines=$((lines + 1))
    grep -q "^    token.$k: $v\$" "$cal" || { echo "FAIL $cal: gbm's $k is not the fit's $v"; missing=1; }
done
[ "$lines" -ge 11 ] || { echo "FAIL: only $lines fitted lines checked"; missing=1; }
[ $missing = 0 ] && echo "ok $cal holds the $lines fitted values of a fresh fit" || fail=1
exit $fail
