/* cmd_merge.c — `depinsim merge SHARD... -o OUT`: the argv half of
 * results_merge (sim/io/results_merge.h), with run's signal handling around
 * the write (the first interrupt writes nothing, a second removes the
 * temporary and ends the command) and the errors printed once. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../io/results_merge.h"
#include "../run/run.h"
#include "signals.h"

const char cli_usage_merge[] =
    "usage: depinsim merge SHARD.h5... -o OUT.h5 [--force] [-q]\n"
    "\n"
    "Puts shards (files of `depinsim run --paths-range A:B`) together into the\n"
    "results file one run of every path would have written: the same datasets,\n"
    "byte for byte, the statistics computed once over all paths. The shards must\n"
    "come from one scenario text, the same --set options, seed and binary, be\n"
    "complete, and cover the paths 0..N-1 exactly once (in any order on the\n"
    "command line); anything else is refused, naming the shard and what differs.\n"
    "\n"
    "  -o, --output FILE  the merged results file (a new name, or a regular file\n"
    "                     with --force)\n"
    "      --force        overwrite an existing regular file\n"
    "  -q, --quiet        no summary line\n"
    "  -h, --help         this text\n"
    "\n"
    "exit status: 0 written; 2 bad usage, a shard missing, damaged, of another run,\n"
    "or paths not covered exactly once (nothing written); 1 any other failure.\n";

int cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"force", no_argument, 0, 'f'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    if (wants_help(argc, argv, cli_usage_merge)) return DS_OK;
    const char *out = NULL;
    int force = 0, quiet = 0, c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'f': force = 1; break;
        case 'q': quiet = 1; break;
        default: return bad_option(cli_usage_merge, c, argv);
        }
    }
    if (!out) return usage_error(cli_usage_merge, "merge needs -o OUT.h5");
    if (optind >= argc) return usage_error(cli_usage_merge, "merge needs at least one shard");
    ds_errors errs = {0};
    /* run's handlers, on a run that only has a temporary to look after */
    ds_run *r = calloc(1, sizeof *r);
    if (!r) return errors_report(&errs, DS_EFAIL);
    results_tmp_name(out, (long)getpid(), r->tmp, sizeof r->tmp);
    ds_merge_options o = {
        (const char *const *)argv + optind, argc - optind, out, force, &r->stop, &r->tmp_live};
    ds_merge_summary sum;
    signals_install(r);
    int rc = results_merge(&o, &sum, &errs);
    signals_restore();
    free(r);
    if (rc == DS_OK && !quiet) {
        printf("depinsim %s: merged %d shards, %d paths, %d variant(s) into ", DS_VERSION,
               sum.shards, sum.paths, sum.variants);
        errors_put_text(stdout, out);
        printf("\n");
    }
    return errors_report(&errs, rc);
}
