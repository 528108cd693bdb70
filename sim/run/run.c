/* run.c — the run driver: scenario → backend → statistics → results file, in
 * the stages of run.h (simulating, with its path ranges, checkpoint blocks
 * and ranks, is run_paths.c). The output path is checked before anything is
 * simulated; the final name only ever receives a complete file, by rename.
 * Nothing here prints: errors (and the advice of a memory refusal, as notes)
 * go into ds_errors, and r->stop, set by the command line's signal handlers,
 * stops the workers within a step and the write before its rename. */
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../../models/params.h"
#include "../build_info.h"
#include "../error.h"
#include "../io/scenario_inputs.h"
#include "../io/provenance.h"
#include "../io/sha256.h"
#include "../io/results_ext.h"
#include "engine.h"
#include "run_int.h"

#define DS_MAX_STEPS 100000000.0 /* 10^8 steps per path: beyond it a run is a typo */
#define DS_DEFAULT_NAME_MAX 100  /* bytes of a scenario name kept in the default output name */

/* ---------------------------------------------------------------- prepare */

/* The results file's name when -o is not given: <scenario name>.h5 in the
 * working directory. The scenario's name is a label, not a path: every byte
 * outside [A-Za-z0-9._-] becomes '_' (no '/' can leave the directory), a
 * leading '.' too (no hidden file, no ".."), and it is cut to
 * DS_DEFAULT_NAME_MAX bytes; an empty name gives "results". */
static void default_output(const char *name, char *buf, size_t n)
{
    size_t k = 0;
    for (const char *p = name ? name : ""; *p && k < DS_DEFAULT_NAME_MAX && k + 4 < n; p++) {
        char ch = *p;
        int keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || (ch == '.' && k > 0);
        buf[k++] = keep ? ch : '_';
    }
    buf[k] = 0;
    snprintf(buf + k, n - k, "%s", k ? ".h5" : "results.h5");
}

/* Variants share one time axis and one set of random futures. */
static int check_variants(const ds_scenario *sc, ds_errors *errs)
{
    for (int i = 1; i < sc->n_variants; i++) {
        const ds_run_params *a = &sc->variants[0].params.run, *b = &sc->variants[i].params.run;
        if (a->paths != b->paths || a->seed != b->seed || a->horizon_days != b->horizon_days ||
            a->step_days != b->step_days || a->record_every != b->record_every ||
            a->keep_paths != b->keep_paths || a->on_invalid != b->on_invalid) {
            errors_add(errs, DS_EINPUT, sc->path, 0, 0, NULL,
                       "variant '%s': run.* keys cannot differ between variants",
                       sc->variants[i].name);
            return DS_EINPUT;
        }
    }
    return DS_OK;
}

/* The output path, checked before hours of simulation (results.h). */
static int choose_output(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    if (o->out && strlen(o->out) >= sizeof r->out) /* results_check_output says how long */
        return results_check_output(o->out, o->force, errs);
    if (o->out)
        snprintf(r->out, sizeof r->out, "%s", o->out);
    else
        default_output(r->sc.name, r->out, sizeof r->out);
    int rc = results_check_output(r->out, o->force, errs);
    if (rc == DS_OK) results_tmp_name(r->out, (long)getpid(), r->tmp, sizeof r->tmp);
    return rc;
}

/* ---------------------------------------------------------------- memory */

static double available_bytes(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    double kib = 0.0;
    char line[256];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kib) == 1) break;
    if (f) fclose(f);
    if (kib > 0.0) return kib * 1024.0;
    long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 1e18;
}

/* Bytes of a variant at `paths` paths of `records` records: each path's
 * results as the backends count them (backend.h), its done flag, final values
 * and index; then quantiles and means [M × R × 6]. Doubles throughout, so
 * absurd sizes cannot overflow. */
static double variant_bytes(const ds_params *P, double paths, double records)
{
    double per_path = (double)ds_run_path_fixed_bytes(P) + records * (double)DS_RUN_RECORD_BYTES +
                      1.0 + DS_N_METRICS * 8.0 + 4.0;
    return paths * per_path + records * (double)DS_RUN_RECORD_BYTES * (DS_N_QUANTILES + 1);
}

static double steps_of(const ds_params *P)
{
    return ceil(P->run.horizon_days / P->run.step_days - 1e-9);
}

/* Every variant's data, one compacted copy (paths left out) of the largest,
 * a provider pool per thread, and a fixed allowance for HDF5's buffers. */
static double need_bytes(const ds_scenario *sc, int threads, double paths, double records)
{
    int max_count = 0;
    double sum = 0, max = 0;
    for (int v = 0; v < sc->n_variants; v++) {
        const ds_params *P = &sc->variants[v].params;
        double b = variant_bytes(P, paths, records);
        sum += b;
        if (b > max) max = b;
        if (P->prov.count > max_count) max_count = P->prov.count;
    }
    return 16.0 * 1048576.0 + sum + max +
           (double)threads * (double)engine_bytes_per_worker(max_count);
}

double run_memory_estimate(const ds_scenario *sc, int threads)
{
    const ds_params *P = &sc->variants[0].params;
    return need_bytes(sc, threads, P->run.paths, ceil(steps_of(P) / P->run.record_every));
}

static void human_bytes(double b, char *buf, size_t n)
{
    const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int k = 0;
    while (b >= 1024.0 && k < 6) {
        b /= 1024.0;
        k++;
    }
    snprintf(buf, n, "%.3g %s", b, unit[k]);
}

/* Where the memory limit came from: what is available, --max-memory, or
 * --max-memory above what is available, which is capped there (a run that
 * does not fit in memory swaps or is killed; it never succeeds faster). */
enum { DS_LIMIT_AVAILABLE, DS_LIMIT_GIVEN, DS_LIMIT_CAPPED };

/* What would fit, as notes under the refusal: fewer paths, or sparser
 * records, holding the rest. */
static void memory_advice(const ds_scenario *sc, int threads, double limit, int limit_from,
                          double R, ds_errors *errs)
{
    const ds_params *P = &sc->variants[0].params;
    double steps = steps_of(P), lo = 0, hi = P->run.paths;
    while (hi - lo > 1) { /* the most paths that fit */
        double mid = floor((lo + hi) / 2);
        if (need_bytes(sc, threads, mid, R) <= limit)
            lo = mid;
        else
            hi = mid;
    }
    if (lo >= 1)
        errors_note(errs, "try --paths %.0f (or fewer)", lo);
    else
        errors_note(errs, "even one path does not fit: %s",
                    limit_from == DS_LIMIT_GIVEN ? "raise --max-memory or shorten the run"
                                                 : "shorten the run or free memory");
    for (double every = P->run.record_every * 2.0; every <= steps; every *= 2.0) {
        if (need_bytes(sc, threads, P->run.paths, ceil(steps / every)) <= limit) {
            errors_note(errs, "or --set run.record_every=%.0f (fewer records per path)", every);
            break;
        }
    }
    if (sc->n_variants > 1)
        errors_note(errs, "or run the %d variants separately (--set on one at a time)",
                    sc->n_variants);
}

/* Refuse before allocating anything when the run cannot fit, naming what
 * would. --max-memory lowers the limit, never raises it above what is
 * available. */
static int check_memory(const ds_scenario *sc, int threads, int rows, double max_memory,
                        ds_errors *errs)
{
    const ds_params *P = &sc->variants[0].params;
    double steps = steps_of(P);
    if (!(steps <= DS_MAX_STEPS)) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
                   "run.horizon_days / run.step_days = %.3g steps per path; at most %.0e are "
                   "allowed",
                   steps, DS_MAX_STEPS);
        return DS_EINPUT;
    }
    double avail = available_bytes();
    int limit_from = max_memory <= 0       ? DS_LIMIT_AVAILABLE
                     : max_memory <= avail ? DS_LIMIT_GIVEN
                                           : DS_LIMIT_CAPPED;
    double limit = limit_from == DS_LIMIT_GIVEN ? max_memory : avail;
    /* the paths this process holds: all of them, or a shard's or a rank's */
    double need = need_bytes(sc, threads, rows, ceil(steps / P->run.record_every));
    if (need <= limit) return DS_OK;
    char s_need[32], s_lim[32], s_given[32];
    human_bytes(need, s_need, sizeof s_need);
    human_bytes(limit, s_lim, sizeof s_lim);
    human_bytes(max_memory, s_given, sizeof s_given);
    double R = ceil(steps / P->run.record_every);
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
               "this run needs about %s of memory (%d variant(s) x %d paths x %.0f records x %d "
               "metrics), more than the %s %s",
               s_need, sc->n_variants, P->run.paths, R, DS_N_METRICS, s_lim,
               limit_from == DS_LIMIT_GIVEN ? "allowed by --max-memory" : "available");
    if (limit_from == DS_LIMIT_CAPPED)
        errors_note(errs,
                    "(--max-memory %s is more than is available: it can lower the limit, never "
                    "raise it)",
                    s_given);
    memory_advice(sc, threads, limit, limit_from, R, errs);
    return DS_EFAIL;
}

/* ---------------------------------------------------------------- per variant */

/* Judge a variant's claims over its kept paths (claims.c), and say which the
 * scenario decides by construction. */
static int judge_claims(const ds_params *P, ds_run_variant *v, ds_errors *errs)
{
    int decided[DS_MAX_CLAIMS];
    claims_judge(P, v->kclaims, v->kept, v->cl, v->cl_text);
    if (P->n_claims == 0) return DS_OK;
    if (claims_construction(P, decided, v->cl_why, errs) != DS_OK) return DS_EFAIL;
    for (int c = 0; c < P->n_claims; c++) v->cl[c].by_construction = v->cl_why[c];
    return DS_OK;
}

/* Keep the paths that ran to the end with a valid state; copy them to dense
 * arrays when any is left out. Returns -1 on allocation failure. */
static int keep_paths(const ds_params *P, ds_run_variant *v, int paths, int row0, int records)
{
    v->index = malloc((size_t)(paths > 0 ? paths : 1) * sizeof *v->index);
    if (!v->index) return -1;
    v->kept = v->invalid = v->ran = 0;
    for (int p = 0; p < paths; p++) {
        if (v->bad_step[p] >= 0) v->invalid++;
        if (v->done[p] || v->bad_step[p] >= 0) v->ran++;
        if (v->done[p]) v->index[v->kept++] = row0 + p;
    }
    if (v->kept == paths) {
        v->krec = v->rec;
        v->kout = v->outcomes;
        v->kclaims = v->claims;
        return 0;
    }
    int k = v->kept;
    v->krec = malloc((size_t)DS_N_METRICS * (k ? k : 1) * records * sizeof(double));
    v->kout = malloc((size_t)DS_N_OUTCOMES * (k ? k : 1) * sizeof(double));
    v->kclaims = malloc((size_t)(P->n_claims > 0 ? P->n_claims : 1) * (k ? k : 1));
    if (!v->krec || !v->kout || !v->kclaims) return -1;
    for (int j = 0; j < k; j++) {
        int p = v->index[j] - row0;
        for (int m = 0; m < DS_N_METRICS; m++)
            memcpy(v->krec + ((size_t)m * k + j) * records,
                   v->rec + ((size_t)m * paths + p) * records, (size_t)records * sizeof(double));
        for (int o = 0; o < DS_N_OUTCOMES; o++)
            v->kout[(size_t)o * k + j] = v->outcomes[(size_t)o * paths + p];
        for (int c = 0; c < P->n_claims; c++)
            v->kclaims[(size_t)c * k + j] = v->claims[(size_t)c * paths + p];
    }
    return 0;
}

static void variant_free(ds_run_variant *v)
{
    if (v->krec != v->rec) free(v->krec);
    if (v->kout != v->outcomes) free(v->kout);
    if (v->kclaims != v->claims) free(v->kclaims);
    free(v->rec);
    free(v->outcomes);
    free(v->claims);
    free(v->done);
    free(v->bad_var);
    free(v->bad_step);
    free(v->index);
    free(v->q);
    free(v->mean);
    free(v->final);
}

static int variant_alloc(ds_run_variant *v, const ds_params *P, int paths, int records)
{
    size_t nc = P->n_claims > 0 ? (size_t)P->n_claims : 1;
    memset(v, 0, sizeof *v);
    size_t cells = (size_t)DS_N_METRICS * paths;
    v->rec = malloc(cells * records * sizeof(double));
    v->outcomes = malloc((size_t)DS_N_OUTCOMES * paths * sizeof(double));
    v->claims = calloc(nc * paths, 1);
    v->done = calloc((size_t)paths, 1);
    v->bad_var = calloc((size_t)paths, 1);
    v->bad_step = malloc((size_t)paths * sizeof *v->bad_step);
    v->q = malloc((size_t)DS_N_METRICS * records * DS_N_QUANTILES * sizeof(double));
    v->mean = malloc((size_t)DS_N_METRICS * records * sizeof(double));
    v->final = malloc(cells * sizeof(double));
    if (!v->rec || !v->outcomes || !v->claims || !v->done || !v->bad_var || !v->bad_step || !v->q ||
        !v->mean || !v->final)
        return -1;
    for (int p = 0; p < paths; p++) v->bad_step[p] = -1;
    return 0;
}

/* ---------------------------------------------------------------- the stages */

/* The paths the results cover (every path, or --paths-range's) and the rows
 * this process holds: rank 0 all of them, another rank its share. */
static int choose_range(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    int paths = r->sc.variants[0].params.run.paths;
    r->first = 0;
    r->end = paths;
    if (o->range_end > 0) {
        if (o->range_first < 0 || o->range_first >= o->range_end || o->range_end > paths) {
            errors_add(errs, DS_EINPUT, NULL, 0, 0, "--paths-range",
                       "%d:%d is not a range of the scenario's %d paths (A < B <= run.paths)",
                       o->range_first, o->range_end, paths);
            return DS_EINPUT;
        }
        r->first = o->range_first;
        r->end = o->range_end;
        r->shard = 1;
    }
    int a, b;
    cluster_share(r->cl, r->cl->rank, r->first, r->end, &a, &b);
    r->row0 = r->cl->rank == 0 ? r->first : a;
    r->rows = r->cl->rank == 0 ? r->end - r->first : b - a;
    return DS_OK;
}

/* What makes this run the run a checkpoint or another shard belongs to. */
static int make_identity(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    const ds_params *P0 = &r->sc.variants[0].params;
    size_t len = 1;
    for (int i = 0; i < o->n_sets; i++) len += strlen(o->sets[i]) + 1;
    if (!(r->scenario_sets = malloc(len))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    char *p = r->scenario_sets;
    *p = 0;
    for (int i = 0; i < o->n_sets; i++) p += sprintf(p, "%s\n", o->sets[i]);
    sha256_hex(r->sc.yaml_text, r->sc.yaml_len, r->scenario_sha256);
    /* the input series, as the provenance's input_files has them */
    const struct ds_scenario_inputs *in = r->sc.inputs;
    int n_in = in ? in->n : 0;
    if (!(r->input_files = malloc((size_t)n_in * (64 + 2 + DS_NAME_LEN + 1) + 1))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    char *q = r->input_files;
    *q = 0;
    for (int i = 0; i < n_in; i++)
        q += sprintf(q, "%.64s  %.*s\n", in->file[i].sha256, DS_NAME_LEN, P0->inputs[i].name);
    ds_identity *id = &r->id;
    id->scenario_sha256 = r->scenario_sha256;
    id->scenario_sets = r->scenario_sets;
    id->input_files = r->input_files;
    id->seed = P0->run.seed;
    id->paths = P0->run.paths;
    id->steps = ds_params_steps(P0);
    id->records = ds_params_records(P0);
    id->n_variants = r->sc.n_variants;
    provenance_binary(id);
    return DS_OK;
}

/* Everything a process prepares by itself, before the ranks agree. */
static int prepare_local(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    int rc = scenario_open(o->scenario, o->sets, o->n_sets, &r->sc, errs);
    r->loaded = 1; /* scenario_free is safe after any scenario_load */
    if (rc == DS_OK && o->variants) rc = scenario_select(&r->sc, o->variants, errs);
    if (rc == DS_OK) rc = check_variants(&r->sc, errs);
    if (rc == DS_OK) rc = choose_range(r, o, errs);
    if (rc == DS_OK && r->cl->rank == 0) rc = choose_output(r, o, errs);
#ifdef _OPENMP
    r->threads = o->threads > 0 ? o->threads : omp_get_max_threads();
#else
    r->threads = 1;
#endif
    if (rc == DS_OK) rc = check_memory(&r->sc, r->threads, r->rows, o->max_memory, errs);
    backend_use_slot(o->cluster ? o->cluster->node_rank : 0); /* a GPU per rank of a node */
    if (rc == DS_OK) rc = backend_choose(&r->backend, o->backend, o->threads, errs);
    if (rc == DS_OK) rc = make_identity(r, o, errs);
    if (rc != DS_OK) return rc;

    const ds_params *P0 = &r->sc.variants[0].params;
    int R = ds_params_records(P0), nv = r->sc.n_variants;
    r->vd = calloc((size_t)nv, sizeof *r->vd);
    r->time_days = malloc((size_t)R * sizeof *r->time_days);
    if (!r->vd || !r->time_days) rc = DS_EFAIL;
    for (int i = 0; rc == DS_OK && i < nv; i++)
        if (variant_alloc(&r->vd[i], &r->sc.variants[i].params, r->rows, R)) rc = DS_EFAIL;
    if (rc != DS_OK) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "cannot allocate records for %d paths x %d records x %d variants", r->rows, R,
                   nv);
        return rc;
    }
    int steps = ds_params_steps(P0), every = P0->run.record_every;
    for (int k = 0; k < R; k++) {
        int step = (k + 1) * every < steps ? (k + 1) * every : steps;
        r->time_days[k] = step * P0->run.step_days;
    }
    if (o->checkpoint && r->cl->rank == 0)
        rc = checkpoint_open(&r->ck, o->checkpoint, o->resume, &r->id, r->first, r->end, errs);
    else if (o->checkpoint)
        checkpoint_attach(&r->ck, o->checkpoint);
    return rc;
}

int run_prepare(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    memset(r, 0, sizeof *r);
    checkpoint_none(&r->ck);
    r->solo.size = 1;
    r->cl = o->cluster ? o->cluster : &r->solo;
    int rc = prepare_local(r, o, errs);
    rc = run_agree(r, rc, errs);
    if (rc == DS_OK) rc = run_agree(r, run_plan(r, errs), errs);
    if (rc != DS_OK) return rc;
    r->complete = 1;
    return DS_OK;
}

int run_summarise(ds_run *r, ds_errors *errs)
{
    if (r->cl->rank != 0) return DS_OK; /* rank 0 holds every path */
    const ds_params *P0 = &r->sc.variants[0].params;
    int R = ds_params_records(P0), written = 0;
    for (int i = 0; i < r->sc.n_variants; i++) {
        ds_run_variant *v = &r->vd[i];
        const ds_params *P = &r->sc.variants[i].params;
        if (keep_paths(P, v, r->rows, r->row0, R)) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory keeping the paths");
            return DS_EFAIL;
        }
        if (v->kept == 0) continue;
        if (stats_compute(v->krec, DS_N_METRICS, v->kept, R, v->q, v->mean, v->final) ||
            stats_outcome_summary(v->kout, v->kept, &v->osum)) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory for the statistics");
            return DS_EFAIL;
        }
        if (judge_claims(P, v, errs) != DS_OK) return DS_EFAIL;
        written++;
    }
    if (written == 0) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s",
                   !r->complete ? "interrupted before any path completed: nothing written"
                                : "every path was invalid (run.on_invalid: flag): nothing written");
        return DS_EFAIL;
    }
    return DS_OK;
}

static void iso_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A variant's demand segments by name, comma-separated, into buf ("" when
 * the one buyer of demand.*). */
static const char *segment_names(const ds_params *P, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int s = 0; s < P->demand.n_segments && used < n; s++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", s ? "," : "", P->demand.seg[s].name);
    return buf;
}

/* The written variants (those with a path kept) in vr, and each one's sweep
 * point in swept; their count. seg: room for each variant's segment names. A shard keeps every
 * per-path array (paths/ and path_index included), so merge can put the shards together into what
 * one run would have written. */
static int assemble_variants(ds_run *r, ds_variant_result *vr, const char **swept,
                             char (*seg)[DS_MAX_SEGMENTS * (DS_NAME_LEN + 1)])
{
    const ds_params *P0 = &r->sc.variants[0].params;
    int n = 0;
    for (int i = 0; i < r->sc.n_variants; i++) {
        ds_run_variant *v = &r->vd[i];
        if (!v->kept) continue;
        swept[n] = r->sc.variants[i].swept;
        ds_variant_result *x = &vr[n++];
        x->name = r->sc.variants[i].name;
        x->overrides = r->sc.variants[i].overrides ? r->sc.variants[i].overrides : "";
        x->segments = segment_names(&r->sc.variants[i].params, seg[i], sizeof seg[i]);
        x->paths = v->kept;
        x->records = ds_params_records(P0);
        x->quantiles = v->q;
        x->mean = v->mean;
        x->final = v->final;
        x->path_records = P0->run.keep_paths || r->shard ? v->krec : NULL;
        x->outcomes = v->kout;
        x->outcome_summary = v->osum;
        x->n_claims = r->sc.variants[i].params.n_claims;
        x->claims = v->cl;
        x->path_index = v->kept < P0->run.paths || r->shard ? v->index : NULL;
        x->paths_run = v->ran;
        x->paths_invalid = v->invalid;
        x->n_events = scenario_event_days(&r->sc.variants[i].params, v->event_days, v->event_labels,
                                          sizeof v->event_labels);
        x->event_days = v->event_days;
        x->event_labels = v->event_labels;
    }
    return n;
}

/* The input series' provenance (results.h): what the scenario says of each,
 * its file's hash, and the knots every variant used (they share them). */
static int assemble_inputs(const ds_run *r, ds_result_input *out, char (*unit)[64])
{
    const struct ds_scenario_inputs *in = r->sc.inputs;
    const ds_params *P0 = &r->sc.variants[0].params;
    int n = in ? in->n : 0;
    for (int i = 0; i < n; i++) {
        const ds_input *e = &P0->inputs[i];
        const ds_series *s = &P0->series[i];
        if (e->scale == 1.0)
            snprintf(unit[i], 64, "%s", in->file[i].unit);
        else
            snprintf(unit[i], 64, "%s × %.17g", in->file[i].unit, e->scale);
        out[i] = (ds_result_input){.name = e->name,
                                   .file = e->file,
                                   .column = e->column,
                                   .unit = in->file[i].unit,
                                   .sha256 = in->file[i].sha256,
                                   .start = e->start,
                                   .interp = e->interp == DS_INTERP_STEP ? "step" : "linear",
                                   .value_unit = unit[i],
                                   .scale = e->scale,
                                   .rows = s->n,
                                   .t_days = P0->pool.t_days + s->first,
                                   .value = P0->pool.value + s->first};
    }
    return n;
}

/* A shard's own description (results.h): its range and every variant's counts. */
typedef struct {
    ds_shard_info info;
    const char **names;
    int *run, *invalid;
} shard_parts;

static int shard_describe(const ds_run *r, shard_parts *s)
{
    int nv = r->sc.n_variants;
    s->names = calloc((size_t)nv, sizeof *s->names);
    s->run = calloc((size_t)nv, sizeof *s->run);
    s->invalid = calloc((size_t)nv, sizeof *s->invalid);
    if (!s->names || !s->run || !s->invalid) return -1;
    for (int i = 0; i < nv; i++) {
        s->names[i] = r->sc.variants[i].name;
        s->run[i] = r->vd[i].ran;
        s->invalid[i] = r->vd[i].invalid;
    }
    s->info =
        (ds_shard_info){r->first, r->end,    r->sc.variants[0].params.run.keep_paths, nv, s->names,
                        s->run,   s->invalid};
    return 0;
}

static void shard_free(shard_parts *s)
{
    free(s->names);
    free(s->run);
    free(s->invalid);
}

/* Who made the file: the binary (the identity), where and how wide it ran. */
static void describe_provenance(const ds_run *r, const ds_run_options *o, ds_provenance *p)
{
    const ds_build_info *b = build_info();
    memset(p, 0, sizeof *p);
    p->id = &r->id;
    p->git_source = b->git_source;
    p->build_type = b->build_type;
    p->host = r->cl->host;
    p->omp_threads = r->backend.chosen == DS_BACKEND_CPU ? r->threads : 0;
    p->mpi_ranks = r->cl->size;
    p->hosts = r->cl->size > 1 || r->cl->hosts ? r->cl->hosts : NULL;
    /* the files the scenario reads, with their SHA-256: run_write, with the inputs */
    p->n_inputs = 0;
    p->resumed_from = o->resume ? o->checkpoint : NULL;
    p->resumed_paths = r->resumed_paths;
}

int run_write(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    if (r->cl->rank != 0) return DS_OK; /* rank 0 writes the one file */
    const ds_params *P0 = &r->sc.variants[0].params;
    ds_variant_result *vr = calloc((size_t)r->sc.n_variants, sizeof *vr);
    const char **swept = calloc((size_t)r->sc.n_variants, sizeof *swept);
    char(*seg)[DS_MAX_SEGMENTS * (DS_NAME_LEN + 1)] = calloc((size_t)r->sc.n_variants, sizeof *seg);
    shard_parts sp = {0};
    if (!vr || !swept || !seg || (r->shard && shard_describe(r, &sp) < 0)) {
        free(vr);
        free(swept);
        free(seg);
        shard_free(&sp);
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory for the results");
        return DS_EFAIL;
    }
    char created[32], device[sizeof r->backend.device + 64];
    iso_now(created, sizeof created);
    if (r->cl->size > 1)
        snprintf(device, sizeof device, "%d MPI ranks x %s", r->cl->size, r->backend.device);
    else
        snprintf(device, sizeof device, "%s", r->backend.device);
    ds_provenance prov;
    describe_provenance(r, o, &prov);
    ds_results res;
    memset(&res, 0, sizeof res);
    res.version = DS_VERSION;
    res.scenario_name = r->sc.name;
    res.scenario_yaml = r->sc.yaml_text;
    res.scenario_sha256 = r->scenario_sha256;
    res.seed = P0->run.seed;
    res.paths = P0->run.paths;
    res.steps = ds_params_steps(P0);
    res.records = ds_params_records(P0);
    res.step_days = P0->run.step_days;
    res.backend = r->backend.chosen == DS_BACKEND_CUDA ? "cuda" : "cpu";
    res.device = device;
    res.backend_reason = r->backend.reason;
    res.wall_seconds = r->wall_seconds;
    res.created = created;
    res.time_days = r->time_days;
    res.n_variants = assemble_variants(r, vr, swept, seg);
    res.variants = vr;
    ds_result_input inputs[DS_MAX_INPUTS];
    char input_units[DS_MAX_INPUTS][64];
    res.n_inputs = assemble_inputs(r, inputs, input_units);
    res.inputs = inputs;
    /* and their hashes in the provenance (`input_files`, sha256sum's lines) */
    const char *in_names[DS_MAX_INPUTS], *in_shas[DS_MAX_INPUTS];
    for (int i = 0; i < res.n_inputs; i++)
        in_names[i] = inputs[i].name, in_shas[i] = inputs[i].sha256;
    prov.n_inputs = res.n_inputs;
    prov.input_names = in_names;
    prov.input_sha256 = in_shas;
    res.unit_name = P0->run.unit_name;
    res.complete = r->complete;
    res.paths_requested = P0->run.paths;
    res.prov = &prov;
    res.shard = r->shard ? &sp.info : NULL;
    /* an interrupt during the write removes the temporary, unless --partial */
    res.abort = o->partial ? NULL : &r->stop;
    res.tmp_live = &r->tmp_live;
    res.before_publish = o->before_publish;
    /* what experiments add: the selection, the sweep points, the claims' notes */
    results_ext ext = {&res,
                       r->sc.variants_selected,
                       r->sc.variants_in_scenario,
                       (const char *const *)swept,
                       r->sc.sweep_axes,
                       r->analysis};
    res.ext = &ext;
    int rc = results_write(r->out, &res, o->force, errs);
    free(vr);
    free(swept);
    free(seg);
    shard_free(&sp);
    r->tmp_live = 0;
    return rc;
}

int run_conclude(ds_run *r, int rc, ds_errors *errs)
{
    /* a stage that failed has agreed already (run_agree); the write is rank 0's alone */
    if (r->agreed_failure) return rc;
    return run_agree(r, rc, errs);
}

int run_reports(const ds_run *r)
{
    return !r->cl || r->cl->rank == 0;
}

void run_free(ds_run *r)
{
    for (int i = 0; r->vd && i < r->sc.n_variants; i++) variant_free(&r->vd[i]);
    free(r->vd);
    free(r->time_days);
    free(r->work);
    free(r->scenario_sets);
    free(r->input_files);
    checkpoint_close(&r->ck);
    if (r->loaded) scenario_free(&r->sc);
    memset(r, 0, sizeof *r);
}

int run_identical_variants(const ds_run *r, ds_errors *warn)
{
    const ds_params *P0 = &r->sc.variants[0].params;
    /* the rows the buffers hold: every path, or a shard's or rank's share */
    int paths = r->rows, R = ds_params_records(P0), found = 0;
    const ds_run_variant *b = &r->vd[0];
    size_t rec = (size_t)DS_N_METRICS * paths * R * sizeof(double);
    size_t out = (size_t)DS_N_OUTCOMES * paths * sizeof(double);
    for (int v = 1; v < r->sc.n_variants; v++) {
        const ds_run_variant *x = &r->vd[v];
        const ds_params *P = &r->sc.variants[v].params;
        if (!b->kept || x->kept != b->kept || P->n_claims != P0->n_claims) continue;
        if (memcmp(x->rec, b->rec, rec) || memcmp(x->outcomes, b->outcomes, out) ||
            (P->n_claims && memcmp(x->claims, b->claims, (size_t)P->n_claims * paths)) ||
            memcmp(x->done, b->done, (size_t)paths))
            continue;
        if (++found <= 5)
            errors_add(warn, DS_OK, NULL, 0, 0, NULL,
                       "warning: variant '%.100s' gives results identical to '%.100s' on every "
                       "path: its overrides changed nothing",
                       r->sc.variants[v].name, r->sc.variants[0].name);
    }
    if (found > 5)
        errors_add(warn, DS_OK, NULL, 0, 0, NULL,
                   "warning: and %d more variants identical to '%.100s'", found - 5,
                   r->sc.variants[0].name);
    return found;
}
