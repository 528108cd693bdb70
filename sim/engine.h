/* engine.h — the CPU backend: OpenMP over paths, each path simulated serially
 * with the models/ step functions; records every `record_every` steps. A run
 * is a range of paths, the unit of work for threads now and for GPU batches
 * or cluster ranks later. */
#ifndef DS_ENGINE_H
#define DS_ENGINE_H

#include <stdint.h>

#include "../models/params.h"
#include "error.h"

/* Progress shared by all workers; `tick` is called by one thread only. */
typedef struct {
    volatile long done; /* path-steps finished, updated atomically */
    long total;         /* path-steps in the whole run */
    void (*tick)(void *ctx, long done, long total);
    void *ctx;
    volatile int stop; /* set asynchronously to ask workers to stop */
} ds_progress;

/* Simulate paths [first, first + count) of one variant.
 * rec: [DS_N_METRICS × paths_total × records], path p's records at
 * rec[(m·paths_total + p)·records + r]. threads <= 0: OpenMP's default.
 * Returns DS_OK, DS_EFAIL (allocation) or, if progress->stop was raised,
 * DS_EFAIL with a message. */
int engine_run_cpu(const ds_params *P, int first, int count, int paths_total, double *rec,
                   int threads, ds_progress *progress, ds_errors *errs);

/* Simulate one path and call `check` after every step with the path state;
 * for tests of per-step invariants (supply accounting). */
typedef void (*ds_step_hook)(void *ctx, const void *path_state, int step);
int engine_run_path(const ds_params *P, uint32_t path, double *rec_one /* [M × R] */,
                    ds_step_hook hook, void *ctx);

/* Bytes the CPU backend needs per worker thread for a pool of n providers. */
size_t engine_bytes_per_worker(int n_providers);

#endif
