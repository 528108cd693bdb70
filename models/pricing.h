/* pricing.h — the network's price per heq-h. `fixed`: a USD price, optionally
 * indexed to the cloud reference; `cloud_discount`: a fraction of the cloud
 * reference (Render-style); `utilization_target`: a price carried between
 * steps that moves toward a target utilization (ds_pricing_util_next, at the
 * end of each step). The `auction` price depends on the online providers'
 * asks and is set when the market clears, after they are counted (auction.h). */
#ifndef DS_PRICING_H
#define DS_PRICING_H

#include "params.h"

/* The posted price under fixed and cloud_discount pricing, USD/heq-h; cloud_ref0
 * is the reference at t = 0 (for a price indexed to the cloud). */
static inline DS_HD double ds_pricing_price(const ds_pricing_params *p, double cloud_ref,
                                            double cloud_ref0)
{
    switch (p->model) {
    case DS_PRICING_CLOUD_DISCOUNT: return p->cloud_fraction * cloud_ref;
    default:
        if (p->index_to_cloud && cloud_ref0 > 0.0)
            return p->price_usd_per_heqh * cloud_ref / cloud_ref0;
        return p->price_usd_per_heqh;
    }
}

/* Utilization-target pricing: the price moves multiplicatively toward the
 * target, gain × gap per day, within its bounds. */
static inline DS_HD double ds_pricing_util_next(const ds_pricing_params *p, double price,
                                                double utilization, double dt_days)
{
    double next = price * ds_exp(p->gain_per_day * (utilization - p->target_utilization) * dt_days);
    return ds_clamp(next, p->price_min_usd, p->price_max_usd);
}

#endif
