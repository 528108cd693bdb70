/* design.c — a design point run and reduced to its outputs (design.h). The
 * statistics are the run's own: quantiles by stats_quantile_sorted over the
 * paths in path order, probabilities by counting per-path verdicts, so a
 * point reproduces what `run` reports for the same parameters and paths. */
#include "design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../stats.h"

static const double stat_level[] = {0.5, NAN, 0.05, 0.25, 0.75, 0.95}; /* DS_STAT_*; mean apart */

double design_bytes(const ds_params *P, int paths)
{
    double R = ds_params_records(P);
    return (double)paths *
           (DS_N_METRICS * R * 8.0 + DS_N_OUTCOMES * 8.0 + DS_MAX_CLAIMS + 1 + 4 + 1 + 8);
}

int design_alloc(design_buffers *d, const ds_params *P, int paths, ds_errors *errs)
{
    memset(d, 0, sizeof *d);
    d->paths = paths;
    d->records = ds_params_records(P);
    size_t n = (size_t)(paths > 0 ? paths : 1);
    d->rec = malloc((size_t)DS_N_METRICS * d->records * n * sizeof *d->rec);
    d->outcomes = malloc((size_t)DS_N_OUTCOMES * n * sizeof *d->outcomes);
    d->claims = calloc((size_t)DS_MAX_CLAIMS * n, 1);
    d->done = calloc(n, 1);
    d->bad_step = malloc(n * sizeof *d->bad_step);
    d->bad_var = calloc(n, 1);
    d->scratch = malloc(n * sizeof *d->scratch);
    if (d->rec && d->outcomes && d->claims && d->done && d->bad_step && d->bad_var && d->scratch)
        return DS_OK;
    design_free(d);
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory for the design's %d paths", paths);
    return DS_EFAIL;
}

void design_free(design_buffers *d)
{
    free(d->rec);
    free(d->outcomes);
    free(d->claims);
    free(d->done);
    free(d->bad_step);
    free(d->bad_var);
    free(d->scratch);
    memset(d, 0, sizeof *d);
}

int design_record(const ds_params *P, double day)
{
    int R = ds_params_records(P), steps = ds_params_steps(P), every = P->run.record_every;
    if (isnan(day)) return R - 1;
    for (int k = 0; k < R; k++) {
        int step = (k + 1) * every < steps ? (k + 1) * every : steps;
        if (step * P->run.step_days >= day - 1e-9) return k;
    }
    return R - 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* stat of the finite values of x [n] (sorted in place). */
static double stat_of(double *x, int n, int stat)
{
    int m = 0;
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i])) sum += x[i], x[m++] = x[i];
    if (m == 0) return NAN;
    if (stat == DS_STAT_MEAN) return sum / m;
    qsort(x, (size_t)m, sizeof *x, cmp_double);
    return stats_quantile_sorted(x, (size_t)m, stat_level[stat]);
}

/* One output over the kept paths; *n_used the paths it counts, *count where a
 * probability's event holds (else 0). */
static double output_of(const ds_params *P, const design_buffers *d, const ds_output_spec *o,
                        int *n_used, int *count)
{
    int paths = d->paths, n = 0;
    *count = 0;
    double *x = d->scratch;
    if (o->kind == DS_OUTPUT_METRIC) {
        int r = design_record(P, o->day);
        for (int p = 0; p < paths; p++)
            if (d->done[p]) x[n++] = d->rec[((size_t)o->index * paths + p) * d->records + r];
        *n_used = n;
        return stat_of(x, n, o->stat);
    }
    if (o->kind == DS_OUTPUT_CLAIM) {
        const ds_claim *cl = &P->claims[o->index];
        int b = -1, k = 0;
        for (int c = 0; c < 32 && b < 0; c++)
            if (cl->given_of & (1u << c)) b = c;
        for (int p = 0; p < paths; p++) {
            if (!d->done[p] || (b >= 0 && !d->claims[(size_t)b * paths + p])) continue;
            n++;
            k += d->claims[(size_t)o->index * paths + p] != 0;
        }
        *n_used = n;
        *count = k;
        return n ? (double)k / n : NAN;
    }
    if (o->index == DS_OUT_DEATH_SPIRAL || o->index == DS_OUT_SUSTAINABLE) {
        int k = 0;
        for (int p = 0; p < paths; p++) {
            if (!d->done[p]) continue;
            n++;
            if (o->index == DS_OUT_DEATH_SPIRAL)
                k += d->outcomes[(size_t)DS_O_DEATH_SPIRAL * paths + p] > 0.5;
            else
                k += !isnan(d->outcomes[(size_t)DS_O_SUSTAINABILITY_DAY * paths + p]);
        }
        *n_used = n;
        *count = k;
        return n ? (double)k / n : NAN;
    }
    int which = o->index == DS_OUT_MAX_DRAWDOWN ? DS_O_MAX_DRAWDOWN : DS_O_MIN_ACTIVE_PROVIDERS;
    for (int p = 0; p < paths; p++)
        if (d->done[p]) x[n++] = d->outcomes[(size_t)which * paths + p];
    *n_used = n;
    return stat_of(x, n, o->stat);
}

int design_eval(ds_backend *b, const ds_params *P, design_buffers *d, const ds_output_spec *o,
                int n, double *y, int *n_used, int *count, ds_progress *progress, ds_errors *errs)
{
    ds_params one = *P;
    one.run.paths = d->paths;
    memset(d->done, 0, (size_t)d->paths);
    for (int p = 0; p < d->paths; p++) d->bad_step[p] = -1;
    ds_run_buffers buf = {d->paths, d->rec,      d->outcomes, d->claims,
                          d->done,  d->bad_step, d->bad_var,  0};
    int rc = backend_run_on(b, &one, 0, d->paths, &buf, progress, errs);
    if (rc != DS_OK) return rc;
    d->kept = 0;
    for (int p = 0; p < d->paths; p++) d->kept += d->done[p];
    for (int i = 0; i < n; i++) {
        int nu, k;
        y[i] = output_of(&one, d, &o[i], &nu, &k);
        if (n_used) n_used[i] = nu;
        if (count) count[i] = k;
    }
    return DS_OK;
}
