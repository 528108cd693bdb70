/* report.h — the commands that turn a results file into things people read:
 * `plot` (gnuplot charts and a dashboard), `compare` (one row per variant as
 * a table, markdown or CSV) and `export` (tidy CSV). Each takes the command's
 * own argv (argv[0] is the command name), handles --help, prints its errors
 * as `depinsim: ...` on stderr and returns the exit status (0, 1 or 2; plot
 * interrupted by SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGPIPE: 128 + the
 * signal, after stopping gnuplot and removing its temporary files). */
#ifndef DS_REPORT_H
#define DS_REPORT_H

#include <stdio.h>

int report_cmd_plot(int argc, char **argv);
int report_cmd_compare(int argc, char **argv);
int report_cmd_export(int argc, char **argv);

/* The escapers every untrusted string (names, units, titles from a results
 * file) passes on its way out; public for the tests. */

/* s as a gnuplot string expression: single-quoted pieces (where gnuplot
 * substitutes nothing: no `command`, no @macro), a quote as "'" between
 * them ('it'."'".'s'); control characters (C0, DEL, C1) as spaces, bytes
 * that are not UTF-8 as '?'. Only for the right side of an assignment. */
void report_gp_quote(FILE *o, const char *s);

/* s as a CSV text cell: RFC 4180 quoting, and a leading ' where a
 * spreadsheet would read a formula (= + - @ tab CR LF first). */
void report_csv_text(FILE *o, const char *s);

#endif
