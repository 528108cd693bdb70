/* fuzz_scenario.c — libFuzzer target for the scenario loader: the input up to
 * its last NUL byte is a scenario file (or the whole input when it has none),
 * the rest (else its last line) a `--set key.path=value` assignment applied
 * when the file loads; then the cross-field checks and the free. The keys
 * reference is printed once. Nothing is simulated. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "io/scenario.h"

static char g_path[64];

/* memrchr is a GNU extension */
static const uint8_t *last_of(const uint8_t *p, size_t n, uint8_t c)
{
    while (n--)
        if (p[n] == c) return p + n;
    return NULL;
}

static void remove_path(void)
{
    if (g_path[0]) unlink(g_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(g_path, sizeof g_path, "/tmp/ds_fuzz_scenario.%ld.yaml", (long)getpid());
    atexit(remove_path);
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        scenario_keys_markdown(null);
        fclose(null);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* split: yaml [0, ylen), assignment after the last NUL or the last line */
    size_t ylen = size, astart = size;
    const uint8_t *nul = last_of(data, size, 0);
    if (nul) {
        ylen = (size_t)(nul - data);
        astart = ylen + 1;
    } else {
        const uint8_t *nl = last_of(data, size, '\n');
        astart = nl ? (size_t)(nl - data) + 1 : 0;
    }
    FILE *f = fopen(g_path, "wb");
    if (!f) abort();
    if (ylen && fwrite(data, 1, ylen, f) != ylen) abort();
    fclose(f);

    size_t alen = size - astart;
    char *assign = malloc(alen + 1);
    if (!assign) abort();
    memcpy(assign, data + astart, alen);
    assign[alen] = '\0'; /* a C string, as argv gives it: stops at any NUL inside */

    ds_scenario sc;
    ds_errors errs = {0};
    if (scenario_load(g_path, &sc, &errs) == DS_OK) {
        scenario_set(&sc, assign, 1, &errs);
        scenario_check(&sc, &errs);
    }
    scenario_free(&sc);
    errors_free(&errs);
    free(assign);
    return 0;
}
