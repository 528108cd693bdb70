/* gsa.h — global sensitivity analysis as pure functions: the designs (points
 * of the unit cube: Saltelli's A, B and A_B^i rows, Morris trajectories, a
 * Latin hypercube), the factor transforms (uniform, log-uniform, listed) and
 * the estimators (Sobol first-order and total indices by Jansen's estimators,
 * Morris elementary effects, rank correlations), each with a bootstrap
 * interval. No simulation, no allocation visible to the caller, no I/O: the
 * tests call them on functions with known answers (Ishigami, linear), and the
 * `sensitivity` driver (sim/run/sensitivity.c) on the simulator's outputs.
 * Every random number is Philox4x32-10 of (seed, stream) and a counter, so a
 * design and its intervals depend only on the seed, never on evaluation order
 * or thread count. */
#ifndef DS_GSA_H
#define DS_GSA_H

#include <stdint.h>

/* The analysis's random streams: the second key word of Philox (the model's
 * streams key it with the path number, so the two never meet below 1.4e9
 * paths); the counter is (i, j, 0, 0) within a stream. */
enum {
    GSA_STREAM_SALTELLI = 0x53414c54u, /* "SALT": the A and B matrices */
    GSA_STREAM_MORRIS = 0x4d4f5252u,   /* "MORR": base points, orders, directions */
    GSA_STREAM_LHS = 0x4c485321u,      /* "LHS!": strata permutations and jitter */
    GSA_STREAM_BOOT = 0x424f4f54u      /* "BOOT": bootstrap resamples */
};

/* A uniform on [0, 1) with 53 random bits: Philox(key = (seed, stream),
 * counter = (i, j, 0, 0)), words 0 and 1. */
double gsa_u01(uint32_t seed, uint32_t stream, uint32_t i, uint32_t j);

/* ---------------------------------------------------------------- factors */

#define GSA_MAX_FACTORS 32 /* factors of one design (Morris orders them on the stack) */

enum { GSA_UNIFORM = 0, GSA_LOG_UNIFORM = 1, GSA_LISTED = 2 };

/* A factor's distribution: uniform on [lo, hi], log-uniform on [lo, hi]
 * (lo > 0), or listed values, each equally likely. */
typedef struct {
    int dist; /* GSA_* */
    double lo, hi;
    int n_values;
    const double *values; /* GSA_LISTED: [n_values] */
} gsa_factor;

/* The factor's value at unit coordinate u in [0, 1]: its quantile function
 * (listed: values[min(floor(u·n), n − 1)]). */
double gsa_factor_value(const gsa_factor *f, double u);

/* ---------------------------------------------------------------- Sobol */

/* Saltelli's scheme: N rows, each of k + 2 points: A_j (m = 0), B_j (m = 1)
 * and A_B^i_j (m = 2 + i: A_j with coordinate i taken from B_j). Point (j, m)
 * is design point j·(k + 2) + m; u gets its k coordinates. A and B are
 * independent uniform rows (plain Monte Carlo, so the bootstrap over rows is
 * valid). */
void gsa_saltelli_point(uint32_t seed, int k, int j, int m, double *u);

typedef struct {
    double s1, s1_lo, s1_hi; /* first-order index and its bootstrap interval */
    double st, st_lo, st_hi; /* total index and its bootstrap interval */
} gsa_sobol_index;

typedef struct {
    int rows;        /* rows used: every one of its k + 2 outputs finite */
    double mean;     /* of f(A) and f(B) */
    double variance; /* of f(A) and f(B) together (population variance, 2·rows values) */
} gsa_sobol_info;

/* The first-order estimator: Jansen's (1999), or Saltelli's (2010), which
 * Saltelli et al. (2010, Comput. Phys. Commun. 181:259) recommend for S_i
 * beside Jansen's for ST_i: its error shrinks with the factor's own effect,
 * where Jansen's carries the whole output variance. */
enum { GSA_S1_JANSEN = 0, GSA_S1_SALTELLI = 1 };

/* Sobol indices on y [N × (k + 2)] in gsa_saltelli_point's layout, with V the
 * variance of f(A) and f(B) and sums over the rows j:
 *   ST_i =     Σ (f(A_j) − f(A_B^i_j))² / (2·rows·V)             (Jansen)
 *   S_i  = 1 − Σ (f(B_j) − f(A_B^i_j))² / (2·rows·V)             (Jansen)
 *   S_i  =     Σ (f(B_j) − m)·(f(A_B^i_j) − f(A_j)) / (rows·V)    (Saltelli 2010)
 * m the mean of f(A) and f(B): centring changes no expectation (f(A_B^i) −
 * f(A) has mean 0) but removes the mean's share of the noise (SALib
 * standardises the outputs to the same end).
 * Intervals: percentile bootstrap over rows, `resamples` times (0: none, NaN
 * bounds) at `confidence` (0.95). A row with a non-finite output is left out.
 * out [k]. Returns 0; 1 when no row is left or the variance is 0 (indices
 * NaN); -1 out of memory. */
int gsa_sobol(const double *y, int N, int k, int first_order, int resamples, double confidence,
              uint32_t seed, gsa_sobol_index *out, gsa_sobol_info *info);

/* ---------------------------------------------------------------- Morris */

/* The step between the levels of a p-level grid that Morris moves by:
 * Δ = p / (2 (p − 1)) (p even: each move lands on the grid). */
double gsa_morris_delta(int levels);

/* Trajectory t's point s (0..k) on a p-level grid of the unit cube: u [k].
 * For s ≥ 1, *factor is the coordinate that changed from point s − 1 and
 * *step the signed change (±Δ); for s = 0, *factor = −1. Every point stays
 * in [0, 1]. */
void gsa_morris_point(uint32_t seed, int k, int levels, int t, int s, double *u, int *factor,
                      double *step);

typedef struct {
    double mu;      /* mean elementary effect (unit cube: output per whole range) */
    double mu_star; /* mean absolute effect: the screening measure */
    double sigma;   /* standard deviation of the effects (interactions, nonlinearity) */
    double mu_star_lo, mu_star_hi; /* bootstrap interval of mu_star over trajectories */
    int n;                         /* effects used */
} gsa_morris_effect;

/* Elementary effects (y_s − y_{s−1}) / step of y [r × (k + 1)] in
 * gsa_morris_point's layout; a non-finite output leaves its effects out.
 * out [k]. Returns 0, or -1 out of memory. */
int gsa_morris(const double *y, int r, int k, int levels, uint32_t seed, int resamples,
               double confidence, gsa_morris_effect *out);

/* ---------------------------------------------------------------- Latin hypercube */

/* n points of a Latin hypercube in k dimensions into u [n × k]: in every
 * coordinate each of the n strata [i/n, (i+1)/n) holds exactly one point,
 * placed uniformly inside it. Returns 0, or -1 out of memory. */
int gsa_lhs(uint32_t seed, int n, int k, double *u);

typedef struct {
    double rho, rho_lo, rho_hi; /* Spearman rank correlation with the output, bootstrap interval */
} gsa_rank_corr;

/* Spearman correlation of each coordinate of x [n × k] with y [n] (ties get
 * their mean rank; rows with a non-finite output are left out). out [k].
 * Returns 0; 1 when fewer than 3 rows are left (NaN); -1 out of memory. */
int gsa_rank_correlations(const double *x, const double *y, int n, int k, int resamples,
                          double confidence, uint32_t seed, gsa_rank_corr *out);

/* ---------------------------------------------------------------- helpers */

/* The percentile interval of a bootstrap sample (sorted in place). */
void gsa_percentile_interval(double *sample, int n, double confidence, double *lo, double *hi);

#endif
