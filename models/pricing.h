/* pricing.h — the network's price per heq-h. `fixed`: a USD price, optionally
 * indexed to the cloud reference; `cloud_discount`: a fraction of the cloud
 * reference (Render-style). Auctions and utilization targets come later and
 * take the provider pool as input, so they get their own pass. */
#ifndef DS_PRICING_H
#define DS_PRICING_H

#include "params.h"

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

#endif
