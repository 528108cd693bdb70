/* rng_floor.c — the floor for the engine's throughput: a loop that draws the
 * same per-provider random numbers the engine draws (one Philox block per
 * provider per step for the online draw), over the same paths × steps ×
 * providers and the same OpenMP split, and does nothing else with them.
 * usage: rng_floor PROVIDERS STEPS PATHS [THREADS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../models/rng.h"

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
    double draws = (double)n * steps * paths;
    printf("rng floor: %.3g Philox blocks in %.2f s = %.3g provider-steps/s (checksum %08x)\n",
           draws, wall, draws / wall, sink);
    return 0;
}
