/* params.h — the scenario's parameters as plain structs: what the YAML loader
 * fills, what the backends copy to every worker and to the GPU. Plain
 * data only: fixed-size arrays, no pointers, so a struct copy is a deep copy.
 * Units are in the names; scenarios/README.md documents every key. */
#ifndef DS_PARAMS_H
#define DS_PARAMS_H

#include <stddef.h>

#include "common.h"
#include "series.h"

#define DS_MAX_CLASSES 8
#define DS_MAX_REGIONS 8
#define DS_MAX_CUTS 8
#define DS_NAME_LEN 32
#define DS_MAX_PERIODS 8       /* emission table entries */
#define DS_MAX_VESTING 8       /* vesting allocations */
#define DS_MAX_CLAIMS 16       /* claims and their combinations (all/any/not of earlier claims) */
#define DS_AUCTION_BINS 128    /* log-spaced price grid of the reverse auction */
#define DS_MAX_EVENTS 8        /* dated events */
#define DS_MAX_GOVERNANCE 4    /* governance events among them */
#define DS_MAX_SETTLE_STEPS 64 /* AEP-76 settlement: the delay is less than this many steps */
#define DS_MAX_SEGMENTS 4      /* demand segments */
#define DS_MAX_GROUPS 16       /* eligibility masks of DS_MAX_SEGMENTS segments: 2^4 */
#define DS_MAX_TYPES 4         /* provider types */

typedef struct {
    char name[DS_NAME_LEN];
    double heq_per_device; /* H100-equivalents of one device */
    double power_w;        /* draw at full load */
    double price_usd;      /* purchase price of one device */
    double life_years;     /* depreciation life */
    double availability;   /* probability a device's provider is online in a step */
    double share;          /* share of the provider pool; shares sum to 1 */
} ds_hw_class;

typedef struct {
    char name[DS_NAME_LEN];
    double electricity_usd_per_kwh;
    double share; /* share of providers in this region; shares sum to 1 */
} ds_region;

enum { DS_INVALID_FAIL = 0, DS_INVALID_FLAG = 1 };

typedef struct {
    int paths;
    uint32_t seed;
    double horizon_days;
    double step_days;
    int record_every;   /* steps between records */
    int keep_paths;     /* write per-path records [paths × R] */
    int on_invalid;     /* DS_INVALID_*: what a non-finite or impossible state does */
    char unit_name[16]; /* the capacity unit in results and figures ("heq-h", "PiB-day") */
} ds_run_params;

/* A provider type (datacenter, hobbyist, …): correlated traits drawn
 * together. A provider's type is drawn first by share; then its class among
 * the type's classes and its region among the type's regions (by their
 * shares, renormalised), and devices, electricity, availability, selling and
 * patience from the type's values. Keys a type does not give take the
 * providers.* value (the loader fills them). */
typedef struct {
    char name[DS_NAME_LEN];
    double share; /* of the provider pool; shares sum to 1 */
    int devices_min, devices_max;
    double electricity_mult; /* × the region's price (bulk contracts: < 1) */
    double availability;     /* probability online per step; 0: the class's */
    double pue;
    double opex_usd_per_device_hour;
    double sell_frac_min, sell_frac_max;
    double patience_days_min, patience_days_max;
    char classes[96], regions[96];    /* allowed, comma-separated names; "" any */
    uint32_t class_mask, region_mask; /* resolved by the loader: bit k allows class/region k */
} ds_provider_type;

typedef struct {
    int count;                    /* provider slots per path, active or prospective */
    double initial_active_frac;   /* share of slots active at t = 0 */
    int devices_min, devices_max; /* devices per provider, uniform integer */
    double pue;                   /* power usage effectiveness, >= 1 */
    double idle_power_frac;       /* draw when idle, as a fraction of full */
    double electricity_jitter;    /* per-provider multiplicative spread, ±fraction */
    double opex_usd_per_device_hour;
    double capital_frac_incumbent;       /* share of capital cost an incumbent still counts */
    double capital_frac_entrant;         /* share a prospective entrant counts */
    double sell_frac_min, sell_frac_max; /* share of rewards sold at once */
    double patience_days_min, patience_days_max;
    double margin_ema_days;     /* time constant of the margin moving average */
    double exit_margin;         /* leave when the average margin stays below this */
    double exit_hazard_per_day; /* probability per day of leaving once patience is out */
    double entry_rate_per_day;  /* max probability per day a prospect starts onboarding */
    double entry_margin_half;   /* expected margin at which entry is half the max rate */
    double onboarding_days;     /* delay from the decision to join to coming online */
    /* Entry from a prospect pool of this many would-be providers outside the
     * network (0: the unused slots are the prospects, as before): each step
     * the free slots stand for the pool, so expected entry is the pool's, not
     * the slots'. Unbounded: the pool keeps its size (entrants are replaced). */
    double prospects;
    int prospects_unbounded;
    int n_types; /* provider types; 0: one type made of the keys above */
    ds_provider_type type[DS_MAX_TYPES];
} ds_provider_params;

enum { DS_GROWTH_EXPONENTIAL = 0, DS_GROWTH_LOGISTIC = 1 };
/* A demand series replaces base × growth (heq-h/day), or multiplies it (a factor). */
enum { DS_SERIES_REPLACE = 0, DS_SERIES_MULTIPLY = 1 };

/* A segment's cloud reference: the cloud's own (cloud.reference) or one of DS_REF_*. */
#define DS_SEG_REF_CLOUD 5

/* A demand segment (training, inference, rendering, …): its own addressable
 * demand curve (or series) under the shared log shock, its own logit choice
 * against its own cloud reference, and a requirement on the providers that
 * may serve it. Keys a segment does not give take the demand.* value. */
typedef struct {
    char name[DS_NAME_LEN];
    double base_heqh_per_day;
    int growth;
    double growth_rate_per_year;
    double logistic_ceiling_mult;
    char series_name[DS_NAME_LEN];
    int series; /* input number (1-based), 0 none */
    int series_mode;
    double share_beta, share_midpoint, quality;
    int reference;                   /* DS_REF_* or DS_SEG_REF_CLOUD */
    double min_heq_per_device;       /* requirement: a class at least this large */
    double min_availability;         /* requirement: online at least this often */
    char regions[96], types[96];     /* requirement: allowed names, comma-separated; "" any */
    uint32_t region_mask, type_mask; /* resolved by the loader */
    int restricted;                  /* any requirement at all (the loader sets it) */
} ds_segment;

typedef struct {
    double base_heqh_per_day;        /* addressable demand at t = 0 */
    int growth;                      /* DS_GROWTH_* */
    double growth_rate_per_year;     /* exponential rate, or logistic steepness */
    double logistic_ceiling_mult;    /* logistic: ceiling as a multiple of base */
    double shock_reversion_per_year; /* log-OU mean reversion speed */
    double shock_vol_per_sqrt_year;  /* log-OU volatility */
    double jump_rate_per_year;       /* Poisson jumps in the log shock */
    double jump_mean;                /* mean log jump */
    double jump_sd;                  /* sd of log jump */
    double share_beta;               /* logit steepness */
    double share_midpoint;           /* price ratio m at which half the demand switches */
    double quality;                  /* q <= 1: quality discount vs the cloud */
    char series_name[DS_NAME_LEN];   /* an input's name, "" none (the loader resolves it) */
    int series;      /* that input's number: ds_params.series[series − 1]; 0 none */
    int series_mode; /* DS_SERIES_*: what the series does to the curve */
    int n_segments;  /* 0: the keys above are the one buyer */
    ds_segment seg[DS_MAX_SEGMENTS];
} ds_demand_params;

enum {
    DS_REF_ON_DEMAND = 0,
    DS_REF_SPOT = 1,
    DS_REF_RESERVED_1Y = 2,
    DS_REF_RESERVED_3Y = 3,
    DS_REF_BLEND = 4
};

typedef struct {
    double on_demand_usd_per_heqh; /* at t = 0 */
    double decline_per_year;       /* continuous yearly decline fraction */
    int n_cuts;
    double cut_day[DS_MAX_CUTS];  /* dated step cuts */
    double cut_frac[DS_MAX_CUTS]; /* price falls by this fraction on that day */
    double spot_discount_mean;
    double spot_discount_reversion_per_year;
    double spot_discount_vol_per_sqrt_year;
    double reserved_1y_discount;
    double reserved_3y_discount;
    int reference; /* DS_REF_* */
    double blend_on_demand, blend_spot, blend_reserved_1y, blend_reserved_3y;
    char on_demand_series_name[DS_NAME_LEN]; /* inputs replacing the closed forms, "" none */
    char spot_series_name[DS_NAME_LEN];
    int on_demand_series, spot_series; /* input numbers (1-based, as demand.series), 0 none */
} ds_cloud_params;

enum {
    DS_PRICING_FIXED = 0,
    DS_PRICING_CLOUD_DISCOUNT = 1,
    DS_PRICING_AUCTION = 2,
    DS_PRICING_UTILIZATION_TARGET = 3
};

typedef struct {
    int model;                         /* DS_PRICING_* */
    double price_usd_per_heqh;         /* fixed; utilization_target: the starting price */
    int index_to_cloud;                /* fixed: scale with the cloud reference */
    double cloud_fraction;             /* cloud_discount: price = fraction × reference */
    double markup_min, markup_max;     /* auction: ask = reservation × markup, per provider */
    double grid_min_usd, grid_max_usd; /* auction: price grid bounds, USD/heq-h */
    double target_utilization;         /* utilization_target */
    double gain_per_day; /* utilization_target: log-price change per day per unit gap */
    double price_min_usd, price_max_usd; /* utilization_target: bounds */
} ds_pricing_params;

enum {
    DS_EMIT_FIXED = 0,
    DS_EMIT_HALVING = 1,
    DS_EMIT_EXP_DECAY = 2,
    DS_EMIT_SCHEDULE = 3,
    DS_EMIT_BASELINE = 4,
    DS_EMIT_REVENUE_TARGET = 5
};
enum { DS_HALVE_BY_PERIOD = 0, DS_HALVE_BY_ISSUANCE = 1 };
enum { DS_REMINT_PROVIDERS = 0, DS_REMINT_SPLIT = 1 };

typedef struct {
    int schedule;               /* DS_EMIT_* */
    double tokens_per_day;      /* fixed; halving: initial rate */
    int halving_by;             /* DS_HALVE_BY_* */
    double halving_period_days; /* halving by period */
    double total_tokens;        /* exp_decay and baseline: total ever minted by the curve */
    double half_life_days;      /* exp_decay and baseline */
    double max_supply;          /* hard cap on circulating + still-locked tokens (0: none) */
    int n_periods;              /* schedule: a table of periods */
    double period_days[DS_MAX_PERIODS];
    double period_tokens[DS_MAX_PERIODS]; /* tokens minted evenly over that period */
    double simple_total_tokens;           /* baseline: Filecoin simple minting beside it */
    double baseline_b0;                   /* baseline: B(0), capacity units (heq-h/day) */
    double baseline_growth_per_year;      /* baseline: g in B(t) = b0·e^(gt) */
    double target_usd_per_heqh;           /* revenue_target: provider income target */
    double max_tokens_per_day;            /* revenue_target: cap on the controller's mint */
    int remint_burned;                    /* re-mint burned tokens (net emissions) */
    double remint_max_per_day;            /* cap on the re-mint */
    int remint_to;                        /* DS_REMINT_*: who receives the re-mint */
    double start_day;                     /* schedules start this many days in (mid-schedule) */
    double recycle_per_day;               /* tokens burned by registrations (recycling) */
} ds_emission_params;

enum { DS_FEES_TO_PROVIDERS = 0, DS_FEES_BURN_AND_MINT = 1, DS_FEES_SPLIT = 2 };
enum { DS_TAKE_TREASURY = 0, DS_TAKE_BURN = 1 };
enum { DS_BUYBACK_NONE = 0, DS_BUYBACK_STATIC = 1, DS_BUYBACK_PID = 2 };

typedef struct {
    int routing;                   /* DS_FEES_* */
    double take_rate;              /* share of fees taken by the protocol */
    int take_to;                   /* split: DS_TAKE_TREASURY or DS_TAKE_BURN */
    int buyback;                   /* DS_BUYBACK_*: treasury USD buys and burns tokens */
    double buyback_rate_per_day;   /* static: share of the treasury spent per day */
    double pid_kp, pid_ki, pid_kd; /* pid: on the relative gap below the price's moving average */
    double pid_ema_days;           /* pid: the moving average the price is held to */
    double buyback_max_per_day;    /* pid: most of the treasury spent per day */
    double
        settlement_delay_days; /* burn_and_mint: providers' USD minted this much later (AEP-76) */
} ds_fee_params;

typedef struct {
    double capacity_weight; /* share of provider rewards by online capacity; rest by work */
    double providers_share, stakers_share, treasury_share, owners_share; /* of the mint; sum 1 */
    double stakers_sell_frac, treasury_sell_frac, owners_sell_frac;      /* sold at once */
} ds_reward_params;

typedef struct {
    char name[DS_NAME_LEN];
    double tokens;     /* allocation, locked at t = 0 */
    double cliff_days; /* nothing unlocks before */
    double vest_days;  /* linear from t = 0; the part vested by the cliff unlocks at the cliff */
    double sell_frac;  /* share of each unlock sold at once */
} ds_vesting;

/* The token's log returns: the model (drift, volatility, regimes, jumps), a
 * price series replayed, or its returns block-bootstrapped (series.h). */
enum { DS_RETURNS_MODEL = 0, DS_RETURNS_REPLAY = 1, DS_RETURNS_BOOTSTRAP = 2 };
enum { DS_TOKEN_MARKET_CAP = 0, DS_TOKEN_RANDOM_WALK = 1 };
enum { DS_FUND_FEES_MULTIPLE = 0, DS_FUND_EXCHANGE = 1, DS_FUND_NONE = 2 };

typedef struct {
    int model;            /* DS_TOKEN_*: market_cap (valuation) or random_walk (the older model) */
    int fundamental;      /* DS_FUND_*: what the fundamental value follows (market_cap) */
    double fees_multiple; /* fees_multiple: F = M·365·average fees per day */
    double velocity_per_year;        /* exchange: F = 365·average token fees per day / V */
    double fundamental_window_days;  /* the fee average's window (exponential) */
    double initial_fees_usd_per_day; /* the fee average at t = 0 */
    double permanent_share;          /* market_cap: share θ of a flow's impact that stays */
    double initial_price_usd;
    double initial_supply; /* circulating tokens at t = 0 */
    double drift_per_year; /* drift μ of the price; the log drifts by μ − σ²/2 */
    double vol_per_sqrt_year;
    double impact;                /* log-price change per unit of net flow / depth */
    double depth_frac;            /* market depth as a fraction of market cap */
    double max_impact;            /* bound on |impact term| per step */
    double impact_half_life_days; /* flow impact decays with this half-life (0: permanent) */
    double exogenous_buy_usd_per_day;
    int regimes; /* two-state bull/bear Markov switch */
    int start_bear;
    double bull_drift_per_year, bull_vol_per_sqrt_year;
    double bear_drift_per_year, bear_vol_per_sqrt_year;
    double bull_to_bear_per_day, bear_to_bull_per_day; /* switch probabilities */
    double jump_rate_per_year, jump_mean, jump_sd;     /* Poisson jumps of the log price */
    int returns;                         /* DS_RETURNS_*: where the log returns come from */
    char price_series_name[DS_NAME_LEN]; /* replay, bootstrap: the input, "" none */
    int price_series;                    /* its input number (1-based), 0 none */
    double bootstrap_block_days;         /* bootstrap: length of a block */
} ds_token_params;

/* Dated events (events.h): each acts identically on every path and variant. */
enum {
    DS_EVENT_TOKEN_PRICE = 0, /* multiply the speculative value (random_walk: the price) */
    DS_EVENT_DEMAND = 1,      /* multiply addressable demand while in force */
    DS_EVENT_CLOUD_PRICE = 2, /* multiply the cloud prices while in force */
    DS_EVENT_OUTAGE = 3,      /* a share of a region's or class's providers offline */
    DS_EVENT_GOVERNANCE = 4   /* emission and fee parameters change from the day on */
};

typedef struct {
    char name[DS_NAME_LEN]; /* label on the dashboard ("" : the type's) */
    int type;               /* DS_EVENT_* */
    double day;             /* in force from the first step starting on or after it */
    double duration_days;   /* demand, cloud_price, outage: 0 to the end of the run */
    double factor;          /* token_price, demand, cloud_price: the multiplier */
    double share;           /* outage: share of the matching providers offline */
    char region_name[DS_NAME_LEN], class_name[DS_NAME_LEN]; /* outage: "" any */
    int region, hw_class; /* resolved indices (−1: any), set by the loader */
    int gov;              /* governance: its entry in ds_params.gov, by the loader */
} ds_event;

/* The emission and fee parameters in force from a governance event on, with
 * every earlier governance event applied; the loader resolves them. The
 * emission schedule's clock restarts at the last event that changed it. */
typedef struct {
    double day;
    double emission_origin_day; /* schedule time = t − this + emission.start_day */
    ds_emission_params emission;
    ds_fee_params fees;
} ds_governance;

enum { DS_OP_LT = 0, DS_OP_LE = 1, DS_OP_GT = 2, DS_OP_GE = 3 };
enum { DS_WHEN_END = 0, DS_WHEN_ALWAYS = 1, DS_WHEN_WINDOW_MEAN = 2 };
enum { DS_RELATIVE_NONE = 0, DS_RELATIVE_INITIAL = 1 };

/* A claim is a comparison the model judges on every path (metric, op,
 * threshold, when; the value optionally a ratio of two metrics, or relative to
 * the path's first step), or a combination of claims listed before it: all of
 * them, any of them, or not one of them. `given` only changes how the host
 * reports it: P(this | given) over the paths where the given claim holds. The
 * combinations and the condition are bit masks of claim indices (bit c:
 * claim c), each naming only earlier claims, so judging in order is enough. */
typedef struct {
    char name[DS_NAME_LEN];
    int metric; /* DS_M_*; −1 in a combination */
    int op;     /* DS_OP_*; −1 in a combination */
    double threshold;
    int when; /* DS_WHEN_* */
    double window_start_day, window_end_day;
    int over;        /* 0: the metric itself; m + 1: the ratio metric / metric m */
    int relative_to; /* DS_RELATIVE_*: initial divides by the path's value at its first step */
    uint32_t all_of, any_of, not_of; /* a combination: of these earlier claims (0: none) */
    uint32_t given_of;               /* reported given this earlier claim (0: unconditional) */
} ds_claim;

/* Whether claim cl combines other claims rather than comparing a metric. */
static inline DS_HD int ds_claim_combines(const ds_claim *cl)
{
    return (cl->all_of | cl->any_of | cl->not_of) != 0u;
}

typedef struct {
    double death_spiral_drawdown;       /* max drawdown at least this ... */
    double death_spiral_providers_frac; /* ... and providers fell to at most this share */
} ds_outcome_params;

/* An input series as the scenario states it (`inputs:`): the loader reads the
 * file into the pool; the model reads only ds_params.series. */
typedef struct {
    char name[DS_NAME_LEN];
    char file[256];  /* as written: relative to the scenario file's folder */
    char column[64]; /* the value column */
    char unit[32];   /* the column's unit, when its header does not state it */
    char start[32];  /* the row that is day 0: a date, a day, or "" for the first row */
    double scale;    /* values are multiplied by this into the model's unit */
    int interp;      /* DS_INTERP_* */
    int pad;
} ds_input;

/* One fully resolved model: base scenario with a variant's overrides applied.
 * Everything from `inputs` on is read by the loader and by the global phases
 * only (thread 0 on the GPU, from global memory): the CUDA kernel copies the
 * part before it into shared memory for the provider passes. */
typedef struct {
    ds_run_params run;
    int n_classes;
    ds_hw_class hw[DS_MAX_CLASSES];
    int n_regions;
    ds_region region[DS_MAX_REGIONS];
    ds_provider_params prov;
    ds_demand_params demand;
    ds_cloud_params cloud;
    ds_pricing_params pricing;
    ds_emission_params emission;
    ds_fee_params fees;
    ds_reward_params rewards;
    ds_token_params token;
    int n_vesting;
    ds_vesting vesting[DS_MAX_VESTING];
    int n_claims;
    ds_claim claims[DS_MAX_CLAIMS];
    ds_outcome_params outcomes;
    int n_events;
    ds_event events[DS_MAX_EVENTS];
    int n_gov; /* governance events, in the order they take effect */
    ds_governance gov[DS_MAX_GOVERNANCE];
    ds_series series[DS_MAX_INPUTS]; /* each input's knots in the pool */

    /* ---- not in the GPU's shared copy (see above) */
    int n_inputs;
    int pad_inputs;
    ds_input inputs[DS_MAX_INPUTS];
    ds_series_pool pool;
} ds_params;

/* Bytes of ds_params the provider passes may read: what the CUDA kernel copies
 * into shared memory. */
#define DS_PARAMS_SHARED_BYTES offsetof(ds_params, n_inputs)

static inline DS_HD int ds_params_steps(const ds_params *p)
{
    /* clamped so an absurd horizon cannot overflow; the run refuses above 10^8 */
    double steps = ceil(p->run.horizon_days / p->run.step_days - 1e-9);
    return steps < 2e9 ? (int)steps : 2000000000;
}

static inline DS_HD int ds_params_records(const ds_params *p)
{
    int steps = ds_params_steps(p);
    return (steps + p->run.record_every - 1) / p->run.record_every;
}

/* A per-day probability as the probability over a step of dt_days days (at
 * most once, the days independent): the exit hazard, entry, regime switches. */
static inline DS_HD double ds_prob_per_step(double p_day, double dt_days)
{
    return dt_days == 1.0 ? p_day : 1.0 - ds_pow(1.0 - p_day, dt_days);
}

/* A provider's availability (the probability it is online in a step): its
 * type's where types are given and it states one, else its hardware class's.
 * The pool's draw and the outage thresholds both read it here. */
static inline DS_HD double ds_availability(const ds_params *P, int type, int cls)
{
    if (P->prov.n_types > 0 && P->prov.type[type].availability > 0.0)
        return P->prov.type[type].availability;
    return P->hw[cls].availability;
}

#endif
