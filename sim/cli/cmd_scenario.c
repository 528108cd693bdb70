/* cmd_scenario.c — the commands about scenario files: `validate` (load,
 * --set, check; every error located), `keys` (the reference of every key,
 * markdown, from the loader's own table) and `new` (a commented scenario
 * with every key, from the defaults or a copy of another). */
#define _XOPEN_SOURCE 700 /* realpath (XSI) */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../datadir.h"
#include "../io/scenario.h"

const char cli_usage_validate[] =
    "usage: depinsim validate SCENARIO.yaml [--set KEY=VALUE]...\n"
    "\n"
    "Checks every key for type and range and the cross-key rules; prints every\n"
    "error as file:line:col: key: message.\n"
    "\n"
    "exit status: 0 valid; 2 bad usage or any error in the scenario; 1 any other\n"
    "failure (e.g. out of memory).\n";

const char cli_usage_keys[] =
    "usage: depinsim keys\n"
    "\n"
    "Prints the reference of every scenario key (markdown): path, type, unit,\n"
    "default, range and meaning; scenarios/README.md ends with it.\n";

const char cli_usage_new[] =
    "usage: depinsim new FILE.yaml [--from SCENARIO]\n"
    "\n"
    "Writes a scenario with every key in it, each with its value and a comment\n"
    "from the key table: meaning, unit, default and valid range. Without --from\n"
    "the values are the defaults, with an example provider pool (hardware,\n"
    "regions) and demand level to replace; with --from they are SCENARIO's, its\n"
    "variants included (a sweep as the variants it expands to). The file loads\n"
    "back to exactly the parameters it was written from (checked before new\n"
    "returns), and validates and runs as written.\n"
    "\n"
    "  --from SCENARIO   start from a scenario: a file, or the name of an example\n"
    "                    (render-bme, akash-auction, ...; see --list)\n"
    "  --list            list the example scenarios, and where they are\n"
    "  -h, --help        this text\n"
    "\n"
    "An existing FILE is never replaced. FILE - writes to standard output.\n"
    "\n"
    "exit status: 0 written; 2 bad usage, FILE exists or cannot be created, or\n"
    "SCENARIO has errors (nothing written); 1 any other failure.\n";

int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    if (wants_help(argc, argv, cli_usage_validate)) return DS_OK;
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    int n_sets = 0, c;
    if (!sets) return errors_report(&(ds_errors){0}, DS_EFAIL);
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c != 'S') {
            free(sets);
            return bad_option(cli_usage_validate, c, argv);
        }
        sets[n_sets++] = optarg;
    }
    if (optind != argc - 1) {
        free(sets);
        return usage_error(cli_usage_validate, "%s", "validate takes one scenario file");
    }
    ds_scenario sc = {0};
    ds_errors errs = {0};
    int rc = scenario_open(argv[optind], sets, n_sets, &sc, &errs);
    free(sets);
    ds_errors warn = {0};
    if (rc == DS_OK) { /* valid, but perhaps not what was meant */
        scenario_warnings(&sc, &warn);
        rc = cli_warn_claims(&sc, &warn, &errs);
    }
    cli_report_warnings(&warn);
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
    if (wants_help(argc, argv, cli_usage_keys)) return DS_OK;
    if (argc != 1) return usage_error(cli_usage_keys, "%s", "keys takes no arguments");
    scenario_keys_markdown(stdout);
    return DS_OK;
}

/* ---------------------------------------------------------------- new */

/* The example scenarios' folder (datadir.h), or NULL with an error. */
static const char *examples_dir(char *dir, size_t n, ds_errors *errs)
{
    if (datadir_find("scenarios", "default.yaml", dir, n) == 0) return dir;
    errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
               "new: cannot find the example scenarios (share/depinsim/scenarios beside the "
               "program, or the source tree's scenarios/); give --from a file instead");
    return NULL;
}

/* Whether the name ends in .yaml: an example's file. */
static int yaml_name(const char *name)
{
    size_t l = strlen(name);
    return l > 5 && !strcmp(name + l - 5, ".yaml");
}

/* The names of the examples into buf (space-separated), sorted as the folder
 * lists them is not: so names are chosen by the smallest not yet taken. */
static void example_names(const char *dir, char *buf, size_t n)
{
    buf[0] = '\0';
    char last[256] = "";
    for (;;) {
        DIR *d = opendir(dir);
        if (!d) return;
        char best[256] = "";
        for (struct dirent *e; (e = readdir(d));) {
            if (!yaml_name(e->d_name) || strlen(e->d_name) >= sizeof best) continue;
            if (strcmp(e->d_name, last) > 0 && (!best[0] || strcmp(e->d_name, best) < 0))
                snprintf(best, sizeof best, "%s", e->d_name);
        }
        closedir(d);
        if (!best[0]) return;
        snprintf(last, sizeof last, "%s", best);
        size_t used = strlen(buf);
        snprintf(buf + used, n - used, "%s%.*s", used ? " " : "", (int)(strlen(best) - 5), best);
    }
}

/* --from's argument as a file: as given when it names a path or ends in
 * .yaml / .yml, else an example's name. DS_OK or DS_EINPUT with a message. */
static int source_path(const char *from, char *path, size_t n, ds_errors *errs)
{
    size_t l = strlen(from);
    if (strchr(from, '/') || yaml_name(from) || (l > 4 && !strcmp(from + l - 4, ".yml"))) {
        snprintf(path, n, "%s", from);
        return DS_OK;
    }
    char dir[PATH_MAX], names[2048];
    if (!examples_dir(dir, sizeof dir, errs)) return DS_EINPUT;
    int w = snprintf(path, n, "%s/%s.yaml", dir, from);
    if (w > 0 && (size_t)w < n && access(path, R_OK) == 0) return DS_OK;
    example_names(dir, names, sizeof names);
    errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
               "new: --from %s: no such file or example scenario; the examples: %s", from, names);
    return DS_EINPUT;
}

/* The comment that opens the file: what it is, where it came from, how to use it. */
static void new_header(char *buf, size_t n, const char *file, const char *from)
{
    char f[300], s[300];
    errors_escape(file, f, sizeof f); /* no line break may end a comment early */
    if (from) errors_escape(from, s, sizeof s);
    snprintf(buf, n,
             "# %s: a depinsim scenario, written by `depinsim new` (depinsim %s)\n"
             "# %s%s%s\n"
             "# Every key is here with its value; the comment after it says what the key\n"
             "# means [unit; default; valid range]. A key you delete takes its default.\n"
             "# Reference: `depinsim keys` or `man depinsim`. Check: depinsim validate FILE\n",
             f, DS_VERSION, from ? "a copy of " : "", from ? s : "",
             from ? "\n# (its values and variants; its comments and sources are in the original)"
                  : "from the defaults; the provider pool (hardware, regions) and\n"
                    "# demand.base_heqh_per_day are examples: replace them with your network's");
}

/* Whether the file just written loads back to the parameters it was written
 * from, base and every variant, to the byte. */
static int same_scenario(const ds_scenario *a, const ds_scenario *b)
{
    if (a->n_variants != b->n_variants || strcmp(a->name, b->name) ||
        strcmp(a->description, b->description) || memcmp(&a->base, &b->base, sizeof a->base))
        return 0;
    for (int i = 0; i < a->n_variants; i++)
        if (strcmp(a->variants[i].name, b->variants[i].name) ||
            memcmp(&a->variants[i].params, &b->variants[i].params, sizeof a->base))
            return 0;
    return 1;
}

/* A copy lives elsewhere than its source, and an input file's path is
 * relative to the scenario's folder: each relative one becomes the absolute
 * path of the file the source read, in the base and every variant. */
static int new_absolute_inputs(const char *src, ds_scenario *sc, ds_errors *errs)
{
    const char *slash = strrchr(src, '/');
    for (int i = 0; i < sc->base.n_inputs; i++) {
        const char *f = sc->base.inputs[i].file;
        if (f[0] == '/') continue;
        char joined[PATH_MAX], abs[PATH_MAX];
        snprintf(joined, sizeof joined, "%.*s%s%s", slash ? (int)(slash - src) : 0, src,
                 slash ? "/" : "", f);
        errno = 0;
        if (!realpath(joined, abs) || strlen(abs) >= sizeof sc->base.inputs[i].file) {
            errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL, "new: input %s: %s", joined,
                       errno ? strerror(errno) : "path too long");
            return DS_EINPUT;
        }
        size_t len = strlen(abs) + 1; /* fits: checked above */
        memcpy(sc->base.inputs[i].file, abs, len);
        for (int v = 0; v < sc->n_variants; v++)
            if (i < sc->variants[v].params.n_inputs)
                memcpy(sc->variants[v].params.inputs[i].file, abs, len);
    }
    return DS_OK;
}

/* Writes sc to file, created new (never replacing one), then loads it back
 * and compares; a file that does not is removed. DS_OK or the status. */
static int new_write(const char *file, const ds_scenario *sc, const char *header, ds_errors *errs)
{
    int to_stdout = !strcmp(file, "-");
    FILE *o = stdout;
    if (!to_stdout) {
        int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            int e = errno;
            errors_add(errs,
                       e == EEXIST || e == ENOENT || e == EACCES || e == EISDIR || e == ENOTDIR ||
                               e == EROFS
                           ? DS_EINPUT
                           : DS_EFAIL,
                       NULL, 0, 0, NULL, "new: %s: %s", file,
                       e == EEXIST ? "exists; not replacing it (remove it, or choose another name)"
                                   : strerror(e));
            return errs->kind;
        }
        if (!(o = fdopen(fd, "w"))) {
            close(fd);
            unlink(file);
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "new: %s: %s", file, strerror(errno));
            return DS_EFAIL;
        }
    }
    int bad = scenario_write_yaml(o, sc, header) != 0;
    bad |= to_stdout ? fflush(o) != 0 : fclose(o) != 0;
    if (bad) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "new: %s: cannot write: %s",
                   to_stdout ? "standard output" : file, strerror(errno));
        if (!to_stdout) unlink(file);
        return DS_EFAIL;
    }
    if (to_stdout) return DS_OK;
    ds_scenario back = {0};
    ds_errors berrs = {0};
    int rc = scenario_open(file, NULL, 0, &back, &berrs);
    if (rc != DS_OK || !same_scenario(sc, &back)) {
        /* a defect of this program, not of the input: say so, keep nothing */
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "new: %s does not load back to the scenario it was written from (a bug: "
                   "please report it); removed",
                   file);
        for (int i = 0; i < berrs.n; i++) errors_note(errs, "%s", berrs.items[i].msg);
        unlink(file);
        rc = DS_EFAIL;
    }
    errors_free(&berrs);
    scenario_free(&back);
    return rc;
}

/* --list: the examples, one per line, after the folder they are in. */
static int new_list(void)
{
    char dir[PATH_MAX], names[4096];
    ds_errors errs = {0};
    if (!examples_dir(dir, sizeof dir, &errs)) return errors_report(&errs, DS_EINPUT);
    example_names(dir, names, sizeof names);
    fputs("example scenarios in ", stdout);
    errors_put_text(stdout, dir);
    fputs(" (depinsim new FILE.yaml --from NAME):\n", stdout);
    for (char *p = names; *p;) {
        size_t l = strcspn(p, " ");
        printf("  %.*s\n", (int)l, p);
        p += l + (p[l] == ' ');
    }
    return DS_OK;
}

int cmd_new(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},
                                         {"list", no_argument, 0, 'l'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    if (wants_help(argc, argv, cli_usage_new)) return DS_OK;
    const char *from = NULL;
    int list = 0, c;
    getopt_reset();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'f')
            from = optarg;
        else if (c == 'l')
            list = 1;
        else
            return bad_option(cli_usage_new, c, argv);
    }
    if (list) {
        if (optind != argc || from)
            return usage_error(cli_usage_new, "%s", "new --list takes nothing else");
        return new_list();
    }
    if (optind != argc - 1) return usage_error(cli_usage_new, "%s", "new takes one file to write");
    const char *file = argv[optind];
    ds_errors errs = {0};
    ds_scenario sc = {0};
    char src[PATH_MAX], header[1400];
    int rc = DS_OK;
    if (from) {
        rc = source_path(from, src, sizeof src, &errs);
        if (rc == DS_OK) rc = scenario_open(src, NULL, 0, &sc, &errs);
        if (rc == DS_OK) rc = new_absolute_inputs(src, &sc, &errs);
    } else {
        rc = scenario_starter(strcmp(file, "-") ? file : "my-network.yaml", &sc, &errs);
    }
    if (rc == DS_OK) {
        new_header(header, sizeof header, file, from ? src : NULL);
        rc = new_write(file, &sc, header, &errs);
    }
    if (rc == DS_OK && strcmp(file, "-")) {
        fputs("wrote ", stdout);
        errors_put_text(stdout, file);
        printf(": every key, %d variant%s; check it with: depinsim validate ", sc.n_variants,
               sc.n_variants == 1 ? "" : "s");
        errors_put_text(stdout, file);
        fputc('\n', stdout);
    }
    scenario_free(&sc);
    return errors_report(&errs, rc);
}
