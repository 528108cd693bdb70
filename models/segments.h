/* segments.h — demand segments (`demand.segments:` training, inference,
 * rendering, …): each has its own addressable demand (a growth curve or an
 * input series, under the one shared log shock), its own logit choice
 * against its own cloud reference, and may be restricted to the providers
 * that meet its requirement (a class at least so large, an availability, a
 * region, a provider type). With no segments the demand.* keys are the one
 * buyer, computed exactly as before segments existed.
 * Restricted segments are served from the capacity of the providers that
 * may serve them: providers fall into eligibility groups (the set of
 * segments each may serve, a mask of DS_MAX_SEGMENTS bits), pass A sums the
 * online capacity per group, and ds_segments_allocate serves the segments
 * strictest first (the least eligible capacity first), each from its
 * groups in proportion to what they have left: exact when requirements nest
 * (inference ⊂ training), a greedy rule otherwise. */
#ifndef DS_SEGMENTS_H
#define DS_SEGMENTS_H

#include "cloud.h"
#include "demand.h"
#include "params.h"
#include "series.h"

/* Input series number k (1-based) of the scenario's inputs at day t. */
static inline DS_HD double ds_params_series(const ds_params *P, int k, double t_days)
{
    return ds_series_at(&P->pool, &P->series[k - 1], t_days);
}

/* Segments in play: the scenario's, or the one buyer of demand.*. */
static inline DS_HD int ds_segments_n(const ds_demand_params *d)
{
    return d->n_segments > 0 ? d->n_segments : 1;
}

/* Does any segment restrict its providers (then capacity is counted by
 * eligibility group and served segment by segment)? */
static inline DS_HD int ds_segments_grouped(const ds_params *P)
{
    int any = 0;
    for (int s = 0; s < P->demand.n_segments; s++) any |= P->demand.seg[s].restricted;
    return any;
}

/* A demand level at t, heq-h/day: base × growth, or an input series in its
 * place (replace) or on top of it (multiply, a factor); times exp(shock). */
static inline DS_HD double ds_demand_level(const ds_params *P, double base, int growth, double rate,
                                           double ceiling, int series, int mode, double t_days,
                                           double shock)
{
    if (!series) return base * ds_growth_curve(growth, rate, ceiling, t_days) * ds_exp(shock);
    double v = ds_params_series(P, series, t_days);
    double curve =
        mode == DS_SERIES_MULTIPLY ? base * ds_growth_curve(growth, rate, ceiling, t_days) * v : v;
    return curve * ds_exp(shock);
}

/* Segment s's addressable demand at t under the shared shock. */
static inline DS_HD double ds_segment_level(const ds_params *P, int s, double t_days, double shock)
{
    const ds_demand_params *d = &P->demand;
    if (d->n_segments == 0)
        return ds_demand_level(P, d->base_heqh_per_day, d->growth, d->growth_rate_per_year,
                               d->logistic_ceiling_mult, d->series, d->series_mode, t_days, shock);
    const ds_segment *g = &d->seg[s];
    return ds_demand_level(P, g->base_heqh_per_day, g->growth, g->growth_rate_per_year,
                           g->logistic_ceiling_mult, g->series, g->series_mode, t_days, shock);
}

/* Segment s's share of its demand at a price against its cloud reference. */
static inline DS_HD double ds_segment_share(const ds_demand_params *d, int s, double price,
                                            double cloud_ref)
{
    if (d->n_segments == 0) return ds_demand_share(d, price, cloud_ref);
    const ds_segment *g = &d->seg[s];
    return ds_logit_share(g->share_beta, g->share_midpoint, g->quality, price, cloud_ref);
}

/* Segment s's cloud reference among the cloud's prices. */
static inline DS_HD double ds_segment_reference(const ds_params *P, int s, const ds_cloud_prices *c)
{
    const ds_demand_params *d = &P->demand;
    int ref = d->n_segments > 0 ? d->seg[s].reference : DS_SEG_REF_CLOUD;
    return ref == DS_SEG_REF_CLOUD ? c->reference : ds_cloud_pick(&P->cloud, c, ref);
}

/* The eligibility group of a provider of class cls, region, type and
 * availability: bit s set when it meets segment s's requirement. */
static inline DS_HD int ds_segments_mask(const ds_params *P, int cls, int region, int type,
                                         double availability)
{
    int mask = 0;
    for (int s = 0; s < P->demand.n_segments; s++) {
        const ds_segment *g = &P->demand.seg[s];
        int ok = !g->restricted || (P->hw[cls].heq_per_device >= g->min_heq_per_device &&
                                    availability >= g->min_availability &&
                                    (!g->region_mask || (g->region_mask >> region & 1u)) &&
                                    (!g->type_mask || (g->type_mask >> type & 1u)));
        mask |= ok << s;
    }
    return mask;
}

/* Serve K restricted segments from the groups' online capacity cap[g]
 * (fixed point, g an eligibility mask): the segment with the least eligible
 * capacity first, each taking min(its demand at price, what its groups have
 * left) from its groups in proportion to what each has left. Out: served[s]
 * (heq-h/day), used[g] (heq-h/day of group g served), gross[g] (USD/day
 * buyers pay for group g's work at their segments' prices). */
static inline DS_HD void ds_segments_allocate(int K, const double *at_price, const double *price,
                                              const ds_fx *cap, double *served, double *used,
                                              double *gross)
{
    double left[DS_MAX_GROUPS], eligible[DS_MAX_SEGMENTS];
    int order[DS_MAX_SEGMENTS];
    for (int g = 0; g < DS_MAX_GROUPS; g++) {
        left[g] = ds_fx_to(cap[g]);
        used[g] = gross[g] = 0.0;
    }
    for (int s = 0; s < K; s++) {
        eligible[s] = 0.0;
        for (int g = 0; g < DS_MAX_GROUPS; g++)
            if (g >> s & 1) eligible[s] += left[g];
        int j = s; /* insertion by eligible capacity, ties in index order */
        while (j > 0 && eligible[order[j - 1]] > eligible[s]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = s;
    }
    for (int k = 0; k < K; k++) {
        int s = order[k];
        double avail = 0.0;
        for (int g = 0; g < DS_MAX_GROUPS; g++)
            if (g >> s & 1) avail += left[g];
        double x = ds_min(at_price[s], avail);
        served[s] = x;
        if (!(avail > 0.0) || !(x > 0.0)) continue;
        double f = x / avail;
        for (int g = 0; g < DS_MAX_GROUPS; g++) {
            if (!(g >> s & 1)) continue;
            double take = left[g] * f;
            left[g] -= take;
            used[g] += take;
            gross[g] += take * price[s];
        }
    }
}

#endif
