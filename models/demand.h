/* demand.h — addressable AI demand D_t (heq-h/day): base × growth curve ×
 * exp(log shock), the shock a mean-reverting (OU) process with Poisson jumps;
 * and the logit share the network captures against the buyer's cloud price. */
#ifndef DS_DEMAND_H
#define DS_DEMAND_H

#include "params.h"

/* Growth multiplier G(t), G(0) = 1, of a curve (DS_GROWTH_*) with rate g a
 * year; logistic: ceiling K·base, steepness g. The one buyer's (below) and
 * each segment's (segments.h). */
static inline DS_HD double ds_growth_curve(int growth, double rate_per_year, double ceiling_mult,
                                           double t_days)
{
    double ty = t_days / DS_DAYS_PER_YEAR;
    if (growth == DS_GROWTH_LOGISTIC) {
        double K = ceiling_mult;
        return K / (1.0 + (K - 1.0) * ds_exp(-rate_per_year * ty));
    }
    return ds_exp(rate_per_year * ty);
}

static inline DS_HD double ds_demand_growth(const ds_demand_params *d, double t_days)
{
    return ds_growth_curve(d->growth, d->growth_rate_per_year, d->logistic_ceiling_mult, t_days);
}

/* One step of the log shock X: X += −κX·dt + σ√dt·z + Σ jumps, where the jump
 * count is Poisson(λ·dt) and the sum of n N(μ_J, s_J²) jumps is drawn as one
 * normal N(n·μ_J, n·s_J²) from z_jump. */
static inline DS_HD double ds_demand_shock_step(const ds_demand_params *d, double x, double dt_days,
                                                double z, int n_jumps, double z_jump)
{
    double dt_y = dt_days / DS_DAYS_PER_YEAR;
    x += -d->shock_reversion_per_year * x * dt_y + d->shock_vol_per_sqrt_year * sqrt(dt_y) * z;
    if (n_jumps > 0) x += n_jumps * d->jump_mean + sqrt((double)n_jumps) * d->jump_sd * z_jump;
    return x;
}

static inline DS_HD double ds_demand_addressable(const ds_demand_params *d, double t_days,
                                                 double shock)
{
    return d->base_heqh_per_day * ds_demand_growth(d, t_days) * ds_exp(shock);
}

/* share = 1 / (1 + exp(β·(p/(q·C_ref) − m))) */
static inline DS_HD double ds_logit_share(double beta, double midpoint, double quality,
                                          double price, double cloud_ref)
{
    if (!(cloud_ref > 0.0)) return 0.0;
    double x = beta * (price / (quality * cloud_ref) - midpoint);
    if (x > 700.0) return 0.0;
    return 1.0 / (1.0 + ds_exp(x));
}

static inline DS_HD double ds_demand_share(const ds_demand_params *d, double price,
                                           double cloud_ref)
{
    return ds_logit_share(d->share_beta, d->share_midpoint, d->quality, price, cloud_ref);
}

#endif
