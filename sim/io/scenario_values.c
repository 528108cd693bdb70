/* scenario_values.c — a scenario value from its text: parsed as its key's
 * type (decimal numbers only, enums with a suggestion, strings checked for
 * UTF-8 and control characters), range-checked, stored in ds_params, and the
 * defaults; a claim combination's names of earlier claims as their mask. Also
 * the small text helpers the loader shares. */
#include "scenario_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shortest text that reads back as x, with a compact exponent: 0.375, 1e8, 27500. */
void scn_fmt_num(double x, char *buf, size_t n)
{
    if (x == 0) {
        snprintf(buf, n, "0");
        return;
    }
    if (x == floor(x) && fabs(x) < 1e7) {
        snprintf(buf, n, "%.0f", x);
        return;
    }
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (strtod(tmp, NULL) == x) break;
    }
    char *e = strchr(tmp, 'e');
    if (e) { /* "1e+08" -> "1e8", "2.5e-05" -> "2.5e-5" */
        char mant[40];
        snprintf(mant, sizeof mant, "%.*s", (int)(e - tmp), tmp);
        int ex = atoi(e + 1);
        snprintf(buf, n, "%se%d", mant, ex);
    } else {
        snprintf(buf, n, "%s", tmp);
    }
}

/* Optimal string alignment distance (a transposition costs 1: "cuont" -> "count"). */
int scn_edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 48 || lb > 48) return 99;
    if (la - lb > 2 || lb - la > 2) return 3; /* at least that: too far to suggest */
    int d[49][49];
    for (int i = 0; i <= la; i++) d[i][0] = i;
    for (int j = 0; j <= lb; j++) d[0][j] = j;
    for (int i = 1; i <= la; i++) {
        for (int j = 1; j <= lb; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + c < v) v = d[i - 1][j - 1] + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

int scn_all_digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

void scn_range_text(const key_def *k, int md, char *buf, size_t n)
{
    char lo[40], hi[40];
    if (k->type == T_INT || k->type == T_UINT32) { /* integers in full: [1, 10000000] */
        snprintf(lo, sizeof lo, "%.0f", k->lo);
        snprintf(hi, sizeof hi, "%.0f", k->hi);
    } else {
        scn_fmt_num(k->lo, lo, sizeof lo);
        scn_fmt_num(k->hi, hi, sizeof hi);
    }
    const char *ge = md ? "≥" : ">=", *le = md ? "≤" : "<=";
    if (k->lo_k && k->hi_k)
        snprintf(buf, n, "%s%s, %s%s", k->lo_k == B_IN ? "[" : "(", lo, hi,
                 k->hi_k == B_IN ? "]" : ")");
    else if (k->lo_k)
        snprintf(buf, n, "%s %s", k->lo_k == B_IN ? ge : ">", lo);
    else if (k->hi_k)
        snprintf(buf, n, "%s %s", k->hi_k == B_IN ? le : "<", hi);
    else
        snprintf(buf, n, "any");
}

int scn_in_range(const key_def *k, double v)
{
    if (k->lo_k == B_IN && v < k->lo) return 0;
    if (k->lo_k == B_EX && v <= k->lo) return 0;
    if (k->hi_k == B_IN && v > k->hi) return 0;
    if (k->hi_k == B_EX && v >= k->hi) return 0;
    return 1;
}

void scn_out_of_range(const key_def *k, const char *text, char *msg, size_t n)
{
    char r[96];
    scn_range_text(k, 0, r, sizeof r);
    if (k->lo_k && k->hi_k)
        snprintf(msg, n, "%.40s is out of range %s", text, r);
    else
        snprintf(msg, n, "%.40s is out of range: must be %s", text, r);
}

void scn_enum_list(const key_def *k, const char *sep, const char *q, char *buf, size_t n)
{
    buf[0] = 0;
    size_t used = 0;
    for (int i = 0; k->words[i]; i++) {
        int w = snprintf(buf + used, n - used, "%s%s%s%s", i ? sep : "", q, k->words[i], q);
        if (w < 0 || (size_t)w >= n - used) return;
        used += (size_t)w;
    }
}

/* Decode the UTF-8 character at s (n bytes left) into *cp: its length, or -1 when the
 * bytes are not well-formed UTF-8 (overlong, surrogate, beyond U+10FFFF, cut short). */
int scn_utf8_char(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0], min;
    int len;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, *cp = c & 0x1f, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, *cp = c & 0x0f, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, *cp = c & 0x07, min = 0x10000;
    else
        return -1;
    if ((size_t)len > n) return -1;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return -1;
        *cp = *cp << 6 | (s[i] & 0x3f);
    }
    if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff)) return -1;
    return len;
}

static int is_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* A string value: well-formed UTF-8 (--set values come from argv unchecked) without
 * control characters; only the free-text description may hold newlines and tabs. The
 * scenario name also names the results file (NAME.h5, plots, CSV), so it is a plain
 * word: letters, digits and _.=,+- and not starting with '.', '-', '=', '+' or ','. */
static int string_problem(const key_def *k, const char *text, char *msg, size_t n)
{
    int free_text = !strcmp(k->path, "description");
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left) {
        unsigned cp;
        int len = scn_utf8_char(p, left, &cp);
        if (len < 0) {
            snprintf(msg, n, "not UTF-8 text (byte \\x%02X)", *p);
            return -1;
        }
        if (is_control(cp) && !(free_text && (cp == '\n' || cp == '\t'))) {
            snprintf(msg, n, "holds control character %s%02X%s", cp < 0x80 ? "\\x" : "U+00", cp,
                     free_text ? "" : " (only description may hold newlines and tabs)");
            return -1;
        }
        p += len;
        left -= (size_t)len;
    }
    if (!strcmp(k->path, "name")) {
        if (!*text) {
            snprintf(msg, n, "a scenario name cannot be empty");
            return -1;
        }
        for (const char *c = text; *c; c++) {
            int word = isalnum((unsigned char)*c) || *c == '_';
            if (!word && (c == text || !strchr(".=,+-", *c))) {
                snprintf(msg, n,
                         "'%.60s' is not a plain word: letters, digits and _.=,+- only, "
                         "starting with a letter, digit or _ (it names the results file)",
                         text);
                return -1;
            }
        }
    }
    return 0;
}

/* Numbers are decimal: a leading zero is refused because YAML 1.1 reads 010 as octal 8. */
static int leading_zero(const char *text)
{
    const char *d = text + (*text == '+' || *text == '-');
    return d[0] == '0' && isdigit((unsigned char)d[1]);
}

/* Parse text as key k's type and check its range. 0, or -1 with msg filled. */
int scn_parse_value(const key_def *k, const char *text, value *v, char *msg, size_t n)
{
    if (k->type == T_CLAIMS || k->type == T_MAP || k->type == T_LIST) {
        /* names of earlier claims are resolved where the claims are (scenario.c) */
        snprintf(msg, n, "%s",
                 k->type == T_CLAIMS ? "claim names can only be written in the file"
                                     : "not a single value");
        (void)text;
        (void)v;
        return -1;
    }
    if (k->type == T_STRING) {
        if (strlen(text) >= k->size) {
            snprintf(msg, n, "longer than %zu characters", k->size - 1);
            return -1;
        }
        if (string_problem(k, text, msg, n)) return -1;
        v->s = text;
        return 0;
    }
    if (k->type == T_BOOL) {
        if (!strcmp(text, "true"))
            v->i = 1;
        else if (!strcmp(text, "false"))
            v->i = 0;
        else {
            snprintf(msg, n, "expected true or false, got '%.40s'", text);
            return -1;
        }
        return 0;
    }
    if (k->type == T_ENUM) {
        int best = -1, bestd = 3;
        for (int i = 0; k->words[i]; i++) {
            if (!strcmp(text, k->words[i])) {
                v->i = i;
                return 0;
            }
            int d = scn_edit_distance(text, k->words[i]);
            if (d < bestd) bestd = d, best = i;
        }
        /* comparisons written as symbols: '>' means gt, however close 'lt' is in letters */
        static const char *const symbols[][2] = {{"<", "lt"},  {"<=", "le"}, {"=<", "le"},
                                                 {"≤", "le"},  {">", "gt"},  {">=", "ge"},
                                                 {"=>", "ge"}, {"≥", "ge"}};
        int op = !strcmp(k->path, "claims.N.op");
        for (int s = 0; op && s < (int)(sizeof symbols / sizeof symbols[0]); s++)
            if (!strcmp(text, symbols[s][0]))
                for (int i = 0; k->words[i]; i++)
                    if (!strcmp(k->words[i], symbols[s][1])) best = i;
        char words[DS_MSG_LEN - 128]; /* every word: the metric names run past 650 characters */
        scn_enum_list(k, ", ", "", words, sizeof words);
        if (best >= 0)
            snprintf(msg, n, "expected one of %s, got '%.40s'; did you mean '%s'?", words, text,
                     k->words[best]);
        else
            snprintf(msg, n, "expected one of %s, got '%.40s'", words, text);
        return -1;
    }
    if (!*text) {
        snprintf(msg, n, "expected %s, got nothing",
                 k->type == T_FLOAT ? "a number" : "an integer");
        return -1;
    }
    if (k->type == T_INT || k->type == T_UINT32) {
        const char *q = text + (*text == '+' || *text == '-');
        if (!scn_all_digits(q)) {
            snprintf(msg, n, "expected an integer, got '%.40s'", text);
            return -1;
        }
        if (leading_zero(text)) {
            snprintf(msg, n, "'%.40s' has a leading zero: integers are decimal, written without",
                     text);
            return -1;
        }
        errno = 0;
        long long x = strtoll(text, NULL, 10);
        double hi = k->type == T_INT ? INT_MAX : 4294967295.0;
        double lo = k->type == T_INT ? INT_MIN : 0;
        if (errno == ERANGE || (double)x < lo || (double)x > hi) {
            key_def kk = *k; /* beyond what the field can hold: say those bounds */
            kk.lo = k->lo_k ? k->lo : lo, kk.hi = k->hi_k ? k->hi : hi;
            kk.lo_k = kk.hi_k = B_IN;
            scn_out_of_range(&kk, text, msg, n);
            return -1;
        }
        if (!scn_in_range(k, (double)x)) {
            scn_out_of_range(k, text, msg, n);
            return -1;
        }
        v->i = x;
        v->d = (double)x;
        return 0;
    }
    /* T_FLOAT: YAML decimals and exponent forms only; no hex, no .nan or .inf */
    for (const char *q = text; *q; q++) {
        if (!strchr("0123456789+-.eE", *q)) {
            snprintf(msg, n, "expected a number, got '%.40s'", text);
            return -1;
        }
    }
    char *end;
    double x = strtod(text, &end);
    if (end == text || *end) {
        snprintf(msg, n, "expected a number, got '%.40s'", text);
        return -1;
    }
    if (leading_zero(text)) {
        snprintf(msg, n, "'%.40s' has a leading zero: numbers are decimal, written without", text);
        return -1;
    }
    if (!isfinite(x)) {
        snprintf(msg, n, "expected a finite number, got '%.40s'", text);
        return -1;
    }
    if (!scn_in_range(k, x)) {
        scn_out_of_range(k, text, msg, n);
        return -1;
    }
    v->d = x;
    return 0;
}

void scn_store_value(void *base, const key_def *k, int item, const value *v)
{
    void *f = scn_field(base, k, item);
    switch (k->type) {
    case T_FLOAT: *(double *)f = v->d; break;
    case T_INT:
    case T_BOOL:
    case T_ENUM: *(int *)f = (int)v->i; break;
    case T_UINT32:
    case T_CLAIMS: *(uint32_t *)f = (uint32_t)v->i; break;
    case T_STRING: snprintf((char *)f, k->size, "%s", v->s); break;
    default: break;
    }
}

static void store_default(void *base, const key_def *k, int item)
{
    /* a float key's default may be NaN ("not set"): no integer conversion of it */
    value v = {.d = k->def,
               .i = isfinite(k->def) ? (long long)k->def : 0,
               .s = k->def_str ? k->def_str : ""};
    scn_store_value(base, k, item, &v);
}

/* Zero the items of a list, then give the first n their defaults. */
void scn_reset_list(ds_params *p, int list_k, int n)
{
    for (int k = 0; k < N_KEYS; k++) {
        if (scn_list_of(k) != list_k) continue;
        for (int i = 0; i < MAXI; i++) {
            value zero = {.d = 0, .i = 0, .s = ""};
            if (i < n)
                store_default(p, &scn_key_table[k], i);
            else if (i < (int)scn_key_table[list_k].hi)
                scn_store_value(p, &scn_key_table[k], i, &zero);
        }
    }
    *scn_list_count(p, list_k) = n;
}

void scn_set_scen_defaults(ds_scenario *sc)
{
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &scn_key_table[k];
        if (d->scen && d->type != T_MAP && d->type != T_STRING) store_default(sc, d, -1);
    }
}

void scn_set_defaults(ds_params *p)
{
    memset(p, 0, sizeof *p);
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &scn_key_table[k];
        if (d->scen || d->type == T_MAP || d->type == T_LIST || scn_list_of(k) >= 0) continue;
        store_default(p, d, -1);
    }
}

/* claims.N.all/any/not/given: one name or a list of names of claims listed
 * before claim `item` (already read: the walk takes a list's items in order),
 * stored as a mask of their indices. 0, or -1 with the error said. */
int scn_claim_names(walk *w, yaml_node_t *vn, const key_def *d, int item, const char *full,
                    value *v, strbuf *text)
{
    int n = vn->type == YAML_SEQUENCE_NODE
                ? (int)(vn->data.sequence.items.top - vn->data.sequence.items.start)
                : 1;
    if (vn->type == YAML_MAPPING_NODE || n < (int)d->lo || n > (int)d->hi) {
        scn_err_at(w, vn, full, "expected %s",
                   d->hi > 1 ? "a list of claim names" : "a claim name");
        return -1;
    }
    v->i = 0;
    for (int a = 0; a < n; a++) {
        yaml_node_t *it = vn->type == YAML_SEQUENCE_NODE
                              ? yaml_document_get_node(w->doc, vn->data.sequence.items.start[a])
                              : vn;
        if (!it || it->type != YAML_SCALAR_NODE) {
            scn_err_at(w, it ? it : vn, full, "expected a claim name, got %s",
                       it ? scn_node_kind(it) : "nothing");
            return -1;
        }
        const char *name = (const char *)it->data.scalar.value;
        int found = -1;
        for (int c = 0; c < item && c < w->p->n_claims && found < 0; c++)
            if (!strcmp(w->p->claims[c].name, name)) found = c;
        if (found < 0) {
            scn_err_at(w, it, full, "'%.60s' is not the name of a claim listed before this one",
                       name);
            return -1;
        }
        if (v->i & (1LL << found)) {
            scn_err_at(w, it, full, "'%.60s' is named twice", name);
            return -1;
        }
        v->i |= 1LL << found;
        scn_sb_printf(text, "%s%s", a ? "," : "", name);
    }
    return 0;
}
