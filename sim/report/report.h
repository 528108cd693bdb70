/* report.h — results files turned into things people read: `info` (a
 * summary for a terminal: info.c), `compare` (one row per variant as a
 * table, markdown or CSV: compare.c), `export` (tidy CSV: export.c) and
 * `plot` (gnuplot charts and a dashboard: plot.c, plot_axes.c,
 * plot_gnuplot.c, plot_files.c).
 * Each takes a file read through results_read.h, writes what it makes to
 * `out` or to files, and returns a status with its errors in errs; the
 * command line (sim/cli/cmd_report.c) parses argv and prints them. */
#ifndef DS_REPORT_H
#define DS_REPORT_H

#include <stdio.h>

#include "../error.h"
#include "../io/results_ext.h"
#include "../io/results_read.h"

/* ---------------------------------------------------------------- info */

/* The scenario, size, backend, time and the key metrics at the horizon
 * (median and 5-95% band), the outcomes and the claims of every variant,
 * into out, whole or not at all. DS_OK or DS_EFAIL (memory, a failed write). */
int report_info(const ds_read_results *r, FILE *out, ds_errors *errs);

/* results_read, then report_info: DS_EINPUT when the file is not a depinsim
 * results file or is damaged. (The command probes the file first.) */
int report_info_file(const char *path, FILE *out, ds_errors *errs);

/* ---------------------------------------------------------------- compare */

enum { REPORT_TABLE, REPORT_MARKDOWN, REPORT_CSV };

typedef struct {
    int format;          /* REPORT_TABLE, _MARKDOWN or _CSV */
    const char *sort;    /* "KEY" ascending, "-KEY" descending, or NULL: the file's order */
    const char *against; /* --against VARIANT: paired differences (compare_paired.c), or NULL */
    char **metrics;      /* --metrics for --against, or NULL: the four of the table */
    int n_metrics;
} report_compare_options;

/* Whether rows can be sorted by key (without its '-'): a metric of the file,
 * death_spiral, sustainability_day or a claim. */
int report_compare_key_known(const ds_read_results *r, const char *key);

/* The table into out: DS_OK, or DS_EFAIL (memory, a failed write). */
int report_compare(const ds_read_results *r, const report_compare_options *o, FILE *out,
                   ds_errors *errs);

/* Every variant against o->against path by path (common random numbers):
 * the median paired difference with its order-statistic 95% interval, P(better)
 * with its Wilson interval, the unpaired difference for contrast. DS_OK,
 * DS_EINPUT (no such variant, a damaged per-path set) or DS_EFAIL. */
int report_compare_paired(const ds_read_results *r, const report_compare_options *o, FILE *out,
                          ds_errors *errs);

/* ---------------------------------------------------------------- analysis */

/* A sensitivity analysis (results_ext.h) as tables into out: per output the
 * factors ranked with their intervals (table or markdown), or one CSV.
 * DS_OK, or DS_EFAIL (memory). */
int report_analysis(const char *scenario, const ds_analysis *a, int format, FILE *out,
                    ds_errors *errs);

/* What `info` adds for experiments: the variant selection, the claims that
 * are conditional or decided by construction, the analysis tables. */
int report_info_more(const ds_read_results *r, FILE *out, ds_errors *errs);

/* ---------------------------------------------------------------- export */

/* quantiles.csv, finals.csv, outcomes.csv and claims.csv into dir (made when
 * missing; each written under a temporary name and renamed), and a line on
 * out. DS_OK, DS_EINPUT (a damaged per-path dataset) or DS_EFAIL. */
int report_export(const ds_read_results *r, const char *dir, FILE *out, ds_errors *errs);

/* ---------------------------------------------------------------- plot */

typedef struct {
    const char *outdir; /* or NULL: <results stem>_plots beside the file */
    const char *format; /* "png", "svg" or "pdf" */
    char **metrics;     /* --metrics, or NULL: all */
    int n_metrics;
    char **variants; /* --variants, or NULL: all */
    int n_variants;
    int keep_data; /* keep the data, script and templates in outdir/data */
} report_plot_options;

/* The charts (gnuplot, run in a private folder) into outdir, and a line on
 * out. DS_OK; DS_EINPUT (an unknown variant or metric, an output that is not
 * a regular file); DS_EFAIL (no gnuplot, gnuplot failed, I/O); or 128 + the
 * signal when interrupted by SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE,
 * after stopping gnuplot and removing its temporary files. */
int report_plot(const ds_read_results *r, const report_plot_options *o, FILE *out, ds_errors *errs);

/* ---------------------------------------------------------------- tables */

/* A table of strings, [rows × cols], row 0 the header: compare's tables and
 * solve's (cells set by the callers, aligned or as markdown here). */
typedef struct {
    char **cell;
    int rows, cols;
} report_grid;

char **report_grid_at(report_grid *g, int r, int c);
void report_grid_free(report_grid *g);
/* A cell from a format; 0, or -1 out of memory. */
int report_grid_set(report_grid *g, int r, int c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Untrusted text (a name from the file) as a cell, escaped for the terminal. */
int report_grid_text(report_grid *g, int r, int c, const char *s);
/* The grid aligned (table) or as a markdown table into o; 0, or -1. */
int report_grid_print(report_grid *g, int markdown, FILE *o);

/* ---------------------------------------------------------------- escapers */

/* The escapers every untrusted string (names, units, titles from a results
 * file) passes on its way into a file; public for the tests. Text bound for a
 * terminal passes errors_put_text (error.h) instead. */

/* s as a gnuplot string expression: single-quoted pieces (where gnuplot
 * substitutes nothing: no `command`, no @macro), a quote as "'" between
 * them ('it'."'".'s'); control characters (C0, DEL, C1) as spaces, bytes
 * that are not UTF-8 as '?'. Only for the right side of an assignment. */
void report_gp_quote(FILE *o, const char *s);

/* s as a CSV text cell: RFC 4180 quoting, and a leading ' where a
 * spreadsheet would read a formula (= + - @ tab CR LF first). */
void report_csv_text(FILE *o, const char *s);

#endif
