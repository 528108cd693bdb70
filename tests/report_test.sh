#!/bin/sh
# report_test.sh — `plot`, `compare` and `export` as a user meets them on the
# command line: exit statuses, messages on stderr, files on disk. The
# commands come from depinsim (test_report, which runs the same sim/cli/
# commands, stands in for a depinsim without them); test_report writes the
# fixture results files.
# usage: report_test.sh path/to/depinsim path/to/test_report
set -u
depinsim=$1
driver=$2
. "$(dirname "$0")/testlib.sh"

bin=$depinsim
if ! "$depinsim" plot --help >/dev/null 2>&1; then
    echo "note: depinsim does not dispatch plot/compare/export yet; testing through test_report"
    bin=$driver
fi

has() { grep -q -- "$2" "$1" && ok || { bad "$3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" | head -5; }; }

# PNG width and height from the IHDR chunk (bytes 16..23, big-endian)
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}

"$driver" fixture "$tmp/run.h5" full || { echo "FAIL: cannot write the fixture"; exit 1; }
"$driver" fixture "$tmp/small.h5" || { echo "FAIL: cannot write the fixture"; exit 1; }

for c in plot compare export; do
    expect 0 "$c --help" "$bin" $c --help
    has "$tmp/out" "usage: depinsim $c" "$c --help"
    expect 2 "$c without a file" "$bin" $c
    has "$tmp/err" "^depinsim: " "$c without a file"
done

# compare: the three formats, exactly as in tests/data/report/
expect 0 "compare" "$bin" compare "$tmp/small.h5"
cmp -s "$tmp/out" tests/data/report/compare_table.txt && ok || bad "compare table differs from tests/data/report/compare_table.txt"
expect 0 "compare markdown" "$bin" compare "$tmp/small.h5" --format markdown
cmp -s "$tmp/out" tests/data/report/compare.md && ok || bad "compare markdown differs"
expect 0 "compare csv" "$bin" compare "$tmp/small.h5" --format csv
cmp -s "$tmp/out" tests/data/report/compare.csv && ok || bad "compare csv differs"
expect 2 "compare --sort unknown" "$bin" compare "$tmp/small.h5" --sort volume

# export
expect 0 "export" "$bin" export "$tmp/small.h5" --csv "$tmp/csv"
for f in quantiles finals outcomes claims; do
    cmp -s "$tmp/csv/$f.csv" "tests/data/report/export_$f.csv" && ok || bad "export $f.csv differs"
done

# plot: the default folder beside the results, chart sizes
expect 0 "plot" "$bin" plot "$tmp/run.h5"
has "$tmp/out" "start with dashboard.png" "plot"
[ "$(png_size "$tmp/run_plots/dashboard.png")" = 1800x1100 ] && ok || bad "dashboard is $(png_size "$tmp/run_plots/dashboard.png")"
[ "$(png_size "$tmp/run_plots/fan_token_price.png")" = 1200x800 ] && ok || bad "fan chart is $(png_size "$tmp/run_plots/fan_token_price.png")"
expect 0 "plot svg" "$bin" plot "$tmp/run.h5" -o "$tmp/svg" --format svg --metrics token_price
grep -q 'width="1800" height="1100"' "$tmp/svg/dashboard.svg" && ok || bad "svg dashboard size"

# gnuplot missing, or failing: status 1, and the reason shown
expect 1 "gnuplot missing" env DEPINSIM_GNUPLOT=/nonexistent "$bin" plot "$tmp/run.h5" -o "$tmp/x"
has "$tmp/err" "apt-get install gnuplot-nox" "gnuplot missing"
printf '#!/bin/sh\necho "gnuplot says: no" >&2\nexit 3\n' >"$tmp/fail.sh"
chmod +x "$tmp/fail.sh"
expect 1 "gnuplot failing" env DEPINSIM_GNUPLOT="$tmp/fail.sh" "$bin" plot "$tmp/run.h5" -o "$tmp/x"
has "$tmp/err" "gnuplot says: no" "gnuplot failing"
has "$tmp/err" "exit status 3" "gnuplot failing"

# not depinsim's, junk, truncated: status 2 and a message, from every command
printf 'junk\n' >"$tmp/junk.h5"
head -c 3000 "$tmp/run.h5" >"$tmp/truncated.h5"
for f in junk truncated; do
    for c in "plot -o $tmp/y" "compare" "export --csv $tmp/y"; do
        # shellcheck disable=SC2086
        expect 2 "$c on $f" "$bin" $c "$tmp/$f.h5"
        has "$tmp/err" "^depinsim: $tmp/$f.h5: " "$c on $f"
    done
done
[ -e "$tmp/y" ] && bad "a refused file left output behind"

finish report_test
