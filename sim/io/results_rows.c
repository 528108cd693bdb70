/* results_rows.c — blocks of raw rows (results_rows.h): the paths a
 * checkpoint keeps, as the backends wrote them, one HDF5 file per block with
 * the run's identity at its root; written from and read into the run's own
 * buffers through hyperslabs (nothing copied), and read with the checks of
 * every results reader, every path's end state checked too. */
#include "results_int.h"
#include "results_rows.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static int write_rows_variant(h5ctx *c, const h5_plists *p, hid_t g, const ds_rows *v, int first,
                              int n, int records)
{
    const hsize_t N = (hsize_t)n, R = (hsize_t)records, k = (hsize_t)(first - v->row0);
    const hsize_t rows = (hsize_t)v->rows, M = DS_N_METRICS, O = DS_N_OUTCOMES;
    const hsize_t C = (hsize_t)v->n_claims;
    int rc = -1;
    hid_t dcpl = h5_paths_dcpl(c, p, (int)(M * N < INT_MAX ? M * N : INT_MAX), records);
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
        if (write_slab(c, g, RF_CLAIMS, H5T_STD_U8LE, H5T_NATIVE_UINT8, 2, fd, 2, md, st, ct,
                       v->claims, p->dcpl) < 0)
            goto done;
    }
    if (write_slab(c, g, "done", H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, &N, 1, &rows, &k, &N, v->done,
                   p->dcpl) < 0 ||
        write_slab(c, g, "bad_step", H5T_STD_I32LE, H5T_NATIVE_INT32, 1, &N, 1, &rows, &k, &N,
                   v->bad_step, p->dcpl) < 0 ||
        write_slab(c, g, "bad_variable", H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, &N, 1, &rows, &k, &N,
                   v->bad_variable, p->dcpl) < 0 ||
        h5_attr_i32(c, g, "n_claims", v->n_claims) < 0)
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
    h5_quiet q = h5_quiet_begin();
    h5ctx c = {errs, path, DS_EFAIL, 0};
    h5_plists p = {-1, -1, -1};
    hid_t fapl = -1, fcpl = -1, f = -1, g = -1;
    int rc = DS_EFAIL;
    if ((fapl = h5_fapl(&c, 1)) < 0 || (fcpl = H5C(&c, H5Pcreate(H5P_FILE_CREATE))) < 0 ||
        H5C(&c, H5Pset_obj_track_times(fcpl, 0)) < 0 || h5_plists_make(&c, &p) < 0)
        goto done;
    if ((f = H5C(&c, H5Fcreate(path, H5F_ACC_EXCL, fcpl, fapl))) < 0) goto done;
    if (h5_attr_str(&c, f, RF_FORMAT, RESULTS_ROWS_FORMAT) < 0 ||
        h5_write_identity(&c, f, id, 1) < 0 || h5_attr_i32(&c, f, "first", first) < 0 ||
        h5_attr_i32(&c, f, "end", end) < 0)
        goto done;
    for (int i = 0; i < n_variants; i++) {
        char name[16];
        snprintf(name, sizeof name, "v%d", i);
        if ((g = h5_group_new(&c, f, name, p.gcpl)) < 0) goto done;
        if (write_rows_variant(&c, &p, g, &v[i], first, end - first, records) < 0) goto done;
        H5CLOSE(H5Gclose, g);
    }
    hid_t closing = f;
    f = -1;
    if (H5C(&c, H5Fclose(closing)) >= 0) rc = DS_OK;
done:
    H5CLOSE(H5Gclose, g);
    H5CLOSE(H5Fclose, f);
    h5_plists_close(&p);
    H5CLOSE(H5Pclose, fcpl);
    H5CLOSE(H5Pclose, fapl);
    h5_quiet_end(q);
    return rc;
}

/* The block's format attribute, then its identity and range. */
static int rows_open(rdctx *c, hid_t *f, hid_t *fapl, ds_identity_owned *id, int *first, int *end)
{
    int status = rd_open_file(c, f, fapl);
    if (status != DS_OK) return status;
    char *format = NULL;
    int got = rd_attr_str(c, *f, RF_FORMAT, &format);
    if (got == 0 && strcmp(format, RESULTS_ROWS_FORMAT) != 0) got = 2;
    free(format);
    if (got != 0) {
        if (got > 0 && !c->h.failed)
            errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                       "not a checkpoint block of this depinsim (format is not %s)",
                       RESULTS_ROWS_FORMAT);
        return DS_EINPUT;
    }
    if (rd_identity(c, *f, id) < 0 || rd_attr_int(c, *f, "first", 0, INT_MAX, first) != 0 ||
        rd_attr_int(c, *f, "end", 1, INT_MAX, end) != 0 || *first >= *end) {
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
    h5_quiet q = h5_quiet_begin();
    rdctx c = {{errs, path, DS_EINPUT, 0}, 0, 0, 0, ""};
    hid_t f = -1, fapl = -1;
    memset(id, 0, sizeof *id);
    int rc = rows_open(&c, &f, &fapl, id, first, end);
    H5CLOSE(H5Fclose, f);
    H5CLOSE(H5Pclose, fapl);
    h5_quiet_end(q);
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
    if (rd_attr_int(c, g, "n_claims", 0, INT_MAX, &nc) != 0 || nc != v->n_claims)
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
        if (read_slab(c, g, RF_CLAIMS, 2, w, H5T_NATIVE_UINT8, 2, md, st, ct, v->claims) < 0)
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
    rd_at(c, g, NULL, NULL);
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
    h5_quiet q = h5_quiet_begin();
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
    h5_quiet_end(q);
    return rc;
}
