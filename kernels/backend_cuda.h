/* backend_cuda.h — the CUDA backend's driver functions, as plain C with bare
 * pointers (HOOMD-style): no CUDA type leaks into the host program, which
 * reaches these only through sim/run/backend.c. The kernels run the models/ step
 * functions; this header says what they need and where results go. */
#ifndef DS_BACKEND_CUDA_H
#define DS_BACKEND_CUDA_H

#include <stddef.h>
#include <stdint.h>

#include "../models/params.h"
#include "../sim/run/backend.h" /* ds_run_buffers, ds_progress, ds_run_path_bytes */

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

/* The device slot of this process: its rank among the MPI ranks of its node
 * (0 outside MPI). The device used is slot mod the devices visible (after
 * CUDA_VISIBLE_DEVICES), so ranks sharing a node with several GPUs spread
 * over them; with one visible device, as `srun --gpus-per-task=1` gives,
 * every rank uses its own. Call before anything below. */
void cuda_use_slot(int slot);

/* This process's device (cuda_use_slot): returns CUDA_OK and fills its name
 * ("NVIDIA H100 80GB HBM3 (sm_90)", ", device 1 of 4" added when several
 * are visible) and free memory in bytes when a device is
 * usable; CUDA_ENODEVICE (no driver, no device) or CUDA_EDEVICE (older than
 * sm_80; with free_bytes, also a context that cannot start) with the reason
 * in name. Either pointer may be NULL; free_bytes asks for the context to be
 * created, which proves the device can run. */
int cuda_device_info(char *name, size_t n, size_t *free_bytes);

/* Device bytes one path needs: its provider pool (struct of arrays, padded to
 * DS_CUDA_POOL_ALIGN slots), its path state, and its results as every
 * backend counts them (ds_run_path_bytes: records, outcomes, claims, flags).
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

/* Simulate paths [first, first + count) of one variant on device 0, exactly
 * as the CPU backend would (an invalid path stops at that record, its later
 * records NaN; the policy on_invalid is the caller's). The environment
 * variable DEPINSIM_CUDA_MEMORY (bytes), when set, caps the device memory the
 * run may plan with (to force batching). Returns CUDA_OK, or with a message
 * in err CUDA_EDEVICE (the CUDA call, file and line; memory that does not
 * fit) or CUDA_ESTOPPED (interrupted; bad buffers; an internal fault).
 * progress (or NULL): done advances by path-steps after each launch,
 * paths_done by paths after each batch, tick is called from this host thread
 * after each advance, and a nonzero stop ends the run between launches. */
int cuda_run(const ds_params *P, int first, int count, const ds_run_buffers *out,
             ds_progress *progress, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
