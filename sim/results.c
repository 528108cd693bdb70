/* results.c — writes the HDF5 results file of DESIGN.md §5 (whole, to a
 * temporary beside the target, then fsync + rename) and reads it back: for
 * `depinsim info`, and through results_read.h for plot, compare and export.
 * Every HDF5 call goes through H5C(), which turns a failure into an error
 * value naming the call and the line; HDF5's own stack printing is switched
 * off. Statistics are computed elsewhere: this file only stores and reads. */
#include "results.h"
#include "results_read.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const double ds_quantile_levels[DS_N_QUANTILES] = {0.05, 0.25, 0.5, 0.75, 0.95};

#define DS_METRIC_NAME(id, name, unit) name,
#define DS_METRIC_UNIT(id, name, unit) unit,
const char *const ds_metric_names[DS_N_METRICS] = {DS_METRICS(DS_METRIC_NAME)};
const char *const ds_metric_units[DS_N_METRICS] = {DS_METRICS(DS_METRIC_UNIT)};
#undef DS_METRIC_NAME
#undef DS_METRIC_UNIT

#define DS_OUTCOME_NAME(id, name, unit) name,
#define DS_OUTCOME_UNIT(id, name, unit) unit,
const char *const ds_outcome_names[DS_N_OUTCOMES] = {DS_OUTCOMES(DS_OUTCOME_NAME)};
const char *const ds_outcome_units[DS_N_OUTCOMES] = {DS_OUTCOMES(DS_OUTCOME_UNIT)};

const char *results_unit(const char *u, const char *unit_name, char *buf, size_t n)
{
    if (!unit_name || !unit_name[0] || !strcmp(unit_name, "heq-h") || !strstr(u, "heq-h")) return u;
    size_t k = 0;
    for (const char *p = u; *p && k + 1 < n;) {
        if (!strncmp(p, "heq-h", 5)) {
            for (const char *q = unit_name; *q && k + 1 < n; q++) buf[k++] = *q;
            p += 5;
        } else {
            buf[k++] = *p++;
        }
    }
    buf[k] = 0;
    return buf;
}
#undef DS_OUTCOME_NAME
#undef DS_OUTCOME_UNIT

#define RESULTS_FORMAT "depinsim-results-1"
#define RESULTS_Q_MEDIAN 2 /* index of 0.5 in ds_quantile_levels */
#define RESULTS_Q_LO 0     /* 0.05 */
#define RESULTS_Q_HI 4     /* 0.95 */

/* ------------------------------------------------------------------------ */
/* The checking macro                                                        */

typedef struct {
    ds_errors *errs;
    const char *path; /* the file named in errors */
    int kind;         /* DS_EFAIL when writing; DS_EINPUT when a file we read is damaged */
    int failed;       /* only the first failure is reported: the rest are its consequences */
} h5ctx;

/* H5E_WALK_UPWARD starts at the innermost (most specific) error, which is the
 * one that says what went wrong ("truncated file", "errno = 28, ..."). */
static herr_t h5_innermost(unsigned n, const H5E_error2_t *e, void *data)
{
    char *detail = data;
    if (n != 0 || !e->desc) return 0;
    /* a failed read or write says "file write failed: time = ..., filename =
     * ..., errno = 28, error message = 'No space left on device', ..." over
     * several lines: keep what a user acts on */
    const char *em = strstr(e->desc, "error message = '");
    if (em) {
        em += strlen("error message = '");
        snprintf(detail, 200, "%.*s: %.*s", (int)strcspn(e->desc, ":"), e->desc,
                 (int)strcspn(em, "'"), em);
    } else {
        snprintf(detail, 200, "%s", e->desc);
    }
    for (char *p = detail; *p; p++)
        if (*p == '\n') *p = ' ';
    return 0;
}

static int64_t h5_check(h5ctx *c, int64_t rc, const char *call, int line)
{
    if (rc >= 0) return rc;
    if (!c->failed) {
        char detail[200] = "";
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_innermost, detail);
        errors_add(c->errs, c->kind, c->path, 0, 0, NULL, "%s%.110s failed (results.c:%d)%s%.150s",
                   c->kind == DS_EINPUT ? "damaged results file: " : "HDF5 ", call, line,
                   detail[0] ? ": " : "", detail);
    }
    c->failed = 1;
    H5Eclear2(H5E_DEFAULT);
    return rc;
}

/* Evaluates to the call's own result (hid_t, herr_t or htri_t), negative on failure. */
#define H5C(c, call) h5_check((c), (int64_t)(call), #call, __LINE__)

/* Close an identifier if it was opened; used on every exit path. */
#define H5CLOSE(fn, id)                                                                            \
    do {                                                                                           \
        if ((id) >= 0) fn(id);                                                                     \
        (id) = -1;                                                                                 \
    } while (0)

/* HDF5's automatic error printing is process-global: switch it off for the
 * duration of a call and put back whatever the caller had. */
typedef struct {
    H5E_auto2_t func;
    void *data;
} h5_quiet;

static h5_quiet quiet_begin(void)
{
    /* HDF5 1.10 crashes at exit (in H5_term_library) when a file could not
     * be closed because its last writes failed, as on a full disk: so no
     * atexit handler. Only possible before the library starts (later calls
     * fail harmlessly); every file here is closed explicitly, so nothing
     * relies on it. */
    static int no_atexit;
    if (!no_atexit) {
        no_atexit = 1;
        H5dont_atexit();
    }
    h5_quiet q = {NULL, NULL};
    H5Eget_auto2(H5E_DEFAULT, &q.func, &q.data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    return q;
}

static void quiet_end(h5_quiet q)
{
    H5Eclear2(H5E_DEFAULT);
    H5Eset_auto2(H5E_DEFAULT, q.func, q.data);
}

/* File access shared by writer and reader: file locking is ignored where the
 * file system does not support it (NFS, some containers), where HDF5 would
 * otherwise refuse to open at all. */
static hid_t make_fapl(h5ctx *c, int for_write)
{
    hid_t fapl = H5C(c, H5Pcreate(H5P_FILE_ACCESS));
    if (fapl < 0) return -1;
    /* V18 at least: dense attribute storage, so an attribute may exceed 64 KiB
     * (scenario_yaml holds the whole scenario text). Also gives creation-order
     * indexes, so info lists variants in the scenario's order. */
    if (for_write && H5C(c, H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST)) < 0)
        goto fail;
    /* STRONG: closing the file closes anything still open in it, so after
     * H5Fclose the bytes are on the file and the descriptor is gone. */
    if (H5C(c, H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG)) < 0) goto fail;
#if H5_VERSION_GE(1, 10, 7) && !(H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 12 && H5_VERS_RELEASE == 0)
    if (H5C(c, H5Pset_file_locking(fapl, 1, 1)) < 0) goto fail;
#endif
    return fapl;
fail:
    H5Pclose(fapl);
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

static int attr_str(h5ctx *c, hid_t loc, const char *name, const char *s)
{
    if (!s) s = "";
    int rc = -1;
    hid_t t = -1, sp = -1, a = -1;
    /* fixed-length, NUL-terminated UTF-8: h5dump shows it as text and any
     * reader gets the length from the type */
    if ((t = H5C(c, H5Tcopy(H5T_C_S1))) < 0) goto done;
    if (H5C(c, H5Tset_size(t, strlen(s) + 1)) < 0) goto done;
    if (H5C(c, H5Tset_strpad(t, H5T_STR_NULLTERM)) < 0) goto done;
    if (H5C(c, H5Tset_cset(t, H5T_CSET_UTF8)) < 0) goto done;
    if ((sp = H5C(c, H5Screate(H5S_SCALAR))) < 0) goto done;
    if ((a = H5C(c, H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT))) < 0) goto done;
    if (H5C(c, H5Awrite(a, t, s)) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Aclose, a);
    H5CLOSE(H5Sclose, sp);
    H5CLOSE(H5Tclose, t);
    return rc;
}

/* A numeric attribute: scalar when n == 0, else a 1-D array of n. */
static int attr_num(h5ctx *c, hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                    hsize_t n, const void *value)
{
    int rc = -1;
    hid_t sp = -1, a = -1;
    sp = n == 0 ? H5C(c, H5Screate(H5S_SCALAR)) : H5C(c, H5Screate_simple(1, &n, NULL));
    if (sp < 0) goto done;
    if ((a = H5C(c, H5Acreate2(loc, name, file_type, sp, H5P_DEFAULT, H5P_DEFAULT))) < 0) goto done;
    if (H5C(c, H5Awrite(a, mem_type, value)) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Aclose, a);
    H5CLOSE(H5Sclose, sp);
    return rc;
}

static int attr_f64(h5ctx *c, hid_t loc, const char *name, double v)
{
    return attr_num(c, loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0, &v);
}

static int attr_i32(h5ctx *c, hid_t loc, const char *name, int v)
{
    return attr_num(c, loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, 0, &v);
}

/* A numeric dataset of the given shape with a units attribute. Returns the
 * open dataset (the caller may add attributes) or -1. */
static hid_t dataset_num(h5ctx *c, hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                         int rank, const hsize_t *dims, const void *data, const char *units,
                         hid_t dcpl)
{
    hid_t sp = -1, d = -1;
    if ((sp = H5C(c, H5Screate_simple(rank, dims, NULL))) < 0) goto fail;
    d = H5C(c, H5Dcreate2(loc, name, file_type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    if (d < 0) goto fail;
    if (H5C(c, H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data)) < 0) goto fail;
    if (attr_str(c, d, "units", units) < 0) goto fail;
    H5Sclose(sp);
    return d;
fail:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Sclose, sp);
    return -1;
}

static hid_t dataset_f64(h5ctx *c, hid_t loc, const char *name, int rank, const hsize_t *dims,
                         const double *data, const char *units, hid_t dcpl)
{
    return dataset_num(c, loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, dims, data, units,
                       dcpl);
}

static hid_t group_new(h5ctx *c, hid_t loc, const char *name, hid_t gcpl)
{
    return H5C(c, H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT));
}

/* Property lists reused for every object of a file. Modification times are
 * not stored in object headers, so two runs of the same scenario differ only
 * in the root attributes that are meant to differ (created, wall_seconds). */
typedef struct {
    hid_t gcpl;       /* plain group */
    hid_t gcpl_order; /* group that remembers the order of its links and attributes */
    hid_t dcpl;       /* contiguous dataset */
} plists;

static void plists_close(plists *p)
{
    H5CLOSE(H5Pclose, p->gcpl);
    H5CLOSE(H5Pclose, p->gcpl_order);
    H5CLOSE(H5Pclose, p->dcpl);
}

static int plists_make(h5ctx *c, plists *p)
{
    p->gcpl = p->gcpl_order = p->dcpl = -1;
    if ((p->gcpl = H5C(c, H5Pcreate(H5P_GROUP_CREATE))) < 0) goto fail;
    if (H5C(c, H5Pset_obj_track_times(p->gcpl, 0)) < 0) goto fail;
    if ((p->gcpl_order = H5C(c, H5Pcopy(p->gcpl))) < 0) goto fail;
    unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
    if (H5C(c, H5Pset_link_creation_order(p->gcpl_order, order)) < 0) goto fail;
    if (H5C(c, H5Pset_attr_creation_order(p->gcpl_order, order)) < 0) goto fail;
    if ((p->dcpl = H5C(c, H5Pcreate(H5P_DATASET_CREATE))) < 0) goto fail;
    if (H5C(c, H5Pset_obj_track_times(p->dcpl, 0)) < 0) goto fail;
    return 0;
fail:
    plists_close(p);
    return -1;
}

/* paths/<metric> [paths × R]: chunks of whole rows (a plot reads whole paths),
 * at most 64 paths and about 4 MiB per chunk; shuffle groups the bytes of
 * neighbouring doubles, which roughly doubles what deflate saves on them. */
static hid_t paths_dcpl(h5ctx *c, const plists *p, int paths, int records)
{
    hsize_t rows = (hsize_t)paths < 64 ? (hsize_t)paths : 64;
    hsize_t max_rows = ((hsize_t)4 << 20) / ((hsize_t)records * sizeof(double));
    if (max_rows < 1) max_rows = 1;
    if (rows > max_rows) rows = max_rows;
    hsize_t chunk[2] = {rows, (hsize_t)records};
    hid_t dcpl = H5C(c, H5Pcopy(p->dcpl));
    if (dcpl < 0) return -1;
    if (H5C(c, H5Pset_chunk(dcpl, 2, chunk)) < 0) goto fail;
    if (H5C(c, H5Pset_shuffle(dcpl)) < 0) goto fail;
    if (H5C(c, H5Pset_deflate(dcpl, 4)) < 0) goto fail;
    return dcpl;
fail:
    H5Pclose(dcpl);
    return -1;
}

/* claims/<name>/: the statement, its verdict over the paths as attributes,
 * and per_path [paths] uint8 so a reader can cross claims with outcomes. */
static int write_claim(h5ctx *c, const plists *p, hid_t claims, const ds_claim_result *cl)
{
    int rc = -1;
    hid_t g = -1, d = -1;
    const hsize_t P = (hsize_t)cl->paths;
    if ((g = group_new(c, claims, cl->name, p->gcpl_order)) < 0) goto done;
    if (attr_str(c, g, "text", cl->text) < 0 || attr_str(c, g, "metric", cl->metric) < 0 ||
        attr_str(c, g, "op", cl->op) < 0 || attr_f64(c, g, "threshold", cl->threshold) < 0 ||
        attr_str(c, g, "when", cl->when) < 0 ||
        attr_f64(c, g, "window_start_day", cl->window_start_day) < 0 ||
        attr_f64(c, g, "window_end_day", cl->window_end_day) < 0 ||
        attr_i32(c, g, "holds", cl->holds) < 0 || attr_i32(c, g, "paths", cl->paths) < 0 ||
        attr_f64(c, g, "probability", cl->probability) < 0 ||
        attr_f64(c, g, "wilson_lo", cl->wilson_lo) < 0 ||
        attr_f64(c, g, "wilson_hi", cl->wilson_hi) < 0)
        goto done;
    d = dataset_num(c, g, "per_path", H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, &P, cl->per_path,
                    "1 if the claim holds on the path, else 0", p->dcpl);
    if (d < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Gclose, g);
    return rc;
}

static int write_variant(h5ctx *c, const plists *p, hid_t variants, const ds_variant_result *v,
                         const char *unit_name)
{
    char ubuf[DS_N_METRICS][96];
    const char *units[DS_N_METRICS];
    for (int m = 0; m < DS_N_METRICS; m++)
        units[m] = results_unit(ds_metric_units[m], unit_name, ubuf[m], sizeof ubuf[m]);
    int rc = -1;
    hid_t g = -1, sub = -1, d = -1, pdcpl = -1;
    const hsize_t R = (hsize_t)v->records, P = (hsize_t)v->paths;

    if ((g = group_new(c, variants, v->name, p->gcpl)) < 0) goto done;
    if (attr_str(c, g, "overrides", v->overrides) < 0) goto done;
    if (attr_i32(c, g, "paths", v->paths) < 0) goto done;
    /* which original paths the per-path datasets hold, when some were left
     * out (invalid, or not finished before an interrupt) */
    if (v->path_index) {
        d = dataset_num(c, g, "path_index", H5T_STD_I32LE, H5T_NATIVE_INT32, 1, &P, v->path_index,
                        "path number", p->dcpl);
        if (d < 0) goto done;
        H5CLOSE(H5Dclose, d);
    }

    /* quantiles/<metric> [R × 5] */
    if ((sub = group_new(c, g, "quantiles", p->gcpl)) < 0) goto done;
    for (int m = 0; m < DS_N_METRICS; m++) {
        hsize_t dims[2] = {R, DS_N_QUANTILES};
        const double *q = v->quantiles + (size_t)m * R * DS_N_QUANTILES;
        d = dataset_f64(c, sub, ds_metric_names[m], 2, dims, q, units[m], p->dcpl);
        if (d < 0) goto done;
        if (attr_num(c, d, "levels", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, DS_N_QUANTILES,
                     ds_quantile_levels) < 0)
            goto done;
        H5CLOSE(H5Dclose, d);
    }
    H5CLOSE(H5Gclose, sub);

    /* mean/<metric> [R] */
    if ((sub = group_new(c, g, "mean", p->gcpl)) < 0) goto done;
    for (int m = 0; m < DS_N_METRICS; m++) {
        d = dataset_f64(c, sub, ds_metric_names[m], 1, &R, v->mean + (size_t)m * R, units[m],
                        p->dcpl);
        if (d < 0) goto done;
        H5CLOSE(H5Dclose, d);
    }
    H5CLOSE(H5Gclose, sub);

    /* final/<metric> [paths] */
    if ((sub = group_new(c, g, "final", p->gcpl)) < 0) goto done;
    for (int m = 0; m < DS_N_METRICS; m++) {
        d = dataset_f64(c, sub, ds_metric_names[m], 1, &P, v->final + (size_t)m * P, units[m],
                        p->dcpl);
        if (d < 0) goto done;
        H5CLOSE(H5Dclose, d);
    }
    H5CLOSE(H5Gclose, sub);

    /* paths/<metric> [paths × R], only when the run kept whole paths */
    if (v->path_records) {
        if ((pdcpl = paths_dcpl(c, p, v->paths, v->records)) < 0) goto done;
        if ((sub = group_new(c, g, "paths", p->gcpl)) < 0) goto done;
        for (int m = 0; m < DS_N_METRICS; m++) {
            hsize_t dims[2] = {P, R};
            const double *rows = v->path_records + (size_t)m * P * R;
            d = dataset_f64(c, sub, ds_metric_names[m], 2, dims, rows, units[m], pdcpl);
            if (d < 0) goto done;
            H5CLOSE(H5Dclose, d);
        }
        H5CLOSE(H5Gclose, sub);
    }

    /* summary: scalars at the horizon, read off the last quantile record, and
     * the outcome summary the statistics computed */
    if ((sub = group_new(c, g, "summary", p->gcpl_order)) < 0) goto done;
    if (attr_i32(c, sub, "paths", v->paths) < 0) goto done;
    if (v->paths_run > 0 && (attr_i32(c, sub, "paths_run", v->paths_run) < 0 ||
                             attr_i32(c, sub, "paths_invalid", v->paths_invalid) < 0))
        goto done;
    for (int m = 0; m < DS_N_METRICS; m++) {
        const double *last = v->quantiles + ((size_t)m * R + (R - 1)) * DS_N_QUANTILES;
        static const char *const suffix[3] = {"median", "p05", "p95"};
        const int level[3] = {RESULTS_Q_MEDIAN, RESULTS_Q_LO, RESULTS_Q_HI};
        for (int k = 0; k < 3; k++) {
            char name[96];
            snprintf(name, sizeof name, "%s_final_%s", ds_metric_names[m], suffix[k]);
            if (attr_f64(c, sub, name, last[level[k]]) < 0) goto done;
        }
    }
    if (v->outcomes) {
        const ds_outcome_summary *os = &v->outcome_summary;
        if (attr_f64(c, sub, "death_spiral_probability", os->death_spiral_probability) < 0 ||
            attr_f64(c, sub, "death_spiral_wilson_lo", os->death_spiral_wilson_lo) < 0 ||
            attr_f64(c, sub, "death_spiral_wilson_hi", os->death_spiral_wilson_hi) < 0 ||
            attr_f64(c, sub, "sustainable_share", os->sustainable_share) < 0 ||
            attr_f64(c, sub, "sustainability_day_median", os->sustainability_day_median) < 0 ||
            attr_f64(c, sub, "max_drawdown_median", os->max_drawdown_median) < 0 ||
            attr_f64(c, sub, "min_active_providers_median", os->min_active_providers_median) < 0)
            goto done;
    }
    H5CLOSE(H5Gclose, sub);

    /* outcomes/<name> [paths] */
    if (v->outcomes) {
        if ((sub = group_new(c, g, "outcomes", p->gcpl_order)) < 0) goto done;
        for (int o = 0; o < DS_N_OUTCOMES; o++) {
            d = dataset_f64(c, sub, ds_outcome_names[o], 1, &P, v->outcomes + (size_t)o * P,
                            ds_outcome_units[o], p->dcpl);
            if (d < 0) goto done;
            H5CLOSE(H5Dclose, d);
        }
        H5CLOSE(H5Gclose, sub);
    }

    /* claims/<name>/ in the scenario's order */
    if (v->n_claims > 0) {
        if ((sub = group_new(c, g, "claims", p->gcpl_order)) < 0) goto done;
        for (int i = 0; i < v->n_claims; i++)
            if (write_claim(c, p, sub, &v->claims[i]) < 0) goto done;
        H5CLOSE(H5Gclose, sub);
    }
    rc = 0;
done:
    H5CLOSE(H5Pclose, pdcpl);
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Gclose, sub);
    H5CLOSE(H5Gclose, g);
    return rc;
}

/* /inputs/<name>/ for each input series: what the scenario says of it, the
 * file's SHA-256, and the knots the run used (ds_result_input). */
static int write_inputs(h5ctx *c, const plists *p, hid_t f, const ds_results *r)
{
    if (r->n_inputs <= 0) return 0;
    int rc = -1;
    hid_t all = -1, g = -1, d = -1;
    if ((all = group_new(c, f, "inputs", p->gcpl_order)) < 0) goto done;
    for (int i = 0; i < r->n_inputs; i++) {
        const ds_result_input *in = &r->inputs[i];
        if ((g = group_new(c, all, in->name, p->gcpl_order)) < 0) goto done;
        if (attr_str(c, g, "file", in->file) < 0 || attr_str(c, g, "column", in->column) < 0 ||
            attr_str(c, g, "unit", in->unit) < 0 || attr_str(c, g, "sha256", in->sha256) < 0 ||
            attr_str(c, g, "start", in->start) < 0 || attr_str(c, g, "interp", in->interp) < 0 ||
            attr_f64(c, g, "scale", in->scale) < 0 || attr_i32(c, g, "rows", in->rows) < 0)
            goto done;
        hsize_t n = (hsize_t)in->rows;
        if ((d = dataset_f64(c, g, "t_days", 1, &n, in->t_days, "days", p->dcpl)) < 0) goto done;
        H5CLOSE(H5Dclose, d);
        if ((d = dataset_f64(c, g, "value", 1, &n, in->value, in->value_unit, p->dcpl)) < 0)
            goto done;
        H5CLOSE(H5Dclose, d);
        H5CLOSE(H5Gclose, g);
    }
    rc = 0;
done:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Gclose, g);
    H5CLOSE(H5Gclose, all);
    return rc;
}

static int write_contents(h5ctx *c, hid_t f, const ds_results *r)
{
    int rc = -1;
    plists p;
    hid_t d = -1, variants = -1;
    if (plists_make(c, &p) < 0) return -1;

    if (attr_str(c, f, "format", RESULTS_FORMAT) < 0) goto done;
    if (attr_str(c, f, "version", r->version) < 0) goto done;
    if (attr_str(c, f, "scenario_name", r->scenario_name) < 0) goto done;
    if (attr_str(c, f, "scenario_yaml", r->scenario_yaml) < 0) goto done;
    if (attr_str(c, f, "scenario_sha256", r->scenario_sha256) < 0) goto done;
    if (attr_num(c, f, "seed", H5T_STD_U32LE, H5T_NATIVE_UINT, 0, &r->seed) < 0) goto done;
    if (attr_i32(c, f, "paths", r->paths) < 0) goto done;
    if (attr_i32(c, f, "steps", r->steps) < 0) goto done;
    if (attr_i32(c, f, "records", r->records) < 0) goto done;
    if (attr_f64(c, f, "step_days", r->step_days) < 0) goto done;
    if (attr_str(c, f, "backend", r->backend) < 0) goto done;
    if (attr_str(c, f, "device", r->device) < 0) goto done;
    if (attr_str(c, f, "backend_reason", r->backend_reason) < 0) goto done; /* "" when none */
    if (attr_str(c, f, "unit_name", r->unit_name && r->unit_name[0] ? r->unit_name : "heq-h") < 0)
        goto done;
    /* run-dependent values live in attributes only: datasets stay identical
     * across thread counts and backends (DESIGN.md §2) */
    if (attr_f64(c, f, "wall_seconds", r->wall_seconds) < 0) goto done;
    if (attr_str(c, f, "created", r->created) < 0) goto done;
    /* an interrupted run written with --partial says so; callers that do not
     * set paths_requested write complete files */
    if (attr_i32(c, f, "complete", r->paths_requested > 0 ? r->complete : 1) < 0) goto done;
    if (r->paths_requested > 0 && attr_i32(c, f, "paths_requested", r->paths_requested) < 0)
        goto done;

    const hsize_t R = (hsize_t)r->records;
    if ((d = dataset_f64(c, f, "time_days", 1, &R, r->time_days, "days", p.dcpl)) < 0) goto done;
    H5CLOSE(H5Dclose, d);
    if (write_inputs(c, &p, f, r) < 0) goto done;

    if ((variants = group_new(c, f, "variants", p.gcpl_order)) < 0) goto done;
    for (int i = 0; i < r->n_variants; i++)
        if (write_variant(c, &p, variants, &r->variants[i], r->unit_name) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Gclose, variants);
    H5CLOSE(H5Dclose, d);
    plists_close(&p);
    return rc;
}

/* Caller errors that would otherwise surface as an obscure HDF5 failure or a
 * read past an array. Returns DS_OK or the status to return. */
static int check_input(const char *path, const ds_results *r, ds_errors *errs)
{
    if (!r || !r->time_days || r->records < 1 || r->paths < 1 || r->n_variants < 0 ||
        (r->n_variants > 0 && !r->variants)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                   "internal: results to write are incomplete (need records, paths, time_days)");
        return DS_EFAIL;
    }
    for (int i = 0; i < r->n_variants; i++) {
        const ds_variant_result *v = &r->variants[i];
        const char *n = v->name;
        if (!n || !n[0] || strchr(n, '/') || strcmp(n, ".") == 0) {
            errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                       "variant name '%s' cannot name an HDF5 group (empty, '.' or contains '/')",
                       n ? n : "");
            return DS_EINPUT;
        }
        if (v->records != r->records || v->paths < 1 || !v->quantiles || !v->mean || !v->final) {
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                       "internal: variant '%s' has %d records (file has %d), %d paths, or "
                       "missing arrays",
                       n, v->records, r->records, v->paths);
            return DS_EFAIL;
        }
        if (v->n_claims < 0 || (v->n_claims > 0 && !v->claims)) {
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                       "internal: variant '%s' has %d claims and no claim array", n, v->n_claims);
            return DS_EFAIL;
        }
        for (int k = 0; k < v->n_claims; k++) {
            const ds_claim_result *cl = &v->claims[k];
            const char *cn = cl->name;
            if (!cn || !cn[0] || strchr(cn, '/') || strcmp(cn, ".") == 0) {
                errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                           "claim name '%s' cannot name an HDF5 group (empty, '.' or contains "
                           "'/')",
                           cn ? cn : "");
                return DS_EINPUT;
            }
            if (cl->paths < 0 || (cl->paths > 0 && !cl->per_path)) {
                errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                           "internal: claim '%s' of variant '%s' has %d paths and no per_path "
                           "verdicts",
                           cn, n, cl->paths);
                return DS_EFAIL;
            }
        }
    }
    return DS_OK;
}

/* "dir/name" → "dir"; "name" → "."; "/name" → "/". */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* ------------------------------------------------------------------------ */
/* Where results may be written                                             */

void results_tmp_name(const char *path, long pid, char *buf, size_t n)
{
    snprintf(buf, n, "%s.tmp.%ld", path, pid);
}

static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m)) return "a directory";
    if (S_ISLNK(m)) return "a symbolic link";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

/* What is at the target now: nothing, or a regular file (replaced only with
 * force). Anything else is refused, force included: rename(2) replaces
 * whatever has the name (as root, -o /dev/null --force made /dev/null an HDF5
 * file) and opening a FIFO blocks. lstat: a symbolic link is judged itself,
 * never followed, so no link leads the write into /dev or elsewhere. kind is
 * the status for a wrong type: DS_EINPUT before a run, DS_EFAIL when the
 * type changed while it ran. */
static int check_target(const char *path, int force, int kind, ds_errors *errs)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) return DS_OK; /* a new name; a missing directory is caught later */
        errors_add(errs, kind, path, 0, 0, NULL, "cannot use as the results file: %s",
                   strerror(errno));
        return kind;
    }
    if (S_ISDIR(st.st_mode)) {
        errors_add(errs, kind, path, 0, 0, NULL, "output path is a directory");
        return kind;
    }
    if (!S_ISREG(st.st_mode)) {
        errors_add(errs, kind, path, 0, 0, NULL,
                   "output path is %s: results only ever replace a regular file "
                   "(--force included)%s",
                   file_kind(st.st_mode),
                   S_ISLNK(st.st_mode) ? "; name the file the link points to" : "");
        return kind;
    }
    if (!force) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "exists; use --force to overwrite");
        return DS_EINPUT;
    }
    return DS_OK;
}

int results_check_output(const char *path, int force, ds_errors *errs)
{
    if (!path || !path[0]) {
        errors_add(errs, DS_EINPUT, "", 0, 0, NULL, "the output path is empty");
        return DS_EINPUT;
    }
    size_t len = strlen(path);
    if (len + RESULTS_TMP_SUFFIX_MAX >= PATH_MAX) {
        errors_add(errs, DS_EINPUT, "", 0, 0, NULL,
                   "the output path is too long (%zu bytes; at most %d with the temporary's "
                   "suffix)",
                   len, PATH_MAX - RESULTS_TMP_SUFFIX_MAX - 1);
        return DS_EINPUT;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!base[0] || !strcmp(base, ".") || !strcmp(base, "..")) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "output path is a directory");
        return DS_EINPUT;
    }
    int rc = check_target(path, force, DS_EINPUT, errs);
    if (rc != DS_OK) return rc;
    char *dir = dir_of(path);
    if (!dir) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errors_add(errs, DS_EINPUT, dir, 0, 0, NULL, "no such directory for the results file");
        rc = DS_EINPUT;
    } else if (access(dir, W_OK | X_OK) != 0) {
        errors_add(errs, DS_EINPUT, dir, 0, 0, NULL, "cannot write the results file there: %s",
                   strerror(errno));
        rc = DS_EINPUT;
    } else {
        /* the temporary's name is the longest one written there */
        long name_max = pathconf(dir, _PC_NAME_MAX);
        if (name_max <= 0) name_max = NAME_MAX;
        if ((long)(strlen(base) + RESULTS_TMP_SUFFIX_MAX - 1) > name_max) {
            errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                       "file name too long (%zu bytes; at most %ld here, with the temporary's "
                       "suffix)",
                       strlen(base), name_max - (RESULTS_TMP_SUFFIX_MAX - 1));
            rc = DS_EINPUT;
        }
    }
    free(dir);
    if (rc != DS_OK) return rc;
    /* results_write will not take over a file it did not create */
    char tmp[PATH_MAX];
    results_tmp_name(path, (long)getpid(), tmp, sizeof tmp);
    if (lstat(tmp, &st) == 0) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "%s exists (left by a run that was killed?); remove it first", tmp);
        rc = DS_EINPUT;
    }
    return rc;
}

/* Make the rename durable: without this a crash soon after can leave the
 * directory entry pointing at the old file (or none) on some file systems. */
static int fsync_dir(const char *path, ds_errors *errs)
{
    char *dir = dir_of(path);
    if (!dir) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory");
        return -1;
    }
    int rc = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "written, but cannot sync directory %s: %s",
                   dir, strerror(errno));
        rc = -1;
    }
    if (fd >= 0) close(fd);
    free(dir);
    return rc;
}

/* Is path held open for writing by another process? HDF5 takes an exclusive
 * flock(2) on a file it opens for writing; a shared one is refused then.
 * Non-blocking and not following links: only ever asked of a regular file,
 * but a FIFO swapped in meanwhile must not hang us. */
static int held_by_writer(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0) return 0;
    int held = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd); /* releases our shared lock, if taken */
    return held;
}

/* Move the finished temporary onto path. Without force, link(2) refuses
 * atomically to replace a file that appeared while we were writing; rename(2)
 * is used where links are not supported and when overwriting is wanted. */
static int publish(const char *tmp, const char *path, int force, ds_errors *errs)
{
    if (!force) {
        if (link(tmp, path) == 0) {
            unlink(tmp);
            return DS_OK;
        }
        int e = errno;
        struct stat st;
        if (e == EEXIST || lstat(path, &st) == 0) {
            errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "exists; use --force to overwrite");
            return DS_EINPUT;
        }
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        if (e == EISDIR)
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "output path is a directory");
        else
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "cannot rename %s to %s: %s", tmp, path,
                       strerror(e));
        return DS_EFAIL;
    }
    return DS_OK;
}

static void tmp_live(const ds_results *r, int live)
{
    if (r->tmp_live) *r->tmp_live = live;
}

int results_write(const char *path, const ds_results *r, int force, ds_errors *errs)
{
    int bad = check_target(path, force, DS_EFAIL, errs);
    if (bad != DS_OK) return bad;
    bad = check_input(path, r, errs);
    if (bad != DS_OK) return bad;

    size_t n = strlen(path) + RESULTS_TMP_SUFFIX_MAX;
    char *tmp = malloc(n);
    if (!tmp) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    results_tmp_name(path, (long)getpid(), tmp, n);

    /* Create the temporary ourselves first: HDF5 reports a failed create as a
     * stack of messages, open(2) gives the errno a user can act on. O_EXCL:
     * never truncate (and later remove) a file that is not ours. */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
    if (fd < 0) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "cannot create %s: %s", tmp, strerror(errno));
        free(tmp);
        return DS_EFAIL;
    }
    tmp_live(r, 1);
    close(fd);

    h5_quiet q = quiet_begin();
    h5ctx c = {errs, path, DS_EFAIL, 0};
    int status = DS_EFAIL;
    hid_t fapl = -1, fcpl = -1, f = -1;
    if ((fapl = make_fapl(&c, 1)) < 0) goto fail;
    /* the root group is created with the file: no modification times in its
     * header either (see plists) */
    if ((fcpl = H5C(&c, H5Pcreate(H5P_FILE_CREATE))) < 0) goto fail;
    if (H5C(&c, H5Pset_obj_track_times(fcpl, 0)) < 0) goto fail;
    if ((f = H5C(&c, H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl))) < 0) goto fail;
    if (write_contents(&c, f, r) < 0) goto fail;
    if (H5C(&c, H5Fflush(f, H5F_SCOPE_GLOBAL)) < 0) goto fail;
    hid_t closing = f;
    f = -1;
    if (H5C(&c, H5Fclose(closing)) < 0) goto fail;
    H5CLOSE(H5Pclose, fapl);
    H5CLOSE(H5Pclose, fcpl);

    /* the data must be on disk before the name points at it */
    fd = open(tmp, O_RDONLY | O_NOFOLLOW);
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "cannot sync %s: %s", tmp, strerror(errno));
        if (fd >= 0) close(fd);
        goto fail;
    }
    close(fd);
    if (r->before_publish) r->before_publish(tmp);

    /* never replace a file another writer has open: it would go on writing
     * into a file that no longer has a name, and its work would be lost */
    if (force && held_by_writer(path)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                   "is open for writing by another process (HDF5 file lock); not replaced");
        goto fail;
    }
    /* the target again, as late as possible: it may have become a device, a
     * FIFO or a link while we ran (a window remains until the rename) */
    status = check_target(path, force, DS_EFAIL, errs);
    if (status != DS_OK) goto fail;
    if (r->abort && *r->abort) { /* interrupted while writing: nothing under the name */
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "interrupted: nothing written");
        status = DS_EFAIL;
        goto fail;
    }
    status = publish(tmp, path, force, errs);
    if (status != DS_OK) goto fail;
    tmp_live(r, 0);
    quiet_end(q);
    free(tmp);
    return fsync_dir(path, errs) < 0 ? DS_EFAIL : DS_OK;

fail:
    H5CLOSE(H5Fclose, f);
    H5CLOSE(H5Pclose, fapl);
    H5CLOSE(H5Pclose, fcpl);
    unlink(tmp);
    tmp_live(r, 0);
    quiet_end(q);
    free(tmp);
    return status == DS_OK ? DS_EFAIL : status;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

/* Reads a scalar string attribute (fixed or variable length) into a malloc'd
 * string. Returns 0, 1 when the attribute does not exist, -1 on failure. */
static int read_attr_str(h5ctx *c, hid_t loc, const char *name, char **out)
{
    *out = NULL;
    htri_t exists = H5C(c, H5Aexists(loc, name));
    if (exists <= 0) return exists < 0 ? -1 : 1;
    int rc = -1;
    hid_t a = -1, t = -1, mt = -1;
    if ((a = H5C(c, H5Aopen(loc, name, H5P_DEFAULT))) < 0) goto done;
    if ((t = H5C(c, H5Aget_type(a))) < 0) goto done;
    if (H5Tget_class(t) != H5T_STRING) {
        errors_add(c->errs, c->kind, c->path, 0, 0, NULL, "attribute '%s' is not a string", name);
        c->failed = 1;
        goto done;
    }
    htri_t vlen = H5C(c, H5Tis_variable_str(t));
    if (vlen < 0) goto done;
    /* same character set as stored, or HDF5 finds no conversion path */
    if ((mt = H5C(c, H5Tcopy(H5T_C_S1))) < 0) goto done;
    if (H5C(c, H5Tset_cset(mt, H5Tget_cset(t))) < 0) goto done;
    if (vlen) {
        char *s = NULL;
        if (H5C(c, H5Tset_size(mt, H5T_VARIABLE)) < 0) goto done;
        if (H5C(c, H5Aread(a, mt, &s)) < 0) goto done;
        *out = strdup(s ? s : "");
        if (s) H5free_memory(s);
    } else {
        size_t n = H5Tget_size(t);
        if (n == 0 || H5C(c, H5Tset_size(mt, n)) < 0) goto done;
        char *s = calloc(n + 1, 1);
        if (!s) goto done;
        if (H5C(c, H5Aread(a, mt, s)) < 0) {
            free(s);
            goto done;
        }
        *out = s; /* calloc'd one longer: terminated even when NULLPAD or SPACEPAD */
    }
    rc = *out ? 0 : -1;
done:
    H5CLOSE(H5Tclose, mt);
    H5CLOSE(H5Tclose, t);
    H5CLOSE(H5Aclose, a);
    return rc;
}

/* Reads the first element of a numeric attribute as a double. Same returns. */
static int read_attr_f64(h5ctx *c, hid_t loc, const char *name, double *out)
{
    *out = NAN;
    htri_t exists = H5C(c, H5Aexists(loc, name));
    if (exists <= 0) return exists < 0 ? -1 : 1;
    int rc = -1;
    hid_t a = -1, sp = -1;
    double *buf = NULL;
    if ((a = H5C(c, H5Aopen(loc, name, H5P_DEFAULT))) < 0) goto done;
    if ((sp = H5C(c, H5Aget_space(a))) < 0) goto done;
    hssize_t n = H5C(c, H5Sget_simple_extent_npoints(sp));
    if (n < 1) goto done;
    if (!(buf = malloc((size_t)n * sizeof *buf))) goto done;
    if (H5C(c, H5Aread(a, H5T_NATIVE_DOUBLE, buf)) < 0) goto done;
    *out = buf[0];
    rc = 0;
done:
    free(buf);
    H5CLOSE(H5Sclose, sp);
    H5CLOSE(H5Aclose, a);
    return rc;
}

/* Readable numbers for a terminal: 4 significant digits, with k/M/G/T/P
 * instead of exponents from 10^4 up. */
static const char *fmt_num(char buf[32], double x)
{
    static const char suffix[] = "kMGTP";
    if (isnan(x)) return snprintf(buf, 32, "nan"), buf;
    if (isinf(x)) return snprintf(buf, 32, x > 0 ? "inf" : "-inf"), buf;
    double ax = fabs(x);
    if (ax < 1e4) {
        snprintf(buf, 32, "%.4g", x);
        return buf;
    }
    int k = 0;
    while (ax >= 999.95 && k < 5) {
        ax /= 1000.0;
        x /= 1000.0;
        k++;
    }
    if (ax >= 999.95) /* beyond peta: exponent form is clearer */
        snprintf(buf, 32, "%.4g", x * pow(1000.0, k));
    else
        snprintf(buf, 32, "%.4g%c", x, suffix[k - 1]);
    return buf;
}

/* Prints any attribute: strings, integers and floats, scalars or short arrays.
 * Used for groups this version does not know in detail (claims, new summary
 * scalars), so later writers can add attributes without changing info. */
static int print_attr_value(h5ctx *c, hid_t loc, const char *name, FILE *o)
{
    int rc = -1;
    hid_t a = -1, t = -1, sp = -1, mt = -1;
    void *buf = NULL;
    if ((a = H5C(c, H5Aopen(loc, name, H5P_DEFAULT))) < 0) goto done;
    if ((t = H5C(c, H5Aget_type(a))) < 0) goto done;
    if ((sp = H5C(c, H5Aget_space(a))) < 0) goto done;
    hssize_t n = H5C(c, H5Sget_simple_extent_npoints(sp));
    if (n < 0) goto done;
    if (n == 0) {
        fprintf(o, "(empty)");
        rc = 0;
        goto done;
    }
    const hssize_t shown = n < 8 ? n : 8;
    H5T_class_t cls = H5Tget_class(t);
    if (cls == H5T_STRING) {
        htri_t vlen = H5C(c, H5Tis_variable_str(t));
        if (vlen < 0 || (mt = H5C(c, H5Tcopy(H5T_C_S1))) < 0) goto done;
        if (H5C(c, H5Tset_cset(mt, H5Tget_cset(t))) < 0) goto done;
        if (vlen) {
            if (H5C(c, H5Tset_size(mt, H5T_VARIABLE)) < 0) goto done;
            char **s = calloc((size_t)n, sizeof *s);
            if (!(buf = s) || H5C(c, H5Aread(a, mt, s)) < 0) goto done;
            for (hssize_t i = 0; i < shown; i++)
                fprintf(o, "%s%s", i ? ", " : "", s[i] ? s[i] : "");
            for (hssize_t i = 0; i < n; i++)
                if (s[i]) H5free_memory(s[i]);
        } else {
            size_t len = H5Tget_size(t);
            if (len == 0 || H5C(c, H5Tset_size(mt, len)) < 0) goto done;
            char *s = calloc((size_t)n * len + 1, 1);
            if (!(buf = s) || H5C(c, H5Aread(a, mt, s)) < 0) goto done;
            for (hssize_t i = 0; i < shown; i++)
                fprintf(o, "%s%.*s", i ? ", " : "", (int)len, s + (size_t)i * len);
        }
    } else if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        double *v = malloc((size_t)n * sizeof *v);
        if (!(buf = v) || H5C(c, H5Aread(a, H5T_NATIVE_DOUBLE, v)) < 0) goto done;
        for (hssize_t i = 0; i < shown; i++) {
            char nb[32];
            if (cls == H5T_INTEGER)
                fprintf(o, "%s%.0f", i ? " " : "", v[i]);
            else
                fprintf(o, "%s%s", i ? " " : "", fmt_num(nb, v[i]));
        }
    } else {
        fprintf(o, "(HDF5 type class %d)", (int)cls);
    }
    if (n > shown) fprintf(o, " ... (%lld values)", (long long)n);
    rc = 0;
done:
    free(buf);
    H5CLOSE(H5Tclose, mt);
    H5CLOSE(H5Sclose, sp);
    H5CLOSE(H5Tclose, t);
    H5CLOSE(H5Aclose, a);
    return rc;
}

typedef struct {
    char **names;
    int n, cap;
} name_list;

static void names_free(name_list *l)
{
    for (int i = 0; i < l->n; i++) free(l->names[i]);
    free(l->names);
    l->names = NULL;
    l->n = l->cap = 0;
}

static int names_push(name_list *l, const char *s)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        char **p = realloc(l->names, (size_t)cap * sizeof *p);
        if (!p) return -1;
        l->names = p;
        l->cap = cap;
    }
    if (!(l->names[l->n] = strdup(s))) return -1;
    l->n++;
    return 0;
}

static herr_t collect_attr(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    (void)loc;
    (void)info;
    return names_push(data, name) < 0 ? -1 : 0;
}

/* Attribute names in creation order where the file tracks it, else by name. */
static int list_attrs(h5ctx *c, hid_t loc, name_list *l)
{
    hsize_t idx = 0;
    if (H5Aiterate2(loc, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect_attr, l) >= 0) return 0;
    H5Eclear2(H5E_DEFAULT);
    names_free(l);
    idx = 0;
    return H5C(c, H5Aiterate2(loc, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr, l)) < 0 ? -1 : 0;
}

/* Link names of a group, in creation order where tracked, else by name.
 * H5Lget_name_by_idx keeps this free of the iterate callbacks whose info
 * structs changed between HDF5 1.10 and 1.12. */
static int list_links(h5ctx *c, hid_t g, name_list *l)
{
    H5G_info_t gi;
    if (H5C(c, H5Gget_info(g, &gi)) < 0) return -1;
    H5_index_t index = H5_INDEX_CRT_ORDER;
    for (hsize_t i = 0; i < gi.nlinks; i++) {
        char name[256];
        ssize_t len =
            H5Lget_name_by_idx(g, ".", index, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
        if (len < 0 && index == H5_INDEX_CRT_ORDER && i == 0) {
            H5Eclear2(H5E_DEFAULT); /* creation order not tracked in this file */
            index = H5_INDEX_NAME;
            len = H5C(c, H5Lget_name_by_idx(g, ".", index, H5_ITER_INC, i, name, sizeof name,
                                            H5P_DEFAULT));
        } else if (len < 0) {
            H5C(c, len);
        }
        if (len < 0) return -1;
        if (names_push(l, name) < 0) return -1;
    }
    return 0;
}

static int print_attrs(h5ctx *c, hid_t loc, const char *indent, FILE *o)
{
    name_list l = {0};
    int rc = list_attrs(c, loc, &l);
    for (int i = 0; rc == 0 && i < l.n; i++) {
        fprintf(o, "%s%-28s ", indent, l.names[i]);
        rc = print_attr_value(c, loc, l.names[i], o);
        fputc('\n', o);
    }
    names_free(&l);
    return rc;
}

/* One claim as a line: "  claim <name>: <text>: P = 0.625 [0.41, 0.80] (5/8 paths)".
 * Returns 0, 1 when the group lacks a probability (then printed generically), -1. */
static int print_claim_line(h5ctx *c, hid_t g, const char *name, FILE *o)
{
    double p, lo, hi, holds, paths;
    char *text = NULL;
    int got = read_attr_f64(c, g, "probability", &p);
    if (got != 0) return got;
    if (read_attr_f64(c, g, "wilson_lo", &lo) < 0 || read_attr_f64(c, g, "wilson_hi", &hi) < 0 ||
        read_attr_f64(c, g, "holds", &holds) < 0 || read_attr_f64(c, g, "paths", &paths) < 0 ||
        read_attr_str(c, g, "text", &text) < 0)
        return -1;
    fprintf(o, "  claim %s: ", name);
    if (text && text[0]) fprintf(o, "%s: ", text);
    fprintf(o, "P = %.3f", p);
    if (!isnan(lo) && !isnan(hi)) fprintf(o, " [%.2f, %.2f]", lo, hi);
    if (!isnan(holds) && !isnan(paths)) fprintf(o, " (%.0f/%.0f paths)", holds, paths);
    fputc('\n', o);
    free(text);
    return 0;
}

/* claims/: each claim written by this version as one line; attributes of the
 * group itself and members in another shape (other versions) generically. */
static int print_claims(h5ctx *c, hid_t parent, FILE *o)
{
    htri_t has = H5C(c, H5Lexists(parent, "claims", H5P_DEFAULT));
    if (has <= 0) return has < 0 ? -1 : 0;
    int rc = -1;
    hid_t g = -1, obj = -1;
    name_list attrs = {0}, l = {0};
    if ((g = H5C(c, H5Oopen(parent, "claims", H5P_DEFAULT))) < 0) goto done;
    if (list_attrs(c, g, &attrs) < 0) goto done;
    if (attrs.n > 0) {
        fprintf(o, "  claims:\n");
        if (print_attrs(c, g, "    ", o) < 0) goto done;
    }
    if (H5Iget_type(g) == H5I_GROUP) {
        if (list_links(c, g, &l) < 0) goto done;
        for (int i = 0; i < l.n; i++) {
            if ((obj = H5C(c, H5Oopen(g, l.names[i], H5P_DEFAULT))) < 0) goto done;
            int got = print_claim_line(c, obj, l.names[i], o);
            if (got < 0) goto done;
            if (got == 1) {
                fprintf(o, "  claim %s\n", l.names[i]);
                if (print_attrs(c, obj, "      ", o) < 0) goto done;
            }
            H5CLOSE(H5Oclose, obj);
        }
    }
    rc = 0;
done:
    names_free(&attrs);
    names_free(&l);
    H5CLOSE(H5Oclose, obj);
    H5CLOSE(H5Oclose, g);
    return rc;
}

/* The outcome summary attributes of summary/, shown as a block of their own. */
static const char *const outcome_summary_attrs[] = {
    "death_spiral_probability",    "death_spiral_wilson_lo",    "death_spiral_wilson_hi",
    "sustainable_share",           "sustainability_day_median", "max_drawdown_median",
    "min_active_providers_median",
};

static int is_outcome_summary(const char *name)
{
    for (size_t i = 0; i < sizeof outcome_summary_attrs / sizeof outcome_summary_attrs[0]; i++)
        if (strcmp(name, outcome_summary_attrs[i]) == 0) return 1;
    return 0;
}

/* "  outcomes:" and one readable line per outcome summary; nothing when the
 * file has none (written before outcomes existed, or by a run without them). */
static int print_outcome_summary(h5ctx *c, hid_t s, FILE *o)
{
    double v[7];
    const int n = (int)(sizeof outcome_summary_attrs / sizeof outcome_summary_attrs[0]);
    int any = 0;
    for (int i = 0; i < n; i++) {
        int got = read_attr_f64(c, s, outcome_summary_attrs[i], &v[i]);
        if (got < 0) return -1;
        if (got == 0) any = 1;
    }
    if (!any) return 0;
    char a[32];
    fprintf(o, "  outcomes:\n");
    fprintf(o, "    %-24s P = %.3f", "death spiral", v[0]);
    if (!isnan(v[1]) && !isnan(v[2])) fprintf(o, " [%.2f, %.2f]", v[1], v[2]);
    fprintf(o, "\n");
    if (isnan(v[3]))
        fprintf(o, "    %-24s -\n", "sustainable");
    else
        fprintf(o, "    %-24s %.1f%% of paths\n", "sustainable", 100.0 * v[3]);
    if (isnan(v[4]))
        fprintf(o, "    %-24s median never (fewer than half the paths become sustainable)\n",
                "sustainability day");
    else
        fprintf(o, "    %-24s median %s\n", "sustainability day", fmt_num(a, v[4]));
    fprintf(o, "    %-24s median %s (%s)\n", "max drawdown", fmt_num(a, v[5]),
            ds_outcome_units[DS_O_MAX_DRAWDOWN]);
    fprintf(o, "    %-24s median %s\n", "min active providers", fmt_num(a, v[6]));
    return 0;
}

/* The metrics info shows, in this order. */
static const int info_metrics[] = {
    DS_M_TOKEN_PRICE,      DS_M_MARKET_CAP,  DS_M_ACTIVE_PROVIDERS,       DS_M_CAPACITY,
    DS_M_SERVED,           DS_M_UTILIZATION, DS_M_NETWORK_PRICE,          DS_M_CLOUD_REFERENCE,
    DS_M_PRICE_RATIO,      DS_M_SUBSIDY,     DS_M_SUBSIDY_ADJUSTED_RATIO, DS_M_PROVIDER_INCOME,
    DS_M_PROFITABLE_SHARE, DS_M_TREASURY,
};

/* Last record of quantiles/<metric> [R × 5]. Returns 0, 1 if absent, -1. */
static int read_last_quantiles(h5ctx *c, hid_t q, const char *metric, double out[DS_N_QUANTILES],
                               char **units)
{
    htri_t has = H5C(c, H5Lexists(q, metric, H5P_DEFAULT));
    if (has <= 0) return has < 0 ? -1 : 1;
    int rc = -1;
    hid_t d = -1, sp = -1, msp = -1;
    if ((d = H5C(c, H5Dopen2(q, metric, H5P_DEFAULT))) < 0) goto done;
    if ((sp = H5C(c, H5Dget_space(d))) < 0) goto done;
    hsize_t dims[2];
    if (H5Sget_simple_extent_ndims(sp) != 2 ||
        H5C(c, H5Sget_simple_extent_dims(sp, dims, NULL)) < 0 || dims[0] < 1 ||
        dims[1] != DS_N_QUANTILES) {
        if (!c->failed)
            errors_add(c->errs, c->kind, c->path, 0, 0, NULL,
                       "damaged results file: quantiles/%s is not [records × %d]", metric,
                       DS_N_QUANTILES);
        c->failed = 1;
        goto done;
    }
    hsize_t start[2] = {dims[0] - 1, 0}, count[2] = {1, DS_N_QUANTILES};
    hsize_t mdims = DS_N_QUANTILES;
    if (H5C(c, H5Sselect_hyperslab(sp, H5S_SELECT_SET, start, NULL, count, NULL)) < 0) goto done;
    if ((msp = H5C(c, H5Screate_simple(1, &mdims, NULL))) < 0) goto done;
    if (H5C(c, H5Dread(d, H5T_NATIVE_DOUBLE, msp, sp, H5P_DEFAULT, out)) < 0) goto done;
    if (read_attr_str(c, d, "units", units) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Sclose, msp);
    H5CLOSE(H5Sclose, sp);
    H5CLOSE(H5Dclose, d);
    return rc;
}

/* Names in summary that the metric table already shows. */
static int is_metric_final_stat(const char *name)
{
    static const char *const suffix[] = {"_final_median", "_final_p05", "_final_p95"};
    for (int m = 0; m < DS_N_METRICS; m++) {
        size_t n = strlen(ds_metric_names[m]);
        if (strncmp(name, ds_metric_names[m], n) != 0) continue;
        for (int k = 0; k < 3; k++)
            if (strcmp(name + n, suffix[k]) == 0) return 1;
    }
    return 0;
}

static int print_variant(h5ctx *c, hid_t variants, const char *name, double horizon_days, FILE *o)
{
    int rc = -1;
    hid_t g = -1, q = -1, s = -1;
    name_list extra = {0};
    double paths = NAN;
    if ((g = H5C(c, H5Gopen2(variants, name, H5P_DEFAULT))) < 0) goto done;
    if (read_attr_f64(c, g, "paths", &paths) < 0) goto done;

    fprintf(o, "\nvariant %s", name);
    if (!isnan(paths)) fprintf(o, " (%.0f paths)", paths);
    if (!isnan(horizon_days))
        fprintf(o, ": at the horizon, day %.6g (%.2f years)", horizon_days, horizon_days / 365.0);
    fprintf(o, "\n");

    htri_t has_q = H5C(c, H5Lexists(g, "quantiles", H5P_DEFAULT));
    if (has_q < 0) goto done;
    if (has_q == 0) {
        fprintf(o, "  (no quantiles in this file)\n");
    } else {
        if ((q = H5C(c, H5Gopen2(g, "quantiles", H5P_DEFAULT))) < 0) goto done;
        fprintf(o, "  %-24s %10s %10s %10s  %s\n", "metric", "median", "5%", "95%", "unit");
        for (size_t i = 0; i < sizeof info_metrics / sizeof info_metrics[0]; i++) {
            int m = info_metrics[i];
            double v[DS_N_QUANTILES];
            char *units = NULL;
            int got = read_last_quantiles(c, q, ds_metric_names[m], v, &units);
            if (got < 0) goto done;
            if (got == 1) {
                fprintf(o, "  %-24s %10s %10s %10s  (not in file)\n", ds_metric_names[m], "-", "-",
                        "-");
                continue;
            }
            char a[32], b[32], d[32];
            fprintf(o, "  %-24s %10s %10s %10s  %s\n", ds_metric_names[m],
                    fmt_num(a, v[RESULTS_Q_MEDIAN]), fmt_num(b, v[RESULTS_Q_LO]),
                    fmt_num(d, v[RESULTS_Q_HI]), units ? units : ds_metric_units[m]);
            free(units);
        }
    }

    /* summary scalars other than the per-metric finals shown above (later
     * versions add drawdowns, sustainability steps, ...) */
    htri_t has_s = H5C(c, H5Lexists(g, "summary", H5P_DEFAULT));
    if (has_s < 0) goto done;
    if (has_s > 0) {
        if ((s = H5C(c, H5Oopen(g, "summary", H5P_DEFAULT))) < 0) goto done;
        if (list_attrs(c, s, &extra) < 0) goto done;
        int header = 0;
        for (int i = 0; i < extra.n; i++) {
            if (strcmp(extra.names[i], "paths") == 0 || is_metric_final_stat(extra.names[i]) ||
                is_outcome_summary(extra.names[i]))
                continue;
            if (!header++) fprintf(o, "  summary:\n");
            fprintf(o, "    %-28s ", extra.names[i]);
            if (print_attr_value(c, s, extra.names[i], o) < 0) goto done;
            fputc('\n', o);
        }
        if (print_outcome_summary(c, s, o) < 0) goto done;
    }
    if (print_claims(c, g, o) < 0) goto done;
    rc = 0;
done:
    names_free(&extra);
    H5CLOSE(H5Oclose, s);
    H5CLOSE(H5Gclose, q);
    H5CLOSE(H5Gclose, g);
    return rc;
}

/* The root's 'format' attribute says the file is ours and of a layout this
 * build reads. */
static int check_format(h5ctx *c, hid_t f)
{
    char *format = NULL;
    int got = read_attr_str(c, f, "format", &format);
    if (got < 0) return -1;
    int rc = -1;
    if (got == 1)
        errors_add(c->errs, DS_EINPUT, c->path, 0, 0, NULL,
                   "not a depinsim results file (HDF5, but no 'format' attribute)");
    else if (strcmp(format, RESULTS_FORMAT) != 0)
        errors_add(c->errs, DS_EINPUT, c->path, 0, 0, NULL,
                   "unsupported results format '%.60s' (this build reads %s)", format,
                   RESULTS_FORMAT);
    else
        rc = 0;
    if (rc < 0) c->failed = 1;
    free(format);
    return rc;
}

/* Everything info prints, into o; the caller copies o out only on success,
 * so a damaged file gives an error and no half-printed report. */
/* The input series' provenance (/inputs, written by write_inputs): per input
 * its file, column, rows and SHA-256, every string from the file escaped. */
static int info_inputs(h5ctx *c, hid_t f, FILE *o)
{
    htri_t has = H5C(c, H5Lexists(f, "inputs", H5P_DEFAULT));
    if (has <= 0) return has < 0 ? -1 : 0;
    int rc = -1;
    hid_t all = -1, g = -1;
    name_list l = {0};
    char *file = NULL, *column = NULL, *sha = NULL;
    if ((all = H5C(c, H5Gopen2(f, "inputs", H5P_DEFAULT))) < 0) goto done;
    if (list_links(c, all, &l) < 0) goto done;
    fprintf(o, "inputs:      %d (file [column], rows read, SHA-256 of the file)\n", l.n);
    for (int i = 0; i < l.n; i++) {
        double rows = 0;
        if ((g = H5C(c, H5Gopen2(all, l.names[i], H5P_DEFAULT))) < 0) goto done;
        if (read_attr_str(c, g, "file", &file) < 0 || read_attr_str(c, g, "column", &column) < 0 ||
            read_attr_str(c, g, "sha256", &sha) < 0 || read_attr_f64(c, g, "rows", &rows) < 0)
            goto done;
        char e[4][300];
        errors_escape(l.names[i], e[0], sizeof e[0]);
        errors_escape(file ? file : "-", e[1], sizeof e[1]);
        errors_escape(column ? column : "-", e[2], sizeof e[2]);
        errors_escape(sha ? sha : "-", e[3], sizeof e[3]);
        fprintf(o, "  %s  %s [%s], %.0f rows\n      sha256 %s\n", e[0], e[1], e[2], rows, e[3]);
        free(file), free(column), free(sha);
        file = column = sha = NULL;
        H5CLOSE(H5Gclose, g);
    }
    rc = 0;
done:
    free(file), free(column), free(sha);
    names_free(&l);
    H5CLOSE(H5Gclose, g);
    H5CLOSE(H5Gclose, all);
    return rc;
}

static int info_body(h5ctx *c, hid_t f, const char *path, FILE *o)
{
    int rc = -1;
    char *s[6] = {NULL};
    double seed, paths, steps, records, step_days, wall;
    hid_t variants = -1, t = -1, sp = -1;
    name_list vl = {0};

    if (check_format(c, f) < 0) goto done;
    static const char *const str_names[6] = {"scenario_name", "created", "version",
                                             "backend",       "device",  "scenario_sha256"};
    for (int i = 0; i < 6; i++)
        if (read_attr_str(c, f, str_names[i], &s[i]) < 0) goto done;
    if (read_attr_f64(c, f, "seed", &seed) < 0 || read_attr_f64(c, f, "paths", &paths) < 0 ||
        read_attr_f64(c, f, "steps", &steps) < 0 || read_attr_f64(c, f, "records", &records) < 0 ||
        read_attr_f64(c, f, "step_days", &step_days) < 0 ||
        read_attr_f64(c, f, "wall_seconds", &wall) < 0)
        goto done;
#define STR(i) (s[i] ? s[i] : "-")
    double horizon = steps * step_days;
    fprintf(o, "file:        %s\n", path);
    fprintf(o, "scenario:    %s\n", STR(0));
    fprintf(o, "created:     %s\n", STR(1));
    fprintf(o, "version:     %s\n", STR(2));
    fprintf(o, "backend:     %s (%s)\n", STR(3), STR(4));
    fprintf(o, "sha256:      %s\n", STR(5));
#undef STR
    fprintf(o, "seed:        %.0f\n", seed);
    fprintf(o, "paths:       %.0f\n", paths);
    double complete = 1, requested = 0;
    if (H5C(c, H5Aexists(f, "complete")) > 0 && read_attr_f64(c, f, "complete", &complete) < 0)
        goto done;
    if (complete == 0) {
        if (H5C(c, H5Aexists(f, "paths_requested")) > 0)
            read_attr_f64(c, f, "paths_requested", &requested);
        fprintf(o, "complete:    no: interrupted, written with --partial (%.0f paths requested)\n",
                requested);
    }
    fprintf(o, "horizon:     %.0f steps x %.6g day%s = %.6g days (%.2f years)\n", steps, step_days,
            step_days == 1.0 ? "" : "s", horizon, horizon / 365.0);
    fprintf(o, "records:     %.0f\n", records);
    if (wall >= 60.0) /* long runs: also as h:mm:ss */
        fprintf(o, "wall time:   %.1f s (%d:%02d:%02d)\n", wall, (int)(wall / 3600),
                (int)fmod(wall / 60, 60), (int)fmod(wall, 60));
    else
        fprintf(o, "wall time:   %.3g s\n", wall);

    /* the horizon shown with the tables is the time of the last record */
    htri_t has_t = H5C(c, H5Lexists(f, "time_days", H5P_DEFAULT));
    if (has_t < 0) goto done;
    if (has_t > 0) {
        if ((t = H5C(c, H5Dopen2(f, "time_days", H5P_DEFAULT))) < 0) goto done;
        if ((sp = H5C(c, H5Dget_space(t))) < 0) goto done;
        hssize_t n = H5C(c, H5Sget_simple_extent_npoints(sp));
        if (n < 0) goto done;
        if (n > 0 && H5Sget_simple_extent_ndims(sp) == 1) {
            hsize_t start = (hsize_t)n - 1, count = 1;
            hid_t msp = -1;
            if (H5C(c, H5Sselect_hyperslab(sp, H5S_SELECT_SET, &start, NULL, &count, NULL)) < 0)
                goto done;
            if ((msp = H5C(c, H5Screate_simple(1, &count, NULL))) < 0) goto done;
            herr_t e = H5C(c, H5Dread(t, H5T_NATIVE_DOUBLE, msp, sp, H5P_DEFAULT, &horizon));
            H5Sclose(msp);
            if (e < 0) goto done;
        }
    }

    if (info_inputs(c, f, o) < 0) goto done;

    htri_t has_v = H5C(c, H5Lexists(f, "variants", H5P_DEFAULT));
    if (has_v < 0) goto done;
    if (has_v == 0) {
        fprintf(o, "variants:    none\n");
    } else {
        if ((variants = H5C(c, H5Gopen2(f, "variants", H5P_DEFAULT))) < 0) goto done;
        if (list_links(c, variants, &vl) < 0) goto done;
        fprintf(o, "variants:    %d\n", vl.n);
        for (int i = 0; i < vl.n; i++) {
            hid_t g = H5C(c, H5Gopen2(variants, vl.names[i], H5P_DEFAULT));
            if (g < 0) goto done;
            char *ov = NULL;
            int r = read_attr_str(c, g, "overrides", &ov);
            H5Gclose(g);
            if (r < 0) goto done;
            fprintf(o, "  %s\n", vl.names[i]);
            if (!ov || !ov[0]) fprintf(o, "      (no overrides)\n");
            /* one "key=value" per line in the attribute */
            for (char *line = ov; line && *line;) {
                char *nl = strchr(line, '\n');
                int len = nl ? (int)(nl - line) : (int)strlen(line);
                if (len > 0) fprintf(o, "      %.*s\n", len, line);
                line = nl ? nl + 1 : line + len;
            }
            free(ov);
        }
        for (int i = 0; i < vl.n; i++)
            if (print_variant(c, variants, vl.names[i], horizon, o) < 0) goto done;
    }
    if (print_claims(c, f, o) < 0) goto done;
    rc = 0;
done:
    names_free(&vl);
    H5CLOSE(H5Sclose, sp);
    H5CLOSE(H5Dclose, t);
    H5CLOSE(H5Gclose, variants);
    for (int i = 0; i < 6; i++) free(s[i]);
    return rc;
}

/* Opens a results file read-only, with the checks every reader shares: it
 * exists, is not a directory, is HDF5 and opens (a truncated file does not).
 * HDF5 must be quiet (quiet_begin) around the call. Returns DS_OK with *f and
 * *fapl open, else the status, with the error added. */
static int open_results(h5ctx *c, hid_t *f, hid_t *fapl)
{
    const char *path = c->path;
    *f = *fapl = -1;
    struct stat st;
    if (stat(path, &st) != 0) {
        errors_add(c->errs, DS_EINPUT, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return DS_EINPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        errors_add(c->errs, DS_EINPUT, path, 0, 0, NULL, "is a directory, not a results file");
        return DS_EINPUT;
    }
    htri_t is = H5Fis_hdf5(path);
    if (is <= 0) {
        H5Eclear2(H5E_DEFAULT);
        errors_add(c->errs, DS_EINPUT, path, 0, 0, NULL,
                   st.st_size == 0 ? "empty file, not a depinsim results file"
                                   : "not an HDF5 file, so not a depinsim results file");
        return DS_EINPUT;
    }
    if ((*fapl = make_fapl(c, 0)) < 0) return DS_EFAIL;
    *f = H5Fopen(path, H5F_ACC_RDONLY, *fapl);
    if (*f < 0) {
        char detail[200] = "";
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_innermost, detail);
        H5Eclear2(H5E_DEFAULT);
        errors_add(c->errs, DS_EINPUT, path, 0, 0, NULL,
                   "cannot open: damaged or truncated HDF5 file%s%.200s%s", detail[0] ? " (" : "",
                   detail, detail[0] ? ")" : "");
        H5CLOSE(H5Pclose, *fapl);
        return DS_EINPUT;
    }
    return DS_OK;
}

int results_info(const char *path, FILE *out, ds_errors *errs)
{
    h5_quiet q = quiet_begin();
    h5ctx c = {errs, path, DS_EINPUT, 0};
    hid_t fapl = -1, f = -1;
    char *text = NULL;
    size_t text_len = 0;
    FILE *o = NULL;

    int status = open_results(&c, &f, &fapl);
    if (status != DS_OK) goto done;
    status = DS_EINPUT;
    if (!(o = open_memstream(&text, &text_len))) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory");
        status = DS_EFAIL;
        goto done;
    }
    int rc = info_body(&c, f, path, o);
    fclose(o);
    o = NULL;
    if (rc == 0) {
        fwrite(text, 1, text_len, out);
        status = DS_OK;
    } else if (!c.failed) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "damaged results file");
    }
done:
    if (o) fclose(o);
    free(text);
    H5CLOSE(H5Fclose, f);
    H5CLOSE(H5Pclose, fapl);
    quiet_end(q);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Reading whole, for plot, compare and export (results_read.h)              */

/* A float64 dataset of rank 1 or 2 read whole; its dimensions into dims
 * (dims[1] = 1 for rank 1). Returns 0, 1 when absent, -1 (error added when
 * the shape is not the one asked: rank, and dims where want[i] > 0). */
static int read_f64_whole(h5ctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
                          hsize_t dims[2], double **out)
{
    *out = NULL;
    htri_t has = H5C(c, H5Lexists(loc, name, H5P_DEFAULT));
    if (has <= 0) return has < 0 ? -1 : 1;
    int rc = -1;
    hid_t d = -1, sp = -1;
    if ((d = H5C(c, H5Dopen2(loc, name, H5P_DEFAULT))) < 0) goto done;
    if ((sp = H5C(c, H5Dget_space(d))) < 0) goto done;
    dims[0] = dims[1] = 1;
    int nd = H5Sget_simple_extent_ndims(sp);
    if (nd < 0 || nd > 2) nd = -1; /* H5S_NULL, scalar or rank > 2: all wrong here */
    if (nd > 0 && H5C(c, H5Sget_simple_extent_dims(sp, dims, NULL)) < 0) goto done;
    if (nd != rank || (want[0] > 0 && dims[0] != want[0]) ||
        (rank == 2 && want[1] > 0 && dims[1] != want[1])) {
        if (!c->failed) {
            char got[64], shape[64];
            unsigned long long d0 = dims[0], d1 = dims[1], w0 = want[0], w1 = want[1];
            if (nd == 2)
                snprintf(got, sizeof got, "[%llu x %llu]", d0, d1);
            else if (nd == 1)
                snprintf(got, sizeof got, "[%llu]", d0);
            else
                snprintf(got, sizeof got, "not an array");
            if (rank == 2)
                snprintf(shape, sizeof shape, "[%llu x %llu]", w0, w1);
            else
                snprintf(shape, sizeof shape, "[%llu]", w0);
            errors_add(c->errs, c->kind, c->path, 0, 0, NULL,
                       "damaged results file: %.120s is %s, expected %s", name, got, shape);
        }
        c->failed = 1;
        goto done;
    }
    size_t n = (size_t)dims[0] * (size_t)dims[1];
    if (!(*out = malloc((n ? n : 1) * sizeof **out))) {
        errors_add(c->errs, DS_EFAIL, c->path, 0, 0, NULL, "out of memory");
        c->failed = 1;
        goto done;
    }
    if (H5C(c, H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out)) < 0) goto done;
    rc = 0;
done:
    if (rc != 0) {
        free(*out);
        *out = NULL;
    }
    H5CLOSE(H5Sclose, sp);
    H5CLOSE(H5Dclose, d);
    return rc;
}

/* The units attribute of loc/name, "" when absent. */
static int read_units(h5ctx *c, hid_t loc, const char *name, char **units)
{
    hid_t d = H5C(c, H5Oopen(loc, name, H5P_DEFAULT));
    if (d < 0) return -1;
    int got = read_attr_str(c, d, "units", units);
    H5Oclose(d);
    if (got < 0) return -1;
    if (got == 1 && !(*units = strdup(""))) return -1;
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

static void read_claim_free(ds_read_claim *cl)
{
    free(cl->name);
    free(cl->text);
    free(cl->metric);
    free(cl->op);
    free(cl->when);
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
    for (int i = 0; i < v->n_claims; i++) read_claim_free(&v->claims[i]);
    free(v->claims);
    free(v->name);
    free(v->overrides);
    memset(v, 0, sizeof *v);
}

/* A string attribute, "" when absent. */
static int read_attr_str0(h5ctx *c, hid_t loc, const char *name, char **out)
{
    int got = read_attr_str(c, loc, name, out);
    if (got < 0) return -1;
    if (got == 1 && !(*out = strdup(""))) return -1;
    return 0;
}

static int read_claims(h5ctx *c, hid_t g, ds_read_variant *v)
{
    htri_t has = H5C(c, H5Lexists(g, "claims", H5P_DEFAULT));
    if (has <= 0) return has < 0 ? -1 : 0;
    int rc = -1;
    hid_t cg = -1, o = -1;
    name_list l = {0};
    if ((cg = H5C(c, H5Gopen2(g, "claims", H5P_DEFAULT))) < 0) goto done;
    if (list_links(c, cg, &l) < 0) goto done;
    if (l.n && !(v->claims = calloc((size_t)l.n, sizeof *v->claims))) goto done;
    for (int i = 0; i < l.n; i++) {
        ds_read_claim *cl = &v->claims[v->n_claims];
        if ((o = H5C(c, H5Oopen(cg, l.names[i], H5P_DEFAULT))) < 0) goto done;
        if (H5Iget_type(o) != H5I_GROUP) { /* not a claim of this layout */
            H5CLOSE(H5Oclose, o);
            continue;
        }
        v->n_claims++;
        if (!(cl->name = strdup(l.names[i]))) goto done;
        if (read_attr_str0(c, o, "text", &cl->text) < 0 ||
            read_attr_str0(c, o, "metric", &cl->metric) < 0 ||
            read_attr_str0(c, o, "op", &cl->op) < 0 || read_attr_str0(c, o, "when", &cl->when) < 0)
            goto done;
        struct {
            const char *name;
            double *dst;
        } nums[] = {{"threshold", &cl->threshold},
                    {"window_start_day", &cl->window_start_day},
                    {"window_end_day", &cl->window_end_day},
                    {"holds", &cl->holds},
                    {"paths", &cl->paths},
                    {"probability", &cl->probability},
                    {"wilson_lo", &cl->wilson_lo},
                    {"wilson_hi", &cl->wilson_hi}};
        for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
            if (read_attr_f64(c, o, nums[k].name, nums[k].dst) < 0) goto done;
        H5CLOSE(H5Oclose, o);
    }
    rc = 0;
done:
    names_free(&l);
    H5CLOSE(H5Oclose, o);
    H5CLOSE(H5Gclose, cg);
    return rc;
}

static int read_variant(h5ctx *c, hid_t variants, const char *name, int records, ds_read_variant *v)
{
    int rc = -1;
    hid_t g = -1, q = -1, mn = -1, og = -1, s = -1;
    name_list ml = {0}, ol = {0};
    double paths;
    if (!(v->name = strdup(name))) goto done;
    if ((g = H5C(c, H5Gopen2(variants, name, H5P_DEFAULT))) < 0) goto done;
    if (read_attr_str0(c, g, "overrides", &v->overrides) < 0) goto done;
    if (read_attr_f64(c, g, "paths", &paths) < 0) goto done;
    v->paths = isnan(paths) || paths < 0 ? 0 : (int)paths;

    /* quantiles/<metric> [records × 5] and mean/<metric> [records] */
    if ((q = H5C(c, H5Gopen2(g, "quantiles", H5P_DEFAULT))) < 0) goto done;
    if (list_links(c, q, &ml) < 0) goto done;
    qsort(ml.names, (size_t)ml.n, sizeof *ml.names, cmp_metric_names);
    htri_t has_mean = H5C(c, H5Lexists(g, "mean", H5P_DEFAULT));
    if (has_mean < 0) goto done;
    if (has_mean && (mn = H5C(c, H5Gopen2(g, "mean", H5P_DEFAULT))) < 0) goto done;
    if (ml.n && !(v->metrics = calloc((size_t)ml.n, sizeof *v->metrics))) goto done;
    for (int i = 0; i < ml.n; i++) {
        ds_read_metric *m = &v->metrics[v->n_metrics++];
        hsize_t dims[2], want_q[2] = {(hsize_t)records, DS_N_QUANTILES};
        hsize_t want_m[2] = {(hsize_t)records, 0};
        if (!(m->name = strdup(ml.names[i]))) goto done;
        char where[320];
        snprintf(where, sizeof where, "variants/%s/quantiles/%s", name, ml.names[i]);
        if (read_f64_whole(c, q, ml.names[i], 2, want_q, dims, &m->quantiles) != 0) {
            if (!c->failed)
                errors_add(c->errs, DS_EINPUT, c->path, 0, 0, NULL,
                           "damaged results file: %s is not a dataset", where);
            c->failed = 1;
            goto done;
        }
        if (read_units(c, q, ml.names[i], &m->units) < 0) goto done;
        if (mn >= 0 && read_f64_whole(c, mn, ml.names[i], 1, want_m, dims, &m->mean) < 0) goto done;
    }

    /* outcomes/<name> [paths]: names and units only; values on demand */
    htri_t has_o = H5C(c, H5Lexists(g, "outcomes", H5P_DEFAULT));
    if (has_o < 0) goto done;
    if (has_o) {
        if ((og = H5C(c, H5Gopen2(g, "outcomes", H5P_DEFAULT))) < 0) goto done;
        if (list_links(c, og, &ol) < 0) goto done;
        if (ol.n && !(v->outcomes = calloc((size_t)ol.n, sizeof *v->outcomes))) goto done;
        for (int i = 0; i < ol.n; i++) {
            ds_read_series *o = &v->outcomes[v->n_outcomes++];
            if (!(o->name = strdup(ol.names[i]))) goto done;
            if (read_units(c, og, ol.names[i], &o->units) < 0) goto done;
        }
    }

    /* the outcome summary; NaN where absent */
    ds_outcome_summary *os = &v->outcome_summary;
    struct {
        const char *name;
        double *dst;
    } sums[] = {{"death_spiral_probability", &os->death_spiral_probability},
                {"death_spiral_wilson_lo", &os->death_spiral_wilson_lo},
                {"death_spiral_wilson_hi", &os->death_spiral_wilson_hi},
                {"sustainable_share", &os->sustainable_share},
                {"sustainability_day_median", &os->sustainability_day_median},
                {"max_drawdown_median", &os->max_drawdown_median},
                {"min_active_providers_median", &os->min_active_providers_median}};
    for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++) *sums[k].dst = NAN;
    htri_t has_s = H5C(c, H5Lexists(g, "summary", H5P_DEFAULT));
    if (has_s < 0) goto done;
    if (has_s) {
        if ((s = H5C(c, H5Oopen(g, "summary", H5P_DEFAULT))) < 0) goto done;
        for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++) {
            int got = read_attr_f64(c, s, sums[k].name, sums[k].dst);
            if (got < 0) goto done;
            if (got == 0 && k == 0) v->has_outcome_summary = 1;
        }
    }
    if (read_claims(c, g, v) < 0) goto done;
    rc = 0;
done:
    names_free(&ml);
    names_free(&ol);
    H5CLOSE(H5Oclose, s);
    H5CLOSE(H5Gclose, og);
    H5CLOSE(H5Gclose, mn);
    H5CLOSE(H5Gclose, q);
    H5CLOSE(H5Gclose, g);
    return rc;
}

void results_read_free(ds_read_results *r)
{
    if (!r) return;
    for (int i = 0; i < r->n_variants; i++) read_variant_free(&r->variants[i]);
    free(r->variants);
    free(r->time_days);
    free(r->path);
    free(r->scenario_name);
    free(r->version);
    free(r->created);
    if (r->file > 0 || r->fapl > 0) {
        h5_quiet q = quiet_begin();
        if (r->file > 0) H5Fclose((hid_t)r->file);
        if (r->fapl > 0) H5Pclose((hid_t)r->fapl);
        quiet_end(q);
    }
    memset(r, 0, sizeof *r);
    r->file = r->fapl = -1;
}

int results_read(const char *path, ds_read_results *r, ds_errors *errs)
{
    memset(r, 0, sizeof *r);
    r->file = r->fapl = -1;
    h5_quiet q = quiet_begin();
    h5ctx c = {errs, path, DS_EINPUT, 0};
    hid_t f = -1, fapl = -1, variants = -1;
    name_list vl = {0};
    double paths, steps, records;

    int status = open_results(&c, &f, &fapl);
    if (status != DS_OK) goto fail;
    status = DS_EINPUT;
    r->file = f;
    r->fapl = fapl;
    if (!(r->path = strdup(path))) goto oom;
    if (check_format(&c, f) < 0) goto fail;
    if (read_attr_str0(&c, f, "scenario_name", &r->scenario_name) < 0 ||
        read_attr_str0(&c, f, "version", &r->version) < 0 ||
        read_attr_str0(&c, f, "created", &r->created) < 0 ||
        read_attr_f64(&c, f, "seed", &r->seed) < 0 || read_attr_f64(&c, f, "paths", &paths) < 0 ||
        read_attr_f64(&c, f, "steps", &steps) < 0 ||
        read_attr_f64(&c, f, "records", &records) < 0 ||
        read_attr_f64(&c, f, "step_days", &r->step_days) < 0)
        goto fail;
    r->paths = isnan(paths) ? 0 : (int)paths;
    r->steps = isnan(steps) ? 0 : (int)steps;
    double complete;
    if (read_attr_f64(&c, f, "complete", &complete) < 0 ||
        read_attr_f64(&c, f, "paths_requested", &r->paths_requested) < 0)
        goto fail;
    r->partial = complete == 0;

    /* time_days [R] fixes the records every quantile dataset must have */
    hsize_t dims[2], want[2] = {0, 0};
    int got = read_f64_whole(&c, f, "time_days", 1, want, dims, &r->time_days);
    if (got < 0) goto fail;
    if (got == 1 || dims[0] < 1) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged results file: no time_days (or no records)");
        goto fail;
    }
    r->records = (int)dims[0];
    if (!isnan(records) && records != r->records) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged results file: %d records in time_days, attribute records says %.0f",
                   r->records, records);
        goto fail;
    }
    r->horizon_days = r->time_days[r->records - 1];

    htri_t has_v = H5C(&c, H5Lexists(f, "variants", H5P_DEFAULT));
    if (has_v < 0) goto fail;
    if (has_v) {
        if ((variants = H5C(&c, H5Gopen2(f, "variants", H5P_DEFAULT))) < 0) goto fail;
        if (list_links(&c, variants, &vl) < 0) goto fail;
    }
    if (vl.n == 0) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "results file has no variants");
        goto fail;
    }
    if (!(r->variants = calloc((size_t)vl.n, sizeof *r->variants))) goto oom;
    for (int i = 0; i < vl.n; i++) {
        r->n_variants++;
        if (read_variant(&c, variants, vl.names[i], r->records, &r->variants[i]) < 0) {
            if (!c.failed)
                errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "damaged results file (variant %s)",
                           vl.names[i]);
            goto fail;
        }
    }
    names_free(&vl);
    H5CLOSE(H5Gclose, variants);
    quiet_end(q);
    return DS_OK;
oom:
    errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory");
    status = DS_EFAIL;
fail:
    names_free(&vl);
    H5CLOSE(H5Gclose, variants);
    if (r->file < 0) { /* open_results failed: nothing of r is open */
        H5CLOSE(H5Fclose, f);
        H5CLOSE(H5Pclose, fapl);
    }
    quiet_end(q);
    results_read_free(r);
    if (status == DS_OK) status = DS_EINPUT;
    if (errs->n == 0) errors_add(errs, status, path, 0, 0, NULL, "damaged results file");
    return status;
}

int results_read_paths(const ds_read_results *r, int v, const char *group, const char *name,
                       double **out, ds_errors *errs)
{
    *out = NULL;
    h5_quiet q = quiet_begin();
    h5ctx c = {errs, r->path, DS_EINPUT, 0};
    const ds_read_variant *rv = &r->variants[v];
    char where[512];
    snprintf(where, sizeof where, "variants/%s/%s", rv->name, group);
    hid_t g = -1;
    int status = DS_EINPUT;
    htri_t has = H5C(&c, H5Lexists((hid_t)r->file, where, H5P_DEFAULT));
    if (has == 0) status = 1;
    if (has > 0 && (g = H5C(&c, H5Gopen2((hid_t)r->file, where, H5P_DEFAULT))) >= 0) {
        hsize_t dims[2], want[2] = {(hsize_t)rv->paths, 0};
        int got = read_f64_whole(&c, g, name, 1, want, dims, out);
        status = got == 0 ? DS_OK : got == 1 ? 1 : DS_EINPUT;
        H5Gclose(g);
    }
    if (status == DS_EINPUT && !c.failed)
        errors_add(errs, DS_EINPUT, r->path, 0, 0, NULL, "damaged results file: %s/%s", where,
                   name);
    quiet_end(q);
    return status;
}

const char *results_fmt_num(char buf[32], double x)
{
    return fmt_num(buf, x);
}

const ds_read_metric *results_read_metric(const ds_read_variant *v, const char *name)
{
    for (int i = 0; i < v->n_metrics; i++)
        if (strcmp(v->metrics[i].name, name) == 0) return &v->metrics[i];
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* Probing untrusted files                                                   */

int results_read_all(const char *path)
{
    FILE *null = fopen("/dev/null", "w");
    ds_errors errs = {0};
    /* every reader runs whatever the others found: the probe is there to see
     * whether any of them crashes, not to stop at the first error */
    int rc = results_info(path, null ? null : stdout, &errs);
    if (null) fclose(null);
    ds_read_results r;
    int rr = results_read(path, &r, &errs);
    if (rr != DS_OK) rc = rr;
    if (rr == DS_OK) {
        for (int v = 0; v < r.n_variants; v++) {
            const ds_read_variant *rv = &r.variants[v];
            for (int i = 0; i < rv->n_metrics; i++) {
                double *x = NULL;
                results_read_paths(&r, v, "final", rv->metrics[i].name, &x, &errs);
                free(x);
            }
            for (int i = 0; i < rv->n_outcomes; i++) {
                double *x = NULL;
                results_read_paths(&r, v, "outcomes", rv->outcomes[i].name, &x, &errs);
                free(x);
            }
        }
        results_read_free(&r);
    }
    errors_free(&errs);
    return rc;
}

int results_probe(const char *path, ds_errors *errs)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return DS_OK; /* cannot isolate: read in-process as before */
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        _exit(results_read_all(path) == DS_OK ? 0 : 2);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return DS_OK;
    if (WIFSIGNALED(st)) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged HDF5 file: the HDF5 library crashed reading it (signal %d); not read",
                   WTERMSIG(st));
        return DS_EINPUT;
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 2) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged HDF5 file: reading it failed (status %d); not read", WEXITSTATUS(st));
        return DS_EINPUT;
    }
    return DS_OK; /* readable, or an ordinary error the caller reports itself */
}
