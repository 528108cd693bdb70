/* report.c — `depinsim plot`, `compare` and `export`: a results file turned
 * into charts, a variant table and tidy CSV. Reads through results_read.h
 * (which refuses files that are not depinsim's, or damaged). Draws nothing
 * itself: `plot` writes whitespace data files and a short generated gnuplot
 * script that sets variables and loads the templates in plots/. */
#include "report.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "../error.h"
#include "../results.h"
#include "../results_read.h"

#define REPORT_DASH "\xe2\x80\x94" /* "—": a value the file does not have */
#define Q_P05 0
#define Q_P25 1
#define Q_P50 2
#define Q_P75 3
#define Q_P95 4

/* ------------------------------------------------------------------------ */
/* Shared by the three commands                                              */

static void report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "depinsim: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void report_errors(const ds_errors *e)
{
    for (int i = 0; i < e->n; i++) {
        ds_errors one = {&e->items[i], 1, 1, e->kind};
        fprintf(stderr, "depinsim: ");
        errors_print(&one, stderr);
    }
}

static int usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "depinsim: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n\n%s", usage);
    va_end(ap);
    return DS_EINPUT;
}

/* getopt keeps state between calls; each command parses a fresh vector (and
 * the tests call the commands many times in one process). glibc resets
 * fully on optind = 0. */
static void getopt_reset(void)
{
#ifdef __GLIBC__
    optind = 0;
#else
    optind = 1;
#endif
    opterr = 0;
}

/* The message for getopt's '?' or ':' return. */
static int bad_option(const char *usage, int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (c == ':') return usage_error(usage, "%s: %s needs a value", argv[0], arg);
    if (optopt && optopt != '?')
        return usage_error(usage, "%s: unknown option -%c", argv[0], optopt);
    return usage_error(usage, "%s: unknown option '%s'", argv[0], arg);
}

static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    }
    return 0;
}

/* Opens the results file; errors printed. Returns DS_OK or the status. */
static int open_results_file(const char *path, ds_read_results *r)
{
    ds_errors errs = {0};
    int rc = results_probe(path, &errs);
    if (rc == DS_OK)
        rc = results_read(path, r, &errs);
    else
        memset(r, 0, sizeof *r);
    if (rc != DS_OK) report_errors(&errs);
    errors_free(&errs);
    return rc;
}

/* A comma-separated list, split in place into n items (spaces trimmed, empty
 * items dropped). Returns a malloc'd array of pointers into s. */
static char **split_list(char *s, int *n)
{
    *n = 0;
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == ',';
    char **items = calloc(cap, sizeof *items);
    if (!items) return NULL;
    for (char *tok = s; tok;) {
        char *comma = strchr(tok, ',');
        if (comma) *comma = '\0';
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len > 0 && tok[len - 1] == ' ') tok[--len] = '\0';
        if (len > 0) items[(*n)++] = tok;
        tok = comma ? comma + 1 : NULL;
    }
    return items;
}

/* Display width of UTF-8 text: one column per code point (the tables hold
 * names, numbers and the em dash). */
static int text_width(const char *s)
{
    int w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* The shortest decimal that reads back as the same double (at most 17
 * significant digits): exact like %.17g, without its noise (0.1, not
 * 0.10000000000000001). NaN prints as nothing: the spreadsheet's empty cell. */
static const char *fmt_exact(char buf[40], double x)
{
    if (isnan(x)) {
        buf[0] = '\0';
        return buf;
    }
    if (isinf(x)) return strcpy(buf, x > 0 ? "inf" : "-inf");
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 40, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    return buf;
}

/* A CSV text cell (RFC 4180): quoted when it holds a comma, quote or line
 * break. Names come from results files, which are untrusted: a cell that a
 * spreadsheet would evaluate as a formula (first character = + - @, tab,
 * CR or LF: OWASP's list, LF added) gets a leading ', which spreadsheets
 * show as text. Only text passes here; numbers go through csv_num and stay
 * numbers (-0.5 is not neutralised). */
void report_csv_text(FILE *o, const char *s)
{
    int formula = s[0] != '\0' && strchr("=+-@\t\r\n", s[0]) != NULL;
    int quoted = strpbrk(s, ",\"\r\n") != NULL;
    if (quoted) fputc('"', o);
    if (formula) fputc('\'', o);
    for (; *s; s++) {
        if (*s == '"') fputc('"', o); /* only in a quoted cell: strpbrk saw it */
        fputc(*s, o);
    }
    if (quoted) fputc('"', o);
}

static void csv_num(FILE *o, double x)
{
    char b[40];
    fputs(fmt_exact(b, x), o);
}

/* mkdir -p. Returns 0, or -1 with errno. */
static int make_dirs(const char *path)
{
    char *p = strdup(path);
    if (!p) return -1;
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0') continue;
        char saved = *s;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        else if (stat(p, &st) != 0)
            rc = -1;
        else if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            rc = -1;
        }
        *s = saved;
        if (rc != 0 || saved == '\0') break;
    }
    free(p);
    return rc;
}

/* A file path into out; -1, with an error, when it does not fit (a path
 * cut short would name another file). */
static int path_fmt(char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int path_fmt(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    if (len >= 0 && (size_t)len < n) return 0;
    report_error("%.200s...: path too long", out);
    return -1;
}

/* The last record's quantiles of a metric of a variant, or NULL. */
static const double *last_quantiles(const ds_read_results *r, const ds_read_variant *v,
                                    const char *metric)
{
    const ds_read_metric *m = results_read_metric(v, metric);
    return m ? m->quantiles + (size_t)(r->records - 1) * DS_N_QUANTILES : NULL;
}

/* "day 1095 (3.00 years)" */
static void horizon_text(char *buf, size_t n, double days)
{
    snprintf(buf, n, "day %.6g (%.2f years)", days, days / 365.0);
}

/* ------------------------------------------------------------------------ */
/* compare                                                                   */

static const char *const usage_compare =
    "usage: depinsim compare RESULTS.h5 [--format table|csv|markdown] [--sort KEY]\n"
    "\n"
    "One row per variant: the final token price, active providers, price ratio\n"
    "to the cloud and subsidy-adjusted ratio (median [5%, 95%] over paths), the\n"
    "probability of a death spiral and of each claim (with a 95% Wilson\n"
    "interval) and the median sustainability day.\n"
    "\n"
    "  --format F   table (aligned, default) | markdown (to paste in a report) | csv\n"
    "               (csv: a name starting with = + - @, a tab or a line break gets a\n"
    "               leading ', so a spreadsheet shows it as text)\n"
    "  --sort KEY   order rows by KEY, ascending (-KEY: descending): a metric\n"
    "               (its final median), death_spiral, sustainability_day or a\n"
    "               claim (its probability)\n"
    "  -h, --help   this text\n";

static const char *const compare_metrics[] = {"token_price", "active_providers", "price_ratio",
                                              "subsidy_adjusted_ratio"};
#define N_COMPARE_METRICS 4

enum { FMT_TABLE, FMT_MARKDOWN, FMT_CSV };

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
    const double *q = last_quantiles(r, v, key);
    if (q) return q[Q_P50];
    const ds_read_claim *cl = find_claim(v, key);
    return cl ? cl->probability : NAN;
}

static int sort_key_known(const ds_read_results *r, const claim_set *cs, const char *key)
{
    if (!strcmp(key, "death_spiral") || !strcmp(key, "sustainability_day")) return 1;
    for (int v = 0; v < r->n_variants; v++)
        if (results_read_metric(&r->variants[v], key)) return 1;
    for (int i = 0; i < cs->n; i++)
        if (!strcmp(cs->names[i], key)) return 1;
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

/* A table of strings, [rows × cols], row 0 the header. */
typedef struct {
    char **cell;
    int rows, cols;
} grid;

static char **grid_at(grid *g, int r, int c)
{
    return &g->cell[(size_t)r * g->cols + c];
}

static void grid_free(grid *g)
{
    for (int i = 0; g->cell && i < g->rows * g->cols; i++) free(g->cell[i]);
    free(g->cell);
}

static int grid_set(grid *g, int r, int c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int grid_set(grid *g, int r, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(s = malloc((size_t)n + 1))) return -1;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    free(*grid_at(g, r, c));
    *grid_at(g, r, c) = s;
    return 0;
}

/* "median [p05, p95]" of a final value; the dash when absent. */
static int cell_band(grid *g, int r, int c, const double *q)
{
    if (!q) return grid_set(g, r, c, "%s", REPORT_DASH);
    char a[32], b[32], d[32];
    return grid_set(g, r, c, "%s [%s, %s]", results_fmt_num(a, q[Q_P50]),
                    results_fmt_num(b, q[Q_P05]), results_fmt_num(d, q[Q_P95]));
}

/* "P [lo, hi]" of a probability; the dash when absent. */
static int cell_prob(grid *g, int r, int c, int present, double p, double lo, double hi)
{
    if (!present || isnan(p)) return grid_set(g, r, c, "%s", REPORT_DASH);
    if (isnan(lo) || isnan(hi)) return grid_set(g, r, c, "%.3f", p);
    return grid_set(g, r, c, "%.3f [%.2f, %.2f]", p, lo, hi);
}

/* Text cells of the table and markdown forms. */
static int compare_grid(const ds_read_results *r, const claim_set *cs, const sort_row *order,
                        grid *g)
{
    g->cols = 1 + N_COMPARE_METRICS + 1 + cs->n + 1;
    g->rows = 1 + r->n_variants;
    if (!(g->cell = calloc((size_t)g->rows * g->cols, sizeof *g->cell))) return -1;
    int c = 0;
    if (grid_set(g, 0, c++, "variant") < 0) return -1;
    for (int m = 0; m < N_COMPARE_METRICS; m++)
        if (grid_set(g, 0, c++, "%s", compare_metrics[m]) < 0) return -1;
    if (grid_set(g, 0, c++, "death_spiral") < 0) return -1;
    for (int i = 0; i < cs->n; i++)
        if (grid_set(g, 0, c++, "%s", cs->names[i]) < 0) return -1;
    if (grid_set(g, 0, c++, "sustainability_day") < 0) return -1;

    for (int row = 1; row < g->rows; row++) {
        const ds_read_variant *v = &r->variants[order[row - 1].index];
        const ds_outcome_summary *os = &v->outcome_summary;
        c = 0;
        if (grid_set(g, row, c++, "%s", v->name) < 0) return -1;
        for (int m = 0; m < N_COMPARE_METRICS; m++)
            if (cell_band(g, row, c++, last_quantiles(r, v, compare_metrics[m])) < 0) return -1;
        if (cell_prob(g, row, c++, v->has_outcome_summary, os->death_spiral_probability,
                      os->death_spiral_wilson_lo, os->death_spiral_wilson_hi) < 0)
            return -1;
        for (int i = 0; i < cs->n; i++) {
            const ds_read_claim *cl = find_claim(v, cs->names[i]);
            if (cell_prob(g, row, c++, cl != NULL, cl ? cl->probability : NAN,
                          cl ? cl->wilson_lo : NAN, cl ? cl->wilson_hi : NAN) < 0)
                return -1;
        }
        char a[32];
        int rc = !v->has_outcome_summary ? grid_set(g, row, c, "%s", REPORT_DASH)
                 : isnan(os->sustainability_day_median)
                     ? grid_set(g, row, c, "never")
                     : grid_set(g, row, c, "%s", results_fmt_num(a, os->sustainability_day_median));
        if (rc < 0) return -1;
    }
    return 0;
}

/* What the columns mean, below the table: units from the file, claim texts. */
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
        fprintf(o, "%s%s: %s\n", item, compare_metrics[m], units ? units : "(not in this file)");
    }
    fprintf(o, "%sdeath_spiral: probability that a path spirals, [95%% Wilson interval]\n", item);
    for (int i = 0; i < cs->n; i++)
        fprintf(o, "%s%s: probability that \"%s\" holds, [95%% Wilson interval]\n", item,
                cs->names[i], cs->texts[i][0] ? cs->texts[i] : cs->names[i]);
    fprintf(o,
            "%ssustainability_day: median day from which fees cover the USD value of emissions "
            "(never: most paths never get there)\n",
            item);
}

/* " (partial: 40 of 100 paths, an interrupted run)" or "" */
static void partial_text(char *buf, size_t n, const ds_read_results *r)
{
    buf[0] = '\0';
    if (!r->partial) return;
    if (isnan(r->paths_requested))
        snprintf(buf, n, " (partial: an interrupted run)");
    else
        snprintf(buf, n, " (partial: %d of %.0f paths, an interrupted run)", r->paths,
                 r->paths_requested);
}

static void compare_header(const ds_read_results *r, int markdown, FILE *o)
{
    char h[64], part[96];
    horizon_text(h, sizeof h, r->horizon_days);
    partial_text(part, sizeof part, r);
    const char *name = r->scenario_name[0] ? r->scenario_name : r->path;
    if (markdown)
        fprintf(o,
                "**%s**: %d paths%s, final values at %s as median [5%%, 95%%] over paths; "
                "probabilities with their 95%% Wilson interval.\n\n",
                name, r->paths, part, h);
    else
        fprintf(o,
                "%s: %d paths%s, final values at %s\nmedian [5%%, 95%%] over paths; "
                "probabilities: P [95%% Wilson interval]\n\n",
                name, r->paths, part, h);
}

static void print_padded(FILE *o, const char *s, int width)
{
    fputs(s, o);
    for (int i = text_width(s); i < width; i++) fputc(' ', o);
}

static void compare_table(grid *g, int markdown, FILE *o)
{
    int *w = calloc((size_t)g->cols, sizeof *w);
    if (!w) return;
    for (int c = 0; c < g->cols; c++) {
        w[c] = markdown ? 3 : 1;
        for (int r = 0; r < g->rows; r++) {
            int tw = text_width(*grid_at(g, r, c));
            if (tw > w[c]) w[c] = tw;
        }
    }
    for (int r = 0; r < g->rows; r++) {
        for (int c = 0; c < g->cols; c++) {
            const char *s = *grid_at(g, r, c);
            if (markdown) {
                fputs(c ? " | " : "| ", o);
                print_padded(o, s, w[c]);
            } else if (c == g->cols - 1) {
                fputs(s, o); /* no trailing blanks */
            } else {
                print_padded(o, s, w[c] + 2);
            }
        }
        fputs(markdown ? " |\n" : "\n", o);
        if (r == 0) { /* the rule under the header */
            for (int c = 0; c < g->cols; c++) {
                if (markdown) {
                    fputs(c ? " | :" : "| :", o);
                    for (int i = 1; i < w[c]; i++) fputc('-', o);
                } else {
                    for (int i = 0; i < w[c]; i++) fputc('-', o);
                    if (c < g->cols - 1) fputs("  ", o);
                }
            }
            fputs(markdown ? " |\n" : "\n", o);
        }
    }
    free(w);
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
            const double *q = last_quantiles(r, v, compare_metrics[m]);
            const int levels[3] = {Q_P50, Q_P05, Q_P95};
            for (int k = 0; k < 3; k++) {
                fputc(',', o);
                if (q) csv_num(o, q[levels[k]]);
            }
        }
        double ds[3] = {os->death_spiral_probability, os->death_spiral_wilson_lo,
                        os->death_spiral_wilson_hi};
        for (int k = 0; k < 3; k++) {
            fputc(',', o);
            if (v->has_outcome_summary) csv_num(o, ds[k]);
        }
        for (int i = 0; i < cs->n; i++) {
            const ds_read_claim *cl = find_claim(v, cs->names[i]);
            double p[3] = {NAN, NAN, NAN};
            if (cl) p[0] = cl->probability, p[1] = cl->wilson_lo, p[2] = cl->wilson_hi;
            for (int k = 0; k < 3; k++) {
                fputc(',', o);
                csv_num(o, p[k]);
            }
        }
        fputc(',', o);
        if (v->has_outcome_summary) csv_num(o, os->sustainability_day_median);
        fputc(',', o);
        if (v->has_outcome_summary) csv_num(o, os->sustainable_share);
        fputc('\n', o);
    }
}

int report_cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, 0, 'f'},
                                         {"sort", required_argument, 0, 's'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    if (wants_help(argc, argv)) {
        printf("%s", usage_compare);
        return DS_OK;
    }
    int format = FMT_TABLE, c;
    const char *sort = NULL;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'f') {
            if (!strcmp(optarg, "table"))
                format = FMT_TABLE;
            else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md"))
                format = FMT_MARKDOWN;
            else if (!strcmp(optarg, "csv"))
                format = FMT_CSV;
            else
                return usage_error(usage_compare,
                                   "compare: --format '%s': expected table, csv or markdown",
                                   optarg);
        } else if (c == 's') {
            sort = optarg;
        } else {
            return bad_option(usage_compare, c, argv);
        }
    }
    if (argc - optind != 1) return usage_error(usage_compare, "compare takes one results file");

    ds_read_results r;
    int rc = open_results_file(argv[optind], &r);
    if (rc != DS_OK) return rc;
    claim_set cs = {0};
    grid g = {0};
    sort_row *order = calloc((size_t)r.n_variants, sizeof *order);
    rc = DS_EFAIL;
    if (!order || claim_set_build(&r, &cs) < 0) {
        report_error("out of memory");
        goto done;
    }
    int descending = sort && sort[0] == '-';
    const char *key = sort ? sort + descending : NULL;
    if (key && !sort_key_known(&r, &cs, key)) {
        rc = usage_error(usage_compare,
                         "compare: --sort '%s': not a metric, death_spiral, sustainability_day "
                         "or a claim of %s",
                         key, r.path);
        goto done;
    }
    for (int i = 0; i < r.n_variants; i++) {
        order[i].index = i;
        order[i].value = key ? sort_value(&r, &r.variants[i], key) : (double)i;
        order[i].descending = descending;
    }
    if (key) qsort(order, (size_t)r.n_variants, sizeof *order, cmp_sort_rows);

    if (format == FMT_CSV) {
        compare_csv(&r, &cs, order, stdout);
    } else {
        if (compare_grid(&r, &cs, order, &g) < 0) {
            report_error("out of memory");
            goto done;
        }
        compare_header(&r, format == FMT_MARKDOWN, stdout);
        compare_table(&g, format == FMT_MARKDOWN, stdout);
        compare_notes(&r, &cs, format == FMT_MARKDOWN, stdout);
    }
    rc = fflush(stdout) == 0 && !ferror(stdout) ? DS_OK : DS_EFAIL;
    if (rc != DS_OK) report_error("compare: cannot write the output: %s", strerror(errno));
done:
    grid_free(&g);
    claim_set_free(&cs);
    free(order);
    results_read_free(&r);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* export                                                                    */

static const char *const usage_export =
    "usage: depinsim export RESULTS.h5 --csv DIR\n"
    "\n"
    "Writes the results as tidy CSV, one value per row, for spreadsheets and pandas:\n"
    "  DIR/quantiles.csv  variant,metric,time_days,statistic,value\n"
    "                     (statistic: p05 p25 p50 p75 p95 mean)\n"
    "  DIR/finals.csv     variant,metric,path,value       (values at the horizon)\n"
    "  DIR/outcomes.csv   variant,outcome,path,value      (per-path outcomes)\n"
    "  DIR/claims.csv     variant,claim,holds,paths,probability,wilson_lo,wilson_hi\n"
    "Numbers read back exactly (shortest round-trip form); an undefined value is an\n"
    "empty field. A name a spreadsheet would take for a formula (starting with = + -\n"
    "@, a tab or a line break) gets a leading ', so it shows as text. DIR is created\n"
    "if missing; files in it are replaced.\n"
    "\n"
    "  --csv DIR    the output folder\n"
    "  -h, --help   this text\n";

/* A file written under a temporary name in its folder and renamed when
 * complete: a failed export does not leave a half file that looks whole. */
typedef struct {
    FILE *f;
    char tmp[PATH_MAX], path[PATH_MAX];
} out_file;

static int out_open(out_file *o, const char *dir, const char *name)
{
    o->f = NULL;
    if (path_fmt(o->path, sizeof o->path, "%s/%s", dir, name) < 0 ||
        path_fmt(o->tmp, sizeof o->tmp, "%s/.%s.tmp.%ld", dir, name, (long)getpid()) < 0)
        return -1;
    if (!(o->f = fopen(o->tmp, "w"))) {
        report_error("%s: cannot create: %s", o->tmp, strerror(errno));
        return -1;
    }
    return 0;
}

/* Closes; renames into place when ok, else removes. Returns 0 or -1. */
static int out_close(out_file *o, int ok)
{
    if (!o->f) return ok ? 0 : -1;
    if (ok && (fflush(o->f) != 0 || ferror(o->f))) {
        report_error("%s: cannot write: %s", o->tmp, strerror(errno));
        ok = 0;
    }
    if (fclose(o->f) != 0 && ok) {
        report_error("%s: cannot write: %s", o->tmp, strerror(errno));
        ok = 0;
    }
    o->f = NULL;
    if (ok && rename(o->tmp, o->path) != 0) {
        report_error("%s: cannot rename into place: %s", o->path, strerror(errno));
        ok = 0;
    }
    if (!ok) unlink(o->tmp);
    return ok ? 0 : -1;
}

static const char *const stat_names[DS_N_QUANTILES + 1] = {"p05", "p25", "p50",
                                                           "p75", "p95", "mean"};

static int export_quantiles(const ds_read_results *r, FILE *o)
{
    fputs("variant,metric,time_days,statistic,value\n", o);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        for (int m = 0; m < rv->n_metrics; m++) {
            const ds_read_metric *rm = &rv->metrics[m];
            for (int t = 0; t < r->records; t++) {
                for (int s = 0; s <= DS_N_QUANTILES; s++) {
                    if (s == DS_N_QUANTILES && !rm->mean) continue;
                    double x = s < DS_N_QUANTILES ? rm->quantiles[(size_t)t * DS_N_QUANTILES + s]
                                                  : rm->mean[t];
                    report_csv_text(o, rv->name);
                    fputc(',', o);
                    report_csv_text(o, rm->name);
                    fputc(',', o);
                    csv_num(o, r->time_days[t]);
                    fprintf(o, ",%s,", stat_names[s]);
                    csv_num(o, x);
                    fputc('\n', o);
                }
            }
        }
    }
    return 0;
}

/* finals.csv or outcomes.csv: per-path values, one variant and name at a
 * time, read from the file on demand. */
static int export_per_path(const ds_read_results *r, const char *group, const char *column, FILE *o)
{
    fprintf(o, "variant,%s,path,value\n", column);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        int n = !strcmp(group, "final") ? rv->n_metrics : rv->n_outcomes;
        for (int i = 0; i < n; i++) {
            const char *name = !strcmp(group, "final") ? rv->metrics[i].name : rv->outcomes[i].name;
            double *x = NULL;
            ds_errors errs = {0};
            int got = results_read_paths(r, v, group, name, &x, &errs);
            if (got != DS_OK && got != 1) {
                report_errors(&errs);
                errors_free(&errs);
                return got;
            }
            errors_free(&errs);
            for (int p = 0; x && p < rv->paths; p++) {
                report_csv_text(o, rv->name);
                fputc(',', o);
                report_csv_text(o, name);
                fprintf(o, ",%d,", p);
                csv_num(o, x[p]);
                fputc('\n', o);
            }
            free(x);
        }
    }
    return 0;
}

static int export_claims(const ds_read_results *r, FILE *o)
{
    fputs("variant,claim,holds,paths,probability,wilson_lo,wilson_hi\n", o);
    for (int v = 0; v < r->n_variants; v++) {
        const ds_read_variant *rv = &r->variants[v];
        for (int k = 0; k < rv->n_claims; k++) {
            const ds_read_claim *cl = &rv->claims[k];
            report_csv_text(o, rv->name);
            fputc(',', o);
            report_csv_text(o, cl->name);
            const double x[5] = {cl->holds, cl->paths, cl->probability, cl->wilson_lo,
                                 cl->wilson_hi};
            for (int i = 0; i < 5; i++) {
                fputc(',', o);
                csv_num(o, x[i]);
            }
            fputc('\n', o);
        }
    }
    return 0;
}

int report_cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"csv", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    if (wants_help(argc, argv)) {
        printf("%s", usage_export);
        return DS_OK;
    }
    const char *dir = NULL;
    int c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'c')
            dir = optarg;
        else
            return bad_option(usage_export, c, argv);
    }
    if (argc - optind != 1) return usage_error(usage_export, "export takes one results file");
    if (!dir || !dir[0]) return usage_error(usage_export, "export: --csv DIR is required");

    ds_read_results r;
    int rc = open_results_file(argv[optind], &r);
    if (rc != DS_OK) return rc;
    rc = DS_EFAIL;
    if (make_dirs(dir) != 0) {
        report_error("%s: cannot create the folder: %s", dir, strerror(errno));
        results_read_free(&r);
        return DS_EFAIL;
    }
    static const char *const names[4] = {"quantiles.csv", "finals.csv", "outcomes.csv",
                                         "claims.csv"};
    for (int i = 0; i < 4; i++) {
        out_file o;
        if (out_open(&o, dir, names[i]) < 0) goto done;
        int st = i == 0   ? export_quantiles(&r, o.f)
                 : i == 1 ? export_per_path(&r, "final", "metric", o.f)
                 : i == 2 ? export_per_path(&r, "outcomes", "outcome", o.f)
                          : export_claims(&r, o.f);
        if (out_close(&o, st == 0) < 0) {
            rc = st == DS_EINPUT ? DS_EINPUT : DS_EFAIL;
            goto done;
        }
    }
    printf("wrote %s/quantiles.csv, finals.csv, outcomes.csv, claims.csv\n", dir);
    rc = DS_OK;
done:
    results_read_free(&r);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* plot                                                                      */

static const char *const usage_plot =
    "usage: depinsim plot RESULTS.h5 [options]\n"
    "\n"
    "Charts a results file with gnuplot: for each metric a fan chart over time\n"
    "(median line, 25-75% and 5-95% bands, variants overlaid; past 3 variants\n"
    "fewer bands) and a histogram of its final values; the histograms of the\n"
    "per-path outcomes; the network price against the cloud prices; and a\n"
    "dashboard page of the key metrics (dashboard.png: start there).\n"
    "\n"
    "  -o, --output DIR     where the charts go (default: <results stem>_plots/)\n"
    "      --format F       png (default) | svg | pdf\n"
    "      --metrics LIST   metrics and outcomes to chart, comma-separated (default: all)\n"
    "      --variants LIST  variants to draw, comma-separated (default: all)\n"
    "      --keep-data      keep the data files, gnuplot script and templates in\n"
    "                       DIR/data/ (there, `gnuplot plot.gp` draws the charts again)\n"
    "  -h, --help           this text\n"
    "\n"
    "Interrupted (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE), plot stops gnuplot,\n"
    "removes its temporary folder and exits 128 + the signal (130, 143, 129, ...).\n"
    "\n"
    "environment: DEPINSIM_GNUPLOT  the gnuplot program (default: gnuplot on PATH)\n"
    "             DEPINSIM_PLOTS    the folder of the gnuplot templates (*.gp)\n";

#define INSTALL_HINT "install it with: apt-get install gnuplot-nox"

/* Finds an executable: a path as given, or a name on PATH. */
static int find_program(const char *cmd, char *out, size_t n)
{
    struct stat st;
    if (strchr(cmd, '/')) {
        if (stat(cmd, &st) != 0 || !S_ISREG(st.st_mode) || access(cmd, X_OK) != 0) return -1;
        snprintf(out, n, "%s", cmd);
        return 0;
    }
    const char *path = getenv("PATH");
    if (!path || !path[0]) path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path; *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        int w = snprintf(out, n, "%.*s/%s", (int)(len ? len : 1), len ? p : ".", cmd);
        if (w > 0 && (size_t)w < n && stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
            access(out, X_OK) == 0)
            return 0;
        p += len + (colon != NULL);
    }
    return -1;
}

static int has_templates(const char *dir)
{
    char f[PATH_MAX];
    struct stat st;
    int w = snprintf(f, sizeof f, "%s/fan.gp", dir);
    return w > 0 && (size_t)w < sizeof f && stat(f, &st) == 0 && S_ISREG(st.st_mode);
}

/* "a/b/c" → "a/b" in place; "c" → "." */
static void strip_last(char *path)
{
    char *slash = strrchr(path, '/');
    if (!slash)
        strcpy(path, ".");
    else if (slash == path)
        path[1] = '\0';
    else
        *slash = '\0';
}

/* The templates folder: $DEPINSIM_PLOTS; else beside the executable
 * (build/depinsim → plots/; an install's share/depinsim/plots); else the
 * source tree this file was compiled from (the tests run from build/tests). */
static int find_templates(char *out, size_t n)
{
    const char *env = getenv("DEPINSIM_PLOTS");
    if (env && env[0]) {
        if (!has_templates(env)) {
            report_error("DEPINSIM_PLOTS=%s: no gnuplot templates there (fan.gp missing)", env);
            return -1;
        }
        snprintf(out, n, "%s", env);
        return 0;
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        strip_last(exe);
        static const char *const rel[] = {"/../plots", "/plots", "/../share/depinsim/plots",
                                          "/../../plots"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            int w = snprintf(out, n, "%s%s", exe, rel[i]);
            if (w > 0 && (size_t)w < n && has_templates(out)) return 0;
        }
    }
    char src[PATH_MAX];
    snprintf(src, sizeof src, "%s", __FILE__); /* <source>/sim/report/report.c */
    strip_last(src);
    int w = snprintf(out, n, "%s/../../plots", src);
    if (w > 0 && (size_t)w < n && has_templates(out)) return 0;
    report_error("cannot find the gnuplot templates (plots/*.gp) beside the program or in the "
                 "source tree; set DEPINSIM_PLOTS to their folder");
    return -1;
}

/* The length of the UTF-8 sequence at p (1 to 4), or 0 when it is not one
 * (a stray continuation byte, overlong, a surrogate, past U+10FFFF, cut). */
static size_t utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    size_t n;
    unsigned cp;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2, cp = p[0] & 0x1fu;
    else if ((p[0] & 0xf0) == 0xe0)
        n = 3, cp = p[0] & 0x0fu;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4, cp = p[0] & 0x07u;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0; /* the terminating NUL stops here too */
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) return 0;
    return n;
}

/* gnuplot's single-quoted strings substitute nothing (double-quoted ones run
 * `backquotes`), but its scanner misreads a doubled quote at the start of
 * one or two in a row ('''a' is '' then 'a'): so no quote ever goes inside;
 * a quote is the fixed "'" joined on with the . operator. A control
 * character would end the command (newline) or reach a terminal: a space. */
void report_gp_quote(FILE *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int open = 0, pieces = 0;
    while (*p) {
        if (*p == '\'') {
            if (open) fputc('\'', o);
            open = 0;
            fputs(pieces++ ? ".\"'\"" : "\"'\"", o);
            p++;
            continue;
        }
        if (!open) {
            fputs(pieces++ ? ".'" : "'", o);
            open = 1;
        }
        size_t n = utf8_len(p);
        if (n == 0) { /* not UTF-8: the terminals would draw nothing, or garbage */
            fputc('?', o);
            n = 1;
        } else if ((n == 1 && (*p < 0x20 || *p == 0x7f)) ||
                   (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
            fputc(' ', o); /* C0, DEL, C1 (U+0080..U+009F) */
        } else {
            fwrite(p, 1, n, o);
        }
        p += n;
    }
    if (open)
        fputc('\'', o);
    else if (!pieces)
        fputs("''", o);
}

/* A number for a data file or the script: 10 significant digits are beyond
 * what a chart resolves; NaN and the infinities as gnuplot's missing value. */
static void gp_num(FILE *o, double x)
{
    if (isfinite(x))
        fprintf(o, "%.10g", x);
    else
        fputs("NaN", o);
}

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

/* The extent of the values an axis must show. */
typedef struct {
    double min, max;
    long n;
} extent;

static void extent_init(extent *e)
{
    e->min = INFINITY;
    e->max = -INFINITY;
    e->n = 0;
}

static void extent_add(extent *e, double x)
{
    if (!isfinite(x)) return;
    if (x < e->min) e->min = x;
    if (x > e->max) e->max = x;
    e->n++;
}

/* A y (or x) axis: range, log or linear, and a power-of-1000 divisor so tick
 * labels stay short ("USD, millions" with ticks 1 2 3, not 1e+06). */
typedef struct {
    int valid, logscale;
    double lo, hi, scale;
    char label[256];
    char ticks[256]; /* a gnuplot tick list for a short log axis, else "" */
} axis;

/* 1-2-5 ticks on a log axis of at most three decades (in axis units): the
 * powers of ten alone leave one or two labels on such an axis. */
static void log_ticks(char *buf, size_t n, double lo, double hi)
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

static void axis_fit(axis *a, const extent *e, const char *units, int include_one, int allow_log)
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
    if (a->logscale) log_ticks(a->ticks, sizeof a->ticks, lo / a->scale, hi / a->scale);
}

/* A quarter more room above the data, where a panel's key goes: an opaque
 * key over the lines would hide the very values it explains. */
static void axis_headroom(axis *a)
{
    if (!a->valid) return;
    if (a->logscale) {
        a->hi *= pow(a->hi / a->lo, 0.3);
        log_ticks(a->ticks, sizeof a->ticks, a->lo / a->scale, a->hi / a->scale);
    } else {
        a->hi += (a->hi - a->lo) * 0.3;
    }
}

/* Writes an axis as gnuplot variables ylo_<key> etc. */
static void gp_axis(FILE *o, const char *key, const axis *a)
{
    fprintf(o, "ylo_%s = ", key);
    gp_num(o, a->lo / a->scale);
    fprintf(o, "; yhi_%s = ", key);
    gp_num(o, a->hi / a->scale);
    fprintf(o, "; logy_%s = %d; ys_%s = ", key, a->logscale, key);
    gp_num(o, a->scale);
    fprintf(o, "\nylab_%s = ", key);
    report_gp_quote(o, a->label);
    fprintf(o, "; yt_%s = ", key);
    report_gp_quote(o, a->ticks);
    fputc('\n', o);
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

/* Everything gnuplot reads and writes lives in a private folder (mkdtemp)
 * that gnuplot runs in, under names this program chose: the script names no
 * path from the command line or a results file, so none can be a pipe
 * ('|cmd', '<cmd') to gnuplot. The charts are copied to their destination
 * afterwards (publish_file), the data too with --keep-data. */
typedef struct {
    const ds_read_results *r;
    const int *sel; /* selected variants, [nsel] */
    int nsel;
    const char *workdir, *ext;
    FILE *script;
    char **charts; /* the files gnuplot is to write, names in workdir */
    int n_charts;
    char **files; /* what --keep-data keeps: script, templates, data, log */
    int n_files;
} plot_ctx;

static int name_list_add(char ***list, int *n, const char *name)
{
    char **grown = realloc(*list, (size_t)(*n + 1) * sizeof *grown);
    if (!grown) return -1;
    *list = grown;
    if (!(grown[*n] = strdup(name))) return -1;
    (*n)++;
    return 0;
}

static void name_list_free(char **list, int n)
{
    for (int i = 0; i < n; i++) free(list[i]);
    free(list);
}

/* "<stem>.<ext>" into name, and on the list of charts. */
static int add_chart(plot_ctx *p, const char *stem, char *name, size_t n)
{
    if (path_fmt(name, n, "%s.%s", stem, p->ext) < 0) return -1;
    return name_list_add(&p->charts, &p->n_charts, name);
}

/* Creates a new file in the private folder; NULL, with a message, when it
 * cannot (an existing name too: two metrics never share a file). */
static FILE *work_create(plot_ctx *p, const char *name)
{
    char path[PATH_MAX];
    if (path_fmt(path, sizeof path, "%s/%s", p->workdir, name) < 0) return NULL;
    FILE *f = fopen(path, "wx");
    if (!f) report_error("%s: cannot create: %s", path, strerror(errno));
    if (f && name_list_add(&p->files, &p->n_files, name) < 0) {
        fclose(f);
        report_error("out of memory");
        return NULL;
    }
    return f;
}

/* Closes a file work_create made. Returns 0 or -1 (with a message). */
static int work_close(plot_ctx *p, FILE *f, const char *name)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        report_error("%s/%s: cannot write: %s", p->workdir, name, strerror(errno));
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
                extent_add(e, m->quantiles[(size_t)t * DS_N_QUANTILES + k]);
    }
}

/* q_<key>.dat: one block per selected variant (gnuplot `index i`), each row
 * time_days p05 p25 p50 p75 p95 mean. The comments name no name from the
 * file (the variants are vname[] in plot.gp). */
static int write_fan_data(plot_ctx *p, const char *metric, const char *key, char *name, size_t n)
{
    if (path_fmt(name, n, "q_%s.dat", key) < 0) return -1;
    FILE *o = work_create(p, name);
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
            gp_num(o, r->time_days[t]);
            for (int k = 0; k < DS_N_QUANTILES; k++) {
                fputc(' ', o);
                gp_num(o, q[k]);
            }
            fputc(' ', o);
            gp_num(o, m->mean ? m->mean[t] : NAN);
            fputc('\n', o);
        }
    }
    return work_close(p, o, name);
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

/* Histogram bins, the same for every variant so the boxes line up. */
typedef struct {
    int n, logscale;
    double lo, hi; /* edges of the first and last bin */
} bins;

static void bins_fit(bins *b, const extent *e, int all_integer, long max_paths)
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

static double bin_edge(const bins *b, int k)
{
    if (k >= b->n) return b->hi;
    if (b->logscale) return b->lo * pow(b->hi / b->lo, (double)k / b->n);
    return b->lo + (b->hi - b->lo) * k / b->n;
}

/* Variant i's slice of bin k, side by side (even in log space on a log axis),
 * leaving a gap between bins so they read as separate boxes. */
static void bin_slice(const bins *b, int k, int i, int n, double *lo, double *hi)
{
    double a = bin_edge(b, k), z = bin_edge(b, k + 1);
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

static int bin_of(const bins *b, double x)
{
    double f = b->logscale ? log(x / b->lo) / log(b->hi / b->lo) : (x - b->lo) / (b->hi - b->lo);
    int k = (int)floor(f * b->n);
    return k < 0 ? 0 : k >= b->n ? b->n - 1 : k;
}

/* h_<key>.dat for final/<name> or outcomes/<name>, and the chart's
 * variables. Returns 0, 1 when there is nothing to draw (no finite value),
 * or the exit status of a failure. */
static int write_hist(plot_ctx *p, const char *group, const char *name, const char *key,
                      const char *units)
{
    const ds_read_results *r = p->r;
    double **x = calloc((size_t)p->nsel, sizeof *x);
    int rc = DS_EFAIL;
    long max_paths = 0, undefined = 0, total = 0;
    int all_integer = 1;
    extent e;
    extent_init(&e);
    if (!x) goto done;
    for (int i = 0; i < p->nsel; i++) {
        ds_errors errs = {0};
        int got = results_read_paths(r, p->sel[i], group, name, &x[i], &errs);
        if (got != DS_OK && got != 1) {
            report_errors(&errs);
            errors_free(&errs);
            rc = got;
            goto done;
        }
        errors_free(&errs);
        int np = r->variants[p->sel[i]].paths;
        if (np > max_paths) max_paths = np;
        for (int k = 0; x[i] && k < np; k++) {
            total++;
            if (!isfinite(x[i][k])) {
                undefined++;
                continue;
            }
            extent_add(&e, x[i][k]);
            if (x[i][k] != floor(x[i][k])) all_integer = 0;
        }
    }
    if (e.n == 0) {
        rc = 1;
        goto done;
    }
    bins b;
    bins_fit(&b, &e, all_integer, max_paths);
    char file[PATH_MAX];
    if (path_fmt(file, sizeof file, "h_%s_%s.dat", group, key) < 0) goto done;
    FILE *o = work_create(p, file);
    if (!o) goto done;
    fprintf(
        o,
        "# %s: depinsim plot data, one block per variant\n"
        "# columns: bin_lo bin_hi share count box_lo box_hi (this variant's slice of the bin)\n",
        file);
    double ymax = 0;
    long *count = calloc((size_t)b.n, sizeof *count);
    for (int i = 0; count && i < p->nsel; i++) {
        const ds_read_variant *v = &r->variants[p->sel[i]];
        memset(count, 0, (size_t)b.n * sizeof *count);
        for (int k = 0; x[i] && k < v->paths; k++)
            if (isfinite(x[i][k])) count[bin_of(&b, x[i][k])]++;
        fprintf(o, "%s# variant %d\n", i ? "\n\n" : "", i + 1);
        for (int k = 0; k < b.n; k++) {
            double share = v->paths > 0 ? (double)count[k] / v->paths : 0;
            if (share > ymax) ymax = share;
            gp_num(o, bin_edge(&b, k));
            fputc(' ', o);
            gp_num(o, bin_edge(&b, k + 1));
            fputc(' ', o);
            gp_num(o, share);
            double lo, hi;
            bin_slice(&b, k, i, p->nsel, &lo, &hi);
            fprintf(o, " %ld ", count[k]);
            gp_num(o, lo);
            fputc(' ', o);
            gp_num(o, hi);
            fputc('\n', o);
        }
    }
    if (!count) {
        fclose(o);
        report_error("out of memory");
        goto done;
    }
    free(count);
    if (work_close(p, o, file) < 0) goto done;

    extent ex;
    extent_init(&ex);
    extent_add(&ex, b.lo);
    extent_add(&ex, b.hi);
    axis xa;
    axis_fit(&xa, &ex, units, 0, 0);
    /* the bins' own edges, not the padded axis: boxes fill the width */
    xa.lo = b.lo;
    xa.hi = b.hi;
    xa.logscale = b.logscale;
    if (xa.logscale) log_ticks(xa.ticks, sizeof xa.ticks, xa.lo / xa.scale, xa.hi / xa.scale);

    char out[PATH_MAX], stem[128], h[64];
    snprintf(stem, sizeof stem, "hist_%s", key);
    if (add_chart(p, stem, out, sizeof out) < 0) goto done;
    horizon_text(h, sizeof h, r->horizon_days);
    FILE *s = p->script;
    fprintf(s, "\n# histogram of %s/%s\nhdat = ", group, key);
    report_gp_quote(s, file);
    fprintf(s, "; out = ");
    report_gp_quote(s, out);
    char ttl[1024], note[256];
    snprintf(ttl, sizeof ttl, "%s: %s %s, distribution over paths", r->scenario_name, name,
             !strcmp(group, "final") ? "at the horizon" : "(per-path outcome)");
    fprintf(s, "\nttl = ");
    report_gp_quote(s, ttl);
    if (undefined > 0) { /* a second title line: what the boxes leave out */
        snprintf(note, sizeof note,
                 "%ld of %ld path values undefined (e.g. never reached), not shown", undefined,
                 total);
        fprintf(s, ".\"\\n\".");
        report_gp_quote(s, note);
    }
    char lab[512];
    if (!strcmp(group, "final"))
        snprintf(lab, sizeof lab, "%s at %s: %s", name, h, xa.label[0] ? xa.label : "no unit");
    else
        snprintf(lab, sizeof lab, "%s: %s", name, xa.label[0] ? xa.label : "no unit");
    fprintf(s, "\nhxlab = ");
    report_gp_quote(s, lab);
    fprintf(s, "\nhxs = ");
    gp_num(s, xa.scale);
    fprintf(s, "; hxlo = ");
    gp_num(s, xa.lo / xa.scale);
    fprintf(s, "; hxhi = ");
    gp_num(s, xa.hi / xa.scale);
    fprintf(s, "; hxt = ");
    report_gp_quote(s, xa.ticks);
    fprintf(s, "; hlogx = %d; hymax = ", xa.logscale);
    gp_num(s, fmin(1.0, ymax * 1.1 + 1e-9));
    fprintf(s, "\nload tpl.'/hist.gp'\n");
    rc = DS_OK;
done:
    for (int i = 0; x && i < p->nsel; i++) free(x[i]);
    free(x);
    return rc;
}

static int name_in(const char *name, char **list, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(name, list[i])) return 1;
    return 0;
}

/* Signals while plotting: the first SIGINT, SIGTERM, SIGHUP, SIGQUIT or
 * SIGPIPE (a closed stdout) is recorded and stops gnuplot (SIGTERM;
 * run_gnuplot adds SIGKILL if it lingers); the command checks g_plot_signal
 * between steps, removes its private folder, and returns 128 + the signal.
 * No SA_RESTART: a wait returns at once. SIGXFSZ is ignored meanwhile, so a
 * write past `ulimit -f` fails (EFBIG, reported) instead of killing the
 * command with its folder; gnuplot inherits that. */
static volatile sig_atomic_t g_plot_signal;
static volatile sig_atomic_t g_plot_child; /* gnuplot's pid while it runs, else 0 */

static void plot_on_signal(int sig)
{
    if (!g_plot_signal) g_plot_signal = sig;
    if (g_plot_child > 0) kill((pid_t)g_plot_child, SIGTERM);
}

#define N_PLOT_SIGS 6
static const int plot_sigs[N_PLOT_SIGS] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ};

typedef struct {
    struct sigaction old[N_PLOT_SIGS];
    int caught[N_PLOT_SIGS];
} plot_signals;

static void plot_signals_catch(plot_signals *ps)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    g_plot_signal = 0;
    g_plot_child = 0;
    for (int i = 0; i < N_PLOT_SIGS; i++) {
        int sig = plot_sigs[i];
        ps->caught[i] = 0;
        if (sigaction(sig, NULL, &ps->old[i]) != 0) continue;
        /* a SIGHUP ignored on entry stays ignored: nohup means it */
        if (sig == SIGHUP && ps->old[i].sa_handler == SIG_IGN) continue;
        sa.sa_handler = sig == SIGXFSZ ? SIG_IGN : plot_on_signal;
        ps->caught[i] = sigaction(sig, &sa, NULL) == 0;
    }
}

static void plot_signals_restore(plot_signals *ps)
{
    for (int i = 0; i < N_PLOT_SIGS; i++)
        if (ps->caught[i]) sigaction(plot_sigs[i], &ps->old[i], NULL);
    g_plot_signal = 0;
}

static const char *signal_name(int sig)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGINT, "SIGINT"},
                 {SIGTERM, "SIGTERM"},
                 {SIGHUP, "SIGHUP"},
                 {SIGQUIT, "SIGQUIT"},
                 {SIGPIPE, "SIGPIPE"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig) return names[i].name;
    return "a signal";
}

/* Removes the private folder and what is in it (files only: nothing here
 * makes folders). */
static void remove_workdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
    rmdir(dir);
}

/* Runs `gnuplot plot.gp` in the private folder, its stdout and stderr into
 * gnuplot.log there; prog is an absolute path. Returns the exit status (128
 * + signal when killed), or -1 when it could not start. On Linux gnuplot
 * also dies with depinsim, even a depinsim killed with SIGKILL. */
static int run_gnuplot(const char *prog, const char *workdir)
{
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127); /* the parent died before prctl */
#else
        (void)parent;
#endif
        if (chdir(workdir) != 0) {
            fprintf(stderr, "depinsim: %s: %s\n", workdir, strerror(errno));
            _exit(127);
        }
        int in = open("/dev/null", O_RDONLY);
        int out = open("gnuplot.log", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
        if (in >= 0) dup2(in, 0);
        if (out >= 0) {
            dup2(out, 1);
            dup2(out, 2);
        }
        execl(prog, prog, "plot.gp", (char *)NULL);
        fprintf(stderr, "cannot run %s: %s\n", prog, strerror(errno));
        _exit(127);
    }
    g_plot_child = pid;
    int status, waited_ms = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, g_plot_signal ? WNOHANG : 0);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            g_plot_child = 0;
            return -1;
        }
        if (g_plot_signal) {
            /* the handler sent SIGTERM, unless the signal came before
             * g_plot_child was set; gnuplot gets 2 s to go */
            if (waited_ms == 0) kill(pid, SIGTERM);
            if (waited_ms == 2000) kill(pid, SIGKILL);
            struct timespec ms10 = {0, 10000000};
            nanosleep(&ms10, NULL);
            waited_ms += 10;
        }
    }
    g_plot_child = 0;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/* Shows gnuplot's own words (the last 60 lines at most), each prefixed. */
static void show_log(const char *log)
{
    FILE *f = fopen(log, "r");
    if (!f) return;
    char *lines[60] = {0};
    int n = 0;
    char buf[1024];
    while (fgets(buf, sizeof buf, f)) {
        free(lines[n % 60]);
        lines[n % 60] = strdup(buf);
        n++;
    }
    fclose(f);
    int first = n > 60 ? n - 60 : 0;
    for (int i = first; i < n; i++) {
        const char *l = lines[i % 60];
        if (l) fprintf(stderr, "gnuplot: %s%s", l, l[strlen(l) - 1] == '\n' ? "" : "\n");
    }
    for (int i = 0; i < 60; i++) free(lines[i]);
}

/* The results file name without its folder's trailing part and extension:
 * "results/default.h5" → "results/default_plots". */
static void default_outdir(char *out, size_t n, const char *path)
{
    snprintf(out, n, "%s", path);
    char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
    if (dot && (!slash || dot > slash + 1)) *dot = '\0';
    size_t len = strlen(out);
    snprintf(out + len, n - len, "_plots");
}

/* Whether name in folder dir (open as dirfd) may be replaced: DS_OK when it
 * does not exist or is a regular file; DS_EINPUT, with a message, when it is
 * anything else, a symbolic link above all (a writer opening it would write
 * wherever it points); DS_EFAIL when that cannot be told. */
static int dest_check(int dirfd, const char *dir, const char *name)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) return DS_OK;
        report_error("%s/%s: %s", dir, name, strerror(errno));
        return DS_EFAIL;
    }
    if (S_ISREG(st.st_mode)) return DS_OK;
    report_error("%s/%s: %s; not replacing it (remove it, or plot into another folder with -o)",
                 dir, name,
                 S_ISLNK(st.st_mode)   ? "a symbolic link"
                 : S_ISDIR(st.st_mode) ? "a folder"
                                       : "not a regular file");
    return DS_EINPUT;
}

/* Copies src (a file of ours) to name in folder dirfd: into a new temporary
 * beside it (O_EXCL | O_NOFOLLOW: nothing planted can be that) renamed over
 * name when complete. A link planted at name is replaced, never written
 * through; a hard link's other names keep their content; a reader never
 * sees half a file. Returns DS_OK, or the status with a message. */
static int publish_file(const char *src, int dirfd, const char *dir, const char *name)
{
    int rc = dest_check(dirfd, dir, name);
    if (rc != DS_OK) return rc;
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        report_error("%s: cannot read: %s", src, strerror(errno));
        return DS_EFAIL;
    }
    char tmp[PATH_MAX];
    int out = -1;
    for (int k = 0; out < 0 && k < 100; k++) {
        if (path_fmt(tmp, sizeof tmp, ".%s.tmp.%ld.%d", name, (long)getpid(), k) < 0) break;
        out = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (out < 0 && errno != EEXIST) break;
    }
    if (out < 0) {
        report_error("%s/%s: cannot create: %s", dir, name, strerror(errno));
        close(in);
        return DS_EFAIL;
    }
    static char buf[1 << 16];
    for (;;) {
        ssize_t got = read(in, buf, sizeof buf);
        if (got == 0) break;
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            report_error("%s: cannot read: %s", src, strerror(errno));
            rc = DS_EFAIL;
            break;
        }
        for (ssize_t off = 0; off < got && rc == DS_OK;) {
            ssize_t w = write(out, buf + off, (size_t)(got - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                report_error("%s/%s: cannot write: %s", dir, name, strerror(errno));
                rc = DS_EFAIL;
            } else {
                off += w;
            }
        }
        if (rc != DS_OK) break;
    }
    close(in);
    if (close(out) != 0 && rc == DS_OK) {
        report_error("%s/%s: cannot write: %s", dir, name, strerror(errno));
        rc = DS_EFAIL;
    }
    if (rc == DS_OK && renameat(dirfd, tmp, dirfd, name) != 0) {
        report_error("%s/%s: cannot rename into place: %s", dir, name, strerror(errno));
        rc = DS_EFAIL;
    }
    if (rc != DS_OK) unlinkat(dirfd, tmp, 0);
    return rc;
}

/* Opens folder path (already made) to publish into. With nofollow a
 * symbolic link is refused: DIR/data is ours to fill, and a link planted
 * there would take the files wherever it points. */
static int open_folder(const char *path, int nofollow, int *fd)
{
    *fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (*fd >= 0) return DS_OK;
    int err = errno;
    struct stat st;
    if (lstat(path, &st) == 0 && (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode))) {
        report_error("%s: %s; not writing through it (remove it, or plot into another folder "
                     "with -o)",
                     path, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a folder");
        return DS_EINPUT;
    }
    report_error("%s: cannot open the folder: %s", path, strerror(err));
    return DS_EFAIL;
}

/* The templates plot.gp loads (and they load each other), copied into the
 * private folder so the script names only files there; one missing from
 * DEPINSIM_PLOTS is left to gnuplot's "cannot open" message. */
static const char *const plot_templates[] = {"common.gp",      "dashboard.gp", "fan.gp",
                                             "fan_plot.gp",    "cloud.gp",     "cloud_plot.gp",
                                             "income_plot.gp", "hist.gp"};
#define N_PLOT_TEMPLATES (sizeof plot_templates / sizeof plot_templates[0])

static int copy_templates(plot_ctx *p, const char *tpl, int workfd)
{
    for (size_t i = 0; i < N_PLOT_TEMPLATES; i++) {
        char src[PATH_MAX];
        if (path_fmt(src, sizeof src, "%s/%s", tpl, plot_templates[i]) < 0) return DS_EFAIL;
        struct stat st;
        if (stat(src, &st) != 0 && errno == ENOENT) continue; /* gnuplot will say which */
        int rc = publish_file(src, workfd, p->workdir, plot_templates[i]);
        if (rc != DS_OK) return DS_EFAIL; /* ours, or the templates': not the user's input */
        if (name_list_add(&p->files, &p->n_files, plot_templates[i]) < 0) return DS_EFAIL;
    }
    return DS_OK;
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
    gp_num(s, (r->horizon_days > 0 ? r->horizon_days : 1.0) / (years ? 365.0 : 1.0));
    fprintf(s, "; xlab = %s\n", years ? "'time (years)'" : "'time (days)'");
    fprintf(s, "nvar = %d; bands = %d\narray vname[%d]\n", p->nsel, plot_bands(p->nsel), p->nsel);
    for (int i = 0; i < p->nsel; i++) {
        fprintf(s, "vname[%d] = ", i + 1);
        report_gp_quote(s, r->variants[p->sel[i]].name);
        fputc('\n', s);
    }

    /* every metric of the first selected variant (all variants of a run
     * have the same): fan data and axis */
    const ds_read_variant *v0 = &r->variants[p->sel[0]];
    for (int m = 0; m < v0->n_metrics; m++) {
        const char *name = v0->metrics[m].name;
        char key[80], file[PATH_MAX];
        safe_key(key, sizeof key, name, 'M', m);
        extent e;
        extent_init(&e);
        metric_extent(p, name, Q_P05, Q_P95, 0, &e);
        axis a;
        axis_fit(&a, &e, metric_units(p, name), is_ratio(name), 1);
        if (!a.valid) continue; /* nothing finite: no chart (the dashboard says so) */
        if (write_fan_data(p, name, key, file, sizeof file) < 0) return -1;
        fprintf(s, "\n# metric %s\ndat_%s = ", key, key);
        report_gp_quote(s, file);
        fputc('\n', s);
        gp_axis(s, key, &a);
    }

    /* the composite panels: what they draw decides their axes; they exist
     * when every metric they draw does */
    static const char *const cloud_m[] = {"network_price", "cloud_on_demand", "cloud_spot",
                                          "cloud_reserved_1y", "cloud_reserved_3y"};
    static const char *const income_m[] = {"provider_income", "provider_cost"};
    extent e;
    axis a;
    extent_init(&e);
    int all = 1;
    for (int i = 0; i < 5; i++) all &= results_read_metric(v0, cloud_m[i]) != NULL;
    metric_extent(p, "network_price", Q_P25, Q_P75, 0, &e); /* its band */
    for (int i = 1; i < 5; i++) metric_extent(p, cloud_m[i], Q_P50, Q_P50, 1, &e);
    axis_fit(&a, &e, metric_units(p, "network_price"), 0, 1);
    axis_headroom(&a);
    if (all && a.valid) gp_axis(s, "cloudvs", &a);

    extent_init(&e);
    all = 1;
    for (int i = 0; i < 2; i++) {
        all &= results_read_metric(v0, income_m[i]) != NULL;
        metric_extent(p, income_m[i], Q_P50, Q_P50, 0, &e);
    }
    axis_fit(&a, &e, metric_units(p, "provider_income"), 0, 1);
    axis_headroom(&a);
    if (all && a.valid) gp_axis(s, "incomecost", &a);
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
    horizon_text(h, sizeof h, r->horizon_days);

    /* the dashboard first: if anything fails later, the page people open
     * first is there */
    if (add_chart(p, "dashboard", out, sizeof out) < 0) return DS_EFAIL;
    char part[96];
    partial_text(part, sizeof part, r);
    snprintf(ttl, sizeof ttl, "%s: %d paths%s to %s, %d variant%s; %s", scen, r->paths, part, h,
             p->nsel, p->nsel == 1 ? "" : "s", bands_text[plot_bands(p->nsel)]);
    fprintf(s, "\n# the dashboard\nout = ");
    report_gp_quote(s, out);
    fprintf(s, "; ttl = ");
    report_gp_quote(s, ttl);
    fprintf(s, "\nload tpl.'/dashboard.gp'\n");

    /* network price against the cloud, when the file has the five prices */
    int has_cloud = 1;
    static const char *const cloud_metrics[5] = {"network_price", "cloud_on_demand", "cloud_spot",
                                                 "cloud_reserved_1y", "cloud_reserved_3y"};
    for (int i = 0; i < 5; i++) has_cloud &= results_read_metric(v0, cloud_metrics[i]) != NULL;
    if (has_cloud && (!want_m || name_in("network_price", want_m, n_want_m))) {
        if (add_chart(p, "cloud_prices", out, sizeof out) < 0) return DS_EFAIL;
        snprintf(ttl, sizeof ttl, "%s: network price against cloud prices (medians%s)", scen,
                 plot_bands(p->nsel) ? "; band: 25-75% of paths" : "");
        fprintf(s, "\n# network price against the cloud\nout = ");
        report_gp_quote(s, out);
        fprintf(s, "; ptitle = ");
        report_gp_quote(s, ttl);
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
        extent_init(&e);
        metric_extent(p, name, Q_P05, Q_P95, 0, &e);
        if (e.n == 0) {
            printf("  no chart of %s: no finite value in the file\n", key);
            continue;
        }
        snprintf(stem, sizeof stem, "fan_%s", key);
        if (add_chart(p, stem, out, sizeof out) < 0) return DS_EFAIL;
        snprintf(ttl, sizeof ttl, "%s: %s%s", scen, name,
                 ratio ? " (below 1: cheaper than the cloud)" : "");
        fprintf(s, "\n# fan chart of %s\nm = '%s'; parity = %d; out = ", key, key, ratio);
        report_gp_quote(s, out);
        fprintf(s, "; ptitle = ");
        report_gp_quote(s, ttl);
        fprintf(s, "\nload tpl.'/fan.gp'\n");
    }

    /* histograms of the final values, then of the outcomes (per-path reads:
     * the slow part on a big file, so a signal is looked at between them) */
    for (int g = 0; g < 2; g++) {
        int n = g == 0 ? v0->n_metrics : v0->n_outcomes;
        for (int i = 0; i < n && !g_plot_signal; i++) {
            const char *name = g == 0 ? v0->metrics[i].name : v0->outcomes[i].name;
            const char *units = g == 0 ? v0->metrics[i].units : v0->outcomes[i].units;
            if (want_m && !name_in(name, want_m, n_want_m)) continue;
            char key[80];
            safe_key(key, sizeof key, name, g == 0 ? 'M' : 'O', i);
            int st = write_hist(p, g == 0 ? "final" : "outcomes", name, key, units);
            if (st == 1)
                printf("  no histogram of %s: no finite value in the file\n", key);
            else if (st != DS_OK)
                return st;
        }
    }
    return ferror(s) ? DS_EFAIL : DS_OK;
}

/* Makes the output folder (and DIR/data with --keep-data) and checks, before
 * gnuplot runs, that every file to publish may be replaced: all or nothing
 * is refused. */
static int plot_outputs_open(const plot_ctx *p, const char *outdir, int keep, int *outfd,
                             int *datafd)
{
    if (make_dirs(outdir) != 0) {
        report_error("%s: cannot create the folder: %s", outdir, strerror(errno));
        return DS_EFAIL;
    }
    int rc = open_folder(outdir, 0, outfd);
    for (int i = 0; rc == DS_OK && i < p->n_charts; i++)
        rc = dest_check(*outfd, outdir, p->charts[i]);
    if (rc != DS_OK || !keep) return rc;
    char data[PATH_MAX];
    if (path_fmt(data, sizeof data, "%s/data", outdir) < 0) return DS_EFAIL;
    if (mkdirat(*outfd, "data", 0777) != 0 && errno != EEXIST) {
        report_error("%s: cannot create the folder: %s", data, strerror(errno));
        return DS_EFAIL;
    }
    if ((rc = open_folder(data, 1, datafd)) != DS_OK) return rc;
    for (int i = 0; rc == DS_OK && i < p->n_files; i++) rc = dest_check(*datafd, data, p->files[i]);
    return rc == DS_OK ? dest_check(*datafd, data, "gnuplot.log") : rc;
}

/* Copies names (files of the private folder) into folder dirfd. Returns
 * DS_OK or the status; *done counts the files copied. */
static int publish_all(const plot_ctx *p, char **names, int n, int dirfd, const char *dir,
                       int *done)
{
    for (int i = 0; i < n; i++) {
        if (g_plot_signal) return DS_EFAIL;
        char src[PATH_MAX];
        if (path_fmt(src, sizeof src, "%s/%s", p->workdir, names[i]) < 0) return DS_EFAIL;
        int rc = publish_file(src, dirfd, dir, names[i]);
        if (rc != DS_OK) return rc;
        (*done)++;
    }
    return DS_OK;
}

int report_cmd_plot(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"format", required_argument, 0, 'f'},
                                         {"metrics", required_argument, 0, 'm'},
                                         {"variants", required_argument, 0, 'v'},
                                         {"keep-data", no_argument, 0, 'k'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    if (wants_help(argc, argv)) {
        printf("%s", usage_plot);
        return DS_OK;
    }
    const char *outdir_arg = NULL, *fmt = "png";
    char *metrics_arg = NULL, *variants_arg = NULL;
    int keep = 0, c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'o': outdir_arg = optarg; break;
        case 'f':
            if (strcmp(optarg, "png") && strcmp(optarg, "svg") && strcmp(optarg, "pdf"))
                return usage_error(usage_plot, "plot: --format '%s': expected png, svg or pdf",
                                   optarg);
            fmt = optarg;
            break;
        case 'm': metrics_arg = optarg; break;
        case 'v': variants_arg = optarg; break;
        case 'k': keep = 1; break;
        default: return bad_option(usage_plot, c, argv);
        }
    }
    if (argc - optind != 1) return usage_error(usage_plot, "plot takes one results file");
    if (outdir_arg && !outdir_arg[0]) return usage_error(usage_plot, "plot: -o needs a folder");

    ds_read_results r;
    int rc = open_results_file(argv[optind], &r);
    if (rc != DS_OK) return rc;

    plot_ctx p = {0};
    plot_signals sigs;
    int caught = 0, workfd = -1, outfd = -1, datafd = -1, published = 0;
    char **want_m = NULL, **want_v = NULL;
    int n_want_m = 0, n_want_v = 0;
    int *sel = NULL;
    char workdir[PATH_MAX] = "", log[PATH_MAX], outdir[PATH_MAX], data[PATH_MAX];
    char *m_copy = metrics_arg ? strdup(metrics_arg) : NULL;
    char *v_copy = variants_arg ? strdup(variants_arg) : NULL;
    rc = DS_EFAIL;
    if ((metrics_arg && !m_copy) || (variants_arg && !v_copy)) goto oom;
    if (m_copy && !(want_m = split_list(m_copy, &n_want_m))) goto oom;
    if (v_copy && !(want_v = split_list(v_copy, &n_want_v))) goto oom;
    if (!(sel = calloc((size_t)r.n_variants, sizeof *sel))) goto oom;

    /* which variants, in the file's order; unknown names are bad usage */
    int nsel = 0;
    for (int i = 0; i < n_want_v; i++) {
        int found = 0;
        for (int v = 0; v < r.n_variants && !found; v++)
            found = !strcmp(r.variants[v].name, want_v[i]);
        if (!found) {
            fprintf(stderr, "depinsim: plot: --variants: no variant '%s' in %s; it has:", want_v[i],
                    r.path);
            for (int v = 0; v < r.n_variants; v++) fprintf(stderr, " %s", r.variants[v].name);
            fputc('\n', stderr);
            rc = DS_EINPUT;
            goto done;
        }
    }
    for (int v = 0; v < r.n_variants; v++)
        if (!want_v || name_in(r.variants[v].name, want_v, n_want_v)) sel[nsel++] = v;
    if (nsel == 0) {
        rc = usage_error(usage_plot, "plot: --variants selects no variant");
        goto done;
    }
    const ds_read_variant *v0 = &r.variants[sel[0]];
    for (int i = 0; i < n_want_m; i++) {
        int found = results_read_metric(v0, want_m[i]) != NULL;
        for (int o = 0; o < v0->n_outcomes && !found; o++)
            found = !strcmp(v0->outcomes[o].name, want_m[i]);
        if (!found) {
            fprintf(stderr, "depinsim: plot: --metrics: no metric or outcome '%s' in %s; it has:",
                    want_m[i], r.path);
            for (int m = 0; m < v0->n_metrics; m++) fprintf(stderr, " %s", v0->metrics[m].name);
            for (int o = 0; o < v0->n_outcomes; o++) fprintf(stderr, " %s", v0->outcomes[o].name);
            fputc('\n', stderr);
            rc = DS_EINPUT;
            goto done;
        }
    }

    /* gnuplot and the templates, before writing anything */
    const char *gp_cmd = getenv("DEPINSIM_GNUPLOT");
    int from_env = gp_cmd && gp_cmd[0];
    if (!from_env) gp_cmd = "gnuplot";
    char gp[PATH_MAX], tpl[PATH_MAX];
    if (find_program(gp_cmd, gp, sizeof gp) != 0) {
        if (from_env)
            report_error("plot needs gnuplot: DEPINSIM_GNUPLOT=%s is not an executable program",
                         gp_cmd);
        else
            report_error("plot needs gnuplot, which is not installed (not found on PATH)");
        report_error(INSTALL_HINT);
        goto done;
    }
    if (find_templates(tpl, sizeof tpl) != 0) goto done;
    /* gnuplot runs in the private folder: a relative program path from
     * here would name nothing there */
    if (gp[0] != '/') {
        char cwd[PATH_MAX], rel[PATH_MAX];
        snprintf(rel, sizeof rel, "%s", gp);
        if (!getcwd(cwd, sizeof cwd) || path_fmt(gp, sizeof gp, "%s/%s", cwd, rel) < 0) {
            report_error("cannot find the current folder: %s", strerror(errno));
            goto done;
        }
    }
    if (outdir_arg) {
        if (path_fmt(outdir, sizeof outdir, "%s", outdir_arg) < 0) goto done;
    } else {
        default_outdir(outdir, sizeof outdir, r.path);
    }
    if (path_fmt(data, sizeof data, "%s/data", outdir) < 0) goto done;

    /* from here on files exist that a signal must not leave behind */
    plot_signals_catch(&sigs);
    caught = 1;
    const char *tmp = getenv("TMPDIR");
    if (path_fmt(workdir, sizeof workdir, "%s/depinsim-plot-XXXXXX", tmp && tmp[0] ? tmp : "/tmp") <
            0 ||
        !mkdtemp(workdir)) {
        report_error("%s: cannot create a temporary folder: %s", workdir, strerror(errno));
        workdir[0] = '\0';
        goto done;
    }
    if ((rc = open_folder(workdir, 1, &workfd)) != DS_OK) goto done;
    rc = DS_EFAIL;
    if (path_fmt(log, sizeof log, "%s/gnuplot.log", workdir) < 0) goto done;
    p.r = &r;
    p.sel = sel;
    p.nsel = nsel;
    p.workdir = workdir;
    p.ext = fmt;
    if (copy_templates(&p, tpl, workfd) != DS_OK) goto done;
    if (!(p.script = work_create(&p, "plot.gp"))) goto done;
    if (plot_preamble(&p, fmt) < 0) goto done;
    if ((rc = plot_charts(&p, want_m, n_want_m)) != DS_OK) goto done;
    rc = DS_EFAIL;
    FILE *s = p.script;
    p.script = NULL;
    if (work_close(&p, s, "plot.gp") < 0) goto done;
    if (g_plot_signal) goto done;

    /* every destination checked before gnuplot runs, then gnuplot in the
     * private folder, then the charts copied out */
    if ((rc = plot_outputs_open(&p, outdir, keep, &outfd, &datafd)) != DS_OK) goto done;
    rc = DS_EFAIL;
    if (g_plot_signal) goto done;
    int st = run_gnuplot(gp, workdir);
    if (g_plot_signal) goto done;
    if (st != 0) {
        if (st < 0)
            report_error("cannot run %s: %s", gp, strerror(errno));
        else
            report_error("gnuplot failed (exit status %d); what it said:", st);
        show_log(log);
        int kept = 0; /* the script and data, to see what went wrong */
        if (keep && publish_all(&p, p.files, p.n_files, datafd, data, &kept) == DS_OK &&
            publish_file(log, datafd, data, "gnuplot.log") == DS_OK)
            report_error("its script and data are in %s/", data);
        goto done;
    }
    for (int i = 0; i < p.n_charts; i++) {
        struct stat cs;
        if (fstatat(workfd, p.charts[i], &cs, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(cs.st_mode) ||
            cs.st_size == 0) {
            report_error("gnuplot did not write %s; what it said:", p.charts[i]);
            show_log(log);
            goto done;
        }
    }
    if ((rc = publish_all(&p, p.charts, p.n_charts, outfd, outdir, &published)) != DS_OK) goto done;
    if (keep) {
        int kept = 0;
        if ((rc = publish_all(&p, p.files, p.n_files, datafd, data, &kept)) != DS_OK ||
            (rc = publish_file(log, datafd, data, "gnuplot.log")) != DS_OK)
            goto done;
    }
    printf("wrote %d chart%s to %s/ (start with dashboard.%s)\n", p.n_charts,
           p.n_charts == 1 ? "" : "s", outdir, fmt);
    if (keep) printf("data and gnuplot script in %s/\n", data);
    rc = DS_OK;
    goto done;
oom:
    report_error("out of memory");
    rc = DS_EFAIL;
done:
    if (p.script) fclose(p.script);
    if (workfd >= 0) close(workfd);
    if (outfd >= 0) close(outfd);
    if (datafd >= 0) close(datafd);
    if (workdir[0]) remove_workdir(workdir);
    if (caught) {
        int sig = g_plot_signal;
        if (sig) {
            if (published)
                report_error("plot: interrupted by %s: %d of %d charts replaced in %s/",
                             signal_name(sig), published, p.n_charts, outdir);
            else
                report_error("plot: interrupted by %s: no chart written", signal_name(sig));
            rc = 128 + sig;
        }
        plot_signals_restore(&sigs);
    }
    name_list_free(p.charts, p.n_charts);
    name_list_free(p.files, p.n_files);
    free(want_m);
    free(want_v);
    free(m_copy);
    free(v_copy);
    free(sel);
    results_read_free(&r);
    return rc;
}
