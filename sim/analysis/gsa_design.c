/* gsa_design.c — where an analysis evaluates the model: factor transforms from
 * the unit cube, Saltelli's rows, Morris trajectories and Latin hypercubes,
 * every coordinate a pure function of (seed, stream, counter) (gsa.h). The
 * estimators that read the outputs back are gsa_estimate.c. */
#include "gsa.h"

#include <Random123/philox.h>
#include <math.h>
#include <stdlib.h>

double gsa_u01(uint32_t seed, uint32_t stream, uint32_t i, uint32_t j)
{
    philox4x32_ctr_t c = {{i, j, 0, 0}};
    philox4x32_key_t k = {{seed, stream}};
    philox4x32_ctr_t r = philox4x32(c, k);
    /* 53 bits: 27 of word 0 over 26 of word 1, times 2^-53 (exact in a double) */
    uint64_t bits = ((uint64_t)(r.v[0] >> 5) << 26) | (uint64_t)(r.v[1] >> 6);
    return (double)bits * (1.0 / 9007199254740992.0);
}

double gsa_factor_value(const gsa_factor *f, double u)
{
    if (u < 0.0) u = 0.0;
    if (u > 1.0) u = 1.0;
    switch (f->dist) {
    case GSA_LOG_UNIFORM: {
        if (u == 0.0) return f->lo; /* the ends exactly, not exp(log(x)) */
        if (u == 1.0) return f->hi;
        double a = log(f->lo), b = log(f->hi);
        return exp(a + u * (b - a));
    }
    case GSA_LISTED: {
        int i = (int)(u * f->n_values);
        if (i >= f->n_values) i = f->n_values - 1;
        return f->values[i];
    }
    default:
        if (u == 1.0) return f->hi;
        return f->lo + u * (f->hi - f->lo);
    }
}

/* ---------------------------------------------------------------- Saltelli */

void gsa_saltelli_point(uint32_t seed, int k, int j, int m, double *u)
{
    /* A_j's coordinate i is counter (j, 2i), B_j's (j, 2i + 1) */
    for (int i = 0; i < k; i++) {
        int from_b = m == 1 || m == 2 + i;
        u[i] = gsa_u01(seed, GSA_STREAM_SALTELLI, (uint32_t)j, (uint32_t)(2 * i + from_b));
    }
}

/* ---------------------------------------------------------------- Morris */

double gsa_morris_delta(int levels)
{
    return levels >= 2 ? levels / (2.0 * (levels - 1)) : 1.0;
}

/* Trajectory t's random choices: counter (t, i) base level of coordinate i,
 * (t, k + i) its direction, (t, 2k + a) the Fisher–Yates draw for slot a of
 * the order in which the coordinates move. */
void gsa_morris_point(uint32_t seed, int k, int levels, int t, int s, double *u, int *factor,
                      double *step)
{
    double delta = gsa_morris_delta(levels);
    int low_levels = levels / 2 > 0 ? levels / 2 : 1; /* base levels with room for +Δ */
    *factor = -1;
    *step = 0.0;
    for (int i = 0; i < k; i++) {
        double ub = gsa_u01(seed, GSA_STREAM_MORRIS, (uint32_t)t, (uint32_t)i);
        int l = (int)(ub * low_levels);
        if (l >= low_levels) l = low_levels - 1;
        double base = levels >= 2 ? (double)l / (levels - 1) : 0.0;
        int up = gsa_u01(seed, GSA_STREAM_MORRIS, (uint32_t)t, (uint32_t)(k + i)) < 0.5;
        u[i] = up ? base : base + delta; /* the start: each coordinate moves toward the other */
    }
    /* the order: a Fisher–Yates shuffle of 0..k-1, one draw per slot */
    int order[GSA_MAX_FACTORS];
    int kk = k < GSA_MAX_FACTORS ? k : GSA_MAX_FACTORS;
    for (int i = 0; i < kk; i++) order[i] = i;
    for (int a = kk - 1; a > 0; a--) {
        double ua = gsa_u01(seed, GSA_STREAM_MORRIS, (uint32_t)t, (uint32_t)(2 * k + a));
        int b = (int)(ua * (a + 1));
        if (b > a) b = a;
        int tmp = order[a];
        order[a] = order[b];
        order[b] = tmp;
    }
    for (int q = 0; q < s && q < kk; q++) {
        int i = order[q];
        int up = gsa_u01(seed, GSA_STREAM_MORRIS, (uint32_t)t, (uint32_t)(k + i)) < 0.5;
        u[i] += up ? delta : -delta;
        if (u[i] < 0.0) u[i] = 0.0; /* rounding only: the grid keeps it inside */
        if (u[i] > 1.0) u[i] = 1.0;
        *factor = i;
        *step = up ? delta : -delta;
    }
}

/* ---------------------------------------------------------------- Latin hypercube */

int gsa_lhs(uint32_t seed, int n, int k, double *u)
{
    int *perm = malloc((size_t)(n > 0 ? n : 1) * sizeof *perm);
    if (!perm) return -1;
    for (int i = 0; i < k; i++) {
        /* coordinate i: counter (i, a) shuffles the strata, (i, n + j) jitters point j */
        for (int a = 0; a < n; a++) perm[a] = a;
        for (int a = n - 1; a > 0; a--) {
            int b = (int)(gsa_u01(seed, GSA_STREAM_LHS, (uint32_t)i, (uint32_t)a) * (a + 1));
            if (b > a) b = a;
            int tmp = perm[a];
            perm[a] = perm[b];
            perm[b] = tmp;
        }
        for (int j = 0; j < n; j++) {
            double jitter = gsa_u01(seed, GSA_STREAM_LHS, (uint32_t)i, (uint32_t)(n + j));
            u[(size_t)j * k + i] = (perm[j] + jitter) / n;
        }
    }
    free(perm);
    return 0;
}
