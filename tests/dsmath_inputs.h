/* dsmath_inputs.h — inputs for comparing models/dsmath.h on the host and on a
 * device, written once and computed on both sides (host and device code):
 * input i of function f is a pure function of (f, i), drawn from the ranges
 * the model uses, wide ranges, random bit patterns and special values. The
 * kernel test (test_cuda_dsmath.cu) evaluates every function on both and
 * wants the same bits. */
#ifndef DS_TEST_DSMATH_INPUTS_H
#define DS_TEST_DSMATH_INPUTS_H

#include "../models/dsmath.h"

enum { DSI_EXP, DSI_LOG, DSI_EXPM1, DSI_LOG1P, DSI_SIN, DSI_COS, DSI_POW, DSI_N };

static inline DS_HD uint64_t dsi_mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [a, b) from 53 random bits. */
static inline DS_HD double dsi_lin(uint64_t u, double a, double b)
{
    return a + (b - a) * ((double)(u >> 11) * 0x1p-53);
}

/* Random finite bits with the biased exponent in [e0, e1] and a random sign
 * when sign is set: log-uniform over those binades. */
static inline DS_HD double dsi_bits(uint64_t u, int e0, int e1, int sign)
{
    uint64_t e = (uint64_t)(e0 + (int)((u >> 52) % (uint64_t)(e1 - e0 + 1)));
    uint64_t bits = (e << 52) | (u & 0x000fffffffffffffull);
    if (sign && (u >> 63)) bits |= 0x8000000000000000ull;
    return ds_m_from_bits(bits);
}

/* Special values every function sees first. */
#define DSI_N_SPECIAL 24
static inline DS_HD double dsi_special(int k)
{
    switch (k) {
    case 0: return 0.0;
    case 1: return -0.0;
    case 2: return ds_m_inf();
    case 3: return -ds_m_inf();
    case 4: return ds_m_nan();
    case 5: return 1.0;
    case 6: return -1.0;
    case 7: return 0.5;
    case 8: return 2.0;
    case 9: return 0x1p-1074;
    case 10: return 0x1p-1022;
    case 11: return 1.7976931348623157e308;
    case 12: return 709.782712893383973096;
    case 13: return -745.13321910194110842;
    case 14: return -708.4;
    case 15: return 0.78539816339744828;
    case 16: return 1.5707963267948966;
    case 17: return 6381956970095103.0 * 0x1p797;
    case 18: return 1647099.3291652855;
    case 19: return 1.4142135623730951;
    case 20: return -0.29289321881345248;
    case 21: return 0x1p-29;
    case 22: return 38.816242111356935;
    default: return -3.0;
    }
}

/* Input i of function f (the first argument; pow's second is dsi_y). */
static inline DS_HD double dsi_x(int f, uint64_t i)
{
    if (i < DSI_N_SPECIAL) return dsi_special((int)i);
    uint64_t u = dsi_mix(i * 8 + (uint64_t)f);
    int kind = (int)(dsi_mix(u) & 3);
    switch (f) {
    case DSI_EXP:
        return kind == 0   ? dsi_lin(u, -50.0, 50.0)
               : kind == 1 ? dsi_lin(u, -745.2, 709.8)
               : kind == 2 ? dsi_lin(u, -1.0, 1.0)
                           : dsi_bits(u, 960, 1032, 1); /* 2^-63 to 2^9 */
    case DSI_LOG:
        return kind == 0   ? dsi_lin(u, 0.5, 2.0)
               : kind == 1 ? dsi_lin(u, 1e-9, 1e6)
                           : dsi_bits(u, 0, 2046, 0);
    case DSI_EXPM1:
        return kind == 0   ? dsi_lin(u, -20.0, 0.0)
               : kind == 1 ? dsi_lin(u, -40.0, 709.8)
               : kind == 2 ? dsi_lin(u, -1.0, 1.0)
                           : dsi_bits(u, 960, 1022, 1);
    case DSI_LOG1P:
        return kind == 0   ? dsi_lin(u, -0.999999, 1.0)
               : kind == 1 ? dsi_bits(u, 960, 1022, 1)
                           : dsi_bits(u, 0, 2046, 0);
    case DSI_SIN:
    case DSI_COS:
        return kind == 0   ? dsi_lin(u, 0.0, 6.283185307179586)
               : kind == 1 ? dsi_lin(u, -1e6, 1e6)
               : kind == 2 ? dsi_bits(u, 1043, 2046, 1) /* Payne–Hanek */
                           : dsi_bits(u, 0, 1030, 1);
    default: /* pow's x */
        return kind == 0   ? dsi_lin(u, 0.0, 1.0)
               : kind == 1 ? dsi_bits(u, 1015, 1036, 0)
               : kind == 2 ? dsi_lin(u, -10.0, -0.1)
                           : dsi_lin(u, 1.0 - 0x1p-21, 1.0 + 0x1p-21);
    }
}

/* pow's y for input i: with a special x, special y in turn. */
static inline DS_HD double dsi_y(uint64_t i)
{
    if (i < DSI_N_SPECIAL) return dsi_special((int)((i * 7 + 3) % DSI_N_SPECIAL));
    uint64_t u = dsi_mix(i * 8 + DSI_POW), v = dsi_mix(u ^ 0x5bd1e995ull);
    int kind = (int)(dsi_mix(u) & 3);
    return kind == 0   ? dsi_lin(v, 0.0, 30.0)
           : kind == 1 ? dsi_lin(v, -16.0, 16.0)
           : kind == 2 ? (double)(int)dsi_lin(v, -60.0, 60.0) /* integers for negative x */
                       : dsi_lin(v, -3e11, 3e11);             /* huge y near x = 1 */
}

/* The result for function f at input i. */
static inline DS_HD double dsi_eval(int f, uint64_t i)
{
    double x = dsi_x(f, i);
    switch (f) {
    case DSI_EXP: return ds_exp(x);
    case DSI_LOG: return ds_log(x);
    case DSI_EXPM1: return ds_expm1(x);
    case DSI_LOG1P: return ds_log1p(x);
    case DSI_SIN: return ds_sin(x);
    case DSI_COS: return ds_cos(x);
    default: return ds_pow(x, dsi_y(i));
    }
}

#endif
