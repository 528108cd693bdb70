/* backend_cuda.h — the CUDA backend's driver functions, as plain C with bare
 * pointers (HOOMD-style): no CUDA type leaks into the host program, which
 * reaches these only through sim/backend.c. The kernels run the models/ step
 * functions; this header says what they need and where results go. */
#ifndef DS_BACKEND_CUDA_H
#define DS_BACKEND_CUDA_H

#include <stddef.h>
#include <stdint.h>

#include "../models/params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What cuda_device_info and cuda_run return. */
enum {
    CUDA_OK = 0,
    CUDA_ENODEVICE = 1, /* no driver the process can use, or no device */
    CUDA_EDEVICE = 2,   /* a device that cannot run this build or failed: a CUDA
                           call, memory too small for one path; the CPU may run it */
    CUDA_ESTOPPED = 3   /* not the device's doing: stopped through progress->stop,
                           bad arguments, an internal fault */
};

/* Device 0 (after CUDA_VISIBLE_DEVICES): returns CUDA_OK and fills its name
 * ("NVIDIA H100 80GB HBM3 (sm_90)") and free memory in bytes when a device is
 * usable; CUDA_ENODEVICE (no driver, no device) or CUDA_EDEVICE (older than
 * sm_80; with free_bytes, also a context that cannot start) with the reason
 * in name. Either pointer may be NULL; free_bytes asks for the context to be
 * created, which proves the device can run. */
int cuda_device_info(char *name, size_t n, size_t *free_bytes);

/* Device bytes one path needs: its provider pool (struct of arrays, padded to
 * DS_CUDA_POOL_ALIGN slots), its path state, records, outcomes and claims.
 * Linear in providers and in records. */
size_t cuda_bytes_per_path(const ds_params *P);

/* Device bytes a run needs besides its paths: the parameters and the
 * alignment slack of the arrays. */
size_t cuda_bytes_fixed(const ds_params *P);

/* Bytes the device allocation of a batch of `batch` paths takes as laid out
 * (provider pool, then the DS_CUDA_OUTPUTS regions, each aligned): what
 * cuda_bytes_per_path and cuda_bytes_fixed bound. Pure arithmetic. */
size_t cuda_layout_bytes(const ds_params *P, int batch);

/* Paths per batch when free_bytes of device memory are free: as many as fit
 * in 80% of it (the rest is headroom for fragmentation and the runtime);
 * 0 when not even one path fits. Pure arithmetic, testable without a device. */
size_t cuda_batch_paths(size_t bytes_per_path, size_t fixed_bytes, size_t free_bytes);

/* Whether a copy of `height` rows of `width` bytes (row k from src + k·spitch
 * to dst + k·dpitch) must be made row by row, one cudaMemcpy per row: when
 * a pitch or the width exceeds max_pitch bytes, which cudaMemcpy2D refuses
 * (cudaDevAttrMaxPitch, 2^31 − 1 on current devices: the records' host pitch,
 * paths × records × 8 bytes, passes it at 2.7×10^8 path-records). 0: one
 * cudaMemcpy2D does. Pure arithmetic, tested on the host. */
int cuda_copy_by_rows(size_t width, size_t dpitch, size_t spitch, size_t height, size_t max_pitch);

/* Provider slots are padded to a multiple of this per path, so every path's
 * segment of every array starts on a 128-byte line (coalesced access). */
#define DS_CUDA_POOL_ALIGN 128

/* Where a run's results go on the host, for paths_total paths of one variant;
 * the layout of sim/engine.h's ds_run_buffers, repeated here as bare pointers:
 *   rec          [DS_N_METRICS × paths_total × records]
 *   outcomes     [DS_N_OUTCOMES × paths_total]          (or NULL)
 *   claims       [n_claims × paths_total]               (or NULL)
 *   done         [paths_total] 1 once a path ran to its end (or NULL; needs
 *                bad_step)
 *   bad_step     [paths_total] step whose record found an invalid state
 *                (ds_path_invalid), −1 if none (or NULL)
 *   bad_variable [paths_total] DS_BAD_* at bad_step (or NULL) */
typedef struct {
    int paths_total;
    double *rec;
    double *outcomes;
    uint8_t *claims;
    uint8_t *done;
    int32_t *bad_step;
    uint8_t *bad_variable;
} cuda_buffers;

/* Progress: done is advanced by path-steps (one host thread, after each
 * launch), paths_done by paths after each batch, and tick(ctx) called after
 * each advance; a nonzero *stop ends the run between launches. Any pointer may
 * be NULL. */
typedef struct {
    volatile long *done;
    volatile long *paths_done;
    volatile int *stop;
    void (*tick)(void *ctx);
    void *ctx;
} cuda_progress;

/* Simulate paths [first, first + count) of one variant on device 0, exactly
 * as the CPU backend would (an invalid path stops at that record, its later
 * records NaN; the policy on_invalid is the caller's). The environment
 * variable DEPINSIM_CUDA_MEMORY (bytes), when set, caps the device memory the
 * run may plan with (to force batching). Returns CUDA_OK, or with a message
 * in err CUDA_EDEVICE (the CUDA call, file and line; memory that does not
 * fit) or CUDA_ESTOPPED (interrupted; bad buffers; an internal fault). */
int cuda_run(const ds_params *P, int first, int count, const cuda_buffers *out,
             const cuda_progress *progress, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
