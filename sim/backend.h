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

/* Resolve auto/cpu/cuda to the backend that will run: DS_BACKEND_CPU or
 * DS_BACKEND_CUDA; fills device (e.g. "CPU, 2 OpenMP threads" or the GPU's
 * name). DS_EINPUT with a message if cuda is asked for and cannot run. */
int backend_select(int requested, int threads, char *device, size_t device_len, int *chosen,
                   ds_errors *errs);

/* Run paths [first, first + count) of one variant on the chosen backend. */
int backend_run(int backend, const ds_params *P, int first, int count, const ds_run_buffers *out,
                int threads, ds_progress *progress, ds_errors *errs);

#endif
