/* paired.h — two designs compared on common random numbers: the per-path
 * differences a − b (both run on the same random futures), their median with
 * a distribution-free interval from order statistics, P(a > b) with its
 * Wilson interval, and for contrast the unpaired difference of medians with a
 * bootstrap interval (what the same numbers give when the pairing is
 * ignored). The same statistics as python/'s Results.paired (method
 * "order"), which tests/python check number for number. Pure functions. */
#ifndef DS_PAIRED_H
#define DS_PAIRED_H

#include <stdint.h>

typedef struct {
    int n;                           /* pairs with both values finite */
    int dropped;                     /* pairs left out: a value undefined (NaN) */
    double median, lo, hi, coverage; /* of a − b; [lo, hi] holds the median with >= confidence */
    int greater, less, ties;
    double p_greater, p_greater_lo, p_greater_hi;     /* P(a > b) and its 95% Wilson interval */
    double p_less, p_less_lo, p_less_hi;              /* P(a < b) likewise */
    double unpaired_median, unpaired_lo, unpaired_hi; /* median(a) − median(b), bootstrap */
} paired_stats;

/* The distribution-free interval of the median of sorted x [n]: [x_(k),
 * x_(n−k+1)] with the largest k such that P(Binomial(n, 1/2) <= k − 1) <=
 * (1 − confidence)/2; coverage its exact probability. NaN when n is too
 * small for that confidence (n < 6 at 95%). */
void paired_median_interval(const double *sorted, int n, double confidence, double *lo, double *hi,
                            double *coverage);

/* a and b [n], pair i being the same path in both designs. resamples of the
 * unpaired bootstrap (Philox from seed; 0: no unpaired interval). 0, or -1
 * out of memory. */
int paired_compare(const double *a, const double *b, int n, double confidence, int resamples,
                   uint32_t seed, paired_stats *out);

#endif
