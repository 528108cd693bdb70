/* scenario_sweep.c — the sweep: a grid over keys expanded to one variant per
 * point, the last axis varying fastest. An axis is one key and its list of
 * values; `zip:` makes several keys one axis, stepping together; a key given
 * as {values: [...], rescale: [keys]} keeps its sum with those keys (a share
 * swept, the other shares scaled in proportion to make up the rest). Also the
 * same setting of one number with its linked keys for an analysis and
 * `solve` (scenario_set_number). Every value is checked where it is written;
 * a variant records its overrides (the rescaled keys too) and its point. */
#include "scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_AXES 16
#define MAX_MEMBERS 32
#define MAX_RESCALE 8

typedef struct {
    char path[PATH_LEN];
    int k, item;
} key_ref;

typedef struct {
    key_ref key;
    yaml_node_t *seq, *at; /* its values; where it is named */
    int n_rescale;
    key_ref rescale[MAX_RESCALE];
    int axis;
} member;

typedef struct {
    member m[MAX_MEMBERS];
    int n, n_axes;
    int len[MAX_AXES];
} plan;

static int seq_len(const yaml_node_t *s)
{
    return (int)(s->data.sequence.items.top - s->data.sequence.items.start);
}

static yaml_node_t *seq_item(walk *w, const yaml_node_t *s, int i)
{
    return yaml_document_get_node(w->doc, s->data.sequence.items.start[i]);
}

static const member *find_key(const plan *P, const char *path)
{
    for (int i = 0; i < P->n; i++) {
        if (!strcmp(P->m[i].key.path, path)) return &P->m[i];
        for (int r = 0; r < P->m[i].n_rescale; r++)
            if (!strcmp(P->m[i].rescale[r].path, path)) return &P->m[i];
    }
    return NULL;
}

/* A number key named by text (a rescale target): 0, or -1 with the error. */
static int number_key(walk *w, yaml_node_t *at, const char *text, key_ref *out)
{
    char errkey[PATH_LEN], msg[256];
    int cls =
        scn_resolve("", text, 1, w->p, out->path, &out->k, &out->item, errkey, msg, sizeof msg);
    if (cls == R_NONE) {
        scn_err_at(w, at, errkey, "%s", msg);
        return -1;
    }
    if (cls != R_LEAF || scn_key_table[out->k].type != T_FLOAT) {
        scn_err_at(w, at, out->path,
                   "cannot be rescaled: name number keys such as "
                   "rewards.stakers_share");
        return -1;
    }
    return 0;
}

/* {values: [...], rescale: key or [keys]}: into m. 0, or -1 (said). */
static int axis_mapping(walk *w, yaml_node_t *vn, const char *full, member *m)
{
    yaml_node_t *rescale = NULL;
    m->seq = NULL;
    for (int i = 0; i < (int)(vn->data.mapping.pairs.top - vn->data.mapping.pairs.start); i++) {
        yaml_node_t *kn, *x;
        if (!scn_pair(w, vn, i, full, NULL, &kn, &x)) return -1;
        const char *word = (const char *)kn->data.scalar.value;
        if (!strcmp(word, "values"))
            m->seq = x;
        else if (!strcmp(word, "rescale"))
            rescale = x;
        else {
            scn_err_at(w, kn, full, "unknown key '%.40s' in a swept key: values, rescale", word);
            return -1;
        }
    }
    if (!m->seq || m->seq->type != YAML_SEQUENCE_NODE) {
        scn_err_at(w, vn, full, "expected values: [a list of values]");
        return -1;
    }
    if (!rescale) return 0;
    if (scn_key_table[m->key.k].type != T_FLOAT) {
        scn_err_at(w, rescale, full, "only a number key can keep a sum with others");
        return -1;
    }
    int n = rescale->type == YAML_SEQUENCE_NODE ? seq_len(rescale) : 1;
    if (rescale->type == YAML_MAPPING_NODE || n < 1 || n > MAX_RESCALE) {
        scn_err_at(w, rescale, full, "rescale: expected 1 to %d keys", MAX_RESCALE);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        yaml_node_t *it = rescale->type == YAML_SEQUENCE_NODE ? seq_item(w, rescale, i) : rescale;
        if (!it || it->type != YAML_SCALAR_NODE) {
            scn_err_at(w, it ? it : rescale, full, "rescale: expected a key");
            return -1;
        }
        key_ref *r = &m->rescale[m->n_rescale];
        if (number_key(w, it, (const char *)it->data.scalar.value, r) < 0) return -1;
        int dup = !strcmp(r->path, m->key.path);
        for (int j = 0; j < m->n_rescale && !dup; j++) dup = !strcmp(m->rescale[j].path, r->path);
        if (dup) {
            scn_err_at(w, it, full, "rescale: %s is named twice", r->path);
            return -1;
        }
        m->n_rescale++;
    }
    return 0;
}

/* Every value of m parses as its key's type. 0, or -1 (said). */
static int check_values(walk *w, const member *m)
{
    int bad = 0;
    if (seq_len(m->seq) == 0) {
        scn_err_at(w, m->seq, m->key.path, "expected a non-empty list of values, e.g. [0.5, 1.0]");
        return -1;
    }
    for (int i = 0; i < seq_len(m->seq); i++) {
        yaml_node_t *val = seq_item(w, m->seq, i);
        value v;
        char msg[256];
        if (!val || val->type != YAML_SCALAR_NODE) {
            scn_err_at(w, val ? val : m->seq, m->key.path, "expected a single value, got %s",
                       val ? scn_node_kind(val) : "nothing");
            bad = 1;
        } else if (scn_parse_value(&scn_key_table[m->key.k], (const char *)val->data.scalar.value,
                                   &v, msg, sizeof msg)) {
            scn_err_at(w, val, m->key.path, "%s", msg);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

static void collect(walk *w, yaml_node_t *map, const char *prefix, plan *P, int zip_axis);

/* zip: {key: [...], ...} or [{...}, {...}]: each mapping one axis. */
static void collect_zip(walk *w, yaml_node_t *vn, plan *P)
{
    int n = vn->type == YAML_SEQUENCE_NODE ? seq_len(vn) : 1;
    for (int i = 0; i < n; i++) {
        yaml_node_t *g = vn->type == YAML_SEQUENCE_NODE ? seq_item(w, vn, i) : vn;
        if (!g || g->type != YAML_MAPPING_NODE) {
            scn_err_at(w, g ? g : vn, "zip", "expected a mapping of key → list of values");
            continue;
        }
        if (P->n_axes == MAX_AXES) {
            scn_err_at(w, g, "zip", "more than %d axes", MAX_AXES);
            return;
        }
        collect(w, g, "", P, P->n_axes++);
    }
}

static void collect(walk *w, yaml_node_t *map, const char *prefix, plan *P, int zip_axis)
{
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    int np = (int)(map->data.mapping.pairs.top - pairs);
    for (int i = 0; i < np && !scn_errors_full(w->errs); i++) {
        yaml_node_t *kn, *vn;
        if (!scn_pair(w, map, i, prefix, NULL, &kn, &vn)) continue;
        const char *text = (const char *)kn->data.scalar.value;
        if (!*prefix && zip_axis < 0 && !strcmp(text, "zip")) {
            collect_zip(w, vn, P);
            continue;
        }
        char full[PATH_LEN], errkey[PATH_LEN], msg[256];
        int k, item;
        int cls = scn_resolve(prefix, text, 1, w->p, full, &k, &item, errkey, msg, sizeof msg);
        if (cls == R_NONE) {
            scn_err_at(w, kn, errkey, "%s", msg);
            continue;
        }
        const member *seen = find_key(P, full);
        if (seen) {
            scn_err_at(w, kn, full, "key given twice in the sweep (first at line %d)",
                       (int)seen->at->start_mark.line + 1);
            continue;
        }
        if (cls == R_INNER && vn->type == YAML_MAPPING_NODE) {
            collect(w, vn, full, P, zip_axis);
            continue;
        }
        if (cls != R_LEAF || scn_key_table[k].scen || scn_key_table[k].base_only ||
            scn_key_table[k].type == T_MAP || scn_key_table[k].type == T_CLAIMS) {
            scn_err_at(w, kn, full, "cannot be swept: sweep single keys such as token.impact");
            continue;
        }
        if (P->n == MAX_MEMBERS || (zip_axis < 0 && P->n_axes == MAX_AXES)) {
            scn_err_at(w, kn, full, "more than %d swept keys",
                       zip_axis < 0 ? MAX_AXES : MAX_MEMBERS);
            continue;
        }
        member m = {.key = {.k = k, .item = item}, .at = kn, .n_rescale = 0};
        snprintf(m.key.path, sizeof m.key.path, "%s", full);
        if (vn->type == YAML_MAPPING_NODE) {
            if (axis_mapping(w, vn, full, &m) < 0) continue;
        } else if (vn->type == YAML_SEQUENCE_NODE) {
            m.seq = vn;
        } else {
            scn_err_at(w, vn, full, "expected a non-empty list of values, e.g. [0.5, 1.0]");
            continue;
        }
        if (check_values(w, &m) < 0) continue;
        m.axis = zip_axis >= 0 ? zip_axis : P->n_axes++;
        P->m[P->n++] = m;
    }
}

/* ---------------------------------------------------------------- linked keys */

/* Set key k (item) of p to x and scale the keys of r so that their sum with
 * it stays what it was. 0, or -1 with msg. */
static int set_linked(ds_params *p, const key_ref *key, double x, const key_ref *r, int n_r,
                      char *msg, size_t n)
{
    const key_def *d = &scn_key_table[key->k];
    double *f = (double *)scn_field(p, d, key->item);
    double rest = 0.0;
    for (int i = 0; i < n_r; i++)
        rest += *(double *)scn_field(p, &scn_key_table[r[i].k], r[i].item);
    double total = *f + rest, left = total - x;
    char s1[40], s2[40];
    if (n_r > 0 && left < -1e-12 * fabs(total)) {
        scn_fmt_num(x, s1, sizeof s1);
        scn_fmt_num(total, s2, sizeof s2);
        snprintf(msg, n, "%s is more than the sum %s it keeps with the rescaled keys", s1, s2);
        return -1;
    }
    if (left < 0) left = 0;
    double scaled[MAX_RESCALE];
    for (int i = 0; i < n_r; i++) {
        double v = *(double *)scn_field(p, &scn_key_table[r[i].k], r[i].item);
        /* in proportion; equal parts when they are all 0 */
        scaled[i] = rest > 0 ? v * (left / rest) : left / n_r;
        if (!scn_in_range(&scn_key_table[r[i].k], scaled[i])) {
            scn_fmt_num(scaled[i], s1, sizeof s1);
            snprintf(msg, n, "rescales %s to %s, outside its range", r[i].path, s1);
            return -1;
        }
    }
    *f = x;
    for (int i = 0; i < n_r; i++)
        *(double *)scn_field(p, &scn_key_table[r[i].k], r[i].item) = scaled[i];
    return 0;
}

int scenario_set_number(ds_params *p, const char *key, double x, char *const *rescale,
                        int n_rescale, char *msg, size_t n)
{
    char errkey[PATH_LEN];
    key_ref kr, rr[MAX_RESCALE];
    if (n_rescale > MAX_RESCALE) {
        snprintf(msg, n, "at most %d keys can be rescaled", MAX_RESCALE);
        return -1;
    }
    int cls = scn_resolve("", key, 1, p, kr.path, &kr.k, &kr.item, errkey, msg, n);
    if (cls != R_LEAF) {
        if (cls != R_NONE) snprintf(msg, n, "not a single key");
        return -1;
    }
    const key_def *d = &scn_key_table[kr.k];
    if (d->type != T_FLOAT && d->type != T_INT && d->type != T_UINT32) {
        snprintf(msg, n, "not a number key");
        return -1;
    }
    double v = d->type == T_FLOAT ? x : floor(x + 0.5); /* integers: the nearest */
    if (!isfinite(v) || !scn_in_range(d, v)) {
        char t[40];
        scn_fmt_num(v, t, sizeof t);
        scn_out_of_range(d, t, msg, n);
        return -1;
    }
    for (int i = 0; i < n_rescale; i++) {
        int c =
            scn_resolve("", rescale[i], 1, p, rr[i].path, &rr[i].k, &rr[i].item, errkey, msg, n);
        if (c != R_LEAF || scn_key_table[rr[i].k].type != T_FLOAT || d->type != T_FLOAT ||
            !strcmp(rr[i].path, kr.path)) {
            snprintf(msg, n, "rescale: %.60s cannot keep a sum with %.60s", rescale[i], key);
            return -1;
        }
    }
    if (d->type == T_FLOAT) return set_linked(p, &kr, v, rr, n_rescale, msg, n);
    value val = {.d = v, .i = (long long)v};
    scn_store_value(p, d, kr.item, &val);
    return 0;
}

int scenario_key_info(const ds_params *p, const char *key, scenario_key *out, char *msg, size_t n)
{
    char full[PATH_LEN], errkey[PATH_LEN];
    int k, item;
    ds_params copy = *p; /* scn_resolve reads list counts through a non-const pointer */
    int cls = scn_resolve("", key, 1, &copy, full, &k, &item, errkey, msg, n);
    if (cls != R_LEAF) {
        if (cls != R_NONE) snprintf(msg, n, "not a single key");
        return -1;
    }
    const key_def *d = &scn_key_table[k];
    if (d->type != T_FLOAT && d->type != T_INT && d->type != T_UINT32) {
        snprintf(msg, n, "not a number key: only numbers can be varied");
        return -1;
    }
    out->lo = d->lo_k ? d->lo : -INFINITY;
    out->hi = d->hi_k ? d->hi : INFINITY;
    out->lo_open = d->lo_k == B_EX;
    out->hi_open = d->hi_k == B_EX;
    out->integer = d->type != T_FLOAT;
    out->unit = d->unit;
    const void *f = scn_field((void *)p, d, item);
    if (d->type == T_FLOAT)
        out->value = *(const double *)f;
    else if (d->type == T_INT)
        out->value = *(const int *)f;
    else
        out->value = *(const uint32_t *)f;
    out->in_range = scn_in_range(d, out->value);
    snprintf(out->path, sizeof out->path, "%s", full);
    return 0;
}

/* ---------------------------------------------------------------- expansion */

/* Every rescaled value of every member feasible for the base (the rescaled
 * keys are not swept themselves, so every point starts from the base's). */
static int check_links(walk *w, const plan *P)
{
    int bad = 0;
    for (int i = 0; i < P->n; i++) {
        const member *m = &P->m[i];
        for (int r = 0; r < m->n_rescale; r++) {
            const member *o = find_key(P, m->rescale[r].path);
            if (o != m) {
                scn_err_at(w, m->at, m->rescale[r].path,
                           "is rescaled and swept: a key can only be one of the two");
                return -1;
            }
        }
        for (int v = 0; m->n_rescale && v < seq_len(m->seq); v++) {
            yaml_node_t *val = seq_item(w, m->seq, v);
            value x;
            char msg[256];
            scn_parse_value(&scn_key_table[m->key.k], (const char *)val->data.scalar.value, &x, msg,
                            sizeof msg);
            ds_params copy = *w->p;
            if (set_linked(&copy, &m->key, x.d, m->rescale, m->n_rescale, msg, sizeof msg) < 0) {
                scn_err_at(w, val, m->key.path, "%s", msg);
                bad = 1;
            }
        }
    }
    return bad ? -1 : 0;
}

/* Point idx's variant: values, linked keys, marks, name, overrides, point. */
static void make_variant(walk *w, const plan *P, long idx)
{
    ds_scenario *sc = w->sc;
    int pick[MAX_AXES];
    long r = idx;
    for (int a = P->n_axes - 1; a >= 0; a--) { /* the last axis varies fastest */
        pick[a] = (int)(r % P->len[a]);
        r /= P->len[a];
    }
    char name[sizeof sc->variants[0].name + 64];
    size_t used = 0;
    name[0] = '\0';
    strbuf ovr = {.errs = w->errs}, point = {.errs = w->errs};
    for (int i = 0; i < P->n; i++) {
        const member *m = &P->m[i];
        yaml_node_t *val = seq_item(w, m->seq, pick[m->axis]);
        const char *t = (const char *)val->data.scalar.value;
        int wr = snprintf(name + used, sizeof name - used, "%s%s=%s", i ? "," : "", m->key.path, t);
        if (wr > 0) used += (size_t)wr;
        if (used >= sizeof name) used = sizeof name - 1;
        scn_sb_printf(&ovr, "%s=%s\n", m->key.path, t);
        scn_sb_printf(&point, "%s=%s\n", m->key.path, t);
    }
    char msg[256];
    if (used >= sizeof sc->variants[0].name - 1) /* too long to name it: its number */
        snprintf(name, sizeof name, "sweep-%ld", idx);
    int ok = scn_valid_variant_name(name, msg, sizeof msg, sizeof sc->variants[0].name);
    if (ok && scn_variant_named(sc, name)) {
        snprintf(msg, sizeof msg, "variant name '%.200s' is already used", name);
        ok = 0;
    }
    ds_variant *v = ok ? scn_new_variant(sc, name, w->errs) : NULL;
    if (!v) {
        if (!ok) { /* at the last key's value of this point, named "sweep" */
            const char *shown = w->shown;
            w->shown = "";
            scn_err_at(w, seq_item(w, P->m[P->n - 1].seq, pick[P->m[P->n - 1].axis]), "sweep", "%s",
                       msg);
            w->shown = shown;
        }
        free(ovr.s);
        free(point.s);
        return;
    }
    for (int i = 0; i < P->n; i++) {
        const member *m = &P->m[i];
        yaml_node_t *val = seq_item(w, m->seq, pick[m->axis]);
        const key_def *d = &scn_key_table[m->key.k];
        value x;
        scn_parse_value(d, (const char *)val->data.scalar.value, &x, msg, sizeof msg);
        if (m->n_rescale)
            set_linked(&v->params, &m->key, x.d, m->rescale, m->n_rescale, msg, sizeof msg);
        else
            scn_store_value(&v->params, d, m->key.item, &x);
        mark at = scn_node_mark(val);
        scn_vmark_set(&sc->priv->var[sc->n_variants - 1], scn_slot_of(m->key.k, m->key.item), at, 0,
                      w->errs);
        for (int k = 0; k < m->n_rescale; k++) {
            const key_ref *rr = &m->rescale[k];
            char num[40];
            scn_fmt_num(*(double *)scn_field(&v->params, &scn_key_table[rr->k], rr->item), num,
                        sizeof num);
            scn_sb_printf(&ovr, "%s=%s\n", rr->path, num);
            scn_vmark_set(&sc->priv->var[sc->n_variants - 1], scn_slot_of(rr->k, rr->item), at, 0,
                          w->errs);
        }
    }
    v->overrides = scn_sb_take(&ovr);
    v->swept = scn_sb_take(&point);
}

void scn_load_sweep(walk *base, yaml_node_t *sn)
{
    ds_scenario *sc = base->sc;
    if (scn_is_null(sn)) return;
    walk w = {.doc = base->doc,
              .sc = sc,
              .p = &sc->base,
              .errs = base->errs,
              .file = base->file,
              .variant = 0,
              .allow_index = 1,
              .shown = "sweep."};
    if (sn->type != YAML_MAPPING_NODE) {
        scn_err_at(base, sn, "sweep", "expected a mapping of key → list of values, got %s",
                   scn_node_kind(sn));
        return;
    }
    plan *P = calloc(1, sizeof *P);
    if (!P) {
        errors_add(base->errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return;
    }
    int nerr = errors_count(base->errs);
    collect(&w, sn, "", P, -1);
    for (int i = 0; i < P->n; i++) { /* zipped keys step together: one length per axis */
        const member *m = &P->m[i];
        int len = seq_len(m->seq), a = m->axis;
        if (!P->len[a]) {
            P->len[a] = len;
        } else if (P->len[a] != len) {
            scn_err_at(&w, m->seq, m->key.path,
                       "zipped keys step together: %d values here, %d in the first key of its zip",
                       len, P->len[a]);
        }
    }
    if (errors_count(base->errs) == nerr && P->n > 0) check_links(&w, P);
    if (errors_count(base->errs) != nerr || P->n == 0) {
        free(P);
        return;
    }
    long total = 1;
    for (int a = 0; a < P->n_axes && total <= DS_MAX_VARIANTS; a++) total *= P->len[a];
    if (total + sc->n_variants > DS_MAX_VARIANTS) {
        char t[32];
        if (total > DS_MAX_VARIANTS)
            snprintf(t, sizeof t, "more than %d", DS_MAX_VARIANTS);
        else
            snprintf(t, sizeof t, "%ld", total);
        scn_err_at(base, sn, "sweep",
                   "expands to %s variants; with the %d before it that is more than %d", t,
                   sc->n_variants, DS_MAX_VARIANTS);
        free(P);
        return;
    }
    /* the axes as the results keep them: a line per axis, its keys */
    strbuf axes = {.errs = base->errs};
    for (int a = 0; a < P->n_axes; a++) {
        int first = 1;
        for (int i = 0; i < P->n; i++)
            if (P->m[i].axis == a) {
                scn_sb_printf(&axes, "%s%s", first ? "" : " ", P->m[i].key.path);
                first = 0;
            }
        scn_sb_printf(&axes, "\n");
    }
    free(sc->sweep_axes);
    sc->sweep_axes = scn_sb_take(&axes);
    for (long idx = 0; idx < total && !scn_errors_full(base->errs); idx++) make_variant(&w, P, idx);
    free(P);
}
