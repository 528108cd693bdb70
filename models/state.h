/* state.h — the state of one Monte Carlo path (ds_path): what is carried
 * between steps, the token ledger in fixed point, this step's flows, and the
 * outcomes tracked so far. Only the struct: the step functions that read and
 * write it are in path.h (sequence) and the mechanism headers (fees.h). */
#ifndef DS_STATE_H
#define DS_STATE_H

#include "cloud.h"
#include "events.h"
#include "market.h"
#include "provider.h"
#include "segments.h"

typedef struct {
    uint32_t path;
    int step;      /* the step being simulated, from 0 */
    double t_days; /* time at the start of the step */

    /* stochastic state carried between steps */
    double demand_shock;  /* log shock X */
    double spot_discount; /* spot discount off on-demand */
    ds_token_state token;
    double token_price;    /* USD per token during the step */
    double cloud_ref0;     /* cloud reference at t = 0, for indexed prices */
    double util_price;     /* utilization_target: the price carried between steps */
    double baseline_sum;   /* baseline: Σ min(capacity, B) dt, capacity-days */
    double baseline_theta; /* baseline: effective network time, days */
    ds_pid_state pid;
    double settle_usd[DS_MAX_SETTLE_STEPS]; /* AEP-76: USD owed to providers, by step mod 64 */

    /* token ledger, fixed point: supply == initial + minted + unlocked − burned */
    ds_fx initial_fx, supply_fx, minted_fx, burned_fx, unlocked_fx, locked_fx;
    double treasury_usd;
    double treasury_tokens;
    int32_t active; /* active providers after the last settle */
    int32_t initial_active;

    /* this step */
    ds_cloud_prices cloud;
    double price;           /* network price, USD/heq-h */
    double demand_addr;     /* heq-h/day */
    double capacity;        /* online, heq-h/day */
    double demand_at_price; /* heq-h/day */
    double served;          /* heq-h/day */
    double utilization;
    double fees_usd;      /* paid by buyers this step */
    ds_fx mint_fx;        /* minted this step */
    ds_fx burn_fx;        /* burned this step */
    ds_fx unlock_fx;      /* unlocked from vesting this step */
    double emission_usd;  /* value of this step's mint at the step's price */
    double burn_usd;      /* value of this step's burns at the step's price */
    double buys_usd;      /* token buys this step besides the exogenous ones */
    double sells_usd;     /* token sells this step besides the providers' */
    double fee_token_usd; /* fees paid through the token (bought and burned), USD */
    ds_fx settle_fx;      /* minted this step to settle earlier payments (AEP-76) */
    ds_event_effects ev;  /* this step's dated events */
    ds_step_rates rates;
    ds_provider_sums sums;

    /* demand segments (segments.h), this step's: per segment, and per
     * eligibility group when segments restrict their providers */
    double seg_demand[DS_MAX_SEGMENTS];   /* addressable, heq-h/day */
    double seg_ref[DS_MAX_SEGMENTS];      /* its cloud reference, USD/heq-h */
    double seg_ref0[DS_MAX_SEGMENTS];     /* that reference at t = 0 (an indexed fixed price) */
    double seg_price[DS_MAX_SEGMENTS];    /* the price it pays, USD/heq-h */
    double seg_at_price[DS_MAX_SEGMENTS]; /* its demand at that price, heq-h/day */
    double seg_served[DS_MAX_SEGMENTS];   /* heq-h/day */
    double group_util[DS_MAX_GROUPS];     /* utilization of each group's online capacity */
    double group_fee[DS_MAX_GROUPS];      /* providers' fees per unit a group serves (as rates) */

    /* the prospect pool (providers.prospects) */
    double prospects_left; /* would-be providers outside the network */
    int32_t free_slots;    /* simulated slots neither active nor onboarding */
    uint8_t prospects_out; /* the pool ran out on this path */
    uint8_t slots_short;   /* the simulated slots could not stand for the pool */
    double token_z;        /* this step's volatility shock */
    double token_jumps;    /* this step's log jumps */

    /* outcomes, tracked at every step */
    double peak_price, max_drawdown;
    int32_t min_active;
    int last_unsustained; /* last step whose fees fell short of the emission value; −1 none */
    uint8_t claim_ok[DS_MAX_CLAIMS];
    double claim_sum[DS_MAX_CLAIMS];
    int claim_n[DS_MAX_CLAIMS];
    double claim_last[DS_MAX_CLAIMS];
    double claim_initial[DS_MAX_CLAIMS]; /* relative_to initial: the value at the first step */
} ds_path;

#endif
