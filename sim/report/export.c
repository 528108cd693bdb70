/* export.c — `depinsim export --csv DIR`: a results file as tidy CSV, one
 * value per row (quantiles and means, per-path finals and outcomes, claims),
 * for spreadsheets and pandas; each value with its unit, the dataset's units
 * attribute, in a last column (claims are counts and probabilities). Numbers read back exactly;
 * names pass the formula-proof CSV quoting. Each file is written under a temporary name in its
 * folder and renamed when complete. */
#include "report.h"
#include "report_int.h"

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

static int export_quantiles(const ds_read_results *r, FILE *o)
{
    fputs("variant,metric,time_days,statistic,value,unit\n", o);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        for (int m = 0; m < rv->n_metrics; m++) {
            const ds_read_metric *rm = &rv->metrics[m];
            for (int t = 0; t < r->records; t++) {
                for (int s = 0; s <= DS_N_QUANTILES; s++) {
                    if (s == DS_N_QUANTILES && !rm->mean) continue;
                    double x = s < DS_N_QUANTILES ? rm->quantiles[(size_t)t * DS_N_QUANTILES + s]
                                                  : rm->mean[t];
                    report_csv_text(o, rv->name);
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
static int export_per_path(const ds_read_results *r, const char *group, const char *column, FILE *o,
                           ds_errors *errs)
{
    fprintf(o, "variant,%s,path,value,unit\n", column);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        int n = !strcmp(group, RF_FINAL) ? rv->n_metrics : rv->n_outcomes;
        for (int i = 0; i < n; i++) {
            int fin = !strcmp(group, RF_FINAL);
            const char *name = fin ? rv->metrics[i].name : rv->outcomes[i].name;
            const char *unit = fin ? rv->metrics[i].units : rv->outcomes[i].units;
            double *x = NULL;
            int got = results_read_paths(r, v, group, name, &x, errs);
            if (got != DS_OK) return got;
            for (int p = 0; x && p < rv->paths; p++) {
                report_csv_text(o, rv->name);
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

static int export_claims(const ds_read_results *r, FILE *o)
{
    fputs("variant,claim,holds,paths,probability,wilson_lo,wilson_hi\n", o);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        for (int k = 0; k < rv->n_claims; k++) {
            const ds_read_claim *cl = &rv->claims[k];
            report_csv_text(o, rv->name);
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

int report_export(const ds_read_results *r, const char *dir, FILE *out, ds_errors *errs)
{
    if (report_make_dirs(dir) != 0) {
        errors_add(errs, DS_EFAIL, dir, 0, 0, NULL, "cannot create the folder: %s",
                   strerror(errno));
        return DS_EFAIL;
    }
    static const char *const names[4] = {"quantiles.csv", "finals.csv", "outcomes.csv",
                                         "claims.csv"};
    for (int i = 0; i < 4; i++) {
        out_file o;
        if (out_open(&o, dir, names[i], errs) < 0) return DS_EFAIL;
        int st = i == 0   ? export_quantiles(r, o.f)
                 : i == 1 ? export_per_path(r, RF_FINAL, "metric", o.f, errs)
                 : i == 2 ? export_per_path(r, RF_OUTCOMES, "outcome", o.f, errs)
                          : export_claims(r, o.f);
        if (out_close(&o, st == 0, errs) < 0) return st == DS_EINPUT ? DS_EINPUT : DS_EFAIL;
    }
    fputs("wrote ", out);
    errors_put_text(out, dir);
    fputs("/quantiles.csv, finals.csv, outcomes.csv, claims.csv\n", out);
    return DS_OK;
}
