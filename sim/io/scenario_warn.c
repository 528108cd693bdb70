/* scenario_warn.c — inert keys: a key that a variant, a sweep or --set sets
 * (or that an analysis or `solve` varies) but that the model never reads
 * under the scenario's other settings, so the variant is a copy of its base.
 * Found by a rule table, one row per key, each naming the setting under
 * which the model skips the only code that reads it (the models/ headers); sound as
 * far as the rows are: tests/test_inert.c changes every key under its rule
 * and checks that the engine's results stay byte-identical, and that they
 * change once the setting no longer skips it. Keys the table does not know
 * are never called inert. Warnings, not errors: a scenario may mean it. */
#include "scenario_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*inert_fn)(const ds_params *p, int item, char *why, size_t n);

static const char *word(const char *key, int value)
{
    return scn_key_table[scn_key_index(key)].words[value];
}

static int not_schedule(const ds_params *p, char *why, size_t n, int a, int b)
{
    int s = p->emission.schedule;
    if (s == a || s == b) return 0;
    snprintf(why, n, "emission.schedule is %s", word("emission.schedule", s));
    return 1;
}

static int remint_off(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->emission.remint_burned) return 0;
    snprintf(why, n, "emission.remint_burned is false");
    return 1;
}
static int not_halving(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_schedule(p, why, n, DS_EMIT_HALVING, DS_EMIT_HALVING);
}
static int not_halving_by_period(const ds_params *p, int item, char *why, size_t n)
{
    if (not_halving(p, item, why, n)) return 1;
    if (p->emission.halving_by == DS_HALVE_BY_PERIOD) return 0;
    snprintf(why, n, "emission.halving_by is issuance");
    return 1;
}
static int not_rate_schedule(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_schedule(p, why, n, DS_EMIT_FIXED, DS_EMIT_HALVING);
}
static int not_decay(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_schedule(p, why, n, DS_EMIT_EXP_DECAY, DS_EMIT_BASELINE);
}
static int not_baseline(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_schedule(p, why, n, DS_EMIT_BASELINE, DS_EMIT_BASELINE);
}
static int not_revenue(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_schedule(p, why, n, DS_EMIT_REVENUE_TARGET, DS_EMIT_REVENUE_TARGET);
}
static int not_table(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_schedule(p, why, n, DS_EMIT_SCHEDULE, DS_EMIT_SCHEDULE);
}
/* schedule time is read by time-based schedules only */
static int untimed(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    const ds_emission_params *e = &p->emission;
    if (e->schedule == DS_EMIT_REVENUE_TARGET) {
        snprintf(why, n, "emission.schedule is revenue_target");
        return 1;
    }
    if (e->schedule == DS_EMIT_HALVING && e->halving_by == DS_HALVE_BY_ISSUANCE) {
        snprintf(why, n, "emission.halving_by is issuance");
        return 1;
    }
    return 0;
}

static int not_pricing(const ds_params *p, char *why, size_t n, int a, int b)
{
    int m = p->pricing.model;
    if (m == a || m == b) return 0;
    snprintf(why, n, "pricing.model is %s", word("pricing.model", m));
    return 1;
}
static int no_posted_price(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_pricing(p, why, n, DS_PRICING_FIXED, DS_PRICING_UTILIZATION_TARGET);
}
static int not_fixed(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_pricing(p, why, n, DS_PRICING_FIXED, DS_PRICING_FIXED);
}
static int not_discount(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_pricing(p, why, n, DS_PRICING_CLOUD_DISCOUNT, DS_PRICING_CLOUD_DISCOUNT);
}
static int not_auction(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_pricing(p, why, n, DS_PRICING_AUCTION, DS_PRICING_AUCTION);
}
static int not_util(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_pricing(p, why, n, DS_PRICING_UTILIZATION_TARGET, DS_PRICING_UTILIZATION_TARGET);
}

static int not_split(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->fees.routing == DS_FEES_SPLIT) return 0;
    snprintf(why, n, "fees.routing is %s", word("fees.routing", p->fees.routing));
    return 1;
}
static int not_buyback(const ds_params *p, char *why, size_t n, int kind)
{
    if (p->fees.buyback == kind) return 0;
    snprintf(why, n, "fees.buyback is %s", word("fees.buyback", p->fees.buyback));
    return 1;
}
static int not_static(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_buyback(p, why, n, DS_BUYBACK_STATIC);
}
static int not_pid(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return not_buyback(p, why, n, DS_BUYBACK_PID);
}

static int no_regimes(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->token.regimes) return 0;
    snprintf(why, n, "token.regimes is false");
    return 1;
}
static int regimes(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (!p->token.regimes) return 0;
    snprintf(why, n, "token.regimes is true (the bull and bear keys replace it)");
    return 1;
}
static int no_token_jumps(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->token.jump_rate_per_year > 0) return 0;
    snprintf(why, n, "token.jump_rate_per_year is 0");
    return 1;
}
static int no_demand_jumps(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->demand.jump_rate_per_year > 0) return 0;
    snprintf(why, n, "demand.jump_rate_per_year is 0");
    return 1;
}
static int not_logistic(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->demand.growth == DS_GROWTH_LOGISTIC) return 0;
    snprintf(why, n, "demand.growth is %s", word("demand.growth", p->demand.growth));
    return 1;
}
static int not_blend(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->cloud.reference == DS_REF_BLEND) return 0;
    snprintf(why, n, "cloud.reference is %s", word("cloud.reference", p->cloud.reference));
    return 1;
}
static int no_entry(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    if (p->prov.entry_rate_per_day > 0) return 0;
    snprintf(why, n, "providers.entry_rate_per_day is 0: no prospect ever joins");
    return 1;
}
static int no_share(double share, const char *what, char *why, size_t n)
{
    if (share != 0.0) return 0;
    snprintf(why, n, "rewards.%s_share is 0", what);
    return 1;
}
static int no_stakers(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return no_share(p->rewards.stakers_share, "stakers", why, n);
}
static int no_treasury(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return no_share(p->rewards.treasury_share, "treasury", why, n);
}
static int no_owners(const ds_params *p, int item, char *why, size_t n)
{
    (void)item;
    return no_share(p->rewards.owners_share, "owners", why, n);
}
/* A class or region of share 0 is never drawn, unless it is the last, which
 * takes what rounding leaves of the cumulative shares (provider.h). */
static int unused_class(const ds_params *p, int item, char *why, size_t n)
{
    if (item < 0 || item >= p->n_classes - 1 || p->hw[item].share != 0.0) return 0;
    snprintf(why, n, "hardware.%d.share is 0: no provider has this class", item);
    return 1;
}
static int unused_region(const ds_params *p, int item, char *why, size_t n)
{
    if (item < 0 || item >= p->n_regions - 1 || p->region[item].share != 0.0) return 0;
    snprintf(why, n, "regions.%d.share is 0: no provider is in this region", item);
    return 1;
}
static int not_window(const ds_params *p, int item, char *why, size_t n)
{
    if (item < 0 || item >= p->n_claims) return 0;
    const ds_claim *cl = &p->claims[item];
    if (!ds_claim_combines(cl) && cl->when == DS_WHEN_WINDOW_MEAN) return 0;
    snprintf(why, n, "claims.%d.when is not window_mean", item);
    return 1;
}

static const struct {
    const char *key;
    inert_fn inert;
} rules[] = {
    {"emission.remint_max_per_day", remint_off},
    {"emission.remint_to", remint_off},
    {"emission.halving_by", not_halving},
    {"emission.halving_period_days", not_halving_by_period},
    {"emission.tokens_per_day", not_rate_schedule},
    {"emission.total_tokens", not_decay},
    {"emission.half_life_days", not_decay},
    {"emission.simple_total_tokens", not_baseline},
    {"emission.baseline_b0", not_baseline},
    {"emission.baseline_growth_per_year", not_baseline},
    {"emission.target_usd_per_heqh", not_revenue},
    {"emission.max_tokens_per_day", not_revenue},
    {"emission.periods", not_table},
    {"emission.periods.N.days", not_table},
    {"emission.periods.N.tokens", not_table},
    {"emission.start_day", untimed},
    {"pricing.price_usd_per_heqh", no_posted_price},
    {"pricing.index_to_cloud", not_fixed},
    {"pricing.cloud_fraction", not_discount},
    {"pricing.markup_min", not_auction},
    {"pricing.markup_max", not_auction},
    {"pricing.grid_min_usd", not_auction},
    {"pricing.grid_max_usd", not_auction},
    {"pricing.target_utilization", not_util},
    {"pricing.gain_per_day", not_util},
    {"pricing.price_min_usd", not_util},
    {"pricing.price_max_usd", not_util},
    {"fees.take_to", not_split},
    {"fees.buyback_rate_per_day", not_static},
    {"fees.pid_kp", not_pid},
    {"fees.pid_ki", not_pid},
    {"fees.pid_kd", not_pid},
    {"fees.pid_ema_days", not_pid},
    {"fees.buyback_max_per_day", not_pid},
    {"token.start", no_regimes},
    {"token.bull_drift_per_year", no_regimes},
    {"token.bull_vol_per_sqrt_year", no_regimes},
    {"token.bear_drift_per_year", no_regimes},
    {"token.bear_vol_per_sqrt_year", no_regimes},
    {"token.bull_to_bear_per_day", no_regimes},
    {"token.bear_to_bull_per_day", no_regimes},
    {"token.drift_per_year", regimes},
    {"token.vol_per_sqrt_year", regimes},
    {"token.jump_mean", no_token_jumps},
    {"token.jump_sd", no_token_jumps},
    {"demand.jump_mean", no_demand_jumps},
    {"demand.jump_sd", no_demand_jumps},
    {"demand.logistic_ceiling_mult", not_logistic},
    {"cloud.blend.on_demand", not_blend},
    {"cloud.blend.spot", not_blend},
    {"cloud.blend.reserved_1y", not_blend},
    {"cloud.blend.reserved_3y", not_blend},
    {"providers.entry_margin_half", no_entry},
    {"providers.onboarding_days", no_entry},
    {"providers.capital_frac_entrant", no_entry},
    {"rewards.stakers_sell_frac", no_stakers},
    {"rewards.treasury_sell_frac", no_treasury},
    {"rewards.owners_sell_frac", no_owners},
    {"hardware.N.heq_per_device", unused_class},
    {"hardware.N.power_w", unused_class},
    {"hardware.N.price_usd", unused_class},
    {"hardware.N.life_years", unused_class},
    {"hardware.N.availability", unused_class},
    {"regions.N.electricity_usd_per_kwh", unused_region},
    {"claims.N.window_start_day", not_window},
    {"claims.N.window_end_day", not_window},
};
#define N_RULES ((int)(sizeof rules / sizeof rules[0]))

const char *scenario_inert_rule(int i)
{
    return i >= 0 && i < N_RULES ? rules[i].key : NULL;
}

/* Whether key k (item: its list item, or −1) is inert under p; why filled. */
static int key_inert(const ds_params *p, int k, int item, char *why, size_t n)
{
    for (int i = 0; i < N_RULES; i++)
        if (!strcmp(rules[i].key, scn_key_table[k].path)) return rules[i].inert(p, item, why, n);
    return 0;
}

int scenario_inert(const ds_params *p, const char *key, char *why, size_t n)
{
    char full[PATH_LEN], errkey[PATH_LEN], msg[256];
    int k, item;
    ds_params copy = *p; /* scn_resolve reads list counts through a non-const pointer */
    int cls = scn_resolve("", key, 1, &copy, full, &k, &item, errkey, msg, sizeof msg);
    if (cls != R_LEAF && cls != R_LIST) return -1;
    return key_inert(p, k, item, why, n);
}

/* One warning per key and reason, at the first place it was set, with the
 * number of variants it concerns. */
typedef struct {
    int slot;
    char why[200];
    mark at;
    int variant; /* the first variant it concerns; −1: the base (--set) */
    int count;
} inert_seen;

static void note(inert_seen *seen, int *n, int max, int slot, const char *why, mark at, int v)
{
    for (int i = 0; i < *n; i++)
        if (seen[i].slot == slot && !strcmp(seen[i].why, why)) {
            seen[i].count++;
            return;
        }
    if (*n == max) return;
    inert_seen *s = &seen[(*n)++];
    s->slot = slot;
    snprintf(s->why, sizeof s->why, "%s", why);
    s->at = at;
    s->variant = v;
    s->count = 1;
}

int scenario_warnings(const ds_scenario *sc, ds_errors *warn)
{
    enum { MAX_SEEN = 64 };
    inert_seen seen[MAX_SEEN];
    int n = 0;
    const struct ds_scenario_priv *pv = sc->priv;
    if (!pv) return 0;
    char why[200];
    for (int slot = 0; slot < N_SLOTS; slot++) { /* --set on the base */
        if (pv->marks[slot].src != SRC_SET) continue;
        int k = slot / MAXI, item = scn_list_of(k) >= 0 ? slot % MAXI : -1;
        if (key_inert(&sc->base, k, item, why, sizeof why))
            note(seen, &n, MAX_SEEN, slot, why, pv->marks[slot], -1);
    }
    for (int v = 0; v < sc->n_variants; v++) {
        const vmarks *vm = &pv->var[v];
        for (int i = 0; i < vm->n; i++) {
            int slot = vm->items[i].slot, k = slot / MAXI;
            int item = scn_list_of(k) >= 0 ? slot % MAXI : -1;
            if (vm->items[i].m.src != SRC_FILE || vm->items[i].bad) continue;
            if (key_inert(&sc->variants[v].params, k, item, why, sizeof why))
                note(seen, &n, MAX_SEEN, slot, why, vm->items[i].m, v);
        }
    }
    for (int i = 0; i < n; i++) {
        const inert_seen *s = &seen[i];
        int k = s->slot / MAXI, item = scn_list_of(k) >= 0 ? s->slot % MAXI : -1;
        char key[PATH_LEN + 8];
        const char *path = scn_key_table[k].path, *nn = strstr(path, ".N.");
        if (nn && item >= 0)
            snprintf(key, sizeof key, "%.*s.%d.%s", (int)(nn - path), path, item, nn + 3);
        else
            snprintf(key, sizeof key, "%s", path);
        char where[64] = "";
        if (s->variant >= 0 && s->count > 1)
            snprintf(where, sizeof where, " (in %d variants)", s->count);
        else if (s->variant >= 0)
            snprintf(where, sizeof where, " (variant '%.40s')", sc->variants[s->variant].name);
        errors_add(warn, DS_OK, s->at.src == SRC_SET ? "--set" : sc->path, s->at.line, s->at.col,
                   key, "warning: has no effect: %s%s", s->why, where);
    }
    return n;
}
