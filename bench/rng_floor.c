/* rng_floor.c — the floor for the engine's throughput: loops that only draw
 * random numbers over the same paths × steps × providers with the same
 * OpenMP split, and do nothing else with them. Two floors:
 *   scalar      one Philox block per provider-step, drawn one at a time (the
 *               engine's draws before issue 13; the yardstick `make bench`
 *               divides by, so ratios stay comparable across versions);
 *   group map   the engine's draws now: one block per four providers, 16
 *               blocks side by side (provider_lanes.c, the variant this CPU
 *               runs).
 * usage: rng_floor PROVIDERS STEPS PATHS [THREADS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../models/rng.h"
#include "../sim/run/provider_lanes.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: rng_floor PROVIDERS STEPS PATHS [THREADS]\n");
        return 2;
    }
    int n = atoi(argv[1]), steps = atoi(argv[2]), paths = atoi(argv[3]);
    int threads = argc > 4 ? atoi(argv[4]) : 0;
#ifdef _OPENMP
    if (threads > 0) omp_set_num_threads(threads);
#endif
    double draws = (double)n * steps * paths;

    uint32_t sink = 0;
    double t0 = now();
#pragma omp parallel for schedule(dynamic, 1) reduction(^ : sink)
    for (int p = 0; p < paths; p++) {
        uint32_t acc = 0;
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < n; i++)
                acc ^=
                    ds_rng_draw(1, (uint32_t)p, DS_RNG_PROVIDER_ONLINE, (uint32_t)s, (uint32_t)i, 0)
                        .v[0];
        sink ^= acc;
    }
    double wall = now() - t0;
    printf("rng floor: %.3g Philox blocks in %.2f s = %.3g provider-steps/s (checksum %08x)\n",
           draws, wall, draws / wall, sink);

    const provider_passes *lanes = provider_lanes_pick(NULL);
    if (!lanes) lanes = provider_lanes_pick("portable"); /* no AVX2 */
    int groups = (n + DS_RNG_GROUP - 1) / DS_RNG_GROUP;
    sink = 0;
    t0 = now();
#pragma omp parallel for schedule(dynamic, 1) reduction(^ : sink)
    for (int p = 0; p < paths; p++) {
        uint32_t acc = 0, w[DS_RNG_GROUP];
        for (int s = 0; s < steps; s++)
            for (int g = 0; g < groups; g++) {
                lanes->group(1, (uint32_t)p, DS_RNG_PROVIDER_ONLINE, (uint32_t)s, (uint32_t)g, w);
                for (int j = 0; j < DS_RNG_GROUP; j++) acc ^= w[j];
            }
        sink ^= acc;
    }
    wall = now() - t0;
    printf("rng floor, group map (%s): %.3g provider-steps in %.2f s = %.3g provider-steps/s "
           "(checksum %08x)\n",
           lanes->name, draws, wall, draws / wall, sink);
    return 0;
}
