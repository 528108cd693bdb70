#!/bin/sh
# update-keys.sh — regenerate the key reference at the end of scenarios/README.md
# from the loader's own table (`depinsim keys`); test_scenario fails when they differ.
# usage: sh scenarios/update-keys.sh [build/depinsim]
set -eu
bin=${1:-build/depinsim}
readme=scenarios/README.md
head=$(sed -n '1,/^## Keys$/p' "$readme")
{ printf '%s\n\n' "$head"; "$bin" keys; } >"$readme.new"
mv "$readme.new" "$readme"
