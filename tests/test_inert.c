/* test_inert.c — every row of the inert-key rule table (sim/io/scenario_warn.c)
 * checked against the engine: under the setting the rule names, changing the
 * key leaves every record, outcome and claim verdict byte-identical; with the
 * setting flipped the rule no longer calls it inert and (where a short run can
 * show it) the results change. Every rule has a case here (asserted), so a
 * rule added without one fails, and a rule that is wrong fails too. Small
 * runs: 3 paths × 40 days × 60 providers. Also the warnings themselves:
 * located at the override, one per key and reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/scenario.h"
#include "run/backend.h"

static const char *const base_text =
    "name: inert\n"
    "run: {paths: 3, seed: 5, horizon_days: 40, step_days: 1, record_every: 1}\n"
    "hardware:\n"
    "  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 0.3}\n"
    "  - {name: RTX4090, heq_per_device: 0.2, power_w: 450, price_usd: 1599, share: 0.7}\n"
    "regions:\n"
    "  - {name: us-texas, electricity_usd_per_kwh: 0.066, share: 0.6}\n"
    "  - {name: eu-germany, electricity_usd_per_kwh: 0.39, share: 0.4}\n"
    "providers: {count: 60, patience_days_min: 3, patience_days_max: 10, margin_ema_days: 5,\n"
    "            exit_margin: 0.2, entry_rate_per_day: 0.05, onboarding_days: 3}\n"
    "demand: {base_heqh_per_day: 3000, growth_rate_per_year: 2}\n"
    "cloud: {decline_per_year: 0.5}\n"
    "emission:\n"
    "  schedule: fixed\n"
    "  tokens_per_day: 5000\n"
    "  periods: [{days: 20, tokens: 100000}, {days: 20, tokens: 50000}]\n"
    "token: {initial_supply: 1.0e7, exogenous_buy_usd_per_day: 1000}\n"
    "claims:\n"
    "  - {name: busy, metric: served, op: ge, threshold: 1500, when: window_mean,\n"
    "     window_start_day: 10, window_end_day: 30}\n";

/* A rule's case: the key changed (with any change that must go with it to
 * stay valid), the settings under which it is inert, and settings under
 * which it is not. */
typedef struct {
    const char *key;
    const char *change[2];
    const char *gate[4];
    const char *ungate[5];
    int shows; /* 0: a 40-day run need not show the effect once ungated */
} inert_case;

#define G(...)                                                                                     \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }
#define BLEND_ONLY_ON_DEMAND                                                                       \
    G("cloud.reference=blend", "cloud.blend.on_demand=1", "cloud.blend.spot=0",                    \
      "cloud.blend.reserved_1y=0", "cloud.blend.reserved_3y=0")
static const inert_case cases[] = {
    {"emission.remint_max_per_day", G("emission.remint_max_per_day=3000"),
     G("emission.remint_burned=false", "fees.routing=burn_and_mint"),
     G("emission.remint_burned=true", "fees.routing=burn_and_mint"), 1},
    {"emission.remint_to", G("emission.remint_to=split"),
     G("emission.remint_burned=false", "fees.routing=burn_and_mint", "rewards.stakers_share=0.5",
       "rewards.providers_share=0.5"),
     G("emission.remint_burned=true", "fees.routing=burn_and_mint", "rewards.stakers_share=0.5",
       "rewards.providers_share=0.5", "emission.remint_max_per_day=1e6"),
     1},
    {"emission.halving_by", G("emission.halving_by=issuance"),
     G("emission.schedule=fixed", "emission.max_supply=1.001e7"),
     G("emission.schedule=halving", "emission.max_supply=1.001e7",
       "emission.halving_period_days=10"),
     1},
    {"emission.halving_period_days", G("emission.halving_period_days=5"),
     G("emission.schedule=halving", "emission.halving_by=issuance", "emission.max_supply=2e7"),
     G("emission.schedule=halving"), 1},
    {"emission.tokens_per_day", G("emission.tokens_per_day=9999"),
     G("emission.schedule=exp_decay", "emission.total_tokens=1e6"), G("emission.schedule=fixed"),
     1},
    {"emission.total_tokens", G("emission.total_tokens=2e6"), G("emission.schedule=fixed"),
     G("emission.schedule=exp_decay", "emission.half_life_days=100"), 1},
    {"emission.half_life_days", G("emission.half_life_days=50"), G("emission.schedule=fixed"),
     G("emission.schedule=exp_decay", "emission.total_tokens=1e6"), 1},
    {"emission.simple_total_tokens", G("emission.simple_total_tokens=5e5"),
     G("emission.schedule=fixed"),
     G("emission.schedule=baseline", "emission.total_tokens=1e6", "emission.half_life_days=100"),
     1},
    {"emission.baseline_b0", G("emission.baseline_b0=1e9"), G("emission.schedule=fixed"),
     G("emission.schedule=baseline", "emission.total_tokens=1e6", "emission.half_life_days=100"),
     1},
    {"emission.baseline_growth_per_year", G("emission.baseline_growth_per_year=3"),
     G("emission.schedule=fixed"),
     G("emission.schedule=baseline", "emission.total_tokens=1e6", "emission.half_life_days=100",
       "emission.baseline_b0=1e9"),
     1},
    {"emission.target_usd_per_heqh", G("emission.target_usd_per_heqh=5"),
     G("emission.schedule=fixed"),
     G("emission.schedule=revenue_target", "emission.max_tokens_per_day=1e6"), 1},
    {"emission.max_tokens_per_day", G("emission.max_tokens_per_day=10"),
     G("emission.schedule=fixed"),
     G("emission.schedule=revenue_target", "emission.target_usd_per_heqh=5"), 1},
    {"emission.periods.N.days", G("emission.periods.0.days=10"), G("emission.schedule=fixed"),
     G("emission.schedule=schedule"), 1},
    {"emission.periods.N.tokens", G("emission.periods.0.tokens=2e5"), G("emission.schedule=fixed"),
     G("emission.schedule=schedule"), 1},
    {"emission.start_day", G("emission.start_day=300"),
     G("emission.schedule=revenue_target", "emission.max_tokens_per_day=1e6",
       "emission.target_usd_per_heqh=5"),
     G("emission.schedule=exp_decay", "emission.total_tokens=1e6", "emission.half_life_days=100"),
     1},
    {"pricing.price_usd_per_heqh", G("pricing.price_usd_per_heqh=9"),
     G("pricing.model=cloud_discount"), G("pricing.model=fixed"), 1},
    {"pricing.index_to_cloud", G("pricing.index_to_cloud=true"), G("pricing.model=cloud_discount"),
     G("pricing.model=fixed"), 1},
    {"pricing.cloud_fraction", G("pricing.cloud_fraction=0.3"), G("pricing.model=fixed"),
     G("pricing.model=cloud_discount"), 1},
    {"pricing.markup_min", G("pricing.markup_min=1.4"), G("pricing.model=fixed"),
     G("pricing.model=auction"), 1},
    {"pricing.markup_max", G("pricing.markup_max=3"), G("pricing.model=fixed"),
     G("pricing.model=auction"), 1},
    {"pricing.grid_min_usd", G("pricing.grid_min_usd=0.5"), G("pricing.model=fixed"),
     G("pricing.model=auction"), 1},
    {"pricing.grid_max_usd", G("pricing.grid_max_usd=5"), G("pricing.model=fixed"),
     G("pricing.model=auction"), 1},
    {"pricing.target_utilization", G("pricing.target_utilization=0.2"), G("pricing.model=fixed"),
     G("pricing.model=utilization_target"), 1},
    {"pricing.gain_per_day", G("pricing.gain_per_day=1"), G("pricing.model=fixed"),
     G("pricing.model=utilization_target"), 1},
    {"pricing.price_min_usd", G("pricing.price_min_usd=2.5"), G("pricing.model=fixed"),
     G("pricing.model=utilization_target"), 1},
    {"pricing.price_max_usd", G("pricing.price_max_usd=1.5"), G("pricing.model=fixed"),
     G("pricing.model=utilization_target"), 1},
    {"fees.take_to", G("fees.take_to=burn"), G("fees.routing=to_providers"),
     G("fees.routing=split"), 1},
    {"fees.buyback_rate_per_day", G("fees.buyback_rate_per_day=0.5"), G("fees.buyback=none"),
     G("fees.buyback=static"), 1},
    {"fees.pid_kp", G("fees.pid_kp=50"), G("fees.buyback=static"),
     G("fees.buyback=pid", "fees.buyback_max_per_day=1"), 1},
    {"fees.pid_ki", G("fees.pid_ki=50"), G("fees.buyback=static"),
     G("fees.buyback=pid", "fees.buyback_max_per_day=1"), 1},
    {"fees.pid_kd", G("fees.pid_kd=50"), G("fees.buyback=static"),
     G("fees.buyback=pid", "fees.buyback_max_per_day=1"), 1},
    {"fees.pid_ema_days", G("fees.pid_ema_days=1"), G("fees.buyback=static"),
     G("fees.buyback=pid", "fees.buyback_max_per_day=1", "fees.pid_kp=20"), 1},
    {"fees.buyback_max_per_day", G("fees.buyback_max_per_day=0.9"), G("fees.buyback=static"),
     G("fees.buyback=pid", "fees.pid_kp=20"), 1},
    {"token.start", G("token.start=bear"), G("token.regimes=false"), G("token.regimes=true"), 1},
    {"token.bull_drift_per_year", G("token.bull_drift_per_year=3"), G("token.regimes=false"),
     G("token.regimes=true"), 1},
    {"token.bull_vol_per_sqrt_year", G("token.bull_vol_per_sqrt_year=2"), G("token.regimes=false"),
     G("token.regimes=true"), 1},
    {"token.bear_drift_per_year", G("token.bear_drift_per_year=-3"), G("token.regimes=false"),
     G("token.regimes=true", "token.start=bear"), 1},
    {"token.bear_vol_per_sqrt_year", G("token.bear_vol_per_sqrt_year=2"), G("token.regimes=false"),
     G("token.regimes=true", "token.start=bear"), 1},
    {"token.bull_to_bear_per_day", G("token.bull_to_bear_per_day=0.5"), G("token.regimes=false"),
     G("token.regimes=true"), 1},
    {"token.bear_to_bull_per_day", G("token.bear_to_bull_per_day=0.5"), G("token.regimes=false"),
     G("token.regimes=true", "token.start=bear"), 1},
    {"token.drift_per_year", G("token.drift_per_year=2"), G("token.regimes=true"),
     G("token.regimes=false"), 1},
    {"token.vol_per_sqrt_year", G("token.vol_per_sqrt_year=2"), G("token.regimes=true"),
     G("token.regimes=false"), 1},
    {"token.jump_mean", G("token.jump_mean=-1"), G("token.jump_rate_per_year=0"),
     G("token.jump_rate_per_year=300"), 1},
    {"token.jump_sd", G("token.jump_sd=1"), G("token.jump_rate_per_year=0"),
     G("token.jump_rate_per_year=300"), 1},
    {"demand.jump_mean", G("demand.jump_mean=-1"), G("demand.jump_rate_per_year=0"),
     G("demand.jump_rate_per_year=300"), 1},
    {"demand.jump_sd", G("demand.jump_sd=1"), G("demand.jump_rate_per_year=0"),
     G("demand.jump_rate_per_year=300"), 1},
    {"demand.logistic_ceiling_mult", G("demand.logistic_ceiling_mult=1.5"),
     G("demand.growth=exponential"), G("demand.growth=logistic"), 1},
    {"cloud.blend.on_demand", G("cloud.blend.on_demand=0.3", "cloud.blend.reserved_1y=0.7"),
     G("cloud.reference=on_demand"), BLEND_ONLY_ON_DEMAND, 1},
    {"cloud.blend.spot", G("cloud.blend.spot=0.4", "cloud.blend.on_demand=0.6"),
     G("cloud.reference=reserved_1y"), BLEND_ONLY_ON_DEMAND, 1},
    {"cloud.blend.reserved_1y", G("cloud.blend.reserved_1y=0.5", "cloud.blend.on_demand=0.5"),
     G("cloud.reference=spot"), BLEND_ONLY_ON_DEMAND, 1},
    {"cloud.blend.reserved_3y", G("cloud.blend.reserved_3y=0.5", "cloud.blend.on_demand=0.5"),
     G("cloud.reference=on_demand"), BLEND_ONLY_ON_DEMAND, 1},
    {"providers.entry_margin_half", G("providers.entry_margin_half=0.01"),
     G("providers.entry_rate_per_day=0"), G("providers.entry_rate_per_day=0.3"), 1},
    {"providers.onboarding_days", G("providers.onboarding_days=0"),
     G("providers.entry_rate_per_day=0"), G("providers.entry_rate_per_day=0.3"), 1},
    {"providers.capital_frac_entrant", G("providers.capital_frac_entrant=0"),
     G("providers.entry_rate_per_day=0"),
     G("providers.entry_rate_per_day=0.3", "providers.entry_margin_half=20"), 1},
    {"rewards.stakers_sell_frac", G("rewards.stakers_sell_frac=0"),
     G("rewards.stakers_share=0", "rewards.providers_share=1"),
     G("rewards.stakers_share=0.5", "rewards.providers_share=0.5"), 1},
    {"rewards.treasury_sell_frac", G("rewards.treasury_sell_frac=0.9"),
     G("rewards.treasury_share=0", "rewards.providers_share=1"),
     G("rewards.treasury_share=0.5", "rewards.providers_share=0.5"), 1},
    {"rewards.owners_sell_frac", G("rewards.owners_sell_frac=0"),
     G("rewards.owners_share=0", "rewards.providers_share=1"),
     G("rewards.owners_share=0.5", "rewards.providers_share=0.5"), 1},
    {"hardware.N.heq_per_device", G("hardware.0.heq_per_device=3"),
     G("hardware.0.share=0", "hardware.1.share=1"),
     G("hardware.0.share=0.3", "hardware.1.share=0.7"), 1},
    {"hardware.N.power_w", G("hardware.0.power_w=3000"),
     G("hardware.0.share=0", "hardware.1.share=1"),
     G("hardware.0.share=0.3", "hardware.1.share=0.7"), 1},
    {"hardware.N.price_usd", G("hardware.0.price_usd=99999"),
     G("hardware.0.share=0", "hardware.1.share=1"),
     G("hardware.0.share=0.3", "hardware.1.share=0.7"), 1},
    {"hardware.N.life_years", G("hardware.0.life_years=1"),
     G("hardware.0.share=0", "hardware.1.share=1"),
     G("hardware.0.share=0.3", "hardware.1.share=0.7"), 1},
    {"hardware.N.availability", G("hardware.0.availability=0.2"),
     G("hardware.0.share=0", "hardware.1.share=1"),
     G("hardware.0.share=0.3", "hardware.1.share=0.7"), 1},
    {"regions.N.electricity_usd_per_kwh", G("regions.0.electricity_usd_per_kwh=2"),
     G("regions.0.share=0", "regions.1.share=1"), G("regions.0.share=0.6", "regions.1.share=0.4"),
     1},
    {"claims.N.window_start_day", G("claims.0.window_start_day=20"), G("claims.0.when=end"),
     G("claims.0.when=window_mean"), 0},
    {"claims.N.window_end_day", G("claims.0.window_end_day=35"), G("claims.0.when=always"),
     G("claims.0.when=window_mean"), 0},
};
#define N_CASES ((int)(sizeof cases / sizeof cases[0]))

static int load(ds_scenario *sc, const char *const *sets, int n_sets, const char *const *more,
                int n_more)
{
    char path[64] = "/tmp/ds_inert_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(base_text);
    assert_int_equal(write(fd, base_text, n), (ssize_t)n);
    close(fd);
    char *all[10];
    int k = 0;
    for (int i = 0; i < n_sets; i++)
        if (sets[i]) all[k++] = (char *)sets[i];
    for (int i = 0; i < n_more; i++)
        if (more[i]) all[k++] = (char *)more[i];
    ds_errors errs = {0};
    int rc = scenario_open(path, all, k, sc, &errs);
    unlink(path);
    if (rc != DS_OK) errors_print(&errs, stderr);
    errors_free(&errs);
    return rc;
}

/* Every result of a run, in one buffer: records, outcomes, claim verdicts. */
typedef struct {
    unsigned char *bytes;
    size_t n;
} results;

static results run(const ds_params *P)
{
    int paths = P->run.paths, R = ds_params_records(P);
    size_t nrec = (size_t)DS_N_METRICS * paths * R * sizeof(double);
    size_t nout = (size_t)DS_N_OUTCOMES * paths * sizeof(double);
    size_t ncl = (size_t)(P->n_claims ? P->n_claims : 1) * paths;
    results r = {calloc(nrec + nout + ncl, 1), nrec + nout + ncl};
    uint8_t done[8] = {0};
    ds_run_buffers buf = {paths,
                          (double *)r.bytes,
                          (double *)(r.bytes + nrec),
                          r.bytes + nrec + nout,
                          done,
                          NULL,
                          NULL,
                          0};
    ds_errors errs = {0};
    assert_int_equal(backend_run(DS_BACKEND_CPU, P, 0, paths, &buf, 1, NULL, &errs), DS_OK);
    for (int p = 0; p < paths; p++) assert_true(done[p]);
    return r;
}

static int same(results a, results b)
{
    int eq = a.n == b.n && !memcmp(a.bytes, b.bytes, a.n);
    free(a.bytes);
    free(b.bytes);
    return eq;
}

/* The key as --set names it: "hardware.N.power_w" → the case's first change's key. */
static void set_key(const inert_case *c, char *buf, size_t n)
{
    const char *eq = strchr(c->change[0], '=');
    snprintf(buf, n, "%.*s", (int)(eq - c->change[0]), c->change[0]);
}

static void every_rule_against_the_engine(void **state)
{
    (void)state;
    for (int i = 0; i < N_CASES; i++) {
        const inert_case *c = &cases[i];
        char key[128], why[200];
        set_key(c, key, sizeof key);
        ds_scenario a, b;
        /* gated: inert, and the results do not move */
        assert_int_equal(load(&a, c->gate, 4, NULL, 0), DS_OK);
        assert_int_equal(load(&b, c->gate, 4, c->change, 2), DS_OK);
        if (scenario_inert(&a.base, key, why, sizeof why) != 1)
            fail_msg("%s: not called inert under its gate", key);
        assert_int_equal(scenario_inert(&b.base, key, why, sizeof why), 1);
        if (!same(run(&a.base), run(&b.base))) fail_msg("%s: changed the results (%s)", key, why);
        scenario_free(&a);
        scenario_free(&b);
        /* ungated: not inert, and the results move */
        assert_int_equal(load(&a, c->ungate, 5, NULL, 0), DS_OK);
        assert_int_equal(load(&b, c->ungate, 5, c->change, 2), DS_OK);
        if (scenario_inert(&a.base, key, why, sizeof why) != 0)
            fail_msg("%s: still inert once ungated (%s)", key, why);
        if (c->shows && same(run(&a.base), run(&b.base)))
            fail_msg("%s: changes nothing even ungated", key);
        scenario_free(&a);
        scenario_free(&b);
    }
}

/* Every rule of the table has its case above. */
static void every_rule_has_a_case(void **state)
{
    (void)state;
    int rules = 0;
    for (const char *k; (k = scenario_inert_rule(rules)); rules++) {
        if (!strcmp(k, "emission.periods")) continue; /* the list: its items are tested */
        int found = 0;
        for (int i = 0; i < N_CASES && !found; i++) found = !strcmp(cases[i].key, k);
        if (!found) fail_msg("inert rule %s has no case in test_inert.c", k);
    }
    assert_true(rules >= N_CASES);
    ds_scenario a;
    const char *fixed[1] = {"emission.schedule=fixed"};
    char why[200];
    assert_int_equal(load(&a, fixed, 1, NULL, 0), DS_OK);
    assert_int_equal(scenario_inert(&a.base, "emission.periods", why, sizeof why), 1);
    assert_string_equal(why, "emission.schedule is fixed");
    assert_int_equal(scenario_inert(&a.base, "token.impact", why, sizeof why), 0);
    assert_int_equal(scenario_inert(&a.base, "token.nope", why, sizeof why), -1);
    scenario_free(&a);
}

/* The warnings: located at the override, one per key and reason. */
static void warnings_are_located_once(void **state)
{
    (void)state;
    char text[8192];
    snprintf(text, sizeof text,
             "%svariants:\n  a: {emission.remint_max_per_day: 10}\n"
             "  b: {emission.remint_max_per_day: 20}\n"
             "sweep:\n  token.jump_sd: [0.2, 0.3]\n",
             base_text);
    char path[64] = "/tmp/ds_inert_XXXXXX";
    int fd = mkstemp(path);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ds_scenario sc;
    ds_errors errs = {0}, warn = {0};
    char *sets[1] = {"fees.take_to=burn"};
    assert_int_equal(scenario_open(path, sets, 1, &sc, &errs), DS_OK);
    unlink(path);
    assert_int_equal(scenario_warnings(&sc, &warn), 3);
    assert_int_equal(warn.kind, DS_OK); /* warnings do not fail anything */
    char got[3][2000];
    for (int i = 0; i < 3; i++)
        snprintf(got[i], sizeof got[i], "%s:%d:%d: %s: %s",
                 strncmp(warn.items[i].file, "/tmp", 4) ? warn.items[i].file : "F",
                 warn.items[i].line, warn.items[i].col, warn.items[i].key, warn.items[i].msg);
    assert_string_equal(got[0], "--set:1:14: fees.take_to: warning: has no effect: fees.routing "
                                "is to_providers");
    assert_string_equal(got[1], "F:22:36: emission.remint_max_per_day: warning: has no effect: "
                                "emission.remint_burned is false (in 2 variants)");
    assert_string_equal(got[2], "F:25:19: token.jump_sd: warning: has no effect: "
                                "token.jump_rate_per_year is 0 (in 2 variants)");
    errors_free(&warn);
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_rule_against_the_engine),
        cmocka_unit_test(every_rule_has_a_case),
        cmocka_unit_test(warnings_are_located_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
