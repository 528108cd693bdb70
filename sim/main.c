/* main.c — the depinsim command line: run, validate, info, keys. Parses
 * options, calls the library, prints errors and chooses the exit status
 * (0 success, 2 bad usage or bad input, 1 anything else). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../models/params.h"
#include "backend.h"
#include "engine.h"
#include "error.h"
#include "progress.h"
#include "results.h"
#include "scenario.h"
#include "sha256.h"
#include "stats.h"

#define DS_VERSION "0.1.0"

static const char *usage_main =
    "usage: depinsim <command> [options]\n"
    "\n"
    "Monte Carlo simulation of DePIN token economics against cloud prices.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml      simulate and write an HDF5 results file\n"
    "  validate SCENARIO.yaml check a scenario and report every error\n"
    "  info RESULTS.h5        summarize a results file\n"
    "  keys                   print the reference of every scenario key (markdown)\n"
    "\n"
    "  depinsim <command> --help   options of a command\n"
    "  depinsim --version          version and build features\n";

static const char *usage_run =
    "usage: depinsim run SCENARIO.yaml [options]\n"
    "\n"
    "  -o, --output FILE     results file (default: <scenario name>.h5)\n"
    "      --paths N         Monte Carlo paths (overrides run.paths)\n"
    "      --seed S          random seed, 0..4294967295 (overrides run.seed)\n"
    "      --threads N       OpenMP threads (default: all cores)\n"
    "      --backend B       auto | cpu | cuda (default auto)\n"
    "      --set KEY=VALUE   override any scenario key, e.g. token.impact=0.5 (repeatable)\n"
    "      --force           overwrite an existing results file\n"
    "  -q, --quiet           no progress bar and no summary\n"
    "  -h, --help            this text\n";

static const char *usage_validate =
    "usage: depinsim validate SCENARIO.yaml [--set KEY=VALUE]...\n"
    "\n"
    "Checks every key for type and range and the cross-key rules; prints every\n"
    "error as file:line:col: key: message and exits 2 if there is any.\n";

static const char *usage_info =
    "usage: depinsim info RESULTS.h5\n"
    "\n"
    "Prints the scenario, size, backend, time and the key metrics at the horizon\n"
    "(median and 5-95% band) of every variant.\n";

static volatile sig_atomic_t g_interrupts;
static ds_progress *g_progress;

static void on_signal(int sig)
{
    (void)sig;
    g_interrupts++;
    if (g_progress) g_progress->stop = 1;
    if (g_interrupts > 1) _exit(130); /* nothing is written under the final name before the end */
}

static int wants_help(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    return 0;
}

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "depinsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return DS_EINPUT;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* Load, apply overrides, check. Prints errors; returns the exit status. */
static int load_scenario(const char *path, char **sets, int n_sets, ds_scenario *sc)
{
    ds_errors errs = {0};
    int rc = scenario_load(path, sc, &errs);
    for (int i = 0; rc == DS_OK && i < n_sets; i++) scenario_set(sc, sets[i], i + 1, &errs);
    if (rc == DS_OK) scenario_check(sc, &errs);
    if (errs.n) {
        errors_print(&errs, stderr);
        rc = errs.kind ? errs.kind : DS_EINPUT;
    }
    errors_free(&errs);
    return rc;
}

static void iso_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* The directory of an output path must exist and be a directory, and the
 * path itself must not be a directory: checked before hours of simulation. */
static int check_output(const char *out, int force)
{
    struct stat st;
    if (stat(out, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "depinsim: %s: is a directory\n", out);
            return DS_EFAIL;
        }
        if (!force) {
            fprintf(stderr, "depinsim: %s: exists; use --force to overwrite\n", out);
            return DS_EINPUT;
        }
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", out);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = 0;
    else if (slash)
        *slash = 0;
    else
        snprintf(dir, sizeof dir, ".");
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "depinsim: %s: no such directory for the results file\n", dir);
        return DS_EFAIL;
    }
    if (access(dir, W_OK) != 0) {
        fprintf(stderr, "depinsim: %s: cannot write there: %s\n", dir, strerror(errno));
        return DS_EFAIL;
    }
    return DS_OK;
}

typedef struct {
    double *rec, *q, *mean, *final, *outcomes;
    uint8_t *claims;                   /* [n_claims × paths] */
    ds_claim_result cl[DS_MAX_CLAIMS]; /* for the results file */
    char cl_text[DS_MAX_CLAIMS][160];
    ds_outcome_summary osum;
} variant_data;

static const char *const op_symbol[] = {"<", "<=", ">", ">="};
static const char *const when_word[] = {"end", "always", "window_mean"};

/* Judge a variant's claims over its paths: count, probability, Wilson interval. */
static void judge_claims(const ds_params *P, variant_data *v, int paths)
{
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        ds_claim_result *r = &v->cl[c];
        const uint8_t *h = v->claims + (size_t)c * paths;
        int k = 0;
        for (int p = 0; p < paths; p++) k += h[p];
        char when[96];
        if (cl->when == DS_WHEN_WINDOW_MEAN)
            snprintf(when, sizeof when, "as the mean over days %g to %g", cl->window_start_day,
                     cl->window_end_day);
        else
            snprintf(when, sizeof when, "%s",
                     cl->when == DS_WHEN_ALWAYS ? "at every step" : "at the end");
        snprintf(v->cl_text[c], sizeof v->cl_text[c], "%s %s %g %s", ds_metric_names[cl->metric],
                 op_symbol[cl->op], cl->threshold, when);
        r->name = cl->name;
        r->text = v->cl_text[c];
        r->metric = ds_metric_names[cl->metric];
        r->op = op_symbol[cl->op];
        r->threshold = cl->threshold;
        r->when = when_word[cl->when];
        r->window_start_day = cl->when == DS_WHEN_WINDOW_MEAN ? cl->window_start_day : NAN;
        r->window_end_day = cl->when == DS_WHEN_WINDOW_MEAN ? cl->window_end_day : NAN;
        r->holds = k;
        r->paths = paths;
        r->probability = paths > 0 ? (double)k / paths : NAN;
        stats_wilson(k, paths, &r->wilson_lo, &r->wilson_hi);
        r->per_path = h;
    }
}

static void print_summary(const ds_scenario *sc, const ds_params *P, const variant_data *vd,
                          const char *out, double wall, int threads)
{
    int R = ds_params_records(P), paths = P->run.paths;
    double psteps = (double)paths * ds_params_steps(P) * P->prov.count * sc->n_variants;
    printf("depinsim %s: %s\n", DS_VERSION, sc->name);
    printf("  %d paths x %d steps of %g day(s), %d providers, %d variant(s), seed %u\n", paths,
           ds_params_steps(P), P->run.step_days, P->prov.count, sc->n_variants, P->run.seed);
    printf("  %.2f s on %d thread(s): %.3g provider-steps/s, peak memory %.1f MiB\n", wall, threads,
           psteps / wall, peak_rss_kib() / 1024.0);
    printf("  wrote %s\n", out);
    static const int keys[] = {DS_M_TOKEN_PRICE,   DS_M_ACTIVE_PROVIDERS,      DS_M_UTILIZATION,
                               DS_M_NETWORK_PRICE, DS_M_CLOUD_REFERENCE,       DS_M_PRICE_RATIO,
                               DS_M_SUBSIDY,       DS_M_SUBSIDY_ADJUSTED_RATIO};
    int shown = sc->n_variants < 8 ? sc->n_variants : 8;
    for (int v = 0; v < shown; v++) {
        printf("  %s at day %g: median [5%%, 95%%]\n", sc->variants[v].name,
               ds_params_steps(P) * P->run.step_days);
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            const double *qq = vd[v].q + ((size_t)keys[k] * R + (R - 1)) * DS_N_QUANTILES;
            printf("    %-24s %10.4g  [%.4g, %.4g]  %s\n", ds_metric_names[keys[k]], qq[2], qq[0],
                   qq[4], ds_metric_units[keys[k]]);
        }
    }
    for (int v = 0; v < shown; v++) {
        const ds_outcome_summary *o = &vd[v].osum;
        printf("  %s outcomes: death spiral P = %.3f [%.3f, %.3f], sustainable on %.0f%% of paths",
               sc->variants[v].name, o->death_spiral_probability, o->death_spiral_wilson_lo,
               o->death_spiral_wilson_hi, 100.0 * o->sustainable_share);
        if (!isnan(o->sustainability_day_median))
            printf(" (median day %g)", o->sustainability_day_median);
        printf("\n");
        for (int c = 0; c < sc->variants[v].params.n_claims; c++) {
            const ds_claim_result *r = &vd[v].cl[c];
            printf("  %s claim %s: %s: P = %.3f [%.3f, %.3f] (%d/%d paths)\n", sc->variants[v].name,
                   r->name, r->text, r->probability, r->wilson_lo, r->wilson_hi, r->holds,
                   r->paths);
        }
    }
    if (shown < sc->n_variants)
        printf("  ... and %d more variant(s): depinsim info %s\n", sc->n_variants - shown, out);
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},  {"paths", required_argument, 0, 'p'},
        {"seed", required_argument, 0, 's'},    {"threads", required_argument, 0, 't'},
        {"backend", required_argument, 0, 'b'}, {"set", required_argument, 0, 'S'},
        {"force", no_argument, 0, 'f'},         {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    const char *out = NULL, *backend = "auto";
    int force = 0, quiet = 0;
    long threads = 0, v;
    char **sets = calloc((size_t)argc + 2, sizeof *sets);
    char setbuf[2][64];
    int n_sets = 0;
    if (!sets) return DS_EFAIL;
    optind = 2;
    int c;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'p':
            if (parse_long(optarg, 1, INT_MAX, &v)) {
                free(sets);
                return usage_error(usage_run, "--paths: '%s' is not a positive integer", optarg);
            }
            snprintf(setbuf[0], sizeof setbuf[0], "run.paths=%ld", v);
            sets[n_sets++] = setbuf[0];
            break;
        case 's':
            if (parse_long(optarg, 0, 4294967295L, &v)) {
                free(sets);
                return usage_error(usage_run, "--seed: '%s' is not in 0..4294967295", optarg);
            }
            snprintf(setbuf[1], sizeof setbuf[1], "run.seed=%ld", v);
            sets[n_sets++] = setbuf[1];
            break;
        case 't':
            if (parse_long(optarg, 1, 4096, &threads)) {
                free(sets);
                return usage_error(usage_run, "--threads: '%s' is not in 1..4096", optarg);
            }
            break;
        case 'b': backend = optarg; break;
        case 'S': sets[n_sets++] = optarg; break;
        case 'f': force = 1; break;
        case 'q': quiet = 1; break;
        case 'h':
            printf("%s", usage_run);
            free(sets);
            return DS_OK;
        default:
            free(sets);
            fprintf(stderr, "\n%s", usage_run);
            return DS_EINPUT;
        }
    }
    if (optind != argc - 1) {
        free(sets);
        return usage_error(usage_run, "%s",
                           optind >= argc ? "run needs one scenario file"
                                          : "run takes one scenario file");
    }
    const char *path = argv[optind];
    if (strcmp(backend, "auto") && strcmp(backend, "cpu") && strcmp(backend, "cuda")) {
        free(sets);
        return usage_error(usage_run, "--backend: '%s' is not auto, cpu or cuda", backend);
    }
    int backend_req = !strcmp(backend, "cuda")  ? DS_BACKEND_CUDA
                      : !strcmp(backend, "cpu") ? DS_BACKEND_CPU
                                                : DS_BACKEND_AUTO;

    ds_scenario sc = {0};
    int rc = load_scenario(path, sets, n_sets, &sc);
    free(sets);
    if (rc != DS_OK) {
        scenario_free(&sc);
        return rc;
    }
    /* variants share one time axis and one set of random futures */
    for (int i = 1; i < sc.n_variants; i++) {
        const ds_run_params *a = &sc.variants[0].params.run, *b = &sc.variants[i].params.run;
        if (a->paths != b->paths || a->seed != b->seed || a->horizon_days != b->horizon_days ||
            a->step_days != b->step_days || a->record_every != b->record_every ||
            a->keep_paths != b->keep_paths) {
            fprintf(stderr, "%s: variant '%s': run.* keys cannot differ between variants\n", path,
                    sc.variants[i].name);
            scenario_free(&sc);
            return DS_EINPUT;
        }
    }
    char default_out[600];
    if (!out) {
        snprintf(default_out, sizeof default_out, "%s.h5", sc.name);
        out = default_out;
    }
    rc = check_output(out, force);
    if (rc != DS_OK) {
        scenario_free(&sc);
        return rc;
    }

    const ds_params *P0 = &sc.variants[0].params;
    int paths = P0->run.paths, R = ds_params_records(P0), nv = sc.n_variants;
#ifdef _OPENMP
    int nthreads = threads > 0 ? (int)threads : omp_get_max_threads();
#else
    int nthreads = 1;
#endif
    char device[128];
    int backend_id = DS_BACKEND_CPU;
    {
        ds_errors be = {0};
        rc = backend_select(backend_req, (int)threads, device, sizeof device, &backend_id, &be);
        if (rc != DS_OK) {
            fprintf(stderr, "depinsim: ");
            errors_print(&be, stderr);
            errors_free(&be);
            scenario_free(&sc);
            return rc;
        }
    }
    variant_data *vd = calloc((size_t)nv, sizeof *vd);
    double *time_days = malloc((size_t)R * sizeof *time_days);
    ds_errors errs = {0};
    if (!vd || !time_days) rc = DS_EFAIL;
    for (int i = 0; rc == DS_OK && i < nv; i++) {
        size_t cells = (size_t)DS_N_METRICS * paths;
        vd[i].rec = malloc(cells * R * sizeof(double));
        vd[i].q = malloc(cells / paths * R * DS_N_QUANTILES * sizeof(double));
        vd[i].mean = malloc(cells / paths * R * sizeof(double));
        vd[i].final = malloc(cells * sizeof(double));
        vd[i].outcomes = malloc((size_t)DS_N_OUTCOMES * paths * sizeof(double));
        vd[i].claims = calloc((size_t)(DS_MAX_CLAIMS * paths), 1);
        if (!vd[i].rec || !vd[i].q || !vd[i].mean || !vd[i].final || !vd[i].outcomes ||
            !vd[i].claims)
            rc = DS_EFAIL;
    }
    if (rc != DS_OK) {
        fprintf(stderr,
                "depinsim: cannot allocate records for %d paths x %d records x %d variants\n",
                paths, R, nv);
    }

    ds_bar bar;
    progress_bar_init(&bar, !quiet && isatty(2), "simulating");
    ds_progress prog = {0};
    prog.total = (long)nv * paths * ds_params_steps(P0);
    prog.tick = progress_bar_tick;
    prog.ctx = &bar;
    g_progress = &prog;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    double t0 = progress_now();
    for (int i = 0; rc == DS_OK && i < nv; i++) {
        const ds_params *Pv = &sc.variants[i].params;
        ds_run_buffers buf = {paths, vd[i].rec, vd[i].outcomes, vd[i].claims};
        rc = backend_run(backend_id, Pv, 0, paths, &buf, (int)threads, &prog, &errs);
        if (rc == DS_OK &&
            stats_compute(vd[i].rec, DS_N_METRICS, paths, R, vd[i].q, vd[i].mean, vd[i].final))
            rc = DS_EFAIL;
        if (rc == DS_OK) {
            stats_outcome_summary(vd[i].outcomes, paths, &vd[i].osum);
            judge_claims(Pv, &vd[i], paths);
        }
    }
    double wall = progress_now() - t0;
    progress_bar_finish(&bar);
    g_progress = NULL;

    if (rc == DS_OK) {
        int steps = ds_params_steps(P0), every = P0->run.record_every;
        for (int r = 0; r < R; r++) {
            int step = (r + 1) * every < steps ? (r + 1) * every : steps;
            time_days[r] = step * P0->run.step_days;
        }
        char sha[65], created[32];
        sha256_hex(sc.yaml_text, sc.yaml_len, sha);
        iso_now(created, sizeof created);
        ds_variant_result *vr = calloc((size_t)nv, sizeof *vr);
        if (!vr) rc = DS_EFAIL;
        for (int i = 0; vr && i < nv; i++) {
            vr[i].name = sc.variants[i].name;
            vr[i].overrides = sc.variants[i].overrides ? sc.variants[i].overrides : "";
            vr[i].paths = paths;
            vr[i].records = R;
            vr[i].quantiles = vd[i].q;
            vr[i].mean = vd[i].mean;
            vr[i].final = vd[i].final;
            vr[i].path_records = P0->run.keep_paths ? vd[i].rec : NULL;
            vr[i].outcomes = vd[i].outcomes;
            vr[i].outcome_summary = vd[i].osum;
            vr[i].n_claims = sc.variants[i].params.n_claims;
            vr[i].claims = vd[i].cl;
        }
        ds_results res = {0};
        res.version = DS_VERSION;
        res.scenario_name = sc.name;
        res.scenario_yaml = sc.yaml_text;
        res.scenario_sha256 = sha;
        res.seed = P0->run.seed;
        res.paths = paths;
        res.steps = steps;
        res.records = R;
        res.step_days = P0->run.step_days;
        res.backend = backend_id == DS_BACKEND_CUDA ? "cuda" : "cpu";
        res.device = device;
        res.wall_seconds = wall;
        res.created = created;
        res.time_days = time_days;
        res.n_variants = nv;
        res.variants = vr;
        if (vr) rc = results_write(out, &res, force, &errs);
        if (rc == DS_OK && !quiet) print_summary(&sc, P0, vd, out, wall, nthreads);
        free(vr);
    }
    if (errs.n) {
        fprintf(stderr, "depinsim: ");
        errors_print(&errs, stderr);
    }
    if (g_interrupts) rc = DS_EFAIL;
    errors_free(&errs);
    for (int i = 0; vd && i < nv; i++) {
        free(vd[i].rec);
        free(vd[i].q);
        free(vd[i].mean);
        free(vd[i].final);
        free(vd[i].outcomes);
        free(vd[i].claims);
    }
    free(vd);
    free(time_days);
    scenario_free(&sc);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    int n_sets = 0, c;
    if (!sets) return DS_EFAIL;
    optind = 2;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'S')
            sets[n_sets++] = optarg;
        else if (c == 'h') {
            printf("%s", usage_validate);
            free(sets);
            return DS_OK;
        } else {
            free(sets);
            fprintf(stderr, "\n%s", usage_validate);
            return DS_EINPUT;
        }
    }
    if (optind != argc - 1) {
        free(sets);
        return usage_error(usage_validate, "%s", "validate takes one scenario file");
    }
    ds_scenario sc = {0};
    int rc = load_scenario(argv[optind], sets, n_sets, &sc);
    free(sets);
    if (rc == DS_OK) {
        const ds_params *P = &sc.variants[0].params;
        printf("%s: ok: %s, %d variant(s), %d paths x %d steps, %d providers\n", argv[optind],
               sc.name, sc.n_variants, P->run.paths, ds_params_steps(P), P->prov.count);
    }
    scenario_free(&sc);
    return rc;
}

static int cmd_info(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("%s", usage_info);
        return DS_OK;
    }
    if (argc != 3) return usage_error(usage_info, "%s", "info takes one results file");
    ds_errors errs = {0};
    int rc = results_info(argv[2], stdout, &errs);
    if (errs.n) {
        fprintf(stderr, "depinsim: ");
        errors_print(&errs, stderr);
    }
    errors_free(&errs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "%s", usage_main);
        return DS_EINPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        printf("%s", usage_main);
        return DS_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("depinsim %s\n", DS_VERSION);
#ifdef _OPENMP
        printf("OpenMP: yes (%d threads available)\n", omp_get_max_threads());
#else
        printf("OpenMP: no\n");
#endif
        printf("CUDA backend: %s\n", backend_cuda_built() ? "built in" : "not built");
        return DS_OK;
    }
    if (!strcmp(cmd, "run")) return cmd_run(argc, argv);
    if (!strcmp(cmd, "validate")) return cmd_validate(argc, argv);
    if (!strcmp(cmd, "info")) return cmd_info(argc, argv);
    if (!strcmp(cmd, "keys")) {
        scenario_keys_markdown(stdout);
        return DS_OK;
    }
    fprintf(stderr, "depinsim: unknown command '%s'\n\n%s", cmd, usage_main);
    return DS_EINPUT;
}
