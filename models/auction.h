/* auction.h — the reverse auction (Akash-style): each provider asks its
 * reservation price times a markup; the uniform clearing price is where online
 * supply meets the demand curve, found on a log-spaced price grid: providers are
 * binned by ask (the bin is fixed per path), a backend sums online capacity per
 * bin (a histogram, O(N), no sort), and the clearing walks the prefix sum.
 * Cheapest capacity is served first; the marginal bin is served in part. */
#ifndef DS_AUCTION_H
#define DS_AUCTION_H

#include "demand.h"
#include "params.h"
#include "segments.h"

/* Upper edge of bin k: asks in bin k lie in (edge(k−1), edge(k)]. */
static inline DS_HD double ds_auction_edge(const ds_pricing_params *p, int k)
{
    return p->grid_min_usd *
           ds_pow(p->grid_max_usd / p->grid_min_usd, (double)(k + 1) / DS_AUCTION_BINS);
}

static inline DS_HD int ds_auction_bin(const ds_pricing_params *p, double ask)
{
    if (!(ask > p->grid_min_usd)) return 0;
    double x = ds_log(ask / p->grid_min_usd) / ds_log(p->grid_max_usd / p->grid_min_usd);
    int k = (int)ceil(x * DS_AUCTION_BINS) - 1;
    if (k < 0) k = 0;
    if (k >= DS_AUCTION_BINS) k = DS_AUCTION_BINS - 1; /* asks above the grid sit in the top bin */
    return k;
}

typedef struct {
    double price;      /* clearing price, USD/heq-h */
    double demand;     /* demand at that price, heq-h/day */
    double served;     /* heq-h/day */
    int serve_bin;     /* bins below are served in full */
    double serve_frac; /* share of the marginal bin's capacity served */
} ds_auction_result;

/* The demand at a price of K segments: addressable addr[s] times the share
 * each buys at that price against its reference ref[s]. */
static inline DS_HD double ds_auction_demand(const ds_demand_params *d, int K, const double *addr,
                                             const double *ref, double price)
{
    double dem = 0.0;
    for (int s = 0; s < K; s++) dem += addr[s] * ds_segment_share(d, s, price, ref[s]);
    return dem;
}

/* Clear the market for K demand segments (addr, ref: [K]). hist:
 * [DS_AUCTION_BINS] online capacity per ask bin. The price is the lowest grid
 * edge at which the capacity asking at most that much covers the demand at
 * that price; if none does, the top edge, all served. */
static inline DS_HD ds_auction_result ds_auction_clear_k(const ds_pricing_params *p,
                                                         const ds_demand_params *d, int K,
                                                         const double *addr, const double *ref,
                                                         const ds_fx *hist)
{
    ds_auction_result r;
    ds_fx cum = 0;
    int k = 0;
    double dem = 0.0;
    for (k = 0; k < DS_AUCTION_BINS; k++) {
        cum = ds_fx_add(cum, hist[k]);
        r.price = ds_auction_edge(p, k);
        dem = ds_auction_demand(d, K, addr, ref, r.price);
        if (ds_fx_to(cum) >= dem && cum > 0) break;
    }
    if (k == DS_AUCTION_BINS) k = DS_AUCTION_BINS - 1;
    double supply = ds_fx_to(cum);
    r.demand = dem;
    r.served = ds_min(dem, supply);
    /* fill cheapest first: find the bin where cumulative capacity reaches served */
    ds_fx filled = 0;
    r.serve_bin = DS_AUCTION_BINS;
    r.serve_frac = 1.0;
    for (int j = 0; j <= k; j++) {
        double before = ds_fx_to(filled), cap = ds_fx_to(hist[j]);
        if (cap > 0.0 && before + cap >= r.served) {
            r.serve_bin = j;
            r.serve_frac = ds_clamp((r.served - before) / cap, 0.0, 1.0);
            break;
        }
        filled = ds_fx_add(filled, hist[j]);
    }
    return r;
}

/* One buyer: demand_addr against cloud_ref (d's own keys, or its segment 0). */
static inline DS_HD ds_auction_result ds_auction_clear(const ds_pricing_params *p,
                                                       const ds_demand_params *d, const ds_fx *hist,
                                                       double demand_addr, double cloud_ref)
{
    return ds_auction_clear_k(p, d, 1, &demand_addr, &cloud_ref, hist);
}

#endif
