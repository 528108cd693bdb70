/* fees.h — where a step's money and tokens go once the market has cleared:
 * fee routing (a protocol take, the rest to providers, or burn-and-mint), the
 * buy-and-burn every burn mechanism shares, the AEP-76 settlement (burn at
 * payment, mint at settlement), the split of the mint between providers,
 * stakers, treasury and owners, vesting unlocks, and the treasury buyback. Each acts on the path
 * state (state.h); path.h calls them in order. The mint itself is emission.h's; what the buyback
 * spends is market.h's. */
#ifndef DS_FEES_H
#define DS_FEES_H

#include "emission.h"
#include "state.h"

/* Buy tokens worth usd at the step's price and burn them (BME, buybacks,
 * take-rate burns): a buy flow for the market, a burn for the ledger. */
static inline DS_HD void ds_path_buy_burn(ds_path *S, double usd)
{
    if (!(usd > 0.0) || !(S->token_price > 0.0)) return;
    S->buys_usd += usd;
    S->burn_fx = ds_fx_add(S->burn_fx, ds_fx_from(usd / S->token_price));
}

/* AEP-76 settlement: the delay in whole steps (a part of a step counts as
 * one); 0 when settlement is off. Validation keeps it below
 * DS_MAX_SETTLE_STEPS. */
static inline DS_HD int ds_settle_steps(const ds_fee_params *fe, double dt_days)
{
    if (!(fe->settlement_delay_days > 0.0)) return 0;
    return (int)ceil(fe->settlement_delay_days / dt_days - 1e-9);
}

/* Owe the providers usd, to be minted `steps` steps after `step`. */
static inline DS_HD void ds_settle_push(ds_path *S, int step, int steps, double usd)
{
    S->settle_usd[(step + steps) % DS_MAX_SETTLE_STEPS] += usd;
}

/* What falls due at `step` (USD), taken off the queue. */
static inline DS_HD double ds_settle_due(ds_path *S, int step)
{
    double *slot = &S->settle_usd[step % DS_MAX_SETTLE_STEPS];
    double usd = *slot;
    *slot = 0.0;
    return usd;
}

/* Tokens minted to settle usd at the settlement-day price (AEP-76: A/P_settle). */
static inline DS_HD ds_fx ds_settle_tokens(double usd, double price)
{
    return usd > 0.0 && price > 0.0 ? ds_fx_from(usd / price) : 0;
}

/* Route this step's fees (S->fees_usd): a take for the protocol (kept by the
 * treasury, or under a split with take_to burn bought and burned), the rest
 * to providers in USD, or under burn-and-mint bought and burned while the
 * providers are paid from the mint — with a settlement delay (AEP-76), their
 * USD is owed and minted at the settlement-day price (ds_path_mint). The USD
 * of tokens bought for fees is kept in S->fee_token_usd. Returns the USD paid
 * to providers now. */
static inline DS_HD double ds_fees_route(const ds_fee_params *fe, ds_path *S, double dt_days)
{
    double take = fe->take_rate * S->fees_usd, provider_usd = S->fees_usd - take;
    double bought = S->buys_usd;
    if (fe->routing == DS_FEES_SPLIT && fe->take_to == DS_TAKE_BURN)
        ds_path_buy_burn(S, take);
    else
        S->treasury_usd += take;
    if (fe->routing == DS_FEES_BURN_AND_MINT) {
        ds_path_buy_burn(S, provider_usd);
        int steps = ds_settle_steps(fe, dt_days);
        if (steps > 0) ds_settle_push(S, S->step, steps, provider_usd);
        provider_usd = 0.0;
    }
    S->fee_token_usd += S->buys_usd - bought;
    return provider_usd;
}

/* Split the step's mint (tokens): `direct` goes to the providers outside the
 * split (a re-mint to providers only, AEP-76 settlements); of the rest,
 * stakers, treasury and owners sell their shares at once in part and the
 * treasury keeps what it does not sell as tokens. Returns the providers'
 * tokens. */
static inline DS_HD double ds_rewards_split(const ds_reward_params *rw, ds_path *S, double mint,
                                            double direct)
{
    double split = mint - direct;
    double to_stakers = rw->stakers_share * split, to_treasury = rw->treasury_share * split;
    double to_owners = rw->owners_share * split,
           to_providers = rw->providers_share * split + direct;
    double sold_treasury = rw->treasury_sell_frac * to_treasury;
    S->treasury_tokens += to_treasury - sold_treasury;
    S->treasury_usd += sold_treasury * S->token_price;
    S->sells_usd +=
        (rw->stakers_sell_frac * to_stakers + sold_treasury + rw->owners_sell_frac * to_owners) *
        S->token_price;
    return to_providers;
}

/* Vesting unlocks over [t0, t1]: each allocation's unlocked tokens enter
 * circulation (fixed point, telescoping like the schedules) and a share of
 * them is sold at once; the locked total falls by as much. v: [n]. */
static inline DS_HD void ds_vesting_step(const ds_vesting *v, int n, ds_path *S, double t0_days,
                                         double t1_days)
{
    for (int k = 0; k < n; k++) {
        ds_fx u = ds_fx_from(ds_vesting_unlocked(&v[k], t1_days)) -
                  ds_fx_from(ds_vesting_unlocked(&v[k], t0_days));
        S->unlock_fx = ds_fx_add(S->unlock_fx, u);
        S->sells_usd += v[k].sell_frac * ds_fx_to(u) * S->token_price;
    }
    S->locked_fx = ds_fx_sub(S->locked_fx, S->unlock_fx);
}

/* Treasury buyback-and-burn (static or PID): the treasury's USD buys tokens
 * at the step's price and burns them. */
static inline DS_HD void ds_buyback_step(const ds_fee_params *fe, ds_path *S, double dt_days)
{
    double spend = ds_buyback_spend(fe, &S->pid, S->treasury_usd, S->token_price, dt_days);
    S->treasury_usd -= spend;
    ds_path_buy_burn(S, spend);
}

#endif
