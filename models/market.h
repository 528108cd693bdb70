/* market.h — the token market: the log price is a base that moves by drift +
 * volatility·z (one set of parameters, or a two-state bull/bear Markov switch)
 * plus Poisson jumps, and a displacement by net USD flow (impact × flow /
 * depth, depth a fraction of market cap, bounded per step) that decays with a
 * half-life as the market absorbs it. Also the treasury buyback rules. */
#ifndef DS_MARKET_H
#define DS_MARKET_H

#include "params.h"

typedef struct {
    double base;   /* USD per token before flow impact */
    double impact; /* log displacement by net flows */
    int bear;      /* regime: 0 bull, 1 bear (regimes on) */
} ds_token_state;

static inline DS_HD double ds_token_price(const ds_token_state *s)
{
    return s->base * ds_exp(s->impact);
}

/* Switch regime with this step's probability, given a uniform u in (0, 1). */
static inline DS_HD void ds_token_regime_step(const ds_token_params *tk, ds_token_state *s,
                                              double dt_days, double u)
{
    if (!tk->regimes) return;
    double p_day = s->bear ? tk->bear_to_bull_per_day : tk->bull_to_bear_per_day;
    double p = dt_days == 1.0 ? p_day : 1.0 - ds_pow(1.0 - p_day, dt_days);
    if (u < p) s->bear = !s->bear;
}

/* The step's log return of the base from the model: (μ − σ²/2)·dt + σ·√dt·z +
 * jumps, μ and σ the regime's. */
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

/* One step with the base's log return given (the model's, or an input
 * series': series.h): buys and sells in USD over the step, market cap before
 * it. */
static inline DS_HD void ds_token_step_return(const ds_token_params *tk, ds_token_state *s,
                                              double dt_days, double buys_usd, double sells_usd,
                                              double mcap_usd, double log_return)
{
    double depth = tk->depth_frac * mcap_usd, kick = 0.0;
    if (depth > 0.0)
        kick =
            ds_clamp(tk->impact * (buys_usd - sells_usd) / depth, -tk->max_impact, tk->max_impact);
    else if (buys_usd != sells_usd)
        kick = buys_usd > sells_usd ? tk->max_impact : -tk->max_impact;
    double keep = tk->impact_half_life_days > 0.0
                      ? ds_exp(-0.69314718055994530942 * dt_days / tk->impact_half_life_days)
                      : 1.0;
    s->impact = s->impact * keep + kick;
    s->base *= ds_exp(log_return);
}

/* One step: buys and sells in USD over the step, market cap before it, the
 * volatility shock z, and the sum of this step's log jumps. */
static inline DS_HD void ds_token_step(const ds_token_params *tk, ds_token_state *s, double dt_days,
                                       double buys_usd, double sells_usd, double mcap_usd, double z,
                                       double jumps)
{
    ds_token_step_return(tk, s, dt_days, buys_usd, sells_usd, mcap_usd,
                         ds_token_log_return(tk, s, dt_days, z, jumps));
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
