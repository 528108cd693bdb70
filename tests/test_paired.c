/* test_paired.c — paired comparisons (sim/analysis/paired.h): the
 * order-statistic interval of a median against its exact binomial answer,
 * P(a > b) and its Wilson interval by counting, NaN pairs left out; and on a
 * scenario run with common random numbers (two variants, the same 40 random
 * futures), the paired interval of the difference is far narrower than the
 * unpaired one, as it must be when the futures' spread dominates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis/paired.h"
#include "io/scenario.h"
#include "run/backend.h"
#include "stats.h"

/* n = 16 at 95%: k = 4 (P(B ≤ 3) = 697/65536 ≤ 0.025 < P(B ≤ 4) = 2517/65536),
 * so [x(4), x(13)] with coverage 1 − 2·697/65536. Below n = 6 there is none. */
static void median_interval_known(void **state)
{
    (void)state;
    double x[16], lo, hi, cov;
    for (int i = 0; i < 16; i++) x[i] = i * 1.5;
    paired_median_interval(x, 16, 0.95, &lo, &hi, &cov);
    assert_true(lo == x[3] && hi == x[12]);
    assert_true(fabs(cov - (1.0 - 2.0 * 697.0 / 65536.0)) < 1e-14);
    paired_median_interval(x, 5, 0.95, &lo, &hi, &cov);
    assert_true(isnan(lo) && isnan(hi) && isnan(cov));
    paired_median_interval(x, 6, 0.95, &lo, &hi, &cov); /* P(B ≤ 0) = 1/64 ≤ 0.025 */
    assert_true(lo == x[0] && hi == x[5] && fabs(cov - (1.0 - 2.0 / 64.0)) < 1e-15);
    /* n = 1000: k = 469 (the normal approximation's 500 − 1.96·√250 ≈ 469) */
    double *y = malloc(1000 * sizeof *y);
    for (int i = 0; i < 1000; i++) y[i] = i;
    paired_median_interval(y, 1000, 0.95, &lo, &hi, &cov);
    assert_true(lo == 468.0 && hi == 531.0 && cov >= 0.95 && cov < 0.96);
    free(y);
}

static void counts_and_nans(void **state)
{
    (void)state;
    const double a[8] = {1, 2, 3, NAN, 5, 6, 7, 8}, b[8] = {0, 2, 4, 1, 4, NAN, 6, 7};
    paired_stats s;
    assert_int_equal(paired_compare(a, b, 8, 0.95, 200, 3, &s), 0);
    assert_int_equal(s.n, 6);
    assert_int_equal(s.dropped, 2);
    assert_int_equal(s.greater, 4); /* 1>0, 5>4, 7>6, 8>7 */
    assert_int_equal(s.less, 1);    /* 3<4 */
    assert_int_equal(s.ties, 1);
    double lo, hi;
    stats_wilson(4, 6, &lo, &hi);
    assert_true(s.p_greater == 4.0 / 6 && s.p_greater_lo == lo && s.p_greater_hi == hi);
    /* differences 1 0 −1 1 1 1: median 1 */
    assert_true(s.median == 1.0);
    assert_true(s.lo == -1.0 && s.hi == 1.0); /* n = 6: the extremes */
    paired_stats again;
    paired_compare(a, b, 8, 0.95, 200, 3, &again);
    assert_memory_equal(&s, &again, sizeof s); /* the bootstrap is seeded */
}

static const char *const crn_text =
    "name: crn\n"
    "run: {paths: 40, seed: 3, horizon_days: 90, step_days: 1, record_every: 10}\n"
    "hardware:\n"
    "  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 0.3}\n"
    "  - {name: RTX4090, heq_per_device: 0.2, power_w: 450, price_usd: 1599, share: 0.7}\n"
    "regions:\n"
    "  - {name: us-texas, electricity_usd_per_kwh: 0.066, share: 1}\n"
    "providers: {count: 100}\n"
    "demand: {base_heqh_per_day: 2000}\n"
    "emission: {schedule: fixed, tokens_per_day: 5000}\n"
    "token: {initial_supply: 1.0e7, vol_per_sqrt_year: 1.2}\n"
    "fees: {take_rate: 0.2}\n"
    "variants:\n"
    "  buyback: {fees.buyback: static, fees.buyback_rate_per_day: 0.2}\n";

/* Final token prices of a variant, [paths]. */
static double *finals(const ds_params *P, int metric)
{
    int paths = P->run.paths, R = ds_params_records(P);
    double *rec = malloc((size_t)DS_N_METRICS * paths * R * sizeof *rec);
    double *out = malloc((size_t)DS_N_OUTCOMES * paths * sizeof *out);
    double *f = malloc((size_t)paths * sizeof *f);
    uint8_t *done = calloc((size_t)paths, 1);
    ds_run_buffers buf = {paths, rec, out, NULL, done, NULL, NULL, 0};
    ds_errors errs = {0};
    assert_int_equal(backend_run(DS_BACKEND_CPU, P, 0, paths, &buf, 2, NULL, &errs), DS_OK);
    for (int p = 0; p < paths; p++) f[p] = rec[((size_t)metric * paths + p) * R + R - 1];
    free(rec), free(out), free(done);
    return f;
}

static void paired_is_tighter_on_common_random_numbers(void **state)
{
    (void)state;
    char path[64] = "/tmp/ds_paired_XXXXXX";
    int fd = mkstemp(path);
    assert_int_equal(write(fd, crn_text, strlen(crn_text)), (ssize_t)strlen(crn_text));
    close(fd);
    ds_scenario sc;
    ds_errors errs = {0};
    assert_int_equal(scenario_load(path, &sc, &errs), DS_OK);
    unlink(path);
    double *base = finals(&sc.variants[0].params, DS_M_TOKEN_PRICE);
    double *bb = finals(&sc.variants[1].params, DS_M_TOKEN_PRICE);
    paired_stats s;
    assert_int_equal(paired_compare(bb, base, 40, 0.95, 2000, 0, &s), 0);
    double wp = s.hi - s.lo, wu = s.unpaired_hi - s.unpaired_lo;
    print_message("buyback − base, token price: paired %.4g [%.4g, %.4g] (width %.3g), unpaired "
                  "%.4g [%.4g, %.4g] (width %.3g), %.1fx narrower, P(>) %.3f\n",
                  s.median, s.lo, s.hi, wp, s.unpaired_median, s.unpaired_lo, s.unpaired_hi, wu,
                  wu / wp, s.p_greater);
    assert_int_equal(s.n, 40);
    assert_true(wp > 0 && wp < wu / 5);
    /* buying back and burning raises the price on every future */
    assert_true(s.lo > 0 && s.greater == 40);
    /* without the pairing the same numbers cannot tell the designs apart */
    assert_true(s.unpaired_lo < 0 && s.unpaired_hi > 0);
    free(base);
    free(bb);
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(median_interval_known),
        cmocka_unit_test(counts_and_nans),
        cmocka_unit_test(paired_is_tighter_on_common_random_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
