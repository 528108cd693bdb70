/* test_engine.c — the CPU backend end to end on tests/data/small.yaml:
 * supply accounting exact at every step, state invariants, records that are
 * byte-identical for 1 and 2 threads, different seeds giving different
 * futures, and common random numbers across variants; the provider passes
 * over vector lanes byte-identical to the scalar ones, and their vector
 * Philox to Random123's. */
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
#include "run/provider_lanes.h"
#include "io/scenario.h"
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

/* A range of paths in buffers of its own (path_offset: a shard, an MPI rank,
 * a checkpoint block) holds the very rows the whole run holds for them, and
 * a range outside the buffers is refused rather than written past them. */
static void path_range_in_own_buffers(void **state)
{
    (void)state;
    ds_scenario sc = load("tests/data/small.yaml");
    const ds_params *P = &sc.variants[0].params;
    int R = ds_params_records(P), paths = P->run.paths, first = 2, count = 3;
    assert_true(first + count < paths);
    double *all = run_all(P, 2);
    double *rec = malloc((size_t)DS_N_METRICS * count * R * sizeof *rec);
    double *out = malloc((size_t)DS_N_OUTCOMES * count * sizeof *out);
    uint8_t done[3];
    int32_t bad[3];
    ds_errors errs = {0};
    ds_run_buffers buf = {.paths_total = count,
                          .rec = rec,
                          .outcomes = out,
                          .done = done,
                          .bad_step = bad,
                          .path_offset = first};
    assert_int_equal(engine_run_cpu(P, first, count, &buf, 2, NULL, &errs), DS_OK);
    for (int m = 0; m < DS_N_METRICS; m++)
        assert_memory_equal(rec + (size_t)m * count * R, all + ((size_t)m * paths + first) * R,
                            (size_t)count * R * sizeof *rec);
    for (int k = 0; k < count; k++) assert_true(done[k] == 1 && bad[k] == -1);
    /* paths [first − 1, first + 2) are not all in rows [first, first + 3) */
    assert_int_equal(engine_run_cpu(P, first - 1, 3, &buf, 2, NULL, &errs), DS_EFAIL);
    assert_non_null(strstr(errs.items[0].msg, "outside the buffers"));
    errors_free(&errs);
    free(rec);
    free(out);
    free(all);
    scenario_free(&sc);
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

/* Everything a run writes for one variant, and how many lane variants of the
 * provider passes this CPU runs. */
typedef struct {
    double *rec, *outcomes;
    size_t n_rec, n_out;
} run_out;

static run_out run_passes(const ds_params *P, const char *passes, int threads)
{
    assert_int_equal(engine_simd_use(passes), DS_OK);
    assert_string_equal(engine_simd_name(), passes);
    int R = ds_params_records(P), paths = P->run.paths;
    run_out o;
    o.n_rec = (size_t)DS_N_METRICS * paths * R;
    o.n_out = (size_t)DS_N_OUTCOMES * paths;
    o.rec = malloc(o.n_rec * sizeof *o.rec);
    o.outcomes = malloc(o.n_out * sizeof *o.outcomes);
    ds_errors errs = {0};
    ds_run_buffers buf = {.paths_total = paths, .rec = o.rec, .outcomes = o.outcomes};
    assert_int_equal(engine_run_cpu(P, 0, paths, &buf, threads, NULL, &errs), DS_OK);
    errors_free(&errs);
    return o;
}

static void run_out_free(run_out *o)
{
    free(o->rec);
    free(o->outcomes);
}

/* Changes of the active count between records, over all paths: exits and
 * entries (and onboardings) happened where it is > 0. */
static int active_changes(const ds_params *P, const double *rec)
{
    int R = ds_params_records(P), paths = P->run.paths, changes = 0;
    const double *a = rec + (size_t)DS_M_ACTIVE_PROVIDERS * paths * R;
    for (int p = 0; p < paths; p++)
        for (int r = 1; r < R; r++) changes += a[(size_t)p * R + r] != a[(size_t)p * R + r - 1];
    return changes;
}

/* Issue 13: the lane passes (each variant this CPU runs, one and two
 * threads) write the scalar passes' bytes exactly, records and outcomes, in
 * cases that take every branch of the provider model: uniform and auction
 * pricing, a two-day step (the entry probability through pow), entry without
 * onboarding, a pool of exactly one group, one smaller than a group, and one
 * a group and a bit. Every case must see the active count move (exits,
 * entries), so the decisions' sparse pass is compared too. */
static void lanes_identical_to_scalar(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"run.seed=11", NULL},
        {"pricing.model=auction", NULL},
        {"run.step_days=2", NULL},
        {"providers.onboarding_days=0", NULL},
        {"providers.count=64", NULL},
        {"providers.count=37", "pricing.model=auction"},
        {"providers.count=70", "run.step_days=3"},
    };
    static const char *const lanes[] = {"portable", "avx2", "avx512"};
    int compared = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int nsets = cases[c][1] ? 2 : 1;
        ds_scenario sc = load_with("tests/data/small.yaml", (const char **)cases[c], nsets);
        const ds_params *P = &sc.variants[0].params;
        run_out ref = run_passes(P, "scalar", 1);
        if (active_changes(P, ref.rec) == 0)
            fail_msg("case %s: no provider ever moved", cases[c][0]);
        for (size_t l = 0; l < sizeof lanes / sizeof lanes[0]; l++) {
            if (!provider_lanes_pick(lanes[l])) {
                if (c == 0) print_message("lanes %s: not on this CPU, not compared\n", lanes[l]);
                continue;
            }
            for (int threads = 1; threads <= 2; threads++) {
                run_out got = run_passes(P, lanes[l], threads);
                if (memcmp(ref.rec, got.rec, ref.n_rec * sizeof *ref.rec) ||
                    memcmp(ref.outcomes, got.outcomes, ref.n_out * sizeof *ref.outcomes))
                    fail_msg("case %s: lanes %s on %d thread(s) differ from scalar", cases[c][0],
                             lanes[l], threads);
                run_out_free(&got);
                compared++;
            }
        }
        run_out_free(&ref);
        scenario_free(&sc);
    }
    /* the portable variant runs everywhere */
    assert_true(compared >= 2 * (int)(sizeof cases / sizeof cases[0]));
    assert_int_equal(engine_simd_use("auto"), DS_OK);
}

static void passes_by_name(void **state)
{
    (void)state;
    assert_int_equal(engine_simd_use("scalar"), DS_OK);
    assert_string_equal(engine_simd_name(), "scalar");
    assert_int_equal(engine_simd_use("sse9"), DS_EFAIL);
    assert_string_equal(engine_simd_name(), "scalar"); /* unchanged */
    assert_int_equal(engine_simd_use(NULL), DS_OK);
    const provider_passes *best = provider_lanes_pick(NULL);
    assert_string_equal(engine_simd_name(), best ? best->name : "scalar");
    assert_non_null(provider_lanes_pick("portable"));
    assert_null(provider_lanes_pick("scalar")); /* the engine's, not a lane variant */
}

/* Each variant's group draw against Random123's philox4x32 block by block,
 * word by word, under the group map: keys at the extremes, counters whose
 * block index runs to the top of 32 bits; and the first known answer. */
static void lane_philox_is_random123(void **state)
{
    (void)state;
    static const char *const lanes[] = {"portable", "avx2", "avx512"};
    static const uint32_t keys[][2] = {
        {0, 0}, {0xffffffffu, 0xffffffffu}, {7, 12345}, {0xa4093822u, 0x299f31d0u}};
    static const uint32_t steps[] = {0, 1, 1094, 0xffffffffu};
    static const uint32_t groups[] = {0, 1, 156, 0x0fffffffu};
    for (size_t l = 0; l < sizeof lanes / sizeof lanes[0]; l++) {
        const provider_passes *v = provider_lanes_pick(lanes[l]);
        if (!v) continue;
        uint32_t w[DS_RNG_GROUP];
        v->group(0, 0, 0, 0, 0, w);
        assert_int_equal(w[0], 0x6627e8d5u);
        assert_int_equal(w[16], 0xe169c58du);
        assert_int_equal(w[32], 0xbc57ac4cu);
        assert_int_equal(w[48], 0x9b00dbd8u);
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            for (uint32_t purpose = DS_RNG_PROVIDER_ONLINE; purpose <= DS_RNG_PROVIDER_DECIDE;
                 purpose++)
                for (size_t t = 0; t < sizeof steps / sizeof steps[0]; t++)
                    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
                        v->group(keys[k][0], keys[k][1], purpose, steps[t], groups[g], w);
                        for (int j = 0; j < DS_RNG_GROUP; j++) {
                            uint32_t b = groups[g] * DS_RNG_GROUP_BLOCKS + (uint32_t)(j & 15);
                            ds_rng4 r =
                                ds_rng_draw(keys[k][0], keys[k][1], purpose, steps[t], b, 0);
                            if (w[j] != r.v[j >> 4])
                                fail_msg("lanes %s: key %08x %08x step %u group %u word %d",
                                         lanes[l], keys[k][0], keys[k][1], steps[t], groups[g], j);
                        }
                    }
    }
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
        cmocka_unit_test(path_range_in_own_buffers),
        cmocka_unit_test(seed_changes_everything_random),
        cmocka_unit_test(common_random_numbers),
        cmocka_unit_test(lanes_identical_to_scalar),
        cmocka_unit_test(passes_by_name),
        cmocka_unit_test(lane_philox_is_random123),
        cmocka_unit_test(quantiles_type7),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
