/* test_models.c — known answers for the single-source model: Philox vectors,
 * Bittensor issuance halving, Filecoin simple minting, max-supply cap, period
 * halving, cloud price cuts, the logit share and fixed-point rounding. Numbers
 * are from ../shared/PROTOCOLS.md and Random123's kat_vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../models/cloud.h"
#include "../models/demand.h"
#include "../models/emission.h"
#include "../models/path.h"
#include "../models/rng.h"

static void assert_rel(double got, double want, double rel)
{
    double err = fabs(got - want) / fabs(want);
    if (err > rel)
        fail_msg("got %.17g, want %.17g (relative error %.3g > %.3g)", got, want, err, rel);
}

/* Random123 tests/kat_vectors, philox4x32 with 10 rounds, through our
 * (seed, path) key and (purpose, step, provider, draw) counter mapping. */
static void philox_known_answers(void **state)
{
    (void)state;
    ds_rng4 r = ds_rng_draw(0, 0, 0, 0, 0, 0);
    assert_int_equal(r.v[0], 0x6627e8d5);
    assert_int_equal(r.v[1], 0xe169c58d);
    assert_int_equal(r.v[2], 0xbc57ac4c);
    assert_int_equal(r.v[3], 0x9b00dbd8);
    r = ds_rng_draw(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff);
    assert_int_equal(r.v[0], 0x408f276d);
    assert_int_equal(r.v[1], 0x41c83b0e);
    assert_int_equal(r.v[2], 0xa20bc7c6);
    assert_int_equal(r.v[3], 0x6d5451fd);
    r = ds_rng_draw(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344);
    assert_int_equal(r.v[0], 0xd16cfe09);
    assert_int_equal(r.v[1], 0x94fdcceb);
    assert_int_equal(r.v[2], 0x5001e420);
    assert_int_equal(r.v[3], 0x24126ea1);
}

static void uniform_and_threshold(void **state)
{
    (void)state;
    assert_true(ds_u01(0) > 0.0);
    assert_true(ds_u01(0xffffffffu) < 1.0);
    assert_int_equal(ds_prob_u32(0.0), 0);
    assert_int_equal(ds_prob_u32(1.0), 0xffffffffu);
    assert_int_equal(ds_prob_u32(0.5), 0x80000000u);
    assert_int_equal(ds_poisson(0.0, 12345), 0);
    /* u just above e^-mean gives one event: inversion of the CDF */
    assert_int_equal(ds_poisson(0.1, 0xf0000000u), 1);
    assert_int_equal(ds_poisson(0.1, 0x10000000u), 0);
}

static void fixed_point(void **state)
{
    (void)state;
    assert_true(ds_fx_from(1.5) == (ds_fx)(1.5 * 1048576.0));
    assert_true(ds_fx_from(-2.25) == -(ds_fx)(2.25 * 1048576.0));
    assert_true(ds_fx_to(ds_fx_from(165000000.0)) == 165000000.0);
    assert_true(ds_fx_from(NAN) == 0);
}

/* The fixed-point range (issue 10): a clamp or a wrapped sum is an invalid state, named
 * DS_BAD_FX_RANGE, and never hides behind an earlier diagnosis's absence. */
static void fixed_point_range(void **state)
{
    (void)state;
    ds_fx top = ds_fx_from(DS_FX_MAX_ABS);
    assert_true(ds_fx_from(1e15) == top && ds_fx_from(-1e15) == -top);
    /* three clamped burns in one step still sum without wrapping */
    assert_true(ds_fx_add(ds_fx_add(top, top), top) > 0);
    ds_path S;
    memset(&S, 0, sizeof S);
    S.token_price = 1.0;
    S.supply_fx = S.initial_fx = ds_fx_from(DS_FX_LEDGER_MAX); /* what validation allows */
    assert_int_equal(ds_path_invalid(&S), DS_BAD_NONE);
    S.minted_fx = ds_fx_from(3e12); /* clamped */
    assert_int_equal(ds_path_invalid(&S), DS_BAD_FX_RANGE);
    S.minted_fx = 0;
    S.burned_fx = -1; /* wrapped */
    assert_int_equal(ds_path_invalid(&S), DS_BAD_FX_RANGE);
    S.burned_fx = 0;
    S.sums.income_usd = ds_fx_add(ds_fx_add(ds_fx_add(top, top), top), top); /* wraps */
    assert_true(S.sums.income_usd < 0);
    assert_int_equal(ds_path_invalid(&S), DS_BAD_FX_RANGE);
    S.sums.income_usd = 0;
    S.capacity = 2.6e12;
    assert_int_equal(ds_path_invalid(&S), DS_BAD_FX_RANGE);
    S.capacity = 0;
    S.supply_fx = -1; /* the earlier, more specific diagnosis stands */
    assert_int_equal(ds_path_invalid(&S), DS_BAD_SUPPLY);
}

/* Bittensor (PROTOCOLS.md, opentensor/subtensor): block emission =
 * 1 / 2^floor(log2(1 / (1 − I/21M))), halvings at 10.5M, 15.75M, 18.375M. */
static void bittensor_halving_thresholds(void **state)
{
    (void)state;
    const double M = 21e6;
    assert_int_equal(ds_halving_epoch(0.0, M), 0);
    assert_int_equal(ds_halving_epoch(10499999.999, M), 0);
    assert_int_equal(ds_halving_epoch(10.5e6, M), 1);
    assert_int_equal(ds_halving_epoch(15.75e6 - 0.001, M), 1);
    assert_int_equal(ds_halving_epoch(15.75e6, M), 2);
    assert_int_equal(ds_halving_epoch(18.375e6, M), 3);
    assert_int_equal(ds_halving_epoch(19.6875e6, M), 4);
    /* emission 1 → 0.5 at 10.5M */
    ds_emission_params e = {0};
    e.schedule = DS_EMIT_HALVING;
    e.halving_by = DS_HALVE_BY_ISSUANCE;
    e.tokens_per_day = 7200.0; /* 1 TAO per 12 s block */
    e.max_supply = M;
    assert_true(ds_emission_by_issuance(&e, 10.5e6 - 7200.0, 1.0) == 7200.0);
    assert_true(ds_emission_by_issuance(&e, 10.5e6, 1.0) == 3600.0);
    assert_true(ds_emission_by_issuance(&e, 15.75e6, 1.0) == 1800.0);
}

/* 7,200 TAO a day with no recycling reaches 10.5M after 10.5e6 / 7200 =
 * 1,458.33 days: 1,458 full days, then a third of a day at the full rate and
 * two thirds at half. */
static void bittensor_days_to_first_halving(void **state)
{
    (void)state;
    ds_emission_params e = {0};
    e.schedule = DS_EMIT_HALVING;
    e.halving_by = DS_HALVE_BY_ISSUANCE;
    e.tokens_per_day = 7200.0;
    e.max_supply = 21e6;
    ds_fx supply = 0;
    int first_half_step = -1;
    for (int step = 0; step < 1500; step++) {
        ds_fx m = ds_emission_step(&e, step, 1.0, supply);
        if (first_half_step < 0 && m != ds_fx_from(7200.0)) first_half_step = step;
        supply += m;
        if (step == 1457) assert_true(ds_fx_to(supply) == 10497600.0);
    }
    assert_int_equal(first_half_step, 1458); /* the step covering day 1458.33 */
    assert_rel(10.5e6 / 7200.0, 1458.3333333333333, 1e-15);
    /* day 1458 mints 2,400 at 7,200/day then 2,400 at 3,600/day */
    ds_fx s1458 = ds_fx_from(10497600.0);
    assert_rel(ds_fx_to(ds_emission_step(&e, 1458, 1.0, s1458)), 4800.0, 1e-12);
}

/* Filecoin simple minting (PROTOCOLS.md, builtin-actors): 330M with a 6-year
 * half-life gives 165,000,000 at year 6 — also as the sum of daily steps, which
 * telescopes exactly in fixed point. */
static void filecoin_simple_minting(void **state)
{
    (void)state;
    ds_emission_params e = {0};
    e.schedule = DS_EMIT_EXP_DECAY;
    e.total_tokens = 330e6;
    e.half_life_days = 6 * 365.0;
    assert_rel(ds_emission_cumulative(&e, 6 * 365.0), 165e6, 1e-12);
    assert_rel(ds_emission_cumulative(&e, 12 * 365.0), 247.5e6, 1e-12);
    ds_fx sum = 0;
    for (int d = 0; d < 6 * 365; d++) sum += ds_emission_step(&e, d, 1.0, sum);
    assert_true(sum == ds_fx_from(ds_emission_cumulative(&e, 6 * 365.0)));
    assert_rel(ds_fx_to(sum), 165e6, 1e-12);
}

static void period_halving_and_cap(void **state)
{
    (void)state;
    ds_emission_params e = {0};
    e.schedule = DS_EMIT_HALVING;
    e.halving_by = DS_HALVE_BY_PERIOD;
    e.tokens_per_day = 100.0;
    e.halving_period_days = 10.0;
    assert_true(ds_emission_cumulative(&e, 10.0) == 1000.0);
    assert_true(ds_emission_cumulative(&e, 15.0) == 1250.0);
    assert_true(ds_emission_cumulative(&e, 20.0) == 1500.0);
    assert_true(ds_emission_cumulative(&e, 30.0) == 1750.0);
    /* Helium (HIP-20): 60M/year for two years, then 30M: 150M after 3 years */
    e.tokens_per_day = 60e6 / 365.0;
    e.halving_period_days = 730.0;
    assert_rel(ds_emission_cumulative(&e, 3 * 365.0), 150e6, 1e-12);
    /* the cap: only the room left under max supply is minted */
    ds_emission_params f = {0};
    f.schedule = DS_EMIT_FIXED;
    f.tokens_per_day = 1000.0;
    f.max_supply = 10500.0;
    assert_true(ds_emission_step(&f, 0, 1.0, ds_fx_from(10000.0)) == ds_fx_from(500.0));
    assert_true(ds_emission_step(&f, 1, 1.0, ds_fx_from(10500.0)) == 0);
}

/* AWS p5.48xlarge (8×H100): $98.32/h before the June 2025 cut, $55.04 after:
 * $6.88 per H100-hour (PROTOCOLS.md). */
static void cloud_on_demand_cut(void **state)
{
    (void)state;
    ds_cloud_params c = {0};
    c.on_demand_usd_per_heqh = 98.32 / 8.0;
    c.n_cuts = 1;
    c.cut_day[0] = 150.0;
    c.cut_frac[0] = 1.0 - 55.04 / 98.32;
    c.reserved_1y_discount = 0.375;
    c.reference = DS_REF_RESERVED_1Y;
    assert_rel(ds_cloud_on_demand(&c, 149.0), 12.29, 1e-12);
    assert_rel(ds_cloud_on_demand(&c, 150.0), 6.88, 1e-12);
    ds_cloud_prices p = ds_cloud_at(&c, 200.0, 0.45);
    assert_rel(p.spot, 6.88 * 0.55, 1e-12);
    assert_rel(p.reference, 6.88 * 0.625, 1e-12);
    c.decline_per_year = 0.1;
    assert_rel(ds_cloud_on_demand(&c, 365.0), 6.88 * 0.9, 1e-12);
    c.reference = DS_REF_BLEND;
    c.blend_on_demand = 0.5;
    c.blend_spot = 0.5;
    p = ds_cloud_at(&c, 0.0, 0.4);
    assert_rel(p.reference, 12.29 * (0.5 + 0.5 * 0.6), 1e-12);
}

static void demand_share_and_growth(void **state)
{
    (void)state;
    ds_demand_params d = {0};
    d.share_beta = 6.0;
    d.share_midpoint = 0.9;
    d.quality = 0.8;
    d.base_heqh_per_day = 1000.0;
    d.growth_rate_per_year = log(2.0);
    /* at p / (q·C) = m half the demand switches */
    assert_rel(ds_demand_share(&d, 0.9 * 0.8 * 5.0, 5.0), 0.5, 1e-15);
    assert_true(ds_demand_share(&d, 1.0, 5.0) > ds_demand_share(&d, 2.0, 5.0));
    assert_rel(ds_demand_addressable(&d, 365.0, 0.0), 2000.0, 1e-12);
    d.growth = DS_GROWTH_LOGISTIC;
    d.logistic_ceiling_mult = 4.0;
    assert_rel(ds_demand_growth(&d, 0.0), 1.0, 1e-15);
    assert_true(ds_demand_growth(&d, 365.0 * 200) < 4.0 + 1e-9);
    assert_true(ds_demand_growth(&d, 365.0 * 200) > 4.0 - 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(philox_known_answers),
        cmocka_unit_test(uniform_and_threshold),
        cmocka_unit_test(fixed_point),
        cmocka_unit_test(fixed_point_range),
        cmocka_unit_test(bittensor_halving_thresholds),
        cmocka_unit_test(bittensor_days_to_first_halving),
        cmocka_unit_test(filecoin_simple_minting),
        cmocka_unit_test(period_halving_and_cap),
        cmocka_unit_test(cloud_on_demand_cut),
        cmocka_unit_test(demand_share_and_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
