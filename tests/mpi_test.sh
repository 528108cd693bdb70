#!/bin/sh
# mpi_test.sh — runs under mpirun (issue 16), where the build has MPI: 1, 2
# and 3 ranks (oversubscribed on a small machine) write the single process's
# datasets byte for byte (h5diff), with variants, claims, kept paths, invalid
# paths left out, more ranks than paths, a shard and a checkpoint resumed on
# another rank count; an error on one rank ends every rank with the rank
# named, bad input is said once, and a SIGINT to mpirun leaves no file.
# usage: mpi_test.sh path/to/depinsim path/to/mpiexec
set -u
bin=$1
mpiexec=$2
. "$(dirname "$0")/testlib.sh"

# Open MPI: more ranks than cores, and as root (CI) only when told so
extra=""
if "$mpiexec" --version 2>&1 | grep -q -e "Open MPI" -e "OpenRTE" -e "open-mpi.org"; then
    extra="--oversubscribe"
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    export OMPI_MCA_rmaps_base_oversubscribe=1
fi
mpi() { n=$1; shift; "$mpiexec" $extra -np "$n" "$@"; }

has() { grep -q -- "$2" "$tmp/$1" && ok || { bad "message lacks '$2':"; sed 's/^/  | /' "$tmp/$1" | head -5; }; }
same() {
    h5diff "$1" "$2" /variants /variants >"$tmp/diff" 2>&1 &&
        h5diff "$1" "$2" /time_days /time_days >>"$tmp/diff" 2>&1 && ok ||
        { bad "$3: datasets differ"; head -5 "$tmp/diff"; }
}
attr() { h5dump -a "$2" "$1" 2>/dev/null | sed -n 's/^ *(0): "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p'; }

# --- 1, 2, 3 ranks against one process ----------------------------------------
sc="tests/data/mechanisms.yaml --paths 12 --set run.keep_paths=true"
expect 0 "one process" "$bin" run $sc -o "$tmp/ref.h5" -q
for n in 1 2 3; do
    expect 0 "$n ranks" mpi $n "$bin" run $sc -o "$tmp/m$n.h5" -q --threads 1
    same "$tmp/ref.h5" "$tmp/m$n.h5" "$n ranks"
    [ "$(attr "$tmp/m$n.h5" /mpi_ranks)" = "$n" ] && ok || bad "$n ranks: mpi_ranks '$(attr "$tmp/m$n.h5" /mpi_ranks)'"
    attr "$tmp/m$n.h5" /hosts | grep -q "($n rank" && ok || bad "$n ranks: hosts '$(attr "$tmp/m$n.h5" /hosts)'"
done
expect 0 "info" "$bin" info "$tmp/m3.h5"
has out "^ran on:      3 MPI ranks: "
# dated events and the settlement lag (events.yaml): event_days beside the paths
expect 0 "one process, events" "$bin" run tests/data/events.yaml -o "$tmp/ev.h5" -q
expect 0 "2 ranks, events" mpi 2 "$bin" run tests/data/events.yaml -o "$tmp/ev2.h5" -q --threads 1
same "$tmp/ev.h5" "$tmp/ev2.h5" "2 ranks, events"
# more ranks than paths: a rank with nothing to do
expect 0 "one process, 2 paths" "$bin" run tests/data/small.yaml -o "$tmp/two.h5" -q --paths 2
expect 0 "3 ranks, 2 paths" mpi 3 "$bin" run tests/data/small.yaml -o "$tmp/two3.h5" -q --paths 2 --threads 1
same "$tmp/two.h5" "$tmp/two3.h5" "3 ranks, 2 paths"
# invalid paths left out (run.on_invalid: flag) on several ranks
jumps="--set token.jump_rate_per_year=2 --set token.jump_mean=800 --set token.jump_sd=0"
expect 0 "one process, invalid paths" "$bin" run tests/data/small.yaml -o "$tmp/inv.h5" -q --paths 12 $jumps --set run.on_invalid=flag
expect 0 "3 ranks, invalid paths" mpi 3 "$bin" run tests/data/small.yaml -o "$tmp/inv3.h5" -q --paths 12 $jumps --set run.on_invalid=flag --threads 1
same "$tmp/inv.h5" "$tmp/inv3.h5" "3 ranks, invalid paths"

# --- an error on a rank ends every rank; bad input is said once -----------------
expect 1 "invalid state on a rank" mpi 3 "$bin" run tests/data/small.yaml -o "$tmp/fail.h5" -q --paths 12 $jumps --threads 1
has err "rank [0-9] ([^)]*): .*token_price is not finite"
[ -e "$tmp/fail.h5" ] && bad "a failed MPI run wrote its file"
expect 2 "bad --set under MPI" mpi 2 "$bin" run tests/data/small.yaml -o "$tmp/bad.h5" -q --set token.volatility=1
[ "$(grep -c 'unknown key' "$tmp/err")" = 1 ] && ok || bad "the bad key was not said exactly once: $(cat "$tmp/err")"
expect 2 "existing output under MPI" mpi 2 "$bin" run tests/data/small.yaml -o "$tmp/ref.h5" -q
has err "exists; use --force"

# --- a shard and a checkpoint across rank counts ------------------------------------
ms="tests/data/mechanisms.yaml --paths 24"
expect 0 "one process, 24 paths" "$bin" run $ms -o "$tmp/r24.h5" -q
expect 0 "shard 0:10 on 2 ranks" mpi 2 "$bin" run $ms -o "$tmp/s1.h5" -q --paths-range 0:10 --threads 1
expect 0 "shard 10:24 alone" "$bin" run $ms -o "$tmp/s2.h5" -q --paths-range 10:24
expect 0 "merge" "$bin" merge "$tmp/s1.h5" "$tmp/s2.h5" -o "$tmp/sm.h5" -q
same "$tmp/r24.h5" "$tmp/sm.h5" "merge of an MPI shard"
expect 0 "checkpoint on 2 ranks" mpi 2 "$bin" run $ms -o "$tmp/c2.h5" -q --checkpoint "$tmp/ck" --threads 1
same "$tmp/r24.h5" "$tmp/c2.h5" "checkpointed on 2 ranks"
blocks=$(ls "$tmp/ck" | grep -c '^paths-')
[ "$blocks" -ge 2 ] && ok || bad "2 ranks saved $blocks blocks"
ls "$tmp/ck" | grep '^paths-' | sed -n '1p;3p' | while read -r f; do rm "$tmp/ck/$f"; done
expect 0 "resumed on 3 ranks" mpi 3 "$bin" run $ms -o "$tmp/c3.h5" -q --resume "$tmp/ck" --threads 1
same "$tmp/r24.h5" "$tmp/c3.h5" "resumed on 3 ranks"
rm "$tmp/ck/$(ls "$tmp/ck" | grep '^paths-' | head -1)"
expect 0 "resumed alone" "$bin" run $ms -o "$tmp/c1.h5" -q --resume "$tmp/ck"
same "$tmp/r24.h5" "$tmp/c1.h5" "resumed by one process"

# --- SIGINT to mpirun: every rank stops, nothing under the final name ----------------
# mpiexec itself in the background ($! must be its pid, not a subshell's, which
# would ignore SIGINT as a non-interactive shell's background job)
rm -f "$tmp/err"
"$mpiexec" $extra -np 2 "$bin" run tests/data/long.yaml -o "$tmp/int.h5" --progress log --threads 1 \
    >"$tmp/out" 2>"$tmp/err" &
pid=$!
started_paths $pid "$tmp/err"
kill -INT $pid
wait $pid
st=$?
[ "$st" != 0 ] && ok || bad "SIGINT to mpirun: exit 0"
has err "interrupted: nothing written"
[ -e "$tmp/int.h5" ] && bad "SIGINT to mpirun: the results file exists"
ls "$tmp" | grep -q '\.tmp\.' && bad "SIGINT to mpirun: a temporary was left"

finish mpi
