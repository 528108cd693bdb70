/* test_scenario_known.c — the known answers of docs/sources.md, computed with
 * the parameters of the scenario files themselves (the files in scenarios/) through the model
 * functions: a scenario that drifts from its sources fails here. Run from the
 * repository root (ctest does). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../models/cloud.h"
#include "../models/emission.h"
#include "../models/path.h"
#include "io/scenario.h"

static void load(const char *path, ds_scenario *sc)
{
    ds_errors e = {0};
    int rc = scenario_load(path, sc, &e);
    if (rc) errors_print(&e, stderr);
    errors_free(&e);
    assert_int_equal(rc, DS_OK);
}

/* The variant of a scenario by name (the base is "base"). */
static const ds_params *variant(const ds_scenario *sc, const char *name)
{
    for (int i = 0; i < sc->n_variants; i++)
        if (strcmp(sc->variants[i].name, name) == 0) return &sc->variants[i].params;
    fail_msg("no variant '%s' in %s", name, sc->path);
    return NULL;
}

#define NEAR(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

/* Render (RNP-001): year 1 emits 9,126,804 RENDER; years 2 and 3 5.9M each. */
static void test_render_year1(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/render-bme.yaml", &sc);
    const ds_emission_params *e = &sc.base.emission;
    assert_int_equal(e->schedule, DS_EMIT_SCHEDULE);
    assert_true(ds_emission_cumulative(e, 365.0) == 9126804.0);
    NEAR(ds_emission_cumulative(e, 730.0) - ds_emission_cumulative(e, 365.0), 5.9e6, 1e-6);
    NEAR(ds_emission_cumulative(e, 1095.0) - ds_emission_cumulative(e, 730.0), 5.9e6, 1e-6);
    /* the per-step mint telescopes: 365 daily steps give exactly the year */
    ds_fx sum = 0;
    for (int d = 0; d < 365; d++)
        sum += ds_emission_step(e, d, 1.0, ds_fx_from(sc.base.token.initial_supply));
    NEAR(ds_fx_to(sum), 9126804.0, 1e-6);
    /* node operators ≈25%: 190,142 of 760,567 a month */
    NEAR(sc.base.rewards.providers_share * 9126804.0 / 12.0, 190142.0, 1.0);
    /* the same schedule in the claim scenario */
    ds_scenario c;
    load("scenarios/claim-60pct-of-cloud.yaml", &c);
    assert_true(ds_emission_cumulative(&c.base.emission, 365.0) == 9126804.0);
    scenario_free(&c);
    scenario_free(&sc);
}

/* Filecoin: simple minting M_s(6 years) = 330M·(1 − 1/2) = 165,000,000; with the
 * network always at the baseline, θ = t. */
static void test_filecoin_simple_year6(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/filecoin-storage.yaml", &sc);
    const ds_emission_params *e = &sc.base.emission;
    assert_int_equal(e->schedule, DS_EMIT_BASELINE);
    /* simple part alone: baseline's effective time θ = 0 */
    NEAR(ds_baseline_cumulative(e, 6 * 365.0, 0.0), 165000000.0, 1e-6);
    /* the capped sum of a network exactly at the baseline gives θ = t */
    double t = 2.0 * 365.0;
    double sum = 0.0;
    for (int d = 0; d < (int)t; d++) {
        double B = e->baseline_b0 * exp(e->baseline_growth_per_year / 365.0 * (d + 1));
        sum += ds_baseline_capped(e, B, d, d + 1.0);
    }
    NEAR(ds_baseline_theta(e, sum), t, 1e-6);
    /* b0 = 2,888,888,880,000,000,000 bytes in PiB (the file's unit) */
    NEAR(e->baseline_b0 * 1125899906842624.0, 2888888880000000000.0, 1e4);
    /* the simple_only variant: exp_decay of 330M, the same 165M at year 6 */
    NEAR(ds_emission_cumulative(&variant(&sc, "simple_only")->emission, 2190.0), 165000000.0, 1e-6);
    scenario_free(&sc);
}

/* Bittensor: halvings at issuance 10.5M, 15.75M, 18.375M (19.6875M …); from zero,
 * 10.5M / 7,200 = 1,458.33 days to the first. */
static void test_bittensor_thresholds(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/bittensor-subnets.yaml", &sc);
    const ds_emission_params *e = &sc.base.emission;
    assert_int_equal(e->schedule, DS_EMIT_HALVING);
    assert_int_equal(e->halving_by, DS_HALVE_BY_ISSUANCE);
    double M = e->max_supply;
    assert_int_equal(ds_halving_epoch(10.5e6 - 1.0, M), 0);
    assert_int_equal(ds_halving_epoch(10.5e6, M), 1);
    assert_int_equal(ds_halving_epoch(15.75e6 - 1.0, M), 1);
    assert_int_equal(ds_halving_epoch(15.75e6, M), 2);
    assert_int_equal(ds_halving_epoch(18.375e6, M), 3);
    assert_int_equal(ds_halving_epoch(19.6875e6, M), 4);
    double days = 10.5e6 / e->tokens_per_day;
    NEAR(days, 1458.33, 0.01);
    NEAR(ds_emission_by_issuance(e, 0.0, days), 10.5e6, 1e-6);
    /* a day past the threshold mints at half the rate */
    NEAR(ds_emission_by_issuance(e, 10.5e6, 1.0), 3600.0, 1e-9);
    NEAR(ds_emission_by_issuance(e, 10.5e6 - 3600.0, 1.0), 3600.0 + 0.5 * 3600.0, 1e-9);
    /* the split: owners 18%, miners 41%, validators 41% */
    NEAR(sc.base.rewards.owners_share, 0.18, 1e-12);
    NEAR(sc.base.rewards.providers_share, 0.41, 1e-12);
    NEAR(sc.base.rewards.stakers_share, 0.41, 1e-12);
    scenario_free(&sc);
}

/* AWS p5.48xlarge: $98.32/h → $55.04/h in June 2025; per H100: 12.29 → 6.88. */
static void test_aws_cut(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/aws-baseline.yaml", &sc);
    const ds_cloud_params *c = &sc.base.cloud;
    NEAR(ds_cloud_on_demand(c, 0.0), 98.32 / 8.0, 1e-9);
    NEAR(ds_cloud_on_demand(c, c->cut_day[0] - 1.0), 12.29, 1e-9);
    NEAR(ds_cloud_on_demand(c, c->cut_day[0]), 55.04 / 8.0, 1e-9);
    NEAR(ds_cloud_on_demand(c, c->cut_day[0]), 6.88, 1e-9);
    NEAR(ds_cloud_on_demand(c, 1000.0), 6.88, 1e-9);
    /* spot 45% off: p5 spot $30.24 ≈ 55% of $55.04 */
    NEAR(ds_cloud_at(c, 200.0, c->spot_discount_mean).spot * 8.0, 30.24, 0.05);
    /* every GPU scenario starts from the post-cut $6.88 */
    const char *gpu[] = {
        "scenarios/render-bme.yaml",           "scenarios/akash-auction.yaml",
        "scenarios/bittensor-subnets.yaml",    "scenarios/ionet-emission.yaml",
        "scenarios/claim-60pct-of-cloud.yaml", "scenarios/claim-undercut-aws-20pct.yaml",
        "scenarios/emission-shootout.yaml"};
    for (size_t i = 0; i < sizeof gpu / sizeof gpu[0]; i++) {
        ds_scenario g;
        load(gpu[i], &g);
        NEAR(ds_cloud_on_demand(&g.base.cloud, 0.0), 6.88, 1e-9);
        scenario_free(&g);
    }
    scenario_free(&sc);
}

/* io.net: E_t = 500M·r_t, r_0 = 8%/8,760: first hour 4,566.21 IO; 300M over 175,319 h. */
static void test_ionet_hourly(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/ionet-emission.yaml", &sc);
    const ds_emission_params *e = &sc.base.emission;
    assert_int_equal(e->schedule, DS_EMIT_EXP_DECAY);
    NEAR(ds_emission_cumulative(e, 1.0 / 24.0), 4566.21, 0.005);
    NEAR(ds_emission_cumulative(e, 1.0 / 24.0), 500e6 * 0.08 / 8760.0, 1e-6);
    /* hour 2 is hour 1 times (1 − d) */
    double h1 = ds_emission_cumulative(e, 1.0 / 24.0);
    double h2 = ds_emission_cumulative(e, 2.0 / 24.0) - h1;
    NEAR(h2 / h1, 1.0 - 1.3886952395979e-5, 1e-12);
    NEAR(ds_emission_cumulative(e, 175319.0 / 24.0), 300e6, 1.0);
    scenario_free(&sc);
}

/* Helium HIP-20: 60M HNT in year 1, 30M in year 3 (15M in year 5). */
static void test_helium_halving(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/helium-halving.yaml", &sc);
    const ds_emission_params *e = &sc.base.emission;
    assert_int_equal(e->schedule, DS_EMIT_HALVING);
    assert_int_equal(e->halving_by, DS_HALVE_BY_PERIOD);
    NEAR(ds_emission_cumulative(e, 365.0), 60e6, 1e-3);
    NEAR(ds_emission_cumulative(e, 730.0) - ds_emission_cumulative(e, 365.0), 60e6, 1e-3);
    NEAR(ds_emission_cumulative(e, 3 * 365.0) - ds_emission_cumulative(e, 2 * 365.0), 30e6, 1e-3);
    NEAR(ds_emission_cumulative(e, 5 * 365.0) - ds_emission_cumulative(e, 4 * 365.0), 15e6, 1e-3);
    scenario_free(&sc);
}

/* Akash AEP-23 take rates in the variants. */
static void test_akash_take(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/akash-auction.yaml", &sc);
    NEAR(variant(&sc, "akt_payments")->fees.take_rate, 0.04, 1e-12);
    NEAR(variant(&sc, "usdc_payments")->fees.take_rate, 0.20, 1e-12);
    assert_int_equal(variant(&sc, "aep76_bme")->fees.routing, DS_FEES_BURN_AND_MINT);
    assert_int_equal(sc.base.pricing.model, DS_PRICING_AUCTION);
    scenario_free(&sc);
}

/* Akash AEP-76 with aep76_bme's own fees and step: a $1,000 payment at $1.14, settled
 * (a step later) at $1.50 or $0.90. Without the take the PROTOCOLS figures: burns
 * 877.192982 AKT, mints 666.666667 (net −210.526316) or 1,111.111111 (net +233.918129);
 * with the variant's 4% take (kept by the community pool, the rest burned and settled):
 * 842.105263 burned, 640 or 1,066.666667 minted. */
static void settle_once(const ds_params *P, double take, double p_settle, double *burned,
                        double *minted)
{
    ds_params Q = *P;
    Q.fees.take_rate = take;
    Q.emission.schedule = DS_EMIT_FIXED; /* only the settlement is minted */
    Q.emission.tokens_per_day = 0;
    Q.emission.max_supply = 0;
    ds_path S;
    memset(&S, 0, sizeof S);
    S.ev.gov = -1;
    S.capacity = 1.0;
    S.token_price = 1.14;
    S.fees_usd = 1000.0;
    ds_fees_route(&Q.fees, &S, Q.run.step_days);
    *burned = ds_fx_to(S.burn_fx);
    S.burn_fx = 0;
    S.token_price = p_settle;
    for (int k = 1; k <= ds_settle_steps(&Q.fees, Q.run.step_days); k++) {
        S.step = k;
        ds_path_mint(&Q, &S, 0.0);
    }
    *minted = ds_fx_to(S.mint_fx);
}

static void test_akash_aep76(void **state)
{
    (void)state;
    ds_scenario sc;
    load("scenarios/akash-auction.yaml", &sc);
    const ds_params *P = variant(&sc, "aep76_bme");
    assert_int_equal(ds_settle_steps(&P->fees, P->run.step_days), 1);
    double b, m;
    settle_once(P, 0.0, 1.50, &b, &m);
    NEAR(b, 877.192982, 1e-6);
    NEAR(m, 666.666667, 1e-6);
    NEAR(m - b, -210.526316, 1e-6);
    settle_once(P, 0.0, 0.90, &b, &m);
    NEAR(m, 1111.111111, 1e-6);
    NEAR(m - b, 233.918129, 1e-6);
    settle_once(P, P->fees.take_rate, 1.50, &b, &m);
    NEAR(b, 842.105263, 1e-6);
    NEAR(m, 640.0, 1e-6);
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_year1),         cmocka_unit_test(test_filecoin_simple_year6),
        cmocka_unit_test(test_bittensor_thresholds), cmocka_unit_test(test_aws_cut),
        cmocka_unit_test(test_ionet_hourly),         cmocka_unit_test(test_helium_halving),
        cmocka_unit_test(test_akash_take),           cmocka_unit_test(test_akash_aep76),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
