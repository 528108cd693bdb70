// test_model_cases_cuda.cu — the model's known answers (model_cases.h) run
// inside a kernel, one thread per case, and checked on the host against the
// same answers and tolerances as the C test (Random123's kat_cuda.cu); and
// every case must give the host's bits (models/dsmath.h: one maths for both).
// Exits 77 (CTest: skipped) where no usable GPU is present, or 1 instead when
// DEPINSIM_REQUIRE_CUDA=1 says one must be.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_test.h"

#include "model_cases.h"

__global__ void mc_kernel(double *got)
{
    int k = (int)(blockIdx.x * blockDim.x + threadIdx.x);
    if (k < DS_MC_N) got[k] = ds_mc_value(k);
}

int main(void)
{
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) return no_device(cudaGetErrorString(e));
    if (count == 0) return no_device("none found");
    cudaDeviceProp prop;
    CUDA_OK(cudaGetDeviceProperties(&prop, 0));
    // the binary holds sm_80 and sm_90 code and compute_90 PTX, as kernels/ does
    if (prop.major < 8) return no_device("older than sm_80");
    CUDA_OK(cudaSetDevice(0));
    char where[320];
    snprintf(where, sizeof where, "%s (sm_%d%d)", prop.name, prop.major, prop.minor);

    // some cases keep a ds_params and a ds_path on the stack: make sure the
    // per-thread stack holds the kernel's frame
    cudaFuncAttributes fa;
    CUDA_OK(cudaFuncGetAttributes(&fa, mc_kernel));
    size_t stack = 0;
    CUDA_OK(cudaDeviceGetLimit(&stack, cudaLimitStackSize));
    if (stack < fa.localSizeBytes + 1024)
        CUDA_OK(cudaDeviceSetLimit(cudaLimitStackSize, fa.localSizeBytes + 1024));

    double *d_got = NULL;
    CUDA_OK(cudaMalloc(reinterpret_cast<void **>(&d_got), DS_MC_N * sizeof(double)));
    mc_kernel<<<(DS_MC_N + 63) / 64, 64>>>(d_got);
    CUDA_OK(cudaGetLastError());
    CUDA_OK(cudaDeviceSynchronize());
    static double gpu[DS_MC_N], cpu[DS_MC_N];
    CUDA_OK(cudaMemcpy(gpu, d_got, sizeof gpu, cudaMemcpyDeviceToHost));
    CUDA_OK(cudaFree(d_got));
    for (int k = 0; k < DS_MC_N; k++) cpu[k] = ds_mc_value(k);

    int failed = ds_mc_self_test();
    failed += ds_mc_report(cpu, "host (nvcc)");
    failed += ds_mc_report(gpu, where);

    // host and device run the same arithmetic: the same bits, case by case
    int differ = 0;
    double worst = 0.0;
    for (int k = 0; k < DS_MC_N; k++) {
        if (memcmp(&gpu[k], &cpu[k], sizeof(double)) == 0) continue;
        differ++;
        double rel = cpu[k] != 0.0 ? fabs(gpu[k] - cpu[k]) / fabs(cpu[k]) : fabs(gpu[k]);
        if (rel > worst) worst = rel;
        printf("differs: %s: host %.17g, device %.17g\n", ds_mc_table[k].name, cpu[k], gpu[k]);
    }
    printf("%d of %d cases differ bitwise between host and device%s; largest relative "
           "difference %.3g; kernel stack frame %zu bytes\n",
           differ, DS_MC_N, differ ? " (FAIL)" : "", worst, (size_t)fa.localSizeBytes);
    return failed || differ ? 1 : 0;
}
