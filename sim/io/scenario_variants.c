/* scenario_variants.c — variants (named override sets, each walked like the
 * base file with list indexes allowed) and sweeps (a grid of values per key,
 * expanded to one variant per point, the last key varying fastest). Every
 * variant starts as a copy of the base. */
#include "scenario_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_variant_name(const char *name, char *msg, size_t n, size_t max)
{
    if (!*name) {
        snprintf(msg, n, "a variant name cannot be empty");
        return 0;
    }
    if (strlen(name) >= max) {
        snprintf(msg, n, "variant name is longer than %zu characters", max - 1);
        return 0;
    }
    for (const char *c = name; *c; c++) {
        if (!isalnum((unsigned char)*c) && !strchr("_.=,+-", *c)) {
            snprintf(msg, n,
                     "variant name '%.60s' may hold only letters, digits and _.=,+- "
                     "(it becomes an HDF5 group name)",
                     name);
            return 0;
        }
    }
    return 1;
}

static int variant_named(const ds_scenario *sc, const char *name)
{
    for (int i = 0; i < sc->n_variants; i++)
        if (!strcmp(sc->variants[i].name, name)) return 1;
    return 0;
}

ds_variant *scn_new_variant(ds_scenario *sc, const char *name)
{
    ds_variant *v = &sc->variants[sc->n_variants++];
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
    memcpy(&v->params, &sc->base, sizeof v->params); /* memcpy: padding too, for memcmp */
    return v;
}

void scn_load_variants(walk *base, yaml_node_t *vn)
{
    ds_scenario *sc = base->sc;
    if (scn_is_null(vn)) return;
    if (vn->type != YAML_MAPPING_NODE) {
        scn_err_at(base, vn, "variants", "expected a mapping of variant name → overrides, got %s",
                   scn_node_kind(vn));
        return;
    }
    yaml_node_pair_t *pairs = vn->data.mapping.pairs.start;
    int np = (int)(vn->data.mapping.pairs.top - pairs);
    for (int i = 0; i < np && !scn_errors_full(base->errs); i++) {
        yaml_node_t *kn, *ov;
        if (!scn_pair(base, vn, i, "variants", "a variant name must be a plain word", &kn, &ov))
            continue;
        const char *name = (const char *)kn->data.scalar.value;
        char key[PATH_LEN + 16], msg[256];
        snprintf(key, sizeof key, "variants.%.140s", name);
        if (!valid_variant_name(name, msg, sizeof msg, sizeof sc->variants[0].name)) {
            scn_err_at(base, kn, key, "%s", msg);
            continue;
        }
        if (variant_named(sc, name)) {
            scn_err_at(base, kn, key, "variant name '%s' is already used", name);
            continue;
        }
        if (sc->n_variants == DS_MAX_VARIANTS) {
            scn_err_at(base, kn, key, "more than %d variants", DS_MAX_VARIANTS);
            return;
        }
        ds_variant *v = scn_new_variant(sc, name);
        char shown[PATH_LEN + 32];
        snprintf(shown, sizeof shown, "%s.", key);
        strbuf ovr = {.errs = base->errs};
        walk w = {.doc = base->doc,
                  .sc = sc,
                  .p = &v->params,
                  .errs = base->errs,
                  .file = base->file,
                  .variant = sc->n_variants - 1,
                  .allow_index = 1,
                  .shown = shown,
                  .ovr = &ovr};
        if (ov->type == YAML_MAPPING_NODE)
            scn_walk_map(&w, ov, "");
        else if (!scn_is_null(ov))
            scn_err_at(base, ov, key, "expected a mapping of overrides, got %s", scn_node_kind(ov));
        v->overrides = scn_sb_take(&ovr);
        scn_walk_free(&w);
    }
}

#define MAX_AXES 16

typedef struct {
    char path[PATH_LEN];
    int k, item;
    yaml_node_t *seq;
} sweep_axis;

typedef struct {
    sweep_axis ax[MAX_AXES];
    int n;
} sweep_axes;

static void collect_axes(walk *w, yaml_node_t *map, const char *prefix, sweep_axes *A)
{
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    int np = (int)(map->data.mapping.pairs.top - pairs);
    for (int i = 0; i < np && !scn_errors_full(w->errs); i++) {
        yaml_node_t *kn, *vn;
        if (!scn_pair(w, map, i, prefix, NULL, &kn, &vn)) continue;
        char full[PATH_LEN], errkey[PATH_LEN], msg[DS_MSG_LEN];
        int k, item;
        int cls = scn_resolve(prefix, (const char *)kn->data.scalar.value, 1, w->p, full, &k, &item,
                              errkey, msg, sizeof msg);
        if (cls == R_NONE) {
            scn_err_at(w, kn, errkey, "%s", msg);
            continue;
        }
        int dup = 0;
        for (int a = 0; a < A->n; a++) {
            if (!strcmp(A->ax[a].path, full)) {
                scn_err_at(w, kn, full, "key given twice (first at line %d)",
                           (int)A->ax[a].seq->start_mark.line + 1);
                dup = 1;
            }
        }
        if (dup) continue;
        if (cls == R_INNER && vn->type == YAML_MAPPING_NODE) {
            collect_axes(w, vn, full, A);
            continue;
        }
        if (cls != R_LEAF || scn_key_table[k].scen || scn_key_table[k].base_only ||
            scn_key_table[k].type == T_MAP) {
            scn_err_at(w, kn, full, "cannot be swept: sweep single keys such as token.impact");
            continue;
        }
        if (vn->type != YAML_SEQUENCE_NODE ||
            vn->data.sequence.items.top == vn->data.sequence.items.start) {
            scn_err_at(w, vn, full, "expected a non-empty list of values, e.g. [0.5, 1.0]");
            continue;
        }
        if (A->n == MAX_AXES) {
            scn_err_at(w, kn, full, "more than %d swept keys", MAX_AXES);
            continue;
        }
        int bad = 0;
        for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top;
             it++) {
            yaml_node_t *val = yaml_document_get_node(w->doc, *it);
            value v;
            if (!val || val->type != YAML_SCALAR_NODE) {
                scn_err_at(w, val ? val : vn, full, "expected a single value, got %s",
                           val ? scn_node_kind(val) : "nothing");
                bad = 1;
            } else if (scn_parse_value(&scn_key_table[k], (const char *)val->data.scalar.value, &v,
                                       msg, sizeof msg)) {
                scn_err_at(w, val, full, "%s", msg);
                bad = 1;
            }
        }
        if (bad) continue;
        sweep_axis *ax = &A->ax[A->n++];
        snprintf(ax->path, sizeof ax->path, "%s", full);
        ax->k = k;
        ax->item = item;
        ax->seq = vn;
    }
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
    sweep_axes A = {.n = 0};
    int nerr = errors_count(base->errs);
    collect_axes(&w, sn, "", &A);
    if (errors_count(base->errs) != nerr || A.n == 0) return;
    long total = 1;
    int len[MAX_AXES];
    for (int a = 0; a < A.n; a++) {
        len[a] =
            (int)(A.ax[a].seq->data.sequence.items.top - A.ax[a].seq->data.sequence.items.start);
        total *= len[a];
        if (total > DS_MAX_VARIANTS) break;
    }
    if (total + sc->n_variants > DS_MAX_VARIANTS) {
        char t[32];
        if (total > DS_MAX_VARIANTS)
            snprintf(t, sizeof t, "more than %d", DS_MAX_VARIANTS);
        else
            snprintf(t, sizeof t, "%ld", total);
        scn_err_at(base, sn, "sweep",
                   "expands to %s variants; with the %d before it that is more than %d", t,
                   sc->n_variants, DS_MAX_VARIANTS);
        return;
    }
    for (long idx = 0; idx < total; idx++) {
        int pick[MAX_AXES];
        long r = idx;
        for (int a = A.n - 1; a >= 0; a--) { /* the last key varies fastest */
            pick[a] = (int)(r % len[a]);
            r /= len[a];
        }
        char name[sizeof sc->variants[0].name + 64];
        strbuf ovr = {.errs = base->errs};
        size_t used = 0;
        name[0] = 0;
        yaml_node_t *vals[MAX_AXES];
        for (int a = 0; a < A.n; a++) {
            vals[a] =
                yaml_document_get_node(base->doc, A.ax[a].seq->data.sequence.items.start[pick[a]]);
            const char *t = (const char *)vals[a]->data.scalar.value;
            int wr =
                snprintf(name + used, sizeof name - used, "%s%s=%s", a ? "," : "", A.ax[a].path, t);
            if (wr > 0) used += (size_t)wr;
            if (used >= sizeof name) used = sizeof name - 1;
            scn_sb_printf(&ovr, "%s=%s\n", A.ax[a].path, t);
        }
        char msg[DS_MSG_LEN];
        int ok = valid_variant_name(name, msg, sizeof msg, sizeof sc->variants[0].name);
        if (ok && variant_named(sc, name)) {
            snprintf(msg, sizeof msg, "variant name '%.200s' is already used", name);
            ok = 0;
        }
        if (!ok) {
            scn_err_at(base, vals[A.n - 1], "sweep", "%s", msg);
            free(ovr.s);
            continue;
        }
        ds_variant *v = scn_new_variant(sc, name);
        for (int a = 0; a < A.n; a++) {
            value val;
            const key_def *d = &scn_key_table[A.ax[a].k];
            scn_parse_value(d, (const char *)vals[a]->data.scalar.value, &val, msg, sizeof msg);
            scn_store_value(&v->params, d, A.ax[a].item, &val);
            scn_vmark_set(&sc->priv->var[sc->n_variants - 1], scn_slot_of(A.ax[a].k, A.ax[a].item),
                          scn_node_mark(vals[a]), 0, base->errs);
        }
        v->overrides = scn_sb_take(&ovr);
    }
}
