/* results_data.c — the readers' checked reads beyond single attributes
 * (results_int.h): datasets, their storage checked before HDF5 reads them;
 * the names of a group's links and of an object's attributes; opening a
 * results file and checking its format. */
#include "results_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- datasets */

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
                           (unsigned long long)n, rd_fmt_bytes(a, logical));
    }
    const uint64_t stored = (uint64_t)H5X(H5Dget_storage_size(d));
    if (stored > c->file_bytes)
        return rd_fail(c, "declares %s of stored values, more than the whole file (%s)",
                       rd_fmt_bytes(a, stored), rd_fmt_bytes(b, c->file_bytes));
    if (nf == 0 ? logical > stored : logical / RD_MAX_EXPANSION > stored)
        return rd_fail(c, "declares %llu values (%s) but stores %s%s", (unsigned long long)n,
                       rd_fmt_bytes(a, logical), rd_fmt_bytes(b, stored),
                       nf ? ", more than deflate can expand to" : "");
    return 0;
}

/* Opens loc/name as a numeric dataset of the given rank (1 or 2) and, where
 * want[i] > 0, dimensions, its storage checked (rd_storage). dims gets its
 * dimensions (dims[1] = 1 for rank 1), *n its number of values. 0 with *d
 * open (H5Oclose it), 1 when absent, -1. */
int rd_dataset(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
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

/* A numeric dataset read whole into a malloc'd array of doubles taken from
 * the budget; shape as rd_dataset. 0, 1 when absent, -1. */
int rd_num_whole(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
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

int rd_f64_whole(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
                 hsize_t dims[2], double **out)
{
    return rd_num_whole(c, loc, name, rank, want, dims, H5T_NATIVE_DOUBLE, sizeof **out,
                        (void **)out);
}

/* ---------------------------------------------------------------- names */

void rd_names_free(rd_names *l)
{
    for (int i = 0; i < l->n; i++) free(l->names[i]);
    free(l->names);
    l->names = NULL;
    l->n = l->cap = 0;
}

static int rd_names_push(rd_names *l, const char *s)
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
    results_trail->in_hdf5 = 0;
    herr_t rc = rd_names_push(data, name) < 0 ? -1 : 0;
    results_trail->in_hdf5 = 1;
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
int rd_list_attrs(rdctx *c, hid_t loc, rd_names *l)
{
    hsize_t idx = 0;
    const int by_crt = rd_crt_indexed(c, loc, 0);
    rd_at(c, loc, NULL, NULL);
    if (H5C(&c->h, H5Aiterate2(loc, by_crt ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME,
                               by_crt ? H5_ITER_INC : H5_ITER_NATIVE, &idx, collect_attr, l)) < 0)
        return -1;
    if (!by_crt && l->n > 1) qsort(l->names, (size_t)l->n, sizeof *l->names, cmp_names);
    return 0;
}

/* Link names of a group (see above). H5Lget_name_by_idx keeps this free of
 * the iterate callbacks whose info structs changed between HDF5 1.10 and
 * 1.12. Every link takes bytes of the file, which bounds their number. */
int rd_list_links(rdctx *c, hid_t g, rd_names *l)
{
    H5G_info_t gi;
    const int by_crt = rd_crt_indexed(c, g, 1);
    const H5_index_t index = by_crt ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    const H5_iter_order_t order = by_crt ? H5_ITER_INC : H5_ITER_NATIVE;
    rd_at(c, g, NULL, NULL);
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
        if (rd_names_push(l, name) < 0) return rd_oom(c);
    }
    if (!by_crt && l->n > 1) qsort(l->names, (size_t)l->n, sizeof *l->names, cmp_names);
    return 0;
}

/* ---------------------------------------------------------------- opening */

/* The root's 'format' attribute says the file is ours and of a layout this
 * build reads. */
int rd_check_format(rdctx *c, hid_t f)
{
    char *format = NULL;
    int got = rd_attr_str(c, f, RF_FORMAT, &format);
    if (got < 0) return -1;
    int rc = -1;
    if (got == 1) {
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                   "not a depinsim results file (HDF5, but no 'format' attribute)");
    } else if (strcmp(format, RESULTS_FORMAT) != 0) {
        char fb[64];
        errors_add(c->h.errs, DS_EINPUT, c->h.path, 0, 0, NULL,
                   "unsupported results format '%s' (this build reads %s)",
                   rd_esc(fb, sizeof fb, format), RESULTS_FORMAT);
    } else {
        rc = 0;
    }
    if (rc < 0) c->h.failed = 1;
    free(format);
    return rc;
}

/* Opens a results file read-only, with the checks every reader shares: it
 * exists, is a regular file (a FIFO would block), is HDF5 and opens (a
 * truncated file does not). Sets the reader's limits: the file's size and
 * the memory budget. HDF5 must be quiet (h5_quiet_begin) around the call.
 * Returns DS_OK with *f and *fapl open, else the status, with the error
 * added. */
int rd_open_file(rdctx *c, hid_t *f, hid_t *fapl)
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
    c->budget_bytes = c->limit_bytes = rd_limit_bytes();
    /* no filter plugins: a results file cannot make us load code (and
     * rd_storage refuses every filter the writer does not use) */
    H5X(H5PLset_loading_state(0));
    snprintf(results_trail->object, sizeof results_trail->object, "the file's superblock");
    htri_t is = (htri_t)H5X(H5Fis_hdf5(path));
    if (is <= 0) {
        H5X(H5Eclear2(H5E_DEFAULT));
        errors_add(c->h.errs, DS_EINPUT, path, 0, 0, NULL,
                   st.st_size == 0 ? "empty file, not a depinsim results file"
                                   : "not an HDF5 file, so not a depinsim results file");
        return DS_EINPUT;
    }
    if ((*fapl = h5_fapl(&c->h, 0)) < 0) return DS_EFAIL;
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
