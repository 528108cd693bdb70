/* main.c — the depinsim command line: a table of commands, each the argv
 * half in this folder (cmd_*.c) of a library call below. Exit status: 0
 * success, 2 bad usage or bad input, 1 anything else; run can also die of a
 * signal, 128+N, after removing its temporary file. */
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../run/backend.h"
#include "cli.h"

static const char *const usage_main =
    "usage: depinsim <command> [options]\n"
    "\n"
    "Monte Carlo simulation of DePIN token economics against cloud prices.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml      simulate and write an HDF5 results file\n"
    "  validate SCENARIO.yaml check a scenario and report every error\n"
    "  info RESULTS.h5        summarize a results file\n"
    "  compare RESULTS.h5     one row per variant: medians, bands, death spiral, claims\n"
    "  plot RESULTS.h5        fan charts, histograms and a dashboard (gnuplot)\n"
    "  export RESULTS.h5 --csv DIR   quantiles, finals, outcomes and claims as tidy CSV\n"
    "  fit SERIES.csv         calibrate the token or demand process to a history (YAML)\n"
    "  keys                   print the reference of every scenario key (markdown)\n"
    "\n"
    "  depinsim <command> --help   options of a command\n"
    "  depinsim --version          version and build features\n"
    "\n"
    "exit status: 0 success; 2 bad usage or bad input (a located message; nothing\n"
    "written); 1 any other failure (I/O, memory, invalid state, an interrupted run);\n"
    "128+N: run died of signal N after removing its unfinished file (130: a second\n"
    "Ctrl-C, 143: a second SIGTERM).\n";

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv); /* argv[0] is the command's name */
} commands[] = {
    {"run", cmd_run},         {"validate", cmd_validate}, {"info", cmd_info}, {"plot", cmd_plot},
    {"compare", cmd_compare}, {"export", cmd_export},     {"keys", cmd_keys}, {"fit", cmd_fit},
};

static int version(void)
{
    printf("depinsim %s\n", DS_VERSION);
#ifdef _OPENMP
    printf("OpenMP: yes (%d threads available)\n", omp_get_max_threads());
#else
    printf("OpenMP: no\n");
#endif
    printf("CUDA backend: %s\n", backend_cuda_built() ? "built in" : "not built");
    return DS_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "%s", usage_main);
        return DS_EINPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        printf("%s", usage_main);
        return DS_OK;
    }
    if (!strcmp(cmd, "--version")) return version();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fputs("depinsim: unknown command '", stderr);
    errors_put_text(stderr, cmd);
    fprintf(stderr, "'\n\n%s", usage_main);
    return DS_EINPUT;
}
