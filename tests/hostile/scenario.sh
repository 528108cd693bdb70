#!/bin/sh
# scenario.sh — hostile scenario files and --set values (issue 10, loading and numbers):
# unbounded loading (/dev/zero, many keys, deep nesting, alias expansion), raw control
# characters and broken UTF-8 in messages, UTF-16/32 files, NULs, second documents,
# non-decimal numbers, names that are not file names, and token amounts beyond the
# fixed-point ledger. Time and memory are bounded by timeout and ulimit -v, not timed.
# usage: sh tests/hostile/scenario.sh path/to/depinsim   (from the repository root)
bin=${1:?usage: scenario.sh path/to/depinsim}
. "$(dirname "$0")/../testlib.sh"
base=scenarios/default.yaml
has() {
    grep -q -- "$2" "$tmp/$1" || { bad "$what: stderr lacks '$2'"; sed 's/^/  | /' "$tmp/$1" | head -3; }
}
lacks() { ! grep -q -- "$2" "$tmp/$1" || bad "$what: stderr holds '$2'"; }
lines() {
    n=$(wc -l <"$tmp/err")
    [ "$n" -le "$1" ] || bad "$what: $n lines of errors, want at most $1"
}

# A sanitizer build reserves terabytes of address space: ulimit -v would stop it at once,
# so there only the time bound holds (the limits themselves are what keeps memory low).
vmem=1000000 # KiB
(ulimit -v $vmem && "$bin" --version) >/dev/null 2>&1 || vmem=
bounded() { (if [ -n "$vmem" ]; then ulimit -v $vmem; fi; exec timeout 20 "$@"); }

# ---------------------------------------------------------------- bounded loading
what="/dev/zero"
expect 2 "$what" bounded "$bin" validate /dev/zero
has err "/dev/zero:1:1048577: the file is larger than 1048576 bytes"

what="40,000 unknown keys"
seq 40000 | sed 's/.*/k&: 1/' >"$tmp/keys.yaml"
expect 2 "$what" bounded "$bin" validate "$tmp/keys.yaml"
has err "keys.yaml:1:1: k1: unknown key"
has err "too many errors: only the first 100 are listed"
lines 101

what="40,000 keys in a variant"
{
    sed '/^variants:/,$d' $base
    printf 'variants:\n  v:\n'
    seq 40000 | sed 's/.*/    k&: 1/'
} >"$tmp/vkeys.yaml"
expect 2 "$what" bounded "$bin" validate "$tmp/vkeys.yaml"
has err "variants.v.k1: unknown key"
lines 101

what="100,000 nested lists"
{ printf 'a: '; head -c 100000 /dev/zero | tr '\0' '['; } >"$tmp/deep.yaml"
expect 2 "$what" bounded "$bin" validate "$tmp/deep.yaml"
has err "deep.yaml:1:35: nested more than 32 levels deep"

what="100,000 nested mappings in a variant"
{
    sed '/^variants:/,$d' $base
    printf 'variants:\n  x: '
    yes '{a: ' | head -n 100000 | tr -d '\n'
    echo
} >"$tmp/deepmap.yaml"
expect 2 "$what" bounded "$bin" validate "$tmp/deepmap.yaml"
has err "nested more than 32 levels deep"

what="billion laughs"
{
    echo "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
    for i in 1 2 3 4 5 6 7 8 9; do
        p=$((i - 1))
        echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
    done
} >"$tmp/laughs.yaml"
expect 2 "$what" bounded "$bin" validate "$tmp/laughs.yaml"
has err "laughs.yaml:5:45: alias \*a3 takes the document past 100000 nodes"

what="256 variants aliasing 20,000 unknown keys"
{
    sed '/^variants:/,$d' $base
    printf 'variants:\n  v0: &big {'
    seq 20000 | sed 's/.*/u&: 1/' | paste -sd, -
    echo '}'
    seq 255 | sed 's/.*/  v&: *big/'
} >"$tmp/aliasvar.yaml"
expect 2 "$what" bounded "$bin" validate "$tmp/aliasvar.yaml"
# v0 (two lines) holds 40,001 nodes, v1 as many again, v2 passes 100,000: located at v2
at=$(($(sed '/^variants:/,$d' $base | wc -l) + 5))
has err "aliasvar.yaml:$at:7: alias \*big takes the document past 100000 nodes"

what="an alias inside what it names"
printf 'a: &x {b: *x}\n' >"$tmp/loop.yaml"
expect 2 "$what" bounded "$bin" validate "$tmp/loop.yaml"
has err "loop.yaml:1:11: alias \*x is inside the collection it names (line 1): a loop"

# ---------------------------------------------------------------- text reaching the terminal
esc=$(printf '\033')
what="ESC in a key"
printf '"\\e[31mred": 1\n' >"$tmp/esc.yaml"
expect 2 "$what" "$bin" validate "$tmp/esc.yaml"
has err 'esc.yaml:1:1: control character \\x1B in a string'
lacks err "$esc"

what="ESC in --set"
expect 2 "$what" "$bin" validate $base --set "run.p${esc}[2Jaths=1"
has err 'run.p\\x1B\[2Jaths: unknown key'
lacks err "$esc"

what="newline in a key"
printf '"x\\nforged:1:1: error": 1\n' >"$tmp/nl.yaml"
expect 2 "$what" "$bin" validate "$tmp/nl.yaml"
has err 'nl.yaml:1:1: x\\x0Aforged:1:1: error: unknown key'
grep -q '^forged' "$tmp/err" && bad "$what: a forged message line"

what="invalid UTF-8, located"
printf 'run:\n  paths: 4\n  se\303(d: 1\n' >"$tmp/utf8.yaml"
expect 2 "$what" "$bin" validate "$tmp/utf8.yaml"
has err 'utf8.yaml:3:5: not UTF-8 (bytes \\xC3 \\x28): a scenario is UTF-8 text'

what="a control character, located"
printf 'run:\n  paths: 4\n  seed\001: 1\n' >"$tmp/ctl.yaml"
expect 2 "$what" "$bin" validate "$tmp/ctl.yaml"
has err 'ctl.yaml:3:7: control character \\x01: YAML does not allow it'

# ---------------------------------------------------------------- encodings and documents
what="UTF-16 with a byte-order mark"
printf '\377\376n\000a\000m\000e\000:\000 \000x\000\n\000' >"$tmp/u16.yaml"
expect 2 "$what" "$bin" validate "$tmp/u16.yaml"
has err 'u16.yaml:1:1: a UTF-16LE byte-order mark: a scenario is UTF-8 text'

what="UTF-32 with a byte-order mark"
printf '\000\000\376\377\000\000\000n' >"$tmp/u32.yaml"
expect 2 "$what" "$bin" validate "$tmp/u32.yaml"
has err 'u32.yaml:1:1: a UTF-32BE byte-order mark'

what="UTF-16 without a byte-order mark"
printf 'n\000a\000m\000e\000' >"$tmp/u16nobom.yaml"
expect 2 "$what" "$bin" validate "$tmp/u16nobom.yaml"
has err 'u16nobom.yaml:1:2: a NUL byte: a scenario is UTF-8 text without NULs'

what="a NUL in the name"
sed 's/^name: default/name: "def\\0ault"/' $base >"$tmp/nul.yaml"
expect 2 "$what" "$bin" validate "$tmp/nul.yaml"
has err 'nul.yaml:12:7: a NUL character (\\0) in a string'

what="a second document"
{ cat $base; printf -- '---\nrun: {paths: nope}\n'; } >"$tmp/multi.yaml"
expect 2 "$what" "$bin" validate "$tmp/multi.yaml"
has err "multi.yaml:$(($(wc -l <$base) + 1)):1: a second YAML document"

# ---------------------------------------------------------------- numbers
what="hex"
expect 2 "$what" "$bin" validate $base --set run.paths=0x10
has err "run.paths: expected an integer, got '0x10'"
what="octal-looking"
expect 2 "$what" "$bin" validate $base --set run.paths=010
has err "run.paths: '010' has a leading zero: integers are decimal"
what="tokens_per_day beyond the ledger"
expect 2 "$what" "$bin" validate $base --set emission.tokens_per_day=1e11
has err "^--set:1:25: emission.tokens_per_day: the fixed schedule reaches 1.095e14 tokens by day 1095"
what="initial_supply beyond the ledger"
expect 2 "$what" "$bin" validate $base --set token.initial_supply=1e13
has err "token.initial_supply: 1e13 is out of range \[0, 2e12\]"
what="supply and mint together beyond the ledger"
expect 2 "$what" "$bin" validate $base --set token.initial_supply=1.5e12 --set emission.max_supply=0 \
    --set emission.tokens_per_day=6e8
has err "^--set:1:22: token.initial_supply: initial supply 1.5e12 + vesting 0 + up to 6.57e11 minted"
what="a clamp at run time is an invalid state"
clamp="--set token.initial_price_usd=1e10 --set providers.count=1 --set providers.initial_active_frac=1"
expect 1 "$what" "$bin" run tests/data/small.yaml -o "$tmp/c.h5" -q $clamp
has err "fixed-point range"
[ -e "$tmp/c.h5" ] && bad "$what: wrote a results file"
what="a clamp at run time, flagged"
expect 1 "$what" "$bin" run tests/data/small.yaml -o "$tmp/c.h5" -q $clamp --set run.on_invalid=flag
has err "every path was invalid (run.on_invalid: flag)"

# ---------------------------------------------------------------- names
what="a name with a pipe and a path"
sed 's/^name: default/name: "|id>pwned;x"/' $base >"$tmp/pipe.yaml"
expect 2 "$what" "$bin" validate "$tmp/pipe.yaml"
has err "pipe.yaml:12:7: name: '|id>pwned;x' is not a plain word"
what="name=../x"
expect 2 "$what" "$bin" validate $base --set name=../x
has err "name: '../x' is not a plain word"
what="a file stem that is not a word"
sed '/^name:/d' $base >"$tmp/|touch pwned;x.yaml"
expect 0 "$what" "$bin" validate "$tmp/|touch pwned;x.yaml"
grep -q "ok: _touch_pwned_x," "$tmp/out" || bad "$what: the name is not the stem made a word"
finish hostile_scenario
