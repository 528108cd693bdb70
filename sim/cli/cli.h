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

/* The commands (main.c's table; the tests call them too). */
int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_fit(int argc, char **argv);

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

/* "512M", "4G", "1.5GiB", plain bytes → bytes; -1 if not a size. */
double parse_size(const char *s);

/* A comma-separated list, split in place into n items (spaces trimmed, empty
 * items dropped). Returns a malloc'd array of pointers into s, or NULL. */
char **split_list(char *s, int *n);

/* A results file for a report: probed in a child process first (results.h),
 * then read. DS_OK, or the status with errs; *r is safe to free either way. */
int cli_open_results(const char *path, ds_read_results *r, ds_errors *errs);

#endif
