/* results_path.c — checked reads of any object of an open results file by
 * its path ("analysis/indices/s1", "variants/base/claims/x"; "" the root),
 * for the parts of the format other modules own (results_ext.c): every
 * component a hard link, the same checks and memory budget as every read of
 * results_read.c (results_int.h). */
#include "results_int.h"
#include "results_read.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Opens the object at path, every component a hard link, the inner ones
 * groups, the last of the given type (H5I_BADID: any). 0 with *id open
 * (H5Oclose it), 1 when absent, -1. */
static int rd_path(rdctx *c, hid_t file, const char *path, H5I_type_t type, hid_t *id)
{
    char comp[256];
    *id = H5C(&c->h, H5Oopen(file, "/", H5P_DEFAULT));
    if (*id < 0) return -1;
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || len >= sizeof comp) {
            H5CLOSE(H5Oclose, *id);
            rd_at(c, file, NULL, NULL);
            return rd_fail(c, "has no object at a malformed path");
        }
        memcpy(comp, p, len);
        comp[len] = '\0';
        p += len + (slash != NULL);
        hid_t next = -1;
        int got = rd_open(c, *id, comp, *p ? H5I_GROUP : type, &next);
        H5CLOSE(H5Oclose, *id);
        if (got != 0) return got;
        *id = next;
    }
    return 0;
}

static int rd_status(rdctx *c, int got, ds_errors *errs)
{
    if (got == 0) return DS_OK;
    if (got == 1) return 1;
    if (!c->h.failed) errors_add(errs, DS_EINPUT, c->h.path, 0, 0, NULL, "damaged results file");
    return errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
}

int results_read_attr_text(const ds_read_results *r, const char *obj, const char *attr, char **out,
                           ds_errors *errs)
{
    *out = NULL;
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    hid_t id = -1;
    int got = rd_path(&c, (hid_t)r->file, obj, H5I_BADID, &id);
    if (got == 0) got = rd_attr_str(&c, id, attr, out);
    H5CLOSE(H5Oclose, id);
    h5_quiet_end(q);
    return rd_status(&c, got, errs);
}

int results_read_attr_number(const ds_read_results *r, const char *obj, const char *attr,
                             double *out, ds_errors *errs)
{
    *out = NAN;
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    hid_t id = -1;
    int got = rd_path(&c, (hid_t)r->file, obj, H5I_BADID, &id);
    if (got == 0) got = rd_attr_f64(&c, id, attr, out);
    H5CLOSE(H5Oclose, id);
    h5_quiet_end(q);
    return rd_status(&c, got, errs);
}

int results_read_array(const ds_read_results *r, const char *path, int rank, const size_t want[2],
                       size_t dims[2], double **out, ds_errors *errs)
{
    *out = NULL;
    h5_quiet q = h5_quiet_begin();
    rdctx c;
    rd_on_file(&c, r->path, errs);
    const char *slash = strrchr(path, '/');
    char parent[512];
    hid_t g = -1;
    int got;
    if (strlen(path) >= sizeof parent) {
        rd_at(&c, (hid_t)r->file, NULL, NULL);
        got = rd_fail(&c, "has no object at a path this long");
    } else {
        snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - path) : 0, path);
        got = rd_path(&c, (hid_t)r->file, parent, H5I_GROUP, &g);
    }
    if (got == 0) {
        hsize_t w[2] = {want[0], want[1]}, d[2] = {0, 0};
        got = rd_f64_whole(&c, g, slash ? slash + 1 : path, rank, w, d, out);
        dims[0] = (size_t)d[0];
        dims[1] = (size_t)d[1];
    }
    H5CLOSE(H5Oclose, g);
    h5_quiet_end(q);
    return rd_status(&c, got, errs);
}
