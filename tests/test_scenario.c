/* test_scenario.c — the scenario loader: the demo scenario's values, defaults, every
 * error class with its exact located message, --set, variants and sweeps, and the key
 * reference in scenarios/README.md. Run from the repository root (ctest does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/scenario.h"

/* A valid scenario of 7 lines; tests append to it, so their own lines start at 8. */
#define MINIMAL                                                                                    \
    "hardware:\n"                                                                                  \
    "  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 0.4}\n"          \
    "  - {name: RTX4090, heq_per_device: 0.2, power_w: 450, price_usd: 1599, share: 0.6}\n"        \
    "regions:\n"                                                                                   \
    "  - {name: us-texas, electricity_usd_per_kwh: 0.066, share: 1}\n"                             \
    "demand:\n"                                                                                    \
    "  base_heqh_per_day: 1000\n"

typedef struct {
    char path[64];
    ds_scenario sc;
    ds_errors errs;
    int rc;
} loaded;

/* Write text to a fresh temporary file and load it; the file is removed again. */
static void load_text(loaded *L, const char *text)
{
    memset(L, 0, sizeof *L);
    snprintf(L->path, sizeof L->path, "/tmp/ds_scenario_XXXXXX");
    int fd = mkstemp(L->path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    L->rc = scenario_load(L->path, &L->sc, &L->errs);
    unlink(L->path);
}

static void unload(loaded *L)
{
    scenario_free(&L->sc);
    errors_free(&L->errs);
}

/* Error i as "line:col: key: message", after checking it names file f. */
static const char *err_text(const ds_errors *e, int i, const char *f)
{
    static char buf[DS_MSG_LEN + 200];
    if (i >= e->n) {
        errors_print(e, stderr);
        fail_msg("expected at least %d errors, got %d", i + 1, e->n);
    }
    const ds_error *it = &e->items[i];
    assert_string_equal(it->file, f);
    snprintf(buf, sizeof buf, "%d:%d: %s: %s", it->line, it->col, it->key, it->msg);
    return buf;
}

/* Load MINIMAL + extra and expect exactly one error, printed as want. */
static void expect_one(const char *extra, const char *want)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", MINIMAL, extra);
    loaded L;
    load_text(&L, text);
    assert_int_equal(L.rc, DS_EINPUT);
    if (L.errs.n != 1) errors_print(&L.errs, stderr);
    assert_string_equal(err_text(&L.errs, 0, L.path), want);
    assert_int_equal(L.errs.n, 1);
    assert_int_equal(L.errs.kind, DS_EINPUT);
    unload(&L);
}

/* ---------------------------------------------------------------- the demo and defaults */

static void test_default_yaml(void **state)
{
    (void)state;
    ds_scenario sc;
    ds_errors e = {0};
    int rc = scenario_load("scenarios/default.yaml", &sc, &e);
    if (rc) errors_print(&e, stderr);
    assert_int_equal(rc, DS_OK);
    assert_int_equal(e.n, 0);
    assert_string_equal(sc.name, "default");
    assert_string_equal(sc.path, "scenarios/default.yaml");
    assert_non_null(sc.yaml_text);
    assert_true(sc.yaml_len > 1000 && strlen(sc.yaml_text) == sc.yaml_len);
    assert_non_null(strstr(sc.yaml_text, "PROTOCOLS"));
    const ds_params *p = &sc.base;
    assert_int_equal(p->run.paths, 128);
    assert_int_equal(p->run.seed, 1);
    assert_true(p->run.horizon_days == 1095 && p->run.step_days == 1);
    assert_int_equal(p->run.record_every, 7);
    assert_int_equal(p->n_classes, 4);
    assert_string_equal(p->hw[0].name, "H100-SXM");
    assert_true(p->hw[0].heq_per_device == 1.0 && p->hw[0].power_w == 700);
    assert_true(p->hw[0].price_usd == 27500);
    assert_string_equal(p->hw[1].name, "A100-SXM");
    assert_true(p->hw[1].power_w == 400 && p->hw[1].price_usd == 12000);
    assert_true(p->hw[2].power_w == 450 && p->hw[2].price_usd == 1599);
    assert_true(p->hw[3].power_w == 350 && p->hw[3].price_usd == 1499);
    assert_int_equal(p->n_regions, 4);
    assert_string_equal(p->region[0].name, "us-texas");
    assert_true(p->region[0].electricity_usd_per_kwh == 0.066);
    assert_int_equal(p->prov.count, 3000);
    assert_true(p->prov.initial_active_frac == 0.5 && p->demand.base_heqh_per_day == 10000);
    assert_int_equal(p->pricing.model, DS_PRICING_CLOUD_DISCOUNT);
    assert_true(p->pricing.cloud_fraction == 0.6);
    assert_true(p->cloud.on_demand_usd_per_heqh == 6.88);
    assert_int_equal(p->cloud.n_cuts, 1);
    assert_true(p->cloud.cut_day[0] == 365 && p->cloud.cut_frac[0] == 0.15);
    assert_int_equal(p->emission.schedule, DS_EMIT_FIXED);
    assert_true(p->emission.tokens_per_day == 20000 && p->emission.max_supply == 8e8);
    assert_int_equal(p->n_claims, 2);
    assert_true(p->token.initial_supply == 5e8 && p->token.initial_price_usd == 2.0);
    assert_true(p->fees.take_rate == 0.05 && p->token.exogenous_buy_usd_per_day == 50000);
    /* variants: the base first, then the file's */
    assert_int_equal(sc.n_variants, 2);
    assert_string_equal(sc.variants[0].name, "base");
    assert_string_equal(sc.variants[0].overrides, "");
    assert_memory_equal(&sc.variants[0].params, &sc.base, sizeof sc.base);
    assert_string_equal(sc.variants[1].name, "halving");
    assert_string_equal(sc.variants[1].overrides,
                        "emission.schedule=halving\nemission.halving_period_days=730\n");
    assert_int_equal(sc.variants[1].params.emission.schedule, DS_EMIT_HALVING);
    assert_true(sc.variants[1].params.emission.halving_period_days == 730);
    assert_int_equal(scenario_check(&sc, &e), DS_OK);
    scenario_free(&sc);
    scenario_free(&sc); /* idempotent */
    errors_free(&e);
}

static void test_defaults(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL);
    errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    const ds_params *p = &L.sc.base;
    assert_string_equal(L.sc.name, strrchr(L.path, '/') + 1); /* the file stem */
    assert_string_equal(L.sc.description, "");
    assert_int_equal(p->run.paths, 256);
    assert_int_equal(p->run.seed, 1);
    assert_true(p->run.horizon_days == 1095 && p->run.step_days == 1);
    assert_int_equal(p->run.record_every, 7);
    assert_int_equal(p->run.keep_paths, 0);
    assert_true(p->hw[0].availability == 0.95 && p->hw[1].life_years == 5);
    assert_int_equal(p->prov.count, 1000);
    assert_true(p->prov.initial_active_frac == 0.7);
    assert_int_equal(p->prov.devices_min, 1);
    assert_int_equal(p->prov.devices_max, 8);
    assert_true(p->prov.pue == 1.2 && p->prov.idle_power_frac == 0.3);
    assert_true(p->prov.electricity_jitter == 0.2 && p->prov.opex_usd_per_device_hour == 0.02);
    assert_true(p->prov.capital_frac_incumbent == 0 && p->prov.capital_frac_entrant == 1);
    assert_true(p->prov.sell_frac_min == 0.3 && p->prov.sell_frac_max == 0.9);
    assert_true(p->prov.patience_days_min == 30 && p->prov.patience_days_max == 180);
    assert_true(p->prov.margin_ema_days == 30 && p->prov.exit_margin == -0.2);
    assert_true(p->prov.exit_hazard_per_day == 0.05 && p->prov.entry_rate_per_day == 0.01);
    assert_true(p->prov.entry_margin_half == 0.25 && p->prov.onboarding_days == 14);
    assert_int_equal(p->demand.growth, DS_GROWTH_EXPONENTIAL);
    assert_true(p->demand.growth_rate_per_year == 0.3 && p->demand.logistic_ceiling_mult == 5);
    assert_true(p->demand.shock_reversion_per_year == 2 &&
                p->demand.shock_vol_per_sqrt_year == 0.3);
    assert_true(p->demand.jump_rate_per_year == 0 && p->demand.jump_mean == 0);
    assert_true(p->demand.jump_sd == 0.1 && p->demand.share_beta == 6);
    assert_true(p->demand.share_midpoint == 0.9 && p->demand.quality == 0.85);
    assert_true(p->cloud.on_demand_usd_per_heqh == 6.88 && p->cloud.decline_per_year == 0.1);
    assert_int_equal(p->cloud.n_cuts, 0);
    assert_true(p->cloud.spot_discount_mean == 0.45);
    assert_true(p->cloud.spot_discount_reversion_per_year == 4);
    assert_true(p->cloud.spot_discount_vol_per_sqrt_year == 0.2);
    assert_true(p->cloud.reserved_1y_discount == 0.375 && p->cloud.reserved_3y_discount == 0.6);
    assert_int_equal(p->cloud.reference, DS_REF_ON_DEMAND);
    assert_true(p->cloud.blend_on_demand == 0.25 && p->cloud.blend_spot == 0.25);
    assert_true(p->cloud.blend_reserved_1y == 0.25 && p->cloud.blend_reserved_3y == 0.25);
    assert_int_equal(p->pricing.model, DS_PRICING_CLOUD_DISCOUNT);
    assert_true(p->pricing.price_usd_per_heqh == 2.0 && p->pricing.cloud_fraction == 0.6);
    assert_int_equal(p->pricing.index_to_cloud, 0);
    assert_int_equal(p->emission.schedule, DS_EMIT_FIXED);
    assert_int_equal(p->emission.halving_by, DS_HALVE_BY_PERIOD);
    assert_true(p->emission.tokens_per_day == 0 && p->emission.halving_period_days == 730);
    assert_true(p->emission.total_tokens == 0 && p->emission.half_life_days == 2190);
    assert_true(p->emission.max_supply == 0);
    assert_int_equal(p->fees.routing, DS_FEES_TO_PROVIDERS);
    assert_true(p->fees.take_rate == 0.05 && p->rewards.capacity_weight == 0.5);
    assert_true(p->token.initial_price_usd == 1 && p->token.initial_supply == 1e8);
    assert_true(p->token.drift_per_year == 0 && p->token.vol_per_sqrt_year == 0.8);
    assert_true(p->token.impact == 0.2 && p->token.depth_frac == 0.03);
    assert_true(p->token.impact_half_life_days == 7);
    assert_true(p->token.max_impact == 0.5 && p->token.exogenous_buy_usd_per_day == 0);
    assert_int_equal(L.sc.n_variants, 1);
    unload(&L);
}

static void test_value_forms(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL "name: forms\n"
                          "description: \"a test\"\n"
                          "run: {seed: 4294967295, keep_paths: true}\n"
                          "token: {initial_supply: 1e8, drift_per_year: -0.5, impact: 2}\n"
                          "emission.max_supply: 5.0E+9\n"
                          "cloud:\n"
                          "  reference: blend\n"
                          "  blend: {on_demand: 0.5, spot: 0.5, reserved_1y: 0, reserved_3y: 0}\n"
                          "  cuts: [{day: 10, fraction: 0.5}, {day: 20, fraction: 0}]\n");
    errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    assert_string_equal(L.sc.name, "forms");
    assert_string_equal(L.sc.description, "a test");
    const ds_params *p = &L.sc.base;
    assert_int_equal(p->run.seed, 4294967295u);
    assert_int_equal(p->run.keep_paths, 1);
    assert_true(p->token.initial_supply == 1e8 && p->token.drift_per_year == -0.5);
    assert_true(p->token.impact == 2 && p->emission.max_supply == 5e9);
    assert_int_equal(p->cloud.reference, DS_REF_BLEND);
    assert_true(p->cloud.blend_on_demand == 0.5 && p->cloud.blend_reserved_3y == 0);
    assert_int_equal(p->cloud.n_cuts, 2);
    assert_true(p->cloud.cut_day[1] == 20 && p->cloud.cut_frac[0] == 0.5);
    unload(&L);
}

/* ---------------------------------------------------------------- errors */

/* Each tests/data/bad/NAME.yaml: its first error is exactly NAME.expect's line, with
 * @DIR@ standing for the directory as given. */
static void test_bad_files(void **state)
{
    (void)state;
    const char *names[] = {"unknown_key", "wrong_type",     "out_of_range", "missing_required",
                           "shares_sum",  "min_gt_max",     "yaml_syntax",  "duplicate_key",
                           "bad_enum",    "bad_variant_key"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256], expect[1024], got[1024] = "";
        snprintf(path, sizeof path, "tests/data/bad/%s.expect", names[i]);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        assert_non_null(fgets(expect, sizeof expect, f));
        fclose(f);
        char want[1100];
        const char *at = strstr(expect, "@DIR@");
        assert_non_null(at);
        snprintf(want, sizeof want, "%.*stests/data/bad%s", (int)(at - expect), expect, at + 5);

        snprintf(path, sizeof path, "tests/data/bad/%s.yaml", names[i]);
        ds_scenario sc;
        ds_errors e = {0};
        assert_int_equal(scenario_load(path, &sc, &e), DS_EINPUT);
        char *buf = NULL;
        size_t n = 0;
        FILE *m = open_memstream(&buf, &n);
        errors_print(&e, m);
        fclose(m);
        char *nl = strchr(buf, '\n');
        snprintf(got, sizeof got, "%.*s", nl ? (int)(nl - buf + 1) : (int)strlen(buf), buf);
        assert_string_equal(got, want);
        assert_int_equal(e.n, 1); /* one planted error, nothing besides */
        free(buf);
        scenario_free(&sc);
        errors_free(&e);
    }
}

static void test_unreadable(void **state)
{
    (void)state;
    ds_scenario sc;
    ds_errors e = {0};
    assert_int_equal(scenario_load("tests/data/no_such_file.yaml", &sc, &e), DS_EINPUT);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.kind, DS_EINPUT);
    assert_string_equal(e.items[0].file, "tests/data/no_such_file.yaml");
    assert_int_equal(e.items[0].line, 0);
    assert_string_equal(e.items[0].msg, "cannot read: No such file or directory");
    scenario_free(&sc);
    errors_free(&e);
}

static void test_type_errors(void **state)
{
    (void)state;
    expect_one("run:\n  paths: 1.5\n", "9:10: run.paths: expected an integer, got '1.5'");
    expect_one("run:\n  paths: 1e3\n", "9:10: run.paths: expected an integer, got '1e3'");
    expect_one("run:\n  keep_paths: yes\n",
               "9:15: run.keep_paths: expected true or false, got 'yes'");
    expect_one("token:\n  impact: nan\n", "9:11: token.impact: expected a number, got 'nan'");
    expect_one("token:\n  impact: .inf\n", "9:11: token.impact: expected a number, got '.inf'");
    expect_one("token:\n  impact: 1e999\n",
               "9:11: token.impact: expected a finite number, got '1e999'");
    expect_one("token:\n  impact: 0x10\n", "9:11: token.impact: expected a number, got '0x10'");
    expect_one("token:\n  impact:\n", "9:10: token.impact: expected a number, got nothing");
    expect_one("token:\n  impact: [1, 2]\n",
               "9:11: token.impact: expected a single value, got a list");
    expect_one("token: 5\n", "8:8: token: expected a mapping of keys, got a value");
    expect_one("cloud:\n  cuts: {day: 1}\n", "9:9: cloud.cuts: expected a list, got a mapping");
    expect_one("demand.growth: logisitc\n",
               "8:16: demand.growth: expected one of exponential, logistic, got 'logisitc'; "
               "did you mean 'logistic'?");
    expect_one(
        "fees: {routing: burn}\n",
        "8:17: fees.routing: expected one of to_providers, burn_and_mint, split, got 'burn'");
}

static void test_range_errors(void **state)
{
    (void)state;
    expect_one("run:\n  paths: 0\n", "9:10: run.paths: 0 is out of range: must be >= 1");
    expect_one("run:\n  seed: -1\n", "9:9: run.seed: -1 is out of range [0, 4294967295]");
    expect_one("run:\n  step_days: 0\n", "9:14: run.step_days: 0 is out of range: must be > 0");
    expect_one("providers:\n  count: 20000000\n",
               "9:10: providers.count: 20000000 is out of range [1, 10000000]");
    expect_one("demand.quality: 0\n", "8:17: demand.quality: 0 is out of range (0, 1]");
    expect_one("cloud:\n  decline_per_year: 1\n",
               "9:21: cloud.decline_per_year: 1 is out of range [0, 1)");
    expect_one("rewards: {capacity_weight: 1.01}\n",
               "8:28: rewards.capacity_weight: 1.01 is out of range [0, 1]");
}

static void test_key_errors(void **state)
{
    (void)state;
    expect_one("provders:\n  count: 5\n", "8:1: provders: unknown key; did you mean 'providers'?");
    expect_one("token.vol_per_sqrt_yaer: 1\n",
               "8:1: token.vol_per_sqrt_yaer: unknown key; did you mean 'vol_per_sqrt_year'?");
    expect_one("token:\n  colour: blue\n", "9:3: token.colour: unknown key");
    expect_one("token:\n  impact: 1\ntoken.impact: 2\n",
               "10:1: token.impact: key given twice (first at line 9)");
    expect_one("token:\n  impact: 1\ntoken:\n  vol_per_sqrt_year: 2\n",
               "10:1: token: key given twice (first at line 8)");
    expect_one("hardware.0.share: 1\n",
               "8:1: hardware.0: item indexes are only for variants, sweep and --set; write the "
               "items as a YAML list");
    expect_one("variants:\n  v:\n    name: other\n",
               "10:5: variants.v.name: can only be given at the top level of the base scenario");
}

static void test_missing_and_lists(void **state)
{
    (void)state;
    loaded L;
    /* a missing section is reported at the top-level mapping, a missing item key at its item */
    load_text(&L, "run:\n  paths: 4\n"
                  "hardware:\n"
                  "  - {name: H100, heq_per_device: 1.0, power_w: 700, shaer: 1}\n"
                  "regions: []\n");
    assert_int_equal(L.rc, DS_EINPUT);
    assert_string_equal(err_text(&L.errs, 0, L.path),
                        "4:53: hardware.0.shaer: unknown key; did you mean 'share'?");
    assert_string_equal(err_text(&L.errs, 1, L.path),
                        "4:5: hardware.0.price_usd: missing required key");
    assert_string_equal(err_text(&L.errs, 2, L.path),
                        "4:5: hardware.0.share: missing required key");
    assert_string_equal(err_text(&L.errs, 3, L.path), "5:10: regions: needs 1 to 8 items, got 0");
    assert_string_equal(err_text(&L.errs, 4, L.path),
                        "1:1: demand.base_heqh_per_day: missing required key");
    assert_int_equal(L.errs.n, 5); /* no shares error on top: the share was already wrong */
    unload(&L);

    load_text(&L, "demand: {growth: logistic}\n");
    assert_int_equal(L.rc, DS_EINPUT);
    assert_string_equal(err_text(&L.errs, 0, L.path), "1:1: hardware: missing required key");
    assert_string_equal(err_text(&L.errs, 1, L.path), "1:1: regions: missing required key");
    assert_string_equal(err_text(&L.errs, 2, L.path),
                        "1:9: demand.base_heqh_per_day: missing required key");
    assert_int_equal(L.errs.n, 3);
    unload(&L);

    expect_one("cloud:\n  cuts:\n    - {day: 1, fraction: 0.1}\n    - 5\n",
               "11:7: cloud.cuts.1: expected a mapping of cloud.cuts keys, got a value");
    expect_one("cloud:\n  cuts:\n"
               "    - {day: 1, fraction: 0.1}\n    - {day: 2, fraction: 0.1}\n"
               "    - {day: 3, fraction: 0.1}\n    - {day: 4, fraction: 0.1}\n"
               "    - {day: 5, fraction: 0.1}\n    - {day: 6, fraction: 0.1}\n"
               "    - {day: 7, fraction: 0.1}\n    - {day: 8, fraction: 0.1}\n"
               "    - {day: 9, fraction: 0.1}\n",
               "10:5: cloud.cuts: needs 0 to 8 items, got 9");
}

static void test_empty_and_syntax(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, "");
    assert_int_equal(L.rc, DS_EINPUT);
    assert_string_equal(err_text(&L.errs, 0, L.path),
                        "1:1: : the file is empty: a scenario needs at least hardware, regions and "
                        "demand");
    unload(&L);
    load_text(&L, "- 1\n- 2\n");
    assert_string_equal(err_text(&L.errs, 0, L.path),
                        "1:1: : the top level must be a mapping of keys, got a list");
    unload(&L);
    load_text(&L, MINIMAL "run:\n\tpaths: 4\n");
    assert_int_equal(L.rc, DS_EINPUT);
    assert_int_equal(L.errs.n, 1);
    assert_int_equal(L.errs.items[0].line, 9);
    assert_non_null(strstr(L.errs.items[0].msg, "YAML syntax error: "));
    unload(&L);
}

static void test_cross_field(void **state)
{
    (void)state;
    loaded L;
    load_text(&L,
              "hardware:\n"
              "  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 1}\n"
              "regions:\n"
              "  - {name: a, electricity_usd_per_kwh: 0.066, share: 0.5}\n"
              "  - {name: b, electricity_usd_per_kwh: 0.1, share: 0.25}\n"
              "demand:\n  base_heqh_per_day: 1000\n"
              "providers:\n  sell_frac_min: 0.95\n  patience_days_max: 10\n"
              "cloud:\n  reference: blend\n  blend: {spot: 0.5}\n"
              "emission: {max_supply: 1000}\n"
              "run:\n  horizon_days: 10\n  record_every: 11\n");
    assert_int_equal(L.rc, DS_EINPUT);
    assert_string_equal(err_text(&L.errs, 0, L.path),
                        "3:1: regions: regions shares sum to 0.75, must be 1");
    assert_string_equal(err_text(&L.errs, 1, L.path),
                        "9:18: providers.sell_frac_min: sell_frac_min 0.95 is greater than "
                        "sell_frac_max 0.9");
    assert_string_equal(err_text(&L.errs, 2, L.path),
                        "10:22: providers.patience_days_min: patience_days_min 30 is greater than "
                        "patience_days_max 10");
    assert_string_equal(err_text(&L.errs, 3, L.path),
                        "13:17: cloud.blend: blend weights sum to 1.25, must be 1 when "
                        "cloud.reference is blend");
    assert_string_equal(err_text(&L.errs, 4, L.path),
                        "14:24: emission.max_supply: max_supply 1000 is below "
                        "token.initial_supply 1e8");
    assert_string_equal(err_text(&L.errs, 5, L.path),
                        "17:17: run.record_every: record_every 11 is more than the 10 steps of "
                        "the run");
    assert_int_equal(L.errs.n, 6);
    unload(&L);
    expect_one("run: {horizon_days: 0.5}\n",
               "8:21: run.horizon_days: horizon_days 0.5 is shorter than step_days 1");
}

/* validate shows every error, in file order, then the cross-field ones */
static void test_many_errors(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL "providers:\n  cuont: 5\n  pue: 9\n"
                          "token: {impact: lots}\n"
                          "emission:\n  schedule: halfing\n"
                          "variants:\n  bad/name: {}\n  v2: {token.imapct: 1}\n");
    assert_int_equal(L.rc, DS_EINPUT);
    assert_string_equal(err_text(&L.errs, 0, L.path),
                        "9:3: providers.cuont: unknown key; did you mean 'count'?");
    assert_string_equal(err_text(&L.errs, 1, L.path),
                        "10:8: providers.pue: 9 is out of range [1, 3]");
    assert_string_equal(err_text(&L.errs, 2, L.path),
                        "11:17: token.impact: expected a number, got 'lots'");
    assert_string_equal(err_text(&L.errs, 3, L.path),
                        "13:13: emission.schedule: expected one of fixed, halving, exp_decay, "
                        "schedule, baseline, revenue_target, got "
                        "'halfing'; did you mean 'halving'?");
    assert_string_equal(err_text(&L.errs, 4, L.path),
                        "15:3: variants.bad/name: variant name 'bad/name' may hold only letters, "
                        "digits and _.=,+- (it becomes an HDF5 group name)");
    assert_string_equal(err_text(&L.errs, 5, L.path),
                        "16:8: variants.v2.token.imapct: unknown key; did you mean 'impact'?");
    assert_int_equal(L.errs.n, 6);
    unload(&L);
}

/* ---------------------------------------------------------------- variants and sweep */

static void test_variants(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL "variants:\n"
                          "  nested:\n"
                          "    token: {vol_per_sqrt_year: 1.2}\n"
                          "    hardware: {1: {price_usd: 999}}\n"
                          "  dotted:\n"
                          "    token.vol_per_sqrt_year: 1.2\n"
                          "    hardware.1.price_usd: 999\n"
                          "  noop: {}\n"
                          "  two_regions:\n"
                          "    regions:\n"
                          "      - {name: a, electricity_usd_per_kwh: 0.05, share: 0.5}\n"
                          "      - {name: b, electricity_usd_per_kwh: 0.3, share: 0.5}\n");
    errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    ds_scenario *sc = &L.sc;
    assert_int_equal(sc->n_variants, 5);
    assert_string_equal(sc->variants[1].name, "nested");
    assert_string_equal(sc->variants[2].name, "dotted");
    assert_string_equal(sc->variants[3].name, "noop");
    assert_string_equal(sc->variants[4].name, "two_regions");
    /* nested and dotted spellings give the same model */
    assert_memory_equal(&sc->variants[1].params, &sc->variants[2].params, sizeof(ds_params));
    assert_true(sc->variants[1].params.token.vol_per_sqrt_year == 1.2);
    assert_true(sc->variants[1].params.hw[1].price_usd == 999);
    assert_true(sc->variants[1].params.hw[0].price_usd == 27500);
    assert_true(sc->base.token.vol_per_sqrt_year == 0.8 && sc->base.hw[1].price_usd == 1599);
    assert_string_equal(sc->variants[1].overrides,
                        "token.vol_per_sqrt_year=1.2\nhardware.1.price_usd=999\n");
    assert_string_equal(sc->variants[2].overrides, sc->variants[1].overrides);
    /* a variant that changes nothing is the base, byte for byte */
    assert_memory_equal(&sc->variants[3].params, &sc->base, sizeof(ds_params));
    assert_string_equal(sc->variants[3].overrides, "");
    /* a replaced list */
    const ds_params *p = &sc->variants[4].params;
    assert_int_equal(p->n_regions, 2);
    assert_string_equal(p->region[1].name, "b");
    assert_true(p->region[1].electricity_usd_per_kwh == 0.3 && p->region[1].share == 0.5);
    assert_int_equal(sc->base.n_regions, 1);
    assert_string_equal(
        sc->variants[4].overrides,
        "regions=[2 items]\nregions.0.name=a\nregions.0.electricity_usd_per_kwh=0.05\n"
        "regions.0.share=0.5\nregions.1.name=b\nregions.1.electricity_usd_per_kwh=0.3\n"
        "regions.1.share=0.5\n");
    unload(&L);
}

static void test_variant_errors(void **state)
{
    (void)state;
    expect_one("variants:\n  base: {}\n",
               "9:3: variants.base: variant name 'base' is already used");
    expect_one("variants:\n  a: {}\n  a: {}\n",
               "10:3: variants.a: variant name 'a' is already used");
    expect_one("variants:\n  v: {hardware.2.share: 0.5}\n",
               "9:7: variants.v.hardware.2: index 2 is out of range: hardware has 2 items");
    expect_one("variants:\n  v: {token.impact: -1}\n",
               "9:21: variants.v.token.impact: -1 is out of range: must be >= 0");
    expect_one("variants:\n  v: {token.impact: 1, token: {impact: 2}}\n",
               "9:32: variants.v.token.impact: key given twice (first at line 9)");
    expect_one("variants:\n  v: 5\n",
               "9:6: variants.v: expected a mapping of overrides, got a value");
    expect_one("variants: [a, b]\n",
               "8:11: variants: expected a mapping of variant name → overrides, got a list");
    /* a variant that breaks a cross-field rule is told apart from the base, at its own key */
    expect_one("variants:\n  v:\n    hardware.0.share: 0.3\n",
               "10:23: hardware: hardware shares sum to 0.9, must be 1 (variant 'v')");
}

static void test_sweep(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL "variants:\n  named: {token.impact: 3}\n"
                          "sweep:\n"
                          "  token.impact: [0.5, 1.0, 2]\n"
                          "  emission:\n    tokens_per_day: [1000, 2e3]\n");
    errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    ds_scenario *sc = &L.sc;
    assert_int_equal(sc->n_variants, 1 + 1 + 6);
    const char *names[] = {"base",
                           "named",
                           "token.impact=0.5,emission.tokens_per_day=1000",
                           "token.impact=0.5,emission.tokens_per_day=2e3",
                           "token.impact=1.0,emission.tokens_per_day=1000",
                           "token.impact=1.0,emission.tokens_per_day=2e3",
                           "token.impact=2,emission.tokens_per_day=1000",
                           "token.impact=2,emission.tokens_per_day=2e3"};
    double impact[] = {0.2, 3, 0.5, 0.5, 1, 1, 2, 2},
           tpd[] = {0, 0, 1000, 2000, 1000, 2000, 1000, 2000};
    for (int i = 0; i < 8; i++) {
        assert_string_equal(sc->variants[i].name, names[i]);
        assert_true(sc->variants[i].params.token.impact == impact[i]);
        assert_true(sc->variants[i].params.emission.tokens_per_day == tpd[i]);
    }
    assert_string_equal(sc->variants[3].overrides,
                        "token.impact=0.5\nemission.tokens_per_day=2e3\n");
    unload(&L);

    /* 65 × 64 = 4160 variants, more than DS_MAX_VARIANTS (4096) */
    char text[4096];
    snprintf(text, sizeof text, "%s", MINIMAL "sweep:\n  token.impact: [");
    for (int i = 0; i < 65; i++) snprintf(text + strlen(text), 16, "%s%d", i ? ", " : "", i);
    strcat(text, "]\n  token.vol_per_sqrt_year: [");
    for (int i = 0; i < 64; i++) snprintf(text + strlen(text), 16, "%s%d", i ? ", " : "", i);
    strcat(text, "]\n");
    expect_one(text + strlen(MINIMAL),
               "9:3: sweep: expands to more than 4096 variants; with the 1 before it that is "
               "more than 4096");
    expect_one("sweep:\n  token.impact: 0.5\n",
               "9:17: sweep.token.impact: expected a non-empty list of values, e.g. [0.5, 1.0]");
    expect_one("sweep:\n  token.impact: [1, x]\n",
               "9:21: sweep.token.impact: expected a number, got 'x'");
    expect_one("sweep:\n  hardware: [1]\n",
               "9:3: sweep.hardware: cannot be swept: sweep single keys such as token.impact");
    expect_one("sweep:\n  hardware.0.name: [a b]\n",
               "9:21: sweep: variant name 'hardware.0.name=a b' may hold only letters, digits "
               "and _.=,+- (it becomes an HDF5 group name)");
}

/* ---------------------------------------------------------------- --set */

static void test_set(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL "variants:\n  v: {token.impact: 3}\n");
    assert_int_equal(L.rc, DS_OK);
    ds_errors e = {0};
    assert_int_equal(scenario_set(&L.sc, "token.impact=0.25", 1, &e), DS_OK);
    assert_int_equal(scenario_set(&L.sc, "hardware.1.price_usd=2000", 2, &e), DS_OK);
    assert_int_equal(scenario_set(&L.sc, "emission.schedule=halving", 3, &e), DS_OK);
    assert_int_equal(scenario_set(&L.sc, "run.keep_paths=true", 4, &e), DS_OK);
    assert_int_equal(scenario_set(&L.sc, "name=renamed", 5, &e), DS_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(scenario_check(&L.sc, &e), DS_OK);
    assert_string_equal(L.sc.name, "renamed");
    for (int i = 0; i < L.sc.n_variants; i++) {
        const ds_params *p = &L.sc.variants[i].params;
        assert_true(p->token.impact == 0.25); /* a --set overrides the variant's own value */
        assert_true(p->hw[1].price_usd == 2000);
        assert_int_equal(p->emission.schedule, DS_EMIT_HALVING);
        assert_int_equal(p->run.keep_paths, 1);
    }
    assert_true(L.sc.base.token.impact == 0.25);
    assert_memory_equal(&L.sc.base, &L.sc.variants[0].params, sizeof(ds_params));
    assert_string_equal(L.sc.variants[1].overrides,
                        "token.impact=3\ntoken.impact=0.25\nhardware.1.price_usd=2000\n"
                        "emission.schedule=halving\nrun.keep_paths=true\n");
    assert_string_equal(L.sc.variants[0].overrides,
                        "token.impact=0.25\nhardware.1.price_usd=2000\nemission.schedule=halving\n"
                        "run.keep_paths=true\n");
    errors_free(&e);
    unload(&L);
}

static void test_set_errors(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL);
    assert_int_equal(L.rc, DS_OK);
    ds_errors e = {0};
    const char *bad[] = {"token.impact",      "=5",
                         "token.impakt=5",    "token.impact=lots",
                         "providers.count=0", "hardware.5.share=0.5",
                         "hardware=1",        "token=1",
                         "run.paths=2.5"};
    for (int i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++)
        assert_int_equal(scenario_set(&L.sc, bad[i], i + 1, &e), DS_EINPUT);
    const char *want[] = {
        "1:1: token.impact: expected key.path=value",
        "2:1: : expected key.path=value, no key",
        "3:1: token.impakt: unknown key; did you mean 'impact'?",
        "4:14: token.impact: expected a number, got 'lots'",
        "5:17: providers.count: 0 is out of range [1, 10000000]",
        "6:1: hardware.5: index 5 is out of range: hardware has 2 items",
        "7:1: hardware: not a single key; set one of its keys by index, e.g. hardware.0.share",
        "8:1: token: not a single key; set one of its keys",
        "9:11: run.paths: expected an integer, got '2.5'",
    };
    assert_int_equal(e.n, (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < e.n; i++) assert_string_equal(err_text(&e, i, "--set"), want[i]);
    assert_true(L.sc.base.token.impact == 0.2); /* nothing applied */
    errors_free(&e);

    /* a --set that breaks a cross-field rule is blamed on that --set */
    assert_int_equal(scenario_set(&L.sc, "hardware.0.share=0.5", 1, &e), DS_OK);
    assert_int_equal(scenario_check(&L.sc, &e), DS_EINPUT);
    assert_int_equal(e.n, 1);
    assert_string_equal(err_text(&e, 0, "--set"),
                        "1:18: hardware: hardware shares sum to 1.1, must be 1");
    errors_free(&e);
    unload(&L);
}

/* ---------------------------------------------------------------- hostile input */

/* load_text for bytes that may hold NULs. */
static void load_bytes(loaded *L, const char *text, size_t n)
{
    memset(L, 0, sizeof *L);
    snprintf(L->path, sizeof L->path, "/tmp/ds_scenario_XXXXXX");
    int fd = mkstemp(L->path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    L->rc = scenario_load(L->path, &L->sc, &L->errs);
    unlink(L->path);
}

/* Load bytes and expect one error (and no more), printed as want. */
static void expect_bytes(const char *text, size_t n, const char *want)
{
    loaded L;
    load_bytes(&L, text, n);
    assert_int_equal(L.rc, DS_EINPUT);
    if (L.errs.n != 1) errors_print(&L.errs, stderr);
    assert_string_equal(err_text(&L.errs, 0, L.path), want);
    assert_int_equal(L.errs.n, 1);
    unload(&L);
}

/* A growing text buffer for the large inputs below. */
typedef struct {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *s)
{
    size_t l = strlen(s);
    if (t->n + l + 1 > t->cap) {
        t->cap = 2 * (t->n + l + 1);
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->n, s, l + 1);
    t->n += l;
}

static void test_limit_size(void **state)
{
    (void)state;
    /* exactly DS_SCENARIO_MAX_BYTES loads; one byte more is refused at that byte */
    size_t max = DS_SCENARIO_MAX_BYTES, head = strlen(MINIMAL);
    char *buf = malloc(max + 2);
    assert_non_null(buf);
    memcpy(buf, MINIMAL, head);
    buf[head] = '#';
    memset(buf + head + 1, 'x', max - head - 2);
    buf[max - 1] = '\n';
    loaded L;
    load_bytes(&L, buf, max);
    assert_int_equal(L.rc, DS_OK);
    assert_int_equal((int)L.sc.yaml_len, (int)max);
    unload(&L);
    buf[max - 1] = 'x';
    buf[max] = '\n';
    char want[160];
    snprintf(want, sizeof want,
             "8:%d: : the file is larger than 1048576 bytes (1 MiB), the most a scenario may hold",
             (int)(max - head + 1));
    expect_bytes(buf, max + 1, want);
    free(buf);
}

static void test_limit_depth(void **state)
{
    (void)state;
    /* the top-level mapping is level 1: 31 lists inside it load (x is then unknown),
     * a 32nd is refused at its bracket */
    char text31[600], text32[600];
    snprintf(text31, sizeof text31, "%sx: %.31s%.31s\n", MINIMAL,
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    snprintf(text32, sizeof text32, "%sx: %.32s%.32s\n", MINIMAL,
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    expect_bytes(text31, strlen(text31), "8:1: x: unknown key");
    expect_bytes(text32, strlen(text32), "8:35: : nested more than 32 levels deep");
}

static void test_limit_nodes(void **state)
{
    (void)state;
    /* MINIMAL holds 38 nodes, "x" and its list 2 more: the 99,961st item is node 100,001 */
    text t = {0};
    put(&t, MINIMAL "x: [");
    for (int i = 0; i < 99959; i++) put(&t, "1,");
    put(&t, "1]\n");
    expect_bytes(t.s, t.n, "8:1: x: unknown key");
    t.n -= 3;
    put(&t, "1,1]\n");
    char want[120];
    snprintf(want, sizeof want, "8:%d: : more than 100000 nodes (keys, values and collections)",
             5 + 2 * 99960);
    expect_bytes(t.s, t.n, want);
    free(t.s);
}

static void test_aliases(void **state)
{
    (void)state;
    /* aliases that stay small work as YAML says: two variants share one override set */
    loaded L;
    load_text(&L, MINIMAL "variants:\n  a: &o {token.impact: 0.3, run.seed: 9}\n  b: *o\n");
    if (L.rc) errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    assert_int_equal(L.sc.n_variants, 3);
    assert_true(L.sc.variants[2].params.token.impact == 0.3);
    assert_int_equal(L.sc.variants[2].params.run.seed, 9);
    unload(&L);
    /* billion laughs: each level repeats the one before ten times */
    text t = {0};
    put(&t, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
        char line[200];
        snprintf(line, sizeof line,
                 "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
                 "*a%d, *a%d]\n",
                 i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        put(&t, line);
    }
    /* 12,223 nodes after a3's list starts; its 9th alias of a2 (1,111 each) passes 100,000 */
    expect_bytes(t.s, t.n,
                 "5:45: : alias *a3 takes the document past 100000 nodes (an alias counts as "
                 "every node it names)");
    free(t.s);
    expect_one("x: &l {y: [*l]}\n",
               "8:12: : alias *l is inside the collection it names (line 8): a loop");
    expect_one("x: *nowhere\n", "8:4: : alias *nowhere names no anchor before it");
    expect_one("x: &a 1\ny: &a 2\n", "9:4: : anchor &a is defined twice (first at line 8)");
}

static void test_many_keys(void **state)
{
    (void)state;
    /* 40,000 unknown keys: the first 100 errors, then one saying there were more; the
     * duplicate check is a sort, not every pair (which took 43 s) */
    text t = {0};
    put(&t, MINIMAL);
    for (int i = 0; i < 40000; i++) {
        char line[32];
        snprintf(line, sizeof line, "k%d: 1\n", i);
        put(&t, line);
    }
    loaded L;
    load_bytes(&L, t.s, t.n);
    assert_int_equal(L.rc, DS_EINPUT);
    assert_int_equal(L.errs.n, DS_ERRORS_MAX + 1);
    assert_true(errors_count(&L.errs) > DS_ERRORS_MAX);
    assert_string_equal(err_text(&L.errs, 0, L.path), "8:1: k0: unknown key");
    assert_string_equal(err_text(&L.errs, 99, L.path), "107:1: k99: unknown key");
    assert_string_equal(L.errs.items[100].msg, "too many errors: only the first 100 are listed");
    assert_int_equal(L.errs.items[100].line, 0); /* the walk stopped there */
    unload(&L);
    free(t.s);
    /* a key three times: the later two both point at the first */
    loaded D;
    load_text(&D, MINIMAL "run:\n  seed: 1\n  paths: 2\n  seed: 3\n  seed: 4\n");
    assert_int_equal(D.rc, DS_EINPUT);
    assert_int_equal(D.errs.n, 2);
    assert_string_equal(err_text(&D.errs, 0, D.path),
                        "11:3: run.seed: key given twice (first at line 9)");
    assert_string_equal(err_text(&D.errs, 1, D.path),
                        "12:3: run.seed: key given twice (first at line 9)");
    unload(&D);
}

static void test_encoding(void **state)
{
    (void)state;
    /* located at the character, not 1:1 as libyaml's reader says */
    expect_bytes("run:\n  paths: 4\n  se\xc3(d: 1\n", 24,
                 "3:5: : not UTF-8 (bytes \\xC3 \\x28): a scenario is UTF-8 text");
    expect_bytes("run:\n  paths: 4\n  \xe2\x82\n", 21,
                 "3:3: : not UTF-8 (bytes \\xE2 \\x82): a scenario is UTF-8 text");
    expect_bytes("a: \xc0\xaf\n", 6,
                 "1:4: : not UTF-8 (bytes \\xC0 \\xAF): a scenario is UTF-8 text");
    expect_bytes("a: \xed\xa0\x80\n", 7,
                 "1:4: : not UTF-8 (bytes \\xED \\xA0 \\x80): a scenario is UTF-8 text");
    expect_bytes("run:\n  seed\x01: 1\n", 16,
                 "2:7: : control character \\x01: YAML does not allow it");
    expect_bytes("a: b\x7f\n", 6, "1:5: : control character \\x7F: YAML does not allow it");
    expect_bytes("a: \xc2\x9b[2J\n", 9, "1:4: : character U+009B: YAML does not allow it");
    expect_bytes("a: \xef\xbf\xbe\n", 7, "1:4: : character U+FFFE: YAML does not allow it");
    /* CRLF and the other line breaks YAML counts, and columns in characters */
    expect_bytes("a: 1\r\nb: 2\r\nc: \xe2\x86\x92\x01\n", 20,
                 "3:5: : control character \\x01: YAML does not allow it");
    expect_bytes("a: 1\rb: \x01\n", 10, "2:4: : control character \\x01: YAML does not allow it");
    /* UTF-16 and UTF-32: refused, never read as a 4-byte scenario */
    expect_bytes("\xff\xfeh\0w\0:\0", 8,
                 "1:1: : a UTF-16LE byte-order mark: a scenario is UTF-8 text (convert it: iconv "
                 "-f UTF-16 -t UTF-8)");
    expect_bytes("\xfe\xff\0h\0w", 6,
                 "1:1: : a UTF-16BE byte-order mark: a scenario is UTF-8 text (convert it: iconv "
                 "-f UTF-16 -t UTF-8)");
    expect_bytes("\xff\xfe\0\0h\0\0\0", 8,
                 "1:1: : a UTF-32LE byte-order mark: a scenario is UTF-8 text (convert it: iconv "
                 "-f UTF-32 -t UTF-8)");
    expect_bytes("\0\0\xfe\xff\0\0\0h", 8,
                 "1:1: : a UTF-32BE byte-order mark: a scenario is UTF-8 text (convert it: iconv "
                 "-f UTF-32 -t UTF-8)");
    expect_bytes("run:\n  p\0a\0t\0h\0", 15,
                 "2:4: : a NUL byte: a scenario is UTF-8 text without NULs (UTF-16 or UTF-32? "
                 "convert it: iconv -t UTF-8)");
    /* a UTF-8 byte-order mark is allowed, and not counted in columns */
    loaded L;
    char bom[600];
    snprintf(bom, sizeof bom, "\xef\xbb\xbf%s", MINIMAL);
    load_text(&L, bom);
    assert_int_equal(L.rc, DS_OK);
    unload(&L);
    snprintf(bom, sizeof bom, "\xef\xbb\xbf%sx\x01: 1\n", MINIMAL);
    expect_bytes(bom, strlen(bom), "8:2: : control character \\x01: YAML does not allow it");
}

static void test_decoded_strings(void **state)
{
    (void)state;
    /* double-quoted escapes decode to what the raw text may not hold */
    expect_one("name: \"def\\0ault\"\n",
               "8:7: : a NUL character (\\0) in a string: keys and values cannot hold one");
    expect_one("\"\\e[31mred\": 1\n", "8:1: : control character \\x1B in a string");
    expect_one("run: {unit_name: \"a\\x07\"}\n", "8:18: : control character \\x07 in a string");
    expect_one("\"\\N\": 1\n", "8:1: : control character U+0085 in a string");
    expect_one("description: \"a\\rb\"\n", "8:14: : control character \\x0D in a string");
    /* a newline in a key is an unknown key, printed escaped */
    expect_one("\"x\\nforged:1:1: error\": 1\n", "8:1: x\nforged:1:1: error: unknown key");
    /* newlines and tabs only in the description */
    loaded L;
    load_text(&L, MINIMAL "description: |\n  two\n  \tlines\n");
    assert_int_equal(L.rc, DS_OK);
    assert_string_equal(L.sc.description, "two\n\tlines\n");
    unload(&L);
    expect_one("hardware.0.name: \"H\\t100\"\n", "8:1: hardware.0: item indexes are only for "
                                                 "variants, sweep and --set; write the items as "
                                                 "a YAML list");
    expect_one("run: {unit_name: \"a\\tb\"}\n",
               "8:18: run.unit_name: holds control character \\x09 (only description may hold "
               "newlines and tabs)");
    /* a second document would be ignored */
    expect_one("---\nx: 1\n", "8:1: : a second YAML document: a scenario is one document "
                              "(remove this '---' and what follows)");
    load_text(&L, MINIMAL "...\n");
    assert_int_equal(L.rc, DS_OK);
    unload(&L);
}

static void test_number_forms(void **state)
{
    (void)state;
    /* decimal only: YAML 1.1 would read 0x10 as 16 and 010 as 8 */
    expect_one("run:\n  paths: 0x10\n", "9:10: run.paths: expected an integer, got '0x10'");
    expect_one("run:\n  paths: 010\n",
               "9:10: run.paths: '010' has a leading zero: integers are decimal, written without");
    expect_one("run:\n  seed: -07\n",
               "9:9: run.seed: '-07' has a leading zero: integers are decimal, written without");
    expect_one("token:\n  impact: 0x1p3\n", "9:11: token.impact: expected a number, got '0x1p3'");
    expect_one("token:\n  impact: 012.5\n",
               "9:11: token.impact: '012.5' has a leading zero: numbers are decimal, written "
               "without");
    expect_one("token:\n  impact: 1_000\n", "9:11: token.impact: expected a number, got '1_000'");
    loaded L;
    load_text(&L, MINIMAL
              "token: {impact: 0.5, drift_per_year: -0.25, jump_mean: 0}\nrun: {seed: 0}\n");
    assert_int_equal(L.rc, DS_OK);
    assert_true(L.sc.base.token.impact == 0.5 && L.sc.base.token.drift_per_year == -0.25);
    unload(&L);
}

static void test_names(void **state)
{
    (void)state;
    const char *bad[] = {"|id>pwned;x", "../x", "a/b", "-rf", ".hidden", "=cmd()", "a b", "ä"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[600], want[300];
        snprintf(text, sizeof text, "%sname: \"%s\"\n", MINIMAL, bad[i]);
        snprintf(want, sizeof want,
                 "8:7: name: '%s' is not a plain word: letters, digits and _.=,+- only, starting "
                 "with a letter, digit or _ (it names the results file)",
                 bad[i]);
        expect_one(text + strlen(MINIMAL), want);
    }
    expect_one("name: \"\"\n", "8:7: name: a scenario name cannot be empty");
    loaded L;
    load_text(&L, MINIMAL "name: a_1.b-c+d=e,f\n");
    assert_int_equal(L.rc, DS_OK);
    assert_string_equal(L.sc.name, "a_1.b-c+d=e,f");
    /* --set values bypass libyaml: UTF-8 and control characters are checked again */
    ds_errors e = {0};
    assert_int_equal(scenario_set(&L.sc, "name=x/y", 1, &e), DS_EINPUT);
    assert_int_equal(scenario_set(&L.sc, "hardware.0.name=H\x1b[2J", 2, &e), DS_EINPUT);
    assert_int_equal(scenario_set(&L.sc, "run.unit_name=\xff", 3, &e), DS_EINPUT);
    assert_int_equal(scenario_set(&L.sc, "description=line\nrun.seed=5", 4, &e), DS_EINPUT);
    assert_int_equal(scenario_set(&L.sc, "description=line\tline", 5, &e), DS_OK);
    assert_int_equal(e.n, 4);
    assert_string_equal(err_text(&e, 3, "--set"),
                        "4:17: description: a --set value cannot hold a line break (it would add a "
                        "line to the overrides the results record)");
    assert_string_equal(err_text(&e, 1, "--set"),
                        "2:17: hardware.0.name: holds control character \\x1B (only description "
                        "may hold newlines and tabs)");
    assert_string_equal(err_text(&e, 2, "--set"),
                        "3:15: run.unit_name: not UTF-8 text (byte \\xFF)");
    errors_free(&e);
    unload(&L);
    /* without name:, the file stem, made a plain word the same way */
    char dir[] = "/tmp/ds_stem_XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/|touch pwned;x.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(MINIMAL, f);
    fclose(f);
    ds_scenario sc;
    assert_int_equal(scenario_load(path, &sc, &e), DS_OK);
    assert_string_equal(sc.name, "_touch_pwned_x");
    scenario_free(&sc);
    unlink(path);
    snprintf(path, sizeof path, "%s/.yaml", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(MINIMAL, f);
    fclose(f);
    assert_int_equal(scenario_load(path, &sc, &e), DS_OK);
    assert_string_equal(sc.name, "_yaml");
    scenario_free(&sc);
    unlink(path);
    rmdir(dir);
    errors_free(&e);
}

static void test_ledger_range(void **state)
{
    (void)state;
    /* one key past the ledger: its own range */
    expect_one("token:\n  initial_supply: 1e13\n",
               "9:19: token.initial_supply: 1e13 is out of range [0, 2e12]");
    /* the fixed schedule over 1095 days: 1e11 a day mints 1.095e14 */
    expect_one("emission:\n  tokens_per_day: 1e11\n",
               "9:19: emission.tokens_per_day: the fixed schedule reaches 1.095e14 tokens by day "
               "1095 (start_day + horizon), above the fixed-point ledger's limit of 2e12 tokens");
    /* a schedule started late: its curve is read from start_day on */
    expect_one("emission:\n  tokens_per_day: 1e6\n  start_day: 2e6\n",
               "9:19: emission.tokens_per_day: the fixed schedule reaches 2.001095e12 tokens by "
               "day 2001095 (start_day + horizon), above the fixed-point ledger's limit of 2e12 "
               "tokens");
    /* terms that fit alone but not together, named after the largest */
    expect_one("token: {initial_supply: 1.5e12}\nvesting:\n  - {tokens: 6e11}\n",
               "8:25: token.initial_supply: initial supply 1.5e12 + vesting 6e11 + up to 0 "
               "minted + up to 0 re-minted = 2.1e12 tokens, above the fixed-point ledger's "
               "limit of 2e12");
    expect_one("emission: {remint_burned: true, remint_max_per_day: 2e9}\n",
               "8:53: emission.remint_max_per_day: initial supply 1e8 + vesting 0 + up to 0 "
               "minted + up to 2.19e12 re-minted = 2.1901e12 tokens, above the fixed-point "
               "ledger's limit of 2e12");
    expect_one("emission: {schedule: revenue_target, max_tokens_per_day: 2e9}\n",
               "8:58: emission.max_tokens_per_day: initial supply 1e8 + vesting 0 + up to 2.19e12 "
               "minted + up to 0 re-minted = 2.1901e12 tokens, above the fixed-point ledger's "
               "limit of 2e12");
    /* the capacity summed over providers, with the largest class that is drawn */
    const char *cap = "hardware:\n"
                      "  - {name: B, heq_per_device: 12, power_w: 1, price_usd: 1, share: 0}\n"
                      "  - {name: A, heq_per_device: 10, power_w: 1, price_usd: 1, share: 1}\n"
                      "regions: [{electricity_usd_per_kwh: 0.1, share: 1}]\n"
                      "demand: {base_heqh_per_day: 1}\n"
                      "providers: {count: 10000000, devices_max: 1024}\n";
    expect_bytes(cap, strlen(cap),
                 "6:20: providers.count: 10000000 providers × devices_max 1024 × heq_per_device "
                 "10 × 24 h = 2.4576e12 heq-h/day of capacity, above the fixed-point limit of "
                 "2e12");
    /* at the limit: loads (1e8 + 1826484 × 1095 < 2e12) */
    loaded L;
    load_text(&L, MINIMAL "emission: {tokens_per_day: 1826484}\n");
    if (L.rc) errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    unload(&L);
    /* the limit is what the run-time check leaves room under */
    assert_true(DS_FX_LEDGER_MAX < DS_FX_MAX_ABS && 3 * DS_FX_MAX_ABS < 8796093022208.0);
}

static void test_error_printer(void **state)
{
    (void)state;
    char buf[200];
    assert_string_equal(errors_escape("a\x1b[31m\nb\tc", buf, sizeof buf),
                        "a\\x1B[31m\\x0Ab\\x09c");
    assert_string_equal(errors_escape("≥ → ü", buf, sizeof buf), "≥ → ü");
    assert_string_equal(errors_escape("\xff\xc0\xaf\x7f", buf, sizeof buf), "\\xFF\\xC0\\xAF\\x7F");
    assert_string_equal(errors_escape("\xc2\x9b"
                                      "2J",
                                      buf, sizeof buf),
                        "\\xC2\\x9B2J");
    assert_string_equal(errors_escape("x\xe2\x80\xaey", buf, sizeof buf), "x\\xE2\\x80\\xAEy");
    assert_string_equal(errors_escape("cut\xe2\x86", buf, sizeof buf), "cut\\xE2\\x86");
    assert_string_equal(errors_escape("\x1b\x1b", buf, 6), "\\x1B"); /* whole escapes only */
    /* one error, one line: nothing from file, key or message reaches the output raw */
    ds_errors e = {0};
    errors_add(&e, DS_EINPUT, "f\x1b.yaml", 3, 4, "k\ney", "got '%s'", "v\r\x07");
    char *out = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&out, &n);
    errors_print(&e, m);
    fclose(m);
    assert_string_equal(out, "f\\x1B.yaml:3:4: k\\x0Aey: got 'v\\x0D\\x07'\n");
    free(out);
    errors_free(&e);
    /* the cap: 100 kept, then one item that counts the rest */
    for (int i = 0; i < 150; i++) errors_add(&e, DS_EINPUT, "f", i + 1, 1, "", "error %d", i);
    assert_int_equal(e.n, DS_ERRORS_MAX + 1);
    assert_int_equal(errors_count(&e), 150);
    assert_string_equal(e.items[99].msg, "error 99");
    assert_string_equal(e.items[100].msg, "too many errors: only the first 100 are listed");
    assert_int_equal(e.items[100].line, 0);
    assert_int_equal(e.kind, DS_EINPUT);
    errors_free(&e);
}

/* ---------------------------------------------------------------- reference */

/* ---------------------------------------------------------------- the token market, events */

/* A valid events list: names resolved to indices, governance entries in the order they
 * take effect, each on top of the earlier ones, the emission clock restarting at the last
 * event that changed an emission key; a later --set reaches them. */
static void test_events(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, MINIMAL "events:\n"
                          "  - {day: 30, type: token_price, factor: 0.2, name: crash}\n"
                          "  - {day: 40, type: outage, share: 0.5, region: us-texas, class: "
                          "RTX4090, duration_days: 5}\n"
                          "  - {day: 200, type: governance, set: {fees.take_rate: 0.2}}\n"
                          "  - day: 100\n"
                          "    type: governance\n"
                          "    set:\n"
                          "      emission: {schedule: halving, tokens_per_day: 500}\n"
                          "      fees.routing: burn_and_mint\n"
                          "  - {day: 50, type: demand, factor: 0.5, duration_days: 10}\n");
    if (L.rc) errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    const ds_params *p = &L.sc.variants[0].params;
    assert_int_equal(p->n_events, 5);
    assert_string_equal(p->events[0].name, "crash");
    assert_true(p->events[0].type == DS_EVENT_TOKEN_PRICE && p->events[0].factor == 0.2);
    assert_int_equal(p->events[1].region, 0);
    assert_int_equal(p->events[1].hw_class, 1);
    assert_int_equal(p->events[4].region, -1);
    assert_int_equal(p->events[4].hw_class, -1);
    assert_int_equal(p->n_gov, 2);
    assert_int_equal(p->events[3].gov, 0);
    assert_int_equal(p->events[2].gov, 1);
    const ds_governance *g0 = &p->gov[0], *g1 = &p->gov[1];
    assert_true(g0->day == 100 && g0->emission_origin_day == 100);
    assert_int_equal(g0->emission.schedule, DS_EMIT_HALVING);
    assert_true(g0->emission.tokens_per_day == 500);
    assert_int_equal(g0->fees.routing, DS_FEES_BURN_AND_MINT);
    assert_true(g0->fees.take_rate == 0.05);                       /* the default, unchanged */
    assert_true(g1->day == 200 && g1->emission_origin_day == 100); /* no emission key: clock on */
    assert_int_equal(g1->emission.schedule, DS_EMIT_HALVING);      /* the earlier event's */
    assert_int_equal(g1->fees.routing, DS_FEES_BURN_AND_MINT);
    assert_true(g1->fees.take_rate == 0.2);
    /* a --set on the base reaches the governance parameters at the next check */
    assert_int_equal(scenario_set(&L.sc, "emission.max_supply=2e9", 1, &L.errs), DS_OK);
    assert_int_equal(scenario_check(&L.sc, &L.errs), DS_OK);
    assert_true(p->gov[0].emission.max_supply == 2e9 && p->gov[1].emission.max_supply == 2e9);
    unload(&L);

    /* every class of bad event, located */
    expect_one("events:\n  - {day: 5000, type: demand, factor: 0.5}\n",
               "9:11: events.0: day 5000 is not before the end of the run (day 1095): the event "
               "would never act");
    expect_one("events:\n  - {day: 5, type: token_price, factor: 0.5, duration_days: 3}\n",
               "9:61: events.0: duration_days is for demand, cloud_price and outage events; a "
               "token_price event acts once");
    expect_one("events:\n  - {day: 5, type: outage, class: A100}\n",
               "9:35: events.0: no class named 'A100' (H100, RTX4090)");
    expect_one("events:\n  - {day: 5, type: outage, region: mars}\n",
               "9:36: events.0: no region named 'mars' (us-texas)");
    expect_one("events:\n  - {day: 5, type: outage, factor: 0.5}\n",
               "9:36: events.0: factor is for token_price, demand and cloud_price events; an "
               "outage takes share");
    expect_one("events:\n  - {day: 5, type: demand, share: 0.5}\n",
               "9:35: events.0: share is for outage events");
    expect_one("events:\n  - {day: 5, type: governance}\n",
               "9:20: events.0: a governance event needs set: the emission.* and fees.* keys it "
               "changes");
    expect_one("events:\n  - {day: 5, type: demand, set: {fees.take_rate: 0.1}}\n",
               "9:28: events.0: set is for governance events");
    expect_one("events:\n  - {day: 5, type: governance, set: {token.impact: 1}}\n",
               "9:38: events.0.set.token.impact: a governance event changes emission.* and "
               "fees.* keys only");
    expect_one("events:\n  - {day: 5, type: governance, set: {emission.periods: []}}\n",
               "9:38: events.0.set.emission.periods: a governance event cannot change a list or "
               "a section whole");
    expect_one("events:\n  - {day: 5, type: governance, set: {fees.take_rate: 2}}\n",
               "9:54: events.0.set.fees.take_rate: 2 is out of range [0, 1]");
    expect_one("variants:\n  v: {events.0.set: {fees.take_rate: 0.1}}\n"
               "events:\n  - {day: 5, type: governance, set: {fees.take_rate: 0.2}}\n",
               "9:7: variants.v.events.0.set: a governance event's set is given in the base file "
               "only");
    expect_one("events:\n  - {day: 5, type: governance, set: {emission: {schedule: halving, "
               "halving_by: issuance}}}\n",
               "9:32: events.0.set.emission.halving_by: halving by issuance halves at shares of "
               "emission.max_supply, which is 0: nothing would be minted from this event on; set "
               "max_supply (Bittensor: 21e6)");
    expect_one("events:\n  - {day: 5, type: governance, set: {emission.tokens_per_day: 1e10}}\n",
               "9:32: events.0.set.emission.tokens_per_day: the fixed schedule reaches 1.095e13 "
               "tokens by day 1095 (start_day + horizon), above the fixed-point ledger's limit of "
               "2e12 tokens");
}

/* The cross-field rules of the token market, settlement and the fixes of issue 12. */
static void test_market_rules(void **state)
{
    (void)state;
    expect_one("emission: {schedule: halving, halving_by: issuance, tokens_per_day: 7200}\n",
               "8:43: emission.halving_by: halving by issuance halves at shares of "
               "emission.max_supply, which is 0: nothing would be minted; set max_supply "
               "(Bittensor: 21e6)");
    expect_one("fees: {settlement_delay_days: 1}\n",
               "8:31: fees.settlement_delay_days: settlement_delay_days settles burn-and-mint "
               "payments: it needs fees.routing burn_and_mint");
    expect_one("fees: {routing: burn_and_mint, settlement_delay_days: 1}\n"
               "emission: {remint_burned: true}\n",
               "8:55: fees.settlement_delay_days: settlement_delay_days pays providers their USD "
               "at settlement; emission.remint_burned to providers would pay them the burned "
               "tokens again");
    expect_one(
        "run: {step_days: 0.25}\nfees: {routing: burn_and_mint, settlement_delay_days: 20}\n",
        "9:55: fees.settlement_delay_days: settlement_delay_days is 80 steps of 0.25 days: "
        "at most 63");
    expect_one("token: {fundamental: fees_multiple, fees_multiple: 20, initial_fees_usd_per_day: "
               "50000}\n",
               "8:82: token.initial_fees_usd_per_day: the fundamental value at t = 0 (3.65e8 "
               "USD) exceeds the initial market cap (initial_price_usd × initial_supply = 1e8 "
               "USD): the speculative value would start negative");
    expect_one("token: {fundamental: exchange}\n",
               "8:22: token.fundamental: exchange values the float buyers hold to pay through the "
               "token, but no fee buys the token (fees.routing to_providers, or a split to the "
               "treasury): the fundamental value would be 0; use fees_multiple or none");
    /* a comparison written as a symbol suggests its word, not the nearest in letters */
    expect_one("claims:\n  - {name: a, metric: fees, op: '>', threshold: 1}\n",
               "9:33: claims.0.op: expected one of lt, le, gt, ge, got '>'; did you mean 'gt'?");
    expect_one("claims:\n  - {name: a, metric: fees, op: '<=', threshold: 1}\n",
               "9:33: claims.0.op: expected one of lt, le, gt, ge, got '<='; did you mean 'le'?");
    /* the whole list of metrics, none cut off */
    char text[2048];
    snprintf(text, sizeof text, "%s%s", MINIMAL,
             "claims:\n  - {name: a, metric: fundamentl_value, op: gt, threshold: 1}\n");
    loaded L;
    load_text(&L, text);
    assert_int_equal(L.rc, DS_EINPUT);
    const char *msg = L.errs.items[0].msg;
    assert_non_null(strstr(msg, "price_ratio, "));
    assert_non_null(strstr(msg, "subsidy_adjusted_ratio, "));
    assert_non_null(strstr(msg, "treasury_tokens, fundamental_value, segment1_served, "));
    assert_non_null(strstr(msg, "segment3_price, segment4_price, got 'fundamentl_value'; did "
                                "you mean 'fundamental_value'?"));
    unload(&L);
    /* the valuation's keys and their defaults */
    load_text(&L, MINIMAL);
    assert_int_equal(L.rc, DS_OK);
    const ds_token_params *tk = &L.sc.base.token;
    assert_int_equal(tk->model, DS_TOKEN_MARKET_CAP);
    assert_int_equal(tk->fundamental, DS_FUND_NONE);
    assert_true(tk->permanent_share == 0.5 && tk->fundamental_window_days == 30);
    assert_true(L.sc.base.fees.settlement_delay_days == 0 && L.sc.base.n_events == 0);
    unload(&L);
}

static void test_markdown_in_readme(void **state)
{
    (void)state;
    char *md = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&md, &n);
    scenario_keys_markdown(m);
    fclose(m);
    assert_true(n > 1000);
    assert_non_null(strstr(md, "| `token.vol_per_sqrt_year` | number | 1/√year | 0.8 | ≥ 0 |"));
    assert_non_null(strstr(md, "| `hardware.N.share` | number | fraction | required | [0, 1] |"));
    assert_non_null(strstr(md, "| `emission.schedule` | enum | — | `fixed` | `fixed`, `halving`, "
                               "`exp_decay`, `schedule`, `baseline`, `revenue_target` |"));
    FILE *f = fopen("scenarios/README.md", "r");
    assert_non_null(f);
    char *readme = calloc(1, 1 << 20);
    size_t got = fread(readme, 1, (1 << 20) - 1, f);
    fclose(f);
    assert_true(got > n);
    /* the reference is the table itself: regenerate it with `depinsim keys` when keys change */
    if (!strstr(readme, md)) fail_msg("scenarios/README.md does not hold the current key table");
    free(readme);
    free(md);
}

/* zip: keys that step together are one axis; rescale: a share swept with the
 * others scaled in proportion to keep the sum; the errors of both. */
static void test_sweep_zip_and_rescale(void **state)
{
    (void)state;
    loaded L;
    load_text(&L,
              MINIMAL "rewards: {providers_share: 0.6, stakers_share: 0.3, treasury_share: 0.1}\n"
                      "sweep:\n"
                      "  zip:\n"
                      "    emission.tokens_per_day: [1000, 2000, 4000]\n"
                      "    token.impact: [0.1, 0.2, 0.4]\n"
                      "  rewards.providers_share:\n"
                      "    values: [0.5, 0.8]\n"
                      "    rescale: [rewards.stakers_share, rewards.treasury_share]\n");
    errors_print(&L.errs, stderr);
    assert_int_equal(L.rc, DS_OK);
    ds_scenario *sc = &L.sc;
    assert_int_equal(sc->n_variants, 1 + 3 * 2);
    assert_string_equal(sc->sweep_axes, "emission.tokens_per_day token.impact\n"
                                        "rewards.providers_share\n");
    const ds_variant *v = &sc->variants[4]; /* tokens 2000, impact 0.2, share 0.8 */
    assert_string_equal(v->name, "emission.tokens_per_day=2000,token.impact=0.2,"
                                 "rewards.providers_share=0.8");
    assert_true(v->params.emission.tokens_per_day == 2000 && v->params.token.impact == 0.2);
    const ds_reward_params *rw = &v->params.rewards;
    /* 0.4 left for stakers and treasury, split 3:1 as in the base */
    assert_true(rw->providers_share == 0.8);
    assert_true(fabs(rw->stakers_share - 0.15) < 1e-15 && fabs(rw->treasury_share - 0.05) < 1e-15);
    assert_true(fabs(rw->providers_share + rw->stakers_share + rw->treasury_share - 1) < 1e-15);
    assert_string_equal(v->swept, "emission.tokens_per_day=2000\ntoken.impact=0.2\n"
                                  "rewards.providers_share=0.8\n");
    assert_non_null(strstr(v->overrides, "rewards.stakers_share=0.14999999999999997\n"));
    unload(&L);

    expect_one("sweep:\n  zip:\n    token.impact: [1, 2]\n    token.depth_frac: [0.1]\n",
               "11:23: sweep.token.depth_frac: zipped keys step together: 1 values here, 2 in the "
               "first key of its zip");
    expect_one("sweep:\n  rewards.providers_share: {values: [0.5, 1.5], rescale: "
               "rewards.stakers_share}\n",
               "9:43: sweep.rewards.providers_share: 1.5 is out of range [0, 1]");
    expect_one(
        "rewards: {providers_share: 0.7, stakers_share: 0.3}\n"
        "sweep:\n  rewards.stakers_share: {values: [0.5], rescale: rewards.treasury_share}\n",
        "10:36: sweep.rewards.stakers_share: 0.5 is more than the sum 0.3 it keeps with the "
        "rescaled keys");
    expect_one("sweep:\n  token.impact: [1]\n  rewards.providers_share: {values: [0.5], rescale: "
               "token.impact}\n",
               "10:3: sweep.token.impact: is rescaled and swept: a key can only be one of the two");
    expect_one("sweep:\n  token.impact: {values: [1], scale: 2}\n",
               "9:31: sweep.token.impact: unknown key 'scale' in a swept key: values, rescale");

    /* the same linking for an analysis or solve */
    ds_params p = sc->base;
    load_text(&L,
              MINIMAL "rewards: {providers_share: 0.6, stakers_share: 0.3, treasury_share: 0.1}\n");
    p = L.sc.base;
    char msg[256];
    char *rescale[2] = {"rewards.stakers_share", "rewards.treasury_share"};
    assert_int_equal(
        scenario_set_number(&p, "rewards.providers_share", 0.2, rescale, 2, msg, sizeof msg), 0);
    assert_true(fabs(p.rewards.stakers_share - 0.6) < 1e-15);
    assert_true(fabs(p.rewards.treasury_share - 0.2) < 1e-15);
    assert_int_equal(scenario_set_number(&p, "providers.count", 99.6, NULL, 0, msg, sizeof msg), 0);
    assert_int_equal(p.prov.count, 100); /* integers: the nearest */
    assert_int_equal(scenario_set_number(&p, "token.impact", -1, NULL, 0, msg, sizeof msg), -1);
    assert_int_equal(scenario_set_number(&p, "pricing.model", 1, NULL, 0, msg, sizeof msg), -1);
    assert_string_equal(msg, "not a number key");
    unload(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_yaml),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_value_forms),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_range_errors),
        cmocka_unit_test(test_key_errors),
        cmocka_unit_test(test_missing_and_lists),
        cmocka_unit_test(test_empty_and_syntax),
        cmocka_unit_test(test_cross_field),
        cmocka_unit_test(test_many_errors),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_variant_errors),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_sweep_zip_and_rescale),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_set_errors),
        cmocka_unit_test(test_limit_size),
        cmocka_unit_test(test_limit_depth),
        cmocka_unit_test(test_limit_nodes),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_encoding),
        cmocka_unit_test(test_decoded_strings),
        cmocka_unit_test(test_number_forms),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_ledger_range),
        cmocka_unit_test(test_error_printer),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_market_rules),
        cmocka_unit_test(test_markdown_in_readme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
