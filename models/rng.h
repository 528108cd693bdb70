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
 * else; two purposes never share a counter. The counter map, (purpose, step,
 * provider, draw) → words:
 *
 *   purpose            counter                 words used
 *   PROVIDER_INIT      (1, 0, i, 0) (1, 0, i, 1)  all 8: provider i's attributes
 *   PROVIDER_ONLINE    (2, step, b, 0)           all 4: one block serves four
 *   PROVIDER_DECIDE    (3, step, b, 0)           providers (the group map below)
 *   GLOBAL             (4, step, 0, 0..2)        path.h: demand, cloud, token
 *   BOOTSTRAP          (5, block, 0, 0)          word 0: where the token price
 *                                                series' block b starts (series.h)
 *
 * The group map: providers are taken 64 at a time (group g = i / 64); block
 * b = 16·g + l of a per-step purpose serves the four providers 64·g + 16·k + l,
 * k = 0..3, provider i using word k = (i / 16) % 4. Sixteen blocks drawn side
 * by side (one per vector lane) thus hold the words of 64 consecutive
 * providers in order, word k of every block serving 16 consecutive providers:
 * a SIMD backend uses every bit it draws without shuffling, a scalar or GPU
 * backend draws one block per four providers (ds_rng_block_provider) or, for a
 * rare lone draw, its provider's word (ds_rng_provider). */
enum {
    DS_RNG_PROVIDER_INIT = 1,   /* provider attributes at path start (draws 0, 1) */
    DS_RNG_PROVIDER_ONLINE = 2, /* per step, four providers per block: online or not */
    DS_RNG_PROVIDER_DECIDE = 3, /* per step, four providers per block: exit hazard or entry */
    DS_RNG_GLOBAL = 4,          /* per step, provider slot 0: demand, cloud, token shocks */
    DS_RNG_BOOTSTRAP = 5        /* per block of steps: the token series' block start */
};

/* The group map: providers per group, blocks per group. */
#define DS_RNG_GROUP 64
#define DS_RNG_GROUP_BLOCKS 16

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

/* Word k of a block, without indexing (which would put the block in local
 * memory on the GPU). */
static inline DS_HD uint32_t ds_rng4_word(ds_rng4 r, int k)
{
    return k == 0 ? r.v[0] : (k == 1 ? r.v[1] : (k == 2 ? r.v[2] : r.v[3]));
}

/* The group map (see the purposes above): the block that serves provider i,
 * the word of it that i uses, and the provider that word k of block b serves. */
static inline DS_HD uint32_t ds_rng_block_of(uint32_t i)
{
    return (i >> 6 << 4) | (i & 15u);
}

static inline DS_HD int ds_rng_word_of(uint32_t i)
{
    return (int)((i >> 4) & 3u);
}

static inline DS_HD uint32_t ds_rng_block_provider(uint32_t b, int k)
{
    return (b >> 4 << 6) | ((uint32_t)k << 4) | (b & 15u);
}

/* Block b of a per-step provider purpose (ONLINE, DECIDE): the four words of
 * providers ds_rng_block_provider(b, 0..3). */
static inline DS_HD ds_rng4 ds_rng_block(uint32_t seed, uint32_t path, uint32_t purpose,
                                         uint32_t step, uint32_t b)
{
    return ds_rng_draw(seed, path, purpose, step, b, 0);
}

/* Provider i's word of a per-step purpose: its block, drawn for it alone. */
static inline DS_HD uint32_t ds_rng_provider(uint32_t seed, uint32_t path, uint32_t purpose,
                                             uint32_t step, uint32_t i)
{
    ds_rng4 r = ds_rng_block(seed, path, purpose, step, ds_rng_block_of(i));
    return ds_rng4_word(r, ds_rng_word_of(i));
}

/* The words of group g's 64 providers in order: out[j] is provider 64·g + j's.
 * The reference for vector versions (sim/run/provider_lanes.c), which must give
 * the same bits; a plain loop over lanes, which compilers vectorise. */
static inline DS_HD void ds_rng_group(uint32_t seed, uint32_t path, uint32_t purpose, uint32_t step,
                                      uint32_t g, uint32_t *DS_RESTRICT out)
{
    philox4x32_key_t k = {{seed, path}};
    for (uint32_t l = 0; l < DS_RNG_GROUP_BLOCKS; l++) {
        philox4x32_ctr_t c = {{purpose, step, g * DS_RNG_GROUP_BLOCKS + l, 0}};
        philox4x32_ctr_t r = philox4x32(c, k);
        out[l] = r.v[0];
        out[16 + l] = r.v[1];
        out[32 + l] = r.v[2];
        out[48 + l] = r.v[3];
    }
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
