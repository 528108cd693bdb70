/* scenario_check.c — the cross-field checks, on the base and on every
 * variant after all overrides: shares that must sum to one, minimums above
 * maximums, claim names, the fixed-point range of the ledger and the
 * capacity. Each finding is located where the value it read was set (a
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

static int find_problems(const ds_params *p, const struct ds_scenario_inputs *in, finding *f)
{
    int nf = 0;
    scn_inputs_problems(p, in, f, &nf);
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

int scenario_check(ds_scenario *sc, ds_errors *errs)
{
    int nerr = errors_count(errs);
    /* the input files first: their faults would make every use's check noise */
    int rc = scn_inputs_load(sc, errs);
    if (rc != DS_OK) return rc;
    scn_inputs_bind(&sc->base);
    for (int v = 0; v < sc->n_variants; v++) scn_inputs_bind(&sc->variants[v].params);
    scn_structure_resolve(sc);
    finding base[MAX_FIND], fv[MAX_FIND];
    int nb = find_problems(&sc->base, sc->inputs, base);
    report_findings(sc, -1, base, nb, NULL, 0, errs);
    /* variants[0] is the base itself: checking it again would only repeat its errors */
    for (int v = 1; v < sc->n_variants; v++) {
        int nf = find_problems(&sc->variants[v].params, sc->inputs, fv);
        report_findings(sc, v, fv, nf, base, nb, errs);
    }
    return errors_count(errs) == nerr ? DS_OK : DS_EINPUT;
}
