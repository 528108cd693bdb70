/* report.c — what the report commands (compare.c, export.c, plot.c) share:
 * the CSV text escaper, exact number formats, folders and paths, and the
 * words for a file's horizon and completeness. Every report reads its file
 * through results_read.h, prints its output to the FILE it is given, and
 * returns errors as ds_errors: nothing here writes to stderr. */
#include "report.h"
#include "report_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *report_fmt_exact(char buf[40], double x)
{
    if (isnan(x)) {
        buf[0] = '\0';
        return buf;
    }
    if (isinf(x)) return strcpy(buf, x > 0 ? "inf" : "-inf");
    for (int prec = 15; prec <= 17; prec++) { /* exact like %.17g, without its noise */
        snprintf(buf, 40, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    return buf;
}

/* A CSV text cell (RFC 4180): quoted when it holds a comma, quote or line
 * break. Names come from results files, which are untrusted: a cell that a
 * spreadsheet would evaluate as a formula (first character = + - @, tab,
 * CR or LF: OWASP's list, LF added) gets a leading ', which spreadsheets
 * show as text. Only text passes here; numbers go through report_csv_num
 * and stay numbers (-0.5 is not neutralised). */
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

void report_csv_num(FILE *o, double x)
{
    char b[40];
    fputs(report_fmt_exact(b, x), o);
}

int report_make_dirs(const char *path)
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

int report_path_fmt(ds_errors *errs, char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    if (len >= 0 && (size_t)len < n) return 0;
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%.200s...: path too long", out);
    return -1;
}

const double *report_last_quantiles(const ds_read_results *r, const ds_read_variant *v,
                                    const char *metric)
{
    const ds_read_metric *m = results_read_metric(v, metric);
    return m ? m->quantiles + (size_t)(r->records - 1) * DS_N_QUANTILES : NULL;
}

void report_horizon_text(char *buf, size_t n, double days)
{
    snprintf(buf, n, "day %.6g (%.2f years)", days, days / 365.0);
}

char *report_line_value(const char *text, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > kl && !strncmp(p, key, kl) && p[kl] == '=')
            return strndup(p + kl + 1, len - kl - 1);
        p = nl ? nl + 1 : NULL;
    }
    return NULL;
}

void report_partial_text(char *buf, size_t n, const ds_read_results *r)
{
    buf[0] = '\0';
    if (!r->partial) return;
    if (isnan(r->paths_requested))
        snprintf(buf, n, " (partial: an interrupted run)");
    else
        snprintf(buf, n, " (partial: %d of %.0f paths, an interrupted run)", r->paths,
                 r->paths_requested);
}

/* ---------------------------------------------------------------- tables */

char **report_grid_at(report_grid *g, int r, int c)
{
    return &g->cell[(size_t)r * g->cols + c];
}

void report_grid_free(report_grid *g)
{
    for (int i = 0; g->cell && i < g->rows * g->cols; i++) free(g->cell[i]);
    free(g->cell);
}

int report_grid_set(report_grid *g, int r, int c, const char *fmt, ...)
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
    free(*report_grid_at(g, r, c));
    *report_grid_at(g, r, c) = s;
    return 0;
}

/* Untrusted text (a name from the file) as a cell, escaped for the terminal
 * (error.h): the table and markdown forms are read on one. */
int report_grid_text(report_grid *g, int r, int c, const char *s)
{
    size_t n = 4 * strlen(s) + 1;
    char *e = malloc(n);
    if (!e) return -1;
    errors_escape(s, e, n);
    free(*report_grid_at(g, r, c));
    *report_grid_at(g, r, c) = e;
    return 0;
}

/* Display width of UTF-8 text: one column per code point (the tables hold
 * names, numbers and the em dash). */
static int text_width(const char *s)
{
    int w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void print_padded(FILE *o, const char *s, int width)
{
    fputs(s, o);
    for (int i = text_width(s); i < width; i++) fputc(' ', o);
}

int report_grid_print(report_grid *g, int markdown, FILE *o)
{
    int *w = calloc((size_t)g->cols, sizeof *w);
    if (!w) return -1;
    for (int c = 0; c < g->cols; c++) {
        w[c] = markdown ? 3 : 1;
        for (int r = 0; r < g->rows; r++) {
            int tw = text_width(*report_grid_at(g, r, c));
            if (tw > w[c]) w[c] = tw;
        }
    }
    for (int r = 0; r < g->rows; r++) {
        for (int c = 0; c < g->cols; c++) {
            const char *s = *report_grid_at(g, r, c);
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
    return 0;
}
