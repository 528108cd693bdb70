/* checkpoint.h — a run's completed blocks of paths kept on disk as they
 * finish (run --checkpoint DIR), so that a run killed by kill -9 or a power
 * cut goes on from where it was (run --resume DIR) to the very results of an
 * uninterrupted run. DIR holds one file per block, paths-<first>-<end>.h5
 * (results_rows.h), each written to a temporary, synced and renamed, the
 * directory synced after: a file under its final name is whole. DIR/lock
 * (flock) keeps a second run out while one holds it. Blocks from another
 * scenario, seed or binary are refused, naming the file and what differs. */
#ifndef DS_CHECKPOINT_H
#define DS_CHECKPOINT_H

#include <limits.h>

#include "../error.h"
#include "../io/results.h"
#include "../io/results_rows.h"

typedef struct {
    char dir[PATH_MAX];
    int lock_fd;    /* -1 unless this process holds DIR/lock */
    int n;          /* blocks found when opened for resume */
    int (*have)[2]; /* [n] {first, end}, sorted, disjoint */
    char **files;   /* [n] their paths */
    int saved;      /* blocks this process saved */
} ds_checkpoint;

/* An unused checkpoint (nothing to close). */
void checkpoint_none(ds_checkpoint *ck);

/* Rank 0 (or a single process): take up DIR. Not resume: DIR is made if
 * missing (one level) and must hold no block (else "use --resume DIR").
 * Resume: DIR must exist; every block's identity must be id's (DS_EINPUT
 * naming the file and the field that differs), the blocks must lie in
 * [first, end) and not overlap. Either way DIR is locked for this run. */
int checkpoint_open(ds_checkpoint *ck, const char *dir, int resume, const ds_identity *id,
                    int first, int end, ds_errors *errs);

/* Other MPI ranks: the directory only, to save their own blocks in. */
void checkpoint_attach(ds_checkpoint *ck, const char *dir);

/* Block i of those found (ck->have[i]) read into v[n_variants]. */
int checkpoint_load(const ds_checkpoint *ck, int i, int records, int steps, int n_variants,
                    const ds_rows *v, ds_errors *errs);

/* Paths [first, end) of every variant saved as a block. */
int checkpoint_save(ds_checkpoint *ck, const ds_identity *id, int first, int end, int records,
                    int n_variants, const ds_rows *v, ds_errors *errs);

void checkpoint_close(ds_checkpoint *ck);

#endif
