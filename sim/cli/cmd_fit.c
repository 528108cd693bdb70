/* cmd_fit.c — `depinsim fit`: calibrate the token's price process (GBM,
 * Merton jumps, bull/bear regimes) or a demand series (log-OU around
 * exponential growth) to a CSV history by maximum likelihood (sim/fit/), and
 * print the result as YAML ready to paste into a scenario: a comment table of
 * every model's parameters ± standard errors, log-likelihood, AIC and BIC,
 * then the chosen model's `token:` or `demand:` block. Every key printed is
 * checked against the loader's key table first. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fit/fit.h"
#include "../io/scenario.h"
#include "../io/series_csv.h"

const char cli_usage_fit[] =
    "usage: depinsim fit SERIES.csv [--column NAME] [--as token|demand]\n"
    "                    [--model auto|gbm|merton|regime]\n"
    "\n"
    "Fits the model's random process to a history by maximum likelihood and prints\n"
    "a YAML block for a scenario, each parameter with its standard error.\n"
    "  --as token    (default) daily closes, USD/token: GBM drift and volatility,\n"
    "                Merton jumps (rate, mean, sd), a two-state bull/bear switch\n"
    "                (Hamilton filter; needs rows one day apart); the block of the\n"
    "                model with the lowest AIC, or --model's\n"
    "  --as demand   a demand series (heq-h/day, > 0): growth rate, and the\n"
    "                reversion and volatility of the log shock (log-OU)\n"
    "  --column      the value column (default: close, or demand with --as demand)\n"
    "\n"
    "The file: a `date` (YYYY-MM-DD) or `day` column and value columns, as for\n"
    "a scenario's inputs (scenarios/README.md). Exit status: 0 fitted; 2 bad usage\n"
    "or a bad file (every fault located); 1 any other failure.\n";

/* The key as the loader knows it, or an internal error: a renamed key must
 * fail here, not in the user's scenario. */
static int known(const char *key, ds_errors *errs)
{
    if (scenario_key_exists(key)) return 1;
    errors_add(errs, DS_EFAIL, NULL, 0, 0, key, "internal: fit prints a key the loader lacks");
    return 0;
}

/* "token.jump_sd" → "jump_sd" */
static const char *leaf(const char *key)
{
    const char *d = strrchr(key, '.');
    return d ? d + 1 : key;
}

static void print_table(const fit_result *r, int n)
{
    printf("# model   params  log-likelihood           AIC           BIC\n");
    for (int m = 0; m < n; m++) {
        if (!r[m].n_par) {
            printf("# %-7s  (not fitted: needs rows one day apart)\n", r[m].model);
            continue;
        }
        printf("# %-7s %6d %15.6f %13.6f %13.6f%s\n", r[m].model, r[m].n_par, r[m].loglik, r[m].aic,
               r[m].bic, r[m].converged ? "" : "  (optimizer did not converge)");
    }
    printf("#\n");
    for (int m = 0; m < n; m++) {
        if (!r[m].n_par) continue;
        printf("# %s:\n", r[m].model);
        for (int k = 0; k < r[m].n_par; k++)
            printf("#   %-26s %12.6g ± %.4g%s\n", leaf(r[m].key[k]), r[m].par[k], r[m].se[k],
                   isnan(r[m].se[k]) ? " (not identified: the information matrix is singular)"
                                     : "");
    }
}

/* The block's lines: the chosen model's parameters and the switches that
 * make the others' keys inert. */
static int print_token_block(const fit_result *r, int chosen, double last_price,
                             const char *last_day, ds_errors *errs)
{
    const char *keys[] = {"token.model",          "token.initial_price_usd",  "token.returns",
                          "token.regimes",        "token.jump_rate_per_year", "token.start",
                          "token.drift_per_year", "token.vol_per_sqrt_year"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!known(keys[k], errs)) return DS_EFAIL;
    for (int k = 0; k < r[chosen].n_par; k++)
        if (!known(r[chosen].key[k], errs)) return DS_EFAIL;
    printf("token:\n");
    /* the fit is of the price itself; under market_cap the same process would
     * move only the speculative part of the cap, the price being cap ÷ supply */
    printf("  model: random_walk  # the price follows the fitted process (market_cap: its "
           "speculative value does)\n");
    printf("  initial_price_usd: %.10g  # the last value, %s\n", last_price, last_day);
    printf("  returns: model\n");
    printf("  regimes: %s\n", chosen == DS_FIT_REGIME ? "true" : "false");
    if (chosen != DS_FIT_MERTON) printf("  jump_rate_per_year: 0\n");
    if (chosen == DS_FIT_REGIME)
        printf("  start: %s  # filtered P(bear) after the last return: %.3f\n",
               r[chosen].p_bear_last > 0.5 ? "bear" : "bull", r[chosen].p_bear_last);
    for (int k = 0; k < r[chosen].n_par; k++)
        printf("  %s: %.6g  # ± %.3g\n", leaf(r[chosen].key[k]), r[chosen].par[k], r[chosen].se[k]);
    return DS_OK;
}

static int print_demand_block(const fit_result *r, const char *last_day, ds_errors *errs)
{
    const char *keys[] = {"demand.growth", "demand.jump_rate_per_year"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!known(keys[k], errs)) return DS_EFAIL;
    for (int k = 0; k < r->n_par; k++)
        if (!known(r->key[k], errs)) return DS_EFAIL;
    printf("demand:\n");
    printf("  growth: exponential\n");
    printf("  jump_rate_per_year: 0\n");
    for (int k = 0; k < r->n_par; k++)
        printf("  %s: %.6g  # ± %.3g%s\n", leaf(r->key[k]), r->par[k], r->se[k],
               k == 0 ? (last_day[0] ? " (the trend on the last day)" : "") : "");
    (void)last_day;
    return DS_OK;
}

int cmd_fit(int argc, char **argv)
{
    static const struct option opts[] = {{"column", required_argument, 0, 'c'},
                                         {"as", required_argument, 0, 'a'},
                                         {"model", required_argument, 0, 'm'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    if (wants_help(argc, argv, cli_usage_fit)) return DS_OK;
    const char *column = NULL, *as = "token", *model = "auto";
    int c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'c')
            column = optarg;
        else if (c == 'a')
            as = optarg;
        else if (c == 'm')
            model = optarg;
        else
            return bad_option(cli_usage_fit, c, argv);
    }
    if (optind != argc - 1) return usage_error(cli_usage_fit, "%s", "fit takes one CSV file");
    int demand = !strcmp(as, "demand");
    if (!demand && strcmp(as, "token"))
        return usage_error(cli_usage_fit, "--as '%s': token or demand", as);
    static const char *const models[] = {"gbm", "merton", "regime"};
    int forced = -1;
    for (int m = 0; m < 3; m++)
        if (!strcmp(model, models[m])) forced = m;
    if (forced < 0 && strcmp(model, "auto"))
        return usage_error(cli_usage_fit, "--model '%s': auto, gbm, merton or regime", model);
    if (demand && forced >= 0) return usage_error(cli_usage_fit, "%s", "--model is for --as token");
    if (!column) column = demand ? "demand" : "close";

    const char *path = argv[optind];
    ds_errors errs = {0};
    csv_series s;
    int rc = csv_series_read(path, column, &s, &errs);
    for (int i = 0; rc == DS_OK && i < s.n; i++) {
        if (s.value[i] > 0) continue;
        errors_add(&errs, DS_EINPUT, path, s.line[i], s.col[i], column,
                   "%g: a fit takes logs, so every value must be positive", s.value[i]);
        rc = DS_EINPUT;
        break;
    }
    fit_result r[DS_FIT_N_TOKEN];
    if (rc == DS_OK)
        rc = demand ? fit_demand(s.day, s.value, s.n, r, &errs)
                    : fit_token(s.day, s.value, s.n, r, &errs);
    if (rc != DS_OK) {
        if (errs.n && !errs.items[errs.n - 1].file[0]) /* the fit's own message: name the file */
            snprintf(errs.items[errs.n - 1].file, sizeof errs.items[0].file, "%s", path);
        csv_series_free(&s);
        return errors_report(&errs, rc);
    }
    char first[40], last[40];
    if (s.dated) {
        csv_format_date(s.day[0], first, sizeof first);
        csv_format_date(s.day[s.n - 1], last, sizeof last);
    } else {
        snprintf(first, sizeof first, "day %.6g", s.day[0]);
        snprintf(last, sizeof last, "day %.6g", s.day[s.n - 1]);
    }
    printf("# depinsim fit ");
    errors_put_text(stdout, path);
    printf(" --column ");
    errors_put_text(stdout, column);
    printf(" --as %s\n", demand ? "demand" : "token");
    printf("# %d rows, %s to %s, usual step %.6g day(s); file SHA-256 %s\n", s.n, first, last,
           s.median_step, s.sha256);
    if (demand) {
        printf("# log D = c + g·t + X, X a log-OU shock; exact transitions, conditional on the "
               "first row\n#\n");
        print_table(r, 1);
        rc = print_demand_block(r, last, &errs);
    } else {
        int chosen = DS_FIT_GBM;
        for (int m = 1; m < DS_FIT_N_TOKEN; m++)
            if (r[m].n_par && r[m].aic < r[chosen].aic) chosen = m;
        int by_bic = DS_FIT_GBM;
        for (int m = 1; m < DS_FIT_N_TOKEN; m++)
            if (r[m].n_par && r[m].bic < r[by_bic].bic) by_bic = m;
        printf("# log returns as the model draws them: (μ − σ²/2)·Δ + σ·√Δ·z (+ jumps; "
               "regimes switch daily)\n#\n");
        print_table(r, DS_FIT_N_TOKEN);
        if (forced >= 0 && !r[forced].n_par) {
            csv_series_free(&s);
            errors_add(&errs, DS_EINPUT, path, 0, 0, NULL,
                       "--model regime needs rows one day apart (the switch is daily)");
            return errors_report(&errs, DS_EINPUT);
        }
        printf("# lowest AIC: %s; lowest BIC: %s%s\n#\n", r[chosen].model, r[by_bic].model,
               forced >= 0 ? "; printed: --model's" : "; printed: the lowest AIC");
        rc = print_token_block(r, forced >= 0 ? forced : chosen, s.value[s.n - 1], last, &errs);
    }
    csv_series_free(&s);
    return errors_report(&errs, rc);
}
