/* error.c — the located error list. */
#include "error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void errors_add(ds_errors *e, int kind, const char *file, int line, int col, const char *key,
                const char *fmt, ...)
{
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 8;
        ds_error *items = realloc(e->items, (size_t)cap * sizeof *items);
        if (!items) { /* out of memory while reporting: keep the worst status */
            if (kind > e->kind || e->kind == 0) e->kind = kind;
            return;
        }
        e->items = items;
        e->cap = cap;
    }
    ds_error *it = &e->items[e->n++];
    memset(it, 0, sizeof *it);
    snprintf(it->file, sizeof it->file, "%s", file ? file : "");
    it->line = line;
    it->col = col;
    snprintf(it->key, sizeof it->key, "%s", key ? key : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->msg, sizeof it->msg, fmt, ap);
    va_end(ap);
    /* DS_EINPUT (2) is reported in preference to DS_EFAIL (1): bad input explains the rest */
    if (kind > e->kind) e->kind = kind;
}

void errors_print(const ds_errors *e, FILE *out)
{
    for (int i = 0; i < e->n; i++) {
        const ds_error *it = &e->items[i];
        if (it->file[0] && it->line > 0)
            fprintf(out, "%s:%d:%d: ", it->file, it->line, it->col);
        else if (it->file[0])
            fprintf(out, "%s: ", it->file);
        if (it->key[0]) fprintf(out, "%s: ", it->key);
        fprintf(out, "%s\n", it->msg);
    }
}

void errors_free(ds_errors *e)
{
    free(e->items);
    e->items = NULL;
    e->n = e->cap = 0;
    e->kind = 0;
}
