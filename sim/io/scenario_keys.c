/* scenario_keys.c — the key table: every scenario key with its type, place in
 * ds_params, default, range, unit and meaning. One table drives defaults,
 * parsing, range checks, variants, sweeps, --set and the markdown reference
 * (scenario_keys_doc.c), so they cannot disagree; the lookup of a dotted key
 * path in it is here as well. */
#include "scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/metrics.h"

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
static const char *const over_words[] = {"none", DS_METRICS(METRIC_WORD) NULL};
#undef METRIC_WORD
static const char *const relative_words[] = {
    [DS_RELATIVE_NONE] = "none", [DS_RELATIVE_INITIAL] = "initial", NULL};
static const char *const method_words[] = {"sobol", "morris", "lhs", NULL};
static const char *const first_order_words[] = {"jansen", "saltelli", NULL};
static const char *const halve_words[] = {
    [DS_HALVE_BY_PERIOD] = "period", [DS_HALVE_BY_ISSUANCE] = "issuance", NULL};
static const char *const fees_words[] = {[DS_FEES_TO_PROVIDERS] = "to_providers",
    [DS_FEES_BURN_AND_MINT] = "burn_and_mint", [DS_FEES_SPLIT] = "split", NULL};
static const char *const interp_words[] = {
    [DS_INTERP_LINEAR] = "linear", [DS_INTERP_STEP] = "step", NULL};
static const char *const series_mode_words[] = {
    [DS_SERIES_REPLACE] = "replace", [DS_SERIES_MULTIPLY] = "multiply", NULL};
static const char *const seg_ref_words[] = {
    [DS_REF_ON_DEMAND] = "on_demand", [DS_REF_SPOT] = "spot", [DS_REF_RESERVED_1Y] = "reserved_1y",
    [DS_REF_RESERVED_3Y] = "reserved_3y", [DS_REF_BLEND] = "blend", [DS_SEG_REF_CLOUD] = "cloud",
    NULL};
static const char *const returns_words[] = {[DS_RETURNS_MODEL] = "model",
    [DS_RETURNS_REPLAY] = "replay", [DS_RETURNS_BOOTSTRAP] = "bootstrap", NULL};
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
#define AN(f) offsetof(ds_scenario, analysis.f)
#define INPUT(f) .off = P(inputs[0].f), .stride = sizeof(ds_input), .base_only = 1
#define SEG(f) .off = P(demand.seg[0].f), .stride = sizeof(ds_segment)
#define TYPE(f) .off = P(prov.type[0].f), .stride = sizeof(ds_provider_type)
#define FROM(key) .inherit = key, .def_text = "`" key "`"
#define EV(f) .off = P(events[0].f), .stride = sizeof(ds_event)

/* Order matters twice: it is the order of the markdown reference, and each section's
 * keys must be contiguous. Defaults and ranges are documented in scenarios/README.md,
 * which is this table printed by scenario_keys_markdown(). */
const key_def scn_key_table[] = {
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

    {.path = "inputs", .type = T_LIST, .off = P(n_inputs), IN(0, DS_MAX_INPUTS), .base_only = 1,
     .def_text = "[]", .unit = "items",
     .doc = "time series read from CSV files (a `date` or `day` column and value columns), "
            "named for demand.series, cloud.on_demand_series, cloud.spot_series and "
            "token.price_series; read once for all variants"},
    {.path = "inputs.N.name", .type = T_STRING, INPUT(name), .size = DS_NAME_LEN, REQ, .unit = "",
     .doc = "the name uses refer to ([A-Za-z0-9_-]; it names an HDF5 group)"},
    {.path = "inputs.N.file", .type = T_STRING, INPUT(file), .size = 256, REQ, .unit = "",
     .doc = "the CSV file, relative to the scenario file's folder"},
    {.path = "inputs.N.column", .type = T_STRING, INPUT(column), .size = 64, REQ, .unit = "",
     .doc = "the value column, by its header name (without a [unit])"},
    {.path = "inputs.N.unit", .type = T_STRING, INPUT(unit), .size = 32, .def_text = "\"\"",
     .unit = "", .doc = "the column's unit when its header does not state it (`close [USD/token]`)"},
    {.path = "inputs.N.scale", .type = T_FLOAT, INPUT(scale), .def = 1, GT(0), .unit = "ratio",
     .doc = "values × scale are in the model's unit (USD per 8-GPU instance-hour → per "
            "heq-h: 0.125); with 1 the unit must be the model's"},
    {.path = "inputs.N.interp", .type = T_ENUM, INPUT(interp), .words = interp_words,
     .def = DS_INTERP_LINEAR, .unit = "",
     .doc = "between rows: linear (a straight line) or step (a row's value until the next)"},
    {.path = "inputs.N.start", .type = T_STRING, INPUT(start), .size = 32, .def_text = "first row",
     .unit = "", .doc = "the row that is day 0 of the run: a date (YYYY-MM-DD) or a day"},

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
    {.path = "providers.prospects", .type = T_FLOAT, .off = P(prov.prospects), .def = 0,
     IN(0, 1e9), .unit = "providers",
     .doc = "would-be providers outside the network at t = 0, the pool entrants come from "
            "(the free slots stand for it); 0: the free slots themselves are the prospects"},
    {.path = "providers.prospects_unbounded", .type = T_BOOL, .off = P(prov.prospects_unbounded),
     .def = 0, .unit = "",
     .doc = "the prospect pool keeps its size (entrants are replaced); else it shrinks by "
            "each entrant and grows by each leaver"},

    {.path = "providers.types", .type = T_LIST, .off = P(prov.n_types), IN(0, DS_MAX_TYPES),
     .def_text = "[]", .unit = "items",
     .doc = "provider types with correlated traits (datacenter, hobbyist); a key a type does "
            "not give takes the providers.* value"},
    {.path = "providers.types.N.name", .type = T_STRING, TYPE(name), .size = DS_NAME_LEN, REQ,
     .unit = "", .doc = "type name, e.g. datacenter"},
    {.path = "providers.types.N.share", .type = T_FLOAT, TYPE(share), IN(0, 1), REQ,
     .unit = "fraction", .doc = "share of the provider pool; the shares sum to 1"},
    {.path = "providers.types.N.devices_min", .type = T_INT, TYPE(devices_min), IN(1, 1024),
     FROM("providers.devices_min"), .unit = "devices", .doc = "fewest devices per provider"},
    {.path = "providers.types.N.devices_max", .type = T_INT, TYPE(devices_max), IN(1, 1024),
     FROM("providers.devices_max"), .unit = "devices", .doc = "most devices; ≥ devices_min"},
    {.path = "providers.types.N.electricity_mult", .type = T_FLOAT, TYPE(electricity_mult),
     .def = 1, GT(0), LE(10), .unit = "ratio",
     .doc = "× the region's electricity price (bulk industrial contracts: below 1)"},
    {.path = "providers.types.N.availability", .type = T_FLOAT, TYPE(availability), .def = 0,
     IN(0, 1), .unit = "probability",
     .doc = "probability online per step, in place of the class's (0: the class's)"},
    {.path = "providers.types.N.pue", .type = T_FLOAT, TYPE(pue), IN(1, 3), FROM("providers.pue"),
     .unit = "ratio", .doc = "power usage effectiveness"},
    {.path = "providers.types.N.opex_usd_per_device_hour", .type = T_FLOAT,
     TYPE(opex_usd_per_device_hour), GE(0), FROM("providers.opex_usd_per_device_hour"),
     .unit = "USD/device-h", .doc = "fixed operating cost besides electricity"},
    {.path = "providers.types.N.sell_frac_min", .type = T_FLOAT, TYPE(sell_frac_min), IN(0, 1),
     FROM("providers.sell_frac_min"), .unit = "fraction",
     .doc = "lowest share of rewards sold at once"},
    {.path = "providers.types.N.sell_frac_max", .type = T_FLOAT, TYPE(sell_frac_max), IN(0, 1),
     FROM("providers.sell_frac_max"), .unit = "fraction", .doc = "highest; ≥ sell_frac_min"},
    {.path = "providers.types.N.patience_days_min", .type = T_FLOAT, TYPE(patience_days_min),
     GE(0), FROM("providers.patience_days_min"), .unit = "days",
     .doc = "shortest patience with a negative margin"},
    {.path = "providers.types.N.patience_days_max", .type = T_FLOAT, TYPE(patience_days_max),
     GE(0), FROM("providers.patience_days_max"), .unit = "days",
     .doc = "longest patience; ≥ patience_days_min"},
    {.path = "providers.types.N.classes", .type = T_STRING, TYPE(classes), .size = 96,
     .def_text = "all", .unit = "",
     .doc = "hardware classes it runs, comma-separated names (their shares renormalised)"},
    {.path = "providers.types.N.regions", .type = T_STRING, TYPE(regions), .size = 96,
     .def_text = "all", .unit = "", .doc = "regions it is in, comma-separated names"},

    {.path = "demand.base_heqh_per_day", .type = T_FLOAT, .off = P(demand.base_heqh_per_day),
     GT(0), REQ, .unless = "demand.segments", .unit = "heq-h/day", .doc = "addressable demand at t = 0"},
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
    {.path = "demand.series", .type = T_STRING, .off = P(demand.series_name), .size = DS_NAME_LEN,
     .def_text = "none", .unit = "",
     .doc = "an input (heq-h/day, or a factor under multiply) in place of base × growth"},
    {.path = "demand.series_mode", .type = T_ENUM, .off = P(demand.series_mode),
     .words = series_mode_words, .def = DS_SERIES_REPLACE, .unit = "",
     .doc = "replace: demand follows the series (heq-h/day); multiply: base × growth × the "
            "series (a factor); the shock applies on top"},

    {.path = "demand.segments", .type = T_LIST, .off = P(demand.n_segments),
     IN(0, DS_MAX_SEGMENTS), .def_text = "[]", .unit = "items",
     .doc = "demand segments (training, inference, …) under the one shock above, each with its "
            "own curve, choice and cloud reference, and the providers it accepts; in place of "
            "the one buyer of base_heqh_per_day; a key a segment does not give takes demand.*"},
    {.path = "demand.segments.N.name", .type = T_STRING, SEG(name), .size = DS_NAME_LEN, REQ,
     .unit = "", .doc = "segment name ([A-Za-z0-9_-]), e.g. inference"},
    {.path = "demand.segments.N.base_heqh_per_day", .type = T_FLOAT, SEG(base_heqh_per_day),
     GT(0), REQ, .unit = "heq-h/day", .doc = "its addressable demand at t = 0"},
    {.path = "demand.segments.N.growth", .type = T_ENUM, SEG(growth), .words = growth_words,
     FROM("demand.growth"), .unit = "", .doc = "shape of its growth curve"},
    {.path = "demand.segments.N.growth_rate_per_year", .type = T_FLOAT, SEG(growth_rate_per_year),
     IN(-5, 5), FROM("demand.growth_rate_per_year"), .unit = "1/year",
     .doc = "exponential rate, or logistic steepness"},
    {.path = "demand.segments.N.logistic_ceiling_mult", .type = T_FLOAT,
     SEG(logistic_ceiling_mult), GT(1), FROM("demand.logistic_ceiling_mult"), .unit = "× base",
     .doc = "logistic: ceiling as a multiple of its base"},
    {.path = "demand.segments.N.series", .type = T_STRING, SEG(series_name), .size = DS_NAME_LEN,
     .def_text = "none", .unit = "", .doc = "an input in place of its base × growth"},
    {.path = "demand.segments.N.series_mode", .type = T_ENUM, SEG(series_mode),
     .words = series_mode_words, .def = DS_SERIES_REPLACE, .unit = "",
     .doc = "replace or multiply, as demand.series_mode"},
    {.path = "demand.segments.N.share_beta", .type = T_FLOAT, SEG(share_beta), GE(0),
     FROM("demand.share_beta"), .unit = "", .doc = "its price elasticity: logit steepness β"},
    {.path = "demand.segments.N.share_midpoint", .type = T_FLOAT, SEG(share_midpoint), GT(0),
     FROM("demand.share_midpoint"), .unit = "price ratio",
     .doc = "price ratio at which half of it switches"},
    {.path = "demand.segments.N.quality", .type = T_FLOAT, SEG(quality), GT(0), LE(1),
     FROM("demand.quality"), .unit = "fraction",
     .doc = "the network's quality for it against the cloud (latency, reliability)"},
    {.path = "demand.segments.N.reference", .type = T_ENUM, SEG(reference), .words = seg_ref_words,
     .def = DS_SEG_REF_CLOUD, .unit = "",
     .doc = "its cloud alternative: cloud (cloud.reference) or one of the cloud's prices"},
    {.path = "demand.segments.N.min_heq_per_device", .type = T_FLOAT, SEG(min_heq_per_device),
     .def = 0, GE(0), .unit = "heq/device",
     .doc = "requirement: served only by classes at least this large (training: datacenter GPUs)"},
    {.path = "demand.segments.N.min_availability", .type = T_FLOAT, SEG(min_availability),
     .def = 0, IN(0, 1), .unit = "probability",
     .doc = "requirement: served only by providers online at least this often (inference)"},
    {.path = "demand.segments.N.regions", .type = T_STRING, SEG(regions), .size = 96,
     .def_text = "all", .unit = "",
     .doc = "requirement: served only from these regions, comma-separated names"},
    {.path = "demand.segments.N.types", .type = T_STRING, SEG(types), .size = 96,
     .def_text = "all", .unit = "",
     .doc = "requirement: served only by these provider types, comma-separated names"},

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
    {.path = "cloud.on_demand_series", .type = T_STRING, .off = P(cloud.on_demand_series_name),
     .size = DS_NAME_LEN, .def_text = "none", .unit = "",
     .doc = "an input (USD/heq-h) in place of the on-demand closed form (decline and cuts)"},
    {.path = "cloud.spot_series", .type = T_STRING, .off = P(cloud.spot_series_name),
     .size = DS_NAME_LEN, .def_text = "none", .unit = "",
     .doc = "an input (USD/heq-h) in place of on-demand × (1 − spot discount)"},

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
    {.path = "token.returns", .type = T_ENUM, .off = P(token.returns), .words = returns_words,
     .def = DS_RETURNS_MODEL, .unit = "",
     .doc = "the price's own log returns: the model above, replay token.price_series (every "
            "path alike), or bootstrap its daily log returns in blocks"},
    {.path = "token.price_series", .type = T_STRING, .off = P(token.price_series_name),
     .size = DS_NAME_LEN, .def_text = "none", .unit = "",
     .doc = "replay, bootstrap: an input of prices (USD/token)"},
    {.path = "token.bootstrap_block_days", .type = T_FLOAT, .off = P(token.bootstrap_block_days),
     .def = 20, GE(1), .unit = "days",
     .doc = "bootstrap: block length (circular blocks keep volatility clusters within them)"},

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
    {.path = "claims.N.metric", .type = T_ENUM, CLAIM(metric), .words = metric_words, .def = -1,
     .def_text = "required in a comparison", .unit = "",
     .doc = "the metric judged (any metric name)"},
    {.path = "claims.N.op", .type = T_ENUM, CLAIM(op), .words = op_words, .def = -1,
     .def_text = "required in a comparison", .unit = "",
     .doc = "comparison: lt (<), le (≤), gt (>), ge (≥)"},
    {.path = "claims.N.threshold", .type = T_FLOAT, CLAIM(threshold), .def = NAN,
     .def_text = "required in a comparison", .unit = "metric's",
     .doc = "the value compared against (a ratio with over or relative_to)"},
    {.path = "claims.N.over", .type = T_ENUM, CLAIM(over), .words = over_words, .def = 0,
     .unit = "", .doc = "compare metric ÷ this metric (e.g. fees over emission_value); "
     "undefined (fails) where it is 0"},
    {.path = "claims.N.relative_to", .type = T_ENUM, CLAIM(relative_to), .words = relative_words,
     .def = DS_RELATIVE_NONE, .unit = "",
     .doc = "initial: compare the value ÷ the path's own value after its first step (e.g. "
     "active_providers ge 0.8: 80% of the initial providers)"},
    {.path = "claims.N.all", .type = T_CLAIMS, CLAIM(all_of), IN(1, DS_MAX_CLAIMS - 1),
     .def_text = "none", .unit = "names",
     .doc = "a combination: holds where every named claim holds (claims listed before this one)"},
    {.path = "claims.N.any", .type = T_CLAIMS, CLAIM(any_of), IN(1, DS_MAX_CLAIMS - 1),
     .def_text = "none", .unit = "names",
     .doc = "a combination: holds where at least one named claim holds"},
    {.path = "claims.N.not", .type = T_CLAIMS, CLAIM(not_of), IN(1, 1), .def_text = "none",
     .unit = "name", .doc = "a combination: holds where the named claim does not"},
    {.path = "claims.N.given", .type = T_CLAIMS, CLAIM(given_of), IN(1, 1), .def_text = "none",
     .unit = "name",
     .doc = "report P(this | given): over the paths where the named claim holds, with their count"},
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

    {.path = "analysis.method", .type = T_ENUM, .scen = 1, .off = AN(method), .words = method_words,
     .def = 0, .unit = "",
     .doc = "`depinsim sensitivity`: sobol (first-order and total indices), morris (elementary "
     "effects, screening) or lhs (Latin hypercube, rank correlations)"},
    {.path = "analysis.samples", .type = T_INT, .scen = 1, .off = AN(samples), .def = 256,
     IN(2, 1000000), .unit = "",
     .doc = "sobol: rows N (N × (factors + 2) design points); morris: trajectories r (r × "
     "(factors + 1)); lhs: points"},
    {.path = "analysis.paths", .type = T_INT, .scen = 1, .off = AN(paths), .def = 0, GE(0),
     .unit = "paths", .doc = "paths per design point, the same futures at every point (0: run.paths)"},
    {.path = "analysis.seed", .type = T_UINT32, .scen = 1, .off = AN(seed), .def = 1,
     IN(0, 4294967295.0), .unit = "", .doc = "seed of the design and the bootstrap (the paths': run.seed)"},
    {.path = "analysis.first_order", .type = T_ENUM, .scen = 1, .off = AN(first_order),
     .words = first_order_words, .def = 1, .unit = "",
     .doc = "sobol: the first-order estimator, saltelli (Saltelli 2010, recommended) or jansen; "
     "total indices are Jansen's"},
    {.path = "analysis.levels", .type = T_INT, .scen = 1, .off = AN(levels), .def = 4, IN(2, 64),
     .unit = "levels", .doc = "morris: levels of the grid, even"},
    {.path = "analysis.resamples", .type = T_INT, .scen = 1, .off = AN(resamples), .def = 1000,
     IN(0, 100000), .unit = "", .doc = "bootstrap resamples of the intervals (0: none)"},
    {.path = "analysis.confidence", .type = T_FLOAT, .scen = 1, .off = AN(confidence), .def = 0.95,
     GT(0), LT(1), .unit = "probability", .doc = "level of the bootstrap intervals"},
    {.path = "analysis.factors", .type = T_MAP, .scen = 1, .def_text = "none", .unit = "",
     .doc = "key → {min, max} (uniform), {min, max, dist: log_uniform} or {values: [...]} "
     "(listed, equally likely); rescale: [keys] keeps a sum"},
    {.path = "analysis.outputs", .type = T_MAP, .scen = 1, .def_text = "none", .unit = "",
     .doc = "a list of {name, metric, stat, day}, {name, outcome, stat} or {name, claim}; see "
     "Sensitivity analysis"},
};

// clang-format on

#define KEY_COUNT ((int)(sizeof scn_key_table / sizeof scn_key_table[0]))
const int scn_n_keys = KEY_COUNT;
DS_STATIC_ASSERT(DS_MAX_CLASSES <= MAXI && DS_MAX_REGIONS <= MAXI && DS_MAX_CUTS <= MAXI &&
                     DS_MAX_PERIODS <= MAXI && DS_MAX_VESTING <= MAXI && DS_MAX_CLAIMS <= MAXI &&
                     DS_MAX_INPUTS <= MAXI && DS_MAX_SEGMENTS <= MAXI && DS_MAX_TYPES <= MAXI,
                 "MAXI must cover every list");

/* ---------------------------------------------------------------- lookup */

/* Split "a.b.c"; -1 on an empty or overlong component or too many components. */
int scn_split_path(const char *s, comps *out)
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

void scn_join_comps(const comps *c, int j, char *buf, size_t n)
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
    if (!strcmp(pat, "N")) return scn_all_digits(c) && strlen(c) <= 3;
    return !strcmp(pat, c);
}

/* Do the first j components of c match key k's pattern? *exact: it has exactly j. */
int scn_key_matches(const key_def *k, const comps *c, int j, int *exact)
{
    static comps
        split[KEY_COUNT]; /* the table's paths split once: every key looked up scans them */
    static int ready;
    if (!ready) {
        for (int i = 0; i < N_KEYS; i++) scn_split_path(scn_key_table[i].path, &split[i]);
        ready = 1;
    }
    const comps *pc = &split[k - scn_key_table];
    if (pc->n < j) return 0;
    for (int i = 0; i < j; i++)
        if (!comp_match(pc->c[i], c->c[i])) return 0;
    *exact = pc->n == j;
    return 1;
}

/* What the first j components name: a key (*k set), a list, a section, or nothing. */
int scn_classify(const comps *c, int j, int *k)
{
    int inner = 0;
    for (int i = 0; i < N_KEYS; i++) {
        int exact;
        if (!scn_key_matches(&scn_key_table[i], c, j, &exact)) continue;
        if (exact) {
            *k = i;
            return scn_key_table[i].type == T_LIST ? R_LIST : R_LEAF;
        }
        inner = 1;
    }
    return inner ? R_INNER : R_NONE;
}

int scn_key_index(const char *path)
{
    for (int i = 0; i < N_KEYS; i++)
        if (!strcmp(scn_key_table[i].path, path)) return i;
    fprintf(stderr, "scenario_keys.c: no key '%s' in the table\n", path);
    abort(); /* a programming error: the checks below name table keys */
}

int scenario_key_exists(const char *path)
{
    for (int i = 0; i < N_KEYS; i++)
        if (!strcmp(scn_key_table[i].path, path)) return 1;
    return 0;
}

int scn_slot_of(int k, int item)
{
    return k * MAXI + (item < 0 ? 0 : item);
}

/* The list key a list-item key belongs to ("hardware.N.share" -> "hardware"). */
int scn_list_of(int k)
{
    static int list[KEY_COUNT], ready; /* looked up once */
    if (!ready) {
        for (int i = 0; i < N_KEYS; i++) {
            const char *n = strstr(scn_key_table[i].path, ".N.");
            char buf[64];
            snprintf(buf, sizeof buf, "%.*s", n ? (int)(n - scn_key_table[i].path) : 0,
                     scn_key_table[i].path);
            list[i] = n ? scn_key_index(buf) : -1;
        }
        ready = 1;
    }
    return list[k];
}

void *scn_field(void *base, const key_def *k, int item)
{
    return (char *)base + k->off + (size_t)(item < 0 ? 0 : item) * k->stride;
}

int *scn_list_count(ds_params *p, int list_k)
{
    return (int *)scn_field(p, &scn_key_table[list_k], -1);
}

/* ---------------------------------------------------------------- events */

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
