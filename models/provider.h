/* provider.h — the provider pool of one path as a struct of arrays, and the
 * per-provider model: attributes drawn at path start, costs and reservation
 * price, the online draw, income, selling, and exit and entry decisions.
 * Functions here act on one provider index; a backend arranges the loop
 * (CPU: a plain for, GPU: providers strided over a block) and the sums. */
#ifndef DS_PROVIDER_H
#define DS_PROVIDER_H

#include "auction.h"
#include "params.h"
#include "rng.h"
#include "segments.h"

enum { DS_PROSPECTIVE = 0, DS_ONBOARDING = 1, DS_ACTIVE = 2 };

/* The provider arrays, one line each: X(element type, name). This one list
 * generates the struct below, the CPU pool (sim/run/engine.c), the CUDA pool
 * (kernels/backend.cu) and both byte counts, so adding a field is one line.
 * Largest elements first: carved from one block in this order, every array
 * stays aligned. Per-day costs are precomputed at path start so the step loop
 * is a few multiply-adds. */
#define DS_PROVIDER_FIELDS(X)                                                                      \
    X(double, cap)          /* capacity when online, heq-h/day (cap_fx as a double) */             \
    X(double, cost_idle)    /* USD/day idle: opex + idle energy + incumbent capital */             \
    X(double, cost_load)    /* USD/day extra at full load: full − idle energy */                 \
    X(double, capital_day)  /* USD/day capital amortization, whole fleet */                        \
    X(double, sell_frac)    /* share of each reward sold at once */                                \
    X(double, patience)     /* days of low margin tolerated */                                     \
    X(double, margin_ma)    /* moving average of the relative margin */                            \
    X(double, below_days)   /* days the average has stayed below exit_margin */                    \
    X(double, onboard_left) /* days until an onboarding provider is online */                      \
    X(double, tokens)       /* tokens held */                                                      \
    X(ds_fx, cap_fx)        /* capacity when online, heq-h/day, fixed point */                     \
    X(uint32_t, avail_u32)  /* availability as a 32-bit threshold */                               \
    X(uint8_t, status)      /* DS_PROSPECTIVE / ONBOARDING / ACTIVE */                             \
    X(uint8_t, online)      /* online this step (0/1) */                                           \
    X(uint8_t, cls)         /* hardware class index */                                             \
    X(uint8_t, region)      /* electricity region index (outages by region) */                     \
    X(uint8_t, type)        /* provider type index (0 without types; outages) */                   \
    X(uint8_t, bin)         /* auction: ask's price-grid bin; restricted segments: eligibility */

/* The pool of one path (or, in a backend, the base of many): every array has
 * one entry per provider slot. */
#define DS_PROVIDER_MEMBER(type, name) type *DS_RESTRICT name;
typedef struct {
    DS_PROVIDER_FIELDS(DS_PROVIDER_MEMBER)
} ds_providers;
#undef DS_PROVIDER_MEMBER

/* How many arrays, and the bytes of one provider slot over all of them (98). */
#define DS_PROVIDER_COUNT_ONE(type, name) +1
#define DS_PROVIDER_SIZE_ONE(type, name) +sizeof(type)
enum {
    DS_PROVIDER_N_FIELDS = 0 DS_PROVIDER_FIELDS(DS_PROVIDER_COUNT_ONE),
    DS_PROVIDER_SLOT_BYTES = 0 DS_PROVIDER_FIELDS(DS_PROVIDER_SIZE_ONE)
};
#undef DS_PROVIDER_COUNT_ONE
#undef DS_PROVIDER_SIZE_ONE

/* Lay out a pool of `slots` providers from `base`, each array starting on an
 * `align`-byte boundary (a power of two) in DS_PROVIDER_FIELDS order. Returns
 * the bytes the pool takes; with base NULL only counts them (pv untouched).
 * Carves memory the caller allocated: no allocation here. */
static inline DS_HD size_t ds_providers_layout(ds_providers *pv, char *base, size_t slots,
                                               size_t align)
{
    size_t off = 0;
#define DS_PROVIDER_CARVE(type, name)                                                              \
    if (base) pv->name = (type *)(void *)(base + off);                                             \
    off += (slots * sizeof(type) + align - 1) & ~(align - 1);
    DS_PROVIDER_FIELDS(DS_PROVIDER_CARVE)
#undef DS_PROVIDER_CARVE
    return off;
}

/* The same arrays `slots` entries further on: path b's pool inside a pool of
 * many paths laid out back to back (the GPU's). */
static inline DS_HD ds_providers ds_providers_at(const ds_providers *base, size_t slots)
{
    ds_providers pv;
#define DS_PROVIDER_OFFSET(type, name) pv.name = base->name + slots;
    DS_PROVIDER_FIELDS(DS_PROVIDER_OFFSET)
#undef DS_PROVIDER_OFFSET
    return pv;
}

/* Reservation price of provider i in USD per heq-h at full load, counting a
 * share of its capital cost (sunk for incumbents, all of it for entrants). */
static inline DS_HD double ds_provider_reservation(const ds_params *P, const ds_providers *pv,
                                                   int i, double capital_frac)
{
    double base = pv->cost_idle[i] - P->prov.capital_frac_incumbent * pv->capital_day[i];
    double per_day = base + pv->cost_load[i] + capital_frac * pv->capital_day[i];
    return pv->cap[i] > 0.0 ? per_day / pv->cap[i] : 0.0;
}

/* Index of the entry u falls in among n shares (share[k] counted only where
 * mask allows k, or all when mask is 0), u in (0, 1) scaled to their sum;
 * the last allowed entry absorbs rounding. */
static inline DS_HD int ds_pick_share(const double *share, int n, uint32_t mask, double u)
{
    double total = 0.0, acc = 0.0;
    int last = n - 1;
    for (int k = 0; k < n; k++)
        if (!mask || (mask >> k & 1u)) total += share[k], last = k;
    u *= total;
    for (int k = 0; k < n; k++) {
        if (mask && !(mask >> k & 1u)) continue;
        acc += share[k];
        if (u < acc) return k;
    }
    return last;
}

/* Draw provider i's attributes for a path. Two Philox blocks (draws 0 and 1),
 * and with provider types a third (draw 2: the type). */
static inline DS_HD void ds_provider_init(const ds_params *P, ds_providers *pv, int i,
                                          uint32_t path)
{
    const ds_provider_params *pp = &P->prov;
    ds_rng4 a = ds_rng_draw(P->run.seed, path, DS_RNG_PROVIDER_INIT, 0, (uint32_t)i, 0);
    ds_rng4 b = ds_rng_draw(P->run.seed, path, DS_RNG_PROVIDER_INIT, 0, (uint32_t)i, 1);

    /* the type's traits, or with no types the providers.* keys */
    int type = 0, devices_min = pp->devices_min, devices_max = pp->devices_max;
    uint32_t class_mask = 0, region_mask = 0;
    double pue = pp->pue, opex_hour = pp->opex_usd_per_device_hour, e_mult = 1.0;
    double sell_min = pp->sell_frac_min, sell_max = pp->sell_frac_max;
    double pat_min = pp->patience_days_min, pat_max = pp->patience_days_max;
    if (pp->n_types > 0) {
        ds_rng4 t = ds_rng_draw(P->run.seed, path, DS_RNG_PROVIDER_INIT, 0, (uint32_t)i, 2);
        double share[DS_MAX_TYPES];
        for (int k = 0; k < pp->n_types; k++) share[k] = pp->type[k].share;
        type = ds_pick_share(share, pp->n_types, 0, ds_u01(t.v[0]));
        const ds_provider_type *ty = &pp->type[type];
        devices_min = ty->devices_min, devices_max = ty->devices_max;
        class_mask = ty->class_mask, region_mask = ty->region_mask;
        pue = ty->pue, opex_hour = ty->opex_usd_per_device_hour, e_mult = ty->electricity_mult;
        sell_min = ty->sell_frac_min, sell_max = ty->sell_frac_max;
        pat_min = ty->patience_days_min, pat_max = ty->patience_days_max;
    }

    /* class and region by cumulative share (among the type's); the last entry absorbs rounding */
    int c, r;
    if (pp->n_types == 0) { /* as before types existed, bit for bit */
        double u = ds_u01(a.v[0]), acc = 0.0;
        c = P->n_classes - 1;
        for (int k = 0; k < P->n_classes; k++) {
            acc += P->hw[k].share;
            if (u < acc) {
                c = k;
                break;
            }
        }
        u = ds_u01(a.v[1]);
        acc = 0.0;
        r = P->n_regions - 1;
        for (int k = 0; k < P->n_regions; k++) {
            acc += P->region[k].share;
            if (u < acc) {
                r = k;
                break;
            }
        }
    } else {
        double share[DS_MAX_CLASSES > DS_MAX_REGIONS ? DS_MAX_CLASSES : DS_MAX_REGIONS];
        for (int k = 0; k < P->n_classes; k++) share[k] = P->hw[k].share;
        c = ds_pick_share(share, P->n_classes, class_mask, ds_u01(a.v[0]));
        for (int k = 0; k < P->n_regions; k++) share[k] = P->region[k].share;
        r = ds_pick_share(share, P->n_regions, region_mask, ds_u01(a.v[1]));
    }
    const ds_hw_class *hw = &P->hw[c];
    double avail = ds_availability(P, type, c);
    int span = devices_max - devices_min + 1;
    int devices = devices_min + (int)(ds_u01(a.v[2]) * span);
    if (devices > devices_max) devices = devices_max;
    double jitter = 1.0 + pp->electricity_jitter * (2.0 * ds_u01(a.v[3]) - 1.0);
    double usd_per_kwh = P->region[r].electricity_usd_per_kwh * jitter * e_mult;

    /* energy per day at idle and full load, whole fleet: W → kWh/day */
    double kwh_full = devices * hw->power_w * pue * DS_HOURS_PER_DAY / 1000.0;
    double e_full = kwh_full * usd_per_kwh;
    double e_idle = e_full * pp->idle_power_frac;
    double opex = devices * opex_hour * DS_HOURS_PER_DAY;
    double capital = devices * hw->price_usd / (hw->life_years * DS_DAYS_PER_YEAR);

    pv->cls[i] = (uint8_t)c;
    pv->region[i] = (uint8_t)r;
    pv->type[i] = (uint8_t)type;
    pv->avail_u32[i] = ds_prob_u32(avail);
    pv->cap_fx[i] = ds_fx_from(devices * hw->heq_per_device * DS_HOURS_PER_DAY);
    pv->cap[i] = ds_fx_to(pv->cap_fx[i]);
    pv->capital_day[i] = capital;
    pv->cost_idle[i] = opex + e_idle + pp->capital_frac_incumbent * capital;
    pv->cost_load[i] = e_full - e_idle;
    pv->sell_frac[i] = sell_min + (sell_max - sell_min) * ds_u01(b.v[0]);
    pv->patience[i] = pat_min + (pat_max - pat_min) * ds_u01(b.v[1]);
    pv->status[i] = ds_u01(b.v[2]) < pp->initial_active_frac ? DS_ACTIVE : DS_PROSPECTIVE;
    pv->bin[i] = 0;
    if (P->pricing.model == DS_PRICING_AUCTION) {
        const ds_pricing_params *pr = &P->pricing;
        double markup = pr->markup_min + (pr->markup_max - pr->markup_min) * ds_u01(b.v[3]);
        double ask = markup * ds_provider_reservation(P, pv, i, pp->capital_frac_incumbent);
        pv->bin[i] = (uint8_t)ds_auction_bin(pr, ask);
    } else if (ds_segments_grouped(P)) {
        pv->bin[i] = (uint8_t)ds_segments_mask(P, c, r, type, avail);
    }
    pv->online[i] = 0;
    pv->margin_ma[i] = 0.0;
    pv->below_days[i] = 0.0;
    pv->onboard_left[i] = 0.0;
    pv->tokens[i] = 0.0;
}

/* Online draw: an active provider is online with its class's availability.
 * word: provider i's word of the step's DS_RNG_PROVIDER_ONLINE block (the
 * group map, rng.h); drawn whatever the status, used only when active.
 * Returns its online capacity in fixed point. Branch-free, so that a backend
 * can run it over vector lanes. */
static inline DS_HD ds_fx ds_provider_online(ds_providers *pv, int i, uint32_t word)
{
    int on = (pv->status[i] == DS_ACTIVE) & (word < pv->avail_u32[i]);
    pv->online[i] = (uint8_t)on;
    return on ? pv->cap_fx[i] : 0;
}

/* The online draw during an outage (events.h): as ds_provider_online, with
 * the threshold of the provider's type, class and region in thr[(type ×
 * DS_MAX_CLASSES + class) × DS_MAX_REGIONS + region] (its availability × the
 * share left online). */
static inline DS_HD ds_fx ds_provider_online_outage(ds_providers *pv, int i, uint32_t word,
                                                    const uint32_t *thr)
{
    int k = (pv->type[i] * DS_MAX_CLASSES + pv->cls[i]) * DS_MAX_REGIONS + pv->region[i];
    int on = (pv->status[i] == DS_ACTIVE) & (word < thr[k]);
    pv->online[i] = (uint8_t)on;
    return on ? pv->cap_fx[i] : 0;
}

/* What a step pays, set once per step from the totals. Utilization is uniform
 * (served pro rata to online capacity) except under the auction, where bins
 * below the marginal one are served in full, the marginal one in part, and
 * those above not at all. */
typedef struct {
    double dt_days;
    double utilization;         /* served / online capacity (uniform pricing) */
    int auction;                /* utilization by ask bin */
    int serve_bin;              /* auction: marginal bin */
    double serve_frac;          /* auction: share of the marginal bin served */
    double fee_usd_per_served;  /* provider fee pool / served, USD per step */
    double tokens_per_cap;      /* availability bucket / online capacity, tokens per step */
    double tokens_per_served;   /* work bucket / served, tokens per step */
    double token_price;         /* USD */
    double revenue_per_cap_day; /* USD/day per unit of capacity, for entrants' expectations */
    uint32_t exit_u32;          /* exit hazard per step as a threshold */
    int grouped;                /* restricted segments: utilization and fees by eligibility group */
    const double *group_util;   /* [DS_MAX_GROUPS] the path's (state.h), when grouped */
    const double *group_fee;    /* [DS_MAX_GROUPS] fee per unit served, as fee_usd_per_served */
    double entry_scale; /* prospects each free slot stands for (1: the slots are the pool) */
} ds_step_rates;

static inline DS_HD double ds_rates_utilization(const ds_step_rates *r, int bin)
{
    /* one select after another, not nested: each stays a plain select when
     * a compiler vectorises the provider loops */
    double u = bin < r->serve_bin ? 1.0 : 0.0;
    u = bin == r->serve_bin ? r->serve_frac : u;
    u = r->auction ? u : r->utilization;
    return r->grouped ? r->group_util[bin & (DS_MAX_GROUPS - 1)] : u;
}

/* The fee a provider earns per unit it serves: one rate, or its group's. */
static inline DS_HD double ds_rates_fee(const ds_step_rates *r, int bin)
{
    return r->grouped ? r->group_fee[bin & (DS_MAX_GROUPS - 1)] : r->fee_usd_per_served;
}

/* Sums one provider contributes to the path in a step, one line each:
 * X(type, name). Every type is a 64-bit-or-narrower integer (fixed point or a
 * count), so a backend may sum them as 64-bit two's complement in any order;
 * the GPU's block reduction packs and unpacks them from this list. */
#define DS_PROVIDER_SUMS(X)                                                                        \
    X(ds_fx, sell_usd)   /* rewards sold plus exit dumps */                                        \
    X(ds_fx, income_usd) /* fees + reward value, this step */                                      \
    X(ds_fx, cost_usd)   /* cost this step */                                                      \
    X(int32_t, active)   /* active after the step's decisions */                                   \
    X(int32_t, profitable)                                                                         \
    X(int32_t, entered) /* prospects that started onboarding (or joined at once) */                \
    X(int32_t, exited)  /* active providers that left */

#define DS_PROVIDER_SUM_MEMBER(type, name) type name;
typedef struct {
    DS_PROVIDER_SUMS(DS_PROVIDER_SUM_MEMBER)
} ds_provider_sums;
#undef DS_PROVIDER_SUM_MEMBER

#define DS_PROVIDER_SUM_COUNT_ONE(type, name) +1
enum { DS_PROVIDER_N_SUMS = 0 DS_PROVIDER_SUMS(DS_PROVIDER_SUM_COUNT_ONE) };
#undef DS_PROVIDER_SUM_COUNT_ONE

static inline DS_HD void ds_provider_sums_add(ds_provider_sums *out, const ds_provider_sums *f)
{
#define DS_PROVIDER_SUM_ADD(type, name) out->name = (type)((uint64_t)out->name + (uint64_t)f->name);
    DS_PROVIDER_SUMS(DS_PROVIDER_SUM_ADD)
#undef DS_PROVIDER_SUM_ADD
}

/* Per-step entry probability of a prospect from its rate per day. */
static inline DS_HD double ds_provider_entry_p(double rate, double dt)
{
    return ds_prob_per_step(rate, dt);
}

/* What one provider's step adds to the sums before fixed point: the USD
 * amounts, and the counts. */
typedef struct {
    double sell_usd, income_usd, cost_usd;
    int32_t active, profitable;
} ds_provider_flow;

/* A flow as it is summed: the amounts in fixed point (DS_PROVIDER_SUMS). A
 * backend may convert apart from the arithmetic that made the flow, and with
 * ds_fx_from's vector twins (the lane passes do both). */
static inline DS_HD ds_provider_sums ds_provider_flow_fx(const ds_provider_flow *f)
{
    ds_provider_sums x;
    x.sell_usd = ds_fx_from(f->sell_usd);
    x.income_usd = ds_fx_from(f->income_usd);
    x.cost_usd = ds_fx_from(f->cost_usd);
    x.active = f->active;
    x.profitable = f->profitable;
    x.entered = x.exited = 0; /* the decisions count these (ds_provider_decide) */
    return x;
}

/* An active provider's step, as values: income, cost and selling, the tokens
 * it keeps, its margin average and days below exit_margin, what it adds to
 * the sums, and whether its patience has run out (an exit decision is due).
 * Pure: reads provider i, writes nothing, so that a backend may run it on
 * every lane and keep the result where the provider is active. on: online
 * this step (0/1); util_bin, fee_bin: the utilization and fee rate the step's
 * rates give its bin (ds_rates_utilization, ds_rates_fee; looked up by the
 * caller, so that a lane loop never gathers from a table). Selects, not
 * branches: an offline provider earns exactly 0. */
typedef struct {
    double tokens, margin_ma, below_days; /* the provider's new state */
    ds_provider_flow flow;                /* counted active, and profitable */
    int due;
} ds_active_step;

static inline DS_HD ds_active_step ds_provider_active(const ds_provider_params *pp,
                                                      const ds_providers *pv, int i,
                                                      const ds_step_rates *s, uint32_t on,
                                                      double util_bin, double fee_bin)
{
    const double dt = s->dt_days, cap = pv->cap[i], ma0 = pv->margin_ma[i];
    double util = on ? util_bin : 0.0;
    double served = util * cap;
    double tok = on ? s->tokens_per_cap * cap + s->tokens_per_served * served : 0.0;
    double sold = pv->sell_frac[i] * tok;
    double income = on ? fee_bin * served + tok * s->token_price : 0.0;
    double cost = (pv->cost_idle[i] + util * pv->cost_load[i]) * dt;
    double margin = (income - cost) / (cost > 1e-12 ? cost : 1e-12);
    double alpha = dt / pp->margin_ema_days;
    alpha = alpha > 1.0 ? 1.0 : alpha;
    ds_active_step a;
    a.tokens = pv->tokens[i] + (tok - sold);
    a.margin_ma = ma0 + alpha * (margin - ma0);
    a.below_days = a.margin_ma < pp->exit_margin ? pv->below_days[i] + dt : 0.0;
    a.flow.sell_usd = sold * s->token_price;
    a.flow.income_usd = income;
    a.flow.cost_usd = cost;
    a.flow.active = 1;
    a.flow.profitable = a.margin_ma >= 0.0;
    a.due = a.below_days > pv->patience[i];
    return a;
}

/* A prospect's entry rate per day: the margin it expects (the revenue an
 * online unit of capacity earned this step against its full cost, capital
 * included at the entrant's share) and from it the rate at which it joins,
 * times the prospects its free slot stands for (s->entry_scale: 1 when the
 * slots are the pool; the slot then joins at the rate of so many prospects);
 * 0 when it would not join (> 0: an entry draw is due). Pure. */
static inline DS_HD double ds_provider_entry_rate(const ds_provider_params *pp,
                                                  const ds_providers *pv, int i,
                                                  const ds_step_rates *s)
{
    double avail = pv->avail_u32[i] * (1.0 / 4294967296.0);
    double income = s->revenue_per_cap_day * pv->cap[i] * avail;
    double cost = pv->cost_idle[i] +
                  (pp->capital_frac_entrant - pp->capital_frac_incumbent) * pv->capital_day[i] +
                  s->utilization * pv->cost_load[i];
    double m = (income - cost) / (cost > 1e-12 ? cost : 1e-12);
    double rate = pp->entry_rate_per_day * m / (m + pp->entry_margin_half) * s->entry_scale;
    rate = rate < 1.0 ? rate : 1.0; /* a probability per day (a slot short of the pool: flagged) */
    return ((m > 0.0) & (pp->entry_rate_per_day > 0.0)) ? rate : 0.0;
}

/* The dense part of settling provider i for a step with no branches, so that
 * a backend can run it over vector lanes (sim/run/provider_lanes.c) and leave the
 * rare decisions to a sparse pass: every status's arithmetic is done, and
 * what belongs to i's status kept (stored, summed):
 *   active       ds_provider_active;
 *   onboarding   one step less to wait;
 *   prospective  ds_provider_entry_rate.
 * st, on: i's status and online flag, as values (a lane backend widens the
 * bytes first: loops without byte lanes vectorise 16 wide, not 64);
 * util_bin, fee_bin: as ds_provider_active's.
 * Returns what i adds to the step's sums, before fixed point (0 unless
 * active). *entry_rate: a prospect's entry rate, else 0. *due: a decision is
 * due (ds_provider_decide): an active provider out of patience, an onboarding
 * one whose wait is over. The same values as ds_provider_settle's branches,
 * bit for bit (ds_fx_from(0.0) is 0: converting a flow kept only where active
 * gives what converting first would). */
static inline DS_HD ds_provider_flow ds_provider_earn(const ds_provider_params *pp,
                                                      ds_providers *pv, int i,
                                                      const ds_step_rates *s, uint32_t st,
                                                      uint32_t on, double util_bin, double fee_bin,
                                                      double *entry_rate, uint32_t *due)
{
    const uint32_t act = st == DS_ACTIVE, onb = st == DS_ONBOARDING, pro = st == DS_PROSPECTIVE;
    const double tokens0 = pv->tokens[i], ma0 = pv->margin_ma[i], below0 = pv->below_days[i];
    const double left0 = pv->onboard_left[i];
    ds_active_step a = ds_provider_active(pp, pv, i, s, act & (on != 0), util_bin, fee_bin);
    pv->tokens[i] = act ? a.tokens : tokens0;
    pv->margin_ma[i] = act ? a.margin_ma : ma0;
    pv->below_days[i] = act ? a.below_days : below0;
    ds_provider_flow f;
    f.sell_usd = act ? a.flow.sell_usd : 0.0;
    f.income_usd = act ? a.flow.income_usd : 0.0;
    f.cost_usd = act ? a.flow.cost_usd : 0.0;
    f.active = (int32_t)act;
    f.profitable = act ? a.flow.profitable : 0;

    double left = left0 - s->dt_days;
    pv->onboard_left[i] = onb ? left : left0;

    double rate = ds_provider_entry_rate(pp, pv, i, s);
    *entry_rate = pro ? rate : 0.0;
    *due = (act & (uint32_t)a.due) | (onb & (left <= 0.0));
    return f;
}

/* Whether a prospect with this entry rate joins this step. word: its word of
 * the step's DS_RNG_PROVIDER_DECIDE block. */
static inline DS_HD int ds_provider_enters(double entry_rate, double dt, uint32_t word)
{
    return ds_u01(word) < ds_provider_entry_p(entry_rate, dt);
}

/* The sparse part, for the few providers ds_provider_earn marked due or that
 * enter: an active provider out of patience leaves with the exit hazard,
 * selling everything it holds on the way out; an onboarding one whose wait is
 * over goes online; an entering prospect starts onboarding (or is active at
 * once when there is none). word: i's word of the step's
 * DS_RNG_PROVIDER_DECIDE block (read by an active provider only). out:
 * corrections to the step's sums (ds_provider_earn counted a leaver). */
static inline DS_HD void ds_provider_decide(const ds_provider_params *pp, ds_providers *pv, int i,
                                            const ds_step_rates *s, uint32_t word, int enters,
                                            ds_provider_sums *out)
{
    uint8_t st = pv->status[i];
    if (st == DS_ACTIVE) {
        if (word < s->exit_u32) {
            out->sell_usd = ds_fx_add(out->sell_usd, ds_fx_from(pv->tokens[i] * s->token_price));
            out->active -= 1;
            out->exited += 1;
            out->profitable -= pv->margin_ma[i] >= 0.0;
            pv->tokens[i] = 0.0;
            pv->status[i] = DS_PROSPECTIVE;
            pv->online[i] = 0;
        }
    } else if (st == DS_ONBOARDING) {
        pv->status[i] = DS_ACTIVE;
        pv->margin_ma[i] = 0.0;
        pv->below_days[i] = 0.0;
        out->active += 1;
    } else if (enters) {
        pv->tokens[i] = 0.0;
        out->entered += 1;
        if (pp->onboarding_days <= 0.0) {
            pv->status[i] = DS_ACTIVE;
            pv->margin_ma[i] = 0.0;
            pv->below_days[i] = 0.0;
            out->active += 1;
        } else {
            pv->status[i] = DS_ONBOARDING;
            pv->onboard_left[i] = pp->onboarding_days;
        }
    }
}

/* Settle provider i for a step, one provider at a time (the GPU's way, and
 * the CPU's scalar path): its status's part of the step, then where a
 * decision or an entry draw is due, its DS_RNG_PROVIDER_DECIDE word and the
 * decision. Lane backends run ds_provider_earn, then the same draws and
 * decisions, over groups (sim/run/provider_lanes.c). */
static inline DS_HD void ds_provider_settle(const ds_params *P, ds_providers *pv, int i,
                                            uint32_t path, uint32_t step, const ds_step_rates *s,
                                            ds_provider_sums *out)
{
    const ds_provider_params *pp = &P->prov;
    const uint8_t st = pv->status[i];
    double rate = 0.0;
    int due = 0;
    if (st == DS_ACTIVE) {
        ds_active_step a =
            ds_provider_active(pp, pv, i, s, pv->online[i], ds_rates_utilization(s, pv->bin[i]),
                               ds_rates_fee(s, pv->bin[i]));
        pv->tokens[i] = a.tokens;
        pv->margin_ma[i] = a.margin_ma;
        pv->below_days[i] = a.below_days;
        ds_provider_sums f = ds_provider_flow_fx(&a.flow);
        ds_provider_sums_add(out, &f);
        due = a.due;
    } else if (st == DS_ONBOARDING) {
        pv->onboard_left[i] -= s->dt_days;
        due = pv->onboard_left[i] <= 0.0;
    } else {
        rate = ds_provider_entry_rate(pp, pv, i, s);
    }
    if (due | (rate > 0.0)) {
        uint32_t w = ds_rng_provider(P->run.seed, path, DS_RNG_PROVIDER_DECIDE, step, (uint32_t)i);
        int enters = (rate > 0.0) & ds_provider_enters(rate, s->dt_days, w);
        if (due | enters) ds_provider_decide(pp, pv, i, s, w, enters, out);
    }
}

#endif
