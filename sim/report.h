/* report.h — the commands that turn a results file into things people read:
 * `plot` (gnuplot charts and a dashboard), `compare` (one row per variant as
 * a table, markdown or CSV) and `export` (tidy CSV). Each takes the command's
 * own argv (argv[0] is the command name), handles --help, prints its errors
 * as `depinsim: ...` on stderr and returns the exit status (0, 1 or 2). */
#ifndef DS_REPORT_H
#define DS_REPORT_H

int report_cmd_plot(int argc, char **argv);
int report_cmd_compare(int argc, char **argv);
int report_cmd_export(int argc, char **argv);

#endif
