/* provider_lanes.h — the CPU backend's provider passes over groups of 64
 * providers (the group map of models/rng.h): one vector Philox per group and
 * the models/ per-provider functions in loops the compiler vectorises, built
 * for several instruction sets and chosen at run time. Results are byte-
 * identical to the scalar passes in sim/run/engine.c (tests/test_engine.c). */
#ifndef DS_PROVIDER_LANES_H
#define DS_PROVIDER_LANES_H

#include "../../models/provider.h"

/* The two provider passes of a step (models/path.h), as one backend variant
 * runs them; sim/run/engine.c has a scalar variant of its own. */
typedef struct {
    const char *name; /* "avx512", "avx2", "portable" (and the engine's "scalar") */
    /* pass A: the online draws; returns the online capacity, and with hist
     * (auction) adds each provider's online capacity to its ask bin */
    ds_fx (*online)(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                    ds_fx *hist);
    /* pass B: settle every provider; adds to *out */
    void (*settle)(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                   const ds_step_rates *s, ds_provider_sums *out);
    /* the words of group g's 64 providers for a per-step purpose (out[64]),
     * as ds_rng_group: exposed for the tests and bench/rng_floor */
    void (*group)(uint32_t seed, uint32_t path, uint32_t purpose, uint32_t step, uint32_t g,
                  uint32_t *out);
} provider_passes;

/* The lane variant named ("avx512", "avx2", "portable"), or with NULL or
 * "auto" the fastest this CPU runs (AVX-512, else AVX2; NULL without either:
 * the engine's scalar passes are then the faster). NULL when the name is
 * unknown or the CPU lacks the instructions. "portable" (plain C the compiler
 * vectorises as it can) runs anywhere. */
const provider_passes *provider_lanes_pick(const char *name);

#endif
