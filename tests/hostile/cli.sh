#!/bin/sh
# cli.sh — the command line of `depinsim run` (issue 10): numbers are plain
# decimal (main took "0x10G", "inf", " 16" and "+16"), --max-memory can lower
# the memory limit but never raise it above what is available, and every
# exit status is documented in the --help texts.
# usage: cli.sh path/to/depinsim (from the repository root)
set -u
bin=$1
. "$(dirname "$0")/../testlib.sh"

run() { "$bin" run tests/data/small.yaml --paths 2 --threads 1 -q -o "$tmp/x.h5" "$@"; }

# 1. decimal only, each refused as bad usage before anything runs
for v in 0x10 " 16" "+16" 1e3 16.0 "" -1 99999999999999999999; do
    expect 2 "--paths '$v'" run --paths "$v"
    grep -q -- "--paths: '$v' is not" "$tmp/err" && ok || bad "--paths '$v': $(head -n 1 "$tmp/err")"
done
for v in 0x10 " 5" "+5" 4294967296; do
    expect 2 "--seed '$v'" run --seed "$v"
done
for v in 0x2 " 2" "+2" 0 4097; do
    expect 2 "--threads '$v'" run --threads "$v"
done
for v in 0x10G inf nan 1e9 -4G " 4G" 4X 0 .5G 1.G 4GiBs; do
    expect 2 "--max-memory '$v'" run --max-memory "$v"
    grep -q -- "--max-memory: '$v' is not a size" "$tmp/err" && ok || bad "--max-memory '$v': $(head -n 1 "$tmp/err")"
done
[ -e "$tmp/x.h5" ] && bad "a refused option left a results file"
for v in 07 16; do expect 0 "--paths $v" run --paths $v --force; done
for v in 1G 1.5GiB 2048M 2147483648 4GB; do expect 0 "--max-memory $v" run --max-memory $v --force; done

rm -f "$tmp/x.h5"

# 2. --max-memory above what is available is capped there, and says so; a
#    run that needs terabytes is refused before allocating (main took the
#    limit and went on to allocate)
expect 1 "--max-memory 1024T" run --max-memory 1024T --paths 2000000000
grep -q "more than the .* available" "$tmp/err" && ok || bad "1024T: $(head -n 1 "$tmp/err")"
grep -q -- "--max-memory 1 PiB is more than is available" "$tmp/err" && ok || bad "1024T: no note on the cap"
grep -q "try --paths" "$tmp/err" && ok || bad "1024T: no suggestion"
expect 1 "--max-memory 1M" run --max-memory 1M
grep -q "allowed by --max-memory" "$tmp/err" && ok || bad "1M: $(head -n 1 "$tmp/err")"
grep -q "more than is available" "$tmp/err" && bad "1M: called a lower limit a cap"

# 3. every exit status is documented where a user looks: the --help texts
expect 0 "--help" "$bin" --help
for s in "exit status" "0 success" "2 bad usage" "1 any other failure" "128+N" "130"; do
    grep -q "$s" "$tmp/out" && ok || bad "--help does not say '$s'"
done
expect 0 "run --help" "$bin" run --help
for s in "exit status" "0 written" "2 bad usage" "1 the run failed" "128+N" "130: a second Ctrl-C" \
    "143: a second SIGTERM" "symbolic link"; do
    grep -q "$s" "$tmp/out" && ok || bad "run --help does not say '$s'"
done
for c in validate info; do
    expect 0 "$c --help" "$bin" $c --help
    grep -q "exit status: 0" "$tmp/out" && ok || bad "$c --help has no exit statuses"
done

finish hostile_cli
