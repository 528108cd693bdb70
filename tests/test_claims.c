/* test_claims.c — claims as a small language, against brute force: the
 * model's verdicts for a ratio of two metrics and for relative_to initial
 * equal the comparison recomputed from every path's records; all/any/not
 * equal the logic of their parts path by path; a conditional claim's P(A|B),
 * its interval and its count of conditioning paths equal a count over the
 * per-path verdicts. Claims decided by construction hold (or fail) on every
 * simulated path, as claimed. The loader's errors for the language, and
 * `run --variants`' selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/scenario.h"
#include "run/backend.h"
#include "run/claims.h"
#include "stats.h"

#define BASE                                                                                       \
    "name: t\n"                                                                                    \
    "run: {paths: 24, seed: 11, horizon_days: 60, step_days: 1, record_every: 1}\n"                \
    "hardware:\n"                                                                                  \
    "  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 0.3}\n"          \
    "  - {name: RTX4090, heq_per_device: 0.2, power_w: 450, price_usd: 1599, share: 0.7}\n"        \
    "regions:\n"                                                                                   \
    "  - {name: us-texas, electricity_usd_per_kwh: 0.066, share: 0.6}\n"                           \
    "  - {name: eu-germany, electricity_usd_per_kwh: 0.39, share: 0.4}\n"                          \
    "providers: {count: 200, patience_days_min: 5, patience_days_max: 20, margin_ema_days: 7,\n"   \
    "            exit_margin: 0.2, entry_rate_per_day: 0.05, onboarding_days: 3}\n"                \
    "demand: {base_heqh_per_day: 3000, jump_rate_per_year: 6, jump_mean: -0.2}\n"                  \
    "emission: {schedule: fixed, tokens_per_day: 5000}\n"                                          \
    "token: {initial_supply: 1.0e7, exogenous_buy_usd_per_day: 1000, vol_per_sqrt_year: 1.5}\n"

/* Load text as a scenario file; rc and errors returned. */
static int load_text(const char *text, ds_scenario *sc, ds_errors *errs)
{
    char path[64] = "/tmp/ds_claims_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    int rc = scenario_load(path, sc, errs);
    unlink(path);
    return rc;
}

typedef struct {
    int paths, R;
    double *rec;     /* [M × paths × R] */
    uint8_t *claims; /* [n_claims × paths] */
} sim;

static sim simulate(const ds_params *P)
{
    sim s = {P->run.paths, ds_params_records(P), NULL, NULL};
    s.rec = malloc((size_t)DS_N_METRICS * s.paths * s.R * sizeof *s.rec);
    s.claims = calloc((size_t)(P->n_claims ? P->n_claims : 1) * s.paths, 1);
    double *out = malloc((size_t)DS_N_OUTCOMES * s.paths * sizeof *out);
    uint8_t *done = calloc((size_t)s.paths, 1);
    ds_run_buffers buf = {s.paths, s.rec, out, s.claims, done, NULL, NULL, 0};
    ds_errors errs = {0};
    assert_int_equal(backend_run(DS_BACKEND_CPU, P, 0, s.paths, &buf, 2, NULL, &errs), DS_OK);
    for (int p = 0; p < s.paths; p++) assert_true(done[p]);
    free(out);
    free(done);
    return s;
}

static double at(const sim *s, int m, int p, int r)
{
    return s->rec[((size_t)m * s->paths + p) * s->R + r];
}

static void language_against_brute_force(void **state)
{
    (void)state;
    const char *text = BASE
        "claims:\n"
        "  - {name: keeps, metric: active_providers, relative_to: initial, op: ge, threshold: "
        "1.38}\n"
        "  - {name: cover, metric: fees, over: emission_value, op: ge, threshold: 2.0}\n"
        "  - {name: both, all: [keeps, cover]}\n"
        "  - {name: either, any: [keeps, cover]}\n"
        "  - {name: lost, not: keeps}\n"
        "  - {name: cover_if_kept, metric: fees, over: emission_value, op: ge, threshold: 2.0,\n"
        "     given: keeps}\n"
        "  - {name: both_if_lost, all: [keeps, cover], given: lost}\n";
    ds_scenario sc;
    ds_errors errs = {0};
    assert_int_equal(load_text(text, &sc, &errs), DS_OK);
    const ds_params *P = &sc.variants[0].params;
    assert_int_equal(P->n_claims, 7);
    sim s = simulate(P);
    int n_keep = 0, n_cover = 0;
    for (int p = 0; p < s.paths; p++) {
        /* record_every 1: record 0 is the first step, the "initial" value */
        int keeps =
            at(&s, DS_M_ACTIVE_PROVIDERS, p, s.R - 1) / at(&s, DS_M_ACTIVE_PROVIDERS, p, 0) >= 1.38;
        int cover = at(&s, DS_M_FEES, p, s.R - 1) / at(&s, DS_M_EMISSION_VALUE, p, s.R - 1) >= 2.0;
        const uint8_t *h = s.claims;
        assert_int_equal(h[0 * s.paths + p], keeps);
        assert_int_equal(h[1 * s.paths + p], cover);
        assert_int_equal(h[2 * s.paths + p], keeps && cover);
        assert_int_equal(h[3 * s.paths + p], keeps || cover);
        assert_int_equal(h[4 * s.paths + p], !keeps);
        assert_int_equal(h[5 * s.paths + p], cover); /* per path: the claim itself */
        n_keep += keeps;
        n_cover += cover;
    }
    /* the thresholds split the paths, so every count below is a real test */
    assert_true(n_keep > 2 && n_keep < s.paths - 2);
    assert_true(n_cover > 2 && n_cover < s.paths - 2);

    ds_claim_result res[DS_MAX_CLAIMS];
    char txt[DS_MAX_CLAIMS][CLAIMS_TEXT_MAX];
    claims_judge(P, s.claims, s.paths, res, txt);
    /* P(cover | keeps) by brute force over the per-path verdicts */
    int given = 0, both = 0, lost = 0, both_lost = 0;
    for (int p = 0; p < s.paths; p++) {
        int k = s.claims[p], c = s.claims[s.paths + p];
        given += k;
        both += k && c;
        lost += !k;
        /* from the engine's own verdict of "both": 0 unless it contradicts keeps */
        both_lost += !k && s.claims[2 * s.paths + p];
    }
    assert_int_equal(res[5].paths, given);
    assert_int_equal(res[5].holds, both);
    assert_int_equal(res[5].paths_total, s.paths);
    assert_string_equal(res[5].given, "keeps");
    assert_true(res[5].probability == (double)both / given);
    double lo, hi;
    stats_wilson(both, given, &lo, &hi);
    assert_true(res[5].wilson_lo == lo && res[5].wilson_hi == hi);
    assert_int_equal(res[6].paths, lost);
    assert_int_equal(res[6].holds, both_lost);
    assert_int_equal(both_lost, 0); /* all of (keeps, …) given not keeps holds nowhere */
    assert_true(res[6].probability == 0.0);
    stats_wilson(0, lost, &lo, &hi);
    assert_true(res[6].wilson_lo == lo && res[6].wilson_hi == hi && hi > 0);
    assert_int_equal(res[1].paths, s.paths); /* unconditional: every path */
    assert_int_equal(res[1].holds, n_cover);
    assert_string_equal(txt[0], "active_providers / initial >= 1.38 at the end");
    assert_string_equal(txt[1], "fees / emission_value >= 2 at the end");
    assert_string_equal(txt[2], "all of (keeps, cover)");
    assert_string_equal(txt[3], "any of (keeps, cover)");
    assert_string_equal(txt[4], "not keeps");
    assert_string_equal(txt[5], "fees / emission_value >= 2 at the end given keeps");
    assert_string_equal(res[2].metric, "");
    assert_true(isnan(res[2].threshold));
    free(s.rec);
    free(s.claims);
    scenario_free(&sc);
}

/* Claims decided by construction: what claims_construction says holds on
 * every one of 24 simulated paths; the others vary. */
static void construction_holds_on_every_path(void **state)
{
    (void)state;
    const char *text = BASE
        "pricing: {model: cloud_discount, cloud_fraction: 0.6}\n"
        "cloud: {on_demand_usd_per_heqh: 6.88, decline_per_year: 0.1}\n"
        "claims:\n"
        "  - {name: edge, metric: price_ratio, op: le, threshold: 0.6}\n"
        "  - {name: cheap, metric: price_ratio, op: lt, threshold: 0.7, when: always}\n"
        "  - {name: od, metric: cloud_on_demand, op: ge, threshold: 6.5}\n"
        "  - {name: od_ratio, metric: network_price, over: cloud_on_demand, op: gt, threshold: "
        "0.61}\n"
        "  - {name: late, metric: fees, op: gt, threshold: 0, when: window_mean,\n"
        "     window_start_day: 100, window_end_day: 200}\n"
        "  - {name: random, metric: token_price, op: ge, threshold: 1}\n"
        "  - {name: both, all: [cheap, od]}\n"
        "  - {name: mixed, any: [random, od]}\n"
        "  - {name: r_if_late, metric: token_price, op: ge, threshold: 1, given: late}\n";
    ds_scenario sc;
    ds_errors errs = {0};
    assert_int_equal(load_text(text, &sc, &errs), DS_OK);
    const ds_params *P = &sc.variants[0].params;
    int decided[DS_MAX_CLAIMS];
    char why[DS_MAX_CLAIMS][CLAIMS_TEXT_MAX];
    assert_int_equal(claims_construction(P, decided, why, &errs), DS_OK);
    /* edge: decided on the one path (reference on_demand is a function of time), and the
     * threshold is the value itself: said */
    const int want[9] = {1, 1, 1, -1, -1, 0, 1, 1, 0};
    for (int c = 0; c < 9; c++) {
        print_message("%s: %d %s\n", P->claims[c].name, decided[c], why[c]);
        assert_int_equal(decided[c], want[c]);
    }
    assert_non_null(strstr(why[0], "rounding decides it"));
    assert_non_null(strstr(why[4], "no step of the run ends in its window"));
    assert_non_null(strstr(why[8], "its condition late fails on every path"));
    assert_string_equal(why[5], "");
    sim s = simulate(P);
    for (int c = 0; c < P->n_claims; c++) {
        int k = 0;
        for (int p = 0; p < s.paths; p++) k += s.claims[(size_t)c * s.paths + p];
        if (decided[c] == 1) assert_int_equal(k, s.paths);
        if (decided[c] == -1) assert_int_equal(k, 0);
        if (c == 5) assert_true(k > 0 && k < s.paths); /* the token varies */
    }
    free(s.rec);
    free(s.claims);
    scenario_free(&sc);
}

/* The loader's errors, located, for the language's mistakes. */
static void language_errors(void **state)
{
    (void)state;
    static const struct {
        const char *claims, *want;
    } cases[] = {
        {"  - {name: a, all: [b]}\n", "claims.0.all: 'b' is not the name of a claim listed before "
                                      "this one"},
        {"  - {name: a, metric: fees, op: ge, threshold: 1}\n  - {name: b, any: [a, a]}\n",
         "claims.1.any: 'a' is named twice"},
        {"  - {name: a, metric: fees, op: ge, threshold: 1}\n  - {name: b, not: [a, a]}\n",
         "claims.1.not: expected a claim name"},
        {"  - {name: a, metric: fees, op: ge, threshold: 1}\n"
         "  - {name: b, metric: fees, op: ge, threshold: 1, all: [a]}\n",
         "claims.N.name: claim 'b' both compares a metric and combines claims: give metric, op and "
         "threshold, or one of all, any and not"},
        {"  - {name: a, metric: fees, op: ge}\n",
         "claims.N.name: claim 'a' needs metric, op and threshold (a comparison), or one of all, "
         "any and not (a combination of earlier claims)"},
        {"  - {name: a, metric: fees, op: ge, threshold: 1}\n  - {name: b, all: [a], any: [a]}\n",
         "claims.N.name: claim 'b' combines claims in more than one way: give one of all, any and "
         "not (nest them through another claim)"},
        {"  - {name: a, metric: fees, over: feez, op: ge, threshold: 1}\n",
         "claims.0.over: expected one of none, token_price"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[4096];
        snprintf(text, sizeof text, "%sclaims:\n%s", BASE, cases[i].claims);
        ds_scenario sc;
        ds_errors errs = {0};
        assert_int_equal(load_text(text, &sc, &errs), DS_EINPUT);
        assert_true(errs.n >= 1);
        char got[1400];
        snprintf(got, sizeof got, "%s: %s", errs.items[0].key, errs.items[0].msg);
        if (strncmp(got, cases[i].want, strlen(cases[i].want))) {
            errors_print(&errs, stderr);
            fail_msg("case %zu: got '%s'", i, got);
        }
        errors_free(&errs);
        scenario_free(&sc);
    }
    /* names are written in the file: --set cannot make a combination */
    char text[4096];
    snprintf(text, sizeof text,
             "%sclaims:\n  - {name: a, metric: fees, op: ge, threshold: 1}\n"
             "  - {name: b, not: a}\n",
             BASE);
    ds_scenario sc;
    ds_errors errs = {0};
    assert_int_equal(load_text(text, &sc, &errs), DS_OK);
    assert_true(sc.base.claims[1].not_of == 1u);
    assert_int_equal(scenario_set(&sc, "claims.1.not=a", 1, &errs), DS_EINPUT);
    assert_string_equal(errs.items[0].msg, "claim names can only be written in the file");
    errors_free(&errs);
    scenario_free(&sc);
}

static void variant_selection(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text,
             "%svariants:\n  a: {token.impact: 0.5}\n  b: {token.impact: 0.7}\n"
             "  c: {token.impact: 0.9}\n",
             BASE);
    ds_scenario sc;
    ds_errors errs = {0};
    assert_int_equal(load_text(text, &sc, &errs), DS_OK);
    assert_int_equal(sc.n_variants, 4);
    assert_int_equal(scenario_select(&sc, "c, a", &errs), DS_OK);
    assert_int_equal(sc.n_variants, 2);
    assert_string_equal(sc.variants[0].name, "a"); /* the scenario's order */
    assert_string_equal(sc.variants[1].name, "c");
    assert_true(sc.variants[1].params.token.impact == 0.9);
    assert_string_equal(sc.variants_selected, "a,c");
    assert_int_equal(sc.variants_in_scenario, 4);
    scenario_free(&sc);
    assert_int_equal(load_text(text, &sc, &errs), DS_OK);
    assert_int_equal(scenario_select(&sc, "base,d", &errs), DS_EINPUT);
    assert_non_null(strstr(errs.items[0].msg, "no variant 'd'"));
    assert_non_null(strstr(errs.items[0].msg, "did you mean 'a'?"));
    assert_int_equal(sc.n_variants, 4); /* unchanged on error */
    errors_free(&errs);
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(language_against_brute_force),
        cmocka_unit_test(construction_holds_on_every_path),
        cmocka_unit_test(language_errors),
        cmocka_unit_test(variant_selection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
