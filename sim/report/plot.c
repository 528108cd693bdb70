/* plot.c — `depinsim plot`: a results file charted with gnuplot, a fan chart
 * per metric over time, histograms of the final values and outcomes, the
 * network price against the cloud, and a dashboard. Draws nothing itself: it
 * writes whitespace data files and a short generated script that sets
 * variables and loads the templates in plots/, all in a private folder
 * (plot_int.h), runs gnuplot there and publishes the charts. */
#include "plot_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "report_int.h"

/* Name usable as part of a gnuplot variable, a file name and a script
 * comment: the metric names of this build already are (lower case, digits,
 * _); any other name is replaced by an upper-case letter and its index,
 * which no such name can equal ('M' metrics, 'O' outcomes). */
static void safe_key(char *out, size_t n, const char *name, char kind, int index)
{
    int ok = name[0] != '\0' && strlen(name) < 64;
    for (const char *p = name; *p && ok; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (ok)
        snprintf(out, n, "%s", name);
    else
        snprintf(out, n, "%c%d", kind, index);
}

/* The bands a fan chart draws: both up to 3 variants, the 25-75% band up to
 * 5, medians only beyond (more translucent bands blend into one smudge). */
static int plot_bands(int nvar)
{
    return nvar <= 3 ? 2 : nvar <= 5 ? 1 : 0;
}

static const char *const bands_text[3] = {
    "median lines (bands with up to 5 variants: see --variants)", "median line and 25-75% of paths",
    "median line, 25-75% and 5-95% of paths"};

static void name_list_free(char **list, int n)
{
    for (int i = 0; i < n; i++) free(list[i]);
    free(list);
}

/* "<stem>.<ext>" into name, and on the list of charts. */
int plot_add_chart(plot_ctx *p, const char *stem, char *name, size_t n)
{
    if (report_path_fmt(p->errs, name, n, "%s.%s", stem, p->ext) < 0) return -1;
    if (plot_name_add(&p->charts, &p->n_charts, name) == 0) return 0;
    errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    return -1;
}

/* Creates a new file in the private folder; NULL, with a message, when it
 * cannot (an existing name too: two metrics never share a file). */
FILE *plot_work_create(plot_ctx *p, const char *name)
{
    char path[PATH_MAX];
    if (report_path_fmt(p->errs, path, sizeof path, "%s/%s", p->workdir, name) < 0) return NULL;
    FILE *f = fopen(path, "wx");
    if (!f) errors_add(p->errs, DS_EFAIL, path, 0, 0, NULL, "cannot create: %s", strerror(errno));
    if (f && plot_name_add(&p->files, &p->n_files, name) < 0) {
        fclose(f);
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return NULL;
    }
    return f;
}

/* Closes a file work_create made. Returns 0 or -1 (with a message). */
int plot_work_close(plot_ctx *p, FILE *f, const char *name)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "%s/%s: cannot write: %s", p->workdir, name,
                   strerror(errno));
        return -1;
    }
    return 0;
}

/* The values of quantile columns q_lo..q_hi of a metric over all records
 * of the selected variants (the first only, when first_only): what an axis
 * must show. */
static void metric_extent(const plot_ctx *p, const char *metric, int q_lo, int q_hi, int first_only,
                          extent *e)
{
    for (int i = 0; i < (first_only ? 1 : p->nsel); i++) {
        const ds_read_metric *m = results_read_metric(&p->r->variants[p->sel[i]], metric);
        for (int t = 0; m && t < p->r->records; t++)
            for (int k = q_lo; k <= q_hi; k++)
                plot_extent_add(e, m->quantiles[(size_t)t * DS_N_QUANTILES + k]);
    }
}

/* q_<key>.dat: one block per selected variant (gnuplot `index i`), each row
 * time_days p05 p25 p50 p75 p95 mean. The comments name no name from the
 * file (the variants are vname[] in plot.gp). */
static int write_fan_data(plot_ctx *p, const char *metric, const char *key, char *name, size_t n)
{
    if (report_path_fmt(p->errs, name, n, "q_%s.dat", key) < 0) return -1;
    FILE *o = plot_work_create(p, name);
    if (!o) return -1;
    const ds_read_results *r = p->r;
    fprintf(o,
            "# %s: depinsim plot data, one block per variant\n"
            "# columns: time_days p05 p25 p50 p75 p95 mean\n",
            name);
    for (int i = 0; i < p->nsel; i++) {
        const ds_read_variant *v = &r->variants[p->sel[i]];
        const ds_read_metric *m = results_read_metric(v, metric);
        fprintf(o, "%s# variant %d\n", i ? "\n\n" : "", i + 1);
        if (!m) { /* a block all missing keeps the variants' indexes aligned */
            fprintf(o, "0 NaN NaN NaN NaN NaN NaN\n");
            continue;
        }
        for (int t = 0; t < r->records; t++) {
            const double *q = m->quantiles + (size_t)t * DS_N_QUANTILES;
            plot_gp_num(o, r->time_days[t]);
            for (int k = 0; k < DS_N_QUANTILES; k++) {
                fputc(' ', o);
                plot_gp_num(o, q[k]);
            }
            fputc(' ', o);
            plot_gp_num(o, m->mean ? m->mean[t] : NAN);
            fputc('\n', o);
        }
    }
    return plot_work_close(p, o, name);
}

/* Ratios to the cloud price get a line at 1.0, parity with the cloud. */
static int is_ratio(const char *metric)
{
    return !strcmp(metric, "subsidy_adjusted_ratio") || !strcmp(metric, "price_ratio");
}

/* Units of a metric from the first selected variant that has it. */
static const char *metric_units(const plot_ctx *p, const char *metric)
{
    for (int i = 0; i < p->nsel; i++) {
        const ds_read_metric *m = results_read_metric(&p->r->variants[p->sel[i]], metric);
        if (m) return m->units;
    }
    return "";
}

/* The per-path values a histogram draws, one array per selected variant. */
typedef struct {
    double **x; /* [nsel][paths], NULL where the file has none */
    extent e;   /* of the finite values */
    int all_integer;
    long max_paths, undefined, total;
} hist_values;

/* Reads group/name of every selected variant. DS_OK or the status. */
static int hist_read(plot_ctx *p, const char *group, const char *name, hist_values *h)
{
    memset(h, 0, sizeof *h);
    h->all_integer = 1;
    plot_extent_init(&h->e);
    if (!(h->x = calloc((size_t)p->nsel, sizeof *h->x))) {
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    for (int i = 0; i < p->nsel; i++) {
        int got = results_read_paths(p->r, p->sel[i], group, name, &h->x[i], p->errs);
        if (got != DS_OK) return got;
        int np = p->r->variants[p->sel[i]].paths;
        if (np > h->max_paths) h->max_paths = np;
        for (int k = 0; h->x[i] && k < np; k++) {
            double v = h->x[i][k];
            h->total++;
            if (!isfinite(v)) {
                h->undefined++;
                continue;
            }
            plot_extent_add(&h->e, v);
            if (v != floor(v)) h->all_integer = 0;
        }
    }
    return DS_OK;
}

static void hist_free(const plot_ctx *p, hist_values *h)
{
    for (int i = 0; h->x && i < p->nsel; i++) free(h->x[i]);
    free(h->x);
}

/* The data file: one block per variant, a row per bin (its edges, the share and
 * count of the variant's paths in it, the variant's slice of the bin). Returns 0 with
 * the largest share in *ymax, or -1. */
static int hist_data(plot_ctx *p, const hist_values *h, const bins *b, const char *file,
                     double *ymax)
{
    FILE *o = plot_work_create(p, file);
    if (!o) return -1;
    fprintf(
        o,
        "# %s: depinsim plot data, one block per variant\n"
        "# columns: bin_lo bin_hi share count box_lo box_hi (this variant's slice of the bin)\n",
        file);
    *ymax = 0;
    long *count = calloc((size_t)b->n, sizeof *count);
    for (int i = 0; count && i < p->nsel; i++) {
        const ds_read_variant *v = &p->r->variants[p->sel[i]];
        memset(count, 0, (size_t)b->n * sizeof *count);
        for (int k = 0; h->x[i] && k < v->paths; k++)
            if (isfinite(h->x[i][k])) count[plot_bin_of(b, h->x[i][k])]++;
        fprintf(o, "%s# variant %d\n", i ? "\n\n" : "", i + 1);
        for (int k = 0; k < b->n; k++) {
            double share = v->paths > 0 ? (double)count[k] / v->paths : 0, lo, hi;
            if (share > *ymax) *ymax = share;
            plot_bin_slice(b, k, i, p->nsel, &lo, &hi);
            const double row[6] = {
                plot_bin_edge(b, k), plot_bin_edge(b, k + 1), share, (double)count[k], lo, hi};
            for (int c = 0; c < 6; c++) {
                if (c) fputc(' ', o);
                if (c == 3)
                    fprintf(o, "%ld", count[k]);
                else
                    plot_gp_num(o, row[c]);
            }
            fputc('\n', o);
        }
    }
    if (!count) {
        fclose(o);
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    free(count);
    return plot_work_close(p, o, file);
}

/* The chart's variables in the script: data, output, title (and what the boxes leave
 * out), the x axis on the bins' own edges, the y range. */
static int hist_script(plot_ctx *p, const char *group, const char *name, const char *key,
                       const char *units, const char *file, const bins *b, double ymax,
                       const hist_values *h)
{
    extent ex;
    plot_extent_init(&ex);
    plot_extent_add(&ex, b->lo);
    plot_extent_add(&ex, b->hi);
    axis xa;
    plot_axis_fit(&xa, &ex, units, 0, 0);
    xa.lo = b->lo; /* the bins' own edges, not the padded axis: boxes fill the width */
    xa.hi = b->hi;
    xa.logscale = b->logscale;
    if (xa.logscale) plot_log_ticks(xa.ticks, sizeof xa.ticks, xa.lo / xa.scale, xa.hi / xa.scale);
    char out[PATH_MAX], stem[128], hz[64], ttl[1024], note[256], lab[512];
    snprintf(stem, sizeof stem, "hist_%s", key);
    if (plot_add_chart(p, stem, out, sizeof out) < 0) return DS_EFAIL;
    report_horizon_text(hz, sizeof hz, p->r->horizon_days);
    FILE *s = p->script;
    fprintf(s, "\n# histogram of %s/%s\nhdat = ", group, key);
    report_gp_quote(s, file);
    fprintf(s, "; out = ");
    report_gp_quote(s, out);
    snprintf(ttl, sizeof ttl, "%s: %s %s, distribution over paths", p->r->scenario_name, name,
             !strcmp(group, RF_FINAL) ? "at the horizon" : "(per-path outcome)");
    fprintf(s, "\nttl = ");
    plot_gp_wrapped(s, ttl, 80, 2);
    if (h->undefined > 0) { /* a second title line: what the boxes leave out */
        snprintf(note, sizeof note,
                 "%ld of %ld path values undefined (e.g. never reached), not shown", h->undefined,
                 h->total);
        fprintf(s, ".\"\\n\".");
        report_gp_quote(s, note);
    }
    if (!strcmp(group, RF_FINAL))
        snprintf(lab, sizeof lab, "%s at %s: %s", name, hz, xa.label[0] ? xa.label : "no unit");
    else
        snprintf(lab, sizeof lab, "%s: %s", name, xa.label[0] ? xa.label : "no unit");
    fprintf(s, "\nhxlab = ");
    report_gp_quote(s, lab);
    const char *const var[3] = {"\nhxs = ", "; hxlo = ", "; hxhi = "};
    const double val[3] = {xa.scale, xa.lo / xa.scale, xa.hi / xa.scale};
    for (int i = 0; i < 3; i++) {
        fputs(var[i], s);
        plot_gp_num(s, val[i]);
    }
    fprintf(s, "; hxt = ");
    report_gp_quote(s, xa.ticks);
    fprintf(s, "; hlogx = %d; hymax = ", xa.logscale);
    plot_gp_num(s, fmin(1.0, ymax * 1.1 + 1e-9));
    fprintf(s, "\nload tpl.'/hist.gp'\n");
    return DS_OK;
}

/* h_<group>_<key>.dat for final/<name> or outcomes/<name>, and the chart's
 * variables. Returns 0, 1 when there is nothing to draw (no finite value),
 * or the exit status of a failure. */
static int write_hist(plot_ctx *p, const char *group, const char *name, const char *key,
                      const char *units)
{
    hist_values h;
    int rc = hist_read(p, group, name, &h);
    if (rc == DS_OK && h.e.n == 0) rc = 1;
    if (rc == DS_OK) {
        bins b;
        double ymax;
        char file[PATH_MAX];
        plot_bins_fit(&b, &h.e, h.all_integer, h.max_paths);
        rc = DS_EFAIL;
        if (report_path_fmt(p->errs, file, sizeof file, "h_%s_%s.dat", group, key) == 0 &&
            hist_data(p, &h, &b, file, &ymax) == 0)
            rc = hist_script(p, group, name, key, units, file, &b, ymax, &h);
    }
    hist_free(p, &h);
    return rc;
}

static int name_in(const char *name, char **list, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(name, list[i])) return 1;
    return 0;
}

/* The first selected variant's dated events, for common.gp's markers: nev,
 * evday[] (days) and evname[] (each label quoted: it comes from the file); at
 * most 32, and only those with a finite day within the run. */
static void plot_events(FILE *s, const ds_read_variant *v, double horizon_days)
{
    enum { MAX_MARKS = 32 };
    double day[MAX_MARKS];
    char name[MAX_MARKS][64];
    int n = 0;
    const char *lab = v->event_labels ? v->event_labels : "";
    for (int i = 0; i < v->n_events && n < MAX_MARKS; i++) {
        size_t len = strcspn(lab, "\n");
        snprintf(name[n], sizeof name[n], "%.*s", (int)(len < 63 ? len : 63), lab);
        lab += len + (lab[len] == '\n');
        double d = v->event_days ? v->event_days[i] : NAN;
        if (!isfinite(d) || d < 0 || d > horizon_days) continue;
        day[n++] = d;
    }
    fprintf(s, "nev = %d\narray evday[%d]\narray evname[%d]\n", n, n ? n : 1, n ? n : 1);
    for (int i = 0; i < n; i++) {
        fprintf(s, "evday[%d] = ", i + 1);
        plot_gp_num(s, day[i]);
        fprintf(s, "; evname[%d] = ", i + 1);
        report_gp_quote(s, name[i]);
        fputc('\n', s);
    }
}

/* The script's first part: where things are, the time axis, the variants,
 * and for every metric its data file and y axis. Comments name no name
 * from the file: gnuplot continues a comment that ends in '\'. */
static int plot_preamble(plot_ctx *p, const char *fmt)
{
    const ds_read_results *r = p->r;
    FILE *s = p->script;
    fprintf(s, "# generated by depinsim plot; run it again in this folder with: gnuplot plot.gp\n"
               "# (it loads the templates beside it and writes the charts here)\n"
               "tpl = '.'\nfmt = ");
    report_gp_quote(s, fmt);
    /* days, or years past two years: 1095 days reads better as 3 years */
    int years = r->horizon_days > 730.0;
    fprintf(s, "\nxscale = %s; xmax = ", years ? "365.0" : "1.0");
    plot_gp_num(s, (r->horizon_days > 0 ? r->horizon_days : 1.0) / (years ? 365.0 : 1.0));
    fprintf(s, "; xlab = %s\n", years ? "'time (years)'" : "'time (days)'");
    fprintf(s, "nvar = %d; bands = %d\narray vname[%d]\n", p->nsel, plot_bands(p->nsel), p->nsel);
    for (int i = 0; i < p->nsel; i++) {
        fprintf(s, "vname[%d] = ", i + 1);
        report_gp_quote(s, p->labels[i]);
        fputc('\n', s);
    }
    plot_gp_layout(p, plot_bands(p->nsel));
    plot_events(s, &r->variants[p->sel[0]], r->horizon_days);

    /* every metric of the first selected variant (all variants of a run
     * have the same): fan data and axis */
    const ds_read_variant *v0 = &r->variants[p->sel[0]];
    for (int m = 0; m < v0->n_metrics; m++) {
        const char *name = v0->metrics[m].name;
        char key[80], file[PATH_MAX];
        safe_key(key, sizeof key, name, 'M', m);
        extent e;
        plot_extent_init(&e);
        metric_extent(p, name, DS_Q_P05, DS_Q_P95, 0, &e);
        axis a;
        plot_axis_fit(&a, &e, metric_units(p, name), is_ratio(name), 1);
        if (!a.valid) continue; /* nothing finite: no chart (the dashboard says so) */
        if (write_fan_data(p, name, key, file, sizeof file) < 0) return -1;
        fprintf(s, "\n# metric %s\ndat_%s = ", key, key);
        report_gp_quote(s, file);
        fputc('\n', s);
        plot_gp_axis(s, key, &a);
    }

    /* the composite panels: what they draw decides their axes; they exist
     * when every metric they draw does */
    static const char *const cloud_m[] = {"network_price", "cloud_on_demand", "cloud_spot",
                                          "cloud_reserved_1y", "cloud_reserved_3y"};
    static const char *const income_m[] = {"provider_income", "provider_cost"};
    extent e;
    axis a;
    plot_extent_init(&e);
    int all = 1, groups = p->cloud_groups = plot_gp_cloud_groups(p);
    if (groups < 0) return -1;
    for (int i = 0; i < 5; i++) all &= results_read_metric(v0, cloud_m[i]) != NULL;
    metric_extent(p, "network_price", DS_Q_P25, DS_Q_P75, 0, &e); /* its band */
    for (int i = 1; i < 5; i++) metric_extent(p, cloud_m[i], DS_Q_P50, DS_Q_P50, groups <= 1, &e);
    plot_axis_fit(&a, &e, metric_units(p, "network_price"), 0, 1);
    plot_axis_headroom(&a);
    if (all && a.valid) plot_gp_axis(s, "cloudvs", &a);

    plot_extent_init(&e);
    all = 1;
    for (int i = 0; i < 2; i++) {
        all &= results_read_metric(v0, income_m[i]) != NULL;
        metric_extent(p, income_m[i], DS_Q_P50, DS_Q_P50, 0, &e);
    }
    plot_axis_fit(&a, &e, metric_units(p, "provider_income"), 0, 1);
    plot_axis_headroom(&a);
    if (all && a.valid) plot_gp_axis(s, "incomecost", &a);
    return ferror(s) ? -1 : 0;
}

/* After the preamble, the charts: the dashboard, the network price against
 * the cloud, a fan chart per metric, the histograms of the final values and
 * of the outcomes; their data written as it goes. want_m: --metrics, or
 * NULL. Returns DS_OK or the exit status. */
static int plot_charts(plot_ctx *p, char **want_m, int n_want_m)
{
    const ds_read_results *r = p->r;
    const ds_read_variant *v0 = &r->variants[p->sel[0]];
    FILE *s = p->script;
    char out[PATH_MAX], h[64], ttl[1024];
    const char *scen = r->scenario_name[0] ? r->scenario_name : r->path;
    report_horizon_text(h, sizeof h, r->horizon_days);

    /* the dashboard first: if anything fails later, the page people open
     * first is there */
    if (plot_add_chart(p, "dashboard", out, sizeof out) < 0) return DS_EFAIL;
    char part[96];
    report_partial_text(part, sizeof part, r);
    snprintf(ttl, sizeof ttl, "%s: %d paths%s to %s, %d variant%s; %s", scen, r->paths, part, h,
             p->nsel, p->nsel == 1 ? "" : "s", bands_text[plot_bands(p->nsel)]);
    fprintf(s, "\n# the dashboard\nout = ");
    report_gp_quote(s, out);
    fprintf(s, "; ttl = ");
    int lines = plot_gp_wrapped(s, ttl, 130, 2);
    fprintf(s, "; ttl_lines = %d\nload tpl.'/dashboard.gp'\n", lines);

    /* network price against the cloud, when the file has the five prices */
    int has_cloud = 1;
    static const char *const cloud_metrics[5] = {"network_price", "cloud_on_demand", "cloud_spot",
                                                 "cloud_reserved_1y", "cloud_reserved_3y"};
    for (int i = 0; i < 5; i++) has_cloud &= results_read_metric(v0, cloud_metrics[i]) != NULL;
    if (has_cloud && (!want_m || name_in("network_price", want_m, n_want_m))) {
        if (plot_add_chart(p, "cloud_prices", out, sizeof out) < 0) return DS_EFAIL;
        snprintf(ttl, sizeof ttl, "%s: network price against cloud prices (medians%s%s)", scen,
                 plot_bands(p->nsel) ? "; band: 25-75% of paths" : "",
                 p->cloud_groups > 1 ? "; cloud prices per variant, thin" : "");
        fprintf(s, "\n# network price against the cloud\nout = ");
        report_gp_quote(s, out);
        fprintf(s, "; ptitle = ");
        plot_gp_wrapped(s, ttl, 80, 3);
        fprintf(s, "\nif (exists('ylo_cloudvs')) { load tpl.'/cloud.gp' }\n");
    }

    /* a fan chart per metric */
    for (int m = 0; m < v0->n_metrics; m++) {
        const char *name = v0->metrics[m].name;
        if (want_m && !name_in(name, want_m, n_want_m)) continue;
        char key[80], stem[128];
        safe_key(key, sizeof key, name, 'M', m);
        int ratio = is_ratio(name);
        /* a metric without a finite value got no variables: nothing to draw */
        extent e;
        plot_extent_init(&e);
        metric_extent(p, name, DS_Q_P05, DS_Q_P95, 0, &e);
        if (e.n == 0) {
            fprintf(p->out, "  no chart of %s: no finite value in the file\n", key);
            continue;
        }
        snprintf(stem, sizeof stem, "fan_%s", key);
        if (plot_add_chart(p, stem, out, sizeof out) < 0) return DS_EFAIL;
        snprintf(ttl, sizeof ttl, "%s: %s%s", scen, name,
                 ratio ? " (below 1: cheaper than the cloud)" : "");
        fprintf(s, "\n# fan chart of %s\nm = '%s'; parity = %d; out = ", key, key, ratio);
        report_gp_quote(s, out);
        fprintf(s, "; ptitle = ");
        plot_gp_wrapped(s, ttl, 80, 3);
        fprintf(s, "\nload tpl.'/fan.gp'\n");
    }

    /* histograms of the final values, then of the outcomes (per-path reads:
     * the slow part on a big file, so a signal is looked at between them) */
    for (int g = 0; g < 2; g++) {
        int n = g == 0 ? v0->n_metrics : v0->n_outcomes;
        for (int i = 0; i < n && !plot_signal(); i++) {
            const char *name = g == 0 ? v0->metrics[i].name : v0->outcomes[i].name;
            const char *units = g == 0 ? v0->metrics[i].units : v0->outcomes[i].units;
            if (want_m && !name_in(name, want_m, n_want_m)) continue;
            char key[80];
            safe_key(key, sizeof key, name, g == 0 ? 'M' : 'O', i);
            int st = write_hist(p, g == 0 ? RF_FINAL : RF_OUTCOMES, name, key, units);
            if (st == 1)
                fprintf(p->out, "  no histogram of %s: no finite value in the file\n", key);
            else if (st != DS_OK)
                return st;
        }
    }
    /* a 2-D sweep as heatmaps, a sensitivity analysis as bars (plot_experiments.c) */
    int st = plot_experiments(p, want_m, n_want_m);
    if (st != DS_OK) return st;
    return ferror(s) ? DS_EFAIL : DS_OK;
}

/* "; it has: a b c" into buf, names escaped, cut short with "..." */
static void names_text(char *buf, size_t n, const ds_read_variant *v, int variants,
                       const ds_read_results *r)
{
    size_t used = (size_t)snprintf(buf, n, "; it has:");
    int count = variants ? r->n_variants : v->n_metrics + v->n_outcomes;
    for (int i = 0; i < count && used < n; i++) {
        const char *name = variants           ? r->variants[i].name
                           : i < v->n_metrics ? v->metrics[i].name
                                              : v->outcomes[i - v->n_metrics].name;
        char esc[256];
        errors_escape(name, esc, sizeof esc);
        int w = snprintf(buf + used, n - used, " %s", esc);
        if (w < 0 || (size_t)w >= n - used) {
            snprintf(buf + (n > 5 ? n - 5 : 0), n > 5 ? 5 : n, " ...");
            return;
        }
        used += (size_t)w;
    }
}

/* The selected variants (in the file's order) into sel, and the --metrics
 * checked: an unknown name is bad input, with what the file has. */
static int plot_select(const ds_read_results *r, const report_plot_options *o, int *sel, int *nsel,
                       ds_errors *errs)
{
    char has[240];
    for (int i = 0; i < o->n_variants; i++) {
        int found = 0;
        for (int v = 0; v < r->n_variants && !found; v++)
            found = !strcmp(r->variants[v].name, o->variants[i]);
        if (!found) {
            names_text(has, sizeof has, NULL, 1, r);
            errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
                       "plot: --variants: no variant '%s' in %s%s", o->variants[i], r->path, has);
            return DS_EINPUT;
        }
    }
    *nsel = 0;
    for (int v = 0; v < r->n_variants; v++)
        if (!o->variants || name_in(r->variants[v].name, o->variants, o->n_variants))
            sel[(*nsel)++] = v;
    if (*nsel == 0) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL, "plot: --variants selects no variant");
        return DS_EINPUT;
    }
    const ds_read_variant *v0 = &r->variants[sel[0]];
    for (int i = 0; i < o->n_metrics; i++) {
        int found = results_read_metric(v0, o->metrics[i]) != NULL;
        for (int k = 0; k < v0->n_outcomes && !found; k++)
            found = !strcmp(v0->outcomes[k].name, o->metrics[i]);
        if (!found) {
            names_text(has, sizeof has, v0, 0, r);
            errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
                       "plot: --metrics: no metric or outcome '%s' in %s%s", o->metrics[i], r->path,
                       has);
            return DS_EINPUT;
        }
    }
    return DS_OK;
}

/* gnuplot (an absolute path: it runs in the private folder, where a relative
 * one would name nothing) and the templates, before anything is written. */
static int plot_tools(char *gp, char *tpl, size_t n, ds_errors *errs)
{
    const char *gp_cmd = getenv("DEPINSIM_GNUPLOT");
    int from_env = gp_cmd && gp_cmd[0];
    if (!from_env) gp_cmd = "gnuplot";
    if (plot_find_program(gp_cmd, gp, n) != 0) {
        if (from_env)
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                       "plot needs gnuplot: DEPINSIM_GNUPLOT=%s is not an executable program",
                       gp_cmd);
        else
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                       "plot needs gnuplot, which is not installed (not found on PATH)");
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, PLOT_INSTALL_HINT);
        return DS_EFAIL;
    }
    if (plot_find_templates(tpl, n, errs) != 0) return DS_EFAIL;
    if (gp[0] != '/') {
        char cwd[PATH_MAX], rel[PATH_MAX];
        snprintf(rel, sizeof rel, "%s", gp);
        if (!getcwd(cwd, sizeof cwd)) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "cannot find the current folder: %s",
                       strerror(errno));
            return DS_EFAIL;
        }
        if (report_path_fmt(errs, gp, n, "%s/%s", cwd, rel) < 0) return DS_EFAIL;
    }
    return DS_OK;
}

/* The templates, the script and the data, in the private folder. */
static int plot_write(plot_ctx *p, const char *tpl, int workfd, const report_plot_options *o)
{
    if (plot_copy_templates(p, tpl, workfd) != DS_OK) return DS_EFAIL;
    if (!(p->script = plot_work_create(p, "plot.gp"))) return DS_EFAIL;
    if (plot_preamble(p, o->format) < 0) return DS_EFAIL;
    int rc = plot_charts(p, o->metrics, o->n_metrics);
    if (rc != DS_OK) return rc;
    FILE *s = p->script;
    p->script = NULL;
    return plot_work_close(p, s, "plot.gp") < 0 ? DS_EFAIL : DS_OK;
}

/* gnuplot in the private folder; every chart it was to write checked. */
static int plot_draw(plot_ctx *p, const char *gp, int workfd, int datafd, const char *data,
                     int keep)
{
    char log[PATH_MAX];
    if (report_path_fmt(p->errs, log, sizeof log, "%s/gnuplot.log", p->workdir) < 0)
        return DS_EFAIL;
    int st = plot_run_gnuplot(gp, p->workdir);
    if (plot_signal()) return DS_EFAIL;
    if (st != 0) {
        if (st < 0)
            errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "cannot run %s: %s", gp,
                       strerror(errno));
        else
            errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL,
                       "gnuplot failed (exit status %d); what it said:", st);
        plot_show_log(log, p->errs);
        int kept = 0; /* the script and data, to see what went wrong */
        if (keep && plot_publish_all(p, p->files, p->n_files, datafd, data, &kept) == DS_OK &&
            plot_publish_file(log, datafd, data, "gnuplot.log", p->errs) == DS_OK)
            errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "its script and data are in %s/", data);
        return DS_EFAIL;
    }
    for (int i = 0; i < p->n_charts; i++) {
        struct stat cs;
        if (fstatat(workfd, p->charts[i], &cs, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(cs.st_mode) ||
            cs.st_size == 0) {
            errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL,
                       "gnuplot did not write %s; what it said:", p->charts[i]);
            plot_show_log(log, p->errs);
            return DS_EFAIL;
        }
    }
    return DS_OK;
}

/* The private folder, under $TMPDIR; "" in workdir when it cannot be made. */
static int plot_workdir(char *workdir, size_t n, int *workfd, ds_errors *errs)
{
    const char *tmp = getenv("TMPDIR");
    if (report_path_fmt(errs, workdir, n, "%s/depinsim-plot-XXXXXX", tmp && tmp[0] ? tmp : "/tmp") <
            0 ||
        !mkdtemp(workdir)) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s: cannot create a temporary folder: %s",
                   workdir, strerror(errno));
        workdir[0] = '\0';
        return DS_EFAIL;
    }
    return plot_open_folder(workdir, 1, workfd, errs);
}

/* What a signal left: 128 + the signal, and what was replaced, as an error. */
static int plot_interrupted(const plot_ctx *p, int sig, int published, const char *outdir)
{
    if (published)
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "plot: interrupted by %s: %d of %d charts replaced in %s/",
                   plot_signal_name(sig), published, p->n_charts, outdir);
    else
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "plot: interrupted by %s: no chart written",
                   plot_signal_name(sig));
    return 128 + sig;
}

int report_plot(const ds_read_results *r, const report_plot_options *o, FILE *out, ds_errors *errs)
{
    plot_ctx p = {0};
    p.r = r;
    p.ext = o->format;
    p.out = out;
    p.errs = errs;
    int workfd = -1, outfd = -1, datafd = -1, published = 0;
    char workdir[PATH_MAX] = "", outdir[PATH_MAX], data[PATH_MAX], gp[PATH_MAX], tpl[PATH_MAX];
    int *sel = calloc((size_t)r->n_variants + 1, sizeof *sel);
    if (!sel) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    int rc = plot_select(r, o, sel, &p.nsel, errs);
    p.sel = sel;
    if (rc == DS_OK && plot_labels(&p) < 0) rc = DS_EFAIL;
    if (rc == DS_OK) rc = plot_tools(gp, tpl, sizeof gp, errs);
    if (rc == DS_OK && o->outdir)
        rc = report_path_fmt(errs, outdir, sizeof outdir, "%s", o->outdir) < 0 ? DS_EFAIL : DS_OK;
    else if (rc == DS_OK)
        plot_default_outdir(outdir, sizeof outdir, r->path);
    if (rc == DS_OK && report_path_fmt(errs, data, sizeof data, "%s/data", outdir) < 0)
        rc = DS_EFAIL;
    if (rc != DS_OK) {
        free(p.labels);
        free(sel);
        return rc;
    }

    /* from here on files exist that a signal must not leave behind */
    plot_signals *sigs = plot_signals_catch();
    rc = plot_workdir(workdir, sizeof workdir, &workfd, errs);
    p.workdir = workdir;
    if (rc == DS_OK) rc = plot_write(&p, tpl, workfd, o);
    /* every destination checked before gnuplot runs, then gnuplot in the
     * private folder, then the charts copied out */
    if (rc == DS_OK && !plot_signal())
        rc = plot_outputs_open(&p, outdir, o->keep_data, &outfd, &datafd);
    if (rc == DS_OK && !plot_signal()) rc = plot_draw(&p, gp, workfd, datafd, data, o->keep_data);
    if (rc == DS_OK && !plot_signal())
        rc = plot_publish_all(&p, p.charts, p.n_charts, outfd, outdir, &published);
    if (rc == DS_OK && o->keep_data) {
        int kept = 0;
        char log[PATH_MAX];
        rc = report_path_fmt(errs, log, sizeof log, "%s/gnuplot.log", workdir) < 0
                 ? DS_EFAIL
                 : plot_publish_all(&p, p.files, p.n_files, datafd, data, &kept);
        if (rc == DS_OK) rc = plot_publish_file(log, datafd, data, "gnuplot.log", errs);
    }
    if (rc == DS_OK && !plot_signal()) {
        fprintf(out, "wrote %d chart%s to ", p.n_charts, p.n_charts == 1 ? "" : "s");
        errors_put_text(out, outdir);
        fprintf(out, "/ (start with dashboard.%s)\n", o->format);
        if (o->keep_data) {
            fputs("data and gnuplot script in ", out);
            errors_put_text(out, data);
            fputs("/\n", out);
        }
    }
    if (p.script) fclose(p.script);
    if (workfd >= 0) close(workfd);
    if (outfd >= 0) close(outfd);
    if (datafd >= 0) close(datafd);
    if (workdir[0]) plot_remove_workdir(workdir);
    int sig = plot_signal();
    if (sig) rc = plot_interrupted(&p, sig, published, outdir);
    plot_signals_restore(sigs);
    name_list_free(p.charts, p.n_charts);
    name_list_free(p.files, p.n_files);
    free(p.labels);
    free(sel);
    return rc;
}
