/* fuzz_results.c — libFuzzer target for the results reader: the input is
 * written to a per-process file and given to results_read_all: results_read
 * (with every attribute `depinsim info` shows as text) and every per-path
 * array read back (what info, plot, compare and export use). A damaged file must give an
 * error, never a crash, a hang or a leak. Open HDF5 objects are counted
 * before and after each input too, since one allocation inside HDF5 is
 * suppressed for LSan (lsan.supp: HDF5 1.10 leaks a cache entry on some
 * corrupt object headers); dataspaces and property lists LSan still sees. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <hdf5.h>

#include "error.h"
#include "io/results.h"
#include "io/results_read.h"

static char g_path[64];

/* files, datasets, groups, named types and attributes still open anywhere */
static ssize_t open_ids(void)
{
    return H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL);
}

static void remove_path(void)
{
    if (g_path[0]) unlink(g_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(g_path, sizeof g_path, "/tmp/ds_fuzz_results.%ld.h5", (long)getpid());
    atexit(remove_path);
    /* HDF5 keeps freed blocks on its own free lists; without this every one
     * of them would look like a leak to the per-input leak check. Runs
     * without leak checking (long_run.sh) keep them, without limits: several
     * times the executions, HDF5's metadata cache (half a MiB per open file,
     * above the default limit of a list) is not mapped and faulted in anew */
    H5open();
    if (getenv("DS_FUZZ_FREE_LISTS"))
        H5set_free_list_limits(-1, -1, -1, -1, -1, -1);
    else
        H5set_free_list_limits(0, 0, 0, 0, 0, 0);
    /* the readers refuse files declaring more than this before allocating;
     * far below libFuzzer's malloc and RSS limits (2 GB), so a refusal is
     * what the fuzzer sees, not an out-of-memory report */
    results_read_max_memory(64.0 * (1 << 20));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(g_path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);

    /* the readers in-process, where the sanitizers see them. The commands
     * first probe a file in a child process (results_probe), which contains
     * the crash HDF5 1.10 itself has on some corrupt link tables; here that
     * crash shows up as such, and the long runs (-fork, -ignore_crashes) are
     * classified by stack (triage.sh). Probing here too would cost a fork
     * per input: a sixth of the executions. */
    ssize_t before = open_ids();
    results_read_all(g_path);
    ssize_t after = open_ids();
    if (after != before) {
        fprintf(stderr, "HDF5 identifier leak: %zd open before the input, %zd after\n", before,
                after);
        abort();
    }
    return 0;
}
