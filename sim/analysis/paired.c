/* paired.c — paired differences on common random numbers (paired.h). The
 * binomial tail is summed in log space (lgamma), so thousands of paths
 * neither overflow nor underflow; the bootstrap resamples come from Philox
 * (gsa_u01), so an interval is a function of the data and the seed. */
#include "paired.h"

#include <math.h>
#include <stdlib.h>

#include "../stats.h"
#include "gsa.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* P(B <= k) for B ~ Binomial(n, 1/2). */
static double binom_half_cdf(int k, int n)
{
    if (k < 0) return 0.0;
    double sum = 0.0, lgn = lgamma(n + 1.0), ln2 = log(2.0);
    for (int i = 0; i <= k && i <= n; i++)
        sum += exp(lgn - lgamma(i + 1.0) - lgamma(n - i + 1.0) - n * ln2);
    return sum;
}

void paired_median_interval(const double *x, int n, double confidence, double *lo, double *hi,
                            double *coverage)
{
    double tail = (1.0 - confidence) / 2.0;
    int k = 0;
    while (k + 1 <= (n + 1) / 2 && binom_half_cdf(k, n) <= tail) k++;
    if (k == 0) {
        *lo = *hi = *coverage = NAN;
        return;
    }
    *coverage = 1.0 - 2.0 * binom_half_cdf(k - 1, n);
    *lo = x[k - 1];
    *hi = x[n - k];
}

/* Median of a resample of x [n] (draw b): into buf. */
static double boot_median(const double *x, int n, uint32_t seed, int b, double *buf)
{
    for (int j = 0; j < n; j++) {
        int i = (int)(gsa_u01(seed, GSA_STREAM_BOOT, (uint32_t)b, (uint32_t)j) * n);
        buf[j] = x[i < n ? i : n - 1];
    }
    qsort(buf, (size_t)n, sizeof *buf, cmp_double);
    return stats_quantile_sorted(buf, (size_t)n, 0.5);
}

int paired_compare(const double *a, const double *b, int n, double confidence, int resamples,
                   uint32_t seed, paired_stats *out)
{
    size_t m = (size_t)(n > 0 ? n : 1);
    double *d = malloc(m * sizeof *d), *sa = malloc(m * sizeof *sa), *sb = malloc(m * sizeof *sb);
    double *buf = malloc(m * sizeof *buf);
    double *boot = malloc((size_t)(resamples > 0 ? resamples : 1) * sizeof *boot);
    if (!d || !sa || !sb || !buf || !boot) {
        free(d), free(sa), free(sb), free(buf), free(boot);
        return -1;
    }
    paired_stats *o = out;
    *o = (paired_stats){0};
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(a[i]) || !isfinite(b[i])) {
            o->dropped++;
            continue;
        }
        d[k] = a[i] - b[i];
        sa[k] = a[i];
        sb[k] = b[i];
        o->greater += a[i] > b[i];
        o->less += a[i] < b[i];
        o->ties += a[i] == b[i];
        k++;
    }
    o->n = k;
    qsort(d, (size_t)k, sizeof *d, cmp_double);
    o->median = stats_quantile_sorted(d, (size_t)k, 0.5);
    paired_median_interval(d, k, confidence, &o->lo, &o->hi, &o->coverage);
    o->p_greater = k ? (double)o->greater / k : NAN;
    o->p_less = k ? (double)o->less / k : NAN;
    stats_wilson(o->greater, k, &o->p_greater_lo, &o->p_greater_hi);
    stats_wilson(o->less, k, &o->p_less_lo, &o->p_less_hi);
    /* unpaired: the two medians resampled independently, as if the futures differed */
    for (int i = 0; i < k; i++) buf[i] = sa[i];
    qsort(buf, (size_t)k, sizeof *buf, cmp_double);
    double ma = stats_quantile_sorted(buf, (size_t)k, 0.5);
    for (int i = 0; i < k; i++) buf[i] = sb[i];
    qsort(buf, (size_t)k, sizeof *buf, cmp_double);
    o->unpaired_median = ma - stats_quantile_sorted(buf, (size_t)k, 0.5);
    o->unpaired_lo = o->unpaired_hi = NAN;
    if (k > 0 && resamples > 0) {
        for (int r = 0; r < resamples; r++) /* independent draws for a and for b */
            boot[r] =
                boot_median(sa, k, seed, 2 * r, buf) - boot_median(sb, k, seed, 2 * r + 1, buf);
        gsa_percentile_interval(boot, resamples, confidence, &o->unpaired_lo, &o->unpaired_hi);
    }
    free(d), free(sa), free(sb), free(buf), free(boot);
    return 0;
}
