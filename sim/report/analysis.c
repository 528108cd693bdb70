/* analysis.c — a sensitivity analysis as tables: per output, the factors
 * ranked (Sobol by the total index, Morris by mu*, a Latin hypercube by |rho|)
 * with their intervals, the design's size and cost in a header, as an aligned
 * table, markdown or CSV. For `sensitivity` (from memory), and `compare`,
 * `info` and `export` (from the file). Names from a file pass the escapers. */
#include "report.h"
#include "report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int f;
    double key;
} order_row;

static int cmp_desc(const void *a, const void *b)
{
    const order_row *x = a, *y = b;
    int xn = isnan(x->key), yn = isnan(y->key);
    if (xn != yn) return xn - yn;
    if (!xn && x->key != y->key) return x->key > y->key ? -1 : 1;
    return x->f - y->f;
}

/* The factors of output o, most important first. */
static void rank(const ds_analysis *a, int o, order_row *rows)
{
    int k = a->n_factors;
    for (int f = 0; f < k; f++) {
        double v = a->method == DS_ANALYSIS_SOBOL ? a->stats[3][(size_t)o * k + f]
                                                  : fabs(a->stats[0][(size_t)o * k + f]);
        rows[f] = (order_row){f, v};
    }
    qsort(rows, (size_t)k, sizeof *rows, cmp_desc);
}

static const char *num(char buf[32], double x)
{
    return results_fmt_num(buf, x);
}

/* "v [lo, hi]", or "v" without an interval. */
static int cell_ci(report_grid *g, int r, int c, double v, double lo, double hi)
{
    char a[32], b[32], d[32];
    if (isnan(lo) || isnan(hi)) return report_grid_set(g, r, c, "%s", num(a, v));
    return report_grid_set(g, r, c, "%s [%s, %s]", num(a, v), num(b, lo), num(d, hi));
}

static void header(const char *scen, const ds_analysis *a, int md, FILE *out)
{
    static const char *const what[3] = {"Sobol indices, total (ST, Jansen) and first-order (S1)",
                                        ("Morris elementary effects (mu*: mean |effect| over a "
                                         "factor's whole range)"),
                                        "Spearman rank correlations over a Latin hypercube"};
    int k = a->n_factors;
    char shape[96];
    if (a->method == DS_ANALYSIS_SOBOL)
        snprintf(shape, sizeof shape, "%d rows x (%d factors + 2)", a->samples, k);
    else if (a->method == DS_ANALYSIS_MORRIS)
        snprintf(shape, sizeof shape, "%d trajectories x (%d factors + 1), %d levels", a->samples,
                 k, a->levels);
    else
        snprintf(shape, sizeof shape, "%d points", a->samples);
    fputs(md ? "**" : "", out);
    errors_put_text(out, scen);
    fputs(md ? "**" : "", out);
    fprintf(out,
            ": sensitivity, %s%s; %s = %d design points x %d paths each (the same paths at every "
            "point: common random numbers)",
            what[a->method],
            a->method != DS_ANALYSIS_SOBOL ? ""
            : a->first_order               ? " (S1 by Saltelli 2010)"
                                           : " (S1 by Jansen)",
            shape, a->points, a->paths);
    if (a->resamples > 0)
        fprintf(out, "; %.0f%% bootstrap intervals (%d resamples)", 100 * a->confidence,
                a->resamples);
    if (a->wall_seconds > 0) fprintf(out, "; %.1f s", a->wall_seconds);
    fputs(".\n", out);
}

static int output_grid(const ds_analysis *a, int o, report_grid *g)
{
    int k = a->n_factors, m = a->method;
    static const char *const head[3][4] = {{"factor", "distribution", "ST [95%]", "S1 [95%]"},
                                           {"factor", "distribution", "mu* [95%]", "mu, sigma"},
                                           {"factor", "distribution", "rho [95%]", NULL}};
    g->cols = m == DS_ANALYSIS_LHS ? 3 : 4;
    g->rows = 1 + k;
    if (!(g->cell = calloc((size_t)g->rows * g->cols, sizeof *g->cell))) return -1;
    for (int c = 0; c < g->cols; c++)
        if (report_grid_set(g, 0, c, "%s", head[m][c]) < 0) return -1;
    order_row *rows = calloc((size_t)k, sizeof *rows);
    if (!rows) return -1;
    rank(a, o, rows);
    int rc = 0;
    for (int i = 0; i < k && !rc; i++) {
        size_t at = (size_t)o * k + rows[i].f;
        double *const *s = a->stats;
        rc |= report_grid_text(g, i + 1, 0, a->factors[rows[i].f]);
        rc |= report_grid_text(g, i + 1, 1, a->factor_dists[rows[i].f]);
        if (m == DS_ANALYSIS_SOBOL) {
            rc |= cell_ci(g, i + 1, 2, s[3][at], s[4][at], s[5][at]);
            rc |= cell_ci(g, i + 1, 3, s[0][at], s[1][at], s[2][at]);
        } else if (m == DS_ANALYSIS_MORRIS) {
            char x[32], y[32];
            rc |= cell_ci(g, i + 1, 2, s[0][at], s[1][at], s[2][at]);
            rc |= report_grid_set(g, i + 1, 3, "%s, %s", num(x, s[3][at]), num(y, s[4][at]));
        } else {
            rc |= cell_ci(g, i + 1, 2, s[0][at], s[1][at], s[2][at]);
        }
    }
    free(rows);
    return rc ? -1 : 0;
}

static void csv(const ds_analysis *a, FILE *out)
{
    int k = a->n_factors, n = ds_analysis_n_stats(a->method);
    fputs("output,output_text,output_units,factor,distribution,factor_units", out);
    for (int t = 0; t < n; t++) fprintf(out, ",%s", ds_analysis_stats[a->method][t]);
    fputs("\n", out);
    for (int o = 0; o < a->n_outputs; o++)
        for (int f = 0; f < k; f++) {
            const char *cells[6] = {a->outputs[o], a->output_texts[o], a->output_units[o],
                                    a->factors[f], a->factor_dists[f], a->factor_units[f]};
            for (int c = 0; c < 6; c++) {
                if (c) fputc(',', out);
                report_csv_text(out, cells[c]);
            }
            for (int t = 0; t < n; t++) {
                fputc(',', out);
                report_csv_num(out, a->stats[t][(size_t)o * k + f]);
            }
            fputc('\n', out);
        }
}

int report_analysis(const char *scenario, const ds_analysis *a, int format, FILE *out,
                    ds_errors *errs)
{
    if (format == REPORT_CSV) {
        csv(a, out);
        return DS_OK;
    }
    int md = format == REPORT_MARKDOWN;
    header(scenario, a, md, out);
    for (int o = 0; o < a->n_outputs; o++) {
        fputc('\n', out);
        if (md) fputs("*", out);
        fputs("output ", out);
        errors_put_text(out, a->outputs[o]);
        fputs(": ", out);
        errors_put_text(out, a->output_texts[o]);
        if (a->output_units[o][0]) {
            fputs(" (", out);
            errors_put_text(out, a->output_units[o]);
            fputs(")", out);
        }
        if (a->method == DS_ANALYSIS_SOBOL && a->variance && a->rows) {
            char v[32];
            fprintf(out, "; variance %s, %d of %d rows used", num(v, a->variance[o]), a->rows[o],
                    a->samples);
        }
        fputs(md ? "*\n\n" : "\n", out);
        if (a->method == DS_ANALYSIS_SOBOL && a->variance && !(a->variance[o] > 0)) {
            fputs("  the same at every design point: no factor moves it (no indices)\n", out);
            continue;
        }
        report_grid g = {0};
        int rc = output_grid(a, o, &g) < 0 || report_grid_print(&g, md, out) < 0 ? -1 : 0;
        report_grid_free(&g);
        if (rc < 0) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            return DS_EFAIL;
        }
    }
    if (a->method == DS_ANALYSIS_SOBOL)
        fprintf(out,
                "\n%sST: the share of the output's variance a factor is part of, alone or "
                "with others; S1: alone. ST near 0: the guess does not matter here.\n",
                md ? "" : "  ");
    return DS_OK;
}

int report_info_more(const ds_read_results *r, FILE *out, ds_errors *errs)
{
    results_ext_read_t x;
    int rc = results_ext_read(r, &x, errs);
    if (rc != DS_OK) {
        results_ext_read_free(r, &x);
        return rc;
    }
    if (x.variants_selected) {
        fprintf(out, "\nselected:    ");
        errors_put_text(out, x.variants_selected);
        fprintf(out, " (run --variants; the scenario has %.0f)\n", x.variants_in_scenario);
    }
    int said = 0;
    for (int v = 0; v < r->n_variants; v++)
        for (int c = 0; c < r->variants[v].n_claims; c++) {
            const char *why = x.claim_why[v][c], *given = x.claim_given[v][c];
            if (!why[0] && !given[0]) continue;
            if (!said++) fputs("\nclaims, as judged:\n", out);
            fputs("  ", out);
            errors_put_text(out, r->variants[v].name);
            fputs(": claim ", out);
            errors_put_text(out, r->variants[v].claims[c].name);
            if (given[0]) {
                fprintf(out, " counts the %.0f paths where ", r->variants[v].claims[c].paths);
                errors_put_text(out, given);
                fputs(" holds", out);
            }
            if (why[0]) {
                fputs(given[0] ? "; it " : " ", out);
                errors_put_text(out, why);
            }
            fputc('\n', out);
        }
    if (x.has_analysis) {
        fputc('\n', out);
        rc = report_analysis(r->scenario_name[0] ? r->scenario_name : r->path, &x.analysis,
                             REPORT_TABLE, out, errs);
    }
    results_ext_read_free(r, &x);
    return rc;
}
