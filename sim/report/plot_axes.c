/* plot_axes.c — the numbers behind a chart's axes and histograms: the extent
 * of what must show, a linear or log range with headroom, a power-of-1000
 * divisor and its word for short tick labels, 1-2-5 ticks on short log axes,
 * and histogram bins shared by the variants. Pure arithmetic: no file, no
 * gnuplot (but plot_gp_axis, which writes an axis as script variables). */
#include "plot_int.h"

#include <math.h>
#include <string.h>

#include "report.h"

void plot_extent_init(extent *e)
{
    e->min = INFINITY;
    e->max = -INFINITY;
    e->n = 0;
}

void plot_extent_add(extent *e, double x)
{
    if (!isfinite(x)) return;
    if (x < e->min) e->min = x;
    if (x > e->max) e->max = x;
    e->n++;
}

/* 1-2-5 ticks on a log axis of at most three decades (in axis units): the
 * powers of ten alone leave one or two labels on such an axis. */
void plot_log_ticks(char *buf, size_t n, double lo, double hi)
{
    buf[0] = '\0';
    if (!(lo > 0) || hi / lo > 1e3) return;
    size_t len = 0;
    int count = 0;
    for (int e = (int)floor(log10(lo)); e <= (int)ceil(log10(hi)); e++)
        for (int k = 0; k < 3; k++) {
            double t = (k == 0 ? 1 : k == 1 ? 2 : 5) * pow(10, e);
            if (t < lo || t > hi) continue;
            int w = snprintf(buf + len, n - len, "%s%.6g", count ? ", " : "(", t);
            if (w < 0 || (size_t)w >= n - len - 2) {
                buf[0] = '\0';
                return;
            }
            len += (size_t)w;
            count++;
        }
    if (count < 3) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf + len, n - len, ")");
}

void plot_axis_fit(axis *a, const extent *e, const char *units, int include_one, int allow_log)
{
    memset(a, 0, sizeof *a);
    if (e->n == 0) return;
    a->valid = 1;
    double lo = e->min, hi = e->max;
    if (include_one) {
        lo = fmin(lo, 1.0);
        hi = fmax(hi, 1.0);
    }
    /* more than 1.7 decades of positive values: a log axis, or the low paths
     * (the ones a reader worries about) vanish into the bottom pixel row */
    a->logscale = allow_log && lo > 0 && hi / lo >= 50.0;
    if (a->logscale) {
        double pad = pow(hi / lo, 0.04);
        lo /= pad;
        hi *= pad;
    } else if (lo == hi) {
        double pad = lo != 0 ? fabs(lo) * 0.1 : 1.0;
        hi += pad;
        lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
    } else {
        /* quantities that cannot be negative start at zero: the honest scale */
        double pad = (hi - lo) * 0.05;
        hi += pad;
        lo = lo >= 0 ? 0 : lo - pad;
    }
    a->lo = lo;
    a->hi = hi;
    double big = fmax(fabs(lo), fabs(hi));
    static const struct {
        double scale;
        const char *word;
    } steps[] = {{1e12, "trillions"}, {1e9, "billions"}, {1e6, "millions"}, {1e3, "thousands"}};
    a->scale = 1.0;
    const char *word = NULL;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && big >= 1e4; i++)
        if (big >= steps[i].scale * 10 || (i == 3 && big >= 1e4)) {
            a->scale = steps[i].scale;
            word = steps[i].word;
            break;
        }
    if (word)
        snprintf(a->label, sizeof a->label, "%s%s%s", units, units[0] ? ", " : "", word);
    else
        snprintf(a->label, sizeof a->label, "%s", units);
    if (a->logscale) plot_log_ticks(a->ticks, sizeof a->ticks, lo / a->scale, hi / a->scale);
}

/* A quarter more room above the data, where a panel's key goes: an opaque
 * key over the lines would hide the very values it explains. */
void plot_axis_headroom(axis *a)
{
    if (!a->valid) return;
    if (a->logscale) {
        a->hi *= pow(a->hi / a->lo, 0.3);
        plot_log_ticks(a->ticks, sizeof a->ticks, a->lo / a->scale, a->hi / a->scale);
    } else {
        a->hi += (a->hi - a->lo) * 0.3;
    }
}

/* Writes an axis as gnuplot variables ylo_<key> etc. */
void plot_gp_axis(FILE *o, const char *key, const axis *a)
{
    fprintf(o, "ylo_%s = ", key);
    plot_gp_num(o, a->lo / a->scale);
    fprintf(o, "; yhi_%s = ", key);
    plot_gp_num(o, a->hi / a->scale);
    fprintf(o, "; logy_%s = %d; ys_%s = ", key, a->logscale, key);
    plot_gp_num(o, a->scale);
    /* a long unit ("(fees + emission − burn value) / served / cloud reference")
     * in two lines: a dashboard panel is 330 px high */
    fprintf(o, "\nylab_%s = ", key);
    plot_gp_wrapped(o, a->label, 40, 2);
    fprintf(o, "; yt_%s = ", key);
    report_gp_quote(o, a->ticks);
    fputc('\n', o);
}

void plot_bins_fit(bins *b, const extent *e, int all_integer, long max_paths)
{
    memset(b, 0, sizeof *b);
    double lo = e->min, hi = e->max;
    int n = (int)lround(sqrt((double)max_paths));
    if (n < 10) n = 10;
    if (n > 40) n = 40;
    if (lo == hi) { /* one value: one box around it */
        double half = all_integer ? 0.5 : (lo != 0 ? fabs(lo) * 0.02 : 0.5);
        b->n = 1;
        b->lo = lo - half;
        b->hi = hi + half;
        return;
    }
    if (all_integer && hi - lo + 1 <= 40) { /* counts: a box per integer */
        b->n = (int)(hi - lo + 1);
        b->lo = lo - 0.5;
        b->hi = hi + 0.5;
        return;
    }
    b->logscale = lo > 0 && hi / lo >= 50.0;
    b->n = n;
    b->lo = lo;
    b->hi = hi;
}

double plot_bin_edge(const bins *b, int k)
{
    if (k >= b->n) return b->hi;
    if (b->logscale) return b->lo * pow(b->hi / b->lo, (double)k / b->n);
    return b->lo + (b->hi - b->lo) * k / b->n;
}

/* Variant i's slice of bin k, side by side (even in log space on a log axis),
 * leaving a gap between bins so they read as separate boxes. */
void plot_bin_slice(const bins *b, int k, int i, int n, double *lo, double *hi)
{
    double a = plot_bin_edge(b, k), z = plot_bin_edge(b, k + 1);
    double gap = n > 1 ? 0.1 : 0.04, f0 = gap / 2 + (1 - gap) * i / n,
           f1 = gap / 2 + (1 - gap) * (i + 1) / n;
    if (b->logscale) {
        *lo = a * pow(z / a, f0);
        *hi = a * pow(z / a, f1);
    } else {
        *lo = a + (z - a) * f0;
        *hi = a + (z - a) * f1;
    }
}

int plot_bin_of(const bins *b, double x)
{
    double f = b->logscale ? log(x / b->lo) / log(b->hi / b->lo) : (x - b->lo) / (b->hi - b->lo);
    int k = (int)floor(f * b->n);
    return k < 0 ? 0 : k >= b->n ? b->n - 1 : k;
}
