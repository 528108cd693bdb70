/* scenario_variants.c — variants (named override sets, each walked like the
 * base file with list indexes allowed), each a copy of the base to start
 * with, and the selection of variants to run (run --variants). Sweeps, which
 * expand to variants, are scenario_sweep.c. */
#include "scenario_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int scn_valid_variant_name(const char *name, char *msg, size_t n, size_t max)
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

int scn_variant_named(const ds_scenario *sc, const char *name)
{
    for (int i = 0; i < sc->n_variants; i++)
        if (!strcmp(sc->variants[i].name, name)) return 1;
    return 0;
}

ds_variant *scn_new_variant(ds_scenario *sc, const char *name, ds_errors *errs)
{
    int *cap = &sc->priv->variants_cap;
    if (sc->n_variants == *cap) { /* the array grows as variants come: 4096 would be 15 MB */
        int more = *cap ? 2 * *cap : 8;
        ds_variant *grown = scn_alloc(sc->variants, (size_t)more * sizeof *grown, "variants", errs);
        if (!grown) return NULL;
        sc->variants = grown;
        *cap = more;
    }
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
        if (!scn_valid_variant_name(name, msg, sizeof msg, sizeof sc->variants[0].name)) {
            scn_err_at(base, kn, key, "%s", msg);
            continue;
        }
        if (scn_variant_named(sc, name)) {
            scn_err_at(base, kn, key, "variant name '%s' is already used", name);
            continue;
        }
        if (sc->n_variants == DS_MAX_VARIANTS) {
            scn_err_at(base, kn, key, "more than %d variants", DS_MAX_VARIANTS);
            return;
        }
        ds_variant *v = scn_new_variant(sc, name, base->errs);
        if (!v) return;
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

/* ---------------------------------------------------------------- selection */

int scenario_select(ds_scenario *sc, const char *list, ds_errors *errs)
{
    char *copy = strdup(list), *save = NULL;
    unsigned char *keep = calloc((size_t)sc->n_variants + 1, 1);
    int rc = DS_OK, n_keep = 0;
    if (!copy || !keep) {
        free(copy);
        free(keep);
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len > 0 && tok[len - 1] == ' ') tok[--len] = '\0';
        if (!len) continue;
        int found = -1, best = -1, bestd = 4;
        for (int i = 0; i < sc->n_variants && found < 0; i++) {
            if (!strcmp(sc->variants[i].name, tok)) found = i;
            int d = scn_edit_distance(tok, sc->variants[i].name);
            if (d < bestd) bestd = d, best = i;
        }
        if (found >= 0) {
            n_keep += !keep[found];
            keep[found] = 1;
        } else if (best >= 0) {
            errors_add(errs, DS_EINPUT, "--variants", 0, 0, NULL,
                       "no variant '%.100s' in %s; did you mean '%.100s'?", tok, sc->path,
                       sc->variants[best].name);
            rc = DS_EINPUT;
        } else {
            errors_add(errs, DS_EINPUT, "--variants", 0, 0, NULL,
                       "no variant '%.100s' in %s (it has %d)", tok, sc->path, sc->n_variants);
            rc = DS_EINPUT;
        }
    }
    if (rc == DS_OK && n_keep == 0) {
        errors_add(errs, DS_EINPUT, "--variants", 0, 0, NULL, "selects no variant");
        rc = DS_EINPUT;
    }
    if (rc == DS_OK) {
        /* the variants kept, and the loader's marks of each, moved down in order */
        sc->variants_in_scenario = sc->n_variants;
        int j = 0;
        for (int i = 0; i < sc->n_variants; i++) {
            if (!keep[i]) {
                free(sc->variants[i].overrides);
                free(sc->variants[i].swept);
                if (sc->priv) free(sc->priv->var[i].items);
                continue;
            }
            if (j != i) {
                sc->variants[j] = sc->variants[i];
                if (sc->priv) sc->priv->var[j] = sc->priv->var[i];
            }
            j++;
        }
        for (int i = j; sc->priv && i < sc->n_variants; i++) sc->priv->var[i] = (vmarks){0};
        sc->n_variants = j;
        free(sc->variants_selected);
        sc->variants_selected = NULL;
        /* the selection as run, in the scenario's order */
        strbuf names = {.errs = errs};
        for (int i = 0; i < sc->n_variants; i++)
            scn_sb_printf(&names, "%s%s", i ? "," : "", sc->variants[i].name);
        sc->variants_selected = scn_sb_take(&names);
        if (!sc->variants_selected) rc = DS_EFAIL;
    }
    free(copy);
    free(keep);
    return rc;
}
