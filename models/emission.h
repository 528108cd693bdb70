/* emission.h — tokens minted per step by the emission schedule, capped so that
 * circulating plus locked supply never exceeds max_supply; Filecoin baseline
 * minting on effective network time; revenue-target minting; the re-mint of
 * burned tokens and registration recycling; vesting unlocks. Which of these a
 * step uses, and in what order, is ds_path_mint's (path.h). Time-based
 * schedules are written as a cumulative curve C(t) and a step mints
 * fx(C(t1)) − fx(C(t0)): the fixed-point sum telescopes, so the cumulative
 * mint at any time equals the curve exactly (Filecoin: 165,000,000 at year
 * 6). Issuance-threshold halving (Bittensor) depends on state, not time, and
 * integrates across a threshold inside a step. */
#ifndef DS_EMISSION_H
#define DS_EMISSION_H

#include "params.h"

/* Cumulative tokens minted by a time-based schedule from t = 0 to t (days). */
static inline DS_HD double ds_emission_cumulative(const ds_emission_params *e, double t_days)
{
    switch (e->schedule) {
    case DS_EMIT_FIXED: return e->tokens_per_day * t_days;
    case DS_EMIT_HALVING: {
        /* halving by period: rate r·2^−n in period n; closed form of the sum */
        double per = e->halving_period_days;
        double n = floor(t_days / per);
        if (n > 1000.0) n = 1000.0; /* 2^-1000 is zero for every purpose */
        double done = e->tokens_per_day * per * 2.0 * (1.0 - ldexp(1.0, -(int)n));
        return done + e->tokens_per_day * ldexp(1.0, -(int)n) * (t_days - n * per);
    }
    case DS_EMIT_EXP_DECAY: {
        /* Filecoin simple minting: M(t) = total·(1 − e^(−λt)), λ = ln2 / half-life */
        double lambda = 0.69314718055994530942 / e->half_life_days;
        return e->total_tokens * -ds_expm1(-lambda * t_days);
    }
    case DS_EMIT_SCHEDULE: {
        /* a table of periods, each minting its tokens evenly; nothing after the last */
        double start = 0.0, sum = 0.0;
        for (int k = 0; k < e->n_periods; k++) {
            double len = e->period_days[k];
            if (t_days < start + len) return sum + e->period_tokens[k] * (t_days - start) / len;
            sum += e->period_tokens[k];
            start += len;
        }
        return sum;
    }
    default: return 0.0;
    }
}

/* Filecoin baseline minting. The baseline B(t) = b0·e^(gt) (capacity units);
 * ∫ min(R, B) over [t0, t1] for capacity R held over the step, exactly. */
static inline DS_HD double ds_baseline_capped(const ds_emission_params *e, double R, double t0,
                                              double t1)
{
    double g = e->baseline_growth_per_year / DS_DAYS_PER_YEAR, b0 = e->baseline_b0;
    if (!(R > 0.0)) return 0.0;
    if (g == 0.0) return ds_min(R, b0) * (t1 - t0);
    double B0 = b0 * ds_exp(g * t0), B1 = b0 * ds_exp(g * t1);
    if (R >= B0 && R >= B1) return b0 * (ds_exp(g * t1) - ds_exp(g * t0)) / g; /* below capacity */
    if (R <= B0 && R <= B1) return R * (t1 - t0);
    double s = ds_log(R / b0) / g; /* the baseline crosses R inside the step */
    if (g > 0.0) return b0 * (ds_exp(g * s) - ds_exp(g * t0)) / g + R * (t1 - s);
    return R * (s - t0) + b0 * (ds_exp(g * t1) - ds_exp(g * s)) / g;
}

/* Effective network time θ (days) from cumulative capped capacity ΣR
 * (capacity-days): ∫₀^θ B = ΣR ⇒ θ = (1/g)·ln(1 + g·ΣR/b0). */
static inline DS_HD double ds_baseline_theta(const ds_emission_params *e, double sum_capped)
{
    double g = e->baseline_growth_per_year / DS_DAYS_PER_YEAR;
    if (g == 0.0) return sum_capped / e->baseline_b0;
    return ds_log1p(g * sum_capped / e->baseline_b0) / g;
}

/* Cumulative baseline-schedule mint: simple part on real time, baseline part
 * on effective network time (PROTOCOLS.md: M_b = 770M·(1 − e^(−λθ))). */
static inline DS_HD double ds_baseline_cumulative(const ds_emission_params *e, double t_days,
                                                  double theta_days)
{
    double lambda = 0.69314718055994530942 / e->half_life_days;
    return e->simple_total_tokens * -ds_expm1(-lambda * t_days) +
           e->total_tokens * -ds_expm1(-lambda * theta_days);
}

/* Tokens unlocked by one vesting allocation by time t: linear from t = 0 over
 * vest_days, nothing before the cliff (the part vested by then unlocks at it). */
static inline DS_HD double ds_vesting_unlocked(const ds_vesting *v, double t_days)
{
    if (t_days < v->cliff_days) return 0.0;
    if (!(v->vest_days > 0.0) || t_days >= v->vest_days) return v->tokens;
    return v->tokens * t_days / v->vest_days;
}

/* Bittensor block emission as a fraction of the base rate at issuance I:
 * 1 / 2^floor(log2(1 / (1 − I/max))), i.e. halvings at I = max·(1 − 2^−k).
 * Computed by comparing against the thresholds, not with log2, so it is exact
 * at the thresholds themselves. */
static inline DS_HD int ds_halving_epoch(double issuance, double max_supply)
{
    int k = 0;
    while (k < 60 && issuance >= max_supply * (1.0 - ldexp(1.0, -(k + 1)))) k++;
    return k;
}

/* Tokens minted over [t0, t0 + dt] by issuance-threshold halving, starting
 * from issuance I0: the rate halves exactly where I crosses a threshold. */
static inline DS_HD double ds_emission_by_issuance(const ds_emission_params *e, double I0,
                                                   double dt_days)
{
    double I = I0, left = dt_days;
    for (int guard = 0; guard < 64 && left > 0.0; guard++) {
        int k = ds_halving_epoch(I, e->max_supply);
        double rate = e->tokens_per_day * ldexp(1.0, -k);
        double next = e->max_supply * (1.0 - ldexp(1.0, -(k + 1)));
        if (rate <= 0.0) break;
        double need = (next - I) / rate; /* days to the next threshold */
        if (need >= left) {
            I += rate * left;
            left = 0.0;
        } else {
            I = next;
            left -= need;
        }
    }
    return I - I0;
}

/* Tokens (fixed point) a time- or issuance-driven schedule mints in the step
 * [t0, t0 + dt], before the cap. supply_fx is the circulating supply before the
 * step (issuance-threshold halving counts it, so burned, recycled tokens delay
 * halvings as in Bittensor). Baseline and revenue-target minting depend on the
 * step's capacity and fees: ds_emission_baseline_step, ds_emission_revenue_target. */
static inline DS_HD ds_fx ds_emission_scheduled(const ds_emission_params *e, double t0_days,
                                                double dt_days, ds_fx supply_fx)
{
    if (e->schedule == DS_EMIT_HALVING && e->halving_by == DS_HALVE_BY_ISSUANCE) {
        if (!(e->max_supply > 0.0)) return 0; /* thresholds need a max supply */
        return ds_fx_from(ds_emission_by_issuance(e, ds_fx_to(supply_fx), dt_days));
    }
    if (e->schedule == DS_EMIT_BASELINE || e->schedule == DS_EMIT_REVENUE_TARGET) return 0;
    ds_fx mint = ds_fx_from(ds_emission_cumulative(e, t0_days + dt_days)) -
                 ds_fx_from(ds_emission_cumulative(e, t0_days));
    return mint < 0 ? 0 : mint;
}

/* Filecoin baseline minting over the step [t0, t0 + dt] with capacity held
 * at `capacity`: advances the capped-capacity sum (capacity-days) and the
 * effective network time θ (days), and returns the step's mint in fixed point,
 * the simple part on schedule time (t + start_day), the baseline part on θ;
 * like the time-based schedules it telescopes. */
static inline DS_HD ds_fx ds_emission_baseline_step(const ds_emission_params *e, double capacity,
                                                    double t0_days, double dt_days,
                                                    double *sum_capped, double *theta_days)
{
    double ts = t0_days + e->start_day, th0 = *theta_days;
    *sum_capped += ds_baseline_capped(e, capacity, t0_days, t0_days + dt_days);
    *theta_days = ds_baseline_theta(e, *sum_capped);
    return ds_fx_from(ds_baseline_cumulative(e, ts + dt_days, *theta_days)) -
           ds_fx_from(ds_baseline_cumulative(e, ts, th0));
}

/* Revenue-target minting: tokens worth the gap between the providers' income
 * target (target_usd_per_heqh on the online capacity) and the fees paid to
 * them in USD, at the step's token price, at most max_tokens_per_day. */
static inline DS_HD ds_fx ds_emission_revenue_target(const ds_emission_params *e, double capacity,
                                                     double provider_usd, double token_price,
                                                     double dt_days)
{
    double gap_usd = e->target_usd_per_heqh * capacity * dt_days - provider_usd;
    double tokens = gap_usd > 0.0 && token_price > 0.0 ? gap_usd / token_price : 0.0;
    return ds_fx_from(ds_min(tokens, e->max_tokens_per_day * dt_days));
}

/* Net emissions: the step's burns minted again, at most remint_max_per_day
 * (0 unless remint_burned). */
static inline DS_HD ds_fx ds_emission_remint(const ds_emission_params *e, ds_fx burn_fx,
                                             double dt_days)
{
    if (!e->remint_burned) return 0;
    ds_fx cap = ds_fx_from(e->remint_max_per_day * dt_days);
    return burn_fx < cap ? burn_fx : cap;
}

/* Registration recycling (Bittensor): tokens burned each step without a
 * market flow, which delays issuance-threshold halvings. */
static inline DS_HD ds_fx ds_emission_recycled(const ds_emission_params *e, double dt_days)
{
    return e->recycle_per_day > 0.0 ? ds_fx_from(e->recycle_per_day * dt_days) : 0;
}

/* The cap: what may still be minted so that circulating plus still-locked
 * tokens stay within max_supply (0: no cap). */
static inline DS_HD ds_fx ds_emission_cap(const ds_emission_params *e, ds_fx mint, ds_fx supply_fx,
                                          ds_fx locked_fx)
{
    if (mint < 0) mint = 0;
    if (e->max_supply > 0.0) {
        ds_fx room = ds_fx_sub(ds_fx_sub(ds_fx_from(e->max_supply), supply_fx), locked_fx);
        if (room < 0) room = 0;
        if (mint > room) mint = room;
    }
    return mint;
}

/* Scheduled mint with the cap applied (the form the known-answer tests use). */
static inline DS_HD ds_fx ds_emission_step(const ds_emission_params *e, double t0_days,
                                           double dt_days, ds_fx supply_fx)
{
    return ds_emission_cap(e, ds_emission_scheduled(e, t0_days, dt_days, supply_fx), supply_fx, 0);
}

#endif
