/* plot_experiments.c — the charts of experiments, beside plot.c's: a file
 * whose sweep has two axes gets a heatmap per key metric (the median final
 * value), for the death spiral and for each claim (probabilities) over the
 * grid of sweep points; a file with a sensitivity analysis gets a bar chart
 * of the indices per output, factors ranked, with their intervals. Like
 * plot.c it writes data files and script lines in the private folder and
 * never hands gnuplot a name from the file raw (report_gp_quote, labels as
 * string expressions; file names chosen here). */
#include "plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../io/results_ext.h"
#include "report.h"
#include "report_int.h"

#define HM_MAX 64 /* values per heatmap axis */

static const char *const heat_metrics[] = {"token_price", "active_providers", "price_ratio",
                                           "subsidy_adjusted_ratio"};

/* The grid of a two-axis sweep over the selected variants. */
typedef struct {
    char xkey[160], ykey[160];
    char *xl[HM_MAX], *yl[HM_MAX];
    int nx, ny;
    int cell[HM_MAX][HM_MAX]; /* [iy][ix] index into r->variants, or −1 */
} grid2;

static void grid2_free(grid2 *g)
{
    for (int i = 0; i < g->nx; i++) free(g->xl[i]);
    for (int i = 0; i < g->ny; i++) free(g->yl[i]);
}

/* Index of label s in list (added when new); −1 when the list is full. */
static int label_index(char **list, int *n, char *s)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp(list[i], s)) {
            free(s);
            return i;
        }
    if (*n == HM_MAX) {
        free(s);
        return -1;
    }
    list[(*n)++] = s;
    return *n - 1;
}

/* 1 when the file's sweep has exactly two axes with two values each or more. */
static int grid2_build(const plot_ctx *p, const results_ext_read_t *x, grid2 *g)
{
    memset(g, 0, sizeof *g);
    if (!x->sweep_axes) return 0;
    int lines = 0;
    for (const char *c = x->sweep_axes; *c; c++) lines += *c == '\n';
    const char *l1 = x->sweep_axes, *l2 = strchr(l1, '\n');
    if (lines != 2 || !l2) return 0; /* two axes, a line each */
    l2++;
    snprintf(g->xkey, sizeof g->xkey, "%.*s", (int)strcspn(l1, " \n"), l1);
    snprintf(g->ykey, sizeof g->ykey, "%.*s", (int)strcspn(l2, " \n"), l2);
    for (int iy = 0; iy < HM_MAX; iy++)
        for (int ix = 0; ix < HM_MAX; ix++) g->cell[iy][ix] = -1;
    for (int i = 0; i < p->nsel; i++) {
        int v = p->sel[i];
        if (!x->swept[v]) continue;
        char *xs = report_line_value(x->swept[v], g->xkey),
             *ys = report_line_value(x->swept[v], g->ykey);
        if (!xs || !ys) {
            free(xs);
            free(ys);
            continue;
        }
        int ix = label_index(g->xl, &g->nx, xs), iy = label_index(g->yl, &g->ny, ys);
        if (ix >= 0 && iy >= 0) g->cell[iy][ix] = v;
    }
    return g->nx >= 2 && g->ny >= 2;
}

/* A quantity drawn over the grid: a metric's final median, the death-spiral
 * probability or a claim's. */
typedef struct {
    const char *name;  /* as the file names it */
    char key[80];      /* for file names: [a-z0-9_] */
    int kind;          /* 0 metric, 1 death spiral, 2 claim */
    const char *units; /* for the colour bar */
} quantity;

static double quantity_at(const plot_ctx *p, const quantity *q, int v)
{
    const ds_read_variant *rv = &p->r->variants[v];
    if (q->kind == 1)
        return rv->has_outcome_summary ? rv->outcome_summary.death_spiral_probability : NAN;
    if (q->kind == 2) {
        for (int k = 0; k < rv->n_claims; k++)
            if (!strcmp(rv->claims[k].name, q->name)) return rv->claims[k].probability;
        return NAN;
    }
    const double *qq = report_last_quantiles(p->r, rv, q->name);
    return qq ? qq[DS_Q_P50] : NAN;
}

static void gp_labels(FILE *s, const char *var, char *const *labels, int n)
{
    fprintf(s, "array %s[%d]\n", var, n);
    for (int i = 0; i < n; i++) {
        fprintf(s, "%s[%d] = ", var, i + 1);
        report_gp_quote(s, labels[i]);
        fputc('\n', s);
    }
}

static int heatmap(plot_ctx *p, const grid2 *g, const quantity *q)
{
    char file[128], stem[128], out[PATH_MAX], ttl[1024], cblab[512], hz[64];
    snprintf(file, sizeof file, "hm_%s.dat", q->key);
    snprintf(stem, sizeof stem, "heatmap_%s", q->key);
    double lo = INFINITY, hi = -INFINITY;
    for (int iy = 0; iy < g->ny; iy++)
        for (int ix = 0; ix < g->nx; ix++) {
            double v = g->cell[iy][ix] >= 0 ? quantity_at(p, q, g->cell[iy][ix]) : NAN;
            if (isfinite(v)) lo = fmin(lo, v), hi = fmax(hi, v);
        }
    if (!(lo <= hi)) return 1; /* nothing finite to draw */
    int prob = q->kind != 0;
    double cblo = prob ? 0 : lo, cbhi = prob ? 1 : hi;
    FILE *o = plot_work_create(p, file);
    if (!o) return DS_EFAIL;
    fprintf(o, "# %s: depinsim plot data\n# columns: ix iy value label_colour\n", file);
    for (int iy = 0; iy < g->ny; iy++)
        for (int ix = 0; ix < g->nx; ix++) {
            double v = g->cell[iy][ix] >= 0 ? quantity_at(p, q, g->cell[iy][ix]) : NAN;
            /* white text on the dark half of the scale */
            double t = cbhi > cblo ? (v - cblo) / (cbhi - cblo) : 0;
            fprintf(o, "%d %d ", ix, iy);
            plot_gp_num(o, v);
            fprintf(o, " %d\n", isfinite(v) && t > 0.55 ? 0xffffff : 0x000000);
        }
    if (plot_work_close(p, o, file) < 0) return DS_EFAIL;
    if (plot_add_chart(p, stem, out, sizeof out) < 0) return DS_EFAIL;
    report_horizon_text(hz, sizeof hz, p->r->horizon_days);
    const char *scen = p->r->scenario_name[0] ? p->r->scenario_name : p->r->path;
    if (q->kind == 0) {
        snprintf(ttl, sizeof ttl, "%s: median %s at %s over the sweep", scen, q->name, hz);
        snprintf(cblab, sizeof cblab, "median %s (%s)", q->name, q->units ? q->units : "");
    } else {
        snprintf(ttl, sizeof ttl, "%s: probability of %s over the sweep", scen,
                 q->kind == 1 ? "a death spiral" : q->name);
        snprintf(cblab, sizeof cblab, "probability over paths");
    }
    FILE *s = p->script;
    fprintf(s, "\n# heatmap of %s over the sweep\n", q->key);
    gp_labels(s, "xl", g->xl, g->nx);
    gp_labels(s, "yl", g->yl, g->ny);
    fprintf(s, "nx = %d; ny = %d; hmdat = ", g->nx, g->ny);
    report_gp_quote(s, file);
    fprintf(s, "; out = ");
    report_gp_quote(s, out);
    fprintf(s, "\nttl = ");
    report_gp_quote(s, ttl);
    fprintf(s, "; xlab = ");
    report_gp_quote(s, g->xkey);
    fprintf(s, "; ylab = ");
    report_gp_quote(s, g->ykey);
    fprintf(s, "; cblab = ");
    report_gp_quote(s, cblab);
    fprintf(s, "\ncblo = ");
    plot_gp_num(s, cblo);
    fprintf(s, "; cbhi = ");
    plot_gp_num(s, cbhi);
    fprintf(s, "\nload tpl.'/heatmap.gp'\n");
    return DS_OK;
}

static int wanted(const char *name, char **want, int n)
{
    if (!want) return 1;
    for (int i = 0; i < n; i++)
        if (!strcmp(want[i], name)) return 1;
    return 0;
}

static int heatmaps(plot_ctx *p, const results_ext_read_t *x, char **want, int n_want)
{
    grid2 g;
    if (!grid2_build(p, x, &g)) {
        grid2_free(&g);
        return DS_OK;
    }
    const ds_read_variant *v0 = &p->r->variants[p->sel[0]];
    int rc = DS_OK;
    for (int m = 0; rc == DS_OK && m < v0->n_metrics; m++) {
        const char *name = v0->metrics[m].name;
        int dflt = 0;
        for (int k = 0; k < 4; k++) dflt |= !strcmp(name, heat_metrics[k]);
        if (want ? !wanted(name, want, n_want) : !dflt) continue;
        if (m >= DS_N_METRICS || strcmp(name, ds_metric_names[m])) continue; /* known names */
        quantity q = {name, "", 0, v0->metrics[m].units};
        snprintf(q.key, sizeof q.key, "%s", name);
        int st = heatmap(p, &g, &q);
        rc = st == 1 ? DS_OK : st;
    }
    if (rc == DS_OK && wanted("death_spiral", want, n_want)) {
        quantity q = {"death_spiral", "death_spiral", 1, NULL};
        int st = heatmap(p, &g, &q);
        rc = st == 1 ? DS_OK : st;
    }
    for (int c = 0; rc == DS_OK && c < v0->n_claims; c++) {
        if (!wanted(v0->claims[c].name, want, n_want)) continue;
        quantity q = {v0->claims[c].name, "", 2, NULL};
        snprintf(q.key, sizeof q.key, "claim%d", c + 1); /* names from the file: not in paths */
        int st = heatmap(p, &g, &q);
        rc = st == 1 ? DS_OK : st;
    }
    if (rc == DS_OK) {
        fputs("  heatmaps over the sweep's two axes: x ", p->out);
        errors_put_text(p->out, g.xkey);
        fputs(", y ", p->out);
        errors_put_text(p->out, g.ykey);
        fputc('\n', p->out);
    }
    grid2_free(&g);
    return rc;
}

/* ---------------------------------------------------------------- sensitivity */

typedef struct {
    int f;
    double key;
} ranked_factor;

static int cmp_rank(const void *a, const void *b)
{
    const ranked_factor *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1; /* least important first (bottom) */
    return y->f - x->f;
}

static int sensitivity_chart(plot_ctx *p, const ds_analysis *a, int o)
{
    int nf = a->n_factors;
    const double *const *st = (const double *const *)a->stats;
    ranked_factor *rk = calloc((size_t)nf, sizeof *rk);
    if (!rk) {
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    /* rank by ST (Sobol), mu* (Morris), |rho| (LHS): stats[3], stats[0], |stats[0]| */
    for (int f = 0; f < nf; f++) {
        double k = a->method == DS_ANALYSIS_SOBOL ? st[3][(size_t)o * nf + f]
                                                  : fabs(st[0][(size_t)o * nf + f]);
        rk[f] = (ranked_factor){f, isfinite(k) ? k : -1};
    }
    qsort(rk, (size_t)nf, sizeof *rk, cmp_rank);
    int finite = 0;
    for (int f = 0; f < nf; f++) finite += isfinite(st[0][(size_t)o * nf + f]);
    if (!finite) { /* an output that no factor moves: nothing to draw */
        fprintf(p->out, "  no sensitivity chart of output %d (", o + 1);
        errors_put_text(p->out, a->outputs[o]);
        fputs("): it has no indices\n", p->out);
        free(rk);
        return DS_OK;
    }
    char file[64], stem[64], out[PATH_MAX], ttl[1024];
    snprintf(file, sizeof file, "sens_%d.dat", o + 1);
    snprintf(stem, sizeof stem, "sensitivity_%d", o + 1);
    FILE *d = plot_work_create(p, file);
    if (!d) {
        free(rk);
        return DS_EFAIL;
    }
    fprintf(d, "# %s: depinsim plot data\n# columns: position v1 lo1 hi1 v2 lo2 hi2\n", file);
    for (int i = 0; i < nf; i++) {
        size_t at = (size_t)o * nf + rk[i].f;
        /* Sobol: ST then S1; Morris: mu*; LHS: rho */
        double v[6] = {NAN, NAN, NAN, NAN, NAN, NAN};
        if (a->method == DS_ANALYSIS_SOBOL) {
            v[0] = st[3][at], v[1] = st[4][at], v[2] = st[5][at];
            v[3] = st[0][at], v[4] = st[1][at], v[5] = st[2][at];
        } else {
            v[0] = st[0][at], v[1] = st[1][at], v[2] = st[2][at];
        }
        fprintf(d, "%d", i + 1);
        for (int k = 0; k < 6; k++) fputc(' ', d), plot_gp_num(d, v[k]);
        fputc('\n', d);
    }
    int rc = plot_work_close(p, d, file) < 0 ? DS_EFAIL : DS_OK;
    if (rc == DS_OK && plot_add_chart(p, stem, out, sizeof out) < 0) rc = DS_EFAIL;
    if (rc == DS_OK) {
        FILE *s = p->script;
        const char *scen = p->r->scenario_name[0] ? p->r->scenario_name : p->r->path;
        static const char *const what[3] = {"Sobol indices", "Morris screening",
                                            "rank correlations (Latin hypercube)"};
        snprintf(ttl, sizeof ttl, "%s: %s of %s (%d points x %d paths; %.0f%% intervals)", scen,
                 what[a->method], a->output_texts[o], a->points, a->paths, 100 * a->confidence);
        fprintf(s, "\n# sensitivity of output %d\n", o + 1);
        char **labels = calloc((size_t)nf, sizeof *labels);
        if (!labels) rc = DS_EFAIL;
        for (int i = 0; labels && i < nf; i++) labels[i] = a->factors[rk[i].f];
        if (labels) gp_labels(s, "fl", labels, nf);
        free(labels);
        fprintf(s, "nf = %d; two = %d; sdat = ", nf, a->method == DS_ANALYSIS_SOBOL);
        report_gp_quote(s, file);
        fprintf(s, "; out = ");
        report_gp_quote(s, out);
        fprintf(s, "\nttl = ");
        plot_gp_wrapped(s, ttl, 70, 3); /* never clipped at the chart's edge */
        fprintf(s, "\ns1name = ");
        report_gp_quote(s, a->method == DS_ANALYSIS_SOBOL    ? "total index ST"
                           : a->method == DS_ANALYSIS_MORRIS ? "mu* (mean |elementary effect|)"
                                                             : "Spearman rank correlation");
        fprintf(s, "; s2name = ");
        report_gp_quote(s, a->method == DS_ANALYSIS_SOBOL ? "first-order index S1" : "");
        fprintf(s, "; xlab = ");
        report_gp_quote(s, a->method == DS_ANALYSIS_SOBOL ? "share of the output's variance"
                           : a->method == DS_ANALYSIS_MORRIS
                               ? "change of the output over a factor's whole range"
                               : "rank correlation with the output");
        fprintf(s, "\nload tpl.'/sensitivity.gp'\n");
    }
    free(rk);
    if (rc != DS_OK && !p->errs->n)
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    return rc;
}

int plot_experiments(plot_ctx *p, char **want_m, int n_want_m)
{
    results_ext_read_t x;
    int rc = results_ext_read(p->r, &x, p->errs);
    if (rc == DS_OK) rc = heatmaps(p, &x, want_m, n_want_m);
    for (int o = 0; rc == DS_OK && x.has_analysis && o < x.analysis.n_outputs; o++)
        rc = sensitivity_chart(p, &x.analysis, o);
    results_ext_read_free(p->r, &x);
    return rc;
}
