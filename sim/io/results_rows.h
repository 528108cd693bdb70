/* results_rows.h — paths as the backends wrote them, before any statistics,
 * in a file of their own: the blocks a checkpoint keeps (sim/run/checkpoint.c)
 * and reads back on resume. One HDF5 file per block of paths [first, end) of
 * every variant, with the run's identity (results.h) at its root. Read with
 * the results readers' checks: a block is untrusted input like any file.
 * Implemented in results_rows.c, on the results files' checked HDF5 layer. */
#ifndef DS_RESULTS_ROWS_H
#define DS_RESULTS_ROWS_H

#include <stdint.h>

#include "../error.h"
#include "results.h"

#define RESULTS_ROWS_FORMAT "depinsim-checkpoint-1"

/* One variant's rows, as sim/run/backend.h lays them out: buffers of `rows`
 * rows from path row0 (records doubles per metric and path). */
typedef struct {
    double *rec;           /* [DS_N_METRICS × rows × records] */
    double *outcomes;      /* [DS_N_OUTCOMES × rows] */
    uint8_t *claims;       /* [n_claims × rows] */
    uint8_t *done;         /* [rows] 1: ran to the end */
    int32_t *bad_step;     /* [rows] −1, or the step of the first invalid state */
    uint8_t *bad_variable; /* [rows] */
    int rows, row0, n_claims;
} ds_rows;

/* Writes paths [first, end) of every variant (v[n_variants], each holding
 * them) to a new file at path (refused if it exists). The caller syncs and
 * renames it. DS_OK or DS_EFAIL with errs. */
int results_rows_write(const char *path, const ds_identity *id, int first, int end, int records,
                       int n_variants, const ds_rows *v, ds_errors *errs);

/* A block's identity and range, its file checked as far as that. DS_OK, or
 * DS_EINPUT (not a block, damaged) / DS_EFAIL with errs. identity_free after. */
int results_rows_header(const char *path, ds_identity_owned *id, int *first, int *end,
                        ds_errors *errs);

/* Reads the block at path, which must hold paths [first, end) of n_variants
 * variants of `records` records (and each variant's n_claims), into v; every
 * path in it must have ended (ran to the end, or stopped at an invalid
 * state). DS_OK, or DS_EINPUT / DS_EFAIL with errs. */
int results_rows_read(const char *path, int first, int end, int records, int steps, int n_variants,
                      const ds_rows *v, ds_errors *errs);

#endif
