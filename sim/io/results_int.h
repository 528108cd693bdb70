/* results_int.h — the private HDF5 layer every part of the results file goes
 * through (sim/io/results*.c only): the checking macro H5C, which turns a
 * failed HDF5 call into an error naming the call and its source line, and
 * the trail the probe reads when a child dies inside HDF5 (results.c); the
 * writer's object helpers (results.c); the reader's checked reads, each
 * object tested against the format before anything is read from it, within
 * a memory budget (results.c: attributes, any attribute as text;
 * results_data.c: datasets, link and attribute lists, opening a file). */
#ifndef DS_RESULTS_INT_H
#define DS_RESULTS_INT_H

#include <hdf5.h>
#include <stdint.h>

#include "../error.h"
#include "results.h"
#include "results_format.h"
#include "results_read.h"

/* ---------------------------------------------------------------- the checking macro */

typedef struct {
    ds_errors *errs;
    const char *path; /* the file named in errors */
    int kind;         /* DS_EFAIL when writing; DS_EINPUT when a file we read is damaged */
    int failed;       /* only the first failure is reported: the rest are its consequences */
} h5ctx;

/* Where this process is in the HDF5 library, for the probe (results_probe):
 * the HDF5 call it is inside, if any, where it is made, and the object it
 * reads. Every call made through H5C, H5X or H5CLOSE sets it before and
 * clears it after. In the probe's child it lives in a page shared with the
 * parent, which reads it when the child dies: inside a call means the
 * library crashed on the file, outside means our own code did. The call and
 * file are string literals, at the same address in parent and child (fork). */
typedef struct {
    volatile int in_hdf5;
    const char *volatile call;
    const char *volatile file; /* the source file's name, without its folders */
    volatile int line;
    volatile int finished; /* the reads completed; a death after that is neither's */
    char object[256];
} h5_trail;

extern h5_trail *results_trail;

void h5_enter(const char *call, const char *file, int line);
int64_t h5_leave(int64_t rc);
int64_t h5_check(h5ctx *c, int64_t rc, const char *call, const char *file, int line);
/* The innermost HDF5 error's description (H5Ewalk2 callback): what went wrong. */
herr_t h5_innermost(unsigned n, const H5E_error2_t *e, void *data);

/* An HDF5 call whose result the caller checks itself: only the trail. */
#define H5X(call) h5_leave((h5_enter(#call, __FILE__, __LINE__), (int64_t)(call)))

/* Evaluates to the call's own result (hid_t, herr_t or htri_t), negative on failure. */
#define H5C(c, call) h5_check((c), H5X(call), #call, __FILE__, __LINE__)

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

h5_quiet h5_quiet_begin(void);
void h5_quiet_end(h5_quiet q);

/* File access shared by writer and reader (locking ignored where the file
 * system lacks it; STRONG close; V18 for the writer). -1 on failure. */
hid_t h5_fapl(h5ctx *c, int for_write);

/* ---------------------------------------------------------------- writing */

int h5_attr_str(h5ctx *c, hid_t loc, const char *name, const char *s);
/* An attribute of file_type (numbers, or a string type): scalar when n == 0,
 * else a 1-D array of n. */
int h5_attr_num(h5ctx *c, hid_t loc, const char *name, hid_t file_type, hid_t mem_type, hsize_t n,
                const void *value);
int h5_attr_f64(h5ctx *c, hid_t loc, const char *name, double v);
int h5_attr_i32(h5ctx *c, hid_t loc, const char *name, int v);
/* A numeric dataset of the given shape with a units attribute: the open
 * dataset (the caller may add attributes), or -1. */
hid_t h5_dataset_num(h5ctx *c, hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                     int rank, const hsize_t *dims, const void *data, const char *units,
                     hid_t dcpl);
hid_t h5_dataset_f64(h5ctx *c, hid_t loc, const char *name, int rank, const hsize_t *dims,
                     const double *data, const char *units, hid_t dcpl);
hid_t h5_group_new(h5ctx *c, hid_t loc, const char *name, hid_t gcpl);

/* Property lists reused for every object of a file. */
typedef struct {
    hid_t gcpl;       /* plain group */
    hid_t gcpl_order; /* group that remembers the order of its links and attributes */
    hid_t dcpl;       /* contiguous dataset */
} h5_plists;

int h5_plists_make(h5ctx *c, h5_plists *p);
void h5_plists_close(h5_plists *p);
/* paths/<metric> [paths × R]: chunks of whole rows, shuffle, deflate (results_write.c) */
hid_t h5_paths_dcpl(h5ctx *c, const h5_plists *p, int paths, int records);

/* /inputs (results_inputs.c): written when r has inputs; 0 or -1. */
int results_write_inputs(h5ctx *c, const h5_plists *p, hid_t f, const ds_results *r);
/* results_ext.c: what experiments add (results_ext.h), written after the
 * variants into the open file. 0, or -1 with the error. */
struct results_ext_s;
int results_ext_write(h5ctx *c, const h5_plists *p, hid_t file, const struct results_ext_s *x);

/* ---------------------------------------------------------------- checked reads */

/* A reader's state: the checking macro's, and its limits. */
typedef struct {
    h5ctx h;
    uint64_t file_bytes;   /* the file's size: no object stored in it can be larger */
    uint64_t budget_bytes; /* what this reader may still allocate for values it reads */
    uint64_t limit_bytes;  /* the whole budget, for messages */
    char what[320];        /* the object being read, as errors name it */
} rdctx;

/* What one reader may allocate (results_read_max_memory, else half of what
 * is available or ulimit -v/-d allows). */
uint64_t rd_limit_bytes(void);
/* A reader on a file results_read has opened (path, its size for the
 * stored-size checks) with a whole budget, as open_results sets one. */
void rd_on_file(rdctx *c, const char *path, ds_errors *errs);
/* "330 KiB", "16 GiB": sizes in messages. */
const char *rd_fmt_bytes(char buf[32], uint64_t n);
/* s with control characters as '?', into buf (truncated): names in messages. */
const char *rd_esc(char *buf, size_t n, const char *s);
/* Names loc/name (loc itself when name is NULL), or its attribute attr, as
 * errors show it, in c->what and in the trail. Returns c->what. */
const char *rd_at(rdctx *c, hid_t loc, const char *name, const char *attr);
/* c->what is not what the format defines: a damaged file (the first error only). -1. */
int rd_fail(rdctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int rd_oom(rdctx *c); /* -1 */
/* Takes bytes from the budget before they are allocated: 0, or -1 refused. */
int rd_reserve(rdctx *c, uint64_t bytes);
void rd_release(rdctx *c, uint64_t bytes);
/* Opens loc/name, a hard link to an object of the given type (H5I_GROUP,
 * H5I_DATASET; H5I_BADID: any): 0 with *id open (H5Oclose it), 1 absent, -1. */
int rd_open(rdctx *c, hid_t loc, const char *name, H5I_type_t type, hid_t *id);
/* A dataspace's rank (0 scalar, -1 null), dimensions and number of values. */
int rd_extent(rdctx *c, hid_t sp, int *rank, hsize_t dims[H5S_MAX_RANK], uint64_t *n);
const char *rd_class_name(hid_t t);
/* Integers of 1 to 8 bytes and IEEE floats: what converts to double plainly. */
int rd_is_number(hid_t t);
int rd_number_type(rdctx *c, hid_t t);
/* A string type the readers convert: 1 variable, 0 fixed (*size), -1. */
int rd_string_type(rdctx *c, hid_t t, size_t *size);
/* Attribute name of loc with its type and dataspace: 0, 1 absent, -1. */
int rd_attr_open(rdctx *c, hid_t loc, const char *name, hid_t *a, hid_t *t, hid_t *sp);
void rd_attr_close(hid_t *a, hid_t *t, hid_t *sp);
/* One string / number / whole number in lo..hi: 0, 1 when absent, -1. */
int rd_attr_str(rdctx *c, hid_t loc, const char *name, char **out);
int rd_attr_f64(rdctx *c, hid_t loc, const char *name, double *out); /* NaN when absent */
int rd_attr_int(rdctx *c, hid_t loc, const char *name, int lo, int hi, int *out);
/* Any attribute as text, as `info` shows it: strings and numbers, scalars or
 * arrays (the first 8 values), other type classes by name; *out malloc'd and
 * taken from the budget, raw (the printer escapes it). 0 or -1. */
int rd_attr_text(rdctx *c, hid_t loc, const char *name, char **out);

/* results_data.c */

/* Opens loc/name as a numeric dataset of the given rank (1 or 2) and, where
 * want[i] > 0, dimensions, its storage checked: 0 with *d open (H5Oclose
 * it), 1 when absent, -1. dims gets its dimensions, *n its values. */
int rd_dataset(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
               hsize_t dims[2], uint64_t *n, hid_t *d);
/* The same as rd_f64_whole, read as mem_type (elem bytes each) into *out. */
int rd_num_whole(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
                 hsize_t dims[2], hid_t mem_type, size_t elem, void **out);

/* A numeric dataset of rank 1 or 2 (want[i] > 0: that dimension) read whole
 * into a malloc'd array taken from the budget: 0, 1 when absent, -1. */
int rd_f64_whole(rdctx *c, hid_t loc, const char *name, int rank, const hsize_t want[2],
                 hsize_t dims[2], double **out);

typedef struct {
    char **names;
    int n, cap;
} rd_names;

void rd_names_free(rd_names *l);
/* Attribute or link names, in creation order where the object indexes it,
 * else by name. */
int rd_list_attrs(rdctx *c, hid_t loc, rd_names *l);
int rd_list_links(rdctx *c, hid_t g, rd_names *l);
/* Opens a results file read-only with the checks every reader shares, and
 * sets c's limits. DS_OK with *f and *fapl open, else the status. */
int rd_open_file(rdctx *c, hid_t *f, hid_t *fapl);
/* The root's format attribute is this build's: 0, or -1 with the error. */
int rd_check_format(rdctx *c, hid_t f);

/* /inputs into r->inputs (results_inputs.c): 0 (none is 0 too), or -1. */
int results_read_inputs(rdctx *c, hid_t f, ds_read_results *r);
void results_read_inputs_free(ds_read_results *r);

/* results_read.c */

/* A string attribute, "" when absent: 0, or -1. */
int rd_attr_str0(rdctx *c, hid_t loc, const char *name, char **out);
/* n elements of size bytes, zeroed, taken from the budget (NULL for n == 0 or a refusal). */
void *rd_calloc(rdctx *c, size_t n, size_t size);

/* results_provenance.c: the identity (results.h) at a file's root, written
 * whole (full: with the attributes every results file has anyway) or read
 * ("" and -1 where absent); the provenance and shard attributes of a results
 * file (results_write.c calls them). */
int h5_write_identity(h5ctx *c, hid_t f, const ds_identity *id, int full);
int rd_identity(rdctx *c, hid_t f, ds_identity_owned *o);
int h5_write_provenance(h5ctx *c, hid_t f, const ds_provenance *p);
int h5_write_shard(h5ctx *c, hid_t f, const ds_shard_info *s);
/* The provenance attributes info shows (results_read.h), into p; and free. */
int rd_provenance(rdctx *c, hid_t f, ds_read_provenance *p);
void rd_provenance_free(ds_read_provenance *p);

#endif
