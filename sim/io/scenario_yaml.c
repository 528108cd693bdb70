/* scenario_yaml.c — hostile text refused before libyaml builds a document: a
 * byte-order mark other than UTF-8's, NULs, bytes that are not UTF-8 and
 * characters YAML does not allow (scn_scan_text), then the event stream with
 * its nesting, node count (aliases counted as what they name), alias loops
 * and second documents bounded (scn_yaml_precheck), and libyaml's own errors
 * located. */
#include "scenario_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line and column (1-based, in characters, as libyaml counts them) of byte off of the
 * text; a byte that is not UTF-8 counts as one character. */
void scn_text_pos(const char *t, size_t n, size_t off, int *line, int *col)
{
    const unsigned char *s = (const unsigned char *)t;
    size_t i = n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3) ? 3 : 0; /* libyaml skips the BOM */
    *line = *col = 1;
    while (i < off && i < n) {
        unsigned cp;
        int len = scn_utf8_char(s + i, n - i, &cp);
        if (len < 0) len = 1, cp = s[i];
        if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') len = 2;
        if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
            ++*line, *col = 1;
        else
            ++*col;
        i += (size_t)len;
    }
}

/* The first thing that makes the text no YAML scenario, before libyaml reads it (its
 * reader reports these at 1:1): a UTF-16 or UTF-32 byte-order mark, a NUL byte (UTF-16
 * or UTF-32 without one; scenario_yaml would keep only the bytes before it), bytes that
 * are not UTF-8, and characters YAML does not allow (controls other than tab and line
 * breaks). 0, or -1 with *off and msg set; bytes are named as \xNN, never copied. */
int scn_scan_text(const char *t, size_t n, size_t *off, char *msg, size_t m)
{
    static const struct {
        const char *bom;
        size_t len;
        const char *name;
    } boms[] = {{"\x00\x00\xfe\xff", 4, "UTF-32BE"},
                {"\xff\xfe\x00\x00", 4, "UTF-32LE"},
                {"\xfe\xff", 2, "UTF-16BE"},
                {"\xff\xfe", 2, "UTF-16LE"}};
    const unsigned char *s = (const unsigned char *)t;
    *off = 0;
    for (size_t b = 0; b < sizeof boms / sizeof boms[0]; b++) {
        if (n >= boms[b].len && !memcmp(s, boms[b].bom, boms[b].len)) {
            snprintf(msg, m,
                     "a %s byte-order mark: a scenario is UTF-8 text "
                     "(convert it: iconv -f %.6s -t UTF-8)",
                     boms[b].name, boms[b].name);
            return -1;
        }
    }
    for (size_t i = 0; i < n;) {
        unsigned cp;
        int len = scn_utf8_char(s + i, n - i, &cp);
        *off = i;
        if (len < 0) {
            char bytes[24] = "";
            /* the lead byte, what follows it as continuation, and the byte that broke it */
            for (size_t j = 0; j < 4 && i + j < n; j++) {
                if (j >= 2 && (s[i + j] & 0xc0) != 0x80) break;
                size_t u = strlen(bytes);
                snprintf(bytes + u, sizeof bytes - u, "%s\\x%02X", j ? " " : "", s[i + j]);
                if (j && (s[i + j] & 0xc0) != 0x80) break;
            }
            snprintf(msg, m, "not UTF-8 (bytes %s): a scenario is UTF-8 text", bytes);
            return -1;
        }
        if (cp == 0) {
            snprintf(msg, m,
                     "a NUL byte: a scenario is UTF-8 text without NULs "
                     "(UTF-16 or UTF-32? convert it: iconv -t UTF-8)");
            return -1;
        }
        int allowed = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0x7e) ||
                      cp == 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) ||
                      (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
        if (!allowed) {
            if (cp < 0x80)
                snprintf(msg, m, "control character \\x%02X: YAML does not allow it", cp);
            else
                snprintf(msg, m, "character U+%04X: YAML does not allow it", cp);
            return -1;
        }
        i += (size_t)len;
    }
    return 0;
}

/* A scalar as libyaml decoded it: double-quoted escapes can still make a NUL ("\0"; C
 * strings would cut the name there) or control characters ("\e", "\x1b", "\N"). Tabs
 * and newlines pass here; string_problem allows them in description only. */
static int scalar_problem(const unsigned char *v, size_t len, char *msg, size_t m)
{
    for (size_t i = 0; i < len; i++) {
        unsigned c = v[i];
        if (c == 0) {
            snprintf(msg, m, "a NUL character (\\0) in a string: keys and values cannot hold one");
            return -1;
        }
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
            snprintf(msg, m, "control character \\x%02X in a string", c);
            return -1;
        }
        if (c == 0xc2 && i + 1 < len && v[i + 1] >= 0x80 && v[i + 1] < 0xa0) {
            snprintf(msg, m, "control character U+00%02X in a string", v[i + 1]);
            return -1;
        }
    }
    return 0;
}

/* Anchors seen so far, by name (open addressing, FNV-1a): what each stands for. */
typedef struct {
    char *name; /* NULL: a free slot */
    long nodes; /* nodes an alias to it adds, once its collection is closed */
    long id;    /* the event that defined it */
    int open;   /* its collection is still being read: an alias to it is a loop */
    int line;
} anchor_slot;

typedef struct {
    anchor_slot *slot;
    size_t cap, n;
} anchor_map;

static size_t anchor_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

static anchor_slot *anchor_find(anchor_map *m, const char *name)
{
    if (!m->cap) return NULL;
    for (size_t i = anchor_hash(name) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slot[i].name) return NULL;
        if (!strcmp(m->slot[i].name, name)) return &m->slot[i];
    }
}

/* A new anchor, or NULL out of memory (said in errs). */
static anchor_slot *anchor_add(anchor_map *m, const char *name, ds_errors *errs)
{
    if (2 * (m->n + 1) > m->cap) { /* keep it at most half full */
        anchor_map g = {NULL, m->cap ? 2 * m->cap : 64, m->n};
        if (!(g.slot = scn_alloc(NULL, g.cap * sizeof *g.slot, "anchors", errs))) return NULL;
        memset(g.slot, 0, g.cap * sizeof *g.slot);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slot[i].name) continue;
            size_t j = anchor_hash(m->slot[i].name) & (g.cap - 1);
            while (g.slot[j].name) j = (j + 1) & (g.cap - 1);
            g.slot[j] = m->slot[i];
        }
        free(m->slot);
        *m = g;
    }
    size_t i = anchor_hash(name) & (m->cap - 1);
    while (m->slot[i].name) i = (i + 1) & (m->cap - 1);
    size_t l = strlen(name);
    if (!(m->slot[i].name = scn_alloc(NULL, l + 1, "anchor name", errs))) return NULL;
    memcpy(m->slot[i].name, name, l + 1);
    m->n++;
    return &m->slot[i];
}

static void anchor_free(anchor_map *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->slot[i].name);
    free(m->slot);
}

/* A libyaml error, located. Reader errors carry a byte offset, not a mark. */
void scn_yaml_error(const char *path, const char *text, size_t len, const yaml_parser_t *parser,
                    ds_errors *errs)
{
    if (parser->error == YAML_MEMORY_ERROR) {
        errors_add(errs, DS_EFAIL, path, 0, 0, "", "out of memory while parsing YAML");
        return;
    }
    int line = (int)parser->problem_mark.line + 1, col = (int)parser->problem_mark.column + 1;
    if (parser->error == YAML_READER_ERROR)
        scn_text_pos(text, len, parser->problem_offset, &line, &col);
    if (parser->context)
        errors_add(errs, DS_EINPUT, path, line, col, "", "YAML syntax error: %s (%s at line %d)",
                   parser->problem, parser->context, (int)parser->context_mark.line + 1);
    else
        errors_add(errs, DS_EINPUT, path, line, col, "", "YAML syntax error: %s",
                   parser->problem ? parser->problem : "unreadable");
}

/* Read the YAML as a stream of events before libyaml builds the document, and refuse
 * hostile structure while that is cheap: nesting deeper than DS_SCENARIO_MAX_DEPTH
 * (libyaml's scanner is quadratic in it: 100,000 levels took 104 s), more than
 * DS_SCENARIO_MAX_NODES nodes with every alias counted as the nodes it names (aliases
 * that nest aliases — "billion laughs" — grow exponentially; the loader's walk visits
 * what they name), aliases that loop or name no anchor, NUL and control characters in
 * decoded strings, and a second document, which would be silently ignored. Syntax
 * errors are reported here too. 0, or -1 with one error added. */
/* What the precheck keeps between events. */
typedef struct {
    anchor_map am;
    struct {
        long start, id;
        char *anchor;
    } open[DS_SCENARIO_MAX_DEPTH]; /* the collections being read */
    long nodes, id;                /* nodes so far (aliases as what they name); events */
    int depth, docs, done;
} precheck;

/* An alias: it must name a closed anchor, and what it names counts. */
static void alias_check(precheck *st, const char *name, char *msg, size_t m)
{
    anchor_slot *a = anchor_find(&st->am, name);
    if (!a)
        snprintf(msg, m, "alias *%.60s names no anchor before it", name);
    else if (a->open)
        snprintf(msg, m, "alias *%.60s is inside the collection it names (line %d): a loop", name,
                 a->line);
    else if ((st->nodes += a->nodes) > DS_SCENARIO_MAX_NODES)
        snprintf(msg, m,
                 "alias *%.60s takes the document past %d nodes "
                 "(an alias counts as every node it names)",
                 name, DS_SCENARIO_MAX_NODES);
}

/* One event: msg set when it makes the text no scenario. Returns the anchor the event
 * defines, or NULL. */
static const char *precheck_event(precheck *st, const yaml_event_t *ev, char *msg, size_t m)
{
    const char *anchor = NULL;
    switch (ev->type) {
    case YAML_STREAM_END_EVENT: st->done = 1; break;
    case YAML_DOCUMENT_START_EVENT:
        if (++st->docs > 1)
            snprintf(msg, m,
                     "a second YAML document: a scenario is one document "
                     "(remove this '---' and what follows)");
        break;
    case YAML_ALIAS_EVENT: alias_check(st, (const char *)ev->data.alias.anchor, msg, m); break;
    case YAML_SCALAR_EVENT:
        anchor = (const char *)ev->data.scalar.anchor;
        st->nodes++;
        scalar_problem(ev->data.scalar.value, ev->data.scalar.length, msg, m);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        anchor =
            (const char *)(ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
                                                                 : ev->data.mapping_start.anchor);
        st->nodes++;
        if (st->depth == DS_SCENARIO_MAX_DEPTH) {
            snprintf(msg, m, "nested more than %d levels deep", DS_SCENARIO_MAX_DEPTH);
            break;
        }
        st->open[st->depth].start = st->nodes - 1;
        st->open[st->depth].id = st->id;
        st->open[st->depth].anchor = NULL;
        st->depth++;
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (st->depth > 0) {
            int d = --st->depth;
            anchor_slot *a = st->open[d].anchor ? anchor_find(&st->am, st->open[d].anchor) : NULL;
            if (a && a->id == st->open[d].id) {
                a->open = 0;
                a->nodes = st->nodes - st->open[d].start;
            }
        }
        break;
    default: break;
    }
    if (!msg[0] && st->nodes > DS_SCENARIO_MAX_NODES)
        snprintf(msg, m, "more than %d nodes (keys, values and collections)",
                 DS_SCENARIO_MAX_NODES);
    return anchor;
}

/* The anchor an event defines: recorded (open while its collection is read), or msg
 * set when it is defined twice. -1 out of memory (said in errs). */
static int anchor_define(precheck *st, const char *anchor, int line, int collection, char *msg,
                         size_t m, ds_errors *errs)
{
    anchor_slot *a = anchor_find(&st->am, anchor);
    if (a) { /* libyaml's loader refuses it too, unlocated */
        snprintf(msg, m, "anchor &%.60s is defined twice (first at line %d)", anchor, a->line);
        return 0;
    }
    if (!(a = anchor_add(&st->am, anchor, errs))) return -1;
    a->id = st->id;
    a->line = line;
    a->nodes = 1;
    a->open = collection;
    if (collection) st->open[st->depth - 1].anchor = a->name;
    return 0;
}

int scn_yaml_precheck(const char *path, const char *text, size_t len, ds_errors *errs)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, "", "cannot start the YAML parser");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    precheck st;
    memset(&st, 0, sizeof st);
    int rc = 0;
    char msg[200];
    while (!rc && !st.done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            scn_yaml_error(path, text, len, &parser, errs);
            rc = -1;
            break;
        }
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        msg[0] = 0;
        st.id++;
        const char *anchor = precheck_event(&st, &ev, msg, sizeof msg);
        if (!msg[0] && anchor &&
            anchor_define(&st, anchor, line, ev.type != YAML_SCALAR_EVENT, msg, sizeof msg, errs))
            rc = -1;
        if (msg[0]) {
            errors_add(errs, DS_EINPUT, path, line, col, "", "%s", msg);
            rc = -1;
        }
        yaml_event_delete(&ev);
    }
    anchor_free(&st.am);
    yaml_parser_delete(&parser);
    return rc;
}
