/* test_mechanisms.c — invariants of the mechanisms beyond the foundation: the
 * reverse auction against a brute-force sort-and-fill, the Wilson interval,
 * and through the engine the supply ledger, claims, common random numbers and
 * thread-count invariance. The mechanisms' known answers (Filecoin baseline
 * minting, the Render and Akash numbers, vesting) are in model_cases.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load.h"

#include "../models/path.h"
#include "run/engine.h"
#include "io/scenario.h"
#include "stats.h"

/* Wilson 95% intervals, values from the formula worked by hand and from
 * published tables (5/8: 0.3057–0.8632; 0/10: 0–0.2775; 10/10: 0.7225–1). */
static void wilson_interval(void **state)
{
    (void)state;
    double lo, hi;
    stats_wilson(5, 8, &lo, &hi);
    assert_true(fabs(lo - 0.30574) < 1e-4 && fabs(hi - 0.86317) < 1e-4);
    stats_wilson(0, 10, &lo, &hi);
    assert_true(lo == 0.0 && fabs(hi - 0.27753) < 1e-4);
    stats_wilson(10, 10, &lo, &hi);
    assert_true(fabs(lo - 0.72247) < 1e-4 && hi == 1.0);
    /* symmetric: k of n and n − k of n mirror each other */
    double lo2, hi2;
    stats_wilson(3, 17, &lo, &hi);
    stats_wilson(14, 17, &lo2, &hi2);
    assert_true(fabs(lo - (1.0 - hi2)) < 1e-12 && fabs(hi - (1.0 - lo2)) < 1e-12);
}

/* A tiny deterministic generator for the random pools (not the model's). */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}
static double lcg_u(uint64_t *s)
{
    return (double)lcg(s) / 9007199254740992.0;
}

/* The grid auction against a brute-force sort-and-fill on random small pools:
 * the clearing price p* is the lowest price where the capacity asking at most
 * p* covers the demand at p*; the grid finds the lowest grid edge at or above
 * p*, so it is within one bin, and served lies between the demand one bin up
 * and the brute-force served. */
static int cmp_ask(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

static void auction_matches_sort_and_fill(void **state)
{
    (void)state;
    ds_pricing_params pr;
    memset(&pr, 0, sizeof pr);
    pr.grid_min_usd = 0.05;
    pr.grid_max_usd = 50.0;
    ds_demand_params d;
    memset(&d, 0, sizeof d);
    d.share_beta = 4.0;
    d.share_midpoint = 0.8;
    d.quality = 0.9;
    const double ratio = pow(pr.grid_max_usd / pr.grid_min_usd, 1.0 / DS_AUCTION_BINS);
    uint64_t seed = 12345;
    for (int trial = 0; trial < 200; trial++) {
        int n = 3 + (int)(lcg_u(&seed) * 40);
        double pool[65][2]; /* ask, capacity; one spare for a sentinel */
        ds_fx hist[DS_AUCTION_BINS];
        memset(hist, 0, sizeof hist);
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            pool[i][0] = 0.2 * exp(lcg_u(&seed) * 3.0); /* 0.2 .. 4 USD */
            pool[i][1] = ds_fx_to(ds_fx_from(10.0 + lcg_u(&seed) * 200.0));
            hist[ds_auction_bin(&pr, pool[i][0])] += ds_fx_from(pool[i][1]);
            total += pool[i][1];
        }
        double cloud = 3.0, addr = total * (0.2 + 2.0 * lcg_u(&seed));
        ds_auction_result a = ds_auction_clear(&pr, &d, hist, addr, cloud);

        qsort(pool, (size_t)n, sizeof pool[0], cmp_ask);
        /* brute force: walk the sorted asks; in the flat stretch before ask i the
         * supply is S(i−1): the price is where demand falls to it, if inside */
        double S = 0.0, pstar = -1.0, served = 0.0;
        pool[n][0] = pr.grid_max_usd; /* a sentinel: the flat stretch after the last ask */
        pool[n][1] = 0.0;
        for (int i = 0; i <= n && pstar < 0; i++) {
            double lo = i ? pool[i - 1][0] : 1e-9, hi = pool[i][0];
            if (i && addr * ds_demand_share(&d, hi, cloud) <= S) {
                for (int it = 0; it < 200; it++) { /* bisect D(p) = S on (lo, hi] */
                    double mid = 0.5 * (lo + hi);
                    if (addr * ds_demand_share(&d, mid, cloud) <= S)
                        hi = mid;
                    else
                        lo = mid;
                }
                pstar = hi;
                served = addr * ds_demand_share(&d, pstar, cloud);
                break;
            }
            S += pool[i][1];
            if (S >= addr * ds_demand_share(&d, pool[i][0], cloud)) {
                pstar = pool[i][0];
                served = addr * ds_demand_share(&d, pstar, cloud);
            }
        }
        if (pstar < 0) { /* never cleared: all capacity served at the top */
            assert_true(fabs(a.served - S) <= 1e-6 * S);
            continue;
        }
        if (pstar < pr.grid_min_usd) continue;
        assert_true(a.price >= pstar * (1.0 - 1e-12));
        assert_true(a.price <= pstar * ratio * (1.0 + 1e-12));
        double d_up = addr * ds_demand_share(&d, pstar * ratio, cloud);
        assert_true(a.served <= served + 1e-6 * (1.0 + served));
        assert_true(a.served >= d_up - 1e-6 * (1.0 + d_up));
        /* cheapest first: every bin below the marginal one is served in full */
        double full = 0.0;
        for (int k = 0; k < a.serve_bin && k < DS_AUCTION_BINS; k++) full += ds_fx_to(hist[k]);
        assert_true(full <= a.served + 1e-6);
        if (a.serve_bin < DS_AUCTION_BINS)
            assert_true(fabs(full + a.serve_frac * ds_fx_to(hist[a.serve_bin]) - a.served) <
                        1e-6 * (1.0 + a.served));
    }
}

static ds_scenario load(const char *path, const char **sets, int n)
{
    return load_with(path, sets, n);
}

typedef struct {
    const ds_params *P;
    int steps, burned_steps, unlocked_steps;
} ledger;

static void ledger_hook(void *ctx, const void *state, int step)
{
    (void)step;
    ledger *l = ctx;
    const ds_path *S = state;
    l->steps++;
    assert_true(S->supply_fx == S->initial_fx + S->minted_fx + S->unlocked_fx - S->burned_fx);
    assert_true(ds_path_ledger_ok(l->P, S)); /* what debug builds assert inside the loop */
    assert_true(S->supply_fx >= 0 && S->locked_fx >= 0);
    assert_true(isfinite(S->token_price) && S->token_price > 0.0);
    assert_true(S->treasury_usd >= -1e-6);
    l->burned_steps += S->burn_fx > 0;
    l->unlocked_steps += S->unlock_fx > 0;
}

/* Every mechanism at once keeps the ledger exact at every step: burn-and-mint
 * with re-mint, vesting, reward split, PID buyback, recycling, regimes, jumps,
 * under each pricing model. */
static void ledger_exact_with_every_mechanism(void **state)
{
    (void)state;
    const char *pricing[] = {"pricing.model=auction", "pricing.model=utilization_target",
                             "pricing.model=fixed", "pricing.model=cloud_discount"};
    for (int k = 0; k < 4; k++) {
        const char *sets[] = {pricing[k],
                              "fees.routing=burn_and_mint",
                              "fees.buyback=pid",
                              "emission.remint_burned=true",
                              "emission.remint_max_per_day=1000",
                              "emission.recycle_per_day=10",
                              "rewards.providers_share=0.41",
                              "rewards.stakers_share=0.41",
                              "rewards.owners_share=0.18",
                              "token.regimes=true",
                              "token.jump_rate_per_year=4"};
        ds_scenario sc = load("tests/data/mechanisms.yaml", sets, 11);
        const ds_params *P = &sc.variants[0].params;
        double *rec = malloc((size_t)DS_N_METRICS * ds_params_records(P) * sizeof *rec);
        ledger l = {P, 0, 0, 0};
        assert_int_equal(engine_run_path(P, 1, rec, ledger_hook, &l), DS_OK);
        assert_int_equal(l.steps, ds_params_steps(P));
        assert_true(l.burned_steps > 0);
        assert_true(l.unlocked_steps > 0);
        free(rec);
        scenario_free(&sc);
    }
}

/* A claim's probability is the count of paths where it holds over the paths:
 * the engine's verdicts equal a recomputation from the recorded values
 * (record_every = 1, so every step is recorded). */
static void claims_match_records(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/mechanisms.yaml", NULL, 0);
    const ds_params *P = &sc.variants[0].params;
    assert_int_equal(P->run.record_every, 1);
    int paths = P->run.paths, R = ds_params_records(P);
    double *rec = malloc((size_t)DS_N_METRICS * paths * R * sizeof *rec);
    double *out = malloc((size_t)DS_N_OUTCOMES * paths * sizeof *out);
    uint8_t *holds = calloc((size_t)DS_MAX_CLAIMS * paths, 1);
    ds_run_buffers buf = {.paths_total = paths, .rec = rec, .outcomes = out, .claims = holds};
    ds_errors errs = {0};
    assert_int_equal(engine_run_cpu(P, 0, paths, &buf, 2, NULL, &errs), DS_OK);
    assert_true(P->n_claims >= 3);
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        int count = 0;
        for (int p = 0; p < paths; p++) {
            const double *v = rec + ((size_t)cl->metric * paths + p) * R;
            int ok = 1;
            if (cl->when == DS_WHEN_END) {
                ok = ds_claim_compare(cl->op, v[R - 1], cl->threshold);
            } else if (cl->when == DS_WHEN_ALWAYS) {
                for (int r = 0; r < R; r++) ok &= ds_claim_compare(cl->op, v[r], cl->threshold);
            } else {
                double sum = 0.0;
                int n = 0;
                for (int r = 0; r < R; r++) {
                    double day = (r + 1) * P->run.step_days;
                    if (day >= cl->window_start_day && day <= cl->window_end_day && v[r] == v[r]) {
                        sum += v[r];
                        n++;
                    }
                }
                ok = n > 0 && ds_claim_compare(cl->op, sum / n, cl->threshold);
            }
            assert_int_equal(ok, holds[(size_t)c * paths + p]);
            count += ok;
        }
        /* the scenario's claims are chosen to hold on some paths and not others */
        if (c < 3 && !(count > 0 && count < paths))
            fail_msg("claim %s holds on %d of %d paths", cl->name, count, paths);
    }
    /* outcomes: drawdown in [0, 1], min providers within the pool, flag 0/1 */
    for (int p = 0; p < paths; p++) {
        double dd = out[(size_t)DS_O_MAX_DRAWDOWN * paths + p];
        assert_true(dd >= 0.0 && dd < 1.0);
        double mp = out[(size_t)DS_O_MIN_ACTIVE_PROVIDERS * paths + p];
        assert_true(mp >= 0 && mp <= P->prov.count);
        double ds = out[(size_t)DS_O_DEATH_SPIRAL * paths + p];
        assert_true(ds == 0.0 || ds == 1.0);
        /* the minimum over steps is at most any recorded active count */
        for (int r = 0; r < R; r++)
            assert_true(mp <= rec[((size_t)DS_M_ACTIVE_PROVIDERS * paths + p) * R + r]);
    }
    errors_free(&errs);
    free(rec);
    free(out);
    free(holds);
    scenario_free(&sc);
}

/* Common random numbers: a variant that overrides a key with its own value
 * is bit-identical to the base; every variant sees the same demand futures. */
static void variants_share_random_numbers(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/mechanisms.yaml", NULL, 0);
    assert_true(sc.n_variants >= 3);
    int paths = sc.variants[0].params.run.paths, R = ds_params_records(&sc.variants[0].params);
    size_t n = (size_t)DS_N_METRICS * paths * R;
    double *rec[3];
    for (int v = 0; v < 3; v++) {
        rec[v] = malloc(n * sizeof(double));
        ds_run_buffers buf = {.paths_total = paths, .rec = rec[v]};
        ds_errors errs = {0};
        assert_int_equal(engine_run_cpu(&sc.variants[v].params, 0, paths, &buf, v + 1, NULL, &errs),
                         DS_OK);
    }
    assert_string_equal(sc.variants[1].name, "noop");
    assert_memory_equal(rec[0], rec[1], n * sizeof(double));
    size_t off = (size_t)DS_M_DEMAND_ADDRESSABLE * paths * R;
    assert_memory_equal(rec[0] + off, rec[2] + off, (size_t)paths * R * sizeof(double));
    assert_memory_not_equal(rec[0], rec[2], n * sizeof(double));
    for (int v = 0; v < 3; v++) free(rec[v]);
    scenario_free(&sc);
}

/* Byte-identical records, outcomes and claim verdicts for 1 and 2 threads
 * under every pricing model, with burn-and-mint, buybacks and claims on. */
static void identical_across_threads_every_pricing(void **state)
{
    (void)state;
    const char *pricing[] = {"pricing.model=auction", "pricing.model=utilization_target",
                             "pricing.model=fixed"};
    for (int k = 0; k < 3; k++) {
        const char *sets[] = {pricing[k], "fees.routing=burn_and_mint", "fees.buyback=static",
                              "token.regimes=true"};
        ds_scenario sc = load("tests/data/mechanisms.yaml", sets, 4);
        const ds_params *P = &sc.variants[0].params;
        int paths = P->run.paths, R = ds_params_records(P);
        size_t nrec = (size_t)DS_N_METRICS * paths * R, nout = (size_t)DS_N_OUTCOMES * paths;
        double *rec[2], *out[2];
        uint8_t *cl[2];
        for (int t = 0; t < 2; t++) {
            rec[t] = malloc(nrec * sizeof(double));
            out[t] = malloc(nout * sizeof(double));
            cl[t] = calloc((size_t)DS_MAX_CLAIMS * paths, 1);
            ds_run_buffers buf = {
                .paths_total = paths, .rec = rec[t], .outcomes = out[t], .claims = cl[t]};
            ds_errors errs = {0};
            assert_int_equal(engine_run_cpu(P, 0, paths, &buf, t + 1, NULL, &errs), DS_OK);
        }
        assert_memory_equal(rec[0], rec[1], nrec * sizeof(double));
        assert_memory_equal(out[0], out[1], nout * sizeof(double));
        assert_memory_equal(cl[0], cl[1], (size_t)DS_MAX_CLAIMS * paths);
        for (int t = 0; t < 2; t++) {
            free(rec[t]);
            free(out[t]);
            free(cl[t]);
        }
        scenario_free(&sc);
    }
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_interval),
        cmocka_unit_test(fixed_point_range),
        cmocka_unit_test(auction_matches_sort_and_fill),
        cmocka_unit_test(ledger_exact_with_every_mechanism),
        cmocka_unit_test(claims_match_records),
        cmocka_unit_test(variants_share_random_numbers),
        cmocka_unit_test(identical_across_threads_every_pricing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
