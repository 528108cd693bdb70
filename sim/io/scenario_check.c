/* scenario_check.c — the cross-field checks, on the base and on every
 * variant after all overrides: shares that must sum to one, minimums above
 * maximums, claim names, the fixed-point range of the ledger and the
 * capacity, the token market's and the events' rules (after resolving the
 * events: names to indices, the governance parameters). Each finding is located where the value it
 * read was set (a
 * --set, the variant, the base) and skipped when that value is already in
 * error or, for a variant, when the base has the same finding. */
#include "scenario_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/emission.h"
#include "../../models/events.h"
#include "../../models/fees.h"
#include "../../models/market.h"

finding *scn_add_finding(finding *f, int *nf, const char *key)
{
    if (*nf == MAX_FIND) return NULL;
    finding *x = &f[(*nf)++];
    memset(x, 0, sizeof *x);
    snprintf(x->key, sizeof x->key, "%s", key);
    return x;
}
#define add_finding scn_add_finding

static void shares_check(const ds_params *p, const char *list, int n, const double *share,
                         size_t stride, finding *f, int *nf)
{
    double sum = 0;
    for (int i = 0; i < n; i++) sum += *(const double *)((const char *)share + i * stride);
    if (n < 1 || fabs(sum - 1) <= 1e-9) return;
    finding *x = add_finding(f, nf, list);
    if (!x) return;
    snprintf(x->msg, sizeof x->msg, "%s shares sum to %.9g, must be 1", list, sum);
    char kp[64];
    snprintf(kp, sizeof kp, "%s.N.share", list);
    int lk = scn_key_index(list), sk = scn_key_index(kp);
    x->slots[x->ns++] = scn_slot_of(lk, -1);
    for (int i = 0; i < n; i++) x->slots[x->ns++] = scn_slot_of(sk, i);
    (void)p;
}

static void min_max_check(const ds_params *p, const char *kmin, const char *kmax, finding *f,
                          int *nf)
{
    int a = scn_key_index(kmin), b = scn_key_index(kmax);
    const key_def *da = &scn_key_table[a], *db = &scn_key_table[b];
    double lo, hi;
    if (da->type == T_INT) {
        lo = *(const int *)scn_field((void *)p, da, -1);
        hi = *(const int *)scn_field((void *)p, db, -1);
    } else {
        lo = *(const double *)scn_field((void *)p, da, -1);
        hi = *(const double *)scn_field((void *)p, db, -1);
    }
    if (lo <= hi) return;
    finding *x = add_finding(f, nf, kmin);
    if (!x) return;
    char s1[40], s2[40];
    scn_fmt_num(lo, s1, sizeof s1);
    scn_fmt_num(hi, s2, sizeof s2);
    snprintf(x->msg, sizeof x->msg, "%s %s is greater than %s %s", strrchr(kmin, '.') + 1, s1,
             strrchr(kmax, '.') + 1, s2);
    x->slots[x->ns++] = scn_slot_of(a, -1);
    x->slots[x->ns++] = scn_slot_of(b, -1);
}

/* Numbers as scn_fmt_num writes them (at most 24 characters), into s[0..n). */
static void fmt_nums(char s[][25], int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) scn_fmt_num(va_arg(ap, double), s[i], 25);
    va_end(ap);
}

/* What a schedule can reach over the run: the largest value of the cumulative curve it
 * reads (*curve) and the tokens it mints (*minted); the key the schedule is set by, and
 * whether it runs on time (*timed: fixed, halving by period, exp_decay, schedule). */
static const char *schedule_reach(const ds_emission_params *em, double horizon, double *curve,
                                  double *minted, int *timed)
{
    const char *key = "emission.tokens_per_day";
    *curve = *minted = 0;
    *timed = 0;
    switch (em->schedule) {
    case DS_EMIT_HALVING:
        if (em->halving_by == DS_HALVE_BY_ISSUANCE)
            *curve = *minted = em->tokens_per_day * horizon; /* the rate only halves */
        else
            *timed = 1;
        break;
    case DS_EMIT_FIXED: *timed = 1; break;
    case DS_EMIT_EXP_DECAY: *timed = 1, key = "emission.total_tokens"; break;
    case DS_EMIT_SCHEDULE: *timed = 1, key = "emission.periods"; break;
    case DS_EMIT_BASELINE:
        key = "emission.total_tokens";
        *curve = *minted = em->total_tokens + em->simple_total_tokens;
        break;
    case DS_EMIT_REVENUE_TARGET:
        key = "emission.max_tokens_per_day";
        *curve = *minted = em->max_tokens_per_day * horizon;
        break;
    default: break;
    }
    if (*timed) {
        *curve = ds_emission_cumulative(em, em->start_day + horizon);
        *minted = *curve - ds_emission_cumulative(em, em->start_day);
    }
    return key;
}

/* The ledger: initial supply, vesting, the mint and the re-mint's cap over the run;
 * named after the largest term, and located where it was set. */
static void ledger_check(const ds_params *p, double horizon, double minted, const char *sched_key,
                         finding *f, int *nf)
{
    const ds_emission_params *em = &p->emission;
    double vest = 0, remint = em->remint_burned ? em->remint_max_per_day * horizon : 0;
    for (int i = 0; i < p->n_vesting; i++) vest += p->vesting[i].tokens;
    double total = p->token.initial_supply + vest + minted + remint;
    if (total <= DS_FX_LEDGER_MAX) return;
    const char *key = "token.initial_supply";
    double big = p->token.initial_supply;
    if (vest > big) key = "vesting", big = vest;
    if (minted > big) key = sched_key, big = minted;
    if (remint > big) key = "emission.remint_max_per_day";
    finding *x = add_finding(f, nf, key);
    if (!x) return;
    char s[6][25];
    fmt_nums(s, 6, p->token.initial_supply, vest, minted, remint, total, DS_FX_LEDGER_MAX);
    snprintf(x->msg, sizeof x->msg,
             "initial supply %s + vesting %s + up to %s minted + up to %s re-minted = %s "
             "tokens, above the fixed-point ledger's limit of %s",
             s[0], s[1], s[2], s[3], s[4], s[5]);
    int kk = scn_key_index(key);
    x->slots[x->ns++] = scn_slot_of(kk, -1);
    const char *others[] = {"token.initial_supply", "vesting", sched_key,
                            "emission.remint_max_per_day", "run.horizon_days"};
    for (int i = 0; i < 5; i++)
        if (scn_key_index(others[i]) != kk)
            x->slots[x->ns++] = scn_slot_of(scn_key_index(others[i]), -1);
    for (int i = 0; i < p->n_vesting && x->ns < MAXI + 4; i++)
        x->slots[x->ns++] = scn_slot_of(scn_key_index("vesting.N.tokens"), i);
}

/* The capacity: summed over providers every step (and in the auction's histogram), at
 * most every provider online with devices_max of the largest class. */
static void capacity_check(const ds_params *p, finding *f, int *nf)
{
    double heq = 0;
    int big_class = 0;
    for (int i = 0; i < p->n_classes; i++)
        if (p->hw[i].share > 0 && p->hw[i].heq_per_device > heq)
            heq = p->hw[i].heq_per_device, big_class = i;
    double cap = (double)p->prov.count * p->prov.devices_max * heq * DS_HOURS_PER_DAY;
    if (cap <= DS_FX_LEDGER_MAX) return;
    finding *x = add_finding(f, nf, "providers.count");
    if (!x) return;
    char s[3][25];
    fmt_nums(s, 3, heq, cap, DS_FX_LEDGER_MAX);
    snprintf(x->msg, sizeof x->msg,
             "%d providers × devices_max %d × heq_per_device %s × 24 h = %s heq-h/day of "
             "capacity, above the fixed-point limit of %s",
             p->prov.count, p->prov.devices_max, s[0], s[1], s[2]);
    x->slots[x->ns++] = scn_slot_of(scn_key_index("providers.count"), -1);
    x->slots[x->ns++] = scn_slot_of(scn_key_index("providers.devices_max"), -1);
    x->slots[x->ns++] = scn_slot_of(scn_key_index("hardware.N.heq_per_device"), big_class);
}

/* The token ledger and the capacity are summed in fixed point (models/common.h), whose
 * clamp would silently cut what does not fit (1e11 tokens a day minted 8e12 instead of
 * 1.1e14): refuse what could leave DS_FX_LEDGER_MAX instead. Each bound is what the run
 * can reach at most: initial and locked supply, the schedule's mint over the run (and
 * the cumulative curve the schedule reads, from emission.start_day on), the re-mint's
 * cap, and every provider online with devices_max of the largest class. */
static void fx_range_check(const ds_params *p, finding *f, int *nf)
{
    const ds_emission_params *em = &p->emission;
    /* an absurd horizon is the run's to refuse (run.c: at most 10^8 steps), not the ledger's */
    if (!(p->run.step_days > 0) || p->run.horizon_days < p->run.step_days ||
        ds_params_steps(p) > 100000000)
        return;
    double horizon = ds_params_steps(p) * p->run.step_days, curve, minted;
    int timed;
    const char *sched_key = schedule_reach(em, horizon, &curve, &minted, &timed);
    if (timed && curve > DS_FX_LEDGER_MAX) {
        finding *x = add_finding(f, nf, sched_key);
        if (!x) return;
        int ksched_kind = scn_key_index("emission.schedule");
        char s[3][25];
        fmt_nums(s, 3, curve, em->start_day + horizon, DS_FX_LEDGER_MAX);
        snprintf(x->msg, sizeof x->msg,
                 "the %s schedule reaches %s tokens by day %s (start_day + horizon), above "
                 "the fixed-point ledger's limit of %s tokens",
                 scn_key_table[ksched_kind].words[em->schedule], s[0], s[1], s[2]);
        const char *read[] = {sched_key, "emission.start_day", "run.horizon_days", "run.step_days",
                              "emission.schedule"};
        for (int i = 0; i < 5; i++) x->slots[x->ns++] = scn_slot_of(scn_key_index(read[i]), -1);
        return;
    }
    ledger_check(p, horizon, minted, sched_key, f, nf);
    capacity_check(p, f, nf);
}

/* A claim either compares a metric (metric, op and threshold all given) or
 * combines earlier claims (one of all, any, not), never both. */
static void claim_form_check(const ds_claim *cl, int i, finding *f, int *nf)
{
    int combos = (cl->all_of != 0) + (cl->any_of != 0) + (cl->not_of != 0);
    int compares = cl->metric >= 0 || cl->op >= 0 || !isnan(cl->threshold);
    const char *msg = NULL, *key = "claims.N.name";
    if (combos > 1)
        msg = "combines claims in more than one way: give one of all, any and not (nest them "
              "through another claim)";
    else if (combos && compares)
        msg = "both compares a metric and combines claims: give metric, op and threshold, or "
              "one of all, any and not";
    else if (!combos && (cl->metric < 0 || cl->op < 0 || isnan(cl->threshold)))
        msg = "needs metric, op and threshold (a comparison), or one of all, any and not (a "
              "combination of earlier claims)";
    if (!msg) return;
    finding *x = add_finding(f, nf, key);
    if (!x) return;
    snprintf(x->msg, sizeof x->msg, "claim '%s' %s", cl->name, msg);
    const char *read[] = {"claims.N.name", "claims.N.metric", "claims.N.op", "claims.N.threshold",
                          "claims.N.all",  "claims.N.any",    "claims.N.not"};
    for (int k = 0; k < 7; k++) x->slots[x->ns++] = scn_slot_of(scn_key_index(read[k]), i);
}

/* ---------------------------------------------------------------- events and the market */

/* The loader's part of the events: names of regions and classes to indices (−2 when no
 * such name: events_check says so), and each governance event's emission and fee
 * parameters, in the order they take effect (by day, then list order), each one the
 * variant's own with every earlier governance set applied and then its own. The emission
 * schedule's clock restarts at the last event that changed an emission key. Rerun after
 * every override (scenario_check calls it), so a --set on the base reaches them too. */
static void events_resolve(const ds_scenario *sc, ds_params *p)
{
    for (int i = 0; i < p->n_events; i++) {
        ds_event *e = &p->events[i];
        e->region = e->region_name[0] ? -2 : -1;
        e->hw_class = e->class_name[0] ? -2 : -1;
        e->gov = -1;
        for (int r = 0; r < p->n_regions; r++)
            if (e->region == -2 && !strcmp(p->region[r].name, e->region_name)) e->region = r;
        for (int c = 0; c < p->n_classes; c++)
            if (e->hw_class == -2 && !strcmp(p->hw[c].name, e->class_name)) e->hw_class = c;
    }
    int order[DS_MAX_EVENTS], n = 0;
    for (int i = 0; i < p->n_events; i++) {
        if (p->events[i].type != DS_EVENT_GOVERNANCE) continue;
        int j = n++; /* insertion by day, stable */
        while (j > 0 && p->events[order[j - 1]].day > p->events[i].day)
            order[j] = order[j - 1], j--;
        order[j] = i;
    }
    ds_params in_force; /* its emission and fees: those in force (6 KB on the stack) */
    ds_params *tmp = &in_force;
    tmp->emission = p->emission;
    tmp->fees = p->fees;
    double origin = 0;
    p->n_gov = 0;
    memset(p->gov, 0, sizeof p->gov);
    for (int g = 0; g < n && g < DS_MAX_GOVERNANCE; g++) {
        ds_event *e = &p->events[order[g]];
        const evset *es = sc->priv ? &sc->priv->sets[order[g]] : NULL;
        for (int j = 0; es && j < es->n; j++) {
            value v = {.d = es->d[j], .i = es->i[j], .s = ""};
            scn_store_value(tmp, &scn_key_table[es->k[j]], -1, &v);
            if (!strncmp(scn_key_table[es->k[j]].path, "emission.", 9)) origin = e->day;
        }
        ds_governance *gv = &p->gov[p->n_gov++];
        gv->day = e->day;
        gv->emission_origin_day = origin;
        gv->emission = tmp->emission;
        gv->fees = tmp->fees;
        e->gov = g;
    }
}

/* A finding about key, or when the rule is checked on governance event ev's parameters
 * (ev >= 0), about that event's set and located there. */
static finding *rule_finding(finding *f, int *nf, const char *key, int ev)
{
    char k[PATH_LEN];
    snprintf(k, sizeof k, "events.%d.set.%s", ev, key);
    finding *x = add_finding(f, nf, ev >= 0 ? k : key);
    if (x && ev >= 0) x->slots[x->ns++] = scn_slot_of(scn_key_index("events.N.set"), ev);
    return x;
}

/* Rules on emission and fees that hold for the scenario's and for each governance
 * event's: em and fe are one or the other; ev the event (−1: the scenario's). */
static void emission_fee_rules(const ds_params *p, const ds_emission_params *em,
                               const ds_fee_params *fe, int ev, finding *f, int *nf)
{
    const char *in = ev >= 0 ? " from this event on" : "";
    if (em->schedule == DS_EMIT_HALVING && em->halving_by == DS_HALVE_BY_ISSUANCE &&
        !(em->max_supply > 0)) {
        finding *x = rule_finding(f, nf, "emission.halving_by", ev);
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "halving by issuance halves at shares of emission.max_supply, which is 0: "
                     "nothing would be minted%s; set max_supply (Bittensor: 21e6)",
                     in);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("emission.halving_by"), -1);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("emission.max_supply"), -1);
        }
    }
    if (fe->settlement_delay_days > 0) {
        const char *why = NULL;
        char buf[160];
        int steps = ds_settle_steps(fe, p->run.step_days);
        if (fe->routing != DS_FEES_BURN_AND_MINT)
            why = "settles burn-and-mint payments: it needs fees.routing burn_and_mint";
        else if (em->remint_burned && em->remint_to == DS_REMINT_PROVIDERS)
            why = "pays providers their USD at settlement; emission.remint_burned to providers "
                  "would pay them the burned tokens again";
        else if (steps >= DS_MAX_SETTLE_STEPS) {
            snprintf(buf, sizeof buf, "is %d steps of %g days: at most %d", steps, p->run.step_days,
                     DS_MAX_SETTLE_STEPS - 1);
            why = buf;
        }
        finding *x = why ? rule_finding(f, nf, "fees.settlement_delay_days", ev) : NULL;
        if (x) {
            snprintf(x->msg, sizeof x->msg, "settlement_delay_days %s%s", why, in);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("fees.settlement_delay_days"), -1);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("fees.routing"), -1);
        }
    }
}

/* Does any fee pass through the token (bought and burned) under these fees? */
static int fees_buy_token(const ds_fee_params *fe)
{
    return fe->routing == DS_FEES_BURN_AND_MINT ||
           (fe->routing == DS_FEES_SPLIT && fe->take_to == DS_TAKE_BURN && fe->take_rate > 0);
}

/* The cross-field rules of the token market and the events list. */
static void market_events_check(const ds_scenario *sc, const ds_params *p, finding *f, int *nf)
{
    const ds_token_params *tk = &p->token;
    char s1[40], s2[40], s3[40];
    emission_fee_rules(p, &p->emission, &p->fees, -1, f, nf);
    int kset = scn_key_index("events.N.set");
    ds_params with_gov; /* the scenario with a governance event's emission in force */
    for (int g = 0; g < p->n_gov; g++) {
        int i = 0;
        while (i < p->n_events && p->events[i].gov != g) i++;
        emission_fee_rules(p, &p->gov[g].emission, &p->gov[g].fees, i, f, nf);
        /* the fixed-point range with that schedule over the whole run (an upper bound),
         * said of the event's set and located there */
        ds_params *q = &with_gov;
        *q = *p;
        q->emission = p->gov[g].emission;
        int first = *nf, kept = first;
        fx_range_check(q, f, nf);
        for (int k = first; k < *nf; k++) {
            int seen = strncmp(f[k].key, "emission", 8) != 0; /* not the schedule's doing */
            for (int j = 0; j < first && !seen; j++)
                seen = !strcmp(f[j].key, f[k].key) && !strcmp(f[j].msg, f[k].msg);
            if (seen) continue;
            finding x = f[k];
            snprintf(x.key, sizeof x.key, "events.%d.set.%.100s", i, f[k].key);
            x.slots[0] = scn_slot_of(kset, i);
            x.ns = 1;
            f[kept++] = x;
        }
        *nf = kept;
    }
    if (tk->model == DS_TOKEN_MARKET_CAP) {
        double f0 = ds_token_fundamental(tk, tk->initial_fees_usd_per_day);
        double c0 = tk->initial_price_usd * tk->initial_supply;
        if (tk->initial_supply > 0 && f0 > c0) {
            finding *x = add_finding(f, nf, "token.initial_fees_usd_per_day");
            if (x) {
                scn_fmt_num(f0, s1, sizeof s1);
                scn_fmt_num(c0, s2, sizeof s2);
                snprintf(x->msg, sizeof x->msg,
                         "the fundamental value at t = 0 (%s USD) exceeds the initial market cap "
                         "(initial_price_usd × initial_supply = %s USD): the speculative value "
                         "would start negative",
                         s1, s2);
                const char *ks[] = {"token.initial_fees_usd_per_day", "token.fees_multiple",
                                    "token.velocity_per_year", "token.initial_price_usd",
                                    "token.initial_supply"};
                for (int i = 0; i < 5; i++)
                    x->slots[x->ns++] = scn_slot_of(scn_key_index(ks[i]), -1);
            }
        }
        int buys = fees_buy_token(&p->fees);
        for (int g = 0; g < p->n_gov; g++) buys |= fees_buy_token(&p->gov[g].fees);
        if (tk->fundamental == DS_FUND_EXCHANGE && !buys) {
            finding *x = add_finding(f, nf, "token.fundamental");
            if (x) {
                snprintf(x->msg, sizeof x->msg,
                         "exchange values the float buyers hold to pay through the token, but no "
                         "fee buys the token (fees.routing to_providers, or a split to the "
                         "treasury): the fundamental value would be 0; use fees_multiple or none");
                x->slots[x->ns++] = scn_slot_of(scn_key_index("token.fundamental"), -1);
                x->slots[x->ns++] = scn_slot_of(scn_key_index("fees.routing"), -1);
            }
        }
    }
    int kday = scn_key_index("events.N.day"), ktype = scn_key_index("events.N.type"),
        kfac = scn_key_index("events.N.factor"), kdur = scn_key_index("events.N.duration_days"),
        kshare = scn_key_index("events.N.share"), kreg = scn_key_index("events.N.region"),
        kcls = scn_key_index("events.N.class");
    double horizon = ds_params_steps(p) * p->run.step_days;
    int ngov = 0;
    for (int i = 0; i < p->n_events; i++) {
        const ds_event *e = &p->events[i];
        const char *type = scn_key_table[scn_key_index("events.N.type")].words[e->type];
        const evset *es = sc->priv ? &sc->priv->sets[i] : NULL;
        char msg[320] = "";
        int slots[3] = {-1, -1, scn_slot_of(ktype, i)}; /* located at the first one set */
        int gov = e->type == DS_EVENT_GOVERNANCE, outage = e->type == DS_EVENT_OUTAGE;
        ngov += gov;
        if (e->day >= horizon - DS_EVENT_EPS && p->run.step_days > 0) {
            scn_fmt_num(e->day, s1, sizeof s1);
            scn_fmt_num(horizon, s2, sizeof s2);
            snprintf(msg, sizeof msg,
                     "day %s is not before the end of the run (day %s): the "
                     "event would never act",
                     s1, s2);
            slots[0] = scn_slot_of(kday, i),
            slots[1] = scn_slot_of(scn_key_index("run.horizon_days"), -1);
        } else if (e->duration_days > 0 && (gov || e->type == DS_EVENT_TOKEN_PRICE)) {
            snprintf(msg, sizeof msg,
                     "duration_days is for demand, cloud_price and outage "
                     "events; a %s event %s",
                     type, gov ? "holds from its day on" : "acts once");
            slots[0] = scn_slot_of(kdur, i);
        } else if (e->factor != 1 && (gov || outage)) {
            snprintf(msg, sizeof msg, "factor is for token_price, demand and cloud_price events%s",
                     outage ? "; an outage takes share" : "");
            slots[0] = scn_slot_of(kfac, i);
        } else if (e->share != 1 && !outage) {
            snprintf(msg, sizeof msg, "share is for outage events");
            slots[0] = scn_slot_of(kshare, i);
        } else if ((e->region_name[0] || e->class_name[0]) && !outage) {
            snprintf(msg, sizeof msg, "region and class are for outage events");
            slots[0] = scn_slot_of(e->region_name[0] ? kreg : kcls, i);
        } else if (e->region == -2 || e->hw_class == -2) {
            int reg = e->region == -2, n = reg ? p->n_regions : p->n_classes, used;
            used = snprintf(msg, sizeof msg, "no %s named '%s' (", reg ? "region" : "class",
                            reg ? e->region_name : e->class_name);
            for (int j = 0; j < n && used > 0 && used < (int)sizeof msg; j++)
                used += snprintf(msg + used, sizeof msg - (size_t)used, "%s%s", j ? ", " : "",
                                 reg ? p->region[j].name : p->hw[j].name);
            if (used > 0 && used < (int)sizeof msg)
                snprintf(msg + used, sizeof msg - (size_t)used, ")");
            slots[0] = scn_slot_of(reg ? kreg : kcls, i);
        } else if (gov && (!es || es->n == 0)) {
            snprintf(msg, sizeof msg,
                     "a governance event needs set: the emission.* and fees.* "
                     "keys it changes");
            slots[1] = scn_slot_of(kset, i); /* skipped when the set itself had an error */
        } else if (!gov && es && es->n > 0) {
            snprintf(msg, sizeof msg, "set is for governance events");
            slots[0] = scn_slot_of(kset, i);
        } else if (gov && ngov > DS_MAX_GOVERNANCE) {
            snprintf(msg, sizeof msg, "more than %d governance events", DS_MAX_GOVERNANCE);
        }
        if (!*msg) continue;
        char key[48];
        snprintf(key, sizeof key, "events.%d", i);
        finding *x = add_finding(f, nf, key);
        if (!x) return;
        snprintf(x->msg, sizeof x->msg, "%s", msg);
        for (int j = 0; j < 3; j++)
            if (slots[j] >= 0) x->slots[x->ns++] = slots[j];
    }
    (void)s3;
}

static int find_problems(const ds_scenario *sc, const ds_params *p, finding *f)
{
    int nf = 0;
    market_events_check(sc, p, f, &nf);
    scn_inputs_problems(p, sc->inputs, f, &nf);
    scn_structure_problems(p, f, &nf);
    shares_check(p, "hardware", p->n_classes, &p->hw[0].share, sizeof p->hw[0], f, &nf);
    shares_check(p, "regions", p->n_regions, &p->region[0].share, sizeof p->region[0], f, &nf);
    min_max_check(p, "providers.devices_min", "providers.devices_max", f, &nf);
    min_max_check(p, "providers.sell_frac_min", "providers.sell_frac_max", f, &nf);
    min_max_check(p, "providers.patience_days_min", "providers.patience_days_max", f, &nf);
    min_max_check(p, "pricing.markup_min", "pricing.markup_max", f, &nf);
    min_max_check(p, "pricing.grid_min_usd", "pricing.grid_max_usd", f, &nf);
    min_max_check(p, "pricing.price_min_usd", "pricing.price_max_usd", f, &nf);
    char s1[40], s2[40];
    const ds_reward_params *rw = &p->rewards;
    double shares = rw->providers_share + rw->stakers_share + rw->treasury_share + rw->owners_share;
    if (fabs(shares - 1) > 1e-9) {
        finding *x = add_finding(f, &nf, "rewards");
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "providers, stakers, treasury and owners shares sum to %.9g, must be 1",
                     shares);
            const char *ks[] = {"rewards.providers_share", "rewards.stakers_share",
                                "rewards.treasury_share", "rewards.owners_share"};
            for (int i = 0; i < 4; i++) x->slots[x->ns++] = scn_slot_of(scn_key_index(ks[i]), -1);
        }
    }
    for (int i = 0; i < p->n_claims; i++) {
        const ds_claim *cl = &p->claims[i];
        const char *bad = NULL;
        for (const char *c = cl->name; *c && !bad; c++)
            if (!isalnum((unsigned char)*c) && *c != '_') bad = c;
        if (bad || !cl->name[0]) {
            finding *x = add_finding(f, &nf, "claims.N.name");
            if (x) {
                snprintf(x->msg, sizeof x->msg,
                         "claim name '%s' must be letters, digits and '_' (it names an HDF5 group)",
                         cl->name);
                x->slots[x->ns++] = scn_slot_of(scn_key_index("claims.N.name"), i);
            }
        }
        for (int j = 0; j < i; j++) {
            if (strcmp(p->claims[j].name, cl->name)) continue;
            finding *x = add_finding(f, &nf, "claims.N.name");
            if (x) {
                snprintf(x->msg, sizeof x->msg, "claim name '%s' is used twice", cl->name);
                x->slots[x->ns++] = scn_slot_of(scn_key_index("claims.N.name"), i);
            }
        }
        claim_form_check(cl, i, f, &nf);
        if (cl->when == DS_WHEN_WINDOW_MEAN && cl->window_start_day > cl->window_end_day) {
            finding *x = add_finding(f, &nf, "claims.N.window_start_day");
            if (x) {
                scn_fmt_num(cl->window_start_day, s1, sizeof s1);
                scn_fmt_num(cl->window_end_day, s2, sizeof s2);
                snprintf(x->msg, sizeof x->msg, "window_start_day %s is after window_end_day %s",
                         s1, s2);
                x->slots[x->ns++] = scn_slot_of(scn_key_index("claims.N.window_start_day"), i);
                x->slots[x->ns++] = scn_slot_of(scn_key_index("claims.N.window_end_day"), i);
            }
        }
    }
    const ds_cloud_params *c = &p->cloud;
    double blend = c->blend_on_demand + c->blend_spot + c->blend_reserved_1y + c->blend_reserved_3y;
    if (c->reference == DS_REF_BLEND && fabs(blend - 1) > 1e-9) {
        finding *x = add_finding(f, &nf, "cloud.blend");
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "blend weights sum to %.9g, must be 1 when cloud.reference is blend", blend);
            const char *ks[] = {"cloud.blend.on_demand", "cloud.blend.spot",
                                "cloud.blend.reserved_1y", "cloud.blend.reserved_3y",
                                "cloud.reference"};
            for (int i = 0; i < 5; i++) x->slots[x->ns++] = scn_slot_of(scn_key_index(ks[i]), -1);
        }
    }
    if (p->emission.max_supply > 0 && p->emission.max_supply < p->token.initial_supply) {
        finding *x = add_finding(f, &nf, "emission.max_supply");
        if (x) {
            scn_fmt_num(p->emission.max_supply, s1, sizeof s1);
            scn_fmt_num(p->token.initial_supply, s2, sizeof s2);
            snprintf(x->msg, sizeof x->msg, "max_supply %s is below token.initial_supply %s", s1,
                     s2);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("emission.max_supply"), -1);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("token.initial_supply"), -1);
        }
    }
    fx_range_check(p, f, &nf);
    int kh = scn_key_index("run.horizon_days"), ks = scn_key_index("run.step_days"),
        kr = scn_key_index("run.record_every");
    if (p->run.horizon_days < p->run.step_days) {
        finding *x = add_finding(f, &nf, "run.horizon_days");
        if (x) {
            scn_fmt_num(p->run.horizon_days, s1, sizeof s1);
            scn_fmt_num(p->run.step_days, s2, sizeof s2);
            snprintf(x->msg, sizeof x->msg, "horizon_days %s is shorter than step_days %s", s1, s2);
            x->slots[x->ns++] = scn_slot_of(kh, -1);
            x->slots[x->ns++] = scn_slot_of(ks, -1);
        }
    } else if (p->run.step_days > 0 && p->run.record_every > ds_params_steps(p)) {
        finding *x = add_finding(f, &nf, "run.record_every");
        if (x) {
            snprintf(x->msg, sizeof x->msg, "record_every %d is more than the %d steps of the run",
                     p->run.record_every, ds_params_steps(p));
            x->slots[x->ns++] = scn_slot_of(kr, -1);
            x->slots[x->ns++] = scn_slot_of(kh, -1);
            x->slots[x->ns++] = scn_slot_of(ks, -1);
        }
    }
    return nf;
}

/* Report one variant's findings (v = -1: the base). A finding is skipped when a value it
 * read was already in error, or, for a variant, when the base has the same one. */
static void report_findings(ds_scenario *sc, int v, const finding *f, int nf, const finding *base,
                            int nb, ds_errors *errs)
{
    struct ds_scenario_priv *pv = sc->priv;
    const vmarks *vm = pv && v >= 0 ? &pv->var[v] : NULL;
    for (int i = 0; i < nf; i++) {
        int skip = 0;
        mark at = {0, 0, 0};
        for (int s = 0; s < f[i].ns && pv; s++) {
            const vmark *m = vm ? scn_vmark_get(vm, f[i].slots[s]) : NULL;
            if (pv->bad[f[i].slots[s]] || (m && m->bad)) skip = 1;
        }
        for (int j = 0; v >= 0 && j < nb && !skip; j++)
            if (!strcmp(base[j].key, f[i].key) && !strcmp(base[j].msg, f[i].msg)) skip = 1;
        if (skip) continue;
        /* where: a --set (the latest word on any value), else what the variant itself set,
         * else where the base set it */
        for (int s = 0; s < f[i].ns && pv && !at.src; s++) {
            const vmark *m = vm ? scn_vmark_get(vm, f[i].slots[s]) : NULL;
            if (m && m->m.src == SRC_SET)
                at = m->m;
            else if (pv->marks[f[i].slots[s]].src == SRC_SET)
                at = pv->marks[f[i].slots[s]];
        }
        for (int s = 0; s < f[i].ns && vm && !at.src; s++) {
            const vmark *m = scn_vmark_get(vm, f[i].slots[s]);
            if (m && m->m.src) at = m->m;
        }
        for (int s = 0; s < f[i].ns && pv && !at.src; s++)
            if (pv->marks[f[i].slots[s]].src) at = pv->marks[f[i].slots[s]];
        const char *file = at.src == SRC_SET ? "--set" : sc->path;
        if (v < 0)
            errors_add(errs, DS_EINPUT, file, at.line, at.col, f[i].key, "%s", f[i].msg);
        else
            errors_add(errs, DS_EINPUT, file, at.line, at.col, f[i].key, "%s (variant '%s')",
                       f[i].msg, sc->variants[v].name);
    }
}

int scenario_params_valid(const ds_scenario *sc, const ds_params *p, char *key, size_t kn,
                          char *msg, size_t n)
{
    finding f[MAX_FIND];
    if (find_problems(sc, p, f) == 0) return 0;
    snprintf(key, kn, "%s", f[0].key);
    snprintf(msg, n, "%s", f[0].msg);
    return -1;
}

int scenario_check(ds_scenario *sc, ds_errors *errs)
{
    int nerr = errors_count(errs);
    /* the input files first: their faults would make every use's check noise */
    int rc = scn_inputs_load(sc, errs);
    if (rc != DS_OK) return rc;
    scn_inputs_bind(&sc->base);
    for (int v = 0; v < sc->n_variants; v++) scn_inputs_bind(&sc->variants[v].params);
    scn_structure_resolve(sc);
    scn_check_analysis(sc, errs);
    finding base[MAX_FIND], fv[MAX_FIND];
    events_resolve(sc, &sc->base);
    for (int v = 0; v < sc->n_variants; v++) events_resolve(sc, &sc->variants[v].params);
    int nb = find_problems(sc, &sc->base, base);
    report_findings(sc, -1, base, nb, NULL, 0, errs);
    /* variants[0] is the base itself: checking it again would only repeat its errors */
    for (int v = 1; v < sc->n_variants; v++) {
        int nf = find_problems(sc, &sc->variants[v].params, fv);
        report_findings(sc, v, fv, nf, base, nb, errs);
    }
    return errors_count(errs) == nerr ? DS_OK : DS_EINPUT;
}
