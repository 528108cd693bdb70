/* test_scenario_write.c — a scenario written back as YAML (scenario_write.c,
 * `depinsim new`) loads to exactly the parameters it was written from: every
 * example in scenarios/, hostile strings, variants that change a list's
 * length or one item, a variant equal to the base, a sweep, the starter.
 * Every key of the table is in the text, each with its comment. Run from the
 * repository root (ctest does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "io/scenario.h"

#define MINIMAL                                                                                    \
    "hardware:\n"                                                                                  \
    "  - {name: H100, heq_per_device: 1.0, power_w: 700, price_usd: 27500, share: 0.4}\n"          \
    "  - {name: RTX4090, heq_per_device: 0.2, power_w: 450, price_usd: 1599, share: 0.6}\n"        \
    "regions:\n"                                                                                   \
    "  - {name: us-texas, electricity_usd_per_kwh: 0.066, share: 1}\n"                             \
    "demand:\n"                                                                                    \
    "  base_heqh_per_day: 1000\n"

/* sc as YAML, in a malloc'd string. */
static char *write_text(const ds_scenario *sc)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    assert_int_equal(scenario_write_yaml(f, sc, "# a test\n"), 0);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* The two scenarios hold the same parameters, byte for byte (the loader
 * zeroes every ds_params before it fills it, so padding compares too). */
static void assert_same(const ds_scenario *a, const ds_scenario *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->description, b->description);
    assert_int_equal(a->n_variants, b->n_variants);
    assert_memory_equal(&a->base, &b->base, sizeof a->base);
    for (int i = 0; i < a->n_variants; i++) {
        assert_string_equal(a->variants[i].name, b->variants[i].name);
        assert_memory_equal(&a->variants[i].params, &b->variants[i].params, sizeof a->base);
    }
}

/* Writes sc, loads the text back, compares; returns the text. */
static char *round_trip(const ds_scenario *sc)
{
    char *text = write_text(sc);
    ds_scenario back = {0};
    ds_errors errs = {0};
    int rc = scenario_load_text("written.yaml", text, &back, &errs);
    if (rc != DS_OK) {
        errors_print(&errs, stderr);
        fprintf(stderr, "%s", text);
    }
    assert_int_equal(rc, DS_OK);
    assert_same(sc, &back);
    scenario_free(&back);
    errors_free(&errs);
    return text;
}

static void load(const char *text, ds_scenario *sc)
{
    ds_errors errs = {0};
    int rc = scenario_load_text("test.yaml", text, sc, &errs);
    if (rc != DS_OK) errors_print(&errs, stderr);
    assert_int_equal(rc, DS_OK);
    errors_free(&errs);
}

/* Every key of the table, but the variants and sweep, starts a line of the
 * text as "<indent><leaf>:" (a list item's first key after "- ", an empty
 * list's items commented out after "# "), with a comment after it. */
static void assert_every_key(const char *text)
{
    for (int k = 0; k < scenario_key_count(); k++) {
        ds_key_doc d;
        scenario_key_doc(k, 0, &d);
        if (!strcmp(d.type, "mapping")) continue;
        const char *leaf = strrchr(d.path, '.') ? strrchr(d.path, '.') + 1 : d.path;
        int found = 0;
        for (const char *p = text; *p && !found;) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            const char *s = p;
            while (*s == ' ' || *s == '#' || *s == '-') s++;
            size_t l = strlen(leaf);
            found = (size_t)(s - p) < len && !strncmp(s, leaf, l) && s[l] == ':' &&
                    memchr(s, '#', len - (size_t)(s - p)) != NULL;
            p += len + (nl != NULL);
        }
        if (!found) fail_msg("key %s: no line '%s: ... # ...' in the text", d.path, leaf);
    }
}

static void test_examples(void **state)
{
    (void)state;
    DIR *d = opendir("scenarios");
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".yaml")) continue;
        char path[512];
        snprintf(path, sizeof path, "scenarios/%s", e->d_name);
        ds_scenario sc = {0};
        ds_errors errs = {0};
        int rc = scenario_open(path, NULL, 0, &sc, &errs);
        if (rc != DS_OK) errors_print(&errs, stderr);
        assert_int_equal(rc, DS_OK);
        char *text = round_trip(&sc);
        assert_every_key(text);
        free(text);
        scenario_free(&sc);
        errors_free(&errs);
        n++;
    }
    closedir(d);
    assert_true(n >= 11);
}

/* Names and texts a YAML writer gets wrong when it does not quote: quotes, a
 * backslash, ": " and " #", a leading dash, words YAML reads as bools or
 * numbers, and text past ASCII. */
static void test_hostile_strings(void **state)
{
    (void)state;
    ds_scenario sc = {0};
    load("name: x-y.z\n"
         "description: 'say \"60%\" of AWS: \\ # not a comment; 1e5 true -'\n" MINIMAL "claims:\n"
         "  - {name: yes, metric: price_ratio, op: le, threshold: 0.6}\n",
         &sc);
    snprintf(sc.base.hw[0].name, sizeof sc.base.hw[0].name, "%s", "- no: 1 \"q\" €");
    snprintf(sc.variants[0].params.hw[0].name, sizeof sc.base.hw[0].name, "%s", "- no: 1 \"q\" €");
    char *text = round_trip(&sc);
    assert_non_null(strstr(text, "name: \"- no: 1 \\\"q\\\" €\""));
    assert_non_null(strstr(text, "description: \"say \\\"60%\\\" of AWS: \\\\ # not a comment"));
    free(text);
    scenario_free(&sc);
}

/* A variant that gives a list another length is written with the whole
 * list; one that changes an item, by the item's index. */
static void test_variant_lists(void **state)
{
    (void)state;
    ds_scenario sc = {0};
    load(MINIMAL "cloud:\n"
                 "  cuts: [{day: 365, fraction: 0.15}]\n"
                 "variants:\n"
                 "  two_cuts:\n"
                 "    cloud.cuts: [{day: 100, fraction: 0.1}, {day: 200, fraction: 0.2}]\n"
                 "  deeper:\n"
                 "    cloud.cuts.0.fraction: 0.4\n"
                 "    hardware.1.share: 0.4\n"
                 "    hardware.0.share: 0.6\n"
                 "  same: {}\n",
         &sc);
    assert_int_equal(sc.n_variants, 4);
    char *text = round_trip(&sc);
    assert_non_null(
        strstr(text, "    cloud.cuts: [{day: 100, fraction: 0.1}, {day: 200, fraction: 0.2}]\n"));
    assert_non_null(strstr(text, "  \"deeper\":\n    hardware.0.share: 0.6\n"
                                 "    hardware.1.share: 0.4\n    cloud.cuts.0.fraction: 0.4\n"));
    assert_non_null(strstr(text, "  \"same\": {}\n"));
    free(text);
    scenario_free(&sc);
}

/* A sweep comes out as the variants it expanded to, under the same names. */
static void test_sweep(void **state)
{
    (void)state;
    ds_scenario sc = {0};
    load(MINIMAL "sweep:\n"
                 "  token.impact: [0.1, 0.3]\n"
                 "  pricing.cloud_fraction: [0.5, 0.7]\n",
         &sc);
    assert_int_equal(sc.n_variants, 5);
    char *text = round_trip(&sc);
    assert_null(strstr(text, "\nsweep:"));
    assert_non_null(strstr(text, "  \"token.impact=0.3,pricing.cloud_fraction=0.5\":\n"
                                 "    pricing.cloud_fraction: 0.5\n    token.impact: 0.3\n"));
    free(text);
    scenario_free(&sc);
}

/* The starter: named after its file, every key, checked as a file is. */
static void test_starter(void **state)
{
    (void)state;
    ds_scenario sc = {0};
    ds_errors errs = {0};
    assert_int_equal(scenario_starter("some/dir/my-net.yaml", &sc, &errs), DS_OK);
    assert_string_equal(sc.name, "my-net");
    assert_int_equal(sc.n_variants, 1);
    assert_int_equal(sc.base.n_classes, 1);
    assert_int_equal(sc.base.n_regions, 1);
    assert_int_equal(sc.base.run.paths, 256); /* the key table's default */
    char *text = round_trip(&sc);
    assert_every_key(text);
    /* an empty list: [] and its items' keys commented out, to fill in */
    assert_non_null(strstr(text, "\n  cuts: []"));
    assert_non_null(strstr(text, "\n  # - day: "));
    assert_non_null(strstr(text, "# variants:\n"));
    free(text);
    scenario_free(&sc);
    errors_free(&errs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),      cmocka_unit_test(test_hostile_strings),
        cmocka_unit_test(test_variant_lists), cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_starter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
