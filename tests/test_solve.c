/* test_solve.c — `solve`'s bisection (sim/run/solve.h) against a threshold
 * known in closed form: in a scenario whose claim reads the cloud's list
 * price, a function of time alone, "on-demand ≥ 5 at the end" holds on every
 * path exactly when the starting price is at least 5 / 0.9^(364/365) (a 10%
 * yearly decline, the last step starting on day 364). The bracket must hold
 * that value, from either side (smallest and largest), narrow as asked; a
 * range without the crossing gives no answer; targets parse or are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../models/dsmath.h"
#include "io/scenario.h"
#include "run/solve.h"

static const char *const text =
    "name: od\n"
    "run: {paths: 4, seed: 3, horizon_days: 365, record_every: 30}\n"
    "hardware:\n"
    "  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 1}\n"
    "regions:\n"
    "  - {name: us-texas, electricity_usd_per_kwh: 0.066, share: 1}\n"
    "providers: {count: 20}\n"
    "demand: {base_heqh_per_day: 200}\n"
    "emission: {tokens_per_day: 500}\n"
    "token: {initial_supply: 1e7}\n"
    "cloud: {on_demand_usd_per_heqh: 10, decline_per_year: 0.1}\n"
    "claims:\n"
    "  - {name: od_ge_5, metric: cloud_on_demand, op: ge, threshold: 5}\n"
    "  - {name: od_le_5, metric: cloud_on_demand, op: le, threshold: 5}\n";

static ds_scenario load(void)
{
    char path[64] = "/tmp/ds_solve_XXXXXX";
    int fd = mkstemp(path);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ds_scenario sc;
    ds_errors errs = {0};
    assert_int_equal(scenario_load(path, &sc, &errs), DS_OK);
    unlink(path);
    return sc;
}

static void brackets_the_known_threshold(void **state)
{
    (void)state;
    ds_scenario sc = load();
    const ds_params *P = &sc.variants[0].params;
    /* the model's own arithmetic: od(t) = od0 · (1 − 0.1)^(t / 365) at t = 364 */
    double thr = 5.0 / ds_pow(0.9, 364.0 / 365.0);
    ds_backend b = {.requested = DS_BACKEND_CPU, .chosen = DS_BACKEND_CPU, .threads = 1};
    const char *targets[2] = {"od_ge_5 >= 1", "od_le_5 > 0.5"};
    for (int t = 0; t < 2; t++) {
        solve_spec s = {.lo = 1, .hi = 20, .tolerance = 1e-6, .max_evals = 64, .paths = 4};
        snprintf(s.key, sizeof s.key, "cloud.on_demand_usd_per_heqh");
        char msg[256];
        assert_int_equal(solve_parse_target(P, targets[t], &s, msg, sizeof msg), 0);
        solve_result r;
        ds_errors errs = {0};
        assert_int_equal(solve_run(&b, &sc, P, &s, &r, NULL, &errs), DS_OK);
        assert_true(r.found);
        assert_int_equal(r.smallest, t == 0); /* >= 5 holds above: the smallest; <= 5: largest */
        double lo = fmin(r.answer, r.miss), hi = fmax(r.answer, r.miss);
        print_message("%s: answer %.9g, bracket [%.9g, %.9g], threshold %.9g, %d points\n",
                      targets[t], r.answer, lo, hi, thr, r.n);
        assert_true(lo <= thr && thr <= hi);
        assert_true(hi - lo <= 1e-6);
        assert_true(r.monotone);
        /* every point on the same futures: P is 0 or 1 (a function of time) */
        for (int i = 0; i < r.n; i++) assert_true(r.pts[i].value == 0.0 || r.pts[i].value == 1.0);
        /* log-space bisection finds the same threshold */
        s.log_scale = 1;
        assert_int_equal(solve_run(&b, &sc, P, &s, &r, NULL, &errs), DS_OK);
        assert_true(r.found);
        assert_int_equal(r.smallest, t == 0);
        assert_true(fmin(r.answer, r.miss) <= thr && thr <= fmax(r.answer, r.miss));
        assert_true(fabs(r.answer - r.miss) <= 1e-6); /* as narrow as asked, geometric or not */
    }
    /* no crossing inside [6, 20]: the target holds at both ends */
    solve_spec s = {.lo = 6, .hi = 20, .paths = 4};
    snprintf(s.key, sizeof s.key, "cloud.on_demand_usd_per_heqh");
    char msg[256];
    assert_int_equal(solve_parse_target(P, "od_ge_5 >= 1", &s, msg, sizeof msg), 0);
    solve_result r;
    ds_errors errs = {0};
    assert_int_equal(solve_run(&b, &sc, P, &s, &r, NULL, &errs), DS_OK);
    assert_false(r.found);
    assert_true(r.met_lo && r.met_hi);
    assert_int_equal(r.n, 2);
    scenario_free(&sc);
}

static void targets(void **state)
{
    (void)state;
    ds_scenario sc = load();
    const ds_params *P = &sc.variants[0].params;
    solve_spec s;
    char msg[256];
    assert_int_equal(solve_parse_target(P, " median(active_providers)<300", &s, msg, sizeof msg),
                     0);
    assert_int_equal(s.target.kind, DS_OUTPUT_METRIC);
    assert_int_equal(s.op, SOLVE_LT);
    assert_true(s.level == 300);
    assert_int_equal(solve_parse_target(P, "death_spiral <= 0.05", &s, msg, sizeof msg), 0);
    assert_int_equal(s.target.kind, DS_OUTPUT_OUTCOME);
    assert_int_equal(solve_parse_target(P, "od_le_5 >= 0.5", &s, msg, sizeof msg), 0);
    assert_int_equal(s.target.index, 1);
    assert_int_equal(solve_parse_target(P, "nope >= 1", &s, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "'nope' is not a claim"));
    assert_int_equal(solve_parse_target(P, "od_ge_5 => 1", &s, msg, sizeof msg), -1);
    assert_int_equal(solve_parse_target(P, "od_ge_5 >= x", &s, msg, sizeof msg), -1);
    assert_int_equal(solve_parse_target(P, "mode(fees) >= 1", &s, msg, sizeof msg), -1);
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(brackets_the_known_threshold),
        cmocka_unit_test(targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
