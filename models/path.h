/* path.h — the step of one Monte Carlo path (its state: state.h), as the
 * three global phases that surround the two provider passes:
 *   ds_path_begin   dated events, shocks, cloud prices, demand,
 *                   network price                                    (global)
 *   provider pass A ds_provider_online; summed: online capacity, and under the
 *                   auction online capacity per ask bin (histogram)
 *   ds_path_clear   price (auction), served, fees and their routing, mint
 *                   (settlements included), reward split, vesting, buyback,
 *                   what each unit earns                             (global)
 *   provider pass B ds_provider_settle; summed: sells, income, cost, counts
 *   ds_path_end     token market, supply ledger, price controller    (global)
 * then the metrics a record holds, outcomes and claims. The phases only
 * sequence the mechanisms, which live in their own headers (fees.h,
 * emission.h, pricing.h, market.h, events.h, …). Both backends call exactly
 * these. */
#ifndef DS_PATH_H
#define DS_PATH_H

#include "auction.h"
#include "cloud.h"
#include "demand.h"
#include "emission.h"
#include "events.h"
#include "fees.h"
#include "market.h"
#include "metrics.h"
#include "outcomes.h"
#include "pricing.h"
#include "provider.h"
#include "segments.h"
#include "series.h"
#include "state.h"

/* The cloud prices at t: the closed forms, or on-demand and spot from their
 * input series where the scenario names them (spot_discount then unused for
 * the spot price). */
static inline DS_HD ds_cloud_prices ds_path_cloud(const ds_params *P, double t_days,
                                                  double spot_discount)
{
    const ds_cloud_params *c = &P->cloud;
    if (!c->on_demand_series && !c->spot_series) return ds_cloud_at(c, t_days, spot_discount);
    double od = c->on_demand_series ? ds_params_series(P, c->on_demand_series, t_days)
                                    : ds_cloud_on_demand(c, t_days);
    double spot =
        c->spot_series ? ds_params_series(P, c->spot_series, t_days) : od * (1.0 - spot_discount);
    return ds_cloud_from(c, od, spot);
}

/* Does pass A sum online capacity by bin: the auction's ask bins, or the
 * eligibility groups of restricted segments (never both: validation)? */
static inline DS_HD int ds_path_uses_hist(const ds_params *P)
{
    return P->pricing.model == DS_PRICING_AUCTION || ds_segments_grouped(P);
}

/* Segment s's posted price (utilization_target: the carried price; fixed and
 * cloud_discount against its own reference); the auction's is set in clear. */
static inline DS_HD double ds_path_segment_price(const ds_params *P, const ds_path *S, int s)
{
    if (P->pricing.model == DS_PRICING_UTILIZATION_TARGET) return S->util_price;
    return ds_pricing_price(&P->pricing, S->seg_ref[s], S->seg_ref0[s]);
}

/* The token base's log return over this step: the model's (drift, volatility,
 * regimes, jumps), or the price series' replayed or bootstrapped (series.h). */
static inline DS_HD double ds_path_token_return(const ds_params *P, const ds_path *S)
{
    const ds_token_params *tk = &P->token;
    double dt = P->run.step_days;
    if (tk->returns == DS_RETURNS_MODEL || !tk->price_series)
        return ds_token_log_return(tk, &S->token, dt, S->token_z, S->token_jumps);
    const ds_series *s = &P->series[tk->price_series - 1];
    if (tk->returns == DS_RETURNS_REPLAY)
        return ds_series_replay_return(&P->pool, s, S->t_days, dt);
    int block = (int)(tk->bootstrap_block_days / dt + 0.5);
    return ds_series_bootstrap_return(&P->pool, s, P->run.seed, S->path, S->step,
                                      block < 1 ? 1 : block);
}

static inline DS_HD void ds_path_init(const ds_params *P, ds_path *S, uint32_t path)
{
    memset(S, 0, sizeof *S);
    S->path = path;
    S->spot_discount = P->cloud.spot_discount_mean;
    S->token.base = P->token.initial_price_usd;
    S->token.bear = P->token.start_bear;
    S->token_price = P->token.initial_price_usd;
    S->pid.ema = P->token.initial_price_usd;
    S->initial_fx = ds_fx_from(P->token.initial_supply);
    S->supply_fx = S->initial_fx;
    for (int k = 0; k < P->n_vesting; k++)
        S->locked_fx = ds_fx_add(S->locked_fx, ds_fx_from(P->vesting[k].tokens));
    ds_cloud_prices c0 = ds_path_cloud(P, 0.0, S->spot_discount);
    S->cloud_ref0 = c0.reference;
    for (int s = 0; s < ds_segments_n(&P->demand); s++)
        S->seg_ref0[s] = ds_segment_reference(P, s, &c0);
    S->prospects_left = P->prov.prospects;
    S->util_price = P->pricing.price_usd_per_heqh;
    S->peak_price = S->token_price;
    S->last_unsustained = -1;
    if (P->token.model == DS_TOKEN_MARKET_CAP)
        ds_token_init_cap(&P->token, &S->token, ds_fx_to(S->initial_fx));
    S->ev.gov = -1;
    S->ev.demand_mult = S->ev.cloud_mult = S->ev.token_mult = 1.0;
    for (int c = 0; c < DS_MAX_CLAIMS; c++) S->claim_ok[c] = 1;
}

/* Called once the providers are drawn: the active count at t = 0. */
static inline DS_HD void ds_path_start(const ds_params *P, ds_path *S, int32_t active)
{
    S->active = S->initial_active = S->min_active = active;
    S->free_slots = P->prov.count - active;
}

/* The emission and fee parameters in force (a governance event's, or the
 * scenario's), and the day the emission schedule's clock starts. */
static inline DS_HD const ds_emission_params *ds_path_emission(const ds_params *P, const ds_path *S)
{
    return S->ev.gov >= 0 ? &P->gov[S->ev.gov].emission : &P->emission;
}

static inline DS_HD double ds_path_emission_origin(const ds_params *P, const ds_path *S)
{
    return S->ev.gov >= 0 ? P->gov[S->ev.gov].emission_origin_day : 0.0;
}

static inline DS_HD const ds_fee_params *ds_path_fees(const ds_params *P, const ds_path *S)
{
    return S->ev.gov >= 0 ? &P->gov[S->ev.gov].fees : &P->fees;
}

/* Global part of a step before the providers. Global draws, one Philox block
 * each: 0 → demand shock, demand jump size, jump count, regime switch;
 * 1 → spot and token shocks; 2 → token jump count and size. Dated events
 * draw nothing. */
static inline DS_HD void ds_path_begin(const ds_params *P, ds_path *S, int step)
{
    double dt = P->run.step_days, dt_y = dt / DS_DAYS_PER_YEAR;
    S->step = step;
    S->t_days = step * dt;
    if (P->n_events > 0) ds_events_step(P, &S->ev, S->t_days, dt);
    ds_rng4 g0 = ds_rng_draw(P->run.seed, S->path, DS_RNG_GLOBAL, (uint32_t)step, 0, 0);
    ds_rng4 g1 = ds_rng_draw(P->run.seed, S->path, DS_RNG_GLOBAL, (uint32_t)step, 0, 1);
    double z_demand, z_jump, z_spot, z_token;
    ds_normal2(g0.v[0], g0.v[1], &z_demand, &z_jump);
    ds_normal2(g1.v[0], g1.v[1], &z_spot, &z_token);
    int jumps = ds_poisson(P->demand.jump_rate_per_year * dt_y, g0.v[2]);
    ds_token_regime_step(&P->token, &S->token, dt, ds_u01(g0.v[3]));
    S->token_jumps = 0.0;
    if (P->token.jump_rate_per_year > 0.0) {
        ds_rng4 g2 = ds_rng_draw(P->run.seed, S->path, DS_RNG_GLOBAL, (uint32_t)step, 0, 2);
        int n = ds_poisson(P->token.jump_rate_per_year * dt_y, g2.v[0]);
        if (n > 0) {
            double zj, unused;
            ds_normal2(g2.v[1], g2.v[2], &zj, &unused);
            S->token_jumps = n * P->token.jump_mean + sqrt((double)n) * P->token.jump_sd * zj;
        }
    }

    S->demand_shock =
        ds_demand_shock_step(&P->demand, S->demand_shock, dt, z_demand, jumps, z_jump);
    S->spot_discount = ds_cloud_spot_step(&P->cloud, S->spot_discount, dt, z_spot);
    S->token_z = z_token;
    S->cloud = ds_path_cloud(P, S->t_days, S->spot_discount);
    if (S->ev.cloud_mult != 1.0) {
        double m = S->ev.cloud_mult;
        S->cloud.on_demand *= m, S->cloud.spot *= m, S->cloud.reference *= m;
        S->cloud.reserved_1y *= m, S->cloud.reserved_3y *= m;
    }
    if (P->pricing.model == DS_PRICING_UTILIZATION_TARGET)
        S->price = S->util_price;
    else
        S->price = ds_pricing_price(&P->pricing, S->cloud.reference,
                                    S->cloud_ref0); /* auction: set in clear */
    /* each segment's demand under the shared shock (and a dated demand
     * event's factor), its reference and price */
    double total = 0.0;
    for (int s = 0; s < ds_segments_n(&P->demand); s++) {
        S->seg_demand[s] = ds_segment_level(P, s, S->t_days, S->demand_shock);
        if (S->ev.demand_mult != 1.0) S->seg_demand[s] *= S->ev.demand_mult;
        S->seg_ref[s] = ds_segment_reference(P, s, &S->cloud);
        S->seg_price[s] = ds_path_segment_price(P, S, s);
        total += S->seg_demand[s];
    }
    S->demand_addr = total;
    memset(&S->sums, 0, sizeof S->sums); /* every DS_PROVIDER_SUMS field */
}

/* Served split among the segments in proportion to their demand at price
 * (one segment: all of it, exactly). */
static inline DS_HD void ds_path_split_served(ds_path *S, int K)
{
    if (K == 1) {
        S->seg_served[0] = S->served;
        return;
    }
    for (int s = 0; s < K; s++)
        S->seg_served[s] =
            S->demand_at_price > 0.0 ? S->served * (S->seg_at_price[s] / S->demand_at_price) : 0.0;
}

/* Clear the market after pass A: under the auction the clearing price and
 * the served share by ask bin (hist: online capacity per bin); with
 * restricted segments each segment served from the groups that may serve it
 * (hist: online capacity per eligibility group; segments.h), utilization and
 * the average price paid per unit by group; otherwise the demand at the
 * posted prices served up to the online capacity. */
static inline DS_HD void ds_path_market(const ds_params *P, ds_path *S, const ds_fx *hist)
{
    ds_step_rates *r = &S->rates;
    const int K = ds_segments_n(&P->demand);
    r->auction = r->grouped = 0;
    r->group_util = S->group_util;
    r->group_fee = S->group_fee;
    if (P->pricing.model == DS_PRICING_AUCTION && hist) {
        ds_auction_result a =
            ds_auction_clear_k(&P->pricing, &P->demand, K, S->seg_demand, S->seg_ref, hist);
        S->price = a.price;
        S->demand_at_price = a.demand;
        S->served = a.served;
        r->auction = 1;
        r->serve_bin = a.serve_bin;
        r->serve_frac = a.serve_frac;
        for (int s = 0; s < K; s++) {
            S->seg_price[s] = a.price;
            S->seg_at_price[s] =
                S->seg_demand[s] * ds_segment_share(&P->demand, s, a.price, S->seg_ref[s]);
        }
        ds_path_split_served(S, K);
    } else {
        double dem = 0.0;
        for (int s = 0; s < K; s++) {
            S->seg_at_price[s] =
                S->seg_demand[s] * ds_segment_share(&P->demand, s, S->seg_price[s], S->seg_ref[s]);
            dem += S->seg_at_price[s];
        }
        S->demand_at_price = dem;
        if (hist && ds_segments_grouped(P)) {
            double used[DS_MAX_GROUPS], gross[DS_MAX_GROUPS], served = 0.0;
            ds_segments_allocate(K, S->seg_at_price, S->seg_price, hist, S->seg_served, used,
                                 gross);
            for (int s = 0; s < K; s++) served += S->seg_served[s];
            S->served = served;
            for (int g = 0; g < DS_MAX_GROUPS; g++) {
                double cap = ds_fx_to(hist[g]);
                S->group_util[g] = cap > 0.0 ? used[g] / cap : 0.0;
                S->group_fee[g] = used[g] > 0.0 ? gross[g] / used[g] : 0.0; /* USD/heq-h */
            }
            r->grouped = 1;
        } else {
            S->served = ds_min(dem, S->capacity);
            ds_path_split_served(S, K);
        }
    }
    S->utilization = S->capacity > 0.0 ? S->served / S->capacity : 0.0;
}

/* The step's mint into S->mint_fx: by schedule (the one in force, on its
 * clock), or from this step's capacity (baseline) or fees (revenue target);
 * then the net-emission re-mint of the burns so far and the AEP-76
 * settlements falling due, minted at this step's price (S->settle_fx);
 * nothing when no one is online (there is no one to pay: settlements wait a
 * step); then the max-supply cap, which takes the settlements last and the
 * re-mint just before them. provider_usd: fees paid to providers in USD.
 * Returns the re-mint part. */
static inline DS_HD ds_fx ds_path_mint(const ds_params *P, ds_path *S, double provider_usd)
{
    const ds_emission_params *em = ds_path_emission(P, S);
    double dt = P->run.step_days, t = S->t_days - ds_path_emission_origin(P, S);
    double ts = t + em->start_day; /* schedule time */
    if (em->schedule == DS_EMIT_BASELINE)
        S->mint_fx =
            ds_emission_baseline_step(em, S->capacity, t, dt, &S->baseline_sum, &S->baseline_theta);
    else if (em->schedule == DS_EMIT_REVENUE_TARGET)
        S->mint_fx = ds_emission_revenue_target(em, S->capacity, provider_usd, S->token_price, dt);
    else
        S->mint_fx = ds_emission_scheduled(em, ts, dt, S->supply_fx);
    ds_fx remint = ds_emission_remint(em, S->burn_fx, dt);
    S->mint_fx = ds_fx_add(S->mint_fx, remint);
    double due = ds_settle_due(S, S->step);
    if (due > 0.0 && !(S->capacity > 0.0)) { /* no one to pay: it waits a step */
        ds_settle_push(S, S->step, 1, due);
        due = 0.0;
    }
    S->settle_fx = ds_settle_tokens(due, S->token_price);
    S->mint_fx = ds_fx_add(S->mint_fx, S->settle_fx);
    if (!(S->capacity > 0.0)) S->mint_fx = remint = 0;
    S->mint_fx = ds_emission_cap(em, S->mint_fx, ds_fx_sub(S->supply_fx, S->burn_fx), S->locked_fx);
    if (S->settle_fx > S->mint_fx) S->settle_fx = S->mint_fx;
    if (remint > S->mint_fx - S->settle_fx) remint = S->mint_fx - S->settle_fx;
    return remint;
}

/* What pass B pays: the availability bucket by online capacity, the work
 * bucket by served (BME: by share of burn, which is proportional to work),
 * fees per unit served, what a unit of capacity earned (for entrants), and
 * the exit hazard as a threshold. */
static inline DS_HD void ds_path_rates(const ds_params *P, ds_path *S, double provider_usd,
                                       double to_providers)
{
    double dt = P->run.step_days, w = P->rewards.capacity_weight;
    ds_step_rates *r = &S->rates;
    r->dt_days = dt;
    r->utilization = S->utilization;
    r->token_price = S->token_price;
    r->fee_usd_per_served = S->served > 0.0 ? provider_usd / S->served : 0.0;
    r->tokens_per_cap = S->capacity > 0.0 ? w * to_providers / S->capacity : 0.0;
    r->tokens_per_served = S->served > 0.0 ? (1.0 - w) * to_providers / S->served : 0.0;
    if (!(S->served > 0.0) && S->capacity > 0.0) /* no work: the work bucket goes by capacity */
        r->tokens_per_cap = to_providers / S->capacity;
    double paid = provider_usd + to_providers * S->token_price;
    if (S->capacity > 0.0)
        r->revenue_per_cap_day = paid / S->capacity / dt;
    else /* an empty network: a prospect expects the price, if there is demand */
        r->revenue_per_cap_day = S->demand_at_price > 0.0 ? S->price * DS_HOURS_PER_DAY : 0.0;
    r->exit_u32 = ds_prob_u32(ds_prob_per_step(P->prov.exit_hazard_per_day, dt));
    if (r->grouped) { /* each group's average price, as the share of fees providers keep */
        double keep = S->fees_usd > 0.0 ? provider_usd / S->fees_usd : 0.0;
        for (int g = 0; g < DS_MAX_GROUPS; g++) S->group_fee[g] *= dt * keep;
    }
    /* a prospect pool: the free slots stand for it, each for pool / free of them */
    const ds_provider_params *pp = &P->prov;
    r->entry_scale = 1.0;
    if (pp->prospects > 0.0) {
        double pool = pp->prospects_unbounded ? pp->prospects : S->prospects_left;
        r->entry_scale = S->free_slots > 0 ? pool / S->free_slots : 0.0;
        if (pool >= 1.0 && (S->free_slots == 0 ||
                            r->entry_scale * ds_provider_entry_p(pp->entry_rate_per_day, dt) > 1.0))
            S->slots_short = 1;
    }
}

/* After pass A, in this order: clear the market, route the fees, burn the
 * recycled registrations, mint, split the mint, unlock vesting, run the
 * buyback, hold burns within what exists, and set what each unit of online
 * capacity and of work earns in pass B. hist is the per-bin online capacity
 * (auction only; NULL otherwise). */
static inline DS_HD void ds_path_clear(const ds_params *P, ds_path *S, ds_fx capacity_fx,
                                       const ds_fx *hist)
{
    const ds_emission_params *em = ds_path_emission(P, S);
    const ds_fee_params *fe = ds_path_fees(P, S);
    double dt = P->run.step_days, t1 = S->t_days + dt;
    S->capacity = ds_fx_to(capacity_fx);
    S->buys_usd = S->sells_usd = S->fee_token_usd = 0.0;
    S->burn_fx = S->mint_fx = S->unlock_fx = S->settle_fx = 0;
    ds_path_market(P, S, hist);

    double fees = 0.0; /* each segment at its price (one buyer: price × served × dt) */
    for (int s = 0; s < ds_segments_n(&P->demand); s++)
        fees += S->seg_price[s] * S->seg_served[s] * dt;
    S->fees_usd = fees;
    double provider_usd = ds_fees_route(fe, S, dt);
    /* recycling is burned without a market flow (it lowers issuance) */
    S->burn_fx = ds_fx_add(S->burn_fx, ds_emission_recycled(em, dt));

    ds_fx remint = ds_path_mint(P, S, provider_usd);
    double mint = ds_fx_to(S->mint_fx);
    S->emission_usd = mint * S->token_price;
    /* a re-mint to providers only, and AEP-76 settlements, bypass the split */
    double direct = em->remint_to == DS_REMINT_PROVIDERS ? ds_fx_to(remint) : 0.0;
    direct += ds_fx_to(S->settle_fx);
    double to_providers = ds_rewards_split(&P->rewards, S, mint, direct);
    ds_vesting_step(P->vesting, P->n_vesting, S, S->t_days, t1);
    ds_buyback_step(fe, S, dt);

    /* nothing burns more than exists */
    ds_fx ceiling = ds_fx_add(S->supply_fx, ds_fx_add(S->mint_fx, S->unlock_fx));
    if (S->burn_fx > ceiling) S->burn_fx = ceiling;
    S->burn_usd = ds_fx_to(S->burn_fx) * S->token_price;
    ds_path_rates(P, S, provider_usd, to_providers);
}

/* After pass B: book the ledger, move the token price (market_cap: the
 * market cap over the supply after the step's mint, burn and unlock), carry
 * the price controller. */
static inline DS_HD void ds_path_end(const ds_params *P, ds_path *S)
{
    const ds_token_params *tk = &P->token;
    double dt = P->run.step_days;
    S->active = S->sums.active;
    /* the slots and the prospect pool after the step's entries and exits (who
     * leaves rejoins the pool: a provider may come back) */
    S->free_slots += S->sums.exited - S->sums.entered;
    if (P->prov.prospects > 0.0 && !P->prov.prospects_unbounded) {
        S->prospects_left += (double)(S->sums.exited - S->sums.entered);
        if (S->prospects_left < 1.0) S->prospects_out = 1;
        if (S->prospects_left < 0.0) S->prospects_left = 0.0; /* a step's entries overshot */
    }
    double buys = tk->exogenous_buy_usd_per_day * dt + S->buys_usd;
    double sells = ds_fx_to(S->sums.sell_usd) + S->sells_usd;
    double mcap = S->token_price * ds_fx_to(S->supply_fx);
    /* the token's own log return: the model's, or an input series' */
    double log_return = ds_path_token_return(P, S);
    if (tk->model == DS_TOKEN_RANDOM_WALK) {
        ds_token_step_return(tk, &S->token, dt, buys, sells, mcap, log_return);
        if (S->ev.token_mult != 1.0) S->token.base *= S->ev.token_mult;
        S->token_price = ds_token_price(&S->token);
    }

    S->minted_fx = ds_fx_add(S->minted_fx, S->mint_fx);
    S->burned_fx = ds_fx_add(S->burned_fx, S->burn_fx);
    S->unlocked_fx = ds_fx_add(S->unlocked_fx, S->unlock_fx);
    S->supply_fx =
        ds_fx_sub(ds_fx_add(S->supply_fx, ds_fx_add(S->mint_fx, S->unlock_fx)), S->burn_fx);
    if (tk->model == DS_TOKEN_MARKET_CAP) {
        /* fees_multiple values all fees, exchange those paid through the token */
        double fees = (tk->fundamental == DS_FUND_EXCHANGE ? S->fee_token_usd : S->fees_usd) / dt;
        S->token_price =
            ds_token_step_cap_return(tk, &S->token, dt, buys, sells, mcap, fees, log_return,
                                     S->ev.token_mult, ds_fx_to(S->supply_fx), S->token_price);
    }
    if (P->pricing.model == DS_PRICING_UTILIZATION_TARGET)
        S->util_price = ds_pricing_util_next(&P->pricing, S->util_price, S->utilization, dt);
}

/* The identities that hold after every ds_path_end, exactly: circulating
 * supply = initial + minted + unlocked − burned, and still locked + unlocked
 * = the vesting allocations, both in fixed point; at most as many providers
 * active or profitable as there are slots. The sums wrap as the ledger's do,
 * so they hold even in absurd states the record-time check rejects; debug
 * builds assert this after every step. */
static inline DS_HD int ds_path_ledger_ok(const ds_params *P, const ds_path *S)
{
    ds_fx vesting = 0;
    for (int k = 0; k < P->n_vesting; k++)
        vesting = ds_fx_add(vesting, ds_fx_from(P->vesting[k].tokens));
    ds_fx expect =
        ds_fx_sub(ds_fx_add(S->initial_fx, ds_fx_add(S->minted_fx, S->unlocked_fx)), S->burned_fx);
    return S->supply_fx == expect && ds_fx_add(S->locked_fx, S->unlocked_fx) == vesting &&
           S->active >= 0 && S->active <= P->prov.count && S->free_slots >= 0 &&
           S->active + S->free_slots <= P->prov.count && S->sums.profitable >= 0 &&
           S->sums.profitable <= S->active && S->min_active <= S->initial_active;
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
    out[DS_M_UNLOCKED] = ds_fx_to(S->unlocked_fx);
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
    /* the subsidy is net dilution: what is minted beyond what is burned (under
     * burn-and-mint the fees come back as burns and must not count twice) */
    double net_per_day = (S->emission_usd - S->burn_usd) / dt;
    out[DS_M_BURN_VALUE] = S->burn_usd / dt;
    out[DS_M_SUBSIDY] = S->served > 0.0 ? net_per_day / S->served : nan;
    out[DS_M_SUBSIDY_ADJUSTED_RATIO] =
        S->served > 0.0 && ref > 0.0 ? (fees_per_day + net_per_day) / S->served / ref : nan;
    out[DS_M_PROVIDER_INCOME] = ds_fx_to(S->sums.income_usd) / dt;
    out[DS_M_PROVIDER_COST] = ds_fx_to(S->sums.cost_usd) / dt;
    out[DS_M_PROFITABLE_SHARE] =
        S->sums.active > 0 ? (double)S->sums.profitable / S->sums.active : nan;
    out[DS_M_TREASURY] = S->treasury_usd;
    out[DS_M_TREASURY_TOKENS] = S->treasury_tokens;
    out[DS_M_FUNDAMENTAL_VALUE] = S->token.fund_usd;
    for (int s = 0; s < DS_MAX_SEGMENTS; s++) {
        int in = s < ds_segments_n(&P->demand);
        out[DS_M_SEGMENT1_SERVED + s] = in ? S->seg_served[s] : nan;
        out[DS_M_SEGMENT1_PRICE + s] = in ? S->seg_price[s] : nan;
    }
}

/* State checked at record time: non-finite, or negative where it cannot be,
 * or a fixed-point amount that left the range (models/common.h). */
enum {
    DS_BAD_NONE = 0,
    DS_BAD_TOKEN_PRICE,
    DS_BAD_SUPPLY,
    DS_BAD_CAPACITY,
    DS_BAD_DEMAND,
    DS_BAD_SERVED,
    DS_BAD_NETWORK_PRICE,
    DS_BAD_TREASURY,
    DS_BAD_PROVIDER_SUMS,
    DS_BAD_FX_RANGE
};

/* The first invalid state variable of a path (DS_BAD_*), or DS_BAD_NONE. */
static inline DS_HD int ds_path_invalid(const ds_path *S)
{
    if (!(S->token_price > 0.0) || !isfinite(S->token_price)) return DS_BAD_TOKEN_PRICE;
    if (S->supply_fx < 0 || S->locked_fx < 0) return DS_BAD_SUPPLY;
    if (!(S->capacity >= 0.0) || !isfinite(S->capacity)) return DS_BAD_CAPACITY;
    if (!(S->demand_addr >= 0.0) || !isfinite(S->demand_addr)) return DS_BAD_DEMAND;
    if (!(S->served >= 0.0) || !isfinite(S->served)) return DS_BAD_SERVED;
    if (!(S->price >= 0.0) || !isfinite(S->price)) return DS_BAD_NETWORK_PRICE;
    if (!isfinite(S->treasury_usd) || !isfinite(S->treasury_tokens)) return DS_BAD_TREASURY;
    if (S->sums.sell_usd < 0 || S->sums.cost_usd < 0) return DS_BAD_PROVIDER_SUMS;
    /* Last, so that the checks above keep their diagnoses. Every amount below is >= 0 by
     * construction and a validated scenario keeps the ledger and the capacity at or below
     * DS_FX_LEDGER_MAX: a negative one is a wrapped sum, one at the clamp a clamped term.
     * The step's amounts (mint, burn, unlock, provider sums) are the record step's only;
     * the cumulative ones keep what earlier steps left. */
    const ds_fx top = (ds_fx)(DS_FX_MAX_ABS * DS_FX_ONE);
    const ds_fx fx[] = {S->initial_fx,  S->supply_fx,     S->minted_fx,       S->burned_fx,
                        S->unlocked_fx, S->locked_fx,     S->mint_fx,         S->burn_fx,
                        S->unlock_fx,   S->sums.sell_usd, S->sums.income_usd, S->sums.cost_usd};
    for (int i = 0; i < (int)(sizeof fx / sizeof fx[0]); i++)
        if (fx[i] < 0 || fx[i] >= top) return DS_BAD_FX_RANGE;
    if (S->capacity >= DS_FX_MAX_ABS) return DS_BAD_FX_RANGE;
    return DS_BAD_NONE;
}

static inline DS_HD int ds_claim_compare(int op, double v, double threshold)
{
    switch (op) {
    case DS_OP_LT: return v < threshold;
    case DS_OP_LE: return v <= threshold;
    case DS_OP_GT: return v > threshold;
    default: return v >= threshold;
    }
}

/* The value claim c compares this step: its metric, or the ratio of its
 * metric to another (NaN where the other is 0), divided by the path's value
 * at its first step when relative_to initial (NaN where that is 0 or not
 * finite: an undefined value satisfies no comparison). */
static inline DS_HD double ds_claim_value(const ds_claim *cl, ds_path *S, int c,
                                          const double *metrics)
{
    double v = metrics[cl->metric];
    if (cl->over > 0) {
        double d = metrics[cl->over - 1];
        v = d != 0.0 ? v / d : (double)NAN;
    }
    if (cl->relative_to == DS_RELATIVE_INITIAL) {
        if (S->step == 0) S->claim_initial[c] = v;
        double v0 = S->claim_initial[c];
        v = v0 != 0.0 && isfinite(v0) ? v / v0 : (double)NAN;
    }
    return v;
}

/* Outcomes and claims, after every step. metrics: this step's metrics, or
 * NULL when the scenario has no claims (they are then not computed). Only
 * comparisons are tracked; combinations are judged at the end. */
static inline DS_HD void ds_path_track(const ds_params *P, ds_path *S, const double *metrics)
{
    double price = S->token_price;
    if (price > S->peak_price) S->peak_price = price;
    double dd = S->peak_price > 0.0 ? 1.0 - price / S->peak_price : 0.0;
    if (dd > S->max_drawdown) S->max_drawdown = dd;
    if (S->active < S->min_active) S->min_active = S->active;
    if (S->fees_usd < S->emission_usd) S->last_unsustained = S->step;
    if (!metrics) return;
    double t_end = S->t_days + P->run.step_days;
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        if (ds_claim_combines(cl)) continue;
        double v = ds_claim_value(cl, S, c, metrics);
        S->claim_last[c] = v;
        if (cl->when == DS_WHEN_ALWAYS) {
            /* an undefined value (NaN) does not satisfy the claim */
            if (!ds_claim_compare(cl->op, v, cl->threshold)) S->claim_ok[c] = 0;
        } else if (cl->when == DS_WHEN_WINDOW_MEAN) {
            if (t_end >= cl->window_start_day - 1e-9 && t_end <= cl->window_end_day + 1e-9 &&
                v == v) {
                S->claim_sum[c] += v;
                S->claim_n[c]++;
            }
        }
    }
}

/* Per-path outcomes and claim verdicts at the end of the run.
 * out: [DS_N_OUTCOMES]; holds: [n_claims]. */
static inline DS_HD void ds_path_outcomes(const ds_params *P, const ds_path *S, double *out,
                                          uint8_t *holds)
{
    int steps = ds_params_steps(P);
    double dt = P->run.step_days;
    out[DS_O_MAX_DRAWDOWN] = S->max_drawdown;
    out[DS_O_MIN_ACTIVE_PROVIDERS] = S->min_active;
    out[DS_O_SUSTAINABILITY_DAY] =
        S->last_unsustained >= steps - 1 ? (double)NAN : (S->last_unsustained + 1) * dt;
    out[DS_O_PROSPECTS_EXHAUSTED] = S->prospects_out;
    out[DS_O_SLOTS_SHORT] = S->slots_short;
    out[DS_O_DEATH_SPIRAL] =
        S->max_drawdown >= P->outcomes.death_spiral_drawdown &&
                S->min_active <= P->outcomes.death_spiral_providers_frac * S->initial_active
            ? 1.0
            : 0.0;
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        int ok;
        if (ds_claim_combines(cl)) { /* of earlier claims, judged above */
            ok = cl->all_of != 0u;
            for (int j = 0; j < c; j++) {
                uint32_t bit = 1u << j;
                if (cl->all_of & bit) ok = ok && holds[j];
                if (cl->any_of & bit) ok = ok || holds[j];
                if (cl->not_of & bit) ok = !holds[j];
            }
        } else if (cl->when == DS_WHEN_ALWAYS)
            ok = S->claim_ok[c];
        else if (cl->when == DS_WHEN_WINDOW_MEAN)
            ok = S->claim_n[c] > 0 &&
                 ds_claim_compare(cl->op, S->claim_sum[c] / S->claim_n[c], cl->threshold);
        else
            ok = ds_claim_compare(cl->op, S->claim_last[c], cl->threshold);
        holds[c] = (uint8_t)ok;
    }
}

#endif
