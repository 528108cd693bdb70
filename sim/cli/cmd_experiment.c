/* cmd_experiment.c — `depinsim sensitivity`: its options, the progress and
 * signals around the stages of sim/run/sensitivity.c and run.c, the ranked
 * tables on stdout, the warnings and errors on stderr. The experiment itself
 * prints nothing. (`solve` is cmd_solve.c.) */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/report.h"
#include "../run/progress.h"
#include "../run/sensitivity.h"
#include "signals.h"

const char cli_usage_sensitivity[] =
    "usage: depinsim sensitivity SCENARIO.yaml [options]\n"
    "\n"
    "Runs the scenario's analysis: block: every design point (Sobol, Morris or a\n"
    "Latin hypercube over the factors' ranges) on the same paths (common random\n"
    "numbers), the indices of every output with bootstrap intervals, and the\n"
    "analysed variant itself; writes one results file (the variant, and the\n"
    "analysis under /analysis) and prints the factors ranked per output.\n"
    "\n"
    "  -o, --output FILE     results file (default: <scenario name>.h5 here)\n"
    "      --variant NAME    the variant analysed (default: base)\n"
    "      --paths N         paths per design point (overrides analysis.paths)\n"
    "      --samples N       overrides analysis.samples\n"
    "      --set KEY=VALUE   override any scenario key (repeatable)\n"
    "      --threads N       OpenMP threads (default: all cores)\n"
    "      --backend B       auto | cpu | cuda (default auto)\n"
    "      --format F        table (default) | markdown | csv: the ranked tables\n"
    "      --force           overwrite an existing regular file\n"
    "      --max-memory SIZE refuse runs needing more host memory\n"
    "      --progress MODE   auto | bar | log | none\n"
    "  -q, --quiet           no progress and no tables\n"
    "  -h, --help            this text\n"
    "\n"
    "exit status: 0 written; 2 bad usage, no analysis block, a design point that\n"
    "is no valid scenario; 1 the run failed or was interrupted (nothing written).\n";

typedef struct {
    ds_run_options o;
    const char *variant;
    int quiet, progress, format;
    char setbuf[2][64];
} exp_args;

static int parse_sensitivity(int argc, char **argv, exp_args *a)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},   {"variant", required_argument, 0, 'v'},
        {"paths", required_argument, 0, 'p'},    {"samples", required_argument, 0, 'n'},
        {"set", required_argument, 0, 'S'},      {"threads", required_argument, 0, 't'},
        {"backend", required_argument, 0, 'b'},  {"format", required_argument, 0, 'f'},
        {"force", no_argument, 0, 'F'},          {"max-memory", required_argument, 0, 'm'},
        {"progress", required_argument, 0, 'g'}, {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    static const char *const backends[] = {"auto", "cpu", "cuda", NULL};
    static const char *const progress[] = {"auto", "none", "bar", "log", NULL};
    static const char *const formats[] = {"table", "markdown", "csv", NULL};
    ds_run_options *o = &a->o;
    long v;
    int c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->out = optarg; break;
        case 'v': a->variant = optarg; break;
        case 'p':
        case 'n':
            if (parse_long(optarg, c == 'p' ? 1 : 2, 1000000, &v))
                return usage_error(cli_usage_sensitivity, "--%s: '%s' is not a positive integer",
                                   c == 'p' ? "paths" : "samples", optarg);
            snprintf(a->setbuf[c == 'n'], sizeof a->setbuf[0], "analysis.%s=%ld",
                     c == 'p' ? "paths" : "samples", v);
            o->sets[o->n_sets++] = a->setbuf[c == 'n'];
            break;
        case 'S': o->sets[o->n_sets++] = optarg; break;
        case 't':
            if (parse_long(optarg, 1, 4096, &v))
                return usage_error(cli_usage_sensitivity, "--threads: '%s' is not in 1..4096",
                                   optarg);
            o->threads = (int)v;
            break;
        case 'b':
            if (parse_word(optarg, backends, &o->backend))
                return usage_error(cli_usage_sensitivity,
                                   "--backend: '%s' is not auto, cpu or cuda", optarg);
            break;
        case 'f':
            if (parse_word(optarg, formats, &a->format))
                return usage_error(cli_usage_sensitivity,
                                   "--format: '%s' is not table, markdown or csv", optarg);
            break;
        case 'F': o->force = 1; break;
        case 'm':
            o->max_memory = parse_size(optarg);
            if (o->max_memory < 0)
                return usage_error(cli_usage_sensitivity, "--max-memory: '%s' is not a size",
                                   optarg);
            break;
        case 'g':
            if (parse_word(optarg, progress, &a->progress))
                return usage_error(cli_usage_sensitivity,
                                   "--progress: '%s' is not auto, bar, log or none", optarg);
            break;
        case 'q': a->quiet = 1; break;
        case 'h': return DS_OK;
        default: return bad_option(cli_usage_sensitivity, c, argv);
        }
    }
    if (optind != argc - 1)
        return usage_error(cli_usage_sensitivity, "%s", "sensitivity takes one scenario file");
    o->scenario = argv[optind];
    o->variants = a->variant ? a->variant : "base";
    return DS_OK;
}

/* Factors that change nothing under the analysed variant's settings: their
 * indices would be 0 by construction. */
static void warn_inert_factors(const ds_scenario *sc, ds_errors *warn)
{
    char why[200];
    for (int f = 0; f < sc->analysis.n_factors; f++) {
        const ds_factor_spec *fs = &sc->analysis.factors[f];
        if (scenario_inert(&sc->variants[0].params, fs->key, why, sizeof why) == 1)
            errors_add(warn, DS_OK, sc->path, fs->line, fs->col, fs->key,
                       "warning: has no effect: %s (its indices are 0 by construction)", why);
    }
}

static int stages(ds_run *r, ds_sensitivity *s, exp_args *a, ds_errors *errs)
{
    int rc = run_prepare(r, &a->o, errs);
    if (rc != DS_OK) return rc;
    ds_errors warn = {0};
    warn_inert_factors(&r->sc, &warn);
    cli_report_warnings(&warn);
    rc = sensitivity_prepare(s, r, errs);
    if (rc != DS_OK) return rc;
    int mode = a->progress;
    if (mode == DS_PROGRESS_AUTO)
        mode = !a->quiet && isatty(2) ? DS_PROGRESS_BAR : DS_PROGRESS_NONE;
    ds_bar bar;
    signals_install(r);
    /* the analysed variant itself, then the design */
    progress_bar_init(&bar, mode, "the variant");
    r->progress.tick = progress_bar_tick;
    r->progress.ctx = &bar;
    rc = run_simulate(r, &a->o, errs);
    progress_bar_finish(&bar);
    if (rc == DS_OK) {
        progress_bar_init(&bar, mode, "the design");
        rc = sensitivity_evaluate(s, r, errs);
        const ds_progress *p = &r->progress;
        progress_bar_tick(&bar, p->done, p->total, p->paths_done, p->paths_total);
        progress_bar_finish(&bar);
    }
    r->progress.tick = NULL;
    if (rc == DS_OK) rc = sensitivity_estimate(s, errs);
    if (rc == DS_OK) rc = run_summarise(r, errs);
    r->analysis = &s->out;
    if (rc == DS_OK) rc = run_write(r, &a->o, errs);
    if (rc == DS_OK && !a->quiet) {
        if (a->format != REPORT_CSV) {
            printf("depinsim %s: ", DS_VERSION);
            errors_put_text(stdout, r->sc.name);
            printf(" (variant ");
            errors_put_text(stdout, r->sc.variants[0].name);
            printf("): %d design points x %d paths x %d steps = %.3g path-steps, %.1f s on %s\n",
                   s->points, s->out.paths, ds_params_steps(&r->sc.variants[0].params),
                   sensitivity_path_steps(s, r), s->seconds, r->backend.device);
            printf("  wrote ");
            errors_put_text(stdout, r->out);
            printf("\n\n");
        }
        rc = report_analysis(r->sc.name, &s->out, a->format, stdout, errs);
    }
    return rc;
}

int cmd_sensitivity(int argc, char **argv)
{
    if (wants_help(argc, argv, cli_usage_sensitivity)) return DS_OK;
    exp_args a;
    memset(&a, 0, sizeof a);
    a.o.backend = DS_BACKEND_AUTO;
    a.progress = DS_PROGRESS_AUTO;
    a.o.sets = calloc((size_t)argc + 2, sizeof *a.o.sets);
    if (!a.o.sets) return errors_report(&(ds_errors){0}, DS_EFAIL);
    int rc = parse_sensitivity(argc, argv, &a);
    if (rc != DS_OK) {
        free(a.o.sets);
        return rc;
    }
    ds_errors errs = {0};
    ds_run *r = calloc(1, sizeof *r);
    ds_sensitivity *s = calloc(1, sizeof *s);
    if (!r || !s) {
        rc = DS_EFAIL;
        errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    } else {
        rc = stages(r, s, &a, &errs);
    }
    errors_report(&errs, rc);
    signals_restore();
    if (s) sensitivity_free(s);
    if (r) run_free(r);
    free(s);
    free(r);
    free(a.o.sets);
    return rc;
}
