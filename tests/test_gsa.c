/* test_gsa.c — the sensitivity estimators (sim/analysis/gsa.h) on functions
 * with known answers, through the same code `depinsim sensitivity` runs:
 * Ishigami (a = 7, b = 0.1) gives S1 = 0.3139, 0.4424, 0 and ST = 0.5576,
 * 0.4424, 0.2437 inside the bootstrap intervals; Morris on a linear function
 * recovers its coefficients exactly; a Latin hypercube fills every stratum
 * once; Spearman's rho of a monotone function is 1; the factor transforms
 * hit their ends; everything is a function of the seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/gsa.h"

#define PI 3.14159265358979323846

static double ishigami(const double *x)
{
    const double a = 7.0, b = 0.1;
    double s2 = sin(x[1]);
    return sin(x[0]) + a * s2 * s2 + b * pow(x[2], 4) * sin(x[0]);
}

/* The analytic indices (Sobol' & Levitan 1999; Saltelli et al. 2008 §4.7). */
static void ishigami_truth(double s1[3], double st[3])
{
    const double a = 7.0, b = 0.1, pi4 = pow(PI, 4), pi8 = pow(PI, 8);
    double v1 = 0.5 * pow(1.0 + b * pi4 / 5.0, 2), v2 = a * a / 8.0;
    double v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
    double v = v1 + v2 + v13;
    s1[0] = v1 / v, s1[1] = v2 / v, s1[2] = 0.0;
    st[0] = (v1 + v13) / v, st[1] = v2 / v, st[2] = v13 / v;
}

static void ishigami_truth_matches_the_issue(void **state)
{
    (void)state;
    double s1[3], st[3];
    ishigami_truth(s1, st);
    /* the numbers issue 14 quotes, to the 4 digits it quotes them */
    const double want_s1[3] = {0.3139, 0.4424, 0.0}, want_st[3] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < 3; i++) {
        assert_true(fabs(s1[i] - want_s1[i]) < 5e-5);
        assert_true(fabs(st[i] - want_st[i]) < 5e-5);
    }
}

/* Evaluate f on every Saltelli point of N rows, factors uniform on [-π, π]. */
static double *saltelli_outputs(uint32_t seed, int N, int k, double (*f)(const double *))
{
    gsa_factor fac = {GSA_UNIFORM, -PI, PI, 0, NULL};
    double *y = malloc((size_t)N * (k + 2) * sizeof *y);
    assert_non_null(y);
    double u[GSA_MAX_FACTORS] = {0}, x[GSA_MAX_FACTORS] = {0};
    for (int j = 0; j < N; j++)
        for (int m = 0; m < k + 2; m++) {
            gsa_saltelli_point(seed, k, j, m, u);
            for (int i = 0; i < k; i++) x[i] = gsa_factor_value(&fac, u[i]);
            y[(size_t)j * (k + 2) + m] = f(x);
        }
    return y;
}

/* Both first-order estimators, the total index (Jansen) with each. */
static void sobol_ishigami_known_answer(void **state)
{
    (void)state;
    for (int first = GSA_S1_JANSEN; first <= GSA_S1_SALTELLI; first++) {
        /* 16384 rows (81,920 evaluations). The design's seed is fixed: a 95%
         * interval misses on about one seed in twenty, so all six hold together
         * on about three seeds in four (seeds 1, 3, 4, 6, 7, 8 of 1-8 here); the
         * second check below, four standard errors, holds on every seed tried. */
        const int N = 16384, k = 3;
        double *y = saltelli_outputs(1, N, k, ishigami);
        gsa_sobol_index idx[3];
        gsa_sobol_info info;
        assert_int_equal(gsa_sobol(y, N, k, first, 400, 0.95, 7, idx, &info), 0);
        double s1[3], st[3];
        ishigami_truth(s1, st);
        assert_int_equal(info.rows, N);
        /* V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 = 13.8446 */
        /* seed 1 gives 13.8046 */
        assert_true(fabs(info.variance - 13.8446) < 0.2);
        for (int i = 0; i < k; i++) {
            print_message("%s x%d: S1 %.4f [%.4f, %.4f] (%.4f)  ST %.4f [%.4f, %.4f] (%.4f)\n",
                          first ? "saltelli" : "jansen", i + 1, idx[i].s1, idx[i].s1_lo,
                          idx[i].s1_hi, s1[i], idx[i].st, idx[i].st_lo, idx[i].st_hi, st[i]);
            assert_true(idx[i].s1_lo <= s1[i] && s1[i] <= idx[i].s1_hi);
            assert_true(idx[i].st_lo <= st[i] && st[i] <= idx[i].st_hi);
            assert_true(idx[i].s1_lo <= idx[i].s1 && idx[i].s1 <= idx[i].s1_hi);
            double se1 = (idx[i].s1_hi - idx[i].s1_lo) / 3.92,
                   set = (idx[i].st_hi - idx[i].st_lo) / 3.92;
            assert_true(fabs(idx[i].s1 - s1[i]) < 4 * se1 && fabs(idx[i].st - st[i]) < 4 * set);
            /* and the intervals are informative: narrower than 0.05 */
            assert_true(idx[i].s1_hi - idx[i].s1_lo < 0.05);
            assert_true(idx[i].st_hi - idx[i].st_lo < 0.05);
        }
        /* the same outputs and seed give the same intervals, bit for bit */
        gsa_sobol_index again[3];
        gsa_sobol(y, N, k, first, 400, 0.95, 7, again, NULL);
        assert_memory_equal(idx, again, sizeof idx);
        free(y);
    }
}

static double additive(const double *x)
{
    return 2.0 * x[0] + 1.0 * x[1] + 0.0 * x[2];
}

/* An additive function: S1 = ST = c_i² / Σ c² (uniform factors of one
 * range), and a factor that does nothing has both 0. */
static void sobol_additive_function(void **state)
{
    (void)state;
    const int N = 4096, k = 3;
    double *y = saltelli_outputs(99, N, k, additive);
    gsa_sobol_index idx[3];
    assert_int_equal(gsa_sobol(y, N, k, GSA_S1_JANSEN, 200, 0.95, 1, idx, NULL), 0);
    const double want[3] = {0.8, 0.2, 0.0};
    for (int i = 0; i < k; i++) {
        assert_true(fabs(idx[i].s1 - want[i]) < 0.03);
        assert_true(fabs(idx[i].st - want[i]) < 0.03);
    }
    /* the inert factor's total index is exactly 0: f(A) = f(A_B^3) on every row */
    assert_true(idx[2].st == 0.0 && idx[2].st_lo == 0.0 && idx[2].st_hi == 0.0);
    /* and with Saltelli's first-order estimator its S1 too (Jansen's is 0 ± noise) */
    assert_int_equal(gsa_sobol(y, N, k, GSA_S1_SALTELLI, 200, 0.95, 1, idx, NULL), 0);
    assert_true(idx[2].s1 == 0.0 && idx[2].s1_lo == 0.0 && idx[2].s1_hi == 0.0);
    for (int i = 0; i < 2; i++) assert_true(fabs(idx[i].s1 - want[i]) < 0.03);
    free(y);
}

/* A constant output has no variance: no index, NaN, status 1; a row with a
 * NaN output is left out. */
static void sobol_degenerate_outputs(void **state)
{
    (void)state;
    const int N = 10, k = 2;
    double y[10 * 4];
    for (int i = 0; i < N * (k + 2); i++) y[i] = 3.0;
    gsa_sobol_index idx[2];
    gsa_sobol_info info;
    assert_int_equal(gsa_sobol(y, N, k, GSA_S1_JANSEN, 10, 0.95, 1, idx, &info), 1);
    assert_true(isnan(idx[0].s1) && isnan(idx[1].st));
    double *z = saltelli_outputs(5, N, k, additive);
    z[3 * (k + 2) + 2] = NAN;
    assert_int_equal(gsa_sobol(z, N, k, GSA_S1_SALTELLI, 0, 0.95, 1, idx, &info), 0);
    assert_int_equal(info.rows, N - 1);
    assert_true(isnan(idx[0].s1_lo)); /* no resamples: no interval */
    free(z);
}

/* Morris on f(x) = Σ c_i x_i over factors of different ranges: every
 * elementary effect is c_i × (hi_i − lo_i), the output's change over the
 * factor's whole range, so mu = that, mu* = |that|, sigma = 0. */
static void morris_linear_recovers_coefficients(void **state)
{
    (void)state;
    const int k = 4, r = 20, levels = 4;
    const double c[4] = {3.0, -2.0, 0.5, 0.0};
    const double values[3] = {1.0, 2.0, 4.0};
    gsa_factor fac[4] = {{GSA_UNIFORM, 0.0, 1.0, 0, NULL},
                         {GSA_UNIFORM, 10.0, 20.0, 0, NULL},
                         {GSA_UNIFORM, -1.0, 1.0, 0, NULL},
                         {GSA_LISTED, 0, 0, 3, values}};
    double *y = malloc((size_t)r * (k + 1) * sizeof *y);
    double u[4];
    for (int t = 0; t < r; t++)
        for (int s = 0; s <= k; s++) {
            int factor;
            double step;
            gsa_morris_point(11, k, levels, t, s, u, &factor, &step);
            double f = 0.0;
            for (int i = 0; i < k; i++) {
                assert_true(u[i] >= 0.0 && u[i] <= 1.0);
                f += c[i] * gsa_factor_value(&fac[i], u[i]);
            }
            y[(size_t)t * (k + 1) + s] = f;
            if (s > 0) assert_true(fabs(fabs(step) - gsa_morris_delta(levels)) < 1e-15);
        }
    gsa_morris_effect e[4];
    assert_int_equal(gsa_morris(y, r, k, levels, 11, 100, 0.95, e), 0);
    const double want[3] = {3.0 * 1.0, -2.0 * 10.0, 0.5 * 2.0};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(e[i].n, r);
        assert_true(fabs(e[i].mu - want[i]) < 1e-9 * fabs(want[i]));
        assert_true(fabs(e[i].mu_star - fabs(want[i])) < 1e-9 * fabs(want[i]));
        assert_true(e[i].sigma < 1e-9 * fabs(want[i]));
        assert_true(e[i].mu_star_lo <= e[i].mu_star && e[i].mu_star <= e[i].mu_star_hi);
    }
    assert_true(e[3].mu == 0.0 && e[3].mu_star == 0.0 && e[3].sigma == 0.0);
    free(y);
}

/* Every trajectory moves each factor exactly once, by ±Δ on the grid. */
static void morris_trajectories_move_each_factor_once(void **state)
{
    (void)state;
    const int k = 6, levels = 6;
    double prev[6], u[6];
    for (int t = 0; t < 50; t++) {
        int moved[6] = {0};
        int factor;
        double step;
        gsa_morris_point(3, k, levels, t, 0, prev, &factor, &step);
        assert_int_equal(factor, -1);
        for (int s = 1; s <= k; s++) {
            gsa_morris_point(3, k, levels, t, s, u, &factor, &step);
            assert_true(factor >= 0 && factor < k);
            moved[factor]++;
            for (int i = 0; i < k; i++) {
                double grid = u[i] * (levels - 1);
                assert_true(fabs(grid - round(grid)) < 1e-9); /* on the p-level grid */
                if (i == factor)
                    assert_true(fabs(u[i] - prev[i] - step) < 1e-12);
                else
                    assert_true(u[i] == prev[i]);
            }
            memcpy(prev, u, sizeof u);
        }
        for (int i = 0; i < k; i++) assert_int_equal(moved[i], 1);
    }
}

static void lhs_fills_every_stratum_once(void **state)
{
    (void)state;
    const int n = 37, k = 5;
    double *u = malloc((size_t)n * k * sizeof *u);
    assert_int_equal(gsa_lhs(8, n, k, u), 0);
    for (int i = 0; i < k; i++) {
        int seen[37] = {0};
        for (int j = 0; j < n; j++) {
            double x = u[(size_t)j * k + i];
            assert_true(x >= 0.0 && x < 1.0);
            seen[(int)(x * n)]++;
        }
        for (int s = 0; s < n; s++) assert_int_equal(seen[s], 1);
    }
    double *v = malloc((size_t)n * k * sizeof *v);
    gsa_lhs(8, n, k, v);
    assert_memory_equal(u, v, (size_t)n * k * sizeof *u);
    gsa_lhs(9, n, k, v);
    assert_true(memcmp(u, v, (size_t)n * k * sizeof *u) != 0);
    free(u);
    free(v);
}

static void rank_correlations_known(void **state)
{
    (void)state;
    const int n = 200, k = 3;
    double *u = malloc((size_t)n * k * sizeof *u), *y = malloc((size_t)n * sizeof *y);
    gsa_lhs(4, n, k, u);
    /* increasing in x1; x2's weight (1e-6) never reorders two LHS strata of x1, so in
     * ranks x2 is as invisible as x3, which y ignores */
    for (int j = 0; j < n; j++) y[j] = exp(3.0 * u[(size_t)j * k]) - u[(size_t)j * k + 1] * 1e-6;
    gsa_rank_corr rc[3];
    assert_int_equal(gsa_rank_correlations(u, y, n, k, 200, 0.95, 2, rc), 0);
    /* ranks of y are the ranks of x1 (the 1e-6 term never reorders two LHS strata): rho is 1 */
    assert_true(fabs(rc[0].rho - 1.0) < 1e-12);
    assert_true(rc[0].rho_lo <= rc[0].rho && rc[0].rho <= rc[0].rho_hi + 1e-15);
    for (int f = 1; f < 3; f++) {
        assert_true(fabs(rc[f].rho) < 0.2);
        assert_true(rc[f].rho_lo < 0.0 && rc[f].rho_hi > 0.0);
    }
    /* fewer than three finite outputs: no correlation */
    for (int j = 0; j < n; j++) y[j] = j < 2 ? 1.0 : NAN;
    assert_int_equal(gsa_rank_correlations(u, y, n, k, 0, 0.95, 2, rc), 1);
    assert_true(isnan(rc[0].rho));
    free(u);
    free(y);
}

static void factor_transforms(void **state)
{
    (void)state;
    gsa_factor uni = {GSA_UNIFORM, 2.0, 5.0, 0, NULL};
    gsa_factor logu = {GSA_LOG_UNIFORM, 0.001, 0.1, 0, NULL};
    const double vals[4] = {0.8, 0.9, 1.0, 1.1};
    gsa_factor listed = {GSA_LISTED, 0, 0, 4, vals};
    assert_true(gsa_factor_value(&uni, 0.0) == 2.0 && gsa_factor_value(&uni, 1.0) == 5.0);
    assert_true(gsa_factor_value(&uni, 0.5) == 3.5);
    assert_true(gsa_factor_value(&logu, 0.0) == 0.001 && gsa_factor_value(&logu, 1.0) == 0.1);
    assert_true(fabs(gsa_factor_value(&logu, 0.5) - 0.01) < 1e-15); /* the geometric middle */
    assert_true(gsa_factor_value(&listed, 0.0) == 0.8 && gsa_factor_value(&listed, 0.2499) == 0.8);
    assert_true(gsa_factor_value(&listed, 0.25) == 0.9 && gsa_factor_value(&listed, 1.0) == 1.1);
    /* 53-bit uniforms: in [0, 1), a function of (seed, stream, i, j) only */
    double a = gsa_u01(1, GSA_STREAM_BOOT, 5, 6);
    assert_true(a >= 0.0 && a < 1.0 && a == gsa_u01(1, GSA_STREAM_BOOT, 5, 6));
    assert_true(a != gsa_u01(2, GSA_STREAM_BOOT, 5, 6) && a != gsa_u01(1, GSA_STREAM_LHS, 5, 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ishigami_truth_matches_the_issue),
        cmocka_unit_test(sobol_ishigami_known_answer),
        cmocka_unit_test(sobol_additive_function),
        cmocka_unit_test(sobol_degenerate_outputs),
        cmocka_unit_test(morris_linear_recovers_coefficients),
        cmocka_unit_test(morris_trajectories_move_each_factor_once),
        cmocka_unit_test(lhs_fills_every_stratum_once),
        cmocka_unit_test(rank_correlations_known),
        cmocka_unit_test(factor_transforms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
