#!/bin/sh
# experiments_test.sh — issue 14's commands as a user meets them: run
# --variants (the file says which ran), sweeps with zip and rescale (export's
# swept columns, plot's heatmaps), compare --against, validate's warnings
# (inert keys, claims decided by construction), sensitivity with each method
# (the file's /analysis, the same bytes for 1 and 2 threads, the tables of
# compare and info, the chart, the CSV), and solve's answers and exit codes.
# Small scenarios: the whole test takes seconds.
# usage: experiments_test.sh path/to/depinsim   (from the repository root)
set -u
bin=$1
. "$(dirname "$0")/testlib.sh"

has() { grep -q -- "$2" "$1" && ok || { bad "$3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" | head -8; }; }
hasnt() { grep -q -- "$2" "$1" && { bad "$3: '$2' in $(basename "$1")"; sed 's/^/  | /' "$1" | head -8; } || ok; }

cat >"$tmp/s.yaml" <<'EOF'
name: exp
run: {paths: 6, seed: 3, horizon_days: 60, record_every: 10}
hardware:
  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 0.5}
  - {name: RTX4090, heq_per_device: 0.2, power_w: 450, price_usd: 1599, share: 0.5}
regions:
  - {name: us-texas, electricity_usd_per_kwh: 0.066, share: 1}
providers: {count: 40, patience_days_min: 5, patience_days_max: 20, exit_margin: 0.2}
demand: {base_heqh_per_day: 1000}
pricing: {model: cloud_discount, cloud_fraction: 0.6}
emission: {tokens_per_day: 5000}
token: {initial_supply: 1e7, vol_per_sqrt_year: 1.2}
rewards: {providers_share: 0.8, stakers_share: 0.2}
claims:
  - {name: cheap, metric: price_ratio, op: le, threshold: 0.6}
  - {name: keeps, metric: active_providers, relative_to: initial, op: ge, threshold: 0.9}
  - {name: cover, metric: fees, over: emission_value, op: ge, threshold: 0.5, given: keeps}
variants:
  more: {emission.tokens_per_day: 20000}
  inert: {emission.remint_max_per_day: 100}
EOF

# ---- validate: warnings, not errors
expect 0 "validate with warnings" "$bin" validate "$tmp/s.yaml"
has "$tmp/err" "emission.remint_max_per_day: warning: has no effect: emission.remint_burned is false" "inert key"
has "$tmp/err" "claim 'cheap' holds on every path by construction" "claim by construction"
has "$tmp/err" "rounding decides it" "knife edge"

# ---- run --variants
expect 0 "run --variants" "$bin" run "$tmp/s.yaml" -o "$tmp/v.h5" -q --variants more,base
expect 0 "info" "$bin" info "$tmp/v.h5"
has "$tmp/out" "selected:    base,more (run --variants; the scenario has 3)" "info: the selection"
has "$tmp/out" "claim cover counts the" "info: a conditional claim"
hasnt "$tmp/out" "^  inert$" "info: an unselected variant"
expect 2 "run --variants unknown" "$bin" run "$tmp/s.yaml" -o "$tmp/u.h5" -q --variants mroe
has "$tmp/err" "no variant 'mroe'" "unknown variant"
has "$tmp/err" "did you mean 'more'" "suggestion"

# ---- the full run: an identical variant is said after it
expect 0 "run" "$bin" run "$tmp/s.yaml" -o "$tmp/r.h5" -q
has "$tmp/err" "variant 'inert' gives results identical to 'base'" "identical variant"

# ---- compare --against
expect 0 "compare --against" "$bin" compare "$tmp/r.h5" --against base
has "$tmp/out" "median paired difference" "paired header"
has "$tmp/out" "^more  *token_price" "a paired row"
expect 0 "compare --against csv" "$bin" compare "$tmp/r.h5" --against base --format csv --metrics fees
head -1 "$tmp/out" | grep -q "^variant,reference,metric,units,paths,dropped,median_difference,lo,hi" && ok || bad "paired csv header"
[ "$(wc -l <"$tmp/out")" = 3 ] && ok || bad "paired csv: two rows (more, inert) and the header"
expect 2 "compare --against unknown" "$bin" compare "$tmp/r.h5" --against nope
expect 2 "compare --metrics without --against" "$bin" compare "$tmp/r.h5" --metrics fees

# ---- a sweep with zip and rescale: export columns, heatmaps
cat "$tmp/s.yaml" | sed '/^variants:/,$d' >"$tmp/sw.yaml"
cat >>"$tmp/sw.yaml" <<'EOF'
sweep:
  zip:
    emission.tokens_per_day: [2000, 8000, 20000]
    token.impact: [0.1, 0.3, 0.5]
  rewards.providers_share: {values: [0.5, 1.0], rescale: rewards.stakers_share}
EOF
expect 0 "sweep run" "$bin" run "$tmp/sw.yaml" -o "$tmp/sw.h5" -q
expect 0 "sweep export" "$bin" export "$tmp/sw.h5" --csv "$tmp/swcsv"
head -1 "$tmp/swcsv/finals.csv" | grep -q "^variant,emission.tokens_per_day,token.impact,rewards.providers_share,metric,path,value,unit$" && ok || bad "export: swept columns"
grep -q '^"emission.tokens_per_day=8000,token.impact=0.3,rewards.providers_share=0.5",8000,0.3,0.5,token_price,0,' "$tmp/swcsv/finals.csv" && ok || bad "export: swept values"
if command -v gnuplot >/dev/null 2>&1; then
    expect 0 "sweep plot" "$bin" plot "$tmp/sw.h5" -o "$tmp/swplots" --metrics token_price,death_spiral
    [ -s "$tmp/swplots/heatmap_token_price.png" ] && ok || bad "heatmap of a metric"
    [ -s "$tmp/swplots/heatmap_death_spiral.png" ] && ok || bad "heatmap of the death spiral"
    has "$tmp/out" "heatmaps over the sweep's two axes" "plot: heatmaps said"
fi

# ---- sensitivity: each method; reproducible for any thread count
for m in sobol morris lhs; do
    samples=8
    [ $m = lhs ] && samples=40
    sed '/^variants:/,$d' "$tmp/s.yaml" >"$tmp/a_$m.yaml"
    cat >>"$tmp/a_$m.yaml" <<EOF
analysis:
  method: $m
  samples: $samples
  paths: 4
  resamples: 100
  factors:
    emission.tokens_per_day: {min: 1000, max: 30000, dist: log_uniform}
    token.vol_per_sqrt_year: {min: 0.4, max: 1.6}
    rewards.providers_share: {min: 0.5, max: 1, rescale: rewards.stakers_share}
    demand.base_heqh_per_day: {values: [500, 1000, 2000]}
  outputs:
    - {name: sar, metric: subsidy_adjusted_ratio, stat: median}
    - {name: keep, claim: keeps}
    - {name: spiral, outcome: death_spiral}
EOF
    expect 0 "sensitivity $m" "$bin" sensitivity "$tmp/a_$m.yaml" -o "$tmp/a_$m.h5" --threads 1
    has "$tmp/out" "output sar: median of subsidy_adjusted_ratio at day 60" "sensitivity $m: table"
    expect 0 "sensitivity $m, 2 threads" "$bin" sensitivity "$tmp/a_$m.yaml" -o "$tmp/a2_$m.h5" --threads 2 -q
    if command -v h5diff >/dev/null 2>&1; then
        # the datasets (the wall time, an attribute, may differ)
        for d in design outputs indices; do
            h5diff "$tmp/a_$m.h5" "$tmp/a2_$m.h5" /analysis/$d /analysis/$d >/dev/null 2>&1 && ok ||
                bad "sensitivity $m: /analysis/$d differs between 1 and 2 threads"
        done
    fi
    expect 0 "compare shows the analysis ($m)" "$bin" compare "$tmp/a_$m.h5"
    has "$tmp/out" "output keep: P(keeps)" "compare: analysis table ($m)"
done
expect 0 "info shows the analysis" "$bin" info "$tmp/a_sobol.h5"
has "$tmp/out" "sensitivity, Sobol indices" "info: analysis"
expect 0 "export the analysis" "$bin" export "$tmp/a_morris.h5" --csv "$tmp/acsv"
head -1 "$tmp/acsv/analysis.csv" | grep -q ",mu_star,mu_star_lo,mu_star_hi,mu,sigma$" && ok || bad "analysis.csv header"
[ "$(wc -l <"$tmp/acsv/design.csv")" = $((8 * 5 + 1)) ] && ok || bad "design.csv: r (k + 1) points"
if command -v gnuplot >/dev/null 2>&1; then
    expect 0 "plot the analysis" "$bin" plot "$tmp/a_sobol.h5" -o "$tmp/aplots" --metrics token_price
    [ -s "$tmp/aplots/sensitivity_1.png" ] && ok || bad "sensitivity chart"
fi
# no analysis block: bad input
expect 2 "sensitivity without analysis" "$bin" sensitivity "$tmp/s.yaml" -o "$tmp/none.h5"
has "$tmp/err" "no analysis block" "no analysis"
# a factor range outside its key's: located
sed 's/min: 0.4, max: 1.6/min: -1, max: 1.6/' "$tmp/a_sobol.yaml" >"$tmp/bad.yaml"
expect 2 "a factor out of range" "$bin" validate "$tmp/bad.yaml"
has "$tmp/err" "analysis.factors.token.vol_per_sqrt_year: \[-1, 1.6\] leaves the key's valid range" "factor range"

# ---- solve
expect 0 "solve" "$bin" solve "$tmp/s.yaml" --vary pricing.cloud_fraction --range 0.3:0.9 \
    --target 'cheap >= 1' --paths 2 --max-evals 12
has "$tmp/out" "the largest pricing.cloud_fraction in \[0.3, 0.9\]" "solve: direction"
has "$tmp/out" "answer: " "solve: the answer"
expect 1 "solve: no crossing" "$bin" solve "$tmp/s.yaml" --vary pricing.cloud_fraction --range 0.3:0.5 \
    --target 'cheap >= 1' --paths 2
has "$tmp/err" "no crossing to find" "solve: no crossing said"
expect 2 "solve: a bad target" "$bin" solve "$tmp/s.yaml" --vary token.impact --range 0:1 --target 'nope >= 1'
expect 2 "solve: a bad range" "$bin" solve "$tmp/s.yaml" --vary token.impact --range 1:0 --target 'cheap >= 1'
expect 2 "solve: not a number key" "$bin" solve "$tmp/s.yaml" --vary pricing.model --range 0:1 --target 'cheap >= 1'

finish experiments
