/* results.c — writes the HDF5 results file of DESIGN.md §5 (whole, to a
 * temporary beside the target, then fsync + rename) and reads it back: for
 * `depinsim info`, and through results_read.h for plot, compare and export.
 * Every HDF5 call goes through H5C(), which turns a failure into an error
 * value naming the call and the line; HDF5's own stack printing is switched
 * off. Statistics are computed elsewhere: this file only stores and reads. */
#include "results.h"
#include "results_read.h"
#include "results_rows.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

/* Where this process is in the HDF5 library, for the probe (results_probe):
 * the HDF5 call it is inside, if any, and the object it reads. Every call made
 * through H5C, H5X or H5CLOSE sets it before and clears it after. In the
 * probe's child it lives in a page shared with the parent, which reads it
 * when the child dies: inside a call means the library crashed on the file,
 * outside means our own code did. The call is a string literal, at the same
 * address in parent and child (fork). */
typedef struct {
    volatile int in_hdf5;
    const char *volatile call;
    volatile int line;
    volatile int finished; /* the reads completed; a death after that is neither's */
    char object[256];
} h5_trail;

static h5_trail g_trail_own;
static h5_trail *g_trail = &g_trail_own;

static void h5_enter(const char *call, int line)
{
    g_trail->call = call;
    g_trail->line = line;
    g_trail->in_hdf5 = 1;
}

static int64_t h5_leave(int64_t rc)
{
    g_trail->in_hdf5 = 0;
    return rc;
}

/* An HDF5 call whose result the caller checks itself: only the trail. */
#define H5X(call) h5_leave((h5_enter(#call, __LINE__), (int64_t)(call)))

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
    /* descriptions quote object names, which come from the file */
    for (char *p = detail; *p; p++)
        if (*p == '\n')
            *p = ' ';
        else if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return 0;
}

static int64_t h5_check(h5ctx *c, int64_t rc, const char *call, int line)
{
    if (rc >= 0) return rc;
    if (!c->failed) {
        char detail[200] = "";
        H5X(H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_innermost, detail));
        errors_add(c->errs, c->kind, c->path, 0, 0, NULL, "%s%.110s failed (results.c:%d)%s%.150s",
                   c->kind == DS_EINPUT ? "damaged results file: " : "HDF5 ", call, line,
                   detail[0] ? ": " : "", detail);
    }
    c->failed = 1;
    H5X(H5Eclear2(H5E_DEFAULT));
    return rc;
}

/* Evaluates to the call's own result (hid_t, herr_t or htri_t), negative on failure. */
#define H5C(c, call) h5_check((c), H5X(call), #call, __LINE__)

/* Close an identifier if it was opened; used on every exit path. */
#define H5CLOSE(fn, id)                                                                            \
    do {                                                                                           \
        if ((id) >= 0) H5X(fn(id));                                                                \
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
    /* variable-length UTF-8 (issue 17): h5py returns it as str, h5dump shows
     * it as text; files of earlier versions hold fixed-length strings, which
     * every reader here and in python/ reads alike */
    if ((t = H5C(c, H5Tcopy(H5T_C_S1))) < 0) goto done;
    if (H5C(c, H5Tset_size(t, H5T_VARIABLE)) < 0) goto done;
    if (H5C(c, H5Tset_cset(t, H5T_CSET_UTF8)) < 0) goto done;
    if ((sp = H5C(c, H5Screate(H5S_SCALAR))) < 0) goto done;
    if ((a = H5C(c, H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT))) < 0) goto done;
    if (H5C(c, H5Awrite(a, t, &s)) < 0) goto done;
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

static int write_provenance(h5ctx *c, hid_t f, const ds_provenance *p);
static int write_shard(h5ctx *c, hid_t f, const ds_shard_info *s);

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
    if (r->prov && write_provenance(c, f, r->prov) < 0) goto done;
    if (r->shard && write_shard(c, f, r->shard) < 0) goto done;

    const hsize_t R = (hsize_t)r->records;
    if ((d = dataset_f64(c, f, "time_days", 1, &R, r->time_days, "days", p.dcpl)) < 0) goto done;
    H5CLOSE(H5Dclose, d);

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
/* Checked reads                                                             */
/* A results file is untrusted input: investors and researchers exchange
 * them. Every reader below (info, results_read, results_read_paths) reaches
 * the file's objects only through these helpers, which check each object
 * against what DESIGN.md §5 defines before reading anything from it: links
 * are hard links inside the file; an attribute has the expected type class
 * and one value; a dataset holds integers or IEEE floats, has the expected
 * rank and dimensions, is stored completely in this file (no external files,
 * not virtual, no filter but deflate, shuffle and fletcher32) and declares no
 * more values than the file can hold. Whatever a reader keeps or prints is
 * taken from a memory budget (read_limit_bytes) before it is allocated. */

/* A reader's state: the checking macro's, and its limits. */
typedef struct {
    h5ctx h;
    uint64_t file_bytes;   /* the file's size: no object stored in it can be larger */
    uint64_t budget_bytes; /* what this reader may still allocate for values it reads */
    uint64_t limit_bytes;  /* the whole budget, for messages */
    char what[320];        /* the object being read, as errors name it */
} rdctx;

static double g_read_max_bytes; /* results_read_max_memory; 0: from the machine */

void results_read_max_memory(double bytes)
{
    g_read_max_bytes = bytes > 0 ? bytes : 0;
}

/* What one reader may allocate for the values it reads: the limit given to
 * results_read_max_memory, else half of the smallest of the memory available
 * now and the process's address-space and data limits (ulimit -v, -d); the
 * other half is left to HDF5's own buffers and to what the commands build
 * from the values (tables, plot data). */
static uint64_t read_limit_bytes(void)
{
    if (g_read_max_bytes > 0)
        return g_read_max_bytes >= 0x1p62 ? (uint64_t)1 << 62 : (uint64_t)g_read_max_bytes;
    uint64_t avail = (uint64_t)8 << 30; /* no /proc/meminfo: assume 8 GiB */
    FILE *m = fopen("/proc/meminfo", "r");
    if (m) {
        char line[128];
        unsigned long long kib;
        while (fgets(line, sizeof line, m))
            if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1) {
                avail = (uint64_t)kib * 1024;
                break;
            }
        fclose(m);
    }
    const int limits[2] = {RLIMIT_AS, RLIMIT_DATA};
    for (int i = 0; i < 2; i++) {
        struct rlimit rl;
        if (getrlimit(limits[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < avail)
            avail = (uint64_t)rl.rlim_cur;
    }
    return avail / 2;
}

/* "330 KiB", "16 GiB": sizes in messages. */
static const char *fmt_bytes(char buf[32], uint64_t n)
{
    static const char unit[7][4] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double x = (double)n;
    int k = 0;
    while (x >= 1024 && k < 6) {
        x /= 1024;
        k++;
    }
    snprintf(buf, 32, k ? "%.3g %s" : "%.0f %s", x, unit[k]);
    return buf;
}

/* Appends s to buf (n bytes) at *k, truncating; buf stays terminated. */
static void put_str(char *buf, size_t n, size_t *k, const char *s)
{
    while (*s && *k + 1 < n) buf[(*k)++] = *s++;
    buf[*k] = '\0';
}

/* s with control characters as '?', into buf (truncated): names from the file
 * in messages and in info's columns. */
static const char *esc(char *buf, size_t n, const char *s)
{
    size_t k = 0;
    put_str(buf, n, &k, s);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
    return buf;
}

/* Prints s (at most n bytes, up to a NUL) with control characters as \xNN:
 * text from the file never reaches a terminal's escape sequences. Returns
 * the bytes printed. */
static uint64_t fput_text(FILE *o, const char *s, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f) {
            fprintf(o, "\\x%02x", ch);
            k += 4;
        } else {
            fputc(ch, o);
            k++;
        }
    }
    return k;
}

/* Names loc/name (loc itself when name is NULL), or its attribute attr, as
 * errors show it ("attribute 'units' of /variants/base/mean/treasury"): into
 * c->what, and into the trail for the probe. Returns c->what. */
static const char *at(rdctx *c, hid_t loc, const char *name, const char *attr)
{
    char base[256] = "", raw[sizeof c->what];
    if (H5X(H5Iget_name(loc, base, sizeof base)) <= 0) {
        H5X(H5Eclear2(H5E_DEFAULT));
        snprintf(base, sizeof base, "?");
    }
    size_t k = 0;
    if (attr) {
        put_str(raw, sizeof raw, &k, "attribute '");
        put_str(raw, sizeof raw, &k, attr);
        put_str(raw, sizeof raw, &k, "' of ");
    }
    put_str(raw, sizeof raw, &k, base);
    if (name) {
        if (strcmp(base, "/") != 0) put_str(raw, sizeof raw, &k, "/");
        put_str(raw, sizeof raw, &k, name);
    }
    esc(c->what, sizeof c->what, raw);
    esc(g_trail->object, sizeof g_trail->object, raw);
    return c->what;
}

/* c->what is not what the format defines: reported (the first error only)
 * as a damaged file. Returns -1. */
__attribute__((format(printf, 2, 3))) static int rd_fail(rdctx *c, const char *fmt, ...)
{
    if (!c->h.failed) {
        char msg[300];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL, "damaged results file: %s %s",
                   c->what, msg);
    }
    c->h.failed = 1;
    return -1;
}

static int rd_oom(rdctx *c)
{
    if (!c->h.failed) errors_add(c->h.errs, DS_EFAIL, c->h.path, 0, 0, NULL, "out of memory");
    c->h.failed = 1;
    return -1;
}

/* Takes bytes from the reader's budget before they are allocated (or, for
 * printed text, once they are known). 0, or -1 with the error added. */
static int rd_reserve(rdctx *c, uint64_t bytes)
{
    if (bytes <= c->budget_bytes) {
        c->budget_bytes -= bytes;
        return 0;
    }
    if (!c->h.failed) {
        char a[32], b[32];
        char l[32];
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                   "refused: %s needs %s of memory, more than the %s left of the reader's "
                   "limit of %s (%s)",
                   c->what, fmt_bytes(a, bytes), fmt_bytes(b, c->budget_bytes),
                   fmt_bytes(l, c->limit_bytes),
                   g_read_max_bytes > 0 ? "as set" : "half the memory available or ulimit -v");
    }
    c->h.failed = 1;
    return -1;
}

static void rd_release(rdctx *c, uint64_t bytes)
{
    c->budget_bytes += bytes;
}

/* loc/name as a link the readers follow: 1 when absent, 0 when a hard link,
 * else -1 with the error added. The writer makes hard links only; a soft
 * link could show one object as several or loop, an external one would open
 * another file (a FIFO, where open(2) blocks for ever, or anything else). */
static int rd_link(rdctx *c, hid_t loc, const char *name)
{
    at(c, loc, name, NULL);
    if (!name[0] || strchr(name, '/') || !strcmp(name, "."))
        return rd_fail(c, "is not a plain link name");
    htri_t has = H5C(&c->h, H5Lexists(loc, name, H5P_DEFAULT));
    if (has <= 0) return has < 0 ? -1 : 1;
    H5L_info_t li;
    if (H5C(&c->h, H5Lget_info(loc, name, &li, H5P_DEFAULT)) < 0) return -1;
    if (li.type == H5L_TYPE_HARD) return 0;
    return rd_fail(c, "is %s link; a results file holds its own objects (hard links only)",
                   li.type == H5L_TYPE_SOFT       ? "a soft"
                   : li.type == H5L_TYPE_EXTERNAL ? "an external"
                                                  : "a user-defined");
}

/* Opens loc/name, a hard link to an object of the given type (H5I_GROUP,
 * H5I_DATASET; H5I_BADID: any). 0 with *id open (H5Oclose it), 1 when
 * absent, -1. */
static int rd_open(rdctx *c, hid_t loc, const char *name, H5I_type_t type, hid_t *id)
{
    *id = -1;
    int got = rd_link(c, loc, name);
    if (got != 0) return got;
    if ((*id = H5C(&c->h, H5Oopen(loc, name, H5P_DEFAULT))) < 0) return -1;
    if (type == H5I_BADID || (H5I_type_t)H5X(H5Iget_type(*id)) == type) return 0;
    H5CLOSE(H5Oclose, *id);
    return rd_fail(c, "is not a %s", type == H5I_GROUP ? "group" : "dataset");
}

/* A dataspace's rank (0 scalar, -1 null), dimensions and number of values,
 * the product computed without overflow. 0, or -1 with the error added. */
static int rd_extent(rdctx *c, hid_t sp, int *rank, hsize_t dims[H5S_MAX_RANK], uint64_t *n)
{
    H5S_class_t cls = (H5S_class_t)H5X(H5Sget_simple_extent_type(sp));
    *rank = cls == H5S_NULL ? -1 : 0;
    *n = cls == H5S_NULL ? 0 : 1;
    if (cls == H5S_NULL || cls == H5S_SCALAR) return 0;
    int r = (int)H5X(H5Sget_simple_extent_ndims(sp));
    if (cls != H5S_SIMPLE || r < 1 || r > H5S_MAX_RANK)
        return rd_fail(c, "has a dataspace of unknown kind or rank");
    if (H5C(&c->h, H5Sget_simple_extent_dims(sp, dims, NULL)) < 0) return -1;
    for (int i = 0; i < r; i++) {
        if (dims[i] != 0 && *n > UINT64_MAX / dims[i])
            return rd_fail(c, "declares more than 2^64 values");
        *n *= dims[i];
    }
    *rank = r;
    return 0;
}

/* The attributes the readers interpret hold one value each: a scalar
 * dataspace, or a simple one of one element. */
static int rd_one_value(rdctx *c, hid_t sp, const char *expected)
{
    int rank;
    hsize_t dims[H5S_MAX_RANK];
    uint64_t n;
    if (rd_extent(c, sp, &rank, dims, &n) < 0) return -1;
    if (n == 1 && rank <= 1) return 0;
    if (n == 1) return rd_fail(c, "is an array of rank %d, expected %s", rank, expected);
    if (n == 0) return rd_fail(c, "holds no value, expected %s", expected);
    return rd_fail(c, "holds %llu values, expected %s", (unsigned long long)n, expected);
}

static const char *class_name(hid_t t)
{
    switch ((H5T_class_t)H5X(H5Tget_class(t))) {
    case H5T_INTEGER: return "an integer";
    case H5T_FLOAT: return "a float";
    case H5T_STRING: return "a string";
    case H5T_BITFIELD: return "a bitfield";
    case H5T_OPAQUE: return "an opaque value";
    case H5T_COMPOUND: return "a compound";
    case H5T_REFERENCE: return "a reference";
    case H5T_ENUM: return "an enum";
    case H5T_VLEN: return "a variable-length sequence";
    case H5T_ARRAY: return "an array type";
    case H5T_TIME: return "a time";
    default: return "of an unknown type class";
    }
}

/* Integers of 1, 2, 4 or 8 bytes without padding bits, and IEEE binary32 and
 * binary64: what the writer stores, and what converts to double plainly. */
static int is_number_type(hid_t t)
{
    H5T_class_t cls = (H5T_class_t)H5X(H5Tget_class(t));
    size_t size = (size_t)H5X(H5Tget_size(t));
    if (cls == H5T_INTEGER)
        return (size == 1 || size == 2 || size == 4 || size == 8) &&
               (size_t)H5X(H5Tget_precision(t)) == 8 * size && H5X(H5Tget_offset(t)) == 0;
    if (cls == H5T_FLOAT)
        return H5X(H5Tequal(t, H5T_IEEE_F64LE)) > 0 || H5X(H5Tequal(t, H5T_IEEE_F64BE)) > 0 ||
               H5X(H5Tequal(t, H5T_IEEE_F32LE)) > 0 || H5X(H5Tequal(t, H5T_IEEE_F32BE)) > 0;
    return 0;
}

/* Why type t cannot be read as numbers, for "<what> <reason>"; 0 if it can. */
static int rd_number_type(rdctx *c, hid_t t)
{
    if (is_number_type(t)) return 0;
    H5T_class_t cls = (H5T_class_t)H5X(H5Tget_class(t));
    if (cls == H5T_INTEGER || cls == H5T_FLOAT)
        return rd_fail(c,
                       "is %s of a layout results files do not use (integers of 1 to 8 bytes "
                       "and IEEE floats only)",
                       class_name(t));
    return rd_fail(c, "is %s, expected a number", class_name(t));
}

/* A string type the readers convert: ASCII or UTF-8, variable length or of a
 * fixed size no larger than the file (which stores its bytes). 1 variable,
 * 0 fixed (*size its bytes), -1 with the error added. */
static int rd_string_type(rdctx *c, hid_t t, size_t *size)
{
    if ((H5T_class_t)H5X(H5Tget_class(t)) != H5T_STRING)
        return rd_fail(c, "is %s, expected a string", class_name(t));
    H5T_cset_t cs = (H5T_cset_t)H5X(H5Tget_cset(t));
    if (cs != H5T_CSET_ASCII && cs != H5T_CSET_UTF8)
        return rd_fail(c, "has a character set other than ASCII and UTF-8");
    htri_t vlen = H5C(&c->h, H5Tis_variable_str(t));
    if (vlen != 0) return vlen < 0 ? -1 : 1;
    *size = (size_t)H5X(H5Tget_size(t));
    if (*size == 0 || *size > c->file_bytes) {
        char a[32];
        return rd_fail(c, "declares strings of %zu bytes in a file of %s", *size,
                       fmt_bytes(a, c->file_bytes));
    }
    return 0;
}

/* Opens attribute name of loc, with its type and dataspace: 0, 1 when
 * absent, -1. rd_attr_close closes what was opened. */
static int rd_attr_open(rdctx *c, hid_t loc, const char *name, hid_t *a, hid_t *t, hid_t *sp)
{
    *a = *t = *sp = -1;
    at(c, loc, NULL, name);
    htri_t has = H5C(&c->h, H5Aexists(loc, name));
    if (has <= 0) return has < 0 ? -1 : 1;
    if ((*a = H5C(&c->h, H5Aopen(loc, name, H5P_DEFAULT))) >= 0 &&
        (*t = H5C(&c->h, H5Aget_type(*a))) >= 0 && (*sp = H5C(&c->h, H5Aget_space(*a))) >= 0)
        return 0;
    return -1;
}

static void rd_attr_close(hid_t *a, hid_t *t, hid_t *sp)
{
    H5CLOSE(H5Sclose, *sp);
    H5CLOSE(H5Tclose, *t);
    H5CLOSE(H5Aclose, *a);
}

/* A string attribute (one value, fixed or variable length) into a malloc'd
 * string, taken from the budget. 0, 1 when the attribute does not exist, -1. */
static int read_attr_str(rdctx *c, hid_t loc, const char *name, char **out)
{
    *out = NULL;
    hid_t a, t, sp, mt = -1;
    int rc = rd_attr_open(c, loc, name, &a, &t, &sp);
    if (rc != 0) goto done;
    rc = -1;
    size_t n = 0;
    int vlen = rd_string_type(c, t, &n);
    if (vlen < 0 || rd_one_value(c, sp, "one string") < 0) goto done;
    /* same character set as stored, or HDF5 finds no conversion path */
    if ((mt = H5C(&c->h, H5Tcopy(H5T_C_S1))) < 0) goto done;
    if (H5C(&c->h, H5Tset_cset(mt, H5Tget_cset(t))) < 0) goto done;
    if (vlen) {
        char *s = NULL;
        if (H5C(&c->h, H5Tset_size(mt, H5T_VARIABLE)) < 0) goto done;
        if (H5C(&c->h, H5Aread(a, mt, &s)) < 0) goto done;
        size_t len = s ? strlen(s) : 0;
        if (rd_reserve(c, len + 1) == 0 && !(*out = strdup(s ? s : ""))) rd_oom(c);
        if (s) H5X(H5free_memory(s));
    } else {
        if (H5C(&c->h, H5Tset_size(mt, n)) < 0 || rd_reserve(c, n + 1) < 0) goto done;
        char *s = calloc(n + 1, 1); /* one value of n bytes, checked above */
        if (!s) {
            rd_oom(c);
            goto done;
        }
        if (H5C(&c->h, H5Aread(a, mt, s)) < 0) {
            free(s);
            goto done;
        }
        *out = s; /* one longer: terminated even when NULLPAD or SPACEPAD */
    }
    rc = *out ? 0 : -1;
done:
    H5CLOSE(H5Tclose, mt);
    rd_attr_close(&a, &t, &sp);
    return rc;
}

/* A number attribute (one value) as a double. 0, 1 when absent (*out NaN), -1. */
static int read_attr_f64(rdctx *c, hid_t loc, const char *name, double *out)
{
    *out = NAN;
    hid_t a, t, sp;
    int rc = rd_attr_open(c, loc, name, &a, &t, &sp);
    if (rc == 0) {
        rc = -1;
        if (rd_number_type(c, t) == 0 && rd_one_value(c, sp, "one number") == 0 &&
            H5C(&c->h, H5Aread(a, H5T_NATIVE_DOUBLE, out)) >= 0)
            rc = 0;
    }
    rd_attr_close(&a, &t, &sp);
    return rc;
}

/* A whole-number attribute in lo..hi: 0, 1 when absent (*out untouched), -1. */
static int read_attr_int(rdctx *c, hid_t loc, const char *name, int lo, int hi, int *out)
{
    double x;
    int got = read_attr_f64(c, loc, name, &x);
    if (got != 0) return got;
    if (!(x >= lo && x <= hi) || x != floor(x))
        return rd_fail(c, "is %.6g, expected a whole number from %d to %d", x, lo, hi);
    *out = (int)x;
    return 0;
}

/* Deflate cannot expand data more than 1032 times (a 258-byte match in two
 * bits); shuffle and fletcher32 do not expand it at all. */
#define RD_MAX_EXPANSION 1032

/* Where a dataset's values are, checked before HDF5 reads them (see above).
 * dims [rank], n values of type_bytes each. 0, or -1 with the error added. */
static int rd_storage(rdctx *c, hid_t d, hid_t dcpl, hid_t sp, int rank, const hsize_t *dims,
                      uint64_t n, size_t type_bytes)
{
    char a[32], b[32];
    H5D_layout_t layout = (H5D_layout_t)H5X(H5Pget_layout(dcpl));
    if (layout == H5D_VIRTUAL)
        return rd_fail(c, "is a virtual dataset: its values would come from other files");
    if (layout != H5D_CONTIGUOUS && layout != H5D_CHUNKED && layout != H5D_COMPACT)
        return rd_fail(c, "has a storage layout HDF5 does not define");
    int ext = (int)H5C(&c->h, H5Pget_external_count(dcpl));
    if (ext < 0) return -1;
    if (ext > 0) return rd_fail(c, "is stored in external files, outside the results file");
    int nf = (int)H5C(&c->h, H5Pget_nfilters(dcpl));
    if (nf < 0) return -1;
    for (int i = 0; i < nf; i++) {
        unsigned flags = 0, config = 0;
        size_t n_cd = 0;
        H5Z_filter_t id = (H5Z_filter_t)H5C(
            &c->h, H5Pget_filter2(dcpl, (unsigned)i, &flags, &n_cd, NULL, 0, NULL, &config));
        if (id < 0) return -1;
        if (id != H5Z_FILTER_DEFLATE && id != H5Z_FILTER_SHUFFLE && id != H5Z_FILTER_FLETCHER32)
            return rd_fail(c,
                           "uses HDF5 filter %d; results files use deflate, shuffle and "
                           "fletcher32 only",
                           (int)id);
    }
    if (n > UINT64_MAX / type_bytes) return rd_fail(c, "declares more than 2^64 bytes");
    const uint64_t logical = n * type_bytes;
    if (layout == H5D_CHUNKED) {
        /* HDF5 holds a whole chunk in memory to read any of it */
        hsize_t chunk[H5S_MAX_RANK];
        int crank = (int)H5C(&c->h, H5Pget_chunk(dcpl, H5S_MAX_RANK, chunk));
        if (crank < 0) return -1;
        if (crank != rank) return rd_fail(c, "has chunks of rank %d in rank %d", crank, rank);
        uint64_t chunk_bytes = type_bytes, chunks = 1;
        for (int i = 0; i < rank; i++) {
            uint64_t along = chunk[i] ? dims[i] / chunk[i] + (dims[i] % chunk[i] != 0) : 0;
            if (chunk[i] == 0 || chunk_bytes > UINT64_MAX / chunk[i] ||
                (along && chunks > UINT64_MAX / along))
                return rd_fail(c, "has chunks of an impossible shape");
            chunk_bytes *= chunk[i];
            chunks *= along;
        }
        if (rd_reserve(c, chunk_bytes) < 0) return -1;
        rd_release(c, chunk_bytes);
        hsize_t written = 0;
        if (H5C(&c->h, H5Dget_num_chunks(d, sp, &written)) < 0) return -1;
        if (n > 0 && written != chunks)
            return rd_fail(c, "is incompletely written (%llu of its %llu chunks)",
                           (unsigned long long)written, (unsigned long long)chunks);
    } else if (layout == H5D_CONTIGUOUS && n > 0) {
        H5D_space_status_t st;
        if (H5C(&c->h, H5Dget_space_status(d, &st)) < 0) return -1;
        if (st != H5D_SPACE_STATUS_ALLOCATED)
            return rd_fail(c, "declares %llu values (%s) but stores none of them",
                           (unsigned long long)n, fmt_bytes(a, logical));
    }
    const uint64_t stored = (uint64_t)H5X(H5Dget_storage_size(d));
    if (stored > c->file_bytes)
        return rd_fail(c, "declares %s of stored values, more than the whole file (%s)",
                       fmt_bytes(a, stored), fmt_bytes(b, c->file_bytes));
    if (nf == 0 ? logical > stored : logical / RD_MAX_EXPANSION > stored)
        return rd_fail(c, "declares %llu values (%s) but stores %s%s", (unsigned long long)n,
                       fmt_bytes(a, logical), fmt_bytes(b, stored),
                       nf ? ", more than deflate can expand to" : "");
    return 0;
}

/* Opens loc/name as a numeric dataset of the given rank (1 or 2) and, where
 * want[i] > 0, dimensions, its storage checked (rd_storage). dims gets its
 * dimensions (dims[1] = 1 for rank 1), *n its number of values. 0 with *d
 * open (H5Oclose it), 1 when absent, -1. */
static int rd_dataset(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
                      hsize_t dims[2], uint64_t *n, hid_t *d)
{
    hid_t t = -1, sp = -1, dcpl = -1;
    int rc = rd_open(c, loc, name, H5I_DATASET, d);
    if (rc != 0) return rc;
    rc = -1;
    int r;
    hsize_t all[H5S_MAX_RANK];
    if ((t = H5C(&c->h, H5Dget_type(*d))) < 0 || (sp = H5C(&c->h, H5Dget_space(*d))) < 0) goto done;
    if (rd_number_type(c, t) < 0 || rd_extent(c, sp, &r, all, n) < 0) goto done;
    dims[0] = r >= 1 ? all[0] : 1;
    dims[1] = r >= 2 ? all[1] : 1;
    if (r != rank || (want[0] > 0 && dims[0] != want[0]) ||
        (rank == 2 && want[1] > 0 && dims[1] != want[1])) {
        char got[64], shape[64], w0[24] = "n", w1[24] = "n";
        unsigned long long d0 = dims[0], d1 = dims[1];
        if (want[0] > 0) snprintf(w0, sizeof w0, "%llu", (unsigned long long)want[0]);
        if (want[1] > 0) snprintf(w1, sizeof w1, "%llu", (unsigned long long)want[1]);
        if (r == 2)
            snprintf(got, sizeof got, "[%llu x %llu]", d0, d1);
        else if (r == 1)
            snprintf(got, sizeof got, "[%llu]", d0);
        else if (r > 2)
            snprintf(got, sizeof got, "an array of rank %d", r);
        else
            snprintf(got, sizeof got, "not an array");
        if (rank == 2)
            snprintf(shape, sizeof shape, "[%s x %s]", w0, w1);
        else
            snprintf(shape, sizeof shape, "[%s]", w0);
        rd_fail(c, "is %s, expected %s", got, shape);
        goto done;
    }
    if ((dcpl = H5C(&c->h, H5Dget_create_plist(*d))) < 0) goto done;
    if (rd_storage(c, *d, dcpl, sp, r, all, *n, (size_t)H5X(H5Tget_size(t))) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Pclose, dcpl);
    H5CLOSE(H5Sclose, sp);
    H5CLOSE(H5Tclose, t);
    if (rc != 0) H5CLOSE(H5Oclose, *d);
    return rc;
}

/* A numeric dataset read whole as mem_type (elem bytes each) into a malloc'd
 * array taken from the budget; shape as rd_dataset. 0, 1 when absent, -1. */
static int read_whole_as(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
                         hsize_t dims[2], hid_t mem_type, size_t elem, void **out)
{
    *out = NULL;
    hid_t d = -1;
    uint64_t n;
    int rc = rd_dataset(c, loc, name, rank, want, dims, &n, &d);
    if (rc != 0) return rc;
    rc = -1;
    if (n > SIZE_MAX / elem || rd_reserve(c, n * elem) < 0) goto done;
    if (!(*out = malloc((n ? n : 1) * elem))) {
        rd_oom(c);
        goto done;
    }
    if (H5C(&c->h, H5Dread(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out)) < 0) goto done;
    rc = 0;
done:
    if (rc != 0) {
        free(*out);
        *out = NULL;
    }
    H5CLOSE(H5Oclose, d);
    return rc;
}

/* The same as doubles. */
static int read_f64_whole(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
                          hsize_t dims[2], double **out)
{
    return read_whole_as(c, loc, name, rank, want, dims, H5T_NATIVE_DOUBLE, sizeof **out,
                         (void **)out);
}

/* The last record of a numeric dataset: its last value (rank 1) or last row
 * of cols values (rank 2, [records × cols]), and the dataset left open in *d
 * for its attributes. 0, 1 when absent, -1. */
static int read_last_record(rdctx *c, hid_t loc, const char *name, int rank, int cols, double *out,
                            hid_t *d)
{
    hsize_t dims[2], want[2] = {0, (hsize_t)cols};
    uint64_t n;
    hid_t sp = -1, msp = -1;
    int rc = rd_dataset(c, loc, name, rank, want, dims, &n, d);
    if (rc != 0) return rc;
    rc = -1;
    if (dims[0] < 1) {
        rd_fail(c, "has no records");
        goto done;
    }
    hsize_t start[2] = {dims[0] - 1, 0}, count[2] = {1, (hsize_t)cols};
    hsize_t mdims = (hsize_t)cols;
    if ((sp = H5C(&c->h, H5Dget_space(*d))) < 0) goto done;
    if (H5C(&c->h, H5Sselect_hyperslab(sp, H5S_SELECT_SET, start, NULL, count, NULL)) < 0)
        goto done;
    if ((msp = H5C(&c->h, H5Screate_simple(1, &mdims, NULL))) < 0) goto done;
    if (H5C(&c->h, H5Dread(*d, H5T_NATIVE_DOUBLE, msp, sp, H5P_DEFAULT, out)) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Sclose, msp);
    H5CLOSE(H5Sclose, sp);
    if (rc != 0) H5CLOSE(H5Oclose, *d);
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
    if (l->n == INT_MAX / 2) return -1;
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

/* Called from inside H5Aiterate2: our code, not the library's, for the trail. */
static herr_t collect_attr(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    (void)loc;
    (void)info;
    g_trail->in_hdf5 = 0;
    herr_t rc = names_push(data, name) < 0 ? -1 : 0;
    g_trail->in_hdf5 = 1;
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether loc indexes the creation order of its links (links) or of its
 * attributes: the order list_links and list_attrs use then. */
static int rd_crt_indexed(rdctx *c, hid_t loc, int links)
{
    H5I_type_t type = (H5I_type_t)H5X(H5Iget_type(loc));
    hid_t cpl = type == H5I_GROUP     ? H5C(&c->h, H5Gget_create_plist(loc))
                : type == H5I_DATASET ? H5C(&c->h, H5Dget_create_plist(loc))
                                      : -1;
    if (cpl < 0) return 0;
    unsigned crt = 0;
    herr_t e = links ? H5C(&c->h, H5Pget_link_creation_order(cpl, &crt))
                     : H5C(&c->h, H5Pget_attr_creation_order(cpl, &crt));
    H5CLOSE(H5Pclose, cpl);
    return e >= 0 && (crt & H5P_CRT_ORDER_INDEXED);
}

/* The orders the readers list names in: creation order where the object
 * indexes it, else the name index's own order (hash order in dense storage)
 * sorted here by name. Either way HDF5 walks a B-tree; asked for any other
 * order it builds and frees a table of the names, where 1.10.8 frees wild
 * pointers on corrupt dense storage (H5G__link_release_table). */

/* Attribute names of loc (see above). */
static int list_attrs(rdctx *c, hid_t loc, name_list *l)
{
    hsize_t idx = 0;
    const int by_crt = rd_crt_indexed(c, loc, 0);
    at(c, loc, NULL, NULL);
    if (H5C(&c->h, H5Aiterate2(loc, by_crt ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME,
                               by_crt ? H5_ITER_INC : H5_ITER_NATIVE, &idx, collect_attr, l)) < 0)
        return -1;
    if (!by_crt && l->n > 1) qsort(l->names, (size_t)l->n, sizeof *l->names, cmp_names);
    return 0;
}

/* Link names of a group (see above). H5Lget_name_by_idx keeps this free of
 * the iterate callbacks whose info structs changed between HDF5 1.10 and
 * 1.12. Every link takes bytes of the file, which bounds their number. */
static int list_links(rdctx *c, hid_t g, name_list *l)
{
    H5G_info_t gi;
    const int by_crt = rd_crt_indexed(c, g, 1);
    const H5_index_t index = by_crt ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    const H5_iter_order_t order = by_crt ? H5_ITER_INC : H5_ITER_NATIVE;
    at(c, g, NULL, NULL);
    if (H5C(&c->h, H5Gget_info(g, &gi)) < 0) return -1;
    if (gi.nlinks > c->file_bytes)
        return rd_fail(c, "declares %llu links, more than the file could hold",
                       (unsigned long long)gi.nlinks);
    for (hsize_t i = 0; i < gi.nlinks; i++) {
        char name[256];
        ssize_t len =
            H5C(&c->h, H5Lget_name_by_idx(g, ".", index, order, i, name, sizeof name, H5P_DEFAULT));
        if (len < 0) return -1;
        if ((size_t)len >= sizeof name)
            return rd_fail(c, "has a link name of %zd bytes (at most %zu)", len, sizeof name - 1);
        if (rd_reserve(c, (uint64_t)len + 1 + sizeof(char *)) < 0) return -1;
        if (names_push(l, name) < 0) return rd_oom(c);
    }
    if (!by_crt && l->n > 1) qsort(l->names, (size_t)l->n, sizeof *l->names, cmp_names);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Reading: info                                                             */

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

/* Prints any attribute: strings, integers and floats, scalars or arrays (the
 * first 8 values); other type classes by name. Used for groups this version
 * does not know in detail (claims, new summary scalars), so later writers can
 * add attributes without changing info. The attribute's values are stored
 * whole and unfiltered in the file, which bounds what is allocated; what is
 * printed is taken from the budget (info holds its output until the end). */
static int print_attr_value(rdctx *c, hid_t loc, const char *name, FILE *o)
{
    hid_t a, t, sp, mt = -1;
    void *buf = NULL;
    uint64_t n = 0, held = 0, printed = 0;
    int rc = rd_attr_open(c, loc, name, &a, &t, &sp);
    if (rc == 1) rd_fail(c, "is listed but cannot be opened");
    if (rc != 0) goto fail;
    int rank;
    hsize_t dims[H5S_MAX_RANK];
    if (rd_extent(c, sp, &rank, dims, &n) < 0) goto fail;
    if (n == 0) {
        fprintf(o, "(empty)");
        goto done;
    }
    const size_t tsize = (size_t)H5X(H5Tget_size(t));
    if (tsize == 0 || n > c->file_bytes / tsize) {
        char b[32];
        rd_fail(c, "declares %llu values of %zu bytes, more than the file holds (%s)",
                (unsigned long long)n, tsize, fmt_bytes(b, c->file_bytes));
        goto fail;
    }
    uint64_t shown = n < 8 ? n : 8;
    H5T_class_t cls = (H5T_class_t)H5X(H5Tget_class(t));
    if (cls == H5T_STRING) {
        size_t len = 0;
        int vlen = rd_string_type(c, t, &len);
        if (vlen < 0 || (mt = H5C(&c->h, H5Tcopy(H5T_C_S1))) < 0) goto fail;
        if (H5C(&c->h, H5Tset_cset(mt, H5Tget_cset(t))) < 0) goto fail;
        if (vlen) {
            if (H5C(&c->h, H5Tset_size(mt, H5T_VARIABLE)) < 0) goto fail;
            if (rd_reserve(c, n * sizeof(char *)) < 0) goto fail;
            held = n * sizeof(char *);
            char **s = calloc((size_t)n, sizeof *s);
            if (!(buf = s)) goto oom;
            if (H5C(&c->h, H5Aread(a, mt, s)) < 0) goto fail;
            for (uint64_t i = 0; i < shown; i++) {
                if (i) fprintf(o, ", ");
                printed += fput_text(o, s[i] ? s[i] : "", SIZE_MAX);
            }
            for (uint64_t i = 0; i < n; i++)
                if (s[i]) H5X(H5free_memory(s[i]));
        } else {
            if (H5C(&c->h, H5Tset_size(mt, len)) < 0) goto fail;
            if (rd_reserve(c, n * len + 1) < 0) goto fail;
            held = n * len + 1;
            char *s = calloc((size_t)(n * len + 1), 1);
            if (!(buf = s)) goto oom;
            if (H5C(&c->h, H5Aread(a, mt, s)) < 0) goto fail;
            for (uint64_t i = 0; i < shown; i++) {
                if (i) fprintf(o, ", ");
                printed += fput_text(o, s + i * len, len);
            }
        }
    } else if (is_number_type(t)) {
        if (rd_reserve(c, n * sizeof(double)) < 0) goto fail;
        held = n * sizeof(double);
        double *v = malloc((size_t)n * sizeof *v);
        if (!(buf = v)) goto oom;
        if (H5C(&c->h, H5Aread(a, H5T_NATIVE_DOUBLE, v)) < 0) goto fail;
        for (uint64_t i = 0; i < shown; i++) {
            char nb[32];
            if (cls == H5T_INTEGER)
                fprintf(o, "%s%.0f", i ? " " : "", v[i]);
            else
                fprintf(o, "%s%s", i ? " " : "", fmt_num(nb, v[i]));
        }
    } else {
        fprintf(o, "(%s, not shown)", class_name(t));
        n = shown = 1;
    }
    if (n > shown) fprintf(o, " ... (%llu values)", (unsigned long long)n);
done:
    rc = rd_reserve(c, printed);
    goto close;
oom:
    rd_oom(c);
fail:
    rc = -1;
close:
    free(buf);
    rd_release(c, held);
    H5CLOSE(H5Tclose, mt);
    rd_attr_close(&a, &t, &sp);
    return rc;
}

static int print_attrs(rdctx *c, hid_t loc, const char *indent, FILE *o)
{
    name_list l = {0};
    int rc = list_attrs(c, loc, &l);
    for (int i = 0; rc == 0 && i < l.n; i++) {
        char nb[128];
        fprintf(o, "%s%-28s ", indent, esc(nb, sizeof nb, l.names[i]));
        rc = print_attr_value(c, loc, l.names[i], o);
        fputc('\n', o);
    }
    names_free(&l);
    return rc;
}

/* One claim as a line: "  claim <name>: <text>: P = 0.625 [0.41, 0.80] (5/8 paths)".
 * Returns 0, 1 when the group lacks a probability (then printed generically), -1. */
static int print_claim_line(rdctx *c, hid_t g, const char *name, FILE *o)
{
    double p, lo, hi, holds, paths;
    char *text = NULL;
    int got = read_attr_f64(c, g, "probability", &p);
    if (got != 0) return got;
    if (read_attr_f64(c, g, "wilson_lo", &lo) < 0 || read_attr_f64(c, g, "wilson_hi", &hi) < 0 ||
        read_attr_f64(c, g, "holds", &holds) < 0 || read_attr_f64(c, g, "paths", &paths) < 0 ||
        read_attr_str(c, g, "text", &text) < 0)
        return -1;
    fprintf(o, "  claim ");
    fput_text(o, name, SIZE_MAX);
    fprintf(o, ": ");
    if (text && text[0]) {
        fput_text(o, text, SIZE_MAX);
        fprintf(o, ": ");
    }
    fprintf(o, "P = %.3f", p);
    if (!isnan(lo) && !isnan(hi)) fprintf(o, " [%.2f, %.2f]", lo, hi);
    if (!isnan(holds) && !isnan(paths)) fprintf(o, " (%.0f/%.0f paths)", holds, paths);
    fputc('\n', o);
    free(text);
    return 0;
}

/* claims/: each claim written by this version as one line; attributes of the
 * group itself and members in another shape (other versions) generically. */
static int print_claims(rdctx *c, hid_t parent, FILE *o)
{
    int rc = -1;
    hid_t g = -1, obj = -1;
    name_list attrs = {0}, l = {0};
    int got = rd_open(c, parent, "claims", H5I_BADID, &g);
    if (got != 0) return got == 1 ? 0 : -1;
    if (list_attrs(c, g, &attrs) < 0) goto done;
    if (attrs.n > 0) {
        fprintf(o, "  claims:\n");
        if (print_attrs(c, g, "    ", o) < 0) goto done;
    }
    if (H5X(H5Iget_type(g)) == H5I_GROUP) {
        if (list_links(c, g, &l) < 0) goto done;
        for (int i = 0; i < l.n; i++) {
            if (rd_open(c, g, l.names[i], H5I_BADID, &obj) != 0) goto done;
            got = print_claim_line(c, obj, l.names[i], o);
            if (got < 0) goto done;
            if (got == 1) {
                fprintf(o, "  claim ");
                fput_text(o, l.names[i], SIZE_MAX);
                fputc('\n', o);
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
static int print_outcome_summary(rdctx *c, hid_t s, FILE *o)
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

/* Last record of quantiles/<metric> [R × 5] and its units. 0, 1 if absent, -1. */
static int read_last_quantiles(rdctx *c, hid_t q, const char *metric, double out[DS_N_QUANTILES],
                               char **units)
{
    hid_t d = -1;
    int rc = read_last_record(c, q, metric, 2, DS_N_QUANTILES, out, &d);
    if (rc != 0) return rc;
    rc = read_attr_str(c, d, "units", units) < 0 ? -1 : 0;
    H5CLOSE(H5Oclose, d);
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

static int print_variant(rdctx *c, hid_t variants, const char *name, double horizon_days, FILE *o)
{
    int rc = -1;
    hid_t g = -1, q = -1, s = -1;
    name_list extra = {0};
    double paths = NAN;
    if (rd_open(c, variants, name, H5I_GROUP, &g) != 0) goto done;
    if (read_attr_f64(c, g, "paths", &paths) < 0) goto done;

    fprintf(o, "\nvariant ");
    fput_text(o, name, SIZE_MAX);
    if (!isnan(paths)) fprintf(o, " (%.0f paths)", paths);
    if (!isnan(horizon_days))
        fprintf(o, ": at the horizon, day %.6g (%.2f years)", horizon_days, horizon_days / 365.0);
    fprintf(o, "\n");

    int got = rd_open(c, g, "quantiles", H5I_GROUP, &q);
    if (got < 0) goto done;
    if (got == 1) {
        fprintf(o, "  (no quantiles in this file)\n");
    } else {
        fprintf(o, "  %-24s %10s %10s %10s  %s\n", "metric", "median", "5%", "95%", "unit");
        for (size_t i = 0; i < sizeof info_metrics / sizeof info_metrics[0]; i++) {
            int m = info_metrics[i];
            double v[DS_N_QUANTILES];
            char *units = NULL;
            got = read_last_quantiles(c, q, ds_metric_names[m], v, &units);
            if (got < 0) goto done;
            if (got == 1) {
                fprintf(o, "  %-24s %10s %10s %10s  (not in file)\n", ds_metric_names[m], "-", "-",
                        "-");
                continue;
            }
            char a[32], b[32], d[32];
            fprintf(o, "  %-24s %10s %10s %10s  ", ds_metric_names[m],
                    fmt_num(a, v[RESULTS_Q_MEDIAN]), fmt_num(b, v[RESULTS_Q_LO]),
                    fmt_num(d, v[RESULTS_Q_HI]));
            fput_text(o, units ? units : ds_metric_units[m], SIZE_MAX);
            fputc('\n', o);
            free(units);
        }
    }

    /* summary scalars other than the per-metric finals shown above (later
     * versions add drawdowns, sustainability steps, ...) */
    got = rd_open(c, g, "summary", H5I_BADID, &s);
    if (got < 0) goto done;
    if (got == 0) {
        if (list_attrs(c, s, &extra) < 0) goto done;
        int header = 0;
        for (int i = 0; i < extra.n; i++) {
            if (strcmp(extra.names[i], "paths") == 0 || is_metric_final_stat(extra.names[i]) ||
                is_outcome_summary(extra.names[i]))
                continue;
            if (!header++) fprintf(o, "  summary:\n");
            char nb[128];
            fprintf(o, "    %-28s ", esc(nb, sizeof nb, extra.names[i]));
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
    H5CLOSE(H5Oclose, q);
    H5CLOSE(H5Oclose, g);
    return rc;
}

/* The root's 'format' attribute says the file is ours and of a layout this
 * build reads. */
static int check_format(rdctx *c, hid_t f)
{
    char *format = NULL;
    int got = read_attr_str(c, f, "format", &format);
    if (got < 0) return -1;
    int rc = -1;
    if (got == 1) {
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                   "not a depinsim results file (HDF5, but no 'format' attribute)");
    } else if (strcmp(format, RESULTS_FORMAT) != 0) {
        char fb[64];
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                   "unsupported results format '%s' (this build reads %s)",
                   esc(fb, sizeof fb, format), RESULTS_FORMAT);
    } else {
        rc = 0;
    }
    if (rc < 0) c->h.failed = 1;
    free(format);
    return rc;
}

/* Everything info prints, into o; the caller copies o out only on success,
 * so a damaged file gives an error and no half-printed report. */
static int print_provenance(rdctx *c, hid_t f, FILE *o);

static int info_body(rdctx *c, hid_t f, const char *path, FILE *o)
{
    int rc = -1;
    char *s[6] = {NULL};
    double seed, paths, steps, records, step_days, wall;
    hid_t variants = -1, t = -1;
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
    static const char *const label[6] = {
        "scenario:    ", "created:     ", "version:     ", "backend:     ", NULL, "sha256:      "};
    double horizon = steps * step_days;
    fprintf(o, "file:        %s\n", path);
    for (int i = 0; i < 6; i++) {
        if (!label[i]) continue;
        fprintf(o, "%s", label[i]);
        fput_text(o, s[i] ? s[i] : "-", SIZE_MAX);
        if (i == 3) { /* backend (device) */
            fprintf(o, " (");
            fput_text(o, s[4] ? s[4] : "-", SIZE_MAX);
            fputc(')', o);
        }
        fputc('\n', o);
    }
    fprintf(o, "seed:        %.0f\n", seed);
    fprintf(o, "paths:       %.0f\n", paths);
    double complete = 1, requested = 0;
    if (read_attr_f64(c, f, "complete", &complete) < 0) goto done;
    if (complete == 0) {
        int got = read_attr_f64(c, f, "paths_requested", &requested);
        if (got < 0) goto done;
        if (got == 1) requested = 0;
        fprintf(o, "complete:    no: interrupted, written with --partial (%.0f paths requested)\n",
                requested);
    }
    fprintf(o, "horizon:     %.0f steps x %.6g day%s = %.6g days (%.2f years)\n", steps, step_days,
            step_days == 1.0 ? "" : "s", horizon, horizon / 365.0);
    fprintf(o, "records:     %.0f\n", records);
    if (wall >= 60.0 && wall < 1e9) /* long runs: also as h:mm:ss */
        fprintf(o, "wall time:   %.1f s (%d:%02d:%02d)\n", wall, (int)(wall / 3600),
                (int)fmod(wall / 60, 60), (int)fmod(wall, 60));
    else
        fprintf(o, "wall time:   %.3g s\n", wall);
    if (print_provenance(c, f, o) < 0) goto done;

    /* the horizon shown with the tables is the time of the last record */
    int got = read_last_record(c, f, "time_days", 1, 1, &horizon, &t);
    if (got < 0) goto done;
    H5CLOSE(H5Oclose, t);

    got = rd_open(c, f, "variants", H5I_GROUP, &variants);
    if (got < 0) goto done;
    if (got == 1) {
        fprintf(o, "variants:    none\n");
    } else {
        if (list_links(c, variants, &vl) < 0) goto done;
        fprintf(o, "variants:    %d\n", vl.n);
        for (int i = 0; i < vl.n; i++) {
            hid_t g = -1;
            if (rd_open(c, variants, vl.names[i], H5I_GROUP, &g) != 0) goto done;
            char *ov = NULL;
            int r = read_attr_str(c, g, "overrides", &ov);
            H5CLOSE(H5Oclose, g);
            if (r < 0) goto done;
            fprintf(o, "  ");
            fput_text(o, vl.names[i], SIZE_MAX);
            fputc('\n', o);
            if (!ov || !ov[0]) fprintf(o, "      (no overrides)\n");
            /* one "key=value" per line in the attribute */
            for (char *line = ov; line && *line;) {
                char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                if (len > 0) {
                    fprintf(o, "      ");
                    fput_text(o, line, len);
                    fputc('\n', o);
                }
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
    H5CLOSE(H5Oclose, t);
    H5CLOSE(H5Oclose, variants);
    for (int i = 0; i < 6; i++) free(s[i]);
    return rc;
}

/* Opens a results file read-only, with the checks every reader shares: it
 * exists, is a regular file (a FIFO would block), is HDF5 and opens (a
 * truncated file does not). Sets the reader's limits: the file's size and
 * the memory budget. HDF5 must be quiet (quiet_begin) around the call.
 * Returns DS_OK with *f and *fapl open, else the status, with the error
 * added. */
static int open_results(rdctx *c, hid_t *f, hid_t *fapl)
{
    const char *path = c->h.path;
    *f = *fapl = -1;
    struct stat st;
    if (stat(path, &st) != 0) {
        errors_add(c->h.errs, DS_EINPUT, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return DS_EINPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        errors_add(c->h.errs, DS_EINPUT, path, 0, 0, NULL, "is a directory, not a results file");
        return DS_EINPUT;
    }
    if (!S_ISREG(st.st_mode)) {
        errors_add(c->h.errs, DS_EINPUT, path, 0, 0, NULL, "is not a regular file");
        return DS_EINPUT;
    }
    c->file_bytes = (uint64_t)st.st_size;
    c->budget_bytes = c->limit_bytes = read_limit_bytes();
    /* no filter plugins: a results file cannot make us load code (and
     * rd_storage refuses every filter the writer does not use) */
    H5X(H5PLset_loading_state(0));
    snprintf(g_trail->object, sizeof g_trail->object, "the file's superblock");
    htri_t is = (htri_t)H5X(H5Fis_hdf5(path));
    if (is <= 0) {
        H5X(H5Eclear2(H5E_DEFAULT));
        errors_add(c->h.errs, DS_EINPUT, path, 0, 0, NULL,
                   st.st_size == 0 ? "empty file, not a depinsim results file"
                                   : "not an HDF5 file, so not a depinsim results file");
        return DS_EINPUT;
    }
    if ((*fapl = make_fapl(&c->h, 0)) < 0) return DS_EFAIL;
    *f = (hid_t)H5X(H5Fopen(path, H5F_ACC_RDONLY, *fapl));
    if (*f < 0) {
        char detail[200] = "";
        H5X(H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_innermost, detail));
        H5X(H5Eclear2(H5E_DEFAULT));
        errors_add(c->h.errs, DS_EINPUT, path, 0, 0, NULL,
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
    rdctx c = {{errs, path, DS_EINPUT, 0}, 0, 0, 0, ""};
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
    } else if (!c.h.failed) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "damaged results file");
    } else {
        status = errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
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

/* The units attribute of the dataset loc/name, "" when absent. */
static int read_units(rdctx *c, hid_t loc, const char *name, char **units)
{
    hid_t d = -1;
    int got = rd_open(c, loc, name, H5I_DATASET, &d);
    if (got == 1) rd_fail(c, "is listed but cannot be opened");
    if (got != 0) return -1;
    got = read_attr_str(c, d, "units", units);
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
static int read_attr_str0(rdctx *c, hid_t loc, const char *name, char **out)
{
    int got = read_attr_str(c, loc, name, out);
    if (got < 0) return -1;
    if (got == 1 && !(*out = strdup(""))) return rd_oom(c);
    return 0;
}

/* n elements of size bytes, zeroed, taken from the budget. */
static void *rd_calloc(rdctx *c, size_t n, size_t size)
{
    if (n == 0) return NULL;
    if (n > SIZE_MAX / size || rd_reserve(c, (uint64_t)n * size) < 0) return NULL;
    void *p = calloc(n, size);
    if (!p) rd_oom(c);
    return p;
}

static int read_claims(rdctx *c, hid_t g, ds_read_variant *v)
{
    int rc = -1;
    hid_t cg = -1, o = -1;
    name_list l = {0};
    int got = rd_open(c, g, "claims", H5I_GROUP, &cg);
    if (got != 0) return got == 1 ? 0 : -1;
    if (list_links(c, cg, &l) < 0) goto done;
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
    H5CLOSE(H5Oclose, cg);
    return rc;
}

static int read_variant(rdctx *c, hid_t variants, const char *name, int records, ds_read_variant *v)
{
    int rc = -1;
    hid_t g = -1, q = -1, mn = -1, og = -1, s = -1;
    name_list ml = {0}, ol = {0};
    if (!(v->name = strdup(name))) {
        rd_oom(c);
        goto done;
    }
    if (rd_open(c, variants, name, H5I_GROUP, &g) != 0) goto done;
    if (read_attr_str0(c, g, "overrides", &v->overrides) < 0) goto done;
    if (read_attr_int(c, g, "paths", 0, INT_MAX, &v->paths) < 0) goto done;

    /* quantiles/<metric> [records × 5] and mean/<metric> [records] */
    int got = rd_open(c, g, "quantiles", H5I_GROUP, &q);
    if (got == 1) rd_fail(c, "is missing");
    if (got != 0) goto done;
    if (list_links(c, q, &ml) < 0) goto done;
    if (ml.n > 1) qsort(ml.names, (size_t)ml.n, sizeof *ml.names, cmp_metric_names);
    if (rd_open(c, g, "mean", H5I_GROUP, &mn) < 0) goto done;
    if (ml.n && !(v->metrics = rd_calloc(c, (size_t)ml.n, sizeof *v->metrics))) goto done;
    for (int i = 0; i < ml.n; i++) {
        ds_read_metric *m = &v->metrics[v->n_metrics++];
        hsize_t dims[2], want_q[2] = {(hsize_t)records, DS_N_QUANTILES};
        hsize_t want_m[2] = {(hsize_t)records, 0};
        if (!(m->name = strdup(ml.names[i]))) {
            rd_oom(c);
            goto done;
        }
        got = read_f64_whole(c, q, ml.names[i], 2, want_q, dims, &m->quantiles);
        if (got == 1) rd_fail(c, "is listed but cannot be opened");
        if (got != 0) goto done;
        if (read_units(c, q, ml.names[i], &m->units) < 0) goto done;
        if (mn >= 0 && read_f64_whole(c, mn, ml.names[i], 1, want_m, dims, &m->mean) < 0) goto done;
    }

    /* outcomes/<name> [paths]: names and units only; values on demand */
    got = rd_open(c, g, "outcomes", H5I_GROUP, &og);
    if (got < 0) goto done;
    if (got == 0) {
        if (list_links(c, og, &ol) < 0) goto done;
        if (ol.n && !(v->outcomes = rd_calloc(c, (size_t)ol.n, sizeof *v->outcomes))) goto done;
        for (int i = 0; i < ol.n; i++) {
            ds_read_series *o = &v->outcomes[v->n_outcomes++];
            if (!(o->name = strdup(ol.names[i]))) {
                rd_oom(c);
                goto done;
            }
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
    got = rd_open(c, g, "summary", H5I_BADID, &s);
    if (got < 0) goto done;
    if (got == 0) {
        for (size_t k = 0; k < sizeof sums / sizeof sums[0]; k++) {
            got = read_attr_f64(c, s, sums[k].name, sums[k].dst);
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
    H5CLOSE(H5Oclose, og);
    H5CLOSE(H5Oclose, mn);
    H5CLOSE(H5Oclose, q);
    H5CLOSE(H5Oclose, g);
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
        hid_t f = (hid_t)r->file, fapl = (hid_t)r->fapl;
        if (f > 0) H5CLOSE(H5Fclose, f);
        if (fapl > 0) H5CLOSE(H5Pclose, fapl);
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
    rdctx c = {{errs, path, DS_EINPUT, 0}, 0, 0, 0, ""};
    hid_t f = -1, fapl = -1, variants = -1;
    name_list vl = {0};
    double records;

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
        read_attr_f64(&c, f, "seed", &r->seed) < 0 ||
        read_attr_int(&c, f, "paths", 0, INT_MAX, &r->paths) < 0 ||
        read_attr_int(&c, f, "steps", 0, INT_MAX, &r->steps) < 0 ||
        read_attr_f64(&c, f, "records", &records) < 0 ||
        read_attr_f64(&c, f, "step_days", &r->step_days) < 0)
        goto fail;
    double complete;
    if (read_attr_f64(&c, f, "complete", &complete) < 0 ||
        read_attr_f64(&c, f, "paths_requested", &r->paths_requested) < 0)
        goto fail;
    r->partial = complete == 0;

    /* time_days [R] fixes the records every quantile dataset must have */
    hsize_t dims[2], want[2] = {0, 0};
    int got = read_f64_whole(&c, f, "time_days", 1, want, dims, &r->time_days);
    if (got < 0) goto fail;
    if (got == 1 || dims[0] < 1 || dims[0] > INT_MAX) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged results file: no time_days (or no records, or more than %d)", INT_MAX);
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

    got = rd_open(&c, f, "variants", H5I_GROUP, &variants);
    if (got < 0) goto fail;
    if (got == 0 && list_links(&c, variants, &vl) < 0) goto fail;
    if (vl.n == 0) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "results file has no variants");
        goto fail;
    }
    if (!(r->variants = rd_calloc(&c, (size_t)vl.n, sizeof *r->variants))) goto fail;
    for (int i = 0; i < vl.n; i++) {
        r->n_variants++;
        if (read_variant(&c, variants, vl.names[i], r->records, &r->variants[i]) < 0) {
            if (!c.h.failed) {
                char nb[128];
                errors_add(errs, DS_EINPUT, path, 0, 0, NULL, "damaged results file (variant %s)",
                           esc(nb, sizeof nb, vl.names[i]));
            }
            goto fail;
        }
    }
    names_free(&vl);
    H5CLOSE(H5Oclose, variants);
    quiet_end(q);
    return DS_OK;
oom:
    errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory");
    status = DS_EFAIL;
fail:
    names_free(&vl);
    H5CLOSE(H5Oclose, variants);
    if (r->file < 0) { /* open_results failed: nothing of r is open */
        H5CLOSE(H5Fclose, f);
        H5CLOSE(H5Pclose, fapl);
    }
    quiet_end(q);
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
    h5_quiet q = quiet_begin();
    rdctx c = {{errs, r->path, DS_EINPUT, 0}, 0, 0, 0, ""};
    struct stat st;
    c.file_bytes = stat(r->path, &st) == 0 ? (uint64_t)st.st_size : 0;
    c.budget_bytes = c.limit_bytes = read_limit_bytes();
    const ds_read_variant *rv = &r->variants[v];
    hid_t vs = -1, vg = -1, g = -1;
    /* variants/<v>/<group>/<name>, link by checked link */
    int got = rd_open(&c, (hid_t)r->file, "variants", H5I_GROUP, &vs);
    if (got == 0) got = rd_open(&c, vs, rv->name, H5I_GROUP, &vg);
    if (got == 0) got = rd_open(&c, vg, group, H5I_GROUP, &g);
    if (got == 0) {
        hsize_t dims[2], want[2] = {(hsize_t)rv->paths, 0};
        got = read_f64_whole(&c, g, name, 1, want, dims, out);
    }
    int status = got == 0 ? DS_OK : got == 1 ? 1 : errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
    if (status == DS_EINPUT && !c.h.failed) {
        char vb[128], nb[128], gb[32];
        errors_add(errs, DS_EINPUT, r->path, 0, 0, NULL, "damaged results file: variants/%s/%s/%s",
                   esc(vb, sizeof vb, rv->name), esc(gb, sizeof gb, group),
                   esc(nb, sizeof nb, name));
    }
    H5CLOSE(H5Oclose, g);
    H5CLOSE(H5Oclose, vg);
    H5CLOSE(H5Oclose, vs);
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

/* Signals of a crash, as opposed to someone stopping the reader (INT, TERM,
 * KILL from the OOM killer, XCPU from ulimit -t). */
static int is_crash_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT ||
           sig == SIGTRAP || sig == SIGSYS;
}

/* How long the probe lets its child read by default: 10 s, and a second more
 * for every 50 MB of file (the probe reads the summaries and the per-path
 * finals, a small part of a large file). HDF5 1.10.8 loops for ever on some
 * corrupt global heaps: a file that keeps the reader longer is refused. */
static double probe_seconds(const char *path)
{
    struct stat st;
    return 10.0 + (stat(path, &st) == 0 ? (double)st.st_size / 50e6 : 0.0);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

int results_probe_with(const char *path, int (*read_all)(const char *path), double timeout_s,
                       ds_errors *errs)
{
    if (timeout_s <= 0) timeout_s = probe_seconds(path);
    /* the child's trail (see h5_trail), where this process can read it: a
     * shared mapping of /dev/zero (MAP_ANONYMOUS is not POSIX) */
    int zero = open("/dev/zero", O_RDWR);
    h5_trail *t =
        zero < 0 ? MAP_FAILED : mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
    if (zero >= 0) close(zero);
    if (t == MAP_FAILED) return DS_OK; /* cannot isolate: read in-process as before */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        munmap(t, sizeof *t);
        return DS_OK;
    }
    if (pid == 0) {
        g_trail = t;
        /* the default actions: a crash must end the child (the parent reads
         * the trail), and the parent's handlers (a command's cleanup on
         * SIGTERM, say) are not the child's to run */
        static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL,  SIGFPE, SIGABRT, SIGTRAP,
                                   SIGSYS,  SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
        /* a child whose parent was killed ends too, soon after its time */
        alarm((unsigned)timeout_s + 2);
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        int rc = read_all(path);
        t->finished = 1;
        _exit(rc == DS_OK ? 0 : 2);
    }
    /* wait, polling (no signal handler to share with the commands' own), at
     * most timeout_s; then the child is killed */
    int st = 0, timed_out = 0;
    struct timespec t0, nap = {0, 1000000}; /* 1 ms, doubling up to 64 ms */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            munmap(t, sizeof *t);
            return DS_OK;
        }
        if (seconds_since(&t0) > timeout_s) {
            timed_out = 1;
            kill(pid, SIGKILL);
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR) continue;
            break;
        }
        nanosleep(&nap, NULL);
        if (nap.tv_nsec < 64000000) nap.tv_nsec *= 2;
    }
    int status = DS_OK; /* readable, or an ordinary error the caller reports itself */
    int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    char how[96];
    if (sig)
        snprintf(how, sizeof how, "signal %d, %s", sig, strsignal(sig));
    else
        snprintf(how, sizeof how, "exit status %d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    char object[sizeof t->object];
    memcpy(object, t->object, sizeof object);
    object[sizeof object - 1] = '\0';
    const char *call = t->call ? t->call : "(none)";
    const int call_len = (int)strcspn(call, "(");
    if (timed_out && t->in_hdf5) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged HDF5 file: the HDF5 library did not finish reading it in %.0f s "
                   "(in %.*s, results.c:%d, reading %.100s); not read",
                   timeout_s, call_len, call, t->line, object[0] ? object : "it");
        status = DS_EINPUT;
    } else if (timed_out) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                   "internal error: depinsim's own code did not finish reading %.100s in %.0f s "
                   "(after %.*s, results.c:%d); a bug: please report it with this file",
                   object[0] ? object : "this file", timeout_s, call_len, call, t->line);
        status = DS_EFAIL;
    } else if (sig && !is_crash_signal(sig)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "reading it was stopped (%s); not read", how);
        status = DS_EFAIL;
    } else if (sig || (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 2)) {
        if (t->in_hdf5 && !t->finished) {
            errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                       "damaged HDF5 file: the HDF5 library crashed (%s) in %.*s (results.c:%d) "
                       "reading %.100s; not read",
                       how, call_len, call, t->line, object[0] ? object : "it");
            status = DS_EINPUT;
        } else {
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                       "internal error: depinsim crashed (%s) in its own code reading %.100s "
                       "(after %.*s, results.c:%d); a bug: please report it with this file",
                       how, object[0] ? object : "this file", call_len, call, t->line);
            status = DS_EFAIL;
        }
    }
    munmap(t, sizeof *t);
    return status;
}

int results_probe(const char *path, ds_errors *errs)
{
    return results_probe_with(path, results_read_all, 0, errs);
}

/* ------------------------------------------------------------------------ */
/* Provenance, shards and raw rows (issues 16 and 17)                        */
/* The attributes that say which binary made a file and how (every results  */
/* file), what a shard is (run --paths-range), and the blocks of raw rows a */
/* checkpoint keeps; with their readers, all through the helpers above.     */

void identity_free(ds_identity_owned *o)
{
    for (size_t i = 0; i < sizeof o->strs / sizeof o->strs[0]; i++) free(o->strs[i]);
    memset(o, 0, sizeof *o);
}

/* The identity's attributes. full: also those every results file has always
 * written (version, scenario_sha256, seed, paths, steps, records), for the
 * blocks of a checkpoint. */
static int write_identity(h5ctx *c, hid_t f, const ds_identity *id, int full)
{
    unsigned seed = (unsigned)id->seed;
    if (full && (attr_str(c, f, "version", id->version) < 0 ||
                 attr_str(c, f, "scenario_sha256", id->scenario_sha256) < 0 ||
                 attr_num(c, f, "seed", H5T_STD_U32LE, H5T_NATIVE_UINT, 0, &seed) < 0 ||
                 attr_i32(c, f, "paths", id->paths) < 0 || attr_i32(c, f, "steps", id->steps) < 0 ||
                 attr_i32(c, f, "records", id->records) < 0))
        return -1;
    if (attr_str(c, f, "scenario_sets", id->scenario_sets) < 0 ||
        attr_i32(c, f, "scenario_variants", id->n_variants) < 0 ||
        attr_str(c, f, "git_commit", id->git_commit) < 0 ||
        attr_i32(c, f, "git_dirty", id->git_dirty) < 0 ||
        attr_str(c, f, "compiler", id->compiler) < 0 ||
        attr_str(c, f, "compiler_flags", id->flags) < 0 ||
        attr_str(c, f, "binary_sha256", id->binary_sha256) < 0)
        return -1;
    return 0;
}

/* Lines of text joined by '\n' into a malloc'd string ("" for none). */
static char *join_lines(int n, const char *const *a, const char *const *b, const char *sep)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(a[i]) + (b ? strlen(b[i]) + strlen(sep) : 0) + 1;
    char *s = malloc(len), *p = s;
    if (!s) return NULL;
    *p = 0;
    for (int i = 0; i < n; i++)
        p += b ? sprintf(p, "%s%s%s\n", b[i], sep, a[i]) : sprintf(p, "%s\n", a[i]);
    return s;
}

static int write_provenance(h5ctx *c, hid_t f, const ds_provenance *p)
{
    unsigned maj = 0, min = 0, rel = 0;
    H5get_libversion(&maj, &min, &rel);
    char hdf5[32];
    snprintf(hdf5, sizeof hdf5, "%u.%u.%u", maj, min, rel);
    /* sha256sum's format: "<sha256>  <name>" per line */
    char *inputs = join_lines(p->n_inputs, p->input_names, p->input_sha256, "  ");
    if (!inputs) {
        errors_add(c->errs, DS_EFAIL, c->path, 0, 0, NULL, "out of memory");
        c->failed = 1;
        return -1;
    }
    int rc = -1;
    if (p->id && write_identity(c, f, p->id, 0) < 0) goto done;
    if (attr_str(c, f, "git_source", p->git_source) < 0 ||
        attr_str(c, f, "build_type", p->build_type) < 0 ||
        attr_str(c, f, "hdf5_version", hdf5) < 0 || attr_str(c, f, "host", p->host) < 0 ||
        attr_i32(c, f, "mpi_ranks", p->mpi_ranks) < 0 || attr_str(c, f, "input_files", inputs) < 0)
        goto done;
    if (p->omp_threads > 0 && attr_i32(c, f, "omp_threads", p->omp_threads) < 0) goto done;
    if (p->hosts && attr_str(c, f, "hosts", p->hosts) < 0) goto done;
    if (p->resumed_from && (attr_str(c, f, "resumed_from", p->resumed_from) < 0 ||
                            attr_i32(c, f, "resumed_paths", p->resumed_paths) < 0))
        goto done;
    if (p->merged_from && attr_str(c, f, "merged_from", p->merged_from) < 0) goto done;
    rc = 0;
done:
    free(inputs);
    return rc;
}

static int write_shard(h5ctx *c, hid_t f, const ds_shard_info *s)
{
    char *names = join_lines(s->n_variants, s->variant_names, NULL, "");
    if (!names) {
        errors_add(c->errs, DS_EFAIL, c->path, 0, 0, NULL, "out of memory");
        c->failed = 1;
        return -1;
    }
    hsize_t n = (hsize_t)s->n_variants;
    int rc = -1;
    if (attr_i32(c, f, "shard", 1) >= 0 && attr_i32(c, f, "shard_first", s->first) >= 0 &&
        attr_i32(c, f, "shard_end", s->end) >= 0 &&
        attr_i32(c, f, "keep_paths", s->keep_paths) >= 0 &&
        attr_str(c, f, "shard_variants", names) >= 0 &&
        attr_num(c, f, "shard_paths_run", H5T_STD_I32LE, H5T_NATIVE_INT, n, s->paths_run) >= 0 &&
        attr_num(c, f, "shard_paths_invalid", H5T_STD_I32LE, H5T_NATIVE_INT, n, s->paths_invalid) >=
            0)
        rc = 0;
    free(names);
    return rc;
}

/* The identity at f's root; absent strings "", absent numbers -1. */
static int read_identity(rdctx *c, hid_t f, ds_identity_owned *o)
{
    memset(o, 0, sizeof *o);
    static const char *const names[7] = {"scenario_sha256", "scenario_sets", "version",
                                         "git_commit",      "compiler",      "compiler_flags",
                                         "binary_sha256"};
    for (int i = 0; i < 7; i++)
        if (read_attr_str0(c, f, names[i], &o->strs[i]) < 0) return -1;
    ds_identity *id = &o->id;
    id->scenario_sha256 = o->strs[0];
    id->scenario_sets = o->strs[1];
    id->version = o->strs[2];
    id->git_commit = o->strs[3];
    id->compiler = o->strs[4];
    id->flags = o->strs[5];
    id->binary_sha256 = o->strs[6];
    id->paths = id->steps = id->records = id->n_variants = id->git_dirty = -1;
    if (read_attr_f64(c, f, "seed", &id->seed) < 0 ||
        read_attr_int(c, f, "paths", 0, INT_MAX, &id->paths) < 0 ||
        read_attr_int(c, f, "steps", 0, INT_MAX, &id->steps) < 0 ||
        read_attr_int(c, f, "records", 0, INT_MAX, &id->records) < 0 ||
        read_attr_int(c, f, "scenario_variants", 0, INT_MAX, &id->n_variants) < 0 ||
        read_attr_int(c, f, "git_dirty", -1, 1, &id->git_dirty) < 0)
        return -1;
    return 0;
}

/* A reader on a file results_read opened: its limits set as open_results does. */
static void rd_on(rdctx *c, const ds_read_results *r, ds_errors *errs)
{
    memset(c, 0, sizeof *c);
    c->h = (h5ctx){errs, r->path, DS_EINPUT, 0};
    struct stat st;
    c->file_bytes = stat(r->path, &st) == 0 ? (uint64_t)st.st_size : 0;
    c->budget_bytes = c->limit_bytes = read_limit_bytes();
}

static int rd_status(const rdctx *c, int got)
{
    return got == 0 ? DS_OK : got == 1 ? 1 : (c->h.errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT);
}

int results_read_identity(const ds_read_results *r, ds_identity_owned *id, ds_errors *errs)
{
    h5_quiet q = quiet_begin();
    rdctx c;
    rd_on(&c, r, errs);
    int got = read_identity(&c, (hid_t)r->file, id);
    quiet_end(q);
    if (got != 0) identity_free(id);
    return rd_status(&c, got);
}

int results_read_text(const ds_read_results *r, const char *name, char **out, ds_errors *errs)
{
    h5_quiet q = quiet_begin();
    rdctx c;
    rd_on(&c, r, errs);
    int got = read_attr_str0(&c, (hid_t)r->file, name, out);
    quiet_end(q);
    return rd_status(&c, got);
}

int results_read_number(const ds_read_results *r, const char *name, double *out, ds_errors *errs)
{
    h5_quiet q = quiet_begin();
    rdctx c;
    rd_on(&c, r, errs);
    int got = read_attr_f64(&c, (hid_t)r->file, name, out);
    quiet_end(q);
    return rd_status(&c, got == 1 ? 0 : got);
}

void results_read_shard_free(ds_read_shard *s)
{
    for (int i = 0; s->variant_names && i < s->n_variants; i++) free(s->variant_names[i]);
    free(s->variant_names);
    free(s->paths_run);
    free(s->paths_invalid);
    memset(s, 0, sizeof *s);
}

/* An int array attribute of exactly n values, each in lo..hi, into a malloc'd array. */
static int read_attr_ints(rdctx *c, hid_t loc, const char *name, int n, int lo, int hi, int **out)
{
    *out = NULL;
    hid_t a, t, sp;
    int rc = rd_attr_open(c, loc, name, &a, &t, &sp);
    if (rc != 0) {
        rd_attr_close(&a, &t, &sp);
        return rc < 0 ? -1 : rd_fail(c, "is missing");
    }
    rc = -1;
    int rank;
    hsize_t dims[H5S_MAX_RANK];
    uint64_t k;
    double *x = NULL;
    if (rd_number_type(c, t) < 0 || rd_extent(c, sp, &rank, dims, &k) < 0) goto done;
    if (k != (uint64_t)n || rank != 1) {
        rd_fail(c, "holds %llu values, expected %d", (unsigned long long)k, n);
        goto done;
    }
    if (!(x = rd_calloc(c, (size_t)n, sizeof *x)) ||
        !(*out = rd_calloc(c, (size_t)n, sizeof **out)))
        goto done;
    if (H5C(&c->h, H5Aread(a, H5T_NATIVE_DOUBLE, x)) < 0) goto done;
    for (int i = 0; i < n; i++) {
        if (!(x[i] >= lo && x[i] <= hi) || x[i] != floor(x[i])) {
            rd_fail(c, "holds %.6g, expected whole numbers from %d to %d", x[i], lo, hi);
            goto done;
        }
        (*out)[i] = (int)x[i];
    }
    rc = 0;
done:
    free(x);
    if (rc != 0) {
        free(*out);
        *out = NULL;
    }
    rd_attr_close(&a, &t, &sp);
    return rc;
}

int results_read_shard(const ds_read_results *r, ds_read_shard *s, ds_errors *errs)
{
    memset(s, 0, sizeof *s);
    h5_quiet q = quiet_begin();
    rdctx c;
    rd_on(&c, r, errs);
    hid_t f = (hid_t)r->file;
    int shard = 0, got = read_attr_int(&c, f, "shard", 0, 1, &shard);
    char *names = NULL;
    if (got == 0 && shard == 1) {
        int n = 0;
        got = -1;
        if (read_attr_int(&c, f, "shard_first", 0, INT_MAX, &s->first) != 0 ||
            read_attr_int(&c, f, "shard_end", 0, INT_MAX, &s->end) != 0 ||
            read_attr_int(&c, f, "keep_paths", 0, 1, &s->keep_paths) != 0 ||
            read_attr_int(&c, f, "scenario_variants", 1, 1 << 20, &n) != 0 ||
            read_attr_str(&c, f, "shard_variants", &names) != 0) {
            if (!c.h.failed) rd_fail(&c, "is missing (an incomplete shard)");
        } else if (!(s->variant_names = rd_calloc(&c, (size_t)n, sizeof *s->variant_names))) {
        } else {
            /* one name per line, as many as the scenario has variants */
            s->n_variants = n;
            const char *p = names;
            for (int i = 0; i < n && *p; i++) {
                size_t len = strcspn(p, "\n");
                if (!(s->variant_names[i] = strndup(p, len))) break;
                p += len + (p[len] == '\n');
            }
            int ok = 1;
            for (int i = 0; i < n; i++) ok = ok && s->variant_names[i] && s->variant_names[i][0];
            if (!ok || *p)
                rd_fail(&c, "does not name %d variants, one per line", n);
            else if (read_attr_ints(&c, f, "shard_paths_run", n, 0, INT_MAX, &s->paths_run) == 0 &&
                     read_attr_ints(&c, f, "shard_paths_invalid", n, 0, INT_MAX,
                                    &s->paths_invalid) == 0)
                got = 0;
        }
    } else if (got == 0 || got == 1) {
        got = 1; /* not a shard */
    }
    free(names);
    quiet_end(q);
    if (got != 0) results_read_shard_free(s);
    return rd_status(&c, got);
}

/* variants/<v>/<parts...> opened group by group (checked links), the last
 * left open in *g; 0, 1 when a link is absent, -1. */
static int rd_variant_group(rdctx *c, const ds_read_results *r, int v, const char *sub,
                            const char *sub2, hid_t *g)
{
    hid_t vs = -1, vg = -1, s1 = -1;
    *g = -1;
    int got = rd_open(c, (hid_t)r->file, "variants", H5I_GROUP, &vs);
    if (got == 0) got = rd_open(c, vs, r->variants[v].name, H5I_GROUP, &vg);
    if (got == 0 && sub) got = rd_open(c, vg, sub, H5I_GROUP, &s1);
    if (got == 0 && sub2) got = rd_open(c, s1, sub2, H5I_GROUP, g);
    if (got == 0 && !sub2) {
        *g = sub ? s1 : vg;
        if (sub)
            s1 = -1;
        else
            vg = -1;
    }
    H5CLOSE(H5Oclose, s1);
    H5CLOSE(H5Oclose, vg);
    H5CLOSE(H5Oclose, vs);
    return got;
}

/* variants/<v>/<sub>[/<sub2>]/<name> read whole, [paths] or [paths × cols]. */
static int read_variant_array(const ds_read_results *r, int v, const char *sub, const char *sub2,
                              const char *name, int cols, hid_t mem_type, size_t elem, void **out,
                              ds_errors *errs)
{
    *out = NULL;
    h5_quiet q = quiet_begin();
    rdctx c;
    rd_on(&c, r, errs);
    hid_t g = -1;
    int got = rd_variant_group(&c, r, v, sub, sub2, &g);
    if (got == 0) {
        hsize_t want[2] = {(hsize_t)r->variants[v].paths, (hsize_t)cols};
        hsize_t dims[2];
        got = read_whole_as(&c, g, name, cols > 0 ? 2 : 1, want, dims, mem_type, elem, out);
    }
    H5CLOSE(H5Oclose, g);
    quiet_end(q);
    return rd_status(&c, got);
}

int results_read_rows(const ds_read_results *r, int v, const char *metric, double **out,
                      ds_errors *errs)
{
    return read_variant_array(r, v, "paths", NULL, metric, r->records, H5T_NATIVE_DOUBLE,
                              sizeof **out, (void **)out, errs);
}

int results_read_index(const ds_read_results *r, int v, int32_t **out, ds_errors *errs)
{
    int rc = read_variant_array(r, v, NULL, NULL, "path_index", 0, H5T_NATIVE_INT32, sizeof **out,
                                (void **)out, errs);
    if (rc != DS_OK) return rc;
    /* path numbers of a run: 0..INT32_MAX, strictly rising (the writer's order) */
    for (int i = 0; i < r->variants[v].paths; i++)
        if ((*out)[i] < 0 || (i > 0 && (*out)[i] <= (*out)[i - 1])) {
            errors_add(errs, DS_EINPUT, r->path, 0, 0, NULL,
                       "damaged results file: path_index of variant %d is not a rising list of "
                       "path numbers",
                       v);
            free(*out);
            *out = NULL;
            return DS_EINPUT;
        }
    return DS_OK;
}

int results_read_verdicts(const ds_read_results *r, int v, const char *claim, uint8_t **out,
                          ds_errors *errs)
{
    int rc = read_variant_array(r, v, "claims", claim, "per_path", 0, H5T_NATIVE_UINT8,
                                sizeof **out, (void **)out, errs);
    if (rc != DS_OK) return rc;
    for (int i = 0; i < r->variants[v].paths; i++)
        if ((*out)[i] > 1) {
            errors_add(errs, DS_EINPUT, r->path, 0, 0, NULL,
                       "damaged results file: a per_path verdict of variant %d is not 0 or 1", v);
            free(*out);
            *out = NULL;
            return DS_EINPUT;
        }
    return DS_OK;
}

/* --- blocks of raw rows (results_rows.h) --- */

/* name [file_dims] written from the hyperslab start/count of a memory array
 * of mem_rank dimensions mem_dims: a block's rows out of the run's buffers,
 * uncopied. */
static int write_slab(h5ctx *c, hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                      int file_rank, const hsize_t *file_dims, int mem_rank,
                      const hsize_t *mem_dims, const hsize_t *start, const hsize_t *count,
                      const void *data, hid_t dcpl)
{
    int rc = -1;
    hid_t fsp = -1, msp = -1, d = -1;
    if ((fsp = H5C(c, H5Screate_simple(file_rank, file_dims, NULL))) < 0) goto done;
    if ((msp = H5C(c, H5Screate_simple(mem_rank, mem_dims, NULL))) < 0) goto done;
    if (H5C(c, H5Sselect_hyperslab(msp, H5S_SELECT_SET, start, NULL, count, NULL)) < 0) goto done;
    if ((d = H5C(c, H5Dcreate2(loc, name, file_type, fsp, H5P_DEFAULT, dcpl, H5P_DEFAULT))) < 0)
        goto done;
    if (H5C(c, H5Dwrite(d, mem_type, msp, H5S_ALL, H5P_DEFAULT, data)) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Sclose, msp);
    H5CLOSE(H5Sclose, fsp);
    return rc;
}

/* One variant's block: rec [M·n × R] (metric-major rows), outcomes [O × n],
 * claims [C × n], done, bad_step, bad_variable [n]. */
static int write_rows_variant(h5ctx *c, const plists *p, hid_t g, const ds_rows *v, int first,
                              int n, int records)
{
    const hsize_t N = (hsize_t)n, R = (hsize_t)records, k = (hsize_t)(first - v->row0);
    const hsize_t rows = (hsize_t)v->rows, M = DS_N_METRICS, O = DS_N_OUTCOMES;
    const hsize_t C = (hsize_t)v->n_claims;
    int rc = -1;
    hid_t dcpl = paths_dcpl(c, p, (int)(M * N < INT_MAX ? M * N : INT_MAX), records);
    if (dcpl < 0) return -1;
    {
        hsize_t fd[2] = {M * N, R}, md[3] = {M, rows, R}, st[3] = {0, k, 0}, ct[3] = {M, N, R};
        if (write_slab(c, g, "rec", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, fd, 3, md, st, ct, v->rec,
                       dcpl) < 0)
            goto done;
    }
    {
        hsize_t fd[2] = {O, N}, md[2] = {O, rows}, st[2] = {0, k}, ct[2] = {O, N};
        if (write_slab(c, g, "outcomes", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, fd, 2, md, st, ct,
                       v->outcomes, p->dcpl) < 0)
            goto done;
    }
    if (C > 0) {
        hsize_t fd[2] = {C, N}, md[2] = {C, rows}, st[2] = {0, k}, ct[2] = {C, N};
        if (write_slab(c, g, "claims", H5T_STD_U8LE, H5T_NATIVE_UINT8, 2, fd, 2, md, st, ct,
                       v->claims, p->dcpl) < 0)
            goto done;
    }
    if (write_slab(c, g, "done", H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, &N, 1, &rows, &k, &N, v->done,
                   p->dcpl) < 0 ||
        write_slab(c, g, "bad_step", H5T_STD_I32LE, H5T_NATIVE_INT32, 1, &N, 1, &rows, &k, &N,
                   v->bad_step, p->dcpl) < 0 ||
        write_slab(c, g, "bad_variable", H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, &N, 1, &rows, &k, &N,
                   v->bad_variable, p->dcpl) < 0 ||
        attr_i32(c, g, "n_claims", v->n_claims) < 0)
        goto done;
    rc = 0;
done:
    H5CLOSE(H5Pclose, dcpl);
    return rc;
}

int results_rows_write(const char *path, const ds_identity *id, int first, int end, int records,
                       int n_variants, const ds_rows *v, ds_errors *errs)
{
    for (int i = 0; i < n_variants; i++)
        if (first < v[i].row0 || end > v[i].row0 + v[i].rows || first >= end) {
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                       "internal: block [%d, %d) outside variant %d's rows", first, end, i);
            return DS_EFAIL;
        }
    h5_quiet q = quiet_begin();
    h5ctx c = {errs, path, DS_EFAIL, 0};
    plists p = {-1, -1, -1};
    hid_t fapl = -1, fcpl = -1, f = -1, g = -1;
    int rc = DS_EFAIL;
    if ((fapl = make_fapl(&c, 1)) < 0 || (fcpl = H5C(&c, H5Pcreate(H5P_FILE_CREATE))) < 0 ||
        H5C(&c, H5Pset_obj_track_times(fcpl, 0)) < 0 || plists_make(&c, &p) < 0)
        goto done;
    if ((f = H5C(&c, H5Fcreate(path, H5F_ACC_EXCL, fcpl, fapl))) < 0) goto done;
    if (attr_str(&c, f, "format", RESULTS_ROWS_FORMAT) < 0 || write_identity(&c, f, id, 1) < 0 ||
        attr_i32(&c, f, "first", first) < 0 || attr_i32(&c, f, "end", end) < 0)
        goto done;
    for (int i = 0; i < n_variants; i++) {
        char name[16];
        snprintf(name, sizeof name, "v%d", i);
        if ((g = group_new(&c, f, name, p.gcpl)) < 0) goto done;
        if (write_rows_variant(&c, &p, g, &v[i], first, end - first, records) < 0) goto done;
        H5CLOSE(H5Gclose, g);
    }
    hid_t closing = f;
    f = -1;
    if (H5C(&c, H5Fclose(closing)) >= 0) rc = DS_OK;
done:
    H5CLOSE(H5Gclose, g);
    H5CLOSE(H5Fclose, f);
    plists_close(&p);
    H5CLOSE(H5Pclose, fcpl);
    H5CLOSE(H5Pclose, fapl);
    quiet_end(q);
    return rc;
}

/* The block's format attribute, then its identity and range. */
static int rows_open(rdctx *c, hid_t *f, hid_t *fapl, ds_identity_owned *id, int *first, int *end)
{
    int status = open_results(c, f, fapl);
    if (status != DS_OK) return status;
    char *format = NULL;
    int got = read_attr_str(c, *f, "format", &format);
    if (got == 0 && strcmp(format, RESULTS_ROWS_FORMAT) != 0) got = 2;
    free(format);
    if (got != 0) {
        if (got > 0 && !c->h.failed)
            errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                       "not a checkpoint block of this depinsim (format is not %s)",
                       RESULTS_ROWS_FORMAT);
        return DS_EINPUT;
    }
    if (read_identity(c, *f, id) < 0 || read_attr_int(c, *f, "first", 0, INT_MAX, first) != 0 ||
        read_attr_int(c, *f, "end", 1, INT_MAX, end) != 0 || *first >= *end) {
        if (!c->h.failed)
            errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                       "damaged checkpoint block: no valid range (first, end)");
        return c->h.errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
    }
    return DS_OK;
}

int results_rows_header(const char *path, ds_identity_owned *id, int *first, int *end,
                        ds_errors *errs)
{
    h5_quiet q = quiet_begin();
    rdctx c = {{errs, path, DS_EINPUT, 0}, 0, 0, 0, ""};
    hid_t f = -1, fapl = -1;
    memset(id, 0, sizeof *id);
    int rc = rows_open(&c, &f, &fapl, id, first, end);
    H5CLOSE(H5Fclose, f);
    H5CLOSE(H5Pclose, fapl);
    quiet_end(q);
    if (rc != DS_OK) identity_free(id);
    return rc;
}

/* name [want] read into the hyperslab start/count of a memory array
 * mem_dims, checked as every read is (rd_dataset). */
static int read_slab(rdctx *c, hid_t g, const char *name, int rank, const hsize_t want[2],
                     hid_t mem_type, int mem_rank, const hsize_t *mem_dims, const hsize_t *start,
                     const hsize_t *count, void *data)
{
    hid_t d = -1, msp = -1;
    hsize_t dims[2];
    uint64_t n;
    int got = rd_dataset(c, g, name, rank, want, dims, &n, &d);
    if (got != 0) return got > 0 ? rd_fail(c, "is missing") : -1;
    int rc = -1;
    if ((msp = H5C(&c->h, H5Screate_simple(mem_rank, mem_dims, NULL))) < 0) goto done;
    if (H5C(&c->h, H5Sselect_hyperslab(msp, H5S_SELECT_SET, start, NULL, count, NULL)) < 0)
        goto done;
    if (H5C(&c->h, H5Dread(d, mem_type, msp, H5S_ALL, H5P_DEFAULT, data)) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Sclose, msp);
    H5CLOSE(H5Oclose, d);
    return rc;
}

static int read_rows_variant(rdctx *c, hid_t g, const ds_rows *v, int first, int n, int records,
                             int steps)
{
    const hsize_t N = (hsize_t)n, R = (hsize_t)records, k = (hsize_t)(first - v->row0);
    const hsize_t rows = (hsize_t)v->rows, M = DS_N_METRICS, O = DS_N_OUTCOMES;
    const hsize_t C = (hsize_t)v->n_claims;
    int nc = -1;
    if (read_attr_int(c, g, "n_claims", 0, INT_MAX, &nc) != 0 || nc != v->n_claims)
        return c->h.failed ? -1 : rd_fail(c, "does not hold the scenario's %d claims", v->n_claims);
    {
        hsize_t w[2] = {M * N, R}, md[3] = {M, rows, R}, st[3] = {0, k, 0}, ct[3] = {M, N, R};
        if (read_slab(c, g, "rec", 2, w, H5T_NATIVE_DOUBLE, 3, md, st, ct, v->rec) < 0) return -1;
    }
    {
        hsize_t w[2] = {O, N}, md[2] = {O, rows}, st[2] = {0, k}, ct[2] = {O, N};
        if (read_slab(c, g, "outcomes", 2, w, H5T_NATIVE_DOUBLE, 2, md, st, ct, v->outcomes) < 0)
            return -1;
    }
    if (C > 0) {
        hsize_t w[2] = {C, N}, md[2] = {C, rows}, st[2] = {0, k}, ct[2] = {C, N};
        if (read_slab(c, g, "claims", 2, w, H5T_NATIVE_UINT8, 2, md, st, ct, v->claims) < 0)
            return -1;
    }
    hsize_t w1[2] = {N, 0};
    if (read_slab(c, g, "done", 1, w1, H5T_NATIVE_UINT8, 1, &rows, &k, &N, v->done) < 0 ||
        read_slab(c, g, "bad_step", 1, w1, H5T_NATIVE_INT32, 1, &rows, &k, &N, v->bad_step) < 0 ||
        read_slab(c, g, "bad_variable", 1, w1, H5T_NATIVE_UINT8, 1, &rows, &k, &N,
                  v->bad_variable) < 0)
        return -1;
    /* every path of a block ended: ran to the end, or stopped at an invalid
     * state; verdicts are 0 or 1 */
    at(c, g, NULL, NULL);
    for (hsize_t i = k; i < k + N; i++) {
        int ran = v->done[i] == 1 && v->bad_step[i] == -1;
        int bad = v->done[i] == 0 && v->bad_step[i] >= 0 && v->bad_step[i] < steps;
        if (!ran && !bad)
            return rd_fail(c,
                           "holds path %d, which neither ran to the end nor stopped at an "
                           "invalid state",
                           first + (int)(i - k));
        for (hsize_t j = 0; j < C; j++)
            if (v->claims[j * rows + i] > 1) return rd_fail(c, "holds a verdict other than 0, 1");
    }
    return 0;
}

int results_rows_read(const char *path, int first, int end, int records, int steps, int n_variants,
                      const ds_rows *v, ds_errors *errs)
{
    h5_quiet q = quiet_begin();
    rdctx c = {{errs, path, DS_EINPUT, 0}, 0, 0, 0, ""};
    hid_t f = -1, fapl = -1, g = -1;
    ds_identity_owned id;
    int a = 0, b = 0;
    memset(&id, 0, sizeof id);
    int rc = rows_open(&c, &f, &fapl, &id, &a, &b);
    if (rc == DS_OK &&
        (a != first || b != end || id.id.n_variants != n_variants || id.id.records != records)) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged checkpoint block: its header changed since it was listed");
        rc = DS_EINPUT;
    }
    for (int i = 0; rc == DS_OK && i < n_variants; i++) {
        char name[16];
        snprintf(name, sizeof name, "v%d", i);
        if (first < v[i].row0 || end > v[i].row0 + v[i].rows) {
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "internal: block outside the rows");
            rc = DS_EFAIL;
        } else if (rd_open(&c, f, name, H5I_GROUP, &g) != 0 ||
                   read_rows_variant(&c, g, &v[i], first, end - first, records, steps) < 0) {
            if (!c.h.failed) rd_fail(&c, "is missing");
            rc = errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
        }
        H5CLOSE(H5Oclose, g);
    }
    identity_free(&id);
    H5CLOSE(H5Fclose, f);
    H5CLOSE(H5Pclose, fapl);
    quiet_end(q);
    return rc;
}

/* info's lines on the binary, the machines, a shard, a merge or a resume;
 * nothing for files of versions before them. */
static int print_provenance(rdctx *c, hid_t f, FILE *o)
{
    static const char *const names[] = {"git_commit", "compiler",    "build_type",  "host",
                                        "hosts",      "merged_from", "resumed_from"};
    enum { N = sizeof names / sizeof names[0] };
    char *s[N] = {NULL};
    double dirty = NAN, threads = NAN, ranks = NAN, shard = NAN, first = NAN, end = NAN;
    double paths = NAN, resumed = NAN;
    int rc = -1;
    for (int i = 0; i < N; i++)
        if (read_attr_str(c, f, names[i], &s[i]) < 0) goto done;
    if (read_attr_f64(c, f, "git_dirty", &dirty) < 0 ||
        read_attr_f64(c, f, "omp_threads", &threads) < 0 ||
        read_attr_f64(c, f, "mpi_ranks", &ranks) < 0 || read_attr_f64(c, f, "shard", &shard) < 0 ||
        read_attr_f64(c, f, "shard_first", &first) < 0 ||
        read_attr_f64(c, f, "shard_end", &end) < 0 || read_attr_f64(c, f, "paths", &paths) < 0 ||
        read_attr_f64(c, f, "resumed_paths", &resumed) < 0)
        goto done;
    if (s[0]) {
        fprintf(o, "built from:  ");
        fput_text(o, s[0], 40);
        fprintf(o, "%s, ", dirty > 0 ? " (dirty tree)" : dirty < 0 ? " (not a git checkout)" : "");
        fput_text(o, s[1] ? s[1] : "-", 100);
        fprintf(o, ", ");
        fput_text(o, s[2] ? s[2] : "-", 40);
        fputc('\n', o);
    }
    if (s[3]) {
        fprintf(o, s[5] ? "merged on:   " : "ran on:      ");
        if (ranks > 1 && s[4]) {
            fprintf(o, "%.0f MPI ranks: ", ranks);
            fput_text(o, s[4], 1000);
        } else {
            fput_text(o, s[3], 256);
        }
        if (threads > 0)
            fprintf(o, ", %.0f OpenMP thread%s%s", threads, threads == 1 ? "" : "s",
                    ranks > 1 ? " each" : "");
        fputc('\n', o);
    }
    if (shard == 1)
        fprintf(o,
                "shard:       paths %.0f:%.0f of %.0f (depinsim merge puts the shards "
                "together)\n",
                first, end, paths);
    if (s[5]) {
        fprintf(o, "merged from:");
        for (char *line = s[5]; *line;) {
            size_t len = strcspn(line, "\n");
            fprintf(o, "%s", line == s[5] ? " " : "\n             ");
            fput_text(o, line, len);
            line += len + (line[len] == '\n');
        }
        fputc('\n', o);
    }
    if (s[6]) {
        fprintf(o, "resumed:     %.0f paths from the checkpoint ", resumed);
        fput_text(o, s[6], 1000);
        fputc('\n', o);
    }
    rc = 0;
done:
    for (int i = 0; i < N; i++) free(s[i]);
    return rc;
}
