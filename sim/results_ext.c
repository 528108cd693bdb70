/* results_ext.c — what experiments add to a results file (results_ext.h):
 * the variant selection, each sweep variant's point, the claims' conditions
 * and construction notes, and a sensitivity analysis under /analysis. Written
 * into the open file by results_write's hook with the same conventions as
 * results.c (UTF-8 fixed-length string attributes, little-endian numbers, no
 * modification times, so the datasets stay byte-identical between runs);
 * read back only through results_read.h's checked reads. */
#include "results_ext.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ds_analysis_methods[3] = {"sobol", "morris", "lhs"};
const char *const ds_analysis_stats[3][DS_ANALYSIS_MAX_STATS] = {
    {"s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi"},
    {"mu_star", "mu_star_lo", "mu_star_hi", "mu", "sigma", NULL},
    {"rho", "rho_lo", "rho_hi", NULL, NULL, NULL}};

int ds_analysis_n_stats(int method)
{
    int n = 0;
    while (n < DS_ANALYSIS_MAX_STATS && ds_analysis_stats[method][n]) n++;
    return n;
}

/* ---------------------------------------------------------------- writing */

typedef struct {
    ds_errors *errs;
    const char *what; /* the object being written, for the one error */
    int failed;
    hid_t gcpl, dcpl; /* no modification times; groups keep creation order */
} wctx;

static int wfail(wctx *w)
{
    if (!w->failed)
        errors_add(w->errs, DS_EFAIL, NULL, 0, 0, NULL, "cannot write %s to the results file",
                   w->what);
    w->failed = 1;
    return -1;
}

static int w_attr_str(wctx *w, hid_t loc, const char *name, const char *s)
{
    if (!s) s = "";
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR), a = -1;
    int ok = t >= 0 && sp >= 0 && H5Tset_size(t, strlen(s) + 1) >= 0 &&
             H5Tset_strpad(t, H5T_STR_NULLTERM) >= 0 && H5Tset_cset(t, H5T_CSET_UTF8) >= 0 &&
             (a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0 &&
             H5Awrite(a, t, s) >= 0;
    if (a >= 0) H5Aclose(a);
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    return ok ? 0 : wfail(w);
}

static int w_attr_num(wctx *w, hid_t loc, const char *name, double v, int integer)
{
    hid_t sp = H5Screate(H5S_SCALAR), a = -1;
    int iv = integer ? (int)v : 0;
    int ok = sp >= 0 &&
             (a = H5Acreate2(loc, name, integer ? H5T_STD_I32LE : H5T_IEEE_F64LE, sp, H5P_DEFAULT,
                             H5P_DEFAULT)) >= 0 &&
             (integer ? H5Awrite(a, H5T_NATIVE_INT, &iv) : H5Awrite(a, H5T_NATIVE_DOUBLE, &v)) >= 0;
    if (a >= 0) H5Aclose(a);
    if (sp >= 0) H5Sclose(sp);
    return ok ? 0 : wfail(w);
}

static int w_dataset(wctx *w, hid_t loc, const char *name, int rows, int cols, const double *x,
                     const char *units)
{
    hsize_t dims[2] = {(hsize_t)rows, (hsize_t)cols};
    hid_t sp = H5Screate_simple(cols > 0 ? 2 : 1, dims, NULL), d = -1;
    int ok =
        sp >= 0 &&
        (d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, w->dcpl, H5P_DEFAULT)) >= 0 &&
        ((size_t)rows * (size_t)(cols > 0 ? cols : 1) == 0 ||
         H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0);
    if (d >= 0 && ok) ok = w_attr_str(w, d, "units", units) == 0;
    if (d >= 0) H5Dclose(d);
    if (sp >= 0) H5Sclose(sp);
    return ok ? 0 : wfail(w);
}

/* Open an existing object of the file being written (our own: no checks). */
static hid_t w_open(wctx *w, hid_t file, const char *path)
{
    hid_t id = H5Oopen(file, path, H5P_DEFAULT);
    if (id < 0) wfail(w);
    return id;
}

/* Lines of strs joined by '\n' into a malloc'd string. */
static char *join_lines(char *const *strs, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(strs[i] ? strs[i] : "") + 1;
    char *s = malloc(len), *p = s;
    if (!s) return NULL;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(strs[i] ? strs[i] : "");
        memcpy(p, strs[i] ? strs[i] : "", l);
        p += l;
        if (i + 1 < n) *p++ = '\n';
    }
    *p = '\0';
    return s;
}

static int write_lines(wctx *w, hid_t loc, const char *name, char *const *strs, int n)
{
    char *s = join_lines(strs, n);
    if (!s) {
        errors_add(w->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    int rc = w_attr_str(w, loc, name, s);
    free(s);
    return rc;
}

static int write_analysis(wctx *w, hid_t file, const ds_analysis *a)
{
    w->what = "/analysis";
    hid_t g = H5Gcreate2(file, "analysis", H5P_DEFAULT, w->gcpl, H5P_DEFAULT), ix = -1;
    if (g < 0) return wfail(w);
    int rc = -1;
    if (w_attr_str(w, g, "method", ds_analysis_methods[a->method]) < 0 ||
        write_lines(w, g, "factors", a->factors, a->n_factors) < 0 ||
        write_lines(w, g, "factor_distributions", a->factor_dists, a->n_factors) < 0 ||
        write_lines(w, g, "factor_units", a->factor_units, a->n_factors) < 0 ||
        write_lines(w, g, "outputs", a->outputs, a->n_outputs) < 0 ||
        write_lines(w, g, "output_texts", a->output_texts, a->n_outputs) < 0 ||
        write_lines(w, g, "output_units", a->output_units, a->n_outputs) < 0 ||
        w_attr_num(w, g, "samples", a->samples, 1) < 0 ||
        w_attr_num(w, g, "points", a->points, 1) < 0 ||
        w_attr_num(w, g, "paths_per_point", a->paths, 1) < 0 ||
        w_attr_num(w, g, "seed", (double)a->seed, 0) < 0 ||
        w_attr_num(w, g, "levels", a->levels, 1) < 0 ||
        w_attr_str(w, g, "first_order", a->first_order ? "saltelli" : "jansen") < 0 ||
        w_attr_num(w, g, "resamples", a->resamples, 1) < 0 ||
        w_attr_num(w, g, "confidence", a->confidence, 0) < 0 ||
        w_attr_num(w, g, "wall_seconds", a->wall_seconds, 0) < 0)
        goto done;
    if (w_dataset(w, g, "design", a->points, a->n_factors, a->design, "factor values") < 0 ||
        w_dataset(w, g, "outputs", a->points, a->n_outputs, a->y, "output values") < 0)
        goto done;
    if ((ix = H5Gcreate2(g, "indices", H5P_DEFAULT, w->gcpl, H5P_DEFAULT)) < 0) {
        wfail(w);
        goto done;
    }
    for (int k = 0; k < ds_analysis_n_stats(a->method); k++)
        if (w_dataset(w, ix, ds_analysis_stats[a->method][k], a->n_outputs, a->n_factors,
                      a->stats[k], "[outputs x factors]") < 0)
            goto done;
    if (a->variance && w_dataset(w, g, "variance", a->n_outputs, 0, a->variance, "output²") < 0)
        goto done;
    if (a->rows) {
        double *rows = malloc((size_t)(a->n_outputs > 0 ? a->n_outputs : 1) * sizeof *rows);
        if (!rows) {
            errors_add(w->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
        for (int i = 0; i < a->n_outputs; i++) rows[i] = a->rows[i];
        int st = w_dataset(w, g, "rows_used", a->n_outputs, 0, rows, "rows");
        free(rows);
        if (st < 0) goto done;
    }
    rc = 0;
done:
    if (ix >= 0) H5Gclose(ix);
    H5Gclose(g);
    return rc;
}

/* Each claim's condition, paths judged and construction note. */
static int write_claim_extras(wctx *w, hid_t file, const ds_variant_result *v)
{
    for (int c = 0; c < v->n_claims; c++) {
        const ds_claim_result *cl = &v->claims[c];
        char path[512];
        snprintf(path, sizeof path, "variants/%s/claims/%s", v->name, cl->name);
        w->what = "a claim's condition";
        hid_t g = w_open(w, file, path);
        if (g < 0) return -1;
        int rc = w_attr_str(w, g, "given", cl->given ? cl->given : "") < 0 ||
                         w_attr_num(w, g, "paths_total",
                                    cl->paths_total > 0 ? cl->paths_total : cl->paths, 1) < 0 ||
                         w_attr_str(w, g, "by_construction",
                                    cl->by_construction ? cl->by_construction : "") < 0
                     ? -1
                     : 0;
        H5Oclose(g);
        if (rc < 0) return -1;
    }
    return 0;
}

int results_ext_write(void *ctx, int64_t file, ds_errors *errs)
{
    const results_ext *x = ctx;
    wctx w = {errs, "the variant selection", 0, -1, -1};
    hid_t f = (hid_t)file;
    int rc = -1;
    w.gcpl = H5Pcreate(H5P_GROUP_CREATE);
    w.dcpl = H5Pcreate(H5P_DATASET_CREATE);
    unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
    if (w.gcpl < 0 || w.dcpl < 0 || H5Pset_obj_track_times(w.gcpl, 0) < 0 ||
        H5Pset_obj_track_times(w.dcpl, 0) < 0 || H5Pset_link_creation_order(w.gcpl, order) < 0 ||
        H5Pset_attr_creation_order(w.gcpl, order) < 0) {
        wfail(&w);
        goto done;
    }
    if (x->variants_selected &&
        (w_attr_str(&w, f, "variants_selected", x->variants_selected) < 0 ||
         w_attr_num(&w, f, "variants_in_scenario", x->variants_in_scenario, 1) < 0))
        goto done;
    w.what = "the sweep's axes";
    if (x->sweep_axes && w_attr_str(&w, f, "sweep_axes", x->sweep_axes) < 0) goto done;
    for (int i = 0; x->r && i < x->r->n_variants; i++) {
        const ds_variant_result *v = &x->r->variants[i];
        if (x->swept && x->swept[i]) {
            char path[300];
            snprintf(path, sizeof path, "variants/%s", v->name);
            w.what = "a sweep point";
            hid_t g = w_open(&w, f, path);
            if (g < 0) goto done;
            int st = w_attr_str(&w, g, "swept", x->swept[i]);
            H5Oclose(g);
            if (st < 0) goto done;
        }
        if (write_claim_extras(&w, f, v) < 0) goto done;
    }
    if (x->analysis && write_analysis(&w, f, x->analysis) < 0) goto done;
    rc = 0;
done:
    if (w.gcpl >= 0) H5Pclose(w.gcpl);
    if (w.dcpl >= 0) H5Pclose(w.dcpl);
    return rc;
}

/* ---------------------------------------------------------------- reading */

/* "a\nb\nc" split into n malloc'd strings; -1 when the count differs from want
 * (want < 0: any, then *n set). */
static int split_lines(const char *s, char ***out, int want, int *n)
{
    int count = s[0] ? 1 : 0;
    for (const char *p = s; *p; p++) count += *p == '\n';
    if (want >= 0 && count != want) return -1;
    char **v = calloc((size_t)(count > 0 ? count : 1), sizeof *v);
    if (!v) return -2;
    const char *p = s;
    for (int i = 0; i < count; i++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (!(v[i] = strndup(p, len))) {
            for (int j = 0; j < i; j++) free(v[j]);
            free(v);
            return -2;
        }
        p += len + (nl != NULL);
    }
    *out = v;
    if (n) *n = count;
    return 0;
}

static void free_lines(char **v, int n)
{
    for (int i = 0; v && i < n; i++) free(v[i]);
    free(v);
}

void results_ext_analysis_free(ds_analysis *a)
{
    free_lines(a->factors, a->n_factors);
    free_lines(a->factor_dists, a->n_factors);
    free_lines(a->factor_units, a->n_factors);
    free_lines(a->outputs, a->n_outputs);
    free_lines(a->output_texts, a->n_outputs);
    free_lines(a->output_units, a->n_outputs);
    free(a->design);
    free(a->y);
    for (int k = 0; k < DS_ANALYSIS_MAX_STATS; k++) free(a->stats[k]);
    free(a->variance);
    free(a->rows);
    memset(a, 0, sizeof *a);
}

static int damaged(const ds_read_results *r, ds_errors *errs, const char *what)
{
    errors_add(errs, DS_EINPUT, r->path, 0, 0, NULL, "damaged results file: /analysis %s", what);
    return DS_EINPUT;
}

/* A whole-number attribute of /analysis in lo..hi. */
static int read_count(const ds_read_results *r, const char *name, int lo, int hi, int *out,
                      ds_errors *errs)
{
    double x;
    int got = results_read_number(r, "analysis", name, &x, errs);
    if (got != DS_OK) return got == 1 ? damaged(r, errs, "lacks an attribute") : got;
    if (!(x >= lo && x <= hi) || x != floor(x)) return damaged(r, errs, "has a count out of range");
    *out = (int)x;
    return DS_OK;
}

static int read_names(const ds_read_results *r, const char *attr, int want, char ***out, int *n,
                      ds_errors *errs)
{
    char *s = NULL;
    int got = results_read_text(r, "analysis", attr, &s, errs);
    if (got != DS_OK) return got == 1 ? damaged(r, errs, "lacks a list of names") : got;
    int st = split_lines(s, out, want, n);
    free(s);
    if (st == -2) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    return st < 0 ? damaged(r, errs, "has lists of names of different lengths") : DS_OK;
}

static int read_matrix(const ds_read_results *r, const char *path, int rows, int cols, double **out,
                       ds_errors *errs)
{
    size_t want[2] = {(size_t)rows, (size_t)cols}, dims[2];
    int got = results_read_array(r, path, cols > 0 ? 2 : 1, want, dims, out, errs);
    if (got == 1) return damaged(r, errs, "lacks an array");
    return got;
}

static int read_analysis(const ds_read_results *r, ds_analysis *a, ds_errors *errs)
{
    char *method = NULL;
    int got = results_read_text(r, "analysis", "method", &method, errs);
    if (got != DS_OK) return got == 1 ? damaged(r, errs, "has no method") : got;
    a->method = -1;
    for (int m = 0; m < 3; m++)
        if (!strcmp(method, ds_analysis_methods[m])) a->method = m;
    free(method);
    if (a->method < 0) return damaged(r, errs, "has an unknown method");
    int rc;
    if ((rc = read_names(r, "factors", -1, &a->factors, &a->n_factors, errs)) != DS_OK ||
        (rc = read_names(r, "factor_distributions", a->n_factors, &a->factor_dists, NULL, errs)) !=
            DS_OK ||
        (rc = read_names(r, "factor_units", a->n_factors, &a->factor_units, NULL, errs)) != DS_OK ||
        (rc = read_names(r, "outputs", -1, &a->outputs, &a->n_outputs, errs)) != DS_OK ||
        (rc = read_names(r, "output_texts", a->n_outputs, &a->output_texts, NULL, errs)) != DS_OK ||
        (rc = read_names(r, "output_units", a->n_outputs, &a->output_units, NULL, errs)) != DS_OK)
        return rc;
    if (a->n_factors < 1 || a->n_outputs < 1) return damaged(r, errs, "has no factors or outputs");
    double seed = NAN, conf = NAN, wall = NAN;
    if ((rc = read_count(r, "samples", 0, 1 << 30, &a->samples, errs)) != DS_OK ||
        (rc = read_count(r, "points", 0, 1 << 30, &a->points, errs)) != DS_OK ||
        (rc = read_count(r, "paths_per_point", 0, 1 << 30, &a->paths, errs)) != DS_OK ||
        (rc = read_count(r, "levels", 0, 1 << 20, &a->levels, errs)) != DS_OK ||
        (rc = read_count(r, "resamples", 0, 1 << 30, &a->resamples, errs)) != DS_OK)
        return rc;
    char *fo = NULL;
    if (results_read_text(r, "analysis", "first_order", &fo, errs) == DS_OK)
        a->first_order = !strcmp(fo, "saltelli");
    free(fo);
    results_read_number(r, "analysis", "seed", &seed, errs);
    results_read_number(r, "analysis", "confidence", &conf, errs);
    results_read_number(r, "analysis", "wall_seconds", &wall, errs);
    a->seed = seed >= 0 && seed <= 4294967295.0 ? (uint32_t)seed : 0;
    a->confidence = conf;
    a->wall_seconds = wall;
    if ((rc = read_matrix(r, "analysis/design", a->points, a->n_factors, &a->design, errs)) !=
            DS_OK ||
        (rc = read_matrix(r, "analysis/outputs", a->points, a->n_outputs, &a->y, errs)) != DS_OK)
        return rc;
    for (int k = 0; k < ds_analysis_n_stats(a->method); k++) {
        char path[64];
        snprintf(path, sizeof path, "analysis/indices/%s", ds_analysis_stats[a->method][k]);
        if ((rc = read_matrix(r, path, a->n_outputs, a->n_factors, &a->stats[k], errs)) != DS_OK)
            return rc;
    }
    if (a->method == DS_ANALYSIS_SOBOL) {
        double *rows = NULL;
        if ((rc = read_matrix(r, "analysis/variance", a->n_outputs, 0, &a->variance, errs)) !=
                DS_OK ||
            (rc = read_matrix(r, "analysis/rows_used", a->n_outputs, 0, &rows, errs)) != DS_OK)
            return rc;
        a->rows = malloc((size_t)a->n_outputs * sizeof *a->rows);
        for (int i = 0; a->rows && i < a->n_outputs; i++)
            a->rows[i] = rows[i] >= 0 && rows[i] <= 1e9 ? (int)rows[i] : 0;
        free(rows);
        if (!a->rows) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            return DS_EFAIL;
        }
    }
    return DS_OK;
}

/* variants/<v>/claims/<c>'s attr as a malloc'd string ("" when absent). */
static int claim_attr(const ds_read_results *r, int v, int c, const char *attr, char **out,
                      ds_errors *errs)
{
    char path[600];
    snprintf(path, sizeof path, "variants/%s/claims/%s", r->variants[v].name,
             r->variants[v].claims[c].name);
    int got = results_read_text(r, path, attr, out, errs);
    if (got == 1 && !(*out = strdup(""))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    return got == 1 ? DS_OK : got;
}

int results_ext_read(const ds_read_results *r, results_ext_read_t *x, ds_errors *errs)
{
    memset(x, 0, sizeof *x);
    x->variants_in_scenario = NAN;
    int got = results_read_text(r, "", "variants_selected", &x->variants_selected, errs);
    if (got != DS_OK && got != 1) return got;
    results_read_number(r, "", "variants_in_scenario", &x->variants_in_scenario, errs);
    got = results_read_text(r, "", "sweep_axes", &x->sweep_axes, errs);
    if (got != DS_OK && got != 1) return got;
    int nv = r->n_variants > 0 ? r->n_variants : 1;
    x->swept = calloc((size_t)nv, sizeof *x->swept);
    x->claim_given = calloc((size_t)nv, sizeof *x->claim_given);
    x->claim_why = calloc((size_t)nv, sizeof *x->claim_why);
    if (!x->swept || !x->claim_given || !x->claim_why) goto oom;
    for (int v = 0; v < r->n_variants; v++) {
        char path[300];
        snprintf(path, sizeof path, "variants/%s", r->variants[v].name);
        got = results_read_text(r, path, "swept", &x->swept[v], errs);
        if (got != DS_OK && got != 1) return got;
        int nc = r->variants[v].n_claims;
        x->claim_given[v] = calloc((size_t)(nc > 0 ? nc : 1), sizeof **x->claim_given);
        x->claim_why[v] = calloc((size_t)(nc > 0 ? nc : 1), sizeof **x->claim_why);
        if (!x->claim_given[v] || !x->claim_why[v]) goto oom;
        for (int c = 0; c < nc; c++) {
            if ((got = claim_attr(r, v, c, "given", &x->claim_given[v][c], errs)) != DS_OK)
                return got;
            if ((got = claim_attr(r, v, c, "by_construction", &x->claim_why[v][c], errs)) != DS_OK)
                return got;
        }
    }
    char *method = NULL;
    got = results_read_text(r, "analysis", "method", &method, errs);
    free(method);
    if (got == DS_OK) {
        x->has_analysis = 1;
        return read_analysis(r, &x->analysis, errs);
    }
    return got == 1 ? DS_OK : got;
oom:
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    return DS_EFAIL;
}

void results_ext_read_free(const ds_read_results *r, results_ext_read_t *x)
{
    free(x->variants_selected);
    free(x->sweep_axes);
    for (int v = 0; v < r->n_variants; v++) {
        if (x->swept) free(x->swept[v]);
        int nc = r->variants[v].n_claims;
        for (int c = 0; c < nc; c++) {
            if (x->claim_given && x->claim_given[v]) free(x->claim_given[v][c]);
            if (x->claim_why && x->claim_why[v]) free(x->claim_why[v][c]);
        }
        if (x->claim_given) free(x->claim_given[v]);
        if (x->claim_why) free(x->claim_why[v]);
    }
    free(x->swept);
    free(x->claim_given);
    free(x->claim_why);
    if (x->has_analysis) results_ext_analysis_free(&x->analysis);
    memset(x, 0, sizeof *x);
}
