/* engine.h — the CPU backend: OpenMP over paths, each path simulated serially
 * with the models/ step functions; records every `record_every` steps. A run
 * is a range of paths, the unit of work for threads now and for GPU batches
 * or cluster ranks later. */
#ifndef DS_ENGINE_H
#define DS_ENGINE_H

#include <stdint.h>

#include "../../models/params.h"
#include "../error.h"
#include "backend.h"

/* The name of a DS_BAD_* state variable, for messages. */
const char *engine_bad_name(int bad);

/* The on_invalid: fail error, the same words from every backend; DS_EFAIL. */
int engine_report_invalid(const ds_params *P, int path, int step, int bad, ds_errors *errs);

/* Simulate paths [first, first + count) of one variant. threads <= 0:
 * OpenMP's default. State is checked at every record: an invalid path stops
 * there (its later records are NaN) and is reported in bad_step/bad_variable;
 * under run.on_invalid = fail the whole run stops and DS_EFAIL names the path,
 * step and variable. Returns DS_OK, or DS_EFAIL (allocation, invalid state,
 * or stopped through progress->stop) with a message in errs. */
int engine_run_cpu(const ds_params *P, int first, int count, const ds_run_buffers *out, int threads,
                   ds_progress *progress, ds_errors *errs);

/* Simulate one path and call `check` after every step with the path state;
 * for tests of per-step invariants (supply accounting). */
typedef void (*ds_step_hook)(void *ctx, const void *path_state, int step);
int engine_run_path(const ds_params *P, uint32_t path, double *rec_one /* [M × R] */,
                    ds_step_hook hook, void *ctx);

/* How the provider passes run: "scalar" (one provider at a time, as on the
 * GPU), or over vector lanes: "avx512", "avx2", "portable", or "auto" (NULL)
 * for the fastest this CPU runs (AVX-512, AVX2, else scalar). Without a call,
 * the first run takes DEPINSIM_SIMD from the environment, else "auto". Every
 * choice gives byte-identical results. DS_EFAIL when the name is unknown or
 * the CPU lacks the instructions (the choice is then unchanged). Not
 * thread-safe: call between runs. */
int engine_simd_use(const char *name);

/* The name of the passes in use (after the first run or engine_simd_use). */
const char *engine_simd_name(void);

/* Bytes the CPU backend needs per worker thread for a pool of n providers. */
size_t engine_bytes_per_worker(int n_providers);

#endif
