/* test_figures.c — what keeps `depinsim plot`'s figures readable, checked in
 * the files gnuplot writes (SVG read as XML, PDF by its structure) and in
 * the helpers that decide it (plot_style.c): titles and labels wrapped or
 * shortened, never clipped; sweep names shortened for keys only while they
 * stay distinct; a key per variant, marks on the lines past seven variants;
 * each group of variants with cloud prices of its own drawn, one drawing
 * when they share them; one page per PDF at the chart's size. The results
 * files are written by the test (synthetic, deterministic).
 *   test_figures fixture OUT.h5 NVAR GROUPS NAME   writes a fixture, for a look */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdir.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../sim/cli/cli.h"
#include "../sim/io/results.h"
#include "../sim/report/plot_int.h"

/* ------------------------------------------------------------------------ */
/* A results file of nv variants, the cloud prices alike within each of
 * `groups` groups (variant v in group v % groups)                           */

#define MAXV 16
#define NP 16
#define NR 25

typedef struct {
    double time_days[NR];
    double q[MAXV][DS_N_METRICS * NR * DS_N_QUANTILES], mean[MAXV][DS_N_METRICS * NR];
    double final[MAXV][DS_N_METRICS * NP], outcomes[MAXV][DS_N_OUTCOMES * NP];
    char names[MAXV][96];
    ds_variant_result v[MAXV];
    ds_results r;
} many;

static int is_cloud(int m)
{
    return m == DS_M_CLOUD_ON_DEMAND || m == DS_M_CLOUD_SPOT || m == DS_M_CLOUD_RESERVED_1Y ||
           m == DS_M_CLOUD_RESERVED_3Y || m == DS_M_CLOUD_REFERENCE;
}

/* Variants "base" and a sweep's names, or with short_names "base", "design-1", ... */
static void write_many(const char *path, int nv, int groups, const char *scenario, int short_names)
{
    many *x = calloc(1, sizeof *x);
    assert_non_null(x);
    assert_true(nv <= MAXV);
    for (int t = 0; t < NR; t++) x->time_days[t] = 1095.0 * t / (NR - 1);
    for (int v = 0; v < nv; v++) {
        if (v == 0)
            snprintf(x->names[v], sizeof x->names[v], "base");
        else if (short_names)
            snprintf(x->names[v], sizeof x->names[v], "design-%d", v);
        else
            snprintf(x->names[v], sizeof x->names[v],
                     "emission.tokens_per_day=%d,cloud.decline_per_year=0.%d", 10000 * v,
                     v % groups + 1);
        for (int m = 0; m < DS_N_METRICS; m++) {
            /* the cloud: its group's level, a cut a year in; the rest: the variant's */
            double level = is_cloud(m) ? 4.0 - 0.5 * (v % groups) : 2.0 + 0.1 * v + m;
            for (int t = 0; t < NR; t++) {
                double day = x->time_days[t];
                double median = level * (1 - 0.2 * day / 1095) * (day >= 365 ? 0.85 : 1.0);
                double *q = x->q[v] + ((size_t)m * NR + t) * DS_N_QUANTILES;
                for (int k = 0; k < DS_N_QUANTILES; k++)
                    q[k] = is_cloud(m) ? median : median * (0.8 + 0.1 * k);
                x->mean[v][(size_t)m * NR + t] = median;
            }
            for (int p = 0; p < NP; p++)
                x->final[v][(size_t)m * NP + p] = level * (0.5 + (double)((p * 7 + v) % NP) / NP);
        }
        for (int o = 0; o < DS_N_OUTCOMES; o++)
            for (int p = 0; p < NP; p++)
                x->outcomes[v][(size_t)o * NP + p] = (double)((p * 3 + v + o) % 5);
        x->v[v] = (ds_variant_result){.name = x->names[v],
                                      .overrides = "",
                                      .paths = NP,
                                      .records = NR,
                                      .quantiles = x->q[v],
                                      .mean = x->mean[v],
                                      .final = x->final[v],
                                      .outcomes = x->outcomes[v],
                                      .paths_run = NP};
    }
    x->r = (ds_results){.version = "depinsim test",
                        .scenario_name = scenario,
                        .scenario_yaml = "name: test\n",
                        .scenario_sha256 = "0123456789abcdef0123456789abcdef"
                                           "0123456789abcdef0123456789abcdef",
                        .seed = 1,
                        .paths = NP,
                        .steps = 1095,
                        .records = NR,
                        .step_days = 1,
                        .backend = "cpu",
                        .device = "test",
                        .wall_seconds = 0.1,
                        .created = "2025-01-02T03:04:05Z",
                        .time_days = x->time_days,
                        .n_variants = nv,
                        .variants = x->v,
                        .complete = 1,
                        .paths_requested = NP};
    ds_errors errs = {0};
    int rc = results_write(path, &x->r, 1, &errs);
    if (rc != DS_OK) errors_print(&errs, stderr);
    assert_int_equal(rc, DS_OK);
    errors_free(&errs);
    free(x);
}

/* ------------------------------------------------------------------------ */
/* Running plot, reading what it wrote                                       */

static int setup(void **state)
{
    (void)state;
    return tmpdir_make("ds_figures");
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(g_dir);
    return 0;
}

static int have(const char *tool)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

/* depinsim plot RESULTS -o DIR ARGS..., its output to a file; the status. */
static int plot(const char *results, const char *dir, ...)
{
    char *argv[16] = {"plot", (char *)results, "-o", (char *)dir};
    int argc = 4;
    va_list ap;
    va_start(ap, dir);
    for (char *a; (a = va_arg(ap, char *)) && argc < 15;) argv[argc++] = a;
    va_end(ap);
    char log[600];
    in_dir(log, sizeof log, "plot.log");
    fflush(stdout);
    int save = dup(1), fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    close(fd);
    int rc = cmd_plot(argc, argv);
    fflush(stdout);
    dup2(save, 1);
    close(save);
    return rc;
}

static char *chart(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = slurp(path, NULL);
    if (!text) fail_msg("%s was not written", path);
    return text;
}

/* Where the n bytes of what first occur in the len bytes of hay (the PDF's
 * binary streams hold NULs), or NULL. */
static const char *find_bytes(const char *hay, size_t len, const char *what, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(hay + i, what, n)) return hay + i;
    return NULL;
}

/* The x and y of the translate() before the first <text>what</text>. */
static void text_at(const char *svg, const char *what, double *x, double *y)
{
    char t[300];
    snprintf(t, sizeof t, "<text>%s</text>", what);
    const char *at = strstr(svg, t);
    if (!at) fail_msg("no %s in the SVG", t);
    while (at > svg && strncmp(at, "translate(", 10)) at--;
    char *end;
    *x = strtod(at + 10, &end);
    *y = strtod(end + 1, NULL);
}

/* How many times what occurs in text. */
static int count(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, what)); p += strlen(what)) n++;
    return n;
}

/* The file is well-formed XML, by xmllint or Python's parser (whichever is
 * there; with neither, only that it opens with <?xml and closes </svg>). */
static void assert_xml(const char *path)
{
    char cmd[1200];
    if (have("xmllint"))
        snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    else if (have("python3"))
        snprintf(cmd, sizeof cmd,
                 "python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' '%s'", path);
    else
        cmd[0] = '\0';
    if (cmd[0] && system(cmd) != 0) fail_msg("%s does not parse as XML", path);
    char *t = slurp(path, NULL);
    assert_non_null(t);
    assert_true(!strncmp(t, "<?xml", 5));
    assert_non_null(strstr(t, "</svg>"));
    free(t);
}

/* No text element of the SVG is longer than max characters (a title or
 * label gnuplot would draw past the edge). */
static void assert_texts_within(const char *svg, int max)
{
    for (const char *p = svg; (p = strstr(p, "<text>")); p += 6) {
        const char *e = strstr(p, "</text>");
        assert_non_null(e);
        int chars = 0;
        for (const char *c = p + 6; c < e; c++) chars += ((unsigned char)*c & 0xc0) != 0x80;
        if (chars > max)
            fail_msg("a text of %d characters (most %d): %.*s", chars, max, (int)(e - p - 6),
                     p + 6);
    }
}

/* ------------------------------------------------------------------------ */

/* 13 variants of a sweep, in 3 cloud groups, as SVG. */
static void test_many_variants_svg(void **state)
{
    (void)state;
    if (!have("gnuplot")) skip();
    char h5[600], dir[600];
    in_dir(h5, sizeof h5, "many.h5");
    in_dir(dir, sizeof dir, "svg");
    write_many(h5, 13, 3, "many", 0);
    assert_int_equal(
        plot(h5, dir, "--format", "svg", "--metrics", "token_price,network_price", NULL), 0);
    static const char *const files[] = {"dashboard.svg", "cloud_prices.svg", "fan_token_price.svg",
                                        "hist_token_price.svg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        assert_xml(path);
    }
    char *fan = chart(dir, "fan_token_price.svg"), *cloud = chart(dir, "cloud_prices.svg"),
         *dash = chart(dir, "dashboard.svg"), *hist = chart(dir, "hist_token_price.svg");
    /* the titles, as the charts say them */
    assert_int_equal(count(fan, "<text>many: token_price</text>"), 1);
    assert_int_equal(count(hist, "<text>many: token_price at the horizon, distribution over "
                                 "paths</text>"),
                     1);
    /* a key entry per variant, by its short name; the swept paths cut */
    assert_int_equal(count(fan, "<text>base</text>"), 1);
    for (int v = 1; v < 13; v++) {
        char label[128];
        snprintf(label, sizeof label, "<text>tokens_per_day=%d,decline_per_year=0.%d</text>",
                 10000 * v, v % 3 + 1);
        assert_int_equal(count(fan, label), 1);
        assert_int_equal(count(dash, label), 1);  /* the page legend */
        assert_int_equal(count(hist, label), 1);  /* the boxes' key */
        assert_int_equal(count(cloud, label), 1); /* the network lines */
    }
    assert_int_equal(count(fan, "emission.tokens_per_day"), 0);
    /* long labels: the key below the plot (800 px high), in two columns */
    double x0, y0, x1, y1;
    text_at(fan, "base", &x0, &y0);
    text_at(fan, "tokens_per_day=120000,decline_per_year=0.1", &x1, &y1);
    assert_true(y0 > 580 && y1 > 580 && x1 > x0 + 300);
    /* past seven colours, marks: about ten per line, thirteen lines */
    assert_true(count(fan, "' transform='translate(") >= 13 * 8);
    /* the histogram's boxes past the seventh are hatched */
    assert_true(count(hist, "pattern") > 0);
    /* the cloud: three groups of their own, each named after its first variant */
    assert_int_equal(count(cloud, "<text>cloud: "), 3);
    assert_int_equal(count(cloud, "<text>cloud: base (+4 alike)</text>"), 1);
    assert_int_equal(count(cloud, "<text>cloud on-demand</text>"), 1);
    assert_int_equal(count(cloud, "<text>cloud spot</text>"), 1);
    assert_non_null(strstr(cloud, "cloud prices per variant, thin"));
    assert_non_null(strstr(dash, "network price vs each variant&apos;s cloud (thin)") ||
                    strstr(dash, "network price vs each variant's cloud (thin)"));
    free(fan);
    free(cloud);
    free(dash);
    free(hist);
}

/* Variants that share their cloud prices: drawn once, black and grey, and
 * the lines without marks (three variants: the colours suffice). */
static void test_shared_cloud(void **state)
{
    (void)state;
    if (!have("gnuplot")) skip();
    char h5[600], dir[600];
    in_dir(h5, sizeof h5, "shared.h5");
    in_dir(dir, sizeof dir, "svg");
    write_many(h5, 3, 1, "shared", 1);
    assert_int_equal(plot(h5, dir, "--format", "svg", "--metrics", "network_price", NULL), 0);
    char *cloud = chart(dir, "cloud_prices.svg"), *fan = chart(dir, "fan_network_price.svg");
    assert_int_equal(count(cloud, "<text>cloud: "), 0);
    assert_int_equal(count(cloud, "<text>cloud on-demand</text>"), 1);
    assert_non_null(strstr(cloud, "rgb( 34,  34,  34)")); /* #222222, the on-demand line */
    assert_null(strstr(cloud, "per variant"));
    assert_int_equal(count(fan, "' transform='translate("), 0);
    /* three short names: the key at the right of the plot, top to bottom */
    double x0, y0, x1, y1;
    text_at(fan, "base", &x0, &y0);
    text_at(fan, "design-2", &x1, &y1);
    assert_true(x0 > 800 && x1 == x0 && y1 > y0 && y1 < 200);
    free(cloud);
    free(fan);
}

/* A long scenario name: every title wrapped within the chart, none cut. */
static void test_long_titles(void **state)
{
    (void)state;
    if (!have("gnuplot")) skip();
    char h5[600], dir[600];
    in_dir(h5, sizeof h5, "long.h5");
    in_dir(dir, sizeof dir, "svg");
    const char *name = "a-very-long-scenario-name-that-would-not-fit-in-a-title-line-x";
    write_many(h5, 2, 1, name, 0);
    assert_int_equal(plot(h5, dir, "--format", "svg", "--metrics",
                          "token_price,max_drawdown,network_price", NULL),
                     0);
    static const char *const files[] = {"fan_token_price.svg", "hist_token_price.svg",
                                        "hist_max_drawdown.svg", "cloud_prices.svg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *svg = chart(dir, files[i]);
        assert_texts_within(svg, 80);
        /* the name whole, starting the title's first line */
        char head[200];
        snprintf(head, sizeof head, "<text>%s: ", name);
        if (!strstr(svg, head)) fail_msg("%s: no %s", files[i], head);
        free(svg);
    }
    char *dash = chart(dir, "dashboard.svg");
    assert_texts_within(dash, 130);
    /* the dashboard's title in two lines: the name on the first, the rest on the second */
    char first[200];
    snprintf(first, sizeof first, "<text>%s: 16 paths to day 1095 (3.00 years), 2 variants;", name);
    assert_non_null(strstr(dash, first));
    assert_non_null(strstr(dash, "<text>median line, 25-75% and 5-95% of paths</text>"));
    free(dash);
}

/* PDF: one page per chart, at the chart's size (100 px to the inch). */
static void test_pdf(void **state)
{
    (void)state;
    if (!have("gnuplot")) skip();
    char h5[600], dir[600];
    in_dir(h5, sizeof h5, "pdf.h5");
    in_dir(dir, sizeof dir, "pdf");
    write_many(h5, 9, 2, "pdf", 0);
    assert_int_equal(
        plot(h5, dir, "--format", "pdf", "--metrics", "token_price,network_price", NULL), 0);
    static const struct {
        const char *file, *box;
    } want[] = {{"dashboard.pdf", "/MediaBox [ 0 0 1296 792 ]"},
                {"cloud_prices.pdf", "/MediaBox [ 0 0 864 576 ]"},
                {"fan_token_price.pdf", "/MediaBox [ 0 0 864 576 ]"},
                {"hist_token_price.pdf", "/MediaBox [ 0 0 864 576 ]"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, want[i].file);
        size_t n;
        char *pdf = slurp(path, &n);
        assert_non_null(pdf);
        assert_true(n > 1000 && !memcmp(pdf, "%PDF-1.", 7));
        assert_true(!memcmp(pdf + n - 6, "%%EOF\n", 6));
        /* pages: the /Type /Page objects (not /Pages) */
        int pages = 0;
        for (const char *p = pdf; (p = find_bytes(p, n - (size_t)(p - pdf), "/Type /Page", 11));
             p += 11)
            pages += p[11] != 's';
        assert_int_equal(pages, 1);
        assert_non_null(find_bytes(pdf, n, "/Count 1", 8));
        assert_non_null(find_bytes(pdf, n, want[i].box, strlen(want[i].box)));
        free(pdf);
    }
}

/* ------------------------------------------------------------------------ */
/* The helpers                                                               */

static char *wrapped(const char *text, int width, int max_lines, int *lines)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    *lines = plot_gp_wrapped(f, text, width, max_lines);
    fclose(f);
    return buf;
}

static void test_wrap(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int width, max, lines;
        const char *want;
    } cases[] = {
        {"short", 20, 2, 1, "'short'"},
        {"one two three four", 10, 3, 2, "'one two'.\"\\n\".'three four'"},
        {"one two three four", 9, 2, 2, "'one two'.\"\\n\".'three...'"},
        /* "; " in the second half is the break a title prefers */
        {"name: a b; c d e f", 16, 2, 2, "'name: a b;'.\"\\n\".'c d e f'"},
        {"a; bcd efg hij", 12, 2, 2, "'a; bcd efg'.\"\\n\".'hij'"},
        /* a long name breaks after a dash, else at the width */
        {"abc-defgh-ijk", 8, 3, 3, "'abc-'.\"\\n\".'defgh-'.\"\\n\".'ijk'"},
        {"abcdefghijkl", 5, 3, 3, "'abcde'.\"\\n\".'fghij'.\"\\n\".'kl'"},
        /* characters, not bytes */
        {"ééé ééé", 4, 2, 2, "'ééé'.\"\\n\".'ééé'"},
        /* a quote stays outside the quoted pieces (report_gp_quote) */
        {"it's", 10, 1, 1, "'it'.\"'\".'s'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int lines;
        char *got = wrapped(cases[i].text, cases[i].width, cases[i].max, &lines);
        if (strcmp(got, cases[i].want) || lines != cases[i].lines)
            fail_msg("wrap '%s' at %d: got %s (%d lines), want %s (%d)", cases[i].text,
                     cases[i].width, got, lines, cases[i].want, cases[i].lines);
        free(got);
    }
}

/* The labels of a selection of variants named as given. */
static void labels_of(const char *const *names, int n, char out[][256])
{
    ds_read_variant v[8] = {0};
    int sel[8];
    for (int i = 0; i < n; i++) {
        v[i].name = (char *)names[i];
        sel[i] = i;
    }
    ds_read_results r = {.n_variants = n, .variants = v};
    ds_errors errs = {0};
    plot_ctx p = {.r = &r, .sel = sel, .nsel = n, .errs = &errs};
    assert_int_equal(plot_labels(&p), 0);
    for (int i = 0; i < n; i++) snprintf(out[i], 256, "%s", p.labels[i]);
    free(p.labels);
}

static void test_labels(void **state)
{
    (void)state;
    char got[8][256];
    static const char *const sweep[] = {"base", "emission.tokens_per_day=1e4,token.impact=0.1",
                                        "emission.tokens_per_day=2e4,token.impact=0.1"};
    labels_of(sweep, 3, got);
    assert_string_equal(got[0], "base");
    assert_string_equal(got[1], "tokens_per_day=1e4,impact=0.1");
    assert_string_equal(got[2], "tokens_per_day=2e4,impact=0.1");
    /* two swept paths with one last part: shortened they could not be told apart */
    static const char *const clash[] = {"hardware.0.share=0.2,regions.0.share=0.5",
                                        "hardware.0.share=0.5,regions.0.share=0.2"};
    labels_of(clash, 2, got);
    assert_string_equal(got[0], clash[0]);
    assert_string_equal(got[1], clash[1]);
    /* a variant named as another's short form: full names for all */
    static const char *const alike[] = {"token.impact=0.1", "impact=0.1"};
    labels_of(alike, 2, got);
    assert_string_equal(got[0], "token.impact=0.1");
    assert_string_equal(got[1], "impact=0.1");
    /* names that are not a sweep's stay as they are */
    static const char *const plain[] = {"burn_and_mint", "a=b,c"};
    labels_of(plain, 2, got);
    assert_string_equal(got[0], "burn_and_mint");
    assert_string_equal(got[1], "a=b,c");
}

int main(int argc, char **argv)
{
    (void)spit; /* tmpdir.h's, not needed here */
    if (argc == 6 && !strcmp(argv[1], "fixture")) {
        write_many(argv[2], atoi(argv[3]), atoi(argv[4]), argv[5], 0);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_many_variants_svg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_cloud, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf, setup, teardown),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_labels),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    /* without gnuplot four of the six tests skipped: CTest must say so, not "Passed" */
    if (!failed && !have("gnuplot")) {
        printf("skipped: gnuplot not installed, the charts were not checked\n");
        return 77;
    }
    return failed;
}
