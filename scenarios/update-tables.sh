#!/bin/sh
# update-tables.sh — rerun every scenario whose table scenarios/README.md shows and put
# `depinsim compare --format markdown`'s output in place of the old table, so the tables
# are always the verbatim output of the commands printed above them. The prose around
# them (the readings) is not touched: read the diff and update what it quotes.
# usage: sh scenarios/update-tables.sh [build/depinsim] [NAME...]
set -eu
bin=${1:-build/depinsim}
[ $# -gt 0 ] && shift
readme=scenarios/README.md
names=${*:-$(sed -n 's|^build/depinsim compare results/\([A-Za-z0-9_-]*\)\.h5 --format markdown$|\1|p' "$readme")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p results
for n in $names; do
    echo "running $n" >&2
    "$bin" run "scenarios/$n.yaml" -o "results/$n.h5" --force --quiet
    "$bin" compare "results/$n.h5" --format markdown >"$tmp/$n.md"
done
# After a section's compare command and its closing fence, the old output runs from the
# "**NAME**:" line through the last "- " line of its legend; the new output replaces it.
awk -v dir="$tmp" '
    function flush() { while ((getline l < file) > 0) print l; close(file) }
    skip == 2 && /^- / { next }
    skip == 2 { skip = 0 }
    skip == 1 && /^- / { skip = 2; next }
    skip == 1 { next }
    want != "" && index($0, "**" want "**:") == 1 { flush(); skip = 1; want = ""; next }
    { print }
    match($0, /^build\/depinsim compare results\/[A-Za-z0-9_-]+\.h5 --format markdown$/) {
        n = $0; sub(/^build\/depinsim compare results\//, "", n); sub(/\.h5.*/, "", n)
        file = dir "/" n ".md"
        if ((getline l < file) > 0) { close(file); want = n } else want = ""
    }
' "$readme" >"$tmp/README.md"
mv "$tmp/README.md" "$readme"
