/* stats.h — statistics over paths: quantiles (5, 25, 50, 75, 95 %), means and
 * final values per metric and record, the Wilson interval, the outcome
 * summary; and their types, which the run driver, the results file and the
 * reports share (so it sits below them all, beside error.h). Computed serially
 * in path order, so the result is the same for any thread count that produced
 * the records. */
#ifndef DS_STATS_H
#define DS_STATS_H

#include <stddef.h>

/* The quantiles every statistic, results file and report uses, and their
 * indices: a quantile array [..., DS_N_QUANTILES] holds them in this order. */
#define DS_N_QUANTILES 5
enum { DS_Q_P05, DS_Q_P25, DS_Q_P50, DS_Q_P75, DS_Q_P95 };
extern const double ds_quantile_levels[DS_N_QUANTILES]; /* 0.05 0.25 0.5 0.75 0.95 */

/* Per-variant summary of the per-path outcomes (the summary/ attributes of a
 * results file). */
typedef struct {
    double death_spiral_probability, death_spiral_wilson_lo, death_spiral_wilson_hi;
    double sustainable_share;         /* share of paths that become sustainable */
    double sustainability_day_median; /* over all paths, never = +inf; NaN if the median is never */
    double max_drawdown_median;
    double min_active_providers_median;
    double prospects_exhausted_share; /* paths on which the prospect pool ran out */
    double slots_short_share;         /* paths whose slots could not stand for the pool */
} ds_outcome_summary;

/* Quantile of sorted finite values by linear interpolation between order
 * statistics (Hyndman & Fan type 7, R's default). NaN when n == 0. */
double stats_quantile_sorted(const double *sorted, size_t n, double level);

/* rec: [M × paths × R] as the engine writes it. Outputs: q [M × R × 5],
 * mean [M × R], final [M × paths]. Non-finite values (an undefined ratio) are
 * left out of quantiles and means; a final value is copied as it is. */
int stats_compute(const double *rec, int n_metrics, int paths, int records, double *q, double *mean,
                  double *final); /* 0, or -1 out of memory */

/* 95% Wilson score interval for k successes in n trials (z = 1.959964). */
void stats_wilson(int k, int n, double *lo, double *hi);

/* outcomes: [DS_N_OUTCOMES × paths] as the engine writes them. 0, or -1 out of
 * memory (the medians are then NaN). */
int stats_outcome_summary(const double *outcomes, int paths, ds_outcome_summary *out);

#endif
