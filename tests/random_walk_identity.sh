#!/bin/sh
# random_walk_identity.sh — `token.model: random_walk` keeps the older token market
# byte for byte (issue 12). For every scenario of a reference revision (default: main),
# its file is run by that revision's depinsim as written, and by this tree's depinsim
# with `model: random_walk` added to its token section; every dataset of the reference's
# results must be identical (h5diff; the new fundamental_value datasets and the run's
# attributes — creation time, wall time, the scenario text and its hash — aside).
# Not part of ctest: it needs a build of the reference revision.
# usage: sh tests/random_walk_identity.sh REF_DEPINSIM [NEW_DEPINSIM] [REVISION] [PATHS]
set -u
ref=${1:?usage: random_walk_identity.sh REF_DEPINSIM [NEW_DEPINSIM] [REVISION] [PATHS]}
new=${2:-build/depinsim}
rev=${3:-main}
paths=${4:-16}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ran=0
for f in $(git ls-tree --name-only "$rev" scenarios/ | grep '\.yaml$'); do
    n=$(basename "$f" .yaml)
    ran=$((ran + 1))
    git show "$rev:$f" >"$tmp/$n.old.yaml"
    awk '{print} /^token:$/ && !done {print "  model: random_walk"; done = 1}' \
        "$tmp/$n.old.yaml" >"$tmp/$n.new.yaml"
    if ! grep -q '^  model: random_walk$' "$tmp/$n.new.yaml"; then
        printf 'token:\n  model: random_walk\n' >>"$tmp/$n.new.yaml"
    fi
    "$ref" run "$tmp/$n.old.yaml" -o "$tmp/$n.old.h5" --paths "$paths" -q || { fail=1; continue; }
    "$new" run "$tmp/$n.new.yaml" -o "$tmp/$n.new.h5" --paths "$paths" -q || { fail=1; continue; }
    h5diff -v "$tmp/$n.old.h5" "$tmp/$n.new.h5" >"$tmp/diff" 2>&1
    compared=$(grep -c '^dataset:' "$tmp/diff")
    differ=$(awk '/^dataset:/{d=1; next} d && /differences found/{if ($1 != 0) n++; d=0} END{print n+0}' \
        "$tmp/diff")
    missing=$(grep -E '^ +x +/' "$tmp/diff" | grep -vc fundamental_value)
    echo "$n: $compared datasets compared, $differ differ, $missing in one file only"
    [ "$compared" -gt 0 ] && [ "$differ" -eq 0 ] && [ "$missing" -eq 0 ] || fail=1
done
# no scenario at all (a revision that is not there, no scenarios/): nothing was compared
[ "$ran" -gt 0 ] || { echo "no scenario of $rev was compared"; fail=1; }
[ $fail -eq 0 ] && echo "random_walk: identical to $rev" || echo "FAIL: random_walk differs from $rev"
exit $fail
