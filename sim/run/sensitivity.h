/* sensitivity.h — `depinsim sensitivity`: the scenario's analysis block run.
 * Around a run of the analysed variant (ds_run, whose results file receives
 * the analysis under /analysis), in stages that print nothing: prepare (the
 * design: every point's parameters built and checked before anything runs),
 * evaluate (every design point on the same paths: common random numbers, so
 * the indices measure the parameters, not noise), estimate (Sobol, Morris or
 * rank correlations per output, with bootstrap intervals: sim/analysis/gsa.h).
 * Then the caller runs the variant itself and writes the file (run.h). */
#ifndef DS_SENSITIVITY_H
#define DS_SENSITIVITY_H

#include "../analysis/gsa.h"
#include "../io/results_ext.h"
#include "design.h"
#include "run.h"

typedef struct {
    const ds_analysis_spec *spec;
    int k; /* factors */
    gsa_factor fac[GSA_MAX_FACTORS];
    int points, samples;
    double *unit;    /* [points × k] unit-cube coordinates */
    ds_analysis out; /* what the file gets: design, outputs, indices */
    design_buffers buf;
    double seconds; /* evaluating the design */
} ds_sensitivity;

/* After run_prepare: the design of r->sc's analysis on its analysed variant
 * (variants[0]), every point's parameters checked (the first bad ones named),
 * the buffers. DS_OK, DS_EINPUT (no analysis, a bad design point) or
 * DS_EFAIL (memory). */
int sensitivity_prepare(ds_sensitivity *s, ds_run *r, ds_errors *errs);

/* Every design point on r's backend, progress through r->progress (which
 * this sets to count the design's path-steps); r->stop ends it. */
int sensitivity_evaluate(ds_sensitivity *s, ds_run *r, ds_errors *errs);

/* The indices of every output into s->out. DS_OK or DS_EFAIL (memory). */
int sensitivity_estimate(ds_sensitivity *s, ds_errors *errs);

void sensitivity_free(ds_sensitivity *s);

/* Path-steps of the design (points × paths × steps), for progress and the
 * README's cost. */
double sensitivity_path_steps(const ds_sensitivity *s, const ds_run *r);

#endif
