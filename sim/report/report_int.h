/* report_int.h — what compare, export and plot share inside sim/report/
 * (report.c): number formats, paths, folders and the horizon's words. Not
 * for use outside this folder. */
#ifndef DS_REPORT_INT_H
#define DS_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "../error.h"
#include "../io/results_read.h"

#define REPORT_DASH "\xe2\x80\x94" /* "—": a value the file does not have */

/* The shortest decimal that reads back as the same double (at most 17
 * significant digits); NaN as nothing, the spreadsheet's empty cell. */
const char *report_fmt_exact(char buf[40], double x);

/* A number as a CSV cell: report_fmt_exact. */
void report_csv_num(FILE *o, double x);

/* mkdir -p. Returns 0, or -1 with errno. */
int report_make_dirs(const char *path);

/* A file path into out; -1, with an error in errs, when it does not fit (a
 * path cut short would name another file). */
int report_path_fmt(ds_errors *errs, char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The last record's quantiles of a metric of a variant, or NULL. */
const double *report_last_quantiles(const ds_read_results *r, const ds_read_variant *v,
                                    const char *metric);

/* "day 1095 (3.00 years)" */
void report_horizon_text(char *buf, size_t n, double days);

/* In "key=value" lines (a variant's overrides or swept point), the value of
 * key as a copy to free, or NULL when no line names it. */
char *report_line_value(const char *text, const char *key);

/* " (partial: 40 of 100 paths, an interrupted run)", or "" for a complete file */
void report_partial_text(char *buf, size_t n, const ds_read_results *r);

#endif
