/* run_paths.c — simulating a run's paths (run.h's simulate stage) as path
 * ranges (DESIGN.md §2): this process's share of the paths (all of them, a
 * shard's, an MPI rank's) less what a checkpoint already holds, in blocks
 * saved to the checkpoint as they complete; then, under MPI, every rank's
 * rows sent to rank 0 and the ranks agreeing on how it went. Nothing here
 * prints. */
#include "run_int.h"

#include <stdlib.h>
#include <string.h>

#include "../error.h"
#include "progress.h"

int run_agree(ds_run *r, int rc, ds_errors *errs)
{
    int quiet = rc != DS_OK && r->peer_stopped && !r->stop;
    int all = cluster_agree(r->cl, rc, quiet, errs);
    if (all != DS_OK) r->agreed_failure = 1;
    return all;
}

/* [a, b) less the sorted, disjoint ranges cov[n] into out (NULL: count only);
 * the number of ranges. */
static int subtract(int a, int b, int (*cov)[2], int n, int (*out)[2])
{
    int k = 0, cur = a;
    for (int i = 0; i < n && cur < b; i++) {
        if (cov[i][1] <= cur) continue;
        if (cov[i][0] >= b) break;
        if (cov[i][0] > cur) {
            if (out) out[k][0] = cur, out[k][1] = cov[i][0];
            k++;
        }
        if (cov[i][1] > cur) cur = cov[i][1];
    }
    if (cur < b) {
        if (out) out[k][0] = cur, out[k][1] = b;
        k++;
    }
    return k;
}

/* A rank's work: its share of first..end less the covered ranges; malloc'd. */
static int work_of(const ds_run *r, int rank, int (*cov)[2], int n, int (**out)[2])
{
    int a, b;
    cluster_share(r->cl, rank, r->first, r->end, &a, &b);
    int k = subtract(a, b, cov, n, NULL);
    *out = malloc((size_t)(k ? k : 1) * sizeof **out);
    if (*out) subtract(a, b, cov, n, *out);
    return *out ? k : -1;
}

/* One variant's rows as the checkpoint blocks hold them. */
static ds_rows rows_of(const ds_run *r, int v)
{
    const ds_run_variant *x = &r->vd[v];
    ds_rows w = {x->rec,  x->outcomes, x->claims,
                 x->done, x->bad_step, x->bad_var,
                 r->rows, r->row0,     r->sc.variants[v].params.n_claims};
    return w;
}

/* The covered ranges as rank 0 found them, to every rank. */
static int share_covered(ds_run *r, int (**cov)[2], int *n, ds_errors *errs)
{
    *n = r->cl->rank == 0 ? r->ck.n : 0;
    *cov = NULL;
    if (cluster_bcast_ints(r->cl, n, 1, errs)) return DS_EFAIL;
    if (!(*cov = malloc((size_t)(*n ? *n : 1) * sizeof **cov))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return cluster_abort(r->cl, DS_EFAIL); /* rank 0 would wait in the bcast below */
    }
    if (r->cl->rank == 0)
        for (int i = 0; i < *n; i++)
            (*cov)[i][0] = r->ck.have[i][0], (*cov)[i][1] = r->ck.have[i][1];
    return cluster_bcast_ints(r->cl, &(*cov)[0][0], 2 * *n, errs);
}

int run_plan(ds_run *r, ds_errors *errs)
{
    int(*cov)[2] = NULL, n = 0;
    int rc = share_covered(r, &cov, &n, errs);
    if (rc == DS_OK && (r->n_work = work_of(r, r->cl->rank, cov, n, &r->work)) < 0) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        rc = DS_EFAIL;
    }
    for (int i = 0; i < n; i++) r->resumed_paths += cov[i][1] - cov[i][0];
    free(cov);
    const ds_params *P0 = &r->sc.variants[0].params;
    int nv = r->sc.n_variants, steps = ds_params_steps(P0), R = ds_params_records(P0);
    /* rank 0 holds every path: the blocks a checkpoint kept go into its rows */
    ds_rows *rows = calloc((size_t)nv, sizeof *rows);
    if (!rows && rc == DS_OK) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        rc = DS_EFAIL;
    }
    for (int v = 0; rc == DS_OK && v < nv; v++) rows[v] = rows_of(r, v);
    for (int i = 0; rc == DS_OK && r->cl->rank == 0 && i < r->ck.n; i++)
        rc = checkpoint_load(&r->ck, i, R, steps, nv, rows, errs);
    free(rows);
    long work = 0;
    for (int i = 0; i < r->n_work; i++) work += r->work[i][1] - r->work[i][0];
    r->progress.paths_total = (long)nv * work;
    r->progress.total = r->progress.paths_total * steps;
    return rc;
}

/* The caller's progress callback, after a look at the stop channel: a rank
 * that failed or was interrupted asks the others to stop. Called by one
 * thread only (backend.h), the one MPI runs on. */
static void run_tick(void *ctx, long done, long total, long paths_done, long paths_total)
{
    ds_run *r = ctx;
    if (!r->peer_stopped && cluster_stop_poll(r->cl, NULL)) {
        r->peer_stopped = 1;
        r->progress.stop = 1;
    }
    if (r->user_tick) r->user_tick(r->user_ctx, done, total, paths_done, paths_total);
}

/* Paths per checkpoint block: enough for every thread several times over
 * (the block waits for its slowest path), and at most about 64 blocks per
 * process; on a GPU, batches worth launching. */
static int block_paths(const ds_run *r, int paths)
{
    int b = 4 * (r->threads > 0 ? r->threads : 1), spread = (paths + 63) / 64;
    if (spread > b) b = spread;
    if (r->backend.chosen == DS_BACKEND_CUDA && b < 1024) b = 1024;
    return b;
}

/* Paths [b0, b1) of every variant. */
static int run_block(ds_run *r, int b0, int b1, ds_errors *errs)
{
    for (int i = 0; i < r->sc.n_variants && !r->progress.stop; i++) {
        ds_run_variant *v = &r->vd[i];
        ds_run_buffers buf = {r->rows, v->rec,      v->outcomes, v->claims,
                              v->done, v->bad_step, v->bad_var,  r->row0};
        int st = backend_run_on(&r->backend, &r->sc.variants[i].params, b0, b1 - b0, &buf,
                                &r->progress, errs);
        if (st == DS_OK) continue;
        if (errs->n && !r->progress.stop) {
            /* name the variant in front of the engine's path/step/variable */
            ds_error *it = &errs->items[errs->n - 1];
            if (!it->key[0])
                snprintf(it->key, sizeof it->key, "variant %.100s", r->sc.variants[i].name);
        }
        return st;
    }
    return r->progress.stop ? DS_EFAIL : DS_OK;
}

/* Every work range, block by block, each block saved as it completes. */
static int simulate_work(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    const ds_params *P0 = &r->sc.variants[0].params;
    int nv = r->sc.n_variants, R = ds_params_records(P0);
    ds_rows *rows = o->checkpoint ? calloc((size_t)nv, sizeof *rows) : NULL;
    if (o->checkpoint && !rows) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    for (int v = 0; rows && v < nv; v++) rows[v] = rows_of(r, v);
    int rc = DS_OK;
    for (int w = 0; rc == DS_OK && w < r->n_work && !r->progress.stop; w++) {
        int x = r->work[w][0], y = r->work[w][1];
        int step = o->checkpoint ? block_paths(r, y - x) : y - x;
        for (int b0 = x; rc == DS_OK && b0 < y && !r->progress.stop; b0 += step) {
            int b1 = y - b0 < step ? y : b0 + step;
            rc = run_block(r, b0, b1, errs);
            if (rc == DS_OK && rows)
                rc = checkpoint_save(&r->ck, &r->id, b0, b1, R, nv, rows, errs);
            if (rc == DS_OK && rows && o->on_saved && r->cl->rank == 0)
                o->on_saved(o->on_saved_ctx, b0, b1);
        }
    }
    free(rows);
    return rc;
}

/* Rank 0 receives every other rank's work rows, variant by variant. */
static int gather_rows(ds_run *r, ds_errors *errs)
{
    if (r->cl->size < 2) return DS_OK;
    const ds_params *P0 = &r->sc.variants[0].params;
    int R = ds_params_records(P0), rc = DS_OK;
    for (int from = 1; rc == DS_OK && from < r->cl->size; from++) {
        int(*work)[2] = r->work, n = r->n_work;
        if (r->cl->rank == 0 && (n = work_of(r, from, r->ck.have, r->ck.n, &work)) < 0) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            return cluster_abort(r->cl, DS_EFAIL); /* the senders would wait */
        }
        if (r->cl->rank != 0 && r->cl->rank != from) continue;
        for (int w = 0; rc == DS_OK && w < n; w++)
            for (int i = 0; rc == DS_OK && i < r->sc.n_variants; i++) {
                ds_run_variant *v = &r->vd[i];
                ds_run_buffers buf = {r->rows, v->rec,      v->outcomes, v->claims,
                                      v->done, v->bad_step, v->bad_var,  r->row0};
                rc = cluster_send_rows(r->cl, from, work[w][0], work[w][1], R,
                                       r->sc.variants[i].params.n_claims, &buf, errs);
            }
        if (work != r->work) free(work);
    }
    return rc;
}

int run_simulate(ds_run *r, const ds_run_options *o, ds_errors *errs)
{
    double t0 = progress_now();
    r->user_tick = r->progress.tick;
    r->user_ctx = r->progress.ctx;
    r->progress.tick = run_tick;
    r->progress.ctx = r;
    cluster_stop_open(r->cl);
    int rc = simulate_work(r, o, errs);
    /* a failure or an interrupt here stops the other ranks too */
    if (rc != DS_OK && !r->peer_stopped) cluster_stop_send(r->cl);
    int closed = cluster_stop_close(r->cl, errs);
    r->progress.tick = r->user_tick;
    r->progress.ctx = r->user_ctx;
    r->wall_seconds = progress_now() - t0;
    if (closed != DS_OK) rc = closed;

    /* how it ended here: ran, failed, interrupted (a signal), or stopped by
     * another rank; an interrupt or a stop keeps the completed paths with
     * --partial, else nothing is written */
    int cut = r->stop || (r->peer_stopped && rc != DS_OK);
    if (cut && closed == DS_OK) {
        errors_free(errs); /* "interrupted" from the engine: said below, or expected */
        rc = o->partial ? DS_OK : DS_EFAIL;
        if (!o->partial)
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                       "interrupted: nothing written (use --partial to keep the completed "
                       "paths)");
    }
    rc = run_agree(r, rc, errs);
    int whole = !cut;
    if (rc == DS_OK && cluster_all_min(r->cl, &whole, errs) != DS_OK)
        rc = run_agree(r, DS_EFAIL, errs);
    r->complete = whole;
    if (rc == DS_OK) rc = run_agree(r, gather_rows(r, errs), errs);
    return rc;
}
