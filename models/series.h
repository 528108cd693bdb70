/* series.h — input time series (scenario `inputs:`, read from CSV files by
 * sim/io/series_csv.c) as the model reads them: knots (day, value) kept in one
 * pool at the end of ds_params, each input a slice of it; the value at a time
 * by piecewise-linear or step interpolation; and the token's log return of a
 * step replayed from a price series or drawn by a circular block bootstrap of
 * its log returns. Only the global phases (path.h) read a series: the CUDA
 * kernel keeps the pool out of shared memory and thread 0 reads it from
 * global memory. No I/O here: the loader fills the pool. */
#ifndef DS_SERIES_H
#define DS_SERIES_H

#include "common.h"
#include "rng.h"

#define DS_MAX_INPUTS 8     /* input series per scenario */
#define DS_SERIES_POOL 4096 /* knots of all the inputs together */

/* How a series is read between its knots, stated in the scenario
 * (`inputs.N.interp`): linear joins neighbouring knots by a straight line;
 * step holds a knot's value until the next knot (a price list that changes on
 * dated days). Both give a knot's value exactly at its day. */
enum { DS_INTERP_LINEAR = 0, DS_INTERP_STEP = 1 };

/* One input's slice of the pool, what the model needs of it. */
typedef struct {
    int first, n;     /* knots [first, first + n) of the pool; n = 0: no series */
    int interp;       /* DS_INTERP_* */
    int pad;          /* keeps the struct a whole number of 64-bit words */
    double step_days; /* the spacing when every knot is that far from the last, else 0 */
} ds_series;

/* Every input's knots, back to back. t_days is simulation time: day 0 is the
 * input's `start` row, so knots before it have negative days (a bootstrap
 * draws from the whole history). value is in the model's unit (the input's
 * scale applied). */
typedef struct {
    int n_knots;
    int pad;
    double t_days[DS_SERIES_POOL];
    double value[DS_SERIES_POOL];
} ds_series_pool;

/* The index k of the last knot with t[k] <= x among t[0..n), n >= 1, found by
 * bisection (at most 12 halvings for the whole pool); 0 when x is before t[0]. */
static inline DS_HD int ds_series_find(const double *t, int n, double x)
{
    int lo = 0, hi = n - 1;
    if (!(x >= t[0])) return 0;
    if (x >= t[hi]) return hi;
    while (hi - lo > 1) { /* t[lo] <= x < t[hi] */
        int mid = lo + (hi - lo) / 2;
        if (t[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The value at day x of knots (t, v)[0..n), n >= 1. Outside the knots it holds
 * the first or last value (validation keeps the run inside them). At a knot it
 * is that knot's value exactly: linear adds (v[k+1] − v[k])·0 to v[k]. */
static inline DS_HD double ds_series_interp(const double *t, const double *v, int n, int interp,
                                            double x)
{
    int k = ds_series_find(t, n, x);
    if (interp == DS_INTERP_STEP || k + 1 >= n || !(x > t[k])) return v[k];
    return v[k] + (v[k + 1] - v[k]) * ((x - t[k]) / (t[k + 1] - t[k]));
}

/* Input s's value at day x. */
static inline DS_HD double ds_series_at(const ds_series_pool *pool, const ds_series *s, double x)
{
    return ds_series_interp(pool->t_days + s->first, pool->value + s->first, s->n, s->interp, x);
}

/* The token price path: the log return of the step [t, t + dt) replayed from
 * the series (the log of its ratio over the step, so that a path started at
 * token.initial_price_usd moves as the history did), the same on every path. */
static inline DS_HD double ds_series_replay_return(const ds_series_pool *pool, const ds_series *s,
                                                   double t_days, double dt_days)
{
    return ds_log(ds_series_at(pool, s, t_days + dt_days) / ds_series_at(pool, s, t_days));
}

/* The circular block bootstrap of the series' n − 1 knot-to-knot log returns
 * (a regular series spaced one step apart: validation checks it). Steps are cut
 * into blocks of block_steps; block b starts at a uniformly drawn return
 * (Philox, purpose DS_RNG_BOOTSTRAP, counter (purpose, b, 0, 0): one draw per
 * block, a pure function of the path and the block) and runs on through the
 * history, wrapping from the last return to the first. Every return is then
 * equally likely at every step, so a path's expected mean log return is the
 * history's mean exactly, and blocks keep the history's short-range
 * dependence (volatility clusters) within them. */
static inline DS_HD double ds_series_bootstrap_return(const ds_series_pool *pool,
                                                      const ds_series *s, uint32_t seed,
                                                      uint32_t path, int step, int block_steps)
{
    int m = s->n - 1; /* returns */
    uint32_t b = (uint32_t)(step / block_steps), o = (uint32_t)(step % block_steps);
    ds_rng4 r = ds_rng_draw(seed, path, DS_RNG_BOOTSTRAP, b, 0, 0);
    /* r.v[0] / 2^32 · m: an exact uniform index in [0, m) (m < 2^13) */
    uint32_t start = (uint32_t)(((uint64_t)r.v[0] * (uint64_t)m) >> 32);
    uint32_t k = (start + o) % (uint32_t)m;
    const double *v = pool->value + s->first;
    return ds_log(v[k + 1] / v[k]);
}

#endif
