/* scenario_write.c — a scenario back to YAML, for `depinsim new`: every key
 * of the key table with its value and a one-line comment (meaning, unit,
 * default, range), lists item by item, then each variant as the keys where
 * it differs from the base; and the starter scenario `new` writes when it is
 * given none. What it writes loads back to the same parameters: the tests
 * run a scenario and its rewrite and compare the results. It reads ds_params
 * through the key table only, so a key added to the table is written too. */
#include "scenario_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define COMMENT_COL 44 /* comments start here when the key and value leave room */

/* ---------------------------------------------------------------- values as YAML */

/* A string as a double-quoted YAML scalar: always quoted, so no value can be
 * taken for a number, a bool, a comment or a mapping; backslash, quote and
 * control characters escaped. The loader has already refused what is not
 * UTF-8, so other bytes pass as they are. */
static void quote_str(const char *s, char *out, size_t n)
{
    size_t used = 0;
    if (n < 3) {
        if (n) out[0] = '\0';
        return;
    }
    out[used++] = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p && used + 6 < n; p++) {
        if (*p == '"' || *p == '\\') {
            out[used++] = '\\';
            out[used++] = (char)*p;
        } else if (*p < 0x20 || *p == 0x7f) {
            used += (size_t)snprintf(out + used, n - used, "\\x%02x", *p);
        } else {
            out[used++] = (char)*p;
        }
    }
    out[used++] = '"';
    out[used] = '\0';
}

/* A T_CLAIMS mask as the earlier claims' names: one name, or a flow list
 * when the key takes several. base is the ds_params holding the claims. */
static void claims_text(const key_def *d, const void *base, uint32_t mask, char *out, size_t n)
{
    const ds_params *p = base;
    size_t used = 0;
    char name[2 * DS_NAME_LEN + 8];
    out[0] = '\0';
    if (d->hi > 1) used += (size_t)snprintf(out, n, "[");
    for (int j = 0, first = 1; j < p->n_claims && j < 32 && used < n; j++) {
        if (!(mask & (1u << j))) continue;
        quote_str(p->claims[j].name, name, sizeof name);
        used += (size_t)snprintf(out + used, n - used, "%s%s", first ? "" : ", ", name);
        first = 0;
    }
    if (d->hi > 1 && used < n) snprintf(out + used, n - used, "]");
}

/* The value of key d (item of a list, or -1) in base as YAML text. */
static void value_text(const key_def *d, const void *base, int item, char *out, size_t n)
{
    const void *f = scn_field((void *)base, d, item);
    switch (d->type) {
    case T_FLOAT: scn_fmt_num(*(const double *)f, out, n); break;
    case T_INT: snprintf(out, n, "%d", *(const int *)f); break;
    case T_UINT32: snprintf(out, n, "%u", (unsigned)*(const uint32_t *)f); break;
    case T_BOOL: snprintf(out, n, "%s", *(const int *)f ? "true" : "false"); break;
    case T_ENUM:
        snprintf(out, n, "%s", *(const int *)f >= 0 ? d->words[*(const int *)f] : "~");
        break;
    case T_STRING: quote_str((const char *)f, out, n); break;
    case T_CLAIMS: claims_text(d, base, *(const uint32_t *)f, out, n); break;
    default: snprintf(out, n, "~"); break;
    }
}

/* Whether key d (item) holds no value: a claim's metric, op or threshold
 * when it combines earlier claims, a combination or condition it lacks.
 * Such keys are left out; the loader's defaults are the same. */
static int value_unset(const key_def *d, const void *base, int item)
{
    const void *f = scn_field((void *)base, d, item);
    switch (d->type) {
    case T_ENUM: return *(const int *)f < 0;
    case T_FLOAT: return isnan(*(const double *)f) && isnan(d->def);
    case T_CLAIMS: return *(const uint32_t *)f == 0u;
    default: return 0;
    }
}

/* Whether key d (item) holds the same value in a and b. */
static int same_value(const key_def *d, const void *a, const void *b, int item)
{
    const void *fa = scn_field((void *)a, d, item), *fb = scn_field((void *)b, d, item);
    switch (d->type) {
    case T_FLOAT: return !memcmp(fa, fb, sizeof(double)); /* bits: -0 and 0 differ */
    case T_INT:
    case T_BOOL:
    case T_ENUM: return *(const int *)fa == *(const int *)fb;
    case T_UINT32: return *(const uint32_t *)fa == *(const uint32_t *)fb;
    case T_STRING: return !strcmp((const char *)fa, (const char *)fb);
    default: return 1;
    }
}

/* "meaning [unit; default D; range]" for key k. */
static void comment_text(int k, char *out, size_t n)
{
    ds_key_doc d;
    scenario_key_doc(k, 0, &d);
    char range[240];
    if (d.list)
        snprintf(range, sizeof range, "%.0f to %.0f items", d.lo, d.hi);
    else if (strlen(d.range) > 100) /* the metric names: `depinsim keys` lists them */
        snprintf(range, sizeof range, "see depinsim keys");
    else
        snprintf(range, sizeof range, "%.200s", d.range); /* under 100 here */
    snprintf(out, n, "%s [%s%s%s%s; %s]", d.doc, d.unit, *d.unit ? "; " : "",
             d.required ? "" : "default ", d.def, range);
}

/* One line: indent, text, and the comment at COMMENT_COL (or two spaces on). */
static void put_line(FILE *o, int indent, const char *text, const char *comment)
{
    int w = fprintf(o, "%*s%s", indent, "", text);
    if (comment && *comment) {
        int pad = w < COMMENT_COL ? COMMENT_COL - w : 2;
        fprintf(o, "%*s# %s", pad, "", comment);
    }
    fputc('\n', o);
}

/* ---------------------------------------------------------------- the base */

/* The path of key k split on dots, the list index "N" dropped. */
static int path_comps(const char *path, char comps[][49], int max)
{
    int n = 0;
    for (const char *p = path; *p && n < max;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (!(len == 1 && p[0] == 'N')) snprintf(comps[n++], 49, "%.*s", (int)len, p);
        p += len + (dot != NULL);
    }
    return n;
}

typedef struct {
    FILE *o;
    char open[MAX_COMPS][49]; /* the mappings the writer is inside */
    int depth;
} ywriter;

/* Makes the writer's open mappings comps[0..n-1], writing the headers of
 * those it enters; a top-level section gets a blank line before it. */
static void enter(ywriter *y, char comps[][49], int n)
{
    int keep = 0;
    while (keep < y->depth && keep < n && !strcmp(y->open[keep], comps[keep])) keep++;
    y->depth = keep;
    for (int i = keep; i < n; i++) {
        if (i == 0) fputc('\n', y->o);
        fprintf(y->o, "%*s%s:\n", 2 * i, "", comps[i]);
        snprintf(y->open[i], sizeof y->open[i], "%s", comps[i]);
        y->depth = i + 1;
    }
}

/* A list's items, one mapping each, the comments on the first item only; an
 * empty list as [] with its items' keys commented out, to fill in. */
static void write_list(ywriter *y, const ds_params *p, int lk, const char *leaf, int indent)
{
    int count = *scn_list_count((ds_params *)p, lk);
    char line[2600], val[2200], com[600];
    comment_text(lk, com, sizeof com);
    snprintf(line, sizeof line, "%s:%s", leaf, count ? "" : " []");
    put_line(y->o, indent, line, com);
    if (count == 0) {
        int first = 1;
        for (int k = lk + 1; k < N_KEYS && scn_list_of(k) == lk; k++) {
            const key_def *d = &scn_key_table[k];
            const char *name = strrchr(d->path, '.') + 1;
            char def[2200] = "";
            if (!d->req) {
                ds_params tmp;
                scn_set_defaults(&tmp);
                scn_reset_list(&tmp, lk, 1);
                if (!value_unset(d, &tmp, 0)) value_text(d, &tmp, 0, def, sizeof def);
            }
            snprintf(line, sizeof line, "# %s%s: %s", first ? "- " : "  ", name, def);
            comment_text(k, com, sizeof com);
            put_line(y->o, indent, line, com);
            first = 0;
        }
        return;
    }
    for (int i = 0; i < count; i++) {
        int first = 1;
        for (int k = lk + 1; k < N_KEYS && scn_list_of(k) == lk; k++) {
            const key_def *d = &scn_key_table[k];
            if (value_unset(d, p, i)) { /* shown on the first item, to fill in */
                if (i == 0) {
                    snprintf(line, sizeof line, "  # %s:", strrchr(d->path, '.') + 1);
                    comment_text(k, com, sizeof com);
                    put_line(y->o, indent + 2, line, com);
                }
                continue;
            }
            value_text(d, p, i, val, sizeof val);
            snprintf(line, sizeof line, "%s%s: %s", first ? "- " : "  ", strrchr(d->path, '.') + 1,
                     val);
            if (i == 0) comment_text(k, com, sizeof com);
            put_line(y->o, indent + 2, line, i == 0 ? com : NULL);
            first = 0;
        }
    }
}

/* The analysis block's factors and outputs (mappings the key table names but
 * does not hold), in the loader's own forms, so a copy runs the same analysis. */
static void write_factors(FILE *o, const ds_analysis_spec *a)
{
    static const char *const dists[] = {"uniform", "log_uniform"};
    char lo[32], hi[32];
    fprintf(o, "  factors:\n");
    for (int i = 0; i < a->n_factors; i++) {
        const ds_factor_spec *f = &a->factors[i];
        fprintf(o, "    %s: {", f->key);
        if (f->dist == DS_FACTOR_LISTED) {
            fputs("values: [", o);
            for (int j = 0; j < f->n_values; j++) {
                scn_fmt_num(f->values[j], lo, sizeof lo);
                fprintf(o, "%s%s", j ? ", " : "", lo);
            }
            fputc(']', o);
        } else {
            scn_fmt_num(f->lo, lo, sizeof lo);
            scn_fmt_num(f->hi, hi, sizeof hi);
            fprintf(o, "min: %s, max: %s, dist: %s", lo, hi, dists[f->dist]);
        }
        for (int j = 0; j < f->n_rescale; j++)
            fprintf(o, "%s%s", j ? ", " : ", rescale: [", f->rescale[j]);
        fprintf(o, "%s}\n", f->n_rescale ? "]" : "");
    }
}

static void write_outputs(FILE *o, const ds_analysis_spec *a)
{
    static const char *const stats[] = {"median", "mean", "p05", "p25", "p75", "p95"};
    static const char *const outcomes[] = {"death_spiral", "sustainable", "max_drawdown",
                                           "min_active_providers"};
    const key_def *metric = &scn_key_table[scn_key_index("claims.N.metric")];
    char day[32];
    fprintf(o, "  outputs:\n");
    for (int i = 0; i < a->n_outputs; i++) {
        const ds_output_spec *x = &a->outputs[i];
        fprintf(o, "    - {name: %s, ", x->name);
        if (x->kind == DS_OUTPUT_CLAIM) {
            fprintf(o, "claim: %s}\n", x->claim);
        } else if (x->kind == DS_OUTPUT_OUTCOME) {
            fprintf(o, "outcome: %s", outcomes[x->index]);
            if (x->index > DS_OUT_SUSTAINABLE) fprintf(o, ", stat: %s", stats[x->stat]);
            fputs("}\n", o);
        } else {
            fprintf(o, "metric: %s, stat: %s", metric->words[x->index], stats[x->stat]);
            if (!isnan(x->day)) scn_fmt_num(x->day, day, sizeof day), fprintf(o, ", day: %s", day);
            fputs("}\n", o);
        }
    }
}

/* Every key of the base, in the table's order (its sections are contiguous). */
static void write_base(ywriter *y, const ds_scenario *sc)
{
    char line[2600], val[2200], com[600], comps[MAX_COMPS][49];
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &scn_key_table[k];
        int n = path_comps(d->path, comps, MAX_COMPS);
        if (d->type == T_MAP && sc->analysis.given && !strcmp(d->path, "analysis.factors")) {
            enter(y, comps, n - 1);
            write_factors(y->o, &sc->analysis);
            continue;
        }
        if (d->type == T_MAP && sc->analysis.given && !strcmp(d->path, "analysis.outputs")) {
            enter(y, comps, n - 1);
            write_outputs(y->o, &sc->analysis);
            continue;
        }
        if (d->type == T_MAP || scn_list_of(k) >= 0) continue; /* variants; list items */
        enter(y, comps, n - 1);
        if (d->type == T_LIST) {
            if (n == 1) { /* a top-level list is a section of its own */
                fputc('\n', y->o);
                y->depth = 0;
            }
            write_list(y, &sc->base, k, comps[n - 1], 2 * (n - 1));
            continue;
        }
        value_text(d, d->scen ? (const void *)sc : (const void *)&sc->base, -1, val, sizeof val);
        snprintf(line, sizeof line, "%s: %s", comps[n - 1], val);
        comment_text(k, com, sizeof com);
        put_line(y->o, 2 * (n - 1), line, com);
    }
}

/* ---------------------------------------------------------------- the variants */

/* A list as a flow sequence of flow mappings: [{day: 365, fraction: 0.15}]. */
static void write_flow_list(FILE *o, const ds_params *p, int lk)
{
    char val[2200];
    int count = *scn_list_count((ds_params *)p, lk);
    fputc('[', o);
    for (int i = 0; i < count; i++) {
        fprintf(o, "%s{", i ? ", " : "");
        int first = 1;
        for (int k = lk + 1; k < N_KEYS && scn_list_of(k) == lk; k++) {
            const key_def *d = &scn_key_table[k];
            if (value_unset(d, p, i)) continue;
            value_text(d, p, i, val, sizeof val);
            fprintf(o, "%s%s: %s", first ? "" : ", ", strrchr(d->path, '.') + 1, val);
            first = 0;
        }
        fputc('}', o);
    }
    fputc(']', o);
}

/* What variant v changes: a key that differs, as key.path: value; a list
 * item's key by index (hardware.0.share) when the list has as many items as
 * the base's, else the whole list. Returns how many lines it wrote (with o
 * NULL: would write). */
static int write_variant(FILE *o, const ds_scenario *sc, const ds_params *v)
{
    const ds_params *b = &sc->base;
    char val[2200], path[PATH_LEN];
    int lines = 0;
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &scn_key_table[k];
        if (d->scen || d->type == T_MAP || scn_list_of(k) >= 0) continue;
        if (d->type != T_LIST) {
            if (same_value(d, b, v, -1)) continue;
            value_text(d, v, -1, val, sizeof val);
            if (o) fprintf(o, "    %s: %s\n", d->path, val);
            lines++;
            continue;
        }
        int nb = *scn_list_count((ds_params *)b, k), nv = *scn_list_count((ds_params *)v, k);
        if (nb != nv) {
            if (o) {
                fprintf(o, "    %s: ", d->path);
                write_flow_list(o, v, k);
                fputc('\n', o);
            }
            lines++;
            continue;
        }
        for (int i = 0; i < nv; i++)
            for (int f = k + 1; f < N_KEYS && scn_list_of(f) == k; f++) {
                const key_def *fd = &scn_key_table[f];
                if (same_value(fd, b, v, i)) continue;
                const char *leaf = strrchr(fd->path, '.') + 1;
                snprintf(path, sizeof path, "%s.%d.%s", d->path, i, leaf);
                value_text(fd, v, i, val, sizeof val);
                if (o) fprintf(o, "    %s: %s\n", path, val);
                lines++;
            }
    }
    return lines;
}

int scenario_write_yaml(FILE *out, const ds_scenario *sc, const char *header)
{
    if (header) fputs(header, out);
    ywriter y = {.o = out};
    write_base(&y, sc);
    fprintf(out, "\n# Variants: named override sets run on the same random futures as the "
                 "base,\n# each the keys where it differs from the base (dotted paths; a list "
                 "item by\n# its index, e.g. hardware.0.share). A sweep is written as the "
                 "variants it\n# expanded to.\n");
    if (sc->n_variants <= 1) {
        fprintf(out, "# variants:\n#   cheaper:\n#     pricing.cloud_fraction: 0.5\n");
        return ferror(out) ? -1 : 0;
    }
    fprintf(out, "variants:\n");
    for (int i = 1; i < sc->n_variants; i++) {
        char name[600];
        quote_str(sc->variants[i].name, name, sizeof name);
        /* one the same as the base: an empty mapping keeps it a variant */
        int changes = write_variant(NULL, sc, &sc->variants[i].params);
        fprintf(out, "  %s:%s\n", name, changes ? "" : " {}");
        write_variant(out, sc, &sc->variants[i].params);
    }
    return ferror(out) ? -1 : 0;
}

/* ---------------------------------------------------------------- the starter */

/* What has no default: one device type and one electricity region (the H100
 * figures are DESIGN's reference class: 700 W, about $27,500), and the
 * addressable demand. Loaded by the loader, so it is checked like any file;
 * its name is the loader's default, the stem of the file it is for. */
static const char starter_yaml[] =
    "description: a starting point written by depinsim new; replace the examples\n"
    "hardware:\n"
    "  - {name: H100, heq_per_device: 1, power_w: 700, price_usd: 27500, share: 1}\n"
    "regions:\n"
    "  - {name: example-region, electricity_usd_per_kwh: 0.1, share: 1}\n"
    "demand:\n"
    "  base_heqh_per_day: 10000\n";

int scenario_starter(const char *file, ds_scenario *sc, ds_errors *errs)
{
    return scenario_load_text(file, starter_yaml, sc, errs);
}
