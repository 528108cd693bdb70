/* test_inputs.c — input series (issue 15): the CSV reader's known answers
 * and every class of bad file located (file:line:col: column: what), the
 * scenario's checks of each use, and through the engine: demand and cloud
 * prices that follow their series exactly, a replayed token path equal to
 * the history, a block bootstrap that draws the history's own returns and
 * reproduces its mean log return, byte-identical results on any thread
 * count, and the provenance the results file keeps. The interpolation's
 * known answers (exact at knots) are model cases (model_cases.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <hdf5.h>

#include "load.h"
#include "tmpdir.h"

#include "../models/path.h"
#include "io/scenario.h"
#include "io/scenario_inputs.h"
#include "io/series_csv.h"
#include "io/sha256.h"
#include "run/engine.h"
#include "run/run.h"

#define SCENARIO "tests/data/inputs/inputs.yaml"

static int setup(void **state)
{
    (void)state;
    return tmpdir_make("ds_inputs");
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(g_dir);
    return 0;
}

static void write_text(const char *name, const char *text, char *path, size_t n)
{
    in_dir(path, n, name);
    spit(path, text, strlen(text));
}

/* ---------------------------------------------------------------- the reader */

/* A file with a BOM, comments, CRLF line ends, a quoted header with a unit
 * and a quoted cell: the values and days as written, its SHA-256 (sha256sum
 * of the same bytes). */
static void csv_known_answers(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF# source: a test\r\n"
                       "\r\n"
                       "date,\"close [USD/token]\" , other\r\n"
                       "2024-02-28, 1.5,x\r\n"
                       "# a comment between rows\r\n"
                       "2024-02-29,\"2.25\",y\r\n"
                       "2024-03-01,0,z\r\n";
    char path[512];
    write_text("k.csv", text, path, sizeof path);
    csv_series s;
    ds_errors errs = {0};
    assert_int_equal(csv_series_read(path, "close", &s, &errs), DS_OK);
    assert_int_equal(s.n, 3);
    assert_true(s.dated);
    assert_string_equal(s.unit, "USD/token");
    /* 2024-02-28 is day 19781 since 1970-01-01 (date -d 2024-02-28 +%s / 86400) */
    assert_true(s.day[0] == 19781.0 && s.day[1] == 19782.0 && s.day[2] == 19783.0);
    assert_true(s.value[0] == 1.5 && s.value[1] == 2.25 && s.value[2] == 0.0);
    assert_int_equal(s.line[0], 4);
    assert_int_equal(s.line[2], 7);
    assert_true(s.median_step == 1.0);
    char want[65];
    sha256_hex(text, strlen(text), want);
    assert_string_equal(s.sha256, want);
    csv_series_free(&s);
    /* a `day` column, unit-less values */
    write_text("d.csv", "day,v\n0,1\n7,2\n14,4\n", path, sizeof path);
    assert_int_equal(csv_series_read(path, "v", &s, &errs), DS_OK);
    assert_false(s.dated);
    assert_string_equal(s.unit, "");
    assert_true(s.day[2] == 14.0 && s.value[2] == 4.0 && s.median_step == 7.0);
    csv_series_free(&s);
    /* dates round-trip, leap days and the calendar's limits */
    double d;
    char buf[16];
    assert_int_equal(csv_parse_date("1970-01-01", &d), 0);
    assert_true(d == 0.0);
    assert_int_equal(csv_parse_date("2000-02-29", &d), 0);
    csv_format_date(d, buf, sizeof buf);
    assert_string_equal(buf, "2000-02-29");
    assert_int_equal(csv_parse_date("1900-02-29", &d), -1);
    assert_int_equal(csv_parse_date("2023-13-01", &d), -1);
    assert_int_equal(csv_parse_date("2023-1-01", &d), -1);
    errors_free(&errs);
}

typedef struct {
    const char *text;   /* the file */
    const char *column; /* asked for */
    int line, col;      /* where the first fault is */
    const char *key;    /* the column the fault names */
    const char *msg;    /* the start of its message */
} bad_file;

/* Every class of bad file: the first fault, located. */
static void csv_bad_files(void **state)
{
    (void)state;
    static const bad_file cases[] = {
        {"date,price\n2024-01-01,1\n2024-01-02,2\n", "close", 1, 1, "close",
         "no such column; the value columns are: price"},
        {"when,price\n2024-01-01,1\n", "price", 1, 1, "", "no time column"},
        {"date,price\n2024-01-02,1\n2024-01-01,2\n", "price", 3, 1, "date",
         "2024-01-01 is not after 2024-01-02 (line 2)"},
        {"date,price\n2024-01-01,1\n2024-01-01,2\n", "price", 3, 1, "date",
         "2024-01-01 is not after 2024-01-01"},
        {"date,price\n2024-01-01,1\n2024-01-02,1\n2024-01-03,1\n2024-01-06,1\n", "price", 5, 1,
         "date", "2024-01-06 comes 3 days after 2024-01-03, where the file's usual step is 1"},
        {"day,price\n0,1\n1,abc\n", "price", 3, 3, "price", "'abc' is not a number"},
        {"day,price\n0,1\n1,0x10\n", "price", 3, 3, "price", "'0x10' is not a number"},
        {"day,price\n0,1\n1,inf\n", "price", 3, 3, "price", "'inf' is not a number"},
        {"day,price\n0,1\n1,-0.5\n", "price", 3, 3, "price", "-0.5 is negative"},
        {"day,price\n0,1\n1,\n", "price", 3, 3, "price", "no value: a gap"},
        {"date,price\n2024-02-30,1\n", "price", 2, 1, "date", "'2024-02-30' is not a date"},
        {"day,price\n0,1,2\n", "price", 2, 5, "", "3 cells on this line, the header has 2"},
        {"day,price\n0,\"1\n", "price", 2, 3, "", "a quoted cell is not closed"},
        {"day,price\n0,\"1\"x\n", "price", 2, 6, "", "text after a quoted cell"},
        {"day,price\n0,1\n", "price", 1, 1, "price", "1 row of data; a series needs at least 2"},
        {"# only a comment\n", "price", 1, 1, "", "no header line"},
        {"day,day,price\n", "price", 1, 5, "day", "column named twice"},
        {"day,price\n0,1\n1,2\0\n", "price", 3, 1, "", "a NUL byte"},
    };
    char path[512];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const bad_file *c = &cases[k];
        in_dir(path, sizeof path, "bad.csv");
        size_t len = strlen(c->text);
        if (strstr(c->msg, "NUL")) len += 2; /* the text holds a NUL and a line break after it */
        spit(path, c->text, len);
        csv_series s;
        ds_errors errs = {0};
        int rc = csv_series_read(path, c->column, &s, &errs);
        if (rc != DS_EINPUT || errs.n < 1 || errs.items[0].line != c->line ||
            errs.items[0].col != c->col || strcmp(errs.items[0].key, c->key) ||
            strncmp(errs.items[0].msg, c->msg, strlen(c->msg)) ||
            strcmp(errs.items[0].file, path)) {
            errors_print(&errs, stderr);
            fail_msg("case %zu: want %d:%d: %s: %s", k, c->line, c->col, c->key, c->msg);
        }
        csv_series_free(&s);
        errors_free(&errs);
    }
}

/* The bounds: too many rows, a line too long, a file too large, a FIFO and a
 * missing file; each refused with a message, never read without end. */
static void csv_bounds(void **state)
{
    (void)state;
    char path[512];
    ds_errors errs = {0};
    csv_series s;
    /* DS_CSV_MAX_ROWS + 1 rows */
    size_t cap = (size_t)(DS_CSV_MAX_ROWS + 2) * 16 + 32, n = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    n += (size_t)snprintf(big + n, cap - n, "day,v\n");
    for (int i = 0; i <= DS_CSV_MAX_ROWS; i++) n += (size_t)snprintf(big + n, cap - n, "%d,1\n", i);
    in_dir(path, sizeof path, "rows.csv");
    spit(path, big, n);
    assert_int_equal(csv_series_read(path, "v", &s, &errs), DS_EINPUT);
    assert_int_equal(errs.items[0].line, DS_CSV_MAX_ROWS + 2);
    assert_non_null(strstr(errs.items[0].msg, "more than 4096 rows"));
    csv_series_free(&s);
    errors_free(&errs);
    free(big);
    /* a line longer than DS_CSV_MAX_LINE */
    char *line = malloc(DS_CSV_MAX_LINE + 64);
    assert_non_null(line);
    memset(line, 'a', DS_CSV_MAX_LINE + 10);
    memcpy(line, "day,v\n0,", 8);
    line[DS_CSV_MAX_LINE + 10] = '\n';
    in_dir(path, sizeof path, "long.csv");
    spit(path, line, DS_CSV_MAX_LINE + 11);
    assert_int_equal(csv_series_read(path, "v", &s, &errs), DS_EINPUT);
    assert_int_equal(errs.items[0].line, 2);
    assert_non_null(strstr(errs.items[0].msg, "longer than 4096 bytes"));
    csv_series_free(&s);
    errors_free(&errs);
    free(line);
    /* a file larger than DS_CSV_MAX_BYTES: refused by size, not parsed */
    in_dir(path, sizeof path, "huge.csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fseek(f, DS_CSV_MAX_BYTES + 10, SEEK_SET), 0);
    fputc('\n', f);
    fclose(f);
    assert_int_equal(csv_series_read(path, "v", &s, &errs), DS_EINPUT);
    assert_non_null(strstr(errs.items[0].msg, "larger than 4194304 bytes"));
    csv_series_free(&s);
    errors_free(&errs);
    /* a FIFO with no writer: refused at once (opening it would block) */
    in_dir(path, sizeof path, "fifo.csv");
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(csv_series_read(path, "v", &s, &errs), DS_EINPUT);
    assert_non_null(strstr(errs.items[0].msg, "not a regular file"));
    csv_series_free(&s);
    errors_free(&errs);
    in_dir(path, sizeof path, "missing.csv");
    assert_int_equal(csv_series_read(path, "v", &s, &errs), DS_EINPUT);
    assert_non_null(strstr(errs.items[0].msg, "cannot read"));
    csv_series_free(&s);
    errors_free(&errs);
    /* past DS_CSV_MAX_FAULTS faults the rest are counted */
    char many[4096];
    n = (size_t)snprintf(many, sizeof many, "day,v\n");
    for (int i = 0; i < 30; i++) n += (size_t)snprintf(many + n, sizeof many - n, "%d,x\n", i);
    in_dir(path, sizeof path, "many.csv");
    spit(path, many, n);
    assert_int_equal(csv_series_read(path, "v", &s, &errs), DS_EINPUT);
    assert_int_equal(errs.n, DS_CSV_MAX_FAULTS + 1);
    assert_non_null(strstr(errs.items[DS_CSV_MAX_FAULTS].msg, "reading stopped after 20 faults"));
    csv_series_free(&s);
    errors_free(&errs);
}

/* ---------------------------------------------------------------- the scenario */

/* The scenario with extra lines appended, loaded; the errors, or NULL. */
static int load_extra(const char *extra, const char **sets, int n_sets, ds_scenario *sc,
                      ds_errors *errs)
{
    size_t len;
    char *base = slurp(SCENARIO, &len);
    assert_non_null(base);
    size_t m = len + strlen(extra) + 1;
    char *text = malloc(m);
    assert_non_null(text);
    snprintf(text, m, "%s%s", base, extra);
    char path[512];
    in_dir(path, sizeof path, "s.yaml");
    spit(path, text, strlen(text));
    free(base);
    free(text);
    /* the CSV files beside it, as in tests/data/inputs */
    const char *files[] = {"token.csv", "cloud.csv", "demand.csv"};
    for (int i = 0; i < 3; i++) {
        char src[256], dst[512];
        snprintf(src, sizeof src, "tests/data/inputs/%s", files[i]);
        char *t = slurp(src, &len);
        assert_non_null(t);
        in_dir(dst, sizeof dst, files[i]);
        spit(dst, t, len);
        free(t);
    }
    return scenario_open(path, (char **)sets, n_sets, sc, errs);
}

typedef struct {
    const char *extra; /* appended to the scenario (or NULL) */
    const char *set;   /* one --set (or NULL) */
    const char *key;   /* the error's key */
    const char *msg;   /* the start of its message */
} bad_use;

/* What the model needs of each use, each refused with a located message. */
static void scenario_checks_uses(void **state)
{
    (void)state;
    static const bad_use cases[] = {
        {NULL, "demand.series=nope", "demand.series",
         "no input named 'nope' (inputs: px, od, spot, dem)"},
        {NULL, "cloud.on_demand_series=dem", "cloud.on_demand_series",
         "input 'dem' is in heq-h/day, this key needs USD/heq-h"},
        {NULL, "inputs.0.unit=USD/share", "inputs.0.unit",
         "'USD/share', but the file's header says 'USD/token'"},
        {NULL, "run.horizon_days=500", "token.price_series",
         "input 'px' covers days 0 to 399 of the run"},
        {NULL, "inputs.3.start=2023-12-01", "demand.series",
         "input 'dem' covers days -334 to 91 of the run"},
        {NULL, "token.returns=bootstrap", NULL, NULL},
        {NULL, "token.price_series=od", "token.price_series",
         "input 'od' is in USD/heq-h, this key needs USD/token"},
        {NULL, "inputs.0.name=a/b", "inputs.0.name", "input name 'a/b' must be"},
        {NULL, "inputs.1.start=x", "inputs.1.start", "'x' is not a day number"},
        {"variants:\n  v: {inputs: {0: {scale: 2}}}\n", NULL, "variants.v.inputs.0.scale",
         "is read once for every variant"},
        {"variants:\n  v: {token.returns: bootstrap, run.step_days: 2}\n", NULL, "token.returns",
         "bootstrap draws one of input 'px''s returns per step"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const bad_use *c = &cases[k];
        ds_scenario sc;
        ds_errors errs = {0};
        const char *sets[1] = {c->set};
        int rc = load_extra(c->extra ? c->extra : "", sets, c->set ? 1 : 0, &sc, &errs);
        if (!c->key) { /* a good case among the bad: the daily file bootstraps */
            if (rc != DS_OK) errors_print(&errs, stderr);
            assert_int_equal(rc, DS_OK);
        } else {
            int found = 0;
            for (int i = 0; i < errs.n; i++)
                if (!strcmp(errs.items[i].key, c->key) &&
                    !strncmp(errs.items[i].msg, c->msg, strlen(c->msg)) && errs.items[i].line > 0)
                    found = 1;
            if (rc != DS_EINPUT || !found) {
                errors_print(&errs, stderr);
                fail_msg("case %zu: want %s: %s", k, c->key, c->msg);
            }
        }
        errors_free(&errs);
        scenario_free(&sc);
    }
}

/* ---------------------------------------------------------------- through the engine */

typedef struct {
    int paths, R;
    double *rec; /* [DS_N_METRICS × paths × R] */
} run_out;

static run_out run_params(const ds_params *P, int threads)
{
    run_out o = {P->run.paths, ds_params_records(P), NULL};
    o.rec = malloc((size_t)DS_N_METRICS * o.paths * o.R * sizeof(double));
    assert_non_null(o.rec);
    ds_run_buffers buf = {.paths_total = o.paths, .rec = o.rec};
    ds_errors errs = {0};
    assert_int_equal(engine_run_cpu(P, 0, o.paths, &buf, threads, NULL, &errs), DS_OK);
    return o;
}

static double at(const run_out *o, int m, int p, int r)
{
    return o->rec[((size_t)m * o->paths + p) * o->R + r];
}

/* The file's rows, read as the test's own reference. */
static csv_series read_ref(const char *file, const char *column)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/inputs/%s", file);
    csv_series s;
    ds_errors errs = {0};
    assert_int_equal(csv_series_read(path, column, &s, &errs), DS_OK);
    return s;
}

/* Demand and cloud prices follow their series: at the step starting on day
 * t, on-demand and spot are the step series' value (a price list: the last
 * row on or before t), and with no shock demand is the monthly series joined
 * by straight lines, to the last bit at a row's day. */
static void demand_and_cloud_follow_series(void **state)
{
    (void)state;
    const char *sets[] = {"demand.shock_vol_per_sqrt_year=0", "demand.jump_rate_per_year=0"};
    ds_scenario sc = load_with(SCENARIO, sets, 2);
    const ds_params *P = &sc.variants[0].params;
    run_out o = run_params(P, 2);
    csv_series od = read_ref("cloud.csv", "on_demand"), spot = read_ref("cloud.csv", "spot");
    csv_series dem = read_ref("demand.csv", "heqh");
    int exact_rows = 0;
    for (int p = 0; p < o.paths; p++) {
        for (int r = 0; r < o.R; r++) {
            double t = r * P->run.step_days; /* the recorded step started on day t */
            int k = 0;
            while (k + 1 < od.n && od.day[k + 1] <= t) k++;
            assert_true(at(&o, DS_M_CLOUD_ON_DEMAND, p, r) == od.value[k]);
            assert_true(at(&o, DS_M_CLOUD_SPOT, p, r) == spot.value[k]);
            int j = 0;
            while (j + 1 < dem.n && dem.day[j + 1] - dem.day[0] <= t) j++;
            double t0 = dem.day[j] - dem.day[0], t1 = dem.day[j + 1] - dem.day[0];
            double want = dem.value[j] + (dem.value[j + 1] - dem.value[j]) * ((t - t0) / (t1 - t0));
            double got = at(&o, DS_M_DEMAND_ADDRESSABLE, p, r);
            assert_true(fabs(got - want) <= 1e-12 * want);
            if (t == t0) {
                assert_true(got == dem.value[j]); /* exact at the knots */
                exact_rows++;
            }
        }
    }
    assert_int_equal(exact_rows, o.paths * 7); /* days 0, 31, 59, 90, 120, 151, 181 */
    csv_series_free(&od);
    csv_series_free(&spot);
    csv_series_free(&dem);
    free(o.rec);
    scenario_free(&sc);
}

/* Replay with no flow impact: every path's token price is the history,
 * rescaled to token.initial_price_usd (here the first close: the history
 * itself). Prices compound step by step (base × e^(ln(v₁/v₀))): equal within
 * 1e-12 relative after 200 steps. */
static void replay_is_the_history(void **state)
{
    (void)state;
    const char *sets[] = {"token.impact=0"};
    ds_scenario sc = load_with(SCENARIO, sets, 1);
    const ds_params *P = &sc.variants[0].params;
    run_out o = run_params(P, 2);
    csv_series px = read_ref("token.csv", "close");
    double worst = 0.0;
    for (int p = 0; p < o.paths; p++)
        for (int r = 0; r < o.R; r++) {
            double want = px.value[r + 1]; /* the record of step r holds the price at its end */
            double rel = fabs(at(&o, DS_M_TOKEN_PRICE, p, r) - want) / want;
            if (rel > worst) worst = rel;
        }
    assert_true(worst <= 1e-12);
    free(o.rec);
    scenario_free(&sc);
    /* under market_cap the series drives the speculative value S: with no
     * fundamental value, no flows and no new supply the price is S / supply,
     * the history again */
    const char *cap[] = {"token.impact=0", "token.model=market_cap", "token.fundamental=none",
                         "emission.tokens_per_day=0"};
    sc = load_with(SCENARIO, cap, 4);
    o = run_params(&sc.variants[0].params, 2);
    worst = 0.0;
    for (int p = 0; p < o.paths; p++)
        for (int r = 0; r < o.R; r++) {
            double want = px.value[r + 1];
            double rel = fabs(at(&o, DS_M_TOKEN_PRICE, p, r) - want) / want;
            if (rel > worst) worst = rel;
        }
    assert_true(worst <= 1e-12);
    csv_series_free(&px);
    free(o.rec);
    scenario_free(&sc);
}

/* The block bootstrap reproduces the history's mean log return: over 400
 * paths of 200 days, the mean of the paths' mean daily log returns is within
 * 3 standard errors of the history's (every return is equally likely at
 * every step, so the expectation is exact). Each path's returns are the
 * history's own: every step's is one of them. */
static void bootstrap_keeps_mean_log_return(void **state)
{
    (void)state;
    const char *sets[] = {"token.returns=bootstrap", "token.impact=0", "run.paths=400",
                          "providers.count=8", "token.bootstrap_block_days=10"};
    ds_scenario sc = load_with(SCENARIO, sets, 5);
    const ds_params *P = &sc.variants[0].params;
    run_out o = run_params(P, 2);
    csv_series px = read_ref("token.csv", "close");
    double hist = log(px.value[px.n - 1] / px.value[0]) / (px.n - 1);
    double sum = 0.0, sum2 = 0.0;
    for (int p = 0; p < o.paths; p++) {
        double prev = P->token.initial_price_usd;
        for (int r = 0; r < o.R; r++) {
            double price = at(&o, DS_M_TOKEN_PRICE, p, r), lr = log(price / prev);
            int found = 0;
            for (int k = 0; k + 1 < px.n && !found; k++)
                found = fabs(lr - log(px.value[k + 1] / px.value[k])) < 1e-9;
            assert_true(found);
            prev = price;
        }
        double m = log(prev / P->token.initial_price_usd) / o.R;
        sum += m;
        sum2 += m * m;
    }
    double mean = sum / o.paths, sd = sqrt((sum2 - sum * mean) / (o.paths - 1));
    double se = sd / sqrt((double)o.paths);
    print_message("bootstrap: mean daily log return %.6g, history %.6g, se %.3g\n", mean, hist, se);
    assert_true(fabs(mean - hist) <= 3.0 * se);
    assert_true(se > 0.0);
    csv_series_free(&px);
    free(o.rec);
    scenario_free(&sc);
}

/* Byte-identical records for 1 and 3 threads with every input in use and the
 * bootstrap drawing. */
static void identical_across_threads(void **state)
{
    (void)state;
    const char *sets[] = {"token.returns=bootstrap"};
    ds_scenario sc = load_with(SCENARIO, sets, 1);
    const ds_params *P = &sc.variants[0].params;
    run_out a = run_params(P, 1), b = run_params(P, 3);
    assert_memory_equal(a.rec, b.rec, (size_t)DS_N_METRICS * a.paths * a.R * sizeof(double));
    free(a.rec);
    free(b.rec);
    scenario_free(&sc);
}

/* ---------------------------------------------------------------- the results file */

static char *attr_text(hid_t loc, const char *name)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a);
    char *s;
    if (H5Tis_variable_str(t) > 0) { /* how results_write writes them (h5_attr_str) */
        char *v = NULL;
        assert_true(H5Aread(a, t, &v) >= 0);
        assert_non_null(v);
        s = strdup(v);
        H5free_memory(v);
    } else { /* files of earlier versions: fixed length */
        size_t n = H5Tget_size(t);
        s = calloc(n + 1, 1);
        assert_non_null(s);
        assert_true(H5Aread(a, t, s) >= 0);
    }
    assert_non_null(s);
    H5Tclose(t);
    H5Aclose(a);
    return s;
}

/* The results keep each input's provenance: the file's SHA-256 (as
 * sha256sum computes it), its column and the knots the run used. */
static void results_keep_provenance(void **state)
{
    (void)state;
    char out[512];
    in_dir(out, sizeof out, "i.h5");
    ds_run_options o = {.scenario = SCENARIO, .out = out, .threads = 1, .backend = DS_BACKEND_CPU};
    ds_run r;
    ds_errors errs = {0};
    int rc = run_prepare(&r, &o, &errs);
    if (rc == DS_OK) rc = run_simulate(&r, &o, &errs);
    if (rc == DS_OK) rc = run_summarise(&r, &errs);
    if (rc == DS_OK) rc = run_write(&r, &o, &errs);
    if (rc != DS_OK) errors_print(&errs, stderr);
    assert_int_equal(rc, DS_OK);
    run_free(&r);
    size_t len;
    char *csv = slurp("tests/data/inputs/token.csv", &len), sha[65];
    sha256_hex(csv, len, sha);
    free(csv);
    hid_t f = H5Fopen(out, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    hid_t g = H5Gopen2(f, "inputs/px", H5P_DEFAULT);
    assert_true(g >= 0);
    char *s = attr_text(g, "sha256");
    assert_string_equal(s, sha);
    free(s);
    s = attr_text(g, "column");
    assert_string_equal(s, "close");
    free(s);
    s = attr_text(g, "unit");
    assert_string_equal(s, "USD/token");
    free(s);
    hid_t d = H5Dopen2(g, "value", H5P_DEFAULT);
    double v[400];
    csv_series px = read_ref("token.csv", "close");
    /* every knot, no more: the dataset holds exactly the file's rows */
    hid_t sp = H5Dget_space(d);
    hsize_t dims[1] = {0};
    assert_int_equal(H5Sget_simple_extent_ndims(sp), 1);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    assert_int_equal(px.n, 400);
    assert_int_equal(dims[0], (hsize_t)px.n);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    assert_memory_equal(v, px.value, sizeof v);
    csv_series_free(&px);
    H5Dclose(d);
    H5Gclose(g);
    assert_true(H5Lexists(f, "inputs/dem/t_days", H5P_DEFAULT) > 0);
    /* and the provenance's input_files, sha256sum's lines, in the scenario's order */
    s = attr_text(f, "input_files");
    char line[100];
    snprintf(line, sizeof line, "%s  px\n", sha);
    assert_true(strncmp(s, line, strlen(line)) == 0);
    assert_non_null(strstr(s, "  od\n"));
    assert_non_null(strstr(s, "  dem\n"));
    free(s);
    H5Fclose(f);
    errors_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(csv_known_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(scenario_checks_uses, setup, teardown),
        cmocka_unit_test(demand_and_cloud_follow_series),
        cmocka_unit_test(replay_is_the_history),
        cmocka_unit_test(bootstrap_keeps_mean_log_return),
        cmocka_unit_test(identical_across_threads),
        cmocka_unit_test_setup_teardown(results_keep_provenance, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
