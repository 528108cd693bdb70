/* test_fit.c — `depinsim fit` recovers what depinsim drew (issue 15): token
 * price paths and demand paths simulated by the engine itself from known
 * parameters (tests/data/fit/sim.yaml, a one-provider network whose token
 * has no flow impact) are fitted back. For every model and parameter, over
 * several seeds, the estimate lies within 2 standard errors of the truth in
 * at least 80% of the cases (the nominal coverage is 95%) and within 3 in
 * all of them; AIC picks the process that drew the path; the standard errors
 * of GBM match their closed form; and the block printed by the command loads
 * as a scenario's token: block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load.h"
#include "tmpdir.h"

#include "../models/path.h"
#include "cli/cli.h"
#include "fit/fit.h"
#include "io/scenario.h"
#include "run/engine.h"

#define SIM "tests/data/fit/sim.yaml"

typedef struct {
    double *price; /* [steps + 1] */
} capture;

static void on_step(void *ctx, const void *state, int step)
{
    const ds_path *S = state;
    ((capture *)ctx)->price[step + 1] = S->token_price;
}

/* The engine's token price path (prices[0] the initial price) for the
 * scenario with these overrides; also its demand records when dem != NULL. */
static int simulate(const char **sets, int n_sets, double **price, double **dem)
{
    ds_scenario sc = load_with(SIM, sets, n_sets);
    const ds_params *P = &sc.variants[0].params;
    int steps = ds_params_steps(P), R = ds_params_records(P);
    capture c = {malloc((size_t)(steps + 1) * sizeof(double))};
    double *rec = malloc((size_t)DS_N_METRICS * R * sizeof(double));
    assert_non_null(c.price);
    assert_non_null(rec);
    c.price[0] = P->token.initial_price_usd;
    assert_int_equal(engine_run_path(P, 0, rec, on_step, &c), DS_OK);
    if (dem) {
        *dem = malloc((size_t)R * sizeof(double));
        assert_non_null(*dem);
        memcpy(*dem, rec + (size_t)DS_M_DEMAND_ADDRESSABLE * R, (size_t)R * sizeof(double));
    }
    free(rec);
    *price = c.price;
    scenario_free(&sc);
    return steps + 1;
}

typedef struct {
    int within2, within3, total;
    double worst; /* most standard errors off */
} coverage;

static void check(coverage *cv, const char *what, double est, double se, double truth)
{
    double z = fabs(est - truth) / se;
    print_message("  %-28s %10.5g ± %-9.3g truth %-8g (%.2f se)\n", what, est, se, truth, z);
    assert_true(se > 0 && isfinite(se));
    cv->total++;
    cv->within2 += z <= 2.0;
    cv->within3 += z <= 3.0;
    if (z > cv->worst) cv->worst = z;
}

static void assert_coverage(const coverage *cv, const char *name)
{
    print_message("%s: %d of %d within 2 se, %d within 3; worst %.2f se\n", name, cv->within2,
                  cv->total, cv->within3, cv->worst);
    assert_true(cv->within2 >= 0.8 * cv->total);
    assert_int_equal(cv->within3, cv->total);
}

static double *days_of(int n)
{
    double *d = malloc((size_t)n * sizeof *d);
    assert_non_null(d);
    for (int i = 0; i < n; i++) d[i] = i;
    return d;
}

static const char *seeds[] = {"run.seed=3", "run.seed=4", "run.seed=5"};

/* GBM: drift 0.3, volatility 0.8 over 3000 days; the standard errors are the
 * closed form's (σ/√(2n) for σ). */
static void recovers_gbm(void **state)
{
    (void)state;
    coverage cv = {0};
    for (int s = 0; s < 3; s++) {
        const char *sets[] = {seeds[s], "token.drift_per_year=0.3", "token.vol_per_sqrt_year=0.8"};
        double *price;
        int n = simulate(sets, 3, &price, NULL);
        double *days = days_of(n);
        fit_result r[DS_FIT_N_TOKEN];
        ds_errors errs = {0};
        assert_int_equal(fit_token(days, price, n, r, &errs), DS_OK);
        check(&cv, "drift_per_year", r[0].par[0], r[0].se[0], 0.3);
        check(&cv, "vol_per_sqrt_year", r[0].par[1], r[0].se[1], 0.8);
        assert_true(fabs(r[0].se[1] - r[0].par[1] / sqrt(2.0 * (n - 1))) < 1e-12);
        /* and the drift's: var = σ²/T + (1/4)·2σ⁴/n over T = (n − 1)/365 years */
        double v = r[0].par[1] * r[0].par[1], T = (n - 1) / 365.0;
        assert_true(fabs(r[0].se[0] - sqrt(v / T + 0.5 * v * v / (n - 1))) < 1e-12 * r[0].se[0]);
        /* on a GBM path the richer models buy too little likelihood for their parameters */
        assert_true(r[DS_FIT_GBM].aic < r[DS_FIT_MERTON].aic);
        assert_true(r[DS_FIT_GBM].bic < r[DS_FIT_REGIME].bic);
        free(price);
        free(days);
    }
    assert_coverage(&cv, "gbm");
}

/* Merton: drift 0.2, volatility 0.5, 25 jumps a year of mean −0.06 and sd 0.1,
 * 4000 days (about 270 jumps). */
static void recovers_merton(void **state)
{
    (void)state;
    coverage cv = {0};
    const double truth[5] = {0.2, 0.5, 25, -0.06, 0.1};
    for (int s = 0; s < 3; s++) {
        const char *sets[] = {seeds[s],
                              "run.horizon_days=4000",
                              "token.drift_per_year=0.2",
                              "token.vol_per_sqrt_year=0.5",
                              "token.jump_rate_per_year=25",
                              "token.jump_mean=-0.06",
                              "token.jump_sd=0.1"};
        double *price;
        int n = simulate(sets, 7, &price, NULL);
        double *days = days_of(n);
        fit_result r[DS_FIT_N_TOKEN];
        ds_errors errs = {0};
        assert_int_equal(fit_token(days, price, n, r, &errs), DS_OK);
        const fit_result *m = &r[DS_FIT_MERTON];
        assert_true(m->converged);
        for (int k = 0; k < 5; k++) check(&cv, m->key[k], m->par[k], m->se[k], truth[k]);
        assert_true(m->aic < r[DS_FIT_GBM].aic); /* the jumps are seen */
        free(price);
        free(days);
    }
    assert_coverage(&cv, "merton");
}

/* The bull/bear switch: bull drift 0.8 vol 0.5, bear drift −1.5 vol 1.1,
 * switching 1% a day bull → bear and 2% bear → bull, 6000 days. */
static void recovers_regimes(void **state)
{
    (void)state;
    coverage cv = {0};
    const double truth[6] = {0.8, 0.5, -1.5, 1.1, 0.01, 0.02};
    for (int s = 0; s < 3; s++) {
        const char *sets[] = {seeds[s],
                              "run.horizon_days=6000",
                              "token.regimes=true",
                              "token.bull_drift_per_year=0.8",
                              "token.bull_vol_per_sqrt_year=0.5",
                              "token.bear_drift_per_year=-1.5",
                              "token.bear_vol_per_sqrt_year=1.1",
                              "token.bull_to_bear_per_day=0.01",
                              "token.bear_to_bull_per_day=0.02"};
        double *price;
        int n = simulate(sets, 9, &price, NULL);
        double *days = days_of(n);
        fit_result r[DS_FIT_N_TOKEN];
        ds_errors errs = {0};
        assert_int_equal(fit_token(days, price, n, r, &errs), DS_OK);
        const fit_result *g = &r[DS_FIT_REGIME];
        assert_true(g->converged);
        for (int k = 0; k < 6; k++) check(&cv, g->key[k], g->par[k], g->se[k], truth[k]);
        assert_true(g->aic < r[DS_FIT_GBM].aic && g->aic < r[DS_FIT_MERTON].aic);
        free(price);
        free(days);
    }
    assert_coverage(&cv, "regime");
}

/* Demand: base 1000 heq-h/day growing 40% a year, a log shock reverting at
 * 3 a year with volatility 0.5, 3000 days (depinsim's daily Euler step; the
 * fit's exact transition differs from it by 0.4% in κ). The trend on the
 * last day is 1000·e^(0.4·2999/365). */
static void recovers_demand(void **state)
{
    (void)state;
    coverage cv = {0};
    for (int s = 0; s < 3; s++) {
        const char *sets[] = {seeds[s], "token.vol_per_sqrt_year=0.1"};
        double *price, *dem;
        int n = simulate(sets, 2, &price, &dem);
        double *days = days_of(n - 1);
        fit_result r;
        ds_errors errs = {0};
        assert_int_equal(fit_demand(days, dem, n - 1, &r, &errs), DS_OK);
        const double truth[4] = {1000.0 * exp(0.4 * (n - 2) / 365.0), 0.4, 3.0, 0.5};
        for (int k = 0; k < 4; k++) check(&cv, r.key[k], r.par[k], r.se[k], truth[k]);
        free(price);
        free(dem);
        free(days);
    }
    assert_coverage(&cv, "log-ou");
}

/* ---------------------------------------------------------------- the command */

static int setup(void **state)
{
    (void)state;
    return tmpdir_make("ds_fit");
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(g_dir);
    return 0;
}

/* Run a command with stdout into a file of the temporary directory. */
static int run_to(const char *out, int argc, char **argv)
{
    fflush(stdout);
    int saved = dup(1);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    dup2(fileno(f), 1);
    int rc = cmd_fit(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fclose(f);
    return rc;
}

/* The value of "  key: value" in a printed YAML block (not its comment lines). */
static double block_value(const char *block, const char *key)
{
    char pat[96];
    snprintf(pat, sizeof pat, "\n  %s: ", key);
    const char *p = strstr(block, pat);
    assert_non_null(p);
    return strtod(p + strlen(pat), NULL);
}

/* What `depinsim fit` prints loads: the token block (a regime path, so that
 * every regime key is printed) and the demand block, each appended to a
 * scenario without one. */
static void printed_blocks_load(void **state)
{
    (void)state;
    const char *sets[] = {"token.regimes=true", "run.horizon_days=1500"};
    double *price, *dem;
    int n = simulate(sets, 2, &price, &dem);
    char csv[512], out[512], yaml[512];
    in_dir(csv, sizeof csv, "series.csv");
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fprintf(f, "# simulated by depinsim (tests/data/fit/sim.yaml, regimes on)\n");
    fprintf(f, "day,close [USD/token],demand [heq-h/day]\n");
    for (int i = 0; i + 1 < n; i++) fprintf(f, "%d,%.17g,%.17g\n", i, price[i], dem[i]);
    fclose(f);
    free(price);
    free(dem);
    for (int as = 0; as < 2; as++) {
        in_dir(out, sizeof out, as ? "demand.yaml" : "token.yaml");
        char *argv[] = {"fit", csv, "--as", as ? "demand" : "token", "--model", "regime", NULL};
        assert_int_equal(run_to(out, as ? 4 : 6, argv), DS_OK);
        size_t len, blen;
        char *block = slurp(out, &blen);
        char *base = slurp(SIM, &len);
        /* the simulation scenario without its own token: or demand: block */
        char *cut = strstr(base, as ? "demand:" : "token:");
        assert_non_null(cut);
        char *next = strstr(cut, "\n") + 1;
        while (*next == ' ') next = strstr(next, "\n") + 1;
        size_t m = len + blen + 1;
        char *text = malloc(m);
        snprintf(text, m, "%.*s%s%s", (int)(cut - base), base, next, block);
        in_dir(yaml, sizeof yaml, "s.yaml");
        spit(yaml, text, strlen(text));
        ds_scenario sc;
        ds_errors errs = {0};
        int rc = scenario_open(yaml, NULL, 0, &sc, &errs);
        if (rc != DS_OK) {
            errors_print(&errs, stderr);
            fprintf(stderr, "%s", text);
        }
        assert_int_equal(rc, DS_OK);
        /* the scenario holds the values the block printed, to the digit */
        if (!as) {
            assert_true(sc.base.token.regimes);
            assert_true(sc.base.token.bull_to_bear_per_day > 0);
            assert_true(sc.base.token.bull_to_bear_per_day ==
                        block_value(block, "bull_to_bear_per_day"));
            assert_true(sc.base.token.bear_vol_per_sqrt_year ==
                        block_value(block, "bear_vol_per_sqrt_year"));
        } else {
            assert_true(sc.base.demand.shock_reversion_per_year > 0);
            assert_true(sc.base.demand.shock_reversion_per_year ==
                        block_value(block, "shock_reversion_per_year"));
            assert_true(sc.base.demand.growth_rate_per_year ==
                        block_value(block, "growth_rate_per_year"));
            assert_true(sc.base.demand.base_heqh_per_day ==
                        block_value(block, "base_heqh_per_day"));
        }
        scenario_free(&sc);
        errors_free(&errs);
        free(text);
        free(base);
        free(block);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_gbm),
        cmocka_unit_test(recovers_merton),
        cmocka_unit_test(recovers_regimes),
        cmocka_unit_test(recovers_demand),
        cmocka_unit_test_setup_teardown(printed_blocks_load, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
