/* design.h — one design point of an experiment evaluated: a scenario's
 * parameters with some keys set (an analysis's factors, solve's key) run on
 * the backend over the same paths as every other point (common random
 * numbers: the seed and the path numbers do not change), reduced to the
 * outputs asked for — a metric's statistic over paths at a record, an
 * outcome, a claim's probability. The buffers are kept from point to point.
 * Prints nothing; progress goes through ds_progress like a run's. */
#ifndef DS_DESIGN_H
#define DS_DESIGN_H

#include "../io/scenario.h"
#include "backend.h"

typedef struct {
    int paths, records;
    double *rec, *outcomes; /* [M × paths × R], [O × paths] */
    uint8_t *claims, *done; /* [DS_MAX_CLAIMS × paths], [paths] */
    int32_t *bad_step;
    uint8_t *bad_var;
    double *scratch; /* [paths] */
    int kept;        /* paths of the last point that ran to the end with a valid state */
} design_buffers;

/* Buffers for points of P's shape with `paths` paths. DS_OK or DS_EFAIL. */
int design_alloc(design_buffers *d, const ds_params *P, int paths, ds_errors *errs);
void design_free(design_buffers *d);

/* Bytes design_alloc takes for P with `paths` paths (for the memory check). */
double design_bytes(const ds_params *P, int paths);

/* Run P (its run.paths ignored: d->paths paths, 0..paths−1) on b and reduce
 * to y[n] for outputs o[n] (a path left out under run.on_invalid: flag is
 * not counted; an output no path defines is NaN); n_used[n] the paths each
 * counts over, count[n] where a probability's event holds (both may be NULL).
 * DS_OK, or the backend's status (an invalid state under fail, an
 * interrupt) with the error. */
int design_eval(ds_backend *b, const ds_params *P, design_buffers *d, const ds_output_spec *o,
                int n, double *y, int *n_used, int *count, ds_progress *progress, ds_errors *errs);

/* The record a metric output reads: the first at or after its day (the
 * last record for NaN). */
int design_record(const ds_params *P, double day);

#endif
