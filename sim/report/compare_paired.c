/* compare_paired.c — `depinsim compare FILE --against VARIANT`: every other
 * variant against the reference path by path. The variants of a file ran on
 * the same random futures (common random numbers), so the per-path
 * differences of the final values carry the designs' effect without the
 * futures' spread: the median difference with its order-statistic 95%
 * interval, P(variant better than reference) with its Wilson interval, and
 * beside them the unpaired difference of medians (the interval one would
 * report ignoring the pairing). Paths pair on their original number
 * (path_index when some were left out). The statistics are paired.h's. */
#include "report.h"
#include "report_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/paired.h"

static const char *const default_metrics[] = {"token_price", "active_providers", "price_ratio",
                                              "subsidy_adjusted_ratio"};

/* Which way is better, where the metric says (+1 higher, −1 lower, 0 neither):
 * for a buyer, a designer and a token holder alike. */
static int better_way(const char *metric)
{
    static const char *const higher[] = {
        "token_price",    "market_cap", "active_providers", "capacity",        "served",
        "utilization",    "fees",       "treasury",         "provider_income", "profitable_share",
        "demand_at_price"};
    static const char *const lower[] = {"price_ratio", "subsidy", "subsidy_adjusted_ratio"};
    for (size_t i = 0; i < sizeof higher / sizeof higher[0]; i++)
        if (!strcmp(metric, higher[i])) return 1;
    for (size_t i = 0; i < sizeof lower / sizeof lower[0]; i++)
        if (!strcmp(metric, lower[i])) return -1;
    return 0;
}

/* Original path numbers of variant v's per-path values: path_index, or 0.. */
static int path_numbers(const ds_read_results *r, int v, double **out, ds_errors *errs)
{
    char path[320];
    snprintf(path, sizeof path, "variants/%s/path_index", r->variants[v].name);
    size_t want[2] = {(size_t)r->variants[v].paths, 0}, dims[2];
    int got = results_read_array(r, path, 1, want, dims, out, errs);
    if (got != 1) return got;
    int n = r->variants[v].paths;
    if (!(*out = malloc((size_t)(n > 0 ? n : 1) * sizeof **out))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    for (int i = 0; i < n; i++) (*out)[i] = i;
    return DS_OK;
}

typedef struct {
    int variant, metric; /* indices into the file's variants and the metric list */
    paired_stats st;
    int present;
} paired_row;

/* The pairs of variant v and the reference for one metric. */
static int pair_up(const ds_read_results *r, int ref, int v, const char *metric, paired_row *row,
                   ds_errors *errs)
{
    double *a = NULL, *b = NULL, *ia = NULL, *ib = NULL, *xa = NULL, *xb = NULL;
    int rc = results_read_paths(r, v, RF_FINAL, metric, &a, errs);
    if (rc == DS_OK) rc = results_read_paths(r, ref, RF_FINAL, metric, &b, errs);
    if (rc == DS_OK && (!a || !b)) { /* a metric one of them lacks: an empty row */
        free(a);
        free(b);
        row->present = 0;
        return DS_OK;
    }
    if (rc == DS_OK) rc = path_numbers(r, v, &ia, errs);
    if (rc == DS_OK) rc = path_numbers(r, ref, &ib, errs);
    int na = r->variants[v].paths, nb = r->variants[ref].paths, n = 0;
    if (rc == DS_OK) {
        xa = malloc((size_t)(na > 0 ? na : 1) * sizeof *xa);
        xb = malloc((size_t)(na > 0 ? na : 1) * sizeof *xb);
        if (!xa || !xb) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            rc = DS_EFAIL;
        }
    }
    /* both lists are in increasing path order: merge on the path number */
    for (int i = 0, j = 0; rc == DS_OK && i < na && j < nb;) {
        if (ia[i] < ib[j]) {
            i++;
        } else if (ib[j] < ia[i]) {
            j++;
        } else {
            xa[n] = a[i++];
            xb[n++] = b[j++];
        }
    }
    if (rc == DS_OK && paired_compare(xa, xb, n, 0.95, 2000, 0, &row->st) != 0) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        rc = DS_EFAIL;
    }
    row->present = rc == DS_OK;
    free(a), free(b), free(ia), free(ib), free(xa), free(xb);
    return rc;
}

/* P(better) as the row shows it: by the metric's direction, else P(>). */
static void better(const paired_row *row, const char *metric, double p[3], const char **label)
{
    int way = better_way(metric);
    const paired_stats *s = &row->st;
    if (way < 0) {
        p[0] = s->p_less, p[1] = s->p_less_lo, p[2] = s->p_less_hi;
        *label = "lower";
    } else {
        p[0] = s->p_greater, p[1] = s->p_greater_lo, p[2] = s->p_greater_hi;
        *label = way > 0 ? "higher" : "";
    }
}

static int paired_grid(const ds_read_results *r, const paired_row *rows, int n_rows, char **metrics,
                       report_grid *g)
{
    static const char *const head[] = {"variant",
                                       "metric",
                                       "paths",
                                       "median paired difference [95%]",
                                       "P(better) [95% Wilson]",
                                       "unpaired difference [95%]",
                                       "paired interval narrower by"};
    g->cols = 7;
    g->rows = 1 + n_rows;
    if (!(g->cell = calloc((size_t)g->rows * g->cols, sizeof *g->cell))) return -1;
    for (int c = 0; c < g->cols; c++)
        if (report_grid_set(g, 0, c, "%s", head[c]) < 0) return -1;
    for (int i = 0; i < n_rows; i++) {
        const paired_row *row = &rows[i];
        const paired_stats *s = &row->st;
        const char *metric = metrics[row->metric];
        char a[32], b[32], d[32];
        int k = i + 1, rc = 0;
        rc |= report_grid_text(g, k, 0, r->variants[row->variant].name);
        rc |= report_grid_text(g, k, 1, metric);
        if (!row->present) {
            for (int c = 2; c < 7; c++) rc |= report_grid_set(g, k, c, "%s", REPORT_DASH);
            if (rc) return -1;
            continue;
        }
        rc |= report_grid_set(g, k, 2, "%d", s->n);
        rc |= report_grid_set(g, k, 3, "%s [%s, %s]", results_fmt_num(a, s->median),
                              results_fmt_num(b, s->lo), results_fmt_num(d, s->hi));
        double p[3];
        const char *label;
        better(row, metric, p, &label);
        rc |= report_grid_set(g, k, 4, "%s%s%.3f [%.2f, %.2f]", label, label[0] ? " " : "> ", p[0],
                              p[1], p[2]);
        rc |=
            report_grid_set(g, k, 5, "%s [%s, %s]", results_fmt_num(a, s->unpaired_median),
                            results_fmt_num(b, s->unpaired_lo), results_fmt_num(d, s->unpaired_hi));
        double wp = s->hi - s->lo, wu = s->unpaired_hi - s->unpaired_lo;
        if (wp > 0 && wu > 0)
            rc |= report_grid_set(g, k, 6, "%.3gx", wu / wp);
        else
            rc |= report_grid_set(g, k, 6, "%s", wp == 0 && wu > 0 ? "exact" : REPORT_DASH);
        if (rc) return -1;
    }
    return 0;
}

static void paired_csv(const ds_read_results *r, int ref, const paired_row *rows, int n_rows,
                       char **metrics, FILE *o)
{
    fputs("variant,reference,metric,units,paths,dropped,median_difference,lo,hi,coverage,better,"
          "p_better,p_better_lo,p_better_hi,p_greater,p_greater_lo,p_greater_hi,p_less,"
          "unpaired_difference,unpaired_lo,unpaired_hi\n",
          o);
    for (int i = 0; i < n_rows; i++) {
        const paired_row *row = &rows[i];
        const paired_stats *s = &row->st;
        const char *metric = metrics[row->metric];
        const ds_read_metric *m = results_read_metric(&r->variants[row->variant], metric);
        report_csv_text(o, r->variants[row->variant].name);
        fputc(',', o);
        report_csv_text(o, r->variants[ref].name);
        fputc(',', o);
        report_csv_text(o, metric);
        fputc(',', o);
        report_csv_text(o, m ? m->units : "");
        if (!row->present) {
            fputs(",,,,,,,,,,,,,,,,\n", o);
            continue;
        }
        fprintf(o, ",%d,%d", s->n, s->dropped);
        double p[3];
        const char *label;
        better(row, metric, p, &label);
        const double x1[4] = {s->median, s->lo, s->hi, s->coverage};
        for (int k = 0; k < 4; k++) fputc(',', o), report_csv_num(o, x1[k]);
        fprintf(o, ",%s", label);
        const double x2[10] = {p[0],
                               p[1],
                               p[2],
                               s->p_greater,
                               s->p_greater_lo,
                               s->p_greater_hi,
                               s->p_less,
                               s->unpaired_median,
                               s->unpaired_lo,
                               s->unpaired_hi};
        for (int k = 0; k < 10; k++) fputc(',', o), report_csv_num(o, x2[k]);
        fputc('\n', o);
    }
}

int report_compare_paired(const ds_read_results *r, const report_compare_options *o, FILE *out,
                          ds_errors *errs)
{
    int ref = -1;
    for (int v = 0; v < r->n_variants && ref < 0; v++)
        if (!strcmp(r->variants[v].name, o->against)) ref = v;
    if (ref < 0) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL, "compare: --against: no variant '%s' in %s",
                   o->against, r->path);
        return DS_EINPUT;
    }
    char **metrics = o->metrics ? o->metrics : (char **)default_metrics;
    int n_metrics = o->metrics ? o->n_metrics : 4;
    int n_rows = (r->n_variants - 1) * n_metrics;
    paired_row *rows = calloc((size_t)(n_rows > 0 ? n_rows : 1), sizeof *rows);
    report_grid g = {0};
    int rc = rows ? DS_OK : DS_EFAIL, k = 0;
    for (int v = 0; rc == DS_OK && v < r->n_variants; v++) {
        if (v == ref) continue;
        for (int m = 0; rc == DS_OK && m < n_metrics; m++) {
            rows[k].variant = v;
            rows[k].metric = m;
            rc = pair_up(r, ref, v, metrics[m], &rows[k++], errs);
        }
    }
    if (rc == DS_OK && o->format == REPORT_CSV) {
        paired_csv(r, ref, rows, n_rows, metrics, out);
    } else if (rc == DS_OK) {
        char h[64];
        report_horizon_text(h, sizeof h, r->horizon_days);
        int md = o->format == REPORT_MARKDOWN;
        fputs(md ? "**" : "", out);
        errors_put_text(out, r->scenario_name[0] ? r->scenario_name : r->path);
        fputs(md ? "**" : "", out);
        fputs(": every variant against ", out);
        errors_put_text(out, r->variants[ref].name);
        fprintf(
            out,
            " path by path on common random numbers, final values at %s: the median of the "
            "per-path differences (variant − reference) with its order-statistic 95%% interval, "
            "the share of paths where the variant is better, and the difference of the medians "
            "as unpaired samples would give it (bootstrap 95%%).\n\n",
            h);
        if (paired_grid(r, rows, n_rows, metrics, &g) < 0 || report_grid_print(&g, md, out) < 0)
            rc = DS_EFAIL;
        if (rc == DS_OK)
            fprintf(out,
                    "\n%sP(better): higher is better for the token price, providers, "
                    "capacity, served, utilization and fees; lower for the price and "
                    "subsidy-adjusted ratios; \"> \" marks P(variant > reference) where "
                    "neither is better.\n",
                    md ? "" : "  ");
        if (rc != DS_OK) errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    } else if (!rows) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    }
    if (rc == DS_OK && (fflush(out) != 0 || ferror(out))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "compare: cannot write the output: %s",
                   strerror(errno));
        rc = DS_EFAIL;
    }
    report_grid_free(&g);
    free(rows);
    return rc;
}
