/* dsmath.h — every transcendental function the model uses (exp, log, expm1,
 * log1p, pow, sin, cos), written once from IEEE basic operations (+ − × ÷,
 * sqrt, exact conversions, integer bit operations) so that the host (gcc,
 * -ffp-contract=off) and the device (nvcc --fmad=false) round every result the
 * same way: a CPU and a GPU run give the same bits (DESIGN.md §2, STYLE.md 16).
 * It deliberately calls nothing from libm but sqrt (correctly rounded
 * everywhere) and uses no fma, no lookup tables and no globals (the bits of
 * 2/π that sin and cos need for huge arguments are a switch).
 *
 * The methods are fdlibm's (Sun Microsystems, 1993–2004): Cody–Waite argument
 * reduction and a minimax polynomial or rational kernel, with the corrections
 * that keep the error below one ulp; Payne–Hanek reduction for sin and cos of
 * huge arguments, here by 64-bit integer multiplication with the bits of 2/π.
 * The polynomial coefficients are fdlibm's, under its notice:
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *   Developed at SunSoft, a Sun Microsystems, Inc. business.
 *   Permission to use, copy, modify, and distribute this software is freely
 *   granted, provided that this notice is preserved.
 * Accuracy against a 113-bit reference and glibc, and speed against glibc:
 * tests/test_dsmath.c and bench/dsmath_bench.c (figures in their headers).
 *
 * Results for NaN inputs are the input itself, and invalid operations give
 * the one quiet NaN 0x7ff8000000000000: hardware NaN arithmetic differs
 * between x86 and CUDA, so no NaN is made by an operation here. */
#ifndef DS_DSMATH_H
#define DS_DSMATH_H

#include "common.h"

/* ---------------------------------------------------------------- helpers */

static inline DS_HD uint64_t ds_m_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline DS_HD double ds_m_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* The upper 32 bits (sign, exponent, top 20 bits of the fraction). */
static inline DS_HD uint32_t ds_m_hi(double x)
{
    return (uint32_t)(ds_m_bits(x) >> 32);
}

/* x with the lower 32 bits of its fraction cleared: at most 21 significant
 * bits, so the product of two such numbers is exact. */
static inline DS_HD double ds_m_trunc32(double x)
{
    return ds_m_from_bits(ds_m_bits(x) & 0xffffffff00000000ull);
}

static inline DS_HD double ds_m_inf(void)
{
    return ds_m_from_bits(0x7ff0000000000000ull);
}

static inline DS_HD double ds_m_nan(void)
{
    return ds_m_from_bits(0x7ff8000000000000ull);
}

/* 2^k for −1022 <= k <= 1023, exactly. */
static inline DS_HD double ds_m_pow2(int k)
{
    return ds_m_from_bits((uint64_t)(k + 1023) << 52);
}

/* y·2^k rounded once, for 2^-60 < |y| < 2^60 and any k (ldexp, written here
 * so that a subnormal result is rounded the same way everywhere): below the
 * normal range the first product is exact and the second rounds. */
static inline DS_HD double ds_m_ldexp(double y, int k)
{
    if (k > 1023) {
        if (k > 2046) k = 2046;
        return (y * ds_m_pow2(1023)) * ds_m_pow2(k - 1023);
    }
    if (k < -1022) {
        if (k < -1200) k = -1200;
        return (y * ds_m_pow2(k + 1000)) * ds_m_pow2(-1000);
    }
    return y * ds_m_pow2(k);
}

/* Exact product a·b = p + e (Dekker, with Veltkamp's split): IEEE products
 * and sums only, no fma, for |a|, |b| < 2^995. */
static inline DS_HD void ds_m_two_prod(double a, double b, double *p, double *e)
{
    const double split = 134217729.0; /* 2^27 + 1 */
    double pr = a * b;
    double ca = split * a, ah = ca - (ca - a), al = a - ah;
    double cb = split * b, bh = cb - (cb - b), bl = b - bh;
    *e = ((ah * bh - pr) + ah * bl + al * bh) + al * bl;
    *p = pr;
}

/* ln 2 = DS_M_LN2_HI + DS_M_LN2_LO; the high part has 32 bits, so k·LN2_HI
 * is exact for |k| < 2^20. */
#define DS_M_LN2_HI 6.93147180369123816490e-01  /* 0x3fe62e42fee00000 */
#define DS_M_LN2_LO 1.90821492927058770002e-10  /* 0x3dea39ef35793c76 */
#define DS_M_INV_LN2 1.44269504088896338700e+00 /* 0x3ff71547652b82fe */

/* ------------------------------------------------------------------- exp */

/* exp(r) on |r| <= ln2/2 as 1 + 2r/(R(r²) − r), R the fdlibm minimax
 * polynomial of r·coth(r/2) (error < 2^-59): r·c/(2 − c) with c = r − r²·P(r²).
 * r = hi − lo is given in two parts; k is the power of two to apply. */
static inline DS_HD double ds_m_exp_kernel(double hi, double lo, int k)
{
    const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                 P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                 P5 = 4.13813679705723846039e-08;
    double r = hi - lo, z = r * r;
    double c = r - z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5))));
    double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    return ds_m_ldexp(y, k);
}

/* e^x. Overflows to +inf above 709.782712893383973096 (the largest x with a
 * finite result) and is 0 below −745.13321910194110842. */
static inline DS_HD double ds_exp(double x)
{
    uint32_t ax = ds_m_hi(x) & 0x7fffffffu;
    if (ax >= 0x40862e42u) { /* |x| >= 709.78, inf or NaN */
        if (x != x) return x;
        if (x > 709.782712893383973096) return ds_m_inf();
        if (x < -745.13321910194110842) return 0.0;
    }
    if (ax < 0x3e300000u) return 1.0 + x; /* |x| < 2^-28: 1 + x is within half an ulp */
    if (ax <= 0x3fd62e42u) return ds_m_exp_kernel(x, 0.0, 0); /* |x| <= ln2/2 */
    /* x = k·ln2 + r, |r| <= ln2/2, r = hi − lo with k·LN2_HI exact */
    int k = (int)(DS_M_INV_LN2 * x + (x < 0.0 ? -0.5 : 0.5));
    double t = (double)k;
    return ds_m_exp_kernel(x - t * DS_M_LN2_HI, t * DS_M_LN2_LO, k);
}

/* ----------------------------------------------------------------- expm1 */

/* e^x − 1, accurate near 0 where exp(x) − 1 would cancel. fdlibm's method:
 * x = k·ln2 + r with a correction c for the rounding of r; expm1(r) from a
 * rational form of r·coth(r/2) (minimax R1 with error < 2^-61); then
 * 2^k·(expm1(r) + 1) − 1 arranged per k so that nothing cancels. */
static inline DS_HD double ds_expm1(double x)
{
    /* scaled coefficients: Q_n·2^n for R1(2z), z = x²/2 */
    const double Q1 = -3.33333333333331316428e-02, Q2 = 1.58730158725481460165e-03,
                 Q3 = -7.93650757867487942473e-05, Q4 = 4.00821782732936239552e-06,
                 Q5 = -2.01099218183624371326e-07;
    uint32_t hx = ds_m_hi(x), ax = hx & 0x7fffffffu;
    int neg = (int)(hx >> 31);
    if (ax >= 0x4043687au) { /* |x| >= 56·ln2 = 38.8, inf or NaN */
        if (x != x) return x;
        if (x > 709.782712893383973096) return ds_m_inf();
        if (neg) return -1.0; /* e^x < 2^-56: −1 within half an ulp */
    }
    int k = 0;
    double c = 0.0;
    if (ax > 0x3fd62e42u) { /* |x| > ln2/2 */
        k = (int)(DS_M_INV_LN2 * x + (neg ? -0.5 : 0.5));
        double t = (double)k, hi = x - t * DS_M_LN2_HI, lo = t * DS_M_LN2_LO;
        x = hi - lo;
        c = (hi - x) - lo; /* what the rounding of x lost */
    } else if (ax < 0x3c900000u) {
        return x; /* |x| < 2^-54 */
    }
    double hfx = 0.5 * x, hxs = x * hfx;
    double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
    double t = 3.0 - r1 * hfx;
    double e = hxs * ((r1 - t) / (6.0 - x * t));
    if (k == 0) return x - (x * e - hxs);
    e = x * (e - c) - c;
    e -= hxs; /* expm1(r + c) = r − e */
    if (k == -1) return 0.5 * (x - e) - 0.5;
    if (k == 1) return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
    if (k <= -2 || k > 56) return ds_m_ldexp(1.0 - (e - x), k) - 1.0;
    if (k < 20) return ((1.0 - ds_m_pow2(-k)) - (e - x)) * ds_m_pow2(k); /* 1 − 2^-k exact */
    return ((x - (e + ds_m_pow2(-k))) + 1.0) * ds_m_pow2(k);
}

/* ------------------------------------------------------------------- log */

/* log(1 + f) for 1 + f in [√2/2, √2) and the power k of two, with c a
 * correction already divided by 1 + f (log1p's rounding of 1 + x; 0 for log):
 * s = f/(2 + f), log(1 + f) = 2s + s·R(s²), R the fdlibm minimax polynomial
 * (error < 2^-58.45), arranged as f − (f²/2 − s·(f²/2 + R)). */
static inline DS_HD double ds_m_log_kernel(double f, int k, double c)
{
    const double L1 = 6.666666666666735130e-01, L2 = 3.999999999940941908e-01,
                 L3 = 2.857142874366239149e-01, L4 = 2.222219843214978396e-01,
                 L5 = 1.818357216161805012e-01, L6 = 1.531383769920937332e-01,
                 L7 = 1.479819860511658591e-01;
    double dk = (double)k, hfsq = 0.5 * f * f;
    if (f < 0x1p-20 && f > -0x1p-20) { /* |f| < 2^-20: three terms of the series suffice */
        if (f == 0.0) return dk * DS_M_LN2_HI + (dk * DS_M_LN2_LO + c);
        double R = hfsq * (1.0 - 0.66666666666666666 * f);
        return dk * DS_M_LN2_HI - ((R - (dk * DS_M_LN2_LO + c)) - f);
    }
    double s = f / (2.0 + f), z = s * s, w = z * z;
    double R = z * (L1 + w * (L3 + w * (L5 + w * L7))) + w * (L2 + w * (L4 + w * L6));
    return dk * DS_M_LN2_HI - ((hfsq - (s * (hfsq + R) + (dk * DS_M_LN2_LO + c))) - f);
}

/* The fraction of √2 (0x3ff6a09e667f3bcd): a mantissa at or above it is
 * halved so that 1 + f lies in [√2/2, √2). */
#define DS_M_SQRT2_FRAC 0x6a09e667f3bcdull

/* Natural logarithm: −inf at ±0, NaN below 0, +inf at +inf. */
static inline DS_HD double ds_log(double x)
{
    uint64_t ix = ds_m_bits(x);
    int k = 0;
    if (ix >= 0x7ff0000000000000ull) { /* sign set, inf or NaN */
        if (x != x || ix == 0x7ff0000000000000ull) return x;
        return x == 0.0 ? -ds_m_inf() : ds_m_nan(); /* −0, or below 0 */
    }
    if (ix < 0x0010000000000000ull) { /* +0 or subnormal */
        if (ix == 0) return -ds_m_inf();
        ix = ds_m_bits(x * 18014398509481984.0); /* 2^54: now normal */
        k = -54;
    }
    uint64_t frac = ix & 0x000fffffffffffffull;
    k += (int)(ix >> 52) - 1023;
    uint64_t exp_bits = 0x3ff0000000000000ull; /* 1 + f in [1, √2) */
    if (frac >= DS_M_SQRT2_FRAC) {
        exp_bits = 0x3fe0000000000000ull; /* (1 + f)/2 in [√2/2, 1) */
        k += 1;
    }
    return ds_m_log_kernel(ds_m_from_bits(exp_bits | frac) - 1.0, k, 0.0);
}

/* log(1 + x), accurate near 0: −inf at −1, NaN below. For |1 + x| away from
 * [√2/2, √2) the rounding of u = 1 + x is corrected by c = (1 + x − u)/u. */
static inline DS_HD double ds_log1p(double x)
{
    if (!(x > -1.0)) {
        if (x != x) return x;
        return x == -1.0 ? -ds_m_inf() : ds_m_nan();
    }
    uint32_t ax = ds_m_hi(x) & 0x7fffffffu;
    if (ax >= 0x7ff00000u) return x; /* +inf */
    if (ax < 0x3e200000u) {          /* |x| < 2^-29 */
        if (ax < 0x3c900000u) return x;
        return x - x * x * 0.5;
    }
    if (x < 0.41421356237309503 && x > -0.2928932188134524) return ds_m_log_kernel(x, 0, 0.0);
    double u = x, c = 0.0;
    if (x < 9007199254740992.0) { /* below 2^53 the sum 1 + x rounds */
        u = 1.0 + x;
        c = u >= 2.0 ? 1.0 - (u - x) : x - (u - 1.0); /* each difference exact */
        c /= u;
    }
    uint64_t iu = ds_m_bits(u), frac = iu & 0x000fffffffffffffull;
    int k = (int)(iu >> 52) - 1023;
    uint64_t exp_bits = 0x3ff0000000000000ull;
    if (frac >= DS_M_SQRT2_FRAC) {
        exp_bits = 0x3fe0000000000000ull;
        k += 1;
    }
    return ds_m_log_kernel(ds_m_from_bits(exp_bits | frac) - 1.0, k, c);
}

/* ------------------------------------------------------------------- pow */

/* x^y with C99's special cases (pow(x, ±0) = 1 and pow(1, y) = 1 even for
 * NaN; (−x)^integer signed; (−x)^non-integer NaN; 0^negative +inf or −inf).
 * fdlibm's method: log2|x| = t1 + t2 in extra precision (t1 with at most 21
 * significant bits), y·log2|x| = n + y' by exact products of 21-bit halves,
 * then 2^y'·2^n with the exp kernel. Error below one ulp. */
static inline DS_HD double ds_pow(double x, double y)
{
    /* (3/2)·(log((1+s)/(1−s)) − 2s − 2s³/3)/s⁵… as a polynomial in s² */
    const double L1 = 5.99999999999994648725e-01, L2 = 4.28571428578550184252e-01,
                 L3 = 3.33333329818377432918e-01, L4 = 2.72728123808534006489e-01,
                 L5 = 2.30660745775561754067e-01, L6 = 2.06975017800338417784e-01;
    const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                 P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                 P5 = 4.13813679705723846039e-08;
    const double lg2 = 6.93147180559945286227e-01, /* 0x3fe62e42fefa39ef */
        lg2_h = 6.93147182464599609375e-01,        /* 0x3fe62e4300000000 */
        lg2_l = -1.90465429995776804525e-09,       /* 0xbe205c610ca86c39 */
        ovt = 8.0085662595372944372e-17,           /* 1024 − log2(DBL_MAX + ulp/2) */
        cp = 9.61796693925975554329e-01,           /* 2/(3·ln2) */
        cp_h = 9.61796700954437255859e-01,         /* (float)cp */
        cp_l = -7.02846165095275826516e-09,        /* cp − cp_h */
        ivln2 = 1.44269504088896338700e+00,        /* 1/ln2 */
        ivln2_lo = 2.0355273740931033e-17,         /* 1/ln2 − ivln2 */
        log2_15_h = 5.84962487220764160156e-01,    /* log2(1.5), 0x3fe2b80340000000 */
        log2_15_l = 1.35003920212974897128e-08;    /* the rest */
    const uint64_t bx = ds_m_bits(x), by = ds_m_bits(y);
    const uint32_t ix = (uint32_t)(bx >> 32) & 0x7fffffffu, lx = (uint32_t)bx;
    const uint32_t iy = (uint32_t)(by >> 32) & 0x7fffffffu, ly = (uint32_t)by;
    const int xneg = (int)(bx >> 63), yneg = (int)(by >> 63);

    if (y == 0.0 || x == 1.0) return 1.0;
    if (x != x) return x;
    if (y != y) return y;

    /* y an integer? 0: no, 1: odd, 2: even. Needed only for x < 0. */
    int yint = 0;
    if (xneg) {
        if (iy >= 0x43400000u) {
            yint = 2; /* |y| >= 2^53: even */
        } else if (iy >= 0x3ff00000u) {
            int drop = 52 - ((int)(iy >> 20) - 0x3ff); /* fraction bits below the unit */
            uint64_t mant = (by & 0x000fffffffffffffull) | 0x0010000000000000ull;
            if ((mant & ((1ull << drop) - 1)) == 0) yint = 2 - (int)((mant >> drop) & 1);
        }
    }

    /* special y */
    if (iy == 0x7ff00000u && ly == 0) {               /* ±inf */
        if (ix == 0x3ff00000u && lx == 0) return 1.0; /* (−1)^±inf */
        if (ix >= 0x3ff00000u) return yneg ? 0.0 : y; /* |x| > 1 */
        return yneg ? -y : 0.0;                       /* |x| < 1 */
    }
    if (by == 0x3ff0000000000000ull) return x;
    if (by == 0xbff0000000000000ull) return 1.0 / x;
    if (by == 0x4000000000000000ull) return x * x;
    if (by == 0x3fe0000000000000ull && !xneg) return sqrt(x);

    /* special x: ±0, ±inf, ±1 */
    const double ax = ds_m_from_bits(bx & 0x7fffffffffffffffull);
    if (lx == 0 && (ix == 0x7ff00000u || ix == 0 || ix == 0x3ff00000u)) {
        double z = yneg ? 1.0 / ax : ax;
        if (xneg) {
            if (ix == 0x3ff00000u && yint == 0) return ds_m_nan(); /* (−1)^non-integer */
            if (yint == 1) z = -z;
        }
        return z;
    }
    if (xneg && yint == 0) return ds_m_nan(); /* (x < 0)^non-integer */
    const double sign = xneg && yint == 1 ? -1.0 : 1.0;
    const double inf = ds_m_inf();

    double t1, t2;              /* log2|x| = t1 + t2 */
    if (iy > 0x41e00000u) {     /* |y| > 2^31 */
        if (iy > 0x43f00000u) { /* |y| > 2^64: over- or underflows unless |x| = 1 */
            if (ix <= 0x3fefffffu) return yneg ? inf : 0.0;
            return yneg ? 0.0 : inf;
        }
        if (ix < 0x3fefffffu) return yneg ? sign * inf : sign * 0.0;
        if (ix > 0x3ff00000u) return yneg ? sign * 0.0 : sign * inf;
        /* |1 − |x|| <= 2^-20: log|x| from its series */
        double t = ax - 1.0; /* exact */
        double w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
        /* log2|x| = (t − w)/ln2 with t/ln2 exact in two parts: y is large,
         * so log2|x| needs about 2^-75 (fdlibm's single product loses bits
         * here: 160 ulp at x = 0.9999998, y = 3e9) */
        double a, ae;
        ds_m_two_prod(t, ivln2, &a, &ae);
        double rest = ae + (t * ivln2_lo - w * ivln2);
        t1 = ds_m_trunc32(a + rest);
        t2 = (a - t1) + rest;
    } else {
        /* |x| = 2^n·m, m in [√3/2, √3); b = 1 or 1.5, whichever is nearer */
        double m = ax;
        int n = 0;
        if (ix < 0x00100000u) { /* subnormal */
            m *= 9007199254740992.0;
            n = -53;
        }
        uint64_t bm = ds_m_bits(m);
        n += (int)(bm >> 52) - 0x3ff;
        uint32_t j = (uint32_t)(bm >> 32) & 0x000fffffu;
        uint64_t e = 0x3ff0000000000000ull;
        int k = 0;
        if (j <= 0x3988eu) {
            k = 0; /* m < √(3/2) */
        } else if (j < 0xbb67au) {
            k = 1; /* m < √3 */
        } else {
            n += 1;
            e = 0x3fe0000000000000ull;
        }
        m = ds_m_from_bits(e | (bm & 0x000fffffffffffffull));
        const double b = k ? 1.5 : 1.0, dp_h = k ? log2_15_h : 0.0, dp_l = k ? log2_15_l : 0.0;

        /* s = (m − b)/(m + b) = s_h + s_l, s_h with 21 bits; t_h + t_l = m + b exactly */
        double u = m - b, v = 1.0 / (m + b);
        double ss = u * v, s_h = ds_m_trunc32(ss);
        double t_h = ds_m_trunc32(m + b);
        double t_l = m - (t_h - b);
        double s_l = v * ((u - s_h * t_h) - s_h * t_l);
        /* (3/2)·log(m/b) = s·(3 + s² + r) */
        double s2 = ss * ss;
        double r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
        r += s_l * (s_h + ss);
        s2 = s_h * s_h;
        t_h = ds_m_trunc32(3.0 + s2 + r);
        t_l = r - ((t_h - 3.0) - s2);
        u = s_h * t_h;
        v = s_l * t_h + t_l * ss;
        double p_h = ds_m_trunc32(u + v);
        double p_l = v - (p_h - u);
        /* log2(m) = log2(b) + cp·(p_h + p_l) */
        double z_h = cp_h * p_h;
        double z_l = cp_l * p_h + p_l * cp + dp_l;
        double tn = (double)n;
        t1 = ds_m_trunc32(((z_h + z_l) + dp_h) + tn);
        t2 = z_l - (((t1 - tn) - dp_h) - z_h);
    }

    /* y·(t1 + t2) = p_h + p_l, p_h = y1·t1 exact (21-bit halves) */
    double y1 = ds_m_trunc32(y);
    double p_l = (y - y1) * t1 + y * t2;
    double p_h = y1 * t1;
    double z = p_l + p_h;
    if (z >= 1024.0) {
        if (z > 1024.0 || p_l + ovt > z - p_h) return sign * inf;
    } else if (z <= -1075.0) {
        if (z < -1075.0 || p_l <= z - p_h) return sign * 0.0;
    }
    /* z = n + f, |f| <= 1/2; 2^f = e^(f·ln2) with f·ln2 = zz + w */
    int n = (int)(z + (z < 0.0 ? -0.5 : 0.5));
    p_h -= (double)n; /* exact */
    double t = ds_m_trunc32(p_l + p_h);
    double u = t * lg2_h; /* exact */
    double v = (p_l - (t - p_h)) * lg2 + t * lg2_l;
    double zz = u + v;
    double w = v - (zz - u);
    double z2 = zz * zz;
    double c = zz - z2 * (P1 + z2 * (P2 + z2 * (P3 + z2 * (P4 + z2 * P5))));
    double r = (zz * c) / (c - 2.0) - (w + zz * w);
    return sign * ds_m_ldexp(1.0 - (r - zz), n);
}

/* -------------------------------------------------------------- sin, cos */

/* sin(x + y) on |x| <= π/4, y the tail of the reduced argument (|y| tiny):
 * x + x³·S(x²), S the fdlibm minimax polynomial (error < 2^-58). */
static inline DS_HD double ds_m_ksin(double x, double y)
{
    const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
                 S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
                 S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    double z = x * x, w = z * z;
    double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    double v = z * x;
    if (y == 0.0) return x + v * (S1 + z * r);
    return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/* cos(x + y) on |x| <= π/4: 1 − x²/2 + x⁴·C(x²) (fdlibm, error < 2^-58),
 * with 1 − x²/2 split so that its rounding error is added back. */
static inline DS_HD double ds_m_kcos(double x, double y)
{
    const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
                 C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
                 C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
    double z = x * x, w = z * z;
    double r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    double hz = 0.5 * z, one_hz = 1.0 - hz;
    return one_hz + (((1.0 - one_hz) - hz) + (z * r - x * y));
}

/* Word i (from the binary point) of the fraction of 2/π, 32 bits per word;
 * 40 words reach the bits that the largest double needs. A switch, not an
 * array: no table in memory on either side. */
static inline DS_HD uint32_t ds_m_two_over_pi(int i)
{
    switch (i) {
    case 0: return 0xa2f9836eu;
    case 1: return 0x4e441529u;
    case 2: return 0xfc2757d1u;
    case 3: return 0xf534ddc0u;
    case 4: return 0xdb629599u;
    case 5: return 0x3c439041u;
    case 6: return 0xfe5163abu;
    case 7: return 0xdebbc561u;
    case 8: return 0xb7246e3au;
    case 9: return 0x424dd2e0u;
    case 10: return 0x06492eeau;
    case 11: return 0x09d1921cu;
    case 12: return 0xfe1deb1cu;
    case 13: return 0xb129a73eu;
    case 14: return 0xe88235f5u;
    case 15: return 0x2ebb4484u;
    case 16: return 0xe99c7026u;
    case 17: return 0xb45f7e41u;
    case 18: return 0x3991d639u;
    case 19: return 0x835339f4u;
    case 20: return 0x9c845f8bu;
    case 21: return 0xbdf9283bu;
    case 22: return 0x1ff897ffu;
    case 23: return 0xde05980fu;
    case 24: return 0xef2f118bu;
    case 25: return 0x5a0a6d1fu;
    case 26: return 0x6d367ecfu;
    case 27: return 0x27cb09b7u;
    case 28: return 0x4f463f66u;
    case 29: return 0x9e5fea2du;
    case 30: return 0x7527bac7u;
    case 31: return 0xebe5f17bu;
    case 32: return 0x3d0739f7u;
    case 33: return 0x8a5292eau;
    case 34: return 0x6bfb5fb1u;
    case 35: return 0x1f8d5d08u;
    case 36: return 0x56033046u;
    case 37: return 0xfc7b6babu;
    case 38: return 0xf0cfbc20u;
    case 39: return 0x9af4361du;
    default: return 0;
    }
}

/* 64 bits of the little-endian limb array p starting at bit pos; p must
 * hold two limbs past the one that bit pos is in. */
static inline DS_HD uint64_t ds_m_limbs64(const uint32_t *p, int pos)
{
    int w = pos >> 5, s = pos & 31;
    uint64_t v = ((uint64_t)p[w] | ((uint64_t)p[w + 1] << 32)) >> s;
    if (s) v |= (uint64_t)p[w + 2] << (64 - s);
    return v;
}

/* Payne–Hanek reduction for |x| >= 2^20·π/2: x·2/π mod 4 as an integer
 * product of x's 53-bit significand with 224 bits of 2/π around x's
 * exponent (the bits above give multiples of 4, those below less than
 * 2^-137), then the fraction, 128 bits, times π/2 in double-double. Returns
 * the quadrant n and x − n·π/2 = *y0 + *y1. */
static inline DS_HD int ds_m_rem_pio2_large(double x, double *y0, double *y1)
{
    const double pio2_hi = 1.57079632679489655800e+00, /* 0x3ff921fb54442d18 */
        pio2_lo = 6.12323399573676603587e-17;          /* π/2 − pio2_hi */
    uint64_t bx = ds_m_bits(x);
    int e = (int)((bx >> 52) & 0x7ff) - 1075; /* |x| = m·2^e, e >= -32 here */
    uint64_t m = (bx & 0x000fffffffffffffull) | 0x0010000000000000ull;
    int j0 = e >= 2 ? (e - 2) / 32 : 0; /* words before j0 contribute multiples of 4 */
    uint32_t b[7], p[11];
    for (int i = 0; i < 7; i++) b[i] = ds_m_two_over_pi(j0 + 6 - i); /* b[0] least significant */
    for (int i = 0; i < 11; i++) p[i] = 0;
    /* p = m·b, schoolbook on 32-bit limbs: m = mh·2^32 + ml */
    uint64_t ml = m & 0xffffffffu, mh = m >> 32, carry = 0;
    for (int i = 0; i < 7; i++) {
        uint64_t t = ml * b[i] + carry;
        p[i] = (uint32_t)t;
        carry = t >> 32;
    }
    p[7] = (uint32_t)carry;
    carry = 0;
    for (int i = 0; i < 7; i++) {
        uint64_t t = mh * b[i] + p[i + 1] + carry;
        p[i + 1] = (uint32_t)t;
        carry = t >> 32;
    }
    p[8] = (uint32_t)carry;
    /* the binary point of x·2/π lies at bit q of p: bits q, q+1 are the
     * quadrant, the 128 bits below it the fraction (190 < q <= 258) */
    int q = 32 * (j0 + 7) - e;
    int n = (int)(ds_m_limbs64(p, q) & 3);
    uint64_t fh = ds_m_limbs64(p, q - 64), fl = ds_m_limbs64(p, q - 128);
    int neg = 0;
    if (fh >> 63) { /* fraction >= 1/2: the next quadrant, a negative remainder */
        n += 1;
        neg = 1;
        fl = ~fl + 1;
        fh = ~fh + (fl == 0 ? 1 : 0);
    }
    double hi = 0.0, lo = 0.0;
    if (fh | fl) {
        int sh = 0; /* normalize: the top bit to bit 63 of fh */
        while (!(fh >> 63)) {
            fh = (fh << 1) | (fl >> 63);
            fl <<= 1;
            sh++;
        }
        /* fraction = (fh·2^-64 + fl·2^-128)·2^-sh, as hi + lo (53 + 53 bits) */
        double top = (double)(fh >> 11), rest = (double)(((fh & 0x7ffu) << 42) | (fl >> 22));
        double fr_hi = top * ds_m_pow2(-53 - sh), fr_lo = rest * ds_m_pow2(-106 - sh);
        double ph, pe;
        ds_m_two_prod(fr_hi, pio2_hi, &ph, &pe);
        double tail = pe + (fr_hi * pio2_lo + fr_lo * pio2_hi);
        hi = ph + tail;
        lo = tail - (hi - ph);
    }
    if (neg != (int)(bx >> 63)) {
        hi = -hi;
        lo = -lo;
    }
    *y0 = hi;
    *y1 = lo;
    return bx >> 63 ? -n : n;
}

/* x = n·π/2 + (*y0 + *y1), |*y0| <= π/4 (about): Cody–Waite with π/2 in
 * three 33-bit pieces (fdlibm's medium case, exact products for
 * |n| < 2^20), Payne–Hanek beyond. Only n mod 4 matters to the callers. */
static inline DS_HD int ds_m_rem_pio2(double x, double *y0, double *y1)
{
    const double invpio2 = 6.36619772367581382433e-01, /* 0x3fe45f306dc9c883 */
        pio2_1 = 1.57079632673412561417e+00,           /* 0x3ff921fb54400000 */
        pio2_1t = 6.07710050650619224932e-11,          /* 0x3dd0b4611a626331 */
        pio2_2 = 6.07710050630396597660e-11,           /* 0x3dd0b4611a600000 */
        pio2_2t = 2.02226624879595063154e-21,          /* 0x3ba3198a2e037073 */
        pio2_3 = 2.02226624871116645580e-21,           /* 0x3ba3198a2e000000 */
        pio2_3t = 8.47842766036889956997e-32;          /* 0x397b839a252049c1 */
    uint32_t ax = ds_m_hi(x) & 0x7fffffffu;
    if (ax >= 0x413921fbu) return ds_m_rem_pio2_large(x, y0, y1);
    /* n = x·2/π rounded to the nearest integer (adding 1.5·2^52 rounds) */
    double fn = (x * invpio2 + 6755399441055744.0) - 6755399441055744.0;
    int n = (int)fn;
    double r = x - fn * pio2_1, w = fn * pio2_1t, y = r - w;
    int ex = (int)(ax >> 20);
    if (ex - (int)((ds_m_hi(y) >> 20) & 0x7ff) > 16) { /* cancellation: 2nd piece */
        double t = r;
        w = fn * pio2_2;
        r = t - w;
        w = fn * pio2_2t - ((t - r) - w);
        y = r - w;
        if (ex - (int)((ds_m_hi(y) >> 20) & 0x7ff) > 49) { /* and the 3rd */
            t = r;
            w = fn * pio2_3;
            r = t - w;
            w = fn * pio2_3t - ((t - r) - w);
            y = r - w;
        }
    }
    *y0 = y;
    *y1 = (r - y) - w;
    return n;
}

static inline DS_HD double ds_sin(double x)
{
    uint32_t ax = ds_m_hi(x) & 0x7fffffffu;
    if (ax <= 0x3fe921fbu) {            /* |x| <= π/4 */
        if (ax < 0x3e500000u) return x; /* |x| < 2^-26: x is sin(x) rounded */
        return ds_m_ksin(x, 0.0);
    }
    if (ax >= 0x7ff00000u) return x != x ? x : ds_m_nan();
    double y0, y1;
    switch (ds_m_rem_pio2(x, &y0, &y1) & 3) {
    case 0: return ds_m_ksin(y0, y1);
    case 1: return ds_m_kcos(y0, y1);
    case 2: return -ds_m_ksin(y0, y1);
    default: return -ds_m_kcos(y0, y1);
    }
}

static inline DS_HD double ds_cos(double x)
{
    uint32_t ax = ds_m_hi(x) & 0x7fffffffu;
    if (ax <= 0x3fe921fbu) {              /* |x| <= π/4 */
        if (ax < 0x3e46a09eu) return 1.0; /* |x| < 2^-27·√2: 1 is cos(x) rounded */
        return ds_m_kcos(x, 0.0);
    }
    if (ax >= 0x7ff00000u) return x != x ? x : ds_m_nan();
    double y0, y1;
    switch (ds_m_rem_pio2(x, &y0, &y1) & 3) {
    case 0: return ds_m_kcos(y0, y1);
    case 1: return -ds_m_ksin(y0, y1);
    case 2: return -ds_m_kcos(y0, y1);
    default: return ds_m_ksin(y0, y1);
    }
}

#endif
