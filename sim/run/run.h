/* run.h — the run driver behind `depinsim run`: load and check the scenario,
 * estimate memory, run every variant on the chosen backend, leave out invalid
 * paths (on_invalid: flag), compute statistics, claims and outcomes, and write
 * the results file; interrupts stop the workers and leave nothing behind
 * (or, with --partial, the completed paths). */
#ifndef DS_RUN_H
#define DS_RUN_H

#include "../io/scenario.h"

typedef struct {
    const char *scenario; /* path of the YAML file */
    const char *out;      /* results file, or NULL for <name>.h5 */
    char **sets;          /* "key.path=value" overrides, in order */
    int n_sets;
    int threads; /* 0: all cores */
    int backend; /* DS_BACKEND_* */
    int force, quiet, partial;
    int progress;      /* DS_PROGRESS_* */
    double max_memory; /* bytes; 0: what the machine has available */
} ds_run_options;

/* Everything `depinsim run` does; prints messages, returns the exit status. */
int run_scenario(const ds_run_options *o);

/* Load a scenario, apply overrides, check; prints every error; exit status. */
int run_load_scenario(const char *path, char **sets, int n_sets, ds_scenario *sc);

/* Bytes the host needs to run a scenario with `threads` workers. */
double run_memory_estimate(const ds_scenario *sc, int threads);

#endif
