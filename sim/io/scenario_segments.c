/* scenario_segments.c — who buys and who sells, as the loader completes and
 * checks them after all overrides: the keys a demand segment or a provider
 * type leaves out take the demand.* or providers.* value (the key table's
 * `inherit`), names in requirement lists (regions, types, classes) become
 * bit masks, a segment with any requirement is marked restricted; then the
 * cross-checks: names, shares, ranges, a requirement some provider can meet,
 * restricted segments not under the auction. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scenario_int.h"

/* Was key k of item i set for variant v (−1: the base)? A variant that gives
 * the whole list itself (demand.segments: [...]) owns its items' keys. */
static int item_set(const ds_scenario *sc, int v, int k, int i)
{
    const struct ds_scenario_priv *pv = sc->priv;
    if (!pv) return 1; /* no marks: take what is there */
    int slot = scn_slot_of(k, i), list = scn_slot_of(scn_list_of(k), -1);
    if (v > 0) {
        const vmarks *vm = &pv->var[v];
        if (scn_vmark_get(vm, slot)) return 1;
        if (scn_vmark_get(vm, list)) return 0;
    }
    return pv->marks[slot].src != SRC_NONE;
}

/* Copy the parent key's value into item i of key k. */
static void inherit(ds_params *p, int k, int i)
{
    const key_def *d = &scn_key_table[k], *from = &scn_key_table[scn_key_index(d->inherit)];
    size_t n = d->type == T_FLOAT ? sizeof(double) : sizeof(int);
    memcpy(scn_field(p, d, i), scn_field(p, from, -1), n);
}

/* Bit k for each comma-separated name among names[k·stride] (n of them); -1
 * with *bad the first unknown name. "" is 0 (any). */
static int name_mask(const char *list, const char *names, size_t stride, int n, uint32_t *mask,
                     char *bad, size_t bn)
{
    *mask = 0;
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        size_t l = (size_t)(e - p);
        while (l > 0 && p[l - 1] == ' ') l--;
        if (l > 0) {
            int found = -1;
            for (int k = 0; k < n && found < 0; k++) {
                const char *nm = names + (size_t)k * stride;
                if (strlen(nm) == l && !strncmp(nm, p, l)) found = k;
            }
            if (found < 0) {
                snprintf(bad, bn, "%.*s", (int)l, p);
                return -1;
            }
            *mask |= 1u << found;
        }
        p = e;
    }
    return 0;
}

/* Inherited keys and masks of one ds_params (variant v, −1 the base). */
static void resolve(ds_scenario *sc, int v, ds_params *p)
{
    for (int k = 0; k < N_KEYS; k++) {
        const key_def *d = &scn_key_table[k];
        if (!d->inherit) continue;
        int lk = scn_list_of(k), n = *scn_list_count(p, lk);
        for (int i = 0; i < n; i++)
            if (!item_set(sc, v, k, i)) inherit(p, k, i);
    }
    char bad[64];
    for (int t = 0; t < p->prov.n_types; t++) {
        ds_provider_type *ty = &p->prov.type[t];
        if (name_mask(ty->classes, p->hw[0].name, sizeof p->hw[0], p->n_classes, &ty->class_mask,
                      bad, sizeof bad))
            ty->class_mask = 0;
        if (name_mask(ty->regions, p->region[0].name, sizeof p->region[0], p->n_regions,
                      &ty->region_mask, bad, sizeof bad))
            ty->region_mask = 0;
    }
    for (int s = 0; s < p->demand.n_segments; s++) {
        ds_segment *g = &p->demand.seg[s];
        if (name_mask(g->regions, p->region[0].name, sizeof p->region[0], p->n_regions,
                      &g->region_mask, bad, sizeof bad))
            g->region_mask = 0;
        if (name_mask(g->types, p->prov.type[0].name, sizeof p->prov.type[0], p->prov.n_types,
                      &g->type_mask, bad, sizeof bad))
            g->type_mask = 0;
        g->restricted =
            g->min_heq_per_device > 0 || g->min_availability > 0 || g->regions[0] || g->types[0];
    }
}

void scn_structure_resolve(ds_scenario *sc)
{
    resolve(sc, -1, &sc->base);
    for (int v = 0; v < sc->n_variants; v++) resolve(sc, v, &sc->variants[v].params);
}

/* ---------------------------------------------------------------- checks */

static finding *at_item(finding *f, int *nf, const char *key, int item, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A finding at key (a table path with N) of item, located where it was set. */
static finding *at_item(finding *f, int *nf, const char *key, int item, const char *fmt, ...)
{
    char shown[PATH_LEN];
    const char *n = strstr(key, ".N.");
    if (n)
        snprintf(shown, sizeof shown, "%.*s.%d.%s", (int)(n - key), key, item, n + 3);
    else
        snprintf(shown, sizeof shown, "%s", key);
    finding *x = scn_add_finding(f, nf, shown);
    if (!x) return NULL;
    x->slots[x->ns++] = scn_slot_of(scn_key_index(key), item);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
    return x;
}

static int word_ok(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-') return 0;
    return 1;
}

static void type_problems(const ds_params *p, finding *f, int *nf)
{
    const ds_provider_params *pp = &p->prov;
    double shares = 0;
    char bad[64];
    uint32_t m;
    for (int t = 0; t < pp->n_types; t++) {
        const ds_provider_type *ty = &pp->type[t];
        shares += ty->share;
        for (int u = 0; u < t; u++)
            if (!strcmp(pp->type[u].name, ty->name))
                at_item(f, nf, "providers.types.N.name", t, "type name '%s' is used twice",
                        ty->name);
        if (ty->devices_min > ty->devices_max)
            at_item(f, nf, "providers.types.N.devices_min", t,
                    "devices_min %d is greater than devices_max %d", ty->devices_min,
                    ty->devices_max);
        if (ty->sell_frac_min > ty->sell_frac_max)
            at_item(f, nf, "providers.types.N.sell_frac_min", t,
                    "sell_frac_min %g is greater than sell_frac_max %g", ty->sell_frac_min,
                    ty->sell_frac_max);
        if (ty->patience_days_min > ty->patience_days_max)
            at_item(f, nf, "providers.types.N.patience_days_min", t,
                    "patience_days_min %g is greater than patience_days_max %g",
                    ty->patience_days_min, ty->patience_days_max);
        if (name_mask(ty->classes, p->hw[0].name, sizeof p->hw[0], p->n_classes, &m, bad,
                      sizeof bad))
            at_item(f, nf, "providers.types.N.classes", t, "no hardware class named '%s'", bad);
        else {
            double cs = 0;
            for (int c = 0; c < p->n_classes; c++)
                if (!m || (m >> c & 1u)) cs += p->hw[c].share;
            if (!(cs > 0))
                at_item(f, nf, "providers.types.N.classes", t,
                        "its classes all have share 0: nothing to draw a class from");
        }
        if (name_mask(ty->regions, p->region[0].name, sizeof p->region[0], p->n_regions, &m, bad,
                      sizeof bad))
            at_item(f, nf, "providers.types.N.regions", t, "no region named '%s'", bad);
        else {
            double rs = 0;
            for (int r = 0; r < p->n_regions; r++)
                if (!m || (m >> r & 1u)) rs += p->region[r].share;
            if (!(rs > 0))
                at_item(f, nf, "providers.types.N.regions", t,
                        "its regions all have share 0: nothing to draw a region from");
        }
    }
    if (pp->n_types > 0 && fabs(shares - 1) > 1e-9) {
        finding *x = scn_add_finding(f, nf, "providers.types");
        if (x) {
            snprintf(x->msg, sizeof x->msg, "providers.types shares sum to %.9g, must be 1",
                     shares);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("providers.types"), -1);
        }
    }
    if (pp->prospects_unbounded && !(pp->prospects > 0)) {
        finding *x = scn_add_finding(f, nf, "providers.prospects_unbounded");
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "an unbounded pool keeps the size providers.prospects gives: set it");
            x->slots[x->ns++] = scn_slot_of(scn_key_index("providers.prospects_unbounded"), -1);
            x->slots[x->ns++] = scn_slot_of(scn_key_index("providers.prospects"), -1);
        }
    }
}

/* Can any provider meet segment s's requirement: a class large enough, an
 * availability high enough, of an allowed type, in an allowed region? */
static int servable(const ds_params *p, const ds_segment *g)
{
    int types = p->prov.n_types > 0 ? p->prov.n_types : 1;
    for (int t = 0; t < types; t++) {
        const ds_provider_type *ty = p->prov.n_types > 0 ? &p->prov.type[t] : NULL;
        if (g->type_mask && !(g->type_mask >> t & 1u)) continue;
        for (int c = 0; c < p->n_classes; c++) {
            if (ty && ty->class_mask && !(ty->class_mask >> c & 1u)) continue;
            double avail = ty && ty->availability > 0 ? ty->availability : p->hw[c].availability;
            if (p->hw[c].share > 0 && p->hw[c].heq_per_device >= g->min_heq_per_device &&
                avail >= g->min_availability)
                for (int r = 0; r < p->n_regions; r++)
                    if ((!g->region_mask || (g->region_mask >> r & 1u)) &&
                        (!ty || !ty->region_mask || (ty->region_mask >> r & 1u)))
                        return 1;
        }
    }
    return 0;
}

static void segment_problems(const ds_params *p, finding *f, int *nf)
{
    const ds_demand_params *d = &p->demand;
    char bad[64];
    uint32_t m;
    for (int s = 0; s < d->n_segments; s++) {
        const ds_segment *g = &d->seg[s];
        if (!word_ok(g->name))
            at_item(f, nf, "demand.segments.N.name", s,
                    "segment name '%s' must be letters, digits, '_' and '-'", g->name);
        for (int u = 0; u < s; u++)
            if (!strcmp(d->seg[u].name, g->name))
                at_item(f, nf, "demand.segments.N.name", s, "segment name '%s' is used twice",
                        g->name);
        if (name_mask(g->regions, p->region[0].name, sizeof p->region[0], p->n_regions, &m, bad,
                      sizeof bad))
            at_item(f, nf, "demand.segments.N.regions", s, "no region named '%s'", bad);
        else if (name_mask(g->types, p->prov.type[0].name, sizeof p->prov.type[0], p->prov.n_types,
                           &m, bad, sizeof bad))
            at_item(f, nf, "demand.segments.N.types", s, "no provider type named '%s'%s", bad,
                    p->prov.n_types ? "" : " (providers.types is empty)");
        else if (!servable(p, g))
            at_item(f, nf, "demand.segments.N.min_heq_per_device", s,
                    "no provider can serve segment '%s': no class, type and region meet its "
                    "requirement",
                    g->name);
        if (g->restricted && p->pricing.model == DS_PRICING_AUCTION) {
            finding *x = at_item(f, nf, "demand.segments.N.min_availability", s,
                                 "segment '%s' restricts its providers, which the auction does "
                                 "not model (one clearing price over all asks): use a posted "
                                 "price, or drop the requirement",
                                 g->name);
            if (x) x->slots[x->ns++] = scn_slot_of(scn_key_index("pricing.model"), -1);
        }
    }
    if (d->n_segments > 0 && d->series_name[0]) {
        finding *x = scn_add_finding(f, nf, "demand.series");
        if (x) {
            snprintf(x->msg, sizeof x->msg,
                     "with demand.segments each segment has its own series "
                     "(demand.segments.N.series); demand.series would be ignored");
            x->slots[x->ns++] = scn_slot_of(scn_key_index("demand.series"), -1);
        }
    }
}

void scn_structure_problems(const ds_params *p, finding *f, int *nf)
{
    type_problems(p, f, nf);
    segment_problems(p, f, nf);
}
