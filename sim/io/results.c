/* results.c — the private HDF5 layer of the results file (results_int.h):
 * the checking macro and the probe's trail, HDF5's error printing kept
 * quiet, file access, the writer's object helpers, and the readers' checked
 * attribute reads within a memory budget. What a file holds is
 * results_format.h's; writing it is results_write.c, reading it
 * results_read.c (with results_data.c), probing it results_probe.c. */
#include "results_int.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "results_read.h"

/* ---------------------------------------------------------------- the checking macro */

static h5_trail own_trail;
h5_trail *results_trail = &own_trail;

void h5_enter(const char *call, const char *file, int line)
{
    const char *base = strrchr(file, '/');
    results_trail->call = call;
    results_trail->file = base ? base + 1 : file;
    results_trail->line = line;
    results_trail->in_hdf5 = 1;
}

int64_t h5_leave(int64_t rc)
{
    results_trail->in_hdf5 = 0;
    return rc;
}

/* H5E_WALK_UPWARD starts at the innermost (most specific) error, which is the
 * one that says what went wrong ("truncated file", "errno = 28, ..."). */
herr_t h5_innermost(unsigned n, const H5E_error2_t *e, void *data)
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

int64_t h5_check(h5ctx *c, int64_t rc, const char *call, const char *file, int line)
{
    if (rc >= 0) return rc;
    if (!c->failed) {
        char detail[200] = "";
        const char *base = strrchr(file, '/');
        H5X(H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, h5_innermost, detail));
        errors_add(c->errs, c->kind, c->path, 0, 0, NULL, "%s%.110s failed (%s:%d)%s%.150s",
                   c->kind == DS_EINPUT ? "damaged results file: " : "HDF5 ", call,
                   base ? base + 1 : file, line, detail[0] ? ": " : "", detail);
    }
    c->failed = 1;
    H5X(H5Eclear2(H5E_DEFAULT));
    return rc;
}

h5_quiet h5_quiet_begin(void)
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

void h5_quiet_end(h5_quiet q)
{
    H5Eclear2(H5E_DEFAULT);
    H5Eset_auto2(H5E_DEFAULT, q.func, q.data);
}

/* File access shared by writer and reader: file locking is ignored where the
 * file system does not support it (NFS, some containers), where HDF5 would
 * otherwise refuse to open at all. */
hid_t h5_fapl(h5ctx *c, int for_write)
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

/* ---------------------------------------------------------------- writing */

int h5_attr_str(h5ctx *c, hid_t loc, const char *name, const char *s)
{
    if (!s) s = "";
    int rc = -1;
    /* variable-length UTF-8 (issue 17): h5py returns it as str, h5dump shows
     * it as text; files of earlier versions hold fixed-length strings, which
     * every reader here and in python/ reads alike */
    hid_t t = H5C(c, H5Tcopy(H5T_C_S1));
    if (t >= 0 && H5C(c, H5Tset_size(t, H5T_VARIABLE)) >= 0 &&
        H5C(c, H5Tset_cset(t, H5T_CSET_UTF8)) >= 0)
        rc = h5_attr_num(c, loc, name, t, t, 0, &s);
    H5CLOSE(H5Tclose, t);
    return rc;
}

/* An attribute of file_type (a number type, or h5_attr_str's string type):
 * scalar when n == 0, else a 1-D array of n. */
int h5_attr_num(h5ctx *c, hid_t loc, const char *name, hid_t file_type, hid_t mem_type, hsize_t n,
                const void *value)
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

int h5_attr_f64(h5ctx *c, hid_t loc, const char *name, double v)
{
    return h5_attr_num(c, loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0, &v);
}

int h5_attr_i32(h5ctx *c, hid_t loc, const char *name, int v)
{
    return h5_attr_num(c, loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, 0, &v);
}

/* A numeric dataset of the given shape with a units attribute. Returns the
 * open dataset (the caller may add attributes) or -1. */
hid_t h5_dataset_num(h5ctx *c, hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                     int rank, const hsize_t *dims, const void *data, const char *units, hid_t dcpl)
{
    hid_t sp = -1, d = -1;
    if ((sp = H5C(c, H5Screate_simple(rank, dims, NULL))) < 0) goto fail;
    d = H5C(c, H5Dcreate2(loc, name, file_type, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    if (d < 0) goto fail;
    if (H5C(c, H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data)) < 0) goto fail;
    if (h5_attr_str(c, d, "units", units) < 0) goto fail;
    H5Sclose(sp);
    return d;
fail:
    H5CLOSE(H5Dclose, d);
    H5CLOSE(H5Sclose, sp);
    return -1;
}

hid_t h5_dataset_f64(h5ctx *c, hid_t loc, const char *name, int rank, const hsize_t *dims,
                     const double *data, const char *units, hid_t dcpl)
{
    return h5_dataset_num(c, loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, dims, data, units,
                          dcpl);
}

hid_t h5_group_new(h5ctx *c, hid_t loc, const char *name, hid_t gcpl)
{
    return H5C(c, H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT));
}

/* Modification times are not stored in object headers, so two runs of the
 * same scenario differ only in the root attributes that are meant to differ
 * (created, wall_seconds). */
void h5_plists_close(h5_plists *p)
{
    H5CLOSE(H5Pclose, p->gcpl);
    H5CLOSE(H5Pclose, p->gcpl_order);
    H5CLOSE(H5Pclose, p->dcpl);
}

int h5_plists_make(h5ctx *c, h5_plists *p)
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
    h5_plists_close(p);
    return -1;
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
uint64_t rd_limit_bytes(void)
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

void rd_on_file(rdctx *c, const char *path, ds_errors *errs)
{
    memset(c, 0, sizeof *c);
    c->h = (h5ctx){errs, path, DS_EINPUT, 0};
    struct stat st;
    c->file_bytes = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
    c->budget_bytes = c->limit_bytes = rd_limit_bytes();
}

/* "330 KiB", "16 GiB": sizes in messages. */
const char *rd_fmt_bytes(char buf[32], uint64_t n)
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
const char *rd_esc(char *buf, size_t n, const char *s)
{
    size_t k = 0;
    put_str(buf, n, &k, s);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
    return buf;
}

/* Names loc/name (loc itself when name is NULL), or its attribute attr, as
 * errors show it ("attribute 'units' of /variants/base/mean/treasury"): into
 * c->what, and into the trail for the probe. Returns c->what. */
const char *rd_at(rdctx *c, hid_t loc, const char *name, const char *attr)
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
    rd_esc(c->what, sizeof c->what, raw);
    rd_esc(results_trail->object, sizeof results_trail->object, raw);
    return c->what;
}

/* c->what is not what the format defines: reported (the first error only)
 * as a damaged file. Returns -1. */
int rd_fail(rdctx *c, const char *fmt, ...)
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

int rd_oom(rdctx *c)
{
    if (!c->h.failed) errors_add(c->h.errs, DS_EFAIL, c->h.path, 0, 0, NULL, "out of memory");
    c->h.failed = 1;
    return -1;
}

/* Takes bytes from the reader's budget before they are allocated (or, for
 * printed text, once they are known). 0, or -1 with the error added. */
int rd_reserve(rdctx *c, uint64_t bytes)
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
                   c->what, rd_fmt_bytes(a, bytes), rd_fmt_bytes(b, c->budget_bytes),
                   rd_fmt_bytes(l, c->limit_bytes),
                   g_read_max_bytes > 0 ? "as set" : "half the memory available or ulimit -v");
    }
    c->h.failed = 1;
    return -1;
}

void rd_release(rdctx *c, uint64_t bytes)
{
    c->budget_bytes += bytes;
}

/* loc/name as a link the readers follow: 1 when absent, 0 when a hard link,
 * else -1 with the error added. The writer makes hard links only; a soft
 * link could show one object as several or loop, an external one would open
 * another file (a FIFO, where open(2) blocks for ever, or anything else). */
static int rd_link(rdctx *c, hid_t loc, const char *name)
{
    rd_at(c, loc, name, NULL);
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
int rd_open(rdctx *c, hid_t loc, const char *name, H5I_type_t type, hid_t *id)
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
int rd_extent(rdctx *c, hid_t sp, int *rank, hsize_t dims[H5S_MAX_RANK], uint64_t *n)
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

const char *rd_class_name(hid_t t)
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
int rd_is_number(hid_t t)
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
int rd_number_type(rdctx *c, hid_t t)
{
    if (rd_is_number(t)) return 0;
    H5T_class_t cls = (H5T_class_t)H5X(H5Tget_class(t));
    if (cls == H5T_INTEGER || cls == H5T_FLOAT)
        return rd_fail(c,
                       "is %s of a layout results files do not use (integers of 1 to 8 bytes "
                       "and IEEE floats only)",
                       rd_class_name(t));
    return rd_fail(c, "is %s, expected a number", rd_class_name(t));
}

/* A string type the readers convert: ASCII or UTF-8, variable length or of a
 * fixed size no larger than the file (which stores its bytes). 1 variable,
 * 0 fixed (*size its bytes), -1 with the error added. */
int rd_string_type(rdctx *c, hid_t t, size_t *size)
{
    if ((H5T_class_t)H5X(H5Tget_class(t)) != H5T_STRING)
        return rd_fail(c, "is %s, expected a string", rd_class_name(t));
    H5T_cset_t cs = (H5T_cset_t)H5X(H5Tget_cset(t));
    if (cs != H5T_CSET_ASCII && cs != H5T_CSET_UTF8)
        return rd_fail(c, "has a character set other than ASCII and UTF-8");
    htri_t vlen = H5C(&c->h, H5Tis_variable_str(t));
    if (vlen != 0) return vlen < 0 ? -1 : 1;
    *size = (size_t)H5X(H5Tget_size(t));
    if (*size == 0 || *size > c->file_bytes) {
        char a[32];
        return rd_fail(c, "declares strings of %zu bytes in a file of %s", *size,
                       rd_fmt_bytes(a, c->file_bytes));
    }
    return 0;
}

/* Opens attribute name of loc, with its type and dataspace: 0, 1 when
 * absent, -1. rd_attr_close closes what was opened. */
int rd_attr_open(rdctx *c, hid_t loc, const char *name, hid_t *a, hid_t *t, hid_t *sp)
{
    *a = *t = *sp = -1;
    rd_at(c, loc, NULL, name);
    htri_t has = H5C(&c->h, H5Aexists(loc, name));
    if (has <= 0) return has < 0 ? -1 : 1;
    if ((*a = H5C(&c->h, H5Aopen(loc, name, H5P_DEFAULT))) >= 0 &&
        (*t = H5C(&c->h, H5Aget_type(*a))) >= 0 && (*sp = H5C(&c->h, H5Aget_space(*a))) >= 0)
        return 0;
    return -1;
}

void rd_attr_close(hid_t *a, hid_t *t, hid_t *sp)
{
    H5CLOSE(H5Sclose, *sp);
    H5CLOSE(H5Tclose, *t);
    H5CLOSE(H5Aclose, *a);
}

/* A string attribute (one value, fixed or variable length) into a malloc'd
 * string, taken from the budget. 0, 1 when the attribute does not exist, -1. */
int rd_attr_str(rdctx *c, hid_t loc, const char *name, char **out)
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
int rd_attr_f64(rdctx *c, hid_t loc, const char *name, double *out)
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
int rd_attr_int(rdctx *c, hid_t loc, const char *name, int lo, int hi, int *out)
{
    double x;
    int got = rd_attr_f64(c, loc, name, &x);
    if (got != 0) return got;
    if (!(x >= lo && x <= hi) || x != floor(x))
        return rd_fail(c, "is %.6g, expected a whole number from %d to %d", x, lo, hi);
    *out = (int)x;
    return 0;
}

/* ---------------------------------------------------------------- any attribute as text */

/* Prints any attribute into o, raw: strings, integers and floats, scalars or
 * arrays (the first 8 values); other type classes by name. Used for groups
 * this version does not know in detail (claims, new summary scalars), so
 * later writers can add attributes without changing info. The attribute's
 * values are stored whole and unfiltered in the file, which bounds what is
 * allocated; the caller takes what is printed from the budget. */
static int attr_print(rdctx *c, hid_t loc, const char *name, FILE *o)
{
    hid_t a, t, sp, mt = -1;
    void *buf = NULL;
    uint64_t n = 0, held = 0;
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
                (unsigned long long)n, tsize, rd_fmt_bytes(b, c->file_bytes));
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
                fputs(s[i] ? s[i] : "", o);
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
                fwrite(s + i * len, 1, strnlen(s + i * len, len), o);
            }
        }
    } else if (rd_is_number(t)) {
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
                fprintf(o, "%s%s", i ? " " : "", results_fmt_num(nb, v[i]));
        }
    } else {
        fprintf(o, "(%s, not shown)", rd_class_name(t));
        n = shown = 1;
    }
    if (n > shown) fprintf(o, " ... (%llu values)", (unsigned long long)n);
done:
    rc = 0;
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

int rd_attr_text(rdctx *c, hid_t loc, const char *name, char **out)
{
    size_t len = 0;
    *out = NULL;
    FILE *o = open_memstream(out, &len);
    if (!o) return rd_oom(c);
    int rc = attr_print(c, loc, name, o);
    if (fclose(o) != 0 && rc == 0) rc = rd_oom(c);
    if (rc == 0) rc = rd_reserve(c, (uint64_t)len + 1); /* the text is held */
    if (rc != 0) {
        free(*out);
        *out = NULL;
    }
    return rc;
}
