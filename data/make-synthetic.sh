#!/bin/sh
# make-synthetic.sh — regenerate data/synthetic-network.csv: run
# data/synthetic-network.yaml (one path), export its records and write the
# token's daily close and the day's addressable demand, dated from
# 2023-01-01. The numbers are depinsim's own draws: the same binary and seed
# give the same file byte for byte (tests/scenarios_test.sh checks it).
# usage: sh data/make-synthetic.sh [build/depinsim] [output.csv]
set -eu
bin=${1:-build/depinsim}
out=${2:-data/synthetic-network.csv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run data/synthetic-network.yaml -o "$tmp/s.h5" --force >/dev/null
"$bin" export "$tmp/s.h5" --csv "$tmp/csv" >/dev/null
{
    echo "# synthetic-network.csv — made by depinsim, not market data: one path of"
    echo "# data/synthetic-network.yaml (seed 2023), written by data/make-synthetic.sh."
    echo "# close: the token's price at the start of the day (Merton jump-diffusion:"
    echo "#   drift 0.3/year, volatility 0.7/sqrt(year), 12 jumps/year, log size"
    echo "#   mean -0.02, sd 0.12; no flow impact); demand: addressable demand during"
    echo "#   the day (base 20000 heq-h/day, growth 0.5/year, log-OU shock reverting"
    echo "#   at 2/year with volatility 0.3/sqrt(year))."
    echo "# depinsim fit data/synthetic-network.csv --column close recovers the first;"
    echo "# depinsim fit data/synthetic-network.csv --column demand --as demand the second."
    echo "date,close [USD/token],demand [heq-h/day]"
    # record r holds the price at the end of day r (time_days r + 1) and the
    # demand during day r; row d: the close at day d, the demand of day d
    awk -F, 'function date(z,   era, doe, yoe, y, doy, mp, d, m) {  # days since 1970 → Y-M-D
                 z += 719468; era = int(z / 146097); doe = z - era * 146097
                 yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
                 y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
                 mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
                 m = mp < 10 ? mp + 3 : mp - 9
                 return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d) }
             NR > 1 && $4 == "p50" {
                 if ($2 == "token_price") px[$3] = $5
                 if ($2 == "demand_addressable") dem[$3 - 1] = $5
                 if ($3 > n) n = $3 }
             END { px[0] = 4.0
                   for (d = 0; d < n; d++) printf "%s,%s,%s\n", date(19358 + d), px[d], dem[d] }' \
        "$tmp/csv/quantiles.csv"
} >"$out"
