/* error.h — errors as values: library functions fill a ds_errors list and
 * return a status; only the command line (sim/cli/, errors_report) prints
 * them and chooses the exit code. Running out of memory is one of them, the
 * one policy everywhere: the function whose allocation fails adds "out of
 * memory" (DS_EFAIL) and returns its failure, freeing what it holds; nothing
 * aborts or prints. The list keeps its worst status even when it cannot
 * grow, and errors_report says "out of memory to say why" then.
 * A located error prints as `file:line:col: key.path: message`. Printing
 * escapes every byte a terminal could act on, so no text from a hostile file
 * or argument reaches it raw. */
#ifndef DS_ERROR_H
#define DS_ERROR_H

#include <stddef.h>
#include <stdio.h>

enum { DS_OK = 0, DS_EFAIL = 1, DS_EINPUT = 2 }; /* doubles as the exit status */

/* The most errors a list keeps: one more item, unlocated, then says that the rest were
 * only counted (a hostile file can hold a million mistakes); its col holds their number. */
#define DS_ERRORS_MAX 100
/* The longest message: an enum's full list of words fits (every metric name, ≈600). */
#define DS_MSG_LEN 1024

typedef struct {
    char file[256]; /* scenario file, "--set" or a results file; "" if none */
    int line, col;  /* 1-based; 0 when not located */
    char key[128];  /* dotted key path, "" if none */
    char msg[DS_MSG_LEN];
    int note; /* advice under the error before it ("try --paths 12"): printed indented */
} ds_error;

typedef struct {
    ds_error *items;
    int n, cap;
    int kind; /* worst status seen: DS_EINPUT or DS_EFAIL */
} ds_errors;

/* Append an error (printf-style message). kind is DS_EINPUT or DS_EFAIL. */
void errors_add(ds_errors *e, int kind, const char *file, int line, int col, const char *key,
                const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Append a note: a line of advice that belongs to the error before it, printed
 * indented under it and never prefixed. Dropped when the list is full. */
void errors_note(ds_errors *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Errors added so far, including those past DS_ERRORS_MAX that were only counted. */
int errors_count(const ds_errors *e);
void errors_print(const ds_errors *e, FILE *out);
void errors_free(ds_errors *e);

/* Write s with everything but printable ASCII and well-formed UTF-8 text escaped as
 * \xNN per byte: C0 controls (newline and tab included), DEL, C1 controls, bidi
 * overrides, invalid or overlong UTF-8. The one escaper for text bound for a terminal. */
void errors_put_text(FILE *out, const char *s);
/* The same into buf (always NUL-terminated; cut at a whole escape). Returns buf. */
char *errors_escape(const char *s, char *buf, size_t n);

#endif
