/* model_cases.h — the model's known answers, written once (STYLE.md 8, 14):
 * each case is a value computed by models/ functions, the answer it must
 * give, how it is compared and the source of the number. The same cases run
 * on the host (test_model_cases.c, and test_models_cxx.cpp as plain C++) and
 * inside a kernel (test_model_cases_cuda.cu): Random123's kat_c.c /
 * kat_cuda.cu pattern. ds_mc_value is host and device code; the table of
 * answers and the checks below it are host code. Cases that need the engine,
 * a scenario file or the C library (qsort) stay in test_mechanisms.c. */
#ifndef DS_TEST_MODEL_CASES_H
#define DS_TEST_MODEL_CASES_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../models/record.h"

/* How a value is compared with its answer. One tolerance serves every
 * backend, and the device must also give the host's bits (integer and
 * fixed-point arithmetic, IEEE basic operations with contraction off, and
 * models/dsmath.h for exp, log, pow and the rest): a relative tolerance is
 * the distance of the model's answer from the source's rounded figure. */
enum {
    DS_MC_EXACT, /* got == answer */
    DS_MC_REL,   /* |got − answer| <= tol·|answer| */
    DS_MC_ABS,   /* |got − answer| <= tol */
    DS_MC_ABOVE, /* got > answer */
    DS_MC_BELOW  /* got < answer */
};

/* ---------------------------------------------------------------- helpers */

/* Random123 tests/kat_vectors, philox4x32 with 10 rounds, through
 * ds_rng_draw's (seed, path) key and (purpose, step, provider, draw) counter. */
static inline DS_HD double mc_philox(int set, int word)
{
    ds_rng4 r;
    if (set == 0)
        r = ds_rng_draw(0, 0, 0, 0, 0, 0);
    else if (set == 1)
        r = ds_rng_draw(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
    else
        r = ds_rng_draw(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344);
    return (double)r.v[word];
}

/* The group map of rng.h: provider i is served by word (i / 16) % 4 of block
 * 16·(i / 64) + i % 16. what 0..2: the map at provider 100 (block 20, word 2)
 * and back; 3: providers in [0, 4096) whose round trip fails; 4: providers
 * whose lone word (ds_rng_provider) is not their word of the 64 that
 * ds_rng_group draws for their group, for seed 7, path 3, ONLINE, step 5. */
static inline DS_HD double mc_group_map(int what)
{
    if (what == 0) return ds_rng_block_of(100);
    if (what == 1) return ds_rng_word_of(100);
    if (what == 2) return ds_rng_block_provider(20, 2);
    int bad = 0;
    if (what == 3) {
        for (uint32_t i = 0; i < 4096; i++)
            bad += ds_rng_block_provider(ds_rng_block_of(i), ds_rng_word_of(i)) != i;
        return bad;
    }
    uint32_t w[DS_RNG_GROUP];
    for (uint32_t g = 0; g < 3; g++) {
        ds_rng_group(7, 3, DS_RNG_PROVIDER_ONLINE, 5, g, w);
        for (uint32_t j = 0; j < DS_RNG_GROUP; j++)
            bad += ds_rng_provider(7, 3, DS_RNG_PROVIDER_ONLINE, 5, 64 * g + j) != w[j];
    }
    return bad;
}

/* Random123's first known answer (counter 0 0 0 0, key 0 0) through the group
 * map: block 0 of group 0 serves providers 0, 16, 32 and 48 with its words
 * 0..3; by ds_rng_provider (lane 0) or ds_rng_group (lane 1). */
static inline DS_HD double mc_group_kat(int lane, int word)
{
    if (lane == 0) return ds_rng_provider(0, 0, 0, 0, (uint32_t)(16 * word));
    uint32_t w[DS_RNG_GROUP];
    ds_rng_group(0, 0, 0, 0, 0, w);
    return w[16 * word];
}

/* ds_fx_from's vector twins against it: how many of a sweep disagree (twin
 * 0: ds_fx_from_lanes, 1: ds_fx_from_halves) — every power of two up to the
 * clamp, values a little either side, the ties m + 0.5 (in units of 2^-20)
 * from 0 to 2^51 on both sides of zero, the clamps, NaN and infinities. */
static inline DS_HD ds_fx mc_fx_twin(int twin, double x)
{
    return twin == 0 ? ds_fx_from_lanes(x) : ds_fx_from_halves(x);
}

static inline DS_HD double mc_fx_twins(int twin)
{
    int bad = 0;
    for (int e = -40; e <= 44; e++) {
        double p = ldexp(1.0, e);
        for (int k = -5; k <= 5; k++)
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                double x = sgn * (p + k * ldexp(1.0, -23));
                bad += mc_fx_twin(twin, x) != ds_fx_from(x);
                x = sgn * p * (1.0 + k * 0x1p-30);
                bad += mc_fx_twin(twin, x) != ds_fx_from(x);
            }
    }
    for (int e = 0; e <= 51; e++)
        for (int d = 0; d < 3; d++)
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                double x = sgn * (ldexp(1.0, e) + 0.5 + d) / DS_FX_ONE;
                bad += mc_fx_twin(twin, x) != ds_fx_from(x);
            }
    const double odd[] = {
        1e13,        -1e13, 8e12, -8e12,        7.999999e12, (double)INFINITY, -(double)INFINITY,
        (double)NAN, 0.0,   -0.0, 12345.678901, -0.5e-6};
    for (int k = 0; k < (int)(sizeof odd / sizeof odd[0]); k++)
        bad += mc_fx_twin(twin, odd[k]) != ds_fx_from(odd[k]);
    return bad;
}

/* Bittensor (opentensor/subtensor): 1 TAO per 12 s block, 7,200 a day,
 * max supply 21M, halving by issuance. */
static inline DS_HD ds_emission_params mc_bittensor(void)
{
    ds_emission_params e;
    memset(&e, 0, sizeof e);
    e.schedule = DS_EMIT_HALVING;
    e.halving_by = DS_HALVE_BY_ISSUANCE;
    e.tokens_per_day = 7200.0;
    e.max_supply = 21e6;
    return e;
}

static inline DS_HD double mc_bittensor_issuance(double I0)
{
    ds_emission_params e = mc_bittensor();
    return ds_emission_by_issuance(&e, I0, 1.0);
}

/* 7,200 TAO a day with no recycling reaches 10.5M after 10.5e6 / 7200 =
 * 1,458.33 days. what 0: the first step that mints less than 7,200; 1: the
 * supply after step 1457 (1,458 full days). */
static inline DS_HD double mc_bittensor_walk(int what)
{
    ds_emission_params e = mc_bittensor();
    ds_fx supply = 0, at_1457 = 0;
    int first_half_step = -1;
    for (int step = 0; step < 1500; step++) {
        ds_fx m = ds_emission_step(&e, step, 1.0, supply);
        if (first_half_step < 0 && m != ds_fx_from(7200.0)) first_half_step = step;
        supply += m;
        if (step == 1457) at_1457 = supply;
    }
    return what == 0 ? (double)first_half_step : ds_fx_to(at_1457);
}

/* Day 1458 mints 2,400 at 7,200/day, then 2,400 at 3,600/day. */
static inline DS_HD double mc_bittensor_day_1458(void)
{
    ds_emission_params e = mc_bittensor();
    return ds_fx_to(ds_emission_step(&e, 1458, 1.0, ds_fx_from(10497600.0)));
}

/* Filecoin simple minting (filecoin-project/builtin-actors): 330M with a
 * 6-year half-life. what 0: curve at t; what 1: the fixed-point sum of daily
 * steps to year 6 less the curve there (telescoping: exactly 0); what 2: the
 * sum itself. */
static inline DS_HD double mc_filecoin_simple(int what, double t_days)
{
    ds_emission_params e;
    memset(&e, 0, sizeof e);
    e.schedule = DS_EMIT_EXP_DECAY;
    e.total_tokens = 330e6;
    e.half_life_days = 6 * 365.0;
    if (what == 0) return ds_emission_cumulative(&e, t_days);
    ds_fx sum = 0;
    for (int d = 0; d < 6 * 365; d++) sum += ds_emission_step(&e, d, 1.0, sum);
    if (what == 1) return (double)(sum - ds_fx_from(ds_emission_cumulative(&e, 6 * 365.0)));
    return ds_fx_to(sum);
}

/* Halving by period: rate r_per_day, halving every period days. */
static inline DS_HD double mc_period_halving(double r_per_day, double period_days, double t_days)
{
    ds_emission_params e;
    memset(&e, 0, sizeof e);
    e.schedule = DS_EMIT_HALVING;
    e.halving_by = DS_HALVE_BY_PERIOD;
    e.tokens_per_day = r_per_day;
    e.halving_period_days = period_days;
    return ds_emission_cumulative(&e, t_days);
}

/* The max-supply cap: 1,000 a day under a cap of 10,500, from a supply. */
static inline DS_HD double mc_capped(int step, double supply)
{
    ds_emission_params f;
    memset(&f, 0, sizeof f);
    f.schedule = DS_EMIT_FIXED;
    f.tokens_per_day = 1000.0;
    f.max_supply = 10500.0;
    return ds_fx_to(ds_emission_step(&f, step, 1.0, ds_fx_from(supply)));
}

/* AWS p5.48xlarge (8×H100, AWS price list): $98.32/h before the June 2025
 * cut, $55.04 after: $12.29 and $6.88 per H100-hour; 1-year reserved 37.5%
 * off. what 0/1: on-demand on days 149/150; 2: spot at a 45% discount on day
 * 200; 3: the 1-year reserved reference then; 4: with a 10% yearly decline,
 * on-demand at day 365; 5: then a 50/50 on-demand/spot blend at t = 0, 40% off
 * spot. */
static inline DS_HD double mc_cloud(int what)
{
    ds_cloud_params c;
    memset(&c, 0, sizeof c);
    c.on_demand_usd_per_heqh = 98.32 / 8.0;
    c.n_cuts = 1;
    c.cut_day[0] = 150.0;
    c.cut_frac[0] = 1.0 - 55.04 / 98.32;
    c.reserved_1y_discount = 0.375;
    c.reference = DS_REF_RESERVED_1Y;
    if (what == 0) return ds_cloud_on_demand(&c, 149.0);
    if (what == 1) return ds_cloud_on_demand(&c, 150.0);
    if (what == 2) return ds_cloud_at(&c, 200.0, 0.45).spot;
    if (what == 3) return ds_cloud_at(&c, 200.0, 0.45).reference;
    c.decline_per_year = 0.1;
    if (what == 4) return ds_cloud_on_demand(&c, 365.0);
    c.reference = DS_REF_BLEND;
    c.blend_on_demand = 0.5;
    c.blend_spot = 0.5;
    return ds_cloud_at(&c, 0.0, 0.4).reference;
}

/* The logit share (β 6, midpoint 0.9, quality 0.8) and demand growth (base
 * 1,000, ln 2 a year; logistic to 4× base). what 0: the share where
 * p / (q·C) = m; 1: share at price 1 less share at price 2 (cloud 5); 2:
 * exponential demand after a year; 3/4: logistic growth at 0 and 200 years. */
static inline DS_HD double mc_demand(int what)
{
    ds_demand_params d;
    memset(&d, 0, sizeof d);
    d.share_beta = 6.0;
    d.share_midpoint = 0.9;
    d.quality = 0.8;
    d.base_heqh_per_day = 1000.0;
    d.growth_rate_per_year = log(2.0);
    if (what == 0) return ds_demand_share(&d, 0.9 * 0.8 * 5.0, 5.0);
    if (what == 1) return ds_demand_share(&d, 1.0, 5.0) - ds_demand_share(&d, 2.0, 5.0);
    if (what == 2) return ds_demand_addressable(&d, 365.0, 0.0);
    d.growth = DS_GROWTH_LOGISTIC;
    d.logistic_ceiling_mult = 4.0;
    return ds_demand_growth(&d, what == 3 ? 0.0 : 365.0 * 200);
}

/* Filecoin baseline minting (builtin-actors): 770M, λ = ln 2 / 6 years,
 * B(t) = b0·e^(gt) with g = ln 2 a year; b0 = 2.5057 EiB in PiB (any unit
 * works, it only scales). */
static inline DS_HD ds_emission_params mc_filecoin_baseline(void)
{
    ds_emission_params e;
    memset(&e, 0, sizeof e);
    e.schedule = DS_EMIT_BASELINE;
    e.total_tokens = 770e6;
    e.half_life_days = 6 * 365.0;
    e.baseline_b0 = 2565.0;
    e.baseline_growth_per_year = log(2.0);
    return e;
}

/* Capacity always far above the baseline: θ = t at every day (what 0: the
 * largest relative error of θ over six years), and baseline minting reaches
 * 385,000,000 at year 6, half of 770M (what 1: the fixed-point sum). */
static inline DS_HD double mc_baseline_met(int what)
{
    ds_emission_params e = mc_filecoin_baseline();
    double sum = 0.0, theta0 = 0.0, worst = 0.0;
    ds_fx minted = 0;
    for (int d = 0; d < 6 * 365; d++) {
        sum += ds_baseline_capped(&e, 1e9, d, d + 1.0);
        double theta = ds_baseline_theta(&e, sum);
        minted += ds_fx_from(ds_baseline_cumulative(&e, d + 1.0, theta)) -
                  ds_fx_from(ds_baseline_cumulative(&e, d, theta0));
        theta0 = theta;
        double err = fabs(theta - (d + 1.0)) / (d + 1.0);
        if (err > worst) worst = err;
    }
    return what == 0 ? worst : ds_fx_to(minted);
}

/* Capacity at half the baseline: ΣR = ½·b0·(e^(gt) − 1)/g, so
 * θ = (1/g)·ln(1 + ½·(e^(gt) − 1)), lagging t. what 0: θ's relative error
 * against that closed form at year 6; 1: θ − t there (about a year behind);
 * 2: the relative error of a capacity crossing the baseline inside a step,
 * integrated in two parts. */
static inline DS_HD double mc_baseline_half(int what)
{
    ds_emission_params e = mc_filecoin_baseline();
    double g = e.baseline_growth_per_year / 365.0, sum = 0.0;
    if (what == 2) {
        double R = e.baseline_b0 * exp(g * 10.5);
        double got = ds_baseline_capped(&e, R, 10.0, 11.0);
        double want = e.baseline_b0 * (exp(g * 10.5) - exp(g * 10.0)) / g + R * 0.5;
        return fabs(got - want) / fabs(want);
    }
    for (int d = 0; d < 6 * 365; d++) {
        /* half the baseline's mean over the day, held for the day */
        double R = 0.5 * e.baseline_b0 * (exp(g * (d + 1)) - exp(g * d)) / g;
        sum += ds_baseline_capped(&e, R, d, d + 1.0);
    }
    double t = 6 * 365.0, theta = ds_baseline_theta(&e, sum);
    double want = log(1.0 + 0.5 * (exp(g * t) - 1.0)) / g;
    return what == 0 ? fabs(theta - want) / fabs(want) : theta - t;
}

/* Render (RNP-001/018/022): year 1 emits 9,126,804, years 2 and 3 5.9M each,
 * nothing after the table. what 0/1/2: the fixed-point sum of daily steps
 * after 1, 3 and 4 years; 3: the curve after a month. */
static inline DS_HD double mc_render(int what)
{
    ds_emission_params e;
    memset(&e, 0, sizeof e);
    e.schedule = DS_EMIT_SCHEDULE;
    e.n_periods = 3;
    e.period_days[0] = e.period_days[1] = e.period_days[2] = 365.0;
    e.period_tokens[0] = 9126804.0;
    e.period_tokens[1] = e.period_tokens[2] = 5.9e6;
    if (what == 3) return ds_emission_cumulative(&e, 365.0 / 12.0);
    int days = what == 0 ? 365 : (what == 1 ? 3 * 365 : 4 * 365);
    ds_fx sum = 0;
    for (int d = 0; d < days; d++) sum += ds_emission_step(&e, d, 1.0, sum);
    return ds_fx_to(sum);
}

/* Akash AEP-76: a $1,000 credit minted at $1.14 burns 877.192982 AKT (what
 * 0), and is a buy flow of $1,000 (what 1). */
static inline DS_HD double mc_akash_burn(int what)
{
    ds_path S;
    memset(&S, 0, sizeof S);
    S.token_price = 1.14;
    ds_path_buy_burn(&S, 1000.0);
    return what == 0 ? ds_fx_to(S.burn_fx) : S.buys_usd;
}

/* ------------------------------------------------- the token market (issue 12) */

/* A market_cap token: price 2, supply 1,000, no fundamental, no volatility,
 * drift, jumps or flows (DESIGN.md §3's known answers). */
static inline DS_HD ds_token_params mc_token(void)
{
    ds_token_params tk;
    memset(&tk, 0, sizeof tk);
    tk.model = DS_TOKEN_MARKET_CAP;
    tk.fundamental = DS_FUND_NONE;
    tk.initial_price_usd = 2.0;
    tk.fundamental_window_days = 30.0;
    tk.depth_frac = 0.03;
    tk.max_impact = 0.5;
    tk.impact_half_life_days = 7.0;
    return tk;
}

/* σ = 0, no flows, F = 0: price × supply is constant. what 0: the price after
 * a step that doubles the supply (from 2: 1); 1: price × supply after steps
 * that mint, burn and mint again (2,000); 2: the price while the market is
 * closed (no tokens: the initial price, 2); 3: the price when 500 tokens
 * first circulate (it opens at 2); 4: then after the supply doubles (1). */
static inline DS_HD double mc_dilution(int what)
{
    ds_token_params tk = mc_token();
    ds_token_state s;
    memset(&s, 0, sizeof s);
    if (what <= 1) {
        ds_token_init_cap(&tk, &s, 1000.0);
        double p = ds_token_step_cap(&tk, &s, 1.0, 0, 0, 2000.0, 0, 0, 0, 1.0, 2000.0, 2.0);
        if (what == 0) return p;
        const double supply[] = {2000.0, 1500.0, 4000.0, 3333.0};
        for (int k = 0; k < 4; k++)
            p = ds_token_step_cap(&tk, &s, 1.0, 0, 0, p * supply[k], 0, 0.7, 0, 1.0,
                                  k < 3 ? supply[k + 1] : 1234.5, p);
        return p * 1234.5;
    }
    ds_token_init_cap(&tk, &s, 0.0);
    double p = ds_token_step_cap(&tk, &s, 1.0, 50.0, 0, 0.0, 0, 0, 0, 1.0, 0.0, 2.0);
    if (what == 2) return p;
    p = ds_token_step_cap(&tk, &s, 1.0, 0, 0, 0.0, 0, 0, 0, 1.0, 500.0, p);
    if (what == 3) return p;
    return ds_token_step_cap(&tk, &s, 1.0, 0, 0, p * 500.0, 0, 0, 0, 1.0, 1000.0, p);
}

/* The fundamental value under constant fees f = 1,000 USD/day, daily steps,
 * window 30 days. fees_multiple M = 20: what 0: F after one window from a
 * zero average, M·365·f·(1 − e^−1); 1: after 20 windows, → M·365·f =
 * 7.3e6; 2: from an average already at f, exactly M·365·f after a step;
 * 3: exchange with velocity 20: 365·f/V = 18,250. */
static inline DS_HD double mc_fundamental(int what)
{
    ds_token_params tk = mc_token();
    tk.fundamental = what == 3 ? DS_FUND_EXCHANGE : DS_FUND_FEES_MULTIPLE;
    tk.fees_multiple = 20.0;
    tk.velocity_per_year = 20.0;
    tk.initial_fees_usd_per_day = what >= 2 ? 1000.0 : 0.0;
    ds_token_state s;
    memset(&s, 0, sizeof s);
    ds_token_init_cap(&tk, &s, 1e9); /* P0·supply far above F */
    int days = what == 0 ? 30 : (what == 1 ? 600 : 1);
    double p = 2.0;
    for (int d = 0; d < days; d++)
        p = ds_token_step_cap(&tk, &s, 1.0, 0, 0, p * 1e9, 1000.0, 0, 0, 1.0, 1e9, p);
    return s.fund_usd;
}

/* A single net flow X = −3,000 USD (a dump) into a market cap C = 1e6 with
 * impact λ = 0.2, depth d = 3% and permanent share θ = 0.5, then 100 days
 * without flows (a 7-day half-life: 2^−14 of the transient left). what 0: the
 * permanent log displacement φ, θ·λ·X/(d·C) = −0.01; 1: the transient left
 * (0.01·2^−100/7 ≈ 5e−7); 2: log(C / (F + S)), φ once the transient has decayed;
 * 3: the kick of a flow when λ = 0 (0, whatever the depth: a zero market cap
 * once gave ±max_impact); 4: a random_walk price after a dump into a zero
 * market cap with λ = 0 and σ = 0 (stays 1; was e^−0.5 = 0.6065). */
static inline DS_HD double mc_permanent(int what)
{
    ds_token_params tk = mc_token();
    tk.impact = 0.2;
    tk.permanent_share = 0.5;
    tk.initial_price_usd = 1.0;
    if (what == 3) {
        tk.impact = 0.0;
        return ds_token_kick(&tk, 0.0, 1e6, 0.0) + ds_token_kick(&tk, 5e5, 0.0, 1e3);
    }
    ds_token_state s;
    memset(&s, 0, sizeof s);
    if (what == 4) {
        tk.model = DS_TOKEN_RANDOM_WALK;
        tk.impact = 0.0;
        s.base = 1.0;
        ds_token_step(&tk, &s, 1.0, 0.0, 3000.0, 0.0, 0.0, 0.0);
        return ds_token_price(&s);
    }
    ds_token_init_cap(&tk, &s, 1e6);
    double p = ds_token_step_cap(&tk, &s, 1.0, 0.0, 3000.0, 1e6, 0, 0, 0, 1.0, 1e6, 1.0);
    for (int d = 0; d < 100; d++)
        p = ds_token_step_cap(&tk, &s, 1.0, 0, 0, p * 1e6, 0, 0, 0, 1.0, 1e6, p);
    if (what == 0) return s.perm;
    if (what == 1) return s.trans;
    return ds_log(ds_token_market_cap(&s) / (s.fund_usd + s.spec_usd));
}

/* "Token −80% on day 180": one token_price event, factor 0.2, daily steps,
 * σ = 0 and no flows. what 0: S after day 180's step over S after day 179's
 * (0.2 exactly, up to the division); 1: the number of steps the shock acts
 * in over 400 days (1); 2: S at the end over S at the start (0.2). */
static inline DS_HD double mc_token_event(int what)
{
    ds_params P;
    memset(&P, 0, sizeof P);
    P.run.step_days = 1.0;
    P.n_events = 1;
    P.events[0].type = DS_EVENT_TOKEN_PRICE;
    P.events[0].day = 180.0;
    P.events[0].factor = 0.2;
    ds_token_params tk = mc_token();
    ds_token_state s;
    memset(&s, 0, sizeof s);
    ds_token_init_cap(&tk, &s, 1000.0);
    ds_event_effects ev;
    double s0 = s.spec_usd, s179 = 0.0, s180 = 0.0, p = 2.0;
    int acts = 0;
    for (int step = 0; step < 400; step++) {
        ds_events_step(&P, &ev, step * 1.0, 1.0);
        acts += ev.token_mult != 1.0;
        p = ds_token_step_cap(&tk, &s, 1.0, 0, 0, p * 1000.0, 0, 0, 0, ev.token_mult, 1000.0, p);
        if (step == 179) s179 = s.spec_usd;
        if (step == 180) s180 = s.spec_usd;
    }
    return what == 0 ? s180 / s179 : (what == 1 ? (double)acts : s.spec_usd / s0);
}

/* Events in force, daily steps over 400 days: a demand ×0.5 from day 100 for
 * 30 days, a cloud price ×0.7 from day 200 to the end, an outage of half of
 * class 1 in region 0 from day 50 for 10 days (availability 0.9), and two
 * governance entries from days 120 and 300. what 0: steps with demand halved
 * (30); 1: steps with the cloud cut (200); 2: steps with an outage (10); 3: the
 * outage threshold of class 1, region 0 (that of 0.45); 4: of class 0,
 * region 0 (unchanged, 0.9's); 5: the sum over steps of the governance
 * index in force (−1 × 120 + 0 × 180 + 1 × 100 = −20). */
static inline DS_HD double mc_events(int what)
{
    ds_params P;
    memset(&P, 0, sizeof P);
    P.run.step_days = 1.0;
    P.n_classes = 2;
    P.n_regions = 2;
    P.hw[0].availability = P.hw[1].availability = 0.9;
    P.n_events = 3;
    P.events[0].type = DS_EVENT_DEMAND;
    P.events[0].day = 100.0;
    P.events[0].duration_days = 30.0;
    P.events[0].factor = 0.5;
    P.events[1].type = DS_EVENT_CLOUD_PRICE;
    P.events[1].day = 200.0;
    P.events[1].factor = 0.7;
    P.events[2].type = DS_EVENT_OUTAGE;
    P.events[2].day = 50.0;
    P.events[2].duration_days = 10.0;
    P.events[2].share = 0.5;
    P.events[2].hw_class = 1;
    P.events[2].region = 0;
    P.n_gov = 2;
    P.gov[0].day = 120.0;
    P.gov[1].day = 300.0;
    ds_event_effects ev;
    int demand = 0, cloud = 0, outage = 0, gov = 0;
    double thr10 = 0.0, thr00 = 0.0;
    for (int step = 0; step < 400; step++) {
        ds_events_step(&P, &ev, step * 1.0, 1.0);
        demand += ev.demand_mult == 0.5;
        cloud += ev.cloud_mult == 0.7;
        outage += ev.outage;
        gov += ev.gov;
        if (step == 55) {
            thr10 = ev.avail_thr[1 * DS_MAX_REGIONS + 0];
            thr00 = ev.avail_thr[0];
        }
    }
    const double got[] = {(double)demand, (double)cloud, (double)outage, thr10, thr00, (double)gov};
    return got[what];
}

/* Akash AEP-76 (PROTOCOLS.md, akash-network/AEP): a $1,000 lease paid at
 * $1.14 burns 877.192982 AKT; the provider's $1,000 is minted a step later
 * at the settlement-day price. what 0: tokens burned; 1/2: minted and the net
 * supply change when it settles at $1.50 (666.666667, −210.526316); 3/4: at
 * $0.90 (1,111.111111, +233.918129); 5: the settlement minted in the payment
 * step itself (none: 0). Through ds_fees_route and ds_path_mint, as a path. */
static inline DS_HD double mc_aep76(int what)
{
    ds_params P;
    memset(&P, 0, sizeof P);
    P.run.step_days = 1.0;
    P.fees.routing = DS_FEES_BURN_AND_MINT;
    P.fees.settlement_delay_days = 1.0;
    P.emission.schedule = DS_EMIT_FIXED; /* nothing scheduled: the mint is the settlement */
    ds_path S;
    memset(&S, 0, sizeof S);
    S.ev.gov = -1;
    S.capacity = 1.0;
    S.token_price = 1.14;
    S.fees_usd = 1000.0;
    ds_fees_route(&P.fees, &S, 1.0);
    ds_fx burned = S.burn_fx;
    ds_path_mint(&P, &S, 0.0);
    ds_fx same_step = S.mint_fx;
    S.step = 1;
    S.burn_fx = 0;
    S.token_price = what <= 2 ? 1.50 : 0.90;
    ds_path_mint(&P, &S, 0.0);
    if (what == 0) return ds_fx_to(burned);
    if (what == 5) return ds_fx_to(same_step);
    if (what == 1 || what == 3) return ds_fx_to(S.mint_fx);
    return ds_fx_to(S.mint_fx - burned);
}

/* Render fees (RNP-006/019): 5% to the operator company, the other 95% of a
 * job's $1,000 buys and burns RENDER (here at $2). what 0: tokens burned; 1:
 * USD kept by the treasury; 2: USD paid to providers directly (none: they are
 * paid from the mint). */
static inline DS_HD double mc_render_fees(int what)
{
    ds_fee_params fe;
    memset(&fe, 0, sizeof fe);
    fe.routing = DS_FEES_BURN_AND_MINT;
    fe.take_rate = 0.05;
    ds_path S;
    memset(&S, 0, sizeof S);
    S.token_price = 2.0;
    S.fees_usd = 1000.0;
    double provider_usd = ds_fees_route(&fe, &S, 1.0);
    return what == 0 ? ds_fx_to(S.burn_fx) : (what == 1 ? S.treasury_usd : provider_usd);
}

/* Bittensor subnet split (opentensor/subtensor): miners 41%, validators 41%,
 * owner 18% of 7,200 TAO a day; what 0: the miners' (providers') tokens; 1:
 * USD sold at $300 when validators sell half and the owner all. */
static inline DS_HD double mc_subnet_split(int what)
{
    ds_reward_params rw;
    memset(&rw, 0, sizeof rw);
    rw.providers_share = 0.41;
    rw.stakers_share = 0.41;
    rw.owners_share = 0.18;
    rw.stakers_sell_frac = 0.5;
    rw.owners_sell_frac = 1.0;
    ds_path S;
    memset(&S, 0, sizeof S);
    S.token_price = 300.0;
    double to_providers = ds_rewards_split(&rw, &S, 7200.0, 0.0);
    return what == 0 ? to_providers : S.sells_usd;
}

/* Vesting: 48M over four years with a one-year cliff. */
static inline DS_HD double mc_vesting(double t_days)
{
    ds_vesting v;
    memset(&v, 0, sizeof v);
    v.tokens = 48e6;
    v.cliff_days = 365.0;
    v.vest_days = 1460.0;
    return ds_vesting_unlocked(&v, t_days);
}

/* Utilization-target pricing, gain ln 2 a day within [0.5, 3]: from $1 at
 * utilization u for a day. */
static inline DS_HD double mc_util_price(double u)
{
    ds_pricing_params p;
    memset(&p, 0, sizeof p);
    p.target_utilization = 0.7;
    p.gain_per_day = log(2.0);
    p.price_min_usd = 0.5;
    p.price_max_usd = 3.0;
    return ds_pricing_util_next(&p, 1.0, u, 1.0);
}

/* The ledger identity after a made-up step (minted 100, unlocked 40 of a
 * 1,000 allocation, burned 30): ds_path_ledger_ok is 1; with the supply one
 * fixed-point unit off (broken != 0) it is 0. */
static inline DS_HD double mc_ledger(int broken)
{
    ds_params P;
    memset(&P, 0, sizeof P);
    P.token.initial_supply = 5000.0;
    P.n_vesting = 1;
    P.vesting[0].tokens = 1000.0;
    P.prov.count = 4;
    ds_path S;
    ds_path_init(&P, &S, 0);
    ds_path_start(&P, &S, 3);
    S.mint_fx = ds_fx_from(100.0);
    S.unlock_fx = ds_fx_from(40.0);
    S.burn_fx = ds_fx_from(30.0);
    S.locked_fx = ds_fx_sub(S.locked_fx, S.unlock_fx); /* as ds_path_clear does */
    S.sums.active = 3;
    ds_path_end(&P, &S);
    if (broken) S.supply_fx += 1;
    return (double)ds_path_ledger_ok(&P, &S);
}

/* Record indexing, as the GPU computes it (step / every), against a running
 * count (the CPU's former way) for 1..40 steps and every 1..12: the number of
 * disagreements, including the record count against ds_params_records. */
static inline DS_HD double mc_record_index(void)
{
    ds_params P;
    memset(&P, 0, sizeof P);
    P.run.step_days = 1.0;
    int bad = 0;
    for (int steps = 1; steps <= 40; steps++) {
        for (int every = 1; every <= 12; every++) {
            P.run.horizon_days = steps;
            P.run.record_every = every;
            int r = 0;
            for (int step = 0; step < steps; step++) {
                if (!ds_record_due(&P, step)) continue;
                bad += ds_record_index(&P, step) != r;
                r++;
            }
            bad += r != ds_params_records(&P);
        }
    }
    return bad;
}

/* A record, then NaN after an invalid state: metric m's 3 records at
 * rec[m·3 + r]; record 0 written, 1 and 2 NaN. The number of wrong cells. */
static inline DS_HD double mc_record_fill(void)
{
    double rec[DS_N_METRICS * 3], out[DS_N_METRICS];
    for (int k = 0; k < DS_N_METRICS * 3; k++) rec[k] = -1.0;
    for (int m = 0; m < DS_N_METRICS; m++) out[m] = m + 1.0;
    ds_record_write(rec, 3, 0, out);
    ds_record_fill_nan(rec, 3, 1, 3);
    int bad = 0;
    for (int m = 0; m < DS_N_METRICS; m++)
        bad += rec[m * 3] != m + 1.0 || rec[m * 3 + 1] == rec[m * 3 + 1] ||
               rec[m * 3 + 2] == rec[m * 3 + 2];
    return bad;
}

/* ------------------------------------------------------------------ cases */

/* X(id, value, check, answer, tolerance): one line per case. */
/* Input series (series.h): knots (0, 10) (10, 30) (30, 0) (31, 5). what 0..3:
 * linear at each knot exactly; 4: linear halfway 0..10 (20); 5: a quarter
 * of the way 10..30 (22.5); 6: step at day 29.99 (the knot at 10 holds: 30); 7:
 * step at 30 exactly (0); 8: before the first knot (10); 9: after the last
 * (5); 10: the knot found for day 30.5 by bisection (index 2). */
static inline DS_HD double mc_series(int what)
{
    const double t[4] = {0.0, 10.0, 30.0, 31.0}, v[4] = {10.0, 30.0, 0.0, 5.0};
    if (what < 4) return ds_series_interp(t, v, 4, DS_INTERP_LINEAR, t[what]) - v[what];
    if (what == 4) return ds_series_interp(t, v, 4, DS_INTERP_LINEAR, 5.0);
    if (what == 5) return ds_series_interp(t, v, 4, DS_INTERP_LINEAR, 15.0);
    if (what == 6) return ds_series_interp(t, v, 4, DS_INTERP_STEP, 29.99);
    if (what == 7) return ds_series_interp(t, v, 4, DS_INTERP_STEP, 30.0);
    if (what == 8) return ds_series_interp(t, v, 4, DS_INTERP_LINEAR, -3.0);
    if (what == 9) return ds_series_interp(t, v, 4, DS_INTERP_LINEAR, 99.0);
    return ds_series_find(t, 4, 30.5);
}

/* The circular block bootstrap (series.h) over a pool of 5 prices, 4 log
 * returns ln 2, ln 3, ln 0.5, ln 1.25 (prices 1, 2, 6, 3, 3.75). what 0:
 * steps 0..39 of path 3 (blocks of 3) whose return is not the one at (the
 * block's start + offset) mod 4, the start read back from the step's first
 * return; 1: the sum over those 40 steps minus the sum of the returns the
 * bootstrap says it drew, counted by index (0: they agree). */
static inline DS_HD double mc_bootstrap(int what)
{
    ds_series_pool pool;
    pool.n_knots = 5;
    const double price[5] = {1.0, 2.0, 6.0, 3.0, 3.75};
    for (int k = 0; k < 5; k++) {
        pool.t_days[k] = k;
        pool.value[k] = price[k];
    }
    ds_series s;
    memset(&s, 0, sizeof s);
    s.n = 5;
    s.step_days = 1.0;
    int bad = 0, count[4] = {0, 0, 0, 0}, start = 0;
    double sum = 0.0;
    for (int step = 0; step < 40; step++) {
        double r = ds_series_bootstrap_return(&pool, &s, 9, 3, step, 3);
        int idx = -1;
        for (int k = 0; k < 4; k++)
            if (r == ds_log(price[k + 1] / price[k])) idx = k;
        if (step % 3 == 0) start = idx;
        bad += idx < 0 || idx != (start + step % 3) % 4;
        if (idx >= 0) count[idx]++;
        sum += r;
    }
    if (what == 0) return bad;
    for (int k = 0; k < 4; k++) sum -= count[k] * ds_log(price[k + 1] / price[k]);
    return fabs(sum) < 1e-12 ? 0.0 : sum;
}

#define DS_MODEL_CASES(X)                                                                              \
    /* Random123 kat_vectors, philox4x32-10 */                                                         \
    X(philox_zero_0, mc_philox(0, 0), EXACT, 0x6627e8d5, 0)                                            \
    X(philox_zero_1, mc_philox(0, 1), EXACT, 0xe169c58d, 0)                                            \
    X(philox_zero_2, mc_philox(0, 2), EXACT, 0xbc57ac4c, 0)                                            \
    X(philox_zero_3, mc_philox(0, 3), EXACT, 0x9b00dbd8, 0)                                            \
    X(philox_ones_0, mc_philox(1, 0), EXACT, 0x408f276d, 0)                                            \
    X(philox_ones_1, mc_philox(1, 1), EXACT, 0x41c83b0e, 0)                                            \
    X(philox_ones_2, mc_philox(1, 2), EXACT, 0xa20bc7c6, 0)                                            \
    X(philox_ones_3, mc_philox(1, 3), EXACT, 0x6d5451fd, 0)                                            \
    X(philox_pi_0, mc_philox(2, 0), EXACT, 0xd16cfe09, 0)                                              \
    X(philox_pi_1, mc_philox(2, 1), EXACT, 0x94fdcceb, 0)                                              \
    X(philox_pi_2, mc_philox(2, 2), EXACT, 0x5001e420, 0)                                              \
    X(philox_pi_3, mc_philox(2, 3), EXACT, 0x24126ea1, 0)                                              \
    /* the group map (one block per four providers) and the same answers through it */                 \
    X(group_block_of_100, mc_group_map(0), EXACT, 20, 0)                                               \
    X(group_word_of_100, mc_group_map(1), EXACT, 2, 0)                                                 \
    X(group_provider_20_2, mc_group_map(2), EXACT, 100, 0)                                             \
    X(group_round_trips, mc_group_map(3), EXACT, 0, 0)                                                 \
    X(group_lone_words_agree, mc_group_map(4), EXACT, 0, 0)                                            \
    X(group_kat_provider_0, mc_group_kat(0, 0), EXACT, 0x6627e8d5, 0)                                  \
    X(group_kat_provider_16, mc_group_kat(0, 1), EXACT, 0xe169c58d, 0)                                 \
    X(group_kat_provider_32, mc_group_kat(0, 2), EXACT, 0xbc57ac4c, 0)                                 \
    X(group_kat_provider_48, mc_group_kat(0, 3), EXACT, 0x9b00dbd8, 0)                                 \
    X(group_kat_lanes_0, mc_group_kat(1, 0), EXACT, 0x6627e8d5, 0)                                     \
    X(group_kat_lanes_16, mc_group_kat(1, 1), EXACT, 0xe169c58d, 0)                                    \
    X(group_kat_lanes_32, mc_group_kat(1, 2), EXACT, 0xbc57ac4c, 0)                                    \
    X(group_kat_lanes_48, mc_group_kat(1, 3), EXACT, 0x9b00dbd8, 0)                                    \
    /* fixed point rounds to nearest, ties to even, as llrint did (common.h) */                        \
    X(fx_tie_half_to_0, ds_fx_from(0.5 / DS_FX_ONE), EXACT, 0, 0)                                      \
    X(fx_tie_1_5_to_2, ds_fx_from(1.5 / DS_FX_ONE), EXACT, 2, 0)                                       \
    X(fx_tie_2_5_to_2, ds_fx_from(2.5 / DS_FX_ONE), EXACT, 2, 0)                                       \
    X(fx_tie_minus_2_5, ds_fx_from(-2.5 / DS_FX_ONE), EXACT, -2, 0)                                    \
    X(fx_below_half, ds_fx_from(0.49999999999999994 / DS_FX_ONE), EXACT, 0, 0)                         \
    X(fx_tie_2p51_even, ds_fx_from(2147483648.0 + 0x1p-21), EXACT, 2251799813685248.0, 0)              \
    X(fx_tie_2p51_odd, ds_fx_from(2147483648.0 + 0x3p-21), EXACT, 2251799813685250.0, 0)               \
    X(fx_2p53_exact, ds_fx_from(8589934592.0), EXACT, 9007199254740992.0, 0)                           \
    X(fx_clamped, ds_fx_from(1e13), EXACT, DS_FX_MAX_ABS *DS_FX_ONE, 0)                                \
    X(fx_clamped_neg, ds_fx_from(-1e13), EXACT, -DS_FX_MAX_ABS *DS_FX_ONE, 0)                          \
    X(fx_nan_is_0, ds_fx_from((double)NAN), EXACT, 0, 0)                                               \
    X(fx_lanes_twin_agrees, mc_fx_twins(0), EXACT, 0, 0)                                               \
    X(fx_halves_twin_agrees, mc_fx_twins(1), EXACT, 0, 0)                                              \
    X(fx_lanes_tie_2p51, ds_fx_from_lanes(2147483648.0 + 0x3p-21), EXACT, 2251799813685250.0, 0)       \
    X(fx_halves_tie_2p51, ds_fx_from_halves(2147483648.0 + 0x3p-21), EXACT, 2251799813685250.0, 0)     \
    X(fx_halves_negative, ds_fx_from_halves(-3.0 / DS_FX_ONE), EXACT, -3, 0)                           \
    /* uniforms on the open interval, probability thresholds, Poisson by inversion */                  \
    X(u01_min_above_0, ds_u01(0), ABOVE, 0.0, 0)                                                       \
    X(u01_max_below_1, ds_u01(0xffffffffu), BELOW, 1.0, 0)                                             \
    X(prob_u32_0, ds_prob_u32(0.0), EXACT, 0, 0)                                                       \
    X(prob_u32_1, ds_prob_u32(1.0), EXACT, 0xffffffffu, 0)                                             \
    X(prob_u32_half, ds_prob_u32(0.5), EXACT, 0x80000000u, 0)                                          \
    X(poisson_mean_0, ds_poisson(0.0, 12345), EXACT, 0, 0)                                             \
    X(poisson_above_e_minus_mean, ds_poisson(0.1, 0xf0000000u), EXACT, 1, 0)                           \
    X(poisson_below_e_minus_mean, ds_poisson(0.1, 0x10000000u), EXACT, 0, 0)                           \
    /* fixed point: value·2^20, rounded; NaN contributes nothing */                                   \
    X(fx_from_1_5, ds_fx_from(1.5), EXACT, 1.5 * 1048576.0, 0)                                         \
    X(fx_from_minus_2_25, ds_fx_from(-2.25), EXACT, -2.25 * 1048576.0, 0)                              \
    X(fx_round_trip_165m, ds_fx_to(ds_fx_from(165000000.0)), EXACT, 165000000.0, 0)                    \
    X(fx_from_nan, ds_fx_from((double)NAN), EXACT, 0, 0)                                               \
    /* Bittensor: emission 1/2^floor(log2(1/(1 − I/21M))): halvings at 10.5M,                        \
     * 15.75M, 18.375M, 19.6875M */                                                                    \
    X(tao_epoch_0, ds_halving_epoch(0.0, 21e6), EXACT, 0, 0)                                           \
    X(tao_epoch_below_10_5m, ds_halving_epoch(10499999.999, 21e6), EXACT, 0, 0)                        \
    X(tao_epoch_10_5m, ds_halving_epoch(10.5e6, 21e6), EXACT, 1, 0)                                    \
    X(tao_epoch_below_15_75m, ds_halving_epoch(15.75e6 - 0.001, 21e6), EXACT, 1, 0)                    \
    X(tao_epoch_15_75m, ds_halving_epoch(15.75e6, 21e6), EXACT, 2, 0)                                  \
    X(tao_epoch_18_375m, ds_halving_epoch(18.375e6, 21e6), EXACT, 3, 0)                                \
    X(tao_epoch_19_6875m, ds_halving_epoch(19.6875e6, 21e6), EXACT, 4, 0)                              \
    X(tao_day_before_10_5m, mc_bittensor_issuance(10.5e6 - 7200.0), EXACT, 7200.0, 0)                  \
    X(tao_day_at_10_5m, mc_bittensor_issuance(10.5e6), EXACT, 3600.0, 0)                               \
    X(tao_day_at_15_75m, mc_bittensor_issuance(15.75e6), EXACT, 1800.0, 0)                             \
    X(tao_first_half_step, mc_bittensor_walk(0), EXACT, 1458, 0)                                       \
    X(tao_supply_after_1458_days, mc_bittensor_walk(1), EXACT, 10497600.0, 0)                          \
    X(tao_days_to_10_5m, 10.5e6 / 7200.0, REL, 1458.3333333333333, 1e-15)                              \
    X(tao_day_1458_mint, mc_bittensor_day_1458(), REL, 4800.0, 1e-12)                                  \
    /* Filecoin simple minting: 165,000,000 at year 6, 247,500,000 at 12 */                            \
    X(fil_simple_6y, mc_filecoin_simple(0, 6 * 365.0), REL, 165e6, 1e-12)                              \
    X(fil_simple_12y, mc_filecoin_simple(0, 12 * 365.0), REL, 247.5e6, 1e-12)                          \
    X(fil_simple_telescopes, mc_filecoin_simple(1, 0.0), EXACT, 0, 0)                                  \
    X(fil_simple_daily_sum_6y, mc_filecoin_simple(2, 0.0), REL, 165e6, 1e-12)                          \
    /* halving by period: 100 a day halving every 10 days */                                           \
    X(halving_10d, mc_period_halving(100.0, 10.0, 10.0), EXACT, 1000.0, 0)                             \
    X(halving_15d, mc_period_halving(100.0, 10.0, 15.0), EXACT, 1250.0, 0)                             \
    X(halving_20d, mc_period_halving(100.0, 10.0, 20.0), EXACT, 1500.0, 0)                             \
    X(halving_30d, mc_period_halving(100.0, 10.0, 30.0), EXACT, 1750.0, 0)                             \
    /* Helium (HIP-20): 60M a year for two years, then 30M: 150M after 3 */                            \
    X(helium_3y, mc_period_halving(60e6 / 365.0, 730.0, 3 * 365.0), REL, 150e6, 1e-12)                 \
    /* the cap: only the room left under max supply is minted */                                       \
    X(cap_room_500, mc_capped(0, 10000.0), EXACT, 500.0, 0)                                            \
    X(cap_no_room, mc_capped(1, 10500.0), EXACT, 0, 0)                                                 \
    /* AWS p5.48xlarge per H100-hour */                                                                \
    X(aws_before_cut, mc_cloud(0), REL, 12.29, 1e-12)                                                  \
    X(aws_after_cut, mc_cloud(1), REL, 6.88, 1e-12)                                                    \
    X(aws_spot_45pct, mc_cloud(2), REL, 6.88 * 0.55, 1e-12)                                            \
    X(aws_reserved_1y, mc_cloud(3), REL, 6.88 * 0.625, 1e-12)                                          \
    X(aws_decline_10pct, mc_cloud(4), REL, 6.88 * 0.9, 1e-12)                                          \
    X(aws_blend, mc_cloud(5), REL, 12.29 * (0.5 + 0.5 * 0.6), 1e-12)                                   \
    /* demand: logit share and growth */                                                               \
    X(share_at_midpoint, mc_demand(0), REL, 0.5, 1e-15)                                                \
    X(share_falls_with_price, mc_demand(1), ABOVE, 0.0, 0)                                             \
    X(demand_doubles_in_a_year, mc_demand(2), REL, 2000.0, 1e-12)                                      \
    X(logistic_at_0, mc_demand(3), REL, 1.0, 1e-15)                                                    \
    X(logistic_below_ceiling, mc_demand(4), BELOW, 4.0 + 1e-9, 0)                                      \
    X(logistic_near_ceiling, mc_demand(4), ABOVE, 4.0 - 1e-6, 0)                                       \
    /* Filecoin baseline minting */                                                                    \
    X(fil_baseline_met_theta_is_t, mc_baseline_met(0), ABS, 0, 1e-9)                                   \
    X(fil_baseline_met_385m_6y, mc_baseline_met(1), REL, 385e6, 1e-9)                                  \
    X(fil_baseline_half_closed_form, mc_baseline_half(0), ABS, 0, 1e-9)                                \
    X(fil_baseline_half_lags_300d, mc_baseline_half(1), BELOW, -300.0, 0)                              \
    X(fil_baseline_crossing_step, mc_baseline_half(2), ABS, 0, 1e-12)                                  \
    /* Render emission table, year 1 monthly 760,567 */                                                \
    X(render_year_1, mc_render(0), EXACT, 9126804.0, 0)                                                \
    X(render_year_3, mc_render(1), EXACT, 9126804.0 + 11.8e6, 0)                                       \
    X(render_year_4_nothing_more, mc_render(2), EXACT, 9126804.0 + 11.8e6, 0)                          \
    X(render_month_1, mc_render(3), REL, 760567.0, 1e-12)                                              \
    /* Akash AEP-76 burn-and-mint: $1,000 at $1.14, settled at $1.50 */                                \
    X(akash_burn_877, mc_akash_burn(0), ABS, 877.192982, 1e-6)                                         \
    X(akash_burn_buy_flow, mc_akash_burn(1), EXACT, 1000.0, 0)                                         \
    X(akash_settle_666, ds_fx_to(ds_fx_from(1000.0 / 1.5)), ABS, 666.666667, 1e-6)                     \
    X(aep76_burn_at_1_14, mc_aep76(0), ABS, 877.192982, 1e-6)                                          \
    X(aep76_mint_at_1_50, mc_aep76(1), ABS, 666.666667, 1e-6)                                          \
    X(aep76_net_at_1_50, mc_aep76(2), ABS, -210.526316, 1e-6)                                          \
    X(aep76_mint_at_0_90, mc_aep76(3), ABS, 1111.111111, 1e-6)                                         \
    X(aep76_net_at_0_90, mc_aep76(4), ABS, 233.918129, 1e-6)                                           \
    X(aep76_nothing_before_settlement, mc_aep76(5), EXACT, 0, 0)                                       \
    /* the token market (DESIGN.md §3 "Token valuation"): dilution, the fundamental value,            \
     * permanent impact, the zero-supply rule, a dated token shock */                                  \
    X(mcap_double_supply_halves_price, mc_dilution(0), EXACT, 1.0, 0)                                  \
    X(mcap_price_times_supply_constant, mc_dilution(1), REL, 2000.0, 1e-14)                            \
    X(mcap_closed_holds_initial_price, mc_dilution(2), EXACT, 2.0, 0)                                  \
    X(mcap_opens_at_initial_price, mc_dilution(3), EXACT, 2.0, 0)                                      \
    X(mcap_then_dilutes, mc_dilution(4), EXACT, 1.0, 0)                                                \
    X(fundamental_one_window, mc_fundamental(0), REL, 4614480.079448471, 1e-12) /* ·(1 − e^−1) */ \
    X(fundamental_20_windows, mc_fundamental(1), REL, 20 * 365 * 1000.0, 3e-9)                         \
    X(fundamental_steady, mc_fundamental(2), EXACT, 20 * 365 * 1000.0, 0)                              \
    X(fundamental_exchange, mc_fundamental(3), EXACT, 365 * 1000.0 / 20.0, 0)                          \
    X(permanent_impact_theta_lambda_x, mc_permanent(0), REL, -0.01, 1e-14)                             \
    X(transient_decayed, mc_permanent(1), ABS, 0, 1e-6)                                                \
    X(log_cap_displacement_is_permanent, mc_permanent(2), ABS, -0.01, 1e-6)                            \
    X(impact_zero_moves_nothing, mc_permanent(3), EXACT, 0, 0)                                         \
    X(random_walk_impact_zero_zero_cap, mc_permanent(4), EXACT, 1.0, 0)                                \
    X(token_event_day_180_times_0_2, mc_token_event(0), REL, 0.2, 1e-15)                               \
    X(token_event_acts_once, mc_token_event(1), EXACT, 1, 0)                                           \
    X(token_event_s_end_over_start, mc_token_event(2), REL, 0.2, 1e-15)                                \
    X(event_demand_30_days, mc_events(0), EXACT, 30, 0)                                                \
    X(event_cloud_to_the_end, mc_events(1), EXACT, 200, 0)                                             \
    X(event_outage_10_days, mc_events(2), EXACT, 10, 0)                                                \
    X(event_outage_threshold, mc_events(3), EXACT, 1932735283, 0)           /* 0.45 · 2^32 */         \
    X(event_outage_elsewhere_unchanged, mc_events(4), EXACT, 3865470566, 0) /* 0.9 · 2^32 */          \
    X(event_governance_in_force, mc_events(5), EXACT, -20, 0)                                          \
    /* Render fee routing and the Bittensor subnet split */                                            \
    X(render_fee_burn, mc_render_fees(0), EXACT, 475.0, 0)                                             \
    X(render_fee_take, mc_render_fees(1), EXACT, 50.0, 0)                                              \
    X(render_fee_to_providers, mc_render_fees(2), EXACT, 0, 0)                                         \
    X(subnet_miners_41pct, mc_subnet_split(0), REL, 2952.0, 1e-15)                                     \
    X(subnet_sells, mc_subnet_split(1), REL, (0.5 * 2952.0 + 1296.0) * 300.0, 1e-15)                   \
    /* vesting: nothing before the cliff, then linear from t = 0 */                                    \
    X(vest_before_cliff, mc_vesting(364.0), EXACT, 0, 0)                                               \
    X(vest_at_cliff, mc_vesting(365.0), EXACT, 12e6, 0)                                                \
    X(vest_2y, mc_vesting(730.0), EXACT, 24e6, 0)                                                      \
    X(vest_done, mc_vesting(5000.0), EXACT, 48e6, 0)                                                   \
    /* utilization-target pricing */                                                                   \
    X(util_price_at_target, mc_util_price(0.7), EXACT, 1.0, 0)                                         \
    X(util_price_full_doubles, mc_util_price(1.7), REL, 2.0, 1e-15)                                    \
    X(util_price_floor, mc_util_price(-5.0), EXACT, 0.5, 0)                                            \
    /* the ledger identity and the record layout both backends share */                                \
    X(ledger_ok, mc_ledger(0), EXACT, 1, 0)                                                            \
    X(ledger_broken_detected, mc_ledger(1), EXACT, 0, 0)                                               \
    X(record_index_matches_count, mc_record_index(), EXACT, 0, 0)                                      \
    X(record_nan_fill, mc_record_fill(), EXACT, 0, 0)                                                  \
    X(provider_slot_bytes, ds_providers_layout(NULL, NULL, 1, 1), EXACT, DS_PROVIDER_SLOT_BYTES,       \
      0)                                                                                               \
    X(provider_pool_64_aligned, ds_providers_layout(NULL, NULL, 1, 64), EXACT,                         \
      DS_PROVIDER_N_FIELDS * 64, 0)                                                                    \
    /* input series: exact at every knot, linear between, step holds, clamped outside */               \
    X(series_knot_0_exact, mc_series(0), EXACT, 0, 0)                                                  \
    X(series_knot_1_exact, mc_series(1), EXACT, 0, 0)                                                  \
    X(series_knot_2_exact, mc_series(2), EXACT, 0, 0)                                                  \
    X(series_knot_3_exact, mc_series(3), EXACT, 0, 0)                                                  \
    X(series_linear_half, mc_series(4), EXACT, 20, 0)                                                  \
    X(series_linear_quarter, mc_series(5), EXACT, 22.5, 0)                                             \
    X(series_step_holds, mc_series(6), EXACT, 30, 0)                                                   \
    X(series_step_at_knot, mc_series(7), EXACT, 0, 0)                                                  \
    X(series_before_first, mc_series(8), EXACT, 10, 0)                                                 \
    X(series_after_last, mc_series(9), EXACT, 5, 0)                                                    \
    X(series_bisection, mc_series(10), EXACT, 2, 0)                                                    \
    /* the block bootstrap draws the series' own returns, in order within a block */                   \
    X(bootstrap_blocks_in_order, mc_bootstrap(0), EXACT, 0, 0)                                         \
    X(bootstrap_sum_of_drawn, mc_bootstrap(1), EXACT, 0, 0)

#define DS_MC_ENUM(id, value, check, answer, tol) DS_MC_##id,
enum { DS_MODEL_CASES(DS_MC_ENUM) DS_MC_N };
#undef DS_MC_ENUM

/* Case id's value, computed where this runs (host or device). */
static inline DS_HD double ds_mc_value(int id)
{
    switch (id) {
#define DS_MC_VALUE(id, value, check, answer, tol)                                                 \
    case DS_MC_##id: return (double)(value);
        DS_MODEL_CASES(DS_MC_VALUE)
#undef DS_MC_VALUE
    }
    return (double)NAN;
}

/* ------------------------------------------------------------- host side */

typedef struct {
    const char *name;
    int check; /* DS_MC_* */
    double answer, tol;
} ds_mc_info;

static const ds_mc_info ds_mc_table[DS_MC_N] = {
#define DS_MC_INFO(id, value, check, answer, tol) {#id, DS_MC_##check, (double)(answer), (tol)},
    DS_MODEL_CASES(DS_MC_INFO)
#undef DS_MC_INFO
};

static inline int ds_mc_passes(int check, double got, double answer, double tol)
{
    switch (check) {
    case DS_MC_EXACT: return got == answer;
    case DS_MC_REL: return fabs(got - answer) <= tol * fabs(answer);
    case DS_MC_ABS: return fabs(got - answer) <= tol;
    case DS_MC_ABOVE: return got > answer;
    default: return got < answer;
    }
}

/* Check every case's value got[DS_MC_N] computed on `where`; print each
 * failure. Returns the number of failures. */
static inline int ds_mc_report(const double *got, const char *where)
{
    static const char *const how[] = {"==", "rel", "abs", ">", "<"};
    int failed = 0;
    for (int k = 0; k < DS_MC_N; k++) {
        const ds_mc_info *c = &ds_mc_table[k];
        if (ds_mc_passes(c->check, got[k], c->answer, c->tol)) continue;
        failed++;
        printf("FAIL %s (%s): got %.17g, want %s %.17g", c->name, where, got[k], how[c->check],
               c->answer);
        if (c->check == DS_MC_REL || c->check == DS_MC_ABS) printf(" within %.3g", c->tol);
        printf("\n");
    }
    printf("%d model cases on %s: %d failed\n", DS_MC_N, where, failed);
    return failed;
}

/* The checks themselves reject what they must (a check that cannot fail
 * would pass every case). Returns the number of wrong verdicts. */
static inline int ds_mc_self_test(void)
{
    double one_up = nextafter(1.0, 2.0);
    int wrong = 0;
    wrong += ds_mc_passes(DS_MC_EXACT, one_up, 1.0, 0) != 0;
    wrong += ds_mc_passes(DS_MC_EXACT, 1.0, 1.0, 0) != 1;
    wrong += ds_mc_passes(DS_MC_REL, 1.0 + 2e-12, 1.0, 1e-12) != 0;
    wrong += ds_mc_passes(DS_MC_REL, 1.0 + 5e-13, 1.0, 1e-12) != 1;
    wrong += ds_mc_passes(DS_MC_REL, (double)NAN, 1.0, 1e-12) != 0;
    wrong += ds_mc_passes(DS_MC_ABS, 2e-6, 0.0, 1e-6) != 0;
    wrong += ds_mc_passes(DS_MC_ABS, (double)NAN, 0.0, 1e-6) != 0;
    wrong += ds_mc_passes(DS_MC_ABOVE, 0.0, 0.0, 0) != 0;
    wrong += ds_mc_passes(DS_MC_BELOW, 1.0, 1.0, 0) != 0;
    wrong += ds_mc_passes(DS_MC_BELOW, (double)NAN, 1.0, 0) != 0;
    if (wrong) printf("the case checks are wrong %d times\n", wrong);
    return wrong;
}

/* Every case on the host: the whole of the C and C++ tests. 0 when all pass. */
static inline int ds_mc_run_host(const char *where)
{
    double got[DS_MC_N];
    for (int k = 0; k < DS_MC_N; k++) got[k] = ds_mc_value(k);
    int failed = ds_mc_self_test();
    failed += ds_mc_report(got, where);
    return failed ? 1 : 0;
}

#endif
