#!/bin/sh
# run_limits.sh — resource limits, numerical faults and interrupts (issue 7,
# items 3–5): each case asserts the exit status, the message, and what is left
# on disk afterwards. usage: run_limits.sh path/to/depinsim
set -u
bin=$1
. "$(dirname "$0")/testlib.sh"

has() { grep -q -- "$2" "$tmp/$1" && ok || { bad "message lacks '$2':"; sed 's/^/  | /' "$tmp/$1" | head -5; }; }
nothing_left() {
    [ -e "$tmp/$1" ] && bad "$2: $1 exists"
    ls "$tmp" | grep -q '\.tmp\.' && bad "$2: temporary file left behind"
    true
}

# 3. memory: absurd sizes are refused before allocating, naming what would fit
start=$(date +%s%N)
expect 1 "absurd paths" "$bin" run tests/data/small.yaml -o "$tmp/m.h5" -q --paths 2000000000
end=$(date +%s%N)
has err "needs about"
has err "try --paths"
nothing_left m.h5 "absurd paths"
[ $(( (end - start) / 1000000 )) -lt 2000 ] && ok || bad "refusal took $(( (end - start) / 1000000 )) ms"
expect 1 "--max-memory" "$bin" run tests/data/small.yaml -o "$tmp/m.h5" -q --max-memory 1M
has err "allowed by --max-memory"
has err "even one path does not fit"
expect 1 "--max-memory, many paths" "$bin" run tests/data/small.yaml -o "$tmp/m.h5" -q --paths 400000 --max-memory 1G
has err "try --paths"
has err "run.record_every="
expect 0 "--max-memory that fits" "$bin" run tests/data/small.yaml -o "$tmp/m.h5" -q --max-memory 2G
rm -f "$tmp/m.h5"
expect 2 "bad --max-memory" "$bin" run tests/data/small.yaml -o "$tmp/m.h5" -q --max-memory lots
expect 2 "absurd horizon" "$bin" run tests/data/small.yaml -o "$tmp/m.h5" -q --set run.horizon_days=1e12
has err "steps per path"
nothing_left m.h5 "absurd horizon"

# 4. numerical faults: a token jump of e^800 overflows the price on some paths
jumps="--set token.jump_rate_per_year=2 --set token.jump_mean=800 --set token.jump_sd=0"
expect 1 "on_invalid fail" "$bin" run tests/data/small.yaml -o "$tmp/f.h5" -q $jumps
has err "variant base"
has err "path [0-9]*, step [0-9]* (day [0-9.]*): token_price is not finite"
nothing_left f.h5 "on_invalid fail"
expect 0 "on_invalid flag" "$bin" run tests/data/small.yaml -o "$tmp/f.h5" $jumps --set run.on_invalid=flag
has out "invalid left out"
h5dump -a /variants/base/summary/paths_invalid "$tmp/f.h5" >"$tmp/d" 2>&1 && ok || bad "no paths_invalid attribute"
n_bad=$(sed -n 's/^ *(0): \([0-9]*\)$/\1/p' "$tmp/d")
[ -n "$n_bad" ] && [ "$n_bad" -gt 0 ] && [ "$n_bad" -lt 6 ] && ok || bad "paths_invalid '$n_bad' not in 1..5"
h5dump -d /variants/base/path_index "$tmp/f.h5" >/dev/null 2>&1 && ok || bad "no path_index dataset"

# 5. interrupts: nothing under the requested name; --partial keeps the completed paths
# every interrupt is sent once a path has completed (observed, not a fixed
# delay), so the run is mid-way whatever the build's speed
rm -f "$tmp/err" # started_paths must not read the last run's log
"$bin" run tests/data/long.yaml -o "$tmp/i.h5" -q --progress log --threads 2 >"$tmp/out" 2>"$tmp/err" &
pid=$!
started_paths $pid "$tmp/err"
kill -INT $pid
wait $pid
st=$?
[ "$st" = 1 ] && ok || bad "SIGINT: exit $st, want 1"
has err "interrupted"
nothing_left i.h5 "SIGINT"

rm -f "$tmp/err" # started_paths must not read the last run's log
"$bin" run tests/data/long.yaml -o "$tmp/t.h5" -q --progress log --threads 2 >"$tmp/out" 2>"$tmp/err" &
pid=$!
started_paths $pid "$tmp/err"
kill -TERM $pid
wait $pid
st=$?
[ "$st" = 1 ] && ok || bad "SIGTERM: exit $st, want 1"
nothing_left t.h5 "SIGTERM"

rm -f "$tmp/err" # started_paths must not read the last run's log
"$bin" run tests/data/long.yaml -o "$tmp/p.h5" --threads 2 --partial --progress log >"$tmp/out" 2>"$tmp/err" &
pid=$!
started_paths $pid "$tmp/err"
kill -INT $pid
wait $pid
st=$?
[ "$st" = 1 ] && ok || bad "--partial: exit $st, want 1"
if [ -e "$tmp/p.h5" ]; then
    ok
    h5dump -a /complete "$tmp/p.h5" 2>/dev/null | grep -q "(0): 0" && ok || bad "--partial: complete is not 0"
    "$bin" info "$tmp/p.h5" >"$tmp/out" 2>&1 && ok || bad "--partial: info fails"
else
    bad "--partial: no file written"
fi
ls "$tmp" | grep -q '\.tmp\.' && bad "--partial: temporary left"

rm -f "$tmp/err" # started_paths must not read the last run's log
"$bin" run tests/data/long.yaml -o "$tmp/d.h5" -q --progress log --threads 2 >"$tmp/out" 2>"$tmp/err" &
pid=$!
started_paths $pid "$tmp/err"
kill -INT $pid
kill -INT $pid
wait $pid
st=$?
[ "$st" = 130 ] || [ "$st" = 1 ] && ok || bad "double SIGINT: exit $st, want 130 (or 1 if the first stop won)"
[ "$st" = 130 ] && { grep -q 'SIGINT: stopped' "$tmp/err" && ok || bad "double SIGINT: no message: $(tail -n 1 "$tmp/err")"; }
nothing_left d.h5 "double SIGINT"

# SIGKILL cannot be caught: whatever it leaves, never a file under the final
# name before the run completes (the name only ever receives a whole file)
for delay in 0.3 0.9 1.7; do
    rm -f "$tmp/err" # started_paths must not read the last run's log
"$bin" run tests/data/long.yaml -o "$tmp/k.h5" -q --threads 2 >/dev/null 2>&1 &
    pid=$!
    sleep $delay
    kill -KILL $pid
    wait $pid 2>/dev/null
    [ -e "$tmp/k.h5" ] && bad "SIGKILL after ${delay}s left $tmp/k.h5" || ok
    rm -f "$tmp"/k.h5.tmp.*
done

finish run_limits
