/* backend.c — backend dispatch. Without CUDA compiled in (DS_HAVE_CUDA), the
 * CUDA branch reports that it is not available; the CPU is always there. */
#include "backend.h"

#include <stdio.h>
#ifdef _OPENMP
#include <omp.h>
#endif

int backend_cuda_built(void)
{
#ifdef DS_HAVE_CUDA
    return 1;
#else
    return 0;
#endif
}

int backend_select(int requested, int threads, char *device, size_t device_len, int *chosen,
                   ds_errors *errs)
{
    if (requested == DS_BACKEND_CUDA) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, "--backend",
                   "cuda: this build has no CUDA support (rebuild where nvcc is found)");
        return DS_EINPUT;
    }
#ifdef _OPENMP
    int n = threads > 0 ? threads : omp_get_max_threads();
#else
    int n = 1;
    (void)threads;
#endif
    snprintf(device, device_len, "CPU, %d OpenMP thread%s", n, n > 1 ? "s" : "");
    *chosen = DS_BACKEND_CPU;
    return DS_OK;
}

int backend_run(int backend, const ds_params *P, int first, int count, const ds_run_buffers *out,
                int threads, ds_progress *progress, ds_errors *errs)
{
    (void)backend;
    return engine_run_cpu(P, first, count, out, threads, progress, errs);
}
