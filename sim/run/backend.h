/* backend.h — the interface every backend runs behind: where a run's results
 * go (ds_run_buffers), how it reports progress and is asked to stop
 * (ds_progress), the bytes a path's results take, and the dispatch between
 * the CPU (OpenMP, the reference: engine.h) and CUDA (kernels/backend_cuda.h)
 * where it was built and a device is present. Plain C that nvcc compiles too:
 * the CUDA side fills the same structs, so no CUDA type leaks into host code
 * and no host type is copied into kernels/. */
#ifndef DS_BACKEND_H
#define DS_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "../../models/metrics.h"
#include "../../models/outcomes.h"
#include "../../models/params.h"
#include "../error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { DS_BACKEND_AUTO = 0, DS_BACKEND_CPU = 1, DS_BACKEND_CUDA = 2 };

/* Progress shared by all workers; `tick` is called by one thread only (the
 * CPU's master thread, the CUDA driver's host thread). */
typedef struct {
    volatile long done;       /* path-steps finished, updated atomically */
    long total;               /* path-steps in the whole run */
    volatile long paths_done; /* paths finished (to the end or to an invalid state) */
    long paths_total;         /* paths in the whole run */
    void (*tick)(void *ctx, long done, long total, long paths_done, long paths_total);
    void *ctx;
    volatile int stop; /* set asynchronously to ask workers to stop */
} ds_progress;

/* Where a run's results go: rows for paths_total paths of one variant, row k
 * holding path path_offset + k (path_offset is 0 when the buffers hold every
 * path of the run; a shard, an MPI rank or a checkpoint block holds a range):
 *   rec          [DS_N_METRICS × paths_total × records]: path p, metric m,
 *                record r at rec[(m·paths_total + p − path_offset)·records + r]
 *   outcomes     [DS_N_OUTCOMES × paths_total]              (or NULL)
 *   claims       [n_claims × paths_total], 1 where the claim holds on the path (or NULL)
 *   done         [paths_total] 1 once the path ran to the end (or NULL; needs bad_step)
 *   bad_step     [paths_total] step of the first invalid state, −1 if none (or NULL)
 *   bad_variable [paths_total] DS_BAD_* at bad_step (or NULL) */
typedef struct {
    int paths_total; /* rows */
    double *rec;
    double *outcomes;
    uint8_t *claims;
    uint8_t *done;
    int32_t *bad_step;
    uint8_t *bad_variable;
    int path_offset; /* the path row 0 holds */
} ds_run_buffers;

/* Bytes of one path's results as a backend computes them: DS_RUN_RECORD_BYTES
 * per record, then outcomes, claims, bad_step and bad_variable (the host's
 * `done` flag, derived from bad_step, is one byte more). The one count of a
 * path's results: the run driver sizes its buffers and its memory estimate by
 * it, the CUDA backend its device outputs (the same arrays, a batch at a
 * time). */
#define DS_RUN_RECORD_BYTES (DS_N_METRICS * sizeof(double))
static inline size_t ds_run_path_fixed_bytes(const ds_params *P)
{
    return (size_t)DS_N_OUTCOMES * sizeof(double) + (size_t)P->n_claims + sizeof(int32_t) +
           sizeof(uint8_t);
}
static inline size_t ds_run_path_bytes(const ds_params *P)
{
    return (size_t)ds_params_records(P) * DS_RUN_RECORD_BYTES + ds_run_path_fixed_bytes(P);
}

/* 1 if this binary has the CUDA backend compiled in. */
int backend_cuda_built(void);

/* This process's rank among the MPI ranks of its node (0 outside MPI): the
 * CUDA backend uses device slot mod the devices visible, so the ranks of a
 * node with several GPUs spread over them (kernels/backend_cuda.h). Call
 * before backend_choose; nothing without the CUDA backend. */
void backend_use_slot(int slot);

/* A run's backend: what was asked for, what runs, the device it names, and
 * why the CPU runs under `auto` in a binary with the CUDA backend (no usable
 * device, or a CUDA failure during the run; "" otherwise). backend_choose
 * fills it; backend_run_on may change it (a fallback to the CPU), so what it
 * holds after the last run is what ran: the results' provenance. */
typedef struct {
    int requested; /* DS_BACKEND_AUTO, _CPU or _CUDA */
    int chosen;    /* DS_BACKEND_CPU or DS_BACKEND_CUDA */
    int threads;   /* CPU threads; <= 0: OpenMP's default */
    char device[256];
    char reason[384];
    int fell_back; /* a CUDA device was found but failed (then reason says how) */
} ds_backend;

/* Resolve auto/cpu/cuda: under auto and cuda, device 0 must start (its
 * context is created) to be chosen. DS_EINPUT with a message if cuda is asked
 * for and cannot run. */
int backend_choose(ds_backend *b, int requested, int threads, ds_errors *errs);

/* Run paths [first, first + count) of one variant on b's backend. Under
 * auto, a CUDA failure (a CUDA call, device memory too small) runs the same
 * paths on the CPU instead, with the same results (dsmath.h: the backends
 * agree bit for bit), and says so in b (chosen, device, reason, fell_back). */
int backend_run_on(ds_backend *b, const ds_params *P, int first, int count,
                   const ds_run_buffers *out, ds_progress *progress, ds_errors *errs);

/* The same for a caller that keeps no ds_backend (the tests): `backend` as
 * chosen, never falling back. */
int backend_run(int backend, const ds_params *P, int first, int count, const ds_run_buffers *out,
                int threads, ds_progress *progress, ds_errors *errs);

#ifdef __cplusplus
}
#endif

#endif
