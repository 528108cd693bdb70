/* backend.h — which backend runs a variant's paths: the CPU (OpenMP, the
 * reference) or CUDA where it was built and a device is present. The CUDA
 * backend is reached only through here, with bare pointers, so no CUDA type
 * leaks into host code. */
#ifndef DS_BACKEND_H
#define DS_BACKEND_H

#include "engine.h"

enum { DS_BACKEND_AUTO = 0, DS_BACKEND_CPU = 1, DS_BACKEND_CUDA = 2 };

/* 1 if this binary has the CUDA backend compiled in. */
int backend_cuda_built(void);

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

/* The same through plain values, for callers that keep no ds_backend:
 * backend_select fills device (e.g. "CPU, 2 OpenMP threads" or the GPU's
 * name) and says on stderr why auto chose the CPU when a device was found
 * but cannot run; backend_run never falls back. */
int backend_select(int requested, int threads, char *device, size_t device_len, int *chosen,
                   ds_errors *errs);
int backend_run(int backend, const ds_params *P, int first, int count, const ds_run_buffers *out,
                int threads, ds_progress *progress, ds_errors *errs);

#endif
