/* fit_demand.c — maximum likelihood for a demand series as the model's
 * demand (models/demand.h): log D_t = c + g·t + X_t, exponential growth g a
 * year and a log shock X that reverts at κ a year with volatility σ (an
 * Ornstein–Uhlenbeck process). Each row's step uses the exact transition,
 * X' = e^(−κΔ)·X + N(0, σ²(1 − e^(−2κΔ))/(2κ)), so that monthly or irregular
 * rows fit the same continuous process the model steps daily (its Euler
 * step differs by O(κΔ) = 0.5% at κ = 2, daily: well inside the standard
 * errors); conditional on the first row. The trend is written as its value at
 * the last row (where a scenario starts) and the slope. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"

#define DAYS_PER_YEAR 365.0
#define LOG_2PI 1.8378770664093454836

typedef struct {
    const double *y; /* [n] log demand */
    const double *t; /* [n] years from the last row (≤ 0) */
    int n;
} series;

/* −log-likelihood in natural parameters θ = (c_last, g, κ, σ). */
static double ou_nll(const double *th, void *ctx)
{
    const series *S = ctx;
    double c = th[0], g = th[1], k = th[2], s = th[3];
    if (!(k > 0.0) || !(s > 0.0)) return INFINITY;
    double nll = 0.0, x0 = S->y[0] - c - g * S->t[0];
    for (int i = 1; i < S->n; i++) {
        double dt = S->t[i] - S->t[i - 1], x = S->y[i] - c - g * S->t[i];
        double phi = exp(-k * dt), v = s * s * -expm1(-2.0 * k * dt) / (2.0 * k);
        double e = x - phi * x0;
        nll += 0.5 * (LOG_2PI + log(v) + e * e / v);
        x0 = x;
    }
    return isfinite(nll) ? nll : INFINITY;
}

/* Coordinates: (c_last, g, log κ, log σ). */
static double ou_nll_x(const double *x, void *ctx)
{
    double th[4] = {x[0], x[1], exp(x[2]), exp(x[3])};
    return ou_nll(th, ctx);
}

/* Starting values: least squares of y on (1, t) for the trend, then the
 * lag-one regression of its residuals for the reversion and the noise. */
static void ou_start(const series *S, double *x)
{
    double st = 0, sy = 0, stt = 0, sty = 0, n = S->n;
    for (int i = 0; i < S->n; i++)
        st += S->t[i], sy += S->y[i], stt += S->t[i] * S->t[i], sty += S->t[i] * S->y[i];
    double den = n * stt - st * st;
    double g = den > 0 ? (n * sty - st * sy) / den : 0.0, c = (sy - g * st) / n;
    double sxx = 0, sxy = 0, dt = (S->t[S->n - 1] - S->t[0]) / (S->n - 1);
    for (int i = 1; i < S->n; i++) {
        double a = S->y[i - 1] - c - g * S->t[i - 1], b = S->y[i] - c - g * S->t[i];
        sxx += a * a, sxy += a * b;
    }
    double phi = sxx > 0 ? sxy / sxx : 0.5;
    if (!(phi > 0.01)) phi = 0.01;
    if (phi > 0.999) phi = 0.999;
    double k = -log(phi) / dt, ss = 0;
    for (int i = 1; i < S->n; i++) {
        double a = S->y[i - 1] - c - g * S->t[i - 1], b = S->y[i] - c - g * S->t[i];
        ss += (b - phi * a) * (b - phi * a);
    }
    double v = ss / (S->n - 1), s = sqrt(v * 2.0 * k / (1.0 - phi * phi));
    x[0] = c, x[1] = g, x[2] = log(k), x[3] = log(s > 0 ? s : 0.1);
}

int fit_demand(const double *days, const double *values, int n, fit_result *out, ds_errors *errs)
{
    memset(out, 0, sizeof *out);
    if (n - 1 < DS_FIT_MIN_OBS) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
                   "%d steps between rows; a fit needs at least %d", n - 1, DS_FIT_MIN_OBS);
        return DS_EINPUT;
    }
    double *y = malloc((size_t)n * sizeof *y), *t = malloc((size_t)n * sizeof *t);
    if (!y || !t) {
        free(y);
        free(t);
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory for the series");
        return DS_EFAIL;
    }
    for (int i = 0; i < n; i++) {
        y[i] = log(values[i]);
        t[i] = (days[i] - days[n - 1]) / DAYS_PER_YEAR;
    }
    series S = {y, t, n};
    double x[4];
    ou_start(&S, x);
    const double step[4] = {0.2, 0.2, 0.7, 0.3};
    int conv = 0;
    double v = fit_minimise(ou_nll_x, &S, x, step, 4, &conv);
    double th[4] = {x[0], x[1], exp(x[2]), exp(x[3])}, h[4], se[4];
    for (int k = 0; k < 4; k++) h[k] = 1e-4 * (fabs(th[k]) > 1e-2 ? fabs(th[k]) : 1e-2);
    fit_std_errors(ou_nll, &S, th, h, 4, se);
    out->model = "log-ou";
    out->n_par = 4;
    out->key[0] = "demand.base_heqh_per_day";
    out->key[1] = "demand.growth_rate_per_year";
    out->key[2] = "demand.shock_reversion_per_year";
    out->key[3] = "demand.shock_vol_per_sqrt_year";
    out->par[0] = exp(th[0]);
    out->se[0] = out->par[0] * se[0]; /* the delta method: d e^c = e^c dc */
    for (int k = 1; k < 4; k++) out->par[k] = th[k], out->se[k] = se[k];
    out->loglik = -v;
    out->n_obs = n - 1;
    out->aic = 2.0 * 4 - 2.0 * out->loglik;
    out->bic = log((double)out->n_obs) * 4 - 2.0 * out->loglik;
    out->converged = conv;
    free(y);
    free(t);
    return DS_OK;
}
