// cuda_test.h — what the CUDA test programs share: the skip-or-fail rule when
// no device can run them (exit 77, CTest's "skipped", unless the GPU check
// sets DEPINSIM_REQUIRE_CUDA=1 so that a missing driver cannot pass as a
// skip) and a checked CUDA call that makes main return 1.
#ifndef DS_CUDA_TEST_H
#define DS_CUDA_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cuda_runtime.h>

static int no_device(const char *why)
{
    const char *req = getenv("DEPINSIM_REQUIRE_CUDA");
    if (req && strcmp(req, "1") == 0) {
        printf("FAIL: no usable CUDA device (%s) and DEPINSIM_REQUIRE_CUDA=1\n", why);
        return 1;
    }
    printf("skipped: no usable CUDA device (%s)\n", why);
    return 77;
}

#define CUDA_OK(call)                                                                              \
    do {                                                                                           \
        cudaError_t e_ = (call);                                                                   \
        if (e_ != cudaSuccess) {                                                                   \
            printf("%s:%d: %s: %s (%s)\n", __FILE__, __LINE__, #call, cudaGetErrorString(e_),      \
                   cudaGetErrorName(e_));                                                          \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#endif
