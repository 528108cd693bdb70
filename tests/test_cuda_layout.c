/* test_cuda_layout.c — the CUDA backend's device allocation, checked on the
 * host (no device needed): for provider counts around the padding, record
 * counts, claims and batch sizes, the layout generated from DS_PROVIDER_FIELDS
 * and DS_CUDA_OUTPUTS never exceeds the estimate run_batches plans with
 * (batch × cuda_bytes_per_path + cuda_bytes_fixed), holds every byte the
 * estimate counts per path, and ends on the region alignment. At 65,536
 * paths a byte per path missing from the estimate exceeds its slack. Also
 * the copy back: row by row where cudaMemcpy2D's pitch limit is passed. */
#include <stdio.h>
#include <string.h>

#include "../kernels/backend_cuda.h"
#include "../models/provider.h"

/* cudaMemcpy2D refuses pitches above cudaDevAttrMaxPitch (2^31 − 1 bytes on
 * current devices); the results come back row by row past it. */
static int copy_plans(void)
{
    const size_t max = 2147483647u, R = 157; /* 157 weekly records: three years */
    int failures = 0;
    struct {
        const char *what;
        size_t width, dpitch, spitch, height;
        int rows;
    } cases[] = {
        {"nothing to copy", 8, (size_t)1 << 40, 8, 0, 0},
        {"small pitches", 4096, 1 << 20, 4096, 30, 0},
        {"pitches at the limit", 8, max, max, 30, 0},
        {"host pitch past it", 8, max + 1, 8, 30, 1},
        {"device pitch past it", 8, 8, max + 1, 30, 1},
        {"a row wider than it", max + 1, max + 1, max + 1, 2, 1},
        /* records: host pitch paths × R × 8; 1,710,000 paths × 157 records
         * (2.68×10^8 path-records) pass 2^31 − 1 bytes, 1,709,000 do not */
        {"records, 1,709,000 paths", 64 * R * 8, 1709000 * R * 8, 64 * R * 8, 30, 0},
        {"records, 1,710,000 paths", 64 * R * 8, 1710000 * R * 8, 64 * R * 8, 30, 1},
        /* outcomes: host pitch paths × 8, past the limit at 2^28 paths */
        {"outcomes, 2^28 paths", 64 * 8, ((size_t)1 << 28) * 8, 64 * 8, 9, 1},
        /* claims: one byte per path, never past it for an int count of paths */
        {"claims, 2^31 − 1 paths", 64, max, 64, 16, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int got = cuda_copy_by_rows(cases[k].width, cases[k].dpitch, cases[k].spitch,
                                    cases[k].height, max);
        if (got != cases[k].rows) {
            printf("FAIL: copy plan, %s: %s, want %s\n", cases[k].what,
                   got ? "row by row" : "one cudaMemcpy2D",
                   cases[k].rows ? "row by row" : "one cudaMemcpy2D");
            failures++;
        }
    }
    printf("cuda copy plans: %zu cases, %d failed\n", sizeof cases / sizeof cases[0], failures);
    return failures;
}

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
    failures += copy_plans();
    printf("cuda layout: %d shapes checked, %d failed\n", checked, failures);
    return failures ? 1 : 0;
}
