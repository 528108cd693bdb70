/* run.c — the run driver: scenario → backend → statistics → results file.
 * The output path is checked before anything is simulated; the final name
 * only ever receives a complete file, by rename. Signals: the first
 * SIGINT/SIGTERM/SIGHUP asks the workers to stop (they check every step) and
 * nothing is written unless --partial; a second, and every other fatal signal
 * that can be caught, removes the temporary file and dies of that signal. */
#define _XOPEN_SOURCE 700 /* sigaltstack, SA_ONSTACK (XSI) */
#include "run.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
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
#include "sha256.h"
#include "stats.h"

#define DS_VERSION "0.1.0"
#define DS_MAX_STEPS 100000000.0 /* 10^8 steps per path: beyond it a run is a typo */
#define DS_DEFAULT_NAME_MAX 100  /* bytes of a scenario name kept in the default output name */

/* ---------------------------------------------------------------- signals */

static volatile sig_atomic_t g_interrupts;
static volatile int g_stop; /* what results_write sees: set by the first signal */
static ds_progress *volatile g_progress;
static char g_tmp[PATH_MAX + RESULTS_TMP_SUFFIX_MAX]; /* results_write's temporary */
static volatile sig_atomic_t g_tmp_live;              /* 1 while it exists and is ours */

/* The signals run handles. stop: the first asks the workers to stop, like
 * Ctrl-C. Every other one is fatal: remove the temporary, say so, and die of
 * the signal with the disposition it had before (so a core dump, or a
 * sanitizer's report of a fault, still happens and a shell sees 128+N).
 * Signals that were ignored when run started (nohup, a shell's background
 * job) stay ignored, except INT and TERM, which a user sends on purpose.
 * SIGXFSZ is not here: it is ignored during the run, so a write past
 * `ulimit -f` fails with EFBIG and is reported like a full disk. */
static const struct {
    int sig, stop, always;
    const char *name;
} g_sigs[] = {
    {SIGINT, 1, 1, "SIGINT"},       {SIGTERM, 1, 1, "SIGTERM"}, {SIGHUP, 1, 0, "SIGHUP"},
    {SIGQUIT, 0, 0, "SIGQUIT"},     {SIGPIPE, 0, 0, "SIGPIPE"}, {SIGALRM, 0, 0, "SIGALRM"},
    {SIGUSR1, 0, 0, "SIGUSR1"},     {SIGUSR2, 0, 0, "SIGUSR2"}, {SIGXCPU, 0, 0, "SIGXCPU"},
    {SIGVTALRM, 0, 0, "SIGVTALRM"}, {SIGPROF, 0, 0, "SIGPROF"}, {SIGSEGV, 0, 1, "SIGSEGV"},
    {SIGBUS, 0, 1, "SIGBUS"},       {SIGFPE, 0, 1, "SIGFPE"},   {SIGILL, 0, 1, "SIGILL"},
    {SIGABRT, 0, 1, "SIGABRT"},     {SIGTRAP, 0, 1, "SIGTRAP"}, {SIGSYS, 0, 1, "SIGSYS"},
};
#define DS_N_SIGS (sizeof g_sigs / sizeof g_sigs[0])
static struct sigaction g_old[DS_N_SIGS], g_old_xfsz;
static unsigned char g_installed[DS_N_SIGS];
static stack_t g_old_stack;
static char g_alt_stack[65536]; /* a fault from a stack overflow still gets its handler */

/* async-signal-safe: write(2) of fixed strings */
static void say(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t k = write(2, s, n);
        if (k <= 0) return;
        s += k;
        n -= (size_t)k;
    }
}

/* Remove the temporary, say so, and die of sig with its earlier disposition. */
static void die_of(int i, const siginfo_t *info)
{
    int sig = g_sigs[i].sig;
    say("depinsim: ");
    say(g_sigs[i].name);
    if (g_tmp_live) {
        g_tmp_live = 0;
        unlink(g_tmp);
        say(": stopped; removed the unfinished results file ");
        say(g_tmp);
        say("\n");
    } else {
        say(": stopped\n");
    }
    struct sigaction a = g_old[i];
    if (a.sa_handler == SIG_IGN) a.sa_handler = SIG_DFL; /* a second INT/TERM must end us */
    sigaction(sig, &a, NULL);
    /* a fault the kernel raised comes back when the instruction is retried,
     * with its real address for the handler now in place; anything sent is
     * sent again, and arrives when this handler returns */
    int fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGTRAP;
    if (!(fault && info && info->si_code > 0)) raise(sig);
}

static void on_signal(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    int i = 0;
    while (i < (int)DS_N_SIGS - 1 && g_sigs[i].sig != sig) i++;
    if (g_sigs[i].stop && g_interrupts == 0) {
        g_interrupts++;
        g_stop = 1;
        if (g_progress) g_progress->stop = 1;
        return;
    }
    die_of(i, info);
}

static void signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK; /* no SA_RESTART: a blocked read or wait returns */
    sigemptyset(&sa.sa_mask);
    stack_t st;
    memset(&st, 0, sizeof st);
    st.ss_sp = g_alt_stack;
    st.ss_size = sizeof g_alt_stack;
    /* keep one already there (a sanitizer's) */
    if (sigaltstack(NULL, &g_old_stack) == 0 && (g_old_stack.ss_flags & SS_DISABLE))
        sigaltstack(&st, NULL);
    for (size_t i = 0; i < DS_N_SIGS; i++) {
        g_installed[i] = 0;
        if (sigaction(g_sigs[i].sig, NULL, &g_old[i]) != 0) continue;
        if (!g_sigs[i].always && g_old[i].sa_handler == SIG_IGN) continue;
        if (sigaction(g_sigs[i].sig, &sa, NULL) == 0) g_installed[i] = 1;
    }
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, &g_old_xfsz);
}

static void signals_restore(void)
{
    for (size_t i = 0; i < DS_N_SIGS; i++)
        if (g_installed[i]) sigaction(g_sigs[i].sig, &g_old[i], NULL);
    sigaction(SIGXFSZ, &g_old_xfsz, NULL);
    stack_t cur;
    if ((g_old_stack.ss_flags & SS_DISABLE) && sigaltstack(NULL, &cur) == 0 &&
        cur.ss_sp == g_alt_stack)
        sigaltstack(&g_old_stack, NULL);
}

/* Tests only (tests/hostile/output.sh): with DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH
 * set, say so on stderr, then wait, the finished temporary on disk, for a byte
 * or the end of stdin, or a stop signal: the tests signal "during the write"
 * at an observed moment instead of after a guessed delay. */
static void pause_before_publish(const char *tmp)
{
    fprintf(stderr, "depinsim: test: paused before publishing %s\n", tmp);
    struct pollfd p = {0, POLLIN, 0};
    /* the stop may be handled by a worker thread: look at g_stop, not EINTR */
    while (!g_stop) {
        int k = poll(&p, 1, 100);
        if (k < 0 && errno != EINTR) break;
        if (k > 0) { /* take the byte: the next run on the same stdin waits again */
            char c;
            (void)!read(0, &c, 1);
            break;
        }
    }
}

int run_load_scenario(const char *path, char **sets, int n_sets, ds_scenario *sc)
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

/* The results file's name when -o is not given: <scenario name>.h5 in the
 * working directory. The scenario's name is a label, not a path: every byte
 * outside [A-Za-z0-9._-] becomes '_' (no '/' can leave the directory), a
 * leading '.' too (no hidden file, no ".."), and it is cut to
 * DS_DEFAULT_NAME_MAX bytes; an empty name gives "results". */
static void default_output(const char *name, char *buf, size_t n)
{
    size_t k = 0;
    for (const char *p = name ? name : ""; *p && k < DS_DEFAULT_NAME_MAX && k + 4 < n; p++) {
        char ch = *p;
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || (ch == '.' && k > 0);
        buf[k++] = keep ? ch : '_';
    }
    buf[k] = 0;
    snprintf(buf + k, n - k, "%s", k ? ".h5" : "results.h5");
}

/* The output path is checked before hours of simulation (results.h). */
static int check_output(const char *out, int force)
{
    ds_errors errs = {0};
    int rc = results_check_output(out, force, &errs);
    if (rc != DS_OK) {
        fprintf(stderr, "depinsim: ");
        errors_print(&errs, stderr);
    }
    errors_free(&errs);
    return rc;
}

/* ---------------------------------------------------------------- memory */

static double available_bytes(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    double kib = 0.0;
    char line[256];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kib) == 1) break;
    if (f) fclose(f);
    if (kib > 0.0) return kib * 1024.0;
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 1e18;
}

/* Bytes per variant: records [M × paths × R], final values, outcomes, claims
 * and path flags, quantiles and means [M × R × 6]. Doubles throughout, so
 * absurd sizes cannot overflow. */
static double variant_bytes(double paths, double records)
{
    double per_path = DS_N_METRICS * records * 8.0 + DS_N_METRICS * 8.0 + DS_N_OUTCOMES * 8.0 +
                      DS_MAX_CLAIMS + 16.0;
    return paths * per_path + DS_N_METRICS * records * (DS_N_QUANTILES + 1) * 8.0;
}

static double steps_of(const ds_params *P)
{
    return ceil(P->run.horizon_days / P->run.step_days - 1e-9);
}

/* Every variant's data, one compacted copy (paths left out), a provider pool
 * per thread, and a fixed allowance for HDF5's buffers. */
static double need_bytes(const ds_scenario *sc, int threads, double paths, double records)
{
    int max_count = 0;
    for (int v = 0; v < sc->n_variants; v++)
        if (sc->variants[v].params.prov.count > max_count)
            max_count = sc->variants[v].params.prov.count;
    return 16.0 * 1048576.0 + (sc->n_variants + 1) * variant_bytes(paths, records) +
           (double)threads * (double)engine_bytes_per_worker(max_count);
}

double run_memory_estimate(const ds_scenario *sc, int threads)
{
    const ds_params *P = &sc->variants[0].params;
    return need_bytes(sc, threads, P->run.paths, ceil(steps_of(P) / P->run.record_every));
}

static void human_bytes(double b, char *buf, size_t n)
{
    const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int k = 0;
    while (b >= 1024.0 && k < 6) {
        b /= 1024.0;
        k++;
    }
    snprintf(buf, n, "%.3g %s", b, unit[k]);
}

/* Where the memory limit came from: what is available, --max-memory, or
 * --max-memory above what is available, which is capped there (a run that
 * does not fit in memory swaps or is killed; it never succeeds faster). */
enum { DS_LIMIT_AVAILABLE, DS_LIMIT_GIVEN, DS_LIMIT_CAPPED };

/* Refuse before allocating anything when the run cannot fit, naming what would. */
static int check_memory(const ds_scenario *sc, int threads, double limit, int limit_from,
                        double given)
{
    const ds_params *P = &sc->variants[0].params;
    double steps = steps_of(P);
    if (!(steps <= DS_MAX_STEPS)) {
        fprintf(stderr,
                "depinsim: run.horizon_days / run.step_days = %.3g steps per path; at most %.0e "
                "are allowed\n",
                steps, DS_MAX_STEPS);
        return DS_EINPUT;
    }
    double need = run_memory_estimate(sc, threads);
    if (need <= limit) return DS_OK;
    char s_need[32], s_lim[32], s_given[32];
    human_bytes(need, s_need, sizeof s_need);
    human_bytes(limit, s_lim, sizeof s_lim);
    human_bytes(given, s_given, sizeof s_given);
    double R = ceil(steps / P->run.record_every);
    fprintf(
        stderr,
        "depinsim: this run needs about %s of memory (%d variant(s) x %d paths x %.0f records x "
        "%d metrics), more than the %s %s\n",
        s_need, sc->n_variants, P->run.paths, R, DS_N_METRICS, s_lim,
        limit_from == DS_LIMIT_GIVEN ? "allowed by --max-memory" : "available");
    if (limit_from == DS_LIMIT_CAPPED)
        fprintf(stderr,
                "  (--max-memory %s is more than is available: it can lower the limit, never "
                "raise it)\n",
                s_given);
    /* what would fit: fewer paths, or sparser records, holding the rest */
    double lo = 0, hi = P->run.paths;
    while (hi - lo > 1) { /* the most paths that fit */
        double mid = floor((lo + hi) / 2);
        if (need_bytes(sc, threads, mid, R) <= limit)
            lo = mid;
        else
            hi = mid;
    }
    if (lo >= 1)
        fprintf(stderr, "  try --paths %.0f (or fewer)\n", lo);
    else
        fprintf(stderr, "  even one path does not fit: %s\n",
                limit_from == DS_LIMIT_GIVEN ? "raise --max-memory or shorten the run"
                                             : "shorten the run or free memory");
    for (double every = P->run.record_every * 2.0; every <= steps; every *= 2.0) {
        if (need_bytes(sc, threads, P->run.paths, ceil(steps / every)) <= limit) {
            fprintf(stderr, "  or --set run.record_every=%.0f (fewer records per path)\n", every);
            break;
        }
    }
    if (sc->n_variants > 1)
        fprintf(stderr, "  or run the %d variants separately (--set on one at a time)\n",
                sc->n_variants);
    return DS_EFAIL;
}

/* ---------------------------------------------------------------- per variant */

typedef struct {
    double *rec, *outcomes;           /* as the engine writes them, all paths */
    uint8_t *claims, *done, *bad_var; /* [n_claims × paths], [paths], [paths] */
    int32_t *bad_step;                /* [paths] */
    int kept;                         /* paths written: done and valid */
    int32_t *index;                   /* [kept] original path numbers */
    double *krec, *kout;              /* compacted copies when kept < paths, else aliases */
    uint8_t *kclaims;
    double *q, *mean, *final;
    ds_claim_result cl[DS_MAX_CLAIMS];
    char cl_text[DS_MAX_CLAIMS][160];
    ds_outcome_summary osum;
    int invalid, ran;
    double event_days[DS_MAX_EVENTS];               /* the dashboard's markers */
    char event_labels[DS_MAX_EVENTS * DS_NAME_LEN]; /* one per line */
} variant_data;

static const char *const op_symbol[] = {"<", "<=", ">", ">="};
static const char *const when_word[] = {"end", "always", "window_mean"};

/* Judge a variant's claims over its kept paths: count, probability, Wilson interval. */
static void judge_claims(const ds_params *P, variant_data *v)
{
    int paths = v->kept;
    for (int c = 0; c < P->n_claims; c++) {
        const ds_claim *cl = &P->claims[c];
        ds_claim_result *r = &v->cl[c];
        const uint8_t *h = v->kclaims + (size_t)c * paths;
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

/* Keep the paths that ran to the end with a valid state; copy them to dense
 * arrays when any is left out. Returns -1 on allocation failure. */
static int keep_paths(const ds_params *P, variant_data *v, int paths, int records)
{
    v->index = malloc((size_t)(paths > 0 ? paths : 1) * sizeof *v->index);
    if (!v->index) return -1;
    v->kept = v->invalid = v->ran = 0;
    for (int p = 0; p < paths; p++) {
        if (v->bad_step[p] >= 0) v->invalid++;
        if (v->done[p] || v->bad_step[p] >= 0) v->ran++;
        if (v->done[p]) v->index[v->kept++] = p;
    }
    if (v->kept == paths) {
        v->krec = v->rec;
        v->kout = v->outcomes;
        v->kclaims = v->claims;
        return 0;
    }
    int k = v->kept;
    v->krec = malloc((size_t)DS_N_METRICS * (k ? k : 1) * records * sizeof(double));
    v->kout = malloc((size_t)DS_N_OUTCOMES * (k ? k : 1) * sizeof(double));
    v->kclaims = malloc((size_t)DS_MAX_CLAIMS * (k ? k : 1));
    if (!v->krec || !v->kout || !v->kclaims) return -1;
    for (int j = 0; j < k; j++) {
        int p = v->index[j];
        for (int m = 0; m < DS_N_METRICS; m++)
            memcpy(v->krec + ((size_t)m * k + j) * records,
                   v->rec + ((size_t)m * paths + p) * records, (size_t)records * sizeof(double));
        for (int o = 0; o < DS_N_OUTCOMES; o++)
            v->kout[(size_t)o * k + j] = v->outcomes[(size_t)o * paths + p];
        for (int c = 0; c < P->n_claims; c++)
            v->kclaims[(size_t)c * k + j] = v->claims[(size_t)c * paths + p];
    }
    return 0;
}

static void variant_free(variant_data *v)
{
    if (v->krec != v->rec) free(v->krec);
    if (v->kout != v->outcomes) free(v->kout);
    if (v->kclaims != v->claims) free(v->kclaims);
    free(v->rec);
    free(v->outcomes);
    free(v->claims);
    free(v->done);
    free(v->bad_var);
    free(v->bad_step);
    free(v->index);
    free(v->q);
    free(v->mean);
    free(v->final);
}

static int variant_alloc(variant_data *v, int paths, int records)
{
    memset(v, 0, sizeof *v);
    size_t cells = (size_t)DS_N_METRICS * paths;
    v->rec = malloc(cells * records * sizeof(double));
    v->outcomes = malloc((size_t)DS_N_OUTCOMES * paths * sizeof(double));
    v->claims = calloc((size_t)DS_MAX_CLAIMS * paths, 1);
    v->done = calloc((size_t)paths, 1);
    v->bad_var = calloc((size_t)paths, 1);
    v->bad_step = malloc((size_t)paths * sizeof *v->bad_step);
    v->q = malloc((size_t)DS_N_METRICS * records * DS_N_QUANTILES * sizeof(double));
    v->mean = malloc((size_t)DS_N_METRICS * records * sizeof(double));
    v->final = malloc(cells * sizeof(double));
    if (!v->rec || !v->outcomes || !v->claims || !v->done || !v->bad_var || !v->bad_step || !v->q ||
        !v->mean || !v->final)
        return -1;
    for (int p = 0; p < paths; p++) v->bad_step[p] = -1;
    return 0;
}

static void print_summary(const ds_scenario *sc, const ds_params *P, const variant_data *vd,
                          const char *out, double wall, const char *device, int complete)
{
    int R = ds_params_records(P), paths = P->run.paths;
    double psteps = 0.0;
    for (int v = 0; v < sc->n_variants; v++)
        psteps += (double)vd[v].ran * ds_params_steps(P) * sc->variants[v].params.prov.count;
    printf("depinsim %s: %s%s\n", DS_VERSION, sc->name, complete ? "" : " (partial: interrupted)");
    printf("  %d paths x %d steps of %g day(s), %d providers, %d variant(s), seed %u\n", paths,
           ds_params_steps(P), P->run.step_days, P->prov.count, sc->n_variants, P->run.seed);
    printf("  %.2f s on %s: %.3g provider-steps/s, peak memory %.1f MiB\n", wall, device,
           wall > 0 ? psteps / wall : 0.0, peak_rss_kib() / 1024.0);
    printf("  wrote %s\n", out);
    static const int keys[] = {DS_M_TOKEN_PRICE,   DS_M_ACTIVE_PROVIDERS,      DS_M_UTILIZATION,
                               DS_M_NETWORK_PRICE, DS_M_CLOUD_REFERENCE,       DS_M_PRICE_RATIO,
                               DS_M_SUBSIDY,       DS_M_SUBSIDY_ADJUSTED_RATIO};
    int shown = sc->n_variants < 8 ? sc->n_variants : 8;
    for (int v = 0; v < shown; v++) {
        if (!vd[v].kept) continue;
        printf("  %s at day %g: median [5%%, 95%%]", sc->variants[v].name,
               ds_params_steps(P) * P->run.step_days);
        if (vd[v].kept < paths) printf(" over %d of %d paths", vd[v].kept, paths);
        if (vd[v].invalid) printf(" (%d invalid left out)", vd[v].invalid);
        printf("\n");
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            const double *qq = vd[v].q + ((size_t)keys[k] * R + (R - 1)) * DS_N_QUANTILES;
            char ub[96];
            printf("    %-24s %10.4g  [%.4g, %.4g]  %s\n", ds_metric_names[keys[k]], qq[2], qq[0],
                   qq[4], results_unit(ds_metric_units[keys[k]], P->run.unit_name, ub, sizeof ub));
        }
        const ds_outcome_summary *o = &vd[v].osum;
        printf("    death spiral P = %.3f [%.3f, %.3f]; sustainable on %.0f%% of paths",
               o->death_spiral_probability, o->death_spiral_wilson_lo, o->death_spiral_wilson_hi,
               100.0 * o->sustainable_share);
        if (!isnan(o->sustainability_day_median))
            printf(" (median from day %g)", o->sustainability_day_median);
        printf("\n");
        for (int c = 0; c < sc->variants[v].params.n_claims; c++) {
            const ds_claim_result *r = &vd[v].cl[c];
            printf("    claim %s: %s: P = %.3f [%.3f, %.3f] (%d/%d paths)\n", r->name, r->text,
                   r->probability, r->wilson_lo, r->wilson_hi, r->holds, r->paths);
        }
    }
    if (shown < sc->n_variants)
        printf("  ... and %d more variant(s): depinsim info %s\n", sc->n_variants - shown, out);
}

/* Variants share one time axis and one set of random futures. */
static int check_variants(const ds_scenario *sc)
{
    for (int i = 1; i < sc->n_variants; i++) {
        const ds_run_params *a = &sc->variants[0].params.run, *b = &sc->variants[i].params.run;
        if (a->paths != b->paths || a->seed != b->seed || a->horizon_days != b->horizon_days ||
            a->step_days != b->step_days || a->record_every != b->record_every ||
            a->keep_paths != b->keep_paths || a->on_invalid != b->on_invalid) {
            fprintf(stderr, "%s: variant '%s': run.* keys cannot differ between variants\n",
                    sc->path, sc->variants[i].name);
            return DS_EINPUT;
        }
    }
    return DS_OK;
}

int run_scenario(const ds_run_options *o)
{
    ds_scenario sc;
    int rc = run_load_scenario(o->scenario, o->sets, o->n_sets, &sc);
    if (rc == DS_OK) rc = check_variants(&sc);
    if (rc != DS_OK) {
        scenario_free(&sc);
        return rc;
    }
    char out[PATH_MAX];
    if (o->out && strlen(o->out) >= sizeof out) /* results_check_output says how long */
        rc = check_output(o->out, o->force);
    else if (o->out)
        snprintf(out, sizeof out, "%s", o->out);
    else
        default_output(sc.name, out, sizeof out);
    if (rc == DS_OK) rc = check_output(out, o->force);
    if (rc != DS_OK) {
        scenario_free(&sc);
        return rc;
    }
#ifdef _OPENMP
    int nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
#else
    int nthreads = 1;
#endif
    /* --max-memory lowers the limit, never raises it above what is available */
    double avail = available_bytes();
    int limit_from = o->max_memory <= 0       ? DS_LIMIT_AVAILABLE
                     : o->max_memory <= avail ? DS_LIMIT_GIVEN
                                              : DS_LIMIT_CAPPED;
    rc = check_memory(&sc, nthreads, limit_from == DS_LIMIT_GIVEN ? o->max_memory : avail,
                      limit_from, o->max_memory);
    char device[128];
    int backend = DS_BACKEND_CPU;
    /* room for a few errors now: a failure under memory pressure (ulimit -v)
     * must still be able to say what it was */
    ds_errors errs = {0};
    errs.items = malloc(8 * sizeof *errs.items);
    errs.cap = errs.items ? 8 : 0;
    if (rc == DS_OK)
        rc = backend_select(o->backend, o->threads, device, sizeof device, &backend, &errs);
    if (rc != DS_OK) {
        if (errs.n) {
            fprintf(stderr, "depinsim: ");
            errors_print(&errs, stderr);
        }
        errors_free(&errs);
        scenario_free(&sc);
        return rc;
    }

    const ds_params *P0 = &sc.variants[0].params;
    int paths = P0->run.paths, R = ds_params_records(P0), nv = sc.n_variants;
    variant_data *vd = calloc((size_t)nv, sizeof *vd);
    double *time_days = malloc((size_t)R * sizeof *time_days);
    if (!vd || !time_days) rc = DS_EFAIL;
    for (int i = 0; rc == DS_OK && i < nv; i++)
        if (variant_alloc(&vd[i], paths, R)) rc = DS_EFAIL;
    if (rc != DS_OK)
        errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "cannot allocate records for %d paths x %d records x %d variants", paths, R, nv);

    ds_bar bar;
    int mode = o->progress;
    if (mode == DS_PROGRESS_AUTO)
        mode = !o->quiet && isatty(2) ? DS_PROGRESS_BAR : DS_PROGRESS_NONE;
    progress_bar_init(&bar, mode, "simulating");
    ds_progress prog = {0};
    prog.total = (long)nv * paths * ds_params_steps(P0);
    prog.paths_total = (long)nv * paths;
    prog.tick = progress_bar_tick;
    prog.ctx = &bar;
    results_tmp_name(out, (long)getpid(), g_tmp, sizeof g_tmp);
    g_tmp_live = 0;
    g_interrupts = 0;
    g_stop = 0;
    g_progress = &prog;
    signals_install();

    double t0 = progress_now();
    for (int i = 0; rc == DS_OK && i < nv && !g_stop; i++) {
        const ds_params *Pv = &sc.variants[i].params;
        ds_run_buffers buf = {paths,      vd[i].rec,      vd[i].outcomes, vd[i].claims,
                              vd[i].done, vd[i].bad_step, vd[i].bad_var};
        int r = backend_run(backend, Pv, 0, paths, &buf, o->threads, &prog, &errs);
        if (r != DS_OK && !(g_stop && o->partial)) {
            if (errs.n && !g_stop) {
                /* name the variant in front of the engine's path/step/variable */
                ds_error *it = &errs.items[errs.n - 1];
                if (!it->key[0])
                    snprintf(it->key, sizeof it->key, "variant %.100s", sc.variants[i].name);
            }
            rc = r;
        }
    }
    double wall = progress_now() - t0;
    progress_bar_tick(&bar, prog.done, prog.total, prog.paths_done, prog.paths_total);
    progress_bar_finish(&bar);
    g_progress = NULL;
    int complete = !g_stop;
    if (g_stop && !o->partial) {
        rc = DS_EFAIL;
        errors_free(&errs);
        errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "interrupted: nothing written (use --partial to keep the completed paths)");
    } else if (g_stop) {
        errors_free(&errs); /* "interrupted" from the engine: expected with --partial */
    }

    /* statistics over the kept paths of each variant */
    int written = 0;
    for (int i = 0; rc == DS_OK && i < nv; i++) {
        variant_data *v = &vd[i];
        if (keep_paths(&sc.variants[i].params, v, paths, R)) {
            errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory keeping the paths");
            rc = DS_EFAIL;
            break;
        }
        if (v->kept == 0) continue;
        if (stats_compute(v->krec, DS_N_METRICS, v->kept, R, v->q, v->mean, v->final)) {
            errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory for the statistics");
            rc = DS_EFAIL;
            break;
        }
        stats_outcome_summary(v->kout, v->kept, &v->osum);
        judge_claims(&sc.variants[i].params, v);
        written++;
    }
    if (rc == DS_OK && written == 0) {
        rc = DS_EFAIL;
        errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL,
                   g_stop ? "interrupted before any path completed: nothing written"
                          : "every path was invalid (run.on_invalid: flag): nothing written");
    }

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
        int n = 0;
        if (!vr) rc = DS_EFAIL;
        for (int i = 0; vr && i < nv; i++) {
            variant_data *v = &vd[i];
            if (!v->kept) continue;
            ds_variant_result *x = &vr[n++];
            x->name = sc.variants[i].name;
            x->overrides = sc.variants[i].overrides ? sc.variants[i].overrides : "";
            x->paths = v->kept;
            x->records = R;
            x->quantiles = v->q;
            x->mean = v->mean;
            x->final = v->final;
            x->path_records = P0->run.keep_paths ? v->krec : NULL;
            x->outcomes = v->kout;
            x->outcome_summary = v->osum;
            x->n_claims = sc.variants[i].params.n_claims;
            x->claims = v->cl;
            x->path_index = v->kept < paths ? v->index : NULL;
            x->paths_run = v->ran;
            x->paths_invalid = v->invalid;
            x->n_events = scenario_event_days(&sc.variants[i].params, v->event_days,
                                              v->event_labels, sizeof v->event_labels);
            x->event_days = v->event_days;
            x->event_labels = v->event_labels;
        }
        ds_results res;
        memset(&res, 0, sizeof res);
        res.version = DS_VERSION;
        res.scenario_name = sc.name;
        res.scenario_yaml = sc.yaml_text;
        res.scenario_sha256 = sha;
        res.seed = P0->run.seed;
        res.paths = paths;
        res.steps = steps;
        res.records = R;
        res.step_days = P0->run.step_days;
        res.backend = backend == DS_BACKEND_CUDA ? "cuda" : "cpu";
        res.device = device;
        res.wall_seconds = wall;
        res.created = created;
        res.time_days = time_days;
        res.n_variants = n;
        res.variants = vr;
        res.unit_name = P0->run.unit_name;
        res.complete = complete;
        res.paths_requested = paths;
        /* an interrupt during the write removes the temporary, unless --partial */
        res.abort = o->partial ? NULL : &g_stop;
        res.tmp_live = &g_tmp_live;
        const char *pause = getenv("DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH");
        if (pause && pause[0]) res.before_publish = pause_before_publish;
        if (!vr)
            errors_add(&errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory for the results");
        else
            rc = results_write(out, &res, o->force, &errs);
        if (rc == DS_OK && !o->quiet) print_summary(&sc, P0, vd, out, wall, device, complete);
        free(vr);
    }
    if (errs.n) {
        fprintf(stderr, "depinsim: ");
        errors_print(&errs, stderr);
    } else if (rc != DS_OK) { /* the record itself could not grow */
        fputs("depinsim: failed, and out of memory to say why\n", stderr);
    }
    if (rc == DS_OK && !complete) rc = DS_EFAIL; /* a partial file is written, the run failed */
    signals_restore();
    g_tmp_live = 0;
    g_tmp[0] = 0;
    errors_free(&errs);
    for (int i = 0; vd && i < nv; i++) variant_free(&vd[i]);
    free(vd);
    free(time_days);
    scenario_free(&sc);
    return rc;
}
