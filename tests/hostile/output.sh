#!/bin/sh
# output.sh — where `depinsim run` may write (issue 10): -o never replaces a
# device, FIFO, socket, directory or symbolic link, --force included, and is
# refused before simulating (a run that simulates says "paths done" under
# --progress log: its absence shows the check came first); an unusable path
# (empty, too long, no directory) is refused before simulating too; the
# target is checked again just before the rename; the default name derived
# from the scenario's name stays in the working directory.
# usage: output.sh path/to/depinsim (from the repository root)
set -u
bin=$1
. "$(dirname "$0")/../testlib.sh"
root=$(pwd)
case $bin in /*) ;; *) bin=$root/$bin ;; esac
outside=$(mktemp -d) # "elsewhere": a directory the runs are never pointed at
trap 'exec 3>&- 2>/dev/null; rm -rf "$tmp" "$outside"' EXIT

run() { "$bin" run "$root/tests/data/small.yaml" --paths 2 --threads 1 -q --progress log "$@"; }
# refused WHAT MESSAGE: exit 2 (expect ran just before), the message, and no simulation
refused() {
    grep -q -- "$2" "$tmp/err" && ok || bad "$1: message lacks '$2': $(head -c 300 "$tmp/err")"
    grep -q 'paths done' "$tmp/err" && bad "$1: simulated before refusing the path" || ok
}
no_tmp() { ls -A "$1" | grep -q '\.tmp\.' && bad "$2: temporary left in $1: $(ls -A "$1")" || ok; }

# 1. a FIFO: main hung after the whole simulation opening it (and a SIGTERM
#    then published the file); the guard turns a hang into a failure
mkfifo "$tmp/fifo"
expect 2 "FIFO, --force" timeout 100 "$bin" run tests/data/small.yaml --paths 2 --threads 1 -q \
    --progress log -o "$tmp/fifo" --force
refused "FIFO" "is a FIFO"
[ -p "$tmp/fifo" ] && ok || bad "FIFO: no longer a FIFO"
expect 2 "FIFO, no --force" timeout 100 "$bin" run tests/data/small.yaml --paths 2 --threads 1 -q \
    --progress log -o "$tmp/fifo"
[ -p "$tmp/fifo" ] && ok || bad "FIFO (no --force): no longer a FIFO"
no_tmp "$tmp" "FIFO"

# 2. a device node: a private one (mknod, root only) first; /dev/null itself
#    only once the private one was left alone, so a regression cannot turn
#    this machine's /dev/null into an HDF5 file
dev_ok=0
if mknod "$tmp/null" c 1 3 2>/dev/null; then
    expect 2 "character device, --force" run -o "$tmp/null" --force
    refused "character device" "is a character device"
    [ -c "$tmp/null" ] && dev_ok=1 && ok || bad "character device: replaced by $(ls -l "$tmp/null")"
else
    echo "SKIP: a private device node (mknod needs root)"
    [ "$(id -u)" != 0 ] && dev_ok=1 # a user cannot replace /dev/null anyway
fi
if [ "$dev_ok" = 1 ]; then
    expect 2 "/dev/null, --force" run -o /dev/null --force
    refused "/dev/null" "character device"
    [ -c /dev/null ] && ok || bad "/dev/null is no longer a character device"
    # a directory link into /dev: the final component is still judged
    ln -s /dev "$tmp/devdir"
    expect 2 "a device through a linked directory" run -o "$tmp/devdir/null" --force
    refused "linked directory" "character device"
    [ -c /dev/null ] && ok || bad "/dev/null is no longer a character device"
else
    echo "SKIP: /dev/null (the private device node was replaced)"
fi

# 3. symbolic links are never replaced nor followed, --force included: to a
#    file elsewhere, to /dev/null, dangling
printf 'precious' >"$outside/victim"
ln -s "$outside/victim" "$tmp/link"
expect 2 "link to a file elsewhere, --force" run -o "$tmp/link" --force
refused "link to a file" "is a symbolic link"
[ -L "$tmp/link" ] && [ "$(readlink "$tmp/link")" = "$outside/victim" ] && ok || bad "link: replaced"
[ "$(cat "$outside/victim")" = precious ] && ok || bad "link: the file it points to changed"
ln -s /dev/null "$tmp/nulllink"
expect 2 "link to /dev/null, --force" run -o "$tmp/nulllink" --force
[ -L "$tmp/nulllink" ] && [ -c /dev/null ] && ok || bad "link to /dev/null: replaced"
ln -s "$outside/planted.h5" "$tmp/dangling"
expect 2 "dangling link" run -o "$tmp/dangling"
refused "dangling link" "is a symbolic link"
[ -e "$outside/planted.h5" ] && bad "dangling link: written through to $outside/planted.h5" || ok
expect 2 "dangling link, --force" run -o "$tmp/dangling" --force
[ -e "$outside/planted.h5" ] && bad "dangling link, --force: written through" || ok
[ -L "$tmp/dangling" ] && ok || bad "dangling link, --force: replaced"
no_tmp "$tmp" "links"

# 4. paths that cannot be written, refused before simulating (main failed
#    them only after the whole run)
expect 2 "empty -o" run -o ""
refused "empty -o" "output path is empty"
long=$(printf '%0250d' 0)
expect 2 "250-byte file name" run -o "$tmp/$long.h5"
refused "250-byte file name" "too long"
expect 2 "4000-byte path" run -o "$tmp/$(printf '%04000d' 0)"
refused "4000-byte path" "too long"
expect 2 "no such directory" run -o "$tmp/nodir/x.h5"
refused "no such directory" "no such directory"
[ -e "$tmp/nodir" ] && bad "no such directory: created it" || ok
: >"$tmp/afile"
expect 2 "parent is a file" run -o "$tmp/afile/x.h5"
grep -q 'paths done' "$tmp/err" && bad "parent is a file: simulated first" || ok
mkdir "$tmp/dir.h5"
expect 2 "a directory" run -o "$tmp/dir.h5" --force
refused "a directory" "is a directory"
expect 2 "a trailing slash" run -o "$tmp/new/"
refused "a trailing slash" "is a directory"
if [ "$(id -u)" != 0 ]; then
    mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
    expect 2 "unwritable directory" run -o "$tmp/ro/x.h5"
    refused "unwritable directory" "cannot write"
    chmod 755 "$tmp/ro"
fi
# a file already under this process's temporary name (a killed run's with the
# same pid, or planted) is neither truncated nor taken over: refused first
expect 2 "temporary name taken" sh -c ': >"$1.tmp.$$"; exec "$2" run "$3" --paths 2 --threads 1 -q \
    --progress log -o "$1"' sh "$tmp/t.h5" "$bin" "$root/tests/data/small.yaml"
refused "temporary name taken" "remove it first"
[ -e "$tmp/t.h5" ] && bad "temporary name taken: published" || ok
rm -f "$tmp"/t.h5.tmp.*
: >"$tmp/exists.h5"
expect 2 "existing file, no --force" run -o "$tmp/exists.h5"
refused "existing file" "use --force"
expect 0 "existing regular file, --force" run -o "$tmp/exists.h5" --force
h5dump -H "$tmp/exists.h5" >/dev/null 2>&1 && ok || bad "--force over a regular file: not a results file"
no_tmp "$tmp" "unusable paths"

# 5. the target checked again just before the rename: a FIFO or a link put
#    under the name while the run wrote is not replaced (and opening the FIFO
#    must not hang). DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH makes run say when the
#    finished temporary is on disk and wait for a byte on stdin.
mkfifo "$tmp/in"
exec 3<>"$tmp/in"
# swapped WHAT FORCE MAKE TEST: MAKE plants $tmp/s/o.h5 during the pause
swapped() {
    rm -rf "$tmp/s" "$tmp/err"
    mkdir "$tmp/s"
    [ "$2" = force ] && : >"$tmp/s/o.h5"
    DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH=1 run -o "$tmp/s/o.h5" $([ "$2" = force ] && echo --force) \
        <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    while kill -0 $pid 2>/dev/null && ! grep -q 'paused before publishing' "$tmp/err" 2>/dev/null; do sleep 0.1; done
    grep -q 'paused before publishing' "$tmp/err" || { bad "$1: never paused"; wait $pid; return; }
    rm -f "$tmp/s/o.h5"
    eval "$3"
    echo >&3
    wait $pid
    st=$?
    [ "$st" = 1 ] && ok || bad "$1: exit $st, want 1"
    grep -q "$5" "$tmp/err" && ok || bad "$1: message lacks '$5': $(tail -n 2 "$tmp/err")"
    eval "$4" && ok || bad "$1: the planted $(ls -l "$tmp/s/o.h5") was replaced"
    no_tmp "$tmp/s" "$1"
}
swapped "FIFO planted during the write" noforce 'mkfifo "$tmp/s/o.h5"' '[ -p "$tmp/s/o.h5" ]' "is a FIFO"
swapped "FIFO planted during the write, --force" force 'mkfifo "$tmp/s/o.h5"' '[ -p "$tmp/s/o.h5" ]' "is a FIFO"
swapped "link planted during the write, --force" force 'ln -s "$outside/victim" "$tmp/s/o.h5"' \
    '[ -L "$tmp/s/o.h5" ] && [ "$(cat "$outside/victim")" = precious ]' "is a symbolic link"

# 6. the default name: the scenario's name is a label, never a path. A name
#    the loader refuses (exit 2) is fine too; what matters is that nothing is
#    written outside the working directory.
mkdir -p "$tmp/up/wd"
named() { # named WHAT NAME EXPECTED_FILE
    sed "s#^name: small\$#name: \"$2\"#" "$root/tests/data/small.yaml" >"$tmp/up/wd/s.yaml"
    grep -q "^name: \"" "$tmp/up/wd/s.yaml" || { bad "$1: could not make the scenario"; return; }
    (cd "$tmp/up/wd" && "$bin" run s.yaml --paths 2 --threads 1 -q >"$tmp/out" 2>"$tmp/err")
    st=$?
    if [ "$st" = 0 ]; then
        [ -f "$tmp/up/wd/$3" ] && ok || bad "$1: wrote $(ls -A "$tmp/up/wd" | tr '\n' ' '), want $3"
    elif [ "$st" = 2 ] && grep -q 'name' "$tmp/err"; then
        ok # refused by validation: nothing simulated
    else
        bad "$1: exit $st: $(head -c 200 "$tmp/err")"
    fi
    [ -z "$(ls -A "$tmp/up" | grep -v '^wd$')" ] && ok || bad "$1: wrote outside the directory: $(ls -A "$tmp/up")"
    [ -z "$(ls -A "$outside" | grep -v '^victim$')" ] && ok || bad "$1: wrote in $outside"
    find "$tmp/up/wd" -name '*.h5' -exec rm -f {} +
}
named "name with ../" "../escaped" "_._escaped.h5"
named "name with /" "sub/dir/x" "sub_dir_x.h5"
named "absolute name" "$outside/abs" "$(echo "$outside/abs" | tr '/' '_').h5"
named "hidden name" ".hidden" "_hidden.h5"
named "name with shell characters" "|id>pwned;x" "_id_pwned_x.h5"
[ -e "$tmp/up/wd/pwned" ] && bad "shell characters: something ran"
named "250-byte name" "$long" "$(printf '%0100d' 0).h5"

finish hostile_output
