/* solve.h — `depinsim solve`: the smallest (or largest) value of one number
 * key that meets a target on an output — a claim's probability, the death
 * spiral's, a metric's statistic over paths — found by bisection with every
 * point on the same paths (common random numbers: the output is then a
 * fixed function of the key, and bisection on it is well defined). The
 * answer comes with its bracket (the last value that misses, the first that
 * meets) and every point evaluated. Prints nothing. */
#ifndef DS_SOLVE_H
#define DS_SOLVE_H

#include "design.h"

#define SOLVE_MAX_EVALS 64
enum { SOLVE_GE, SOLVE_GT, SOLVE_LE, SOLVE_LT };

typedef struct {
    char key[160];    /* the number key varied */
    double lo, hi;    /* its range */
    int log_scale;    /* bisect geometrically (lo > 0) */
    double tolerance; /* stop when the bracket is this narrow (0: (hi − lo) / 1000) */
    int max_evals;    /* at most this many points, the two ends included */
    char *rescale[8]; /* keys that keep their sum with it */
    int n_rescale;
    ds_output_spec target; /* what is measured */
    int op;                /* SOLVE_*: target met when value op level */
    double level;
    int paths; /* per point */
} solve_spec;

typedef struct {
    double x, value; /* the key's value, the output there */
    int n, count;    /* paths it counts over, and (probabilities) where it holds */
    int met;
} solve_point;

typedef struct {
    int found;    /* the target is met at one end of the range and not at the other */
    int smallest; /* met above the bracket: the answer is the smallest value meeting it */
    int met_lo, met_hi;
    double answer;                    /* the value in the bracket that meets the target */
    double miss;                      /* the value in the bracket that misses it */
    int monotone;                     /* the points evaluated change verdict once, in order of x */
    solve_point pts[SOLVE_MAX_EVALS]; /* in the order evaluated */
    int n;
    double seconds;
} solve_result;

/* Parse 'NAME OP NUMBER': NAME a claim of P (its probability), death_spiral
 * or sustainable (probabilities), or STAT(METRIC) with STAT median, mean,
 * p05, p25, p75 or p95 (at the horizon); OP >=, >, <= or <. 0, or -1 with
 * msg. */
int solve_parse_target(const ds_params *P, const char *text, solve_spec *s, char *msg, size_t n);

/* Bisection on the variant P of scenario sc on backend b. DS_OK (found or
 * not: see out->found), DS_EINPUT (a point that is no valid scenario, a key
 * that is not a number), DS_EFAIL (the backend). */
int solve_run(ds_backend *b, const ds_scenario *sc, const ds_params *P, const solve_spec *s,
              solve_result *out, ds_progress *progress, ds_errors *errs);

#endif
