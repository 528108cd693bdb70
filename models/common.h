/* common.h — qualifiers and shims that let the models/ headers compile as host
 * C11 (gcc, clang), as plain C++ and as CUDA device code (nvcc, which reads C++).
 * Also the 64-bit fixed-point type used for every cross-provider sum and for
 * the token ledger, and (dsmath.h) the maths. No I/O, no allocation, no globals. */
#ifndef DS_COMMON_H
#define DS_COMMON_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Three compilers read these headers: nvcc (C++ with host and device
 * qualifiers), a plain C++ compiler (no qualifiers; `restrict` is not a C++
 * keyword, g++ and clang++ spell it __restrict__) and a C11 compiler. */
#if defined(__CUDACC__)
#define DS_HD __host__ __device__
#define DS_RESTRICT __restrict__
#elif defined(__cplusplus)
#define DS_HD
#define DS_RESTRICT __restrict__
#else
#define DS_HD
#define DS_RESTRICT restrict
#endif

#if defined(__cplusplus)
#define DS_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define DS_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

#define DS_HOURS_PER_DAY 24.0
#define DS_DAYS_PER_YEAR 365.0

/* Fixed point: value = fx / 2^20. Integer addition is associative, so a sum
 * over providers is the same in any order, on any thread count and backend.
 * Representable: |value| < 2^43 ≈ 8.8e12, at a resolution of 9.5e-7.
 * ds_fx_from clamps at ±DS_FX_MAX_ABS, so that the terms one step adds into a
 * ledger entry (at most three burns) cannot wrap even when each is clamped.
 * Validation keeps every token amount a scenario can produce, and its online
 * capacity, at or below DS_FX_LEDGER_MAX, below the clamp: a value at the
 * clamp, or a negative amount, means the range was left, and ds_path_invalid
 * reports it (DS_BAD_FX_RANGE). */
typedef int64_t ds_fx;
#define DS_FX_ONE 1048576.0
#define DS_FX_MAX_ABS 2.5e12
#define DS_FX_LEDGER_MAX 2.0e12

static inline DS_HD ds_fx ds_fx_from(double x)
{
    if (!(x == x)) return 0; /* NaN: contributes nothing; checked at record time */
    if (x > DS_FX_MAX_ABS) x = DS_FX_MAX_ABS;
    if (x < -DS_FX_MAX_ABS) x = -DS_FX_MAX_ABS;
    return (ds_fx)llrint(x * DS_FX_ONE);
}

/* Twins of ds_fx_from for vector loops (sim/run/provider_lanes.c), the same value
 * for every x (tests/model_cases.h sweeps them): llrint is a scalar
 * instruction that compilers do not vectorise. Both round as llrint does in
 * the default mode, to nearest with ties to even: adding 2^52 with y's sign
 * leaves no fraction bits and taking it away again is exact; |y| >= 2^52 is
 * an integer already.
 * ds_fx_from_lanes converts the integral result to 64 bits at once (AVX-512
 * has the instruction); ds_fx_from_halves assembles it from two 32-bit
 * halves, as AVX2 can (floor, scaling by 2^32 and the subtraction are exact
 * on an integral |r| < 2^63; the high half lies in [-2^31, 2^31), the low
 * one in [0, 2^32)). */
#define DS_FX_TWO52 4503599627370496.0
static inline DS_HD double ds_fx_round(double x)
{
    x = x == x ? x : 0.0;
    x = x > DS_FX_MAX_ABS ? DS_FX_MAX_ABS : x;
    x = x < -DS_FX_MAX_ABS ? -DS_FX_MAX_ABS : x;
    double y = x * DS_FX_ONE;
    double big = copysign(DS_FX_TWO52, y);
    return fabs(y) < DS_FX_TWO52 ? (y + big) - big : y;
}

static inline DS_HD ds_fx ds_fx_from_lanes(double x)
{
    return (ds_fx)ds_fx_round(x);
}

static inline DS_HD ds_fx ds_fx_from_halves(double x)
{
    double r = ds_fx_round(x);
    double hi = floor(r * (1.0 / 4294967296.0));
    double lo = r - hi * 4294967296.0;
    uint32_t low = (uint32_t)(int32_t)(lo - 2147483648.0) ^ 0x80000000u;
    return (ds_fx)(((uint64_t)(int64_t)(int32_t)hi << 32) | low);
}

static inline DS_HD double ds_fx_to(ds_fx v)
{
    return (double)v / DS_FX_ONE;
}

/* Sums of fixed-point values wrap instead of overflowing (which would be
 * undefined behaviour in C): absurd states then show up as garbage that the
 * record-time check rejects, never as a crash. The GPU adds the same way. */
static inline DS_HD ds_fx ds_fx_add(ds_fx a, ds_fx b)
{
    return (ds_fx)((uint64_t)a + (uint64_t)b);
}

static inline DS_HD ds_fx ds_fx_sub(ds_fx a, ds_fx b)
{
    return (ds_fx)((uint64_t)a - (uint64_t)b);
}

static inline DS_HD double ds_clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

static inline DS_HD double ds_min(double a, double b)
{
    return a < b ? a : b;
}
static inline DS_HD double ds_max(double a, double b)
{
    return a > b ? a : b;
}

/* The model's transcendentals (ds_exp, ds_log, ds_pow, …): one implementation
 * for host and device, so every models/ header has them. */
#include "dsmath.h"

#endif
