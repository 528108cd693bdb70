/* provider_lanes.h — the CPU backend's provider passes over groups of 64
 * providers (the group map of models/rng.h): one vector Philox per group and
 * the models/ per-provider functions in loops the compiler vectorises, built
 * for several instruction sets and chosen at run time. Results are byte-
 * identical to the scalar passes in sim/engine.c (tests/test_engine.c). */
#ifndef DS_PROVIDER_LANES_H
#define DS_PROVIDER_LANES_H

#include "../models/provider.h"

typedef struct {
    const char *name; /* "avx512", "avx2", "portable" */
    /* pass A: the online draws; returns the online capacity, and with hist
     * (auction) adds each provider's online capacity to its ask bin */
    ds_fx (*online)(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                    ds_fx *hist);
    /* pass B: settle every provider; adds to *out */
    void (*settle)(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                   const ds_step_rates *s, ds_provider_sums *out);
} provider_lanes;

/* The variant named ("avx512", "avx2", "portable"), or with NULL or "auto"
 * the fastest this CPU runs. NULL when the name is unknown or the CPU lacks
 * the instructions. */
const provider_lanes *provider_lanes_pick(const char *name);

#endif
