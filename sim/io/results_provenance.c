/* results_provenance.c — what a results file says of how it was made
 * (issues 16 and 17) and what a shard says of itself: the identity two runs
 * must share (results.h), the binary, host, threads and ranks, the files the
 * scenario read, merges and resumes; written with the writer's helpers and
 * read back with the checked reads (results_int.h), together with the
 * per-path datasets merge gathers (paths/, path_index, claim verdicts). */
#include "results_int.h"
#include "results_read.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void identity_free(ds_identity_owned *o)
{
    for (size_t i = 0; i < sizeof o->strs / sizeof o->strs[0]; i++) free(o->strs[i]);
    memset(o, 0, sizeof *o);
}

/* The identity's attributes. full: also those every results file has always
 * written (version, scenario_sha256, seed, paths, steps, records), for the
 * blocks of a checkpoint. */
int h5_write_identity(h5ctx *c, hid_t f, const ds_identity *id, int full)
{
    unsigned seed = (unsigned)id->seed;
    if (full &&
        (h5_attr_str(c, f, RF_VERSION, id->version) < 0 ||
         h5_attr_str(c, f, RF_SCENARIO_SHA256, id->scenario_sha256) < 0 ||
         h5_attr_num(c, f, RF_SEED, H5T_STD_U32LE, H5T_NATIVE_UINT, 0, &seed) < 0 ||
         h5_attr_i32(c, f, RF_PATHS, id->paths) < 0 || h5_attr_i32(c, f, RF_STEPS, id->steps) < 0 ||
         h5_attr_i32(c, f, RF_RECORDS, id->records) < 0 ||
         h5_attr_str(c, f, RF_INPUT_FILES, id->input_files) < 0)) /* results: the provenance's */
        return -1;
    if (h5_attr_str(c, f, RF_SCENARIO_SETS, id->scenario_sets) < 0 ||
        h5_attr_i32(c, f, RF_SCENARIO_VARIANTS, id->n_variants) < 0 ||
        h5_attr_str(c, f, RF_GIT_COMMIT, id->git_commit) < 0 ||
        h5_attr_i32(c, f, RF_GIT_DIRTY, id->git_dirty) < 0 ||
        h5_attr_str(c, f, RF_COMPILER, id->compiler) < 0 ||
        h5_attr_str(c, f, RF_COMPILER_FLAGS, id->flags) < 0 ||
        h5_attr_str(c, f, RF_BINARY_SHA256, id->binary_sha256) < 0)
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

int h5_write_provenance(h5ctx *c, hid_t f, const ds_provenance *p)
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
    if (p->id && h5_write_identity(c, f, p->id, 0) < 0) goto done;
    if (h5_attr_str(c, f, RF_GIT_SOURCE, p->git_source) < 0 ||
        h5_attr_str(c, f, RF_BUILD_TYPE, p->build_type) < 0 ||
        h5_attr_str(c, f, RF_HDF5_VERSION, hdf5) < 0 || h5_attr_str(c, f, RF_HOST, p->host) < 0 ||
        h5_attr_i32(c, f, RF_MPI_RANKS, p->mpi_ranks) < 0 ||
        h5_attr_str(c, f, RF_INPUT_FILES, inputs) < 0)
        goto done;
    if (p->omp_threads > 0 && h5_attr_i32(c, f, RF_OMP_THREADS, p->omp_threads) < 0) goto done;
    if (p->hosts && h5_attr_str(c, f, RF_HOSTS, p->hosts) < 0) goto done;
    if (p->resumed_from && (h5_attr_str(c, f, RF_RESUMED_FROM, p->resumed_from) < 0 ||
                            h5_attr_i32(c, f, RF_RESUMED_PATHS, p->resumed_paths) < 0))
        goto done;
    if (p->merged_from && h5_attr_str(c, f, RF_MERGED_FROM, p->merged_from) < 0) goto done;
    rc = 0;
done:
    free(inputs);
    return rc;
}

int h5_write_shard(h5ctx *c, hid_t f, const ds_shard_info *s)
{
    char *names = join_lines(s->n_variants, s->variant_names, NULL, "");
    if (!names) {
        errors_add(c->errs, DS_EFAIL, c->path, 0, 0, NULL, "out of memory");
        c->failed = 1;
        return -1;
    }
    hsize_t n = (hsize_t)s->n_variants;
    int rc = -1;
    if (h5_attr_i32(c, f, RF_SHARD, 1) >= 0 && h5_attr_i32(c, f, RF_SHARD_FIRST, s->first) >= 0 &&
        h5_attr_i32(c, f, RF_SHARD_END, s->end) >= 0 &&
        h5_attr_i32(c, f, RF_KEEP_PATHS, s->keep_paths) >= 0 &&
        h5_attr_str(c, f, RF_SHARD_VARIANTS, names) >= 0 &&
        h5_attr_num(c, f, RF_SHARD_PATHS_RUN, H5T_STD_I32LE, H5T_NATIVE_INT, n, s->paths_run) >=
            0 &&
        h5_attr_num(c, f, RF_SHARD_PATHS_INVALID, H5T_STD_I32LE, H5T_NATIVE_INT, n,
                    s->paths_invalid) >= 0)
        rc = 0;
    free(names);
    return rc;
}

/* The identity at f's root; absent strings "", absent numbers -1. */
int rd_identity(rdctx *c, hid_t f, ds_identity_owned *o)
{
    memset(o, 0, sizeof *o);
    static const char *const names[8] = {RF_SCENARIO_SHA256, RF_SCENARIO_SETS, RF_VERSION,
                                         RF_GIT_COMMIT,      RF_COMPILER,      RF_COMPILER_FLAGS,
                                         RF_BINARY_SHA256,   RF_INPUT_FILES};
    for (int i = 0; i < 8; i++)
        if (rd_attr_str0(c, f, names[i], &o->strs[i]) < 0) return -1;
    ds_identity *id = &o->id;
    id->scenario_sha256 = o->strs[0];
    id->scenario_sets = o->strs[1];
    id->version = o->strs[2];
    id->git_commit = o->strs[3];
    id->compiler = o->strs[4];
    id->flags = o->strs[5];
    id->binary_sha256 = o->strs[6];
    id->input_files = o->strs[7];
    id->paths = id->steps = id->records = id->n_variants = id->git_dirty = -1;
    if (rd_attr_f64(c, f, RF_SEED, &id->seed) < 0 ||
        rd_attr_int(c, f, RF_PATHS, 0, INT_MAX, &id->paths) < 0 ||
        rd_attr_int(c, f, RF_STEPS, 0, INT_MAX, &id->steps) < 0 ||
        rd_attr_int(c, f, RF_RECORDS, 0, INT_MAX, &id->records) < 0 ||
        rd_attr_int(c, f, RF_SCENARIO_VARIANTS, 0, INT_MAX, &id->n_variants) < 0 ||
        rd_attr_int(c, f, RF_GIT_DIRTY, -1, 1, &id->git_dirty) < 0)
        return -1;
    return 0;
}

static int rd_status(const rdctx *c, int got)
{
    return got == 0 ? DS_OK : got == 1 ? 1 : (c->h.errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT);
}

int results_read_identity(const ds_read_results *r, ds_identity_owned *id, ds_errors *errs)
{
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    int got = rd_identity(&c, (hid_t)r->file, id);
    h5_quiet_end(q);
    if (got != 0) identity_free(id);
    return rd_status(&c, got);
}

int results_read_text(const ds_read_results *r, const char *name, char **out, ds_errors *errs)
{
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    int got = rd_attr_str0(&c, (hid_t)r->file, name, out);
    h5_quiet_end(q);
    return rd_status(&c, got);
}

int results_read_number(const ds_read_results *r, const char *name, double *out, ds_errors *errs)
{
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    int got = rd_attr_f64(&c, (hid_t)r->file, name, out);
    h5_quiet_end(q);
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
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    hid_t f = (hid_t)r->file;
    int shard = 0, got = rd_attr_int(&c, f, RF_SHARD, 0, 1, &shard);
    char *names = NULL;
    if (got == 0 && shard == 1) {
        int n = 0;
        got = -1;
        if (rd_attr_int(&c, f, RF_SHARD_FIRST, 0, INT_MAX, &s->first) != 0 ||
            rd_attr_int(&c, f, RF_SHARD_END, 0, INT_MAX, &s->end) != 0 ||
            rd_attr_int(&c, f, RF_KEEP_PATHS, 0, 1, &s->keep_paths) != 0 ||
            rd_attr_int(&c, f, RF_SCENARIO_VARIANTS, 1, 1 << 20, &n) != 0 ||
            rd_attr_str(&c, f, RF_SHARD_VARIANTS, &names) != 0) {
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
            else if (read_attr_ints(&c, f, RF_SHARD_PATHS_RUN, n, 0, INT_MAX, &s->paths_run) == 0 &&
                     read_attr_ints(&c, f, RF_SHARD_PATHS_INVALID, n, 0, INT_MAX,
                                    &s->paths_invalid) == 0)
                got = 0;
        }
    } else if (got == 0 || got == 1) {
        got = 1; /* not a shard */
    }
    free(names);
    h5_quiet_end(q);
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
    int got = rd_open(c, (hid_t)r->file, RF_VARIANTS, H5I_GROUP, &vs);
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
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    hid_t g = -1;
    int got = rd_variant_group(&c, r, v, sub, sub2, &g);
    if (got == 0) {
        hsize_t want[2] = {(hsize_t)r->variants[v].paths, (hsize_t)cols};
        hsize_t dims[2];
        got = rd_num_whole(&c, g, name, cols > 0 ? 2 : 1, want, dims, mem_type, elem, out);
    }
    H5CLOSE(H5Oclose, g);
    h5_quiet_end(q);
    return rd_status(&c, got);
}

int results_read_rows(const ds_read_results *r, int v, const char *metric, double **out,
                      ds_errors *errs)
{
    return read_variant_array(r, v, RF_PATHS_GROUP, NULL, metric, r->records, H5T_NATIVE_DOUBLE,
                              sizeof **out, (void **)out, errs);
}

int results_read_index(const ds_read_results *r, int v, int32_t **out, ds_errors *errs)
{
    int rc = read_variant_array(r, v, NULL, NULL, RF_PATH_INDEX, 0, H5T_NATIVE_INT32, sizeof **out,
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
    int rc = read_variant_array(r, v, RF_CLAIMS, claim, RF_CLAIM_PER_PATH, 0, H5T_NATIVE_UINT8,
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

/* --- what info shows (results_read.h's ds_read_provenance) --- */

int rd_provenance(rdctx *c, hid_t f, ds_read_provenance *p)
{
    memset(p, 0, sizeof *p);
    struct {
        const char *name;
        char **dst;
    } strs[] = {{RF_GIT_COMMIT, &p->git_commit},
                {RF_COMPILER, &p->compiler},
                {RF_BUILD_TYPE, &p->build_type},
                {RF_HOST, &p->host},
                {RF_HOSTS, &p->hosts},
                {RF_MERGED_FROM, &p->merged_from},
                {RF_RESUMED_FROM, &p->resumed_from}};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (rd_attr_str0(c, f, strs[i].name, strs[i].dst) < 0) return -1;
    struct {
        const char *name;
        double *dst;
    } nums[] = {{RF_GIT_DIRTY, &p->git_dirty}, {RF_OMP_THREADS, &p->omp_threads},
                {RF_MPI_RANKS, &p->mpi_ranks}, {RF_RESUMED_PATHS, &p->resumed_paths},
                {RF_SHARD, &p->shard},         {RF_SHARD_FIRST, &p->shard_first},
                {RF_SHARD_END, &p->shard_end}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (rd_attr_f64(c, f, nums[i].name, nums[i].dst) < 0) return -1;
    return 0;
}

void rd_provenance_free(ds_read_provenance *p)
{
    char *s[] = {p->git_commit, p->compiler,    p->build_type,  p->host,
                 p->hosts,      p->merged_from, p->resumed_from};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) free(s[i]);
    memset(p, 0, sizeof *p);
}
