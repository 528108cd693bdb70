/* run_int.h — what run.c (prepare, summarise, write) and run_paths.c
 * (planning and simulating the path ranges, the ranks' rows) share. */
#ifndef DS_RUN_INT_H
#define DS_RUN_INT_H

#include "run.h"

/* Every rank's worst status after a stage (cluster_agree); remembers an
 * agreed failure for run_conclude. Outside MPI, rc. */
int run_agree(ds_run *r, int rc, ds_errors *errs);

/* The ranges this process simulates (its share less what the checkpoint
 * holds, which every rank learns from rank 0) and, on rank 0, the
 * checkpoint's blocks read into the rows; the progress totals. */
int run_plan(ds_run *r, ds_errors *errs);

#endif
