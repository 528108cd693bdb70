/* scenario_analysis.c — the `analysis:` block's factors and outputs: which
 * number keys vary and how (uniform, log-uniform or listed values, keeping a
 * sum with linked keys), and what is measured at each design point (a
 * metric's statistic over paths at a day, an outcome, a claim's probability).
 * Read like every other part of a scenario, every mistake located; checked
 * against the base after --set (ranges inside the keys' own, claims that
 * exist, days inside the run). The scalar settings (method, samples, ...)
 * are ordinary keys of the table. The design itself is sim/analysis/'s. */
#include "scenario_int.h"

#include "results.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const dist_words[] = {"uniform", "log_uniform", NULL};
static const char *const stat_words[] = {"median", "mean", "p05", "p25", "p75", "p95", NULL};
static const char *const outcome_words[] = {"death_spiral", "sustainable", "max_drawdown",
                                            "min_active_providers", NULL};

static int word_index(const char *const *words, const char *w)
{
    for (int i = 0; words[i]; i++)
        if (!strcmp(words[i], w)) return i;
    return -1;
}

/* A plain number, decimal like every number of a scenario. 0, or -1 (said). */
static int number_at(walk *w, yaml_node_t *n, const char *key, double *out)
{
    static const key_def num = {.type = T_FLOAT};
    value v;
    char msg[256];
    if (!n || n->type != YAML_SCALAR_NODE) {
        scn_err_at(w, n, key, "expected a number");
        return -1;
    }
    if (scn_parse_value(&num, (const char *)n->data.scalar.value, &v, msg, sizeof msg)) {
        scn_err_at(w, n, key, "%s", msg);
        return -1;
    }
    *out = v.d;
    return 0;
}

static int word_at(walk *w, yaml_node_t *n, const char *key, const char *const *words, int *out)
{
    if (!n || n->type != YAML_SCALAR_NODE ||
        (*out = word_index(words, (const char *)n->data.scalar.value)) < 0) {
        char list[200];
        size_t used = 0;
        list[0] = '\0';
        for (int i = 0; words[i] && used < sizeof list; i++)
            used +=
                (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", words[i]);
        scn_err_at(w, n, key, "expected one of %s", list);
        return -1;
    }
    return 0;
}

/* {min, max, dist} | {values: [...]} with an optional rescale: [keys]. */
static int factor_spec(walk *w, yaml_node_t *vn, const char *key, ds_factor_spec *f)
{
    int have_min = 0, have_max = 0, have_values = 0, bad = 0;
    if (vn->type != YAML_MAPPING_NODE) {
        scn_err_at(w, vn, key,
                   "expected {min: a, max: b}, {min, max, dist: log_uniform} or "
                   "{values: [...]}");
        return -1;
    }
    for (int i = 0; i < (int)(vn->data.mapping.pairs.top - vn->data.mapping.pairs.start); i++) {
        yaml_node_t *kn, *x;
        if (!scn_pair(w, vn, i, key, NULL, &kn, &x)) return -1;
        const char *word = (const char *)kn->data.scalar.value;
        char sub[PATH_LEN + 16];
        snprintf(sub, sizeof sub, "%.140s.%s", key, word);
        if (!strcmp(word, "min")) {
            bad |= number_at(w, x, sub, &f->lo) < 0;
            have_min = 1;
        } else if (!strcmp(word, "max")) {
            bad |= number_at(w, x, sub, &f->hi) < 0;
            have_max = 1;
        } else if (!strcmp(word, "dist")) {
            bad |= word_at(w, x, sub, dist_words, &f->dist) < 0;
        } else if (!strcmp(word, "values")) {
            int n = x->type == YAML_SEQUENCE_NODE
                        ? (int)(x->data.sequence.items.top - x->data.sequence.items.start)
                        : 0;
            if (n < 1 || n > DS_MAX_LISTED) {
                scn_err_at(w, x, sub, "expected a list of 1 to %d values", DS_MAX_LISTED);
                return -1;
            }
            for (int j = 0; j < n; j++)
                bad |= number_at(w, yaml_document_get_node(w->doc, x->data.sequence.items.start[j]),
                                 sub, &f->values[j]) < 0;
            f->n_values = n;
            f->dist = DS_FACTOR_LISTED;
            have_values = 1;
        } else if (!strcmp(word, "rescale")) {
            int n = x->type == YAML_SEQUENCE_NODE
                        ? (int)(x->data.sequence.items.top - x->data.sequence.items.start)
                        : 1;
            if (x->type == YAML_MAPPING_NODE || n < 1 || n > DS_MAX_RESCALE) {
                scn_err_at(w, x, sub, "expected 1 to %d keys", DS_MAX_RESCALE);
                return -1;
            }
            for (int j = 0; j < n; j++) {
                yaml_node_t *it =
                    x->type == YAML_SEQUENCE_NODE
                        ? yaml_document_get_node(w->doc, x->data.sequence.items.start[j])
                        : x;
                if (!it || it->type != YAML_SCALAR_NODE) {
                    scn_err_at(w, it ? it : x, sub, "expected a key");
                    return -1;
                }
                snprintf(f->rescale[j], sizeof f->rescale[j], "%.159s",
                         (const char *)it->data.scalar.value);
            }
            f->n_rescale = n;
        } else {
            scn_err_at(w, kn, key,
                       "unknown key '%.40s' in a factor: min, max, dist, values, "
                       "rescale",
                       word);
            bad = 1;
        }
    }
    if (bad) return -1;
    if (have_values && (have_min || have_max)) {
        scn_err_at(w, vn, key, "give min and max, or values, not both");
        return -1;
    }
    if (!have_values && !(have_min && have_max)) {
        scn_err_at(w, vn, key, "needs min and max (or values)");
        return -1;
    }
    return 0;
}

static void load_factors(walk *w, yaml_node_t *fn, ds_analysis_spec *a)
{
    if (fn->type != YAML_MAPPING_NODE) {
        scn_err_at(w, fn, "analysis.factors", "expected a mapping of key → {min, max}");
        return;
    }
    for (int i = 0; i < (int)(fn->data.mapping.pairs.top - fn->data.mapping.pairs.start); i++) {
        yaml_node_t *kn, *vn;
        if (!scn_pair(w, fn, i, "analysis.factors", NULL, &kn, &vn)) continue;
        const char *key = (const char *)kn->data.scalar.value;
        char shown[PATH_LEN + 32];
        snprintf(shown, sizeof shown, "analysis.factors.%.140s", key);
        if (a->n_factors == DS_MAX_FACTORS) {
            scn_err_at(w, kn, shown, "more than %d factors", DS_MAX_FACTORS);
            return;
        }
        ds_factor_spec *f = &a->factors[a->n_factors];
        memset(f, 0, sizeof *f);
        snprintf(f->key, sizeof f->key, "%.159s", key);
        f->line = (int)kn->start_mark.line + 1;
        f->col = (int)kn->start_mark.column + 1;
        int dup = 0;
        for (int j = 0; j < a->n_factors && !dup; j++) dup = !strcmp(a->factors[j].key, f->key);
        if (dup) {
            scn_err_at(w, kn, shown, "factor given twice");
            continue;
        }
        if (factor_spec(w, vn, shown, f) == 0) a->n_factors++;
    }
}

static int output_spec(walk *w, yaml_node_t *it, const char *at, ds_output_spec *o)
{
    int kinds = 0, bad = 0, have_stat = 0;
    o->day = NAN;
    o->stat = DS_STAT_MEDIAN;
    for (int i = 0; i < (int)(it->data.mapping.pairs.top - it->data.mapping.pairs.start); i++) {
        yaml_node_t *kn, *x;
        if (!scn_pair(w, it, i, at, NULL, &kn, &x)) return -1;
        const char *word = (const char *)kn->data.scalar.value;
        const char *text = x->type == YAML_SCALAR_NODE ? (const char *)x->data.scalar.value : "";
        char sub[PATH_LEN + 16];
        snprintf(sub, sizeof sub, "%s.%s", at, word);
        if (!strcmp(word, "name")) {
            size_t len = strlen(text);
            int ok = len > 0 && len < sizeof o->name;
            for (const char *c = text; ok && *c; c++) ok = isalnum((unsigned char)*c) || *c == '_';
            if (!ok) {
                scn_err_at(w, x, sub, "an output name is letters, digits and '_', at most %zu",
                           sizeof o->name - 1);
                bad = 1;
            } else {
                snprintf(o->name, sizeof o->name, "%s", text);
            }
        } else if (!strcmp(word, "metric")) {
            const key_def *d = &scn_key_table[scn_key_index("claims.N.metric")];
            bad |= word_at(w, x, sub, d->words, &o->index) < 0;
            o->kind = DS_OUTPUT_METRIC;
            kinds++;
        } else if (!strcmp(word, "outcome")) {
            bad |= word_at(w, x, sub, outcome_words, &o->index) < 0;
            o->kind = DS_OUTPUT_OUTCOME;
            kinds++;
        } else if (!strcmp(word, "claim")) {
            snprintf(o->claim, sizeof o->claim, "%.31s", text);
            o->kind = DS_OUTPUT_CLAIM;
            kinds++;
        } else if (!strcmp(word, "stat")) {
            bad |= word_at(w, x, sub, stat_words, &o->stat) < 0;
            have_stat = 1;
        } else if (!strcmp(word, "day")) {
            bad |= number_at(w, x, sub, &o->day) < 0;
        } else {
            scn_err_at(w, kn, at,
                       "unknown key '%.40s' in an output: name, metric, outcome, "
                       "claim, stat, day",
                       word);
            bad = 1;
        }
    }
    if (bad) return -1;
    const char *why = !o->name[0]  ? "needs a name"
                      : kinds != 1 ? "needs exactly one of metric, outcome and claim"
                      : o->kind != DS_OUTPUT_METRIC && !isnan(o->day)
                          ? "day goes with a metric (outcomes and claims cover the whole run)"
                      : o->kind == DS_OUTPUT_CLAIM && have_stat
                          ? "a claim's output is its probability: no stat"
                      : o->kind == DS_OUTPUT_OUTCOME && o->index <= DS_OUT_SUSTAINABLE && have_stat
                          ? "death_spiral and sustainable are probabilities: no stat"
                          : NULL;
    if (why) {
        scn_err_at(w, it, at, "%s", why);
        return -1;
    }
    return 0;
}

static void load_outputs(walk *w, yaml_node_t *on, ds_analysis_spec *a)
{
    int n = on->type == YAML_SEQUENCE_NODE
                ? (int)(on->data.sequence.items.top - on->data.sequence.items.start)
                : -1;
    if (n < 1 || n > DS_MAX_OUTPUTS) {
        scn_err_at(w, on, "analysis.outputs", "expected a list of 1 to %d outputs", DS_MAX_OUTPUTS);
        return;
    }
    for (int i = 0; i < n; i++) {
        yaml_node_t *it = yaml_document_get_node(w->doc, on->data.sequence.items.start[i]);
        char at[64];
        snprintf(at, sizeof at, "analysis.outputs.%d", i);
        if (!it || it->type != YAML_MAPPING_NODE) {
            scn_err_at(w, it ? it : on, at, "expected {name, metric|outcome|claim, ...}");
            continue;
        }
        ds_output_spec *o = &a->outputs[a->n_outputs];
        memset(o, 0, sizeof *o);
        o->line = (int)it->start_mark.line + 1;
        o->col = (int)it->start_mark.column + 1;
        if (output_spec(w, it, at, o) < 0) continue;
        int dup = 0;
        for (int j = 0; j < a->n_outputs && !dup; j++) dup = !strcmp(a->outputs[j].name, o->name);
        if (dup)
            scn_err_at(w, it, at, "output name '%s' is used twice", o->name);
        else
            a->n_outputs++;
    }
}

void scn_load_analysis(walk *base, yaml_node_t *factors, yaml_node_t *outputs)
{
    ds_analysis_spec *a = &base->sc->analysis;
    walk w = *base;
    w.shown = "";
    if (factors) load_factors(&w, factors, a);
    if (outputs) load_outputs(&w, outputs, a);
    a->given = a->n_factors > 0 || a->n_outputs > 0;
}

/* ---------------------------------------------------------------- checks */

static void err_at(ds_scenario *sc, ds_errors *errs, int line, int col, const char *key,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void err_at(ds_scenario *sc, ds_errors *errs, int line, int col, const char *key,
                   const char *fmt, ...)
{
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    errors_add(errs, DS_EINPUT, sc->path, line, col, key, "%s", msg);
}

/* A value inside a key's valid range? */
static int inside(const scenario_key *k, double x)
{
    return (k->lo_open ? x > k->lo : x >= k->lo) && (k->hi_open ? x < k->hi : x <= k->hi);
}

static void check_factor(ds_scenario *sc, const ds_factor_spec *f, ds_errors *errs)
{
    char key[PATH_LEN + 32], msg[256], a[40], b[40];
    snprintf(key, sizeof key, "analysis.factors.%.140s", f->key);
    scenario_key k;
    if (scenario_key_info(&sc->base, f->key, &k, msg, sizeof msg) < 0) {
        err_at(sc, errs, f->line, f->col, key, "%s", msg);
        return;
    }
    if (f->dist != DS_FACTOR_LISTED) {
        scn_fmt_num(f->lo, a, sizeof a);
        scn_fmt_num(f->hi, b, sizeof b);
        if (!(f->lo < f->hi))
            err_at(sc, errs, f->line, f->col, key, "min %s is not below max %s", a, b);
        else if (!inside(&k, f->lo) || !inside(&k, f->hi))
            err_at(sc, errs, f->line, f->col, key, "[%s, %s] leaves the key's valid range", a, b);
        else if (f->dist == DS_FACTOR_LOG_UNIFORM && !(f->lo > 0))
            err_at(sc, errs, f->line, f->col, key, "log_uniform needs min > 0");
    } else {
        for (int i = 0; i < f->n_values; i++)
            if (!inside(&k, f->values[i])) {
                scn_fmt_num(f->values[i], a, sizeof a);
                err_at(sc, errs, f->line, f->col, key,
                       "listed value %s is outside the key's "
                       "valid range",
                       a);
                break;
            }
    }
    /* the linked keys: the same check scenario_set_number makes, on the base */
    ds_params p = sc->base;
    char *rs[DS_MAX_RESCALE];
    for (int i = 0; i < f->n_rescale; i++) rs[i] = (char *)f->rescale[i];
    double x = f->dist == DS_FACTOR_LISTED ? f->values[0] : f->lo;
    if (f->n_rescale && scenario_set_number(&p, f->key, x, rs, f->n_rescale, msg, sizeof msg) < 0)
        err_at(sc, errs, f->line, f->col, key, "%s", msg);
    for (int i = 0; i < sc->analysis.n_factors; i++) /* a rescaled key is not a factor too */
        for (int j = 0; j < f->n_rescale; j++)
            if (!strcmp(sc->analysis.factors[i].key, f->rescale[j]))
                err_at(sc, errs, f->line, f->col, key, "rescales %s, which is a factor too",
                       f->rescale[j]);
}

void scn_check_analysis(ds_scenario *sc, ds_errors *errs)
{
    ds_analysis_spec *a = &sc->analysis;
    if (!a->given) return;
    const ds_params *P = &sc->base;
    double horizon = ds_params_steps(P) * P->run.step_days;
    if (a->n_factors == 0 || a->n_outputs == 0)
        errors_add(errs, DS_EINPUT, sc->path, 0, 0, "analysis",
                   "an analysis needs factors and outputs");
    if (a->method == 1 && a->levels % 2)
        errors_add(errs, DS_EINPUT, sc->path, 0, 0, "analysis.levels",
                   "morris needs an even number of levels (%d given)", a->levels);
    for (int i = 0; i < a->n_factors; i++) check_factor(sc, &a->factors[i], errs);
    for (int i = 0; i < a->n_outputs; i++) {
        ds_output_spec *o = &a->outputs[i];
        char key[64];
        snprintf(key, sizeof key, "analysis.outputs.%d", i);
        if (o->kind == DS_OUTPUT_CLAIM) {
            o->index = -1;
            for (int c = 0; c < P->n_claims && o->index < 0; c++)
                if (!strcmp(P->claims[c].name, o->claim)) o->index = c;
            if (o->index < 0)
                err_at(sc, errs, o->line, o->col, key, "no claim '%s' in the scenario", o->claim);
        }
        if (o->kind == DS_OUTPUT_METRIC && !isnan(o->day) && !(o->day > 0 && o->day <= horizon))
            err_at(sc, errs, o->line, o->col, key, "day %g is outside the run (0, %g]", o->day,
                   horizon);
    }
}

/* ---------------------------------------------------------------- text */

void scenario_factor_text(const ds_factor_spec *f, char *buf, size_t n)
{
    char a[40], b[40];
    if (f->dist == DS_FACTOR_LISTED) {
        size_t used = (size_t)snprintf(buf, n, "listed ");
        for (int i = 0; i < f->n_values && used < n; i++) {
            scn_fmt_num(f->values[i], a, sizeof a);
            used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "", a);
        }
    } else {
        scn_fmt_num(f->lo, a, sizeof a);
        scn_fmt_num(f->hi, b, sizeof b);
        snprintf(buf, n, "%s %s..%s", dist_words[f->dist], a, b);
    }
    if (f->n_rescale) {
        size_t used = strlen(buf);
        for (int i = 0; i < f->n_rescale && used < n; i++)
            used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? "," : "; rescales ",
                                     f->rescale[i]);
    }
}

void scenario_output_text(const ds_scenario *sc, const ds_output_spec *o, char *buf, size_t n)
{
    const ds_params *P = &sc->base;
    double horizon = ds_params_steps(P) * P->run.step_days;
    if (o->kind == DS_OUTPUT_METRIC) {
        const key_def *d = &scn_key_table[scn_key_index("claims.N.metric")];
        snprintf(buf, n, "%s of %s at day %g", stat_words[o->stat], d->words[o->index],
                 isnan(o->day) ? horizon : o->day);
    } else if (o->kind == DS_OUTPUT_CLAIM) {
        snprintf(buf, n, "P(%s)", o->claim);
    } else if (o->index <= DS_OUT_SUSTAINABLE) {
        snprintf(buf, n, "P(%s)", o->index == DS_OUT_DEATH_SPIRAL ? "death spiral" : "sustainable");
    } else {
        snprintf(buf, n, "%s of %s", stat_words[o->stat], outcome_words[o->index]);
    }
}

const char *scenario_output_unit(const ds_output_spec *o)
{
    static const char *const outcome_units[] = {"probability", "probability", "fraction",
                                                "providers"};
    if (o->kind == DS_OUTPUT_CLAIM) return "probability";
    if (o->kind == DS_OUTPUT_OUTCOME) return outcome_units[o->index];
    return ds_metric_units[o->index];
}
