/* claims.c — claims judged over a run's paths (claims.h): their text, counts,
 * probabilities and Wilson intervals, conditional claims, and the claims that
 * the scenario decides by construction. The verdicts themselves are the
 * model's (models/path.h): this file only counts them, and for construction
 * runs one path on the CPU to read the verdict every path shares. */
#include "claims.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/path.h"
#include "../stats.h"
#include "backend.h"

static const char *const op_symbol[] = {"<", "<=", ">", ">="};
static const char *const when_word[] = {"end", "always", "window_mean"};

/* "a, b" for the claims of mask, in buf. */
static void names_of(const ds_params *P, uint32_t mask, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int c = 0; c < P->n_claims && c < 32; c++) {
        if (!(mask & (1u << c))) continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", P->claims[c].name);
        if (w < 0 || (size_t)w >= n - used) return;
        used += (size_t)w;
    }
}

/* The index of the one claim of a single-bit mask, or −1. */
static int first_of(uint32_t mask)
{
    for (int c = 0; c < 32; c++)
        if (mask & (1u << c)) return c;
    return -1;
}

void claims_text(const ds_params *P, int c, char *buf, size_t n)
{
    const ds_claim *cl = &P->claims[c];
    char names[160], body[CLAIMS_TEXT_MAX + 64];
    if (cl->all_of || cl->any_of) {
        names_of(P, cl->all_of ? cl->all_of : cl->any_of, names, sizeof names);
        snprintf(body, sizeof body, "%s of (%s)", cl->all_of ? "all" : "any", names);
    } else if (cl->not_of) {
        names_of(P, cl->not_of, names, sizeof names);
        snprintf(body, sizeof body, "not %s", names);
    } else {
        char value[96], when[96];
        snprintf(value, sizeof value, "%s%s%s%s", ds_metric_names[cl->metric],
                 cl->over > 0 ? " / " : "", cl->over > 0 ? ds_metric_names[cl->over - 1] : "",
                 cl->relative_to == DS_RELATIVE_INITIAL ? " / initial" : "");
        if (cl->when == DS_WHEN_WINDOW_MEAN)
            snprintf(when, sizeof when, "as the mean over days %g to %g", cl->window_start_day,
                     cl->window_end_day);
        else
            snprintf(when, sizeof when, "%s",
                     cl->when == DS_WHEN_ALWAYS ? "at every step" : "at the end");
        snprintf(body, sizeof body, "%s %s %g %s", value, op_symbol[cl->op], cl->threshold, when);
    }
    int b = first_of(cl->given_of);
    if (b >= 0)
        snprintf(buf, n, "%s given %s", body, P->claims[b].name);
    else
        snprintf(buf, n, "%s", body);
}

void claims_judge(const ds_params *P, const uint8_t *verdicts, int paths, ds_claim_result *out,
                  char (*text)[CLAIMS_TEXT_MAX])
{
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        ds_claim_result *r = &out[c];
        const uint8_t *h = verdicts + (size_t)c * paths;
        int b = first_of(cl->given_of);
        const uint8_t *g = b >= 0 ? verdicts + (size_t)b * paths : NULL;
        int k = 0, n = 0;
        for (int p = 0; p < paths; p++) {
            if (g && !g[p]) continue;
            n++;
            k += h[p] != 0;
        }
        claims_text(P, c, text[c], CLAIMS_TEXT_MAX);
        int combines = ds_claim_combines(cl);
        memset(r, 0, sizeof *r);
        r->name = cl->name;
        r->text = text[c];
        r->metric = combines ? "" : ds_metric_names[cl->metric];
        r->op = combines ? "" : op_symbol[cl->op];
        r->threshold = combines ? NAN : cl->threshold;
        r->when = combines ? "" : when_word[cl->when];
        r->window_start_day =
            !combines && cl->when == DS_WHEN_WINDOW_MEAN ? cl->window_start_day : NAN;
        r->window_end_day = !combines && cl->when == DS_WHEN_WINDOW_MEAN ? cl->window_end_day : NAN;
        r->holds = k;
        r->paths = n;
        r->probability = n > 0 ? (double)k / n : NAN;
        stats_wilson(k, n, &r->wilson_lo, &r->wilson_hi);
        r->per_path = h;
        r->given = b >= 0 ? P->claims[b].name : "";
        r->paths_total = paths;
        r->by_construction = "";
    }
}

/* ---------------------------------------------------------------- by construction */

/* Whether metric m takes the same value on every path under P: the cloud's
 * list prices are functions of time alone; spot too without volatility; a
 * posted price follows the reference (cloud_discount, fixed indexed to the
 * cloud) or is constant (fixed). Anything that depends on providers, demand
 * or the token is not. */
static int metric_fixed(const ds_params *P, int m)
{
    const ds_cloud_params *c = &P->cloud;
    int spot = c->spot_discount_vol_per_sqrt_year == 0.0;
    int ref = c->reference == DS_REF_SPOT    ? spot
              : c->reference == DS_REF_BLEND ? (c->blend_spot == 0.0 || spot)
                                             : 1;
    int price = P->pricing.model == DS_PRICING_CLOUD_DISCOUNT ? ref
                : P->pricing.model == DS_PRICING_FIXED        ? (!P->pricing.index_to_cloud || ref)
                                                              : 0;
    switch (m) {
    case DS_M_CLOUD_ON_DEMAND:
    case DS_M_CLOUD_RESERVED_1Y:
    case DS_M_CLOUD_RESERVED_3Y: return 1;
    case DS_M_CLOUD_SPOT: return spot;
    case DS_M_CLOUD_REFERENCE: return ref;
    case DS_M_NETWORK_PRICE: return price;
    case DS_M_PRICE_RATIO: return price && ref;
    default: return 0;
    }
}

/* Whether a window_mean claim's window holds a step end (path.h counts the
 * steps whose end t_end lies in it, within 1e-9). */
static int window_has_step(const ds_params *P, const ds_claim *cl)
{
    int steps = ds_params_steps(P);
    double dt = P->run.step_days;
    double first = ceil((cl->window_start_day - 1e-9) / dt);
    if (first < 1) first = 1;
    return first <= steps && first * dt <= cl->window_end_day + 1e-9;
}

/* Whether a comparison reads the network's posted price. */
static int reads_price(const ds_claim *cl)
{
    int m = cl->metric, o = cl->over - 1;
    return m == DS_M_NETWORK_PRICE || m == DS_M_PRICE_RATIO || o == DS_M_NETWORK_PRICE ||
           o == DS_M_PRICE_RATIO;
}

/* A plain comparison of price_ratio under cloud_discount, whose value is
 * cloud_fraction · ref / ref: the fraction up to rounding. */
static int ratio_is_fraction(const ds_params *P, const ds_claim *cl)
{
    return !ds_claim_combines(cl) && cl->metric == DS_M_PRICE_RATIO && cl->over == 0 &&
           cl->relative_to == DS_RELATIVE_NONE && P->pricing.model == DS_PRICING_CLOUD_DISCOUNT;
}

/* Its threshold within rounding of that value (a few ulps either way). */
static int knife_edge(const ds_params *P, const ds_claim *cl)
{
    double f = P->pricing.cloud_fraction;
    return fabs(cl->threshold - f) <= 8e-16 * fabs(f);
}

/* Three-valued logic over the parts of combination c. */
static int combine_decided(const ds_claim *cl, int c, const int *decided)
{
    int all = 1, any = -1, none = 0;
    for (int j = 0; j < c; j++) {
        uint32_t bit = 1u << j;
        if (cl->all_of & bit) {
            if (decided[j] == -1) return -1;
            if (decided[j] == 0) all = 0;
        }
        if (cl->any_of & bit) {
            if (decided[j] == 1) return 1;
            if (decided[j] == 0) any = 0;
        }
        if (cl->not_of & bit) none = -decided[j];
    }
    return cl->all_of ? all : cl->any_of ? any : none;
}

/* Claim verdicts of path 0 on the CPU: what every path shares for the claims
 * that read only path-independent values. 0, or -1 (out of memory, or the
 * path failed: then nothing is concluded). */
static int one_path_verdicts(const ds_params *P, uint8_t *verdicts, ds_errors *errs)
{
    int R = ds_params_records(P);
    double *rec = malloc((size_t)DS_N_METRICS * R * sizeof *rec);
    double out[DS_N_OUTCOMES];
    uint8_t done = 0, bad_var = 0;
    int32_t bad_step = -1;
    if (!rec) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    ds_run_buffers buf = {1, rec, out, verdicts, &done, &bad_step, &bad_var, 0};
    ds_params one = *P;
    one.run.paths = 1;
    ds_errors quiet = {0};
    int rc = backend_run(DS_BACKEND_CPU, &one, 0, 1, &buf, 1, NULL, &quiet);
    errors_free(&quiet);
    free(rec);
    return rc == DS_OK && done ? 0 : -1;
}

int claims_construction(const ds_params *P, int *decided, char (*why)[CLAIMS_TEXT_MAX],
                        ds_errors *errs)
{
    int need_path = 0;
    uint8_t verdicts[DS_MAX_CLAIMS] = {0};
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        decided[c] = 0;
        why[c][0] = '\0';
        if (ds_claim_combines(cl)) continue;
        if (metric_fixed(P, cl->metric) && (cl->over == 0 || metric_fixed(P, cl->over - 1)))
            need_path = 1;
    }
    int have_path = need_path && one_path_verdicts(P, verdicts, errs) == 0;
    if (need_path && !have_path && errs->kind == DS_EFAIL) return DS_EFAIL;
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        char *w = why[c];
        if (ds_claim_combines(cl)) {
            decided[c] = combine_decided(cl, c, decided);
            if (decided[c])
                snprintf(w, CLAIMS_TEXT_MAX, "%s on every path by construction: its parts do",
                         decided[c] > 0 ? "holds" : "fails");
        } else if (cl->when == DS_WHEN_WINDOW_MEAN && !window_has_step(P, cl)) {
            decided[c] = -1;
            snprintf(w, CLAIMS_TEXT_MAX,
                     "fails on every path by construction: no step of the run ends in its window "
                     "(days %g to %g)",
                     cl->window_start_day, cl->window_end_day);
        } else if (metric_fixed(P, cl->metric) &&
                   (cl->over == 0 || metric_fixed(P, cl->over - 1))) {
            if (!have_path) continue;
            decided[c] = verdicts[c] ? 1 : -1;
            snprintf(w, CLAIMS_TEXT_MAX,
                     "%s on every path by construction: %.32s%s%.32s depends on time alone "
                     "(cloud list prices%s)",
                     decided[c] > 0 ? "holds" : "fails", ds_metric_names[cl->metric],
                     cl->over ? " / " : "", cl->over ? ds_metric_names[cl->over - 1] : "",
                     !reads_price(cl) ? ""
                     : P->pricing.model == DS_PRICING_CLOUD_DISCOUNT
                         ? ", pricing.model cloud_discount"
                         : ", pricing.model fixed");
        } else if (ratio_is_fraction(P, cl)) {
            /* price / reference = fraction · ref / ref: the fraction up to rounding */
            double f = P->pricing.cloud_fraction, t = cl->threshold;
            if (!knife_edge(P, cl)) {
                decided[c] = ds_claim_compare(cl->op, f, t) ? 1 : -1;
                snprintf(w, CLAIMS_TEXT_MAX,
                         "%s on every path by construction: price_ratio is pricing.cloud_fraction "
                         "%g at every step under cloud_discount",
                         decided[c] > 0 ? "holds" : "fails", f);
            }
        }
        if (ratio_is_fraction(P, cl) && knife_edge(P, cl)) {
            size_t used = strlen(w);
            snprintf(w + used, CLAIMS_TEXT_MAX - used, "%s",
                     used ? "; and its threshold is price_ratio's value (pricing.cloud_fraction), "
                            "so floating-point rounding decides it"
                          : "its threshold is price_ratio's value on every path "
                            "(pricing.cloud_fraction): only floating-point rounding decides it");
        }
    }
    /* a condition that fails everywhere leaves its claim no path to be judged on */
    for (int c = 0; c < P->n_claims; c++) {
        int b = first_of(P->claims[c].given_of);
        if (b >= 0 && decided[b] == -1)
            snprintf(why[c], CLAIMS_TEXT_MAX,
                     "has no path to be judged on: its condition %s fails on every path",
                     P->claims[b].name);
    }
    return DS_OK;
}
