# testlib.sh — what the shell tests share: a temporary directory removed on
# exit, pass/fail counting, and `expect STATUS WHAT command...`, which runs a
# command with its output in $tmp/out and $tmp/err and checks its exit status.
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
finish() {
    echo "$1: $pass passed, $fails failed"
    [ "$fails" = 0 ]
}
