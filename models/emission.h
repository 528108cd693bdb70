/* emission.h — tokens minted per step by the emission schedule, capped so that
 * circulating supply never exceeds max_supply. Time-based schedules are
 * written as a cumulative curve C(t) and a step mints fx(C(t1)) − fx(C(t0)):
 * the fixed-point sum telescopes, so the cumulative mint at any time equals the
 * curve exactly (Filecoin: 165,000,000 at year 6). Issuance-threshold halving
 * (Bittensor) depends on state, not time, and integrates across a threshold
 * inside a step. */
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
        return e->total_tokens * -expm1(-lambda * t_days);
    }
    default: return 0.0;
    }
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

/* Tokens (fixed point) minted in the step [t0, t0 + dt]. supply_fx is the
 * circulating supply before the step; the mint never takes it above max. */
static inline DS_HD ds_fx ds_emission_step(const ds_emission_params *e, double t0_days,
                                           double dt_days, ds_fx supply_fx)
{
    ds_fx mint;
    if (e->schedule == DS_EMIT_HALVING && e->halving_by == DS_HALVE_BY_ISSUANCE) {
        if (!(e->max_supply > 0.0)) return 0; /* thresholds need a max supply */
        mint = ds_fx_from(ds_emission_by_issuance(e, ds_fx_to(supply_fx), dt_days));
    } else {
        mint = ds_fx_from(ds_emission_cumulative(e, t0_days + dt_days)) -
               ds_fx_from(ds_emission_cumulative(e, t0_days));
    }
    if (mint < 0) mint = 0;
    if (e->max_supply > 0.0) {
        ds_fx room = ds_fx_from(e->max_supply) - supply_fx;
        if (room < 0) room = 0;
        if (mint > room) mint = room;
    }
    return mint;
}

#endif
