/* stats.h — statistics over paths: quantiles (5, 25, 50, 75, 95 %), means and
 * final values per metric and record. Computed serially in path order, so the
 * result is the same for any thread count that produced the records. */
#ifndef DS_STATS_H
#define DS_STATS_H

#include <stddef.h>

/* Quantile of sorted finite values by linear interpolation between order
 * statistics (Hyndman & Fan type 7, R's default). NaN when n == 0. */
double stats_quantile_sorted(const double *sorted, size_t n, double level);

/* rec: [M × paths × R] as the engine writes it. Outputs: q [M × R × 5],
 * mean [M × R], final [M × paths]. Non-finite values (an undefined ratio) are
 * left out of quantiles and means; a final value is copied as it is. */
int stats_compute(const double *rec, int n_metrics, int paths, int records, double *q, double *mean,
                  double *final);

/* 95% Wilson score interval for k successes in n trials (z = 1.959964). */
void stats_wilson(int k, int n, double *lo, double *hi);

/* outcomes: [DS_N_OUTCOMES × paths] as the engine writes them. */
#include "../results.h"
void stats_outcome_summary(const double *outcomes, int paths, ds_outcome_summary *out);

#endif
