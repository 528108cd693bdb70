#!/bin/sh
# man_test.sh — the man page (written at build time by `depinsim --man`)
# renders without a warning from groff, and `man -l` shows it with every
# command's synopsis and options and every scenario key from `depinsim keys`,
# options with the ASCII hyphen a shell needs. Without groff or man it checks
# the page's structure only, and says so.
# usage: man_test.sh path/to/depinsim path/to/depinsim.1
set -u
bin=$1
page=$2
. "$(dirname "$0")/testlib.sh"

[ -s "$page" ] || { bad "no man page at $page"; finish man_test; exit 1; }
"$bin" --man >"$tmp/again.1" && cmp -s "$page" "$tmp/again.1" && ok ||
    bad "the built page is not what depinsim --man writes now"
for m in '^\.TH DEPINSIM 1 ' '^\.SH NAME' '^\.SH SYNOPSIS' '^\.SH COMMANDS' '^\.SH SCENARIO KEYS' \
    '^\.SH EXIT STATUS' '^\.SH FILES'; do
    grep -q "$m" "$page" && ok || bad "no '$m' in the page"
done

if command -v groff >/dev/null 2>&1; then
    if groff -man -Tutf8 -ww -z "$page" >"$tmp/groff.out" 2>&1 && [ ! -s "$tmp/groff.out" ]; then ok; else
        bad "groff warns:"; head -10 "$tmp/groff.out" | sed 's/^/  | /'
    fi
fi
if command -v man >/dev/null 2>&1; then
    MANWIDTH=100 man -l "$page" 2>"$tmp/man.err" | col -bx >"$tmp/man.txt"
elif command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -rLL=100n "$page" 2>"$tmp/man.err" | col -bx >"$tmp/man.txt"
else
    echo "note: neither man nor groff: checked the page's structure only"
    finish man_test; exit $?
fi
shown=$tmp/man.txt
grep -q "DEPINSIM(1)" "$shown" && ok || bad "man -l shows no DEPINSIM(1) header"
[ "$(wc -l <"$shown")" -gt 300 ] && ok || bad "the page is short: $(wc -l <"$shown") lines"

# every command: its synopsis line as its --help says it, and each long option
ncmd=0
for c in $("$bin" --help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1} /^$/{if(on)exit}'); do
    ncmd=$((ncmd + 1))
    syn=$("$bin" "$c" --help | head -1 | sed 's/^usage: //')
    grep -qF -- "$syn" "$shown" && ok || bad "command $c: synopsis '$syn' not shown"
    for opt in $("$bin" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -qF -- "$opt" "$shown" && ok || bad "command $c: option $opt not shown (as ASCII)"
    done
done
[ "$ncmd" -ge 12 ] && ok || bad "only $ncmd commands in depinsim --help"
# every key of the reference, by its dotted path
nkeys=0
for k in $("$bin" keys | sed -n 's/^| `\([^`]*\)` |.*/\1/p'); do
    nkeys=$((nkeys + 1))
    grep -qF -- "$k" "$shown" && ok || bad "key $k not shown"
done
[ "$nkeys" -gt 100 ] && ok || bad "only $nkeys keys in depinsim keys"
finish man_test
