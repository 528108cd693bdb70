/* test_cuda_parity.c — the CUDA backend against the CPU reference (STYLE.md 2,
 * 15), scenario by scenario and path by path, in the spirit of ggml's
 * test-backend-ops. Every metric, outcome, claim, done flag, bad step and bad
 * variable must be the same bits on both (models/dsmath.h gives both backends
 * the same maths), on every scenario, with invalid paths (on_invalid flag and
 * fail), 1 to 257 providers, batches with a short last one, and path ranges.
 * Two modes:
 *   test_cuda_parity memory   the device-memory estimate, batch sizing and the
 *                             backend choice without a device (host only:
 *                             runs everywhere CUDA is built)
 *   test_cuda_parity          parity; exits 77 (ctest: skipped) with no usable
 *                             device, or 1 when DEPINSIM_REQUIRE_CUDA=1 says
 *                             one must be there (the GPU check sets it) */
#include <glob.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernels/backend_cuda.h"
#include "../models/path.h"
#include "run/backend.h"
#include "run/engine.h"
#include "io/results.h"
#include "io/scenario.h"

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

/* Parity is exact: the same bits (NaN payloads aside: a NaN is "undefined",
 * and x86 and CUDA make different ones). The old tolerance, from before
 * dsmath.h, when glibc and CUDA's libm differed by an ulp in 6-17% of
 * results: |gpu − cpu| <= ABS + REL·|cpu|. Kept as a diagnostic: a difference
 * is reported with its size and whether it was within this. */
#define PARITY_REL 1e-9
#define PARITY_ABS 1e-12

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

/* --backend auto and cuda, with or without a device (the host half: no
 * device is needed to check what is chosen and why). */
static void backend_choice(void)
{
    char name[256];
    size_t free_bytes = 0;
    int have = cuda_device_info(name, sizeof name, &free_bytes) == CUDA_OK;
    ds_backend b;
    ds_errors errs = {0};
    int rc = backend_choose(&b, DS_BACKEND_AUTO, 1, &errs);
    CHECK(rc == DS_OK, "auto: rc %d", rc);
    if (have) {
        CHECK(b.chosen == DS_BACKEND_CUDA && !b.reason[0] && !strcmp(b.device, name),
              "auto with a device: chose %d (%s), reason '%s'", b.chosen, b.device, b.reason);
    } else {
        CHECK(b.chosen == DS_BACKEND_CPU && !strncmp(b.device, "CPU, 1 OpenMP thread", 20),
              "auto without a device: chose %d (%s)", b.chosen, b.device);
        CHECK(strstr(b.reason, "no usable CUDA device (") == b.reason && strstr(b.reason, name),
              "auto without a device says why: '%s' (device info: '%s')", b.reason, name);
        rc = backend_choose(&b, DS_BACKEND_CUDA, 1, &errs);
        CHECK(rc == DS_EINPUT && errs.n == 1 && strstr(errs.items[0].msg, "no usable CUDA device"),
              "cuda without a device: rc %d, '%s'", rc, errs.n ? errs.items[0].msg : "");
    }
    errors_free(&errs);
    rc = backend_choose(&b, DS_BACKEND_CPU, 3, &errs);
    CHECK(rc == DS_OK && b.chosen == DS_BACKEND_CPU && !b.reason[0] && !b.fell_back,
          "cpu: chose %d, reason '%s'", b.chosen, b.reason);
    errors_free(&errs);
}

static int test_memory(void)
{
    ds_scenario sc;
    if (load("tests/data/small.yaml", &sc, NULL, 0) != DS_OK) return 1;
    ds_params P = sc.variants[0].params;
    const size_t slot = 10 * sizeof(double) + sizeof(ds_fx) + sizeof(uint32_t) + 6; /* 98 */

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
    backend_choice();
    printf("cuda memory estimate, backend choice: %s\n", failures ? "FAILED" : "ok");
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
    memset(o, 0, sizeof *o);
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

/* Run paths [first, first + count) on a backend; the message of a failure
 * into msg (when given), else printed. */
static int run_backend(int backend, const ds_params *P, int first, int count, run_out *o, char *msg,
                       size_t msglen)
{
    ds_run_buffers buf = buffers(P, o);
    ds_errors errs = {0};
    int rc = backend_run(backend, P, first, count, &buf, 0, NULL, &errs);
    if (msg && msglen) snprintf(msg, msglen, "%s", errs.n ? errs.items[0].msg : "");
    if (rc != DS_OK && !msg) {
        printf("%s backend failed: ", backend == DS_BACKEND_CUDA ? "cuda" : "cpu");
        errors_print(&errs, stdout);
    }
    errors_free(&errs);
    return rc;
}

/* What a comparison saw: values compared, values that differ (each a
 * failure) with the largest relative difference and where, how many of
 * those the old tolerance would have let pass, and NaNs that differ only in
 * payload (not a failure). */
typedef struct {
    long compared, differ, within_old, nan_payload;
    double rel;
    char where[600];
} tally;

/* One value against the reference: the same bits, or both NaN. */
static void compare(double cpu, double gpu, const char *label, int path, int r, tally *t)
{
    t->compared++;
    if (memcmp(&cpu, &gpu, sizeof cpu) == 0) return;
    if (cpu != cpu && gpu != gpu) {
        t->nan_payload++;
        return;
    }
    t->differ++;
    CHECK(0, "%s path %d record %d: cpu %.17g (%a), gpu %.17g (%a)", label, path, r, cpu, cpu, gpu,
          gpu);
    /* the diagnostic: how far apart (inf − inf is NaN: equal infinities
     * returned above, so a NaN here is a real difference) */
    double d = fabs(gpu - cpu);
    if (d == d && d <= PARITY_ABS + PARITY_REL * fabs(cpu)) t->within_old++;
    double rel = d != d ? INFINITY : cpu != 0.0 ? d / fabs(cpu) : INFINITY;
    if (rel > t->rel || !t->where[0]) {
        t->rel = rel;
        snprintf(t->where, sizeof t->where, "%s, path %d, record %d", label, path, r);
    }
}

/* Every output of paths [first, first + count): records, outcomes, claims,
 * done flags, bad steps and bad variables. */
static void compare_runs(const ds_params *P, const run_out *c, const run_out *g, int first,
                         int count, const char *tag, tally *t)
{
    int paths = P->run.paths, R = ds_params_records(P);
    char label[512];
    for (int m = 0; m < DS_N_METRICS; m++)
        for (int p = first; p < first + count; p++)
            for (int r = 0; r < R; r++) {
                size_t i = ((size_t)m * paths + p) * R + r;
                snprintf(label, sizeof label, "%s %s", tag, ds_metric_names[m]);
                compare(c->rec[i], g->rec[i], label, p, r, t);
            }
    for (int k = 0; k < DS_N_OUTCOMES; k++)
        for (int p = first; p < first + count; p++) {
            size_t i = (size_t)k * paths + p;
            snprintf(label, sizeof label, "%s outcome %s", tag, ds_outcome_names[k]);
            compare(c->outcomes[i], g->outcomes[i], label, p, -1, t);
        }
    for (int k = 0; k < P->n_claims; k++)
        for (int p = first; p < first + count; p++) {
            size_t i = (size_t)k * paths + p;
            t->compared++;
            CHECK(c->claims[i] == g->claims[i], "%s claim %s path %d: cpu %d gpu %d", tag,
                  P->claims[k].name, p, c->claims[i], g->claims[i]);
        }
    for (int p = first; p < first + count; p++) { /* ran to the end, or stopped alike */
        t->compared += 3;
        CHECK(c->done[p] == g->done[p] && c->bad_step[p] == g->bad_step[p] &&
                  c->bad_var[p] == g->bad_var[p],
              "%s path %d: cpu done %d bad step %d (%d), gpu done %d bad step %d (%d)", tag, p,
              c->done[p], c->bad_step[p], c->bad_var[p], g->done[p], g->bad_step[p], g->bad_var[p]);
    }
}

static void print_tally(const char *what, const tally *t, int ok)
{
    printf("%-44s %s: %ld values", what, ok ? "ok" : "FAILED", t->compared);
    if (t->differ)
        printf(", %ld differ (largest rel %.3g at %s; %ld within the old tolerance abs %g + rel "
               "%g)",
               t->differ, t->rel, t->where, t->within_old, PARITY_ABS, PARITY_REL);
    else
        printf(" identical");
    if (t->nan_payload) printf(" (%ld NaNs differ in payload only)", t->nan_payload);
    printf("\n");
}

/* CPU and CUDA on every path of P, compared; 0 when both ran. */
static int cpu_vs_cuda(const ds_params *P, const char *tag, tally *t, run_out *cpu_keep)
{
    run_out c, g;
    memset(&c, 0, sizeof c);
    memset(&g, 0, sizeof g);
    int rc = -1;
    if (run_alloc(&c, P) || run_alloc(&g, P)) {
        CHECK(0, "%s: out of memory", tag);
    } else if (run_backend(DS_BACKEND_CPU, P, 0, P->run.paths, &c, NULL, 0) == DS_OK &&
               run_backend(DS_BACKEND_CUDA, P, 0, P->run.paths, &g, NULL, 0) == DS_OK) {
        compare_runs(P, &c, &g, 0, P->run.paths, tag, t);
        rc = 0;
    } else {
        failures++;
    }
    if (cpu_keep && rc == 0) {
        *cpu_keep = c;
        memset(&c, 0, sizeof c);
    }
    run_free(&c);
    run_free(&g);
    return rc;
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
    tally t;
    memset(&t, 0, sizeof t);
    int before = failures;
    for (int v = 0; v < nv; v++) {
        char tag[320];
        snprintf(tag, sizeof tag, "%s [%s]", file, sc.variants[v].name);
        cpu_vs_cuda(&sc.variants[v].params, tag, &t, NULL);
    }
    char what[400];
    snprintf(what, sizeof what, "%s (%d variant%s%s, %d paths, %g days)", file, nv,
             nv == 1 ? "" : "s", sc.n_variants > nv ? " of more" : "", PARITY_PATHS,
             sc.base.run.horizon_days);
    print_tally(what, &t, failures == before);
    scenario_free(&sc);
}

/* A token jump of e^800 overflows the price on some paths (as in
 * tests/run_limits.sh): invalid states, stopped paths, the NaN fill. */
#define JUMPS "token.jump_rate_per_year=2", "token.jump_mean=800", "token.jump_sd=0"

/* 1 to 257 providers: one partial warp, a full one, one more, several blocks
 * of threads' worth (block size follows the pool). */
static void provider_counts(void)
{
    static const char *const counts[] = {"1", "31", "32", "33", "257"};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        char set[64];
        snprintf(set, sizeof set, "providers.count=%s", counts[k]);
        const char *sets[] = {set};
        ds_scenario sc;
        if (load("tests/data/small.yaml", &sc, sets, 1) != DS_OK) {
            failures++;
            continue;
        }
        char what[128];
        snprintf(what, sizeof what, "small.yaml, %s provider%s", counts[k],
                 strcmp(counts[k], "1") ? "s" : "");
        tally t;
        memset(&t, 0, sizeof t);
        int before = failures;
        cpu_vs_cuda(&sc.variants[0].params, what, &t, NULL);
        print_tally(what, &t, failures == before);
        scenario_free(&sc);
    }
}

/* Invalid paths under on_invalid flag (stopped at the record, NaN after it,
 * the same bad step and variable on both) and fail (the same error, naming
 * the same path, step and variable, also when the caller keeps no bad
 * variables). */
static void invalid_paths(void)
{
    const char *flag[] = {JUMPS, "run.on_invalid=flag"}, *fail[] = {JUMPS};
    ds_scenario sc;
    if (load("tests/data/small.yaml", &sc, flag, 4) != DS_OK) {
        failures++;
        return;
    }
    const ds_params *P = &sc.variants[0].params;
    tally t;
    memset(&t, 0, sizeof t);
    int before = failures;
    run_out c;
    memset(&c, 0, sizeof c);
    if (cpu_vs_cuda(P, "small.yaml, token jumps, flag", &t, &c) == 0) {
        int invalid = 0;
        for (int p = 0; p < P->run.paths; p++) invalid += c.bad_step[p] >= 0;
        CHECK(invalid > 0 && invalid < P->run.paths, "%d of %d paths invalid: want some, not all",
              invalid, P->run.paths);
    }
    run_free(&c);
    print_tally("small.yaml, token jumps, on_invalid flag", &t, failures == before);
    scenario_free(&sc);

    if (load("tests/data/small.yaml", &sc, fail, 3) != DS_OK) {
        failures++;
        return;
    }
    P = &sc.variants[0].params;
    run_out g;
    memset(&c, 0, sizeof c);
    memset(&g, 0, sizeof g);
    before = failures;
    if (run_alloc(&c, P) || run_alloc(&g, P)) {
        CHECK(0, "out of memory");
    } else {
        char mc[DS_MSG_LEN], mg[DS_MSG_LEN], mn[DS_MSG_LEN];
        int rc = run_backend(DS_BACKEND_CPU, P, 0, P->run.paths, &c, mc, sizeof mc);
        int rg = run_backend(DS_BACKEND_CUDA, P, 0, P->run.paths, &g, mg, sizeof mg);
        CHECK(rc == DS_EFAIL && rg == DS_EFAIL && !strcmp(mc, mg) && strstr(mc, "is not finite"),
              "on_invalid fail: cpu %d '%s', gpu %d '%s'", rc, mc, rg, mg);
        /* the caller keeps no bad variables: the message still names it */
        ds_run_buffers buf = buffers(P, &g);
        buf.bad_variable = NULL;
        buf.bad_step = NULL;
        buf.done = NULL;
        ds_errors errs = {0};
        int rn = backend_run(DS_BACKEND_CUDA, P, 0, P->run.paths, &buf, 0, NULL, &errs);
        snprintf(mn, sizeof mn, "%s", errs.n ? errs.items[0].msg : "");
        errors_free(&errs);
        CHECK(rn == DS_EFAIL && !strcmp(mc, mn), "on_invalid fail, no bad variables kept: '%s'",
              mn);
    }
    printf("%-44s %s\n", "small.yaml, token jumps, on_invalid fail",
           failures == before ? "ok" : "FAILED");
    run_free(&c);
    run_free(&g);
    scenario_free(&sc);
}

/* The device budget that holds `per_batch` paths (80% of it: those paths and
 * the fixed part), for DEPINSIM_CUDA_MEMORY. */
static void set_budget(const ds_params *P, int per_batch)
{
    char budget[64];
    size_t need = (size_t)per_batch * cuda_bytes_per_path(P) + cuda_bytes_fixed(P);
    snprintf(budget, sizeof budget, "%zu", need / 4 * 5 + 5);
    setenv("DEPINSIM_CUDA_MEMORY", budget, 1);
}

static int same_outputs(const ds_params *P, const run_out *a, const run_out *b, int first,
                        int count)
{
    int paths = P->run.paths, R = ds_params_records(P), same = 1;
    for (int m = 0; m < DS_N_METRICS; m++)
        same &= !memcmp(a->rec + ((size_t)m * paths + first) * R,
                        b->rec + ((size_t)m * paths + first) * R, (size_t)count * R * 8);
    for (int k = 0; k < DS_N_OUTCOMES; k++)
        same &= !memcmp(a->outcomes + (size_t)k * paths + first,
                        b->outcomes + (size_t)k * paths + first, (size_t)count * 8);
    for (int k = 0; k < P->n_claims; k++)
        same &= !memcmp(a->claims + (size_t)k * paths + first,
                        b->claims + (size_t)k * paths + first, (size_t)count);
    same &= !memcmp(a->done + first, b->done + first, (size_t)count);
    same &= !memcmp(a->bad_step + first, b->bad_step + first, (size_t)count * 4);
    same &= !memcmp(a->bad_var + first, b->bad_var + first, (size_t)count);
    return same;
}

/* The GPU result does not depend on how paths are batched or which range a
 * call covers: bit for bit, every output (the same kernel on the same
 * paths). mechanisms.yaml has claims and vesting; with rare token jumps some
 * of its 7 paths stop early (flag). Batches of 2 and 3 leave a short last
 * batch (2+2+2+1, 3+3+1). */
static void batching_and_ranges(void)
{
    const char *sets[] = {"run.paths=7", "token.jump_rate_per_year=0.6", "token.jump_mean=800",
                          "token.jump_sd=0", "run.on_invalid=flag"};
    ds_scenario sc;
    if (load("tests/data/mechanisms.yaml", &sc, sets, 5) != DS_OK) {
        failures++;
        return;
    }
    const ds_params *P = &sc.variants[0].params;
    int paths = P->run.paths, before = failures;
    run_out whole, cpu, batched, part;
    memset(&whole, 0, sizeof whole);
    memset(&cpu, 0, sizeof cpu);
    memset(&batched, 0, sizeof batched);
    memset(&part, 0, sizeof part);
    tally t;
    memset(&t, 0, sizeof t);
    if (run_alloc(&whole, P) || run_alloc(&batched, P) || run_alloc(&part, P)) {
        CHECK(0, "out of memory");
        goto done;
    }
    if (run_backend(DS_BACKEND_CUDA, P, 0, paths, &whole, NULL, 0) != DS_OK ||
        cpu_vs_cuda(P, "mechanisms.yaml, rare jumps", &t, &cpu) != 0) {
        failures++;
        goto done;
    }
    int invalid = 0, claimed = 0;
    for (int p = 0; p < paths; p++) invalid += cpu.bad_step[p] >= 0;
    for (int i = 0; i < P->n_claims * paths; i++) claimed += cpu.claims[i];
    CHECK(P->n_claims > 0 && claimed > 0, "no claim holds anywhere: the check proves little");
    CHECK(invalid > 0 && invalid < paths, "%d of %d paths invalid: want some, not all", invalid,
          paths);
    CHECK(same_outputs(P, &whole, &cpu, 0, paths), "one batch differs from the CPU");
    for (int per = 2; per <= 3; per++) {
        set_budget(P, per);
        memset(batched.rec, 0xff, (size_t)DS_N_METRICS * paths * ds_params_records(P) * 8);
        int rc = run_backend(DS_BACKEND_CUDA, P, 0, paths, &batched, NULL, 0);
        CHECK(rc == DS_OK, "batches of %d: run failed", per);
        CHECK(rc != DS_OK || same_outputs(P, &whole, &batched, 0, paths),
              "batches of %d (a short last one): outputs differ from one batch", per);
    }
    /* not even one path fits: a clear error, exit status 1 */
    setenv("DEPINSIM_CUDA_MEMORY", "1000", 1);
    {
        char msg[DS_MSG_LEN];
        int rc = run_backend(DS_BACKEND_CUDA, P, 0, paths, &part, msg, sizeof msg);
        CHECK(rc == DS_EFAIL && strstr(msg, "one path needs"), "too little memory: rc %d, '%s'", rc,
              msg);
        /* under auto the CPU takes over, with the same results, and says why */
        ds_backend b;
        ds_errors errs = {0};
        rc = backend_choose(&b, DS_BACKEND_AUTO, 0, &errs);
        CHECK(rc == DS_OK && b.chosen == DS_BACKEND_CUDA, "auto with a device: %d", b.chosen);
        ds_run_buffers buf = buffers(P, &part);
        rc = backend_run_on(&b, P, 0, paths, &buf, NULL, &errs);
        CHECK(rc == DS_OK && b.chosen == DS_BACKEND_CPU && b.fell_back &&
                  strstr(b.reason, "one path needs") && !strncmp(b.device, "CPU", 3),
              "auto falls back to the CPU: rc %d, chosen %d, device '%s', reason '%s'", rc,
              b.chosen, b.device, b.reason);
        CHECK(rc != DS_OK || same_outputs(P, &cpu, &part, 0, paths),
              "the fallback's results differ from the CPU's");
        errors_free(&errs);
    }
    unsetenv("DEPINSIM_CUDA_MEMORY");
    /* a sub-range lands in its own slots and equals the whole run there */
    int first = 2, count = paths - 3;
    memset(part.rec, 0xff, (size_t)DS_N_METRICS * paths * ds_params_records(P) * 8);
    memset(part.outcomes, 0xff, (size_t)DS_N_OUTCOMES * paths * 8);
    memset(part.claims, 0xee, (size_t)P->n_claims * paths);
    memset(part.done, 0xee, (size_t)paths);
    memset(part.bad_step, 0xee, (size_t)paths * 4);
    memset(part.bad_var, 0xee, (size_t)paths);
    if (run_backend(DS_BACKEND_CUDA, P, first, count, &part, NULL, 0) == DS_OK)
        CHECK(same_outputs(P, &whole, &part, first, count), "range [%d, %d) differs", first,
              first + count);
    else
        failures++;
done:
    print_tally("batches (2, 3, one), ranges, auto fallback", &t, failures == before);
    run_free(&whole);
    run_free(&cpu);
    run_free(&batched);
    run_free(&part);
    scenario_free(&sc);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "memory")) return test_memory();

    char name[256];
    size_t free_bytes = 0;
    if (cuda_device_info(name, sizeof name, &free_bytes) != CUDA_OK) {
        const char *req = getenv("DEPINSIM_REQUIRE_CUDA");
        if (req && !strcmp(req, "1")) {
            printf("FAIL: no usable CUDA device (%s) and DEPINSIM_REQUIRE_CUDA=1\n", name);
            return 1;
        }
        printf("no usable CUDA device: skipped (%s)\n", name);
        return 77;
    }
    printf("device: %s, %.1f GiB free; parity: the same bits\n", name,
           (double)free_bytes / 1073741824.0);

    batching_and_ranges();
    provider_counts();
    invalid_paths();
    glob_t g;
    memset(&g, 0, sizeof g);
    glob("scenarios/*.yaml", 0, NULL, &g);
    glob("tests/data/small.yaml", GLOB_APPEND, NULL, &g);
    glob("tests/data/mechanisms.yaml", GLOB_APPEND, NULL, &g);
    /* demand segments (restricted: eligibility groups), provider types and
     * the prospect pool; input series (replay, bootstrap, cloud and demand
     * series); dated events, outages included */
    glob("tests/data/segments.yaml", GLOB_APPEND, NULL, &g);
    glob("tests/data/inputs/inputs.yaml", GLOB_APPEND, NULL, &g);
    glob("tests/data/events.yaml", GLOB_APPEND, NULL, &g);
    CHECK(g.gl_pathc >= 3, "scenarios not found (run from the repository root)");
    for (size_t i = 0; i < g.gl_pathc; i++) parity_scenario(g.gl_pathv[i]);
    globfree(&g);
    printf("cuda parity: %s (%d failure%s)\n", failures ? "FAILED" : "ok", failures,
           failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
