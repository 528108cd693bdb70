/* scenario_inputs.c — the scenario's input series (`inputs:`): each entry's
 * CSV file read (series_csv.c), its rows made knots of the model's pool
 * (day 0 at the entry's `start`, values × scale) in the base and every
 * variant, the uses (demand.series, cloud.*_series, token.price_series) bound
 * to their inputs by name, and the checks of what the model needs of each use:
 * its unit, days that cover the run, positive prices, a bootstrap's spacing.
 * The files are read once per set of entries; a --set that changes an entry
 * reads them again. */
#include "scenario_inputs.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "series_csv.h"

/* Where the base set key `path` (item `item`), as errors_add wants it. */
static void error_at_key(ds_scenario *sc, ds_errors *errs, const char *path, int item,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void error_at_key(ds_scenario *sc, ds_errors *errs, const char *path, int item,
                         const char *fmt, ...)
{
    char msg[320], key[PATH_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mark m = {0, 0, 0};
    if (sc->priv) m = sc->priv->marks[scn_slot_of(scn_key_index(path), item)];
    /* "inputs.N.file" → "inputs.2.file" */
    const char *n = strstr(path, ".N.");
    if (n)
        snprintf(key, sizeof key, "%.*s.%d.%s", (int)(n - path), path, item, n + 3);
    else
        snprintf(key, sizeof key, "%s", path);
    errors_add(errs, DS_EINPUT, m.src == SRC_SET ? "--set" : sc->path, m.line, m.col, key, "%s",
               msg);
}

/* The file as opened: the scenario's folder joined to the entry's path (an
 * absolute path stays as it is). */
static void resolve_path(const char *scenario, const char *file, char *out, size_t n)
{
    const char *slash = strrchr(scenario, '/');
    if (file[0] == '/' || !slash)
        snprintf(out, n, "%s", file);
    else
        snprintf(out, n, "%.*s/%s", (int)(slash - scenario), scenario, file);
}

static int name_ok(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-') return 0;
    return 1;
}

/* The day of the file that is day 0 of the run: `start` as a date (a dated
 * file) or a day number, or the first row's. 0, or -1 (said at the key). */
static int start_day(ds_scenario *sc, ds_errors *errs, int i, const csv_series *cs, double *day)
{
    const char *st = sc->base.inputs[i].start;
    if (!st[0]) {
        *day = cs->day[0];
        return 0;
    }
    char *end;
    if (cs->dated ? csv_parse_date(st, day) != 0 : (*day = strtod(st, &end), *end || end == st)) {
        error_at_key(sc, errs, "inputs.N.start", i, "'%s' is not a %s, as the file's rows are", st,
                     cs->dated ? "date (YYYY-MM-DD)" : "day number");
        return -1;
    }
    return 0;
}

/* Entry i's file into the pool: knots from its rows. DS_OK, or the status
 * with the faults said. */
static int load_one(ds_scenario *sc, ds_errors *errs, int i, ds_series_pool *pool,
                    ds_series *series, ds_input_file *file)
{
    const ds_input *in = &sc->base.inputs[i];
    for (int j = 0; j < i; j++)
        if (!strcmp(sc->base.inputs[j].name, in->name)) {
            error_at_key(sc, errs, "inputs.N.name", i, "input name '%s' is used twice", in->name);
            return DS_EINPUT;
        }
    if (!name_ok(in->name)) {
        error_at_key(sc, errs, "inputs.N.name", i,
                     "input name '%s' must be letters, digits, '_' and '-' (it names an HDF5 "
                     "group)",
                     in->name);
        return DS_EINPUT;
    }
    memset(file, 0, sizeof *file);
    resolve_path(sc->path, in->file, file->path, sizeof file->path);
    csv_series cs;
    int rc = csv_series_read(file->path, in->column, &cs, errs);
    if (rc != DS_OK) {
        csv_series_free(&cs);
        return rc;
    }
    if (cs.unit[0] && in->unit[0] && strcmp(cs.unit, in->unit)) {
        error_at_key(sc, errs, "inputs.N.unit", i,
                     "'%s', but the file's header says '%s' (line %d): give one unit", in->unit,
                     cs.unit, cs.time_col_line);
        rc = DS_EINPUT;
    }
    snprintf(file->unit, sizeof file->unit, "%s", cs.unit[0] ? cs.unit : in->unit);
    snprintf(file->sha256, sizeof file->sha256, "%s", cs.sha256);
    file->dated = cs.dated;
    file->rows = cs.n;
    if (rc == DS_OK && start_day(sc, errs, i, &cs, &file->start_day)) rc = DS_EINPUT;
    if (rc == DS_OK && pool->n_knots + cs.n > DS_SERIES_POOL) {
        error_at_key(sc, errs, "inputs.N.file", i,
                     "the inputs hold more than %d rows together, the most the model keeps "
                     "(this one has %d)",
                     DS_SERIES_POOL, cs.n);
        rc = DS_EINPUT;
    }
    if (rc == DS_OK) {
        int first = pool->n_knots;
        double step = cs.day[1] - cs.day[0];
        for (int k = 0; k < cs.n; k++) {
            pool->t_days[first + k] = cs.day[k] - file->start_day;
            pool->value[first + k] = cs.value[k] * in->scale;
            if (k > 0 && cs.day[k] - cs.day[k - 1] != step) step = 0; /* irregular */
        }
        pool->n_knots += cs.n;
        series->first = first;
        series->n = cs.n;
        series->interp = in->interp;
        series->step_days = step;
    }
    csv_series_free(&cs);
    return rc;
}

int scn_inputs_load(ds_scenario *sc, ds_errors *errs)
{
    ds_params *b = &sc->base;
    struct ds_scenario_inputs *in = sc->inputs;
    int same = in && in->n == b->n_inputs &&
               !memcmp(in->spec, b->inputs, (size_t)b->n_inputs * sizeof b->inputs[0]);
    if (!same) {
        if (!in) {
            in = scn_alloc(NULL, sizeof *in, "input series", errs);
            if (!in) return DS_EFAIL;
            sc->inputs = in;
        }
        memset(in, 0, sizeof *in);
        memset(b->series, 0, sizeof b->series);
        b->pool.n_knots = 0;
        int rc = DS_OK;
        for (int i = 0; i < b->n_inputs; i++) {
            int r = load_one(sc, errs, i, &b->pool, &b->series[i], &in->file[i]);
            if (r == DS_EFAIL || (r != DS_OK && rc == DS_OK)) rc = r;
        }
        if (rc != DS_OK) { /* read again next time */
            memset(in, 0, sizeof *in);
            return rc;
        }
        in->n = b->n_inputs;
        memcpy(in->spec, b->inputs, sizeof in->spec);
    }
    /* every variant has the base's entries (they cannot set them) and so its knots */
    for (int v = 0; v < sc->n_variants; v++) {
        ds_params *p = &sc->variants[v].params;
        memcpy(p->series, b->series, sizeof p->series);
        p->pool.n_knots = b->pool.n_knots;
        memcpy(p->pool.t_days, b->pool.t_days, (size_t)b->pool.n_knots * sizeof(double));
        memcpy(p->pool.value, b->pool.value, (size_t)b->pool.n_knots * sizeof(double));
    }
    return DS_OK;
}

static int input_number(const ds_params *p, const char *name)
{
    if (!name[0]) return 0;
    for (int i = 0; i < p->n_inputs; i++)
        if (!strcmp(p->inputs[i].name, name)) return i + 1;
    return 0;
}

void scn_inputs_bind(ds_params *p)
{
    p->demand.series = input_number(p, p->demand.series_name);
    p->cloud.on_demand_series = input_number(p, p->cloud.on_demand_series_name);
    p->cloud.spot_series = input_number(p, p->cloud.spot_series_name);
    p->token.price_series = input_number(p, p->token.price_series_name);
    for (int s = 0; s < p->demand.n_segments; s++)
        p->demand.seg[s].series = input_number(p, p->demand.seg[s].series_name);
}

/* ---------------------------------------------------------------- checks */

enum { USE_DEMAND, USE_FACTOR, USE_CLOUD, USE_TOKEN };

typedef struct {
    const char *key;  /* the use's key (a table path: demand.segments.N.series) */
    int item;         /* its list item, or −1 */
    const char *name; /* the input it names */
    int number;       /* bound: 1-based, 0 none */
    int kind;         /* USE_* */
    double until;     /* the last day the run reads it */
} use;

static finding *new_finding(finding *f, int *nf, const char *key, int k_use, int use_item,
                            int item_key, int item)
{
    finding *x = scn_add_finding(f, nf, key);
    if (!x) return NULL;
    x->slots[x->ns++] = scn_slot_of(k_use, use_item);
    if (item_key >= 0) x->slots[x->ns++] = scn_slot_of(item_key, item);
    return x;
}

/* One use's problems: the input exists, is in the model's unit (or converted
 * by a scale), covers days 0 to `until`, and holds what the use can read. */
static void use_problems(const ds_params *p, const struct ds_scenario_inputs *in, const use *u,
                         finding *f, int *nf)
{
    int ku = scn_key_index(u->key);
    char shown[PATH_LEN];
    const char *n = strstr(u->key, ".N.");
    if (n)
        snprintf(shown, sizeof shown, "%.*s.%d.%s", (int)(n - u->key), u->key, u->item, n + 3);
    else
        snprintf(shown, sizeof shown, "%s", u->key);
    if (!u->name[0]) return;
    if (!u->number) {
        char list[200] = "";
        size_t used = 0;
        for (int i = 0; i < p->n_inputs && used < sizeof list - 1; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                     p->inputs[i].name);
        finding *x = new_finding(f, nf, shown, ku, u->item, -1, 0);
        if (x)
            snprintf(x->msg, sizeof x->msg, "no input named '%s' (inputs: %s)", u->name,
                     used ? list : "none");
        return;
    }
    int i = u->number - 1;
    const ds_input *e = &p->inputs[i];
    const ds_series *s = &p->series[i];
    if (!in || i >= in->n || s->n < 2) return; /* not read: its faults were said */
    char model[48];
    if (u->kind == USE_DEMAND)
        snprintf(model, sizeof model, "%s/day", p->run.unit_name);
    else if (u->kind == USE_CLOUD)
        snprintf(model, sizeof model, "USD/%s", p->run.unit_name);
    else
        snprintf(model, sizeof model, "%s", u->kind == USE_FACTOR ? "factor" : "USD/token");
    const char *unit = in->file[i].unit;
    int k_unit = scn_key_index("inputs.N.unit"), k_scale = scn_key_index("inputs.N.scale");
    if (!unit[0] || (e->scale == 1.0 && strcmp(unit, model))) {
        finding *x = new_finding(f, nf, shown, ku, u->item, k_unit, i);
        if (!x) return;
        x->slots[x->ns++] = scn_slot_of(k_scale, i);
        if (!unit[0])
            snprintf(x->msg, sizeof x->msg,
                     "input '%s' states no unit: write it in the header (`%s [%s]`) or as "
                     "inputs.%d.unit",
                     e->name, e->column, model, i);
        else
            snprintf(x->msg, sizeof x->msg,
                     "input '%s' is in %s, this key needs %s: convert it with inputs.%d.scale "
                     "(values × scale)",
                     e->name, unit, model, i);
    }
    const double *t = p->pool.t_days + s->first, *v = p->pool.value + s->first;
    if (u->until >= 0 && (t[0] > 1e-9 || t[s->n - 1] < u->until - 1e-9)) {
        finding *x = new_finding(f, nf, shown, ku, u->item, scn_key_index("inputs.N.start"), i);
        if (x)
            snprintf(x->msg, sizeof x->msg,
                     "input '%s' covers days %.15g to %.15g of the run (day 0 at its start "
                     "row); the run reads it from day 0 to day %.15g",
                     e->name, t[0], t[s->n - 1], u->until);
    }
    if (u->kind == USE_TOKEN || u->kind == USE_CLOUD) {
        for (int k = 0; k < s->n; k++) {
            if (v[k] > 0) continue;
            finding *x = new_finding(f, nf, shown, ku, u->item, -1, 0);
            if (x)
                snprintf(x->msg, sizeof x->msg,
                         "input '%s' has a zero price at day %.15g (row %d): prices must be "
                         "positive",
                         e->name, t[k], k + 1);
            break;
        }
    }
}

void scn_inputs_problems(const ds_params *p, const struct ds_scenario_inputs *in, finding *f,
                         int *nf)
{
    double dt = p->run.step_days;
    if (!(dt > 0) || p->run.horizon_days < dt || ds_params_steps(p) > 100000000) return;
    double last = (ds_params_steps(p) - 1) * dt, end = ds_params_steps(p) * dt;
    const ds_token_params *tk = &p->token;
    use uses[4 + DS_MAX_SEGMENTS] = {
        {"demand.series", -1, p->demand.series_name, p->demand.series,
         p->demand.series_mode == DS_SERIES_MULTIPLY ? USE_FACTOR : USE_DEMAND, last},
        {"cloud.on_demand_series", -1, p->cloud.on_demand_series_name, p->cloud.on_demand_series,
         USE_CLOUD, last},
        {"cloud.spot_series", -1, p->cloud.spot_series_name, p->cloud.spot_series, USE_CLOUD, last},
        {"token.price_series", -1, tk->price_series_name, tk->price_series, USE_TOKEN,
         tk->returns == DS_RETURNS_REPLAY ? end : -1e300},
    };
    int n_uses = 4;
    for (int s = 0; s < p->demand.n_segments; s++) {
        const ds_segment *g = &p->demand.seg[s];
        uses[n_uses++] = (use){"demand.segments.N.series",
                               s,
                               g->series_name,
                               g->series,
                               g->series_mode == DS_SERIES_MULTIPLY ? USE_FACTOR : USE_DEMAND,
                               last};
    }
    for (int k = 0; k < n_uses; k++) {
        if (k == 3 && tk->returns == DS_RETURNS_MODEL) continue; /* named, not read */
        use_problems(p, in, &uses[k], f, nf);
    }
    int kr = scn_key_index("token.returns");
    if (tk->returns != DS_RETURNS_MODEL && !tk->price_series_name[0]) {
        finding *x = new_finding(f, nf, "token.returns", kr, -1, -1, 0);
        if (x)
            snprintf(x->msg, sizeof x->msg, "%s needs token.price_series (an input of prices)",
                     tk->returns == DS_RETURNS_REPLAY ? "replay" : "bootstrap");
    }
    if (tk->returns == DS_RETURNS_BOOTSTRAP && tk->price_series && in &&
        tk->price_series <= in->n) {
        const ds_series *s = &p->series[tk->price_series - 1];
        if (s->n >= 2 && s->step_days != dt) {
            finding *x =
                new_finding(f, nf, "token.returns", kr, -1, scn_key_index("run.step_days"), -1);
            if (x) {
                x->slots[x->ns++] = scn_slot_of(scn_key_index("token.price_series"), -1);
                snprintf(x->msg, sizeof x->msg,
                         "bootstrap draws one of input '%s''s returns per step: its rows must "
                         "be one step (%.15g days) apart, every one of them%s",
                         p->inputs[tk->price_series - 1].name, dt,
                         s->step_days > 0 ? "" : " (they are not evenly spaced)");
            }
        }
    }
}
