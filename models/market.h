/* market.h — the token market, two models (token.model):
 *   market_cap (DESIGN.md §3 "Token valuation"): the market values the network.
 *     Market cap C = (F + S)·e^(φ + τ): a fundamental value F from the fees
 *     (a multiple of trailing annualised fees, or the float buyers hold under
 *     the equation of exchange), a speculative value S whose log moves by
 *     drift, volatility, bull/bear regimes and jumps, and the impact of net
 *     USD flows, a share θ of it permanent (φ) and the rest transient (τ,
 *     decaying with a half-life). The price is C ÷ circulating supply, so a
 *     mint dilutes and a burn concentrates.
 *   random_walk (the older model, kept byte-for-byte for old files): the log
 *     price is a base moved by the same drift, volatility, regimes and jumps,
 *     plus a displacement by net flow that decays with a half-life; supply
 *     never enters it.
 * Also the treasury buyback rules. Dated shocks (events.h) reach the market
 * as a factor on S (market_cap) or on the base (random_walk). */
#ifndef DS_MARKET_H
#define DS_MARKET_H

#include "params.h"

typedef struct {
    double base;     /* random_walk: USD per token before flow impact */
    double impact;   /* random_walk: log displacement by net flows */
    int bear;        /* regime: 0 bull, 1 bear (regimes on) */
    int open;        /* market_cap: tokens circulate, so the market prices them */
    double spec_usd; /* market_cap: speculative value S */
    double fund_usd; /* market_cap: fundamental value F */
    double fees_avg; /* market_cap: moving average of the fees F follows, USD/day */
    double perm;     /* market_cap: permanent log displacement φ by net flows */
    double trans;    /* market_cap: transient log displacement τ, decaying */
} ds_token_state;

static inline DS_HD double ds_token_price(const ds_token_state *s)
{
    return s->base * ds_exp(s->impact);
}

/* The fundamental value F (USD) of a fee average (USD/day): fees_multiple
 * M·365·f̄ (a price-to-sales multiple), exchange 365·f̄/V (the float that buyers
 * paying V times a year must hold: M·V = P·Q), none 0. */
static inline DS_HD double ds_token_fundamental(const ds_token_params *tk, double fees_avg)
{
    if (tk->fundamental == DS_FUND_FEES_MULTIPLE)
        return tk->fees_multiple * DS_DAYS_PER_YEAR * fees_avg;
    if (tk->fundamental == DS_FUND_EXCHANGE)
        return DS_DAYS_PER_YEAR * fees_avg / tk->velocity_per_year;
    return 0.0;
}

/* The exponential moving average of fees over one step of dt days with the
 * window W: f̄ += (1 − e^(−dt/W))·(f − f̄). From f̄0 under constant fees f it is
 * f + (f̄0 − f)·e^(−t/W) after t days, for any step length. */
static inline DS_HD double ds_token_fees_avg(const ds_token_params *tk, double avg,
                                             double fees_per_day, double dt_days)
{
    double a = -ds_expm1(-dt_days / tk->fundamental_window_days);
    return avg + a * (fees_per_day - avg);
}

/* market_cap at t = 0: the fee average starts at initial_fees_usd_per_day, F
 * from it, and S = P0·supply0 − F (validation refuses a negative S). With no
 * tokens in circulation the market is closed: the price stays at P0 until
 * tokens exist (ds_token_step_cap opens it). */
static inline DS_HD void ds_token_init_cap(const ds_token_params *tk, ds_token_state *s,
                                           double supply)
{
    s->fees_avg = tk->initial_fees_usd_per_day;
    s->fund_usd = ds_token_fundamental(tk, s->fees_avg);
    s->open = supply > 0.0;
    s->spec_usd = s->open ? ds_max(0.0, tk->initial_price_usd * supply - s->fund_usd) : 0.0;
    s->perm = s->trans = 0.0;
}

/* The log impact of a step's net flow: λ·(buys − sells)/depth, within
 * ±max_impact. λ = 0 moves nothing, whatever the depth; with no depth at all
 * (a zero market cap) any net flow under λ > 0 takes the bound. */
static inline DS_HD double ds_token_kick(const ds_token_params *tk, double buys_usd,
                                         double sells_usd, double depth_usd)
{
    if (!(tk->impact > 0.0)) return 0.0;
    if (depth_usd > 0.0)
        return ds_clamp(tk->impact * (buys_usd - sells_usd) / depth_usd, -tk->max_impact,
                        tk->max_impact);
    if (buys_usd != sells_usd) return buys_usd > sells_usd ? tk->max_impact : -tk->max_impact;
    return 0.0;
}

/* The share of a flow displacement left after dt days (half-life; 0: all). */
static inline DS_HD double ds_token_keep(const ds_token_params *tk, double dt_days)
{
    return tk->impact_half_life_days > 0.0
               ? ds_exp(-0.69314718055994530942 * dt_days / tk->impact_half_life_days)
               : 1.0;
}

/* The step's log return of the speculative value (market_cap) or base
 * (random_walk): (μ − σ²/2)·dt + σ·√dt·z + jumps, μ and σ the regime's. The
 * price's drift is μ; the log's is μ − σ²/2. */
static inline DS_HD double ds_token_log_return(const ds_token_params *tk, const ds_token_state *s,
                                               double dt_days, double z, double jumps)
{
    double dt_y = dt_days / DS_DAYS_PER_YEAR;
    double mu = tk->drift_per_year, vol = tk->vol_per_sqrt_year;
    if (tk->regimes) {
        mu = s->bear ? tk->bear_drift_per_year : tk->bull_drift_per_year;
        vol = s->bear ? tk->bear_vol_per_sqrt_year : tk->bull_vol_per_sqrt_year;
    }
    return (mu - 0.5 * vol * vol) * dt_y + vol * sqrt(dt_y) * z + jumps;
}

/* market_cap: the market cap C = (F + S)·e^(φ + τ), USD. */
static inline DS_HD double ds_token_market_cap(const ds_token_state *s)
{
    return (s->fund_usd + s->spec_usd) * ds_exp(s->perm + s->trans);
}

/* Switch regime with this step's probability, given a uniform u in (0, 1). */
static inline DS_HD void ds_token_regime_step(const ds_token_params *tk, ds_token_state *s,
                                              double dt_days, double u)
{
    if (!tk->regimes) return;
    double p_day = s->bear ? tk->bear_to_bull_per_day : tk->bull_to_bear_per_day;
    if (u < ds_prob_per_step(p_day, dt_days)) s->bear = !s->bear;
}

/* random_walk, one step with the base's log return given (the model's,
 * ds_token_log_return, or an input series': series.h): buys and sells in USD
 * over the step, market cap before it. */
static inline DS_HD void ds_token_step_return(const ds_token_params *tk, ds_token_state *s,
                                              double dt_days, double buys_usd, double sells_usd,
                                              double mcap_usd, double log_return)
{
    double kick = ds_token_kick(tk, buys_usd, sells_usd, tk->depth_frac * mcap_usd);
    s->impact = s->impact * ds_token_keep(tk, dt_days) + kick;
    s->base *= ds_exp(log_return);
}

/* random_walk, one step: buys and sells in USD over the step, market cap
 * before it, the volatility shock z, and the sum of this step's log jumps. */
static inline DS_HD void ds_token_step(const ds_token_params *tk, ds_token_state *s, double dt_days,
                                       double buys_usd, double sells_usd, double mcap_usd, double z,
                                       double jumps)
{
    ds_token_step_return(tk, s, dt_days, buys_usd, sells_usd, mcap_usd,
                         ds_token_log_return(tk, s, dt_days, z, jumps));
}

/* market_cap, one step with the speculative value's log return given (the
 * model's, or an input series'). fees_per_day: the USD/day F follows (all
 * fees under fees_multiple, those paid through the token under exchange);
 * mcap_usd: the market cap before the step (the depth is a fraction of it);
 * shock: this step's dated factor on S (1: none); supply: circulating after
 * the step's mint, burn and unlock; price: the price during the step. Returns
 * the new price, C ÷ supply. The market is open while tokens circulate: with
 * none, the price holds (nothing trades); when tokens first circulate (or
 * again, after all were burned) S is set so that the price carries over. */
static inline DS_HD double ds_token_step_cap_return(const ds_token_params *tk, ds_token_state *s,
                                                    double dt_days, double buys_usd,
                                                    double sells_usd, double mcap_usd,
                                                    double fees_per_day, double log_return,
                                                    double shock, double supply, double price)
{
    s->fees_avg = ds_token_fees_avg(tk, s->fees_avg, fees_per_day, dt_days);
    s->fund_usd = ds_token_fundamental(tk, s->fees_avg);
    if (!(supply > 0.0)) { /* closed: nothing to price */
        s->open = 0;
        return price;
    }
    if (!s->open) { /* tokens circulate again, or for the first time: at the last price */
        s->open = 1;
        s->spec_usd = ds_max(0.0, price * supply * ds_exp(-(s->perm + s->trans)) - s->fund_usd);
        return ds_token_market_cap(s) / supply;
    }
    double kick = ds_token_kick(tk, buys_usd, sells_usd, tk->depth_frac * mcap_usd);
    s->perm += tk->permanent_share * kick;
    s->trans = s->trans * ds_token_keep(tk, dt_days) + (1.0 - tk->permanent_share) * kick;
    s->spec_usd *= ds_exp(log_return);
    if (shock != 1.0) s->spec_usd *= shock;
    return ds_token_market_cap(s) / supply;
}

/* market_cap, one step, the model's own log return (z, jumps). */
static inline DS_HD double ds_token_step_cap(const ds_token_params *tk, ds_token_state *s,
                                             double dt_days, double buys_usd, double sells_usd,
                                             double mcap_usd, double fees_per_day, double z,
                                             double jumps, double shock, double supply,
                                             double price)
{
    return ds_token_step_cap_return(tk, s, dt_days, buys_usd, sells_usd, mcap_usd, fees_per_day,
                                    ds_token_log_return(tk, s, dt_days, z, jumps), shock, supply,
                                    price);
}

typedef struct {
    double ema;      /* moving average of the price the controller holds to */
    double integral; /* of the relative gap, days */
    double prev_gap;
} ds_pid_state;

/* USD the treasury spends on buyback-and-burn this step. Static: a fixed share
 * of the treasury per day. PID: the share follows the relative gap of the
 * price below its moving average (Cheng et al., arXiv 2601.09961), clamped to
 * [0, buyback_max_per_day]; the integral is clamped against wind-up. */
static inline DS_HD double ds_buyback_spend(const ds_fee_params *f, ds_pid_state *pid,
                                            double treasury_usd, double price, double dt_days)
{
    if (!(treasury_usd > 0.0)) return 0.0;
    double share_per_day = 0.0;
    if (f->buyback == DS_BUYBACK_STATIC) {
        share_per_day = f->buyback_rate_per_day;
    } else if (f->buyback == DS_BUYBACK_PID) {
        double gap = pid->ema > 0.0 ? (pid->ema - price) / pid->ema : 0.0;
        pid->integral = ds_clamp(pid->integral + gap * dt_days, -30.0, 30.0);
        double u = f->pid_kp * gap + f->pid_ki * pid->integral +
                   f->pid_kd * (gap - pid->prev_gap) / dt_days;
        pid->prev_gap = gap;
        double a = ds_min(1.0, dt_days / f->pid_ema_days);
        pid->ema += a * (price - pid->ema);
        share_per_day = ds_clamp(u, 0.0, f->buyback_max_per_day);
    } else {
        return 0.0;
    }
    return treasury_usd * ds_min(1.0, share_per_day * dt_days);
}

#endif
