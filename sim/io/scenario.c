/* scenario.c — the scenario loader: a YAML file (libyaml document API) into ds_params,
 * walked key by key against the key table (scenario_keys.c), then --set overrides. Every
 * error is collected and located file:line:col. The loader's other parts: values
 * (scenario_values.c), hostile text (scenario_yaml.c), variants and sweeps
 * (scenario_variants.c), cross-field checks (scenario_check.c), governance events' set
 * mappings (scenario_events.c); their shared types are in scenario_int.h. It does not
 * interpret the model: the checks only say whether the numbers are consistent. */
#include "scenario_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- small helpers */

void *scn_alloc(void *p, size_t n, const char *what, ds_errors *errs)
{
    void *q = realloc(p, n ? n : 1);
    if (!q && errs)
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory (%zu bytes for %s)", n, what);
    return q;
}

void scn_sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0 || b->failed) return;
    if (b->n + (size_t)need + 1 > b->cap) {
        size_t cap = 2 * (b->n + (size_t)need + 1);
        char *grown = scn_alloc(b->s, cap, "overrides text", b->errs);
        if (!grown) { /* said in errs; the text stops here */
            b->failed = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)need;
}

char *scn_sb_take(strbuf *b)
{
    if (!b->s) scn_sb_printf(b, "%s", "");
    char *s = b->s;
    b->s = NULL;
    b->n = b->cap = 0;
    return s; /* NULL only out of memory, said in errs */
}

/* An array of n items with room for cap, with room for one more: the same array, or a
 * larger one (twice cap, or `first`) with *cap updated; NULL out of memory (said in
 * errs; items untouched). */
static void *grow(void *items, int n, int *cap, int first, size_t size, const char *what,
                  ds_errors *errs)
{
    if (n < *cap) return items;
    int more = *cap ? 2 * *cap : first;
    void *grown = scn_alloc(items, (size_t)more * size, what, errs);
    if (grown) *cap = more;
    return grown;
}

/* ---------------------------------------------------------------- the walk */

void scn_seen_add(seen_list *l, const char *path, int line, int col, ds_errors *errs)
{
    seen_key *items = grow(l->items, l->n, &l->cap, 32, sizeof *items, "key list", errs);
    if (!items) return;
    l->items = items;
    seen_key *s = &l->items[l->n++];
    snprintf(s->path, sizeof s->path, "%s", path);
    s->line = line;
    s->col = col;
}

const seen_key *scn_seen_find(const seen_list *l, const char *path)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].path, path)) return &l->items[i];
    return NULL;
}

mark scn_node_mark(const yaml_node_t *n)
{
    mark m = {SRC_FILE, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
    return m;
}

void scn_err_at(walk *w, const yaml_node_t *n, const char *key, const char *fmt, ...)
{
    char msg[DS_MSG_LEN], full[PATH_LEN + 80];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "%s%s", key && *key ? w->shown : "", key ? key : "");
    mark m = n ? scn_node_mark(n) : (mark){0, 0, 0};
    errors_add(w->errs, DS_EINPUT, w->file, m.line, m.col, full, "%s", msg);
}

void scn_vmark_set(vmarks *v, int slot, mark m, int bad, ds_errors *errs)
{
    for (int i = 0; i < v->n; i++) {
        if (v->items[i].slot == slot) {
            v->items[i].m = m;
            v->items[i].bad = bad;
            return;
        }
    }
    vmark *items = grow(v->items, v->n, &v->cap, 8, sizeof *items, "variant marks", errs);
    if (!items) return;
    v->items = items;
    v->items[v->n++] = (vmark){slot, m, bad};
}

const vmark *scn_vmark_get(const vmarks *v, int slot)
{
    for (int i = 0; i < v->n; i++)
        if (v->items[i].slot == slot) return &v->items[i];
    return NULL;
}

void scn_set_mark(walk *w, int slot, mark m, int bad)
{
    struct ds_scenario_priv *pv = w->sc->priv;
    if (w->variant < 0) {
        pv->marks[slot] = m;
        pv->bad[slot] = (unsigned char)bad;
    } else {
        scn_vmark_set(&pv->var[w->variant], slot, m, bad, w->errs);
    }
}

int scn_is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return 0;
    const char *s = (const char *)n->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

const char *scn_node_kind(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE    ? "a mapping"
           : n->type == YAML_SEQUENCE_NODE ? "a list"
                                           : "a value";
}

/* Resolve prefix.text to a key. On failure fill errkey (the part that is wrong) and msg.
 * Index components must exist in p's lists; allow_index says whether text may hold them. */
int scn_resolve(const char *prefix, const char *text, int allow_index, ds_params *p, char *full,
                int *k, int *item, char *errkey, char *msg, size_t n)
{
    *k = -1;
    *item = -1;
    errkey[0] = 0;
    int w = snprintf(full, PATH_LEN, "%s%s%s", prefix, *prefix ? "." : "", text);
    comps c, pc;
    if (w >= PATH_LEN || scn_split_path(full, &c)) {
        snprintf(errkey, PATH_LEN, "%s", full);
        snprintf(msg, n, "malformed key");
        return R_NONE;
    }
    if (*prefix)
        scn_split_path(prefix, &pc);
    else
        pc.n = 0;
    for (int j = pc.n + 1; j <= c.n; j++) {
        int kk;
        int cls = scn_classify(&c, j, &kk);
        if (cls == R_NONE) {
            scn_join_comps(&c, j, errkey, PATH_LEN);
            /* suggest the closest sibling: what could stand at component j */
            char best[49] = "";
            int bestd = 3;
            for (int i = 0; i < N_KEYS; i++) {
                int exact;
                comps kc;
                if (!scn_key_matches(&scn_key_table[i], &c, j - 1, &exact) || exact) continue;
                scn_split_path(scn_key_table[i].path, &kc);
                if (!strcmp(kc.c[j - 1], "N")) continue;
                int d = scn_edit_distance(c.c[j - 1], kc.c[j - 1]);
                if (d < bestd) bestd = d, snprintf(best, sizeof best, "%s", kc.c[j - 1]);
            }
            if (*best)
                snprintf(msg, n, "unknown key; did you mean '%s'?", best);
            else
                snprintf(msg, n, "unknown key");
            return R_NONE;
        }
        if (scn_all_digits(c.c[j - 1]) && j >= 2) {
            int lk;
            if (scn_classify(&c, j - 1, &lk) == R_LIST) {
                if (!allow_index) {
                    scn_join_comps(&c, j, errkey, PATH_LEN);
                    snprintf(msg, n,
                             "item indexes are only for variants, sweep and --set; "
                             "write the items as a YAML list");
                    return R_NONE;
                }
                int idx = atoi(c.c[j - 1]), cnt = *scn_list_count(p, lk);
                if (idx >= cnt) {
                    scn_join_comps(&c, j, errkey, PATH_LEN);
                    snprintf(msg, n, "index %d is out of range: %s has %d item%s", idx,
                             scn_key_table[lk].path, cnt, cnt == 1 ? "" : "s");
                    return R_NONE;
                }
            }
        }
    }
    for (int j = 2; j <= c.n; j++) { /* the item, wherever its index was written */
        int lk;
        if (scn_all_digits(c.c[j - 1]) && scn_classify(&c, j - 1, &lk) == R_LIST)
            *item = atoi(c.c[j - 1]);
    }
    int cls = scn_classify(&c, c.n, k);
    if (cls == R_INNER) *k = -1;
    return cls;
}

/* A key every variant must share, met in a variant: said at the key. */
static int base_only_in_variant(walk *w, yaml_node_t *kn, const key_def *d, const char *full)
{
    if (!d->base_only || w->variant < 0) return 0;
    scn_err_at(w, kn, full,
               "is read once for every variant: give it in the base scenario (or with --set)");
    return 1;
}

static void walk_list(walk *w, yaml_node_t *kn, yaml_node_t *vn, int k, const char *full)
{
    const key_def *d = &scn_key_table[k];
    if (base_only_in_variant(w, kn, d, full)) return;
    int n = vn->type == YAML_SEQUENCE_NODE
                ? (int)(vn->data.sequence.items.top - vn->data.sequence.items.start)
                : 0;
    scn_set_mark(w, scn_slot_of(k, -1), scn_node_mark(kn), 0);
    scn_seen_add(&w->seen, full, (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1,
                 w->errs);
    if (n < (int)d->lo || n > (int)d->hi) {
        scn_err_at(w, vn, full, "needs %d to %d items, got %d", (int)d->lo, (int)d->hi, n);
        scn_set_mark(w, scn_slot_of(k, -1), scn_node_mark(kn), 1);
        return;
    }
    scn_reset_list(w->p, k, n);
    if (w->ovr) scn_sb_printf(w->ovr, "%s=[%d items]\n", full, n);
    for (int i = 0; i < n; i++) {
        yaml_node_t *it = yaml_document_get_node(w->doc, vn->data.sequence.items.start[i]);
        char sub[PATH_LEN + 16];
        snprintf(sub, sizeof sub, "%s.%d", full, i);
        if (!it || it->type != YAML_MAPPING_NODE) {
            scn_err_at(w, it, sub, "expected a mapping of %s keys, got %s", full,
                       it ? scn_node_kind(it) : "nothing");
            scn_set_mark(w, scn_slot_of(k, -1), scn_node_mark(kn), 1);
            continue;
        }
        scn_walk_map(w, it, sub);
        for (int j = 0; j < N_KEYS; j++) { /* required item keys: reported at the item */
            if (scn_list_of(j) != k || !scn_key_table[j].req) continue;
            char kp[PATH_LEN + 64];
            snprintf(kp, sizeof kp, "%s.%s", sub, scn_key_table[j].path + strlen(d->path) + 3);
            if (scn_seen_find(&w->seen, kp)) continue;
            scn_err_at(w, it, kp, "missing required key");
            scn_set_mark(w, scn_slot_of(j, i), scn_node_mark(it), 1);
        }
    }
}

static void apply_leaf(walk *w, yaml_node_t *kn, yaml_node_t *vn, int k, int item, const char *full)
{
    const key_def *d = &scn_key_table[k];
    if (d->type == T_MAP || (d->scen && w->variant >= 0)) {
        scn_err_at(w, kn, full, "can only be given at the top level of the base scenario");
        return;
    }
    if (base_only_in_variant(w, kn, d, full)) return;
    if (d->type == T_CLAIMS) {
        const seen_key *s = scn_seen_find(&w->seen, full);
        if (s) {
            scn_err_at(w, kn, full, "key given twice (first at line %d)", s->line);
            return;
        }
        scn_seen_add(&w->seen, full, (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1,
                     w->errs);
        value v = {0};
        strbuf names = {.errs = w->errs};
        int slot = scn_slot_of(k, item);
        if (scn_claim_names(w, vn, d, item, full, &v, &names) == 0) {
            scn_store_value(w->p, d, item, &v);
            scn_set_mark(w, slot, scn_node_mark(vn), 0);
            if (w->ovr) scn_sb_printf(w->ovr, "%s=%s\n", full, names.s ? names.s : "");
        } else {
            scn_set_mark(w, slot, scn_node_mark(vn), 1);
        }
        free(names.s);
        return;
    }
    if (vn->type != YAML_SCALAR_NODE) {
        scn_err_at(w, vn, full, "expected a single value, got %s", scn_node_kind(vn));
        return;
    }
    const seen_key *s = scn_seen_find(&w->seen, full);
    if (s) {
        scn_err_at(w, kn, full, "key given twice (first at line %d)", s->line);
        return;
    }
    scn_seen_add(&w->seen, full, (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1,
                 w->errs);
    const char *text = (const char *)vn->data.scalar.value;
    value v;
    char msg[DS_MSG_LEN];
    int slot = scn_slot_of(k, item);
    if (scn_parse_value(d, text, &v, msg, sizeof msg)) {
        scn_err_at(w, vn, full, "%s", msg);
        scn_set_mark(w, slot, scn_node_mark(vn), 1);
        return;
    }
    scn_store_value(d->scen ? (void *)w->sc : (void *)w->p, d, item, &v);
    if (!d->scen) scn_set_mark(w, slot, scn_node_mark(vn), 0);
    if (w->ovr) scn_sb_printf(w->ovr, "%s=%s\n", full, text);
}

typedef struct {
    const char *text;
    int i;
} key_at;

static int key_at_cmp(const void *a, const void *b)
{
    const key_at *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* For each pair of a mapping, the index of the first pair with the same scalar key, or
 * -1. YAML forbids a key twice in one mapping and libyaml does not check it; sorting
 * makes the check O(n log n), where comparing every pair took 43 s on 40,000 keys. */
static int *first_of_keys(yaml_document_t *doc, yaml_node_pair_t *pairs, int np, ds_errors *errs)
{
    int *first = scn_alloc(NULL, (size_t)np * sizeof *first, "key index", errs);
    key_at *ks = first ? scn_alloc(NULL, (size_t)np * sizeof *ks, "key index", errs) : NULL;
    if (!ks) {
        free(first);
        return NULL;
    }
    int nk = 0;
    for (int i = 0; i < np; i++) {
        first[i] = -1;
        yaml_node_t *kn = yaml_document_get_node(doc, pairs[i].key);
        if (kn && kn->type == YAML_SCALAR_NODE)
            ks[nk++] = (key_at){(const char *)kn->data.scalar.value, i};
    }
    qsort(ks, (size_t)nk, sizeof *ks, key_at_cmp);
    for (int a = 1; a < nk; a++) {
        if (strcmp(ks[a].text, ks[a - 1].text)) continue;
        first[ks[a].i] = first[ks[a - 1].i] >= 0 ? first[ks[a - 1].i] : ks[a - 1].i;
    }
    free(ks);
    return first;
}

/* Past DS_ERRORS_MAX errors the rest would only be counted: stop walking. */
int scn_errors_full(const ds_errors *e)
{
    return e->n > DS_ERRORS_MAX;
}

int scn_pair(walk *w, yaml_node_t *map, int i, const char *where, const char *not_word,
             yaml_node_t **kn, yaml_node_t **vn)
{
    yaml_node_pair_t *pair = &map->data.mapping.pairs.start[i];
    *kn = yaml_document_get_node(w->doc, pair->key);
    *vn = yaml_document_get_node(w->doc, pair->value);
    if (!*kn || !*vn) return 0;
    if ((*kn)->type == YAML_SCALAR_NODE) return 1;
    if (not_word)
        scn_err_at(w, *kn, where, "%s", not_word);
    else
        scn_err_at(w, *kn, where, "keys must be plain words, not %s", scn_node_kind(*kn));
    return 0;
}

void scn_walk_map(walk *w, yaml_node_t *map, const char *prefix)
{
    if (w->variant < 0)
        scn_seen_add(&w->maps, prefix, (int)map->start_mark.line + 1,
                     (int)map->start_mark.column + 1, w->errs);
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    int np = (int)(map->data.mapping.pairs.top - pairs);
    int *first = np ? first_of_keys(w->doc, pairs, np, w->errs) : NULL;
    if (np && !first) return; /* out of memory: said */
    for (int i = 0; i < np && !scn_errors_full(w->errs); i++) {
        yaml_node_t *kn, *vn;
        if (!scn_pair(w, map, i, prefix, NULL, &kn, &vn)) continue;
        const char *text = (const char *)kn->data.scalar.value;
        char full[PATH_LEN], errkey[PATH_LEN], msg[DS_MSG_LEN];
        if (first[i] >= 0) {
            yaml_node_t *kj = yaml_document_get_node(w->doc, pairs[first[i]].key);
            snprintf(full, sizeof full, "%s%s%s", prefix, *prefix ? "." : "", text);
            scn_err_at(w, kn, full, "key given twice (first at line %d)",
                       kj ? (int)kj->start_mark.line + 1 : 0);
            continue;
        }
        if (w->variant < 0 && !*prefix && !strcmp(text, "variants")) {
            w->variants_node = vn;
            continue;
        }
        if (w->variant < 0 && !*prefix && !strcmp(text, "sweep")) {
            w->sweep_node = vn;
            continue;
        }
        if (w->variant < 0 && !strcmp(prefix, "analysis") &&
            (!strcmp(text, "factors") || !strcmp(text, "outputs"))) {
            const seen_key *s =
                scn_seen_find(&w->seen, text[0] == 'f' ? "analysis.factors" : "analysis.outputs");
            if (s) {
                snprintf(full, sizeof full, "analysis.%s", text);
                scn_err_at(w, kn, full, "key given twice (first at line %d)", s->line);
                continue;
            }
            scn_seen_add(&w->seen, text[0] == 'f' ? "analysis.factors" : "analysis.outputs",
                         (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1, w->errs);
            if (text[0] == 'f')
                w->factors_node = vn;
            else
                w->outputs_node = vn;
            continue;
        }
        int k, item;
        int cls = scn_resolve(prefix, text, w->allow_index, w->p, full, &k, &item, errkey, msg,
                              sizeof msg);
        if (cls == R_NONE) {
            scn_err_at(w, kn, errkey, "%s", msg);
            continue;
        }
        if (cls == R_INNER) {
            if (vn->type == YAML_MAPPING_NODE)
                scn_walk_map(w, vn, full);
            else if (!scn_is_null(vn))
                scn_err_at(w, vn, full, "expected a mapping of keys, got %s", scn_node_kind(vn));
        } else if (cls == R_LIST) {
            if (vn->type == YAML_SEQUENCE_NODE || scn_is_null(vn)) {
                const seen_key *s = scn_seen_find(&w->seen, full);
                if (s)
                    scn_err_at(w, kn, full, "key given twice (first at line %d)", s->line);
                else
                    walk_list(w, kn, vn, k, full);
            } else if (vn->type == YAML_MAPPING_NODE && w->allow_index) {
                scn_walk_map(w, vn, full); /* variants: {0: {share: 0.5}} */
            } else {
                scn_err_at(w, vn, full, "expected a list, got %s", scn_node_kind(vn));
            }
        } else if (scn_key_table[k].type == T_MAP && scn_list_of(k) >= 0) {
            scn_events_set_walk(w, kn, vn, item, full);
        } else {
            apply_leaf(w, kn, vn, k, item, full);
        }
    }
    free(first);
}

void scn_walk_free(walk *w)
{
    free(w->seen.items);
    free(w->maps.items);
    w->seen = (seen_list){0};
    w->maps = (seen_list){0};
}

/* Base only: keys that must be given, reported at the closest mapping that exists. */
static void check_required(walk *w)
{
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &scn_key_table[k];
        if (!d->req || scn_list_of(k) >= 0 || scn_seen_find(&w->seen, d->path)) continue;
        if (d->unless && scn_seen_find(&w->seen, d->unless)) continue;
        const seen_key *at = NULL;
        size_t best = 0;
        for (int i = 0; i < w->maps.n; i++) {
            const char *mp = w->maps.items[i].path;
            size_t l = strlen(mp);
            int is_prefix = !l || (!strncmp(d->path, mp, l) && d->path[l] == '.');
            if (is_prefix && (!at || l > best)) at = &w->maps.items[i], best = l;
        }
        errors_add(w->errs, DS_EINPUT, w->file, at ? at->line : 0, at ? at->col : 0, d->path,
                   "missing required key");
        w->sc->priv->bad[scn_slot_of(k, -1)] = 1;
    }
}

/* ---------------------------------------------------------------- load */

/* Read at most max + 1 bytes: a device (/dev/zero) or a pipe cannot make it grow past
 * that. NULL with errno set when it cannot be read (ENOMEM: out of memory). */
static char *read_all(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (; buf;) {
        size_t want = cap - n - 1;
        if (want > max + 1 - n) want = max + 1 - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got == 0 || n > max) break;
        if (n + 1 == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) free(buf);
            buf = grown;
        }
    }
    int err = !buf ? ENOMEM : ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* The file name's stem as a default scenario name, made a plain word as `name:` must be
 * (a file "|cmd;x.yaml" must not name its results "|cmd;x.h5"). */
static void file_stem(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t l = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    snprintf(out, n, "%.*s", (int)l, b);
    for (char *c = out; *c; c++) {
        int word = isalnum((unsigned char)*c) || *c == '_';
        if (!word && (c == out || !strchr(".=,+-", *c))) *c = '_';
    }
    if (!*out) snprintf(out, n, "scenario");
}

/* What the walk fills: the marks of where each value came from, the variants, the
 * defaults and the default name. DS_OK, or DS_EFAIL out of memory (said). */
static int load_state(ds_scenario *sc, ds_errors *errs)
{
    struct ds_scenario_priv *pv = scn_alloc(NULL, sizeof *pv, "scenario marks", errs);
    if (!pv) return DS_EFAIL;
    memset(pv, 0, sizeof *pv);
    sc->priv = pv;
    pv->marks = scn_alloc(NULL, (size_t)N_SLOTS * sizeof *pv->marks, "scenario marks", errs);
    pv->bad = scn_alloc(NULL, (size_t)N_SLOTS, "scenario marks", errs);
    if (!pv->marks || !pv->bad) return DS_EFAIL;
    memset(pv->marks, 0, (size_t)N_SLOTS * sizeof *pv->marks);
    memset(pv->bad, 0, (size_t)N_SLOTS);
    scn_set_defaults(&sc->base);
    scn_set_scen_defaults(sc);
    file_stem(sc->path, sc->name, sizeof sc->name);
    return DS_OK;
}

static int load_text(ds_scenario *sc, ds_errors *errs);

int scenario_load(const char *path, ds_scenario *sc, ds_errors *errs)
{
    memset(sc, 0, sizeof *sc);
    snprintf(sc->path, sizeof sc->path, "%s", path);
    sc->yaml_text = read_all(path, DS_SCENARIO_MAX_BYTES, &sc->yaml_len);
    if (!sc->yaml_text) {
        /* a missing or unreadable scenario is bad input (exit 2); other I/O errors are not */
        int kind = errno == ENOENT || errno == EACCES || errno == EISDIR ? DS_EINPUT : DS_EFAIL;
        errors_add(errs, kind, path, 0, 0, "", "cannot read: %s", strerror(errno));
        return kind;
    }
    return load_text(sc, errs);
}

int scenario_load_text(const char *name, const char *text, ds_scenario *sc, ds_errors *errs)
{
    memset(sc, 0, sizeof *sc);
    snprintf(sc->path, sizeof sc->path, "%s", name);
    sc->yaml_len = strlen(text);
    if (!(sc->yaml_text = strdup(text))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    return load_text(sc, errs);
}

/* The rest of scenario_load, on the text in sc->yaml_text (sc->path names it). */
static int load_text(ds_scenario *sc, ds_errors *errs)
{
    const char *path = sc->path;
    int nerr = errors_count(errs);
    int line, col;
    size_t off;
    char msg[200];
    if (sc->yaml_len > DS_SCENARIO_MAX_BYTES) {
        scn_text_pos(sc->yaml_text, sc->yaml_len, DS_SCENARIO_MAX_BYTES, &line, &col);
        errors_add(errs, DS_EINPUT, path, line, col, "",
                   "the file is larger than %d bytes (1 MiB), the most a scenario may hold",
                   DS_SCENARIO_MAX_BYTES);
        scenario_free(sc);
        return DS_EINPUT;
    }
    if (scn_scan_text(sc->yaml_text, sc->yaml_len, &off, msg, sizeof msg)) {
        scn_text_pos(sc->yaml_text, sc->yaml_len, off, &line, &col);
        errors_add(errs, DS_EINPUT, path, line, col, "", "%s", msg);
        scenario_free(sc);
        return DS_EINPUT;
    }
    if (scn_yaml_precheck(path, sc->yaml_text, sc->yaml_len, errs)) {
        int kind = errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
        scenario_free(sc);
        return kind;
    }
    if (load_state(sc, errs) != DS_OK) {
        scenario_free(sc);
        return DS_EFAIL;
    }

    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, "", "cannot start the YAML parser");
        scenario_free(sc);
        return DS_EFAIL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)sc->yaml_text, sc->yaml_len);
    if (!yaml_parser_load(&parser, &doc)) { /* the precheck read it: only memory is left */
        scn_yaml_error(path, sc->yaml_text, sc->yaml_len, &parser, errs);
        yaml_parser_delete(&parser);
        scenario_free(sc);
        return errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
    }

    walk w = {.doc = &doc,
              .sc = sc,
              .p = &sc->base,
              .errs = errs,
              .file = sc->path,
              .variant = -1,
              .allow_index = 0,
              .shown = ""};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || scn_is_null(root)) {
        errors_add(errs, DS_EINPUT, path, 1, 1, "",
                   "the file is empty: a scenario needs at "
                   "least hardware, regions and demand");
    } else if (root->type != YAML_MAPPING_NODE) {
        scn_err_at(&w, root, "", "the top level must be a mapping of keys, got %s",
                   scn_node_kind(root));
    } else {
        scn_walk_map(&w, root, "");
        check_required(&w);
    }
    ds_variant *b = scn_new_variant(sc, "base", errs);
    if (b) b->overrides = scn_sb_take(&(strbuf){.errs = errs});
    if (w.variants_node) scn_load_variants(&w, w.variants_node);
    if (w.sweep_node) scn_load_sweep(&w, w.sweep_node);
    if (w.factors_node || w.outputs_node) scn_load_analysis(&w, w.factors_node, w.outputs_node);
    scn_walk_free(&w);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);

    scenario_check(sc, errs);
    if (errors_count(errs) != nerr) {
        scenario_free(sc);
        return errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT; /* only out of memory: EFAIL */
    }
    return DS_OK;
}

/* ---------------------------------------------------------------- --set */

int scenario_set(ds_scenario *sc, const char *a, int ordinal, ds_errors *errs)
{
    const char *eq = strchr(a, '=');
    if (!eq) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, a, "expected key.path=value");
        return DS_EINPUT;
    }
    char key[PATH_LEN], full[PATH_LEN], errkey[PATH_LEN], msg[DS_MSG_LEN];
    snprintf(key, sizeof key, "%.*s", (int)(eq - a), a);
    int vcol = (int)(eq - a) + 2, k, item;
    if (eq == a) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, "", "expected key.path=value, no key");
        return DS_EINPUT;
    }
    int cls = scn_resolve("", key, 1, &sc->base, full, &k, &item, errkey, msg, sizeof msg);
    if (cls == R_NONE) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, errkey, "%s", msg);
        return DS_EINPUT;
    }
    if (cls != R_LEAF || scn_key_table[k].type == T_MAP) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, 1, key,
                   "not a single key; set one of its keys%s",
                   cls == R_LIST ? " by index, e.g. hardware.0.share" : "");
        return DS_EINPUT;
    }
    const key_def *d = &scn_key_table[k];
    value v;
    const char *brk = strpbrk(eq + 1, "\r\n");
    if (brk) { /* the results record each --set as one "key=value" line */
        errors_add(errs, DS_EINPUT, "--set", ordinal, vcol + (int)(brk - eq - 1), key,
                   "a --set value cannot hold a line break (it would add a line to the "
                   "overrides the results record)");
        return DS_EINPUT;
    }
    if (scn_parse_value(d, eq + 1, &v, msg, sizeof msg)) {
        errors_add(errs, DS_EINPUT, "--set", ordinal, vcol, key, "%s", msg);
        return DS_EINPUT;
    }
    if (d->scen) {
        scn_store_value(sc, d, -1, &v);
        return DS_OK;
    }
    int lk = scn_list_of(k);
    for (int i = 0; i < sc->n_variants; i++) {
        if (lk >= 0 && item >= *scn_list_count(&sc->variants[i].params, lk)) {
            errors_add(errs, DS_EINPUT, "--set", ordinal, 1, key,
                       "index %d is out of range in variant '%s'", item, sc->variants[i].name);
            return DS_EINPUT;
        }
    }
    mark m = {SRC_SET, ordinal, vcol};
    int slot = scn_slot_of(k, item);
    scn_store_value(&sc->base, d, item, &v);
    if (sc->priv) {
        sc->priv->marks[slot] = m;
        sc->priv->bad[slot] = 0;
    }
    for (int i = 0; i < sc->n_variants; i++) {
        ds_variant *var = &sc->variants[i];
        scn_store_value(&var->params, d, item, &v);
        if (sc->priv) scn_vmark_set(&sc->priv->var[i], slot, m, 0, errs);
        /* provenance: the results must say what was really run */
        strbuf b = {
            .s = var->overrides, .n = var->overrides ? strlen(var->overrides) : 0, .errs = errs};
        b.cap = b.n + 1;
        scn_sb_printf(&b, "%s=%s\n", key, eq + 1);
        var->overrides = b.s;
        if (b.failed) return DS_EFAIL; /* out of memory: said */
    }
    return DS_OK;
}

int scenario_open(const char *path, char **sets, int n_sets, ds_scenario *sc, ds_errors *errs)
{
    int nerr = errors_count(errs);
    int rc = scenario_load(path, sc, errs);
    for (int i = 0; rc == DS_OK && i < n_sets; i++) scenario_set(sc, sets[i], i + 1, errs);
    if (rc == DS_OK) scenario_check(sc, errs);
    if (errors_count(errs) != nerr) return errs->kind ? errs->kind : DS_EINPUT;
    return rc;
}

void scenario_free(ds_scenario *sc)
{
    if (sc->variants)
        for (int i = 0; i < sc->n_variants; i++) {
            free(sc->variants[i].overrides);
            free(sc->variants[i].swept);
        }
    free(sc->variants_selected);
    free(sc->sweep_axes);
    if (sc->priv) {
        for (int i = 0; i < DS_MAX_VARIANTS; i++) free(sc->priv->var[i].items);
        free(sc->priv->marks);
        free(sc->priv->bad);
    }
    free(sc->variants);
    free(sc->priv);
    free(sc->inputs);
    free(sc->yaml_text);
    char path[sizeof sc->path];
    memcpy(path, sc->path, sizeof path);
    memset(sc, 0, sizeof *sc);
    memcpy(sc->path, path, sizeof path); /* still say which file it was */
}
