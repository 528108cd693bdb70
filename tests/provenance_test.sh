#!/bin/sh
# provenance_test.sh — what a results file says about the binary that made it
# (issues 16 and 17): cmake/build_info.cmake against a scratch git repository
# (a clean tree is clean, a changed tracked file makes it dirty, an untracked
# file does not, no .git but a `git archive` stamp gives the archive's commit,
# neither gives "unknown", and a tarball unpacked inside another checkout does
# not take that checkout's commit); then this build: its results file records
# the commit and dirty state of this source tree, the compiler, the flags,
# OpenMP threads, host, MPI ranks and the --set options, as the binary says.
# usage: provenance_test.sh path/to/depinsim path/to/cmake path/to/h5edit
set -u
bin=$1
cmake=$2
h5edit=$3
. "$(dirname "$0")/testlib.sh"
src=$(pwd)
script=$src/cmake/build_info.cmake

has() { grep -q -- "$2" "$1" && ok || { bad "$1 lacks '$2':"; sed 's/^/  | /' "$1" | head -8; }; }
gen() { # gen DIR: build_info.c for source DIR into $tmp/info.c
    rm -f "$tmp/info.c"
    "$cmake" -DSRC="$1" -DOUT="$tmp/info.c" -DVERSION=9.9.9 "-DCOMPILER=GNU 1.2" "-DFLAGS=-O2 -x" \
        -DBUILD_TYPE=Release "-DGIT=$(command -v git || true)" -P "$script" >/dev/null 2>&1 || bad "cmake -P failed"
}
field() { # the n-th initializer of the generated struct: 1 version, 2 commit, 3 dirty, 4 source
    sed -n '/static const ds_build_info info = {/,/};/p' "$tmp/info.c" | sed -n "$(($1 + 1))p" |
        sed 's/^ *"\{0,1\}//; s/"\{0,1\},$//'
}

if command -v git >/dev/null 2>&1; then
    repo=$tmp/repo
    mkdir -p "$repo/cmake"
    git -C "$repo" init -q
    echo one >"$repo/a.c"
    cp "$src/cmake/git_archival.txt" "$repo/cmake/"
    cp "$src/.gitattributes" "$repo/" # export-subst: git archive stamps the commit
    git -C "$repo" add . && git -C "$repo" -c user.name=t -c user.email=t@t commit -qm one
    head=$(git -C "$repo" rev-parse HEAD)
    gen "$repo"
    [ "$(field 2)" = "$head" ] && ok || bad "clean tree: commit '$(field 2)', want $head"
    [ "$(field 3)" = 0 ] && ok || bad "clean tree recorded as dirty ($(field 3))"
    [ "$(field 4)" = git ] && ok || bad "clean tree: source '$(field 4)'"
    [ "$(field 1)" = 9.9.9 ] && ok || bad "version '$(field 1)'"
    has "$tmp/info.c" '"GNU 1.2"'
    has "$tmp/info.c" '"-O2 -x"'
    echo untracked >"$repo/new.c"
    gen "$repo"
    [ "$(field 3)" = 0 ] && ok || bad "an untracked file made the tree dirty"
    echo two >"$repo/a.c"
    gen "$repo"
    [ "$(field 3)" = 1 ] && ok || bad "a changed tracked file: dirty '$(field 3)', want 1"
    [ "$(field 2)" = "$head" ] && ok || bad "dirty tree: commit '$(field 2)'"
    # a tarball: what git archive makes of it, unpacked inside another checkout
    mkdir -p "$repo/unpacked"
    git -C "$repo" archive HEAD | tar -x -C "$repo/unpacked"
    has "$repo/unpacked/cmake/git_archival.txt" "commit: $head"
    gen "$repo/unpacked"
    [ "$(field 2)" = "$head" ] && ok || bad "archive: commit '$(field 2)', want $head"
    [ "$(field 3)" = 0 ] && ok || bad "archive: dirty '$(field 3)', want 0"
    [ "$(field 4)" = archive ] && ok || bad "archive: source '$(field 4)'"
    # no .git and no stamp (an unsubstituted one): unknown, not the parent checkout's
    mkdir -p "$repo/bare/cmake"
    cp "$src/cmake/git_archival.txt" "$repo/bare/cmake/"
    gen "$repo/bare"
    [ "$(field 2)" = unknown ] && ok || bad "no .git: commit '$(field 2)', want unknown"
    [ "$(field 3)" = -1 ] && ok || bad "no .git: dirty '$(field 3)', want -1"
    # unchanged text is not rewritten: an unchanged tree recompiles nothing
    gen "$repo/bare"
    touch -d '2000-01-01' "$tmp/info.c"
    "$cmake" -DSRC="$repo/bare" -DOUT="$tmp/info.c" -DVERSION=9.9.9 "-DCOMPILER=GNU 1.2" "-DFLAGS=-O2 -x" \
        -DBUILD_TYPE=Release -DGIT= -P "$script" >/dev/null 2>&1
    [ "$(date -r "$tmp/info.c" +%Y)" = 2000 ] && ok || bad "build_info.c rewritten though unchanged"
else
    echo "no git: the scratch-repository cases are skipped"
fi

# this build: the results file says what the binary says of itself
expect 0 "run" "$bin" run tests/data/small.yaml -o "$tmp/p.h5" -q --threads 2 --set providers.pue=1.3
attr() { h5dump -a "/$1" "$tmp/p.h5" 2>/dev/null | sed -n 's/^ *(0): "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p'; }
"$bin" --version >"$tmp/version"
line=$(grep '^built from: ' "$tmp/version")
commit=$(attr git_commit)
dirty=$(attr git_dirty)
[ -n "$commit" ] && ok || bad "no git_commit attribute"
case "$line" in "built from: $commit"*) ok ;; *) bad "--version '$line' vs git_commit '$commit'" ;; esac
if [ -e .git ] && command -v git >/dev/null 2>&1 && git rev-parse HEAD >/dev/null 2>&1; then
    # built from this checkout (make test builds first): its commit and state
    if [ "$commit" != "$(git rev-parse HEAD)" ] && [ "$(git log -1 --format=%ct)" -gt "$(stat -c %Y "$bin")" ]; then
        echo "HEAD was committed after the build: the commit is not checked"
    else
        [ "$commit" = "$(git rev-parse HEAD)" ] && ok || bad "git_commit $commit is not HEAD"
    fi
    want=0
    [ -n "$(git status --porcelain --untracked-files=no)" ] && want=1
    if [ "$dirty" = 0 ] && [ "$want" = 1 ] &&
        [ -z "$(git diff --name-only HEAD | while read -r f; do [ -e "$f" ] && [ ! "$f" -nt "$bin" ] && echo "$f"; done)" ]; then
        echo "every change to the tree is newer than the binary: edited after the build, not checked"
    elif [ "$dirty" = 1 ] && [ "$want" = 0 ] && [ "$(git log -1 --format=%ct)" -gt "$(stat -c %Y "$bin")" ]; then
        echo "built from a dirty tree, committed since (ctest without make): not checked"
    else
        [ "$dirty" = "$want" ] && ok || bad "git_dirty $dirty, but the tree's state says $want"
    fi
fi
for a in compiler compiler_flags build_type host binary_sha256 hdf5_version git_source; do
    [ -n "$(attr $a)" ] && ok || bad "empty or missing attribute $a"
done
attr compiler_flags | grep -q -- '-ffp-contract=off' && ok || bad "flags lack -ffp-contract=off"
[ "$(attr omp_threads)" = 2 ] && ok || bad "omp_threads '$(attr omp_threads)', want 2"
[ "$(attr mpi_ranks)" = 1 ] && ok || bad "mpi_ranks '$(attr mpi_ranks)', want 1"
[ "$(attr host)" = "$(hostname)" ] && ok || bad "host '$(attr host)', want $(hostname)"
h5dump -a /scenario_sets "$tmp/p.h5" | grep -q '"providers.pue=1.3' && ok || bad "scenario_sets lacks the --set"
h5dump -a /scenario_yaml "$tmp/p.h5" | grep -q 'H5T_VARIABLE' && ok || bad "strings are not variable length"
expect 0 "info" "$bin" info "$tmp/p.h5"
grep -q "^built from:  $commit" "$tmp/out" && ok || bad "info does not say the commit"
grep -q "^ran on:      $(hostname), 2 OpenMP threads" "$tmp/out" && ok || bad "info: ran on"
# strings as earlier versions wrote them (fixed length: h5edit writes them so) still read
cp "$tmp/p.h5" "$tmp/old.h5"
for a in "/ scenario_name small" "/ git_commit $commit" "/variants/base/quantiles/token_price units USD/token"; do
    "$h5edit" "$tmp/old.h5" attr $a || bad "h5edit attr $a"
done
h5dump -a /scenario_name "$tmp/old.h5" | grep -q 'STRSIZE 6;' && ok || bad "h5edit did not write a fixed-length string"
expect 0 "info on fixed-length strings" "$bin" info "$tmp/old.h5"
grep -q "^scenario:    small" "$tmp/out" && ok || bad "info: fixed-length scenario_name"
grep -q "^built from:  $commit" "$tmp/out" && ok || bad "info: fixed-length git_commit"
expect 0 "compare on fixed-length strings" "$bin" compare "$tmp/old.h5" --format markdown
grep -q "token_price: USD/token" "$tmp/out" && ok || bad "compare: fixed-length units"

finish provenance
