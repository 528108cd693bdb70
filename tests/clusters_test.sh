#!/bin/sh
# clusters_test.sh — a run as path ranges without MPI (issue 16): shards
# (run --paths-range) merged equal the single run, datasets byte for byte
# (h5diff); a run killed with SIGKILL after an observed checkpoint block and
# resumed equals the uninterrupted run; shards and checkpoints of another
# scenario, seed, --set or binary, and shards that miss or repeat paths, are
# refused with exit 2 and a located message; nothing is left under a final
# name by a refusal. usage: clusters_test.sh path/to/depinsim path/to/h5edit
set -u
bin=$1
h5edit=$2
. "$(dirname "$0")/testlib.sh"

has() { grep -q -- "$2" "$tmp/$1" && ok || { bad "message lacks '$2':"; sed 's/^/  | /' "$tmp/$1" | head -5; }; }
same() { # same datasets: every variant's, and the time axis
    h5diff "$1" "$2" /variants /variants >"$tmp/diff" 2>&1 &&
        h5diff "$1" "$2" /time_days /time_days >>"$tmp/diff" 2>&1 && ok ||
        { bad "$3: datasets differ"; head -5 "$tmp/diff"; }
}
attr() { h5dump -a "$2" "$1" 2>/dev/null | sed -n 's/^ *(0): "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p'; }

# --- shards 0:10 and 10:32 merged equal the 32-path run ----------------------
sc=tests/data/mechanisms.yaml # three variants, claims of every kind
expect 0 "32-path run" "$bin" run $sc -o "$tmp/full.h5" -q --paths 32
expect 0 "shard 0:10" "$bin" run $sc -o "$tmp/s1.h5" -q --paths 32 --paths-range 0:10
expect 0 "shard 10:32" "$bin" run $sc -o "$tmp/s2.h5" -q --paths 32 --paths-range 10:32 --threads 1
[ "$(attr "$tmp/s1.h5" /shard_first):$(attr "$tmp/s1.h5" /shard_end)" = "0:10" ] && ok ||
    bad "shard 0:10 does not say its range"
[ "$(attr "$tmp/s1.h5" /scenario_sha256)" = "$(attr "$tmp/full.h5" /scenario_sha256)" ] && ok ||
    bad "shard lacks the scenario's hash"
[ "$(attr "$tmp/s1.h5" /variants/base/paths)" = 10 ] && ok || bad "shard 0:10 holds not 10 paths"
expect 0 "info on a shard" "$bin" info "$tmp/s1.h5"
has out "shard:       paths 0:10 of 32"
expect 0 "merge" "$bin" merge "$tmp/s2.h5" "$tmp/s1.h5" -o "$tmp/m.h5" # any order
has out "merged 2 shards, 32 paths, 3 variant(s)"
same "$tmp/full.h5" "$tmp/m.h5" "merge of 0:10 + 10:32"
expect 0 "info on the merged file" "$bin" info "$tmp/m.h5"
has out "merged from: 0:10 "
# three shards, one of them a single path, paths kept (run.keep_paths): paths/ too
keep="--set run.keep_paths=true"
expect 0 "32 paths kept" "$bin" run $sc -o "$tmp/fullk.h5" -q --paths 32 $keep
for r in 0:1 1:20 20:32; do
    expect 0 "shard $r" "$bin" run $sc -o "$tmp/k$r.h5" -q --paths 32 $keep --paths-range $r
done
expect 0 "merge of three" "$bin" merge "$tmp/k20:32.h5" "$tmp/k0:1.h5" "$tmp/k1:20.h5" -o "$tmp/mk.h5" -q
same "$tmp/fullk.h5" "$tmp/mk.h5" "merge of 0:1 + 1:20 + 20:32, paths kept"
h5ls "$tmp/mk.h5/variants/burn/paths" 2>/dev/null | grep -q token_price && ok || bad "merged file lacks paths/"
h5ls "$tmp/m.h5/variants/burn" 2>/dev/null | grep -q "^paths " && bad "paths/ without keep_paths" || ok
# dated events and the settlement lag (events.yaml): event_days of every variant
expect 0 "events run" "$bin" run tests/data/events.yaml -o "$tmp/ev.h5" -q
expect 0 "events shard 0:3" "$bin" run tests/data/events.yaml -o "$tmp/ev1.h5" -q --paths-range 0:3
expect 0 "events shard 3:8" "$bin" run tests/data/events.yaml -o "$tmp/ev2.h5" -q --paths-range 3:8
expect 0 "events merge" "$bin" merge "$tmp/ev1.h5" "$tmp/ev2.h5" -o "$tmp/evm.h5" -q
same "$tmp/ev.h5" "$tmp/evm.h5" "merge of a scenario with events"
h5ls "$tmp/evm.h5/variants/settle" 2>/dev/null | grep -q "^event_days " && ok || bad "merged file lacks event_days"
# input series (inputs.yaml) and restricted demand segments (segments.yaml): the
# merged file keeps the knots and each variant's segments as one run writes them
in=tests/data/inputs/inputs.yaml
expect 0 "inputs run" "$bin" run $in -o "$tmp/in.h5" -q
expect 0 "inputs shard 0:5" "$bin" run $in -o "$tmp/in1.h5" -q --paths-range 0:5
expect 0 "inputs shard 5:8" "$bin" run $in -o "$tmp/in2.h5" -q --paths-range 5:8
expect 0 "inputs merge" "$bin" merge "$tmp/in1.h5" "$tmp/in2.h5" -o "$tmp/inm.h5" -q
same "$tmp/in.h5" "$tmp/inm.h5" "merge of a scenario with input series"
h5diff "$tmp/in.h5" "$tmp/inm.h5" /inputs /inputs >/dev/null 2>&1 && ok || bad "merged /inputs differ from the run's"
[ "$(attr "$tmp/in.h5" /input_files)" = "$(attr "$tmp/inm.h5" /input_files)" ] && ok || bad "merged input_files differ"
expect 0 "segments shard 0:2" "$bin" run tests/data/segments.yaml -o "$tmp/sg1.h5" -q --paths-range 0:2
expect 0 "segments shard 2:6" "$bin" run tests/data/segments.yaml -o "$tmp/sg2.h5" -q --paths-range 2:6
expect 0 "segments run" "$bin" run tests/data/segments.yaml -o "$tmp/sg.h5" -q
expect 0 "segments merge" "$bin" merge "$tmp/sg1.h5" "$tmp/sg2.h5" -o "$tmp/sgm.h5" -q
same "$tmp/sg.h5" "$tmp/sgm.h5" "merge of a scenario with demand segments"
[ "$(attr "$tmp/sgm.h5" /variants/restricted/segments)" = "training,inference,rendering" ] && ok ||
    bad "merged file lacks the restricted variant's segments"
# invalid paths left out (run.on_invalid: flag): path_index and the counts add up
jumps="--set token.jump_rate_per_year=2 --set token.jump_mean=800 --set token.jump_sd=0 --set run.on_invalid=flag"
expect 0 "run with invalid paths" "$bin" run tests/data/small.yaml -o "$tmp/fi.h5" -q --paths 32 $jumps
expect 0 "shard with invalid paths" "$bin" run tests/data/small.yaml -o "$tmp/i1.h5" -q --paths 32 $jumps --paths-range 0:13
expect 0 "shard with invalid paths" "$bin" run tests/data/small.yaml -o "$tmp/i2.h5" -q --paths 32 $jumps --paths-range 13:32
expect 0 "merge with invalid paths" "$bin" merge "$tmp/i1.h5" "$tmp/i2.h5" -o "$tmp/mi.h5" -q
same "$tmp/fi.h5" "$tmp/mi.h5" "merge with invalid paths"
n_bad=$(attr "$tmp/mi.h5" /variants/base/summary/paths_invalid)
[ -n "$n_bad" ] && [ "$n_bad" -gt 0 ] && ok || bad "merged file says no invalid paths ('$n_bad')"

# --- merge refuses what is not one run's paths, exactly once ------------------
refused() { # what, then the command; exit 2, nothing written
    w=$1
    shift
    expect 2 "$w" "$@"
    [ -e "$tmp/no.h5" ] && bad "$w: wrote the merged file"
    true
}
refused "merge: a gap" "$bin" merge "$tmp/s1.h5" -o "$tmp/no.h5"
has err "s1.h5: ends at path 10: paths 10:32 are in no shard"
refused "merge: a shard twice" "$bin" merge "$tmp/s1.h5" "$tmp/s1.h5" "$tmp/s2.h5" -o "$tmp/no.h5"
has err "paths 0:10 are in this shard and in"
expect 0 "shard 5:32" "$bin" run $sc -o "$tmp/s5.h5" -q --paths 32 --paths-range 5:32
refused "merge: overlap" "$bin" merge "$tmp/s1.h5" "$tmp/s5.h5" -o "$tmp/no.h5"
has err "s5.h5: paths 5:10 are in this shard and in"
expect 0 "shard of another seed" "$bin" run $sc -o "$tmp/seed.h5" -q --paths 32 --paths-range 10:32 --seed 4
refused "merge: another seed" "$bin" merge "$tmp/s1.h5" "$tmp/seed.h5" -o "$tmp/no.h5"
has err "seed.h5: seed: is 4 here, 3 in "
expect 0 "shard of another scenario" "$bin" run tests/data/small.yaml -o "$tmp/other.h5" -q --paths 32 --paths-range 10:32
refused "merge: another scenario" "$bin" merge "$tmp/s1.h5" "$tmp/other.h5" -o "$tmp/no.h5"
has err "other.h5: scenario_sha256: made by another scenario text"
cp "$tmp/s2.h5" "$tmp/bin.h5"
"$h5edit" "$tmp/bin.h5" attr / git_commit 0123456789abcdef0123456789abcdef01234567 && ok || bad "h5edit"
refused "merge: another binary" "$bin" merge "$tmp/s1.h5" "$tmp/bin.h5" -o "$tmp/no.h5"
has err "bin.h5: git_commit: made by a binary built from another commit"
expect 0 "shard with another --set" "$bin" run $sc -o "$tmp/set.h5" -q --paths 32 --paths-range 10:32 --set run.on_invalid=flag
refused "merge: other --set options" "$bin" merge "$tmp/s1.h5" "$tmp/set.h5" -o "$tmp/no.h5"
has err "set.h5: scenario_sets: made by other --set overrides"
# the partial file of a shard interrupted once a path was seen done
rm -f "$tmp/errp"
"$bin" run tests/data/long.yaml -o "$tmp/part.h5" --paths-range 0:128 --partial --progress log \
    --threads 1 >/dev/null 2>"$tmp/errp" &
pid=$!
started_paths $pid "$tmp/errp"
kill -INT $pid
wait $pid
[ $? = 1 ] && ok || bad "an interrupted shard with --partial: exit not 1"
refused "merge: a partial shard" "$bin" merge "$tmp/part.h5" -o "$tmp/no.h5"
has err "part.h5: is the partial file of an interrupted shard"
refused "merge: not a shard" "$bin" merge "$tmp/full.h5" -o "$tmp/no.h5"
has err "full.h5: is not a shard"
refused "merge: no such shard" "$bin" merge "$tmp/s1.h5" "$tmp/nope.h5" -o "$tmp/no.h5"
has err "nope.h5: cannot open"
expect 2 "merge without -o" "$bin" merge "$tmp/s1.h5"
expect 2 "--paths-range past the paths" "$bin" run $sc -o "$tmp/no.h5" -q --paths 32 --paths-range 10:40
has err "paths-range: 10:40 is not a range of the scenario's 32 paths"
expect 2 "--paths-range backwards" "$bin" run $sc -o "$tmp/no.h5" -q --paths-range 10:10
[ -e "$tmp/no.h5" ] && bad "a refused run wrote its file"

# --- checkpoint: killed with SIGKILL after an observed block, resumed ---------
rs=tests/data/resume.yaml
expect 0 "uninterrupted run" "$bin" run $rs -o "$tmp/ref.h5" -q
expect 0 "checkpointed run" "$bin" run $rs -o "$tmp/ck.h5" -q --checkpoint "$tmp/ckfull" --threads 1
same "$tmp/ref.h5" "$tmp/ck.h5" "a run with --checkpoint"
ls "$tmp/ckfull" | grep -c '^paths-.*\.h5$' | grep -qx 8 && ok || bad "not 8 blocks of 4 paths: $(ls "$tmp/ckfull")"
# the run pauses after its third block (DEPINSIM_TEST_PAUSE_AFTER_SAVE): killed
# there it is known to be mid-way, whatever the build's speed
rm -f "$tmp/err"
DEPINSIM_TEST_PAUSE_AFTER_SAVE=3 "$bin" run $rs -o "$tmp/killed.h5" --progress log --threads 1 \
    --checkpoint "$tmp/ck" >"$tmp/out" 2>"$tmp/err" &
pid=$!
n=0
while kill -0 $pid 2>/dev/null && ! grep -q 'test: paused after saving paths 8:12' "$tmp/err"; do
    n=$((n + 1))
    [ $n -gt 6000 ] && break
    sleep 0.1
done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
st=$?
[ "$st" = 137 ] && ok || bad "SIGKILL: exit $st, want 137 (the run ended before it was killed?)"
[ -e "$tmp/killed.h5" ] && bad "a killed run left its results file"
expect 0 "resume" "$bin" run $rs -o "$tmp/resumed.h5" --progress log --resume "$tmp/ck"
have=$(sed -n 's/^checkpoint: resuming with \([0-9]*\) of 32 paths.*/\1/p' "$tmp/err")
[ "$have" = 12 ] && ok || bad "resume did not start after the 3 blocks saved: '$have' of 32 paths"
same "$tmp/ref.h5" "$tmp/resumed.h5" "resumed after SIGKILL"
[ "$(attr "$tmp/resumed.h5" /resumed_paths)" = "$have" ] && ok || bad "resumed_paths attribute"
# a temporary of a block cut short is ignored (and cleared) by a resume
: >"$tmp/ck/.paths-4-8.h5.tmp.99999"
rm -f "$tmp/ck/paths-4-8.h5"
expect 0 "resume after a block cut short" "$bin" run $rs -o "$tmp/resumed2.h5" -q --resume "$tmp/ck"
same "$tmp/ref.h5" "$tmp/resumed2.h5" "resumed with a block missing"
[ -e "$tmp/ck/.paths-4-8.h5.tmp.99999" ] && bad "stale block temporary left" || ok
# killed wherever it is once a path is seen done (no hook: maybe mid-write of
# a block, on two threads), resumed on one thread: the same datasets
rm -f "$tmp/err2"
"$bin" run $rs -o "$tmp/killed2.h5" --progress log --threads 2 --checkpoint "$tmp/ck2" \
    >/dev/null 2>"$tmp/err2" &
pid=$!
started_paths $pid "$tmp/err2"
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
expect 0 "resume after a SIGKILL anywhere" "$bin" run $rs -o "$tmp/resumed3.h5" -q --threads 1 \
    --resume "$tmp/ck2"
same "$tmp/ref.h5" "$tmp/resumed3.h5" "resumed after a SIGKILL anywhere"
ls -a "$tmp/ck2" | grep -q '\.tmp\.' && bad "a block temporary left after the resume" || ok

# --- checkpoints of another run are refused -----------------------------------
expect 2 "resume: another seed" "$bin" run $rs -o "$tmp/no.h5" -q --resume "$tmp/ckfull" --seed 5
has err "ckfull/paths-0-4.h5: seed: is 21 here, 5 in this run"
expect 2 "resume: another scenario" "$bin" run tests/data/small.yaml -o "$tmp/no.h5" -q --paths 32 --resume "$tmp/ckfull"
has err "scenario_sha256: made by another scenario text"
cp -r "$tmp/ckfull" "$tmp/ckbin"
"$h5edit" "$tmp/ckbin/paths-8-12.h5" attr / compiler_flags "-O0 -ffast-math" && ok || bad "h5edit"
expect 2 "resume: another binary" "$bin" run $rs -o "$tmp/no.h5" -q --resume "$tmp/ckbin"
has err "ckbin/paths-8-12.h5: compiler_flags: made by a binary built with other flags"
# a checkpoint of a scenario with input series, resumed after a CSV changed: refused
mkdir -p "$tmp/inp"
cp tests/data/inputs/*.yaml tests/data/inputs/*.csv "$tmp/inp/"
expect 0 "checkpointed run with inputs" "$bin" run "$tmp/inp/inputs.yaml" -o "$tmp/ckin.h5" -q --checkpoint "$tmp/ckin"
printf '# edited after the checkpoint\n' >>"$tmp/inp/token.csv"
expect 2 "resume: other input files" "$bin" run "$tmp/inp/inputs.yaml" -o "$tmp/no.h5" -q --resume "$tmp/ckin"
has err "input_files: made by other input files"
expect 2 "resume: a shard's checkpoint" "$bin" run $rs -o "$tmp/no.h5" -q --resume "$tmp/ckfull" --paths-range 0:16
has err "outside this run's 0:16"
expect 2 "--checkpoint on a used directory" "$bin" run $rs -o "$tmp/no.h5" -q --checkpoint "$tmp/ckfull"
has err "already holds 8 block(s) of a checkpoint: continue it with --resume"
expect 2 "resume: no such directory" "$bin" run $rs -o "$tmp/no.h5" -q --resume "$tmp/nodir"
has err "no such checkpoint directory"
echo junk >"$tmp/ckbin/paths-0-4.h5"
expect 2 "resume: a damaged block" "$bin" run $rs -o "$tmp/no.h5" -q --resume "$tmp/ckbin"
has err "ckbin/paths-0-4.h5: not an HDF5 file"
expect 2 "--checkpoint and --resume" "$bin" run $rs -o "$tmp/no.h5" -q --checkpoint "$tmp/a" --resume "$tmp/b"
[ -e "$tmp/no.h5" ] && bad "a refused run wrote its file"

# --- a build without MPI started as one of several ranks refuses to run ------------
if "$bin" --version | grep -q '^MPI: not built'; then
    expect 2 "no MPI, 3 ranks" env OMPI_COMM_WORLD_SIZE=3 "$bin" run tests/data/small.yaml -o "$tmp/no.h5" -q
    has err "started as one of 3 ranks (mpirun, srun), but this depinsim was built without MPI"
    [ -e "$tmp/no.h5" ] && bad "a refused rank wrote its file"
fi

finish clusters
