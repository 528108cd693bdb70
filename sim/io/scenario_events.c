/* scenario_events.c — a governance event's `set:` mapping (events.N.set), walked as
 * part of the scenario loader (scenario.c): emission.* and fees.* keys parsed and checked
 * as if they stood in the file, kept for scenario_check.c to apply per variant. */
#include "scenario_int.h"

#include <stdio.h>
#include <string.h>

/* A governance event's `set` mapping (events.N.set): emission.* and fees.* keys, dotted
 * or nested, each parsed and range-checked as if it stood in the file, and kept for
 * scenario_check, which applies them to each variant's own emission and fees once every
 * override is in. Only the base file gives it; a list key cannot be set. */
static void events_set_map(walk *w, yaml_node_t *map, int item, const char *shown, const char *in)
{
    evset *es = &w->sc->priv->sets[item];
    int np = (int)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    for (int i = 0; i < np && !scn_errors_full(w->errs); i++) {
        yaml_node_t *kn, *vn;
        if (!scn_pair(w, map, i, shown, NULL, &kn, &vn)) continue;
        char key[PATH_LEN], full[PATH_LEN], errkey[PATH_LEN], msg[DS_MSG_LEN], at[PATH_LEN * 2];
        snprintf(key, sizeof key, "%s%s%.100s", in, *in ? "." : "",
                 (const char *)kn->data.scalar.value);
        snprintf(at, sizeof at, "%s.%s", shown, key);
        int k, it, cls = scn_resolve("", key, 0, w->p, full, &k, &it, errkey, msg, sizeof msg);
        if (cls == R_NONE) {
            scn_err_at(w, kn, at, "%s", msg);
            continue;
        }
        if (strncmp(full, "emission", 8) && strncmp(full, "fees", 4)) {
            scn_err_at(w, kn, at, "a governance event changes emission.* and fees.* keys only");
            continue;
        }
        if (cls == R_INNER && vn->type == YAML_MAPPING_NODE) {
            events_set_map(w, vn, item, shown, full);
            continue;
        }
        if (cls != R_LEAF || scn_list_of(k) >= 0) {
            scn_err_at(w, kn, at, "a governance event cannot change a list or a section whole");
            continue;
        }
        if (vn->type != YAML_SCALAR_NODE) {
            scn_err_at(w, vn, at, "expected a single value, got %s", scn_node_kind(vn));
            continue;
        }
        int dup = 0;
        for (int j = 0; j < es->n; j++) dup |= es->k[j] == k;
        value v;
        if (dup) {
            scn_err_at(w, kn, at, "key given twice in this set");
        } else if (scn_parse_value(&scn_key_table[k], (const char *)vn->data.scalar.value, &v, msg,
                                   sizeof msg)) {
            scn_err_at(w, vn, at, "%s", msg);
        } else if (es->n == EVSET_MAX) {
            scn_err_at(w, kn, at, "more than %d keys in one set", EVSET_MAX);
        } else {
            es->k[es->n] = k, es->d[es->n] = v.d, es->i[es->n] = v.i;
            es->n++;
        }
    }
}

void scn_events_set_walk(walk *w, yaml_node_t *kn, yaml_node_t *vn, int item, const char *full)
{
    if (w->variant >= 0) {
        scn_err_at(w, kn, full, "a governance event's set is given in the base file only");
        return;
    }
    if (vn->type != YAML_MAPPING_NODE) {
        scn_err_at(w, vn, full, "expected a mapping of emission.* and fees.* keys, got %s",
                   scn_node_kind(vn));
        return;
    }
    if (scn_seen_find(&w->seen, full)) return; /* a duplicate mapping key: reported by the walk */
    scn_seen_add(&w->seen, full, (int)kn->start_mark.line + 1, (int)kn->start_mark.column + 1,
                 w->errs);
    w->sc->priv->sets[item].n = 0;
    int nerr = errors_count(w->errs);
    events_set_map(w, vn, item, full, "");
    /* a set with an error is bad: checks that read it are skipped */
    scn_set_mark(w, scn_slot_of(scn_key_index("events.N.set"), item), scn_node_mark(kn),
                 errors_count(w->errs) != nerr);
}
