// test_cuda_dsmath.cu — models/dsmath.h on the device against the host, bit
// for bit: every function on 2^20 inputs (dsmath_inputs.h: the model's
// ranges, wide ranges, random bits, special values), computed in a kernel and
// on the host, must give the same 64 bits. This is what makes CPU and GPU runs
// identical. Exits 77 (CTest: skipped) where no usable GPU is present, or 1
// instead when DEPINSIM_REQUIRE_CUDA=1 says one must be. Usage:
// test_cuda_dsmath [inputs per function].
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_test.h"

#include "dsmath_inputs.h"

__global__ void dsi_kernel(int f, unsigned long long n, unsigned long long *out)
{
    unsigned long long i = (unsigned long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = ds_m_bits(dsi_eval(f, i));
}

int main(int argc, char **argv)
{
    static const char *const names[DSI_N] = {"exp", "log", "expm1", "log1p", "sin", "cos", "pow"};
    unsigned long long n = argc > 1 ? strtoull(argv[1], NULL, 10) : (1ull << 20);
    if (n < DSI_N_SPECIAL) n = DSI_N_SPECIAL;
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) return no_device(cudaGetErrorString(e));
    if (count == 0) return no_device("none found");
    cudaDeviceProp prop;
    CUDA_OK(cudaGetDeviceProperties(&prop, 0));
    if (prop.major < 8) return no_device("older than sm_80");
    CUDA_OK(cudaSetDevice(0));
    printf("device: %s (sm_%d%d); %llu inputs per function\n", prop.name, prop.major, prop.minor,
           n);

    unsigned long long *d_out = NULL;
    unsigned long long *gpu = (unsigned long long *)malloc(n * sizeof *gpu);
    if (!gpu) return 1;
    CUDA_OK(cudaMalloc(reinterpret_cast<void **>(&d_out), n * sizeof *d_out));
    int failed = 0;
    for (int f = 0; f < DSI_N; f++) {
        dsi_kernel<<<(unsigned)((n + 255) / 256), 256>>>(f, n, d_out);
        CUDA_OK(cudaGetLastError());
        CUDA_OK(cudaDeviceSynchronize());
        CUDA_OK(cudaMemcpy(gpu, d_out, n * sizeof *gpu, cudaMemcpyDeviceToHost));
        unsigned long long differ = 0;
        for (unsigned long long i = 0; i < n; i++) {
            unsigned long long cpu = ds_m_bits(dsi_eval(f, i));
            if (cpu == gpu[i]) continue;
            if (++differ <= 5) {
                double x = dsi_x(f, i);
                printf("differs: %s(%a%s", names[f], x, f == DSI_POW ? ", " : "");
                if (f == DSI_POW) printf("%a", dsi_y(i));
                printf("): host %a, device %a\n", ds_m_from_bits(cpu), ds_m_from_bits(gpu[i]));
            }
        }
        printf("%-6s %llu inputs: %llu differ\n", names[f], n, differ);
        failed += differ != 0;
    }
    CUDA_OK(cudaFree(d_out));
    free(gpu);
    printf("dsmath on the device: %s\n",
           failed ? "FAILED (host and device differ)" : "ok, the same bits");
    return failed ? 1 : 0;
}
