/* main.c — the depinsim command line: run, validate, info, keys. Parses
 * options, calls the library, prints errors and chooses the exit status
 * (0 success, 2 bad usage or bad input, 1 anything else; run can also die of
 * a signal, 128+N, after removing its temporary file). Numbers on the command
 * line are plain decimal: no sign, no spaces, no hex. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../run/backend.h"
#include "../report/report.h"
#include "../error.h"
#include "../run/progress.h"
#include "../results.h"
#include "../run/run.h"
#include "../io/scenario.h"

#define DS_VERSION "0.1.0"

static const char *usage_main =
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
    "  keys                   print the reference of every scenario key (markdown)\n"
    "\n"
    "  depinsim <command> --help   options of a command\n"
    "  depinsim --version          version and build features\n"
    "\n"
    "exit status: 0 success; 2 bad usage or bad input (a located message; nothing\n"
    "written); 1 any other failure (I/O, memory, invalid state, an interrupted run);\n"
    "128+N: run died of signal N after removing its unfinished file (130: a second\n"
    "Ctrl-C, 143: a second SIGTERM).\n";

static const char *usage_run =
    "usage: depinsim run SCENARIO.yaml [options]\n"
    "\n"
    "  -o, --output FILE     results file: a new name or a regular file (never a device,\n"
    "                        FIFO, directory or symbolic link); default: <scenario\n"
    "                        name>.h5 here, the name reduced to [A-Za-z0-9._-]\n"
    "      --paths N         Monte Carlo paths (overrides run.paths)\n"
    "      --seed S          random seed, 0..4294967295 (overrides run.seed)\n"
    "      --threads N       OpenMP threads (default: all cores)\n"
    "      --backend B       auto | cpu | cuda (default auto)\n"
    "      --set KEY=VALUE   override any scenario key, e.g. token.impact=0.5 (repeatable)\n"
    "      --force           overwrite an existing regular file\n"
    "      --partial         if interrupted, write the completed paths (complete=false)\n"
    "      --max-memory SIZE refuse runs needing more host memory, e.g. 512M, 4G, 1.5GiB\n"
    "                        (default and ceiling: what is available now)\n"
    "      --progress MODE   auto | bar | log | none (default auto: the bar on a terminal);\n"
    "                        log prints a line as paths complete, for batch jobs\n"
    "  -q, --quiet           no progress bar and no summary\n"
    "  -h, --help            this text\n"
    "\n"
    "The output path is checked before simulating. The file is written under a\n"
    "temporary name and renamed when complete. The first SIGINT, SIGTERM or SIGHUP\n"
    "stops the run (nothing written, or the completed paths with --partial); a\n"
    "second, or any other fatal signal, removes the temporary and ends the run.\n"
    "\n"
    "exit status: 0 written; 2 bad usage, bad scenario or unusable output path\n"
    "(checked before simulating; nothing written); 1 the run failed or was\n"
    "interrupted (with --partial: the completed paths were written, complete=0);\n"
    "128+N died of signal N, temporary removed (130: a second Ctrl-C,\n"
    "143: a second SIGTERM).\n";

static const char *usage_validate =
    "usage: depinsim validate SCENARIO.yaml [--set KEY=VALUE]...\n"
    "\n"
    "Checks every key for type and range and the cross-key rules; prints every\n"
    "error as file:line:col: key: message.\n"
    "\n"
    "exit status: 0 valid; 2 bad usage or any error in the scenario; 1 any other\n"
    "failure (e.g. out of memory).\n";

static const char *usage_info =
    "usage: depinsim info RESULTS.h5\n"
    "\n"
    "Prints the scenario, size, backend, time and the key metrics at the horizon\n"
    "(median and 5-95% band) of every variant.\n"
    "\n"
    "exit status: 0 printed; 2 bad usage, or not a depinsim results file, or\n"
    "damaged; 1 any other failure.\n";

static int wants_help(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    return 0;
}

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "depinsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return DS_EINPUT;
}

/* Decimal digits only: strtol alone takes " 16", "+16" (and strtod "0x10",
 * "inf"), which no user means. */
static size_t decimal_digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9') n++;
    return n;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    size_t n = decimal_digits(s);
    if (n == 0 || s[n] || n > 18) return -1; /* 18 digits: no overflow in a long */
    long v = strtol(s, NULL, 10);
    if (v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* "512M", "4G", "1.5GiB", plain bytes → bytes; -1 if not a size. */
static double parse_size(const char *s)
{
    size_t n = decimal_digits(s);
    if (n == 0 || n > 18) return -1;
    if (s[n] == '.') {
        size_t f = decimal_digits(s + n + 1);
        if (f == 0) return -1;
        n += 1 + f;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end != s + n || !(v > 0)) return -1;
    double mult = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mult = 1024.0;
        end++;
        break;
    case 'm':
    case 'M':
        mult = 1048576.0;
        end++;
        break;
    case 'g':
    case 'G':
        mult = 1073741824.0;
        end++;
        break;
    case 't':
    case 'T':
        mult = 1099511627776.0;
        end++;
        break;
    default: break;
    }
    if (!strcmp(end, "iB") || !strcmp(end, "B")) end += strlen(end);
    return *end ? -1 : v * mult;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"paths", required_argument, 0, 'p'},
                                         {"seed", required_argument, 0, 's'},
                                         {"threads", required_argument, 0, 't'},
                                         {"backend", required_argument, 0, 'b'},
                                         {"set", required_argument, 0, 'S'},
                                         {"force", no_argument, 0, 'f'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"partial", no_argument, 0, 'P'},
                                         {"max-memory", required_argument, 0, 'm'},
                                         {"progress", required_argument, 0, 'g'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    ds_run_options o;
    memset(&o, 0, sizeof o);
    long v;
    char setbuf[2][64];
    o.sets = calloc((size_t)argc + 2, sizeof *o.sets);
    if (!o.sets) return DS_EFAIL;
    int rc = DS_OK, c;
    optind = 2;
    while (rc == DS_OK && (c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o.out = optarg; break;
        case 'p':
            if (parse_long(optarg, 1, INT_MAX, &v)) {
                rc = usage_error(usage_run, "--paths: '%s' is not a positive integer", optarg);
                break;
            }
            snprintf(setbuf[0], sizeof setbuf[0], "run.paths=%ld", v);
            o.sets[o.n_sets++] = setbuf[0];
            break;
        case 's':
            if (parse_long(optarg, 0, 4294967295L, &v)) {
                rc = usage_error(usage_run, "--seed: '%s' is not in 0..4294967295", optarg);
                break;
            }
            snprintf(setbuf[1], sizeof setbuf[1], "run.seed=%ld", v);
            o.sets[o.n_sets++] = setbuf[1];
            break;
        case 't':
            if (parse_long(optarg, 1, 4096, &v)) {
                rc = usage_error(usage_run, "--threads: '%s' is not in 1..4096", optarg);
                break;
            }
            o.threads = (int)v;
            break;
        case 'b':
            if (!strcmp(optarg, "auto"))
                o.backend = DS_BACKEND_AUTO;
            else if (!strcmp(optarg, "cpu"))
                o.backend = DS_BACKEND_CPU;
            else if (!strcmp(optarg, "cuda"))
                o.backend = DS_BACKEND_CUDA;
            else
                rc = usage_error(usage_run, "--backend: '%s' is not auto, cpu or cuda", optarg);
            break;
        case 'S': o.sets[o.n_sets++] = optarg; break;
        case 'f': o.force = 1; break;
        case 'q': o.quiet = 1; break;
        case 'g':
            if (!strcmp(optarg, "auto"))
                o.progress = DS_PROGRESS_AUTO;
            else if (!strcmp(optarg, "bar"))
                o.progress = DS_PROGRESS_BAR;
            else if (!strcmp(optarg, "log"))
                o.progress = DS_PROGRESS_LOG;
            else if (!strcmp(optarg, "none"))
                o.progress = DS_PROGRESS_NONE;
            else
                rc = usage_error(usage_run, "--progress: '%s' is not auto, bar, log or none",
                                 optarg);
            break;
        case 'P': o.partial = 1; break;
        case 'm':
            o.max_memory = parse_size(optarg);
            if (o.max_memory < 0)
                rc = usage_error(usage_run, "--max-memory: '%s' is not a size like 512M or 4G",
                                 optarg);
            break;
        case 'h':
            printf("%s", usage_run);
            free(o.sets);
            return DS_OK;
        default: fprintf(stderr, "\n%s", usage_run); rc = DS_EINPUT;
        }
    }
    if (rc == DS_OK && optind != argc - 1)
        rc = usage_error(usage_run, "%s",
                         optind >= argc ? "run needs one scenario file"
                                        : "run takes one scenario file");
    if (rc == DS_OK) {
        o.scenario = argv[optind];
        rc = run_scenario(&o);
    }
    free(o.sets);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    int n_sets = 0, c;
    if (!sets) return DS_EFAIL;
    optind = 2;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'S')
            sets[n_sets++] = optarg;
        else if (c == 'h') {
            printf("%s", usage_validate);
            free(sets);
            return DS_OK;
        } else {
            free(sets);
            fprintf(stderr, "\n%s", usage_validate);
            return DS_EINPUT;
        }
    }
    if (optind != argc - 1) {
        free(sets);
        return usage_error(usage_validate, "%s", "validate takes one scenario file");
    }
    ds_scenario sc = {0};
    int rc = run_load_scenario(argv[optind], sets, n_sets, &sc);
    free(sets);
    if (rc == DS_OK) {
        const ds_params *P = &sc.variants[0].params;
        printf("%s: ok: %s, %d variant(s), %d paths x %d steps, %d providers\n", argv[optind],
               sc.name, sc.n_variants, P->run.paths, ds_params_steps(P), P->prov.count);
    }
    scenario_free(&sc);
    return rc;
}

static int cmd_info(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("%s", usage_info);
        return DS_OK;
    }
    if (argc != 3) return usage_error(usage_info, "%s", "info takes one results file");
    ds_errors errs = {0};
    int rc = results_probe(argv[2], &errs);
    if (rc == DS_OK) rc = results_info(argv[2], stdout, &errs);
    if (errs.n) {
        fprintf(stderr, "depinsim: ");
        errors_print(&errs, stderr);
    }
    errors_free(&errs);
    return rc;
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
    if (!strcmp(cmd, "--version")) {
        printf("depinsim %s\n", DS_VERSION);
#ifdef _OPENMP
        printf("OpenMP: yes (%d threads available)\n", omp_get_max_threads());
#else
        printf("OpenMP: no\n");
#endif
        printf("CUDA backend: %s\n", backend_cuda_built() ? "built in" : "not built");
        return DS_OK;
    }
    if (!strcmp(cmd, "run")) return cmd_run(argc, argv);
    if (!strcmp(cmd, "validate")) return cmd_validate(argc, argv);
    if (!strcmp(cmd, "info")) return cmd_info(argc, argv);
    if (!strcmp(cmd, "plot")) return report_cmd_plot(argc - 1, argv + 1);
    if (!strcmp(cmd, "compare")) return report_cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "export")) return report_cmd_export(argc - 1, argv + 1);
    if (!strcmp(cmd, "keys")) {
        scenario_keys_markdown(stdout);
        return DS_OK;
    }
    fprintf(stderr, "depinsim: unknown command '%s'\n\n%s", cmd, usage_main);
    return DS_EINPUT;
}
