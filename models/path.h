/* path.h — the global state of one Monte Carlo path and the three phases of a
 * step that surround the two provider passes:
 *   ds_path_begin   cloud, demand, network price, scheduled mint   (global)
 *   provider pass A ds_provider_online, summed: online capacity
 *   ds_path_clear   served, fees, reward rates                      (global)
 *   provider pass B ds_provider_settle, summed: sells, income, counts
 *   ds_path_end     token market, supply ledger                     (global)
 * and the metrics a record holds. Both backends call exactly these. */
#ifndef DS_PATH_H
#define DS_PATH_H

#include "cloud.h"
#include "demand.h"
#include "emission.h"
#include "metrics.h"
#include "pricing.h"
#include "provider.h"

typedef struct {
    uint32_t path;
    int step;      /* the step being simulated, from 0 */
    double t_days; /* time at the start of the step */

    /* stochastic state carried between steps */
    double demand_shock;  /* log shock X */
    double spot_discount; /* spot discount off on-demand */
    double token_price;   /* USD per token: base × exp(impact) */
    double token_base;    /* USD per token before flow impact: drift and volatility */
    double token_impact;  /* log-price displacement by net flows, decaying */
    double cloud_ref0;    /* cloud reference at t = 0, for indexed prices */

    /* token ledger, fixed point: supply == initial + minted − burned exactly */
    ds_fx initial_fx, supply_fx, minted_fx, burned_fx;
    double treasury_usd;
    int32_t active; /* active providers after the last settle */

    /* this step */
    ds_cloud_prices cloud;
    double price;           /* network price, USD/heq-h */
    double demand_addr;     /* heq-h/day */
    ds_fx mint_fx;          /* tokens scheduled this step */
    double capacity;        /* online, heq-h/day */
    double demand_at_price; /* heq-h/day */
    double served;          /* heq-h/day */
    double utilization;
    double fees_usd;     /* this step */
    double emission_usd; /* value of this step's mint at the step's price */
    ds_step_rates rates;
    ds_provider_sums sums;
    double token_z; /* this step's token-price shock */
} ds_path;

static inline DS_HD void ds_path_init(const ds_params *P, ds_path *S, uint32_t path)
{
    memset(S, 0, sizeof *S);
    S->path = path;
    S->spot_discount = P->cloud.spot_discount_mean;
    S->token_price = P->token.initial_price_usd;
    S->token_base = P->token.initial_price_usd;
    S->initial_fx = ds_fx_from(P->token.initial_supply);
    S->supply_fx = S->initial_fx;
    S->cloud_ref0 = ds_cloud_at(&P->cloud, 0.0, S->spot_discount).reference;
}

/* Global part of a step before the providers: one Philox block of four words
 * gives the demand shock, the jump count and size, and a second gives the spot
 * and token shocks. */
static inline DS_HD void ds_path_begin(const ds_params *P, ds_path *S, int step)
{
    double dt = P->run.step_days;
    S->step = step;
    S->t_days = step * dt;
    ds_rng4 g0 = ds_rng_draw(P->run.seed, S->path, DS_RNG_GLOBAL, (uint32_t)step, 0, 0);
    ds_rng4 g1 = ds_rng_draw(P->run.seed, S->path, DS_RNG_GLOBAL, (uint32_t)step, 0, 1);
    double z_demand, z_jump, z_spot, z_token;
    ds_normal2(g0.v[0], g0.v[1], &z_demand, &z_jump);
    ds_normal2(g1.v[0], g1.v[1], &z_spot, &z_token);
    int jumps = ds_poisson(P->demand.jump_rate_per_year * dt / DS_DAYS_PER_YEAR, g0.v[2]);

    S->demand_shock =
        ds_demand_shock_step(&P->demand, S->demand_shock, dt, z_demand, jumps, z_jump);
    S->spot_discount = ds_cloud_spot_step(&P->cloud, S->spot_discount, dt, z_spot);
    S->token_z = z_token;
    S->cloud = ds_cloud_at(&P->cloud, S->t_days, S->spot_discount);
    S->price = ds_pricing_price(&P->pricing, S->cloud.reference, S->cloud_ref0);
    S->demand_addr = ds_demand_addressable(&P->demand, S->t_days, S->demand_shock);
    S->mint_fx = ds_emission_step(&P->emission, S->t_days, dt, S->supply_fx);
    S->sums.sell_usd = S->sums.income_usd = S->sums.cost_usd = 0;
    S->sums.active = S->sums.profitable = 0;
}

/* After pass A: clear the market against online capacity and set what a unit
 * of online capacity earns. Rewards go pro rata to online capacity; the split
 * between capacity- and work-weighted buckets matters once allocation is not
 * pro rata (auctions), and both buckets are kept apart here for that. */
static inline DS_HD void ds_path_clear(const ds_params *P, ds_path *S, ds_fx capacity_fx)
{
    double dt = P->run.step_days;
    S->capacity = ds_fx_to(capacity_fx);
    S->demand_at_price = S->demand_addr * ds_demand_share(&P->demand, S->price, S->cloud.reference);
    S->served = ds_min(S->demand_at_price, S->capacity);
    S->utilization = S->capacity > 0.0 ? S->served / S->capacity : 0.0;
    S->fees_usd = S->price * S->served * dt;
    double take = P->fees.take_rate * S->fees_usd;
    S->treasury_usd += take;
    double fee_pool = S->fees_usd - take;

    /* no one online: nothing is minted this step (there is no one to pay) */
    if (!(S->capacity > 0.0)) S->mint_fx = 0;
    double mint = ds_fx_to(S->mint_fx);
    double w = P->rewards.capacity_weight;
    double by_capacity = w * mint, by_work = (1.0 - w) * mint;
    ds_step_rates *r = &S->rates;
    r->dt_days = dt;
    r->utilization = S->utilization;
    r->token_price = S->token_price;
    r->fee_usd_per_cap = S->capacity > 0.0 ? fee_pool / S->capacity : 0.0;
    /* served_i = utilization·cap_i, so work share == capacity share */
    r->tokens_per_cap = S->capacity > 0.0 ? (by_capacity + by_work) / S->capacity : 0.0;
    S->emission_usd = mint * S->token_price;
    if (S->capacity > 0.0) {
        r->revenue_per_cap_day = (fee_pool + S->emission_usd) / S->capacity / dt;
    } else {
        /* an empty network: a prospect expects the price at its share of demand */
        r->revenue_per_cap_day = S->demand_at_price > 0.0 ? S->price * DS_HOURS_PER_DAY : 0.0;
    }
    double hz = P->prov.exit_hazard_per_day;
    r->exit_u32 = ds_prob_u32(dt == 1.0 ? hz : 1.0 - pow(1.0 - hz, dt));
}

/* After pass B: move the token price and book the ledger. The log price is a
 * base that moves by drift + volatility·z, plus a displacement by net USD flow:
 * impact × (buys − sells) / depth per step, depth a fraction of market cap,
 * bounded by max_impact, and decaying with a half-life as the market absorbs
 * the flow (a permanent impact would turn any steady selling into a collapse
 * whatever the fundamentals). */
static inline DS_HD void ds_path_end(const ds_params *P, ds_path *S)
{
    const ds_token_params *tk = &P->token;
    double dt = P->run.step_days, dt_y = dt / DS_DAYS_PER_YEAR;
    S->active = S->sums.active;

    double buys = tk->exogenous_buy_usd_per_day * dt;
    double sells = ds_fx_to(S->sums.sell_usd);
    double mcap = S->token_price * ds_fx_to(S->supply_fx);
    double depth = tk->depth_frac * mcap;
    double kick = 0.0;
    if (depth > 0.0)
        kick = ds_clamp(tk->impact * (buys - sells) / depth, -tk->max_impact, tk->max_impact);
    else if (buys != sells)
        kick = buys > sells ? tk->max_impact : -tk->max_impact;
    double keep = tk->impact_half_life_days > 0.0
                      ? exp(-0.69314718055994530942 * dt / tk->impact_half_life_days)
                      : 1.0;
    S->token_impact = S->token_impact * keep + kick;
    double vol = tk->vol_per_sqrt_year;
    S->token_base *=
        exp((tk->drift_per_year - 0.5 * vol * vol) * dt_y + vol * sqrt(dt_y) * S->token_z);
    S->token_price = S->token_base * exp(S->token_impact);

    S->minted_fx += S->mint_fx;
    S->supply_fx += S->mint_fx; /* burns subtract here once routing burns */
}

/* The record of a path after its step: out[DS_N_METRICS]. Ratios with a zero
 * denominator are NaN (undefined), skipped by the statistics. */
static inline DS_HD void ds_path_metrics(const ds_params *P, const ds_path *S, double *out)
{
    double dt = P->run.step_days;
    double nan = (double)NAN;
    double supply = ds_fx_to(S->supply_fx);
    double emission_per_day = S->emission_usd / dt;
    double fees_per_day = S->fees_usd / dt;
    double ref = S->cloud.reference;
    out[DS_M_TOKEN_PRICE] = S->token_price;
    out[DS_M_CIRCULATING_SUPPLY] = supply;
    out[DS_M_MINTED] = ds_fx_to(S->minted_fx);
    out[DS_M_BURNED] = ds_fx_to(S->burned_fx);
    out[DS_M_MARKET_CAP] = S->token_price * supply;
    out[DS_M_ACTIVE_PROVIDERS] = S->active;
    out[DS_M_CAPACITY] = S->capacity;
    out[DS_M_DEMAND_ADDRESSABLE] = S->demand_addr;
    out[DS_M_DEMAND_AT_PRICE] = S->demand_at_price;
    out[DS_M_SERVED] = S->served;
    out[DS_M_UTILIZATION] = S->utilization;
    out[DS_M_NETWORK_PRICE] = S->price;
    out[DS_M_CLOUD_ON_DEMAND] = S->cloud.on_demand;
    out[DS_M_CLOUD_SPOT] = S->cloud.spot;
    out[DS_M_CLOUD_RESERVED_1Y] = S->cloud.reserved_1y;
    out[DS_M_CLOUD_RESERVED_3Y] = S->cloud.reserved_3y;
    out[DS_M_CLOUD_REFERENCE] = ref;
    out[DS_M_PRICE_RATIO] = ref > 0.0 ? S->price / ref : nan;
    out[DS_M_EMISSION_VALUE] = emission_per_day;
    out[DS_M_FEES] = fees_per_day;
    out[DS_M_SUBSIDY] = S->served > 0.0 ? emission_per_day / S->served : nan;
    out[DS_M_SUBSIDY_ADJUSTED_RATIO] =
        S->served > 0.0 && ref > 0.0 ? (fees_per_day + emission_per_day) / S->served / ref : nan;
    out[DS_M_PROVIDER_INCOME] = ds_fx_to(S->sums.income_usd) / dt;
    out[DS_M_PROVIDER_COST] = ds_fx_to(S->sums.cost_usd) / dt;
    out[DS_M_PROFITABLE_SHARE] =
        S->sums.active > 0 ? (double)S->sums.profitable / S->sums.active : nan;
    out[DS_M_TREASURY] = S->treasury_usd;
}

#endif
