/* series_csv.c — one value column of a time-series CSV file (series_csv.h):
 * read bounded, split into cells (RFC 4180 quoting), the time column found by
 * name, every row checked, every fault located. It knows nothing of what the
 * series is for: units and coverage are the scenario's checks. */
#include "series_csv.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"

/* ---------------------------------------------------------------- dates */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard
 * Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int csv_parse_date(const char *s, double *day)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return -1;
    long y = atol(s), m = atol(s + 5), d = atol(s + 8);
    if (y < 1 || m < 1 || m > 12 || d < 1) return -1;
    if (d > mdays[m - 1] + (m == 2 && leap(y))) return -1;
    *day = (double)days_from_civil(y, m, d);
    return 0;
}

void csv_format_date(double day, char *buf, size_t n)
{
    /* civil_from_days, the inverse */
    long z = (long)floor(day) + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    snprintf(buf, n, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* ---------------------------------------------------------------- reading */

/* The whole file, at most max + 1 bytes (so that a larger one is seen). A
 * FIFO or device is refused before it is read: opening non-blocking, then
 * fstat, so that a FIFO with no writer cannot hang the loader. NULL with
 * *why set (an errno) when it cannot be read. */
static char *read_bounded(const char *path, size_t max, size_t *len, int *why, int *not_regular)
{
    *not_regular = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *why = errno;
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = errno ? errno : EINVAL;
        *not_regular = 1;
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    size_t cap = (size_t)st.st_size + 1 < max + 2 ? (size_t)st.st_size + 1 : max + 2, n = 0;
    if (cap < 64) cap = 64;
    char *buf = malloc(cap);
    if (!buf) {
        *why = ENOMEM;
        close(fd);
        return NULL;
    }
    for (;;) {
        if (n + 1 >= cap) { /* the file grew since fstat: read on, within max + 1 */
            if (n > max) break;
            size_t more = cap * 2 < max + 2 ? cap * 2 : max + 2;
            char *g = realloc(buf, more);
            if (!g) {
                free(buf);
                *why = ENOMEM;
                close(fd);
                return NULL;
            }
            buf = g;
            cap = more;
        }
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            *why = errno;
            free(buf);
            close(fd);
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > max) break;
    }
    close(fd);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* ---------------------------------------------------------------- cells */

typedef struct {
    char text[DS_CSV_MAX_LINE + 1];
    int col; /* 1-based column of the cell's first character */
} cell;

typedef struct {
    const char *path;
    ds_errors *errs;
    int faults; /* located faults added so far */
} reader;

static void fault(reader *r, int line, int col, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void fault(reader *r, int line, int col, const char *column, const char *fmt, ...)
{
    r->faults++;
    if (r->faults > DS_CSV_MAX_FAULTS) return;
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    errors_add(r->errs, DS_EINPUT, r->path, line, col, column, "%s", msg);
}

/* Split one line (no line break) into cells: commas separate them, a cell
 * that starts with '"' runs to its closing quote ("" inside is one quote),
 * spaces around a cell are dropped. Returns the number of cells, or -1 with
 * *bad_col and msg set (a quote left open, text after a closing quote, too
 * many cells). */
static int split_cells(const char *s, size_t len, cell *out, int max, int *bad_col, char *msg,
                       size_t mn)
{
    int n = 0;
    size_t i = 0;
    for (;;) {
        if (n == max) {
            *bad_col = (int)i + 1;
            snprintf(msg, mn, "more than %d cells on a line", max);
            return -1;
        }
        while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
        cell *c = &out[n++];
        c->col = (int)i + 1;
        size_t k = 0;
        if (i < len && s[i] == '"') {
            size_t open = i++;
            for (;;) {
                if (i >= len) {
                    *bad_col = (int)open + 1;
                    snprintf(msg, mn, "a quoted cell is not closed on its line");
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        c->text[k++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                c->text[k++] = s[i++];
            }
            while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
            if (i < len && s[i] != ',') {
                *bad_col = (int)i + 1;
                snprintf(msg, mn, "text after a quoted cell's closing quote");
                return -1;
            }
        } else {
            while (i < len && s[i] != ',') c->text[k++] = s[i++];
            while (k > 0 && (c->text[k - 1] == ' ' || c->text[k - 1] == '\t')) k--;
        }
        c->text[k] = 0;
        if (i >= len) return n;
        i++; /* the comma */
    }
}

/* A header cell "name [unit]" into its name and unit ("" when none). */
static void header_name(const char *text, char *name, size_t nn, char *unit, size_t un)
{
    const char *br = strchr(text, '[');
    const char *end = br ? strchr(br, ']') : NULL;
    unit[0] = 0;
    if (br && end && end[1] == 0) {
        size_t l = (size_t)(br - text);
        while (l > 0 && text[l - 1] == ' ') l--;
        snprintf(name, nn, "%.*s", (int)l, text);
        const char *u = br + 1;
        while (*u == ' ') u++;
        size_t ul = (size_t)(end - u);
        while (ul > 0 && u[ul - 1] == ' ') ul--;
        snprintf(unit, un, "%.*s", (int)ul, u);
    } else {
        snprintf(name, nn, "%s", text);
    }
}

/* A decimal number: digits, one point, an exponent; nothing else (no hex,
 * inf or nan, which strtod would take). 0 and *v, or -1. */
static int parse_number(const char *s, double *v)
{
    if (!*s) return -1;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p)) return -1;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (*end || end == s || !isfinite(x)) return -1;
    *v = x;
    return 0;
}

static int ci_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A day as the file writes it: its date, or its day number. */
static void day_text(const csv_series *s, double day, char *buf, size_t n)
{
    if (s->dated)
        csv_format_date(day, buf, n);
    else
        snprintf(buf, n, "day %.15g", day);
}

/* The header: the time column (`date` or `day`, any case) and the value
 * column, with its unit. 0, or -1 with the faults added. */
static int read_header(reader *r, const cell *cells, int nc, int line, const char *column,
                       csv_series *out, int *tcol, int *vcol)
{
    *tcol = *vcol = -1;
    char names[DS_CSV_MAX_COLUMNS][64], unit[32];
    for (int i = 0; i < nc; i++) {
        header_name(cells[i].text, names[i], sizeof names[i], unit, sizeof unit);
        for (int j = 0; j < i; j++)
            if (!strcmp(names[i], names[j]))
                fault(r, line, cells[i].col, names[i], "column named twice (first in column %d)",
                      cells[j].col);
        if (ci_equal(names[i], "date") || ci_equal(names[i], "day")) {
            if (*tcol >= 0)
                fault(r, line, cells[i].col, names[i],
                      "a second time column: a file has one `date` or one `day` column");
            else
                *tcol = i, out->dated = ci_equal(names[i], "date");
        }
        if (!strcmp(names[i], column)) {
            *vcol = i;
            snprintf(out->unit, sizeof out->unit, "%s", unit);
        }
    }
    if (*tcol < 0)
        fault(r, line, 1, "",
              "no time column: the header needs a `date` (YYYY-MM-DD) or `day` column");
    if (*vcol < 0) {
        char list[512] = "";
        size_t used = 0;
        for (int i = 0; i < nc && used < sizeof list - 1; i++)
            if (i != *tcol)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
                                         names[i]);
        fault(r, line, 1, column, "no such column; the value columns are: %s",
              used ? list : "(none)");
    } else if (*vcol == *tcol) {
        fault(r, line, cells[*vcol].col, column, "is the time column, not a value column");
        *vcol = -1;
    }
    return *tcol >= 0 && *vcol >= 0 ? 0 : -1;
}

/* One data row: its day and value, or faults. Returns 0 when both are good. */
static int read_row(reader *r, const cell *cells, int nc, int need, int line, int tcol, int vcol,
                    const char *tname, csv_series *out)
{
    if (nc != need) {
        fault(r, line, cells[nc - 1].col, "", "%d cells on this line, the header has %d", nc, need);
        return -1;
    }
    int ok = 0;
    const cell *t = &cells[tcol], *v = &cells[vcol];
    double day = 0, x = 0;
    if (out->dated ? csv_parse_date(t->text, &day) : parse_number(t->text, &day)) {
        if (!t->text[0])
            fault(r, line, t->col, tname, "no %s", out->dated ? "date" : "day");
        else
            fault(r, line, t->col, tname, "'%.40s' is not a %s", t->text,
                  out->dated ? "date (YYYY-MM-DD)" : "day number");
        ok = -1;
    }
    if (!v->text[0]) {
        fault(r, line, v->col, out->column,
              "no value: a gap in the series (every row needs one; fill it or remove the row)");
        ok = -1;
    } else if (parse_number(v->text, &x)) {
        fault(r, line, v->col, out->column, "'%.40s' is not a number", v->text);
        ok = -1;
    } else if (x < 0) {
        fault(r, line, v->col, out->column, "%s is negative", v->text);
        ok = -1;
    }
    if (ok) return -1;
    out->day[out->n] = day;
    out->value[out->n] = x;
    out->line[out->n] = line;
    out->col[out->n] = v->col;
    out->n++;
    return 0;
}

/* Dates increase, and (gaps: when every row was read, or a skipped row would
 * look like one) no step is a gap (DS_CSV_GAP_FACTOR × the median). */
static void check_days(reader *r, csv_series *s, const char *tname, const int *tcols, int gaps)
{
    int n = s->n;
    double *steps = malloc((size_t)(n > 1 ? n - 1 : 1) * sizeof *steps);
    if (!steps) {
        errors_add(r->errs, DS_EFAIL, r->path, 0, 0, NULL, "out of memory checking the dates");
        return;
    }
    int m = 0;
    for (int i = 1; i < n; i++) {
        double d = s->day[i] - s->day[i - 1];
        if (d > 0)
            steps[m++] = d;
        else {
            char a[32], b[32];
            day_text(s, s->day[i], a, sizeof a);
            day_text(s, s->day[i - 1], b, sizeof b);
            fault(r, s->line[i], tcols[i], tname,
                  "%s is not after %s (line %d): the %ss must increase", a, b, s->line[i - 1],
                  s->dated ? "date" : "day");
        }
    }
    if (m > 0 && gaps) {
        qsort(steps, (size_t)m, sizeof *steps, cmp_double);
        s->median_step = steps[m / 2];
        for (int i = 1; i < n; i++) {
            double d = s->day[i] - s->day[i - 1];
            if (!(d > DS_CSV_GAP_FACTOR * s->median_step)) continue;
            char a[32], b[32];
            day_text(s, s->day[i], a, sizeof a);
            day_text(s, s->day[i - 1], b, sizeof b);
            fault(r, s->line[i], tcols[i], tname,
                  "%s comes %.15g days after %s, where the file's usual step is %.15g: a gap (rows "
                  "missing?)",
                  a, d, b, s->median_step);
        }
    }
    free(steps);
}

static int alloc_rows(csv_series *s, int rows)
{
    size_t k = (size_t)(rows > 0 ? rows : 1);
    s->day = malloc(k * sizeof *s->day);
    s->value = malloc(k * sizeof *s->value);
    s->line = malloc(k * sizeof *s->line);
    s->col = malloc(k * sizeof *s->col);
    return s->day && s->value && s->line && s->col ? 0 : -1;
}

/* The rows of text: every line after the header that is neither blank nor a
 * comment. Returns the status. */
static int read_lines(reader *r, char *text, size_t len, const char *column, csv_series *out)
{
    cell *cells = malloc((size_t)DS_CSV_MAX_COLUMNS * sizeof *cells);
    int *tcols = NULL;
    if (!cells) return -1;
    int rows_max = 0; /* an upper bound: the lines */
    for (size_t i = 0; i < len; i++) rows_max += text[i] == '\n';
    rows_max++;
    if (rows_max > DS_CSV_MAX_ROWS + 64) rows_max = DS_CSV_MAX_ROWS + 64;
    if (alloc_rows(out, rows_max) || !(tcols = malloc((size_t)rows_max * sizeof *tcols))) {
        free(cells);
        return -1;
    }
    int line = 0, header = 0, tcol = -1, vcol = -1, need = 0, data_rows = 0;
    char tname[64] = "";
    size_t pos = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0; /* a UTF-8 BOM */
    while (pos < len || (pos == len && line == 0)) {
        line++;
        size_t end = pos;
        while (end < len && text[end] != '\n') end++;
        size_t l = end - pos;
        if (l > 0 && text[pos + l - 1] == '\r') l--;
        const char *s = text + pos;
        pos = end + 1;
        if (l > DS_CSV_MAX_LINE) {
            fault(r, line, DS_CSV_MAX_LINE + 1, "", "the line is longer than %d bytes",
                  DS_CSV_MAX_LINE);
            if (!header) break;
            continue;
        }
        size_t k = 0;
        while (k < l && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k == l || s[k] == '#') continue; /* blank, or a comment (the source, the units) */
        int bad_col = 0, nc;
        char msg[96];
        if ((nc = split_cells(s, l, cells, DS_CSV_MAX_COLUMNS, &bad_col, msg, sizeof msg)) < 0) {
            fault(r, line, bad_col, "", "%s", msg);
            if (!header) break;
            continue;
        }
        if (!header) {
            header = 1;
            out->time_col_line = line;
            need = nc;
            if (read_header(r, cells, nc, line, column, out, &tcol, &vcol)) break;
            header_name(cells[tcol].text, tname, sizeof tname, msg, sizeof msg);
            continue;
        }
        if (++data_rows > DS_CSV_MAX_ROWS) {
            fault(r, line, 1, "", "more than %d rows, the most an input series may have",
                  DS_CSV_MAX_ROWS);
            break;
        }
        int at = out->n;
        if (read_row(r, cells, nc, need, line, tcol, vcol, tname, out) == 0)
            tcols[at] = cells[tcol].col;
        if (r->faults > DS_CSV_MAX_FAULTS) break;
    }
    if (!header)
        fault(r, line, 1, "", "no header line: the file holds no CSV table");
    else if (r->faults == 0 && out->n < 2)
        fault(r, out->time_col_line, 1, column, "%d row%s of data; a series needs at least 2",
              out->n, out->n == 1 ? "" : "s");
    else if (tcol >= 0 && vcol >= 0 && r->faults <= DS_CSV_MAX_FAULTS)
        check_days(r, out, tname, tcols, r->faults == 0);
    free(cells);
    free(tcols);
    return 0;
}

int csv_series_read(const char *path, const char *column, csv_series *out, ds_errors *errs)
{
    memset(out, 0, sizeof *out);
    snprintf(out->column, sizeof out->column, "%s", column);
    size_t len = 0;
    int why = 0, not_regular = 0;
    char *text = read_bounded(path, DS_CSV_MAX_BYTES, &len, &why, &not_regular);
    if (!text) {
        int kind =
            not_regular || why == ENOENT || why == EACCES || why == EISDIR ? DS_EINPUT : DS_EFAIL;
        errors_add(errs, kind, path, 0, 0, "", "cannot read: %s",
                   not_regular ? "not a regular file" : strerror(why));
        return kind;
    }
    int nerr = errors_count(errs);
    reader r = {path, errs, 0};
    if (len > DS_CSV_MAX_BYTES) {
        fault(&r, 0, 0, "", "the file is larger than %d bytes (4 MiB), the most an input may hold",
              DS_CSV_MAX_BYTES);
    } else if (memchr(text, 0, len)) {
        size_t at = (size_t)((char *)memchr(text, 0, len) - text);
        int line = 1;
        for (size_t i = 0; i < at; i++) line += text[i] == '\n';
        fault(&r, line, 1, "", "a NUL byte: this is not a text file");
    } else {
        out->bytes = len;
        sha256_hex(text, len, out->sha256);
        if (read_lines(&r, text, len, column, out) < 0)
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "out of memory reading the series");
    }
    if (r.faults > DS_CSV_MAX_FAULTS)
        errors_add(errs, DS_EINPUT, path, 0, 0, "",
                   "reading stopped after %d faults; fix these and read it again",
                   DS_CSV_MAX_FAULTS);
    free(text);
    if (errors_count(errs) == nerr) return DS_OK;
    return errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
}

void csv_series_free(csv_series *s)
{
    free(s->day);
    free(s->value);
    free(s->line);
    free(s->col);
    memset(s, 0, sizeof *s);
}
