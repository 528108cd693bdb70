/* scenario.c — the scenario loader: a YAML file (libyaml document API) into ds_params.
 * One table of keys drives defaults, parsing, range checks, variants, sweeps, --set and
 * the markdown key reference, so they cannot disagree. Every error is collected and
 * located file:line:col. It does not interpret the model: the cross-field checks only
 * say whether the numbers are consistent with each other. */
#include "scenario.h"

#include "../models/emission.h"
#include "../models/events.h"
#include "../models/fees.h"
#include "../models/market.h"
#include "../models/metrics.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---------------------------------------------------------------- the key table */

typedef enum { T_FLOAT, T_INT, T_UINT32, T_BOOL, T_ENUM, T_STRING, T_LIST, T_MAP } key_type;
enum { B_NONE = 0, B_IN, B_EX }; /* a bound: absent, inclusive, exclusive */

typedef struct {
    const char *path; /* dotted; "N" stands for a list index (hardware.N.share) */
    key_type type;
    size_t off;           /* offsetof in ds_params (in ds_scenario when .scen); lists: count */
    size_t stride;        /* list items: bytes from one item's field to the next item's */
    size_t size;          /* strings: buffer size including the NUL */
    double def;           /* numbers and bools; enums: the value (index into words) */
    const char *def_text; /* documented default when it is not a number */
    const char *def_str;  /* strings: the default value ("" when NULL) */
    double lo, hi;        /* lists: item count bounds */
    unsigned char lo_k, hi_k;
    unsigned char req;        /* must be given (in the base file) */
    unsigned char scen;       /* lives in ds_scenario: base file and --set only, not variants */
    const char *const *words; /* enums: indexed by value, NULL-terminated */
    const char *unit;
    const char *doc;
} key_def;

/* The tables below are laid out by hand, one key per entry, for reading. */
// clang-format off
static const char *const growth_words[] = {
    [DS_GROWTH_EXPONENTIAL] = "exponential", [DS_GROWTH_LOGISTIC] = "logistic", NULL};
static const char *const ref_words[] = {
    [DS_REF_ON_DEMAND] = "on_demand", [DS_REF_SPOT] = "spot", [DS_REF_RESERVED_1Y] = "reserved_1y",
    [DS_REF_RESERVED_3Y] = "reserved_3y", [DS_REF_BLEND] = "blend", NULL};
static const char *const pricing_words[] = {
    [DS_PRICING_FIXED] = "fixed", [DS_PRICING_CLOUD_DISCOUNT] = "cloud_discount",
    [DS_PRICING_AUCTION] = "auction", [DS_PRICING_UTILIZATION_TARGET] = "utilization_target", NULL};
static const char *const emit_words[] = {
    [DS_EMIT_FIXED] = "fixed", [DS_EMIT_HALVING] = "halving", [DS_EMIT_EXP_DECAY] = "exp_decay",
    [DS_EMIT_SCHEDULE] = "schedule", [DS_EMIT_BASELINE] = "baseline",
    [DS_EMIT_REVENUE_TARGET] = "revenue_target", NULL};
static const char *const take_words[] = {
    [DS_TAKE_TREASURY] = "treasury", [DS_TAKE_BURN] = "burn", NULL};
static const char *const buyback_words[] = {
    [DS_BUYBACK_NONE] = "none", [DS_BUYBACK_STATIC] = "static", [DS_BUYBACK_PID] = "pid", NULL};
static const char *const regime_words[] = {"bull", "bear", NULL};
static const char *const remint_words[] = {
    [DS_REMINT_PROVIDERS] = "providers", [DS_REMINT_SPLIT] = "split", NULL};
static const char *const invalid_words[] = {
    [DS_INVALID_FAIL] = "fail", [DS_INVALID_FLAG] = "flag", NULL};
static const char *const op_words[] = {
    [DS_OP_LT] = "lt", [DS_OP_LE] = "le", [DS_OP_GT] = "gt", [DS_OP_GE] = "ge", NULL};
static const char *const when_words[] = {
    [DS_WHEN_END] = "end", [DS_WHEN_ALWAYS] = "always", [DS_WHEN_WINDOW_MEAN] = "window_mean",
    NULL};
#define METRIC_WORD(id, name, unit) name,
static const char *const metric_words[] = {DS_METRICS(METRIC_WORD) NULL};
#undef METRIC_WORD
static const char *const halve_words[] = {
    [DS_HALVE_BY_PERIOD] = "period", [DS_HALVE_BY_ISSUANCE] = "issuance", NULL};
static const char *const fees_words[] = {[DS_FEES_TO_PROVIDERS] = "to_providers",
    [DS_FEES_BURN_AND_MINT] = "burn_and_mint", [DS_FEES_SPLIT] = "split", NULL};
static const char *const token_model_words[] = {
    [DS_TOKEN_MARKET_CAP] = "market_cap", [DS_TOKEN_RANDOM_WALK] = "random_walk", NULL};
static const char *const fundamental_words[] = {[DS_FUND_FEES_MULTIPLE] = "fees_multiple",
    [DS_FUND_EXCHANGE] = "exchange", [DS_FUND_NONE] = "none", NULL};
static const char *const event_words[] = {[DS_EVENT_TOKEN_PRICE] = "token_price",
    [DS_EVENT_DEMAND] = "demand", [DS_EVENT_CLOUD_PRICE] = "cloud_price",
    [DS_EVENT_OUTAGE] = "outage", [DS_EVENT_GOVERNANCE] = "governance", NULL};

#define P(f) offsetof(ds_params, f)
#define GE(x) .lo = (x), .lo_k = B_IN
#define GT(x) .lo = (x), .lo_k = B_EX
#define LE(x) .hi = (x), .hi_k = B_IN
#define LT(x) .hi = (x), .hi_k = B_EX
#define IN(a, b) GE(a), LE(b)
#define REQ .req = 1, .def_text = "required"
#define HW(f) .off = P(hw[0].f), .stride = sizeof(ds_hw_class)
#define RG(f) .off = P(region[0].f), .stride = sizeof(ds_region)
#define CUT(f) .off = P(cloud.f[0]), .stride = sizeof(double)
#define PER(f) .off = P(emission.f[0]), .stride = sizeof(double)
#define VEST(f) .off = P(vesting[0].f), .stride = sizeof(ds_vesting)
#define CLAIM(f) .off = P(claims[0].f), .stride = sizeof(ds_claim)
#define EV(f) .off = P(events[0].f), .stride = sizeof(ds_event)

/* Order matters twice: it is the order of the markdown reference, and each section's
 * keys must be contiguous. Defaults and ranges are documented in scenarios/README.md,
 * which is this table printed by scenario_keys_markdown(). */
static const key_def key_table[] = {
    {.path = "name", .type = T_STRING, .scen = 1, .off = offsetof(ds_scenario, name),
     .size = sizeof(((ds_scenario *)0)->name), .def_text = "file stem", .unit = "",
     .doc = "scenario name; the default results file is NAME.h5"},
    {.path = "description", .type = T_STRING, .scen = 1, .off = offsetof(ds_scenario, description),
     .size = sizeof(((ds_scenario *)0)->description), .def_text = "\"\"", .unit = "",
     .doc = "free text, kept in the results"},
    {.path = "variants", .type = T_MAP, .def_text = "none", .unit = "",
     .doc = "named override sets: variant name → {key: value, ...}"},
    {.path = "sweep", .type = T_MAP, .def_text = "none", .unit = "",
     .doc = "grid: dotted key → list of values; the cartesian product becomes variants"},

    {.path = "run.paths", .type = T_INT, .off = P(run.paths), .def = 256, GE(1), .unit = "paths",
     .doc = "Monte Carlo paths (independent random futures)"},
    {.path = "run.seed", .type = T_UINT32, .off = P(run.seed), .def = 1, IN(0, 4294967295.0),
     .unit = "", .doc = "seed of the random streams: same seed, same numbers"},
    {.path = "run.horizon_days", .type = T_FLOAT, .off = P(run.horizon_days), .def = 1095, GT(0),
     .unit = "days", .doc = "simulated time span"},
    {.path = "run.step_days", .type = T_FLOAT, .off = P(run.step_days), .def = 1, GT(0),
     .unit = "days", .doc = "length of one step"},
    {.path = "run.record_every", .type = T_INT, .off = P(run.record_every), .def = 7, GE(1),
     .unit = "steps", .doc = "steps between recorded metrics; at most the number of steps"},
    {.path = "run.keep_paths", .type = T_BOOL, .off = P(run.keep_paths), .def = 0, .unit = "",
     .doc = "also write every path's records [paths × records]"},
    {.path = "run.unit_name", .type = T_STRING, .off = P(run.unit_name),
     .size = sizeof(((ds_params *)0)->run.unit_name), .def_str = "heq-h", .def_text = "heq-h",
     .unit = "", .doc = "name of the capacity unit in results and figures (storage: e.g. PiB-day)"},
    {.path = "run.on_invalid", .type = T_ENUM, .off = P(run.on_invalid), .words = invalid_words,
     .def = DS_INVALID_FAIL, .unit = "",
     .doc = "a non-finite or impossible state: fail (exit 1, no output) or flag the path and leave it out"},

    {.path = "hardware", .type = T_LIST, .off = P(n_classes), IN(1, DS_MAX_CLASSES), REQ,
     .unit = "items", .doc = "hardware classes in the provider pool"},
    {.path = "hardware.N.name", .type = T_STRING, HW(name), .size = DS_NAME_LEN, REQ, .unit = "",
     .doc = "class name, e.g. H100"},
    {.path = "hardware.N.heq_per_device", .type = T_FLOAT, HW(heq_per_device), GT(0), REQ,
     .unit = "heq/device", .doc = "H100-equivalents of one device"},
    {.path = "hardware.N.power_w", .type = T_FLOAT, HW(power_w), GE(0), REQ, .unit = "W",
     .doc = "power draw of one device at full load"},
    {.path = "hardware.N.price_usd", .type = T_FLOAT, HW(price_usd), GE(0), REQ, .unit = "USD",
     .doc = "purchase price of one device"},
    {.path = "hardware.N.life_years", .type = T_FLOAT, HW(life_years), .def = 5, GT(0),
     .unit = "years", .doc = "depreciation life (operators use 4–6 years)"},
    {.path = "hardware.N.availability", .type = T_FLOAT, HW(availability), .def = 0.95, IN(0, 1),
     .unit = "probability", .doc = "probability a provider of this class is online in a step"},
    {.path = "hardware.N.share", .type = T_FLOAT, HW(share), IN(0, 1), REQ, .unit = "fraction",
     .doc = "share of the provider pool; the shares sum to 1"},

    {.path = "regions", .type = T_LIST, .off = P(n_regions), IN(1, DS_MAX_REGIONS), REQ,
     .unit = "items", .doc = "electricity regions providers are drawn from"},
    {.path = "regions.N.name", .type = T_STRING, RG(name), .size = DS_NAME_LEN, .def_text = "\"\"",
     .unit = "", .doc = "region name, e.g. us-texas"},
    {.path = "regions.N.electricity_usd_per_kwh", .type = T_FLOAT, RG(electricity_usd_per_kwh),
     GE(0), REQ, .unit = "USD/kWh", .doc = "electricity price"},
    {.path = "regions.N.share", .type = T_FLOAT, RG(share), IN(0, 1), REQ, .unit = "fraction",
     .doc = "share of providers in this region; the shares sum to 1"},

    {.path = "providers.count", .type = T_INT, .off = P(prov.count), .def = 1000, IN(1, 10000000),
     .unit = "providers", .doc = "provider slots per path, active or prospective"},
    {.path = "providers.initial_active_frac", .type = T_FLOAT, .off = P(prov.initial_active_frac),
     .def = 0.7, IN(0, 1), .unit = "fraction", .doc = "share of slots active at t = 0"},
    {.path = "providers.devices_min", .type = T_INT, .off = P(prov.devices_min), .def = 1,
     IN(1, 1024), .unit = "devices", .doc = "fewest devices per provider (uniform integer draw)"},
    {.path = "providers.devices_max", .type = T_INT, .off = P(prov.devices_max), .def = 8,
     IN(1, 1024), .unit = "devices", .doc = "most devices per provider; ≥ devices_min"},
    {.path = "providers.pue", .type = T_FLOAT, .off = P(prov.pue), .def = 1.2, IN(1, 3),
     .unit = "ratio", .doc = "power usage effectiveness: facility draw / device draw"},
    {.path = "providers.idle_power_frac", .type = T_FLOAT, .off = P(prov.idle_power_frac),
     .def = 0.3, IN(0, 1), .unit = "fraction", .doc = "idle draw as a fraction of full draw"},
    {.path = "providers.electricity_jitter", .type = T_FLOAT, .off = P(prov.electricity_jitter),
     .def = 0.2, IN(0, 0.9), .unit = "fraction",
     .doc = "per-provider multiplicative spread of the region's price, ±fraction"},
    {.path = "providers.opex_usd_per_device_hour", .type = T_FLOAT,
     .off = P(prov.opex_usd_per_device_hour), .def = 0.02, GE(0), .unit = "USD/device-h",
     .doc = "fixed operating cost besides electricity"},
    {.path = "providers.capital_frac_incumbent", .type = T_FLOAT,
     .off = P(prov.capital_frac_incumbent), .def = 0, IN(0, 1), .unit = "fraction",
     .doc = "share of capital cost an incumbent still counts (0: sunk)"},
    {.path = "providers.capital_frac_entrant", .type = T_FLOAT,
     .off = P(prov.capital_frac_entrant), .def = 1, IN(0, 1), .unit = "fraction",
     .doc = "share of capital cost a prospective entrant counts"},
    {.path = "providers.sell_frac_min", .type = T_FLOAT, .off = P(prov.sell_frac_min), .def = 0.3,
     IN(0, 1), .unit = "fraction", .doc = "lowest share of rewards a provider sells at once"},
    {.path = "providers.sell_frac_max", .type = T_FLOAT, .off = P(prov.sell_frac_max), .def = 0.9,
     IN(0, 1), .unit = "fraction", .doc = "highest share sold at once; ≥ sell_frac_min"},
    {.path = "providers.patience_days_min", .type = T_FLOAT, .off = P(prov.patience_days_min),
     .def = 30, GE(0), .unit = "days", .doc = "shortest patience with a negative margin"},
    {.path = "providers.patience_days_max", .type = T_FLOAT, .off = P(prov.patience_days_max),
     .def = 180, GE(0), .unit = "days", .doc = "longest patience; ≥ patience_days_min"},
    {.path = "providers.margin_ema_days", .type = T_FLOAT, .off = P(prov.margin_ema_days),
     .def = 30, GT(0), .unit = "days", .doc = "time constant of the margin moving average"},
    {.path = "providers.exit_margin", .type = T_FLOAT, .off = P(prov.exit_margin), .def = -0.2,
     IN(-1, 10), .unit = "fraction of cost",
     .doc = "a provider leaves when its average margin stays below this"},
    {.path = "providers.exit_hazard_per_day", .type = T_FLOAT, .off = P(prov.exit_hazard_per_day),
     .def = 0.05, IN(0, 1), .unit = "1/day",
     .doc = "probability per day of leaving once patience has run out"},
    {.path = "providers.entry_rate_per_day", .type = T_FLOAT, .off = P(prov.entry_rate_per_day),
     .def = 0.01, IN(0, 1), .unit = "1/day",
     .doc = "highest probability per day that a prospect starts onboarding"},
    {.path = "providers.entry_margin_half", .type = T_FLOAT, .off = P(prov.entry_margin_half),
     .def = 0.25, GT(0), .unit = "fraction of cost",
     .doc = "expected margin at which entry runs at half the highest rate"},
    {.path = "providers.onboarding_days", .type = T_FLOAT, .off = P(prov.onboarding_days),
     .def = 14, GE(0), .unit = "days", .doc = "delay from the decision to join to coming online"},

    {.path = "demand.base_heqh_per_day", .type = T_FLOAT, .off = P(demand.base_heqh_per_day),
     GT(0), REQ, .unit = "heq-h/day", .doc = "addressable demand at t = 0"},
    {.path = "demand.growth", .type = T_ENUM, .off = P(demand.growth), .words = growth_words,
     .def = DS_GROWTH_EXPONENTIAL, .unit = "", .doc = "shape of the demand growth curve"},
    {.path = "demand.growth_rate_per_year", .type = T_FLOAT, .off = P(demand.growth_rate_per_year),
     .def = 0.3, IN(-5, 5), .unit = "1/year",
     .doc = "exponential rate, or logistic steepness"},
    {.path = "demand.logistic_ceiling_mult", .type = T_FLOAT,
     .off = P(demand.logistic_ceiling_mult), .def = 5, GT(1), .unit = "× base",
     .doc = "logistic: ceiling as a multiple of the base"},
    {.path = "demand.shock_reversion_per_year", .type = T_FLOAT,
     .off = P(demand.shock_reversion_per_year), .def = 2, GE(0), .unit = "1/year",
     .doc = "mean-reversion speed of the log demand shock"},
    {.path = "demand.shock_vol_per_sqrt_year", .type = T_FLOAT,
     .off = P(demand.shock_vol_per_sqrt_year), .def = 0.3, GE(0), .unit = "1/√year",
     .doc = "volatility of the log demand shock"},
    {.path = "demand.jump_rate_per_year", .type = T_FLOAT, .off = P(demand.jump_rate_per_year),
     .def = 0, GE(0), .unit = "1/year", .doc = "Poisson rate of jumps in the log shock"},
    {.path = "demand.jump_mean", .type = T_FLOAT, .off = P(demand.jump_mean), .def = 0,
     .unit = "log", .doc = "mean log jump"},
    {.path = "demand.jump_sd", .type = T_FLOAT, .off = P(demand.jump_sd), .def = 0.1, GE(0),
     .unit = "log", .doc = "standard deviation of the log jump"},
    {.path = "demand.share_beta", .type = T_FLOAT, .off = P(demand.share_beta), .def = 6, GE(0),
     .unit = "", .doc = "steepness β of the logit choice against the cloud"},
    {.path = "demand.share_midpoint", .type = T_FLOAT, .off = P(demand.share_midpoint), .def = 0.9,
     GT(0), .unit = "price ratio", .doc = "price ratio m at which half the demand switches"},
    {.path = "demand.quality", .type = T_FLOAT, .off = P(demand.quality), .def = 0.85, GT(0), LE(1),
     .unit = "fraction", .doc = "quality discount q of the network against the cloud"},

    {.path = "cloud.on_demand_usd_per_heqh", .type = T_FLOAT,
     .off = P(cloud.on_demand_usd_per_heqh),
     .def = 6.88, GT(0), .unit = "USD/heq-h",
     .doc = "on-demand price at t = 0 (AWS p5 per H100-hour after the June 2025 cut)"},
    {.path = "cloud.decline_per_year", .type = T_FLOAT, .off = P(cloud.decline_per_year),
     .def = 0.1, GE(0), LT(1), .unit = "fraction/year", .doc = "continuous yearly price decline"},
    {.path = "cloud.spot_discount_mean", .type = T_FLOAT, .off = P(cloud.spot_discount_mean),
     .def = 0.45, IN(0, 0.95), .unit = "fraction", .doc = "long-run spot discount off on-demand"},
    {.path = "cloud.spot_discount_reversion_per_year", .type = T_FLOAT,
     .off = P(cloud.spot_discount_reversion_per_year), .def = 4, GE(0), .unit = "1/year",
     .doc = "mean-reversion speed of the spot discount"},
    {.path = "cloud.spot_discount_vol_per_sqrt_year", .type = T_FLOAT,
     .off = P(cloud.spot_discount_vol_per_sqrt_year), .def = 0.2, GE(0), .unit = "1/√year",
     .doc = "volatility of the spot discount"},
    {.path = "cloud.reserved_1y_discount", .type = T_FLOAT, .off = P(cloud.reserved_1y_discount),
     .def = 0.375, GE(0), LT(1), .unit = "fraction", .doc = "1-year reserved discount"},
    {.path = "cloud.reserved_3y_discount", .type = T_FLOAT, .off = P(cloud.reserved_3y_discount),
     .def = 0.6, GE(0), LT(1), .unit = "fraction", .doc = "3-year reserved discount"},
    {.path = "cloud.reference", .type = T_ENUM, .off = P(cloud.reference), .words = ref_words,
     .def = DS_REF_ON_DEMAND, .unit = "", .doc = "the buyer's cloud alternative"},
    {.path = "cloud.blend.on_demand", .type = T_FLOAT, .off = P(cloud.blend_on_demand),
     .def = 0.25, IN(0, 1), .unit = "weight", .doc = "blend weight of on-demand"},
    {.path = "cloud.blend.spot", .type = T_FLOAT, .off = P(cloud.blend_spot), .def = 0.25,
     IN(0, 1), .unit = "weight", .doc = "blend weight of spot"},
    {.path = "cloud.blend.reserved_1y", .type = T_FLOAT, .off = P(cloud.blend_reserved_1y),
     .def = 0.25, IN(0, 1), .unit = "weight", .doc = "blend weight of 1-year reserved"},
    {.path = "cloud.blend.reserved_3y", .type = T_FLOAT, .off = P(cloud.blend_reserved_3y),
     .def = 0.25, IN(0, 1), .unit = "weight",
     .doc = "blend weight of 3-year reserved; the weights sum to 1 when reference is blend"},

    {.path = "cloud.cuts", .type = T_LIST, .off = P(cloud.n_cuts), IN(0, DS_MAX_CUTS),
     .def_text = "[]", .unit = "items", .doc = "dated step cuts of the on-demand price"},
    {.path = "cloud.cuts.N.day", .type = T_FLOAT, CUT(cut_day), GE(0), REQ, .unit = "day",
     .doc = "day of the cut"},
    {.path = "cloud.cuts.N.fraction", .type = T_FLOAT, CUT(cut_frac), GE(0), LT(1), REQ,
     .unit = "fraction", .doc = "the price falls by this fraction on that day"},

    {.path = "pricing.model", .type = T_ENUM, .off = P(pricing.model), .words = pricing_words,
     .def = DS_PRICING_CLOUD_DISCOUNT, .unit = "", .doc = "how the network sets its price"},
    {.path = "pricing.price_usd_per_heqh", .type = T_FLOAT, .off = P(pricing.price_usd_per_heqh),
     .def = 2.0, GT(0), .unit = "USD/heq-h", .doc = "fixed: the price"},
    {.path = "pricing.index_to_cloud", .type = T_BOOL, .off = P(pricing.index_to_cloud), .def = 0,
     .unit = "", .doc = "fixed: scale the price with the cloud reference"},
    {.path = "pricing.cloud_fraction", .type = T_FLOAT, .off = P(pricing.cloud_fraction),
     .def = 0.6, GT(0), LE(2), .unit = "fraction",
     .doc = "cloud_discount: price = fraction × cloud reference"},
    {.path = "pricing.markup_min", .type = T_FLOAT, .off = P(pricing.markup_min), .def = 1.0,
     GT(0), .unit = "ratio", .doc = "auction: fewest markup on the reservation price (per provider)"},
    {.path = "pricing.markup_max", .type = T_FLOAT, .off = P(pricing.markup_max), .def = 1.5,
     GT(0), .unit = "ratio", .doc = "auction: most markup; ≥ markup_min"},
    {.path = "pricing.grid_min_usd", .type = T_FLOAT, .off = P(pricing.grid_min_usd), .def = 0.05,
     GT(0), .unit = "USD/heq-h", .doc = "auction: lowest price of the log-spaced grid"},
    {.path = "pricing.grid_max_usd", .type = T_FLOAT, .off = P(pricing.grid_max_usd), .def = 50,
     GT(0), .unit = "USD/heq-h", .doc = "auction: highest price of the grid; > grid_min_usd"},
    {.path = "pricing.target_utilization", .type = T_FLOAT, .off = P(pricing.target_utilization),
     .def = 0.7, GT(0), LE(1), .unit = "fraction", .doc = "utilization_target: the target"},
    {.path = "pricing.gain_per_day", .type = T_FLOAT, .off = P(pricing.gain_per_day), .def = 0.1,
     GE(0), LE(10), .unit = "1/day",
     .doc = "utilization_target: log-price change per day per unit of utilization gap"},
    {.path = "pricing.price_min_usd", .type = T_FLOAT, .off = P(pricing.price_min_usd), .def = 0.1,
     GT(0), .unit = "USD/heq-h", .doc = "utilization_target: lowest price"},
    {.path = "pricing.price_max_usd", .type = T_FLOAT, .off = P(pricing.price_max_usd), .def = 20,
     GT(0), .unit = "USD/heq-h", .doc = "utilization_target: highest price; ≥ price_min_usd"},

    {.path = "emission.schedule", .type = T_ENUM, .off = P(emission.schedule), .words = emit_words,
     .def = DS_EMIT_FIXED, .unit = "", .doc = "token emission schedule"},
    {.path = "emission.tokens_per_day", .type = T_FLOAT, .off = P(emission.tokens_per_day),
     .def = 0, IN(0, DS_FX_LEDGER_MAX), .unit = "tokens/day",
     .doc = "fixed: the rate; halving: the initial rate"},
    {.path = "emission.halving_by", .type = T_ENUM, .off = P(emission.halving_by),
     .words = halve_words, .def = DS_HALVE_BY_PERIOD, .unit = "",
     .doc = "halving: by period (Helium) or by cumulative issuance (Bittensor)"},
    {.path = "emission.halving_period_days", .type = T_FLOAT,
     .off = P(emission.halving_period_days),
     .def = 730, GT(0), .unit = "days", .doc = "halving by period: days between halvings"},
    {.path = "emission.total_tokens", .type = T_FLOAT, .off = P(emission.total_tokens), .def = 0,
     IN(0, DS_FX_LEDGER_MAX), .unit = "tokens",
     .doc = "exp_decay: total ever minted by the schedule"},
    {.path = "emission.half_life_days", .type = T_FLOAT, .off = P(emission.half_life_days),
     .def = 2190, GT(0), .unit = "days", .doc = "exp_decay: half-life"},
    {.path = "emission.max_supply", .type = T_FLOAT, .off = P(emission.max_supply), .def = 0,
     GE(0), .unit = "tokens",
     .doc = "cap on circulating + still-locked supply (0: none); ≥ token.initial_supply"},
    {.path = "emission.simple_total_tokens", .type = T_FLOAT,
     .off = P(emission.simple_total_tokens), .def = 0, IN(0, DS_FX_LEDGER_MAX),
     .unit = "tokens",
     .doc = "baseline: simple minting beside it (Filecoin 330M), same half-life"},
    {.path = "emission.baseline_b0", .type = T_FLOAT, .off = P(emission.baseline_b0), .def = 1,
     GT(0), .unit = "heq-h/day", .doc = "baseline: B(0), in the capacity's unit"},
    {.path = "emission.baseline_growth_per_year", .type = T_FLOAT,
     .off = P(emission.baseline_growth_per_year), .def = 0.69314718055994530942, GE(-5), LE(5),
     .unit = "1/year", .doc = "baseline: g in B(t) = b0·e^(gt) (Filecoin: ln 2)"},
    {.path = "emission.target_usd_per_heqh", .type = T_FLOAT,
     .off = P(emission.target_usd_per_heqh), .def = 0, GE(0), .unit = "USD/heq-h",
     .doc = "revenue_target: provider income per online heq-h the mint tops up to"},
    {.path = "emission.max_tokens_per_day", .type = T_FLOAT, .off = P(emission.max_tokens_per_day),
     .def = 0, IN(0, DS_FX_LEDGER_MAX), .unit = "tokens/day",
     .doc = "revenue_target: cap on the controller's mint"},
    {.path = "emission.remint_burned", .type = T_BOOL, .off = P(emission.remint_burned), .def = 0,
     .unit = "", .doc = "re-mint burned tokens to providers (net emissions: Render, Helium)"},
    {.path = "emission.remint_max_per_day", .type = T_FLOAT, .off = P(emission.remint_max_per_day),
     .def = 0, IN(0, DS_FX_LEDGER_MAX), .unit = "tokens/day", .doc = "cap on the re-mint"},
    {.path = "emission.remint_to", .type = T_ENUM, .off = P(emission.remint_to),
     .words = remint_words, .def = DS_REMINT_PROVIDERS, .unit = "",
     .doc = "the re-mint goes to providers only (AEP-76 settlement) or through the reward split"},
    {.path = "emission.start_day", .type = T_FLOAT, .off = P(emission.start_day), .def = 0,
     GE(0), .unit = "days",
     .doc = "start the schedule this many days in (a network already mid-schedule)"},
    {.path = "emission.recycle_per_day", .type = T_FLOAT, .off = P(emission.recycle_per_day),
     .def = 0, IN(0, DS_FX_LEDGER_MAX), .unit = "tokens/day",
     .doc = "tokens burned by registrations (Bittensor recycling; delays issuance halvings)"},
    {.path = "emission.periods", .type = T_LIST, .off = P(emission.n_periods),
     IN(0, DS_MAX_PERIODS), .def_text = "[]", .unit = "items",
     .doc = "schedule: a table of periods, minted one after the other; nothing after the last"},
    {.path = "emission.periods.N.days", .type = T_FLOAT, PER(period_days), GT(0), REQ,
     .unit = "days", .doc = "length of the period"},
    {.path = "emission.periods.N.tokens", .type = T_FLOAT, PER(period_tokens),
     IN(0, DS_FX_LEDGER_MAX), REQ, .unit = "tokens", .doc = "tokens minted evenly over the period"},

    {.path = "fees.routing", .type = T_ENUM, .off = P(fees.routing), .words = fees_words,
     .def = DS_FEES_TO_PROVIDERS, .unit = "", .doc = "where the fees after the take go"},
    {.path = "fees.take_rate", .type = T_FLOAT, .off = P(fees.take_rate), .def = 0.05, IN(0, 1),
     .unit = "fraction", .doc = "share of fees taken by the protocol"},
    {.path = "fees.take_to", .type = T_ENUM, .off = P(fees.take_to), .words = take_words,
     .def = DS_TAKE_TREASURY, .unit = "", .doc = "split: the take goes to the treasury or is burned"},
    {.path = "fees.buyback", .type = T_ENUM, .off = P(fees.buyback), .words = buyback_words,
     .def = DS_BUYBACK_NONE, .unit = "", .doc = "treasury buyback-and-burn rule"},
    {.path = "fees.buyback_rate_per_day", .type = T_FLOAT, .off = P(fees.buyback_rate_per_day),
     .def = 0.01, IN(0, 1), .unit = "1/day", .doc = "static: share of the treasury spent per day"},
    {.path = "fees.pid_kp", .type = T_FLOAT, .off = P(fees.pid_kp), .def = 0.5, GE(0), .unit = "1/day",
     .doc = "pid: spend per day per unit of relative price gap below the average"},
    {.path = "fees.pid_ki", .type = T_FLOAT, .off = P(fees.pid_ki), .def = 0.01, GE(0),
     .unit = "1/day²", .doc = "pid: integral gain"},
    {.path = "fees.pid_kd", .type = T_FLOAT, .off = P(fees.pid_kd), .def = 0, GE(0), .unit = "",
     .doc = "pid: derivative gain"},
    {.path = "fees.pid_ema_days", .type = T_FLOAT, .off = P(fees.pid_ema_days), .def = 30, GT(0),
     .unit = "days", .doc = "pid: moving average of the price the controller holds to"},
    {.path = "fees.buyback_max_per_day", .type = T_FLOAT, .off = P(fees.buyback_max_per_day),
     .def = 0.05, IN(0, 1), .unit = "1/day", .doc = "pid: most of the treasury spent per day"},
    {.path = "fees.settlement_delay_days", .type = T_FLOAT, .off = P(fees.settlement_delay_days),
     .def = 0, IN(0, 365), .unit = "days",
     .doc = "burn_and_mint: providers are owed their USD and paid in tokens minted this many days "
            "later at that day's price (Akash AEP-76: burn at payment, mint at settlement); 0: "
            "paid from the mint alone; rounded up to whole steps, fewer than 64"},

    {.path = "rewards.capacity_weight", .type = T_FLOAT, .off = P(rewards.capacity_weight),
     .def = 0.5, IN(0, 1), .unit = "fraction",
     .doc = "share of provider rewards by online capacity; the rest by work served"},
    {.path = "rewards.providers_share", .type = T_FLOAT, .off = P(rewards.providers_share),
     .def = 1, IN(0, 1), .unit = "fraction",
     .doc = "share of the mint to providers; the four shares sum to 1"},
    {.path = "rewards.stakers_share", .type = T_FLOAT, .off = P(rewards.stakers_share), .def = 0,
     IN(0, 1), .unit = "fraction", .doc = "share of the mint to stakers/validators"},
    {.path = "rewards.treasury_share", .type = T_FLOAT, .off = P(rewards.treasury_share), .def = 0,
     IN(0, 1), .unit = "fraction", .doc = "share of the mint to the treasury"},
    {.path = "rewards.owners_share", .type = T_FLOAT, .off = P(rewards.owners_share), .def = 0,
     IN(0, 1), .unit = "fraction", .doc = "share of the mint to owners (Bittensor subnet owners 18%)"},
    {.path = "rewards.stakers_sell_frac", .type = T_FLOAT, .off = P(rewards.stakers_sell_frac),
     .def = 0.5, IN(0, 1), .unit = "fraction", .doc = "share of stakers' rewards sold at once"},
    {.path = "rewards.treasury_sell_frac", .type = T_FLOAT, .off = P(rewards.treasury_sell_frac),
     .def = 0, IN(0, 1), .unit = "fraction", .doc = "share of the treasury's tokens sold at once"},
    {.path = "rewards.owners_sell_frac", .type = T_FLOAT, .off = P(rewards.owners_sell_frac),
     .def = 0.5, IN(0, 1), .unit = "fraction", .doc = "share of owners' rewards sold at once"},

    {.path = "token.model", .type = T_ENUM, .off = P(token.model), .words = token_model_words,
     .def = DS_TOKEN_MARKET_CAP, .unit = "",
     .doc = "market_cap: price = market cap (fundamental + speculative value, moved by net "
            "flows) ÷ circulating supply, so a mint dilutes and a burn concentrates; random_walk: "
            "the older model, a random walk plus a decaying flow displacement that supply never "
            "enters (kept for old files)"},
    {.path = "token.fundamental", .type = T_ENUM, .off = P(token.fundamental),
     .words = fundamental_words, .def = DS_FUND_NONE, .unit = "",
     .doc = "market_cap: the fundamental value follows fees (fees_multiple: M × 365 × average "
            "fees per day), the token float buyers hold to pay through the token (exchange: 365 "
            "× average token-paid fees per day ÷ velocity), or nothing (none)"},
    {.path = "token.fees_multiple", .type = T_FLOAT, .off = P(token.fees_multiple), .def = 10,
     GE(0), .unit = "× annual fees",
     .doc = "fees_multiple: price-to-sales multiple M on the annualised fee average"},
    {.path = "token.velocity_per_year", .type = T_FLOAT, .off = P(token.velocity_per_year),
     .def = 20, GT(0), .unit = "1/year",
     .doc = "exchange: times a year a token paid for usage changes hands (M·V = P·Q)"},
    {.path = "token.fundamental_window_days", .type = T_FLOAT,
     .off = P(token.fundamental_window_days), .def = 30, GT(0), .unit = "days",
     .doc = "window of the exponential moving average of fees the fundamental value follows"},
    {.path = "token.initial_fees_usd_per_day", .type = T_FLOAT,
     .off = P(token.initial_fees_usd_per_day), .def = 0, GE(0), .unit = "USD/day",
     .doc = "the fee average at t = 0 (the run-rate the market values at the start); the "
            "fundamental value it gives may not exceed the initial market cap"},
    {.path = "token.permanent_share", .type = T_FLOAT, .off = P(token.permanent_share),
     .def = 0.5, IN(0, 1), .unit = "fraction",
     .doc = "market_cap: share θ of a net flow's impact that never decays (the market has "
            "absorbed it); the rest decays with impact_half_life_days"},
    {.path = "token.initial_price_usd", .type = T_FLOAT, .off = P(token.initial_price_usd),
     .def = 1, GT(0), .unit = "USD/token",
     .doc = "token price at t = 0; with no tokens in circulation the price stays here until "
            "tokens exist, and the market opens at it (at F ÷ supply if the fundamental value "
            "alone is worth more)"},
    {.path = "token.initial_supply", .type = T_FLOAT, .off = P(token.initial_supply), .def = 1e8,
     IN(0, DS_FX_LEDGER_MAX), .unit = "tokens", .doc = "circulating supply at t = 0"},
    {.path = "token.drift_per_year", .type = T_FLOAT, .off = P(token.drift_per_year), .def = 0,
     .unit = "1/year",
     .doc = "drift μ of the price (market_cap: of the speculative value); the log drifts by "
            "μ − σ²/2"},
    {.path = "token.vol_per_sqrt_year", .type = T_FLOAT, .off = P(token.vol_per_sqrt_year),
     .def = 0.8, GE(0), .unit = "1/√year",
     .doc = "volatility σ of the log price (market_cap: of the log speculative value)"},
    {.path = "token.impact", .type = T_FLOAT, .off = P(token.impact), .def = 0.2, GE(0),
     .unit = "",
     .doc = "log change of the price (market_cap: of the market cap) per unit of net flow / "
            "market depth; 0: no flow moves it"},
    {.path = "token.depth_frac", .type = T_FLOAT, .off = P(token.depth_frac), .def = 0.03, GT(0),
     .unit = "fraction", .doc = "market depth (daily tradable volume) as a fraction of market cap"},
    {.path = "token.max_impact", .type = T_FLOAT, .off = P(token.max_impact), .def = 0.5, GT(0),
     .unit = "log", .doc = "bound on the impact term per step"},
    {.path = "token.impact_half_life_days", .type = T_FLOAT, .off = P(token.impact_half_life_days),
     .def = 7, GE(0), .unit = "days",
     .doc = "half-life of the transient flow displacement (0: it never decays)"},
    {.path = "token.exogenous_buy_usd_per_day", .type = T_FLOAT,
     .off = P(token.exogenous_buy_usd_per_day), .def = 0, GE(0), .unit = "USD/day",
     .doc = "outside buying of the token"},
    {.path = "token.regimes", .type = T_BOOL, .off = P(token.regimes), .def = 0, .unit = "",
     .doc = "two-state bull/bear Markov switch of drift and volatility (replaces drift and vol)"},
    {.path = "token.start", .type = T_ENUM, .off = P(token.start_bear), .words = regime_words,
     .def = 0, .unit = "", .doc = "regimes: the regime at t = 0"},
    {.path = "token.bull_drift_per_year", .type = T_FLOAT, .off = P(token.bull_drift_per_year),
     .def = 0.3, .unit = "1/year", .doc = "regimes: drift in the bull state"},
    {.path = "token.bull_vol_per_sqrt_year", .type = T_FLOAT,
     .off = P(token.bull_vol_per_sqrt_year), .def = 0.7, GE(0), .unit = "1/√year",
     .doc = "regimes: volatility in the bull state"},
    {.path = "token.bear_drift_per_year", .type = T_FLOAT, .off = P(token.bear_drift_per_year),
     .def = -1.2, .unit = "1/year", .doc = "regimes: drift in the bear state"},
    {.path = "token.bear_vol_per_sqrt_year", .type = T_FLOAT,
     .off = P(token.bear_vol_per_sqrt_year), .def = 1.0, GE(0), .unit = "1/√year",
     .doc = "regimes: volatility in the bear state"},
    {.path = "token.bull_to_bear_per_day", .type = T_FLOAT, .off = P(token.bull_to_bear_per_day),
     .def = 0.002, IN(0, 1), .unit = "1/day", .doc = "regimes: daily probability bull → bear"},
    {.path = "token.bear_to_bull_per_day", .type = T_FLOAT, .off = P(token.bear_to_bull_per_day),
     .def = 0.004, IN(0, 1), .unit = "1/day", .doc = "regimes: daily probability bear → bull"},
    {.path = "token.jump_rate_per_year", .type = T_FLOAT, .off = P(token.jump_rate_per_year),
     .def = 0, GE(0), LE(365), .unit = "1/year", .doc = "Poisson jumps of the log price per year"},
    {.path = "token.jump_mean", .type = T_FLOAT, .off = P(token.jump_mean), .def = -0.1,
     .unit = "log", .doc = "mean log jump"},
    {.path = "token.jump_sd", .type = T_FLOAT, .off = P(token.jump_sd), .def = 0.1, GE(0),
     .unit = "log", .doc = "sd of a log jump"},

    {.path = "vesting", .type = T_LIST, .off = P(n_vesting), IN(0, DS_MAX_VESTING),
     .def_text = "[]", .unit = "items",
     .doc = "locked allocations (team, investors) unlocking into circulation"},
    {.path = "vesting.N.name", .type = T_STRING, VEST(name), .size = DS_NAME_LEN,
     .def_text = "\"\"", .unit = "", .doc = "allocation name, e.g. team"},
    {.path = "vesting.N.tokens", .type = T_FLOAT, VEST(tokens), IN(0, DS_FX_LEDGER_MAX), REQ,
     .unit = "tokens", .doc = "tokens locked at t = 0"},
    {.path = "vesting.N.cliff_days", .type = T_FLOAT, VEST(cliff_days), .def = 365, GE(0),
     .unit = "days", .doc = "nothing unlocks before; what has vested by then unlocks at it"},
    {.path = "vesting.N.vest_days", .type = T_FLOAT, VEST(vest_days), .def = 1460, GE(0),
     .unit = "days", .doc = "linear vesting from t = 0 over this many days"},
    {.path = "vesting.N.sell_frac", .type = T_FLOAT, VEST(sell_frac), .def = 0.5, IN(0, 1),
     .unit = "fraction", .doc = "share of each unlock sold at once"},

    {.path = "claims", .type = T_LIST, .off = P(n_claims), IN(0, DS_MAX_CLAIMS), .def_text = "[]",
     .unit = "items", .doc = "claims judged on every path; the run reports the probability each holds"},
    {.path = "claims.N.name", .type = T_STRING, CLAIM(name), .size = DS_NAME_LEN, REQ, .unit = "",
     .doc = "claim name ([A-Za-z0-9_]), its group in the results"},
    {.path = "claims.N.metric", .type = T_ENUM, CLAIM(metric), .words = metric_words, REQ,
     .unit = "", .doc = "the metric judged (any metric name)"},
    {.path = "claims.N.op", .type = T_ENUM, CLAIM(op), .words = op_words, REQ, .unit = "",
     .doc = "comparison: lt (<), le (≤), gt (>), ge (≥)"},
    {.path = "claims.N.threshold", .type = T_FLOAT, CLAIM(threshold), REQ, .unit = "metric's",
     .doc = "the value compared against"},
    {.path = "claims.N.when", .type = T_ENUM, CLAIM(when), .words = when_words, .def = DS_WHEN_END,
     .unit = "", .doc = "end: at the horizon; always: at every step; window_mean: mean over the window"},
    {.path = "claims.N.window_start_day", .type = T_FLOAT, CLAIM(window_start_day), .def = 0,
     GE(0), .unit = "day", .doc = "window_mean: first day of the window (step ends)"},
    {.path = "claims.N.window_end_day", .type = T_FLOAT, CLAIM(window_end_day), .def = 1e12,
     GE(0), .unit = "day", .doc = "window_mean: last day of the window; ≥ window_start_day"},

    {.path = "outcomes.death_spiral_drawdown", .type = T_FLOAT,
     .off = P(outcomes.death_spiral_drawdown), .def = 0.9, IN(0, 1), .unit = "fraction",
     .doc = "a death spiral: the token's max drawdown reaches this ..."},
    {.path = "outcomes.death_spiral_providers_frac", .type = T_FLOAT,
     .off = P(outcomes.death_spiral_providers_frac), .def = 0.5, IN(0, 1), .unit = "fraction",
     .doc = "... and active providers fall to at most this share of the initial count"},

    {.path = "events", .type = T_LIST, .off = P(n_events), IN(0, DS_MAX_EVENTS), .def_text = "[]",
     .unit = "items",
     .doc = "dated events, the same on every path and variant: shocks, outages and governance "
            "changes"},
    {.path = "events.N.day", .type = T_FLOAT, EV(day), GE(0), REQ, .unit = "day",
     .doc = "when it takes effect: the first step starting on or after it; before the horizon"},
    {.path = "events.N.type", .type = T_ENUM, EV(type), .words = event_words, REQ, .unit = "",
     .doc = "token_price: S × factor once; demand: addressable demand × factor; cloud_price: "
            "every cloud price × factor; outage: share of the providers of a region or class "
            "offline; governance: emission and fee keys change (set)"},
    {.path = "events.N.name", .type = T_STRING, EV(name), .size = DS_NAME_LEN, .def_text = "the type",
     .unit = "", .doc = "label of the dashboard's marker"},
    {.path = "events.N.factor", .type = T_FLOAT, EV(factor), .def = 1, GT(0), .unit = "×",
     .doc = "token_price, demand, cloud_price: the multiplier (0.2: −80%)"},
    {.path = "events.N.duration_days", .type = T_FLOAT, EV(duration_days), .def = 0, GE(0),
     .unit = "days", .doc = "demand, cloud_price, outage: days in force (0: to the end)"},
    {.path = "events.N.share", .type = T_FLOAT, EV(share), .def = 1, GT(0), LE(1),
     .unit = "fraction", .doc = "outage: share of the matching providers' capacity offline"},
    {.path = "events.N.region", .type = T_STRING, EV(region_name), .size = DS_NAME_LEN,
     .def_text = "every region", .unit = "", .doc = "outage: the region's name"},
    {.path = "events.N.class", .type = T_STRING, EV(class_name), .size = DS_NAME_LEN,
     .def_text = "every class", .unit = "", .doc = "outage: the hardware class's name"},
    {.path = "events.N.set", .type = T_MAP, .def_text = "none", .unit = "",
     .doc = "governance: emission.* and fees.* keys and their values from the day on "
            "(base file only)"},
};

// clang-format on

#define N_KEYS ((int)(sizeof key_table / sizeof key_table[0]))
#define MAXI 8 /* most items of any list: slots per key */
DS_STATIC_ASSERT(DS_MAX_CLASSES <= MAXI && DS_MAX_REGIONS <= MAXI && DS_MAX_CUTS <= MAXI &&
                     DS_MAX_PERIODS <= MAXI && DS_MAX_VESTING <= MAXI && DS_MAX_CLAIMS <= MAXI,
                 "MAXI must cover every list");
#define N_SLOTS (N_KEYS * MAXI)
#define MAX_COMPS 8
#define PATH_LEN 160

/* Where a value came from: the file (line, col) or the n-th --set (line = n). */
typedef struct {
    int src; /* 0 unknown, 1 the file, 2 --set */
    int line, col;
} mark;
enum { SRC_NONE = 0, SRC_FILE = 1, SRC_SET = 2 };

typedef struct {
    int slot;
    mark m;
    int bad; /* the value had an error: checks that read it are skipped */
} vmark;

typedef struct {
    vmark *items;
    int n, cap;
} vmarks;

/* A governance event's `set` (events.N.set), given in the base file only: each key and
 * the value it takes from the event's day on. */
#define EVSET_MAX 16
typedef struct {
    int n;
    int k[EVSET_MAX];    /* key table index: an emission.* or fees.* key */
    double d[EVSET_MAX]; /* its value, as parse_value gives it */
    long long i[EVSET_MAX];
} evset;

struct ds_scenario_priv {
    mark marks[N_SLOTS]; /* the base: slot = key index × MAXI + item */
    unsigned char bad[N_SLOTS];
    vmarks var[DS_MAX_VARIANTS]; /* per variant: only what it overrides */
    evset sets[DS_MAX_EVENTS];   /* by event item */
};

/* ---------------------------------------------------------------- small helpers */

/* Allocation failure is not an input error: say where and stop (llm.c mallocCheck). */
static void *xrealloc(void *p, size_t n, const char *what)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "depinsim: out of memory (%zu bytes for %s, %s:%d)\n", n, what, __FILE__,
                __LINE__);
        abort();
    }
    return q;
}

typedef struct {
    char *s;
    size_t n, cap;
} strbuf;

static void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0) return;
    if (b->n + (size_t)need + 1 > b->cap) {
        b->cap = 2 * (b->n + (size_t)need + 1);
        b->s = xrealloc(b->s, b->cap, "overrides text");
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

static char *sb_take(strbuf *b)
{
    if (!b->s) sb_printf(b, "%s", "");
    char *s = b->s;
    b->s = NULL;
    b->n = b->cap = 0;
    return s;
}

/* Shortest text that reads back as x, with a compact exponent: 0.375, 1e8, 27500. */
static void fmt_num(double x, char *buf, size_t n)
{
    if (x == 0) {
        snprintf(buf, n, "0");
        return;
    }
    if (x == floor(x) && fabs(x) < 1e7) {
        snprintf(buf, n, "%.0f", x);
        return;
    }
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (strtod(tmp, NULL) == x) break;
    }
    char *e = strchr(tmp, 'e');
    if (e) { /* "1e+08" -> "1e8", "2.5e-05" -> "2.5e-5" */
        char mant[40];
        snprintf(mant, sizeof mant, "%.*s", (int)(e - tmp), tmp);
        int ex = atoi(e + 1);
        snprintf(buf, n, "%se%d", mant, ex);
    } else {
        snprintf(buf, n, "%s", tmp);
    }
}

/* Optimal string alignment distance (a transposition costs 1: "cuont" -> "count"). */
static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 48 || lb > 48) return 99;
    if (la - lb > 2 || lb - la > 2) return 3; /* at least that: too far to suggest */
    int d[49][49];
    for (int i = 0; i <= la; i++) d[i][0] = i;
    for (int j = 0; j <= lb; j++) d[0][j] = j;
    for (int i = 1; i <= la; i++) {
        for (int j = 1; j <= lb; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + c < v) v = d[i - 1][j - 1] + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

static int all_digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

typedef struct {
    int n;
    char c[MAX_COMPS][49];
} comps;

/* Split "a.b.c"; -1 on an empty or overlong component or too many components. */
static int split_path(const char *s, comps *out)
{
    out->n = 0;
    const char *p = s;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (len == 0 || len > 48 || out->n == MAX_COMPS) return -1;
        memcpy(out->c[out->n], p, len);
        out->c[out->n][len] = 0;
        out->n++;
        if (!dot) return 0;
        p = dot + 1;
    }
}

static void join_comps(const comps *c, int j, char *buf, size_t n)
{
    buf[0] = 0;
    size_t used = 0;
    for (int i = 0; i < j; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? "." : "", c->c[i]);
        if (w < 0 || (size_t)w >= n - used) return;
        used += (size_t)w;
    }
}

static int comp_match(const char *pat, const char *c)
{
    if (!strcmp(pat, "N")) return all_digits(c) && strlen(c) <= 3;
    return !strcmp(pat, c);
}

/* Do the first j components of c match key k's pattern? *exact: it has exactly j. */
static int key_matches(const key_def *k, const comps *c, int j, int *exact)
{
    static comps split[N_KEYS]; /* the table's paths split once: every key looked up scans them */
    static int ready;
    if (!ready) {
        for (int i = 0; i < N_KEYS; i++) split_path(key_table[i].path, &split[i]);
        ready = 1;
    }
    const comps *pc = &split[k - key_table];
    if (pc->n < j) return 0;
    for (int i = 0; i < j; i++)
        if (!comp_match(pc->c[i], c->c[i])) return 0;
    *exact = pc->n == j;
    return 1;
}

enum { R_NONE = 0, R_LEAF, R_LIST, R_INNER };

/* What the first j components name: a key (*k set), a list, a section, or nothing. */
static int classify(const comps *c, int j, int *k)
{
    int inner = 0;
    for (int i = 0; i < N_KEYS; i++) {
        int exact;
        if (!key_matches(&key_table[i], c, j, &exact)) continue;
        if (exact) {
            *k = i;
            return key_table[i].type == T_LIST ? R_LIST : R_LEAF;
        }
        inner = 1;
    }
    return inner ? R_INNER : R_NONE;
}

static int key_index(const char *path)
{
    for (int i = 0; i < N_KEYS; i++)
        if (!strcmp(key_table[i].path, path)) return i;
    fprintf(stderr, "scenario.c: no key '%s' in the table\n", path);
    abort(); /* a programming error: the checks below name table keys */
}

static int slot_of(int k, int item)
{
    return k * MAXI + (item < 0 ? 0 : item);
}

/* The list key a list-item key belongs to ("hardware.N.share" -> "hardware"). */
static int list_of(int k)
{
    static int list[N_KEYS], ready; /* looked up once */
    if (!ready) {
        for (int i = 0; i < N_KEYS; i++) {
            const char *n = strstr(key_table[i].path, ".N.");
            char buf[64];
            snprintf(buf, sizeof buf, "%.*s", n ? (int)(n - key_table[i].path) : 0,
                     key_table[i].path);
            list[i] = n ? key_index(buf) : -1;
        }
        ready = 1;
    }
    return list[k];
}

static void *field(void *base, const key_def *k, int item)
{
    return (char *)base + k->off + (size_t)(item < 0 ? 0 : item) * k->stride;
}

static int *list_count(ds_params *p, int list_k)
{
    return (int *)field(p, &key_table[list_k], -1);
}

/* ---------------------------------------------------------------- values */

typedef struct {
    double d;
    long long i;
    const char *s;
} value;

static void range_text(const key_def *k, int md, char *buf, size_t n)
{
    char lo[40], hi[40];
    if (k->type == T_INT || k->type == T_UINT32) { /* integers in full: [1, 10000000] */
        snprintf(lo, sizeof lo, "%.0f", k->lo);
        snprintf(hi, sizeof hi, "%.0f", k->hi);
    } else {
        fmt_num(k->lo, lo, sizeof lo);
        fmt_num(k->hi, hi, sizeof hi);
    }
    const char *ge = md ? "≥" : ">=", *le = md ? "≤" : "<=";
    if (k->lo_k && k->hi_k)
        snprintf(buf, n, "%s%s, %s%s", k->lo_k == B_IN ? "[" : "(", lo, hi,
                 k->hi_k == B_IN ? "]" : ")");
    else if (k->lo_k)
        snprintf(buf, n, "%s %s", k->lo_k == B_IN ? ge : ">", lo);
    else if (k->hi_k)
        snprintf(buf, n, "%s %s", k->hi_k == B_IN ? le : "<", hi);
    else
        snprintf(buf, n, "any");
}

static int in_range(const key_def *k, double v)
{
    if (k->lo_k == B_IN && v < k->lo) return 0;
    if (k->lo_k == B_EX && v <= k->lo) return 0;
    if (k->hi_k == B_IN && v > k->hi) return 0;
    if (k->hi_k == B_EX && v >= k->hi) return 0;
    return 1;
}

static void out_of_range(const key_def *k, const char *text, char *msg, size_t n)
{
    char r[96];
    range_text(k, 0, r, sizeof r);
    if (k->lo_k && k->hi_k)
        snprintf(msg, n, "%.40s is out of range %s", text, r);
    else
        snprintf(msg, n, "%.40s is out of range: must be %s", text, r);
}

static void enum_list(const key_def *k, const char *sep, const char *q, char *buf, size_t n)
{
    buf[0] = 0;
    size_t used = 0;
    for (int i = 0; k->words[i]; i++) {
        int w = snprintf(buf + used, n - used, "%s%s%s%s", i ? sep : "", q, k->words[i], q);
        if (w < 0 || (size_t)w >= n - used) return;
        used += (size_t)w;
    }
}

/* Decode the UTF-8 character at s (n bytes left) into *cp: its length, or -1 when the
 * bytes are not well-formed UTF-8 (overlong, surrogate, beyond U+10FFFF, cut short). */
static int utf8_char(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0], min;
    int len;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, *cp = c & 0x1f, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, *cp = c & 0x0f, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, *cp = c & 0x07, min = 0x10000;
    else
        return -1;
    if ((size_t)len > n) return -1;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return -1;
        *cp = *cp << 6 | (s[i] & 0x3f);
    }
    if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff)) return -1;
    return len;
}

static int is_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* A string value: well-formed UTF-8 (--set values come from argv unchecked) without
 * control characters; only the free-text description may hold newlines and tabs. The
 * scenario name also names the results file (NAME.h5, plots, CSV), so it is a plain
 * word: letters, digits and _.=,+- and not starting with '.', '-', '=', '+' or ','. */
static int string_problem(const key_def *k, const char *text, char *msg, size_t n)
{
    int free_text = !strcmp(k->path, "description");
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left) {
        unsigned cp;
        int len = utf8_char(p, left, &cp);
        if (len < 0) {
            snprintf(msg, n, "not UTF-8 text (byte \\x%02X)", *p);
            return -1;
        }
        if (is_control(cp) && !(free_text && (cp == '\n' || cp == '\t'))) {
            snprintf(msg, n, "holds control character %s%02X%s", cp < 0x80 ? "\\x" : "U+00", cp,
                     free_text ? "" : " (only description may hold newlines and tabs)");
            return -1;
        }
        p += len;
        left -= (size_t)len;
    }
    if (!strcmp(k->path, "name")) {
        if (!*text) {
            snprintf(msg, n, "a scenario name cannot be empty");
            return -1;
        }
        for (const char *c = text; *c; c++) {
            int word = isalnum((unsigned char)*c) || *c == '_';
            if (!word && (c == text || !strchr(".=,+-", *c))) {
                snprintf(msg, n,
                         "'%.60s' is not a plain word: letters, digits and _.=,+- only, "
                         "starting with a letter, digit or _ (it names the results file)",
                         text);
                return -1;
            }
        }
    }
    return 0;
}

/* Numbers are decimal: a leading zero is refused because YAML 1.1 reads 010 as octal 8. */
static int leading_zero(const char *text)
{
    const char *d = text + (*text == '+' || *text == '-');
    return d[0] == '0' && isdigit((unsigned char)d[1]);
}

/* Parse text as key k's type and check its range. 0, or -1 with msg filled. */
static int parse_value(const key_def *k, const char *text, value *v, char *msg, size_t n)
{
    if (k->type == T_STRING) {
        if (strlen(text) >= k->size) {
            snprintf(msg, n, "longer than %zu characters", k->size - 1);
            return -1;
        }
        if (string_problem(k, text, msg, n)) return -1;
        v->s = text;
        return 0;
    }
    if (k->type == T_BOOL) {
        if (!strcmp(text, "true"))
            v->i = 1;
        else if (!strcmp(text, "false"))
            v->i = 0;
        else {
            snprintf(msg, n, "expected true or false, got '%.40s'", text);
            return -1;
        }
        return 0;
    }
    if (k->type == T_ENUM) {
        int best = -1, bestd = 3;
        for (int i = 0; k->words[i]; i++) {
            if (!strcmp(text, k->words[i])) {
                v->i = i;
                return 0;
            }
            int d = edit_distance(text, k->words[i]);
            if (d < bestd) bestd = d, best = i;
        }
        /* comparisons written as symbols: '>' means gt, however close 'lt' is in letters */
        static const char *const symbols[][2] = {{"<", "lt"},  {"<=", "le"}, {"=<", "le"},
                                                 {"≤", "le"},  {">", "gt"},  {">=", "ge"},
                                                 {"=>", "ge"}, {"≥", "ge"}};
        for (int s = 0; k->words == op_words && s < (int)(sizeof symbols / sizeof symbols[0]); s++)
            if (!strcmp(text, symbols[s][0]))
                for (int i = 0; k->words[i]; i++)
                    if (!strcmp(k->words[i], symbols[s][1])) best = i;
        char words[DS_MSG_LEN / 2]; /* every word: the metric names run past 500 characters */
        enum_list(k, ", ", "", words, sizeof words);
        if (best >= 0)
            snprintf(msg, n, "expected one of %s, got '%.40s'; did you mean '%s'?", words, text,
                     k->words[best]);
        else
            snprintf(msg, n, "expected one of %s, got '%.40s'", words, text);
        return -1;
    }
    if (!*text) {
        snprintf(msg, n, "expected %s, got nothing",
                 k->type == T_FLOAT ? "a number" : "an integer");
        return -1;
    }
    if (k->type == T_INT || k->type == T_UINT32) {
        const char *q = text + (*text == '+' || *text == '-');
        if (!all_digits(q)) {
            snprintf(msg, n, "expected an integer, got '%.40s'", text);
            return -1;
        }
        if (leading_zero(text)) {
            snprintf(msg, n, "'%.40s' has a leading zero: integers are decimal, written without",
                     text);
            return -1;
        }
        errno = 0;
        long long x = strtoll(text, NULL, 10);
        double hi = k->type == T_INT ? INT_MAX : 4294967295.0;
        double lo = k->type == T_INT ? INT_MIN : 0;
        if (errno == ERANGE || (double)x < lo || (double)x > hi) {
            key_def kk = *k; /* beyond what the field can hold: say those bounds */
            kk.lo = k->lo_k ? k->lo : lo, kk.hi = k->hi_k ? k->hi : hi;
            kk.lo_k = kk.hi_k = B_IN;
            out_of_range(&kk, text, msg, n);
            return -1;
        }
        if (!in_range(k, (double)x)) {
            out_of_range(k, text, msg, n);
            return -1;
        }
        v->i = x;
        v->d = (double)x;
        return 0;
    }
    /* T_FLOAT: YAML decimals and exponent forms only; no hex, no .nan or .inf */
    for (const char *q = text; *q; q++) {
        if (!strchr("0123456789+-.eE", *q)) {
            snprintf(msg, n, "expected a number, got '%.40s'", text);
            return -1;
        }
    }
    char *end;
    double x = strtod(text, &end);
    if (end == text || *end) {
        snprintf(msg, n, "expected a number, got '%.40s'", text);
        return -1;
    }
    if (leading_zero(text)) {
        snprintf(msg, n, "'%.40s' has a leading zero: numbers are decimal, written without", text);
        return -1;
    }
    if (!isfinite(x)) {
        snprintf(msg, n, "expected a finite number, got '%.40s'", text);
        return -1;
    }
    if (!in_range(k, x)) {
        out_of_range(k, text, msg, n);
        return -1;
    }
    v->d = x;
    return 0;
}

static void store_value(void *base, const key_def *k, int item, const value *v)
{
    void *f = field(base, k, item);
    switch (k->type) {
    case T_FLOAT: *(double *)f = v->d; break;
    case T_INT:
    case T_BOOL:
    case T_ENUM: *(int *)f = (int)v->i; break;
    case T_UINT32: *(uint32_t *)f = (uint32_t)v->i; break;
    case T_STRING: snprintf((char *)f, k->size, "%s", v->s); break;
    default: break;
    }
}

static void store_default(void *base, const key_def *k, int item)
{
    value v = {.d = k->def, .i = (long long)k->def, .s = k->def_str ? k->def_str : ""};
    store_value(base, k, item, &v);
}

/* Zero the items of a list, then give the first n their defaults. */
static void reset_list(ds_params *p, int list_k, int n)
{
    for (int k = 0; k < N_KEYS; k++) {
        if (list_of(k) != list_k) continue;
        for (int i = 0; i < MAXI; i++) {
            value zero = {.d = 0, .i = 0, .s = ""};
            if (i < n)
                store_default(p, &key_table[k], i);
            else if (i < (int)key_table[list_k].hi)
                store_value(p, &key_table[k], i, &zero);
        }
    }
    *list_count(p, list_k) = n;
}

static void set_defaults(ds_params *p)
{
    memset(p, 0, sizeof *p);
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &key_table[k];
        if (d->scen || d->type == T_MAP || d->type == T_LIST || list_of(k) >= 0) continue;
        store_default(p, d, -1);
    }
}

/* ---------------------------------------------------------------- the walk */

typedef struct {
    char path[PATH_LEN];
    int line, col;
} seen_key;

typedef struct {
    seen_key *items;
    int n, cap;
} seen_list;

static void seen_add(seen_list *l, const char *path, int line, int col)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->items = xrealloc(l->items, (size_t)l->cap * sizeof *l->items, "key list");
    }
    seen_key *s = &l->items[l->n++];
    snprintf(s->path, sizeof s->path, "%s", path);
    s->line = line;
    s->col = col;
}

static const seen_key *seen_find(const seen_list *l, const char *path)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].path, path)) return &l->items[i];
    return NULL;
}

/* One pass over a mapping of keys into one ds_params: the base file, a variant or the
 * sweep. The same code serves all three so that their keys are checked alike. */
typedef struct {
    yaml_document_t *doc;
    ds_scenario *sc;
    ds_params *p;
    ds_errors *errs;
    const char *file;
    int variant;       /* -1: the base; else the index into sc->variants */
    int allow_index;   /* keys may name list items by index (variants, sweep, --set) */
    const char *shown; /* prefix of key paths in messages: "", "variants.NAME." */
    seen_list seen;    /* leaves and lists set: duplicates, required keys */
    seen_list maps;    /* base: mappings visited, where a missing key is reported */
    strbuf *ovr;       /* variants: the "key=value" lines */
    yaml_node_t *variants_node, *sweep_node;
} walk;

static mark node_mark(const yaml_node_t *n)
{
    mark m = {SRC_FILE, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
    return m;
}

static void err_at(walk *w, const yaml_node_t *n, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err_at(walk *w, const yaml_node_t *n, const char *key, const char *fmt, ...)
{
    char msg[DS_MSG_LEN], full[PATH_LEN + 80];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "%s%s", key && *key ? w->shown : "", key ? key : "");
    mark m = n ? node_mark(n) : (mark){0, 0, 0};
    errors_add(w->errs, DS_EINPUT, w->file, m.line, m.col, full, "%s", msg);
}

static void vmark_set(vmarks *v, int slot, mark m, int bad)
{
    for (int i = 0; i < v->n; i++) {
        if (v->items[i].slot == slot) {
            v->items[i].m = m;
            v->items[i].bad = bad;
            return;
        }
    }
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 8;
        v->items = xrealloc(v->items, (size_t)v->cap * sizeof *v->items, "variant marks");
    }
    v->items[v->n++] = (vmark){slot, m, bad};
}

static const vmark *vmark_get(const vmarks *v, int slot)
{
    for (int i = 0; i < v->n; i++)
        if (v->items[i].slot == slot) return &v->items[i];
    return NULL;
}

static void set_mark(walk *w, int slot, mark m, int bad)
{
    struct ds_scenario_priv *pv = w->sc->priv;
    if (w->variant < 0) {
        pv->marks[slot] = m;
        pv->bad[slot] = (unsigned char)bad;
    } else {
        vmark_set(&pv->var[w->variant], slot, m, bad);
    }
}

static int is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return 0;
    const char *s = (const char *)n->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static const char *node_kind(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE    ? "a mapping"
           : n->type == YAML_SEQUENCE_NODE ? "a list"
                                           : "a value";
}

/* Resolve prefix.text to a key. On failure fill errkey (the part that is wrong) and msg.
 * Index components must exist in p's lists; allow_index says whether text may hold them. */
static int resolve(const char *prefix, const char *text, int allow_index, ds_params *p, char *full,
                   int *k, int *item, char *errkey, char *msg, size_t n)
{
    *k = -1;
    *item = -1;
    errkey[0] = 0;
    int w = snprintf(full, PATH_LEN, "%s%s%s", prefix, *prefix ? "." : "", text);
    comps c, pc;
    if (w >= PATH_LEN || split_path(full, &c)) {
        snprintf(errkey, PATH_LEN, "%s", full);
        snprintf(msg, n, "malformed key");
        return R_NONE;
    }
    if (*prefix)
        split_path(prefix, &pc);
    else
        pc.n = 0;
    for (int j = pc.n + 1; j <= c.n; j++) {
        int kk;
        int cls = classify(&c, j, &kk);
        if (cls == R_NONE) {
            join_comps(&c, j, errkey, PATH_LEN);
            /* suggest the closest sibling: what could stand at component j */
            char best[49] = "";
            int bestd = 3;
            for (int i = 0; i < N_KEYS; i++) {
                int exact;
                comps kc;
                if (!key_matches(&key_table[i], &c, j - 1, &exact) || exact) continue;
                split_path(key_table[i].path, &kc);
                if (!strcmp(kc.c[j - 1], "N")) continue;
                int d = edit_distance(c.c[j - 1], kc.c[j - 1]);
                if (d < bestd) bestd = d, snprintf(best, sizeof best, "%s", kc.c[j - 1]);
            }
            if (*best)
                snprintf(msg, n, "unknown key; did you mean '%s'?", best);
            else
                snprintf(msg, n, "unknown key");
            return R_NONE;
        }
        if (all_digits(c.c[j - 1]) && j >= 2) {
            int lk;
            if (classify(&c, j - 1, &lk) == R_LIST) {
                if (!allow_index) {
                    join_comps(&c, j, errkey, PATH_LEN);
                    snprintf(msg, n,
                             "item indexes are only for variants, sweep and --set; "
                             "write the items as a YAML list");
                    return R_NONE;
                }
                int idx = atoi(c.c[j - 1]), cnt = *list_count(p, lk);
                if (idx >= cnt) {
                    join_comps(&c, j, errkey, PATH_LEN);
                    snprintf(msg, n, "index %d is out of range: %s has %d item%s", idx,
                             key_table[lk].path, cnt, cnt == 1 ? "" : "s");
                    return R_NONE;
                }
            }
        }
    }
    for (int j = 2; j <= c.n; j++) { /* the item, wherever its index was written */
        int lk;
        if (all_digits(c.c[j - 1]) && classify(&c, j - 1, &lk) == R_LIST) *item = atoi(c.c[j - 1]);
    }
    int cls = classify(&c, c.n, k);
    if (cls == R_INNER) *k = -1;
    return cls;
}

static void walk_map(walk *w, yaml_node_t *map, const char *prefix);

static void walk_list(walk *w, yaml_node_t *kn, yaml_node_t *vn, int k, const char *full)
{
    const key_def *d = &key_table[k];
    int n = vn->type == YAML_SEQUENCE_NODE
                ? (int)(vn->data.sequence.items.top - vn->data.sequence.items.start)
                : 0;
    set_mark(w, slot_of(k, -1), node_mark(kn), 0);
    seen_add(&w->seen, full, (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1);
    if (n < (int)d->lo || n > (int)d->hi) {
        err_at(w, vn, full, "needs %d to %d items, got %d", (int)d->lo, (int)d->hi, n);
        set_mark(w, slot_of(k, -1), node_mark(kn), 1);
        return;
    }
    reset_list(w->p, k, n);
    if (w->ovr) sb_printf(w->ovr, "%s=[%d items]\n", full, n);
    for (int i = 0; i < n; i++) {
        yaml_node_t *it = yaml_document_get_node(w->doc, vn->data.sequence.items.start[i]);
        char sub[PATH_LEN + 16];
        snprintf(sub, sizeof sub, "%s.%d", full, i);
        if (!it || it->type != YAML_MAPPING_NODE) {
            err_at(w, it, sub, "expected a mapping of %s keys, got %s", full,
                   it ? node_kind(it) : "nothing");
            set_mark(w, slot_of(k, -1), node_mark(kn), 1);
            continue;
        }
        walk_map(w, it, sub);
        for (int j = 0; j < N_KEYS; j++) { /* required item keys: reported at the item */
            if (list_of(j) != k || !key_table[j].req) continue;
            char kp[PATH_LEN + 64];
            snprintf(kp, sizeof kp, "%s.%s", sub, key_table[j].path + strlen(d->path) + 3);
            if (seen_find(&w->seen, kp)) continue;
            err_at(w, it, kp, "missing required key");
            set_mark(w, slot_of(j, i), node_mark(it), 1);
        }
    }
}

static void apply_leaf(walk *w, yaml_node_t *kn, yaml_node_t *vn, int k, int item, const char *full)
{
    const key_def *d = &key_table[k];
    if (d->type == T_MAP || (d->scen && w->variant >= 0)) {
        err_at(w, kn, full, "can only be given at the top level of the base scenario");
        return;
    }
    if (vn->type != YAML_SCALAR_NODE) {
        err_at(w, vn, full, "expected a single value, got %s", node_kind(vn));
        return;
    }
    const seen_key *s = seen_find(&w->seen, full);
    if (s) {
        err_at(w, kn, full, "key given twice (first at line %d)", s->line);
        return;
    }
    seen_add(&w->seen, full, (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1);
    const char *text = (const char *)vn->data.scalar.value;
    value v;
    char msg[DS_MSG_LEN];
    int slot = slot_of(k, item);
    if (parse_value(d, text, &v, msg, sizeof msg)) {
        err_at(w, vn, full, "%s", msg);
        set_mark(w, slot, node_mark(vn), 1);
        return;
    }
    store_value(d->scen ? (void *)w->sc : (void *)w->p, d, item, &v);
    if (!d->scen) set_mark(w, slot, node_mark(vn), 0);
    if (w->ovr) sb_printf(w->ovr, "%s=%s\n", full, text);
}

typedef struct {
    const char *text;
    int i;
} key_at;

static int key_at_cmp(const void *a, const void *b)
{
    const key_at *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* For each pair of a mapping, the index of the first pair with the same scalar key, or
 * -1. YAML forbids a key twice in one mapping and libyaml does not check it; sorting
 * makes the check O(n log n), where comparing every pair took 43 s on 40,000 keys. */
static int *first_of_keys(yaml_document_t *doc, yaml_node_pair_t *pairs, int np)
{
    int *first = xrealloc(NULL, (size_t)np * sizeof *first, "key index");
    key_at *ks = xrealloc(NULL, (size_t)np * sizeof *ks, "key index");
    int nk = 0;
    for (int i = 0; i < np; i++) {
        first[i] = -1;
        yaml_node_t *kn = yaml_document_get_node(doc, pairs[i].key);
        if (kn && kn->type == YAML_SCALAR_NODE)
            ks[nk++] = (key_at){(const char *)kn->data.scalar.value, i};
    }
    qsort(ks, (size_t)nk, sizeof *ks, key_at_cmp);
    for (int a = 1; a < nk; a++) {
        if (strcmp(ks[a].text, ks[a - 1].text)) continue;
        first[ks[a].i] = first[ks[a - 1].i] >= 0 ? first[ks[a - 1].i] : ks[a - 1].i;
    }
    free(ks);
    return first;
}

/* Past DS_ERRORS_MAX errors the rest would only be counted: stop walking. */
static int errors_full(const ds_errors *e)
{
    return e->n > DS_ERRORS_MAX;
}

/* ---------------------------------------------------------------- events: set */

/* A governance event's `set` mapping (events.N.set): emission.* and fees.* keys, dotted
 * or nested, each parsed and range-checked as if it stood in the file, and kept for
 * events_resolve, which applies them to each variant's own emission and fees once every
 * override is in. Only the base file gives it; a list key cannot be set. */
static void events_set_map(walk *w, yaml_node_t *map, int item, const char *shown, const char *in)
{
    evset *es = &w->sc->priv->sets[item];
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    int np = (int)(map->data.mapping.pairs.top - pairs);
    for (int i = 0; i < np && !errors_full(w->errs); i++) {
        yaml_node_t *kn = yaml_document_get_node(w->doc, pairs[i].key);
        yaml_node_t *vn = yaml_document_get_node(w->doc, pairs[i].value);
        if (!kn || !vn) continue;
        if (kn->type != YAML_SCALAR_NODE) {
            err_at(w, kn, shown, "keys must be plain words, not %s", node_kind(kn));
            continue;
        }
        char key[PATH_LEN], full[PATH_LEN], errkey[PATH_LEN], msg[DS_MSG_LEN], at[PATH_LEN * 2];
        snprintf(key, sizeof key, "%s%s%.100s", in, *in ? "." : "",
                 (const char *)kn->data.scalar.value);
        snprintf(at, sizeof at, "%s.%s", shown, key);
        int k, it, cls = resolve("", key, 0, w->p, full, &k, &it, errkey, msg, sizeof msg);
        if (cls == R_NONE) {
            err_at(w, kn, at, "%s", msg);
            continue;
        }
        if (strncmp(full, "emission", 8) && strncmp(full, "fees", 4)) {
            err_at(w, kn, at, "a governance event changes emission.* and fees.* keys only");
            continue;
        }
        if (cls == R_INNER && vn->type == YAML_MAPPING_NODE) {
            events_set_map(w, vn, item, shown, full);
            continue;
        }
        if (cls != R_LEAF || list_of(k) >= 0) {
            err_at(w, kn, at, "a governance event cannot change a list or a section whole");
            continue;
        }
        if (vn->type != YAML_SCALAR_NODE) {
            err_at(w, vn, at, "expected a single value, got %s", node_kind(vn));
            continue;
        }
        int dup = 0;
        for (int j = 0; j < es->n; j++) dup |= es->k[j] == k;
        value v;
        if (dup) {
            err_at(w, kn, at, "key given twice in this set");
        } else if (parse_value(&key_table[k], (const char *)vn->data.scalar.value, &v, msg,
                               sizeof msg)) {
            err_at(w, vn, at, "%s", msg);
        } else if (es->n == EVSET_MAX) {
            err_at(w, kn, at, "more than %d keys in one set", EVSET_MAX);
        } else {
            es->k[es->n] = k, es->d[es->n] = v.d, es->i[es->n] = v.i;
            es->n++;
        }
    }
}

static void events_set_walk(walk *w, yaml_node_t *kn, yaml_node_t *vn, int item, const char *full)
{
    if (w->variant >= 0) {
        err_at(w, kn, full, "a governance event's set is given in the base file only");
        return;
    }
    if (vn->type != YAML_MAPPING_NODE) {
        err_at(w, vn, full, "expected a mapping of emission.* and fees.* keys, got %s",
               node_kind(vn));
        return;
    }
    if (seen_find(&w->seen, full)) return; /* a duplicate mapping key: reported by the walk */
    seen_add(&w->seen, full, (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1);
    w->sc->priv->sets[item].n = 0;
    int nerr = errors_count(w->errs);
    events_set_map(w, vn, item, full, "");
    /* a set with an error is bad: checks that read it are skipped */
    set_mark(w, slot_of(key_index("events.N.set"), item), node_mark(kn),
             errors_count(w->errs) != nerr);
}

static void walk_map(walk *w, yaml_node_t *map, const char *prefix)
{
    if (w->variant < 0)
        seen_add(&w->maps, prefix, (int)map->start_mark.line + 1, (int)map->start_mark.column + 1);
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    int np = (int)(map->data.mapping.pairs.top - pairs);
    int *first = np ? first_of_keys(w->doc, pairs, np) : NULL;
    for (int i = 0; i < np && !errors_full(w->errs); i++) {
        yaml_node_t *kn = yaml_document_get_node(w->doc, pairs[i].key);
        yaml_node_t *vn = yaml_document_get_node(w->doc, pairs[i].value);
        if (!kn || !vn) continue;
        if (kn->type != YAML_SCALAR_NODE) {
            err_at(w, kn, prefix, "keys must be plain words, not %s", node_kind(kn));
            continue;
        }
        const char *text = (const char *)kn->data.scalar.value;
        char full[PATH_LEN], errkey[PATH_LEN], msg[256];
        if (first[i] >= 0) {
            yaml_node_t *kj = yaml_document_get_node(w->doc, pairs[first[i]].key);
            snprintf(full, sizeof full, "%s%s%s", prefix, *prefix ? "." : "", text);
            err_at(w, kn, full, "key given twice (first at line %d)",
                   kj ? (int)kj->start_mark.line + 1 : 0);
            continue;
        }
        if (w->variant < 0 && !*prefix && !strcmp(text, "variants")) {
            w->variants_node = vn;
            continue;
        }
        if (w->variant < 0 && !*prefix && !strcmp(text, "sweep")) {
            w->sweep_node = vn;
            continue;
        }
        int k, item;
        int cls =
            resolve(prefix, text, w->allow_index, w->p, full, &k, &item, errkey, msg, sizeof msg);
        if (cls == R_NONE) {
            err_at(w, kn, errkey, "%s", msg);
            continue;
        }
        if (cls == R_INNER) {
            if (vn->type == YAML_MAPPING_NODE)
                walk_map(w, vn, full);
            else if (!is_null(vn))
                err_at(w, vn, full, "expected a mapping of keys, got %s", node_kind(vn));
        } else if (cls == R_LIST) {
            if (vn->type == YAML_SEQUENCE_NODE || is_null(vn)) {
                const seen_key *s = seen_find(&w->seen, full);
                if (s)
                    err_at(w, kn, full, "key given twice (first at line %d)", s->line);
                else
                    walk_list(w, kn, vn, k, full);
            } else if (vn->type == YAML_MAPPING_NODE && w->allow_index) {
                walk_map(w, vn, full); /* variants: {0: {share: 0.5}} */
            } else {
                err_at(w, vn, full, "expected a list, got %s", node_kind(vn));
            }
        } else if (key_table[k].type == T_MAP && list_of(k) >= 0) {
            events_set_walk(w, kn, vn, item, full);
        } else {
            apply_leaf(w, kn, vn, k, item, full);
        }
    }
    free(first);
}

static void walk_free(walk *w)
{
    free(w->seen.items);
    free(w->maps.items);
    w->seen = (seen_list){0};
    w->maps = (seen_list){0};
}

/* Base only: keys that must be given, reported at the closest mapping that exists. */
static void check_required(walk *w)
{
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &key_table[k];
        if (!d->req || list_of(k) >= 0 || seen_find(&w->seen, d->path)) continue;
        const seen_key *at = NULL;
        size_t best = 0;
        for (int i = 0; i < w->maps.n; i++) {
            const char *mp = w->maps.items[i].path;
            size_t l = strlen(mp);
            int is_prefix = !l || (!strncmp(d->path, mp, l) && d->path[l] == '.');
            if (is_prefix && (!at || l > best)) at = &w->maps.items[i], best = l;
        }
        errors_add(w->errs, DS_EINPUT, w->file, at ? at->line : 0, at ? at->col : 0, d->path,
                   "missing required key");
        w->sc->priv->bad[slot_of(k, -1)] = 1;
    }
}

/* ---------------------------------------------------------------- variants and sweep */

static int valid_variant_name(const char *name, char *msg, size_t n, size_t max)
{
    if (!*name) {
        snprintf(msg, n, "a variant name cannot be empty");
        return 0;
    }
    if (strlen(name) >= max) {
        snprintf(msg, n, "variant name is longer than %zu characters", max - 1);
        return 0;
    }
    for (const char *c = name; *c; c++) {
        if (!isalnum((unsigned char)*c) && !strchr("_.=,+-", *c)) {
            snprintf(msg, n,
                     "variant name '%.60s' may hold only letters, digits and _.=,+- "
                     "(it becomes an HDF5 group name)",
                     name);
            return 0;
        }
    }
    return 1;
}

static int variant_named(const ds_scenario *sc, const char *name)
{
    for (int i = 0; i < sc->n_variants; i++)
        if (!strcmp(sc->variants[i].name, name)) return 1;
    return 0;
}

static ds_variant *new_variant(ds_scenario *sc, const char *name)
{
    ds_variant *v = &sc->variants[sc->n_variants++];
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
    memcpy(&v->params, &sc->base, sizeof v->params); /* memcpy: padding too, for memcmp */
    return v;
}

static void load_variants(walk *base, yaml_node_t *vn)
{
    ds_scenario *sc = base->sc;
    if (is_null(vn)) return;
    if (vn->type != YAML_MAPPING_NODE) {
        err_at(base, vn, "variants", "expected a mapping of variant name → overrides, got %s",
               node_kind(vn));
        return;
    }
    yaml_node_pair_t *pairs = vn->data.mapping.pairs.start;
    int np = (int)(vn->data.mapping.pairs.top - pairs);
    for (int i = 0; i < np && !errors_full(base->errs); i++) {
        yaml_node_t *kn = yaml_document_get_node(base->doc, pairs[i].key);
        yaml_node_t *ov = yaml_document_get_node(base->doc, pairs[i].value);
        if (!kn || !ov) continue;
        if (kn->type != YAML_SCALAR_NODE) {
            err_at(base, kn, "variants", "a variant name must be a plain word");
            continue;
        }
        const char *name = (const char *)kn->data.scalar.value;
        char key[PATH_LEN + 16], msg[256];
        snprintf(key, sizeof key, "variants.%.140s", name);
        if (!valid_variant_name(name, msg, sizeof msg, sizeof sc->variants[0].name)) {
            err_at(base, kn, key, "%s", msg);
            continue;
        }
        if (variant_named(sc, name)) {
            err_at(base, kn, key, "variant name '%s' is already used", name);
            continue;
        }
        if (sc->n_variants == DS_MAX_VARIANTS) {
            err_at(base, kn, key, "more than %d variants", DS_MAX_VARIANTS);
            return;
        }
        ds_variant *v = new_variant(sc, name);
        char shown[PATH_LEN + 32];
        snprintf(shown, sizeof shown, "%s.", key);
        strbuf ovr = {0};
        walk w = {.doc = base->doc,
                  .sc = sc,
                  .p = &v->params,
                  .errs = base->errs,
                  .file = base->file,
                  .variant = sc->n_variants - 1,
                  .allow_index = 1,
                  .shown = shown,
                  .ovr = &ovr};
        if (ov->type == YAML_MAPPING_NODE)
            walk_map(&w, ov, "");
        else if (!is_null(ov))
            err_at(base, ov, key, "expected a mapping of overrides, got %s", node_kind(ov));
        v->overrides = sb_take(&ovr);
        walk_free(&w);
    }
}

#define MAX_AXES 16

typedef struct {
    char path[PATH_LEN];
    int k, item;
    yaml_node_t *seq;
} sweep_axis;

typedef struct {
    sweep_axis ax[MAX_AXES];
    int n;
} sweep_axes;

static void collect_axes(walk *w, yaml_node_t *map, const char *prefix, sweep_axes *A)
{
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    int np = (int)(map->data.mapping.pairs.top - pairs);
    for (int i = 0; i < np && !errors_full(w->errs); i++) {
        yaml_node_t *kn = yaml_document_get_node(w->doc, pairs[i].key);
        yaml_node_t *vn = yaml_document_get_node(w->doc, pairs[i].value);
        if (!kn || !vn) continue;
        if (kn->type != YAML_SCALAR_NODE) {
            err_at(w, kn, prefix, "keys must be plain words, not %s", node_kind(kn));
            continue;
        }
        char full[PATH_LEN], errkey[PATH_LEN], msg[DS_MSG_LEN];
        int k, item;
        int cls = resolve(prefix, (const char *)kn->data.scalar.value, 1, w->p, full, &k, &item,
                          errkey, msg, sizeof msg);
        if (cls == R_NONE) {
            err_at(w, kn, errkey, "%s", msg);
            continue;
        }
        int dup = 0;
        for (int a = 0; a < A->n; a++) {
            if (!strcmp(A->ax[a].path, full)) {
                err_at(w, kn, full, "key given twice (first at line %d)",
                       (int)A->ax[a].seq->start_mark.line + 1);
                dup = 1;
            }
        }
        if (dup) continue;
        if (cls == R_INNER && vn->type == YAML_MAPPING_NODE) {
            collect_axes(w, vn, full, A);
            continue;
        }
        if (cls != R_LEAF || key_table[k].scen || key_table[k].type == T_MAP) {
            err_at(w, kn, full, "cannot be swept: sweep single keys such as token.impact");
            continue;
        }
        if (vn->type != YAML_SEQUENCE_NODE ||
            vn->data.sequence.items.top == vn->data.sequence.items.start) {
            err_at(w, vn, full, "expected a non-empty list of values, e.g. [0.5, 1.0]");
            continue;
        }
        if (A->n == MAX_AXES) {
            err_at(w, kn, full, "more than %d swept keys", MAX_AXES);
            continue;
        }
        int bad = 0;
        for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top;
             it++) {
            yaml_node_t *val = yaml_document_get_node(w->doc, *it);
            value v;
            if (!val || val->type != YAML_SCALAR_NODE) {
                err_at(w, val ? val : vn, full, "expected a single value, got %s",
                       val ? node_kind(val) : "nothing");
                bad = 1;
            } else if (parse_value(&key_table[k], (const char *)val->data.scalar.value, &v, msg,
                                   sizeof msg)) {
                err_at(w, val, full, "%s", msg);
                bad = 1;
            }
        }
        if (bad) continue;
        sweep_axis *ax = &A->ax[A->n++];
        snprintf(ax->path, sizeof ax->path, "%s", full);
        ax->k = k;
        ax->item = item;
        ax->seq = vn;
    }
}

static void load_sweep(walk *base, yaml_node_t *sn)
{
    ds_scenario *sc = base->sc;
    if (is_null(sn)) return;
    walk w = {.doc = base->doc,
              .sc = sc,
              .p = &sc->base,
              .errs = base->errs,
              .file = base->file,
              .variant = 0,
              .allow_index = 1,
              .shown = "sweep."};
    if (sn->type != YAML_MAPPING_NODE) {
        err_at(base, sn, "sweep", "expected a mapping of key → list of values, got %s",
               node_kind(sn));
        return;
    }
    sweep_axes A = {.n = 0};
    int nerr = errors_count(base->errs);
    collect_axes(&w, sn, "", &A);
    if (errors_count(base->errs) != nerr || A.n == 0) return;
    long total = 1;
    int len[MAX_AXES];
    for (int a = 0; a < A.n; a++) {
        len[a] =
            (int)(A.ax[a].seq->data.sequence.items.top - A.ax[a].seq->data.sequence.items.start);
        total *= len[a];
        if (total > DS_MAX_VARIANTS) break;
    }
    if (total + sc->n_variants > DS_MAX_VARIANTS) {
        char t[32];
        if (total > DS_MAX_VARIANTS)
            snprintf(t, sizeof t, "more than %d", DS_MAX_VARIANTS);
        else
            snprintf(t, sizeof t, "%ld", total);
        err_at(base, sn, "sweep",
               "expands to %s variants; with the %d before it that is more than %d", t,
               sc->n_variants, DS_MAX_VARIANTS);
        return;
    }
    for (long idx = 0; idx < total; idx++) {
        int pick[MAX_AXES];
        long r = idx;
        for (int a = A.n - 1; a >= 0; a--) { /* the last key varies fastest */
            pick[a] = (int)(r % len[a]);
            r /= len[a];
        }
        char name[sizeof sc->variants[0].name + 64];
        strbuf ovr = {0};
        size_t used = 0;
        name[0] = 0;
        yaml_node_t *vals[MAX_AXES];
        for (int a = 0; a < A.n; a++) {
            vals[a] =
                yaml_document_get_node(base->doc, A.ax[a].seq->data.sequence.items.start[pick[a]]);
            const char *t = (const char *)vals[a]->data.scalar.value;
            int wr =
                snprintf(name + used, sizeof name - used, "%s%s=%s", a ? "," : "", A.ax[a].path, t);
            if (wr > 0) used += (size_t)wr;
            if (used >= sizeof name) used = sizeof name - 1;
            sb_printf(&ovr, "%s=%s\n", A.ax[a].path, t);
        }
        char msg[DS_MSG_LEN];
        int ok = valid_variant_name(name, msg, sizeof msg, sizeof sc->variants[0].name);
        if (ok && variant_named(sc, name)) {
            snprintf(msg, sizeof msg, "variant name '%.200s' is already used", name);
            ok = 0;
        }
        if (!ok) {
            err_at(base, vals[A.n - 1], "sweep", "%s", msg);
            free(ovr.s);
            continue;
        }
        ds_variant *v = new_variant(sc, name);
        for (int a = 0; a < A.n; a++) {
            value val;
            const key_def *d = &key_table[A.ax[a].k];
            parse_value(d, (const char *)vals[a]->data.scalar.value, &val, msg, sizeof msg);
            store_value(&v->params, d, A.ax[a].item, &val);
            vmark_set(&sc->priv->var[sc->n_variants - 1], slot_of(A.ax[a].k, A.ax[a].item),
                      node_mark(vals[a]), 0);
        }
        v->overrides = sb_take(&ovr);
    }
}

/* Read at most max + 1 bytes: a device (/dev/zero) or a pipe cannot make it grow past
 * that. NULL with errno set when it cannot be read. */
static char *read_all(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xrealloc(NULL, cap, "scenario text");
    for (;;) {
        size_t want = cap - n - 1;
        if (want > max + 1 - n) want = max + 1 - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got == 0 || n > max) break;
        if (n + 1 == cap) buf = xrealloc(buf, cap *= 2, "scenario text");
    }
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* The file name's stem as a default scenario name, made a plain word as `name:` must be
 * (a file "|cmd;x.yaml" must not name its results "|cmd;x.h5"). */
static void file_stem(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t l = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    snprintf(out, n, "%.*s", (int)l, b);
    for (char *c = out; *c; c++) {
        int word = isalnum((unsigned char)*c) || *c == '_';
        if (!word && (c == out || !strchr(".=,+-", *c))) *c = '_';
    }
    if (!*out) snprintf(out, n, "scenario");
}

/* ---------------------------------------------------------------- hostile text */

/* Line and column (1-based, in characters, as libyaml counts them) of byte off of the
 * text; a byte that is not UTF-8 counts as one character. */
static void text_pos(const char *t, size_t n, size_t off, int *line, int *col)
{
    const unsigned char *s = (const unsigned char *)t;
    size_t i = n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3) ? 3 : 0; /* libyaml skips the BOM */
    *line = *col = 1;
    while (i < off && i < n) {
        unsigned cp;
        int len = utf8_char(s + i, n - i, &cp);
        if (len < 0) len = 1, cp = s[i];
        if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') len = 2;
        if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
            ++*line, *col = 1;
        else
            ++*col;
        i += (size_t)len;
    }
}

/* The first thing that makes the text no YAML scenario, before libyaml reads it (its
 * reader reports these at 1:1): a UTF-16 or UTF-32 byte-order mark, a NUL byte (UTF-16
 * or UTF-32 without one; scenario_yaml would keep only the bytes before it), bytes that
 * are not UTF-8, and characters YAML does not allow (controls other than tab and line
 * breaks). 0, or -1 with *off and msg set; bytes are named as \xNN, never copied. */
static int scan_text(const char *t, size_t n, size_t *off, char *msg, size_t m)
{
    static const struct {
        const char *bom;
        size_t len;
        const char *name;
    } boms[] = {{"\x00\x00\xfe\xff", 4, "UTF-32BE"},
                {"\xff\xfe\x00\x00", 4, "UTF-32LE"},
                {"\xfe\xff", 2, "UTF-16BE"},
                {"\xff\xfe", 2, "UTF-16LE"}};
    const unsigned char *s = (const unsigned char *)t;
    *off = 0;
    for (size_t b = 0; b < sizeof boms / sizeof boms[0]; b++) {
        if (n >= boms[b].len && !memcmp(s, boms[b].bom, boms[b].len)) {
            snprintf(msg, m,
                     "a %s byte-order mark: a scenario is UTF-8 text "
                     "(convert it: iconv -f %.6s -t UTF-8)",
                     boms[b].name, boms[b].name);
            return -1;
        }
    }
    for (size_t i = 0; i < n;) {
        unsigned cp;
        int len = utf8_char(s + i, n - i, &cp);
        *off = i;
        if (len < 0) {
            char bytes[24] = "";
            /* the lead byte, what follows it as continuation, and the byte that broke it */
            for (size_t j = 0; j < 4 && i + j < n; j++) {
                if (j >= 2 && (s[i + j] & 0xc0) != 0x80) break;
                size_t u = strlen(bytes);
                snprintf(bytes + u, sizeof bytes - u, "%s\\x%02X", j ? " " : "", s[i + j]);
                if (j && (s[i + j] & 0xc0) != 0x80) break;
            }
            snprintf(msg, m, "not UTF-8 (bytes %s): a scenario is UTF-8 text", bytes);
            return -1;
        }
        if (cp == 0) {
            snprintf(msg, m,
                     "a NUL byte: a scenario is UTF-8 text without NULs "
                     "(UTF-16 or UTF-32? convert it: iconv -t UTF-8)");
            return -1;
        }
        int allowed = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0x7e) ||
                      cp == 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) ||
                      (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
        if (!allowed) {
            if (cp < 0x80)
                snprintf(msg, m, "control character \\x%02X: YAML does not allow it", cp);
            else
                snprintf(msg, m, "character U+%04X: YAML does not allow it", cp);
            return -1;
        }
        i += (size_t)len;
    }
    return 0;
}

/* A scalar as libyaml decoded it: double-quoted escapes can still make a NUL ("\0"; C
 * strings would cut the name there) or control characters ("\e", "\x1b", "\N"). Tabs
 * and newlines pass here; string_problem allows them in description only. */
static int scalar_problem(const unsigned char *v, size_t len, char *msg, size_t m)
{
    for (size_t i = 0; i < len; i++) {
        unsigned c = v[i];
        if (c == 0) {
            snprintf(msg, m, "a NUL character (\\0) in a string: keys and values cannot hold one");
            return -1;
        }
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
            snprintf(msg, m, "control character \\x%02X in a string", c);
            return -1;
        }
        if (c == 0xc2 && i + 1 < len && v[i + 1] >= 0x80 && v[i + 1] < 0xa0) {
            snprintf(msg, m, "control character U+00%02X in a string", v[i + 1]);
            return -1;
        }
    }
    return 0;
}

/* Anchors seen so far, by name (open addressing, FNV-1a): what each stands for. */
typedef struct {
    char *name; /* NULL: a free slot */
    long nodes; /* nodes an alias to it adds, once its collection is closed */
    long id;    /* the event that defined it */
    int open;   /* its collection is still being read: an alias to it is a loop */
    int line;
} anchor_slot;

typedef struct {
    anchor_slot *slot;
    size_t cap, n;
} anchor_map;

static size_t anchor_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

static anchor_slot *anchor_find(anchor_map *m, const char *name)
{
    if (!m->cap) return NULL;
    for (size_t i = anchor_hash(name) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slot[i].name) return NULL;
        if (!strcmp(m->slot[i].name, name)) return &m->slot[i];
    }
}

static anchor_slot *anchor_add(anchor_map *m, const char *name)
{
    if (2 * (m->n + 1) > m->cap) { /* keep it at most half full */
        anchor_map g = {NULL, m->cap ? 2 * m->cap : 64, m->n};
        g.slot = xrealloc(NULL, g.cap * sizeof *g.slot, "anchors");
        memset(g.slot, 0, g.cap * sizeof *g.slot);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slot[i].name) continue;
            size_t j = anchor_hash(m->slot[i].name) & (g.cap - 1);
            while (g.slot[j].name) j = (j + 1) & (g.cap - 1);
            g.slot[j] = m->slot[i];
        }
        free(m->slot);
        *m = g;
    }
    size_t i = anchor_hash(name) & (m->cap - 1);
    while (m->slot[i].name) i = (i + 1) & (m->cap - 1);
    size_t l = strlen(name);
    m->slot[i].name = xrealloc(NULL, l + 1, "anchor name");
    memcpy(m->slot[i].name, name, l + 1);
    m->n++;
    return &m->slot[i];
}

static void anchor_free(anchor_map *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->slot[i].name);
    free(m->slot);
}

/* A libyaml error, located. Reader errors carry a byte offset, not a mark. */
static void yaml_error(const char *path, const char *text, size_t len, const yaml_parser_t *parser,
                       ds_errors *errs)
{
    if (parser->error == YAML_MEMORY_ERROR) {
        errors_add(errs, DS_EFAIL, path, 0, 0, "", "out of memory while parsing YAML");
        return;
    }
    int line = (int)parser->problem_mark.line + 1, col = (int)parser->problem_mark.column + 1;
    if (parser->error == YAML_READER_ERROR)
        text_pos(text, len, parser->problem_offset, &line, &col);
    if (parser->context)
        errors_add(errs, DS_EINPUT, path, line, col, "", "YAML syntax error: %s (%s at line %d)",
                   parser->problem, parser->context, (int)parser->context_mark.line + 1);
    else
        errors_add(errs, DS_EINPUT, path, line, col, "", "YAML syntax error: %s",
                   parser->problem ? parser->problem : "unreadable");
}

/* Read the YAML as a stream of events before libyaml builds the document, and refuse
 * hostile structure while that is cheap: nesting deeper than DS_SCENARIO_MAX_DEPTH
 * (libyaml's scanner is quadratic in it: 100,000 levels took 104 s), more than
 * DS_SCENARIO_MAX_NODES nodes with every alias counted as the nodes it names (aliases
 * that nest aliases — "billion laughs" — grow exponentially; the loader's walk visits
 * what they name), aliases that loop or name no anchor, NUL and control characters in
 * decoded strings, and a second document, which would be silently ignored. Syntax
 * errors are reported here too. 0, or -1 with one error added. */
static int yaml_precheck(const char *path, const char *text, size_t len, ds_errors *errs)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, "", "cannot start the YAML parser");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    anchor_map am = {0};
    struct {
        long start, id;
        char *anchor;
    } open[DS_SCENARIO_MAX_DEPTH];
    long nodes = 0, id = 0;
    int depth = 0, docs = 0, rc = 0, done = 0;
    char msg[200];
    while (!rc && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            yaml_error(path, text, len, &parser, errs);
            rc = -1;
            break;
        }
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        const char *anchor = NULL;
        msg[0] = 0;
        id++;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1)
                snprintf(msg, sizeof msg,
                         "a second YAML document: a scenario is one document "
                         "(remove this '---' and what follows)");
            break;
        case YAML_ALIAS_EVENT: {
            const char *name = (const char *)ev.data.alias.anchor;
            anchor_slot *a = anchor_find(&am, name);
            if (!a)
                snprintf(msg, sizeof msg, "alias *%.60s names no anchor before it", name);
            else if (a->open)
                snprintf(msg, sizeof msg,
                         "alias *%.60s is inside the collection it names (line %d): a loop", name,
                         a->line);
            else if ((nodes += a->nodes) > DS_SCENARIO_MAX_NODES)
                snprintf(msg, sizeof msg,
                         "alias *%.60s takes the document past %d nodes "
                         "(an alias counts as every node it names)",
                         name, DS_SCENARIO_MAX_NODES);
            break;
        }
        case YAML_SCALAR_EVENT:
            anchor = (const char *)ev.data.scalar.anchor;
            nodes++;
            scalar_problem(ev.data.scalar.value, ev.data.scalar.length, msg, sizeof msg);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            anchor =
                (const char *)(ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor
                                                                    : ev.data.mapping_start.anchor);
            nodes++;
            if (depth == DS_SCENARIO_MAX_DEPTH) {
                snprintf(msg, sizeof msg, "nested more than %d levels deep", DS_SCENARIO_MAX_DEPTH);
                break;
            }
            open[depth].start = nodes - 1;
            open[depth].id = id;
            open[depth].anchor = NULL;
            depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) {
                depth--;
                anchor_slot *a = open[depth].anchor ? anchor_find(&am, open[depth].anchor) : NULL;
                if (a && a->id == open[depth].id) {
                    a->open = 0;
                    a->nodes = nodes - open[depth].start;
                }
            }
            break;
        default: break;
        }
        if (!msg[0] && nodes > DS_SCENARIO_MAX_NODES)
            snprintf(msg, sizeof msg, "more than %d nodes (keys, values and collections)",
                     DS_SCENARIO_MAX_NODES);
        if (!msg[0] && anchor) {
            anchor_slot *a = anchor_find(&am, anchor);
            if (a) { /* libyaml's loader refuses it too, unlocated */
                snprintf(msg, sizeof msg, "anchor &%.60s is defined twice (first at line %d)",
                         anchor, a->line);
            } else {
                a = anchor_add(&am, anchor);
                a->id = id;
                a->line = line;
                a->nodes = 1;
                a->open = ev.type != YAML_SCALAR_EVENT;
                if (a->open) open[depth - 1].anchor = a->name;
            }
        }
        if (msg[0]) {
            errors_add(errs, DS_EINPUT, path, line, col, "", "%s", msg);
            rc = -1;
        }
        yaml_event_delete(&ev);
    }
    anchor_free(&am);
    yaml_parser_delete(&parser);
    return rc;
}

/* ---------------------------------------------------------------- load */

int scenario_load(const char *path, ds_scenario *sc, ds_errors *errs)
{
    memset(sc, 0, sizeof *sc);
    snprintf(sc->path, sizeof sc->path, "%s", path);
    int nerr = errors_count(errs);
    sc->yaml_text = read_all(path, DS_SCENARIO_MAX_BYTES, &sc->yaml_len);
    if (!sc->yaml_text) {
        /* a missing or unreadable scenario is bad input (exit 2); other I/O errors are not */
        int kind = errno == ENOENT || errno == EACCES || errno == EISDIR ? DS_EINPUT : DS_EFAIL;
        errors_add(errs, kind, path, 0, 0, "", "cannot read: %s", strerror(errno));
        return kind;
    }
    int line, col;
    size_t off;
    char msg[200];
    if (sc->yaml_len > DS_SCENARIO_MAX_BYTES) {
        text_pos(sc->yaml_text, sc->yaml_len, DS_SCENARIO_MAX_BYTES, &line, &col);
        errors_add(errs, DS_EINPUT, path, line, col, "",
                   "the file is larger than %d bytes (1 MiB), the most a scenario may hold",
                   DS_SCENARIO_MAX_BYTES);
        scenario_free(sc);
        return DS_EINPUT;
    }
    if (scan_text(sc->yaml_text, sc->yaml_len, &off, msg, sizeof msg)) {
        text_pos(sc->yaml_text, sc->yaml_len, off, &line, &col);
        errors_add(errs, DS_EINPUT, path, line, col, "", "%s", msg);
        scenario_free(sc);
        return DS_EINPUT;
    }
    if (yaml_precheck(path, sc->yaml_text, sc->yaml_len, errs)) {
        int kind = errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
        scenario_free(sc);
        return kind;
    }
    sc->priv = xrealloc(NULL, sizeof *sc->priv, "scenario marks");
    memset(sc->priv, 0, sizeof *sc->priv);
    sc->variants = xrealloc(NULL, DS_MAX_VARIANTS * sizeof *sc->variants, "variants");
    set_defaults(&sc->base);
    file_stem(path, sc->name, sizeof sc->name);

    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, "", "cannot start the YAML parser");
        scenario_free(sc);
        return DS_EFAIL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)sc->yaml_text, sc->yaml_len);
    if (!yaml_parser_load(&parser, &doc)) { /* the precheck read it: only memory is left */
        yaml_error(path, sc->yaml_text, sc->yaml_len, &parser, errs);
        yaml_parser_delete(&parser);
        scenario_free(sc);
        return errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
    }

    walk w = {.doc = &doc,
              .sc = sc,
              .p = &sc->base,
              .errs = errs,
              .file = sc->path,
              .variant = -1,
              .allow_index = 0,
              .shown = ""};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || is_null(root)) {
        errors_add(errs, DS_EINPUT, path, 1, 1, "",
                   "the file is empty: a scenario needs at "
                   "least hardware, regions and demand");
    } else if (root->type != YAML_MAPPING_NODE) {
        err_at(&w, root, "", "the top level must be a mapping of keys, got %s", node_kind(root));
    } else {
        walk_map(&w, root, "");
        check_required(&w);
    }
    ds_variant *b = new_variant(sc, "base");
    b->overrides = sb_take(&(strbuf){0});
    if (w.variants_node) load_variants(&w, w.variants_node);
    if (w.sweep_node) load_sweep(&w, w.sweep_node);
    walk_free(&w);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);

    scenario_check(sc, errs);
    if (errors_count(errs) != nerr) {
        scenario_free(sc);
        return DS_EINPUT;
    }
    return DS_OK;
}

/* ---------------------------------------------------------------- --set */

int scenario_set(ds_scenario *sc, const char *a, int ordinal, ds_errors *errs)
{
    const char *eq = strchr(a, '=');
    if (!eq) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, a, "expected key.path=value");
        return DS_EINPUT;
    }
    char key[PATH_LEN], full[PATH_LEN], errkey[PATH_LEN], msg[DS_MSG_LEN];
    snprintf(key, sizeof key, "%.*s", (int)(eq - a), a);
    int vcol = (int)(eq - a) + 2, k, item;
    if (eq == a) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, "", "expected key.path=value, no key");
        return DS_EINPUT;
    }
    int cls = resolve("", key, 1, &sc->base, full, &k, &item, errkey, msg, sizeof msg);
    if (cls == R_NONE) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, errkey, "%s", msg);
        return DS_EINPUT;
    }
    if (cls != R_LEAF || key_table[k].type == T_MAP) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, key,
                   "not a single key; set one of its keys%s",
                   cls == R_LIST ? " by index, e.g. hardware.0.share" : "");
        return DS_EINPUT;
    }
    const key_def *d = &key_table[k];
    value v;
    const char *brk = strpbrk(eq + 1, "\r\n");
    if (brk) { /* the results record each --set as one "key=value" line */
        errors_add(errs, DS_EINPUT, "--set", ordinal, vcol + (int)(brk - eq - 1), key,
                   "a --set value cannot hold a line break (it would add a line to the "
                   "overrides the results record)");
        return DS_EINPUT;
    }
    if (parse_value(d, eq + 1, &v, msg, sizeof msg)) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, vcol, key, "%s", msg);
        return DS_EINPUT;
    }
    if (d->scen) {
        store_value(sc, d, -1, &v);
        return DS_OK;
    }
    int lk = list_of(k);
    for (int i = 0; i < sc->n_variants; i++) {
        if (lk >= 0 && item >= *list_count(&sc->variants[i].params, lk)) {
            errors_add(errs, DS_EINPUT, "--set", ordinal, 1, key,
                       "index %d is out of range in variant '%s'", item, sc->variants[i].name);
            return DS_EINPUT;
        }
    }
    mark m = {SRC_SET, ordinal, vcol};
    int slot = slot_of(k, item);
    store_value(&sc->base, d, item, &v);
    if (sc->priv) {
        sc->priv->marks[slot] = m;
        sc->priv->bad[slot] = 0;
    }
    for (int i = 0; i < sc->n_variants; i++) {
        ds_variant *var = &sc->variants[i];
        store_value(&var->params, d, item, &v);
        if (sc->priv) vmark_set(&sc->priv->var[i], slot, m, 0);
        /* provenance: the results must say what was really run */
        strbuf b = {.s = var->overrides, .n = var->overrides ? strlen(var->overrides) : 0};
        b.cap = b.n + 1;
        sb_printf(&b, "%s=%s\n", key, eq + 1);
        var->overrides = b.s;
    }
    return DS_OK;
}

/* ---------------------------------------------------------------- cross-field checks */

#define MAX_FIND 16

typedef struct {
    char key[PATH_LEN];
    char msg[320];
    int slots[MAXI + 4]; /* the values the check read: location and skipping */
    int ns;
} finding;

static finding *add_finding(finding *f, int *nf, const char *key)
{
    if (*nf == MAX_FIND) return NULL;
    finding *x = &f[(*nf)++];
    memset(x, 0, sizeof *x);
    snprintf(x->key, sizeof x->key, "%s", key);
    return x;
}

static void shares_check(const ds_params *p, const char *list, int n, const double *share,
                         size_t stride, finding *f, int *nf)
{
    double sum = 0;
    for (int i = 0; i < n; i++) sum += *(const double *)((const char *)share + i * stride);
    if (n < 1 || fabs(sum - 1) <= 1e-9) return;
    finding *x = add_finding(f, nf, list);
    if (!x) return;
    snprintf(x->msg, sizeof x->msg, "%s shares sum to %.9g, must be 1", list, sum);
    char kp[64];
    snprintf(kp, sizeof kp, "%s.N.share", list);
    int lk = key_index(list), sk = key_index(kp);
    x->slots[x->ns++] = slot_of(lk, -1);
    for (int i = 0; i < n; i++) x->slots[x->ns++] = slot_of(sk, i);
    (void)p;
}

static void min_max_check(const ds_params *p, const char *kmin, const char *kmax, finding *f,
                          int *nf)
{
    int a = key_index(kmin), b = key_index(kmax);
    const key_def *da = &key_table[a], *db = &key_table[b];
    double lo, hi;
    if (da->type == T_INT) {
        lo = *(const int *)field((void *)p, da, -1);
        hi = *(const int *)field((void *)p, db, -1);
    } else {
        lo = *(const double *)field((void *)p, da, -1);
        hi = *(const double *)field((void *)p, db, -1);
    }
    if (lo <= hi) return;
    finding *x = add_finding(f, nf, kmin);
    if (!x) return;
    char s1[40], s2[40];
    fmt_num(lo, s1, sizeof s1);
    fmt_num(hi, s2, sizeof s2);
    snprintf(x->msg, sizeof x->msg, "%s %s is greater than %s %s", strrchr(kmin, '.') + 1, s1,
             strrchr(kmax, '.') + 1, s2);
    x->slots[x->ns++] = slot_of(a, -1);
    x->slots[x->ns++] = slot_of(b, -1);
}

/* The token ledger and the capacity are summed in fixed point (models/common.h), whose
 * clamp would silently cut what does not fit (1e11 tokens a day minted 8e12 instead of
 * 1.1e14): refuse what could leave DS_FX_LEDGER_MAX instead. Each bound is what the run
 * can reach at most: initial and locked supply, the schedule's mint over the run (and
 * the cumulative curve the schedule reads, from emission.start_day on), the re-mint's
 * cap, and every provider online with devices_max of the largest class. */
static void fx_range_check(const ds_params *p, finding *f, int *nf)
{
    const ds_emission_params *em = &p->emission;
    /* an absurd horizon is the run's to refuse (run.c: at most 10^8 steps), not the ledger's */
    if (!(p->run.step_days > 0) || p->run.horizon_days < p->run.step_days ||
        ds_params_steps(p) > 100000000)
        return;
    double horizon = ds_params_steps(p) * p->run.step_days, lim = DS_FX_LEDGER_MAX;
    char s1[25], s2[25], s3[25], s4[25], s5[25], s6[25]; /* fmt_num: at most 24 */
    const char *sched_key = "emission.tokens_per_day";
    double curve = 0, minted = 0; /* the curve's largest value; tokens minted over the run */
    int timed = 0;
    switch (em->schedule) {
    case DS_EMIT_HALVING:
        if (em->halving_by == DS_HALVE_BY_ISSUANCE) {
            curve = minted = em->tokens_per_day * horizon; /* the rate only halves */
            break;
        }
        timed = 1;
        break;
    case DS_EMIT_FIXED: timed = 1; break;
    case DS_EMIT_EXP_DECAY: timed = 1, sched_key = "emission.total_tokens"; break;
    case DS_EMIT_SCHEDULE: timed = 1, sched_key = "emission.periods"; break;
    case DS_EMIT_BASELINE:
        sched_key = "emission.total_tokens";
        curve = minted = em->total_tokens + em->simple_total_tokens;
        break;
    case DS_EMIT_REVENUE_TARGET:
        sched_key = "emission.max_tokens_per_day";
        curve = minted = em->max_tokens_per_day * horizon;
        break;
    default: break;
    }
    if (timed) {
        curve = ds_emission_cumulative(em, em->start_day + horizon);
        minted = curve - ds_emission_cumulative(em, em->start_day);
    }
    int ksched = key_index(sched_key), kstart = key_index("emission.start_day"),
        kh = key_index("run.horizon_days"), kstep = key_index("run.step_days"),
        ksched_kind = key_index("emission.schedule");
    if (timed && curve > lim) {
        finding *x = add_finding(f, nf, sched_key);
        if (!x) return;
        fmt_num(curve, s1, sizeof s1);
        fmt_num(em->start_day + horizon, s2, sizeof s2);
        fmt_num(lim, s3, sizeof s3);
        snprintf(x->msg, sizeof x->msg,
                 "the %s schedule reaches %s tokens by day %s (start_day + horizon), above "
                 "the fixed-point ledger's limit of %s tokens",
                 key_table[ksched_kind].words[em->schedule], s1, s2, s3);
        int slots[] = {slot_of(ksched, -1), slot_of(kstart, -1), slot_of(kh, -1),
                       slot_of(kstep, -1), slot_of(ksched_kind, -1)};
        for (int i = 0; i < 5; i++) x->slots[x->ns++] = slots[i];
        return;
    }
    double vest = 0, remint = em->remint_burned ? em->remint_max_per_day * horizon : 0;
    for (int i = 0; i < p->n_vesting; i++) vest += p->vesting[i].tokens;
    double total = p->token.initial_supply + vest + minted + remint;
    if (total > lim) {
        /* named after the largest term, and located where it was set */
        const char *key = "token.initial_supply";
        double big = p->token.initial_supply;
        if (vest > big) key = "vesting", big = vest;
        if (minted > big) key = sched_key, big = minted;
        if (remint > big) key = "emission.remint_max_per_day";
        finding *x = add_finding(f, nf, key);
        if (!x) return;
        fmt_num(p->token.initial_supply, s1, sizeof s1);
        fmt_num(vest, s2, sizeof s2);
        fmt_num(minted, s3, sizeof s3);
        fmt_num(remint, s4, sizeof s4);
        fmt_num(total, s5, sizeof s5);
        fmt_num(lim, s6, sizeof s6);
        snprintf(x->msg, sizeof x->msg,
                 "initial supply %s + vesting %s + up to %s minted + up to %s re-minted = %s "
                 "tokens, above the fixed-point ledger's limit of %s",
                 s1, s2, s3, s4, s5, s6);
        int kk = key_index(key);
        x->slots[x->ns++] = slot_of(kk, -1);
        const char *others[] = {"token.initial_supply", "vesting", sched_key,
                                "emission.remint_max_per_day", "run.horizon_days"};
        for (int i = 0; i < 5; i++)
            if (key_index(others[i]) != kk) x->slots[x->ns++] = slot_of(key_index(others[i]), -1);
        for (int i = 0; i < p->n_vesting && x->ns < MAXI + 4; i++)
            x->slots[x->ns++] = slot_of(key_index("vesting.N.tokens"), i);
    }
    /* capacity: summed over providers every step (and in the auction's histogram) */
    double heq = 0;
    int big_class = 0;
    for (int i = 0; i < p->n_classes; i++)
        if (p->hw[i].share > 0 && p->hw[i].heq_per_device > heq)
            heq = p->hw[i].heq_per_device, big_class = i;
    double cap = (double)p->prov.count * p->prov.devices_max * heq * DS_HOURS_PER_DAY;
    if (cap > lim) {
        finding *x = add_finding(f, nf, "providers.count");
        if (!x) return;
        fmt_num(heq, s1, sizeof s1);
        fmt_num(cap, s2, sizeof s2);
        fmt_num(lim, s3, sizeof s3);
        snprintf(x->msg, sizeof x->msg,
                 "%d providers × devices_max %d × heq_per_device %s × 24 h = %s heq-h/day of "
                 "capacity, above the fixed-point limit of %s",
                 p->prov.count, p->prov.devices_max, s1, s2, s3);
        x->slots[x->ns++] = slot_of(key_index("providers.count"), -1);
        x->slots[x->ns++] = slot_of(key_index("providers.devices_max"), -1);
        x->slots[x->ns++] = slot_of(key_index("hardware.N.heq_per_device"), big_class);
    }
}

/* ---------------------------------------------------------------- events and the market */

/* The loader's part of the events: names of regions and classes to indices (−2 when no
 * such name: events_check says so), and each governance event's emission and fee
 * parameters, in the order they take effect (by day, then list order), each one the
 * variant's own with every earlier governance set applied and then its own. The emission
 * schedule's clock restarts at the last event that changed an emission key. Rerun after
 * every override (scenario_check calls it), so a --set on the base reaches them too. */
static void events_resolve(const ds_scenario *sc, ds_params *p)
{
    for (int i = 0; i < p->n_events; i++) {
        ds_event *e = &p->events[i];
        e->region = e->region_name[0] ? -2 : -1;
        e->hw_class = e->class_name[0] ? -2 : -1;
        e->gov = -1;
        for (int r = 0; r < p->n_regions; r++)
            if (e->region == -2 && !strcmp(p->region[r].name, e->region_name)) e->region = r;
        for (int c = 0; c < p->n_classes; c++)
            if (e->hw_class == -2 && !strcmp(p->hw[c].name, e->class_name)) e->hw_class = c;
    }
    int order[DS_MAX_EVENTS], n = 0;
    for (int i = 0; i < p->n_events; i++) {
        if (p->events[i].type != DS_EVENT_GOVERNANCE) continue;
        int j = n++; /* insertion by day, stable */
        while (j > 0 && p->events[order[j - 1]].day > p->events[i].day)
            order[j] = order[j - 1], j--;
        order[j] = i;
    }
    ds_params *tmp = xrealloc(NULL, sizeof *tmp, "governance"); /* emission and fees in force */
    tmp->emission = p->emission;
    tmp->fees = p->fees;
    double origin = 0;
    p->n_gov = 0;
    memset(p->gov, 0, sizeof p->gov);
    for (int g = 0; g < n && g < DS_MAX_GOVERNANCE; g++) {
        ds_event *e = &p->events[order[g]];
        const evset *es = sc->priv ? &sc->priv->sets[order[g]] : NULL;
        for (int j = 0; es && j < es->n; j++) {
            value v = {.d = es->d[j], .i = es->i[j], .s = ""};
            store_value(tmp, &key_table[es->k[j]], -1, &v);
            if (!strncmp(key_table[es->k[j]].path, "emission.", 9)) origin = e->day;
        }
        ds_governance *gv = &p->gov[p->n_gov++];
        gv->day = e->day;
        gv->emission_origin_day = origin;
        gv->emission = tmp->emission;
        gv->fees = tmp->fees;
        e->gov = g;
    }
    free(tmp);
}

/* A finding about key, or when the rule is checked on governance event ev's parameters
 * (ev >= 0), about that event's set and located there. */
static finding *rule_finding(finding *f, int *nf, const char *key, int ev)
{
    char k[PATH_LEN];
    snprintf(k, sizeof k, "events.%d.set.%s", ev, key);
    finding *x = add_finding(f, nf, ev >= 0 ? k : key);
    if (x && ev >= 0) x->slots[x->ns++] = slot_of(key_index("events.N.set"), ev);
    return x;
}

/* Rules on emission and fees that hold for the scenario's and for each governance
 * event's: em and fe are one or the other; ev the event (−1: the scenario's). */
static void emission_fee_rules(const ds_params *p, const ds_emission_params *em,
                               const ds_fee_params *fe, int ev, finding *f, int *nf)
{
    const char *in = ev >= 0 ? " from this event on" : "";
    if (em->schedule == DS_EMIT_HALVING && em->halving_by == DS_HALVE_BY_ISSUANCE &&
        !(em->max_supply > 0)) {
        finding *x = rule_finding(f, nf, "emission.halving_by", ev);
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "halving by issuance halves at shares of emission.max_supply, which is 0: "
                     "nothing would be minted%s; set max_supply (Bittensor: 21e6)",
                     in);
            x->slots[x->ns++] = slot_of(key_index("emission.halving_by"), -1);
            x->slots[x->ns++] = slot_of(key_index("emission.max_supply"), -1);
        }
    }
    if (fe->settlement_delay_days > 0) {
        const char *why = NULL;
        char buf[160];
        int steps = ds_settle_steps(fe, p->run.step_days);
        if (fe->routing != DS_FEES_BURN_AND_MINT)
            why = "settles burn-and-mint payments: it needs fees.routing burn_and_mint";
        else if (em->remint_burned && em->remint_to == DS_REMINT_PROVIDERS)
            why = "pays providers their USD at settlement; emission.remint_burned to providers "
                  "would pay them the burned tokens again";
        else if (steps >= DS_MAX_SETTLE_STEPS) {
            snprintf(buf, sizeof buf, "is %d steps of %g days: at most %d", steps, p->run.step_days,
                     DS_MAX_SETTLE_STEPS - 1);
            why = buf;
        }
        finding *x = why ? rule_finding(f, nf, "fees.settlement_delay_days", ev) : NULL;
        if (x) {
            snprintf(x->msg, sizeof x->msg, "settlement_delay_days %s%s", why, in);
            x->slots[x->ns++] = slot_of(key_index("fees.settlement_delay_days"), -1);
            x->slots[x->ns++] = slot_of(key_index("fees.routing"), -1);
        }
    }
}

/* Does any fee pass through the token (bought and burned) under these fees? */
static int fees_buy_token(const ds_fee_params *fe)
{
    return fe->routing == DS_FEES_BURN_AND_MINT ||
           (fe->routing == DS_FEES_SPLIT && fe->take_to == DS_TAKE_BURN && fe->take_rate > 0);
}

/* The cross-field rules of the token market and the events list. */
static void market_events_check(const ds_scenario *sc, const ds_params *p, finding *f, int *nf)
{
    const ds_token_params *tk = &p->token;
    char s1[40], s2[40], s3[40];
    emission_fee_rules(p, &p->emission, &p->fees, -1, f, nf);
    int kset = key_index("events.N.set");
    ds_params *q = NULL; /* the scenario with a governance event's emission in force */
    for (int g = 0; g < p->n_gov; g++) {
        int i = 0;
        while (i < p->n_events && p->events[i].gov != g) i++;
        emission_fee_rules(p, &p->gov[g].emission, &p->gov[g].fees, i, f, nf);
        /* the fixed-point range with that schedule over the whole run (an upper bound),
         * said of the event's set and located there */
        if (!q) q = xrealloc(NULL, sizeof *q, "governance check");
        *q = *p;
        q->emission = p->gov[g].emission;
        int first = *nf, kept = first;
        fx_range_check(q, f, nf);
        for (int k = first; k < *nf; k++) {
            int seen = strncmp(f[k].key, "emission", 8) != 0; /* not the schedule's doing */
            for (int j = 0; j < first && !seen; j++)
                seen = !strcmp(f[j].key, f[k].key) && !strcmp(f[j].msg, f[k].msg);
            if (seen) continue;
            finding x = f[k];
            snprintf(x.key, sizeof x.key, "events.%d.set.%.100s", i, f[k].key);
            x.slots[0] = slot_of(kset, i);
            x.ns = 1;
            f[kept++] = x;
        }
        *nf = kept;
    }
    free(q);
    if (tk->model == DS_TOKEN_MARKET_CAP) {
        double f0 = ds_token_fundamental(tk, tk->initial_fees_usd_per_day);
        double c0 = tk->initial_price_usd * tk->initial_supply;
        if (tk->initial_supply > 0 && f0 > c0) {
            finding *x = add_finding(f, nf, "token.initial_fees_usd_per_day");
            if (x) {
                fmt_num(f0, s1, sizeof s1);
                fmt_num(c0, s2, sizeof s2);
                snprintf(x->msg, sizeof x->msg,
                         "the fundamental value at t = 0 (%s USD) exceeds the initial market cap "
                         "(initial_price_usd × initial_supply = %s USD): the speculative value "
                         "would start negative",
                         s1, s2);
                const char *ks[] = {"token.initial_fees_usd_per_day", "token.fees_multiple",
                                    "token.velocity_per_year", "token.initial_price_usd",
                                    "token.initial_supply"};
                for (int i = 0; i < 5; i++) x->slots[x->ns++] = slot_of(key_index(ks[i]), -1);
            }
        }
        int buys = fees_buy_token(&p->fees);
        for (int g = 0; g < p->n_gov; g++) buys |= fees_buy_token(&p->gov[g].fees);
        if (tk->fundamental == DS_FUND_EXCHANGE && !buys) {
            finding *x = add_finding(f, nf, "token.fundamental");
            if (x) {
                snprintf(x->msg, sizeof x->msg,
                         "exchange values the float buyers hold to pay through the token, but no "
                         "fee buys the token (fees.routing to_providers, or a split to the "
                         "treasury): the fundamental value would be 0; use fees_multiple or none");
                x->slots[x->ns++] = slot_of(key_index("token.fundamental"), -1);
                x->slots[x->ns++] = slot_of(key_index("fees.routing"), -1);
            }
        }
    }
    int kday = key_index("events.N.day"), ktype = key_index("events.N.type"),
        kfac = key_index("events.N.factor"), kdur = key_index("events.N.duration_days"),
        kshare = key_index("events.N.share"), kreg = key_index("events.N.region"),
        kcls = key_index("events.N.class");
    double horizon = ds_params_steps(p) * p->run.step_days;
    int ngov = 0;
    for (int i = 0; i < p->n_events; i++) {
        const ds_event *e = &p->events[i];
        const char *type = event_words[e->type];
        const evset *es = sc->priv ? &sc->priv->sets[i] : NULL;
        char msg[320] = "";
        int slots[3] = {-1, -1, slot_of(ktype, i)}; /* located at the first one set */
        int gov = e->type == DS_EVENT_GOVERNANCE, outage = e->type == DS_EVENT_OUTAGE;
        ngov += gov;
        if (e->day >= horizon - DS_EVENT_EPS && p->run.step_days > 0) {
            fmt_num(e->day, s1, sizeof s1);
            fmt_num(horizon, s2, sizeof s2);
            snprintf(msg, sizeof msg,
                     "day %s is not before the end of the run (day %s): the "
                     "event would never act",
                     s1, s2);
            slots[0] = slot_of(kday, i), slots[1] = slot_of(key_index("run.horizon_days"), -1);
        } else if (e->duration_days > 0 && (gov || e->type == DS_EVENT_TOKEN_PRICE)) {
            snprintf(msg, sizeof msg,
                     "duration_days is for demand, cloud_price and outage "
                     "events; a %s event %s",
                     type, gov ? "holds from its day on" : "acts once");
            slots[0] = slot_of(kdur, i);
        } else if (e->factor != 1 && (gov || outage)) {
            snprintf(msg, sizeof msg, "factor is for token_price, demand and cloud_price events%s",
                     outage ? "; an outage takes share" : "");
            slots[0] = slot_of(kfac, i);
        } else if (e->share != 1 && !outage) {
            snprintf(msg, sizeof msg, "share is for outage events");
            slots[0] = slot_of(kshare, i);
        } else if ((e->region_name[0] || e->class_name[0]) && !outage) {
            snprintf(msg, sizeof msg, "region and class are for outage events");
            slots[0] = slot_of(e->region_name[0] ? kreg : kcls, i);
        } else if (e->region == -2 || e->hw_class == -2) {
            int reg = e->region == -2, n = reg ? p->n_regions : p->n_classes, used;
            used = snprintf(msg, sizeof msg, "no %s named '%s' (", reg ? "region" : "class",
                            reg ? e->region_name : e->class_name);
            for (int j = 0; j < n && used > 0 && used < (int)sizeof msg; j++)
                used += snprintf(msg + used, sizeof msg - (size_t)used, "%s%s", j ? ", " : "",
                                 reg ? p->region[j].name : p->hw[j].name);
            if (used > 0 && used < (int)sizeof msg)
                snprintf(msg + used, sizeof msg - (size_t)used, ")");
            slots[0] = slot_of(reg ? kreg : kcls, i);
        } else if (gov && (!es || es->n == 0)) {
            snprintf(msg, sizeof msg,
                     "a governance event needs set: the emission.* and fees.* "
                     "keys it changes");
            slots[1] = slot_of(kset, i); /* skipped when the set itself had an error */
        } else if (!gov && es && es->n > 0) {
            snprintf(msg, sizeof msg, "set is for governance events");
            slots[0] = slot_of(kset, i);
        } else if (gov && ngov > DS_MAX_GOVERNANCE) {
            snprintf(msg, sizeof msg, "more than %d governance events", DS_MAX_GOVERNANCE);
        }
        if (!*msg) continue;
        char key[48];
        snprintf(key, sizeof key, "events.%d", i);
        finding *x = add_finding(f, nf, key);
        if (!x) return;
        snprintf(x->msg, sizeof x->msg, "%s", msg);
        for (int j = 0; j < 3; j++)
            if (slots[j] >= 0) x->slots[x->ns++] = slots[j];
    }
    (void)s3;
}

static int find_problems(const ds_scenario *sc, const ds_params *p, finding *f)
{
    int nf = 0;
    market_events_check(sc, p, f, &nf);
    shares_check(p, "hardware", p->n_classes, &p->hw[0].share, sizeof p->hw[0], f, &nf);
    shares_check(p, "regions", p->n_regions, &p->region[0].share, sizeof p->region[0], f, &nf);
    min_max_check(p, "providers.devices_min", "providers.devices_max", f, &nf);
    min_max_check(p, "providers.sell_frac_min", "providers.sell_frac_max", f, &nf);
    min_max_check(p, "providers.patience_days_min", "providers.patience_days_max", f, &nf);
    min_max_check(p, "pricing.markup_min", "pricing.markup_max", f, &nf);
    min_max_check(p, "pricing.grid_min_usd", "pricing.grid_max_usd", f, &nf);
    min_max_check(p, "pricing.price_min_usd", "pricing.price_max_usd", f, &nf);
    char s1[40], s2[40];
    const ds_reward_params *rw = &p->rewards;
    double shares = rw->providers_share + rw->stakers_share + rw->treasury_share + rw->owners_share;
    if (fabs(shares - 1) > 1e-9) {
        finding *x = add_finding(f, &nf, "rewards");
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "providers, stakers, treasury and owners shares sum to %.9g, must be 1",
                     shares);
            const char *ks[] = {"rewards.providers_share", "rewards.stakers_share",
                                "rewards.treasury_share", "rewards.owners_share"};
            for (int i = 0; i < 4; i++) x->slots[x->ns++] = slot_of(key_index(ks[i]), -1);
        }
    }
    for (int i = 0; i < p->n_claims; i++) {
        const ds_claim *cl = &p->claims[i];
        const char *bad = NULL;
        for (const char *c = cl->name; *c && !bad; c++)
            if (!isalnum((unsigned char)*c) && *c != '_') bad = c;
        if (bad || !cl->name[0]) {
            finding *x = add_finding(f, &nf, "claims.N.name");
            if (x) {
                snprintf(x->msg, sizeof x->msg,
                         "claim name '%s' must be letters, digits and '_' (it names an HDF5 group)",
                         cl->name);
                x->slots[x->ns++] = slot_of(key_index("claims.N.name"), i);
            }
        }
        for (int j = 0; j < i; j++) {
            if (strcmp(p->claims[j].name, cl->name)) continue;
            finding *x = add_finding(f, &nf, "claims.N.name");
            if (x) {
                snprintf(x->msg, sizeof x->msg, "claim name '%s' is used twice", cl->name);
                x->slots[x->ns++] = slot_of(key_index("claims.N.name"), i);
            }
        }
        if (cl->when == DS_WHEN_WINDOW_MEAN && cl->window_start_day > cl->window_end_day) {
            finding *x = add_finding(f, &nf, "claims.N.window_start_day");
            if (x) {
                fmt_num(cl->window_start_day, s1, sizeof s1);
                fmt_num(cl->window_end_day, s2, sizeof s2);
                snprintf(x->msg, sizeof x->msg, "window_start_day %s is after window_end_day %s",
                         s1, s2);
                x->slots[x->ns++] = slot_of(key_index("claims.N.window_start_day"), i);
                x->slots[x->ns++] = slot_of(key_index("claims.N.window_end_day"), i);
            }
        }
    }
    const ds_cloud_params *c = &p->cloud;
    double blend = c->blend_on_demand + c->blend_spot + c->blend_reserved_1y + c->blend_reserved_3y;
    if (c->reference == DS_REF_BLEND && fabs(blend - 1) > 1e-9) {
        finding *x = add_finding(f, &nf, "cloud.blend");
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "blend weights sum to %.9g, must be 1 when cloud.reference is blend", blend);
            const char *ks[] = {"cloud.blend.on_demand", "cloud.blend.spot",
                                "cloud.blend.reserved_1y", "cloud.blend.reserved_3y",
                                "cloud.reference"};
            for (int i = 0; i < 5; i++) x->slots[x->ns++] = slot_of(key_index(ks[i]), -1);
        }
    }
    if (p->emission.max_supply > 0 && p->emission.max_supply < p->token.initial_supply) {
        finding *x = add_finding(f, &nf, "emission.max_supply");
        if (x) {
            fmt_num(p->emission.max_supply, s1, sizeof s1);
            fmt_num(p->token.initial_supply, s2, sizeof s2);
            snprintf(x->msg, sizeof x->msg, "max_supply %s is below token.initial_supply %s", s1,
                     s2);
            x->slots[x->ns++] = slot_of(key_index("emission.max_supply"), -1);
            x->slots[x->ns++] = slot_of(key_index("token.initial_supply"), -1);
        }
    }
    fx_range_check(p, f, &nf);
    int kh = key_index("run.horizon_days"), ks = key_index("run.step_days"),
        kr = key_index("run.record_every");
    if (p->run.horizon_days < p->run.step_days) {
        finding *x = add_finding(f, &nf, "run.horizon_days");
        if (x) {
            fmt_num(p->run.horizon_days, s1, sizeof s1);
            fmt_num(p->run.step_days, s2, sizeof s2);
            snprintf(x->msg, sizeof x->msg, "horizon_days %s is shorter than step_days %s", s1, s2);
            x->slots[x->ns++] = slot_of(kh, -1);
            x->slots[x->ns++] = slot_of(ks, -1);
        }
    } else if (p->run.step_days > 0 && p->run.record_every > ds_params_steps(p)) {
        finding *x = add_finding(f, &nf, "run.record_every");
        if (x) {
            snprintf(x->msg, sizeof x->msg, "record_every %d is more than the %d steps of the run",
                     p->run.record_every, ds_params_steps(p));
            x->slots[x->ns++] = slot_of(kr, -1);
            x->slots[x->ns++] = slot_of(kh, -1);
            x->slots[x->ns++] = slot_of(ks, -1);
        }
    }
    return nf;
}

/* Report one variant's findings (v = -1: the base). A finding is skipped when a value it
 * read was already in error, or, for a variant, when the base has the same one. */
static void report_findings(ds_scenario *sc, int v, const finding *f, int nf, const finding *base,
                            int nb, ds_errors *errs)
{
    struct ds_scenario_priv *pv = sc->priv;
    const vmarks *vm = pv && v >= 0 ? &pv->var[v] : NULL;
    for (int i = 0; i < nf; i++) {
        int skip = 0;
        mark at = {0, 0, 0};
        for (int s = 0; s < f[i].ns && pv; s++) {
            const vmark *m = vm ? vmark_get(vm, f[i].slots[s]) : NULL;
            if (pv->bad[f[i].slots[s]] || (m && m->bad)) skip = 1;
        }
        for (int j = 0; v >= 0 && j < nb && !skip; j++)
            if (!strcmp(base[j].key, f[i].key) && !strcmp(base[j].msg, f[i].msg)) skip = 1;
        if (skip) continue;
        /* where: a --set (the latest word on any value), else what the variant itself set,
         * else where the base set it */
        for (int s = 0; s < f[i].ns && pv && !at.src; s++) {
            const vmark *m = vm ? vmark_get(vm, f[i].slots[s]) : NULL;
            if (m && m->m.src == SRC_SET)
                at = m->m;
            else if (pv->marks[f[i].slots[s]].src == SRC_SET)
                at = pv->marks[f[i].slots[s]];
        }
        for (int s = 0; s < f[i].ns && vm && !at.src; s++) {
            const vmark *m = vmark_get(vm, f[i].slots[s]);
            if (m && m->m.src) at = m->m;
        }
        for (int s = 0; s < f[i].ns && pv && !at.src; s++)
            if (pv->marks[f[i].slots[s]].src) at = pv->marks[f[i].slots[s]];
        const char *file = at.src == SRC_SET ? "--set" : sc->path;
        if (v < 0)
            errors_add(errs, DS_EINPUT, file, at.line, at.col, f[i].key, "%s", f[i].msg);
        else
            errors_add(errs, DS_EINPUT, file, at.line, at.col, f[i].key, "%s (variant '%s')",
                       f[i].msg, sc->variants[v].name);
    }
}

int scenario_check(ds_scenario *sc, ds_errors *errs)
{
    int nerr = errors_count(errs);
    finding base[MAX_FIND], fv[MAX_FIND];
    events_resolve(sc, &sc->base);
    for (int v = 0; v < sc->n_variants; v++) events_resolve(sc, &sc->variants[v].params);
    int nb = find_problems(sc, &sc->base, base);
    report_findings(sc, -1, base, nb, NULL, 0, errs);
    /* variants[0] is the base itself: checking it again would only repeat its errors */
    for (int v = 1; v < sc->n_variants; v++) {
        int nf = find_problems(sc, &sc->variants[v].params, fv);
        report_findings(sc, v, fv, nf, base, nb, errs);
    }
    return errors_count(errs) == nerr ? DS_OK : DS_EINPUT;
}

void scenario_free(ds_scenario *sc)
{
    if (sc->variants)
        for (int i = 0; i < sc->n_variants; i++) free(sc->variants[i].overrides);
    if (sc->priv)
        for (int i = 0; i < DS_MAX_VARIANTS; i++) free(sc->priv->var[i].items);
    free(sc->variants);
    free(sc->priv);
    free(sc->yaml_text);
    char path[sizeof sc->path];
    memcpy(path, sc->path, sizeof path);
    memset(sc, 0, sizeof *sc);
    memcpy(sc->path, path, sizeof path); /* still say which file it was */
}

int scenario_event_days(const ds_params *p, double *days, char *labels, size_t n)
{
    size_t used = 0;
    labels[0] = 0;
    for (int i = 0; i < p->n_events; i++) {
        const ds_event *e = &p->events[i];
        days[i] = e->day;
        int w = snprintf(labels + used, n - used, "%s%s", i ? "\n" : "",
                         e->name[0] ? e->name : event_words[e->type]);
        if (w > 0 && (size_t)w < n - used) used += (size_t)w;
    }
    return p->n_events;
}

/* ---------------------------------------------------------------- reference */

static void section_of(int k, char *buf, size_t n)
{
    const char *path = key_table[k].path;
    int lk = list_of(k);
    if (lk >= 0)
        snprintf(buf, n, "%s", key_table[lk].path);
    else if (key_table[k].type == T_LIST)
        snprintf(buf, n, "%s", path);
    else if (!strchr(path, '.'))
        snprintf(buf, n, "%s", "");
    else
        snprintf(buf, n, "%.*s", (int)(strchr(path, '.') - path), path);
}

static const char *type_name(const key_def *d)
{
    switch (d->type) {
    case T_FLOAT: return "number";
    case T_INT: return "integer";
    case T_UINT32: return "integer";
    case T_BOOL: return "bool";
    case T_ENUM: return "enum";
    case T_STRING: return "string";
    case T_LIST: return "list";
    case T_MAP: return "mapping";
    }
    return "?";
}

void scenario_keys_markdown(FILE *out)
{
    char sec[64] = "-";
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &key_table[k];
        char s[64];
        section_of(k, s, sizeof s);
        if (strcmp(s, sec)) {
            snprintf(sec, sizeof sec, "%s", s);
            if (!*s)
                fprintf(out, "### Top level\n\n");
            else if (d->type == T_LIST)
                fprintf(out,
                        "### `%s` — list of %d to %d items%s\n\n%s; each item is a mapping "
                        "of the keys below (`N` is the 0-based item index).\n\n",
                        s, (int)d->lo, (int)d->hi, d->req ? ", required" : "", d->doc);
            else
                fprintf(out, "### `%s`\n\n", s);
            fprintf(out, "| key | type | unit | default | valid range | meaning |\n");
            fprintf(out, "|---|---|---|---|---|---|\n");
        }
        if (d->type == T_LIST) continue;
        char def[64], range[DS_MSG_LEN / 2]; /* an enum's every word */
        if (d->def_text)
            snprintf(def, sizeof def, "%s", d->def_text);
        else if (d->type == T_ENUM)
            snprintf(def, sizeof def, "`%s`", d->words[(int)d->def]);
        else if (d->type == T_BOOL)
            snprintf(def, sizeof def, "%s", d->def ? "true" : "false");
        else
            fmt_num(d->def, def, sizeof def);
        if (d->type == T_ENUM)
            enum_list(d, ", ", "`", range, sizeof range);
        else if (d->type == T_BOOL)
            snprintf(range, sizeof range, "true, false");
        else if (d->type == T_STRING)
            snprintf(range, sizeof range, "≤ %zu characters", d->size - 1);
        else if (d->type == T_MAP)
            snprintf(range, sizeof range, "see the introduction");
        else
            range_text(d, 1, range, sizeof range);
        fprintf(out, "| `%s` | %s | %s | %s | %s | %s |\n", d->path, type_name(d),
                *d->unit ? d->unit : "—", def, range, d->doc);
        if (k + 1 == N_KEYS)
            fprintf(out, "\n");
        else {
            char s2[64];
            section_of(k + 1, s2, sizeof s2);
            if (strcmp(s2, sec)) fprintf(out, "\n");
        }
    }
}
