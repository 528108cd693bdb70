/* test_segments.c — demand segments, provider types and the prospect pool
 * (issue 15). Known answers: the one buyer written as one segment, or as two
 * halves, leaves every number as it was (byte for byte), and the halves' served
 * sums to the whole; one provider type made of providers.* is the old pool;
 * the restricted allocation equals a brute-force maximum flow when
 * requirements nest and never exceeds it; providers' fee income is exactly
 * what buyers paid less the take, segment prices and all; types draw their
 * traits as stated. The prospect pool: entry no longer depends on how many
 * slots are simulated (it did: the 10,000 vs 3,000 slots), the pool
 * runs out and the slots fall short where they must, and the results stay
 * byte-identical on any thread count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load.h"

#include "../models/path.h"
#include "io/scenario.h"
#include "run/engine.h"
#include "stats.h"

#define SCENARIO "tests/data/segments.yaml"

typedef struct {
    int paths, R;
    double *rec; /* [DS_N_METRICS × paths × R] */
    double *out; /* [DS_N_OUTCOMES × paths] */
} run_out;

static run_out run_params(const ds_params *P, int threads)
{
    run_out o = {P->run.paths, ds_params_records(P), NULL, NULL};
    o.rec = malloc((size_t)DS_N_METRICS * o.paths * o.R * sizeof(double));
    o.out = malloc((size_t)DS_N_OUTCOMES * o.paths * sizeof(double));
    assert_true(o.rec && o.out);
    ds_run_buffers buf = {.paths_total = o.paths, .rec = o.rec, .outcomes = o.out};
    ds_errors errs = {0};
    assert_int_equal(engine_run_cpu(P, 0, o.paths, &buf, threads, NULL, &errs), DS_OK);
    return o;
}

static void run_free(run_out *o)
{
    free(o->rec);
    free(o->out);
}

static const double *metric(const run_out *o, int m)
{
    return o->rec + (size_t)m * o->paths * o->R;
}

static int variant_index(const ds_scenario *sc, const char *name)
{
    for (int v = 0; v < sc->n_variants; v++)
        if (!strcmp(sc->variants[v].name, name)) return v;
    fail_msg("no variant %s", name);
    return -1;
}

static int is_segment_metric(int m)
{
    return (m >= DS_M_SEGMENT1_SERVED && m <= DS_M_SEGMENT4_SERVED) ||
           (m >= DS_M_SEGMENT1_PRICE && m <= DS_M_SEGMENT4_PRICE);
}

/* The one buyer as one segment (its keys inherited from demand.*): every
 * metric and outcome byte-identical. As two halves: every metric but the
 * segments' byte-identical, and segment 1 + segment 2 = served exactly. */
static void segments_equal_to_the_one_buyer(void **state)
{
    (void)state;
    ds_scenario sc = load_with(SCENARIO, NULL, 0);
    run_out base = run_params(&sc.variants[0].params, 2);
    run_out one = run_params(&sc.variants[variant_index(&sc, "one_segment")].params, 2);
    run_out half = run_params(&sc.variants[variant_index(&sc, "halves")].params, 2);
    size_t n = (size_t)base.paths * base.R;
    assert_memory_equal(base.rec, one.rec, DS_N_METRICS * n * sizeof(double));
    assert_memory_equal(base.out, one.out, DS_N_OUTCOMES * (size_t)base.paths * sizeof(double));
    for (int m = 0; m < DS_N_METRICS; m++)
        if (!is_segment_metric(m))
            assert_memory_equal(metric(&base, m), metric(&half, m), n * sizeof(double));
    const double *s1 = metric(&half, DS_M_SEGMENT1_SERVED),
                 *s2 = metric(&half, DS_M_SEGMENT2_SERVED);
    const double *sv = metric(&base, DS_M_SERVED), *b1 = metric(&base, DS_M_SEGMENT1_SERVED);
    for (size_t k = 0; k < n; k++) {
        assert_true(s1[k] + s2[k] == sv[k]);
        assert_true(s1[k] == s2[k]);
        assert_true(b1[k] == sv[k]); /* the one buyer is segment 1 */
        assert_true(isnan(metric(&base, DS_M_SEGMENT2_SERVED)[k]));
    }
    run_free(&base);
    run_free(&one);
    run_free(&half);
    scenario_free(&sc);
}

/* One provider type with share 1 that takes every trait from providers.*
 * draws the same pool as no types (its draw of the type is a block of its own). */
static void one_type_is_the_old_pool(void **state)
{
    (void)state;
    ds_scenario sc = load_with(SCENARIO, NULL, 0);
    run_out base = run_params(&sc.variants[0].params, 1);
    run_out one = run_params(&sc.variants[variant_index(&sc, "one_type")].params, 1);
    assert_memory_equal(base.rec, one.rec,
                        (size_t)DS_N_METRICS * base.paths * base.R * sizeof(double));
    assert_memory_equal(base.out, one.out, (size_t)DS_N_OUTCOMES * base.paths * sizeof(double));
    run_free(&base);
    run_free(&one);
    scenario_free(&sc);
}

/* ---------------------------------------------------------------- the allocation */

/* Maximum flow from segments (demand d[s]) through the groups each may use
 * (bit s of g) to the groups' capacities, by augmenting paths on the
 * bipartite graph (Edmonds–Karp, tiny). */
static double max_flow(int K, const double *d, const double *cap)
{
    enum { N = 2 + DS_MAX_SEGMENTS + DS_MAX_GROUPS };
    double c[N][N] = {{0}};
    const int src = 0, sink = 1;
    for (int s = 0; s < K; s++) {
        c[src][2 + s] = d[s];
        for (int g = 0; g < DS_MAX_GROUPS; g++)
            if (g >> s & 1) c[2 + s][2 + DS_MAX_SEGMENTS + g] = 1e300;
    }
    for (int g = 0; g < DS_MAX_GROUPS; g++) c[2 + DS_MAX_SEGMENTS + g][sink] = cap[g];
    double flow = 0;
    for (;;) {
        int prev[N], queue[N], head = 0, tail = 0;
        for (int i = 0; i < N; i++) prev[i] = -1;
        prev[src] = src;
        queue[tail++] = src;
        while (head < tail && prev[sink] < 0) {
            int u = queue[head++];
            for (int v = 0; v < N; v++)
                if (prev[v] < 0 && c[u][v] > 1e-12) prev[v] = u, queue[tail++] = v;
        }
        if (prev[sink] < 0) return flow;
        double add = 1e300;
        for (int v = sink; v != src; v = prev[v])
            if (c[prev[v]][v] < add) add = c[prev[v]][v];
        for (int v = sink; v != src; v = prev[v]) c[prev[v]][v] -= add, c[v][prev[v]] += add;
        flow += add;
    }
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

static double lcg_u(uint64_t *s)
{
    return (double)lcg(s) / 9007199254740992.0;
}

/* 2000 random instances of 2–4 segments and 16 groups: what the allocation
 * serves never exceeds the maximum flow, nor any segment's demand, nor any
 * group's capacity; when the eligible sets nest (every group that serves the
 * stricter segment also serves the looser one: the masks are prefixes)
 * it is the maximum flow. */
static void allocation_against_max_flow(void **state)
{
    (void)state;
    uint64_t seed = 7;
    int nested_cases = 0;
    for (int trial = 0; trial < 2000; trial++) {
        int K = 2 + (int)(lcg_u(&seed) * 3), nested = trial % 2;
        double d[DS_MAX_SEGMENTS], price[DS_MAX_SEGMENTS], capd[DS_MAX_GROUPS];
        ds_fx cap[DS_MAX_GROUPS];
        for (int s = 0; s < K; s++) d[s] = 100.0 * lcg_u(&seed), price[s] = 1.0 + s;
        for (int g = 0; g < DS_MAX_GROUPS; g++) {
            /* nested: only groups whose mask is a prefix {0..j} (segment 0 the loosest) */
            int prefix = (g & (g + 1)) == 0;
            int live = g < (1 << K) && lcg_u(&seed) < 0.6 && (!nested || prefix);
            cap[g] = ds_fx_from(live ? 60.0 * lcg_u(&seed) : 0.0);
            capd[g] = ds_fx_to(cap[g]);
        }
        double served[DS_MAX_SEGMENTS], used[DS_MAX_GROUPS], gross[DS_MAX_GROUPS], total = 0;
        ds_segments_allocate(K, d, price, cap, served, used, gross);
        double gsum = 0;
        for (int s = 0; s < K; s++) {
            assert_true(served[s] >= 0 && served[s] <= d[s] + 1e-9);
            total += served[s];
        }
        for (int g = 0; g < DS_MAX_GROUPS; g++) {
            assert_true(used[g] >= -1e-12 && used[g] <= capd[g] * (1 + 1e-12) + 1e-12);
            gsum += used[g];
        }
        assert_true(fabs(gsum - total) <= 1e-9 * (total + 1));
        double best = max_flow(K, d, capd);
        assert_true(total <= best + 1e-9 * (best + 1));
        if (nested) {
            nested_cases++;
            if (fabs(total - best) > 1e-9 * (best + 1))
                fail_msg("trial %d: served %.12g, max flow %.12g", trial, total, best);
        }
    }
    assert_int_equal(nested_cases, 1000);
}

/* ---------------------------------------------------------------- restricted, through the engine
 */

typedef struct {
    const ds_params *P;
    int steps;
    double worst_fee, worst_sum;
    int grouped_steps, inference_short;
} fee_check;

/* With no emission, providers' income is their fees only: summed over all
 * of them it is what buyers paid (each segment at its price) less the take,
 * to fixed-point rounding (2^-20 USD per provider and step). Segment served
 * sums to served. */
static void check_fees(void *ctx, const void *state, int step)
{
    fee_check *c = ctx;
    const ds_path *S = state;
    (void)step;
    double income = ds_fx_to(S->sums.income_usd), want = S->fees_usd * (1.0 - 0.05);
    double err = fabs(income - want) / (c->P->prov.count * 1e-6 + 1e-9 * want);
    if (err > c->worst_fee) c->worst_fee = err;
    double sum = 0;
    for (int s = 0; s < 3; s++) sum += S->seg_served[s];
    double e2 = fabs(sum - S->served) / (1e-12 * (S->served + 1));
    if (e2 > c->worst_sum) c->worst_sum = e2;
    c->grouped_steps += S->rates.grouped;
    /* inference is short of always-on capacity on some steps: served below its demand */
    c->inference_short += S->seg_served[1] < S->seg_at_price[1] * (1 - 1e-9);
    c->steps++;
}

static void restricted_fees_add_up(void **state)
{
    (void)state;
    const char *sets[] = {"emission.tokens_per_day=0"};
    ds_scenario sc = load_with(SCENARIO, sets, 1);
    const ds_params *P = &sc.variants[variant_index(&sc, "restricted")].params;
    assert_true(ds_segments_grouped(P));
    double *rec = malloc((size_t)DS_N_METRICS * ds_params_records(P) * sizeof(double));
    fee_check c = {P, 0, 0, 0, 0, 0};
    for (int p = 0; p < 3; p++) assert_int_equal(engine_run_path(P, p, rec, check_fees, &c), DS_OK);
    print_message("restricted: %d steps, worst fee error %.3g of its bound, inference short on "
                  "%d steps\n",
                  c.steps, c.worst_fee, c.inference_short);
    assert_int_equal(c.grouped_steps, c.steps);
    assert_true(c.inference_short > 0); /* the always-on capacity binds: the test means something */
    assert_true(c.worst_fee <= 1.0);
    assert_true(c.worst_sum <= 1.0);
    free(rec);
    scenario_free(&sc);
}

/* Types draw their traits: datacenters run H100s, 8–16 of them, online
 * 99.5% of the time; hobbyists RTX 4090s, 1–2; in proportions 0.05/0.95 (within
 * 4 binomial standard deviations over 20,000 providers); and with segments
 * restricted, a datacenter may serve inference, a hobbyist never. */
static void types_draw_their_traits(void **state)
{
    (void)state;
    ds_scenario sc = load_with(SCENARIO, NULL, 0);
    const ds_params *P = &sc.variants[variant_index(&sc, "restricted")].params;
    const int n = 20000;
    ds_providers pv;
    memset(&pv, 0, sizeof pv);
    size_t bytes = ds_providers_layout(NULL, NULL, (size_t)n, 64);
    char *block = aligned_alloc(64, (bytes + 63) / 64 * 64);
    assert_non_null(block);
    ds_providers_layout(&pv, block, (size_t)n, 64);
    int dc = 0;
    for (int i = 0; i < n; i++) {
        ds_provider_init(P, &pv, i, 0);
        double devices = pv.cap[i] / (P->hw[pv.cls[i]].heq_per_device * DS_HOURS_PER_DAY);
        int mask = pv.bin[i];
        if (pv.cls[i] == 0) { /* H100: a datacenter */
            dc++;
            assert_true(devices > 7.5 && devices < 16.5);
            assert_int_equal(pv.avail_u32[i], ds_prob_u32(0.995));
            assert_int_equal(mask, 7); /* training, inference, rendering */
        } else {
            assert_true(devices > 0.5 && devices < 2.5);
            assert_int_equal(pv.avail_u32[i], ds_prob_u32(0.9)); /* the class's */
            assert_int_equal(mask, 4);                           /* rendering only */
        }
    }
    double sd = sqrt(n * 0.05 * 0.95);
    assert_true(fabs(dc - 0.05 * n) <= 4 * sd);
    free(block);
    scenario_free(&sc);
}

/* ---------------------------------------------------------------- the prospect pool */

/* The case: the same 300 providers active at t = 0 as 2,000 slots ×
 * 0.15 or 600 × 0.5, demand enough for all who come. Entry from the free
 * slots (no prospects key) depends on how many are simulated (every free
 * slot is a prospect: 1,700 or 300); from a stated pool of 150 prospects it
 * does not: the mean active count after half a year agrees within 4
 * standard errors, below both slot counts. */
static double mean_active_end(const char *count, const char *frac, const char *prospects,
                              double *se)
{
    const char *sets[] = {count,
                          frac,
                          prospects,
                          "run.paths=16",
                          "run.horizon_days=180",
                          "run.record_every=180",
                          "providers.entry_rate_per_day=0.01",
                          "demand.base_heqh_per_day=30000"};
    ds_scenario sc = load_with(SCENARIO, sets, (int)(sizeof sets / sizeof sets[0]));
    run_out o = run_params(&sc.variants[0].params, 2);
    const double *a = metric(&o, DS_M_ACTIVE_PROVIDERS);
    double s = 0, s2 = 0;
    for (int p = 0; p < o.paths; p++)
        s += a[p * o.R + o.R - 1], s2 += a[p * o.R + o.R - 1] * a[p * o.R + o.R - 1];
    double m = s / o.paths;
    *se = sqrt((s2 - s * m) / (o.paths - 1) / o.paths);
    run_free(&o);
    scenario_free(&sc);
    return m;
}

static void entry_from_the_pool_not_the_slots(void **state)
{
    (void)state;
    double se1, se2, se3, se4;
    double slots_big = mean_active_end("providers.count=2000", "providers.initial_active_frac=0.15",
                                       "providers.prospects=0", &se1);
    double slots_small = mean_active_end("providers.count=600", "providers.initial_active_frac=0.5",
                                         "providers.prospects=0", &se2);
    double pool_big = mean_active_end("providers.count=2000", "providers.initial_active_frac=0.15",
                                      "providers.prospects=150", &se3);
    double pool_small = mean_active_end("providers.count=600", "providers.initial_active_frac=0.5",
                                        "providers.prospects=150", &se4);
    print_message("active after 180 days: slots 2000 %.1f ± %.1f, 600 %.1f ± %.1f; pool of 150: "
                  "%.1f ± %.1f, %.1f ± %.1f\n",
                  slots_big, se1, slots_small, se2, pool_big, se3, pool_small, se4);
    assert_true(fabs(slots_big - slots_small) > 4 * sqrt(se1 * se1 + se2 * se2));
    assert_true(fabs(pool_big - pool_small) <= 4 * sqrt(se3 * se3 + se4 * se4));
    assert_true(pool_small < 590 && pool_big > 300); /* entry happened, and not up to the slots */
}

/* A pool of 20 prospects runs out on every path of a network that wants to
 * grow; a pool of 100,000 that 256 slots must stand for is short of slots;
 * the outcome summary counts the paths. */
static void pool_exhaustion_is_counted(void **state)
{
    (void)state;
    const char *small[] = {"providers.prospects=20", "demand.base_heqh_per_day=60000"};
    ds_scenario sc = load_with(SCENARIO, small, 2);
    run_out o = run_params(&sc.variants[0].params, 2);
    ds_outcome_summary s;
    assert_int_equal(stats_outcome_summary(o.out, o.paths, &s), 0);
    assert_true(s.prospects_exhausted_share == 1.0);
    assert_true(s.slots_short_share == 0.0);
    run_free(&o);
    scenario_free(&sc);
    const char *big[] = {"providers.prospects=100000", "providers.prospects_unbounded=true"};
    sc = load_with(SCENARIO, big, 2);
    o = run_params(&sc.variants[0].params, 2);
    assert_int_equal(stats_outcome_summary(o.out, o.paths, &s), 0);
    assert_true(s.prospects_exhausted_share == 0.0);
    assert_true(s.slots_short_share == 1.0);
    run_free(&o);
    scenario_free(&sc);
}

/* The ledger on every step, in a release build too (debug builds assert it
 * in the engine): with the pool on, the step's entries and exits are counts
 * no larger than the pool, and slots + active stay within providers.count. */
typedef struct {
    const ds_params *P;
    int steps, bad, moved;
} ledger_check;

static void check_ledger(void *ctx, const void *state, int step)
{
    ledger_check *c = ctx;
    const ds_path *S = state;
    (void)step;
    int n = c->P->prov.count;
    c->bad += !ds_path_ledger_ok(c->P, S) || S->sums.entered < 0 || S->sums.entered > n ||
              S->sums.exited < 0 || S->sums.exited > n || S->prospects_left < 0.0;
    c->moved += S->sums.entered + S->sums.exited;
    c->steps++;
}

static void ledger_holds_with_the_pool(void **state)
{
    (void)state;
    const char *sets[] = {"providers.prospects=500"};
    ds_scenario sc = load_with(SCENARIO, sets, 1);
    static const char *const passes[] = {"scalar", "auto"};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(engine_simd_use(passes[k]), DS_OK);
        for (int v = 0; v < sc.n_variants; v++) {
            const ds_params *P = &sc.variants[v].params;
            double *rec = malloc((size_t)DS_N_METRICS * ds_params_records(P) * sizeof(double));
            assert_non_null(rec);
            ledger_check c = {P, 0, 0, 0};
            for (int p = 0; p < 2; p++)
                assert_int_equal(engine_run_path(P, p, rec, check_ledger, &c), DS_OK);
            assert_int_equal(c.steps, 2 * ds_params_steps(P));
            assert_int_equal(c.bad, 0);
            assert_true(c.moved > 0); /* providers came and went: the counts were exercised */
            free(rec);
        }
    }
    assert_int_equal(engine_simd_use("auto"), DS_OK);
    scenario_free(&sc);
}

/* Byte-identical records and outcomes on 1 and 3 threads with the pool,
 * types and restricted segments all on. */
static void identical_across_threads(void **state)
{
    (void)state;
    const char *sets[] = {"providers.prospects=500"};
    ds_scenario sc = load_with(SCENARIO, sets, 1);
    const ds_params *P = &sc.variants[variant_index(&sc, "restricted")].params;
    run_out a = run_params(P, 1), b = run_params(P, 3);
    assert_memory_equal(a.rec, b.rec, (size_t)DS_N_METRICS * a.paths * a.R * sizeof(double));
    assert_memory_equal(a.out, b.out, (size_t)DS_N_OUTCOMES * a.paths * sizeof(double));
    run_free(&a);
    run_free(&b);
    scenario_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(segments_equal_to_the_one_buyer),
        cmocka_unit_test(ledger_holds_with_the_pool),
        cmocka_unit_test(one_type_is_the_old_pool),
        cmocka_unit_test(allocation_against_max_flow),
        cmocka_unit_test(restricted_fees_add_up),
        cmocka_unit_test(types_draw_their_traits),
        cmocka_unit_test(entry_from_the_pool_not_the_slots),
        cmocka_unit_test(pool_exhaustion_is_counted),
        cmocka_unit_test(identical_across_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
