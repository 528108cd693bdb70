/* cmd_scenario.c — the commands about scenario files: `validate` (load,
 * --set, check; every error located) and `keys` (the reference of every key,
 * markdown, from the loader's own table). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../io/scenario.h"

static const char *const usage_validate =
    "usage: depinsim validate SCENARIO.yaml [--set KEY=VALUE]...\n"
    "\n"
    "Checks every key for type and range and the cross-key rules; prints every\n"
    "error as file:line:col: key: message.\n"
    "\n"
    "exit status: 0 valid; 2 bad usage or any error in the scenario; 1 any other\n"
    "failure (e.g. out of memory).\n";

static const char *const usage_keys =
    "usage: depinsim keys\n"
    "\n"
    "Prints the reference of every scenario key (markdown): path, type, unit,\n"
    "default, range and meaning; scenarios/README.md ends with it.\n";

int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    if (wants_help(argc, argv, usage_validate)) return DS_OK;
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    int n_sets = 0, c;
    if (!sets) return errors_report(&(ds_errors){0}, DS_EFAIL);
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c != 'S') {
            free(sets);
            return bad_option(usage_validate, c, argv);
        }
        sets[n_sets++] = optarg;
    }
    if (optind != argc - 1) {
        free(sets);
        return usage_error(usage_validate, "%s", "validate takes one scenario file");
    }
    ds_scenario sc = {0};
    ds_errors errs = {0};
    int rc = scenario_open(argv[optind], sets, n_sets, &sc, &errs);
    free(sets);
    if (rc == DS_OK) {
        const ds_params *P = &sc.variants[0].params;
        errors_put_text(stdout, argv[optind]);
        printf(": ok: ");
        errors_put_text(stdout, sc.name);
        printf(", %d variant(s), %d paths x %d steps, %d providers\n", sc.n_variants, P->run.paths,
               ds_params_steps(P), P->prov.count);
    }
    errors_report(&errs, rc);
    scenario_free(&sc);
    return rc;
}

int cmd_keys(int argc, char **argv)
{
    if (wants_help(argc, argv, usage_keys)) return DS_OK;
    if (argc != 1) return usage_error(usage_keys, "%s", "keys takes no arguments");
    scenario_keys_markdown(stdout);
    return DS_OK;
}
