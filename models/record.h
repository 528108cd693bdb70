/* record.h — what a backend does with a path after each step and at its end,
 * written once for both: whether the step is recorded and at which index, the
 * metrics and outcome tracking, the record itself with the record-time state
 * check (an invalid path's later records are NaN), and the outcome write.
 * Where records go is the caller's: a path's metric m, record r lies at
 * rec[m·stride + r]. No allocation, no I/O. */
#ifndef DS_RECORD_H
#define DS_RECORD_H

#include "path.h"

/* Steps are recorded every record_every steps and at the last step (a short
 * last record when record_every does not divide the steps). */
static inline DS_HD int ds_record_due(const ds_params *P, int step)
{
    return (step + 1) % P->run.record_every == 0 || step == ds_params_steps(P) - 1;
}

/* The record index of a recorded step: (step + 1) / every − 1, or R − 1 at a
 * short last record; both are step / every. */
static inline DS_HD int ds_record_index(const ds_params *P, int step)
{
    return step / P->run.record_every;
}

/* Metrics out[DS_N_METRICS] as record r. */
static inline DS_HD void ds_record_write(double *rec, size_t stride, int r, const double *out)
{
    for (int m = 0; m < DS_N_METRICS; m++) rec[(size_t)m * stride + (size_t)r] = out[m];
}

/* Records [r0, records) NaN: undefined after an invalid state. */
static inline DS_HD void ds_record_fill_nan(double *rec, size_t stride, int r0, int records)
{
    for (int r = r0; r < records; r++)
        for (int m = 0; m < DS_N_METRICS; m++) rec[(size_t)m * stride + (size_t)r] = (double)NAN;
}

/* After ds_path_end of step S->step: the metrics (when the step is recorded or
 * claims need them), outcome and claim tracking, and at a recorded step the
 * record and the state check. Returns DS_BAD_NONE, or the first invalid state
 * variable (DS_BAD_*): the path's later records are then NaN and the caller
 * stops the path here. rec: this path's metric 0, record 0. */
static inline DS_HD int ds_record_step(const ds_params *P, ds_path *S, double *rec, size_t stride)
{
    double out[DS_N_METRICS];
    int due = ds_record_due(P, S->step);
    if (due || P->n_claims > 0) ds_path_metrics(P, S, out);
    ds_path_track(P, S, P->n_claims > 0 ? out : NULL);
    if (!due) return DS_BAD_NONE;
    int r = ds_record_index(P, S->step);
    ds_record_write(rec, stride, r, out);
    int bad = ds_path_invalid(S);
    if (bad != DS_BAD_NONE) ds_record_fill_nan(rec, stride, r + 1, ds_params_records(P));
    return bad;
}

/* At the end of a path: outcome k at outcomes[k·stride], claim c's verdict at
 * holds[c·stride] (holds may be NULL). */
static inline DS_HD void ds_record_outcomes(const ds_params *P, const ds_path *S, double *outcomes,
                                            uint8_t *holds, size_t stride)
{
    double o[DS_N_OUTCOMES];
    uint8_t h[DS_MAX_CLAIMS];
    ds_path_outcomes(P, S, o, h);
    for (int k = 0; k < DS_N_OUTCOMES; k++) outcomes[(size_t)k * stride] = o[k];
    for (int c = 0; holds && c < P->n_claims; c++) holds[(size_t)c * stride] = h[c];
}

#endif
