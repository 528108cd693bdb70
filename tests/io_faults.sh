#!/bin/sh
# io_faults.sh — the results write under I/O faults (issue 7, item 6): an
# unwritable directory, a full disk, an output path that is a directory, and
# a target another process holds open for writing. Each case checks the exit
# status (2 for a path refused before simulating, 1 for a failed write), the
# message, and the files afterwards: nothing under the requested name, no
# *.tmp.* left, an existing file unchanged.
# usage: io_faults.sh path/to/depinsim path/to/hold_h5
set -u
bin=$1
hold=$2
# as root, mounts go in a private mount namespace: they vanish with us
if [ "$(id -u)" = 0 ] && [ -z "${DS_IO_NS:-}" ] && unshare -m --propagation private true 2>/dev/null; then
    DS_IO_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
tmp=$(mktemp -d)
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; umount "$tmp/m" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
run() { "$bin" run tests/data/small.yaml --paths 2 --threads 1 -q "$@" >"$tmp/out" 2>"$tmp/err"; }
# check WHAT STATUS WANT_STATUS MESSAGE_REGEX DIR NAME: status, message, no name, no temporary
check() {
    what=$1; got=$2; want=$3; re=$4; dir=$5; name=$6
    [ "$got" = "$want" ] || bad "$what: exit $got, want $want"
    grep -Eq "$re" "$tmp/err" || bad "$what: message '$(cat "$tmp/err")' does not match '$re'"
    [ -n "$name" ] && [ -e "$dir/$name" ] && bad "$what: $dir/$name exists"
    ls -A "$dir" | grep -q '\.tmp\.' && bad "$what: temporary left in $dir: $(ls -A "$dir")"
    ok "$what: exit $got, $(head -n 1 "$tmp/err")"
}
can_mount() { mkdir -p "$tmp/m" && mount -t tmpfs -o "$1" tmpfs "$tmp/m" 2>/dev/null; }

# 1. unwritable directory: chmod as a user; as root (chmod does not stop
#    root) a read-only tmpfs; else skipped, not faked
mkdir -p "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
    chmod 555 "$tmp/ro"
    run -o "$tmp/ro/a.h5"; check "unwritable directory (chmod 555)" $? 2 "ro|Permission denied" "$tmp/ro" a.h5
    chmod 755 "$tmp/ro"
elif can_mount ro,size=64k; then
    run -o "$tmp/m/a.h5"; check "unwritable directory (read-only tmpfs)" $? 2 "Read-only file system" "$tmp/m" a.h5
    umount "$tmp/m"
else
    echo "SKIP: unwritable directory: running as root and mount is not permitted"
fi

# 2. full disk: a 64 KiB tmpfs where mounting is allowed, else RLIMIT_FSIZE
#    (writes fail with EFBIG: the same write-failure path)
if can_mount size=64k; then
    run -o "$tmp/m/a.h5"; check "full disk (64 KiB tmpfs)" $? 1 "No space left on device" "$tmp/m" a.h5
    # an existing file, replaced with --force, stays as it was
    printf 'precious' >"$tmp/m/b.h5"
    run -o "$tmp/m/b.h5" --force; check "full disk, --force over a file" $? 1 "No space left" "$tmp/m" ""
    [ "$(cat "$tmp/m/b.h5")" = precious ] || bad "full disk: existing file changed"
    umount "$tmp/m"
else
    mkdir -p "$tmp/fs"
    printf 'precious' >"$tmp/fs/b.h5"
    (trap '' XFSZ; ulimit -f 16; run -o "$tmp/fs/a.h5"); check "full disk (ulimit -f, EFBIG)" $? 1 "File too large" "$tmp/fs" a.h5
    (trap '' XFSZ; ulimit -f 16; run -o "$tmp/fs/b.h5" --force); check "full disk (ulimit -f), --force over a file" $? 1 "File too large" "$tmp/fs" ""
    [ "$(cat "$tmp/fs/b.h5")" = precious ] || bad "full disk: existing file changed"
fi

# 3. the output path is a directory, with and without --force
mkdir -p "$tmp/d/out.h5"
run -o "$tmp/d/out.h5"; check "output path is a directory" $? 2 "is a directory" "$tmp/d" ""
run -o "$tmp/d/out.h5" --force; check "output path is a directory, --force" $? 2 "is a directory" "$tmp/d" ""
[ -d "$tmp/d/out.h5" ] && [ -z "$(ls -A "$tmp/d/out.h5")" ] || bad "directory output: directory changed"

# 4. another writer holds the target open (HDF5's exclusive file lock):
#    --force must refuse, and the other writer's file keeps its inode
mkdir -p "$tmp/w"
run -o "$tmp/w/a.h5" || bad "writer: cannot make the file to hold"
"$hold" "$tmp/w/a.h5" 60 >"$tmp/ready" &
holder=$!
i=0
while [ "$(cat "$tmp/ready" 2>/dev/null)" != ready ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
inode=$(stat -c %i "$tmp/w/a.h5")
run -o "$tmp/w/a.h5" --force; check "target open by another writer, --force" $? 1 "open for writing by another process" "$tmp/w" ""
[ "$(stat -c %i "$tmp/w/a.h5")" = "$inode" ] || bad "writer: the held file was replaced"
kill "$holder"; wait "$holder" 2>/dev/null; holder=
"$bin" info "$tmp/w/a.h5" >/dev/null 2>&1 || bad "writer: the held file is no longer readable"
run -o "$tmp/w/a.h5" --force || bad "writer: --force fails once the writer is gone: $(cat "$tmp/err")"

[ "$fails" = 0 ] || exit 1
