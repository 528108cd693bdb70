/* fit_opt.c — the numerics under the fits (fit.h): Nelder–Mead minimisation
 * with restarts, and standard errors from a central-difference Hessian,
 * inverted by Cholesky (which also says whether it is positive definite).
 * Small dense problems only: at most DS_FIT_MAX_PAR parameters. */
#include <math.h>
#include <string.h>

#include "fit.h"

#define NM_MAX_EVALS                                                                               \
    6000             /* per fit_minimise: a flat ridge (a parameter not identified) ends here */
#define NM_TOL 1e-10 /* relative spread of the simplex's values */

/* One Nelder–Mead run (standard coefficients: reflect 1, expand 2, contract
 * ½, shrink ½) from x with simplex steps step. Returns the best value; x
 * receives its point. */
static double nm_run(fit_objective f, void *ctx, double *x, const double *step, int n, int *evals,
                     int *converged)
{
    double p[DS_FIT_MAX_PAR + 1][DS_FIT_MAX_PAR], v[DS_FIT_MAX_PAR + 1];
    for (int i = 0; i <= n; i++) {
        memcpy(p[i], x, (size_t)n * sizeof *x);
        if (i > 0) p[i][i - 1] += step[i - 1];
        v[i] = f(p[i], ctx);
        ++*evals;
    }
    *converged = 0;
    while (*evals < NM_MAX_EVALS) {
        int lo = 0, hi = 0;
        for (int i = 1; i <= n; i++) {
            if (v[i] < v[lo]) lo = i;
            if (v[i] > v[hi]) hi = i;
        }
        int nh = lo; /* the second worst */
        for (int i = 0; i <= n; i++)
            if (i != hi && v[i] > v[nh]) nh = i;
        if (fabs(v[hi] - v[lo]) <= NM_TOL * (fabs(v[lo]) + 1e-12)) {
            *converged = 1;
            break;
        }
        double c[DS_FIT_MAX_PAR] = {0}, r[DS_FIT_MAX_PAR], e[DS_FIT_MAX_PAR];
        for (int i = 0; i <= n; i++)
            if (i != hi)
                for (int j = 0; j < n; j++) c[j] += p[i][j] / n;
        for (int j = 0; j < n; j++) r[j] = c[j] + (c[j] - p[hi][j]);
        double vr = f(r, ctx);
        ++*evals;
        if (vr < v[lo]) {
            for (int j = 0; j < n; j++) e[j] = c[j] + 2.0 * (c[j] - p[hi][j]);
            double ve = f(e, ctx);
            ++*evals;
            memcpy(p[hi], ve < vr ? e : r, (size_t)n * sizeof(double));
            v[hi] = ve < vr ? ve : vr;
        } else if (vr < v[nh]) {
            memcpy(p[hi], r, (size_t)n * sizeof(double));
            v[hi] = vr;
        } else {
            int outside = vr < v[hi];
            for (int j = 0; j < n; j++)
                e[j] = outside ? c[j] + 0.5 * (r[j] - c[j]) : c[j] + 0.5 * (p[hi][j] - c[j]);
            double vc = f(e, ctx);
            ++*evals;
            if (vc < (outside ? vr : v[hi])) {
                memcpy(p[hi], e, (size_t)n * sizeof(double));
                v[hi] = vc;
            } else { /* shrink toward the best */
                for (int i = 0; i <= n; i++) {
                    if (i == lo) continue;
                    for (int j = 0; j < n; j++) p[i][j] = p[lo][j] + 0.5 * (p[i][j] - p[lo][j]);
                    v[i] = f(p[i], ctx);
                    ++*evals;
                }
            }
        }
    }
    int lo = 0;
    for (int i = 1; i <= n; i++)
        if (v[i] < v[lo]) lo = i;
    memcpy(x, p[lo], (size_t)n * sizeof *x);
    return v[lo];
}

double fit_minimise(fit_objective f, void *ctx, double *x, const double *step, int n,
                    int *converged)
{
    int evals = 0, conv = 0;
    double best = nm_run(f, ctx, x, step, n, &evals, &conv);
    /* restart from the best point with the first steps: a simplex that
     * collapsed early on a ridge gets a fresh shape */
    for (int k = 0; k < 4 && evals < NM_MAX_EVALS; k++) {
        double y[DS_FIT_MAX_PAR];
        memcpy(y, x, (size_t)n * sizeof *x);
        double v = nm_run(f, ctx, y, step, n, &evals, &conv);
        if (!(v < best - 1e-9 * (fabs(best) + 1.0))) {
            if (v < best) memcpy(x, y, (size_t)n * sizeof *x), best = v;
            break;
        }
        memcpy(x, y, (size_t)n * sizeof *x);
        best = v;
    }
    *converged = conv && isfinite(best);
    return best;
}

/* In place: the lower Cholesky factor of the n×n matrix a; -1 when a is not
 * positive definite. */
static int cholesky(double a[DS_FIT_MAX_PAR][DS_FIT_MAX_PAR], int n)
{
    for (int j = 0; j < n; j++) {
        double d = a[j][j];
        for (int k = 0; k < j; k++) d -= a[j][k] * a[j][k];
        if (!(d > 0.0) || !isfinite(d)) return -1;
        a[j][j] = sqrt(d);
        for (int i = j + 1; i < n; i++) {
            double s = a[i][j];
            for (int k = 0; k < j; k++) s -= a[i][k] * a[j][k];
            a[i][j] = s / a[j][j];
        }
    }
    return 0;
}

void fit_std_errors(fit_objective f, void *ctx, const double *x, const double *h, int n, double *se)
{
    double H[DS_FIT_MAX_PAR][DS_FIT_MAX_PAR], y[DS_FIT_MAX_PAR];
    double f0 = f(x, ctx);
    memcpy(y, x, (size_t)n * sizeof *x);
    for (int i = 0; i < n; i++) {
        y[i] = x[i] + h[i];
        double fp = f(y, ctx);
        y[i] = x[i] - h[i];
        double fm = f(y, ctx);
        y[i] = x[i];
        H[i][i] = (fp - 2.0 * f0 + fm) / (h[i] * h[i]);
        for (int j = 0; j < i; j++) {
            double s[4];
            for (int k = 0; k < 4; k++) {
                y[i] = x[i] + (k & 1 ? -h[i] : h[i]);
                y[j] = x[j] + (k & 2 ? -h[j] : h[j]);
                s[k] = f(y, ctx);
            }
            y[i] = x[i];
            y[j] = x[j];
            H[i][j] = H[j][i] = (s[0] - s[1] - s[2] + s[3]) / (4.0 * h[i] * h[j]);
        }
    }
    /* the inverse's diagonal from the Cholesky factor L: (H⁻¹)_ii = Σ_k (L⁻¹)_ki² */
    if (cholesky(H, n)) {
        for (int i = 0; i < n; i++) se[i] = NAN;
        return;
    }
    double Linv[DS_FIT_MAX_PAR][DS_FIT_MAX_PAR];
    memset(Linv, 0, sizeof Linv);
    for (int i = 0; i < n; i++) {
        Linv[i][i] = 1.0 / H[i][i];
        for (int j = 0; j < i; j++) {
            double s = 0.0;
            for (int k = j; k < i; k++) s += H[i][k] * Linv[k][j];
            Linv[i][j] = -s / H[i][i];
        }
    }
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int k = i; k < n; k++) s += Linv[k][i] * Linv[k][i];
        se[i] = sqrt(s);
    }
}
