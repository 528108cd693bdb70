#!/bin/sh
# plot.sh — `depinsim plot` against hostile results files, output paths and
# signals (issue 10): file names gnuplot would run as commands ('|cmd',
# '<cmd'), metric and outcome names that break out of script comments,
# names gnuplot's quoting chokes on, symbolic and hard links planted in the
# output folder, SIGTERM/SIGINT/SIGHUP/SIGQUIT while gnuplot runs, and a
# file size limit. Each command a hostile name would run touches a marker
# file named by an environment variable (absolute, whatever the command's
# working directory); every case asserts the marker is absent, the exit
# status and the files left behind.
# usage: plot.sh path/to/depinsim   ($DS_H5EDIT: the h5edit helper)
set -u
depinsim=$1
h5edit=${DS_H5EDIT:-build/tests/h5edit}
. "$(dirname "$0")/../testlib.sh"
case $depinsim in /*) ;; *) depinsim=$PWD/$depinsim ;; esac # the cases run in other folders

command -v gnuplot >/dev/null 2>&1 || { echo "SKIP: gnuplot is not installed"; exit 77; }
[ -x "$h5edit" ] || { echo "FAIL: no h5edit helper at $h5edit (set DS_H5EDIT)"; exit 1; }

NL='
'
marker="$tmp/PWNED"
export M="$marker" # what every hostile command touches
unpwned() { [ -e "$marker" ] && { bad "$1: a command ran (the marker exists)"; rm -f "$marker"; } || ok; }
has() { grep -q -- "$2" "$1" 2>/dev/null && ok || { bad "$3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" 2>/dev/null | head -5; }; }
# the same for a fixed string
hasf() { grep -qF -- "$2" "$1" 2>/dev/null && ok || bad "$3: '$2' not in $(basename "$1")"; }
exists() { [ -s "$1" ] && ok || bad "$2: $1 missing"; }
in_dir() { (cd "$1" && shift && exec "$@"); }

# the base results file: tests/data/small.yaml with a second variant and a claim
{ cat tests/data/small.yaml; printf '%s\n' 'claims:' \
    '  - {name: cheap, metric: price_ratio, op: le, threshold: 0.6, when: end}' \
    'variants:' '  other: {demand.base_heqh_per_day: 2500}'; } >"$tmp/s.yaml"
"$depinsim" run "$tmp/s.yaml" --paths 4 --threads 1 -q -o "$tmp/base.h5" >/dev/null ||
    { echo "FAIL: cannot write the base results file"; exit 1; }

# 1. file names gnuplot reads as commands: the default output folder of a
#    results file named '|cmd' (set output '|...' is a pipe), -o '|cmd', and
#    --keep-data under a results file named '<cmd' (plot '<...' runs it)
mkdir "$tmp/a"
cp "$tmp/base.h5" "$tmp/a/|touch \$M;x.h5"
expect 0 "results file named '|cmd'" in_dir "$tmp/a" "$depinsim" plot '|touch $M;x.h5' --metrics token_price
unpwned "results file named '|cmd'"
exists "$tmp/a/|touch \$M;x_plots/dashboard.png" "results file named '|cmd'"
exists "$tmp/a/|touch \$M;x_plots/fan_token_price.png" "results file named '|cmd'"

mkdir "$tmp/b"
expect 0 "-o '|cmd'" in_dir "$tmp/b" "$depinsim" plot "$tmp/base.h5" -o '|touch $M;y' --metrics token_price
unpwned "-o '|cmd'"
exists "$tmp/b/|touch \$M;y/dashboard.png" "-o '|cmd'"

mkdir "$tmp/c"
cp "$tmp/base.h5" "$tmp/c/<touch \$M;x.h5"
expect 0 "--keep-data, results file named '<cmd'" in_dir "$tmp/c" "$depinsim" plot '<touch $M;x.h5' --keep-data --metrics token_price
unpwned "--keep-data, results file named '<cmd'"
exists "$tmp/c/<touch \$M;x_plots/data/plot.gp" "--keep-data, results file named '<cmd'"
exists "$tmp/c/<touch \$M;x_plots/dashboard.png" "--keep-data, results file named '<cmd'"
# the kept script runs again where it lies, and still runs nothing
(cd "$tmp/c/<touch \$M;x_plots/data" && gnuplot plot.gp >/dev/null 2>&1) && ok || bad "the kept plot.gp does not run again"
unpwned "the kept plot.gp run again"

# 2. names that leave a script comment: a metric and an outcome whose names
#    hold a newline and a gnuplot system() call; a unit that tries the same
cp "$tmp/base.h5" "$tmp/names.h5"
evil="token_price${NL}system('touch \$M')"
for v in base other; do
    for g in quantiles mean final; do
        "$h5edit" "$tmp/names.h5" mv "/variants/$v/$g/token_price" "/variants/$v/$g/$evil" || bad "h5edit mv"
    done
done
"$h5edit" "$tmp/names.h5" mv /variants/base/outcomes/death_spiral \
    "/variants/base/outcomes/death_spiral${NL}system('touch \$M')" || bad "h5edit mv outcome"
"$h5edit" "$tmp/names.h5" attr /variants/base/quantiles/utilization units \
    "share${NL}system('touch \$M')\\" || bad "h5edit attr units"
expect 0 "metric and outcome names with a newline and system()" "$depinsim" plot "$tmp/names.h5" -o "$tmp/names" --keep-data
unpwned "metric and outcome names with a newline and system()"
exists "$tmp/names/dashboard.png" "names with a newline"
# nothing of a name in a comment of the script (a comment ending in \ goes on)
grep '^#' "$tmp/names/data/plot.gp" | grep -q "system\|token_price\|death_spiral" &&
    bad "names in the comments of plot.gp" || ok

# 3. gnuplot's quoting: a variant name that starts with a quote, a scenario
#    name with doubled quotes, backquotes (command substitution in "..."),
#    a macro (@) and control characters; the titles come out as written
#    (control characters as spaces) in the SVG
cp "$tmp/base.h5" "$tmp/quotes.h5"
"$h5edit" "$tmp/quotes.h5" mv /variants/base "/variants/'quoted base" || bad "h5edit mv variant"
"$h5edit" "$tmp/quotes.h5" mv /variants/other "/variants/\`touch \$M\` @M $(printf 'x\033[31my')" || bad "h5edit mv variant"
"$h5edit" "$tmp/quotes.h5" attr / scenario_name "it''s a ''test'' \"\$(touch \$M)\"" || bad "h5edit attr name"
expect 0 "names with quotes, backquotes and macros" "$depinsim" plot "$tmp/quotes.h5" -o "$tmp/quotes" --format svg --metrics token_price
unpwned "names with quotes, backquotes and macros"
svg="$tmp/quotes/fan_token_price.svg"
exists "$svg" "names with quotes"
hasf "$svg" "<text>it''s a ''test'' \"\$(touch \$M)\": token_price</text>" "scenario name in the title"
hasf "$svg" "<text>'quoted base</text>" "variant name starting with a quote"
hasf "$svg" "<text>\`touch \$M\` @M x [31my</text>" "variant name with backquotes, a macro and an escape"

# 4. links planted in the output folder: followed, they would let a results
#    file overwrite whatever they point at. Refused (status 2), or replaced
#    (a hard link), never written through.
printf 'precious\n' >"$tmp/victim"
mkdir -p "$tmp/g/data"
ln -s "$tmp/victim" "$tmp/g/data/plot.gp"
expect 2 "symlink in DIR/data" "$depinsim" plot "$tmp/base.h5" -o "$tmp/g" --keep-data --metrics token_price
has "$tmp/err" "data/plot.gp: .*symbolic link" "symlink in DIR/data"
[ "$(cat "$tmp/victim")" = precious ] && ok || bad "symlink in DIR/data: its target was written"

mkdir -p "$tmp/h" "$tmp/victimdir"
ln -s "$tmp/victimdir" "$tmp/h/data"
expect 2 "DIR/data a symlink" "$depinsim" plot "$tmp/base.h5" -o "$tmp/h" --keep-data --metrics token_price
has "$tmp/err" "data: .*symbolic link" "DIR/data a symlink"
[ -z "$(ls -A "$tmp/victimdir")" ] && ok || bad "DIR/data a symlink: files written through it: $(ls "$tmp/victimdir")"

mkdir -p "$tmp/i"
ln -s "$tmp/victim" "$tmp/i/dashboard.png"
expect 2 "symlink as a chart" "$depinsim" plot "$tmp/base.h5" -o "$tmp/i" --metrics token_price
has "$tmp/err" "dashboard.png: .*symbolic link" "symlink as a chart"
[ "$(cat "$tmp/victim")" = precious ] && ok || bad "symlink as a chart: its target was written"

mkdir -p "$tmp/j/data"
ln "$tmp/victim" "$tmp/j/data/plot.gp"
expect 0 "hard link in DIR/data" "$depinsim" plot "$tmp/base.h5" -o "$tmp/j" --keep-data --metrics token_price
[ "$(cat "$tmp/victim")" = precious ] && ok || bad "hard link in DIR/data: the other name's file was written"
has "$tmp/j/data/plot.gp" "load tpl.'/dashboard.gp'" "hard link in DIR/data replaced"

# 5. signals while gnuplot runs: gnuplot killed, the temporary folder gone,
#    no chart published, status 128 + the signal
cat >"$tmp/slow_gnuplot" <<EOF
#!/bin/sh
echo \$\$ >"$tmp/gp.pid"
exec sleep 120
EOF
chmod +x "$tmp/slow_gnuplot"
for sig in TERM:143 INT:130 HUP:129 QUIT:131; do
    name=${sig%:*}
    want=${sig#*:}
    rm -f "$tmp/gp.pid"
    rm -rf "$tmp/td" "$tmp/s"
    mkdir "$tmp/td"
    TMPDIR="$tmp/td" DEPINSIM_GNUPLOT="$tmp/slow_gnuplot" "$depinsim" plot "$tmp/base.h5" -o "$tmp/s" \
        --metrics token_price >/dev/null 2>"$tmp/sig.err" &
    pid=$!
    n=0
    while [ ! -s "$tmp/gp.pid" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
    [ -s "$tmp/gp.pid" ] || { bad "SIG$name: gnuplot never started"; kill -KILL $pid; continue; }
    gp=$(cat "$tmp/gp.pid")
    kill -$name $pid
    wait $pid
    st=$?
    [ "$st" = "$want" ] && ok || bad "SIG$name: exit $st, want $want"
    has "$tmp/sig.err" "interrupted" "SIG$name"
    n=0
    while kill -0 "$gp" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    if kill -0 "$gp" 2>/dev/null; then
        bad "SIG$name: gnuplot ($gp) still running"
        kill -KILL "$gp"
    else
        ok
    fi
    [ -z "$(ls -A "$tmp/td")" ] && ok || bad "SIG$name: temporary left: $(ls -A "$tmp/td")"
    [ ! -e "$tmp/s/dashboard.png" ] && ok || bad "SIG$name: a chart was published"
done

# 6. a file size limit (ulimit -f: 512 bytes): the write fails and is
#    reported (SIGXFSZ would kill plot with its temporary folder in place)
rm -rf "$tmp/td" "$tmp/s"
mkdir "$tmp/td"
expect 1 "ulimit -f" env TMPDIR="$tmp/td" sh -c 'ulimit -f 1 && exec "$@"' sh "$depinsim" plot "$tmp/base.h5" -o "$tmp/s" --metrics token_price
has "$tmp/err" "File too large" "ulimit -f"
[ -z "$(ls -A "$tmp/td")" ] && ok || bad "ulimit -f: temporary left: $(ls -A "$tmp/td")"

finish hostile_plot
