/* load.h — load a scenario for a test, apply `--set` overrides, check it, and
 * fail the test with the located errors if any. Included after <cmocka.h>. */
#ifndef DS_TEST_LOAD_H
#define DS_TEST_LOAD_H

#include <string.h>

#include "io/scenario.h"

static ds_scenario load_with(const char *path, const char **sets, int n)
{
    ds_scenario sc;
    memset(&sc, 0, sizeof sc);
    ds_errors errs = {0};
    int rc = scenario_load(path, &sc, &errs);
    for (int i = 0; rc == DS_OK && i < n; i++) rc = scenario_set(&sc, sets[i], i + 1, &errs);
    if (rc == DS_OK) rc = scenario_check(&sc, &errs);
    if (rc != DS_OK) {
        errors_print(&errs, stderr);
        fail_msg("cannot load %s", path);
    }
    errors_free(&errs);
    return sc;
}

#endif
