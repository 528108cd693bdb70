/* results_merge.h — `depinsim merge`: shards (run --paths-range A:B) put
 * together into the results file one run of every path would have written,
 * datasets byte for byte. The shards must be of one run (scenario text,
 * --set options, seed, sizes and binary: results.h's identity), complete,
 * and cover the paths exactly once; the statistics are computed once over all
 * paths, in path order, by the functions a run uses. Everything comes from
 * the shard files themselves: the scenario is not read again. */
#ifndef DS_RESULTS_MERGE_H
#define DS_RESULTS_MERGE_H

#include <signal.h>

#include "../error.h"

typedef struct {
    const char *const *shards; /* [n_shards] files, in any order */
    int n_shards;
    const char *out;                 /* the merged file */
    int force;                       /* replace an existing regular file */
    volatile const int *abort;       /* set (an interrupt): remove the temporary, write nothing */
    volatile sig_atomic_t *tmp_live; /* set while the temporary exists (the signal handler's cue) */
} ds_merge_options;

/* Summary of a merge, for the command line to print. */
typedef struct {
    int paths, variants, shards;
} ds_merge_summary;

/* DS_OK, DS_EINPUT (a shard missing, damaged, of another run, or the paths
 * not covered exactly once: located at the shard and the field), or DS_EFAIL. */
int results_merge(const ds_merge_options *o, ds_merge_summary *sum, ds_errors *errs);

#endif
