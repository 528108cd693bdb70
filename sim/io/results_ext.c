/* results_ext.c — what experiments add to a results file (results_ext.h):
 * the variant selection, each sweep variant's point and a sensitivity
 * analysis under /analysis (a claim's condition and construction note are
 * write_claim's, results_write.c). Written by results_write into the open
 * file through the checked helpers of results_int.h, with the names of
 * results_format.h; read back only through results_read.h's checked reads. */
#include "results_ext.h"
#include "results_int.h"

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

static int oom(h5ctx *c)
{
    if (!c->failed) errors_add(c->errs, DS_EFAIL, c->path, 0, 0, NULL, "out of memory");
    c->failed = 1;
    return -1;
}

static int write_lines(h5ctx *c, hid_t loc, const char *name, char *const *strs, int n)
{
    char *s = join_lines(strs, n);
    if (!s) return oom(c);
    int rc = h5_attr_str(c, loc, name, s);
    free(s);
    return rc;
}

/* A [rows × cols] (cols 0: [rows]) dataset of doubles. */
static int write_matrix(h5ctx *c, const h5_plists *p, hid_t loc, const char *name, int rows,
                        int cols, const double *x, const char *units)
{
    hsize_t dims[2] = {(hsize_t)rows, (hsize_t)cols};
    hid_t d = h5_dataset_f64(c, loc, name, cols > 0 ? 2 : 1, dims, x, units, p->dcpl);
    if (d < 0) return -1;
    H5CLOSE(H5Dclose, d);
    return 0;
}

static int write_analysis(h5ctx *c, const h5_plists *p, hid_t file, const ds_analysis *a)
{
    hid_t g = h5_group_new(c, file, RF_ANALYSIS, p->gcpl_order), ix = -1;
    if (g < 0) return -1;
    int rc = -1;
    if (h5_attr_str(c, g, RF_AN_METHOD, ds_analysis_methods[a->method]) < 0 ||
        write_lines(c, g, RF_AN_FACTORS, a->factors, a->n_factors) < 0 ||
        write_lines(c, g, RF_AN_FACTOR_DISTS, a->factor_dists, a->n_factors) < 0 ||
        write_lines(c, g, RF_AN_FACTOR_UNITS, a->factor_units, a->n_factors) < 0 ||
        write_lines(c, g, RF_AN_OUTPUTS, a->outputs, a->n_outputs) < 0 ||
        write_lines(c, g, RF_AN_OUTPUT_TEXTS, a->output_texts, a->n_outputs) < 0 ||
        write_lines(c, g, RF_AN_OUTPUT_UNITS, a->output_units, a->n_outputs) < 0 ||
        h5_attr_i32(c, g, RF_AN_SAMPLES, a->samples) < 0 ||
        h5_attr_i32(c, g, RF_AN_POINTS, a->points) < 0 ||
        h5_attr_i32(c, g, RF_AN_PATHS_PER_POINT, a->paths) < 0 ||
        h5_attr_f64(c, g, RF_AN_SEED, (double)a->seed) < 0 ||
        h5_attr_i32(c, g, RF_AN_LEVELS, a->levels) < 0 ||
        h5_attr_str(c, g, RF_AN_FIRST_ORDER, a->first_order ? "saltelli" : "jansen") < 0 ||
        h5_attr_i32(c, g, RF_AN_RESAMPLES, a->resamples) < 0 ||
        h5_attr_f64(c, g, RF_AN_CONFIDENCE, a->confidence) < 0 ||
        h5_attr_f64(c, g, RF_AN_WALL_SECONDS, a->wall_seconds) < 0)
        goto done;
    if (write_matrix(c, p, g, RF_AN_DESIGN, a->points, a->n_factors, a->design, "factor values") <
            0 ||
        write_matrix(c, p, g, RF_AN_OUTPUTS, a->points, a->n_outputs, a->y, "output values") < 0)
        goto done;
    if ((ix = h5_group_new(c, g, RF_AN_INDICES, p->gcpl_order)) < 0) goto done;
    for (int k = 0; k < ds_analysis_n_stats(a->method); k++)
        if (write_matrix(c, p, ix, ds_analysis_stats[a->method][k], a->n_outputs, a->n_factors,
                         a->stats[k], "[outputs x factors]") < 0)
            goto done;
    if (a->variance &&
        write_matrix(c, p, g, RF_AN_VARIANCE, a->n_outputs, 0, a->variance, "output²") < 0)
        goto done;
    if (a->rows) {
        double *rows = malloc((size_t)(a->n_outputs > 0 ? a->n_outputs : 1) * sizeof *rows);
        if (!rows) {
            oom(c);
            goto done;
        }
        for (int i = 0; i < a->n_outputs; i++) rows[i] = a->rows[i];
        int st = write_matrix(c, p, g, RF_AN_ROWS_USED, a->n_outputs, 0, rows, "rows");
        free(rows);
        if (st < 0) goto done;
    }
    rc = 0;
done:
    H5CLOSE(H5Gclose, ix);
    H5CLOSE(H5Gclose, g);
    return rc;
}

int results_ext_write(h5ctx *c, const h5_plists *p, hid_t file, const results_ext *x)
{
    if (x->variants_selected &&
        (h5_attr_str(c, file, RF_VARIANTS_SELECTED, x->variants_selected) < 0 ||
         h5_attr_i32(c, file, RF_VARIANTS_IN_SCENARIO, x->variants_in_scenario) < 0))
        return -1;
    if (x->sweep_axes && h5_attr_str(c, file, RF_SWEEP_AXES, x->sweep_axes) < 0) return -1;
    for (int i = 0; x->swept && x->r && i < x->r->n_variants; i++) {
        if (!x->swept[i]) continue;
        char path[300];
        snprintf(path, sizeof path, RF_VARIANTS "/%s", x->r->variants[i].name);
        hid_t g = H5C(c, H5Gopen2(file, path, H5P_DEFAULT));
        if (g < 0) return -1;
        int st = h5_attr_str(c, g, RF_SWEPT, x->swept[i]);
        H5CLOSE(H5Gclose, g);
        if (st < 0) return -1;
    }
    return x->analysis ? write_analysis(c, p, file, x->analysis) : 0;
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
    int got = results_read_attr_number(r, RF_ANALYSIS, name, &x, errs);
    if (got != DS_OK) return got == 1 ? damaged(r, errs, "lacks an attribute") : got;
    if (!(x >= lo && x <= hi) || x != floor(x)) return damaged(r, errs, "has a count out of range");
    *out = (int)x;
    return DS_OK;
}

static int read_names(const ds_read_results *r, const char *attr, int want, char ***out, int *n,
                      ds_errors *errs)
{
    char *s = NULL;
    int got = results_read_attr_text(r, RF_ANALYSIS, attr, &s, errs);
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
    int got = results_read_attr_text(r, RF_ANALYSIS, RF_AN_METHOD, &method, errs);
    if (got != DS_OK) return got == 1 ? damaged(r, errs, "has no method") : got;
    a->method = -1;
    for (int m = 0; m < 3; m++)
        if (!strcmp(method, ds_analysis_methods[m])) a->method = m;
    free(method);
    if (a->method < 0) return damaged(r, errs, "has an unknown method");
    int rc;
    if ((rc = read_names(r, RF_AN_FACTORS, -1, &a->factors, &a->n_factors, errs)) != DS_OK ||
        (rc = read_names(r, RF_AN_FACTOR_DISTS, a->n_factors, &a->factor_dists, NULL, errs)) !=
            DS_OK ||
        (rc = read_names(r, RF_AN_FACTOR_UNITS, a->n_factors, &a->factor_units, NULL, errs)) !=
            DS_OK ||
        (rc = read_names(r, RF_AN_OUTPUTS, -1, &a->outputs, &a->n_outputs, errs)) != DS_OK ||
        (rc = read_names(r, RF_AN_OUTPUT_TEXTS, a->n_outputs, &a->output_texts, NULL, errs)) !=
            DS_OK ||
        (rc = read_names(r, RF_AN_OUTPUT_UNITS, a->n_outputs, &a->output_units, NULL, errs)) !=
            DS_OK)
        return rc;
    if (a->n_factors < 1 || a->n_outputs < 1) return damaged(r, errs, "has no factors or outputs");
    double seed = NAN, conf = NAN, wall = NAN;
    if ((rc = read_count(r, RF_AN_SAMPLES, 0, 1 << 30, &a->samples, errs)) != DS_OK ||
        (rc = read_count(r, RF_AN_POINTS, 0, 1 << 30, &a->points, errs)) != DS_OK ||
        (rc = read_count(r, RF_AN_PATHS_PER_POINT, 0, 1 << 30, &a->paths, errs)) != DS_OK ||
        (rc = read_count(r, RF_AN_LEVELS, 0, 1 << 20, &a->levels, errs)) != DS_OK ||
        (rc = read_count(r, RF_AN_RESAMPLES, 0, 1 << 30, &a->resamples, errs)) != DS_OK)
        return rc;
    char *fo = NULL;
    if (results_read_attr_text(r, RF_ANALYSIS, RF_AN_FIRST_ORDER, &fo, errs) == DS_OK)
        a->first_order = !strcmp(fo, "saltelli");
    free(fo);
    results_read_attr_number(r, RF_ANALYSIS, RF_AN_SEED, &seed, errs);
    results_read_attr_number(r, RF_ANALYSIS, RF_AN_CONFIDENCE, &conf, errs);
    results_read_attr_number(r, RF_ANALYSIS, RF_AN_WALL_SECONDS, &wall, errs);
    a->seed = seed >= 0 && seed <= 4294967295.0 ? (uint32_t)seed : 0;
    a->confidence = conf;
    a->wall_seconds = wall;
    if ((rc = read_matrix(r, RF_ANALYSIS "/" RF_AN_DESIGN, a->points, a->n_factors, &a->design,
                          errs)) != DS_OK ||
        (rc = read_matrix(r, RF_ANALYSIS "/" RF_AN_OUTPUTS, a->points, a->n_outputs, &a->y,
                          errs)) != DS_OK)
        return rc;
    for (int k = 0; k < ds_analysis_n_stats(a->method); k++) {
        char path[64];
        snprintf(path, sizeof path, RF_ANALYSIS "/" RF_AN_INDICES "/%s",
                 ds_analysis_stats[a->method][k]);
        if ((rc = read_matrix(r, path, a->n_outputs, a->n_factors, &a->stats[k], errs)) != DS_OK)
            return rc;
    }
    if (a->method == DS_ANALYSIS_SOBOL) {
        double *rows = NULL;
        if ((rc = read_matrix(r, RF_ANALYSIS "/" RF_AN_VARIANCE, a->n_outputs, 0, &a->variance,
                              errs)) != DS_OK ||
            (rc = read_matrix(r, RF_ANALYSIS "/" RF_AN_ROWS_USED, a->n_outputs, 0, &rows, errs)) !=
                DS_OK)
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
    snprintf(path, sizeof path, RF_VARIANTS "/%s/" RF_CLAIMS "/%s", r->variants[v].name,
             r->variants[v].claims[c].name);
    int got = results_read_attr_text(r, path, attr, out, errs);
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
    int got = results_read_attr_text(r, "", RF_VARIANTS_SELECTED, &x->variants_selected, errs);
    if (got != DS_OK && got != 1) return got;
    results_read_attr_number(r, "", RF_VARIANTS_IN_SCENARIO, &x->variants_in_scenario, errs);
    got = results_read_attr_text(r, "", RF_SWEEP_AXES, &x->sweep_axes, errs);
    if (got != DS_OK && got != 1) return got;
    int nv = r->n_variants > 0 ? r->n_variants : 1;
    x->swept = calloc((size_t)nv, sizeof *x->swept);
    x->claim_given = calloc((size_t)nv, sizeof *x->claim_given);
    x->claim_why = calloc((size_t)nv, sizeof *x->claim_why);
    if (!x->swept || !x->claim_given || !x->claim_why) goto oom;
    for (int v = 0; v < r->n_variants; v++) {
        char path[300];
        snprintf(path, sizeof path, RF_VARIANTS "/%s", r->variants[v].name);
        got = results_read_attr_text(r, path, RF_SWEPT, &x->swept[v], errs);
        if (got != DS_OK && got != 1) return got;
        int nc = r->variants[v].n_claims;
        x->claim_given[v] = calloc((size_t)(nc > 0 ? nc : 1), sizeof **x->claim_given);
        x->claim_why[v] = calloc((size_t)(nc > 0 ? nc : 1), sizeof **x->claim_why);
        if (!x->claim_given[v] || !x->claim_why[v]) goto oom;
        for (int c = 0; c < nc; c++) {
            if ((got = claim_attr(r, v, c, RF_CLAIM_GIVEN, &x->claim_given[v][c], errs)) != DS_OK)
                return got;
            if ((got = claim_attr(r, v, c, RF_CLAIM_BY_CONSTRUCTION, &x->claim_why[v][c], errs)) !=
                DS_OK)
                return got;
        }
    }
    char *method = NULL;
    got = results_read_attr_text(r, RF_ANALYSIS, RF_AN_METHOD, &method, errs);
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
