/* stats.c — quantiles and means over paths, the Wilson interval, and the
 * summary of the per-path outcomes; and the quantile levels every results
 * file and report uses. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

#include "../models/outcomes.h"

const double ds_quantile_levels[DS_N_QUANTILES] = {0.05, 0.25, 0.5, 0.75, 0.95};

static double ds_max_(double a, double b)
{
    return a > b ? a : b;
}

double stats_quantile_sorted(const double *x, size_t n, double level)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * level;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int stats_compute(const double *rec, int n_metrics, int paths, int records, double *q, double *mean,
                  double *final)
{
    double *buf = malloc((size_t)(paths > 0 ? paths : 1) * sizeof *buf);
    if (!buf) return -1;
    for (int m = 0; m < n_metrics; m++) {
        const double *base = rec + (size_t)m * paths * records;
        for (int r = 0; r < records; r++) {
            size_t n = 0;
            double sum = 0.0;
            for (int p = 0; p < paths; p++) {
                double v = base[(size_t)p * records + r];
                if (isfinite(v)) {
                    buf[n++] = v;
                    sum += v;
                }
            }
            qsort(buf, n, sizeof *buf, cmp_double);
            double *qo = q + ((size_t)m * records + r) * DS_N_QUANTILES;
            for (int k = 0; k < DS_N_QUANTILES; k++)
                qo[k] = stats_quantile_sorted(buf, n, ds_quantile_levels[k]);
            mean[(size_t)m * records + r] = n ? sum / (double)n : NAN;
        }
        for (int p = 0; p < paths; p++)
            final[(size_t)m * paths + p] = base[(size_t)p * records + records - 1];
    }
    free(buf);
    return 0;
}

void stats_wilson(int k, int n, double *lo, double *hi)
{
    if (n <= 0) {
        *lo = *hi = NAN;
        return;
    }
    const double z = 1.959963984540054;
    double p = (double)k / n, z2n = z * z / n;
    double centre = (p + z2n / 2.0) / (1.0 + z2n);
    double half = z / (1.0 + z2n) * sqrt(p * (1.0 - p) / n + z2n / (4.0 * n));
    /* at k = 0 and k = n the bound is exactly 0 or 1; rounding would miss it */
    *lo = k == 0 ? 0.0 : ds_max_(centre - half, 0.0);
    *hi = k == n ? 1.0 : (centre + half > 1.0 ? 1.0 : centre + half);
}

/* Median of n values where NaN sorts last (never sustainable = later than any day). */
static double median_nan_last(const double *x, int n, double *buf)
{
    int m = 0, nans = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(x[i]))
            nans++;
        else
            buf[m++] = x[i];
    }
    qsort(buf, (size_t)m, sizeof *buf, cmp_double);
    if (n == 0) return NAN;
    /* the median's order statistics; any that falls among the NaNs makes it NaN */
    double h = (n - 1) * 0.5;
    int lo = (int)floor(h), hi = (int)ceil(h);
    if (hi >= m) return NAN;
    return buf[lo] + (h - lo) * (buf[hi] - buf[lo]);
}

int stats_outcome_summary(const double *o, int paths, ds_outcome_summary *out)
{
    double *buf = malloc((size_t)(paths > 0 ? paths : 1) * sizeof *buf);
    int spirals = 0, sustainable = 0, exhausted = 0, short_slots = 0;
    for (int p = 0; p < paths; p++) {
        spirals += o[(size_t)DS_O_DEATH_SPIRAL * paths + p] > 0.5;
        sustainable += !isnan(o[(size_t)DS_O_SUSTAINABILITY_DAY * paths + p]);
        exhausted += o[(size_t)DS_O_PROSPECTS_EXHAUSTED * paths + p] > 0.5;
        short_slots += o[(size_t)DS_O_SLOTS_SHORT * paths + p] > 0.5;
    }
    out->prospects_exhausted_share = paths > 0 ? (double)exhausted / paths : NAN;
    out->slots_short_share = paths > 0 ? (double)short_slots / paths : NAN;
    out->death_spiral_probability = paths > 0 ? (double)spirals / paths : NAN;
    stats_wilson(spirals, paths, &out->death_spiral_wilson_lo, &out->death_spiral_wilson_hi);
    out->sustainable_share = paths > 0 ? (double)sustainable / paths : NAN;
    if (!buf) {
        out->sustainability_day_median = out->max_drawdown_median = NAN;
        out->min_active_providers_median = NAN;
        return -1;
    }
    out->sustainability_day_median =
        median_nan_last(o + (size_t)DS_O_SUSTAINABILITY_DAY * paths, paths, buf);
    out->max_drawdown_median = median_nan_last(o + (size_t)DS_O_MAX_DRAWDOWN * paths, paths, buf);
    out->min_active_providers_median =
        median_nan_last(o + (size_t)DS_O_MIN_ACTIVE_PROVIDERS * paths, paths, buf);
    free(buf);
    return 0;
}
