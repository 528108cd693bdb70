/* sensitivity.c — the analysis block run (sensitivity.h): the design's unit
 * coordinates from sim/analysis/gsa.h, turned into factor values and into
 * each point's parameters with scenario_set_number (linked keys rescaled),
 * every point checked like a scenario before the first runs; each point then
 * run on the same paths (design.c) and the outputs reduced; the estimators
 * last. Nothing here prints. */
#include "sensitivity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

static int oom(ds_errors *errs)
{
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    return DS_EFAIL;
}

/* Point i's parameters: the analysed variant with every factor at its value. */
static int point_params(const ds_sensitivity *s, const ds_params *base, int i, ds_params *p,
                        char *msg, size_t n)
{
    *p = *base;
    for (int f = 0; f < s->k; f++) {
        const ds_factor_spec *fs = &s->spec->factors[f];
        char *rs[DS_MAX_RESCALE];
        for (int j = 0; j < fs->n_rescale; j++) rs[j] = (char *)fs->rescale[j];
        double x = s->out.design[(size_t)i * s->k + f];
        if (scenario_set_number(p, fs->key, x, rs, fs->n_rescale, msg, n) < 0) return -1;
    }
    return 0;
}

/* The unit-cube coordinates of every point, by method. */
static int make_design(ds_sensitivity *s, ds_errors *errs)
{
    const ds_analysis_spec *a = s->spec;
    int k = s->k;
    if (!(s->unit = malloc((size_t)s->points * k * sizeof *s->unit))) return oom(errs);
    if (a->method == DS_ANALYSIS_LHS)
        return gsa_lhs(a->seed, s->points, k, s->unit) ? oom(errs) : 0;
    for (int i = 0; i < s->points; i++) {
        double *u = s->unit + (size_t)i * k;
        if (a->method == DS_ANALYSIS_SOBOL) {
            gsa_saltelli_point(a->seed, k, i / (k + 2), i % (k + 2), u);
        } else {
            int factor;
            double step;
            gsa_morris_point(a->seed, k, a->levels, i / (k + 1), i % (k + 1), u, &factor, &step);
        }
    }
    return DS_OK;
}

static char **names_alloc(int n)
{
    return calloc((size_t)(n > 0 ? n : 1), sizeof(char *));
}

/* The names and texts the file keeps: factors, their distributions and
 * units, outputs, their texts and units. */
static int describe(ds_sensitivity *s, const ds_scenario *sc, ds_errors *errs)
{
    ds_analysis *o = &s->out;
    const ds_analysis_spec *a = s->spec;
    o->factors = names_alloc(s->k);
    o->factor_dists = names_alloc(s->k);
    o->factor_units = names_alloc(s->k);
    o->outputs = names_alloc(a->n_outputs);
    o->output_texts = names_alloc(a->n_outputs);
    o->output_units = names_alloc(a->n_outputs);
    if (!o->factors || !o->factor_dists || !o->factor_units || !o->outputs || !o->output_texts ||
        !o->output_units)
        return oom(errs);
    o->n_factors = s->k;
    o->n_outputs = a->n_outputs;
    char buf[512], msg[256];
    for (int f = 0; f < s->k; f++) {
        scenario_key info;
        scenario_factor_text(&a->factors[f], buf, sizeof buf);
        if (scenario_key_info(&sc->variants[0].params, a->factors[f].key, &info, msg, sizeof msg))
            info.unit = "";
        if (!(o->factors[f] = strdup(a->factors[f].key)) || !(o->factor_dists[f] = strdup(buf)) ||
            !(o->factor_units[f] = strdup(info.unit)))
            return oom(errs);
    }
    for (int i = 0; i < a->n_outputs; i++) {
        scenario_output_text(sc, &a->outputs[i], buf, sizeof buf);
        if (!(o->outputs[i] = strdup(a->outputs[i].name)) || !(o->output_texts[i] = strdup(buf)) ||
            !(o->output_units[i] = strdup(scenario_output_unit(&a->outputs[i]))))
            return oom(errs);
    }
    return DS_OK;
}

int sensitivity_prepare(ds_sensitivity *s, ds_run *r, ds_errors *errs)
{
    memset(s, 0, sizeof *s);
    const ds_scenario *sc = &r->sc;
    const ds_analysis_spec *a = &sc->analysis;
    s->spec = a;
    if (!a->given || a->n_factors == 0 || a->n_outputs == 0) {
        errors_add(errs, DS_EINPUT, sc->path, 0, 0, "analysis",
                   "the scenario has no analysis block (factors and outputs): see "
                   "scenarios/README.md, Sensitivity analysis");
        return DS_EINPUT;
    }
    s->k = a->n_factors;
    s->samples = a->samples;
    s->points = a->method == DS_ANALYSIS_SOBOL    ? a->samples * (s->k + 2)
                : a->method == DS_ANALYSIS_MORRIS ? a->samples * (s->k + 1)
                                                  : a->samples;
    for (int f = 0; f < s->k; f++) {
        const ds_factor_spec *fs = &a->factors[f];
        s->fac[f] = (gsa_factor){fs->dist == DS_FACTOR_LISTED        ? GSA_LISTED
                                 : fs->dist == DS_FACTOR_LOG_UNIFORM ? GSA_LOG_UNIFORM
                                                                     : GSA_UNIFORM,
                                 fs->lo, fs->hi, fs->n_values, fs->values};
    }
    ds_analysis *o = &s->out;
    o->method = a->method;
    o->samples = a->samples;
    o->points = s->points;
    o->paths = a->paths > 0 ? a->paths : sc->variants[0].params.run.paths;
    o->seed = a->seed;
    o->levels = a->levels;
    o->first_order = a->first_order;
    o->resamples = a->resamples;
    o->confidence = a->confidence;
    if (describe(s, sc, errs) != DS_OK || make_design(s, errs) != DS_OK) return DS_EFAIL;
    if (!(o->design = malloc((size_t)s->points * s->k * sizeof *o->design)) ||
        !(o->y = malloc((size_t)s->points * a->n_outputs * sizeof *o->y)))
        return oom(errs);
    for (size_t i = 0; i < (size_t)s->points * s->k; i++)
        o->design[i] = gsa_factor_value(&s->fac[i % s->k], s->unit[i]);
    /* every point a valid scenario before the first runs: say the first few that are not */
    int bad = 0;
    char msg[256], key[160];
    for (int i = 0; i < s->points && bad < 5; i++) {
        ds_params p;
        int st = point_params(s, &sc->variants[0].params, i, &p, msg, sizeof msg);
        if (st == 0 && scenario_params_valid(sc, &p, key, sizeof key, msg, sizeof msg) == 0)
            continue;
        char at[400];
        size_t used = 0;
        for (int f = 0; f < s->k && used < sizeof at; f++)
            used += (size_t)snprintf(at + used, sizeof at - used, "%s%s=%.6g", f ? ", " : "",
                                     a->factors[f].key, o->design[(size_t)i * s->k + f]);
        errors_add(errs, DS_EINPUT, sc->path, 0, 0, "analysis",
                   "design point %d (%s) is not a valid scenario: %s%s%s", i, at,
                   st == 0 ? key : "", st == 0 ? ": " : "", msg);
        bad++;
    }
    if (bad) {
        errors_note(errs, "narrow the factors' ranges, or link the keys that must keep a sum "
                          "(rescale)");
        return DS_EINPUT;
    }
    return design_alloc(&s->buf, &sc->variants[0].params, o->paths, errs);
}

double sensitivity_path_steps(const ds_sensitivity *s, const ds_run *r)
{
    return (double)s->points * s->out.paths * ds_params_steps(&r->sc.variants[0].params);
}

int sensitivity_evaluate(ds_sensitivity *s, ds_run *r, ds_errors *errs)
{
    const ds_params *base = &r->sc.variants[0].params;
    int n_out = s->spec->n_outputs, steps = ds_params_steps(base);
    r->progress.total = (long)s->points * s->out.paths * steps;
    r->progress.paths_total = (long)s->points * s->out.paths;
    r->progress.done = r->progress.paths_done = 0;
    double t0 = progress_now();
    char msg[256];
    for (int i = 0; i < s->points; i++) {
        if (r->stop) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                       "interrupted after %d of %d design points: nothing written", i, s->points);
            return DS_EFAIL;
        }
        ds_params p;
        if (point_params(s, base, i, &p, msg, sizeof msg) < 0) { /* checked in prepare */
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "design point %d: %s", i, msg);
            return DS_EFAIL;
        }
        int rc = design_eval(&r->backend, &p, &s->buf, s->spec->outputs, n_out,
                             s->out.y + (size_t)i * n_out, NULL, NULL, &r->progress, errs);
        if (rc != DS_OK) {
            if (!r->stop)
                errors_note(errs, "at design point %d of %d", i, s->points);
            else
                errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "interrupted: nothing written");
            return rc;
        }
    }
    s->seconds = progress_now() - t0;
    s->out.wall_seconds = s->seconds;
    return DS_OK;
}

int sensitivity_estimate(ds_sensitivity *s, ds_errors *errs)
{
    ds_analysis *o = &s->out;
    int k = s->k, n_out = o->n_outputs, P = s->points;
    int n_stats = ds_analysis_n_stats(o->method);
    for (int t = 0; t < n_stats; t++)
        if (!(o->stats[t] = malloc((size_t)n_out * k * sizeof *o->stats[t]))) return oom(errs);
    double *y = malloc((size_t)P * sizeof *y);
    gsa_sobol_index *si = malloc((size_t)k * sizeof *si);
    gsa_morris_effect *me = malloc((size_t)k * sizeof *me);
    gsa_rank_corr *rc = malloc((size_t)k * sizeof *rc);
    if (o->method == DS_ANALYSIS_SOBOL) {
        o->variance = malloc((size_t)n_out * sizeof *o->variance);
        o->rows = malloc((size_t)n_out * sizeof *o->rows);
    }
    int st = DS_OK;
    if (!y || !si || !me || !rc || (o->method == DS_ANALYSIS_SOBOL && (!o->variance || !o->rows)))
        st = oom(errs);
    for (int out = 0; st == DS_OK && out < n_out; out++) {
        for (int i = 0; i < P; i++) y[i] = o->y[(size_t)i * n_out + out];
        double *row[DS_ANALYSIS_MAX_STATS];
        for (int t = 0; t < n_stats; t++) row[t] = o->stats[t] + (size_t)out * k;
        if (o->method == DS_ANALYSIS_SOBOL) {
            gsa_sobol_info info;
            if (gsa_sobol(y, s->samples, k, o->first_order, o->resamples, o->confidence, o->seed,
                          si, &info) < 0)
                st = oom(errs);
            o->variance[out] = info.variance;
            o->rows[out] = info.rows;
            for (int f = 0; f < k; f++) {
                row[0][f] = si[f].s1, row[1][f] = si[f].s1_lo, row[2][f] = si[f].s1_hi;
                row[3][f] = si[f].st, row[4][f] = si[f].st_lo, row[5][f] = si[f].st_hi;
            }
        } else if (o->method == DS_ANALYSIS_MORRIS) {
            if (gsa_morris(y, s->samples, k, o->levels, o->seed, o->resamples, o->confidence, me) <
                0)
                st = oom(errs);
            for (int f = 0; f < k; f++) {
                row[0][f] = me[f].mu_star, row[1][f] = me[f].mu_star_lo;
                row[2][f] = me[f].mu_star_hi, row[3][f] = me[f].mu, row[4][f] = me[f].sigma;
            }
        } else {
            if (gsa_rank_correlations(o->design, y, P, k, o->resamples, o->confidence, o->seed,
                                      rc) < 0)
                st = oom(errs);
            for (int f = 0; f < k; f++)
                row[0][f] = rc[f].rho, row[1][f] = rc[f].rho_lo, row[2][f] = rc[f].rho_hi;
        }
    }
    free(y), free(si), free(me), free(rc);
    return st;
}

void sensitivity_free(ds_sensitivity *s)
{
    free(s->unit);
    design_free(&s->buf);
    results_ext_analysis_free(&s->out);
    memset(s, 0, sizeof *s);
}
