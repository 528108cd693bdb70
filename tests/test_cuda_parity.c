/* test_cuda_parity.c — the CUDA backend against the CPU reference (STYLE.md 2,
 * 15), scenario by scenario and path by path, in the spirit of ggml's
 * test-backend-ops. Two modes:
 *   test_cuda_parity memory   the device-memory estimate and batch sizing (pure
 *                             host arithmetic: runs everywhere CUDA is built)
 *   test_cuda_parity          parity; exits 77 (ctest: skipped) with no device */
#include <glob.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernels/backend_cuda.h"
#include "../models/path.h"
#include "backend.h"
#include "engine.h"
#include "results.h"
#include "scenario.h"

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            if (++failures <= 40) { /* the first few say enough */                                 \
                printf("%s:%d: FAIL: ", __FILE__, __LINE__);                                       \
                printf(__VA_ARGS__);                                                               \
                printf("\n");                                                                      \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* Tolerance for floating metrics: |gpu − cpu| <= ABS + REL·|cpu|. Why not
 * exact: Box–Muller (log, sqrt, cos, sin), demand growth (exp), the token
 * market (exp, log) and pow in the entry and exit rates go through glibc on
 * the CPU and CUDA's libm on the GPU, which differ by an ulp in some results;
 * the token price feeds back into every later step, so an ulp can grow.
 * Provisional: to be measured on a GPU (the report prints the largest
 * difference seen) and tightened or loosened with the figure written here. */
#define PARITY_REL 1e-9
#define PARITY_ABS 1e-12

/* Exact metrics: integer counts and the fixed-point token ledger, summed as
 * integers in any order; they equal the CPU's as long as the doubles they are
 * converted from agree. */
static int metric_exact(int m)
{
    return m == DS_M_ACTIVE_PROVIDERS || m == DS_M_CIRCULATING_SUPPLY || m == DS_M_MINTED ||
           m == DS_M_BURNED || m == DS_M_UNLOCKED;
}
static int outcome_exact(int k)
{
    return k == DS_O_MIN_ACTIVE_PROVIDERS || k == DS_O_SUSTAINABILITY_DAY || k == DS_O_DEATH_SPIRAL;
}

static int load(const char *path, ds_scenario *sc, const char **sets, int nsets)
{
    memset(sc, 0, sizeof *sc);
    ds_errors errs = {0};
    int rc = scenario_load(path, sc, &errs);
    for (int i = 0; rc == DS_OK && i < nsets; i++) rc = scenario_set(sc, sets[i], i + 1, &errs);
    if (rc == DS_OK) rc = scenario_check(sc, &errs);
    if (rc != DS_OK) {
        printf("%s: cannot load:\n", path);
        errors_print(&errs, stdout);
    }
    errors_free(&errs);
    return rc;
}

/* ------------------------------------------------------------ memory mode */

static int test_memory(void)
{
    ds_scenario sc;
    if (load("tests/data/small.yaml", &sc, NULL, 0) != DS_OK) return 1;
    ds_params P = sc.variants[0].params;
    const size_t slot = 10 * sizeof(double) + sizeof(ds_fx) + sizeof(uint32_t) + 5; /* 97 */

    /* linear in providers, padded to DS_CUDA_POOL_ALIGN slots */
    size_t b[4];
    for (int k = 1; k <= 3; k++) {
        P.prov.count = k * DS_CUDA_POOL_ALIGN;
        b[k] = cuda_bytes_per_path(&P);
    }
    CHECK(b[2] - b[1] == DS_CUDA_POOL_ALIGN * slot, "per 128 providers: %zu, want %zu", b[2] - b[1],
          DS_CUDA_POOL_ALIGN * slot);
    CHECK(b[3] - b[2] == b[2] - b[1], "not linear in providers");
    P.prov.count = 2 * DS_CUDA_POOL_ALIGN + 1;
    CHECK(cuda_bytes_per_path(&P) == b[3], "a partial block of slots is padded");
    P.prov.count = 300;

    /* linear in records: each record is DS_N_METRICS doubles */
    P.run.record_every = 10;
    int R1 = ds_params_records(&P);
    size_t r1 = cuda_bytes_per_path(&P);
    P.run.record_every = 1;
    int R2 = ds_params_records(&P);
    size_t r2 = cuda_bytes_per_path(&P);
    CHECK(r2 - r1 == (size_t)(R2 - R1) * DS_N_METRICS * sizeof(double),
          "per record: %zu bytes for %d records", r2 - r1, R2 - R1);

    /* batch sizing: 80% of free memory, less the fixed part */
    CHECK(cuda_batch_paths(1000, 0, 10000) == 8, "8 paths in 10000 bytes");
    CHECK(cuda_batch_paths(1000, 0, 1249) == 0, "80%% of 1249 < 1000");
    CHECK(cuda_batch_paths(1000, 0, 1250) == 1, "80%% of 1250 == 1000");
    CHECK(cuda_batch_paths(1000, 500, 10000) == 7, "fixed bytes come off first");
    CHECK(cuda_batch_paths(1000, 9000, 10000) == 0, "fixed larger than usable");
    CHECK(cuda_batch_paths(0, 0, 10000) == 0, "no size, no batch");
    size_t huge = cuda_batch_paths(1, 0, SIZE_MAX);
    CHECK(huge > SIZE_MAX / 10 * 7 && huge <= SIZE_MAX / 10 * 8 + 8, "no overflow near SIZE_MAX");

    /* the benchmark's figure: bench/throughput.yaml at 4,096 paths */
    ds_scenario bt;
    const char *sets[] = {"run.paths=4096"};
    if (load("bench/throughput.yaml", &bt, sets, 1) == DS_OK) {
        const ds_params *Q = &bt.variants[0].params;
        size_t per = cuda_bytes_per_path(Q), fixed = cuda_bytes_fixed(Q);
        double total = 4096.0 * (double)per + (double)fixed;
        printf("bench/throughput.yaml: %d providers, %d records: %zu bytes per path; 4096 paths "
               "need %.0f bytes (%.2f GiB)\n",
               Q->prov.count, ds_params_records(Q), per, total, total / 1073741824.0);
        size_t h100 = (size_t)80 * 1000 * 1000 * 1000; /* an H100's 80 GB, all free */
        CHECK(cuda_batch_paths(per, fixed, h100) >= 4096, "4096 paths fit an H100 in one batch");
        scenario_free(&bt);
    } else {
        failures++;
    }
    scenario_free(&sc);
    printf("cuda memory estimate: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}

/* ------------------------------------------------------------ parity mode */

typedef struct {
    double *rec, *outcomes;
    uint8_t *claims, *done, *bad_var;
    int32_t *bad_step;
} run_out;

static int run_alloc(run_out *o, const ds_params *P)
{
    size_t paths = (size_t)P->run.paths, R = (size_t)ds_params_records(P);
    o->rec = malloc((size_t)DS_N_METRICS * paths * R * sizeof(double));
    o->outcomes = malloc((size_t)DS_N_OUTCOMES * paths * sizeof(double));
    o->claims = calloc((size_t)(P->n_claims + 1) * paths, 1);
    o->done = calloc(paths, 1);
    o->bad_var = calloc(paths, 1);
    o->bad_step = calloc(paths, sizeof(int32_t));
    return o->rec && o->outcomes && o->claims && o->done && o->bad_var && o->bad_step ? 0 : -1;
}

static void run_free(run_out *o)
{
    free(o->rec);
    free(o->outcomes);
    free(o->claims);
    free(o->done);
    free(o->bad_var);
    free(o->bad_step);
}

static ds_run_buffers buffers(const ds_params *P, run_out *o)
{
    ds_run_buffers buf;
    memset(&buf, 0, sizeof buf);
    buf.paths_total = P->run.paths;
    buf.rec = o->rec;
    buf.outcomes = o->outcomes;
    buf.claims = o->claims;
    buf.done = o->done;
    buf.bad_step = o->bad_step;
    buf.bad_variable = o->bad_var;
    return buf;
}

static int run_backend(int backend, const ds_params *P, int first, int count, run_out *o)
{
    ds_run_buffers buf = buffers(P, o);
    ds_errors errs = {0};
    int rc = backend_run(backend, P, first, count, &buf, 0, NULL, &errs);
    if (rc != DS_OK) {
        printf("%s backend failed: ", backend == DS_BACKEND_CUDA ? "cuda" : "cpu");
        errors_print(&errs, stdout);
    }
    errors_free(&errs);
    return rc;
}

/* Largest differences over a whole scenario, for the report. */
typedef struct {
    double rel, abs;
    char where[600];
    long compared, exact_compared;
} worst;

/* One value against the reference; NaN (undefined) must match NaN. */
static void compare(double cpu, double gpu, int exact, const char *label, int path, int r, worst *w)
{
    int nc = cpu != cpu, ng = gpu != gpu;
    if (nc || ng) {
        CHECK(nc && ng, "%s path %d record %d: cpu %.17g gpu %.17g", label, path, r, cpu, gpu);
        return;
    }
    double d = fabs(gpu - cpu);
    if (exact) {
        w->exact_compared++;
        CHECK(d == 0.0, "%s path %d record %d: exact, cpu %.17g gpu %.17g", label, path, r, cpu,
              gpu);
        return;
    }
    w->compared++;
    double rel = cpu != 0.0 ? d / fabs(cpu) : (d > 0.0 ? INFINITY : 0.0);
    CHECK(d <= PARITY_ABS + PARITY_REL * fabs(cpu),
          "%s path %d record %d: cpu %.17g gpu %.17g (rel %.3g)", label, path, r, cpu, gpu, rel);
    if (d > 0.0 && rel > w->rel) {
        w->rel = rel;
        snprintf(w->where, sizeof w->where, "%s, path %d, record %d", label, path, r);
    }
    if (d > w->abs) w->abs = d;
}

static void compare_runs(const ds_params *P, const run_out *c, const run_out *g, const char *tag,
                         worst *w)
{
    int paths = P->run.paths, R = ds_params_records(P);
    char label[512];
    for (int m = 0; m < DS_N_METRICS; m++)
        for (int p = 0; p < paths; p++)
            for (int r = 0; r < R; r++) {
                size_t i = ((size_t)m * paths + p) * R + r;
                snprintf(label, sizeof label, "%s %s", tag, ds_metric_names[m]);
                compare(c->rec[i], g->rec[i], metric_exact(m), label, p, r, w);
            }
    for (int k = 0; k < DS_N_OUTCOMES; k++)
        for (int p = 0; p < paths; p++) {
            size_t i = (size_t)k * paths + p;
            snprintf(label, sizeof label, "%s outcome %s", tag, ds_outcome_names[k]);
            compare(c->outcomes[i], g->outcomes[i], outcome_exact(k), label, p, -1, w);
        }
    for (int k = 0; k < P->n_claims; k++)
        for (int p = 0; p < paths; p++) {
            size_t i = (size_t)k * paths + p;
            CHECK(c->claims[i] == g->claims[i], "%s claim %s path %d: cpu %d gpu %d", tag,
                  P->claims[k].name, p, c->claims[i], g->claims[i]);
        }
    for (int p = 0; p < paths; p++) /* ran to the end, or stopped at the same invalid state */
        CHECK(c->done[p] == g->done[p] && c->bad_step[p] == g->bad_step[p] &&
                  c->bad_var[p] == g->bad_var[p],
              "%s path %d: cpu done %d bad step %d (%d), gpu done %d bad step %d (%d)", tag, p,
              c->done[p], c->bad_step[p], c->bad_var[p], g->done[p], g->bad_step[p], g->bad_var[p]);
}

/* Paths per scenario, the longest horizon and the most variants compared:
 * enough to cover every mechanism, short enough for a test. */
#define PARITY_PATHS 8
#define PARITY_MAX_DAYS 730
#define PARITY_MAX_VARIANTS 16

#define STR_(x) #x
#define STR(x) STR_(x)

static void parity_scenario(const char *file)
{
    ds_scenario sc;
    const char *sets[2] = {"run.paths=" STR(PARITY_PATHS),
                           "run.horizon_days=" STR(PARITY_MAX_DAYS)};
    if (load(file, &sc, sets, 1) != DS_OK) {
        failures++;
        return;
    }
    if (sc.base.run.horizon_days > PARITY_MAX_DAYS) { /* shorten it, if the file still checks */
        ds_scenario shorter;
        if (load(file, &shorter, sets, 2) == DS_OK) {
            scenario_free(&sc);
            sc = shorter;
        } else {
            printf("%s: kept the full horizon\n", file);
        }
    }
    int nv = sc.n_variants < PARITY_MAX_VARIANTS ? sc.n_variants : PARITY_MAX_VARIANTS;
    worst w = {0};
    int before = failures;
    for (int v = 0; v < nv; v++) {
        const ds_params *P = &sc.variants[v].params;
        run_out c, g;
        memset(&c, 0, sizeof c);
        memset(&g, 0, sizeof g);
        if (run_alloc(&c, P) || run_alloc(&g, P)) {
            CHECK(0, "%s: out of memory", file);
        } else if (run_backend(DS_BACKEND_CPU, P, 0, P->run.paths, &c) == DS_OK &&
                   run_backend(DS_BACKEND_CUDA, P, 0, P->run.paths, &g) == DS_OK) {
            char tag[320];
            snprintf(tag, sizeof tag, "%s [%s]", file, sc.variants[v].name);
            compare_runs(P, &c, &g, tag, &w);
        } else {
            failures++;
        }
        run_free(&c);
        run_free(&g);
    }
    printf("%-36s %2d variant(s)%s, %d paths, %g days: %s; exact %ld values, tolerance %ld "
           "values; largest rel %.3g (%s), largest abs %.3g\n",
           file, nv, sc.n_variants > nv ? " (of more)" : "", PARITY_PATHS, sc.base.run.horizon_days,
           failures == before ? "ok" : "FAILED", w.exact_compared, w.compared, w.rel,
           w.rel > 0.0 ? w.where : "all equal", w.abs);
    scenario_free(&sc);
}

/* The GPU result does not depend on how paths are batched or which range a
 * call covers: bit for bit (the same kernel on the same paths). */
static void batching_and_ranges(void)
{
    ds_scenario sc;
    if (load("tests/data/small.yaml", &sc, NULL, 0) != DS_OK) {
        failures++;
        return;
    }
    const ds_params *P = &sc.variants[0].params;
    int paths = P->run.paths, R = ds_params_records(P), before = failures;
    run_out whole, batched, part;
    memset(&whole, 0, sizeof whole);
    memset(&batched, 0, sizeof batched);
    memset(&part, 0, sizeof part);
    if (run_alloc(&whole, P) || run_alloc(&batched, P) || run_alloc(&part, P)) {
        CHECK(0, "out of memory");
        goto done;
    }
    if (run_backend(DS_BACKEND_CUDA, P, 0, paths, &whole) != DS_OK) {
        failures++;
        goto done;
    }
    /* a budget for two paths per batch (80% of it holds 2 paths + the fixed part) */
    char budget[64];
    size_t two = 2 * cuda_bytes_per_path(P) + cuda_bytes_fixed(P);
    snprintf(budget, sizeof budget, "%zu", two / 4 * 5 + 5);
    setenv("DEPINSIM_CUDA_MEMORY", budget, 1);
    int rc = run_backend(DS_BACKEND_CUDA, P, 0, paths, &batched);
    CHECK(rc == DS_OK, "batched run failed");
    if (rc == DS_OK) {
        size_t nrec = (size_t)DS_N_METRICS * paths * R, nout = (size_t)DS_N_OUTCOMES * paths;
        CHECK(!memcmp(whole.rec, batched.rec, nrec * sizeof(double)), "batches of 2: records");
        CHECK(!memcmp(whole.outcomes, batched.outcomes, nout * sizeof(double)),
              "batches of 2: outcomes");
    }
    /* not even one path fits: a clear error, exit status 1 */
    setenv("DEPINSIM_CUDA_MEMORY", "1000", 1);
    {
        ds_run_buffers buf = buffers(P, &part);
        ds_errors errs = {0};
        rc = backend_run(DS_BACKEND_CUDA, P, 0, paths, &buf, 0, NULL, &errs);
        CHECK(rc == DS_EFAIL && errs.n == 1 && strstr(errs.items[0].msg, "one path needs"),
              "too little memory: rc %d, message '%s'", rc, errs.n ? errs.items[0].msg : "");
        errors_free(&errs);
    }
    unsetenv("DEPINSIM_CUDA_MEMORY");
    /* a sub-range lands in its own slots and equals the whole run there */
    int first = 2, count = paths - 3;
    if (run_backend(DS_BACKEND_CUDA, P, first, count, &part) == DS_OK) {
        for (int m = 0; m < DS_N_METRICS; m++)
            for (int p = first; p < first + count; p++) {
                size_t i = ((size_t)m * paths + p) * R;
                CHECK(!memcmp(whole.rec + i, part.rec + i, (size_t)R * sizeof(double)),
                      "range [%d, %d): %s path %d", first, first + count, ds_metric_names[m], p);
            }
    } else {
        failures++;
    }
    printf("batching and path ranges: %s\n", failures > before ? "FAILED" : "ok");
done:
    run_free(&whole);
    run_free(&batched);
    run_free(&part);
    scenario_free(&sc);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "memory")) return test_memory();

    char name[256];
    size_t free_bytes = 0;
    if (cuda_device_info(name, sizeof name, &free_bytes) != 0) {
        printf("no CUDA device: skipped (%s)\n", name);
        return 77;
    }
    printf("device: %s, %.1f GiB free; tolerance: abs %g + rel %g of |cpu|\n", name,
           (double)free_bytes / 1073741824.0, PARITY_ABS, PARITY_REL);

    batching_and_ranges();
    glob_t g;
    memset(&g, 0, sizeof g);
    glob("scenarios/*.yaml", 0, NULL, &g);
    glob("tests/data/small.yaml", GLOB_APPEND, NULL, &g);
    glob("tests/data/mechanisms.yaml", GLOB_APPEND, NULL, &g);
    CHECK(g.gl_pathc >= 3, "scenarios not found (run from the repository root)");
    for (size_t i = 0; i < g.gl_pathc; i++) parity_scenario(g.gl_pathv[i]);
    globfree(&g);
    printf("cuda parity: %s (%d failure%s)\n", failures ? "FAILED" : "ok", failures,
           failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
