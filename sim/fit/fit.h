/* fit.h — calibration of the model's random processes to a history by
 * maximum likelihood (`depinsim fit`): the token price's log returns as GBM,
 * Merton jump-diffusion and a two-state bull/bear switch (Hamilton filter),
 * and a demand series as a log-OU shock around exponential growth. Each fit
 * gives the parameters in the scenario's units, their standard errors (the
 * inverse of the observed information, a numerical Hessian of the
 * log-likelihood at the optimum), the log-likelihood, AIC and BIC. Pure
 * numerics on arrays: reading the file and printing are the command's. */
#ifndef DS_FIT_H
#define DS_FIT_H

#include "../error.h"

#define DS_FIT_MAX_PAR 6
/* Fewest returns (or demand rows) a fit accepts: below it the standard errors
 * would be a fiction. */
#define DS_FIT_MIN_OBS 30

enum { DS_FIT_GBM = 0, DS_FIT_MERTON = 1, DS_FIT_REGIME = 2, DS_FIT_N_TOKEN = 3 };

typedef struct {
    const char *model; /* "gbm", "merton", "regime", "log-ou" */
    int n_par;
    const char *key[DS_FIT_MAX_PAR]; /* each parameter's scenario key (token.…, demand.…) */
    double par[DS_FIT_MAX_PAR];
    double se[DS_FIT_MAX_PAR]; /* NaN where the information matrix is not positive definite */
    double loglik, aic, bic;
    int n_obs;          /* returns (token) or transitions (demand) */
    int converged;      /* the optimizer met its tolerance */
    double p_bear_last; /* regime: filtered probability of the bear state after the last return */
} fit_result;

/* The token fits of prices[0..n) on days[0..n) (increasing; prices > 0). The
 * regime fit needs rows one day apart (depinsim's switch is daily); on
 * other spacing out[DS_FIT_REGIME].n_par is 0. DS_OK, or DS_EINPUT with a
 * message (too few returns). */
int fit_token(const double *days, const double *prices, int n, fit_result out[DS_FIT_N_TOKEN],
              ds_errors *errs);

/* The demand fit of values[0..n) (> 0) on days[0..n): log D = c + g·t + X,
 * X an Ornstein–Uhlenbeck process (reversion κ, volatility σ), by its exact
 * transition density over each row's step. par: base_heqh_per_day (the trend
 * at the last row), growth_rate_per_year, shock_reversion_per_year,
 * shock_vol_per_sqrt_year. */
int fit_demand(const double *days, const double *values, int n, fit_result *out, ds_errors *errs);

/* ---- the numerics, shared by the fits (fit_opt.c) */

typedef double (*fit_objective)(const double *x, void *ctx); /* to minimise */

/* Nelder–Mead from x (n ≤ DS_FIT_MAX_PAR), first simplex steps step[i];
 * restarts at the best point until a restart no longer improves. x receives
 * the minimum; returns its value; *converged set. */
double fit_minimise(fit_objective f, void *ctx, double *x, const double *step, int n,
                    int *converged);

/* Standard errors at x: the square roots of the diagonal of the inverse
 * Hessian of f (a negative log-likelihood) by central differences, steps
 * h[i]. NaN for all when the Hessian is not positive definite. */
void fit_std_errors(fit_objective f, void *ctx, const double *x, const double *h, int n,
                    double *se);

#endif
