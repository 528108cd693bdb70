/* results_write.c — writes the HDF5 results file of DESIGN.md §5, whole, to
 * a temporary beside the target, then fsync and rename: an interrupted or
 * failed run never leaves a truncated file under the requested name, and an
 * existing file is replaced only with force and never while another process
 * holds it for writing. The output path is checked before a run starts
 * (results_check_output). Names are results_format.h's; every HDF5 call goes
 * through results_int.h's checking macro. */
#include "results.h"
#include "results_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* paths/<metric> [paths × R]: chunks of whole rows (a plot reads whole paths),
 * at most 64 paths and about 4 MiB per chunk; shuffle groups the bytes of
 * neighbouring doubles, which roughly doubles what deflate saves on them. */
hid_t h5_paths_dcpl(h5ctx *c, const h5_plists *p, int paths, int records)
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
static int write_claim(h5ctx *c, const h5_plists *p, hid_t claims, const ds_claim_result *cl)
{
    int rc = -1;
    hid_t g = -1, d = -1;
    /* every path judged, also when holds/paths count a condition's paths */
    const hsize_t P = (hsize_t)(cl->paths_total > 0 ? cl->paths_total : cl->paths);
    if ((g = h5_group_new(c, claims, cl->name, p->gcpl_order)) < 0) goto done;
    if (h5_attr_str(c, g, RF_CLAIM_TEXT, cl->text) < 0 ||
        h5_attr_str(c, g, RF_CLAIM_METRIC, cl->metric) < 0 ||
        h5_attr_str(c, g, RF_CLAIM_OP, cl->op) < 0 ||
        h5_attr_f64(c, g, RF_CLAIM_THRESHOLD, cl->threshold) < 0 ||
        h5_attr_str(c, g, RF_CLAIM_WHEN, cl->when) < 0 ||
        h5_attr_f64(c, g, RF_CLAIM_WINDOW_START, cl->window_start_day) < 0 ||
        h5_attr_f64(c, g, RF_CLAIM_WINDOW_END, cl->window_end_day) < 0 ||
        h5_attr_i32(c, g, RF_CLAIM_HOLDS, cl->holds) < 0 ||
        h5_attr_i32(c, g, RF_CLAIM_PATHS, cl->paths) < 0 ||
        h5_attr_f64(c, g, RF_CLAIM_PROBABILITY, cl->probability) < 0 ||
        h5_attr_f64(c, g, RF_CLAIM_WILSON_LO, cl->wilson_lo) < 0 ||
        h5_attr_f64(c, g, RF_CLAIM_WILSON_HI, cl->wilson_hi) < 0 ||
        h5_attr_str(c, g, RF_CLAIM_GIVEN, cl->given ? cl->given : "") < 0 ||
        h5_attr_i32(c, g, RF_CLAIM_PATHS_TOTAL, (int)P) < 0 ||
        h5_attr_str(c, g, RF_CLAIM_BY_CONSTRUCTION,
                    cl->by_construction ? cl->by_construction : "") < 0)
        goto done;
    d = h5_dataset_num(c, g, RF_CLAIM_PER_PATH, H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, &P, cl->per_path,
                       "1 if the claim holds on the path, else 0", p->dcpl);
    if (d < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Gclose, g);
    return rc;
}

/* group/<name> [rows × cols] (cols 0: [rows]) for each metric m, its values at
 * data + m·stride, in units[m]; with the quantile levels when levels. */
static int write_metric_group(h5ctx *c, hid_t g, const char *group, hid_t gcpl, hid_t dcpl,
                              const double *data, hsize_t rows, hsize_t cols,
                              const char *const units[DS_N_METRICS], int levels)
{
    hid_t sub = h5_group_new(c, g, group, gcpl), d = -1;
    int rc = sub < 0 ? -1 : 0;
    for (int m = 0; rc == 0 && m < DS_N_METRICS; m++) {
        hsize_t dims[2] = {rows, cols};
        const double *x = data + (size_t)m * rows * (cols ? cols : 1);
        if ((d = h5_dataset_f64(c, sub, ds_metric_names[m], cols ? 2 : 1, dims, x, units[m],
                                dcpl)) < 0 ||
            (levels && h5_attr_num(c, d, RF_LEVELS, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                   DS_N_QUANTILES, ds_quantile_levels) < 0))
            rc = -1;
        H5CLOSE(H5Dclose, d);
    }
    H5CLOSE(H5Gclose, sub);
    return rc;
}

/* summary: paths, the scalars at the horizon read off the last quantile
 * record, and the outcome summary the statistics computed */
static int write_summary(h5ctx *c, const h5_plists *p, hid_t g, const ds_variant_result *v)
{
    const hsize_t R = (hsize_t)v->records;
    hid_t sub = h5_group_new(c, g, RF_SUMMARY, p->gcpl_order);
    int rc = -1;
    if (sub < 0 || h5_attr_i32(c, sub, RF_PATHS, v->paths) < 0) goto done;
    if (v->paths_run > 0 && (h5_attr_i32(c, sub, RF_PATHS_RUN, v->paths_run) < 0 ||
                             h5_attr_i32(c, sub, RF_PATHS_INVALID, v->paths_invalid) < 0))
        goto done;
    for (int m = 0; m < DS_N_METRICS; m++) {
        const double *last = v->quantiles + ((size_t)m * R + (R - 1)) * DS_N_QUANTILES;
        for (int k = 0; k < RF_N_FINAL_STATS; k++) {
            char name[96];
            snprintf(name, sizeof name, "%s_final_%s", ds_metric_names[m],
                     results_final_stat_names[k]);
            if (h5_attr_f64(c, sub, name, last[results_final_stat_levels[k]]) < 0) goto done;
        }
    }
    ds_outcome_summary os = v->outcome_summary;
    for (int k = 0; v->outcomes && k < RF_N_OUTCOME_SUMMARY; k++) {
        const results_field *f = &results_outcome_summary[k];
        if (h5_attr_f64(c, sub, f->name, *results_field_of(&os, f)) < 0) goto done;
    }
    rc = 0;
done:
    H5CLOSE(H5Gclose, sub);
    return rc;
}

/* outcomes/<name> [paths] and claims/<name>/, in the scenario's order */
static int write_outcomes_claims(h5ctx *c, const h5_plists *p, hid_t g, const ds_variant_result *v)
{
    const hsize_t P = (hsize_t)v->paths;
    hid_t sub = -1, d = -1;
    int rc = -1;
    if (v->outcomes) {
        if ((sub = h5_group_new(c, g, RF_OUTCOMES, p->gcpl_order)) < 0) goto done;
        for (int o = 0; o < DS_N_OUTCOMES; o++) {
            d = h5_dataset_f64(c, sub, ds_outcome_names[o], 1, &P, v->outcomes + (size_t)o * P,
                               ds_outcome_units[o], p->dcpl);
            if (d < 0) goto done;
            H5CLOSE(H5Dclose, d);
        }
        H5CLOSE(H5Gclose, sub);
    }
    if (v->n_claims > 0) {
        if ((sub = h5_group_new(c, g, RF_CLAIMS, p->gcpl_order)) < 0) goto done;
        for (int i = 0; i < v->n_claims; i++)
            if (write_claim(c, p, sub, &v->claims[i]) < 0) goto done;
    }
    rc = 0;
done:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Gclose, sub);
    return rc;
}

static int write_variant(h5ctx *c, const h5_plists *p, hid_t variants, const ds_variant_result *v,
                         const char *unit_name)
{
    char ubuf[DS_N_METRICS][96];
    const char *units[DS_N_METRICS];
    for (int m = 0; m < DS_N_METRICS; m++)
        units[m] = results_unit(ds_metric_units[m], unit_name, ubuf[m], sizeof ubuf[m]);
    int rc = -1;
    hid_t g = -1, d = -1, pdcpl = -1;
    const hsize_t R = (hsize_t)v->records, P = (hsize_t)v->paths;

    if ((g = h5_group_new(c, variants, v->name, p->gcpl)) < 0) goto done;
    if (h5_attr_str(c, g, RF_OVERRIDES, v->overrides) < 0) goto done;
    if (v->segments && v->segments[0] && h5_attr_str(c, g, RF_SEGMENTS, v->segments) < 0) goto done;
    if (h5_attr_i32(c, g, RF_PATHS, v->paths) < 0) goto done;
    /* which original paths the per-path datasets hold, when some were left
     * out (invalid, or not finished before an interrupt) */
    if (v->path_index) {
        d = h5_dataset_num(c, g, RF_PATH_INDEX, H5T_STD_I32LE, H5T_NATIVE_INT32, 1, &P,
                           v->path_index, "path number", p->dcpl);
        if (d < 0) goto done;
        H5CLOSE(H5Dclose, d);
    }
    /* quantiles [R × 5], mean [R], final [paths], paths [paths × R] when the
     * run kept whole paths */
    if (write_metric_group(c, g, RF_QUANTILES, p->gcpl, p->dcpl, v->quantiles, R, DS_N_QUANTILES,
                           units, 1) < 0 ||
        write_metric_group(c, g, RF_MEAN, p->gcpl, p->dcpl, v->mean, R, 0, units, 0) < 0 ||
        write_metric_group(c, g, RF_FINAL, p->gcpl, p->dcpl, v->final, P, 0, units, 0) < 0)
        goto done;
    if (v->path_records && ((pdcpl = h5_paths_dcpl(c, p, v->paths, v->records)) < 0 ||
                            write_metric_group(c, g, RF_PATHS_GROUP, p->gcpl, pdcpl,
                                               v->path_records, P, R, units, 0) < 0))
        goto done;
    if (write_summary(c, p, g, v) < 0 || write_outcomes_claims(c, p, g, v) < 0) goto done;
    /* event_days [events]: the dated events (models/events.h), their labels one per line;
     * the dashboard draws them as markers */
    if (v->n_events > 0) {
        const hsize_t E = (hsize_t)v->n_events;
        d = h5_dataset_num(c, g, RF_EVENT_DAYS, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, &E,
                           v->event_days, "day", p->dcpl);
        if (d < 0 || h5_attr_str(c, d, RF_EVENT_LABELS, v->event_labels) < 0) goto done;
        H5CLOSE(H5Dclose, d);
    }
    rc = 0;
done:
    H5CLOSE(H5Pclose, pdcpl);
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Gclose, g);
    return rc;
}

static int write_contents(h5ctx *c, hid_t f, const ds_results *r)
{
    int rc = -1;
    h5_plists p;
    hid_t d = -1, variants = -1;
    if (h5_plists_make(c, &p) < 0) return -1;

    if (h5_attr_str(c, f, RF_FORMAT, RESULTS_FORMAT) < 0) goto done;
    if (h5_attr_str(c, f, RF_VERSION, r->version) < 0) goto done;
    if (h5_attr_str(c, f, RF_SCENARIO_NAME, r->scenario_name) < 0) goto done;
    if (h5_attr_str(c, f, RF_SCENARIO_YAML, r->scenario_yaml) < 0) goto done;
    if (h5_attr_str(c, f, RF_SCENARIO_SHA256, r->scenario_sha256) < 0) goto done;
    if (h5_attr_num(c, f, RF_SEED, H5T_STD_U32LE, H5T_NATIVE_UINT, 0, &r->seed) < 0) goto done;
    if (h5_attr_i32(c, f, RF_PATHS, r->paths) < 0) goto done;
    if (h5_attr_i32(c, f, RF_STEPS, r->steps) < 0) goto done;
    if (h5_attr_i32(c, f, RF_RECORDS, r->records) < 0) goto done;
    if (h5_attr_f64(c, f, RF_STEP_DAYS, r->step_days) < 0) goto done;
    if (h5_attr_str(c, f, RF_BACKEND, r->backend) < 0) goto done;
    if (h5_attr_str(c, f, RF_DEVICE, r->device) < 0) goto done;
    if (h5_attr_str(c, f, RF_BACKEND_REASON, r->backend_reason) < 0) goto done; /* "" when none */
    if (h5_attr_str(c, f, RF_UNIT_NAME, r->unit_name && r->unit_name[0] ? r->unit_name : "heq-h") <
        0)
        goto done;
    /* run-dependent values live in attributes only: datasets stay identical
     * across thread counts and backends (DESIGN.md §2) */
    if (h5_attr_f64(c, f, RF_WALL_SECONDS, r->wall_seconds) < 0) goto done;
    if (h5_attr_str(c, f, RF_CREATED, r->created) < 0) goto done;
    /* an interrupted run written with --partial says so; callers that do not
     * set paths_requested write complete files */
    if (h5_attr_i32(c, f, RF_COMPLETE, r->paths_requested > 0 ? r->complete : 1) < 0) goto done;
    if (r->paths_requested > 0 && h5_attr_i32(c, f, RF_PATHS_REQUESTED, r->paths_requested) < 0)
        goto done;
    /* who made the file and how; what a shard is (results_provenance.c) */
    if (r->prov && h5_write_provenance(c, f, r->prov) < 0) goto done;
    if (r->shard && h5_write_shard(c, f, r->shard) < 0) goto done;

    const hsize_t R = (hsize_t)r->records;
    if ((d = h5_dataset_f64(c, f, RF_TIME_DAYS, 1, &R, r->time_days, "days", p.dcpl)) < 0)
        goto done;
    H5CLOSE(H5Dclose, d);
    if (results_write_inputs(c, &p, f, r) < 0) goto done;

    if ((variants = h5_group_new(c, f, RF_VARIANTS, p.gcpl_order)) < 0) goto done;
    for (int i = 0; i < r->n_variants; i++)
        if (write_variant(c, &p, variants, &r->variants[i], r->unit_name) < 0) goto done;
    if (r->ext && results_ext_write(c, &p, f, r->ext) < 0) goto done;
    rc = 0;
done:
    H5CLOSE(H5Gclose, variants);
    H5CLOSE(H5Dclose, d);
    h5_plists_close(&p);
    return rc;
}

/* A name that cannot name an HDF5 group: empty, "." or holding a '/'. */
static int bad_group_name(const char *n)
{
    return !n || !n[0] || strchr(n, '/') || strcmp(n, ".") == 0;
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
        if (bad_group_name(n)) {
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
            if (bad_group_name(cn)) {
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

    h5_quiet q = h5_quiet_begin();
    h5ctx c = {errs, path, DS_EFAIL, 0};
    int status = DS_EFAIL;
    hid_t fapl = -1, fcpl = -1, f = -1;
    if ((fapl = h5_fapl(&c, 1)) < 0) goto fail;
    /* the root group is created with the file: no modification times in its
     * header either (see h5_plists) */
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
    h5_quiet_end(q);
    free(tmp);
    return fsync_dir(path, errs) < 0 ? DS_EFAIL : DS_OK;

fail:
    H5CLOSE(H5Fclose, f);
    H5CLOSE(H5Pclose, fapl);
    H5CLOSE(H5Pclose, fcpl);
    unlink(tmp);
    tmp_live(r, 0);
    h5_quiet_end(q);
    free(tmp);
    return status == DS_OK ? DS_EFAIL : status;
}
