// backend.cu — the CUDA backend: the outer loop of sim/run/engine.c's simulate_path
// written for the GPU. One thread block per path, providers strided over its
// threads, cross-provider sums as integer (fixed-point) block reductions, the
// global phases run by thread 0 on a path state in shared memory. All model
// arithmetic is in models/; this file only arranges threads, memory and sums.
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cuda_runtime.h>

#include "backend_cuda.h"
#include "record.h"

// Threads per block at most; a small pool gets fewer (a multiple of a warp).
#define DS_CUDA_THREADS 256
// Blocks per SM the register allocation must allow (__launch_bounds__). The
// global phases (thread 0) need many registers, the provider loops few; 2
// caps the kernel at 128 registers with small spills (ptxas, sm_90: 1 block
// and 174 registers without it). Variants and their timings: bench/cuda_kernel_notes.md.
#ifndef DS_CUDA_MIN_BLOCKS
#define DS_CUDA_MIN_BLOCKS 2
#endif
#define DS_CUDA_WARPS (DS_CUDA_THREADS / 32)
// Steps per kernel launch: the path state goes back to device memory between
// launches, so progress is reported and a stop honoured every this many steps
// (and no launch runs long enough to trip a display watchdog).
#define DS_CUDA_STEPS_PER_LAUNCH 32
// Every region of the device allocation starts on this boundary.
#define DS_CUDA_REGION_ALIGN 256
// Most fields one block reduction sums (pass B: every DS_PROVIDER_SUMS field).
#define DS_SUM_K DS_PROVIDER_N_SUMS

typedef unsigned long long u64;

DS_STATIC_ASSERT(DS_PARAMS_SHARED_BYTES % sizeof(u64) == 0,
                 "ds_params' shared part is copied as 64-bit words");
DS_STATIC_ASSERT(sizeof(ds_fx) == sizeof(u64), "fixed point is summed as 64-bit two's complement");

// ---------------------------------------------------------------- device side

// What a block keeps in shared memory: the parameters the provider passes
// read (every thread, broadcast: ds_params up to DS_PARAMS_SHARED_BYTES; the
// input series after it stay in global memory, read by thread 0's global
// phases, which are therefore called with the global copy), the path state
// (written by thread 0 only), the auction histogram, and one partial sum per
// warp and field for the reductions.
struct ds_block_shared {
    u64 P[DS_PARAMS_SHARED_BYTES / sizeof(u64)]; // the head of a ds_params: shared_params()
    ds_path S;
    ds_fx hist[DS_AUCTION_BINS];
    u64 part[DS_CUDA_WARPS][DS_SUM_K];
    int halt; // an invalid state was found at a record: the path stops there
};

// Block b's pool: provider i of block b lives at b·npad + i in every array, so
// a warp's 32 consecutive providers are 32 consecutive elements (coalesced).
static __device__ ds_providers pool_of(const ds_providers &base, int b, int npad)
{
    return ds_providers_at(&base, (size_t)b * (size_t)npad);
}

// The parameters the provider passes read into shared memory, all threads
// cooperating, as 64-bit words: the input series (64 KiB) would not fit.
static __device__ void load_params(u64 *dst, const ds_params *src)
{
    const u64 *s = reinterpret_cast<const u64 *>(src);
    for (int k = (int)threadIdx.x; k < (int)(DS_PARAMS_SHARED_BYTES / sizeof(u64)); k += blockDim.x)
        dst[k] = s[k];
}

// The shared copy as parameters: only the fields before DS_PARAMS_SHARED_BYTES
// may be read through it (the provider passes', the record's and outcomes').
static __device__ const ds_params *shared_params(const ds_block_shared &sh)
{
    return reinterpret_cast<const ds_params *>(sh.P);
}

// Sum K 64-bit integers over the block: warp shuffles, then one partial per
// warp in shared memory, added by thread 0, which alone holds the totals on
// return. Integer addition (two's complement, wrapping) is associative, so the
// totals equal the CPU's sequential sums bit for bit whatever the order. Every
// thread must call it. The caller must __syncthreads before the next call
// (part is reused); each step's phases do.
template <int K> static __device__ void block_sum(u64 (&v)[K], u64 (*part)[DS_SUM_K])
{
    for (int k = 0; k < K; k++)
        for (int off = 16; off > 0; off >>= 1) v[k] += __shfl_down_sync(0xffffffffu, v[k], off);
    int lane = (int)(threadIdx.x & 31u), warp = (int)(threadIdx.x >> 5);
    if (lane == 0)
        for (int k = 0; k < K; k++) part[warp][k] = v[k];
    __syncthreads();
    if (threadIdx.x == 0) {
        int warps = (int)(blockDim.x >> 5);
        for (int k = 0; k < K; k++) {
            u64 s = 0;
            for (int w = 0; w < warps; w++) s += part[w][k];
            v[k] = s;
        }
    }
}

// Start of a batch: draw every provider of path first + blockIdx.x, count the
// active ones, and leave the initial path state in state[blockIdx.x].
__global__ void __launch_bounds__(DS_CUDA_THREADS, DS_CUDA_MIN_BLOCKS)
    ds_cuda_init(const ds_params *Pg, ds_providers pool, int npad, uint32_t first, ds_path *state,
                 int32_t *bad_step, uint8_t *bad_var)
{
    __shared__ ds_block_shared sh;
    load_params(sh.P, Pg);
    __syncthreads();
    const ds_params *P = shared_params(sh);
    const int b = (int)blockIdx.x;
    const uint32_t path = first + (uint32_t)b;
    ds_providers pv = pool_of(pool, b, npad);
    u64 active[1] = {0};
    for (int i = (int)threadIdx.x; i < P->prov.count; i += blockDim.x) {
        ds_provider_init(P, &pv, i, path);
        active[0] += pv.status[i] == DS_ACTIVE;
    }
    block_sum<1>(active, sh.part);
    if (threadIdx.x == 0) {
        ds_path_init(Pg, &sh.S, path); // reads the cloud series, if any: global memory
        ds_path_start(P, &sh.S, (int32_t)active[0]);
        state[b] = sh.S;
        bad_step[b] = -1;
        bad_var[b] = DS_BAD_NONE;
    }
}

// Steps [s0, s1) of every path in the batch: the same phases in the same order
// as simulate_path in sim/run/engine.c. Outputs are laid out per batch:
//   rec       [DS_N_METRICS × batch × records]
//   outcomes  [DS_N_OUTCOMES × batch]      (written when s1 is the last step)
//   claims    [n_claims × batch]           (likewise)
//   bad_step, bad_var [batch]              (−1 and DS_BAD_NONE while valid)
__global__ void __launch_bounds__(DS_CUDA_THREADS, DS_CUDA_MIN_BLOCKS)
    ds_cuda_steps(const ds_params *Pg, ds_providers pool, int npad, uint32_t first, ds_path *state,
                  int s0, int s1, int batch, double *rec, double *outcomes, uint8_t *claims,
                  int32_t *bad_step, uint8_t *bad_var)
{
    __shared__ ds_block_shared sh;
    const int b = (int)blockIdx.x, tid = (int)threadIdx.x, nth = (int)blockDim.x;
    load_params(sh.P, Pg);
    if (tid == 0) {
        sh.S = state[b];
        sh.halt = bad_step[b] >= 0;
    }
    __syncthreads();
    const ds_params *P = shared_params(sh);
    ds_path *S = &sh.S;
    const int n = P->prov.count, steps = ds_params_steps(P), R = ds_params_records(P);
    const int auction = ds_path_uses_hist(P); // the auction's bins, or eligibility groups
    const int nblocks = (n + DS_RNG_GROUP - 1) / DS_RNG_GROUP * DS_RNG_GROUP_BLOCKS;
    const uint32_t path = first + (uint32_t)b;
    ds_providers pv = pool_of(pool, b, npad);
    // this path's records: metric m, record r at mine[m·stride + r]
    double *mine = rec + (size_t)b * (size_t)R;
    const size_t stride = (size_t)batch * (size_t)R;

    for (int step = s0; step < s1; step++) {
        // global phase: shocks, cloud, demand, network price. halt is written
        // by thread 0 only, at the end of a step: after this barrier every
        // thread reads the same value, so the block leaves the loop together.
        if (tid == 0 && !sh.halt) ds_path_begin(Pg, S, step); // Pg: the series
        if (auction)
            for (int k = tid; k < DS_AUCTION_BINS; k += nth) sh.hist[k] = 0;
        __syncthreads();
        if (sh.halt) break;

        // pass A: online draws, one Philox block per thread and four
        // providers (the group map, rng.h); capacity, and capacity per ask bin
        // (auction), both as integer sums
        u64 cap[1] = {0};
        const uint32_t *outage = S->ev.outage ? S->ev.avail_thr : NULL; // events.h
        for (int blk = tid; blk < nblocks; blk += nth) {
            ds_rng4 r = ds_rng_block(P->run.seed, path, DS_RNG_PROVIDER_ONLINE, (uint32_t)step,
                                     (uint32_t)blk);
            for (int k = 0; k < 4; k++) {
                const int i = (int)ds_rng_block_provider((uint32_t)blk, k);
                if (i >= n) break;
                ds_fx c = outage ? ds_provider_online_outage(&pv, i, ds_rng4_word(r, k), outage)
                                 : ds_provider_online(&pv, i, ds_rng4_word(r, k));
                cap[0] += (u64)c;
                if (auction) atomicAdd(reinterpret_cast<u64 *>(&sh.hist[pv.bin[i]]), (u64)c);
            }
        }
        block_sum<1>(cap, sh.part); // its barrier also completes the histogram

        // global phase: clear the market, route fees, mint, set the rates
        if (tid == 0) ds_path_clear(Pg, S, (ds_fx)cap[0], auction ? sh.hist : NULL);
        __syncthreads();

        // pass B: settle every provider against this step's rates
        const ds_step_rates rates = S->rates;
        ds_provider_sums own;
        memset(&own, 0, sizeof own);
        for (int i = tid; i < n; i += nth)
            ds_provider_settle(P, &pv, i, path, (uint32_t)step, &rates, &own);
            // every field as 64-bit two's complement, in DS_PROVIDER_SUMS order
#define DS_SUM_PACK(type, name) (u64)(int64_t) own.name,
        u64 sums[DS_SUM_K] = {DS_PROVIDER_SUMS(DS_SUM_PACK)};
#undef DS_SUM_PACK
        block_sum<DS_SUM_K>(sums, sh.part);

        // global phase: token market and ledger, outcomes, the record. The
        // next step's begin cannot overtake pass B (rates were copied before
        // the barrier above), and part is next written after the barrier at
        // the top of the next step.
        if (tid == 0) {
            int k = 0;
#define DS_SUM_UNPACK(type, name) S->sums.name += (type)(int64_t)sums[k++];
            DS_PROVIDER_SUMS(DS_SUM_UNPACK)
#undef DS_SUM_UNPACK
            ds_path_end(Pg, S);
            // as on the CPU; a handful of integer operations, on thread 0 only,
            // and nothing at all in Release (NDEBUG): a failure traps the
            // kernel and names this line (cudaErrorAssert at the sync)
            assert(ds_path_ledger_ok(P, S));
            int bad = ds_record_step(P, S, mine, stride);
            if (bad != DS_BAD_NONE) { // the rest of this path is undefined (NaN): it stops
                bad_step[b] = step;
                bad_var[b] = (uint8_t)bad;
                sh.halt = 1;
            }
        }
    }

    if (tid == 0) {
        state[b] = *S;
        if (s1 == steps) ds_record_outcomes(P, S, outcomes + b, claims + b, (size_t)batch);
    }
}

// ------------------------------------------------------------------ host side

// Every CUDA call goes through this: on failure, the call, file and line and
// CUDA's message go into err, and the caller returns CUDA_EDEVICE (exit
// status 1, or a CPU run under --backend auto).
#define CUDA_CHECK(call)                                                                           \
    do {                                                                                           \
        cudaError_t e_ = (call);                                                                   \
        if (e_ != cudaSuccess) {                                                                   \
            snprintf(err, errlen, "%s:%d: %s: %s (%s)", __FILE__, __LINE__, #call,                 \
                     cudaGetErrorString(e_), cudaGetErrorName(e_));                                \
            return CUDA_EDEVICE;                                                                   \
        }                                                                                          \
    } while (0)

// After a launch: configuration errors at once, execution errors at the sync;
// the message names the kernel.
#define CUDA_CHECK_LAUNCH(name)                                                                    \
    do {                                                                                           \
        cudaError_t e_ = cudaGetLastError();                                                       \
        if (e_ == cudaSuccess) e_ = cudaDeviceSynchronize();                                       \
        if (e_ != cudaSuccess) {                                                                   \
            snprintf(err, errlen, "%s:%d: launch of %s: %s (%s)", __FILE__, __LINE__, name,        \
                     cudaGetErrorString(e_), cudaGetErrorName(e_));                                \
            return CUDA_EDEVICE;                                                                   \
        }                                                                                          \
    } while (0)

static size_t round_up(size_t x, size_t a)
{
    return (x + a - 1) / a * a;
}

// Provider slots per path on the device (padded).
static int pool_slots(const ds_params *P)
{
    return (int)round_up((size_t)P->prov.count, DS_CUDA_POOL_ALIGN);
}

// The device allocation: the provider pool (DS_PROVIDER_FIELDS, one region
// per array), then one region per line here: X(name, element type, elements
// per path, elements besides the paths). The counts may name R (records) and
// nc (claims), which every expansion defines. layout_plan, the pointers in
// run_batches and cuda_bytes_fixed are generated from this list; the regions
// after state hold per path what ds_run_path_bytes counts, which
// cuda_bytes_per_path uses (test_cuda_layout holds the two together).
#define DS_CUDA_OUTPUTS(X)                                                                         \
    X(state, ds_path, 1, 0)               /* path states between launches */                       \
    X(rec, double, (R * DS_N_METRICS), 0) /* [DS_N_METRICS × batch × records] */                 \
    X(outcomes, double, DS_N_OUTCOMES, 0) /* [DS_N_OUTCOMES × batch] */                           \
    X(claims, uint8_t, nc, 1)             /* [n_claims × batch]; never empty */                   \
    X(bad_step, int32_t, 1, 0)            /* [batch] −1 while valid */                           \
    X(bad_var, uint8_t, 1, 0)             /* [batch] DS_BAD_* */                                   \
    X(params, ds_params, 0, 1)            /* the variant's parameters */

#define DS_CUDA_COUNT_ONE(name, type, per_path, fixed) +1
enum { DS_CUDA_REGIONS = DS_PROVIDER_N_FIELDS DS_CUDA_OUTPUTS(DS_CUDA_COUNT_ONE) };
#undef DS_CUDA_COUNT_ONE

extern "C" size_t cuda_bytes_per_path(const ds_params *P)
{
    // the pool and the path state, then the path's results as every backend
    // counts them: DS_CUDA_OUTPUTS' per-path regions after state are those
    // arrays (test_cuda_layout checks the layout against this estimate)
    return (size_t)pool_slots(P) * DS_PROVIDER_SLOT_BYTES + sizeof(ds_path) + ds_run_path_bytes(P);
}

// The parts besides the paths, and the padding of every region: rounding a
// region up to DS_CUDA_REGION_ALIGN adds at most ALIGN − 1 bytes, so with
// cuda_bytes_per_path this bounds layout_plan's total (run_batches checks).
extern "C" size_t cuda_bytes_fixed(const ds_params *P)
{
    (void)P;
    size_t bytes = (size_t)DS_CUDA_REGIONS * (DS_CUDA_REGION_ALIGN - 1);
#define DS_CUDA_FIXED(name, type, per_path, fixed) bytes += (size_t)(fixed) * sizeof(type);
    DS_CUDA_OUTPUTS(DS_CUDA_FIXED)
#undef DS_CUDA_FIXED
    return bytes;
}

extern "C" size_t cuda_batch_paths(size_t bytes_per_path, size_t fixed_bytes, size_t free_bytes)
{
    size_t usable = free_bytes / 5 * 4 + free_bytes % 5 * 4 / 5; // 80%, without overflow
    if (bytes_per_path == 0 || usable <= fixed_bytes) return 0;
    return (usable - fixed_bytes) / bytes_per_path;
}

static int g_slot = 0; // cuda_use_slot: this process's rank on its node

extern "C" void cuda_use_slot(int slot)
{
    g_slot = slot > 0 ? slot : 0;
}

// The device this process uses: its slot mod the visible devices.
static int device_ordinal(int count)
{
    return count > 0 ? g_slot % count : 0;
}

extern "C" int cuda_device_info(char *name, size_t n, size_t *free_bytes)
{
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess || count == 0) {
        if (name && n) snprintf(name, n, "%s", e != cudaSuccess ? cudaGetErrorString(e) : "none");
        (void)cudaGetLastError(); // not sticky: clear it so later calls start clean
        return CUDA_ENODEVICE;
    }
    const int dev = device_ordinal(count);
    cudaDeviceProp prop;
    e = cudaGetDeviceProperties(&prop, dev);
    if (e != cudaSuccess) {
        if (name && n) snprintf(name, n, "%s", cudaGetErrorString(e));
        return CUDA_EDEVICE;
    }
    // the binary holds sm_80 and sm_90 code and compute_90 PTX: older devices cannot run it
    if (prop.major < 8) {
        if (name && n)
            snprintf(name, n, "%s (sm_%d%d) is older than sm_80, which this build needs", prop.name,
                     prop.major, prop.minor);
        return CUDA_EDEVICE;
    }
    if (name && n && count > 1)
        snprintf(name, n, "%s (sm_%d%d), device %d of %d", prop.name, prop.major, prop.minor, dev,
                 count);
    else if (name && n)
        snprintf(name, n, "%s (sm_%d%d)", prop.name, prop.major, prop.minor);
    if (free_bytes) {
        size_t fr = 0, total = 0;
        e = cudaSetDevice(dev);
        if (e == cudaSuccess) e = cudaMemGetInfo(&fr, &total);
        if (e != cudaSuccess) { // the context cannot start: say why, after the name
            if (name && n)
                snprintf(name, n, "%s (sm_%d%d): %s", prop.name, prop.major, prop.minor,
                         cudaGetErrorString(e));
            (void)cudaGetLastError();
            return CUDA_EDEVICE;
        }
        *free_bytes = fr;
    }
    return CUDA_OK;
}

extern "C" int cuda_copy_by_rows(size_t width, size_t dpitch, size_t spitch, size_t height,
                                 size_t max_pitch)
{
    return height > 0 && (width > max_pitch || dpitch > max_pitch || spitch > max_pitch);
}

// Rows from the device to the host (cuda_copy_by_rows says how): one
// cudaMemcpy2D, or one cudaMemcpy per row where a pitch is too large for it.
static int copy_rows(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
                     size_t height, size_t max_pitch, char *err, size_t errlen)
{
    if (height == 0 || width == 0) return CUDA_OK;
    if (!cuda_copy_by_rows(width, dpitch, spitch, height, max_pitch)) {
        CUDA_CHECK(cudaMemcpy2D(dst, dpitch, src, spitch, width, height, cudaMemcpyDeviceToHost));
        return CUDA_OK;
    }
    for (size_t k = 0; k < height; k++)
        CUDA_CHECK(cudaMemcpy(static_cast<char *>(dst) + k * dpitch,
                              static_cast<const char *>(src) + k * spitch, width,
                              cudaMemcpyDeviceToHost));
    return CUDA_OK;
}

// One allocation, carved into regions; ds_layout says where each lies (byte
// offsets) for a batch of `batch` paths.
#define DS_CUDA_OFFSET_MEMBER(name, type, per_path, fixed) size_t name;
typedef struct {
    DS_CUDA_OUTPUTS(DS_CUDA_OFFSET_MEMBER)
    size_t total;
} ds_layout;
#undef DS_CUDA_OFFSET_MEMBER

static void layout_plan(const ds_params *P, int batch, ds_layout *L)
{
    const size_t R = (size_t)ds_params_records(P), nc = (size_t)P->n_claims, nb = (size_t)batch;
    // the provider pool first, from offset 0
    size_t off = ds_providers_layout(NULL, NULL, nb * (size_t)pool_slots(P), DS_CUDA_REGION_ALIGN);
#define DS_CUDA_PLAN(name, type, per_path, fixed)                                                  \
    L->name = off;                                                                                 \
    off += round_up(((size_t)(per_path)*nb + (size_t)(fixed)) * sizeof(type), DS_CUDA_REGION_ALIGN);
    DS_CUDA_OUTPUTS(DS_CUDA_PLAN)
#undef DS_CUDA_PLAN
    L->total = off;
}

extern "C" size_t cuda_layout_bytes(const ds_params *P, int batch)
{
    ds_layout L;
    layout_plan(P, batch, &L);
    return L.total;
}

// Threads per block: a warp multiple, no more than the pool needs.
static int block_threads(const ds_params *P)
{
    int t = (int)round_up((size_t)(P->prov.count > 0 ? P->prov.count : 1), 32);
    return t < DS_CUDA_THREADS ? t : DS_CUDA_THREADS;
}

// The device memory this run may plan with: what is free, or less where
// DEPINSIM_CUDA_MEMORY says so.
static size_t memory_budget(size_t free_bytes)
{
    const char *s = getenv("DEPINSIM_CUDA_MEMORY");
    if (!s || !*s) return free_bytes;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end) return free_bytes;
    return (size_t)v < free_bytes ? (size_t)v : free_bytes;
}

// The progress callback, after each advance.
static void tick(const ds_progress *p)
{
    if (p->tick) p->tick(p->ctx, p->done, p->total, p->paths_done, p->paths_total);
}

static int run_batches(const ds_params *P, int first, int count, const ds_run_buffers *out,
                       ds_progress *prog, char **dev, char *err, size_t errlen)
{
    const int steps = ds_params_steps(P), R = ds_params_records(P), nc = P->n_claims;
    const int paths_total = out->paths_total;
    int devices = 0;
    CUDA_CHECK(cudaGetDeviceCount(&devices));
    const int ordinal = device_ordinal(devices);
    CUDA_CHECK(cudaSetDevice(ordinal));
    size_t free_bytes = 0, total_bytes = 0;
    CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    size_t budget = memory_budget(free_bytes);
    size_t per_path = cuda_bytes_per_path(P), fixed = cuda_bytes_fixed(P);
    size_t fit = cuda_batch_paths(per_path, fixed, budget);
    if (fit == 0) {
        snprintf(err, errlen,
                 "CUDA: one path needs %zu bytes of device memory (%d providers, %d records, "
                 "plus %zu fixed) but 80%% of the %zu bytes available is less; lower "
                 "providers.count or raise run.record_every, or use --backend cpu",
                 per_path, P->prov.count, R, fixed, budget);
        return CUDA_EDEVICE;
    }
    int batch = fit < (size_t)count ? (int)fit : count;
    ds_layout L;
    layout_plan(P, batch, &L);
    if (L.total > (size_t)batch * per_path + fixed) { // the estimate must bound the layout
        snprintf(err, errlen, "%s:%d: internal: layout %zu bytes exceeds the estimate %zu",
                 __FILE__, __LINE__, L.total, (size_t)batch * per_path + fixed);
        return CUDA_ESTOPPED;
    }
    int pitch_attr = 0; // the largest pitch cudaMemcpy2D takes, in bytes
    CUDA_CHECK(cudaDeviceGetAttribute(&pitch_attr, cudaDevAttrMaxPitch, ordinal));
    const size_t max_pitch = (size_t)pitch_attr;
    CUDA_CHECK(cudaMalloc(reinterpret_cast<void **>(dev), L.total));
    char *base = *dev;
    ds_providers pool;
    ds_providers_layout(&pool, base, (size_t)batch * (size_t)pool_slots(P), DS_CUDA_REGION_ALIGN);
    // d_state, d_rec, d_outcomes, d_claims, d_bad_step, d_bad_var, d_params
#define DS_CUDA_POINTER(name, type, per_path, fixed)                                               \
    type *d_##name = reinterpret_cast<type *>(base + L.name);
    DS_CUDA_OUTPUTS(DS_CUDA_POINTER)
#undef DS_CUDA_POINTER
    CUDA_CHECK(cudaMemcpy(d_params, P, sizeof *P, cudaMemcpyHostToDevice));
    const int threads = block_threads(P), npad = pool_slots(P);
    const size_t hpitch_rec = (size_t)paths_total * (size_t)R * sizeof(double);
    const int off = out->path_offset; // the path the host buffers' row 0 holds
    if (out->done) memset(out->done + (first - off), 0, (size_t)count);

    for (int b0 = 0; b0 < count; b0 += batch) {
        int nb = count - b0 < batch ? count - b0 : batch;
        int path0 = first + b0;
        ds_cuda_init<<<nb, threads>>>(d_params, pool, npad, (uint32_t)path0, d_state, d_bad_step,
                                      d_bad_var);
        CUDA_CHECK_LAUNCH("ds_cuda_init");
        for (int s0 = 0; s0 < steps; s0 += DS_CUDA_STEPS_PER_LAUNCH) {
            int s1 = steps - s0 < DS_CUDA_STEPS_PER_LAUNCH ? steps : s0 + DS_CUDA_STEPS_PER_LAUNCH;
            ds_cuda_steps<<<nb, threads>>>(d_params, pool, npad, (uint32_t)path0, d_state, s0, s1,
                                           nb, d_rec, d_outcomes, d_claims, d_bad_step, d_bad_var);
            CUDA_CHECK_LAUNCH("ds_cuda_steps");
            if (prog) {
                prog->done = prog->done + (long)nb * (long)(s1 - s0);
                tick(prog);
            }
            if (prog && prog->stop) {
                snprintf(err, errlen, "interrupted");
                return CUDA_ESTOPPED;
            }
        }
        // one copy per output per batch (or per row of it), from the batch's
        // layout into the host's [… × paths_total × …] layout
        size_t row = (size_t)nb * (size_t)R * sizeof(double);
        const size_t hrow = (size_t)(path0 - off); // the host buffers' row of path0
        int rc = copy_rows(out->rec + hrow * (size_t)R, hpitch_rec, d_rec, row, row, DS_N_METRICS,
                           max_pitch, err, errlen);
        if (rc == CUDA_OK && out->outcomes)
            rc = copy_rows(out->outcomes + hrow, (size_t)paths_total * sizeof(double), d_outcomes,
                           (size_t)nb * sizeof(double), (size_t)nb * sizeof(double), DS_N_OUTCOMES,
                           max_pitch, err, errlen);
        if (rc == CUDA_OK && out->claims && nc > 0)
            rc = copy_rows(out->claims + hrow, (size_t)paths_total, d_claims, (size_t)nb,
                           (size_t)nb, (size_t)nc, max_pitch, err, errlen);
        if (rc != CUDA_OK) return rc;
        int32_t *bs = out->bad_step ? out->bad_step + hrow : NULL;
        if (bs)
            CUDA_CHECK(
                cudaMemcpy(bs, d_bad_step, (size_t)nb * sizeof(int32_t), cudaMemcpyDeviceToHost));
        if (out->bad_variable)
            CUDA_CHECK(cudaMemcpy(out->bad_variable + hrow, d_bad_var, (size_t)nb,
                                  cudaMemcpyDeviceToHost));
        // done: ran to the end without an invalid state (as the CPU says it)
        for (int k = 0; out->done && k < nb; k++) out->done[hrow + k] = bs[k] < 0;
        if (prog) {
            prog->paths_done = prog->paths_done + nb;
            tick(prog);
        }
    }
    return CUDA_OK;
}

extern "C" int cuda_run(const ds_params *P, int first, int count, const ds_run_buffers *out,
                        ds_progress *progress, char *err, size_t errlen)
{
    if (count <= 0) return CUDA_OK;
    if (!out || !out->rec || (out->done && !out->bad_step) || first < out->path_offset ||
        (long)first + count > (long)out->path_offset + out->paths_total) {
        snprintf(err, errlen, "%s:%d: bad buffers for paths [%d, %d)", __FILE__, __LINE__, first,
                 first + count);
        return CUDA_ESTOPPED;
    }
    char *dev = NULL;
    int rc = run_batches(P, first, count, out, progress, &dev, err, errlen);
    if (dev) {
        cudaError_t e = cudaFree(dev);
        if (e != cudaSuccess && rc == CUDA_OK) {
            snprintf(err, errlen, "%s:%d: cudaFree(dev): %s (%s)", __FILE__, __LINE__,
                     cudaGetErrorString(e), cudaGetErrorName(e));
            rc = CUDA_EDEVICE;
        }
    }
    return rc;
}
