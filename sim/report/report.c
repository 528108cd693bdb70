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
