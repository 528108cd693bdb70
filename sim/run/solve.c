/* solve.c — bisection on common random numbers (solve.h). Each point is the
 * variant with the key set (and its linked keys rescaled: scenario_set_number),
 * checked like a scenario, run on the same paths (design.c) and judged. The
 * bracket narrows between the last value that misses the target and the
 * first that meets it, arithmetically or, for a key over decades, in log
 * space, until it is as narrow as asked or the evaluations are spent. */
#include "solve.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/results.h"
#include "progress.h"

static const char *const stat_names[] = {"median", "mean", "p05", "p25", "p75", "p95"};

int solve_parse_target(const ds_params *P, const char *text, solve_spec *s, char *msg, size_t n)
{
    char name[96] = "", op[3] = "";
    const char *t = text;
    while (isspace((unsigned char)*t)) t++;
    size_t len = strcspn(t, " \t<>=");
    if (len == 0 || len >= sizeof name) {
        snprintf(msg, n, "expected 'NAME OP NUMBER', e.g. 'keeps_providers >= 0.9'");
        return -1;
    }
    memcpy(name, t, len);
    t += len;
    while (isspace((unsigned char)*t)) t++;
    size_t ol = strspn(t, "<>=");
    if (ol < 1 || ol > 2) {
        snprintf(msg, n, "expected >=, >, <= or < after '%s'", name);
        return -1;
    }
    memcpy(op, t, ol);
    t += ol;
    static const char *const ops[] = {">=", ">", "<=", "<"};
    s->op = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(op, ops[i])) s->op = i;
    if (s->op < 0) {
        snprintf(msg, n, "'%s' is not one of >=, >, <=, <", op);
        return -1;
    }
    char *end;
    s->level = strtod(t, &end);
    while (isspace((unsigned char)*end)) end++;
    if (end == t || *end || !isfinite(s->level)) {
        snprintf(msg, n, "expected a number after '%s'", op);
        return -1;
    }
    ds_output_spec *o = &s->target;
    memset(o, 0, sizeof *o);
    o->day = NAN;
    snprintf(o->name, sizeof o->name, "target");
    char *paren = strchr(name, '(');
    if (paren) { /* STAT(METRIC) */
        size_t nl = strlen(name);
        if (name[nl - 1] != ')') {
            snprintf(msg, n, "'%s': expected STAT(METRIC), e.g. median(active_providers)", name);
            return -1;
        }
        name[nl - 1] = '\0';
        *paren = '\0';
        o->kind = DS_OUTPUT_METRIC;
        o->stat = -1;
        for (int i = 0; i < 6; i++)
            if (!strcmp(name, stat_names[i])) o->stat = i;
        o->index = -1;
        for (int m = 0; m < DS_N_METRICS; m++)
            if (!strcmp(paren + 1, ds_metric_names[m])) o->index = m;
        if (o->stat < 0 || o->index < 0) {
            snprintf(msg, n,
                     "'%s(%s)': expected STAT(METRIC) with STAT one of median, mean, p05, "
                     "p25, p75, p95 and a metric name",
                     name, paren + 1);
            return -1;
        }
        return 0;
    }
    if (!strcmp(name, "death_spiral") || !strcmp(name, "sustainable")) {
        o->kind = DS_OUTPUT_OUTCOME;
        o->index = name[0] == 'd' ? DS_OUT_DEATH_SPIRAL : DS_OUT_SUSTAINABLE;
        return 0;
    }
    o->kind = DS_OUTPUT_CLAIM;
    o->index = -1;
    for (int c = 0; c < P->n_claims; c++)
        if (!strcmp(P->claims[c].name, name)) o->index = c;
    if (o->index < 0) {
        snprintf(msg, n,
                 "'%s' is not a claim of the scenario, death_spiral, sustainable or "
                 "STAT(METRIC)",
                 name);
        return -1;
    }
    /* name equals a claim's name, which fits (DS_NAME_LEN) */
    snprintf(o->claim, sizeof o->claim, "%.*s", (int)sizeof o->claim - 1, name);
    return 0;
}

static int meets(const solve_spec *s, double v)
{
    switch (s->op) {
    case SOLVE_GE: return v >= s->level;
    case SOLVE_GT: return v > s->level;
    case SOLVE_LE: return v <= s->level;
    default: return v < s->level;
    }
}

/* One point: the variant with the key at x, checked, run, judged. */
static int point(ds_backend *b, const ds_scenario *sc, const ds_params *P, const solve_spec *s,
                 design_buffers *d, double x, solve_result *out, ds_progress *progress,
                 ds_errors *errs)
{
    ds_params p = *P;
    char msg[256], key[160];
    if (scenario_set_number(&p, s->key, x, (char *const *)s->rescale, s->n_rescale, msg,
                            sizeof msg) < 0) {
        errors_add(errs, DS_EINPUT, "--vary", 0, 0, s->key, "at %g: %s", x, msg);
        return DS_EINPUT;
    }
    if (scenario_params_valid(sc, &p, key, sizeof key, msg, sizeof msg) < 0) {
        errors_add(errs, DS_EINPUT, "--vary", 0, 0, s->key,
                   "at %g the scenario is not valid: %s: %s", x, key, msg);
        return DS_EINPUT;
    }
    solve_point *pt = &out->pts[out->n];
    int rc = design_eval(b, &p, d, &s->target, 1, &pt->value, &pt->n, &pt->count, progress, errs);
    if (rc != DS_OK) return rc;
    pt->x = x;
    pt->met = isfinite(pt->value) && meets(s, pt->value);
    out->n++;
    return DS_OK;
}

static int cmp_x(const void *a, const void *b)
{
    const solve_point *x = a, *y = b;
    return (x->x > y->x) - (x->x < y->x);
}

int solve_run(ds_backend *b, const ds_scenario *sc, const ds_params *P, const solve_spec *s,
              solve_result *out, ds_progress *progress, ds_errors *errs)
{
    memset(out, 0, sizeof *out);
    scenario_key info;
    char msg[256];
    if (scenario_key_info(P, s->key, &info, msg, sizeof msg) < 0) {
        errors_add(errs, DS_EINPUT, "--vary", 0, 0, s->key, "%s", msg);
        return DS_EINPUT;
    }
    int max_evals = s->max_evals > 2 && s->max_evals <= SOLVE_MAX_EVALS ? s->max_evals : 24;
    double tol = s->tolerance > 0 ? s->tolerance : (s->hi - s->lo) / 1000.0;
    if (info.integer && tol < 1) tol = 1;
    design_buffers d;
    int rc = design_alloc(&d, P, s->paths, errs);
    if (rc != DS_OK) return rc;
    double t0 = progress_now();
    rc = point(b, sc, P, s, &d, s->lo, out, progress, errs);
    if (rc == DS_OK) rc = point(b, sc, P, s, &d, s->hi, out, progress, errs);
    if (rc == DS_OK) {
        out->met_lo = out->pts[0].met;
        out->met_hi = out->pts[1].met;
        out->found = out->met_lo != out->met_hi;
        out->smallest = out->met_hi;
    }
    /* the bracket: miss at one end, meet at the other */
    double miss = out->smallest ? s->lo : s->hi, meet = out->smallest ? s->hi : s->lo;
    while (rc == DS_OK && out->found && out->n < max_evals && fabs(meet - miss) > tol) {
        double m = s->log_scale ? sqrt(miss * meet) : 0.5 * (miss + meet);
        if (info.integer) m = floor(m + 0.5);
        if (m == miss || m == meet) break; /* integers: adjacent */
        rc = point(b, sc, P, s, &d, m, out, progress, errs);
        if (rc != DS_OK) break;
        if (out->pts[out->n - 1].met)
            meet = m;
        else
            miss = m;
    }
    out->answer = meet;
    out->miss = miss;
    out->seconds = progress_now() - t0;
    /* the verdicts of the points in order of x change once: the bracket is the crossing */
    solve_point sorted[SOLVE_MAX_EVALS];
    memcpy(sorted, out->pts, (size_t)out->n * sizeof *sorted);
    qsort(sorted, (size_t)out->n, sizeof *sorted, cmp_x);
    int changes = 0;
    for (int i = 1; i < out->n; i++) changes += sorted[i].met != sorted[i - 1].met;
    out->monotone = changes <= 1;
    design_free(&d);
    return rc;
}
