/* stats.c — quantiles and means over paths. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>

#include "results.h"

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
