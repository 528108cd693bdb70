/* cmd_run.c — `depinsim run`: its options, the signals around the run, the
 * progress bar, the summary on stdout and the errors on stderr. The run
 * itself is sim/run/run.c's stages, which print nothing. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../run/cluster.h"
#include "../run/progress.h"
#include "../run/run.h"
#include "signals.h"

const char cli_usage_run[] =
    "usage: depinsim run SCENARIO.yaml [options]\n"
    "\n"
    "  -o, --output FILE     results file: a new name or a regular file (never a device,\n"
    "                        FIFO, directory or symbolic link); default: <scenario\n"
    "                        name>.h5 here, the name reduced to [A-Za-z0-9._-]\n"
    "      --paths N         Monte Carlo paths (overrides run.paths)\n"
    "      --seed S          random seed, 0..4294967295 (overrides run.seed)\n"
    "      --threads N       OpenMP threads (default: all cores)\n"
    "      --backend B       auto | cpu | cuda (default auto)\n"
    "      --set KEY=VALUE   override any scenario key, e.g. token.impact=0.5 (repeatable)\n"
    "      --variants LIST   run only these variants (comma-separated names, e.g.\n"
    "                        base,halving); the results file says which ran\n"
    "      --force           overwrite an existing regular file\n"
    "      --partial         if interrupted, write the completed paths (complete=false)\n"
    "      --max-memory SIZE refuse runs needing more host memory, e.g. 512M, 4G, 1.5GiB\n"
    "                        (default and ceiling: what is available now)\n"
    "      --progress MODE   auto | bar | log | none (default auto: the bar on a terminal);\n"
    "                        log prints a line as paths complete, for batch jobs\n"
    "      --paths-range A:B simulate paths A..B-1 only and write a shard: a results file\n"
    "                        of those paths that `depinsim merge` puts together with the\n"
    "                        others into the file one run would have written\n"
    "      --checkpoint DIR  save completed blocks of paths in DIR as they finish\n"
    "      --resume DIR      go on from DIR's blocks (after kill -9, a power cut): the\n"
    "                        same results as an uninterrupted run; the scenario, --set\n"
    "                        options, seed and binary must be those of the checkpoint\n"
    "  -q, --quiet           no progress bar and no summary\n"
    "  -h, --help            this text\n"
    "\n"
    "Under mpirun or srun (a build with MPI), each rank simulates a contiguous share of\n"
    "the paths and rank 0 writes the one file, identical to a single process's.\n"
    "\n"
    "The output path is checked before simulating. The file is written under a\n"
    "temporary name and renamed when complete. The first SIGINT, SIGTERM or SIGHUP\n"
    "stops the run (nothing written, or the completed paths with --partial); a\n"
    "second, or any other fatal signal, removes the temporary and ends the run.\n"
    "\n"
    "exit status: 0 written; 2 bad usage, bad scenario or unusable output path\n"
    "(checked before simulating; nothing written); 1 the run failed or was\n"
    "interrupted (with --partial: the completed paths were written, complete=0);\n"
    "128+N died of signal N, temporary removed (130: a second Ctrl-C,\n"
    "143: a second SIGTERM).\n";

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* What the run did, on stdout: sizes, time and throughput, the file, and per
 * variant (the first eight) the key metrics at the horizon, the outcomes and
 * the claims. Names from the scenario pass the escaper. */
static void print_summary(const ds_run *r)
{
    const ds_scenario *sc = &r->sc;
    const ds_params *P = &sc->variants[0].params;
    const ds_run_variant *vd = r->vd;
    const char *out = r->out, *device = r->backend.device;
    double wall = r->wall_seconds;
    int complete = r->complete;
    int R = ds_params_records(P), paths = P->run.paths;
    double psteps = 0.0;
    for (int v = 0; v < sc->n_variants; v++)
        psteps += (double)vd[v].ran * ds_params_steps(P) * sc->variants[v].params.prov.count;
    printf("depinsim %s: ", DS_VERSION);
    errors_put_text(stdout, sc->name);
    printf("%s\n", complete ? "" : " (partial: interrupted)");
    printf("  %d paths x %d steps of %g day(s), %d providers, %d variant(s)", paths,
           ds_params_steps(P), P->run.step_days, P->prov.count, sc->n_variants);
    if (sc->variants_selected) printf(" of %d (--variants)", sc->variants_in_scenario);
    printf(", seed %u\n", P->run.seed);
    printf("  %.2f s on %s: %.3g provider-steps/s, peak memory %.1f MiB\n", wall, device,
           wall > 0 ? psteps / wall : 0.0, peak_rss_kib() / 1024.0);
    printf("  wrote ");
    errors_put_text(stdout, out);
    printf("\n");
    static const int keys[] = {DS_M_TOKEN_PRICE,   DS_M_ACTIVE_PROVIDERS,      DS_M_UTILIZATION,
                               DS_M_NETWORK_PRICE, DS_M_CLOUD_REFERENCE,       DS_M_PRICE_RATIO,
                               DS_M_SUBSIDY,       DS_M_SUBSIDY_ADJUSTED_RATIO};
    int shown = sc->n_variants < 8 ? sc->n_variants : 8;
    for (int v = 0; v < shown; v++) {
        if (!vd[v].kept) continue;
        printf("  ");
        errors_put_text(stdout, sc->variants[v].name);
        printf(" at day %g: median [5%%, 95%%]", ds_params_steps(P) * P->run.step_days);
        if (vd[v].kept < paths) printf(" over %d of %d paths", vd[v].kept, paths);
        if (vd[v].invalid) printf(" (%d invalid left out)", vd[v].invalid);
        printf("\n");
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            const double *qq = vd[v].q + ((size_t)keys[k] * R + (R - 1)) * DS_N_QUANTILES;
            char ub[96];
            printf("    %-24s %10.4g  [%.4g, %.4g]  ", ds_metric_names[keys[k]], qq[DS_Q_P50],
                   qq[DS_Q_P05], qq[DS_Q_P95]);
            errors_put_text(
                stdout, results_unit(ds_metric_units[keys[k]], P->run.unit_name, ub, sizeof ub));
            printf("\n");
        }
        const ds_outcome_summary *o = &vd[v].osum;
        printf("    death spiral P = %.3f [%.3f, %.3f]; sustainable on %.0f%% of paths",
               o->death_spiral_probability, o->death_spiral_wilson_lo, o->death_spiral_wilson_hi,
               100.0 * o->sustainable_share);
        if (!isnan(o->sustainability_day_median))
            printf(" (median from day %g)", o->sustainability_day_median);
        printf("\n");
        for (int c = 0; c < sc->variants[v].params.n_claims; c++) {
            const ds_claim_result *cl = &vd[v].cl[c];
            printf("    claim ");
            errors_put_text(stdout, cl->name);
            printf(": %s: P = %.3f [%.3f, %.3f] (%d/%d paths)\n", cl->text, cl->probability,
                   cl->wilson_lo, cl->wilson_hi, cl->holds, cl->paths);
        }
    }
    if (shown < sc->n_variants) {
        printf("  ... and %d more variant(s): depinsim info ", sc->n_variants - shown);
        errors_put_text(stdout, out);
        printf("\n");
    }
}

/* A device that is there but cannot run, or failed during the run, is worth a
 * line (no device at all is not); once. */
static void say_fallback(const ds_backend *b, int *said)
{
    if (!b->fell_back || *said) return;
    fputs("depinsim: --backend auto: ", stderr);
    errors_put_text(stderr, b->reason);
    fputs("; running on the CPU\n", stderr);
    *said = 1;
}

/* After the run: claims the scenario decides by construction (judged per
 * variant in run_summarise), and variants whose every result equals the
 * base's (their overrides changed nothing on these paths). */
static void warn_after_run(const ds_run *r)
{
    ds_errors warn = {0};
    cli_claim_notes *cn = calloc(1, sizeof *cn);
    for (int v = 0; cn && v < r->sc.n_variants; v++)
        for (int c = 0; r->vd[v].kept && c < r->sc.variants[v].params.n_claims; c++)
            cli_claim_note(cn, r->sc.variants[v].name, r->sc.variants[v].params.claims[c].name,
                           r->vd[v].cl_why[c]);
    if (cn) cli_claim_notes_report(cn, r->sc.n_variants, &warn);
    free(cn);
    run_identical_variants(r, &warn);
    cli_report_warnings(&warn);
}

/* The options of run; DS_OK, or the status of a usage error (printed). */
typedef struct {
    ds_run_options o;
    int quiet, progress, help;
    char setbuf[2][64]; /* --paths and --seed as "run.*=" overrides */
    int have_ckpt;      /* --checkpoint or --resume given */
} run_args;

/* "A:B", two plain decimal integers with A < B. */
static int parse_range(const char *s, int *a, int *b)
{
    const char *colon = strchr(s, ':');
    char left[32];
    long x, y;
    if (!colon || (size_t)(colon - s) >= sizeof left) return -1;
    memcpy(left, s, (size_t)(colon - s));
    left[colon - s] = 0;
    if (parse_long(left, 0, INT_MAX, &x) || parse_long(colon + 1, 1, INT_MAX, &y) || x >= y)
        return -1;
    *a = (int)x;
    *b = (int)y;
    return 0;
}

static int parse_run(int argc, char **argv, run_args *a)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"paths", required_argument, 0, 'p'},
                                         {"seed", required_argument, 0, 's'},
                                         {"threads", required_argument, 0, 't'},
                                         {"backend", required_argument, 0, 'b'},
                                         {"set", required_argument, 0, 'S'},
                                         {"force", no_argument, 0, 'f'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"partial", no_argument, 0, 'P'},
                                         {"max-memory", required_argument, 0, 'm'},
                                         {"progress", required_argument, 0, 'g'},
                                         {"paths-range", required_argument, 0, 'r'},
                                         {"checkpoint", required_argument, 0, 'c'},
                                         {"resume", required_argument, 0, 'R'},
                                         {"variants", required_argument, 0, 'V'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    /* indexed by DS_BACKEND_* and DS_PROGRESS_* */
    static const char *const backends[] = {"auto", "cpu", "cuda", NULL};
    static const char *const progress[] = {"auto", "none", "bar", "log", NULL};
    ds_run_options *o = &a->o;
    long v;
    int c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->out = optarg; break;
        case 'p':
            if (parse_long(optarg, 1, INT_MAX, &v))
                return usage_error(cli_usage_run, "--paths: '%s' is not a positive integer",
                                   optarg);
            snprintf(a->setbuf[0], sizeof a->setbuf[0], "run.paths=%ld", v);
            o->sets[o->n_sets++] = a->setbuf[0];
            break;
        case 's':
            if (parse_long(optarg, 0, 4294967295L, &v))
                return usage_error(cli_usage_run, "--seed: '%s' is not in 0..4294967295", optarg);
            snprintf(a->setbuf[1], sizeof a->setbuf[1], "run.seed=%ld", v);
            o->sets[o->n_sets++] = a->setbuf[1];
            break;
        case 't':
            if (parse_long(optarg, 1, 4096, &v))
                return usage_error(cli_usage_run, "--threads: '%s' is not in 1..4096", optarg);
            o->threads = (int)v;
            break;
        case 'b':
            if (parse_word(optarg, backends, &o->backend))
                return usage_error(cli_usage_run, "--backend: '%s' is not auto, cpu or cuda",
                                   optarg);
            break;
        case 'S': o->sets[o->n_sets++] = optarg; break;
        case 'f': o->force = 1; break;
        case 'q': a->quiet = 1; break;
        case 'g':
            if (parse_word(optarg, progress, &a->progress))
                return usage_error(cli_usage_run, "--progress: '%s' is not auto, bar, log or none",
                                   optarg);
            break;
        case 'P': o->partial = 1; break;
        case 'V':
            if (!optarg[0]) return usage_error(cli_usage_run, "--variants needs a list of names");
            o->variants = optarg;
            break;
        case 'm':
            o->max_memory = parse_size(optarg);
            if (o->max_memory < 0)
                return usage_error(cli_usage_run,
                                   "--max-memory: '%s' is not a size like 512M or 4G", optarg);
            break;
        case 'r':
            if (parse_range(optarg, &o->range_first, &o->range_end))
                return usage_error(cli_usage_run,
                                   "--paths-range: '%s' is not A:B with whole numbers A < B",
                                   optarg);
            break;
        case 'c':
        case 'R':
            if (a->have_ckpt)
                return usage_error(cli_usage_run, "--checkpoint and --resume name one directory: "
                                                  "give one of them, once");
            a->have_ckpt = 1;
            o->checkpoint = optarg;
            o->resume = c == 'R';
            break;
        case 'h': a->help = 1; return DS_OK;
        default: return bad_option(cli_usage_run, c, argv);
        }
    }
    if (optind != argc - 1)
        return usage_error(cli_usage_run, "%s",
                           optind >= argc ? "run needs one scenario file"
                                          : "run takes one scenario file");
    o->scenario = argv[optind];
    return DS_OK;
}

/* What say_saved needs: the bar's mode, the run (its stop flag), and the
 * test hook's count of blocks before it pauses. */
typedef struct {
    ds_bar *bar;
    ds_run *r;
    long pause_after; /* 0: never */
    long saved;
} saved_ctx;

/* --progress log: a line per checkpoint block saved (rank 0's). Tests only:
 * with DEPINSIM_TEST_PAUSE_AFTER_SAVE=N, after the N-th block it says so and
 * waits until killed or stopped, so tests/clusters_test.sh kills a run known
 * to be mid-way, however fast or slow the build (no guessed delay). */
static void say_saved(void *ctx, int first, int end)
{
    saved_ctx *s = ctx;
    if (s->bar->mode == DS_PROGRESS_LOG) {
        fprintf(stderr, "checkpoint: saved paths %d:%d\n", first, end);
        fflush(stderr);
    }
    if (s->pause_after > 0 && ++s->saved == s->pause_after) {
        fprintf(stderr, "depinsim: test: paused after saving paths %d:%d\n", first, end);
        fflush(stderr);
        while (!s->r->stop) poll(NULL, 0, 100);
    }
}

/* The stages of run.h with the bar drawn and the signals caught meanwhile.
 * Under MPI every rank runs them; rank 0 alone draws and says things. */
static int run_stages(ds_run *r, run_args *a, ds_errors *errs)
{
    ds_bar bar;
    int rc = run_prepare(r, &a->o, errs), said = 0;
    if (rc != DS_OK) return rc;
    int reports = run_reports(r);
    if (reports) { /* keys that change nothing: said before hours of simulation */
        ds_errors warn = {0};
        scenario_warnings(&r->sc, &warn);
        cli_report_warnings(&warn);
        say_fallback(&r->backend, &said);
    }
    int mode = a->progress;
    if (mode == DS_PROGRESS_AUTO)
        mode = !a->quiet && isatty(2) ? DS_PROGRESS_BAR : DS_PROGRESS_NONE;
    if (!reports) mode = DS_PROGRESS_NONE;
    if (reports && a->o.resume && (!a->quiet || mode == DS_PROGRESS_LOG)) {
        fprintf(stderr, "checkpoint: resuming with %d of %d paths from ", r->resumed_paths,
                r->end - r->first);
        errors_put_text(stderr, a->o.checkpoint);
        fprintf(stderr, "\n");
    }
    const char *pause = getenv("DEPINSIM_TEST_PAUSE_AFTER_SAVE");
    saved_ctx sctx = {&bar, r, pause ? atol(pause) : 0, 0};
    a->o.on_saved = say_saved;
    a->o.on_saved_ctx = &sctx;
    progress_bar_init(&bar, mode, "simulating");
    r->progress.tick = progress_bar_tick;
    r->progress.ctx = &bar;
    signals_install(r);
    rc = run_simulate(r, &a->o, errs);
    const ds_progress *p = &r->progress;
    progress_bar_tick(&bar, p->done, p->total, p->paths_done, p->paths_total);
    progress_bar_finish(&bar);
    r->progress.tick = NULL;
    if (reports) say_fallback(&r->backend, &said);
    if (rc == DS_OK) rc = run_summarise(r, errs);
    if (rc == DS_OK) rc = run_write(r, &a->o, errs);
    rc = run_conclude(r, rc, errs);
    if (rc == DS_OK && !a->quiet && reports) print_summary(r);
    if (rc == DS_OK && reports) warn_after_run(r);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    run_args a;
    memset(&a, 0, sizeof a);
    a.o.backend = DS_BACKEND_AUTO;
    a.progress = DS_PROGRESS_AUTO;
    a.o.sets = calloc((size_t)argc + 2, sizeof *a.o.sets);
    if (!a.o.sets) return errors_report(&(ds_errors){0}, DS_EFAIL);
    int rc = parse_run(argc, argv, &a);
    if (rc != DS_OK || a.help) {
        if (a.help) printf("%s", cli_usage_run);
        free(a.o.sets);
        return rc;
    }
    const char *pause = getenv("DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH");
    if (pause && pause[0]) a.o.before_publish = signals_pause_before_publish;
    /* room for a few errors now: a failure under memory pressure (ulimit -v)
     * must still be able to say what it was */
    ds_errors errs = {0};
    errs.items = malloc(8 * sizeof *errs.items);
    errs.cap = errs.items ? 8 : 0;
    /* the MPI world, when mpirun or srun started this process (cluster.h) */
    ds_cluster cl;
    rc = cluster_init(&cl, NULL, NULL, &errs);
    a.o.cluster = &cl;
    ds_run *r = rc == DS_OK ? malloc(sizeof *r) : NULL;
    int reports = cl.rank == 0;
    if (rc == DS_OK && !r) {
        rc = DS_EFAIL;
        errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    } else if (rc == DS_OK) {
        rc = run_stages(r, &a, &errs);
    }
    if (reports) errors_report(&errs, rc);
    errors_free(&errs);
    if (rc == DS_OK && !r->complete) rc = DS_EFAIL; /* a partial file is written, the run failed */
    signals_restore();
    if (r) run_free(r);
    free(r);
    cluster_finalize(&cl);
    free(a.o.sets);
    return rc;
}
