/* backend.c — backend dispatch. The CPU (OpenMP, the reference) is always
 * there; the CUDA backend only where it was compiled in (DS_HAVE_CUDA) and a
 * device is present, reached through kernels/backend_cuda.h's bare-pointer
 * driver functions so no CUDA type enters host code. */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef DS_HAVE_CUDA
#include "../kernels/backend_cuda.h"
#endif

int backend_cuda_built(void)
{
#ifdef DS_HAVE_CUDA
    return 1;
#else
    return 0;
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

int backend_select(int requested, int threads, char *device, size_t device_len, int *chosen,
                   ds_errors *errs)
{
#ifdef DS_HAVE_CUDA
    if (requested != DS_BACKEND_CPU) {
        char name[256];
        if (cuda_device_info(name, sizeof name, NULL) == 0) {
            snprintf(device, device_len, "%s", name);
            *chosen = DS_BACKEND_CUDA;
            return DS_OK;
        }
        if (requested == DS_BACKEND_CUDA) {
            errors_add(errs, DS_EINPUT, NULL, 0, 0, "--backend", "cuda: no CUDA device found (%s)",
                       name);
            return DS_EINPUT;
        }
        /* auto without a usable device: the CPU */
    }
#else
    if (requested == DS_BACKEND_CUDA) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, "--backend",
                   "cuda: this build has no CUDA support (rebuild where nvcc is found)");
        return DS_EINPUT;
    }
#endif
    cpu_device(threads, device, device_len);
    *chosen = DS_BACKEND_CPU;
    return DS_OK;
}

#ifdef DS_HAVE_CUDA
/* The CUDA driver advances progress->done from the host thread; the bar is
 * drawn from there too. */
static void cuda_tick(void *ctx)
{
    ds_progress *p = ctx;
    if (p->tick) p->tick(p->ctx, p->done, p->total, p->paths_done, p->paths_total);
}
#endif

int backend_run(int backend, const ds_params *P, int first, int count, const ds_run_buffers *out,
                int threads, ds_progress *progress, ds_errors *errs)
{
#ifdef DS_HAVE_CUDA
    if (backend == DS_BACKEND_CUDA) {
        /* the invalid-state report needs every path's bad step, whether or not
         * the caller keeps them */
        int32_t *bad_step = out->bad_step;
        if (!bad_step) bad_step = malloc((size_t)out->paths_total * sizeof *bad_step);
        if (!bad_step) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            return DS_EFAIL;
        }
        cuda_buffers cb = {out->paths_total, out->rec, out->outcomes,    out->claims,
                           out->done,        bad_step, out->bad_variable};
        cuda_progress cp = {NULL, NULL, NULL, NULL, NULL};
        if (progress) {
            cp.done = &progress->done;
            cp.paths_done = &progress->paths_done;
            cp.stop = &progress->stop;
            cp.tick = cuda_tick;
            cp.ctx = progress;
        }
        char err[320] = "";
        int rc = cuda_run(P, first, count, &cb, &cp, err, sizeof err) == 0 ? DS_OK : DS_EFAIL;
        if (rc != DS_OK) errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s", err);
        /* under on_invalid: fail, the lowest invalid path, in engine_run_cpu's words */
        for (int p = first;
             rc == DS_OK && P->run.on_invalid == DS_INVALID_FAIL && p < first + count; p++) {
            if (bad_step[p] < 0) continue;
            int var = out->bad_variable ? out->bad_variable[p] : 0;
            engine_report_invalid(P, p, bad_step[p], var, errs);
            rc = DS_EFAIL;
        }
        if (bad_step != out->bad_step) free(bad_step);
        return rc;
    }
#else
    (void)backend;
#endif
    return engine_run_cpu(P, first, count, out, threads, progress, errs);
}
