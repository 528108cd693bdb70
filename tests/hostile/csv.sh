#!/bin/sh
# csv.sh — `export --csv` and `compare --format csv` on a results file whose
# names are spreadsheet formulas (issue 10): a text cell that starts with
# = + - @, a tab or a CR gets a leading ' (spreadsheets then show it as
# text), quoted as RFC 4180 says where needed; numeric cells stay numbers.
# usage: csv.sh path/to/depinsim   ($DS_H5EDIT: the h5edit helper)
set -u
depinsim=$1
h5edit=${DS_H5EDIT:-build/tests/h5edit}
. "$(dirname "$0")/../testlib.sh"
[ -x "$h5edit" ] || { echo "FAIL: no h5edit helper at $h5edit (set DS_H5EDIT)"; exit 1; }

# starts FILE PREFIX WHAT: some line of FILE starts with PREFIX (fixed text)
starts() { awk -v p="$2" 'index($0, p) == 1 { f = 1 } END { exit !f }' "$1" && ok || { bad "$3: no line starts with '$2'"; sed 's/^/  | /' "$1" | head -3; }; }
# raw FILE WHAT: no cell starts with = + @ or a tab (- may start a number),
# quoted or not (a spreadsheet reads "=..." as =...)
raw() { grep -qE "(^|,)\"?[=+@$(printf '\t')]" "$1" && bad "$2: a raw formula cell: $(grep -E "(^|,)\"?[=+@]" "$1" | head -1)" || ok; }

{ cat tests/data/small.yaml; printf '%s\n' 'claims:' \
    '  - {name: cheap, metric: price_ratio, op: le, threshold: 0.6, when: end}' \
    'variants:' '  other: {demand.base_heqh_per_day: 2500}'; } >"$tmp/s.yaml"
"$depinsim" run "$tmp/s.yaml" --paths 2 --threads 1 -q -o "$tmp/f.h5" >/dev/null ||
    { echo "FAIL: cannot write the base results file"; exit 1; }

# variant, metric, outcome and claim names a spreadsheet would evaluate
tab=$(printf '\t')
e() { "$h5edit" "$tmp/f.h5" "$@" || bad "h5edit $*"; }
e mv /variants/base "/variants/=HYPERLINK(\"x\",\"y\")"
e mv /variants/other "/variants/@SUM(1+1)"
for v in "=HYPERLINK(\"x\",\"y\")" "@SUM(1+1)"; do
    for g in quantiles mean final; do e mv "/variants/$v/$g/token_price" "/variants/$v/$g/+cmd|'calc'!A0"; done
    e mv "/variants/$v/outcomes/max_drawdown" "/variants/$v/outcomes/-2+3"
    e mv "/variants/$v/claims/cheap" "/variants/$v/claims/${tab}=1"
done

expect 0 "export" "$depinsim" export "$tmp/f.h5" --csv "$tmp/csv"
starts "$tmp/csv/quantiles.csv" "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",'+cmd|'calc'!A0," "export quantiles"
starts "$tmp/csv/finals.csv" "'@SUM(1+1),'+cmd|'calc'!A0,0," "export finals"
starts "$tmp/csv/outcomes.csv" "'@SUM(1+1),'-2+3,0," "export outcomes"
starts "$tmp/csv/claims.csv" "'@SUM(1+1),'${tab}=1," "export claims"
for f in quantiles finals outcomes claims; do raw "$tmp/csv/$f.csv" "export $f"; done
grep -q ",-2+3," "$tmp/csv/outcomes.csv" && bad "export outcomes: -2+3 raw" || ok
# the numbers stay numbers: time_days and value never start with a quote (the
# last column, the unit, taken off first: quoted where it holds a comma)
sed 's/,\("[^"]*"\|[^,"]*\)$//' "$tmp/csv/quantiles.csv" |
    awk -F, -v q="'" 'NR > 1 && ($(NF-2) !~ /^[0-9]/ || index($NF, q) == 1) { b = 1 } END { exit b }' &&
    ok || bad "export: a numeric cell was neutralised"
grep -q ",USD/token$" "$tmp/csv/quantiles.csv" && grep -q ",USD/token$" "$tmp/csv/finals.csv" &&
    ok || bad "export: no unit column"

expect 0 "compare --format csv" "$depinsim" compare "$tmp/f.h5" --format csv
starts "$tmp/out" "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"," "compare csv"
starts "$tmp/out" "'@SUM(1+1)," "compare csv"
raw "$tmp/out" "compare csv"

finish hostile_csv
