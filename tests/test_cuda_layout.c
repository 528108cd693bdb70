/* test_cuda_layout.c — the CUDA backend's device allocation, checked on the
 * host (no device needed): for provider counts around the padding, record
 * counts, claims and batch sizes, the layout generated from DS_PROVIDER_FIELDS
 * and DS_CUDA_OUTPUTS never exceeds the estimate run_batches plans with
 * (batch × cuda_bytes_per_path + cuda_bytes_fixed), holds every byte the
 * estimate counts per path, and ends on the region alignment. At 65,536
 * paths a byte per path missing from the estimate exceeds its slack. */
#include <stdio.h>
#include <string.h>

#include "../kernels/backend_cuda.h"
#include "../models/provider.h"

int main(void)
{
    static const int counts[] = {1, 31, 32, 33, 127, 128, 129, 1000, 10000};
    static const int batches[] = {1, 2, 7, 64, 1000, 4096, 65536};
    int failures = 0, checked = 0;
    ds_params P;
    memset(&P, 0, sizeof P);
    P.run.step_days = 1.0;
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        for (int horizon = 1; horizon <= 400; horizon += 133) {
            for (int claims = 0; claims <= DS_MAX_CLAIMS; claims += 4) {
                for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
                    P.prov.count = counts[c];
                    P.run.horizon_days = horizon;
                    P.run.record_every = 1 + horizon % 7;
                    P.n_claims = claims;
                    size_t nb = (size_t)batches[b], per = cuda_bytes_per_path(&P);
                    size_t est = nb * per + cuda_bytes_fixed(&P);
                    size_t got = cuda_layout_bytes(&P, batches[b]);
                    checked++;
                    if (got > est || got < nb * per || got % 256 != 0) {
                        if (++failures <= 10)
                            printf("FAIL: %d providers, %d records, %d claims, batch %zu: layout "
                                   "%zu bytes, estimate %zu, per path %zu\n",
                                   P.prov.count, ds_params_records(&P), claims, nb, got, est, per);
                    }
                }
            }
        }
    }
    /* the pool's share of a path: DS_PROVIDER_SLOT_BYTES per padded slot */
    P.prov.count = 1;
    size_t one = cuda_bytes_per_path(&P);
    P.prov.count = DS_CUDA_POOL_ALIGN + 1;
    size_t two = cuda_bytes_per_path(&P);
    if (two - one != (size_t)DS_CUDA_POOL_ALIGN * DS_PROVIDER_SLOT_BYTES) {
        printf("FAIL: a block of %d slots is %zu bytes, want %d\n", DS_CUDA_POOL_ALIGN, two - one,
               DS_CUDA_POOL_ALIGN * DS_PROVIDER_SLOT_BYTES);
        failures++;
    }
    printf("cuda layout: %d shapes checked, %d failed\n", checked, failures);
    return failures ? 1 : 0;
}
