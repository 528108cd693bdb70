#!/bin/sh
# new_test.sh — `depinsim new` as a user meets it: the starter and a copy of
# an example validate and run as written; a copy runs to the same numbers as
# its original; an existing file is never replaced; a missing example or
# folder is bad input (2) with the examples named; FILE - writes to stdout.
# usage: new_test.sh path/to/depinsim   (from the repository root)
set -u
bin=$1
. "$(dirname "$0")/testlib.sh"

has() { grep -q -- "$2" "$1" && ok || { bad "$3: '$2' not in $(basename "$1")"; head -5 "$1" | sed 's/^/  | /'; }; }
small="--paths 3 -q --force --set run.horizon_days=60 --set providers.count=150"

# the starter: named after its file, validates, runs
expect 0 "new" "$bin" new "$tmp/my-net.yaml"
has "$tmp/out" "wrote $tmp/my-net.yaml" "new"
has "$tmp/my-net.yaml" '^name: "my-net"' "new: the name"
has "$tmp/my-net.yaml" '^  paths: 256  *# Monte Carlo paths' "new: a key with its comment"
expect 0 "validate the starter" "$bin" validate "$tmp/my-net.yaml"
# shellcheck disable=SC2086
expect 0 "run the starter" "$bin" run "$tmp/my-net.yaml" -o "$tmp/starter.h5" $small

# never replaces: status 2, the file as it was
cp "$tmp/my-net.yaml" "$tmp/before.yaml"
expect 2 "new over an existing file" "$bin" new "$tmp/my-net.yaml" --from default
has "$tmp/err" "exists; not replacing it" "new over an existing file"
cmp -s "$tmp/my-net.yaml" "$tmp/before.yaml" && ok || bad "new changed an existing file"

# a copy of an example with variants and one with a sweep: each runs to the
# numbers of its original (export writes every quantile, final and claim)
for ex in default claim-undercut-aws-20pct; do
    expect 0 "new --from $ex" "$bin" new "$tmp/$ex.yaml" --from "$ex"
    has "$tmp/$ex.yaml" "^# a copy of .*scenarios/$ex.yaml" "new --from $ex"
    # shellcheck disable=SC2086
    expect 0 "run $ex" "$bin" run "scenarios/$ex.yaml" -o "$tmp/orig.h5" $small
    # shellcheck disable=SC2086
    expect 0 "run the copy of $ex" "$bin" run "$tmp/$ex.yaml" -o "$tmp/copy.h5" $small
    expect 0 "export $ex" "$bin" export "$tmp/orig.h5" --csv "$tmp/orig"
    expect 0 "export the copy of $ex" "$bin" export "$tmp/copy.h5" --csv "$tmp/copy"
    for f in quantiles finals outcomes claims; do
        # a sweep's results carry each swept key as a column (a dotted key path
        # as its header); the copy writes the sweep as plain variants
        for side in orig copy; do
            awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) drop[i] = index($i, ".") > 0 }
                     { s = ""; for (i = 1; i <= NF; i++) if (!drop[i]) s = s (s == "" ? "" : ",") $i
                       print s }' "$tmp/$side/$f.csv" >"$tmp/$side/$f.cmp"
        done
        [ -s "$tmp/orig/$f.csv" ] && cmp -s "$tmp/orig/$f.cmp" "$tmp/copy/$f.cmp" && ok ||
            bad "$ex: the copy's $f.csv differs from the original's"
    done
done
has "$tmp/claim-undercut-aws-20pct.yaml" '^  "demand.growth_rate_per_year=' "the sweep as variants"

# an analysis: block is copied whole (its factors and outputs too): the copy's
# sensitivity analysis is the original's, design and indices
expect 0 "new --from sensitivity-default" "$bin" new "$tmp/sens.yaml" --from sensitivity-default
for f in scenarios/sensitivity-default.yaml "$tmp/sens.yaml"; do
    n=$([ "$f" = "$tmp/sens.yaml" ] && echo copy || echo orig)
    expect 0 "sensitivity of the $n" "$bin" sensitivity "$f" -o "$tmp/s_$n.h5" --samples 2 --paths 2 \
        --threads 1 -q --force
    expect 0 "export of the $n's analysis" "$bin" export "$tmp/s_$n.h5" --csv "$tmp/s_$n"
done
for f in analysis design; do
    [ -s "$tmp/s_orig/$f.csv" ] && cmp -s "$tmp/s_orig/$f.csv" "$tmp/s_copy/$f.csv" && ok ||
        bad "sensitivity-default: the copy's $f.csv differs from the original's"
done

# a copy elsewhere of a scenario with input series: its relative CSV paths
# become the absolute paths of the files the source read; the copy validates
expect 0 "new --from a scenario with inputs" "$bin" new "$tmp/inputs.yaml" --from tests/data/inputs/inputs.yaml
has "$tmp/inputs.yaml" "^    file: \"$(pwd)/tests/data/inputs/token.csv\"" "new: an input's path made absolute"
expect 0 "validate the copy with inputs" "$bin" validate "$tmp/inputs.yaml"

# a file as --from, and to stdout
expect 0 "new - --from FILE" "$bin" new - --from scenarios/render-bme.yaml
has "$tmp/out" '^name: "render-bme"' "new -"
has "$tmp/out" '^variants:' "new -"

# bad input: status 2, nothing written
expect 2 "new --from an unknown example" "$bin" new "$tmp/x.yaml" --from no-such-network
has "$tmp/err" "the examples: .*render-bme" "unknown example"
[ -e "$tmp/x.yaml" ] && bad "a refused new left a file"
expect 2 "new into a missing folder" "$bin" new "$tmp/missing/x.yaml"
expect 2 "new without a file" "$bin" new
expect 2 "new with two files" "$bin" new "$tmp/a.yaml" "$tmp/b.yaml"
printf 'name: [oops\n' >"$tmp/broken.yaml"
expect 2 "new --from a broken file" "$bin" new "$tmp/y.yaml" --from "$tmp/broken.yaml"
has "$tmp/err" "broken.yaml:" "new --from a broken file: located"
[ -e "$tmp/y.yaml" ] && bad "new from a broken scenario left a file"
expect 0 "new --help" "$bin" new --help
has "$tmp/out" "usage: depinsim new FILE.yaml" "new --help"
finish new_test
