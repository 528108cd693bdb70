// models_check.cu — compile-only proof that the models/ headers are device code:
// one kernel calls every step function, so nvcc must compile each as __device__.
// It is not launched; the CUDA backend proper is built on the same calls.
#include "params.h"
#include "metrics.h"
#include "rng.h"
#include "emission.h"
#include "cloud.h"
#include "demand.h"
#include "pricing.h"
#include "provider.h"
#include "path.h"
#include "auction.h"
#include "market.h"
#include "outcomes.h"

__global__ void ds_models_check(const ds_params *P, ds_providers pv, double *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= P->prov.count) return;
    ds_path S;
    ds_path_init(P, &S, 0);
    ds_provider_init(P, &pv, i, 0);
    ds_path_begin(P, &S, 0);
    ds_fx cap = ds_provider_online(P, &pv, i, 0, 0);
    ds_fx hist[DS_AUCTION_BINS] = {0};
    hist[pv.bin[i]] += cap;
    ds_path_clear(P, &S, cap, hist);
    ds_provider_sums sums = S.sums;
    ds_provider_settle(P, &pv, i, 0, 0, &S.rates, &sums);
    S.sums = sums;
    ds_path_end(P, &S);
    ds_path_metrics(P, &S, out + (size_t)i * DS_N_METRICS);
    ds_path_track(P, &S, out + (size_t)i * DS_N_METRICS);
    uint8_t holds[DS_MAX_CLAIMS];
    ds_path_outcomes(P, &S, out, holds);
    out[0] += ds_provider_reservation(P, &pv, i, 1.0);
}
