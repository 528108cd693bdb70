# testlib.sh — what the shell tests share: a temporary directory removed on
# exit, pass/fail counting, and `expect STATUS WHAT command...`, which runs a
# command with its output in $tmp/out and $tmp/err and checks its exit status.
# `started_paths PID ERRFILE` waits until a run started with --progress log
# has reported a completed path (or has exited), so interrupt tests signal a
# run that is known to be mid-way, however slow the build (ASan, valgrind).
# ERRFILE must not exist before the run starts (a stale log would match).
# Sourced; the test ends with `finish NAME`.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect() {
    want=$1; shift; what=$1; shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, want $want"; sed 's/^/  | /' "$tmp/err" | head -5; fi
}
started_paths() {
    n=0
    while kill -0 "$1" 2>/dev/null && ! grep -q 'paths done' "$2" 2>/dev/null; do
        n=$((n + 1))
        [ "$n" -gt 6000 ] && { bad "no path completed within 10 minutes"; return 1; }
        sleep 0.1
    done
    grep -q 'paths done' "$2" || { bad "the run exited before reporting a completed path"; return 1; }
}
finish() {
    echo "$1: $pass passed, $fails failed"
    [ "$fails" = 0 ]
}
