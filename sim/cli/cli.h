/* cli.h — the command line, the one layer that prints errors and chooses the
 * exit status: the commands (each takes its own argv, argv[0] the command's
 * name, and returns 0, 1, 2 or 128 + a signal), and what they share: usage
 * errors, option parsing, and errors_report, which prints a ds_errors list
 * with the one "depinsim: " prefix. Below this layer nothing prints to stderr
 * but the progress bar. */
#ifndef DS_CLI_H
#define DS_CLI_H

#include <stdio.h>

#include "../error.h"
#include "../io/results_read.h"
#include "../io/scenario.h"
#include "../run/claims.h"

/* The commands (main.c's table; the tests call them too). */
int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Each command's --help text, as it prints it (and the man page shows it). */
extern const char cli_usage_run[], cli_usage_validate[], cli_usage_keys[], cli_usage_new[],
    cli_usage_info[], cli_usage_compare[], cli_usage_export[], cli_usage_plot[], cli_usage_fit[],
    cli_usage_merge[], cli_usage_sensitivity[], cli_usage_solve[];

/* A command of main's table: its name, the arguments its synopsis shows, a
 * line saying what it does, the function, and its --help text. */
typedef struct {
    const char *name, *args, *summary;
    int (*fn)(int argc, char **argv); /* argv[0] is the command's name */
    const char *usage;
} cli_command;

/* The man page, depinsim(1), in troff with the man macros: the synopsis and
 * the summary of every command from the table, each command's --help text,
 * the description and exit status of main's usage, and the reference of every scenario key
 * from the key table (manpage.c). Nothing in it is written twice, so it
 * cannot drift from the program. */
void cli_manpage(FILE *out, const cli_command *cmds, int n, const char *description,
                 const char *exit_status);

/* Prints errs on stderr and frees the list: a located error (file:line:col)
 * as it is, any other with the prefix "depinsim: ", a note indented under
 * its error; every string through the escaper (error.h). When rc is a
 * failure and errs is empty (the list could not grow), says that. Returns rc. */
int errors_report(ds_errors *errs, int rc);

/* "depinsim: <message>", a blank line and the usage text on stderr; the
 * message (which may quote argv) passes the escaper. Returns DS_EINPUT. */
int usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The usage error for getopt's '?' (unknown option) or ':' (missing value),
 * with opterr 0 and ':' leading the short options. */
int bad_option(const char *usage, int c, char **argv);

/* With -h or --help anywhere before "--": prints usage on stdout, returns 1. */
int wants_help(int argc, char **argv, const char *usage);

/* getopt keeps state between calls; each command parses a fresh vector (and
 * the tests call the commands many times in one process). Also sets opterr
 * to 0: bad_option says what is wrong. */
void getopt_reset(void);

/* A plain decimal integer in [lo, hi] (no sign, no spaces, no hex): 0, or -1. */
int parse_long(const char *s, long lo, long hi, long *out);

/* arg's index in the NULL-terminated words (an option's enum value): 0 with
 * *out set, or -1 when it is none of them. */
int parse_word(const char *arg, const char *const *words, int *out);

/* "512M", "4G", "1.5GiB", plain bytes → bytes; -1 if not a size. */
double parse_size(const char *s);

/* A comma-separated list, split in place into n items (spaces trimmed, empty
 * items dropped). Returns a malloc'd array of pointers into s, or NULL. */
char **split_list(char *s, int *n);

/* Claims decided by construction (sim/run/claims.h), gathered over variants
 * and said once per claim and reason as warnings. */
typedef struct {
    struct {
        char claim[64], variant[64];
        char why[CLAIMS_TEXT_MAX];
        int count;
    } items[32];
    int n;
} cli_claim_notes;
void cli_claim_note(cli_claim_notes *cn, const char *variant, const char *claim, const char *why);
void cli_claim_notes_report(const cli_claim_notes *cn, int n_variants, ds_errors *warn);

/* Every variant's claims judged for construction (one path on the CPU where a
 * claim reads only path-independent values), as warnings. DS_OK or DS_EFAIL. */
int cli_warn_claims(const ds_scenario *sc, ds_errors *warn, ds_errors *errs);

/* Warnings printed on stderr ("depinsim: warning: ..." or located), freed. */
void cli_report_warnings(ds_errors *warn);

/* A results file for a report: probed in a child process first (results.h),
 * then read. DS_OK, or the status with errs; *r is safe to free either way. */
int cli_open_results(const char *path, ds_read_results *r, ds_errors *errs);

#endif
