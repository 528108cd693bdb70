/* cmd_solve.c — `depinsim solve`: its options, the scenario and backend, the
 * bisection of sim/run/solve.c, and the answer with its bracket and the
 * points it evaluated on stdout (table, markdown or CSV). Writes no file. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/report.h"
#include "../run/progress.h"
#include "../run/solve.h"
#include "../stats.h"

const char cli_usage_solve[] =
    "usage: depinsim solve SCENARIO.yaml --vary KEY --range LO:HI --target 'NAME OP P'\n"
    "                      [options]\n"
    "\n"
    "Finds the smallest (or largest) value of KEY in [LO, HI] at which the target\n"
    "holds, by bisection with every point on the same paths (common random\n"
    "numbers). NAME is a claim of the scenario (its probability), death_spiral or\n"
    "sustainable (probabilities), or STAT(METRIC) at the horizon with STAT one of\n"
    "median, mean, p05, p25, p75, p95; OP is >=, >, <= or <. Which end of the range\n"
    "the answer is near is read from where the target holds: met at HI and not at\n"
    "LO gives the smallest value meeting it, the reverse the largest.\n"
    "\n"
    "  --vary KEY          a number key (list items by index: hardware.0.share)\n"
    "  --range LO:HI       the range searched\n"
    "  --target 'N OP P'   e.g. 'keeps_80pct_providers >= 0.9'\n"
    "  --log               bisect in log space (a key over decades; LO > 0)\n"
    "  --tolerance X       stop when the bracket is narrower (default (HI-LO)/1000)\n"
    "  --max-evals N       at most N points, both ends included (default 24, at most 64)\n"
    "  --rescale K1,K2     keys that keep their sum with KEY (a share varied)\n"
    "  --paths N           paths per point (default run.paths)\n"
    "  --variant NAME      the variant searched (default base)\n"
    "  --set KEY=VALUE     override any scenario key (repeatable)\n"
    "  --threads N         OpenMP threads;  --backend auto|cpu|cuda\n"
    "  --format F          table (default) | markdown | csv\n"
    "  -q, --quiet         no progress\n"
    "  -h, --help          this text\n"
    "\n"
    "exit status: 0 an answer (the target met at one end and not the other);\n"
    "1 no crossing in the range (both ends meet it, or neither), or a failure;\n"
    "2 bad usage or input.\n";

typedef struct {
    const char *scenario, *variant, *range, *target, *rescale;
    char **sets;
    int n_sets, threads, backend, format, quiet;
    solve_spec s;
} solve_args;

static int parse_range(const char *t, double *lo, double *hi)
{
    char *end;
    *lo = strtod(t, &end);
    if (end == t || *end != ':') return -1;
    const char *h = end + 1;
    *hi = strtod(h, &end);
    return end == h || *end || !isfinite(*lo) || !isfinite(*hi) || !(*lo < *hi) ? -1 : 0;
}

static int parse_solve(int argc, char **argv, solve_args *a)
{
    /* in the order of DS_BACKEND_* and REPORT_* */
    static const char *const backends[] = {"auto", "cpu", "cuda", NULL};
    static const char *const formats[] = {"table", "markdown", "csv", NULL};
    static const struct option opts[] = {{"vary", required_argument, 0, 'V'},
                                         {"range", required_argument, 0, 'r'},
                                         {"target", required_argument, 0, 'T'},
                                         {"log", no_argument, 0, 'l'},
                                         {"tolerance", required_argument, 0, 'x'},
                                         {"max-evals", required_argument, 0, 'e'},
                                         {"rescale", required_argument, 0, 'R'},
                                         {"paths", required_argument, 0, 'p'},
                                         {"variant", required_argument, 0, 'v'},
                                         {"set", required_argument, 0, 'S'},
                                         {"threads", required_argument, 0, 't'},
                                         {"backend", required_argument, 0, 'b'},
                                         {"format", required_argument, 0, 'f'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    long v;
    int c;
    char *end;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":qh", opts, NULL)) != -1) {
        switch (c) {
        case 'V': snprintf(a->s.key, sizeof a->s.key, "%s", optarg); break;
        case 'r': a->range = optarg; break;
        case 'T': a->target = optarg; break;
        case 'l': a->s.log_scale = 1; break;
        case 'x':
            a->s.tolerance = strtod(optarg, &end);
            if (end == optarg || *end || !(a->s.tolerance > 0))
                return usage_error(cli_usage_solve, "--tolerance: '%s' is not a positive number",
                                   optarg);
            break;
        case 'e':
            if (parse_long(optarg, 3, SOLVE_MAX_EVALS, &v))
                return usage_error(cli_usage_solve, "--max-evals: '%s' is not in 3..%d", optarg,
                                   SOLVE_MAX_EVALS);
            a->s.max_evals = (int)v;
            break;
        case 'R': a->rescale = optarg; break;
        case 'p':
            if (parse_long(optarg, 1, 10000000, &v))
                return usage_error(cli_usage_solve, "--paths: '%s' is not a positive integer",
                                   optarg);
            a->s.paths = (int)v;
            break;
        case 'v': a->variant = optarg; break;
        case 'S': a->sets[a->n_sets++] = optarg; break;
        case 't':
            if (parse_long(optarg, 1, 4096, &v))
                return usage_error(cli_usage_solve, "--threads: '%s' is not in 1..4096", optarg);
            a->threads = (int)v;
            break;
        case 'b':
            if (parse_word(optarg, backends, &a->backend))
                return usage_error(cli_usage_solve, "--backend: '%s' is not auto, cpu or cuda",
                                   optarg);
            break;
        case 'f':
            if (parse_word(optarg, formats, &a->format))
                return usage_error(cli_usage_solve, "--format: '%s' is not table, markdown or csv",
                                   optarg);
            break;
        case 'q': a->quiet = 1; break;
        default: return bad_option(cli_usage_solve, c, argv);
        }
    }
    if (optind != argc - 1) return usage_error(cli_usage_solve, "solve takes one scenario file");
    if (!a->s.key[0] || !a->range || !a->target)
        return usage_error(cli_usage_solve, "solve needs --vary, --range and --target");
    if (parse_range(a->range, &a->s.lo, &a->s.hi))
        return usage_error(cli_usage_solve, "--range: '%s' is not LO:HI with LO < HI", a->range);
    if (a->s.log_scale && !(a->s.lo > 0))
        return usage_error(cli_usage_solve, "--log needs a range above 0");
    a->scenario = argv[optind];
    return DS_OK;
}

static void print_value(FILE *o, double x)
{
    fprintf(o, "%.7g", x);
}

static void print_result(const solve_args *a, const ds_scenario *sc, const solve_result *r, FILE *o)
{
    const solve_spec *s = &a->s;
    static const char *const ops[] = {">=", ">", "<=", "<"};
    int prob = s->target.kind != DS_OUTPUT_METRIC;
    const char *tgt = a->target;
    if (a->format == REPORT_CSV) {
        fputs("key,value,target,output,paths,holds,wilson_lo,wilson_hi,meets\n", o);
        solve_point pts[SOLVE_MAX_EVALS];
        memcpy(pts, r->pts, (size_t)r->n * sizeof *pts);
        for (int i = 0; i < r->n; i++) {
            double lo = NAN, hi = NAN;
            if (prob) stats_wilson(pts[i].count, pts[i].n, &lo, &hi);
            report_csv_text(o, s->key);
            fprintf(o, ",%.17g,", pts[i].x);
            report_csv_text(o, tgt);
            fprintf(o, ",%.17g,%d,%d,%.17g,%.17g,%d\n", pts[i].value, pts[i].n, pts[i].count, lo,
                    hi, pts[i].met);
        }
        return;
    }
    int md = a->format == REPORT_MARKDOWN;
    fputs(md ? "**" : "", o);
    errors_put_text(o, sc->name);
    fputs(md ? "**" : "", o);
    fprintf(o, " (variant ");
    errors_put_text(o, sc->variants[0].name);
    fprintf(o, "): the %s ", r->smallest ? "smallest" : "largest");
    errors_put_text(o, s->key);
    fputs(" in [", o);
    print_value(o, s->lo);
    fputs(", ", o);
    print_value(o, s->hi);
    fputs("] where ", o);
    errors_put_text(o, tgt);
    fprintf(o, ", %d paths per point on common random numbers, %d points in %.1f s\n\n", s->paths,
            r->n, r->seconds);
    if (r->found) {
        fputs(md ? "**answer: " : "answer: ", o);
        print_value(o, r->answer);
        fputs(md ? "**" : "", o);
        fputs(" (bracket [", o);
        print_value(o, fmin(r->answer, r->miss));
        fputs(", ", o);
        print_value(o, fmax(r->answer, r->miss));
        fputs("]: the target holds at ", o);
        print_value(o, r->answer);
        fputs(" and not at ", o);
        print_value(o, r->miss);
        fputs(")\n", o);
        if (!r->monotone)
            fputs("note: the points evaluated do not change verdict once along the range: this "
                  "is one crossing of several\n",
                  o);
    } else {
        fprintf(o, "no answer: the target %s at both ends of the range\n",
                r->met_lo ? "holds" : "fails");
    }
    fputs("\n", o);
    report_grid g = {0};
    g.cols = 4;
    g.rows = 1 + r->n;
    if (!(g.cell = calloc((size_t)g.rows * g.cols, sizeof *g.cell))) return;
    report_grid_text(&g, 0, 0, s->key);
    report_grid_set(&g, 0, 1, "%s%s", prob ? "P" : "value", prob ? " [95% Wilson]" : "");
    report_grid_set(&g, 0, 2, "paths");
    report_grid_set(&g, 0, 3, "meets %s %g", ops[s->op], s->level);
    solve_point pts[SOLVE_MAX_EVALS];
    memcpy(pts, r->pts, (size_t)r->n * sizeof *pts);
    for (int i = 0; i < r->n; i++) /* in order of the key */
        for (int j = i + 1; j < r->n; j++)
            if (pts[j].x < pts[i].x) {
                solve_point t = pts[i];
                pts[i] = pts[j];
                pts[j] = t;
            }
    for (int i = 0; i < r->n; i++) {
        char b1[32], b2[32], b3[32];
        report_grid_set(&g, i + 1, 0, "%s", results_fmt_num(b1, pts[i].x));
        if (prob) {
            double lo, hi;
            stats_wilson(pts[i].count, pts[i].n, &lo, &hi);
            report_grid_set(&g, i + 1, 1, "%.3f [%s, %s]", pts[i].value, results_fmt_num(b2, lo),
                            results_fmt_num(b3, hi));
        } else {
            report_grid_set(&g, i + 1, 1, "%s", results_fmt_num(b2, pts[i].value));
        }
        report_grid_set(&g, i + 1, 2, "%d", pts[i].n);
        report_grid_set(&g, i + 1, 3, "%s", pts[i].met ? "yes" : "no");
    }
    report_grid_print(&g, md, o);
    report_grid_free(&g);
}

static int solve_main(solve_args *a, ds_errors *errs)
{
    ds_scenario sc = {0};
    int rc = scenario_open(a->scenario, a->sets, a->n_sets, &sc, errs);
    if (rc == DS_OK) rc = scenario_select(&sc, a->variant ? a->variant : "base", errs);
    char msg[256];
    const ds_params *P = rc == DS_OK ? &sc.variants[0].params : NULL;
    if (rc == DS_OK && solve_parse_target(P, a->target, &a->s, msg, sizeof msg) < 0) {
        errors_add(errs, DS_EINPUT, "--target", 0, 0, NULL, "%s", msg);
        rc = DS_EINPUT;
    }
    if (rc == DS_OK && a->rescale) {
        char *copy = strdup(a->rescale);
        int n = 0;
        char **items = copy ? split_list(copy, &n) : NULL;
        for (int i = 0; items && i < n && i < 8; i++) a->s.rescale[i] = strdup(items[i]);
        a->s.n_rescale = n < 8 ? n : 8;
        free(items);
        free(copy);
    }
    if (rc == DS_OK && a->s.paths == 0) a->s.paths = P->run.paths;
    ds_backend b;
    if (rc == DS_OK) rc = backend_choose(&b, a->backend, a->threads, errs);
    if (rc == DS_OK) { /* a key that changes nothing cannot cross anything */
        ds_errors warn = {0};
        char why[200];
        if (scenario_inert(P, a->s.key, why, sizeof why) == 1)
            errors_add(&warn, DS_OK, "--vary", 0, 0, a->s.key, "warning: has no effect: %s", why);
        cli_report_warnings(&warn);
    }
    solve_result *res = rc == DS_OK ? calloc(1, sizeof *res) : NULL;
    if (rc == DS_OK && !res) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        rc = DS_EFAIL;
    }
    if (rc == DS_OK) {
        ds_bar bar;
        ds_progress progress = {0};
        progress_bar_init(&bar, !a->quiet && isatty(2) ? DS_PROGRESS_BAR : DS_PROGRESS_NONE,
                          "solving");
        int max = a->s.max_evals ? a->s.max_evals : 24;
        progress.total = (long)max * a->s.paths * ds_params_steps(P);
        progress.paths_total = (long)max * a->s.paths;
        progress.tick = progress_bar_tick;
        progress.ctx = &bar;
        rc = solve_run(&b, &sc, P, &a->s, res, &progress, errs);
        progress_bar_finish(&bar);
        if (rc == DS_OK) {
            print_result(a, &sc, res, stdout);
            if (!res->found) {
                errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                           "solve: the target %s at both ends of [%g, %g]: no crossing to find",
                           res->met_lo ? "holds" : "fails", a->s.lo, a->s.hi);
                rc = DS_EFAIL;
            }
        }
    }
    free(res);
    for (int i = 0; i < a->s.n_rescale; i++) free(a->s.rescale[i]);
    scenario_free(&sc);
    return rc;
}

int cmd_solve(int argc, char **argv)
{
    if (wants_help(argc, argv, cli_usage_solve)) return DS_OK;
    solve_args a;
    memset(&a, 0, sizeof a);
    a.backend = DS_BACKEND_AUTO;
    a.sets = calloc((size_t)argc + 1, sizeof *a.sets);
    if (!a.sets) return errors_report(&(ds_errors){0}, DS_EFAIL);
    int rc = parse_solve(argc, argv, &a);
    if (rc == DS_OK) {
        ds_errors errs = {0};
        rc = solve_main(&a, &errs);
        errors_report(&errs, rc);
    }
    free(a.sets);
    return rc;
}
