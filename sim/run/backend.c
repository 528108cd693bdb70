/* backend.c — backend dispatch. The CPU (OpenMP, the reference) is always
 * there; the CUDA backend only where it was compiled in (DS_HAVE_CUDA) and a
 * device is present, reached through kernels/backend_cuda.h's bare-pointer
 * driver functions so no CUDA type enters host code. Under --backend auto a
 * device that cannot start, or a CUDA failure during a run, leaves the run to
 * the CPU, and the reason is kept (ds_backend.reason). */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "engine.h"
#ifdef DS_HAVE_CUDA
#include "../../kernels/backend_cuda.h"
#endif

int backend_cuda_built(void)
{
#ifdef DS_HAVE_CUDA
    return 1;
#else
    return 0;
#endif
}

void backend_use_slot(int slot)
{
#ifdef DS_HAVE_CUDA
    cuda_use_slot(slot);
#else
    (void)slot;
#endif
}

static void cpu_device(int threads, char *device, size_t device_len)
{
#ifdef _OPENMP
    int n = threads > 0 ? threads : omp_get_max_threads();
#else
    int n = 1;
    (void)threads;
#endif
    snprintf(device, device_len, "CPU, %d OpenMP thread%s", n, n > 1 ? "s" : "");
}

int backend_choose(ds_backend *b, int requested, int threads, ds_errors *errs)
{
    memset(b, 0, sizeof *b);
    b->requested = requested;
    b->threads = threads;
#ifdef DS_HAVE_CUDA
    if (requested != DS_BACKEND_CPU) {
        char name[256];
        size_t free_bytes = 0;
        int rc = cuda_device_info(name, sizeof name, &free_bytes);
        if (rc == CUDA_OK) {
            snprintf(b->device, sizeof b->device, "%s", name);
            b->chosen = DS_BACKEND_CUDA;
            return DS_OK;
        }
        if (requested == DS_BACKEND_CUDA) {
            errors_add(errs, DS_EINPUT, NULL, 0, 0, "--backend", "cuda: no usable CUDA device (%s)",
                       name);
            return DS_EINPUT;
        }
        /* auto: the CPU, and why */
        snprintf(b->reason, sizeof b->reason, "no usable CUDA device (%s)", name);
        b->fell_back = rc == CUDA_EDEVICE;
    }
#else
    if (requested == DS_BACKEND_CUDA) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, "--backend",
                   "cuda: this build has no CUDA support (rebuild where nvcc is found)");
        return DS_EINPUT;
    }
#endif
    cpu_device(threads, b->device, sizeof b->device);
    b->chosen = DS_BACKEND_CPU;
    return DS_OK;
}

#ifdef DS_HAVE_CUDA
/* One CUDA run: CUDA_OK, or a CUDA_E* code with the message in err. The
 * invalid-state report needs every path's bad step and variable, whether or
 * not the caller keeps them. */
static int run_cuda(const ds_params *P, int first, int count, const ds_run_buffers *out,
                    ds_progress *progress, char *err, size_t errlen, int32_t *bad_step,
                    uint8_t *bad_var)
{
    ds_run_buffers cb = *out;
    cb.bad_step = bad_step;
    cb.bad_variable = bad_var;
    return cuda_run(P, first, count, &cb, progress, err, errlen);
}
#endif

int backend_run_on(ds_backend *b, const ds_params *P, int first, int count,
                   const ds_run_buffers *out, ds_progress *progress, ds_errors *errs)
{
#ifdef DS_HAVE_CUDA
    if (b->chosen == DS_BACKEND_CUDA) {
        size_t n = (size_t)out->paths_total;
        int32_t *bad_step = out->bad_step ? out->bad_step : malloc(n * sizeof *bad_step);
        uint8_t *bad_var = out->bad_variable ? out->bad_variable : malloc(n);
        if (!bad_step || !bad_var) {
            if (bad_step != out->bad_step) free(bad_step);
            if (bad_var != out->bad_variable) free(bad_var);
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            return DS_EFAIL;
        }
        /* a fallback starts the progress where this run started it */
        long done0 = progress ? progress->done : 0, paths0 = progress ? progress->paths_done : 0;
        char err[320] = "";
        int crc = run_cuda(P, first, count, out, progress, err, sizeof err, bad_step, bad_var);
        int rc = crc == CUDA_OK ? DS_OK : DS_EFAIL;
        /* under on_invalid: fail, the lowest invalid path, in engine_run_cpu's words */
        for (int p = first;
             rc == DS_OK && P->run.on_invalid == DS_INVALID_FAIL && p < first + count; p++) {
            size_t row = (size_t)(p - out->path_offset);
            if (bad_step[row] < 0) continue;
            engine_report_invalid(P, p, bad_step[row], bad_var[row], errs);
            rc = DS_EFAIL;
        }
        if (bad_step != out->bad_step) free(bad_step);
        if (bad_var != out->bad_variable) free(bad_var);
        if (crc != CUDA_EDEVICE || b->requested != DS_BACKEND_AUTO) {
            if (crc != CUDA_OK) errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s", err);
            return rc;
        }
        /* auto: the device failed; the CPU runs these paths (and the rest) */
        snprintf(b->reason, sizeof b->reason, "CUDA failed on %.100s: %.250s", b->device, err);
        b->fell_back = 1;
        b->chosen = DS_BACKEND_CPU;
        cpu_device(b->threads, b->device, sizeof b->device);
        if (progress) {
            progress->done = done0;
            progress->paths_done = paths0;
        }
    }
#endif
    return engine_run_cpu(P, first, count, out, b->threads, progress, errs);
}

int backend_run(int backend, const ds_params *P, int first, int count, const ds_run_buffers *out,
                int threads, ds_progress *progress, ds_errors *errs)
{
    ds_backend b;
    memset(&b, 0, sizeof b);
    b.requested = backend;
    b.chosen = backend;
    b.threads = threads;
    return backend_run_on(&b, P, first, count, out, progress, errs);
}
