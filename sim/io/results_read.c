/* results_read.c — a results file read back whole (results_read.h): the root
 * attributes and time axis, and per variant its overrides, every metric's
 * quantiles and means, the outcome names, the summary, the outcome summary
 * and the claims; the attributes a reader does not interpret as text, for
 * `info`; per-path arrays on demand. Every object is checked before it is
 * read (results_int.h); names are results_format.h's. */
#include "results_read.h"
#include "results_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The units attribute of the dataset loc/name, "" when absent. */
static int read_units(rdctx *c, hid_t loc, const char *name, char **units)
{
    hid_t d = -1;
    int got = rd_open(c, loc, name, H5I_DATASET, &d);
    if (got == 1) rd_fail(c, "is listed but cannot be opened");
    if (got != 0) return -1;
    got = rd_attr_str(c, d, RF_UNITS, units);
    H5CLOSE(H5Oclose, d);
    if (got < 0) return -1;
    if (got == 1 && !(*units = strdup(""))) return rd_oom(c);
    return 0;
}

static int metric_rank(const char *name)
{
    for (int m = 0; m < DS_N_METRICS; m++)
        if (strcmp(name, ds_metric_names[m]) == 0) return m;
    return DS_N_METRICS; /* unknown to this build: after the known ones */
}

static int cmp_metric_names(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int rx = metric_rank(x), ry = metric_rank(y);
    if (rx != ry) return rx < ry ? -1 : 1;
    return strcmp(x, y);
}

static void read_attrs_free(ds_read_attr *a, int n)
{
    for (int i = 0; i < n; i++) {
        free(a[i].name);
        free(a[i].text);
    }
    free(a);
}

static void read_claim_free(ds_read_claim *cl)
{
    free(cl->name);
    free(cl->text);
    free(cl->metric);
    free(cl->op);
    free(cl->when);
    read_attrs_free(cl->attrs, cl->n_attrs);
}

static void read_variant_free(ds_read_variant *v)
{
    for (int i = 0; i < v->n_metrics; i++) {
        free(v->metrics[i].name);
        free(v->metrics[i].units);
        free(v->metrics[i].quantiles);
        free(v->metrics[i].mean);
    }
    free(v->metrics);
    for (int i = 0; i < v->n_outcomes; i++) {
        free(v->outcomes[i].name);
        free(v->outcomes[i].units);
    }
    free(v->outcomes);
    read_attrs_free(v->summary, v->n_summary);
    for (int i = 0; i < v->n_claims; i++) read_claim_free(&v->claims[i]);
    free(v->claims);
    read_attrs_free(v->claims_attrs, v->n_claims_attrs);
    free(v->name);
    free(v->overrides);
    free(v->segments);
    free(v->event_days);
    free(v->event_labels);
    memset(v, 0, sizeof *v);
}

/* A string attribute, "" when absent. */
int rd_attr_str0(rdctx *c, hid_t loc, const char *name, char **out)
{
    int got = rd_attr_str(c, loc, name, out);
    if (got < 0) return -1;
    if (got == 1 && !(*out = strdup(""))) return rd_oom(c);
    return 0;
}

/* n elements of size bytes, zeroed, taken from the budget. */
void *rd_calloc(rdctx *c, size_t n, size_t size)
{
    if (n == 0) return NULL;
    if (n > SIZE_MAX / size || rd_reserve(c, (uint64_t)n * size) < 0) return NULL;
    void *p = calloc(n, size);
    if (!p) rd_oom(c);
    return p;
}

/* The attributes of loc as text (rd_attr_text), in the file's order, but those
 * skip says the reader interprets. 0 or -1. */
static int read_attr_texts(rdctx *c, hid_t loc, int (*skip)(const char *), ds_read_attr **out,
                           int *n)
{
    rd_names l = {0};
    int rc = rd_list_attrs(c, loc, &l);
    if (rc == 0 && l.n && !(*out = rd_calloc(c, (size_t)l.n, sizeof **out))) rc = -1;
    for (int i = 0; rc == 0 && i < l.n; i++) {
        if (skip && skip(l.names[i])) continue;
        ds_read_attr *a = &(*out)[(*n)++];
        if (!(a->name = strdup(l.names[i])))
            rc = rd_oom(c);
        else
            rc = rd_attr_text(c, loc, l.names[i], &a->text);
    }
    rd_names_free(&l);
    return rc;
}

/* A claim of this layout (a group with a probability), its statement and
 * verdict; else every attribute as text. 0 or -1. */
static int read_claim(rdctx *c, hid_t o, ds_read_claim *cl)
{
    if (rd_attr_str0(c, o, RF_CLAIM_TEXT, &cl->text) < 0 ||
        rd_attr_str0(c, o, RF_CLAIM_METRIC, &cl->metric) < 0 ||
        rd_attr_str0(c, o, RF_CLAIM_OP, &cl->op) < 0 ||
        rd_attr_str0(c, o, RF_CLAIM_WHEN, &cl->when) < 0)
        return -1;
    struct {
        const char *name;
        double *dst;
    } nums[] = {{RF_CLAIM_THRESHOLD, &cl->threshold},
                {RF_CLAIM_WINDOW_START, &cl->window_start_day},
                {RF_CLAIM_WINDOW_END, &cl->window_end_day},
                {RF_CLAIM_HOLDS, &cl->holds},
                {RF_CLAIM_PATHS, &cl->paths},
                {RF_CLAIM_PROBABILITY, &cl->probability},
                {RF_CLAIM_WILSON_LO, &cl->wilson_lo},
                {RF_CLAIM_WILSON_HI, &cl->wilson_hi}};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        int got = rd_attr_f64(c, o, nums[k].name, nums[k].dst);
        if (got < 0) return -1;
        if (got == 0 && nums[k].dst == &cl->probability) cl->has_probability = 1;
    }
    return cl->has_probability ? 0 : read_attr_texts(c, o, NULL, &cl->attrs, &cl->n_attrs);
}

static int read_claims(rdctx *c, hid_t g, ds_read_variant *v)
{
    int rc = -1;
    hid_t cg = -1, o = -1;
    rd_names l = {0};
    int got = rd_open(c, g, RF_CLAIMS, H5I_GROUP, &cg);
    if (got != 0) return got == 1 ? 0 : -1;
    if (read_attr_texts(c, cg, NULL, &v->claims_attrs, &v->n_claims_attrs) < 0) goto done;
    if (rd_list_links(c, cg, &l) < 0) goto done;
    if (l.n && !(v->claims = rd_calloc(c, (size_t)l.n, sizeof *v->claims))) goto done;
    for (int i = 0; i < l.n; i++) {
        ds_read_claim *cl = &v->claims[v->n_claims];
        if (rd_open(c, cg, l.names[i], H5I_BADID, &o) != 0) goto done;
        if (H5X(H5Iget_type(o)) != H5I_GROUP) { /* not a claim of this layout */
            H5CLOSE(H5Oclose, o);
            continue;
        }
        v->n_claims++;
        if (!(cl->name = strdup(l.names[i]))) {
            rd_oom(c);
            goto done;
        }
        if (read_claim(c, o, cl) < 0) goto done;
        H5CLOSE(H5Oclose, o);
    }
    rc = 0;
done:
    rd_names_free(&l);
    H5CLOSE(H5Oclose, o);
    H5CLOSE(H5Oclose, cg);
    return rc;
}

/* quantiles/<metric> [records × 5] and mean/<metric> [records] */
static int read_metrics(rdctx *c, hid_t g, int records, ds_read_variant *v)
{
    int rc = -1;
    hid_t q = -1, mn = -1;
    rd_names ml = {0};
    int got = rd_open(c, g, RF_QUANTILES, H5I_GROUP, &q);
    if (got == 1) rd_fail(c, "is missing");
    if (got != 0) goto done;
    if (rd_list_links(c, q, &ml) < 0) goto done;
    if (ml.n > 1) qsort(ml.names, (size_t)ml.n, sizeof *ml.names, cmp_metric_names);
    if (rd_open(c, g, RF_MEAN, H5I_GROUP, &mn) < 0) goto done;
    if (ml.n && !(v->metrics = rd_calloc(c, (size_t)ml.n, sizeof *v->metrics))) goto done;
    for (int i = 0; i < ml.n; i++) {
        ds_read_metric *m = &v->metrics[v->n_metrics++];
        hsize_t dims[2], want_q[2] = {(hsize_t)records, DS_N_QUANTILES};
        hsize_t want_m[2] = {(hsize_t)records, 0};
        if (!(m->name = strdup(ml.names[i]))) {
            rd_oom(c);
            goto done;
        }
        got = rd_f64_whole(c, q, ml.names[i], 2, want_q, dims, &m->quantiles);
        if (got == 1) rd_fail(c, "is listed but cannot be opened");
        if (got != 0) goto done;
        if (read_units(c, q, ml.names[i], &m->units) < 0) goto done;
        if (mn >= 0 && rd_f64_whole(c, mn, ml.names[i], 1, want_m, dims, &m->mean) < 0) goto done;
    }
    rc = 0;
done:
    rd_names_free(&ml);
    H5CLOSE(H5Oclose, mn);
    H5CLOSE(H5Oclose, q);
    return rc;
}

/* event_days [events] and their labels (one per line), when the scenario had events */
static int read_events(rdctx *c, hid_t g, ds_read_variant *v)
{
    hsize_t dims[2], any[2] = {0, 0};
    int got = rd_f64_whole(c, g, RF_EVENT_DAYS, 1, any, dims, &v->event_days);
    if (got != 0) return got < 0 ? -1 : 0;
    if (dims[0] > 4096) return rd_fail(c, "holds %llu events", (unsigned long long)dims[0]);
    v->n_events = (int)dims[0];
    hid_t e = -1;
    if (rd_open(c, g, RF_EVENT_DAYS, H5I_DATASET, &e) != 0) return -1;
    int rc = rd_attr_str0(c, e, RF_EVENT_LABELS, &v->event_labels);
    H5CLOSE(H5Oclose, e);
    return rc;
}

/* outcomes/<name> [paths]: names and units only; values on demand */
static int read_outcome_names(rdctx *c, hid_t g, ds_read_variant *v)
{
    hid_t og = -1;
    rd_names ol = {0};
    int got = rd_open(c, g, RF_OUTCOMES, H5I_GROUP, &og), rc = got < 0 ? -1 : 0;
    if (got == 0) rc = rd_list_links(c, og, &ol);
    if (rc == 0 && ol.n && !(v->outcomes = rd_calloc(c, (size_t)ol.n, sizeof *v->outcomes)))
        rc = -1;
    for (int i = 0; rc == 0 && i < ol.n; i++) {
        ds_read_series *o = &v->outcomes[v->n_outcomes++];
        if (!(o->name = strdup(ol.names[i])))
            rc = rd_oom(c);
        else
            rc = read_units(c, og, ol.names[i], &o->units);
    }
    rd_names_free(&ol);
    H5CLOSE(H5Oclose, og);
    return rc;
}

/* Summary attributes the reader interprets itself: paths, the metrics'
 * finals, the outcome summary. */
static int summary_known(const char *name)
{
    if (!strcmp(name, RF_PATHS)) return 1;
    for (int k = 0; k < RF_N_OUTCOME_SUMMARY; k++)
        if (!strcmp(name, results_outcome_summary[k].name)) return 1;
    for (int m = 0; m < DS_N_METRICS; m++) {
        size_t n = strlen(ds_metric_names[m]);
        if (strncmp(name, ds_metric_names[m], n) != 0 || strncmp(name + n, "_final_", 7) != 0)
            continue;
        for (int k = 0; k < RF_N_FINAL_STATS; k++)
            if (!strcmp(name + n + 7, results_final_stat_names[k])) return 1;
    }
    return 0;
}

/* summary/: the outcome summary (NaN where absent) and the other attributes */
static int read_summary(rdctx *c, hid_t g, ds_read_variant *v)
{
    hid_t s = -1;
    for (int k = 0; k < RF_N_OUTCOME_SUMMARY; k++)
        *results_field_of(&v->outcome_summary, &results_outcome_summary[k]) = NAN;
    int got = rd_open(c, g, RF_SUMMARY, H5I_BADID, &s), rc = got < 0 ? -1 : 0;
    for (int k = 0; got == 0 && rc == 0 && k < RF_N_OUTCOME_SUMMARY; k++) {
        const results_field *f = &results_outcome_summary[k];
        int has = rd_attr_f64(c, s, f->name, results_field_of(&v->outcome_summary, f));
        if (has < 0) rc = -1;
        if (has == 0) v->outcome_summary_fields++;
        if (has == 0 && k == RF_DEATH_SPIRAL_PROBABILITY) v->has_outcome_summary = 1;
    }
    if (got == 0 && rc == 0) rc = read_attr_texts(c, s, summary_known, &v->summary, &v->n_summary);
    H5CLOSE(H5Oclose, s);
    return rc;
}

static int read_variant(rdctx *c, hid_t variants, const char *name, int records, ds_read_variant *v)
{
    hid_t g = -1;
    int rc = -1;
    if (!(v->name = strdup(name))) {
        rd_oom(c);
        goto done;
    }
    if (rd_open(c, variants, name, H5I_GROUP, &g) != 0) goto done;
    if (rd_attr_str0(c, g, RF_OVERRIDES, &v->overrides) < 0) goto done;
    if (rd_attr_str0(c, g, RF_SEGMENTS, &v->segments) < 0) goto done;
    int got = rd_attr_int(c, g, RF_PATHS, 0, INT_MAX, &v->paths);
    if (got < 0) goto done;
    v->has_paths = got == 0;
    /* the attributes first: the probe's child should meet a corrupt one (that
     * crashes HDF5 itself) before it stops at a damaged dataset, as info did */
    if (read_summary(c, g, v) < 0 || read_claims(c, g, v) < 0 ||
        read_metrics(c, g, records, v) < 0 || read_outcome_names(c, g, v) < 0 ||
        read_events(c, g, v) < 0)
        goto done;
    rc = 0;
done:
    H5CLOSE(H5Oclose, g);
    return rc;
}

void results_read_free(ds_read_results *r)
{
    if (!r) return;
    for (int i = 0; i < r->n_variants; i++) read_variant_free(&r->variants[i]);
    free(r->variants);
    results_read_inputs_free(r);
    free(r->time_days);
    char *strings[] = {r->path,    r->scenario_name, r->version,         r->created,
                       r->backend, r->device,        r->scenario_sha256, r->backend_reason};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) free(strings[i]);
    rd_provenance_free(&r->prov);
    if (r->file > 0 || r->fapl > 0) {
        h5_quiet q = h5_quiet_begin();
        hid_t f = (hid_t)r->file, fapl = (hid_t)r->fapl;
        if (f > 0) H5CLOSE(H5Fclose, f);
        if (fapl > 0) H5CLOSE(H5Pclose, fapl);
        h5_quiet_end(q);
    }
    memset(r, 0, sizeof *r);
    r->file = r->fapl = -1;
}

/* The root's attributes; *records the records attribute (NaN when absent). */
static int read_root(rdctx *c, hid_t f, ds_read_results *r, double *records)
{
    struct {
        const char *name;
        char **dst;
    } strs[] = {{RF_SCENARIO_NAME, &r->scenario_name},
                {RF_VERSION, &r->version},
                {RF_CREATED, &r->created},
                {RF_BACKEND, &r->backend},
                {RF_DEVICE, &r->device},
                {RF_SCENARIO_SHA256, &r->scenario_sha256},
                {RF_BACKEND_REASON, &r->backend_reason}};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (rd_attr_str0(c, f, strs[i].name, strs[i].dst) < 0) return -1;
    double complete;
    if (rd_attr_f64(c, f, RF_SEED, &r->seed) < 0 ||
        rd_attr_int(c, f, RF_PATHS, 0, INT_MAX, &r->paths) < 0 ||
        rd_attr_int(c, f, RF_STEPS, 0, INT_MAX, &r->steps) < 0 ||
        rd_attr_f64(c, f, RF_RECORDS, records) < 0 ||
        rd_attr_f64(c, f, RF_STEP_DAYS, &r->step_days) < 0 ||
        rd_attr_f64(c, f, RF_WALL_SECONDS, &r->wall_seconds) < 0 ||
        rd_attr_f64(c, f, RF_COMPLETE, &complete) < 0 ||
        rd_attr_f64(c, f, RF_PATHS_REQUESTED, &r->paths_requested) < 0)
        return -1;
    r->partial = complete == 0;
    return rd_provenance(c, f, &r->prov);
}

/* time_days [R] fixes the records every quantile dataset must have. */
static int read_time(rdctx *c, hid_t f, ds_read_results *r, double records)
{
    hsize_t dims[2], want[2] = {0, 0};
    int got = rd_f64_whole(c, f, RF_TIME_DAYS, 1, want, dims, &r->time_days);
    if (got < 0) return -1;
    if (got == 1 || dims[0] < 1 || dims[0] > INT_MAX) {
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                   "damaged results file: no time_days (or no records, or more than %d)", INT_MAX);
        return -1;
    }
    r->records = (int)dims[0];
    if (!isnan(records) && records != r->records) {
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                   "damaged results file: %d records in time_days, attribute records says %.0f",
                   r->records, records);
        return -1;
    }
    r->horizon_days = r->time_days[r->records - 1];
    return 0;
}

/* Every variant, in the file's order. */
static int read_variants(rdctx *c, hid_t f, ds_read_results *r)
{
    hid_t variants = -1;
    rd_names vl = {0};
    int rc = -1, got = rd_open(c, f, RF_VARIANTS, H5I_GROUP, &variants);
    if (got < 0 || (got == 0 && rd_list_links(c, variants, &vl) < 0)) goto done;
    if (vl.n == 0) {
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL, "results file has no variants");
        goto done;
    }
    if (!(r->variants = rd_calloc(c, (size_t)vl.n, sizeof *r->variants))) goto done;
    for (int i = 0; i < vl.n; i++) {
        r->n_variants++;
        if (read_variant(c, variants, vl.names[i], r->records, &r->variants[i]) < 0) {
            if (!c->h.failed) {
                char nb[128];
                errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                           "damaged results file (variant %s)", rd_esc(nb, sizeof nb, vl.names[i]));
            }
            goto done;
        }
    }
    rc = 0;
done:
    rd_names_free(&vl);
    H5CLOSE(H5Oclose, variants);
    return rc;
}

int results_read(const char *path, ds_read_results *r, ds_errors *errs)
{
    memset(r, 0, sizeof *r);
    r->file = r->fapl = -1;
    h5_quiet q = h5_quiet_begin();
    rdctx c = {{errs, path, DS_EINPUT, 0}, 0, 0, 0, ""};
    hid_t f = -1, fapl = -1;
    double records;
    int status = rd_open_file(&c, &f, &fapl);
    if (status != DS_OK) {
        H5CLOSE(H5Fclose, f);
        H5CLOSE(H5Pclose, fapl);
        goto fail;
    }
    r->file = f;
    r->fapl = fapl;
    status = DS_EINPUT;
    if (!(r->path = strdup(path))) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory");
        status = DS_EFAIL;
        goto fail;
    }
    if (rd_check_format(&c, f) < 0 || read_root(&c, f, r, &records) < 0 ||
        read_time(&c, f, r, records) < 0 || results_read_inputs(&c, f, r) < 0 ||
        read_variants(&c, f, r) < 0)
        goto fail;
    h5_quiet_end(q);
    return DS_OK;
fail:
    h5_quiet_end(q);
    results_read_free(r);
    if (status == DS_OK) status = DS_EINPUT;
    if (errs->kind == DS_EFAIL) status = DS_EFAIL;
    if (errs->n == 0) errors_add(errs, status, path, 0, 0, NULL, "damaged results file");
    return status;
}

int results_read_paths(const ds_read_results *r, int v, const char *group, const char *name,
                       double **out, ds_errors *errs)
{
    *out = NULL;
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    const ds_read_variant *rv = &r->variants[v];
    hid_t vs = -1, vg = -1, g = -1;
    /* variants/<v>/<group>/<name>, link by checked link */
    int got = rd_open(&c, (hid_t)r->file, RF_VARIANTS, H5I_GROUP, &vs);
    if (got == 0) got = rd_open(&c, vs, rv->name, H5I_GROUP, &vg);
    if (got == 0) got = rd_open(&c, vg, group, H5I_GROUP, &g);
    if (got == 0) {
        hsize_t dims[2], want[2] = {(hsize_t)rv->paths, 0};
        got = rd_f64_whole(&c, g, name, 1, want, dims, out);
    }
    /* absent is no error: the file has no such per-path set (*out NULL) */
    int status = got >= 0 ? DS_OK : errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
    if (status == DS_EINPUT && !c.h.failed) {
        char vb[128], nb[128], gb[32];
        errors_add(errs, DS_EINPUT, r->path, 0, 0, NULL, "damaged results file: variants/%s/%s/%s",
                   rd_esc(vb, sizeof vb, rv->name), rd_esc(gb, sizeof gb, group),
                   rd_esc(nb, sizeof nb, name));
    }
    H5CLOSE(H5Oclose, g);
    H5CLOSE(H5Oclose, vg);
    H5CLOSE(H5Oclose, vs);
    h5_quiet_end(q);
    return status;
}

const ds_read_metric *results_read_metric(const ds_read_variant *v, const char *name)
{
    for (int i = 0; i < v->n_metrics; i++)
        if (strcmp(v->metrics[i].name, name) == 0) return &v->metrics[i];
    return NULL;
}
