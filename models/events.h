/* events.h — dated events (the scenario's `events:` list): a token price
 * shock, a demand shock, a cloud price change, a provider outage by region or
 * hardware class, and a governance change of the emission and fee parameters.
 * They depend on the day only, never on a random draw, so they act
 * identically on every path and every variant. ds_events_step turns the list
 * into this step's factors (ds_event_effects); path.h applies them where each
 * mechanism is computed. An event on day d is in force from the first step
 * that starts on or after d (for `duration_days`, or to the end of the run
 * when it is 0); a token shock acts once, in that first step. */
#ifndef DS_EVENTS_H
#define DS_EVENTS_H

#include "params.h"
#include "rng.h"

/* Step starts within this of an event's day count as on it (days are decimal). */
#define DS_EVENT_EPS 1e-9

typedef struct {
    int gov;            /* governance in force: index into ds_params.gov, −1 none */
    double demand_mult; /* on addressable demand */
    double cloud_mult;  /* on every cloud price */
    double token_mult;  /* this step's shock on the speculative value (1: none) */
    int outage;         /* an outage is in force: avail_thr holds the thresholds */
    /* [(type × class) × region] online threshold: the provider type's
     * availability (or the class's) × the share left online */
    uint32_t avail_thr[DS_MAX_TYPES * DS_MAX_CLASSES * DS_MAX_REGIONS];
} ds_event_effects;

/* Is the event in force in the step starting at t? */
static inline DS_HD int ds_event_active(const ds_event *e, double t_days)
{
    if (t_days < e->day - DS_EVENT_EPS) return 0;
    return !(e->duration_days > 0.0) || t_days < e->day + e->duration_days - DS_EVENT_EPS;
}

/* Is the step [t, t + dt) the event's first in force? */
static inline DS_HD int ds_event_starts(const ds_event *e, double t_days, double dt_days)
{
    return t_days >= e->day - DS_EVENT_EPS && t_days - dt_days < e->day - DS_EVENT_EPS;
}

/* The governance in force at t: the last entry of ds_params.gov (sorted by
 * day) that has begun, or −1. */
static inline DS_HD int ds_events_governance(const ds_params *P, double t_days)
{
    int g = -1;
    for (int k = 0; k < P->n_gov; k++)
        if (t_days >= P->gov[k].day - DS_EVENT_EPS) g = k;
    return g;
}

/* This step's effects of every event, for the step starting at t. */
static inline DS_HD void ds_events_step(const ds_params *P, ds_event_effects *fx, double t_days,
                                        double dt_days)
{
    fx->gov = ds_events_governance(P, t_days);
    fx->demand_mult = fx->cloud_mult = fx->token_mult = 1.0;
    int outage = 0;
    double keep[DS_MAX_CLASSES * DS_MAX_REGIONS];
    for (int k = 0; k < DS_MAX_CLASSES * DS_MAX_REGIONS; k++) keep[k] = 1.0;
    for (int i = 0; i < P->n_events; i++) {
        const ds_event *e = &P->events[i];
        if (e->type == DS_EVENT_TOKEN_PRICE) {
            if (ds_event_starts(e, t_days, dt_days)) fx->token_mult *= e->factor;
            continue;
        }
        if (e->type == DS_EVENT_GOVERNANCE || !ds_event_active(e, t_days)) continue;
        if (e->type == DS_EVENT_DEMAND) fx->demand_mult *= e->factor;
        if (e->type == DS_EVENT_CLOUD_PRICE) fx->cloud_mult *= e->factor;
        if (e->type != DS_EVENT_OUTAGE) continue;
        outage = 1;
        for (int c = 0; c < P->n_classes; c++)
            for (int r = 0; r < P->n_regions; r++)
                if ((e->hw_class < 0 || e->hw_class == c) && (e->region < 0 || e->region == r))
                    keep[c * DS_MAX_REGIONS + r] *= 1.0 - e->share;
    }
    fx->outage = outage;
    if (!outage) return;
    /* the same draw decides: a provider is online when its uniform falls below
     * availability × (1 − share), so the ones offline are a subset of those
     * online without the outage (common random numbers across variants) */
    int types = P->prov.n_types > 0 ? P->prov.n_types : 1;
    for (int t = 0; t < types; t++)
        for (int c = 0; c < P->n_classes; c++) {
            double a = ds_availability(P, t, c);
            for (int r = 0; r < P->n_regions; r++)
                fx->avail_thr[(t * DS_MAX_CLASSES + c) * DS_MAX_REGIONS + r] =
                    ds_prob_u32(a * keep[c * DS_MAX_REGIONS + r]);
        }
}

#endif
