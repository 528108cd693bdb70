/* test_engine.c — the CPU backend end to end on tests/data/small.yaml:
 * supply accounting exact at every step, state invariants, records that are
 * byte-identical for 1 and 2 threads, different seeds giving different
 * futures, and common random numbers across variants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load.h"

#include "../models/path.h"
#include "engine.h"
#include "scenario.h"
#include "stats.h"

static ds_scenario load(const char *path)
{
    return load_with(path, NULL, 0);
}

typedef struct {
    const ds_params *P;
    int steps_seen;
    int saw_exit, saw_entry;
    int32_t last_active;
} ledger_check;

/* Every step: circulating = initial + minted − burned, exactly (integers);
 * price, supply and capacity finite and non-negative; active within the pool. */
static void check_step(void *ctx, const void *state, int step)
{
    ledger_check *c = ctx;
    const ds_path *S = state;
    assert_int_equal(step, c->steps_seen);
    c->steps_seen++;
    assert_true(S->supply_fx == S->initial_fx + S->minted_fx + S->unlocked_fx - S->burned_fx);
    assert_true(S->supply_fx >= 0);
    assert_true(isfinite(S->token_price) && S->token_price > 0.0);
    assert_true(isfinite(S->capacity) && S->capacity >= 0.0);
    assert_true(S->served <= S->capacity + 1e-9 && S->served <= S->demand_at_price + 1e-9);
    assert_true(S->active >= 0 && S->active <= c->P->prov.count);
    assert_true(S->treasury_usd >= 0.0);
    if (S->active < c->last_active) c->saw_exit = 1;
    if (S->active > c->last_active) c->saw_entry = 1;
    c->last_active = S->active;
    /* fixed schedule, someone always online: the mint is rate × time exactly */
    if (S->capacity > 0.0)
        assert_true(S->mint_fx == ds_fx_from(c->P->emission.tokens_per_day * (step + 1)) -
                                      ds_fx_from(c->P->emission.tokens_per_day * step));
}

static void supply_accounting_every_step(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/small.yaml");
    const ds_params *P = &sc.variants[0].params;
    int R = ds_params_records(P);
    double *rec = malloc((size_t)DS_N_METRICS * R * sizeof *rec);
    for (uint32_t path = 0; path < 3; path++) {
        ledger_check c = {P, 0, 0, 0, 0};
        c.last_active = -1;
        assert_int_equal(engine_run_path(P, path, rec, check_step, &c), DS_OK);
        assert_int_equal(c.steps_seen, ds_params_steps(P));
        /* the recorded ledger agrees with itself at every record */
        for (int r = 0; r < R; r++) {
            double supply = rec[DS_M_CIRCULATING_SUPPLY * R + r];
            double minted = rec[DS_M_MINTED * R + r];
            double burned = rec[DS_M_BURNED * R + r];
            double unlocked = rec[DS_M_UNLOCKED * R + r];
            assert_true(supply == P->token.initial_supply + minted + unlocked - burned);
        }
    }
    free(rec);
    scenario_free(&sc);
}

/* The small scenario is built so that providers both leave and join. */
static void exits_and_entries_happen(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/small.yaml");
    const ds_params *P = &sc.variants[0].params;
    double *rec = malloc((size_t)DS_N_METRICS * ds_params_records(P) * sizeof *rec);
    int exits = 0, entries = 0;
    for (uint32_t path = 0; path < 6; path++) {
        ledger_check c = {P, 0, 0, 0, 0};
        c.last_active = -1;
        engine_run_path(P, path, rec, check_step, &c);
        exits += c.saw_exit;
        entries += c.saw_entry;
    }
    assert_true(exits > 0);
    assert_true(entries > 0);
    free(rec);
    scenario_free(&sc);
}

static double *run_all(const ds_params *P, int threads)
{
    int R = ds_params_records(P), paths = P->run.paths;
    size_t n = (size_t)DS_N_METRICS * paths * R;
    double *rec = malloc(n * sizeof *rec);
    ds_errors errs = {0};
    ds_run_buffers buf = {.paths_total = paths, .rec = rec};
    assert_int_equal(engine_run_cpu(P, 0, paths, &buf, threads, NULL, &errs), DS_OK);
    errors_free(&errs);
    return rec;
}

static void identical_for_one_and_two_threads(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/small.yaml");
    const ds_params *P = &sc.variants[0].params;
    size_t n = (size_t)DS_N_METRICS * P->run.paths * ds_params_records(P);
    double *a = run_all(P, 1), *b = run_all(P, 2), *c = run_all(P, 3);
    assert_memory_equal(a, b, n * sizeof *a);
    assert_memory_equal(a, c, n * sizeof *a);
    /* and the paths are different futures: path 0 and path 1 differ */
    int R = ds_params_records(P);
    assert_memory_not_equal(a, a + R, (size_t)R * sizeof *a);
    free(a);
    free(b);
    free(c);
    scenario_free(&sc);
}

static void seed_changes_everything_random(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/small.yaml");
    ds_params P = sc.variants[0].params;
    size_t n = (size_t)DS_N_METRICS * P.run.paths * ds_params_records(&P);
    double *a = run_all(&P, 2);
    P.run.seed += 1;
    double *b = run_all(&P, 2);
    assert_memory_not_equal(a, b, n * sizeof *a);
    free(a);
    free(b);
    scenario_free(&sc);
}

/* Common random numbers: a variant that changes nothing reproduces the base
 * exactly, and a variant that changes only the token's drift sees the same
 * demand path (the demand shock does not depend on the token). */
static void common_random_numbers(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/small.yaml");
    ds_params P = sc.variants[0].params, Q = P;
    int R = ds_params_records(&P);
    size_t n = (size_t)DS_N_METRICS * P.run.paths * R;
    double *a = run_all(&P, 2), *b = run_all(&Q, 1);
    assert_memory_equal(a, b, n * sizeof *a);
    Q.token.drift_per_year = -0.5;
    double *c = run_all(&Q, 2);
    size_t off = (size_t)DS_M_DEMAND_ADDRESSABLE * P.run.paths * R;
    assert_memory_equal(a + off, c + off, (size_t)P.run.paths * R * sizeof *a);
    off = (size_t)DS_M_TOKEN_PRICE * P.run.paths * R;
    assert_memory_not_equal(a + off, c + off, (size_t)P.run.paths * R * sizeof *a);
    free(a);
    free(b);
    free(c);
    scenario_free(&sc);
}

static void quantiles_type7(void **state)
{
    (void)state;
    const double x[] = {1, 2, 3, 4, 5};
    assert_true(stats_quantile_sorted(x, 5, 0.5) == 3.0);
    assert_true(stats_quantile_sorted(x, 5, 0.25) == 2.0);
    assert_true(stats_quantile_sorted(x, 5, 0.05) == 1.2);
    assert_true(stats_quantile_sorted(x, 5, 0.95) == 4.8);
    assert_true(isnan(stats_quantile_sorted(x, 0, 0.5)));
    /* NaN paths are left out of quantiles and means */
    const double rec[] = {1.0, NAN, 3.0}; /* 1 metric × 3 paths × 1 record */
    double q[5], mean, fin[3];
    assert_int_equal(stats_compute(rec, 1, 3, 1, q, &mean, fin), 0);
    assert_true(q[2] == 2.0 && mean == 2.0);
    assert_true(isnan(fin[1]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(supply_accounting_every_step),
        cmocka_unit_test(exits_and_entries_happen),
        cmocka_unit_test(identical_for_one_and_two_threads),
        cmocka_unit_test(seed_changes_everything_random),
        cmocka_unit_test(common_random_numbers),
        cmocka_unit_test(quantiles_type7),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
