#!/bin/sh
# signals.sh — how `depinsim run` dies (issue 10): a signal that arrives while
# the results file is being written leaves no temporary file and nothing
# under the requested name; SIGINT/SIGTERM/SIGHUP stop the run (exit 1,
# "interrupted"), every other fatal signal removes the temporary, says so and
# ends the run by that signal (exit 128+N); a write past `ulimit -f` is an
# ordinary failure ("File too large", exit 1), not a SIGXFSZ death.
# "During the write" is observed, not guessed: DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH
# makes run say when the finished temporary is on disk and wait for a byte on
# stdin (or a stop signal). usage: signals.sh path/to/depinsim
set -u
bin=$1
. "$(dirname "$0")/../testlib.sh"
root=$(pwd)
case $bin in /*) ;; *) bin=$root/$bin ;; esac
trap 'exec 3>&- 2>/dev/null; rm -rf "$tmp"' EXIT
ulimit -c 0 # SIGSEGV, SIGABRT and SIGXCPU would dump core in the repository
# signals the test harness ignores (a background job's SIGINT/SIGQUIT, a
# runner's SIGPIPE) are inherited as ignored; start from the defaults
dflt=
env --default-signal true 2>/dev/null && dflt="env --default-signal"

mkfifo "$tmp/in"
exec 3<>"$tmp/in"
mkdir "$tmp/w"

# paused: start a run that pauses with its temporary on disk; sets $pid
paused() {
    what=$1
    shift
    rm -f "$tmp/err"
    DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH=1 $dflt "$bin" run "$root/tests/data/small.yaml" --paths 2 \
        --threads 1 -q -o "$tmp/w/o.h5" "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    while kill -0 $pid 2>/dev/null && ! grep -q 'paused before publishing' "$tmp/err" 2>/dev/null; do
        sleep 0.1
    done
    grep -q 'paused before publishing' "$tmp/err" 2>/dev/null || { bad "$what: never paused"; return 1; }
    ls -A "$tmp/w" | grep -q '\.tmp\.' || { bad "$what: no temporary while paused"; return 1; }
}
# left WHAT: nothing under the name, no temporary
left() {
    [ -e "$tmp/w/o.h5" ] && bad "$1: o.h5 was published"
    ls -A "$tmp/w" | grep -q '\.tmp\.' && bad "$1: temporary left: $(ls -A "$tmp/w")"
    rm -f "$tmp/w/"*
    true
}

# 1. stop signals during the write: exit 1, "interrupted", nothing published
for sig in HUP TERM INT; do
    if paused "SIG$sig"; then
        kill -$sig $pid
        wait $pid
        st=$?
        [ "$st" = 1 ] && ok || bad "SIG$sig during the write: exit $st, want 1"
        grep -q 'interrupted: nothing written' "$tmp/err" && ok ||
            bad "SIG$sig during the write: $(tail -n 1 "$tmp/err")"
    else
        wait $pid
    fi
    left "SIG$sig during the write"
done

# 2. fatal signals during the write: the temporary removed, a message, and
#    death by that signal. A sanitizer build's SIGSEGV handler reports and
#    exits 1 instead (it runs after ours: the temporary is gone either way).
for sig in PIPE USR1 ALRM XCPU SEGV ABRT; do
    if paused "SIG$sig"; then
        kill -$sig $pid
        wait $pid
        st=$?
        name=$(kill -l $st 2>/dev/null)
        if [ "$name" = "$sig" ] || { [ "$sig" = SEGV ] && grep -q Sanitizer "$tmp/err"; }; then
            ok
        else
            bad "SIG$sig during the write: exit $st ($name), want death by SIG$sig"
        fi
        grep -q "SIG$sig: stopped; removed the unfinished results file" "$tmp/err" && ok ||
            bad "SIG$sig during the write: no message: $(tail -n 1 "$tmp/err")"
    else
        wait $pid
    fi
    left "SIG$sig during the write"
done

# 3. the pause itself: a byte on stdin and the run publishes as usual
if paused "resumed"; then
    echo >&3
    wait $pid
    st=$?
    [ "$st" = 0 ] && ok || bad "resumed: exit $st, want 0"
    [ -f "$tmp/w/o.h5" ] && ok || bad "resumed: nothing published"
    ls -A "$tmp/w" | grep -q '\.tmp\.' && bad "resumed: temporary left"
else
    wait $pid
fi
rm -f "$tmp/w/"*

# 4. --partial: a stop during the write publishes the whole file (the
#    simulation had completed), exit 0; the second signal removes it
if paused "--partial" --partial; then
    kill -TERM $pid
    wait $pid
    st=$?
    [ "$st" = 0 ] && [ -f "$tmp/w/o.h5" ] && ok || bad "--partial, SIGTERM during the write: exit $st"
else
    wait $pid
fi
rm -f "$tmp/w/"*

# 5. ulimit -f: main died of SIGXFSZ (exit 153) and left its temporary; now
#    the write fails with EFBIG like a full disk: exit 1, a message, nothing left
(
    ulimit -f 16
    exec $dflt "$bin" run "$root/tests/data/small.yaml" --paths 2 --threads 1 -q -o "$tmp/w/o.h5"
) >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 1 ] && ok || bad "ulimit -f: exit $st, want 1"
grep -q 'File too large' "$tmp/err" && ok || bad "ulimit -f: message: $(head -c 300 "$tmp/err")"
left "ulimit -f"

# 6. a fatal signal while simulating (no temporary yet): a message, death by
#    the signal, nothing written. --progress log shows a path has completed.
rm -f "$tmp/err"
$dflt "$bin" run tests/data/long.yaml -o "$tmp/w/o.h5" -q --progress log --threads 2 \
    >"$tmp/out" 2>"$tmp/err" &
pid=$!
if started_paths $pid "$tmp/err"; then
    kill -USR1 $pid
    wait $pid
    st=$?
    [ "$(kill -l $st 2>/dev/null)" = USR1 ] && ok || bad "SIGUSR1 while simulating: exit $st"
    grep -q 'SIGUSR1: stopped$' "$tmp/err" && ok || bad "SIGUSR1 while simulating: $(tail -n 1 "$tmp/err")"
else
    wait $pid
fi
left "SIGUSR1 while simulating"

finish hostile_signals
