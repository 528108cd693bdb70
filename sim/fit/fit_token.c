/* fit_token.c — maximum likelihood for the token's price process, in the
 * model's own parametrisation (models/market.h): over a step of Δ years the
 * log return is (μ − σ²/2)·Δ + σ·√Δ·z plus, for Merton, a Poisson(λΔ) number
 * of N(μ_J, s_J²) jumps, and for the regime model μ and σ of a bull or bear
 * state that switches with a daily probability before each day's return.
 *   gbm     closed form, exact standard errors;
 *   merton  the Poisson mixture of normals, summed until its tail is below
 *           1e-14, maximised by Nelder–Mead from several starts;
 *   regime  the Hamilton filter's likelihood (stationary start), likewise;
 *           the state with the higher drift is called bull.
 * Standard errors of merton and regime come from the numerical Hessian. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"

#define DAYS_PER_YEAR 365.0
#define LOG_2PI 1.8378770664093454836

typedef struct {
    const double *r;  /* [n] log returns */
    const double *dt; /* [n] their steps, years */
    int n;
} returns;

static double log_normal(double x, double mean, double var)
{
    double d = x - mean;
    return -0.5 * (LOG_2PI + log(var) + d * d / var);
}

/* ---------------------------------------------------------------- gbm */

static void fit_gbm(const returns *R, fit_result *o)
{
    double T = 0.0, S = 0.0;
    for (int i = 0; i < R->n; i++) T += R->dt[i], S += R->r[i];
    double a = S / T, v = 0.0; /* a = μ − σ²/2 per year; v = σ² */
    for (int i = 0; i < R->n; i++) {
        double e = R->r[i] - a * R->dt[i];
        v += e * e / R->dt[i];
    }
    v /= R->n;
    double ll = 0.0;
    for (int i = 0; i < R->n; i++) ll += log_normal(R->r[i], a * R->dt[i], v * R->dt[i]);
    o->model = "gbm";
    o->n_par = 2;
    o->key[0] = "token.drift_per_year";
    o->key[1] = "token.vol_per_sqrt_year";
    o->par[0] = a + 0.5 * v;
    o->par[1] = sqrt(v);
    /* the Fisher information is diagonal in (a, σ²): var a = σ²/T, var σ² = 2σ⁴/n */
    o->se[0] = sqrt(v / T + 0.25 * 2.0 * v * v / R->n);
    o->se[1] = sqrt(v) / sqrt(2.0 * R->n);
    o->loglik = ll;
    o->converged = 1;
}

/* ---------------------------------------------------------------- merton */

/* The Poisson mixture's terms for one step length: for k jumps, the log
 * probability, and the normal's mean offset, log variance and inverse
 * variance; k runs until the Poisson tail is below 1e-14. Recomputed only
 * when the step changes (never, for daily rows). */
typedef struct {
    double dt;
    int K;
    double lp[64], mean[64], c[64], iv[64];
} mixture;

static void mixture_set(mixture *m, double dt, double a, double sig, double lam, double mj,
                        double sj)
{
    double mu = lam * dt, lp = -mu, cdf = 0.0;
    m->dt = dt;
    m->K = 0;
    for (int k = 0; k < 64; k++) {
        if (k > 0) lp += log(mu) - log((double)k);
        double var = sig * sig * dt + k * sj * sj;
        m->lp[k] = lp;
        m->mean[k] = a * dt + k * mj;
        m->c[k] = lp - 0.5 * (LOG_2PI + log(var));
        m->iv[k] = 1.0 / var;
        m->K = k + 1;
        cdf += exp(lp);
        if (1.0 - cdf < 1e-14 || !(mu > 0.0)) break;
    }
}

/* −log-likelihood in natural parameters θ = (μ, σ, λ, μ_J, s_J). */
static double merton_nll(const double *th, void *ctx)
{
    const returns *R = ctx;
    double mu = th[0], sig = th[1], lam = th[2], mj = th[3], sj = th[4];
    if (!(sig > 0.0) || !(lam >= 0.0) || !(sj > 0.0)) return INFINITY;
    double a = mu - 0.5 * sig * sig, nll = 0.0;
    mixture m;
    m.dt = -1.0;
    m.K = 0;
    for (int i = 0; i < R->n; i++) {
        if (R->dt[i] != m.dt) mixture_set(&m, R->dt[i], a, sig, lam, mj, sj);
        double terms[64], mx = -INFINITY;
        for (int k = 0; k < m.K; k++) {
            double d = R->r[i] - m.mean[k];
            terms[k] = m.c[k] - 0.5 * d * d * m.iv[k];
            if (terms[k] > mx) mx = terms[k];
        }
        double s = 0.0;
        for (int k = 0; k < m.K; k++) s += exp(terms[k] - mx);
        nll -= mx + log(s);
    }
    return isfinite(nll) ? nll : INFINITY;
}

/* The optimiser's coordinates: (μ, log σ, logit(λ / 365), μ_J, log s_J). The
 * rate stays below the key's bound, one jump a day: without it, Gaussian
 * returns are matched as well by hundreds of tiny jumps a day as by a
 * diffusion, and the optimiser wanders off to that corner. */
#define MERTON_MAX_RATE 365.0
static double merton_nll_x(const double *x, void *ctx)
{
    double th[5] = {x[0], exp(x[1]), MERTON_MAX_RATE / (1.0 + exp(-x[2])), x[3], exp(x[4])};
    return merton_nll(th, ctx);
}

static void fit_merton(const returns *R, const fit_result *gbm, fit_result *o)
{
    double mu = gbm->par[0], sig = gbm->par[1], day = sig * sqrt(1.0 / DAYS_PER_YEAR);
    /* starts: rare large jumps, and frequent ones, both a little down */
    const double lam0[2] = {5.0, 40.0};
    double best[5] = {0}, vbest = INFINITY;
    int conv = 0;
    for (int a = 0; a < 2; a++) {
        double l = lam0[a] / MERTON_MAX_RATE;
        double x[5] = {mu, log(0.8 * sig), log(l / (1.0 - l)), -day, log(3.0 * day)};
        const double step[5] = {0.5, 0.2, 0.7, day, 0.4};
        int c = 0;
        double v = fit_minimise(merton_nll_x, (void *)R, x, step, 5, &c);
        if (v < vbest) vbest = v, memcpy(best, x, sizeof best), conv = c;
    }
    static const char *const keys[5] = {"token.drift_per_year", "token.vol_per_sqrt_year",
                                        "token.jump_rate_per_year", "token.jump_mean",
                                        "token.jump_sd"};
    o->model = "merton";
    o->n_par = 5;
    double th[5] = {best[0], exp(best[1]), MERTON_MAX_RATE / (1.0 + exp(-best[2])), best[3],
                    exp(best[4])};
    for (int k = 0; k < 5; k++) o->key[k] = keys[k], o->par[k] = th[k];
    double h[5];
    for (int k = 0; k < 5; k++) h[k] = 1e-4 * (fabs(th[k]) > 1e-3 ? fabs(th[k]) : 1e-3);
    fit_std_errors(merton_nll, (void *)R, th, h, 5, o->se);
    o->loglik = -vbest;
    o->converged = conv;
}

/* ---------------------------------------------------------------- regime */

/* −log-likelihood by the Hamilton filter, natural parameters θ = (μ_bull,
 * σ_bull, μ_bear, σ_bear, p_bull→bear, p_bear→bull), daily returns. *p_bear:
 * the filtered bear probability after the last return (or NULL). */
static double regime_filter(const double *th, const returns *R, double *p_bear)
{
    double s0 = th[1], s1 = th[3], p01 = th[4], p10 = th[5];
    if (!(s0 > 0.0) || !(s1 > 0.0) || !(p01 > 0.0) || !(p10 > 0.0) || p01 >= 1.0 || p10 >= 1.0)
        return INFINITY;
    double a0 = th[0] - 0.5 * s0 * s0, a1 = th[2] - 0.5 * s1 * s1;
    double bear = p01 / (p01 + p10), nll = 0.0; /* the stationary start */
    double dt = -1.0, m0 = 0, m1 = 0, c0 = 0, c1 = 0, i0 = 0, i1 = 0;
    for (int i = 0; i < R->n; i++) {
        if (R->dt[i] != dt) { /* each state's normal for this step length */
            dt = R->dt[i];
            m0 = a0 * dt, m1 = a1 * dt;
            c0 = -0.5 * (LOG_2PI + log(s0 * s0 * dt)), i0 = 1.0 / (s0 * s0 * dt);
            c1 = -0.5 * (LOG_2PI + log(s1 * s1 * dt)), i1 = 1.0 / (s1 * s1 * dt);
        }
        double q1 = (1.0 - bear) * p01 + bear * (1.0 - p10), q0 = 1.0 - q1;
        double d0 = R->r[i] - m0, d1 = R->r[i] - m1;
        double l0 = c0 - 0.5 * d0 * d0 * i0, l1 = c1 - 0.5 * d1 * d1 * i1;
        double mx = l0 > l1 ? l0 : l1;
        double w0 = q0 * exp(l0 - mx), w1 = q1 * exp(l1 - mx), L = w0 + w1;
        if (!(L > 0.0)) return INFINITY;
        nll -= mx + log(L);
        bear = w1 / L;
    }
    if (p_bear) *p_bear = bear;
    return isfinite(nll) ? nll : INFINITY;
}

static double regime_nll(const double *th, void *ctx)
{
    return regime_filter(th, ctx, NULL);
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* Coordinates: (μ_bull, log σ_bull, μ_bear, log σ_bear, logit p01, logit p10). */
static double regime_nll_x(const double *x, void *ctx)
{
    double th[6] = {x[0], exp(x[1]), x[2], exp(x[3]), logistic(x[4]), logistic(x[5])};
    return regime_filter(th, ctx, NULL);
}

static void fit_regime(const returns *R, const fit_result *gbm, fit_result *o)
{
    double mu = gbm->par[0], sig = gbm->par[1];
    /* starts: calm and rising against wild and falling, in three proportions */
    const double start[3][6] = {{mu + 1.0, 0.8 * sig, mu - 1.0, 1.2 * sig, 0.01, 0.01},
                                {mu + 2.0, 0.6 * sig, mu - 3.0, 1.5 * sig, 0.005, 0.02},
                                {mu + 2.0, sig, mu - 2.0, sig, 0.02, 0.02}};
    double best[6] = {0}, vbest = INFINITY;
    int conv = 0;
    for (int s = 0; s < 3; s++) {
        const double *t = start[s];
        double x[6] = {
            t[0], log(t[1]), t[2], log(t[3]), log(t[4] / (1 - t[4])), log(t[5] / (1 - t[5]))};
        const double step[6] = {1.0, 0.3, 1.0, 0.3, 1.0, 1.0};
        int c = 0;
        double v = fit_minimise(regime_nll_x, (void *)R, x, step, 6, &c);
        if (v < vbest) vbest = v, memcpy(best, x, sizeof best), conv = c;
    }
    double th[6] = {best[0],      exp(best[1]),      best[2],
                    exp(best[3]), logistic(best[4]), logistic(best[5])};
    if (th[2] > th[0]) { /* bull is the state with the higher drift */
        double sw[6] = {th[2], th[3], th[0], th[1], th[5], th[4]};
        memcpy(th, sw, sizeof th);
    }
    static const char *const keys[6] = {
        "token.bull_drift_per_year",  "token.bull_vol_per_sqrt_year",
        "token.bear_drift_per_year",  "token.bear_vol_per_sqrt_year",
        "token.bull_to_bear_per_day", "token.bear_to_bull_per_day"};
    o->model = "regime";
    o->n_par = 6;
    for (int k = 0; k < 6; k++) o->key[k] = keys[k], o->par[k] = th[k];
    double h[6];
    for (int k = 0; k < 6; k++) h[k] = 1e-4 * (fabs(th[k]) > 1e-3 ? fabs(th[k]) : 1e-3);
    for (int k = 4; k < 6; k++) h[k] = 1e-3 * th[k]; /* probabilities: relative steps */
    fit_std_errors(regime_nll, (void *)R, th, h, 6, o->se);
    o->loglik = -regime_filter(th, R, &o->p_bear_last);
    o->converged = conv;
}

/* ---------------------------------------------------------------- all three */

static void criteria(fit_result *o)
{
    o->aic = 2.0 * o->n_par - 2.0 * o->loglik;
    o->bic = log((double)o->n_obs) * o->n_par - 2.0 * o->loglik;
}

int fit_token(const double *days, const double *prices, int n, fit_result out[DS_FIT_N_TOKEN],
              ds_errors *errs)
{
    memset(out, 0, DS_FIT_N_TOKEN * sizeof *out);
    if (n - 1 < DS_FIT_MIN_OBS) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
                   "%d returns; a fit needs at least %d (the standard errors would be a fiction)",
                   n - 1, DS_FIT_MIN_OBS);
        return DS_EINPUT;
    }
    double *r = malloc((size_t)(n - 1) * sizeof *r), *dt = malloc((size_t)(n - 1) * sizeof *dt);
    if (!r || !dt) {
        free(r);
        free(dt);
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory for the returns");
        return DS_EFAIL;
    }
    int daily = 1;
    for (int i = 1; i < n; i++) {
        r[i - 1] = log(prices[i] / prices[i - 1]);
        dt[i - 1] = (days[i] - days[i - 1]) / DAYS_PER_YEAR;
        daily &= days[i] - days[i - 1] == 1.0;
    }
    returns R = {r, dt, n - 1};
    fit_gbm(&R, &out[DS_FIT_GBM]);
    fit_merton(&R, &out[DS_FIT_GBM], &out[DS_FIT_MERTON]);
    if (daily) fit_regime(&R, &out[DS_FIT_GBM], &out[DS_FIT_REGIME]);
    for (int m = 0; m < DS_FIT_N_TOKEN; m++) {
        out[m].n_obs = n - 1;
        if (out[m].n_par) criteria(&out[m]);
    }
    if (!daily) out[DS_FIT_REGIME].model = "regime";
    free(r);
    free(dt);
    return DS_OK;
}
