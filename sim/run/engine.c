/* engine.c — the CPU (OpenMP) backend. It only arranges loops, memory and the
 * fixed-point sums; all model arithmetic is in models/. Each worker owns one
 * provider pool (struct of arrays) reused across its paths. The provider
 * passes run over vector lanes (provider_lanes.c) or, on request, one
 * provider at a time (the scalar passes below, the GPU's order). */
#include "engine.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../../models/record.h"
#include "provider_lanes.h"

/* The scalar passes: one provider at a time in index order, one Philox block
 * per four providers (the group map), as the GPU runs them; the reference the
 * lane variants (provider_lanes.c) are tested against. Pass A also serves the
 * steps of an outage (outage: the thresholds by class and region, events.h;
 * NULL: none), whatever the passes chosen: the same words, so the same
 * results. */
static ds_fx online_blocks(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                           ds_fx *hist, const uint32_t *outage)
{
    const int n = P->prov.count;
    const int blocks = (n + DS_RNG_GROUP - 1) / DS_RNG_GROUP * DS_RNG_GROUP_BLOCKS;
    ds_fx cap = 0;
    for (int b = 0; b < blocks; b++) {
        ds_rng4 r = ds_rng_block(P->run.seed, path, DS_RNG_PROVIDER_ONLINE, step, (uint32_t)b);
        for (int k = 0; k < 4; k++) {
            int i = (int)ds_rng_block_provider((uint32_t)b, k);
            if (i >= n) break;
            ds_fx c = outage ? ds_provider_online_outage(pv, i, r.v[k], outage)
                             : ds_provider_online(pv, i, r.v[k]);
            cap = ds_fx_add(cap, c);
            if (hist) hist[pv->bin[i]] = ds_fx_add(hist[pv->bin[i]], c);
        }
    }
    return cap;
}

static ds_fx scalar_online(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                           ds_fx *hist)
{
    return online_blocks(P, pv, path, step, hist, NULL);
}

static void scalar_settle(const ds_params *P, ds_providers *pv, uint32_t path, uint32_t step,
                          const ds_step_rates *s, ds_provider_sums *out)
{
    for (int i = 0; i < P->prov.count; i++) ds_provider_settle(P, pv, i, path, step, s, out);
}

static void scalar_group(uint32_t seed, uint32_t path, uint32_t purpose, uint32_t step, uint32_t g,
                         uint32_t *out)
{
    ds_rng_group(seed, path, purpose, step, g, out);
}

static const provider_passes scalar_passes = {"scalar", scalar_online, scalar_settle, scalar_group};

/* The passes runs use: NULL until chosen. */
static const provider_passes *passes;

int engine_simd_use(const char *name)
{
    int automatic = !name || !strcmp(name, "auto");
    const provider_passes *p =
        name && !strcmp(name, "scalar") ? &scalar_passes : provider_lanes_pick(name);
    if (!p && automatic) p = &scalar_passes; /* a CPU without AVX2 */
    if (!p) return DS_EFAIL;
    passes = p;
    return DS_OK;
}

/* The first run settles the choice: DEPINSIM_SIMD when set and usable, else
 * the fastest the CPU runs. Called before any parallel region. */
static const provider_passes *passes_chosen(void)
{
    if (!passes) {
        const char *env = getenv("DEPINSIM_SIMD");
        if (!env || !*env || engine_simd_use(env) != DS_OK) engine_simd_use(NULL);
    }
    return passes;
}

const char *engine_simd_name(void)
{
    return passes_chosen()->name;
}

typedef struct {
    ds_providers pv;
    void *block;
    const provider_passes *passes; /* the run's provider passes */
} worker_pool;

/* One allocation per worker, the arrays 64-byte aligned (DS_PROVIDER_FIELDS:
 * largest elements first), and the passes chosen for the run. */
static int pool_alloc(worker_pool *w, int n, const provider_passes *passes)
{
    w->passes = passes;
    size_t total = ds_providers_layout(NULL, NULL, (size_t)n, 64);
    char *p = NULL;
    if (posix_memalign((void **)&p, 64, total ? total : 64) != 0) return -1;
    memset(p, 0, total);
    w->block = p;
    ds_providers_layout(&w->pv, p, (size_t)n, 64);
    return 0;
}

/* The arrays' bytes plus up to 64 bytes of alignment padding each. */
size_t engine_bytes_per_worker(int n)
{
    return (size_t)n * DS_PROVIDER_SLOT_BYTES + DS_PROVIDER_N_FIELDS * 64;
}

/* Progress is drawn by one thread only: terminal writes from several would interleave. */
static int is_master(void)
{
#ifdef _OPENMP
    return omp_get_thread_num() == 0;
#else
    return 1;
#endif
}

static void progress_tick(ds_progress *p)
{
    p->tick(p->ctx, p->done, p->total, p->paths_done, p->paths_total);
}

/* Each DS_BAD_* (models/path.h): what is invalid, and how, in the words of the
 * check that found it. */
static const struct {
    const char *name, *fault;
} bad_words[] = {
    {"none", "is valid"},
    {"token_price", "is not finite or not positive"},
    {"circulating_supply", "is negative (or the locked supply is)"},
    {"capacity", "is not finite or is negative"},
    {"demand", "is not finite or is negative"},
    {"served", "is not finite or is negative"},
    {"network_price", "is not finite or is negative"},
    {"treasury", "is not finite"},
    {"provider sums", "are negative"},
    {"a token amount, the capacity or a USD sum",
     "left the fixed-point range (a sum wrapped, or clamped at 2.5e12)"},
};
#define N_BAD_WORDS ((int)(sizeof bad_words / sizeof bad_words[0]))
DS_STATIC_ASSERT(N_BAD_WORDS == DS_BAD_FX_RANGE + 1, "a message for every DS_BAD_*");

const char *engine_bad_name(int bad)
{
    return bad >= 0 && bad < N_BAD_WORDS ? bad_words[bad].name : "state";
}

int engine_report_invalid(const ds_params *P, int path, int step, int bad, ds_errors *errs)
{
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
               "path %d, step %d (day %g): %s %s (run.on_invalid: fail; use flag to leave such "
               "paths out)",
               path, step, (step + 1) * P->run.step_days, engine_bad_name(bad),
               bad >= 0 && bad < N_BAD_WORDS ? bad_words[bad].fault : "is invalid");
    return DS_EFAIL;
}

/* How a path ended. */
typedef struct {
    int done;     /* ran to the end */
    int bad_step; /* −1, or the step whose record found an invalid state */
    int bad;      /* DS_BAD_* */
} path_end;

/* One path, start to end. rec points at metric 0 of this path; metric m's
 * records are at rec[m·stride + r]. outcomes/holds: this path's slots, strided
 * by ostride (NULL to skip). */
static path_end simulate_path(const ds_params *P, worker_pool *w, uint32_t path, double *rec,
                              size_t stride, double *outcomes, uint8_t *holds, size_t ostride,
                              ds_progress *progress, ds_step_hook hook, void *ctx)
{
    path_end end = {0, -1, DS_BAD_NONE};
    ds_providers *pv = &w->pv;
    const provider_passes *passes = w->passes;
    int n = P->prov.count, steps = ds_params_steps(P);
    int hist_on = ds_path_uses_hist(P); /* the auction's bins, or eligibility groups */
    ds_path S;
    ds_path_init(P, &S, path);
    for (int i = 0; i < n; i++) ds_provider_init(P, pv, i, path);
    int32_t active = 0;
    for (int i = 0; i < n; i++) active += pv->status[i] == DS_ACTIVE;
    ds_path_start(P, &S, active);

    ds_fx hist[DS_AUCTION_BINS];
    int since_tick = 0;
    for (int step = 0; step < steps; step++) {
        ds_path_begin(P, &S, step);
        if (hist_on) memset(hist, 0, sizeof hist);
        /* an outage (events.h, rare) takes the scalar pass with its thresholds */
        ds_fx cap =
            S.ev.outage
                ? online_blocks(P, pv, path, (uint32_t)step, hist_on ? hist : NULL, S.ev.avail_thr)
                : passes->online(P, pv, path, (uint32_t)step, hist_on ? hist : NULL);
        ds_path_clear(P, &S, cap, hist_on ? hist : NULL);
        ds_provider_sums sums = S.sums;
        passes->settle(P, pv, path, (uint32_t)step, &S.rates, &sums);
        S.sums = sums;
        ds_path_end(P, &S);
        assert(ds_path_ledger_ok(P, &S)); /* SQLite-style: debug builds check every step */
        int bad = ds_record_step(P, &S, rec, stride);
        if (hook) hook(ctx, &S, step);
        if (bad != DS_BAD_NONE) { /* the rest of this path is undefined: stop here */
            end.bad_step = step;
            end.bad = bad;
            break;
        }
        if (progress && ++since_tick == 16) {
#pragma omp atomic
            progress->done += since_tick;
            since_tick = 0;
            if (progress->tick && is_master()) progress_tick(progress);
        }
        if (progress && progress->stop) return end; /* within one step of a signal */
    }
    if (progress && since_tick) {
#pragma omp atomic
        progress->done += since_tick;
    }
    end.done = end.bad_step < 0;
    if (outcomes) ds_record_outcomes(P, &S, outcomes, holds, ostride);
    return end;
}

int engine_run_path(const ds_params *P, uint32_t path, double *rec_one, ds_step_hook hook,
                    void *ctx)
{
    worker_pool w;
    if (pool_alloc(&w, P->prov.count, passes_chosen()) != 0) return DS_EFAIL;
    simulate_path(P, &w, path, rec_one, (size_t)ds_params_records(P), NULL, NULL, 0, NULL, hook,
                  ctx);
    free(w.block);
    return DS_OK;
}

int engine_run_cpu(const ds_params *P, int first, int count, const ds_run_buffers *out, int threads,
                   ds_progress *progress, ds_errors *errs)
{
    int records = ds_params_records(P), paths_total = out->paths_total;
    size_t stride = (size_t)paths_total * (size_t)records;
    if (count > 0 &&
        (first < out->path_offset || (long)first + count > (long)out->path_offset + paths_total)) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "internal: paths [%d, %d) are outside the buffers' rows [%d, %ld)", first,
                   first + count, out->path_offset, (long)out->path_offset + paths_total);
        return DS_EFAIL;
    }
    int failed = 0;
    /* the first invalid path (lowest index, so the report is the same on any
     * thread count) when on_invalid is fail */
    int bad_path = -1, bad_step = -1, bad_var = 0;
#ifdef _OPENMP
    if (threads <= 0) threads = omp_get_max_threads();
#else
    threads = 1;
#endif
    const provider_passes *chosen = passes_chosen();
#pragma omp parallel num_threads(threads) reduction(| : failed)
    {
        worker_pool w;
        int ok = pool_alloc(&w, P->prov.count, chosen) == 0;
        if (!ok) failed = 1;
#pragma omp for schedule(dynamic, 1)
        for (int k = 0; k < count; k++) {
            int p = first + k, worst;
#pragma omp atomic read
            worst = bad_path;
            /* under fail, paths after the first invalid one need not run; those
             * before still do, so the path reported is the same on any thread count */
            if (!ok || (progress && progress->stop) || (worst >= 0 && p > worst)) continue;
            size_t row = (size_t)(p - out->path_offset); /* the buffers' row of path p */
            path_end e = simulate_path(P, &w, (uint32_t)p, out->rec + row * records, stride,
                                       out->outcomes ? out->outcomes + row : NULL,
                                       out->claims ? out->claims + row : NULL, (size_t)paths_total,
                                       progress, NULL, NULL);
            if (out->done) out->done[row] = (uint8_t)e.done;
            if (out->bad_step) out->bad_step[row] = e.bad_step;
            if (out->bad_variable) out->bad_variable[row] = (uint8_t)e.bad;
            if (progress && (e.done || e.bad_step >= 0)) {
                /* a path cut short by a stop is not finished */
#pragma omp atomic
                progress->paths_done++;
                if (progress->tick && is_master()) progress_tick(progress);
            }
            if (e.bad_step >= 0 && P->run.on_invalid == DS_INVALID_FAIL) {
#pragma omp critical(ds_invalid)
                if (bad_path < 0 || p < bad_path) {
                    bad_step = e.bad_step;
                    bad_var = e.bad;
#pragma omp atomic write
                    bad_path = p;
                }
            }
        }
        if (ok) free(w.block);
    }
    if (failed) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "cannot allocate the provider pool (%zu bytes per thread)",
                   engine_bytes_per_worker(P->prov.count));
        return DS_EFAIL;
    }
    if (bad_path >= 0) {
        return engine_report_invalid(P, bad_path, bad_step, bad_var, errs);
    }
    if (progress && progress->stop) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "interrupted");
        return DS_EFAIL;
    }
    return DS_OK;
}
