/* export.c — `depinsim export --csv DIR`: a results file as tidy CSV, one
 * value per row (quantiles and means, per-path finals and outcomes, claims),
 * for spreadsheets and pandas; each value with its unit, the dataset's units
 * attribute, in a last column (claims are counts and probabilities). Numbers
 * read back exactly; names pass the formula-proof CSV quoting; a sweep's keys
 * are columns of their own. Each file is written under a temporary name in
 * its folder and renamed when complete. */
#include "report.h"
#include "report_int.h"

#include "../io/results_ext.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A file written under a temporary name in its folder and renamed when
 * complete: a failed export does not leave a half file that looks whole. */
typedef struct {
    FILE *f;
    char tmp[PATH_MAX], path[PATH_MAX];
} out_file;

static int out_open(out_file *o, const char *dir, const char *name, ds_errors *errs)
{
    o->f = NULL;
    if (report_path_fmt(errs, o->path, sizeof o->path, "%s/%s", dir, name) < 0 ||
        report_path_fmt(errs, o->tmp, sizeof o->tmp, "%s/.%s.tmp.%ld", dir, name, (long)getpid()) <
            0)
        return -1;
    if (!(o->f = fopen(o->tmp, "w"))) {
        errors_add(errs, DS_EFAIL, o->tmp, 0, 0, NULL, "cannot create: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Closes; renames into place when ok, else removes. Returns 0 or -1. */
static int out_close(out_file *o, int ok, ds_errors *errs)
{
    if (!o->f) return ok ? 0 : -1;
    if (ok && (fflush(o->f) != 0 || ferror(o->f))) {
        errors_add(errs, DS_EFAIL, o->tmp, 0, 0, NULL, "cannot write: %s", strerror(errno));
        ok = 0;
    }
    if (fclose(o->f) != 0 && ok) {
        errors_add(errs, DS_EFAIL, o->tmp, 0, 0, NULL, "cannot write: %s", strerror(errno));
        ok = 0;
    }
    o->f = NULL;
    if (ok && rename(o->tmp, o->path) != 0) {
        errors_add(errs, DS_EFAIL, o->path, 0, 0, NULL, "cannot rename into place: %s",
                   strerror(errno));
        ok = 0;
    }
    if (!ok) unlink(o->tmp);
    return ok ? 0 : -1;
}

static const char *const stat_names[DS_N_QUANTILES + 1] = {"p05", "p25", "p50",
                                                           "p75", "p95", "mean"};

/* The keys a sweep swept, each a column of every file, and each variant's
 * value of it: from the sweep_axes and swept attributes (results_ext.h). */
typedef struct {
    char **keys; /* [n] */
    int n;
    char ***values; /* [variant][key] the text as written in the sweep, or NULL */
} swept_cols;

static void swept_free(swept_cols *c, int n_variants)
{
    for (int v = 0; c->values && v < n_variants; v++) {
        for (int k = 0; c->values[v] && k < c->n; k++) free(c->values[v][k]);
        free(c->values[v]);
    }
    for (int k = 0; k < c->n; k++) free(c->keys[k]);
    free(c->keys);
    free(c->values);
    memset(c, 0, sizeof *c);
}

static int swept_read(const ds_read_results *r, swept_cols *c, ds_errors *errs)
{
    memset(c, 0, sizeof *c);
    results_ext_read_t x;
    int rc = results_ext_read(r, &x, errs);
    if (rc == DS_OK && x.sweep_axes) {
        /* the keys of every axis, in order: "a b\nc\n" */
        for (const char *p = x.sweep_axes; *p; p++) c->n += *p == ' ' || *p == '\n';
        c->keys = calloc((size_t)c->n + 1, sizeof *c->keys);
        c->values = calloc((size_t)r->n_variants + 1, sizeof *c->values);
        if (!c->keys || !c->values) rc = DS_EFAIL;
        int k = 0;
        for (const char *p = x.sweep_axes; rc == DS_OK && *p && k < c->n;) {
            size_t len = strcspn(p, " \n");
            if (len && !(c->keys[k++] = strndup(p, len))) rc = DS_EFAIL;
            p += len + (p[len] != '\0');
        }
        c->n = k;
        for (int v = 0; rc == DS_OK && v < r->n_variants; v++) {
            if (!(c->values[v] = calloc((size_t)c->n + 1, sizeof **c->values))) rc = DS_EFAIL;
            for (int j = 0; rc == DS_OK && x.swept[v] && j < c->n; j++)
                c->values[v][j] = report_line_value(x.swept[v], c->keys[j]);
        }
        if (rc == DS_EFAIL) errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    }
    results_ext_read_free(r, &x);
    return rc;
}

/* A swept value as a cell: a number as it is (a spreadsheet keeps it a
 * number), anything else as text. */
static void csv_swept(FILE *o, const char *t)
{
    char *end;
    if (t && *t && (strtod(t, &end), *end == '\0') && strspn(t, "0123456789+-.eE") == strlen(t))
        fputs(t, o);
    else if (t)
        report_csv_text(o, t);
}

/* variant[,swept keys...] */
static void head_cols(const swept_cols *c, FILE *o)
{
    fputs("variant", o);
    for (int k = 0; k < c->n; k++) fputc(',', o), report_csv_text(o, c->keys[k]);
}

static void row_cols(const ds_read_results *r, const swept_cols *c, int v, FILE *o)
{
    report_csv_text(o, r->variants[v].name);
    for (int k = 0; k < c->n; k++) {
        fputc(',', o);
        csv_swept(o, c->values && c->values[v] ? c->values[v][k] : NULL);
    }
}

static int export_quantiles(const ds_read_results *r, const swept_cols *c, FILE *o)
{
    head_cols(c, o);
    fputs(",metric,time_days,statistic,value,unit\n", o);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        for (int m = 0; m < rv->n_metrics; m++) {
            const ds_read_metric *rm = &rv->metrics[m];
            for (int t = 0; t < r->records; t++) {
                for (int s = 0; s <= DS_N_QUANTILES; s++) {
                    if (s == DS_N_QUANTILES && !rm->mean) continue;
                    double x = s < DS_N_QUANTILES ? rm->quantiles[(size_t)t * DS_N_QUANTILES + s]
                                                  : rm->mean[t];
                    row_cols(r, c, v, o);
                    fputc(',', o);
                    report_csv_text(o, rm->name);
                    fputc(',', o);
                    report_csv_num(o, r->time_days[t]);
                    fprintf(o, ",%s,", stat_names[s]);
                    report_csv_num(o, x);
                    fputc(',', o);
                    report_csv_text(o, rm->units);
                    fputc('\n', o);
                }
            }
        }
    }
    return 0;
}

/* finals.csv or outcomes.csv: per-path values, one variant and name at a
 * time, read from the file on demand. */
static int export_per_path(const ds_read_results *r, const swept_cols *c, const char *group,
                           const char *column, FILE *o, ds_errors *errs)
{
    head_cols(c, o);
    fprintf(o, ",%s,path,value,unit\n", column);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        int final = !strcmp(group, RF_FINAL);
        int n = final ? rv->n_metrics : rv->n_outcomes;
        for (int i = 0; i < n; i++) {
            const char *name = final ? rv->metrics[i].name : rv->outcomes[i].name;
            const char *unit = final ? rv->metrics[i].units : rv->outcomes[i].units;
            double *x = NULL;
            int got = results_read_paths(r, v, group, name, &x, errs);
            if (got != DS_OK) return got;
            for (int p = 0; x && p < rv->paths; p++) {
                row_cols(r, c, v, o);
                fputc(',', o);
                report_csv_text(o, name);
                fprintf(o, ",%d,", p);
                report_csv_num(o, x[p]);
                fputc(',', o);
                report_csv_text(o, unit);
                fputc('\n', o);
            }
            free(x);
        }
    }
    return 0;
}

static int export_claims(const ds_read_results *r, const swept_cols *c, FILE *o)
{
    head_cols(c, o);
    fputs(",claim,holds,paths,probability,wilson_lo,wilson_hi\n", o);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        for (int k = 0; k < rv->n_claims; k++) {
            const ds_read_claim *cl = &rv->claims[k];
            row_cols(r, c, v, o);
            fputc(',', o);
            report_csv_text(o, cl->name);
            const double x[5] = {cl->holds, cl->paths, cl->probability, cl->wilson_lo,
                                 cl->wilson_hi};
            for (int i = 0; i < 5; i++) {
                fputc(',', o);
                report_csv_num(o, x[i]);
            }
            fputc('\n', o);
        }
    }
    return 0;
}

/* design.csv: a row per design point, its factor values then its outputs. */
static void export_design(const ds_analysis *a, FILE *o)
{
    fputs("point", o);
    for (int f = 0; f < a->n_factors; f++) fputc(',', o), report_csv_text(o, a->factors[f]);
    for (int k = 0; k < a->n_outputs; k++) fputc(',', o), report_csv_text(o, a->outputs[k]);
    fputc('\n', o);
    for (int i = 0; i < a->points; i++) {
        fprintf(o, "%d", i);
        for (int f = 0; f < a->n_factors; f++)
            fputc(',', o), report_csv_num(o, a->design[(size_t)i * a->n_factors + f]);
        for (int k = 0; k < a->n_outputs; k++)
            fputc(',', o), report_csv_num(o, a->y[(size_t)i * a->n_outputs + k]);
        fputc('\n', o);
    }
}

int report_export(const ds_read_results *r, const char *dir, FILE *out, ds_errors *errs)
{
    if (report_make_dirs(dir) != 0) {
        errors_add(errs, DS_EFAIL, dir, 0, 0, NULL, "cannot create the folder: %s",
                   strerror(errno));
        return DS_EFAIL;
    }
    static const char *const names[4] = {"quantiles.csv", "finals.csv", "outcomes.csv",
                                         "claims.csv"};
    swept_cols c;
    int rc = swept_read(r, &c, errs);
    for (int i = 0; rc == DS_OK && i < 4; i++) {
        out_file o;
        if (out_open(&o, dir, names[i], errs) < 0) {
            rc = DS_EFAIL;
            break;
        }
        int st = i == 0   ? export_quantiles(r, &c, o.f)
                 : i == 1 ? export_per_path(r, &c, RF_FINAL, "metric", o.f, errs)
                 : i == 2 ? export_per_path(r, &c, RF_OUTCOMES, "outcome", o.f, errs)
                          : export_claims(r, &c, o.f);
        if (out_close(&o, st == 0, errs) < 0) rc = st == DS_EINPUT ? DS_EINPUT : DS_EFAIL;
    }
    swept_free(&c, r->n_variants);
    if (rc != DS_OK) return rc;
    int analysis = 0; /* a sensitivity analysis: its indices and its design, tidy too */
    results_ext_read_t x;
    rc = results_ext_read(r, &x, errs);
    if (rc == DS_OK && x.has_analysis) {
        out_file o;
        analysis = 1;
        if (out_open(&o, dir, "analysis.csv", errs) < 0) {
            rc = DS_EFAIL;
        } else {
            rc = report_analysis(r->scenario_name, &x.analysis, REPORT_CSV, o.f, errs);
            if (out_close(&o, rc == DS_OK, errs) < 0) rc = DS_EFAIL;
        }
        if (rc == DS_OK && out_open(&o, dir, "design.csv", errs) < 0) rc = DS_EFAIL;
        if (rc == DS_OK) {
            export_design(&x.analysis, o.f);
            if (out_close(&o, 1, errs) < 0) rc = DS_EFAIL;
        }
    }
    results_ext_read_free(r, &x);
    if (rc != DS_OK) return rc;
    fputs("wrote ", out);
    errors_put_text(out, dir);
    fputs("/quantiles.csv, finals.csv, outcomes.csv, claims.csv", out);
    fputs(analysis ? ", analysis.csv, design.csv\n" : "\n", out);
    return DS_OK;
}
