/* results_format.c — the names of the results file format that are data
 * (results_format.h has the rest): metric and outcome names and units from
 * the models' X-macros, the summary's final statistics and outcome summary
 * fields, and the unit substitution for storage scenarios. */
#include "results_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* both X-macros list (id, name, unit) */
#define RF_NAME(id, name, unit) name,
#define RF_UNIT(id, name, unit) unit,
const char *const ds_metric_names[DS_N_METRICS] = {DS_METRICS(RF_NAME)};
const char *const ds_metric_units[DS_N_METRICS] = {DS_METRICS(RF_UNIT)};
const char *const ds_outcome_names[DS_N_OUTCOMES] = {DS_OUTCOMES(RF_NAME)};
const char *const ds_outcome_units[DS_N_OUTCOMES] = {DS_OUTCOMES(RF_UNIT)};
#undef RF_NAME
#undef RF_UNIT

const char *const results_final_stat_names[RF_N_FINAL_STATS] = {"median", "p05", "p95"};
const int results_final_stat_levels[RF_N_FINAL_STATS] = {DS_Q_P50, DS_Q_P05, DS_Q_P95};

#define RF_FIELD(f)                                                                                \
    {                                                                                              \
#f, offsetof(ds_outcome_summary, f)                                                        \
    }
const results_field results_outcome_summary[RF_N_OUTCOME_SUMMARY] = {
    RF_FIELD(death_spiral_probability),    RF_FIELD(death_spiral_wilson_lo),
    RF_FIELD(death_spiral_wilson_hi),      RF_FIELD(sustainable_share),
    RF_FIELD(sustainability_day_median),   RF_FIELD(max_drawdown_median),
    RF_FIELD(min_active_providers_median), RF_FIELD(prospects_exhausted_share),
    RF_FIELD(slots_short_share),
};
#undef RF_FIELD

const char *results_unit(const char *u, const char *unit_name, char *buf, size_t n)
{
    if (!unit_name || !unit_name[0] || !strcmp(unit_name, "heq-h") || !strstr(u, "heq-h")) return u;
    size_t k = 0;
    for (const char *p = u; *p && k + 1 < n;) {
        if (!strncmp(p, "heq-h", 5)) {
            for (const char *q = unit_name; *q && k + 1 < n; q++) buf[k++] = *q;
            p += 5;
        } else {
            buf[k++] = *p++;
        }
    }
    buf[k] = 0;
    return buf;
}

/* Readable numbers for a terminal: 4 significant digits, with k/M/G/T/P
 * instead of exponents from 10^4 up. */
const char *results_fmt_num(char buf[32], double x)
{
    static const char suffix[] = "kMGTP";
    if (isnan(x)) return snprintf(buf, 32, "nan"), buf;
    if (isinf(x)) return snprintf(buf, 32, x > 0 ? "inf" : "-inf"), buf;
    double ax = fabs(x);
    if (ax < 1e4) {
        snprintf(buf, 32, "%.4g", x);
        return buf;
    }
    int k = 0;
    while (ax >= 999.95 && k < 5) {
        ax /= 1000.0;
        x /= 1000.0;
        k++;
    }
    if (ax >= 999.95) /* beyond peta: exponent form is clearer */
        snprintf(buf, 32, "%.4g", x * pow(1000.0, k));
    else
        snprintf(buf, 32, "%.4g%c", x, suffix[k - 1]);
    return buf;
}
