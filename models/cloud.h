/* cloud.h — the buyer's cloud alternative, AWS-style, per heq-h: on-demand
 * with a yearly decline and dated step cuts, spot as a mean-reverting discount
 * off on-demand, reserved 1-year and 3-year as fixed discounts, and the
 * reference the buyer compares against (one of these or a blend). */
#ifndef DS_CLOUD_H
#define DS_CLOUD_H

#include "params.h"

typedef struct {
    double on_demand, spot, reserved_1y, reserved_3y, reference; /* USD/heq-h */
} ds_cloud_prices;

static inline DS_HD double ds_cloud_on_demand(const ds_cloud_params *c, double t_days)
{
    double p =
        c->on_demand_usd_per_heqh * ds_pow(1.0 - c->decline_per_year, t_days / DS_DAYS_PER_YEAR);
    for (int i = 0; i < c->n_cuts; i++)
        if (t_days >= c->cut_day[i]) p *= 1.0 - c->cut_frac[i];
    return p;
}

/* One OU step of the spot discount: d += κ(d̄ − d)dt + σ√dt·z, kept in [0, 0.95]. */
static inline DS_HD double ds_cloud_spot_step(const ds_cloud_params *c, double d, double dt_days,
                                              double z)
{
    double dt_y = dt_days / DS_DAYS_PER_YEAR;
    d += c->spot_discount_reversion_per_year * (c->spot_discount_mean - d) * dt_y +
         c->spot_discount_vol_per_sqrt_year * sqrt(dt_y) * z;
    return ds_clamp(d, 0.0, 0.95);
}

/* One of the prices as a buyer's reference (DS_REF_*; a blend by the cloud's
 * weights): the cloud's own reference, and each demand segment's. */
static inline DS_HD double ds_cloud_pick(const ds_cloud_params *c, const ds_cloud_prices *p,
                                         int ref)
{
    switch (ref) {
    case DS_REF_SPOT: return p->spot;
    case DS_REF_RESERVED_1Y: return p->reserved_1y;
    case DS_REF_RESERVED_3Y: return p->reserved_3y;
    case DS_REF_BLEND:
        return c->blend_on_demand * p->on_demand + c->blend_spot * p->spot +
               c->blend_reserved_1y * p->reserved_1y + c->blend_reserved_3y * p->reserved_3y;
    default: return p->on_demand;
    }
}

/* Every price and the reference from an on-demand and a spot price: the
 * closed forms' (ds_cloud_at) or input series' (path.h). */
static inline DS_HD ds_cloud_prices ds_cloud_from(const ds_cloud_params *c, double on_demand,
                                                  double spot)
{
    ds_cloud_prices p;
    p.on_demand = on_demand;
    p.spot = spot;
    p.reserved_1y = p.on_demand * (1.0 - c->reserved_1y_discount);
    p.reserved_3y = p.on_demand * (1.0 - c->reserved_3y_discount);
    p.reference = 0.0;
    p.reference = ds_cloud_pick(c, &p, c->reference);
    return p;
}

static inline DS_HD ds_cloud_prices ds_cloud_at(const ds_cloud_params *c, double t_days,
                                                double spot_discount)
{
    double on_demand = ds_cloud_on_demand(c, t_days);
    return ds_cloud_from(c, on_demand, on_demand * (1.0 - spot_discount));
}

#endif
