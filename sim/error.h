/* error.h — errors as values: library functions fill a ds_errors list and
 * return a status; only main() prints and chooses the exit code.
 * A located error prints as `file:line:col: key.path: message`. */
#ifndef DS_ERROR_H
#define DS_ERROR_H

#include <stdio.h>

enum { DS_OK = 0, DS_EFAIL = 1, DS_EINPUT = 2 }; /* doubles as the exit status */

typedef struct {
    char file[256]; /* scenario file, "--set" or a results file; "" if none */
    int line, col;  /* 1-based; 0 when not located */
    char key[128];  /* dotted key path, "" if none */
    char msg[320];
} ds_error;

typedef struct {
    ds_error *items;
    int n, cap;
    int kind; /* worst status seen: DS_EINPUT or DS_EFAIL */
} ds_errors;

/* Append an error (printf-style message). kind is DS_EINPUT or DS_EFAIL. */
void errors_add(ds_errors *e, int kind, const char *file, int line, int col, const char *key,
                const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void errors_print(const ds_errors *e, FILE *out);
void errors_free(ds_errors *e);

#endif
