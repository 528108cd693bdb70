#!/bin/sh
# cli_test.sh — the command line as a user meets it: exit statuses, located
# error messages for every bad-input class, the results layout, thread-count
# reproducibility of the datasets, refusal to overwrite, and that a failing
# run leaves no file behind. usage: cli_test.sh path/to/depinsim
set -u
bin=$1
. "$(dirname "$0")/testlib.sh"

# usage
expect 2 "no command" "$bin"
expect 2 "unknown command" "$bin" frobnicate
expect 0 "help" "$bin" --help
for c in run validate info; do expect 0 "$c --help" "$bin" $c --help; done
expect 0 "version" "$bin" --version
expect 2 "run without a file" "$bin" run
expect 2 "bad --paths" "$bin" run tests/data/small.yaml --paths zero
expect 2 "bad --seed" "$bin" run tests/data/small.yaml --seed -1
expect 2 "bad --backend" "$bin" run tests/data/small.yaml --backend quantum
expect 2 "bad --progress" "$bin" run tests/data/small.yaml --progress loud
expect 0 "--progress log" "$bin" run tests/data/small.yaml -o "$tmp/progress.h5" --progress log --paths 3
grep -q "^simulating: 3/3 paths done" "$tmp/err" && ok || bad "--progress log: no final line"
expect 2 "missing scenario" "$bin" validate "$tmp/nope.yaml"
grep -q "nope.yaml" "$tmp/err" || bad "missing scenario: message does not name the file"

# every documented bad-input class: exit 2 and its located message
n_bad=0
for y in tests/data/bad/*.yaml; do
    [ -e "$y" ] || continue
    n_bad=$((n_bad + 1))
    expect 2 "validate $y" "$bin" validate "$y"
    want=$(sed "s|@DIR@|tests/data/bad|" "${y%.yaml}.expect")
    got=$(head -n 1 "$tmp/err")
    [ "$got" = "$want" ] && ok || bad "validate $y: got '$got', want '$want'"
    expect 2 "run $y" "$bin" run "$y" -o "$tmp/bad.h5" -q
    [ -e "$tmp/bad.h5" ] && bad "run $y left a results file"
done
[ "$n_bad" -ge 5 ] || bad "only $n_bad bad-input fixtures"

# --set errors are located like file errors and also exit 2
expect 2 "--set unknown key" "$bin" validate tests/data/small.yaml --set token.volatility=1
grep -q '^--set:1:1: token.volatility: unknown key' "$tmp/err" || bad "--set unknown key message: $(cat "$tmp/err")"
expect 2 "--set out of range" "$bin" validate tests/data/small.yaml --set token.impact=0 --set providers.pue=9
grep -q '^--set:2:[0-9]*: providers.pue: ' "$tmp/err" || bad "--set range message: $(cat "$tmp/err")"
expect 0 "--set valid" "$bin" validate tests/data/small.yaml --set providers.pue=1.5

# a run, its layout and its summary
expect 0 "run 1 thread" "$bin" run tests/data/small.yaml -o "$tmp/a.h5" --threads 1 -q
expect 0 "run 2 threads" "$bin" run tests/data/small.yaml -o "$tmp/b.h5" --threads 2
grep -q "provider-steps/s" "$tmp/out" || bad "run summary lacks throughput"
h5ls -r "$tmp/a.h5" >"$tmp/ls" 2>&1 || bad "h5ls failed"
for obj in /time_days /variants/base/quantiles/token_price /variants/base/mean/served \
           /variants/base/final/active_providers /variants/base/summary; do
    grep -q "^$obj " "$tmp/ls" || bad "layout: $obj missing"
done
# byte-identical datasets for 1 and 2 threads (attributes like wall time differ)
h5diff "$tmp/a.h5" "$tmp/b.h5" /variants /variants >"$tmp/diff" 2>&1 && ok || { bad "1 vs 2 threads differ"; head "$tmp/diff"; }
h5diff "$tmp/a.h5" "$tmp/b.h5" /time_days /time_days >/dev/null 2>&1 && ok || bad "time_days differ"
expect 0 "info" "$bin" info "$tmp/a.h5"
grep -q "small" "$tmp/out" || bad "info does not name the scenario"
grep -q "token_price" "$tmp/out" || bad "info lacks token_price"

# common random numbers: a variant whose override repeats the base's value
# writes the same datasets as the base (tests/data/mechanisms.yaml: noop)
expect 0 "variants" "$bin" run tests/data/mechanisms.yaml -o "$tmp/v.h5" -q
for g in quantiles mean final outcomes; do
    h5diff "$tmp/v.h5" "$tmp/v.h5" /variants/base/$g /variants/noop/$g >/dev/null 2>&1 && ok ||
        bad "noop variant: $g differs from base"
done
h5diff "$tmp/v.h5" "$tmp/v.h5" /variants/base/final /variants/burn/final >/dev/null 2>&1 &&
    bad "burn variant: final values equal the base's (the test cannot tell variants apart)"

# a storage scenario names its own unit: every units attribute says it
expect 0 "unit_name" "$bin" run tests/data/small.yaml -o "$tmp/u.h5" -q --set run.unit_name=PiB-day
h5dump -a /variants/base/quantiles/network_price/units "$tmp/u.h5" | grep -q '"USD/PiB-day"' && ok ||
    bad "unit_name: network_price units do not say USD/PiB-day"
h5dump -a /unit_name "$tmp/u.h5" | grep -q '"PiB-day"' && ok || bad "unit_name: no root attribute"
"$bin" info "$tmp/u.h5" | grep -q "heq-h" && bad "unit_name: info still says heq-h"

# an existing file is refused without --force and left as it was
cp "$tmp/a.h5" "$tmp/a.bak"
expect 2 "existing output" "$bin" run tests/data/small.yaml -o "$tmp/a.h5" -q
cmp -s "$tmp/a.h5" "$tmp/a.bak" && ok || bad "existing output was modified"
expect 0 "--force" "$bin" run tests/data/small.yaml -o "$tmp/a.h5" -q --force --seed 5

# failing runs leave nothing behind
expect 2 "no such directory" "$bin" run tests/data/small.yaml -o "$tmp/nodir/x.h5" -q
[ -e "$tmp/nodir" ] && bad "created a directory"
mkdir "$tmp/isdir"
expect 2 "output is a directory" "$bin" run tests/data/small.yaml -o "$tmp/isdir" -q
expect 2 "bad --set on run" "$bin" run tests/data/small.yaml -o "$tmp/c.h5" -q --set run.paths=0
[ -e "$tmp/c.h5" ] && bad "bad --set left a results file"
ls "$tmp" | grep -q '\.tmp\.' && bad "temporary file left behind"

# info on things that are not results
echo "not hdf5" >"$tmp/junk.h5"
expect 2 "info on junk" "$bin" info "$tmp/junk.h5"
head -c 2000 "$tmp/a.bak" >"$tmp/trunc.h5"
expect 2 "info on a truncated file" "$bin" info "$tmp/trunc.h5"

# a file the fuzzer damaged so that HDF5 1.10 frees a wild pointer reading its
# link table: every reader meets it in a child process first and refuses it
for c in info compare; do
    expect 2 "$c on a damaged file" "$bin" $c tests/data/damaged_dense_links.h5
    grep -q "damaged" "$tmp/err" || bad "$c on a damaged file: $(head -c 200 "$tmp/err")"
done
expect 2 "export on a damaged file" "$bin" export tests/data/damaged_dense_links.h5 --csv "$tmp/csv"

finish cli
