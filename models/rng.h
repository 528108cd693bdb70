/* rng.h — random numbers as a pure function (DESIGN.md §2): Philox4x32-10 from
 * Random123 with key (seed, path) and counter (purpose, step, provider, draw).
 * No generator state is carried anywhere, so a value depends only on where it
 * is used, never on thread count, scheduling or backend. The variant is not in
 * the key: all variants see the same random futures (common random numbers). */
#ifndef DS_RNG_H
#define DS_RNG_H

#include <Random123/philox.h>
#include <Random123/u01fixedpt.h>

#include "common.h"

/* Every use of randomness has one purpose id, registered here and nowhere
 * else; two purposes never share a counter. */
enum {
    DS_RNG_PROVIDER_INIT = 1,   /* provider attributes at path start (draws 0, 1) */
    DS_RNG_PROVIDER_ONLINE = 2, /* per step, per provider: online or not */
    DS_RNG_PROVIDER_DECIDE = 3, /* per step, per provider: exit hazard or entry */
    DS_RNG_GLOBAL = 4           /* per step, provider slot 0: demand, cloud, token shocks */
};

typedef struct {
    uint32_t v[4];
} ds_rng4;

static inline DS_HD ds_rng4 ds_rng_draw(uint32_t seed, uint32_t path, uint32_t purpose,
                                        uint32_t step, uint32_t provider, uint32_t draw)
{
    philox4x32_ctr_t c = {{purpose, step, provider, draw}};
    philox4x32_key_t k = {{seed, path}};
    philox4x32_ctr_t r = philox4x32(c, k);
    ds_rng4 out;
    out.v[0] = r.v[0];
    out.v[1] = r.v[1];
    out.v[2] = r.v[2];
    out.v[3] = r.v[3];
    return out;
}

/* Uniform on the open interval (0, 1), exactly spaced (Random123's fixed-point
 * conversion, identical on host and device). */
static inline DS_HD double ds_u01(uint32_t x)
{
    return u01fixedpt_open_open_32_double(x);
}

/* The threshold t such that (x < t) has probability p for a uniform 32-bit x;
 * lets the hot loop compare integers instead of converting to double. */
static inline DS_HD uint32_t ds_prob_u32(double p)
{
    if (!(p > 0.0)) return 0;
    if (p >= 1.0) return 0xffffffffu;
    return (uint32_t)(p * 4294967296.0);
}

#define DS_TWO_PI 6.283185307179586476925286766559

/* Two standard normals from two uniforms (Box–Muller). log, cos and sin come
 * from dsmath.h, like every transcendental in the model, so the host and the
 * device draw the same bits. */
static inline DS_HD void ds_normal2(uint32_t a, uint32_t b, double *z0, double *z1)
{
    double r = sqrt(-2.0 * ds_log(ds_u01(a)));
    double th = DS_TWO_PI * ds_u01(b);
    *z0 = r * ds_cos(th);
    *z1 = r * ds_sin(th);
}

/* Poisson(mean) by inversion of one uniform; mean is small (jumps per step),
 * and the count is capped at 32 so the loop is bounded on the device. */
static inline DS_HD int ds_poisson(double mean, uint32_t x)
{
    if (!(mean > 0.0)) return 0;
    double u = ds_u01(x);
    double p = ds_exp(-mean), cdf = p;
    int k = 0;
    while (u > cdf && k < 32) {
        k++;
        p *= mean / k;
        cdf += p;
    }
    return k;
}

#endif
