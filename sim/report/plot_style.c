/* plot_style.c — what keeps a chart readable as its texts and variants grow:
 * titles and axis labels wrapped, never clipped; sweep names shortened for
 * keys while they stay distinct; the key's place and columns from the
 * labels' widths; marks on the lines once the colours repeat; and the groups
 * of variants whose cloud prices differ, so each group's are drawn. Writes
 * gnuplot variables for the templates in plots/; draws nothing. Widths are
 * in characters, turned into pixels by the measures below (DejaVu Sans, the
 * 'Sans' of the terminals, averages about 0.7 of its size per character on
 * these labels: 10.5 px at the key's 12 pt in a png). */
#include "plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define KEY_CHAR_PX 10.5  /* a key label character, 12 pt */
#define KEY_SAMPLE_PX 90  /* a key entry's line sample and gaps */
#define CHART_KEY_PX 1150 /* the width a key below a 1200 px chart has */
#define PAGE_KEY_PX 1728  /* the dashboard's legend strip, 96% of 1800 px */

/* Characters (UTF-8 code points) in s[0..n). */
static int text_chars(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n && s[i]; i++) c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* Byte length of the first `chars` characters of s. */
static size_t chars_bytes(const char *s, int chars)
{
    size_t i = 0;
    for (int c = 0; s[i]; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80 && c++ == chars) break;
    }
    return i;
}

/* Where to break s (at most width characters): after the last "; " in the
 * second half of them (titles read "name: what; detail"), else at the last
 * space, else after the last - _ , / . ; (a long name), else at width. Sets
 * *skip to the spaces dropped at the break. */
static size_t break_at(const char *s, int width, size_t *skip)
{
    size_t lim = chars_bytes(s, width), half = chars_bytes(s, width / 2), sp = 0, semi = 0,
           punct = 0;
    *skip = 0;
    if (!s[lim]) return lim;
    for (size_t i = 1; i <= lim; i++) {
        if (s[i] == ' ') sp = i;
        if (s[i] == ' ' && s[i - 1] == ';' && i >= half) semi = i;
        if (strchr("-_,/.;", s[i - 1])) punct = i;
    }
    if (semi > 0 || sp > 0) {
        *skip = 1;
        return semi > 0 ? semi : sp;
    }
    return punct > 0 ? punct : lim;
}

int plot_gp_wrapped(FILE *o, const char *text, int width, int max_lines)
{
    char line[1024];
    int lines = 0;
    const char *s = text;
    while (*s == ' ') s++;
    do {
        size_t skip, n = break_at(s, width, &skip);
        int last = lines + 1 == max_lines && s[n];
        if (last) { /* what does not fit: cut, and say so */
            n = chars_bytes(s, width - 3);
            while (n > 0 && s[n - 1] == ' ') n--;
            skip = 0;
        }
        snprintf(line, sizeof line, "%.*s%s", (int)(n < sizeof line - 4 ? n : sizeof line - 4), s,
                 last ? "..." : "");
        if (lines) fputs(".\"\\n\".", o);
        report_gp_quote(o, line);
        lines++;
        s += n + skip;
        while (*s == ' ') s++;
        if (last) break;
    } while (*s);
    return lines;
}

/* ---------------------------------------------------------------- variant labels */

/* A sweep's name, "emission.tokens_per_day=1e4,cloud.decline_per_year=0.1":
 * parts path=value, every path dotted. */
static int sweep_name(const char *name)
{
    if (!strchr(name, '=')) return 0;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, ","), eq = strcspn(p, "=");
        if (eq >= n || !memchr(p, '.', eq)) return 0;
        p += n + (p[n] == ',');
    }
    return 1;
}

/* The sweep name with each path cut to its last part:
 * "tokens_per_day=1e4,decline_per_year=0.1". */
static void short_name(const char *name, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = name; *p && used < n;) {
        size_t len = strcspn(p, ","), eq = strcspn(p, "=");
        const char *key = p;
        for (size_t i = 0; i < eq; i++)
            if (p[i] == '.') key = p + i + 1;
        int w =
            snprintf(out + used, n - used, "%s%.*s", used ? "," : "", (int)(len - (key - p)), key);
        if (w < 0) return;
        used += (size_t)w;
        p += len + (p[len] == ',');
    }
}

/* Whether cutting every swept path to its last part keeps them apart
 * (hardware.0.share and regions.0.share would both be share). */
static int short_paths_distinct(const plot_ctx *p)
{
    char paths[64][96];
    int np = 0;
    for (int i = 0; i < p->nsel; i++) {
        const char *name = p->r->variants[p->sel[i]].name;
        if (!sweep_name(name)) continue;
        for (const char *q = name; *q;) {
            size_t len = strcspn(q, ","), eq = strcspn(q, "=");
            char path[96];
            snprintf(path, sizeof path, "%.*s", (int)eq, q);
            int known = 0;
            for (int k = 0; k < np && !known; k++) known = !strcmp(paths[k], path);
            if (!known && np < 64) snprintf(paths[np++], sizeof paths[0], "%s", path);
            q += len + (q[len] == ',');
        }
    }
    for (int a = 0; a < np; a++)
        for (int b = a + 1; b < np; b++)
            if (!strcmp(strrchr(paths[a], '.'), strrchr(paths[b], '.'))) return 0;
    return 1;
}

int plot_labels(plot_ctx *p)
{
    p->labels = calloc((size_t)p->nsel, sizeof *p->labels);
    if (!p->labels) {
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    int shorten = short_paths_distinct(p);
    for (int i = 0; i < p->nsel; i++) {
        const char *name = p->r->variants[p->sel[i]].name;
        if (shorten && sweep_name(name))
            short_name(name, p->labels[i], sizeof p->labels[i]);
        else
            snprintf(p->labels[i], sizeof p->labels[i], "%s", name);
    }
    /* short labels must still tell the variants apart (a variant may be named
     * like another's short form): else every label is the full name */
    for (int i = 0; i < p->nsel; i++)
        for (int j = i + 1; j < p->nsel; j++)
            if (!strcmp(p->labels[i], p->labels[j])) {
                for (int k = 0; k < p->nsel; k++)
                    snprintf(p->labels[k], sizeof p->labels[k], "%s",
                             p->r->variants[p->sel[k]].name);
                return 0;
            }
    return 0;
}

/* ---------------------------------------------------------------- layout */

void plot_gp_layout(const plot_ctx *p, int bands)
{
    FILE *s = p->script;
    int longest = 23; /* "parity with cloud (1.0)", the longest fixed entry */
    for (int i = 0; i < p->nsel; i++) {
        int c = text_chars(p->labels[i], strlen(p->labels[i]));
        if (c > longest) longest = c;
    }
    double entry_px = KEY_CHAR_PX * longest + KEY_SAMPLE_PX;
    /* a chart's key: at the right while it takes under a third of the width
     * and its column fits the height; else below the plot, in columns */
    int below = entry_px > 0.33 * 1200 || p->nsel > 20;
    int cols = (int)floor(CHART_KEY_PX / entry_px);
    /* the cloud chart's key has up to four series and a group per variant
     * more: at the right while its column fits the height */
    int cloud_below = below || p->nsel > 10;
    /* the dashboard's legend: the variants and an entry per band drawn */
    int legcols = (int)floor(PAGE_KEY_PX / entry_px), entries = p->nsel + bands;
    if (cols < 1) cols = 1;
    if (legcols < 1) legcols = 1;
    int legrows = (entries + legcols - 1) / legcols;
    /* past the seven colours, marks tell the lines apart (about 10 a line) */
    int marks = p->nsel > 7, every = p->r->records / 10 > 1 ? p->r->records / 10 : 1;
    fprintf(s,
            "keybelow = %d; keycols = %d; cloudkeybelow = %d; cloudkeycols = %d\n"
            "legcols = %d; legrows = %d; vmarks = %d; vpi = %d\n",
            below, cols, cloud_below, cols, legcols, legrows, marks, every);
}

/* ---------------------------------------------------------------- cloud groups */

/* Whether selected variants a and b have the same cloud prices: the medians
 * of the four series, record by record. */
static int same_cloud(const plot_ctx *p, int a, int b)
{
    static const char *const cloud[4] = {"cloud_on_demand", "cloud_spot", "cloud_reserved_1y",
                                         "cloud_reserved_3y"};
    for (int m = 0; m < 4; m++) {
        const ds_read_metric *ma = results_read_metric(&p->r->variants[p->sel[a]], cloud[m]);
        const ds_read_metric *mb = results_read_metric(&p->r->variants[p->sel[b]], cloud[m]);
        if (!ma || !mb) return ma == mb;
        for (int t = 0; t < p->r->records; t++) {
            double x = ma->quantiles[(size_t)t * DS_N_QUANTILES + DS_Q_P50],
                   y = mb->quantiles[(size_t)t * DS_N_QUANTILES + DS_Q_P50];
            if (x != y && !(isnan(x) && isnan(y))) return 0;
        }
    }
    return 1;
}

int plot_gp_cloud_groups(const plot_ctx *p)
{
    FILE *s = p->script;
    int *group = calloc((size_t)p->nsel, sizeof *group), ng = 0;
    if (!group) {
        errors_add(p->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return -1;
    }
    int longest = 0;
    for (int i = 0; i < p->nsel; i++) {
        int c = text_chars(p->labels[i], strlen(p->labels[i]));
        if (c > longest) longest = c;
        group[i] = -1;
        for (int j = 0; j < i && group[i] < 0; j++)
            if (same_cloud(p, i, j)) group[i] = group[j];
        if (group[i] < 0) group[i] = ng++;
    }
    /* each group drawn in its first variant's colour and named after it;
     * all four series while there are few groups, the on-demand price alone
     * (what a dated cut moves) beyond three */
    fprintf(s, "ncg = %d; cloudall = %d\narray cgv[%d]\narray cgname[%d]\n", ng, ng <= 3, ng, ng);
    for (int g = 0; g < ng; g++) {
        int first = -1, members = 0;
        for (int i = 0; i < p->nsel; i++)
            if (group[i] == g && members++ == 0) first = i;
        char name[300], more[32] = "";
        if (members > 1) snprintf(more, sizeof more, " (+%d alike)", members - 1);
        snprintf(name, sizeof name, "cloud: %s", p->labels[first]);
        fprintf(s, "cgv[%d] = %d; cgname[%d] = ", g + 1, first + 1, g + 1);
        /* no wider than the variants' labels: a key's columns are as wide
         * as its widest entry */
        plot_gp_wrapped(s, name, (longest > 24 ? longest : 24) - (int)strlen(more), 1);
        fputs(".", s);
        report_gp_quote(s, more);
        fputc('\n', s);
    }
    free(group);
    return ng;
}
