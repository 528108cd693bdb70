/* gsa_estimate.c — the estimators of gsa.h on outputs laid out as the designs
 * of gsa_design.c: Sobol indices (Jansen), Morris elementary effects, Spearman
 * rank correlations, each with a percentile-bootstrap interval whose resamples
 * are drawn from the seed (GSA_STREAM_BOOT), so the same outputs give the same
 * intervals. Sums run in a fixed order: no result depends on threads. */
#include "gsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../stats.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void gsa_percentile_interval(double *sample, int n, double confidence, double *lo, double *hi)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(sample[i])) sample[m++] = sample[i];
    qsort(sample, (size_t)m, sizeof *sample, cmp_double);
    double tail = (1.0 - confidence) / 2.0;
    *lo = stats_quantile_sorted(sample, (size_t)m, tail);
    *hi = stats_quantile_sorted(sample, (size_t)m, 1.0 - tail);
}

/* Resample draw b, element j: an index in [0, n). */
static int boot_index(uint32_t seed, int b, int j, int n)
{
    int i = (int)(gsa_u01(seed, GSA_STREAM_BOOT, (uint32_t)b, (uint32_t)j) * n);
    return i < n ? i : n - 1;
}

/* ---------------------------------------------------------------- Sobol */

/* Jansen's indices over the rows rows[0..n) of y (layout of gsa_saltelli_point);
 * s1, st [k] (NaN when the variance is 0). The variance into *var. */
static void sobol_once(const double *y, int k, int first_order, const int *rows, int n, double *s1,
                       double *st, double *mean_out, double *var)
{
    const int w = k + 2;
    double sum = 0.0;
    for (int a = 0; a < n; a++) sum += y[(size_t)rows[a] * w] + y[(size_t)rows[a] * w + 1];
    double mean = sum / (2.0 * n), ss = 0.0;
    for (int a = 0; a < n; a++) {
        double da = y[(size_t)rows[a] * w] - mean, db = y[(size_t)rows[a] * w + 1] - mean;
        ss += da * da + db * db;
    }
    double v = ss / (2.0 * n);
    if (mean_out) *mean_out = mean;
    *var = v;
    for (int i = 0; i < k; i++) {
        double first = 0.0, total = 0.0;
        for (int a = 0; a < n; a++) {
            const double *row = y + (size_t)rows[a] * w;
            double fab = row[2 + i];
            if (first_order == GSA_S1_SALTELLI) /* f(B) centred: the same mean, far less noise */
                first += (row[1] - mean) * (fab - row[0]);
            else
                first += (row[1] - fab) * (row[1] - fab);
            total += (row[0] - fab) * (row[0] - fab);
        }
        if (first_order == GSA_S1_SALTELLI)
            s1[i] = v > 0.0 ? first / (n * v) : NAN;
        else
            s1[i] = v > 0.0 ? 1.0 - first / (2.0 * n * v) : NAN;
        st[i] = v > 0.0 ? total / (2.0 * n * v) : NAN;
    }
}

int gsa_sobol(const double *y, int N, int k, int first_order, int resamples, double confidence,
              uint32_t seed, gsa_sobol_index *out, gsa_sobol_info *info)
{
    const int w = k + 2;
    int *rows = malloc((size_t)(N > 0 ? N : 1) * sizeof *rows);
    int *pick = malloc((size_t)(N > 0 ? N : 1) * sizeof *pick);
    double *s1 = malloc((size_t)(k > 0 ? k : 1) * 2 * sizeof *s1);
    double *boot =
        malloc((size_t)(k > 0 ? k : 1) * 2 * (resamples > 0 ? resamples : 1) * sizeof *boot);
    if (!rows || !pick || !s1 || !boot) {
        free(rows);
        free(pick);
        free(s1);
        free(boot);
        return -1;
    }
    int n = 0;
    for (int j = 0; j < N; j++) {
        int ok = 1;
        for (int m = 0; m < w && ok; m++) ok = isfinite(y[(size_t)j * w + m]);
        if (ok) rows[n++] = j;
    }
    double *st = s1 + k, mean = NAN, var = NAN;
    int rc = 0;
    for (int i = 0; i < k; i++) out[i] = (gsa_sobol_index){NAN, NAN, NAN, NAN, NAN, NAN};
    if (n == 0) {
        rc = 1;
    } else {
        sobol_once(y, k, first_order, rows, n, s1, st, &mean, &var);
        if (!(var > 0.0)) rc = 1;
        for (int i = 0; i < k; i++) out[i].s1 = s1[i], out[i].st = st[i];
    }
    if (rc == 0 && resamples > 0) {
        /* boot: [2k × resamples], index i's first-order replicates then its total ones */
        for (int b = 0; b < resamples; b++) {
            double v;
            for (int a = 0; a < n; a++) pick[a] = rows[boot_index(seed, b, a, n)];
            sobol_once(y, k, first_order, pick, n, s1, st, NULL, &v);
            for (int i = 0; i < k; i++) {
                boot[(size_t)(2 * i) * resamples + b] = s1[i];
                boot[(size_t)(2 * i + 1) * resamples + b] = st[i];
            }
        }
        for (int i = 0; i < k; i++) {
            gsa_percentile_interval(boot + (size_t)(2 * i) * resamples, resamples, confidence,
                                    &out[i].s1_lo, &out[i].s1_hi);
            gsa_percentile_interval(boot + (size_t)(2 * i + 1) * resamples, resamples, confidence,
                                    &out[i].st_lo, &out[i].st_hi);
        }
    }
    if (info) {
        info->rows = n;
        info->mean = mean;
        info->variance = var;
    }
    free(rows);
    free(pick);
    free(s1);
    free(boot);
    return rc;
}

/* ---------------------------------------------------------------- Morris */

int gsa_morris(const double *y, int r, int k, int levels, uint32_t seed, int resamples,
               double confidence, gsa_morris_effect *out)
{
    /* ee [k × r]: factor i's effect on trajectory t, NaN when not finite */
    double *ee = malloc((size_t)(k > 0 ? k : 1) * (r > 0 ? r : 1) * sizeof *ee);
    double *boot = malloc((size_t)(resamples > 0 ? resamples : 1) * sizeof *boot);
    double u[GSA_MAX_FACTORS];
    if (!ee || !boot || k > GSA_MAX_FACTORS) {
        free(ee);
        free(boot);
        return -1;
    }
    for (size_t a = 0; a < (size_t)k * r; a++) ee[a] = NAN;
    for (int t = 0; t < r; t++) {
        for (int s = 1; s <= k; s++) {
            int factor;
            double step;
            gsa_morris_point(seed, k, levels, t, s, u, &factor, &step);
            double d = y[(size_t)t * (k + 1) + s] - y[(size_t)t * (k + 1) + s - 1];
            if (factor >= 0 && isfinite(d)) ee[(size_t)factor * r + t] = d / step;
        }
    }
    for (int i = 0; i < k; i++) {
        const double *e = ee + (size_t)i * r;
        double sum = 0.0, sum_abs = 0.0;
        int n = 0;
        for (int t = 0; t < r; t++)
            if (isfinite(e[t])) sum += e[t], sum_abs += fabs(e[t]), n++;
        gsa_morris_effect *o = &out[i];
        o->n = n;
        o->mu = n ? sum / n : NAN;
        o->mu_star = n ? sum_abs / n : NAN;
        double ss = 0.0;
        for (int t = 0; t < r; t++)
            if (isfinite(e[t])) ss += (e[t] - o->mu) * (e[t] - o->mu);
        o->sigma = n > 1 ? sqrt(ss / (n - 1)) : NAN;
        o->mu_star_lo = o->mu_star_hi = NAN;
        if (resamples <= 0 || n == 0) continue;
        for (int b = 0; b < resamples; b++) { /* trajectories resampled */
            double s = 0.0;
            int m = 0;
            for (int a = 0; a < r; a++) {
                double x = e[boot_index(seed, b, a, r)];
                if (isfinite(x)) s += fabs(x), m++;
            }
            boot[b] = m ? s / m : NAN;
        }
        gsa_percentile_interval(boot, resamples, confidence, &o->mu_star_lo, &o->mu_star_hi);
    }
    free(ee);
    free(boot);
    return 0;
}

/* ---------------------------------------------------------------- rank correlations */

typedef struct {
    double v;
    int i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->v != y->v) return x->v < y->v ? -1 : 1;
    return x->i - y->i;
}

/* Ranks (1-based, ties their mean) of v[idx[a]], a < n, into rank [n]. */
static void ranks_of(const double *v, size_t stride, const int *idx, int n, ranked *tmp,
                     double *rank)
{
    for (int a = 0; a < n; a++) tmp[a] = (ranked){v[(size_t)idx[a] * stride], a};
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_ranked);
    for (int a = 0; a < n;) {
        int b = a;
        while (b + 1 < n && tmp[b + 1].v == tmp[a].v) b++;
        double mean_rank = (a + b) / 2.0 + 1.0;
        for (int c = a; c <= b; c++) rank[tmp[c].i] = mean_rank;
        a = b + 1;
    }
}

static double pearson(const double *x, const double *y, int n)
{
    double mx = 0, my = 0;
    for (int a = 0; a < n; a++) mx += x[a], my += y[a];
    mx /= n, my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (int a = 0; a < n; a++) {
        sxy += (x[a] - mx) * (y[a] - my);
        sxx += (x[a] - mx) * (x[a] - mx);
        syy += (y[a] - my) * (y[a] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : NAN;
}

/* Spearman's rho of every coordinate over rows idx[0..n): rho [k]. */
static void spearman(const double *x, const double *y, int k, const int *idx, int n, ranked *tmp,
                     double *rx, double *ry, double *rho)
{
    ranks_of(y, 1, idx, n, tmp, ry);
    for (int i = 0; i < k; i++) {
        ranks_of(x + i, (size_t)k, idx, n, tmp, rx);
        rho[i] = pearson(rx, ry, n);
    }
}

int gsa_rank_correlations(const double *x, const double *y, int n, int k, int resamples,
                          double confidence, uint32_t seed, gsa_rank_corr *out)
{
    size_t nn = (size_t)(n > 0 ? n : 1), kk = (size_t)(k > 0 ? k : 1);
    int *rows = malloc(nn * sizeof *rows), *pick = malloc(nn * sizeof *pick);
    ranked *tmp = malloc(nn * sizeof *tmp);
    double *rx = malloc(nn * sizeof *rx), *ry = malloc(nn * sizeof *ry);
    double *rho = malloc(kk * sizeof *rho);
    double *boot = malloc(kk * (size_t)(resamples > 0 ? resamples : 1) * sizeof *boot);
    int rc = -1;
    if (!rows || !pick || !tmp || !rx || !ry || !rho || !boot) goto done;
    int m = 0;
    for (int a = 0; a < n; a++)
        if (isfinite(y[a])) rows[m++] = a;
    for (int i = 0; i < k; i++) out[i] = (gsa_rank_corr){NAN, NAN, NAN};
    rc = m < 3;
    if (rc) goto done;
    spearman(x, y, k, rows, m, tmp, rx, ry, rho);
    for (int i = 0; i < k; i++) out[i].rho = rho[i];
    if (resamples <= 0) goto done;
    for (int b = 0; b < resamples; b++) {
        for (int a = 0; a < m; a++) pick[a] = rows[boot_index(seed, b, a, m)];
        spearman(x, y, k, pick, m, tmp, rx, ry, rho);
        for (int i = 0; i < k; i++) boot[(size_t)i * resamples + b] = rho[i];
    }
    for (int i = 0; i < k; i++)
        gsa_percentile_interval(boot + (size_t)i * resamples, resamples, confidence, &out[i].rho_lo,
                                &out[i].rho_hi);
done:
    free(rows);
    free(pick);
    free(tmp);
    free(rx);
    free(ry);
    free(rho);
    free(boot);
    return rc;
}
