/* provider_lanes.c — the CPU's provider passes over groups of 64 providers
 * (provider_lanes.h). Each group draws its 16 Philox blocks side by side (the
 * group map, models/rng.h) — with AVX-512 or AVX2 intrinsics, or the portable
 * loop — then runs the models/ functions over its 64 lanes in loops with no
 * branches, which the compiler vectorises; the rare decisions follow in a
 * sparse scalar pass. The same source is compiled once per instruction set
 * (target attributes) and picked at run time. No model arithmetic here. */
#include "provider_lanes.h"

#include <string.h>

#if defined(__GNUC__) && defined(__x86_64__)
#define DS_LANES_X86 1
#include <immintrin.h>
#endif

#define ALWAYS_INLINE inline __attribute__((always_inline))

/* Before a lane loop: its iterations touch disjoint provider slots, whatever
 * the compiler can prove about the pool's pointers (gcc would otherwise give
 * up on the run-time alias checks it needs: a dozen arrays). */
#if defined(__clang__)
#define DS_LANES_INDEPENDENT _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define DS_LANES_INDEPENDENT _Pragma("GCC ivdep")
#else
#define DS_LANES_INDEPENDENT
#endif

/* out[j]: the word of provider 64·g + j for one per-step purpose. */
typedef void (*group_rng)(uint32_t seed, uint32_t path, uint32_t purpose, uint32_t step, uint32_t g,
                          uint32_t *out);

/* Pass A over groups: the online draw of every provider, its capacity summed,
 * and under the auction added to its ask bin (a scatter, left scalar). */
static ALWAYS_INLINE ds_fx lanes_online(const ds_params *P, ds_providers *pool, uint32_t path,
                                        uint32_t step, ds_fx *hist, group_rng rng)
{
    const int n = P->prov.count;
    /* local copies: stores through the arrays cannot move these pointers, so
     * every array is a plain stride the vectoriser can follow */
    ds_providers local = *pool, *pv = &local;
    uint64_t cap = 0; /* wrapping, as ds_fx_add */
    for (int base = 0; base < n; base += DS_RNG_GROUP) {
        uint32_t w[DS_RNG_GROUP];
        ds_fx c[DS_RNG_GROUP];
        const int cnt = n - base < DS_RNG_GROUP ? n - base : DS_RNG_GROUP;
        rng(P->run.seed, path, DS_RNG_PROVIDER_ONLINE, step, (uint32_t)(base / DS_RNG_GROUP), w);
        DS_LANES_INDEPENDENT
        for (int j = 0; j < cnt; j++) {
            c[j] = ds_provider_online(pv, base + j, w[j]);
            cap += (uint64_t)c[j];
        }
        if (hist)
            for (int j = 0; j < cnt; j++)
                hist[pv->bin[base + j]] = ds_fx_add(hist[pv->bin[base + j]], c[j]);
    }
    return (ds_fx)cap;
}

/* Pass B over groups: ds_provider_earn over the lanes (dense, summed); where a
 * lane is due or may enter, the group's DECIDE words and, lane by lane,
 * ds_provider_enters; then ds_provider_decide for the few that need it. */
static ALWAYS_INLINE void lanes_settle(const ds_params *P, ds_providers *pool, uint32_t path,
                                       uint32_t step, const ds_step_rates *rates,
                                       ds_provider_sums *out, group_rng rng, int halves)
{
    const int n = P->prov.count;
    /* local copies, as in lanes_online; the parameters and rates too, which
     * stores through double arrays might otherwise be thought to change */
    ds_providers local = *pool, *pv = &local;
    const ds_step_rates rates_local = *rates, *s = &rates_local;
    const ds_provider_params prov = P->prov, *pp = &prov;
    const double dt = s->dt_days;
    uint64_t sell = 0, income = 0, cost = 0;
    uint32_t active = 0, profitable = 0;
    ds_provider_sums fix; /* the decisions' corrections */
    memset(&fix, 0, sizeof fix);
    for (int base = 0; base < n; base += DS_RNG_GROUP) {
        double rate[DS_RNG_GROUP], util[DS_RNG_GROUP], fee[DS_RNG_GROUP];
        uint32_t due[DS_RNG_GROUP], st[DS_RNG_GROUP], on[DS_RNG_GROUP];
        const int cnt = n - base < DS_RNG_GROUP ? n - base : DS_RNG_GROUP;
        /* the byte fields widened apart: the loop below then has no byte
         * lanes and runs 16 wide on AVX-512 (64 wide, it spills; 1.5× slower);
         * and each lane's utilization and fee rate looked up by its bin here,
         * where a table lookup (restricted segments) cannot stop that loop
         * from vectorising */
        for (int j = 0; j < cnt; j++) {
            st[j] = pv->status[base + j];
            on[j] = pv->online[base + j];
            util[j] = ds_rates_utilization(s, pv->bin[base + j]);
            fee[j] = ds_rates_fee(s, pv->bin[base + j]);
        }
        /* counted apart, each in a type as wide as its flag's lanes: a
         * reduction that mixed byte and double masks would not vectorise */
        unsigned dues = 0;
        uint64_t draws = 0;
        double sell_usd[DS_RNG_GROUP], income_usd[DS_RNG_GROUP], cost_usd[DS_RNG_GROUP];
        DS_LANES_INDEPENDENT
        for (int j = 0; j < cnt; j++) {
            ds_provider_flow f = ds_provider_earn(pp, pv, base + j, s, st[j], on[j], util[j],
                                                  fee[j], &rate[j], &due[j]);
            sell_usd[j] = f.sell_usd;
            income_usd[j] = f.income_usd;
            cost_usd[j] = f.cost_usd;
            active += (uint32_t)f.active;
            profitable += (uint32_t)f.profitable;
            dues |= due[j];
            draws += rate[j] > 0.0;
        }
        /* to fixed point in a loop of its own, so that the loop above
         * vectorises whatever the conversion does: ds_provider_flow_fx's
         * ds_fx_from through its vector twins (common.h, the same values),
         * on AVX2, which cannot convert doubles to 64-bit integers, in halves */
        for (int j = 0; j < cnt; j++) {
            if (halves) {
                sell += (uint64_t)ds_fx_from_halves(sell_usd[j]);
                income += (uint64_t)ds_fx_from_halves(income_usd[j]);
                cost += (uint64_t)ds_fx_from_halves(cost_usd[j]);
            } else {
                sell += (uint64_t)ds_fx_from_lanes(sell_usd[j]);
                income += (uint64_t)ds_fx_from_lanes(income_usd[j]);
                cost += (uint64_t)ds_fx_from_lanes(cost_usd[j]);
            }
        }
        if (!dues && !draws) continue;
        uint32_t w[DS_RNG_GROUP];
        rng(P->run.seed, path, DS_RNG_PROVIDER_DECIDE, step, (uint32_t)(base / DS_RNG_GROUP), w);
        uint8_t enters[DS_RNG_GROUP], need[DS_RNG_GROUP] = {0};
        DS_LANES_INDEPENDENT
        for (int j = 0; j < cnt; j++) {
            enters[j] = (uint8_t)((rate[j] > 0.0) & ds_provider_enters(rate[j], dt, w[j]));
            need[j] = due[j] | enters[j];
        }
        /* the few that need a decision, found eight flags at a time */
        for (int j8 = 0; j8 < cnt; j8 += 8) {
            uint64_t any8;
            memcpy(&any8, need + j8, sizeof any8);
            for (int j = j8; any8 && j < j8 + 8; j++)
                if (need[j]) ds_provider_decide(pp, pv, base + j, s, w[j], enters[j], &fix);
        }
    }
    ds_provider_sums f;
    memset(&f, 0, sizeof f); /* the counts the decisions make (entered, exited) are in fix */
    f.sell_usd = (ds_fx)sell;
    f.income_usd = (ds_fx)income;
    f.cost_usd = (ds_fx)cost;
    f.active = (int32_t)active;
    f.profitable = (int32_t)profitable;
    ds_provider_sums_add(out, &f);
    ds_provider_sums_add(out, &fix);
}

/* ------------------------------------------------------------ portable */

static void rng_portable(uint32_t seed, uint32_t path, uint32_t purpose, uint32_t step, uint32_t g,
                         uint32_t *out)
{
    ds_rng_group(seed, path, purpose, step, g, out);
}

static ds_fx online_portable(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                             ds_fx *hist)
{
    return lanes_online(P, pv, path, step, hist, rng_portable);
}

static void settle_portable(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                            const ds_step_rates *s, ds_provider_sums *out)
{
    lanes_settle(P, pv, path, step, s, out, rng_portable, 0);
}

#ifdef DS_LANES_X86

/* ------------------------------------------------------------ AVX-512 */

/* Sixteen Philox4x32-10 blocks, one per 32-bit lane, counters (purpose, step,
 * 16·g + lane, 0), key (seed, path): Random123's rounds, the 32×32→64
 * multiplies done on even and odd lanes apart and their halves put back in
 * lane order. Bit-identical to philox4x32 (tests/test_engine.c). */
#define DS_AVX512 "avx512f,avx512dq,avx512vl,avx512bw"

__attribute__((target(DS_AVX512))) static void
rng_avx512(uint32_t seed, uint32_t path, uint32_t purpose, uint32_t step, uint32_t g, uint32_t *out)
{
    const __m512i m0 = _mm512_set1_epi32((int)PHILOX_M4x32_0);
    const __m512i m1 = _mm512_set1_epi32((int)PHILOX_M4x32_1);
    __m512i x0 = _mm512_set1_epi32((int)purpose), x1 = _mm512_set1_epi32((int)step);
    __m512i x2 =
        _mm512_add_epi32(_mm512_set1_epi32((int)(g * DS_RNG_GROUP_BLOCKS)),
                         _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    __m512i x3 = _mm512_setzero_si512();
    uint32_t k0 = seed, k1 = path;
    for (int r = 0; r < 10; r++) {
        __m512i p0e = _mm512_mul_epu32(x0, m0);
        __m512i p0o = _mm512_mul_epu32(_mm512_srli_epi64(x0, 32), m0);
        __m512i p1e = _mm512_mul_epu32(x2, m1);
        __m512i p1o = _mm512_mul_epu32(_mm512_srli_epi64(x2, 32), m1);
        /* hi: even lanes take the odd dword of the even products; lo: odd
         * lanes take the even dword of the odd products */
        __m512i hi0 = _mm512_mask_shuffle_epi32(p0o, 0x5555, p0e, _MM_PERM_DDBB);
        __m512i lo0 = _mm512_mask_shuffle_epi32(p0e, 0xAAAA, p0o, _MM_PERM_CCAA);
        __m512i hi1 = _mm512_mask_shuffle_epi32(p1o, 0x5555, p1e, _MM_PERM_DDBB);
        __m512i lo1 = _mm512_mask_shuffle_epi32(p1e, 0xAAAA, p1o, _MM_PERM_CCAA);
        /* 0x96: a ^ b ^ c */
        x0 = _mm512_ternarylogic_epi32(hi1, x1, _mm512_set1_epi32((int)k0), 0x96);
        x2 = _mm512_ternarylogic_epi32(hi0, x3, _mm512_set1_epi32((int)k1), 0x96);
        x1 = lo1;
        x3 = lo0;
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    _mm512_storeu_si512((void *)out, x0);
    _mm512_storeu_si512((void *)(out + 16), x1);
    _mm512_storeu_si512((void *)(out + 32), x2);
    _mm512_storeu_si512((void *)(out + 48), x3);
}

__attribute__((target(DS_AVX512))) static ds_fx
online_avx512(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step, ds_fx *hist)
{
    return lanes_online(P, pv, path, step, hist, rng_avx512);
}

__attribute__((target(DS_AVX512))) static void settle_avx512(const ds_params *P, ds_providers *pv,
                                                             uint32_t path, uint32_t step,
                                                             const ds_step_rates *s,
                                                             ds_provider_sums *out)
{
    lanes_settle(P, pv, path, step, s, out, rng_avx512, 0);
}

/* ------------------------------------------------------------ AVX2 */

/* As rng_avx512, in two halves of eight lanes. */
__attribute__((target("avx2"))) static void rng_avx2(uint32_t seed, uint32_t path, uint32_t purpose,
                                                     uint32_t step, uint32_t g, uint32_t *out)
{
    const __m256i m0 = _mm256_set1_epi32((int)PHILOX_M4x32_0);
    const __m256i m1 = _mm256_set1_epi32((int)PHILOX_M4x32_1);
    __m256i x0[2], x1[2], x2[2], x3[2];
    for (int h = 0; h < 2; h++) {
        x0[h] = _mm256_set1_epi32((int)purpose);
        x1[h] = _mm256_set1_epi32((int)step);
        x2[h] = _mm256_add_epi32(_mm256_set1_epi32((int)(g * DS_RNG_GROUP_BLOCKS + 8 * h)),
                                 _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        x3[h] = _mm256_setzero_si256();
    }
    uint32_t k0 = seed, k1 = path;
    for (int r = 0; r < 10; r++) {
        const __m256i ka = _mm256_set1_epi32((int)k0), kb = _mm256_set1_epi32((int)k1);
        for (int h = 0; h < 2; h++) {
            __m256i p0e = _mm256_mul_epu32(x0[h], m0);
            __m256i p0o = _mm256_mul_epu32(_mm256_srli_epi64(x0[h], 32), m0);
            __m256i p1e = _mm256_mul_epu32(x2[h], m1);
            __m256i p1o = _mm256_mul_epu32(_mm256_srli_epi64(x2[h], 32), m1);
            __m256i hi0 = _mm256_blend_epi32(_mm256_shuffle_epi32(p0e, 0xF5), p0o, 0xAA);
            __m256i lo0 = _mm256_blend_epi32(p0e, _mm256_shuffle_epi32(p0o, 0xA0), 0xAA);
            __m256i hi1 = _mm256_blend_epi32(_mm256_shuffle_epi32(p1e, 0xF5), p1o, 0xAA);
            __m256i lo1 = _mm256_blend_epi32(p1e, _mm256_shuffle_epi32(p1o, 0xA0), 0xAA);
            x0[h] = _mm256_xor_si256(_mm256_xor_si256(hi1, x1[h]), ka);
            x2[h] = _mm256_xor_si256(_mm256_xor_si256(hi0, x3[h]), kb);
            x1[h] = lo1;
            x3[h] = lo0;
        }
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    for (int h = 0; h < 2; h++) {
        _mm256_storeu_si256((__m256i *)(void *)(out + 8 * h), x0[h]);
        _mm256_storeu_si256((__m256i *)(void *)(out + 16 + 8 * h), x1[h]);
        _mm256_storeu_si256((__m256i *)(void *)(out + 32 + 8 * h), x2[h]);
        _mm256_storeu_si256((__m256i *)(void *)(out + 48 + 8 * h), x3[h]);
    }
}

__attribute__((target("avx2"))) static ds_fx online_avx2(const ds_params *P, ds_providers *pv,
                                                         uint32_t path, uint32_t step, ds_fx *hist)
{
    return lanes_online(P, pv, path, step, hist, rng_avx2);
}

__attribute__((target("avx2"))) static void settle_avx2(const ds_params *P, ds_providers *pv,
                                                        uint32_t path, uint32_t step,
                                                        const ds_step_rates *s,
                                                        ds_provider_sums *out)
{
    lanes_settle(P, pv, path, step, s, out, rng_avx2, 1);
}

#endif /* DS_LANES_X86 */

static const provider_passes lanes_portable = {"portable", online_portable, settle_portable,
                                               rng_portable};
#ifdef DS_LANES_X86
static const provider_passes lanes_avx2 = {"avx2", online_avx2, settle_avx2, rng_avx2};
static const provider_passes lanes_avx512 = {"avx512", online_avx512, settle_avx512, rng_avx512};
#endif

const provider_passes *provider_lanes_pick(const char *name)
{
    int automatic = !name || !strcmp(name, "auto");
#ifdef DS_LANES_X86
    __builtin_cpu_init();
    int has512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                 __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
    int has2 = __builtin_cpu_supports("avx2");
    if ((automatic || !strcmp(name, "avx512")) && has512) return &lanes_avx512;
    if ((automatic || !strcmp(name, "avx2")) && has2) return &lanes_avx2;
#endif
    /* not chosen by itself: without AVX2 the compiler leaves the dense loop
     * scalar, and the scalar passes (sim/run/engine.c) are faster than that */
    if (!automatic && !strcmp(name, "portable")) return &lanes_portable;
    return NULL;
}
