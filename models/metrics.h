/* metrics.h — the per-path metrics recorded every `record_every` steps, as one
 * X-macro list (id, name in HDF5, unit) so the engine, the results writer and
 * the docs cannot disagree on order or units. Segment k's metrics are those of
 * demand.segments' k-th (the variant's `segments` attribute names them), or
 * with no segments segment1 is the one buyer; NaN for segments not there. */
#ifndef DS_METRICS_H
#define DS_METRICS_H

#include "common.h"

#define DS_METRICS(X)                                                                              \
    X(TOKEN_PRICE, "token_price", "USD/token")                                                     \
    X(CIRCULATING_SUPPLY, "circulating_supply", "tokens")                                          \
    X(MINTED, "minted", "tokens, cumulative")                                                      \
    X(BURNED, "burned", "tokens, cumulative")                                                      \
    X(UNLOCKED, "unlocked", "tokens unlocked from vesting, cumulative")                            \
    X(MARKET_CAP, "market_cap", "USD")                                                             \
    X(ACTIVE_PROVIDERS, "active_providers", "providers")                                           \
    X(CAPACITY, "capacity", "heq-h/day online")                                                    \
    X(DEMAND_ADDRESSABLE, "demand_addressable", "heq-h/day")                                       \
    X(DEMAND_AT_PRICE, "demand_at_price", "heq-h/day")                                             \
    X(SERVED, "served", "heq-h/day")                                                               \
    X(UTILIZATION, "utilization", "fraction")                                                      \
    X(NETWORK_PRICE, "network_price", "USD/heq-h")                                                 \
    X(CLOUD_ON_DEMAND, "cloud_on_demand", "USD/heq-h")                                             \
    X(CLOUD_SPOT, "cloud_spot", "USD/heq-h")                                                       \
    X(CLOUD_RESERVED_1Y, "cloud_reserved_1y", "USD/heq-h")                                         \
    X(CLOUD_RESERVED_3Y, "cloud_reserved_3y", "USD/heq-h")                                         \
    X(CLOUD_REFERENCE, "cloud_reference", "USD/heq-h")                                             \
    X(PRICE_RATIO, "price_ratio", "network price / cloud reference")                               \
    X(EMISSION_VALUE, "emission_value", "USD/day")                                                 \
    X(BURN_VALUE, "burn_value", "USD/day")                                                         \
    X(FEES, "fees", "USD/day")                                                                     \
    X(SUBSIDY, "subsidy", "USD/heq-h, net of burns")                                               \
    X(SUBSIDY_ADJUSTED_RATIO, "subsidy_adjusted_ratio",                                            \
      "(fees + emission − burn value) / served / cloud reference")                                 \
    X(PROVIDER_INCOME, "provider_income", "USD/day, all providers")                                \
    X(PROVIDER_COST, "provider_cost", "USD/day, all providers")                                    \
    X(PROFITABLE_SHARE, "profitable_share", "fraction of active providers")                        \
    X(TREASURY, "treasury", "USD")                                                                 \
    X(TREASURY_TOKENS, "treasury_tokens", "tokens")                                                \
    X(FUNDAMENTAL_VALUE, "fundamental_value", "USD (market_cap: the fee-based part of the cap)")   \
    X(SEGMENT1_SERVED, "segment1_served", "heq-h/day (demand.segments, or the one buyer)")         \
    X(SEGMENT2_SERVED, "segment2_served", "heq-h/day")                                             \
    X(SEGMENT3_SERVED, "segment3_served", "heq-h/day")                                             \
    X(SEGMENT4_SERVED, "segment4_served", "heq-h/day")                                             \
    X(SEGMENT1_PRICE, "segment1_price", "USD/heq-h")                                               \
    X(SEGMENT2_PRICE, "segment2_price", "USD/heq-h")                                               \
    X(SEGMENT3_PRICE, "segment3_price", "USD/heq-h")                                               \
    X(SEGMENT4_PRICE, "segment4_price", "USD/heq-h")

#define DS_METRIC_ENUM(id, name, unit) DS_M_##id,
enum { DS_METRICS(DS_METRIC_ENUM) DS_N_METRICS };
DS_STATIC_ASSERT(DS_M_SEGMENT4_SERVED - DS_M_SEGMENT1_SERVED == 3 &&
                     DS_M_SEGMENT4_PRICE - DS_M_SEGMENT1_PRICE == 3,
                 "one served and one price metric per segment, in order");
#undef DS_METRIC_ENUM

#endif
