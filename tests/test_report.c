/* test_report.c — `plot`, `compare` and `export` on results files the test
 * writes itself with results_write (synthetic, deterministic: no binary in
 * the repository): exact compare/export text against tests/data/report/, chart
 * sizes read from the PNG header and the SVG root, gnuplot failures surfaced,
 * foreign, junk and truncated files refused with status 2.
 * Also a driver until main.c dispatches the commands:
 *   test_report plot|compare|export ARGS...   runs the command
 *   test_report fixture OUT.h5 [full]         writes the fixture
 * Set DEPINSIM_UPDATE_EXPECTED=1 to rewrite the expected files (then read the
 * diff: they are the specification). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../sim/cli/cli.h"
#include "../sim/report/report.h"
#include "../sim/io/results.h"

#define EXPECTED_DIR "tests/data/report"

/* ------------------------------------------------------------------------ */
/* The fixture                                                               */

/* Metrics kept in the small fixture: the exact expected text then does not
 * change when the model gains a metric. */
static const char *const kept_metrics[] = {"token_price", "active_providers", "network_price",
                                           "price_ratio", "subsidy_adjusted_ratio"};
#define N_KEPT 5

typedef struct {
    int nv, np, nr;
    double *time_days;
    double *q[2], *mean[2], *final[2], *outcomes[2];
    uint8_t *per_path[2][2];
    ds_claim_result claims[2][2];
    ds_variant_result v[2];
    ds_results r;
} fixture;

/* Level and trend of a metric over the run, and how wide its paths fan out:
 * shapes that look like a network (falling token, cloud prices declining),
 * in + - * / only, so every machine computes the same bits. */
static void metric_shape(int m, double *level, double *trend, double *spread)
{
    *level = 100.0 * (m + 1);
    *trend = 0.25;
    *spread = 0.3;
    switch (m) {
    case DS_M_TOKEN_PRICE: *level = 1.5, *trend = -0.6, *spread = 0.9; break;
    case DS_M_ACTIVE_PROVIDERS: *level = 5000, *trend = -0.2, *spread = 0.1; break;
    case DS_M_UTILIZATION: *level = 0.5, *trend = 0.6, *spread = 0.2; break;
    case DS_M_NETWORK_PRICE: *level = 2.5, *trend = -0.3, *spread = 0.1; break;
    case DS_M_CLOUD_ON_DEMAND: *level = 4.25, *trend = -0.3, *spread = 0.0; break;
    case DS_M_CLOUD_SPOT: *level = 1.75, *trend = -0.3, *spread = 0.2; break;
    case DS_M_CLOUD_RESERVED_1Y: *level = 2.75, *trend = -0.3, *spread = 0.0; break;
    case DS_M_CLOUD_RESERVED_3Y: *level = 2.0, *trend = -0.3, *spread = 0.0; break;
    case DS_M_PRICE_RATIO: *level = 0.6, *trend = 0.0, *spread = 0.05; break;
    case DS_M_SUBSIDY_ADJUSTED_RATIO: *level = 1.25, *trend = -0.375, *spread = 0.4; break;
    case DS_M_PROVIDER_INCOME: *level = 120000, *trend = -0.5, *spread = 0.5; break;
    case DS_M_PROVIDER_COST: *level = 90000, *trend = -0.125, *spread = 0.1; break;
    case DS_M_MARKET_CAP: *level = 3e8, *trend = -0.6, *spread = 0.9; break;
    default: break;
    }
}

/* quantile k (0..4) of metric m of variant v at record t of nr */
static double q_val(int v, int m, int t, int nr, int k)
{
    static const double z[DS_N_QUANTILES] = {-1.0, -0.5, 0.0, 0.5, 1.0};
    double level, trend, spread;
    metric_shape(m, &level, &trend, &spread);
    double x = (double)t / (nr - 1);
    double median = level * (1.0 + trend * x) * (1.0 - 0.125 * v);
    double width = spread * (0.25 + x);
    if (m == DS_M_TOKEN_PRICE || m == DS_M_MARKET_CAP) /* a log-normal-like fan */
        return z[k] < 0 ? median / (1.0 - z[k] * width * 4) : median * (1.0 + z[k] * width * 4);
    return median * (1.0 + z[k] * width);
}

static fixture *fixture_new(int np, int nr)
{
    fixture *x = calloc(1, sizeof *x);
    assert_non_null(x);
    x->nv = 2;
    x->np = np;
    x->nr = nr;
    x->time_days = calloc((size_t)nr, sizeof(double));
    for (int t = 0; t < nr; t++) x->time_days[t] = 1095.0 * t / (nr - 1);
    static const char *const names[2] = {"base", "burn_and_mint"};
    for (int v = 0; v < 2; v++) {
        x->q[v] = calloc((size_t)DS_N_METRICS * nr * DS_N_QUANTILES, sizeof(double));
        x->mean[v] = calloc((size_t)DS_N_METRICS * nr, sizeof(double));
        x->final[v] = calloc((size_t)DS_N_METRICS * np, sizeof(double));
        x->outcomes[v] = calloc((size_t)DS_N_OUTCOMES * np, sizeof(double));
        assert_true(x->q[v] && x->mean[v] && x->final[v] && x->outcomes[v]);
        for (int m = 0; m < DS_N_METRICS; m++) {
            for (int t = 0; t < nr; t++) {
                double *q = x->q[v] + ((size_t)m * nr + t) * DS_N_QUANTILES;
                for (int k = 0; k < DS_N_QUANTILES; k++) q[k] = q_val(v, m, t, nr, k);
                x->mean[v][(size_t)m * nr + t] = (q[1] + q[2] + q[3]) / 3.0;
            }
            /* finals spread between the last p05 and p95, paths shuffled */
            const double *last = x->q[v] + ((size_t)m * nr + nr - 1) * DS_N_QUANTILES;
            for (int p = 0; p < np; p++) {
                double u = (double)((p * 37 + v * 11) % np) / (np - 1);
                double f = last[0] + (last[4] - last[0]) * u * u;
                if (m == DS_M_ACTIVE_PROVIDERS) f = (double)(4990 + (p * 7 + v) % 9);
                x->final[v][(size_t)m * np + p] = f;
            }
        }
        for (int p = 0; p < np; p++) {
            double *o = x->outcomes[v];
            o[DS_O_MAX_DRAWDOWN * np + p] = (double)((p * 13 + v) % 10) / 10.0 + 1.0 / 30.0;
            o[DS_O_MIN_ACTIVE_PROVIDERS * np + p] = (double)(4980 + (p * 5 + v) % 12);
            o[DS_O_SUSTAINABILITY_DAY * np + p] = p % 3 == 2 ? NAN : 30.0 * (1 + (p * 7) % 20);
            o[DS_O_DEATH_SPIRAL * np + p] = (p + v) % 4 == 0 ? 1.0 : 0.0;
        }
        ds_variant_result *vr = &x->v[v];
        vr->name = names[v];
        vr->overrides = v ? "fees.routing=burn_and_mint\n" : "";
        vr->paths = np;
        vr->records = nr;
        vr->quantiles = x->q[v];
        vr->mean = x->mean[v];
        vr->final = x->final[v];
        vr->outcomes = x->outcomes[v];
        vr->outcome_summary = (ds_outcome_summary){
            .death_spiral_probability = v ? 0.125 : 0.25,
            .death_spiral_wilson_lo = v ? 0.0224 : 0.0715,
            .death_spiral_wilson_hi = v ? 0.4709 : 0.5907,
            .sustainable_share = 0.625,
            .sustainability_day_median = v ? NAN : 412.5, /* NaN: most paths never */
            .max_drawdown_median = 0.55 + v / 10.0,
            .min_active_providers_median = 4985.5,
        };
        /* claim 0 on both variants, claim 1 on the first only: a claim a
         * variant does not have shows as a dash */
        for (int c = 0; c < 2; c++) {
            x->per_path[v][c] = calloc((size_t)np, 1);
            int holds = 0;
            for (int p = 0; p < np; p++) {
                x->per_path[v][c][p] = (uint8_t)((p * (3 + c) + v) % 8 < 5 - c);
                holds += x->per_path[v][c][p];
            }
            x->claims[v][c] = (ds_claim_result){c ? "keeps_providers" : "undercuts_aws",
                                                c ? "active_providers >= 4000 always"
                                                  : "price_ratio <= 0.6 at end",
                                                c ? "active_providers" : "price_ratio",
                                                c ? ">=" : "<=",
                                                c ? 4000 : 0.6,
                                                c ? "always" : "end",
                                                NAN,
                                                NAN,
                                                holds,
                                                np,
                                                (double)holds / np,
                                                (double)holds / np / 2,
                                                (double)holds / np / 2 + 0.5,
                                                x->per_path[v][c],
                                                "",
                                                np,
                                                ""};
        }
        vr->n_claims = v ? 1 : 2;
        vr->claims = x->claims[v];
    }
    x->r.version = "depinsim 0.1.0-test";
    x->r.scenario_name = "fixture: two designs";
    x->r.scenario_yaml = "name: fixture\n";
    x->r.scenario_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    x->r.seed = 7;
    x->r.paths = np;
    x->r.steps = 1095;
    x->r.records = nr;
    x->r.step_days = 1.0;
    x->r.backend = "cpu";
    x->r.device = "test";
    x->r.wall_seconds = 0.5;
    x->r.created = "2025-01-02T03:04:05Z";
    x->r.time_days = x->time_days;
    x->r.n_variants = 2;
    x->r.variants = x->v;
    return x;
}

static void fixture_free(fixture *x)
{
    for (int v = 0; v < 2; v++) {
        free(x->q[v]);
        free(x->mean[v]);
        free(x->final[v]);
        free(x->outcomes[v]);
        free(x->per_path[v][0]);
        free(x->per_path[v][1]);
    }
    free(x->time_days);
    free(x);
}

/* Removes every metric but the kept ones (quantiles/, mean/, final/). */
static void keep_only_some_metrics(const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(f >= 0);
    static const char *const groups[3] = {"quantiles", "mean", "final"};
    for (int v = 0; v < 2; v++)
        for (int g = 0; g < 3; g++)
            for (int m = 0; m < DS_N_METRICS; m++) {
                int keep = 0;
                for (int k = 0; k < N_KEPT; k++)
                    keep |= !strcmp(ds_metric_names[m], kept_metrics[k]);
                if (keep) continue;
                char link[256];
                snprintf(link, sizeof link, "variants/%s/%s/%s", v ? "burn_and_mint" : "base",
                         groups[g], ds_metric_names[m]);
                assert_true(H5Ldelete(f, link, H5P_DEFAULT) >= 0);
            }
    H5Fclose(f);
}

/* small: 8 paths, 5 records, the kept metrics only (exact text);
 * full: 64 paths, 25 records, every metric (charts). */
static void write_fixture(const char *path, int full)
{
    fixture *x = full ? fixture_new(64, 25) : fixture_new(8, 5);
    ds_errors errs = {0};
    int rc = results_write(path, &x->r, 1, &errs);
    if (rc != DS_OK) errors_print(&errs, stderr);
    assert_int_equal(rc, DS_OK);
    errors_free(&errs);
    if (!full) keep_only_some_metrics(path);
    fixture_free(x);
}

/* ------------------------------------------------------------------------ */
/* Running a command with its output captured                                */

static int setup_dir(void **state)
{
    (void)state;
    return tmpdir_make("ds_report");
}

static int teardown_dir(void **state)
{
    (void)state;
    remove_tree(g_dir);
    unsetenv("DEPINSIM_GNUPLOT");
    unsetenv("DEPINSIM_PLOTS");
    return 0;
}

typedef struct {
    int rc;
    char *out, *err;
} outcome;

static void outcome_free(outcome *o)
{
    free(o->out);
    free(o->err);
}

/* Runs fn(argc, argv) with stdout and stderr going to files, read back. */
static outcome run_captured(int (*fn)(int, char **), int argc, char **argv)
{
    char out_path[512], err_path[512];
    in_dir(out_path, sizeof out_path, "captured.out");
    in_dir(err_path, sizeof err_path, "captured.err");
    fflush(stdout);
    fflush(stderr);
    int save_out = dup(1), save_err = dup(2);
    int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(save_out >= 0 && save_err >= 0 && fo >= 0 && fe >= 0);
    dup2(fo, 1);
    dup2(fe, 2);
    close(fo);
    close(fe);
    outcome o;
    o.rc = fn(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(save_out, 1);
    dup2(save_err, 2);
    close(save_out);
    close(save_err);
    o.out = slurp(out_path, NULL);
    o.err = slurp(err_path, NULL);
    assert_true(o.out && o.err);
    return o;
}

/* run(fn, "compare", path, "--format", "csv", NULL) */
static outcome run(int (*fn)(int, char **), ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, fn);
    for (const char *a; (a = va_arg(ap, const char *)) && argc < 31;) argv[argc++] = strdup(a);
    va_end(ap);
    argv[argc] = NULL;
    char *keep[32];
    memcpy(keep, argv, sizeof argv); /* getopt permutes argv */
    outcome o = run_captured(fn, argc, argv);
    for (int i = 0; i < argc; i++) free(keep[i]);
    return o;
}

static void assert_contains(const char *text, const char *what)
{
    if (!strstr(text, what)) {
        fprintf(stderr, "--- text:\n%s--- lacks: '%s'\n", text, what);
        fail();
    }
}

/* Compares text with the expected file (or writes it, when updating). */
static void assert_matches_expected(const char *text, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", EXPECTED_DIR, name);
    const char *update = getenv("DEPINSIM_UPDATE_EXPECTED");
    if (update && update[0] == '1') {
        spit(path, text, strlen(text));
        return;
    }
    char *want = slurp(path, NULL);
    if (!want) {
        fprintf(stderr, "%s: missing (run with DEPINSIM_UPDATE_EXPECTED=1 to create)\n", path);
        fail();
    }
    if (strcmp(text, want) != 0) {
        /* the first differing line, to see what changed */
        const char *a = text, *b = want;
        int line = 1;
        while (*a && *a == *b) {
            if (*a == '\n') line++;
            a++, b++;
        }
        fprintf(stderr, "%s differs from the output at line %d:\n  got:  %.100s\n  want: %.100s\n",
                path, line, a, b);
        free(want);
        fail();
    }
    free(want);
}

static int have_gnuplot(void)
{
    return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* ------------------------------------------------------------------------ */
/* compare and export: exact text                                            */

static void small_fixture(char *path, size_t n)
{
    in_dir(path, n, "small.h5");
    write_fixture(path, 0);
}

static void test_compare_formats(void **state)
{
    (void)state;
    char path[512];
    small_fixture(path, sizeof path);
    static const char *const formats[3] = {"table", "markdown", "csv"};
    static const char *const expected[3] = {"compare_table.txt", "compare.md", "compare.csv"};
    for (int i = 0; i < 3; i++) {
        outcome o = run(cmd_compare, "compare", path, "--format", formats[i], NULL);
        assert_string_equal(o.err, "");
        assert_int_equal(o.rc, 0);
        assert_matches_expected(o.out, expected[i]);
        outcome_free(&o);
    }
    /* the table is the default */
    outcome o = run(cmd_compare, "compare", path, NULL);
    assert_int_equal(o.rc, 0);
    assert_matches_expected(o.out, "compare_table.txt");
    outcome_free(&o);
}

/* Rows in the order of --sort; -KEY descends; NaN last either way. */
static void test_compare_sort(void **state)
{
    (void)state;
    char path[512];
    small_fixture(path, sizeof path);
    static const struct {
        const char *key;
        int base_first;
    } cases[] = {
        {"token_price", 0}, /* burn_and_mint's median is 12.5% lower */
        {"-token_price", 1},        {"death_spiral", 0},  {"-death_spiral", 1},
        {"sustainability_day", 1}, /* burn_and_mint never (NaN): last */
        {"-sustainability_day", 1}, {"undercuts_aws", 1}, {"keeps_providers", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outcome o =
            run(cmd_compare, "compare", path, "--format", "csv", "--sort", cases[i].key, NULL);
        assert_int_equal(o.rc, 0);
        const char *b = strstr(o.out, "\nbase,"), *m = strstr(o.out, "\nburn_and_mint,");
        assert_true(b && m);
        if ((b < m) != cases[i].base_first) {
            fprintf(stderr, "--sort %s: wrong order:\n%s", cases[i].key, o.out);
            fail();
        }
        outcome_free(&o);
    }
    outcome o = run(cmd_compare, "compare", path, "--sort", "nonsense", NULL);
    assert_int_equal(o.rc, 2);
    assert_contains(o.err, "depinsim: compare: --sort 'nonsense': not a metric");
    outcome_free(&o);
}

/* A file from before outcomes and claims: dashes in the table, empty CSV
 * fields. */
static void test_compare_old_file(void **state)
{
    (void)state;
    fixture *x = fixture_new(8, 5);
    for (int v = 0; v < 2; v++) {
        x->v[v].outcomes = NULL;
        x->v[v].n_claims = 0;
    }
    char path[512];
    in_dir(path, sizeof path, "old.h5");
    ds_errors errs = {0};
    assert_int_equal(results_write(path, &x->r, 0, &errs), DS_OK);
    fixture_free(x);
    outcome o = run(cmd_compare, "compare", path, NULL);
    assert_int_equal(o.rc, 0);
    const char *row = strstr(o.out, "\nbase ");
    assert_non_null(row);
    /* death_spiral and sustainability_day: the dash */
    const char *nl = strchr(row + 1, '\n');
    char *line = strndup(row + 1, (size_t)(nl - row - 1));
    assert_contains(line, "\xe2\x80\x94  ");
    assert_true(strlen(line) > 6 && !strcmp(line + strlen(line) - 3, "\xe2\x80\x94"));
    free(line);
    assert_null(strstr(o.out, "undercuts_aws"));
    outcome_free(&o);
    o = run(cmd_compare, "compare", path, "--format", "csv", NULL);
    assert_int_equal(o.rc, 0);
    assert_contains(o.out, "death_spiral_wilson_hi,sustainability_day_median,sustainable_share\n");
    assert_contains(o.out, ",,,,,\n"); /* three death spiral fields and two sustainability */
    outcome_free(&o);
}

/* A --partial file of an interrupted run says so in the header. */
static void test_compare_partial(void **state)
{
    (void)state;
    char path[512];
    small_fixture(path, sizeof path);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    hid_t sp = H5Screate(H5S_SCALAR);
    int complete = 0, requested = 20;
    if (H5Aexists(f, "complete") > 0) H5Adelete(f, "complete"); /* the writer's: complete = 1 */
    hid_t a = H5Acreate2(f, "complete", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT, &complete);
    H5Aclose(a);
    a = H5Acreate2(f, "paths_requested", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT, &requested);
    H5Aclose(a);
    H5Sclose(sp);
    H5Fclose(f);
    outcome o = run(cmd_compare, "compare", path, NULL);
    assert_int_equal(o.rc, 0);
    assert_contains(o.out, "fixture: two designs: 8 paths (partial: 8 of 20 paths, an interrupted "
                           "run), final values at day 1095");
    outcome_free(&o);
}

static void test_export_files(void **state)
{
    (void)state;
    char path[512], dir[512];
    small_fixture(path, sizeof path);
    in_dir(dir, sizeof dir, "csv/deeper"); /* created, parents too */
    outcome o = run(cmd_export, "export", path, "--csv", dir, NULL);
    assert_string_equal(o.err, "");
    assert_int_equal(o.rc, 0);
    outcome_free(&o);
    static const char *const names[4] = {"quantiles.csv", "finals.csv", "outcomes.csv",
                                         "claims.csv"};
    for (int i = 0; i < 4; i++) {
        char f[600], e[64];
        snprintf(f, sizeof f, "%s/%s", dir, names[i]);
        char *text = slurp(f, NULL);
        assert_non_null(text);
        snprintf(e, sizeof e, "export_%s", names[i]);
        assert_matches_expected(text, e);
        free(text);
    }
    /* nothing else left in the folder (no temporaries) */
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) n += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(n, 4);
}

/* Every exported number reads back as the very double that was written. */
static void test_export_round_trip(void **state)
{
    (void)state;
    char path[512], dir[512], f[600];
    small_fixture(path, sizeof path);
    in_dir(dir, sizeof dir, "csv");
    outcome o = run(cmd_export, "export", path, "--csv", dir, NULL);
    assert_int_equal(o.rc, 0);
    outcome_free(&o);
    fixture *x = fixture_new(8, 5);
    snprintf(f, sizeof f, "%s/finals.csv", dir);
    char *text = slurp(f, NULL);
    int checked = 0;
    for (char *line = strchr(text, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        char variant[64], metric[64], unit[128];
        int p;
        double value;
        assert_int_equal(
            sscanf(line, "%63[^,],%63[^,],%d,%lf,%127[^\n]", variant, metric, &p, &value, unit), 5);
        int v = !strcmp(variant, "burn_and_mint"), m = -1;
        for (int k = 0; k < DS_N_METRICS; k++)
            if (!strcmp(ds_metric_names[k], metric)) m = k;
        assert_true(m >= 0);
        assert_true(value == x->final[v][(size_t)m * 8 + p]); /* exact */
        /* the last column is the metric's unit (quoted where it holds a comma) */
        if (!strchr(ds_metric_units[m], ','))
            assert_string_equal(unit, ds_metric_units[m]);
        else
            assert_true(unit[0] == '"' && !strncmp(unit + 1, ds_metric_units[m], 8));
        checked++;
    }
    assert_int_equal(checked, 2 * N_KEPT * 8);
    free(text);
    snprintf(f, sizeof f, "%s/quantiles.csv", dir);
    text = slurp(f, NULL);
    checked = 0;
    for (char *line = strchr(text, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        char variant[64], metric[64], stat[8];
        double t, value;
        assert_int_equal(
            sscanf(line, "%63[^,],%63[^,],%lf,%7[^,],%lf", variant, metric, &t, stat, &value), 5);
        if (strcmp(stat, "p95") != 0) continue;
        int v = !strcmp(variant, "burn_and_mint"), m = -1, r = -1;
        for (int k = 0; k < DS_N_METRICS; k++)
            if (!strcmp(ds_metric_names[k], metric)) m = k;
        for (int k = 0; k < 5; k++)
            if (x->time_days[k] == t) r = k;
        assert_true(m >= 0 && r >= 0);
        assert_true(value == x->q[v][((size_t)m * 5 + r) * DS_N_QUANTILES + 4]);
        checked++;
    }
    assert_int_equal(checked, 2 * N_KEPT * 5);
    free(text);
    fixture_free(x);
}

/* ------------------------------------------------------------------------ */
/* plot                                                                      */

/* PNG: the signature, then the IHDR chunk: width and height, big-endian. */
static void assert_png_size(const char *path, unsigned w, unsigned h)
{
    size_t n;
    unsigned char *b = (unsigned char *)slurp(path, &n);
    if (!b) {
        fprintf(stderr, "%s: missing\n", path);
        fail();
    }
    assert_true(n > 1000);
    assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(b + 12, "IHDR", 4);
    unsigned width = (unsigned)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
    unsigned height = (unsigned)b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
    if (width != w || height != h) {
        fprintf(stderr, "%s: %ux%u, want %ux%u\n", path, width, height, w, h);
        fail();
    }
    free(b);
}

/* SVG: the root element's width and height attributes. */
static void assert_svg_size(const char *path, unsigned w, unsigned h)
{
    char *text = slurp(path, NULL);
    if (!text) {
        fprintf(stderr, "%s: missing\n", path);
        fail();
    }
    const char *svg = strstr(text, "<svg");
    assert_non_null(svg);
    const char *wa = strstr(svg, "width=\""), *ha = strstr(svg, "height=\"");
    assert_true(wa && ha);
    assert_int_equal(strtoul(wa + 7, NULL, 10), w);
    assert_int_equal(strtoul(ha + 8, NULL, 10), h);
    assert_contains(text, "</svg>");
    free(text);
}

static int count_files(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name), s = strlen(suffix);
        n += l > s && !strcmp(e->d_name + l - s, suffix);
    }
    closedir(d);
    return n;
}

static void test_plot_png(void **state)
{
    (void)state;
    if (!have_gnuplot()) skip();
    char path[512], dir[512], f[700];
    in_dir(path, sizeof path, "full.h5");
    write_fixture(path, 1);
    in_dir(dir, sizeof dir, "charts");
    outcome o = run(cmd_plot, "plot", path, "-o", dir, NULL);
    if (o.rc != 0) fprintf(stderr, "%s%s", o.out, o.err);
    assert_int_equal(o.rc, 0);
    assert_contains(o.out, "start with dashboard.png");
    outcome_free(&o);
    snprintf(f, sizeof f, "%s/dashboard.png", dir);
    assert_png_size(f, 1800, 1100);
    static const char *const charts[] = {
        "cloud_prices",     "fan_token_price",         "fan_subsidy_adjusted_ratio",
        "hist_token_price", "hist_sustainability_day", "hist_death_spiral"};
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        snprintf(f, sizeof f, "%s/%s.png", dir, charts[i]);
        assert_png_size(f, 1200, 800);
    }
    /* a fan and a histogram per metric, a histogram per outcome, the cloud
     * chart and the dashboard */
    assert_int_equal(count_files(dir, ".png"), 2 * DS_N_METRICS + DS_N_OUTCOMES + 2);
    assert_int_equal(count_files(dir, ".tmp"), 0);
    /* the data went to a temporary folder, removed */
    snprintf(f, sizeof f, "%s/data", dir);
    struct stat st;
    assert_int_not_equal(stat(f, &st), 0);
}

/* svg, a subset of metrics and variants, the default folder, --keep-data. */
static void test_plot_svg_subset(void **state)
{
    (void)state;
    if (!have_gnuplot()) skip();
    char path[512], dir[512], f[700];
    in_dir(path, sizeof path, "full.h5");
    write_fixture(path, 1);
    outcome o = run(cmd_plot, "plot", path, "--format", "svg", "--metrics",
                    "token_price, subsidy_adjusted_ratio,max_drawdown", "--variants",
                    "burn_and_mint", "--keep-data", NULL);
    if (o.rc != 0) fprintf(stderr, "%s%s", o.out, o.err);
    assert_int_equal(o.rc, 0);
    outcome_free(&o);
    in_dir(dir, sizeof dir, "full_plots"); /* <results stem>_plots */
    snprintf(f, sizeof f, "%s/dashboard.svg", dir);
    assert_svg_size(f, 1800, 1100);
    snprintf(f, sizeof f, "%s/fan_token_price.svg", dir);
    assert_svg_size(f, 1200, 800);
    snprintf(f, sizeof f, "%s/hist_max_drawdown.svg", dir);
    assert_svg_size(f, 1200, 800);
    /* fans of 2, histograms of 2 + 1 outcome, the dashboard; no cloud chart */
    assert_int_equal(count_files(dir, ".svg"), 6);
    /* only the variant asked for: its name is in the charts, the other's not */
    snprintf(f, sizeof f, "%s/fan_token_price.svg", dir);
    char *svg = slurp(f, NULL);
    assert_contains(svg, "burn_and_mint");
    assert_null(strstr(svg, ">base<"));
    assert_contains(svg, "fixture: two designs: token_price"); /* the title */
    assert_contains(svg, "USD/token");                         /* the unit */
    assert_contains(svg, "time (years)");                      /* 1095 days */
    free(svg);
    /* --keep-data: the script and the data, to rerun or adapt */
    snprintf(f, sizeof f, "%s/data/plot.gp", dir);
    char *gp = slurp(f, NULL);
    assert_non_null(gp);
    assert_contains(gp, "load tpl.'/fan.gp'");
    free(gp);
    assert_int_equal(count_files(dir, ".dat"), 0);
    snprintf(f, sizeof f, "%s/data", dir);
    assert_true(count_files(f, ".dat") > 0);
}

/* Dated events (issue 12) are drawn on the time charts as markers: the script
 * holds the first selected variant's events, days within the run only, every
 * label quoted (a name from the file can hold a quote or a backtick), and the
 * svg shows the labels; a variant without events draws none. */
static void test_plot_event_markers(void **state)
{
    (void)state;
    if (!have_gnuplot()) skip();
    char path[512], dir[512], f[700];
    in_dir(path, sizeof path, "events.h5");
    fixture *x = fixture_new(64, 25);
    const double days[3] = {180, 5000, 730};
    x->v[1].n_events = 3;
    x->v[1].event_days = days;
    x->v[1].event_labels = "crash\nafter the end\nit's `halving`";
    ds_errors errs = {0};
    assert_int_equal(results_write(path, &x->r, 1, &errs), DS_OK);
    errors_free(&errs);
    fixture_free(x);
    outcome o = run(cmd_plot, "plot", path, "--format", "svg", "--metrics", "token_price",
                    "--variants", "burn_and_mint", "--keep-data", NULL);
    if (o.rc != 0) fprintf(stderr, "%s%s", o.out, o.err);
    assert_int_equal(o.rc, 0);
    outcome_free(&o);
    in_dir(dir, sizeof dir, "events_plots");
    snprintf(f, sizeof f, "%s/data/plot.gp", dir);
    char *gp = slurp(f, NULL);
    assert_non_null(gp);
    assert_contains(gp, "nev = 2\n");
    assert_contains(gp, "evday[1] = 180; evname[1] = 'crash'\n");
    assert_contains(gp, "evday[2] = 730; evname[2] = 'it'.\"'\".'s `halving`'\n");
    assert_null(strstr(gp, "after the end"));
    free(gp);
    snprintf(f, sizeof f, "%s/fan_token_price.svg", dir);
    char *svg = slurp(f, NULL);
    assert_contains(svg, ">crash<");
    free(svg);
    snprintf(f, sizeof f, "%s/dashboard.svg", dir);
    svg = slurp(f, NULL);
    assert_contains(svg, ">crash<");
    free(svg);
    /* the base has no events: no markers */
    in_dir(dir, sizeof dir, "base_plots");
    o = run(cmd_plot, "plot", path, "-o", dir, "--format", "svg", "--metrics", "token_price",
            "--variants", "base", "--keep-data", NULL);
    assert_int_equal(o.rc, 0);
    outcome_free(&o);
    snprintf(f, sizeof f, "%s/data/plot.gp", dir);
    gp = slurp(f, NULL);
    assert_contains(gp, "nev = 0\n");
    free(gp);
}

static void test_plot_pdf(void **state)
{
    (void)state;
    if (!have_gnuplot()) skip();
    char path[512], dir[512], f[700];
    in_dir(path, sizeof path, "full.h5");
    write_fixture(path, 1);
    in_dir(dir, sizeof dir, "pdf");
    outcome o =
        run(cmd_plot, "plot", path, "-o", dir, "--format", "pdf", "--metrics", "utilization", NULL);
    assert_int_equal(o.rc, 0);
    outcome_free(&o);
    snprintf(f, sizeof f, "%s/dashboard.pdf", dir);
    size_t n;
    char *b = slurp(f, &n);
    assert_non_null(b);
    assert_true(n > 1000 && !memcmp(b, "%PDF-", 5));
    free(b);
    assert_int_equal(count_files(dir, ".pdf"), 3);
}

/* A gnuplot that fails: its words reach the user, and the status is 1. */
static void test_plot_gnuplot_error(void **state)
{
    (void)state;
    char path[512], dir[512], fake[512];
    small_fixture(path, sizeof path);
    in_dir(dir, sizeof dir, "charts");
    in_dir(fake, sizeof fake, "fake-gnuplot");
    const char *script = "#!/bin/sh\necho 'line 42: unexpected frobnication' >&2\nexit 1\n";
    spit(fake, script, strlen(script));
    chmod(fake, 0755);
    setenv("DEPINSIM_GNUPLOT", fake, 1);
    outcome o = run(cmd_plot, "plot", path, "-o", dir, NULL);
    assert_int_equal(o.rc, 1);
    assert_contains(o.err, "depinsim: gnuplot failed (exit status 1)");
    assert_contains(o.err, "gnuplot: line 42: unexpected frobnication\n");
    outcome_free(&o);

    /* a gnuplot that exits 0 without writing the charts is a failure too */
    script = "#!/bin/sh\necho 'all fine, says the fake' >&2\nexit 0\n";
    spit(fake, script, strlen(script));
    o = run(cmd_plot, "plot", path, "-o", dir, NULL);
    assert_int_equal(o.rc, 1);
    assert_contains(o.err, "did not write");
    assert_contains(o.err, "all fine, says the fake");
    outcome_free(&o);
    unsetenv("DEPINSIM_GNUPLOT");

    /* the real gnuplot on a broken template: its own message */
    if (!have_gnuplot()) return;
    char tpl[512], f[600];
    in_dir(tpl, sizeof tpl, "templates");
    mkdir(tpl, 0755);
    snprintf(f, sizeof f, "%s/fan.gp", tpl);
    spit(f, "\n", 1);
    snprintf(f, sizeof f, "%s/dashboard.gp", tpl);
    const char *broken = "set frobnicate 3\n";
    spit(f, broken, strlen(broken));
    setenv("DEPINSIM_PLOTS", tpl, 1);
    o = run(cmd_plot, "plot", path, "-o", dir, NULL);
    assert_int_equal(o.rc, 1);
    assert_contains(o.err, "gnuplot failed");
    assert_contains(o.err, "dashboard.gp");
    assert_contains(o.err, "frobnicate");
    outcome_free(&o);

    /* DEPINSIM_PLOTS naming a folder without templates */
    setenv("DEPINSIM_PLOTS", dir, 1);
    o = run(cmd_plot, "plot", path, "-o", dir, NULL);
    assert_int_equal(o.rc, 1);
    assert_contains(o.err, "no gnuplot templates there");
    outcome_free(&o);
    unsetenv("DEPINSIM_PLOTS");
}

static void test_plot_gnuplot_missing(void **state)
{
    (void)state;
    char path[512], dir[512];
    small_fixture(path, sizeof path);
    in_dir(dir, sizeof dir, "charts");
    setenv("DEPINSIM_GNUPLOT", "/nonexistent/gnuplot", 1);
    outcome o = run(cmd_plot, "plot", path, "-o", dir, NULL);
    assert_int_equal(o.rc, 1);
    assert_contains(o.err, "DEPINSIM_GNUPLOT=/nonexistent/gnuplot");
    assert_contains(o.err, "apt-get install gnuplot-nox");
    outcome_free(&o);
    unsetenv("DEPINSIM_GNUPLOT");
    /* not on PATH */
    char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    setenv("PATH", g_dir, 1);
    o = run(cmd_plot, "plot", path, "-o", dir, NULL);
    if (old) setenv("PATH", old, 1);
    free(old);
    assert_int_equal(o.rc, 1);
    assert_contains(o.err, "depinsim: plot needs gnuplot, which is not installed");
    assert_contains(o.err, "depinsim: install it with: apt-get install gnuplot-nox\n");
    outcome_free(&o);
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0); /* nothing written */
}

/* ------------------------------------------------------------------------ */
/* Bad input                                                                 */

typedef int (*cmd_fn)(int, char **);

/* Each command on a bad file: status 2, a message naming the file. */
static void expect_refused(const char *path, const char *what)
{
    char dir[512];
    in_dir(dir, sizeof dir, "out");
    outcome o[3] = {
        run(cmd_plot, "plot", path, "-o", dir, NULL),
        run(cmd_compare, "compare", path, NULL),
        run(cmd_export, "export", path, "--csv", dir, NULL),
    };
    for (int i = 0; i < 3; i++) {
        if (o[i].rc != 2)
            fprintf(stderr, "command %d on %s: status %d\n%s", i, path, o[i].rc, o[i].err);
        assert_int_equal(o[i].rc, 2);
        char want[700];
        snprintf(want, sizeof want, "depinsim: %s: ", path);
        assert_contains(o[i].err, want);
        assert_contains(o[i].err, what);
        assert_string_equal(o[i].out, "");
        outcome_free(&o[i]);
    }
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0); /* nothing written */
}

static void test_bad_files(void **state)
{
    (void)state;
    char path[512];
    in_dir(path, sizeof path, "junk.h5");
    spit(path, "just some text\n", 15);
    expect_refused(path, "not an HDF5 file");

    in_dir(path, sizeof path, "empty.h5");
    spit(path, "", 0);
    expect_refused(path, "empty file");

    in_dir(path, sizeof path, "missing.h5");
    expect_refused(path, "No such file");

    in_dir(path, sizeof path, "foreign.h5"); /* HDF5 with data, but not ours */
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t n = 4;
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(f, "time_days", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(d);
    H5Sclose(sp);
    H5Fclose(f);
    expect_refused(path, "no 'format' attribute");

    /* truncated: the first half of a real results file */
    char good[512];
    in_dir(good, sizeof good, "full.h5");
    write_fixture(good, 1);
    size_t len;
    char *bytes = slurp(good, &len);
    in_dir(path, sizeof path, "half.h5");
    spit(path, bytes, len / 2);
    expect_refused(path, "truncated");

    /* ours, but a dataset of the wrong shape */
    in_dir(path, sizeof path, "reshaped.h5");
    spit(path, bytes, len);
    free(bytes);
    f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Ldelete(f, "variants/base/quantiles/utilization", H5P_DEFAULT) >= 0);
    n = 3;
    sp = H5Screate_simple(1, &n, NULL);
    d = H5Dcreate2(f, "variants/base/quantiles/utilization", H5T_IEEE_F64LE, sp, H5P_DEFAULT,
                   H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(d);
    H5Sclose(sp);
    H5Fclose(f);
    expect_refused(path, "utilization is [3], expected [25 x 5]");
}

static void test_usage(void **state)
{
    (void)state;
    char path[512];
    small_fixture(path, sizeof path);
    static const struct {
        cmd_fn fn;
        const char *name;
    } cmds[3] = {{cmd_plot, "plot"}, {cmd_compare, "compare"}, {cmd_export, "export"}};
    for (int i = 0; i < 3; i++) {
        outcome o = run(cmds[i].fn, cmds[i].name, "--help", NULL);
        assert_int_equal(o.rc, 0);
        char want[64];
        snprintf(want, sizeof want, "usage: depinsim %s RESULTS.h5", cmds[i].name);
        assert_contains(o.out, want);
        outcome_free(&o);
        o = run(cmds[i].fn, cmds[i].name, NULL); /* no file */
        assert_int_equal(o.rc, 2);
        assert_contains(o.err, "depinsim: ");
        assert_contains(o.err, want);
        outcome_free(&o);
        o = run(cmds[i].fn, cmds[i].name, path, "--frobnicate", NULL);
        assert_int_equal(o.rc, 2);
        assert_contains(o.err, "unknown option '--frobnicate'");
        outcome_free(&o);
        o = run(cmds[i].fn, cmds[i].name, path, path, NULL); /* two files */
        assert_int_equal(o.rc, 2);
        outcome_free(&o);
    }
    outcome o = run(cmd_compare, "compare", path, "--format", "xml", NULL);
    assert_int_equal(o.rc, 2);
    assert_contains(o.err, "--format 'xml'");
    outcome_free(&o);
    o = run(cmd_compare, "compare", path, "--format", NULL);
    assert_int_equal(o.rc, 2);
    assert_contains(o.err, "--format needs a value");
    outcome_free(&o);
    o = run(cmd_plot, "plot", path, "--format", "gif", NULL);
    assert_int_equal(o.rc, 2);
    outcome_free(&o);
    o = run(cmd_plot, "plot", path, "--variants", "base,nope", NULL);
    assert_int_equal(o.rc, 2);
    assert_contains(o.err, "no variant 'nope'");
    assert_contains(o.err, "it has: base burn_and_mint\n");
    outcome_free(&o);
    o = run(cmd_plot, "plot", path, "--metrics", "token_prize", NULL);
    assert_int_equal(o.rc, 2);
    assert_contains(o.err, "no metric or outcome 'token_prize'");
    outcome_free(&o);
    o = run(cmd_export, "export", path, NULL);
    assert_int_equal(o.rc, 2);
    assert_contains(o.err, "--csv DIR is required");
    outcome_free(&o);
    /* an output folder that cannot be made: a failure, not bad usage */
    char file[512], sub[600];
    in_dir(file, sizeof file, "a_file");
    spit(file, "x", 1);
    snprintf(sub, sizeof sub, "%s/sub", file);
    o = run(cmd_export, "export", path, "--csv", sub, NULL);
    assert_int_equal(o.rc, 1);
    assert_contains(o.err, "cannot create the folder");
    outcome_free(&o);
}

/* ------------------------------------------------------------------------ */
/* The escapers (issue 10): untrusted text into gnuplot and CSV              */

/* What report_gp_quote or report_csv_text writes for s. */
static char *escaped(void (*fn)(FILE *, const char *), const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    fn(m, s);
    assert_int_equal(fclose(m), 0);
    return buf;
}

/* Hostile strings and what gnuplot must read back from their escaped form:
 * control characters as spaces, bytes that are not UTF-8 as '?', the rest
 * as written; %s is the marker a command would create. */
static const struct {
    const char *in, *want;
} gp_cases[] = {
    {"plain", "plain"},
    {"", ""},
    {"'", "'"},
    {"''", "''"},
    {"'''", "'''"},
    {"'quoted", "'quoted"},                   /* gnuplot 5.4 misread '''quoted' */
    {"it''s a ''test''", "it''s a ''test''"}, /* and 'it''''s' */
    {"ends'", "ends'"},
    {"x\nsystem('touch %s')", "x system('touch %s')"}, /* a newline ends a command */
    {"x'; system('touch %s'); y='", "x'; system('touch %s'); y='"},
    {"`touch %s`", "`touch %s`"}, /* backquotes run in "..." */
    {"\"`touch %s`\"", "\"`touch %s`\""},
    {"$(touch %s) @x @@", "$(touch %s) @x @@"}, /* macros: @name */
    {"|touch %s", "|touch %s"},
    {"<touch %s", "<touch %s"},
    {"trailing backslash\\", "trailing backslash\\"},
    {"a\\nb \\' \\\"", "a\\nb \\' \\\""},
    {"tab\there\r\x1b[31mred\x7f", "tab here  [31mred "},
    {"C1 \xc2\x85 \xc2\x9b", "C1    "}, /* U+0085 NEL, U+009B CSI */
    {"not UTF-8 \xff \xc0\xaf \xed\xa0\x80 \xe2\x82", "not UTF-8 ? ?? ??? ??"},
    {"UTF-8 \xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x88 \xc2\xa0",
     "UTF-8 \xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x88 \xc2\xa0"},
    {"# not a comment; set output 'x'", "# not a comment; set output 'x'"},
};
#define N_GP_CASES (sizeof gp_cases / sizeof gp_cases[0])

/* Known answers: pieces in single quotes, a quote as "'" between them. */
static void test_gp_quote_form(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"plain", "'plain'"},       {"", "''"},        {"'", "\"'\""},  {"it's", "'it'.\"'\".'s'"},
        {"''x", "\"'\".\"'\".'x'"}, {"a\nb", "'a b'"}, {"\xff", "'?'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = escaped(report_gp_quote, cases[i].in);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

/* gnuplot's own parser reads every escaped hostile string back as the text
 * it stands for, and runs nothing. */
static void test_gp_quote_gnuplot(void **state)
{
    (void)state;
    if (!have_gnuplot()) skip();
    char script[512], out[512], marker[512], cmd[1600];
    in_dir(script, sizeof script, "quote.gp");
    in_dir(out, sizeof out, "quote.out");
    in_dir(marker, sizeof marker, "PWNED");
    FILE *f = fopen(script, "w");
    assert_non_null(f);
    fprintf(f, "set print '-'\n");
    for (size_t i = 0; i < N_GP_CASES; i++) {
        char in[512];
        snprintf(in, sizeof in, gp_cases[i].in, marker);
        fprintf(f, "x = ");
        report_gp_quote(f, in);
        fprintf(f, "\nprint '[', x, ']'\n");
    }
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot '%s' >'%s' 2>&1", g_dir, script, out);
    int st = system(cmd);
    char *text = slurp(out, NULL);
    assert_non_null(text);
    if (st != 0) fprintf(stderr, "gnuplot said:\n%s", text);
    assert_int_equal(st, 0);
    /* gnuplot's print separates its arguments with a space */
    char *line = text;
    for (size_t i = 0; i < N_GP_CASES; i++) {
        char want[600], expect[512];
        snprintf(expect, sizeof expect, gp_cases[i].want, marker);
        snprintf(want, sizeof want, "[ %s ]", expect);
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        *nl = '\0';
        if (strcmp(line, want) != 0) {
            fprintf(stderr, "case %zu: gnuplot read '%s', want '%s'\n", i, line, want);
            fail();
        }
        line = nl + 1;
    }
    assert_string_equal(line, "");
    free(text);
    struct stat st_m;
    assert_int_not_equal(stat(marker, &st_m), 0); /* no command ran */
}

/* CSV text cells: RFC 4180 quoting; formulas neutralised with a leading '. */
static void test_csv_text(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"base", "base"},
        {"", ""},
        {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
        {"=1+2", "'=1+2"},
        {"+1", "'+1"},
        {"-0.5", "'-0.5"}, /* a name, not a number: numbers never pass here */
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"\nx", "\"'\nx\""},
        {"a=1", "a=1"}, /* only the first character counts */
        {"a,b", "\"a,b\""},
        {"=a,b", "\"'=a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"'quoted", "'quoted"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = escaped(report_csv_text, cases[i].in);
        if (strcmp(got, cases[i].want) != 0) {
            fprintf(stderr, "csv of '%s': got '%s', want '%s'\n", cases[i].in, got, cases[i].want);
            fail();
        }
        free(got);
    }
}

/* ------------------------------------------------------------------------ */

static int driver(int argc, char **argv)
{
    if (!strcmp(argv[1], "fixture")) {
        if (argc < 3) return 2;
        write_fixture(argv[2], argc > 3 && !strcmp(argv[3], "full"));
        return 0;
    }
    if (!strcmp(argv[1], "plot")) return cmd_plot(argc - 1, argv + 1);
    if (!strcmp(argv[1], "compare")) return cmd_compare(argc - 1, argv + 1);
    if (!strcmp(argv[1], "export")) return cmd_export(argc - 1, argv + 1);
    fprintf(stderr, "test_report: unknown command '%s'\n", argv[1]);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc > 1) return driver(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_compare_formats, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_compare_sort, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_compare_old_file, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_compare_partial, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_export_files, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_export_round_trip, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_plot_png, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_plot_svg_subset, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_plot_event_markers, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_plot_pdf, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_plot_gnuplot_error, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_plot_gnuplot_missing, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_bad_files, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_usage, setup_dir, teardown_dir),
        cmocka_unit_test(test_gp_quote_form),
        cmocka_unit_test_setup_teardown(test_gp_quote_gnuplot, setup_dir, teardown_dir),
        cmocka_unit_test(test_csv_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
