/* results_merge.c — shards into one results file (results_merge.h): open and
 * check every shard (probed in a child first, as every reader does), compare
 * their identities with the first's, check that they tile the paths, then per
 * variant gather the kept paths in path order and compute the statistics with
 * the run's own functions, and write through results_write. */
#include "results_merge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../stats.h"
#include "results.h"
#include "results_read.h"
#include "results_format.h"
#include "provenance.h"

typedef struct {
    const char *path;
    ds_read_results r;
    ds_identity_owned id;
    ds_read_shard s;
    char *inputs; /* input_files */
} shard;

/* One variant put together: the kept paths of every shard, in path order. */
typedef struct {
    const ds_read_variant *meta; /* the first shard's group of it: name, overrides, claims */
    int kept, ran, invalid;
    double *krec, *kout, *q, *mean, *final; /* as run.h's ds_run_variant */
    uint8_t *kclaims;
    int32_t *index;
    ds_claim_result *cl;
    ds_outcome_summary osum;
} merged;

static int oom(ds_errors *errs)
{
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
    return DS_EFAIL;
}

static void shard_close(shard *sh)
{
    results_read_free(&sh->r);
    identity_free(&sh->id);
    results_read_shard_free(&sh->s);
    free(sh->inputs);
}

static int shard_open(shard *sh, const char *path, ds_errors *errs)
{
    sh->path = path;
    int rc = results_probe(path, errs);
    if (rc == DS_OK) rc = results_read(path, &sh->r, errs);
    if (rc != DS_OK) return rc;
    rc = results_read_shard(&sh->r, &sh->s, errs);
    if (rc == 1) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "is not a shard: written by a run without --paths-range (merge puts shards "
                   "together)");
        return DS_EINPUT;
    }
    if (rc == DS_OK && sh->r.partial) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "is the partial file of an interrupted shard: run its paths again");
        return DS_EINPUT;
    }
    if (rc == DS_OK) rc = results_read_identity(&sh->r, &sh->id, errs);
    if (rc == DS_OK) rc = results_read_text(&sh->r, RF_INPUT_FILES, &sh->inputs, errs);
    if (rc == DS_OK && strcmp(sh->id.id.version, DS_VERSION) != 0) {
        errors_add(errs, DS_EINPUT, path, 0, 0, "version",
                   "made by depinsim %.40s; this is %s: merge with the binary that made the "
                   "shards",
                   sh->id.id.version, DS_VERSION);
        return DS_EINPUT;
    }
    return rc;
}

static int by_first(const void *a, const void *b)
{
    const shard *x = a, *y = b;
    return x->s.first < y->s.first ? -1 : x->s.first > y->s.first;
}

/* Every shard of one run (the first's identity, variants, records and
 * inputs), and together the paths 0..paths−1 exactly once. */
static int check_shards(shard *sh, int n, ds_errors *errs)
{
    const shard *a = &sh[0];
    for (int i = 1; i < n; i++) {
        int rc = identity_check(&a->id.id, &sh[i].id.id, sh[i].path, a->path, errs);
        if (rc != DS_OK) return rc;
        int same = sh[i].s.n_variants == a->s.n_variants && sh[i].r.records == a->r.records &&
                   !memcmp(sh[i].r.time_days, a->r.time_days,
                           (size_t)a->r.records * sizeof *a->r.time_days);
        for (int v = 0; same && v < a->s.n_variants; v++)
            same = !strcmp(sh[i].s.variant_names[v], a->s.variant_names[v]);
        if (!same) {
            errors_add(errs, DS_EINPUT, sh[i].path, 0, 0, NULL,
                       "its variants or time axis differ from %s's, though the scenario is the "
                       "same: a damaged shard",
                       a->path);
            return DS_EINPUT;
        }
        if (strcmp(sh[i].inputs, a->inputs) != 0) {
            errors_add(errs, DS_EINPUT, sh[i].path, 0, 0, "input_files",
                       "made from other input files than %s", a->path);
            return DS_EINPUT;
        }
    }
    qsort(sh, (size_t)n, sizeof *sh, by_first);
    int paths = sh[0].id.id.paths, at = 0;
    for (int i = 0; i < n; i++) {
        const ds_read_shard *s = &sh[i].s;
        if (s->first > at) {
            errors_add(errs, DS_EINPUT, sh[i].path, 0, 0, NULL,
                       "starts at path %d: paths %d:%d are in no shard", s->first, at, s->first);
            return DS_EINPUT;
        }
        if (s->first < at) {
            errors_add(errs, DS_EINPUT, sh[i].path, 0, 0, NULL,
                       "paths %d:%d are in this shard and in %s too", s->first,
                       s->end < at ? s->end : at, sh[i - 1].path);
            return DS_EINPUT;
        }
        if (s->end > paths) {
            errors_add(errs, DS_EINPUT, sh[i].path, 0, 0, NULL,
                       "holds paths %d:%d, beyond the run's %d", s->first, s->end, paths);
            return DS_EINPUT;
        }
        at = s->end;
    }
    if (at != paths) {
        errors_add(errs, DS_EINPUT, sh[n - 1].path, 0, 0, NULL,
                   "ends at path %d: paths %d:%d are in no shard", at, at, paths);
        return DS_EINPUT;
    }
    return DS_OK;
}

static const ds_read_variant *find_variant(const ds_read_results *r, const char *name)
{
    for (int i = 0; i < r->n_variants; i++)
        if (!strcmp(r->variants[i].name, name)) return &r->variants[i];
    return NULL;
}

static void merged_free(merged *m)
{
    free(m->krec);
    free(m->kout);
    free(m->q);
    free(m->mean);
    free(m->final);
    free(m->kclaims);
    free(m->index);
    free(m->cl);
    memset(m, 0, sizeof *m);
}

/* One shard's kept paths of a variant into m at path offset `off`. */
static int gather_shard(const shard *sh, const ds_read_variant *rv, merged *m, int off,
                        ds_errors *errs)
{
    const ds_read_results *r = &sh->r;
    const int v = (int)(rv - r->variants), k = rv->paths, K = m->kept, R = r->records;
    const int nc = m->meta->n_claims;
    int rc = DS_OK;
    int same = rv->n_claims == nc;
    for (int c = 0; same && c < nc; c++)
        same = !strcmp(rv->claims[c].name, m->meta->claims[c].name);
    if (!same) {
        errors_add(errs, DS_EINPUT, sh->path, 0, 0, NULL,
                   "variant %.100s: its claims differ from the other shards': a damaged shard",
                   rv->name);
        return DS_EINPUT;
    }
    for (int i = 0; rc == DS_OK && i < DS_N_METRICS; i++) {
        double *x = NULL;
        rc = results_read_rows(r, v, ds_metric_names[i], &x, errs);
        if (rc == DS_OK) memcpy(m->krec + ((size_t)i * K + off) * R, x, (size_t)k * R * sizeof *x);
        free(x);
    }
    for (int o = 0; rc == DS_OK && o < DS_N_OUTCOMES; o++) {
        double *x = NULL;
        rc = results_read_paths(r, v, RF_OUTCOMES, ds_outcome_names[o], &x, errs);
        if (rc == DS_OK && !x) rc = 1; /* absent */
        if (rc == DS_OK) memcpy(m->kout + (size_t)o * K + off, x, (size_t)k * sizeof *x);
        free(x);
    }
    for (int c = 0; rc == DS_OK && c < nc; c++) {
        uint8_t *x = NULL;
        rc = results_read_verdicts(r, v, m->meta->claims[c].name, &x, errs);
        if (rc == DS_OK) memcpy(m->kclaims + (size_t)c * K + off, x, (size_t)k);
        free(x);
    }
    int32_t *idx = NULL;
    if (rc == DS_OK) rc = results_read_index(r, v, &idx, errs);
    for (int j = 0; rc == DS_OK && j < k; j++) {
        if (idx[j] < sh->s.first || idx[j] >= sh->s.end) {
            errors_add(errs, DS_EINPUT, sh->path, 0, 0, NULL,
                       "variant %.100s: path_index holds path %d, outside the shard's %d:%d",
                       rv->name, idx[j], sh->s.first, sh->s.end);
            rc = DS_EINPUT;
        }
        if (rc == DS_OK) m->index[off + j] = idx[j];
    }
    free(idx);
    /* absent (1) is damage here: a shard writes every one of these */
    if (rc == 1) {
        errors_add(errs, DS_EINPUT, sh->path, 0, 0, NULL,
                   "variant %.100s: a per-path dataset is missing (paths/, outcomes/, claims or "
                   "path_index): not a complete shard",
                   rv->name);
        rc = DS_EINPUT;
    }
    return rc;
}

/* Variant vi of the scenario from every shard, and its statistics: what
 * run_summarise computes for it in one run. m->kept 0: written by no shard. */
static int merge_variant(shard *sh, int n, int vi, merged *m, ds_errors *errs)
{
    const char *name = sh[0].s.variant_names[vi];
    memset(m, 0, sizeof *m);
    for (int i = 0; i < n; i++) {
        const ds_read_variant *rv = find_variant(&sh[i].r, name);
        int span = sh[i].s.end - sh[i].s.first, ran = sh[i].s.paths_run[vi];
        int bad = sh[i].s.paths_invalid[vi], k = rv ? rv->paths : 0;
        if (ran != span || k != ran - bad) {
            errors_add(errs, DS_EINPUT, sh[i].path, 0, 0, NULL,
                       "variant %.100s: %d paths kept, %d invalid, %d run, in a shard of %d paths: "
                       "a damaged shard",
                       name, k, bad, ran, span);
            return DS_EINPUT;
        }
        m->kept += k;
        m->ran += ran;
        m->invalid += bad;
        if (rv && !m->meta) m->meta = rv;
    }
    if (m->kept == 0) return DS_OK;
    const int K = m->kept, R = sh[0].r.records, nc = m->meta->n_claims;
    m->krec = malloc((size_t)DS_N_METRICS * K * R * sizeof *m->krec);
    m->kout = malloc((size_t)DS_N_OUTCOMES * K * sizeof *m->kout);
    m->kclaims = malloc((size_t)(nc ? nc : 1) * K);
    m->index = malloc((size_t)K * sizeof *m->index);
    m->q = malloc((size_t)DS_N_METRICS * R * DS_N_QUANTILES * sizeof *m->q);
    m->mean = malloc((size_t)DS_N_METRICS * R * sizeof *m->mean);
    m->final = malloc((size_t)DS_N_METRICS * K * sizeof *m->final);
    m->cl = calloc((size_t)(nc ? nc : 1), sizeof *m->cl);
    if (!m->krec || !m->kout || !m->kclaims || !m->index || !m->q || !m->mean || !m->final ||
        !m->cl)
        return oom(errs);
    int off = 0, rc = DS_OK;
    for (int i = 0; rc == DS_OK && i < n; i++) {
        const ds_read_variant *rv = find_variant(&sh[i].r, name);
        if (!rv) continue;
        rc = gather_shard(&sh[i], rv, m, off, errs);
        off += rv->paths;
    }
    if (rc != DS_OK) return rc;
    if (stats_compute(m->krec, DS_N_METRICS, K, R, m->q, m->mean, m->final) ||
        stats_outcome_summary(m->kout, K, &m->osum))
        return oom(errs);
    for (int c = 0; c < nc; c++) {
        const ds_read_claim *rc_ = &m->meta->claims[c];
        ds_claim_result *cl = &m->cl[c];
        const uint8_t *h = m->kclaims + (size_t)c * K;
        int k = 0;
        for (int p = 0; p < K; p++) k += h[p];
        cl->name = rc_->name;
        cl->text = rc_->text;
        cl->metric = rc_->metric;
        cl->op = rc_->op;
        cl->threshold = rc_->threshold;
        cl->when = rc_->when;
        cl->window_start_day = rc_->window_start_day;
        cl->window_end_day = rc_->window_end_day;
        cl->holds = k;
        cl->paths = K;
        cl->probability = (double)k / K;
        stats_wilson(k, K, &cl->wilson_lo, &cl->wilson_hi);
        cl->per_path = h;
    }
    return DS_OK;
}

/* "<first>:<end> <file>" per shard, in path order. */
static char *merged_from(const shard *sh, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(sh[i].path) + 32;
    char *s = malloc(len), *p = s;
    if (!s) return NULL;
    *p = 0;
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%d:%d %s\n", sh[i].s.first, sh[i].s.end, sh[i].path);
    return s;
}

/* input_files ("<sha256>  <name>" lines) back into the arrays ds_provenance
 * takes; the arrays point into text, which is cut at the line ends. */
static int split_inputs(char *text, const char ***names, const char ***shas)
{
    int n = 0;
    for (char *p = text; *p; p++) n += *p == '\n';
    *names = calloc((size_t)(n ? n : 1), sizeof **names);
    *shas = calloc((size_t)(n ? n : 1), sizeof **shas);
    if (!*names || !*shas) return -1;
    int k = 0;
    for (char *line = text; *line && k < n;) {
        char *nl = strchr(line, '\n');
        *nl = 0;
        char *gap = strstr(line, "  ");
        if (gap) {
            *gap = 0;
            (*shas)[k] = line;
            (*names)[k] = gap + 2;
            k++;
        }
        line = nl + 1;
    }
    return k;
}

/* The file one run would have written, from the merged variants. */
static int write_merged(const ds_merge_options *o, shard *sh, int n, merged *mv, ds_errors *errs)
{
    const shard *a = &sh[0];
    const int nv = a->s.n_variants;
    ds_variant_result *vr = calloc((size_t)nv, sizeof *vr);
    char *yaml = NULL, *unit = NULL, *backend = NULL, *device = NULL, *reason = NULL;
    char *source = NULL, *btype = NULL, *from = merged_from(sh, n), *inputs = strdup(a->inputs);
    const char **in_names = NULL, **in_shas = NULL;
    int rc = !vr || !from || !inputs ? oom(errs) : DS_OK;
    if (rc == DS_OK && (results_read_text(&a->r, RF_SCENARIO_YAML, &yaml, errs) ||
                        results_read_text(&a->r, RF_UNIT_NAME, &unit, errs) ||
                        results_read_text(&a->r, RF_BACKEND, &backend, errs) ||
                        results_read_text(&a->r, RF_DEVICE, &device, errs) ||
                        results_read_text(&a->r, RF_BACKEND_REASON, &reason, errs) ||
                        results_read_text(&a->r, RF_GIT_SOURCE, &source, errs) ||
                        results_read_text(&a->r, RF_BUILD_TYPE, &btype, errs)))
        rc = errs->kind == DS_EFAIL ? DS_EFAIL : DS_EINPUT;
    int n_inputs = rc == DS_OK ? split_inputs(inputs, &in_names, &in_shas) : 0;
    if (n_inputs < 0) rc = oom(errs);
    double wall = 0;
    int same_backend = 1;
    for (int i = 0; rc == DS_OK && i < n; i++) {
        double w = 0;
        char *b = NULL;
        if (results_read_number(&sh[i].r, RF_WALL_SECONDS, &w, errs) == DS_OK && isfinite(w))
            wall += w;
        if (results_read_text(&sh[i].r, RF_BACKEND, &b, errs) == DS_OK && strcmp(b, backend) != 0)
            same_backend = 0;
        free(b);
    }
    int written = 0;
    for (int v = 0; rc == DS_OK && v < nv; v++) {
        merged *m = &mv[v];
        if (!m->kept) continue;
        ds_variant_result *x = &vr[written++];
        x->name = m->meta->name;
        x->overrides = m->meta->overrides;
        x->segments = m->meta->segments; /* the demand segments by name, as the run wrote them */
        x->paths = m->kept;
        x->records = a->r.records;
        x->quantiles = m->q;
        x->mean = m->mean;
        x->final = m->final;
        x->path_records = a->s.keep_paths ? m->krec : NULL;
        x->outcomes = m->kout;
        x->outcome_summary = m->osum;
        x->n_claims = m->meta->n_claims;
        x->claims = m->cl;
        x->path_index = m->kept < a->id.id.paths ? m->index : NULL;
        x->paths_run = m->ran;
        x->paths_invalid = m->invalid;
        x->n_events = m->meta->n_events; /* the scenario's dated events, as a run writes them */
        x->event_days = m->meta->event_days;
        x->event_labels = m->meta->event_labels ? m->meta->event_labels : "";
    }
    if (rc == DS_OK && written == 0) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "every path of every variant was invalid (run.on_invalid: flag): nothing "
                   "written");
        rc = DS_EFAIL;
    }
    if (rc == DS_OK) {
        char created[32], dev[600], host[256] = "?";
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
        snprintf(dev, sizeof dev, "%d shards merged; the first ran on %s", n, device);
        if (gethostname(host, sizeof host - 1) != 0) snprintf(host, sizeof host, "?");
        ds_provenance prov = {&a->id.id, source,   btype,   host, 0, 1,   NULL,
                              n_inputs,  in_names, in_shas, NULL, 0, from};
        ds_results res;
        memset(&res, 0, sizeof res);
        res.version = a->id.id.version;
        res.scenario_name = a->r.scenario_name;
        res.scenario_yaml = yaml;
        res.scenario_sha256 = a->id.id.scenario_sha256;
        res.seed = (unsigned)a->id.id.seed;
        res.paths = a->id.id.paths;
        res.steps = a->id.id.steps;
        res.records = a->r.records;
        res.step_days = a->r.step_days;
        res.backend = same_backend ? backend : "mixed";
        res.device = dev;
        res.backend_reason = reason;
        res.wall_seconds = wall;
        res.created = created;
        res.time_days = a->r.time_days;
        res.n_variants = written;
        res.variants = vr;
        res.unit_name = unit;
        res.complete = 1;
        res.paths_requested = a->id.id.paths;
        res.abort = o->abort;
        res.tmp_live = o->tmp_live;
        res.prov = &prov;
        /* the input series with the knots the run used, as the first shard has them
         * (every shard's input_files agree: checked above) */
        ds_result_input *ins = calloc((size_t)a->r.n_inputs + 1, sizeof *ins);
        if (!ins) rc = oom(errs);
        res.n_inputs = 0;
        for (int i = 0; ins && i < a->r.n_inputs; i++) {
            const ds_read_input *in = &a->r.inputs[i];
            if (!in->t_days || !in->value) continue; /* a file of an earlier version */
            ins[res.n_inputs++] = (ds_result_input){.name = in->name,
                                                    .file = in->file,
                                                    .column = in->column,
                                                    .unit = in->unit,
                                                    .sha256 = in->sha256,
                                                    .start = in->start,
                                                    .interp = in->interp,
                                                    .value_unit = in->value_unit,
                                                    .scale = in->scale,
                                                    .rows = in->rows,
                                                    .t_days = in->t_days,
                                                    .value = in->value};
        }
        res.inputs = ins;
        if (rc == DS_OK) rc = results_write(o->out, &res, o->force, errs);
        free(ins);
    }
    free(vr);
    free(yaml);
    free(unit);
    free(backend);
    free(device);
    free(reason);
    free(source);
    free(btype);
    free(from);
    free(inputs);
    free(in_names);
    free(in_shas);
    return rc;
}

int results_merge(const ds_merge_options *o, ds_merge_summary *sum, ds_errors *errs)
{
    memset(sum, 0, sizeof *sum);
    int n = o->n_shards, rc = results_check_output(o->out, o->force, errs);
    if (rc != DS_OK) return rc;
    shard *sh = calloc((size_t)n, sizeof *sh);
    if (!sh) return oom(errs);
    for (int i = 0; rc == DS_OK && i < n; i++) rc = shard_open(&sh[i], o->shards[i], errs);
    if (rc == DS_OK) rc = check_shards(sh, n, errs);
    int nv = rc == DS_OK ? sh[0].s.n_variants : 0;
    merged *mv = calloc((size_t)(nv ? nv : 1), sizeof *mv);
    if (rc == DS_OK && !mv) rc = oom(errs);
    for (int v = 0; rc == DS_OK && v < nv; v++) rc = merge_variant(sh, n, v, &mv[v], errs);
    if (rc == DS_OK) rc = write_merged(o, sh, n, mv, errs);
    if (rc == DS_OK) *sum = (ds_merge_summary){sh[0].id.id.paths, nv, n};
    for (int v = 0; mv && v < nv; v++) merged_free(&mv[v]);
    free(mv);
    for (int i = 0; i < n; i++) shard_close(&sh[i]);
    free(sh);
    return rc;
}
