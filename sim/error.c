/* error.c — the located error list, and the one escaper for text bound for a
 * terminal: a key, value or file name from hostile input is printed with its
 * control characters and broken UTF-8 as \xNN, so it can neither drive the
 * terminal (ESC) nor forge a message line (newline). */
#include "error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int add_item(ds_errors *e, int kind)
{
    if (e->n == e->cap) {
        int cap = e->cap ? 2 * e->cap : 8;
        ds_error *items = realloc(e->items, (size_t)cap * sizeof *items);
        if (!items) { /* out of memory while reporting: keep the worst status */
            if (kind > e->kind || e->kind == 0) e->kind = kind;
            return -1;
        }
        e->items = items;
        e->cap = cap;
    }
    memset(&e->items[e->n++], 0, sizeof e->items[0]);
    return 0;
}

void errors_add(ds_errors *e, int kind, const char *file, int line, int col, const char *key,
                const char *fmt, ...)
{
    /* DS_EINPUT (2) is reported in preference to DS_EFAIL (1): bad input explains the rest */
    if (kind > e->kind) e->kind = kind;
    if (e->n < DS_ERRORS_MAX + 1 && add_item(e, kind)) return;
    ds_error *it = &e->items[e->n - 1];
    if (e->n == DS_ERRORS_MAX + 1) { /* only counted */
        if (!it->col) snprintf(it->file, sizeof it->file, "%s", file ? file : "");
        it->col++;
        snprintf(it->msg, sizeof it->msg, "too many errors: only the first %d are listed",
                 DS_ERRORS_MAX);
        return;
    }
    snprintf(it->file, sizeof it->file, "%s", file ? file : "");
    it->line = line;
    it->col = col;
    snprintf(it->key, sizeof it->key, "%s", key ? key : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->msg, sizeof it->msg, fmt, ap);
    va_end(ap);
}

void errors_note(ds_errors *e, const char *fmt, ...)
{
    if (e->n >= DS_ERRORS_MAX || add_item(e, e->kind ? e->kind : DS_EFAIL)) return;
    ds_error *it = &e->items[e->n - 1];
    it->note = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->msg, sizeof it->msg, fmt, ap);
    va_end(ap);
}

int errors_count(const ds_errors *e)
{
    return e->n > DS_ERRORS_MAX ? DS_ERRORS_MAX + e->items[DS_ERRORS_MAX].col : e->n;
}

/* Length of the sequence at s if it may reach a terminal as it is: printable ASCII, or
 * well-formed UTF-8 of a character that is neither a C1 control (U+0080–U+009F: U+009B is
 * CSI on some terminals) nor one that reorders or breaks lines (bidi controls, U+2028/9).
 * 0: escape the byte. */
static int plain_len(const unsigned char *s)
{
    unsigned c = s[0], cp, min;
    int len;
    if (c >= 0x20 && c < 0x7f) return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, cp = c & 0x1f, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, cp = c & 0x0f, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0; /* also stops at the terminating NUL */
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    if (cp < 0xa0 || cp == 0x061c || cp == 0x200e || cp == 0x200f || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
        return 0;
    return len;
}

char *errors_escape(const char *s, char *buf, size_t n)
{
    size_t used = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    if (!n) return buf;
    while (*p) {
        int len = plain_len(p);
        size_t need = len ? (size_t)len : 4;
        if (used + need >= n) break;
        if (len)
            memcpy(buf + used, p, need);
        else
            snprintf(buf + used, 5, "\\x%02X", *p);
        used += need;
        p += len ? len : 1;
    }
    buf[used] = 0;
    return buf;
}

void errors_put_text(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        int len = plain_len(p);
        if (len) {
            fwrite(p, 1, (size_t)len, out);
            p += len;
        } else {
            fprintf(out, "\\x%02X", *p++);
        }
    }
}

void errors_print(const ds_errors *e, FILE *out)
{
    for (int i = 0; i < e->n; i++) {
        const ds_error *it = &e->items[i];
        if (it->note) {
            fputs("  ", out);
            errors_put_text(out, it->msg);
            fputc('\n', out);
            continue;
        }
        if (it->file[0]) {
            errors_put_text(out, it->file);
            if (it->line > 0)
                fprintf(out, ":%d:%d: ", it->line, it->col);
            else
                fputs(": ", out);
        }
        if (it->key[0]) {
            errors_put_text(out, it->key);
            fputs(": ", out);
        }
        errors_put_text(out, it->msg);
        fputc('\n', out);
    }
}

void errors_free(ds_errors *e)
{
    free(e->items);
    e->items = NULL;
    e->n = e->cap = 0;
    e->kind = 0;
}
