/* compare.c — `depinsim compare`: one row per variant (final medians and
 * bands of the key metrics, the death-spiral and claim probabilities with
 * their Wilson intervals, the median sustainability day) as an aligned table,
 * markdown or CSV, optionally sorted. Names from the file are untrusted: in
 * the table and markdown forms they pass the terminal escaper, in CSV the
 * formula-proof quoting. */
#include "report.h"
#include "report_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const compare_metrics[] = {"token_price", "active_providers", "price_ratio",
                                              "subsidy_adjusted_ratio"};
#define N_COMPARE_METRICS 4

/* The claims of all variants, by name, in order of first appearance. */
typedef struct {
    const char **names;
    const char **texts;
    int n;
} claim_set;

static int claim_set_build(const ds_read_results *r, claim_set *cs)
{
    int cap = 0;
    for (int v = 0; v < r->n_variants; v++) cap += r->variants[v].n_claims;
    cs->n = 0;
    cs->names = calloc((size_t)cap + 1, sizeof *cs->names);
    cs->texts = calloc((size_t)cap + 1, sizeof *cs->texts);
    if (!cs->names || !cs->texts) return -1;
    for (int v = 0; v < r->n_variants; v++)
        for (int k = 0; k < r->variants[v].n_claims; k++) {
            const ds_read_claim *cl = &r->variants[v].claims[k];
            int seen = 0;
            for (int i = 0; i < cs->n && !seen; i++) seen = !strcmp(cs->names[i], cl->name);
            if (seen) continue;
            cs->names[cs->n] = cl->name;
            cs->texts[cs->n++] = cl->text;
        }
    return 0;
}

static void claim_set_free(claim_set *cs)
{
    free(cs->names);
    free(cs->texts);
}

static const ds_read_claim *find_claim(const ds_read_variant *v, const char *name)
{
    for (int k = 0; k < v->n_claims; k++)
        if (!strcmp(v->claims[k].name, name)) return &v->claims[k];
    return NULL;
}

/* The value rows are sorted by; NaN when the variant has none (sorted last). */
static double sort_value(const ds_read_results *r, const ds_read_variant *v, const char *key)
{
    if (!strcmp(key, "death_spiral"))
        return v->has_outcome_summary ? v->outcome_summary.death_spiral_probability : NAN;
    if (!strcmp(key, "sustainability_day"))
        return v->has_outcome_summary ? v->outcome_summary.sustainability_day_median : NAN;
    const double *q = report_last_quantiles(r, v, key);
    if (q) return q[DS_Q_P50];
    const ds_read_claim *cl = find_claim(v, key);
    return cl ? cl->probability : NAN;
}

int report_compare_key_known(const ds_read_results *r, const char *key)
{
    if (!strcmp(key, "death_spiral") || !strcmp(key, "sustainability_day")) return 1;
    for (int v = 0; v < r->n_variants; v++) {
        if (results_read_metric(&r->variants[v], key)) return 1;
        if (find_claim(&r->variants[v], key)) return 1;
    }
    return 0;
}

typedef struct {
    int index;
    double value;
    int descending;
} sort_row;

static int cmp_sort_rows(const void *a, const void *b)
{
    const sort_row *x = a, *y = b;
    int xn = isnan(x->value), yn = isnan(y->value);
    if (xn != yn) return xn - yn; /* undefined values last, either way */
    if (!xn && x->value != y->value) {
        int lt = x->value < y->value;
        return (lt ^ x->descending) ? -1 : 1;
    }
    return x->index - y->index; /* stable: the file's order among equals */
}

/* "median [p05, p95]" of a final value; the dash when absent. */
static int cell_band(report_grid *g, int r, int c, const double *q)
{
    if (!q) return report_grid_set(g, r, c, "%s", REPORT_DASH);
    char a[32], b[32], d[32];
    return report_grid_set(g, r, c, "%s [%s, %s]", results_fmt_num(a, q[DS_Q_P50]),
                           results_fmt_num(b, q[DS_Q_P05]), results_fmt_num(d, q[DS_Q_P95]));
}

/* "P [lo, hi]" of a probability; the dash when absent. */
static int cell_prob(report_grid *g, int r, int c, int present, double p, double lo, double hi)
{
    if (!present || isnan(p)) return report_grid_set(g, r, c, "%s", REPORT_DASH);
    if (isnan(lo) || isnan(hi)) return report_grid_set(g, r, c, "%.3f", p);
    return report_grid_set(g, r, c, "%.3f [%.2f, %.2f]", p, lo, hi);
}

/* Text cells of the table and markdown forms. */
static int compare_grid(const ds_read_results *r, const claim_set *cs, const sort_row *order,
                        report_grid *g)
{
    g->cols = 1 + N_COMPARE_METRICS + 1 + cs->n + 1;
    g->rows = 1 + r->n_variants;
    if (!(g->cell = calloc((size_t)g->rows * g->cols, sizeof *g->cell))) return -1;
    int c = 0;
    if (report_grid_set(g, 0, c++, "variant") < 0) return -1;
    for (int m = 0; m < N_COMPARE_METRICS; m++)
        if (report_grid_set(g, 0, c++, "%s", compare_metrics[m]) < 0) return -1;
    if (report_grid_set(g, 0, c++, "death_spiral") < 0) return -1;
    for (int i = 0; i < cs->n; i++)
        if (report_grid_text(g, 0, c++, cs->names[i]) < 0) return -1;
    if (report_grid_set(g, 0, c++, "sustainability_day") < 0) return -1;

    for (int row = 1; row < g->rows; row++) {
        const ds_read_variant *v = &r->variants[order[row - 1].index];
        const ds_outcome_summary *os = &v->outcome_summary;
        c = 0;
        if (report_grid_text(g, row, c++, v->name) < 0) return -1;
        for (int m = 0; m < N_COMPARE_METRICS; m++)
            if (cell_band(g, row, c++, report_last_quantiles(r, v, compare_metrics[m])) < 0)
                return -1;
        if (cell_prob(g, row, c++, v->has_outcome_summary, os->death_spiral_probability,
                      os->death_spiral_wilson_lo, os->death_spiral_wilson_hi) < 0)
            return -1;
        for (int i = 0; i < cs->n; i++) {
            const ds_read_claim *cl = find_claim(v, cs->names[i]);
            if (cell_prob(g, row, c, cl != NULL, cl ? cl->probability : NAN,
                          cl ? cl->wilson_lo : NAN, cl ? cl->wilson_hi : NAN) < 0)
                return -1;
            /* a conditional claim: over how many paths its condition held */
            if (cl && cl->paths < v->paths && !isnan(cl->probability) &&
                report_grid_set(g, row, c, "%s of %.0f", *report_grid_at(g, row, c), cl->paths) < 0)
                return -1;
            c++;
        }
        char a[32];
        int rc = !v->has_outcome_summary ? report_grid_set(g, row, c, "%s", REPORT_DASH)
                 : isnan(os->sustainability_day_median)
                     ? report_grid_set(g, row, c, "never")
                     : report_grid_set(g, row, c, "%s",
                                       results_fmt_num(a, os->sustainability_day_median));
        if (rc < 0) return -1;
    }
    return 0;
}

/* What the columns mean, below the table: units from the file, claim texts
 * (escaped: they come from the file). */
static void compare_notes(const ds_read_results *r, const claim_set *cs, int markdown, FILE *o)
{
    const char *item = markdown ? "- " : "  ";
    fprintf(o, "\n");
    for (int m = 0; m < N_COMPARE_METRICS; m++) {
        const char *units = NULL;
        for (int v = 0; v < r->n_variants && !units; v++) {
            const ds_read_metric *rm = results_read_metric(&r->variants[v], compare_metrics[m]);
            if (rm && rm->units[0]) units = rm->units;
        }
        fprintf(o, "%s%s: ", item, compare_metrics[m]);
        errors_put_text(o, units ? units : "(not in this file)");
        fputc('\n', o);
    }
    fprintf(o, "%sdeath_spiral: probability that a path spirals, [95%% Wilson interval]\n", item);
    for (int i = 0; i < cs->n; i++) {
        fputs(item, o);
        errors_put_text(o, cs->names[i]);
        fputs(": probability that \"", o);
        errors_put_text(o, cs->texts[i][0] ? cs->texts[i] : cs->names[i]);
        fputs("\" holds, [95% Wilson interval]\n", o);
    }
    fprintf(o,
            "%ssustainability_day: median day from which fees cover the USD value of emissions "
            "(never: most paths never get there)\n",
            item);
}

static void compare_header(const ds_read_results *r, int markdown, FILE *o)
{
    char h[64], part[96];
    report_horizon_text(h, sizeof h, r->horizon_days);
    report_partial_text(part, sizeof part, r);
    const char *name = r->scenario_name[0] ? r->scenario_name : r->path;
    if (markdown) {
        fputs("**", o);
        errors_put_text(o, name);
        fprintf(o,
                "**: %d paths%s, final values at %s as median [5%%, 95%%] over paths; "
                "probabilities with their 95%% Wilson interval.\n\n",
                r->paths, part, h);
    } else {
        errors_put_text(o, name);
        fprintf(o,
                ": %d paths%s, final values at %s\nmedian [5%%, 95%%] over paths; "
                "probabilities: P [95%% Wilson interval]\n\n",
                r->paths, part, h);
    }
}

static void compare_csv(const ds_read_results *r, const claim_set *cs, const sort_row *order,
                        FILE *o)
{
    fputs("variant", o);
    for (int m = 0; m < N_COMPARE_METRICS; m++)
        fprintf(o, ",%s_p50,%s_p05,%s_p95", compare_metrics[m], compare_metrics[m],
                compare_metrics[m]);
    fputs(",death_spiral_probability,death_spiral_wilson_lo,death_spiral_wilson_hi", o);
    for (int i = 0; i < cs->n; i++) {
        static const char *const suffix[3] = {"probability", "wilson_lo", "wilson_hi"};
        for (int k = 0; k < 3; k++) {
            char name[512];
            snprintf(name, sizeof name, "claim_%s_%s", cs->names[i], suffix[k]);
            fputc(',', o);
            report_csv_text(o, name);
        }
    }
    fputs(",sustainability_day_median,sustainable_share\n", o);
    for (int row = 0; row < r->n_variants; row++) {
        const ds_read_variant *v = &r->variants[order[row].index];
        const ds_outcome_summary *os = &v->outcome_summary;
        report_csv_text(o, v->name);
        for (int m = 0; m < N_COMPARE_METRICS; m++) {
            const double *q = report_last_quantiles(r, v, compare_metrics[m]);
            const int levels[3] = {DS_Q_P50, DS_Q_P05, DS_Q_P95};
            for (int k = 0; k < 3; k++) {
                fputc(',', o);
                if (q) report_csv_num(o, q[levels[k]]);
            }
        }
        double ds[3] = {os->death_spiral_probability, os->death_spiral_wilson_lo,
                        os->death_spiral_wilson_hi};
        for (int k = 0; k < 3; k++) {
            fputc(',', o);
            if (v->has_outcome_summary) report_csv_num(o, ds[k]);
        }
        for (int i = 0; i < cs->n; i++) {
            const ds_read_claim *cl = find_claim(v, cs->names[i]);
            double p[3] = {NAN, NAN, NAN};
            if (cl) p[0] = cl->probability, p[1] = cl->wilson_lo, p[2] = cl->wilson_hi;
            for (int k = 0; k < 3; k++) {
                fputc(',', o);
                report_csv_num(o, p[k]);
            }
        }
        fputc(',', o);
        if (v->has_outcome_summary) report_csv_num(o, os->sustainability_day_median);
        fputc(',', o);
        if (v->has_outcome_summary) report_csv_num(o, os->sustainable_share);
        fputc('\n', o);
    }
}

int report_compare(const ds_read_results *r, const report_compare_options *o, FILE *out,
                   ds_errors *errs)
{
    claim_set cs = {0};
    report_grid g = {0};
    sort_row *order = calloc((size_t)r->n_variants + 1, sizeof *order);
    int rc = DS_EFAIL;
    if (!order || claim_set_build(r, &cs) < 0) goto oom;
    int descending = o->sort && o->sort[0] == '-';
    const char *key = o->sort ? o->sort + descending : NULL;
    for (int i = 0; i < r->n_variants; i++) {
        order[i].index = i;
        order[i].value = key ? sort_value(r, &r->variants[i], key) : (double)i;
        order[i].descending = descending;
    }
    if (key) qsort(order, (size_t)r->n_variants, sizeof *order, cmp_sort_rows);

    if (o->format == REPORT_CSV) {
        compare_csv(r, &cs, order, out);
    } else {
        if (compare_grid(r, &cs, order, &g) < 0) goto oom;
        compare_header(r, o->format == REPORT_MARKDOWN, out);
        if (report_grid_print(&g, o->format == REPORT_MARKDOWN, out) < 0) goto oom;
        compare_notes(r, &cs, o->format == REPORT_MARKDOWN, out);
        results_ext_read_t x; /* a sensitivity analysis: its ranked tables below */
        rc = results_ext_read(r, &x, errs);
        if (rc == DS_OK && x.has_analysis) {
            fputc('\n', out);
            rc = report_analysis(r->scenario_name[0] ? r->scenario_name : r->path, &x.analysis,
                                 o->format, out, errs);
        }
        results_ext_read_free(r, &x);
        if (rc != DS_OK) goto done;
        rc = DS_EFAIL;
    }
    rc = fflush(out) == 0 && !ferror(out) ? DS_OK : DS_EFAIL;
    if (rc != DS_OK)
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "compare: cannot write the output: %s",
                   strerror(errno));
    goto done;
oom:
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
done:
    report_grid_free(&g);
    claim_set_free(&cs);
    free(order);
    return rc;
}
