/* plot_int.h — the parts of `depinsim plot` inside sim/report/: axes and
 * histogram bins (plot_axes.c), gnuplot itself (plot_gnuplot.c: finding it
 * and the templates, running it, the signals meanwhile, its number and string
 * syntax) and the files (plot_files.c: a private folder, publishing into the
 * output folder without following links). plot.c writes the data and the
 * script. Not for use outside this folder. */
#ifndef DS_PLOT_INT_H
#define DS_PLOT_INT_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "../error.h"
#include "../io/results_read.h"

/* ---------------------------------------------------------------- axes */

/* The extent of the values an axis must show. */
typedef struct {
    double min, max;
    long n;
} extent;

void plot_extent_init(extent *e);
void plot_extent_add(extent *e, double x); /* non-finite values are left out */

/* A y (or x) axis: range, log or linear, and a power-of-1000 divisor so tick
 * labels stay short ("USD, millions" with ticks 1 2 3, not 1e+06). */
typedef struct {
    int valid, logscale;
    double lo, hi, scale;
    char label[256];
    char ticks[256]; /* a gnuplot tick list for a short log axis, else "" */
} axis;

/* 1-2-5 ticks on a log axis of at most three decades, into buf ("" if none). */
void plot_log_ticks(char *buf, size_t n, double lo, double hi);
void plot_axis_fit(axis *a, const extent *e, const char *units, int include_one, int allow_log);
/* A quarter more room above the data, where a panel's key goes. */
void plot_axis_headroom(axis *a);
/* The axis as gnuplot variables ylo_<key>, yhi_<key>, logy_<key>, ys_<key>,
 * ylab_<key>, yt_<key>. */
void plot_gp_axis(FILE *o, const char *key, const axis *a);

/* Histogram bins, the same for every variant so the boxes line up. */
typedef struct {
    int n, logscale;
    double lo, hi; /* edges of the first and last bin */
} bins;

void plot_bins_fit(bins *b, const extent *e, int all_integer, long max_paths);
double plot_bin_edge(const bins *b, int k);
/* Variant i of n's slice of bin k, side by side with a gap between bins. */
void plot_bin_slice(const bins *b, int k, int i, int n, double *lo, double *hi);
int plot_bin_of(const bins *b, double x);

/* ---------------------------------------------------------------- gnuplot */

#define PLOT_INSTALL_HINT "install it with: apt-get install gnuplot-nox"

/* A number for a data file or the script; NaN and the infinities as
 * gnuplot's missing value. */
void plot_gp_num(FILE *o, double x);

/* An executable: a path as given, or a name on PATH, into out. 0 or -1. */
int plot_find_program(const char *cmd, char *out, size_t n);

/* The templates folder: $DEPINSIM_PLOTS; else an install's share/depinsim/plots
 * beside the executable, or the source tree (datadir.h). 0, or -1 with an error. */
int plot_find_templates(char *out, size_t n, ds_errors *errs);

/* Signals while plotting (plot_gnuplot.c): the first SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT or SIGPIPE is recorded (plot_signal() returns it) and stops gnuplot;
 * SIGXFSZ is ignored meanwhile. */
typedef struct plot_signals plot_signals;
plot_signals *plot_signals_catch(void);
void plot_signals_restore(plot_signals *ps);
int plot_signal(void); /* the signal caught, or 0 */
const char *plot_signal_name(int sig);

/* Runs `gnuplot plot.gp` in workdir, its output into workdir/gnuplot.log;
 * prog is an absolute path. The exit status (128 + signal when killed), or -1
 * when it could not start. */
int plot_run_gnuplot(const char *prog, const char *workdir);

/* gnuplot's own words (the last 60 lines of its log) as notes in errs. */
void plot_show_log(const char *log, ds_errors *errs);

/* Removes the private folder and the files in it. */
void plot_remove_workdir(const char *dir);

/* ---------------------------------------------------------------- the run */

/* Everything gnuplot reads and writes lives in a private folder (mkdtemp)
 * that gnuplot runs in, under names this program chose: the script names no
 * path from the command line or a results file, so none can be a pipe
 * ('|cmd', '<cmd') to gnuplot. The charts are copied to their destination
 * afterwards (plot_publish_file), the data too with --keep-data. */
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
    FILE *out; /* where notes for the user go ("no chart of ...") */
    ds_errors *errs;
    char (*labels)[256]; /* [nsel] the variants as keys name them (plot_labels) */
    int cloud_groups;    /* variants with cloud prices of their own (plot_gp_cloud_groups) */
} plot_ctx;

/* ---------------------------------------------------------------- style (plot_style.c) */

/* text as a gnuplot string expression in lines of at most width characters
 * (broken at spaces, else after - _ , / . ;), joined with "\n"; the last of
 * max_lines ends in "..." when text goes on. Returns the number of lines. */
int plot_gp_wrapped(FILE *o, const char *text, int width, int max_lines);

/* p->labels: each selected variant's name, a sweep's with every swept path
 * cut to its last part ("tokens_per_day=1e4,decline_per_year=0.1") while
 * the labels stay distinct. 0, or -1 out of memory. */
int plot_labels(plot_ctx *p);

/* The key and legend layout as script variables, from the labels' widths
 * (and the bands drawn, 0 to 2, which have legend entries too):
 * keybelow (a chart's key below the plot, not at its right), keycols (its
 * columns there), legcols and legrows (the dashboard's legend), vmarks (marks
 * on the lines: the colours repeat past seven) and vpi (records between
 * marks). */
void plot_gp_layout(const plot_ctx *p, int bands);

/* The selected variants grouped by their cloud prices (the medians of the
 * four series, equal record by record), as script variables: ncg groups,
 * cgv[g] the group's first variant, cgname[g] its key text, cloudall (all
 * four series per group, else on-demand only). Returns ncg, or -1. */
int plot_gp_cloud_groups(const plot_ctx *p);

/* name on a list of names (strdup'd). 0, or -1 out of memory. */
int plot_name_add(char ***list, int *n, const char *name);

/* "<stem>.<ext>" into name, and on the list of charts. 0, or -1. */
int plot_add_chart(plot_ctx *p, const char *stem, char *name, size_t n);
/* A new file in the private folder (on the --keep-data list); NULL, said. */
FILE *plot_work_create(plot_ctx *p, const char *name);
/* Closes a file plot_work_create made. 0, or -1 (said). */
int plot_work_close(plot_ctx *p, FILE *f, const char *name);

/* The charts of experiments (plot_experiments.c): a heatmap per metric,
 * outcome and claim when the file holds a two-axis sweep, and a bar chart of
 * the indices per output when it holds a sensitivity analysis. DS_OK or the
 * status. */
int plot_experiments(plot_ctx *p, char **want_m, int n_want_m);

/* ---------------------------------------------------------------- files */

/* "results/default.h5" → "results/default_plots" */
void plot_default_outdir(char *out, size_t n, const char *path);

/* Whether name in folder dir (open as dirfd) may be replaced: DS_OK when it
 * does not exist or is a regular file; DS_EINPUT when it is anything else (a
 * symbolic link above all); DS_EFAIL when that cannot be told. */
int plot_dest_check(int dirfd, const char *dir, const char *name, ds_errors *errs);

/* Copies src to name in folder dirfd: into a new temporary beside it, renamed
 * over name when complete; never written through a link. DS_OK or the status. */
int plot_publish_file(const char *src, int dirfd, const char *dir, const char *name,
                      ds_errors *errs);

/* Opens folder path to publish into; with nofollow a symbolic link is refused. */
int plot_open_folder(const char *path, int nofollow, int *fd, ds_errors *errs);

/* The templates plot.gp loads, copied into the private folder. */
int plot_copy_templates(plot_ctx *p, const char *tpl, int workfd);

/* Makes the output folder (and DIR/data with keep) and checks, before gnuplot
 * runs, that every file to publish may be replaced: all or nothing. */
int plot_outputs_open(const plot_ctx *p, const char *outdir, int keep, int *outfd, int *datafd);

/* Copies names (files of the private folder) into folder dirfd; *done counts
 * them. DS_OK or the status. */
int plot_publish_all(const plot_ctx *p, char **names, int n, int dirfd, const char *dir, int *done);

#endif
