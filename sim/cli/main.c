/* main.c — the depinsim command line: a table of commands, each the argv
 * half in this folder (cmd_*.c) of a library call below. Exit status: 0
 * success, 2 bad usage or bad input, 1 anything else; run can also die of a
 * signal, 128+N, after removing its temporary file. The table also makes
 * the main usage text and the man page (--man), so neither lists a command
 * the program does not have. */
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../build_info.h"
#include "../run/backend.h"
#include "../run/cluster.h"
#include "cli.h"

static const char description[] =
    "Monte Carlo simulation of DePIN token economics against cloud prices.\n";

static const char exit_status[] =
    "exit status: 0 success; 2 bad usage or bad input (a located message; nothing\n"
    "written); 1 any other failure (I/O, memory, invalid state, an interrupted run);\n"
    "128+N: run died of signal N after removing its unfinished file (130: a second\n"
    "Ctrl-C, 143: a second SIGTERM).\n";

static const cli_command commands[] = {
    {"run", "SCENARIO.yaml", "simulate and write an HDF5 results file", cmd_run, cli_usage_run},
    {"validate", "SCENARIO.yaml", "check a scenario and report every error", cmd_validate,
     cli_usage_validate},
    {"new", "FILE.yaml", "write a commented starting scenario (--from SCENARIO: a copy)", cmd_new,
     cli_usage_new},
    {"info", "RESULTS.h5", "summarize a results file", cmd_info, cli_usage_info},
    {"compare", "RESULTS.h5", "one row per variant: medians, bands, death spiral, claims",
     cmd_compare, cli_usage_compare},
    {"plot", "RESULTS.h5", "fan charts, histograms and a dashboard (gnuplot)", cmd_plot,
     cli_usage_plot},
    {"export", "RESULTS.h5 --csv DIR", "quantiles, finals, outcomes and claims as tidy CSV",
     cmd_export, cli_usage_export},
    {"merge", "SHARD.h5... -o OUT.h5", "shards of run --paths-range into one run's results",
     cmd_merge, cli_usage_merge},
    {"fit", "SERIES.csv", "calibrate the token or demand process to a history (YAML)", cmd_fit,
     cli_usage_fit},
    {"sensitivity", "SCENARIO.yaml",
     "which parameters matter: Sobol, Morris or a Latin hypercube over the analysis: block",
     cmd_sensitivity, cli_usage_sensitivity},
    {"solve", "SCENARIO.yaml --vary KEY --target T",
     "the smallest or largest value meeting a target, by bisection", cmd_solve, cli_usage_solve},
    {"keys", "", "print the reference of every scenario key (markdown)", cmd_keys, cli_usage_keys},
};
#define N_COMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage_main(FILE *out)
{
    fprintf(out, "usage: depinsim <command> [options]\n\n%s\ncommands:\n", description);
    for (int i = 0; i < N_COMMANDS; i++) {
        char synopsis[64];
        snprintf(synopsis, sizeof synopsis, "%s %s", commands[i].name, commands[i].args);
        /* the summaries in one column; a longer synopsis puts its summary below */
        if (strlen(synopsis) > 22)
            fprintf(out, "  %s\n  %-22s %s\n", synopsis, "", commands[i].summary);
        else
            fprintf(out, "  %-22s %s\n", synopsis, commands[i].summary);
    }
    fprintf(out,
            "\n"
            "  depinsim <command> --help   options of a command\n"
            "  depinsim --version          version and build features\n"
            "  depinsim --man              this manual as a man page (depinsim --man | man "
            "-l -)\n"
            "\n%s",
            exit_status);
}

static int version(void)
{
    printf("depinsim %s\n", DS_VERSION);
#ifdef _OPENMP
    printf("OpenMP: yes (%d threads available)\n", omp_get_max_threads());
#else
    printf("OpenMP: no\n");
#endif
    printf("CUDA backend: %s\n", backend_cuda_built() ? "built in" : "not built");
    printf("MPI: %s\n", cluster_mpi_built() ? "built in (mpirun/srun split the paths)"
                                            : "not built (shards: run --paths-range, merge)");
    const ds_build_info *b = build_info();
    printf("built from: %s%s, %s, %s\n", b->git_commit,
           b->git_dirty > 0   ? " (dirty)"
           : b->git_dirty < 0 ? " (not a git checkout)"
                              : "",
           b->compiler, b->build_type);
    return DS_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage_main(stderr);
        return DS_EINPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage_main(stdout);
        return DS_OK;
    }
    if (!strcmp(cmd, "--version")) return version();
    if (!strcmp(cmd, "--man")) {
        cli_manpage(stdout, commands, N_COMMANDS, description, exit_status);
        return fflush(stdout) == 0 && !ferror(stdout) ? DS_OK : DS_EFAIL;
    }
    for (int i = 0; i < N_COMMANDS; i++)
        if (!strcmp(cmd, commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fputs("depinsim: unknown command '", stderr);
    errors_put_text(stderr, cmd);
    fputs("'\n\n", stderr);
    usage_main(stderr);
    return DS_EINPUT;
}
