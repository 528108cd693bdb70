/* cmd_report.c — the commands that read a results file: `info`, `compare`,
 * `export` and `plot`. Each parses its argv, opens the file (probed in a
 * child process first: results.h) and hands it to sim/report/ or the info
 * printer; it prints the errors and returns the exit status. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/report.h"
#include "../io/results.h"

const char cli_usage_info[] =
    "usage: depinsim info RESULTS.h5\n"
    "\n"
    "Prints the scenario, size, backend, time and the key metrics at the horizon\n"
    "(median and 5-95% band) of every variant.\n"
    "\n"
    "exit status: 0 printed; 2 bad usage, or not a depinsim results file, or\n"
    "damaged; 1 any other failure.\n";

const char cli_usage_compare[] =
    "usage: depinsim compare RESULTS.h5 [--format table|csv|markdown] [--sort KEY]\n"
    "                        [--against VARIANT [--metrics a,b]]\n"
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
    "  --against V  instead: every other variant against variant V path by path\n"
    "               (the variants share their random futures): the median paired\n"
    "               difference with its 95% interval (order statistics), P(better)\n"
    "               with its Wilson interval, and the unpaired difference beside it\n"
    "  --metrics L  with --against: the metrics compared (default: the four above)\n"
    "  -h, --help   this text\n";

const char cli_usage_export[] =
    "usage: depinsim export RESULTS.h5 --csv DIR\n"
    "\n"
    "Writes the results as tidy CSV, one value per row, for spreadsheets and pandas:\n"
    "  DIR/quantiles.csv  variant,metric,time_days,statistic,value,unit\n"
    "                     (statistic: p05 p25 p50 p75 p95 mean)\n"
    "  DIR/finals.csv     variant,metric,path,value,unit  (values at the horizon)\n"
    "  DIR/outcomes.csv   variant,outcome,path,value,unit (per-path outcomes)\n"
    "  DIR/claims.csv     variant,claim,holds,paths,probability,wilson_lo,wilson_hi\n"
    "unit is the value's unit as the results file gives it (\"\" when it gives none).\n"
    "After a sweep every swept key is a column of its own after variant (its value\n"
    "in each sweep variant, empty in the others). With a sensitivity analysis also\n"
    "  DIR/analysis.csv   output,...,factor,...,<the method's statistics>\n"
    "  DIR/design.csv     point,<factor values>,<outputs>: every design point\n"
    "Numbers read back exactly (shortest round-trip form); an undefined value is an\n"
    "empty field. A name a spreadsheet would take for a formula (starting with = + -\n"
    "@, a tab or a line break) gets a leading ', so it shows as text. DIR is created\n"
    "if missing; files in it are replaced.\n"
    "\n"
    "  --csv DIR    the output folder\n"
    "  -h, --help   this text\n";

const char cli_usage_plot[] =
    "usage: depinsim plot RESULTS.h5 [options]\n"
    "\n"
    "Charts a results file with gnuplot: for each metric a fan chart over time\n"
    "(median line, 25-75% and 5-95% bands, variants overlaid; past 3 variants\n"
    "fewer bands) and a histogram of its final values; the histograms of the\n"
    "per-path outcomes; the network price against the cloud prices; and a\n"
    "dashboard page of the key metrics (dashboard.png: start there). The scenario's\n"
    "dated events are marked on the time axes.\n"
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

/* The results file of a report command, opened; DS_OK or the status (the
 * errors reported). */
static int open_for(const char *path, ds_read_results *r)
{
    ds_errors errs = {0};
    int rc = cli_open_results(path, r, &errs);
    return rc == DS_OK ? rc : errors_report(&errs, rc);
}

int cmd_info(int argc, char **argv)
{
    if (wants_help(argc, argv, cli_usage_info)) return DS_OK;
    if (argc != 2) return usage_error(cli_usage_info, "%s", "info takes one results file");
    ds_read_results r;
    ds_errors errs = {0};
    int rc = cli_open_results(argv[1], &r, &errs);
    if (rc == DS_OK) rc = report_info(&r, stdout, &errs);
    /* what experiments add: the selection, the claims' notes, an analysis */
    if (rc == DS_OK) rc = report_info_more(&r, stdout, &errs);
    results_read_free(&r);
    return errors_report(&errs, rc);
}

int cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, 0, 'f'},  {"sort", required_argument, 0, 's'},
        {"against", required_argument, 0, 'a'}, {"metrics", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    if (wants_help(argc, argv, cli_usage_compare)) return DS_OK;
    report_compare_options o = {REPORT_TABLE, NULL, NULL, NULL, 0};
    char *m_arg = NULL;
    int c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'f') {
            if (!strcmp(optarg, "table"))
                o.format = REPORT_TABLE;
            else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md"))
                o.format = REPORT_MARKDOWN;
            else if (!strcmp(optarg, "csv"))
                o.format = REPORT_CSV;
            else
                return usage_error(cli_usage_compare,
                                   "compare: --format '%s': expected table, csv or markdown",
                                   optarg);
        } else if (c == 's') {
            o.sort = optarg;
        } else if (c == 'a') {
            o.against = optarg;
        } else if (c == 'm') {
            m_arg = optarg;
        } else {
            return bad_option(cli_usage_compare, c, argv);
        }
    }
    if (argc - optind != 1) return usage_error(cli_usage_compare, "compare takes one results file");
    if (m_arg && !o.against)
        return usage_error(cli_usage_compare, "compare: --metrics goes with --against");
    if (o.against && o.sort)
        return usage_error(cli_usage_compare, "compare: --sort does not go with --against");
    ds_read_results r;
    int rc = open_for(argv[optind], &r);
    if (rc != DS_OK) return rc;
    const char *key = o.sort ? o.sort + (o.sort[0] == '-') : NULL;
    char *m_copy = m_arg ? strdup(m_arg) : NULL;
    if (m_arg && (!m_copy || !(o.metrics = split_list(m_copy, &o.n_metrics)))) {
        rc = errors_report(&(ds_errors){0}, DS_EFAIL);
    } else if (m_arg && o.n_metrics == 0) {
        rc = usage_error(cli_usage_compare, "compare: --metrics names no metric");
    } else if (o.against) {
        for (int i = 0; i < o.n_metrics && rc == DS_OK; i++)
            if (!report_compare_key_known(&r, o.metrics[i]) ||
                !results_read_metric(&r.variants[0], o.metrics[i]))
                rc = usage_error(cli_usage_compare, "compare: --metrics: no metric '%s' in %s",
                                 o.metrics[i], r.path);
        if (rc == DS_OK) {
            ds_errors errs = {0};
            rc = report_compare_paired(&r, &o, stdout, &errs);
            errors_report(&errs, rc);
        }
    } else if (key && !report_compare_key_known(&r, key)) {
        rc = usage_error(cli_usage_compare,
                         "compare: --sort '%s': not a metric, death_spiral, sustainability_day "
                         "or a claim of %s",
                         key, r.path);
    } else {
        ds_errors errs = {0};
        rc = report_compare(&r, &o, stdout, &errs);
        errors_report(&errs, rc);
    }
    free(o.metrics);
    free(m_copy);
    results_read_free(&r);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"csv", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    if (wants_help(argc, argv, cli_usage_export)) return DS_OK;
    const char *dir = NULL;
    int c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'c')
            dir = optarg;
        else
            return bad_option(cli_usage_export, c, argv);
    }
    if (argc - optind != 1) return usage_error(cli_usage_export, "export takes one results file");
    if (!dir || !dir[0]) return usage_error(cli_usage_export, "export: --csv DIR is required");
    ds_read_results r;
    int rc = open_for(argv[optind], &r);
    if (rc != DS_OK) return rc;
    ds_errors errs = {0};
    rc = report_export(&r, dir, stdout, &errs);
    errors_report(&errs, rc);
    results_read_free(&r);
    return rc;
}

/* plot's options; DS_OK, or the status of a usage error (printed). */
static int parse_plot(int argc, char **argv, report_plot_options *o, char **m_arg, char **v_arg)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"format", required_argument, 0, 'f'},
                                         {"metrics", required_argument, 0, 'm'},
                                         {"variants", required_argument, 0, 'v'},
                                         {"keep-data", no_argument, 0, 'k'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->outdir = optarg; break;
        case 'f':
            if (strcmp(optarg, "png") && strcmp(optarg, "svg") && strcmp(optarg, "pdf"))
                return usage_error(cli_usage_plot, "plot: --format '%s': expected png, svg or pdf",
                                   optarg);
            o->format = optarg;
            break;
        case 'm': *m_arg = optarg; break;
        case 'v': *v_arg = optarg; break;
        case 'k': o->keep_data = 1; break;
        default: return bad_option(cli_usage_plot, c, argv);
        }
    }
    if (argc - optind != 1) return usage_error(cli_usage_plot, "plot takes one results file");
    if (o->outdir && !o->outdir[0]) return usage_error(cli_usage_plot, "plot: -o needs a folder");
    return DS_OK;
}

int cmd_plot(int argc, char **argv)
{
    if (wants_help(argc, argv, cli_usage_plot)) return DS_OK;
    report_plot_options o = {NULL, "png", NULL, 0, NULL, 0, 0};
    char *m_arg = NULL, *v_arg = NULL;
    int rc = parse_plot(argc, argv, &o, &m_arg, &v_arg);
    if (rc != DS_OK) return rc;
    ds_read_results r;
    rc = open_for(argv[optind], &r);
    if (rc != DS_OK) return rc;
    ds_errors errs = {0};
    char *m_copy = m_arg ? strdup(m_arg) : NULL, *v_copy = v_arg ? strdup(v_arg) : NULL;
    if ((m_arg && (!m_copy || !(o.metrics = split_list(m_copy, &o.n_metrics)))) ||
        (v_arg && (!v_copy || !(o.variants = split_list(v_copy, &o.n_variants))))) {
        rc = DS_EFAIL;
        errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    } else if (v_arg && o.n_variants == 0) {
        rc = usage_error(cli_usage_plot, "plot: --variants selects no variant");
    } else {
        rc = report_plot(&r, &o, stdout, &errs);
    }
    errors_report(&errs, rc);
    free(o.metrics);
    free(o.variants);
    free(m_copy);
    free(v_copy);
    results_read_free(&r);
    return rc;
}
