#!/bin/sh
# install_test.sh — `cmake --install` into a temporary prefix puts the program,
# the gnuplot templates, the example scenarios and the man page where they
# belong; the installed program, run from an unrelated folder, simulates an
# installed example and plots it with the installed templates (a marker
# added to one proves it was those, not the source tree's), still when the
# whole prefix is moved; `new --from NAME` finds the installed examples.
# usage: install_test.sh BUILD_DIR   (from the repository root)
set -u
build=$1
. "$(dirname "$0")/testlib.sh"
src=$(pwd)

has() { grep -q -- "$2" "$1" && ok || { bad "$3: '$2' not in $1"; head -5 "$1" | sed 's/^/  | /'; }; }

if ! cmake --install "$build" --prefix "$tmp/p" >"$tmp/install.log" 2>&1; then
    bad "cmake --install failed"; sed 's/^/  | /' "$tmp/install.log"; finish install_test; exit 1
fi
p=$tmp/p
[ -x "$p/bin/depinsim" ] && ok || bad "no executable $p/bin/depinsim"
n_src=$(ls plots/*.gp | wc -l)
n_inst=$(ls "$p/share/depinsim/plots/"*.gp 2>/dev/null | wc -l)
[ "$n_src" -gt 0 ] && [ "$n_src" = "$n_inst" ] && ok || bad "templates: $n_inst installed, $n_src in plots/"
for f in scenarios/*.yaml scenarios/README.md; do
    cmp -s "$f" "$p/share/depinsim/scenarios/$(basename "$f")" && ok || bad "example $f not installed as it is"
done
for f in scenarios/figures/*.png; do
    cmp -s "$f" "$p/share/depinsim/scenarios/figures/$(basename "$f")" && ok || bad "chart $f not installed"
done
[ -e "$p/share/depinsim/scenarios/update-keys.sh" ] && bad "the maintainers' script was installed as an example"
cmp -s "$build/depinsim.1" "$p/share/man/man1/depinsim.1" && ok || bad "man page not installed as built"

# the installed templates, marked, so a chart made with the source tree's shows it
echo "# installed-copy-marker" >>"$p/share/depinsim/plots/common.gp"

# from an unrelated folder, with nothing pointing at the source tree
mkdir "$tmp/elsewhere" && cd "$tmp/elsewhere" || exit 1
run_and_plot() { # PREFIX WHAT
    expect 0 "$2: run" env -u DEPINSIM_PLOTS "$1/bin/depinsim" run "$1/share/depinsim/scenarios/default.yaml" \
        -o r.h5 --force -q --paths 4 --set run.horizon_days=60 --set providers.count=200
    if ! command -v gnuplot >/dev/null 2>&1; then
        echo "note: gnuplot missing, the plot part is skipped"; return
    fi
    rm -rf charts
    expect 0 "$2: plot" env -u DEPINSIM_PLOTS "$1/bin/depinsim" plot r.h5 -o charts --keep-data \
        --metrics token_price
    [ -s charts/dashboard.png ] && ok || bad "$2: no dashboard"
    [ -s charts/fan_token_price.png ] && ok || bad "$2: no fan chart"
    has charts/data/common.gp "installed-copy-marker" "$2: plot used the installed templates"
}
run_and_plot "$p" "installed"
# the prefix moved: the program finds its share folder beside itself, wherever
mv "$p" "$tmp/moved"
run_and_plot "$tmp/moved" "moved"

# new --from an example's name: the installed copy
expect 0 "new --from an installed example" "$tmp/moved/bin/depinsim" new mine.yaml --from render-bme
has mine.yaml "a copy of $tmp/moved/share/depinsim/scenarios/render-bme.yaml" "new --from"
expect 0 "new --list" "$tmp/moved/bin/depinsim" new --list
has "$tmp/out" "akash-auction" "new --list"
cd "$src" || exit 1

# make install PREFIX=... does the same (DESTDIR too, as cmake --install does)
if make -n install PREFIX=/x BUILD="$build" >"$tmp/make.txt" 2>&1; then
    has "$tmp/make.txt" "cmake --install $build --prefix /x" "make install"
else
    bad "make -n install failed"
fi
finish install_test
