/* results.h — the HDF5 results file (DESIGN.md §5): what a run hands the
 * writer (ds_results), the writer (results_write.c: written whole to a
 * temporary name beside the target and renamed into place, so an
 * interrupted or failed run never leaves a truncated file under the
 * requested name), the check of an output path before a run, and the probe
 * every reader runs first (results_probe.c). Reading is results_read.h; the
 * format's names are results_format.h's. */
#ifndef DS_RESULTS_H
#define DS_RESULTS_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "../error.h"
#include "../stats.h" /* DS_N_QUANTILES, ds_quantile_levels, ds_outcome_summary */
#include "results_format.h"

/* One claim judged on one variant: /variants/<v>/claims/<name>/ */
typedef struct {
    const char *name;   /* group name */
    const char *text;   /* readable statement, e.g. "price_ratio <= 0.6 at end" */
    const char *metric; /* metric name */
    const char *op;     /* "<", "<=", ">", ">=" */
    double threshold;
    const char *when;                         /* "end", "always" or "window_mean" */
    double window_start_day, window_end_day;  /* window_mean only; else NaN */
    int holds, paths;                         /* paths where it holds, paths judged */
    double probability, wilson_lo, wilson_hi; /* holds/paths and its 95% Wilson interval */
    const uint8_t *per_path;                  /* [paths] 1 where it holds */
    /* what issue 14 added: a conditional claim's
     * condition, "" when none (holds and paths then count the paths where the
     * condition holds, per_path is the claim's own verdict on every path);
     * every path judged; why it is decided by construction, "" when it is not */
    const char *given;
    int paths_total;
    const char *by_construction;
} ds_claim_result;

typedef struct {
    const char *name;      /* group name under /variants */
    const char *overrides; /* "key=value\n" lines ("" for none), an attribute */
    const char *segments;  /* demand segments' names, comma-separated (NULL or "": one buyer) */
    int paths, records;
    const double *quantiles;            /* [DS_N_METRICS × records × DS_N_QUANTILES] */
    const double *mean;                 /* [DS_N_METRICS × records] */
    const double *final;                /* [DS_N_METRICS × paths] */
    const double *path_records;         /* [DS_N_METRICS × paths × records], or NULL */
    const double *outcomes;             /* [DS_N_OUTCOMES × paths], or NULL */
    ds_outcome_summary outcome_summary; /* meaningful when outcomes != NULL */
    int n_claims;
    const ds_claim_result *claims; /* [n_claims] */
    const int32_t *path_index;     /* [paths] original path numbers of the paths written, or
                                      NULL when they are 0..paths−1 (all ran, none left out) */
    int paths_run;                 /* paths simulated (completed or not) */
    int paths_invalid;             /* left out under run.on_invalid: flag */
    int n_events;                  /* dated events: event_days [n_events] and their labels */
    const double *event_days;      /* day each takes effect */
    const char *event_labels;      /* one per line, "" for none */
} ds_variant_result;

/* One input series of the scenario (`inputs:`), the provenance the results
 * keep of it beside the scenario's: /inputs/<name>/ with the file's SHA-256
 * and the knots the run used (day, value in the model's unit), so that the
 * numbers are known even without the file, and nothing of the file but the
 * column the run read goes into results that may be shared. */
typedef struct {
    const char *name;       /* group name */
    const char *file;       /* as the scenario wrote it */
    const char *column;     /* the value column read */
    const char *unit;       /* the column's unit (before scale) */
    const char *sha256;     /* of the whole file */
    const char *start;      /* the row that is day 0 ("" : the first) */
    const char *interp;     /* "linear" or "step" */
    const char *value_unit; /* the knots' unit: the column's, or "<unit> × <scale>" */
    double scale;
    int rows;             /* rows read */
    const double *t_days; /* [rows] run day of each row */
    const double *value;  /* [rows] value × scale */
} ds_result_input;

/* What makes two runs the same run, so that their paths may be put together
 * (merge of shards, resume from a checkpoint): the scenario (its text and the
 * --set assignments), the seed and sizes, and the binary. The binary is its
 * version, commit, compiler and flags; where the tree was dirty or its commit
 * unknown, the commit does not pin the code, and the binary's own SHA-256
 * must agree too (sim/io/provenance.h checks). Every results file, shard and
 * checkpoint records these. */
typedef struct {
    const char *scenario_sha256; /* of the scenario text */
    const char *scenario_sets;   /* the --set assignments, one per line; "" for none */
    double seed;
    int paths, steps, records; /* paths: run.paths, every path of the run */
    int n_variants;            /* the scenario's, written or not */
    const char *version, *git_commit;
    int git_dirty; /* 1, 0, -1 unknown */
    const char *compiler, *flags;
    const char *binary_sha256; /* "" where it could not be read */
    /* the files the scenario reads (CSV series), "<sha256>  <name>" lines
     * ("" for none): resume refuses a checkpoint made from other inputs, and
     * merge shards made from them (results_merge.c compares them too) */
    const char *input_files;
} ds_identity;

/* An identity read from a file, owning its strings ("" where absent;
 * numbers NaN or -1 where absent). identity_free releases them. */
typedef struct {
    ds_identity id;
    char *strs[8];
} ds_identity_owned;
void identity_free(ds_identity_owned *o);

/* The provenance a results file records beside the scenario (issues 16, 17):
 * the binary, where and how wide it ran, and the files the scenario read. */
typedef struct {
    const ds_identity *id;  /* the binary's fields, scenario_sets */
    const char *git_source; /* "git", "archive" or "none": where the commit came from */
    const char *build_type;
    const char *host;  /* rank 0's host */
    int omp_threads;   /* OpenMP threads per process (0: not known, merge) */
    int mpi_ranks;     /* 1: one process (no MPI) */
    const char *hosts; /* MPI: "a (2 ranks), b (1 rank)"; NULL otherwise */
    /* the files the scenario reads (issue 15: CSV series), each with its
     * SHA-256; written as `input_files`, one "<sha256>  <name>" line each
     * (sha256sum's format, so `sha256sum -c` checks them) */
    int n_inputs;
    const char *const *input_names, *const *input_sha256;
    const char *resumed_from; /* a resumed run: the checkpoint directory; else NULL */
    int resumed_paths;        /* paths the checkpoint gave */
    const char *merged_from;  /* merge: one "<first>:<end> <file>" line per shard; else NULL */
} ds_provenance;

/* A shard (run --paths-range A:B): its range, and per variant of the
 * scenario (written or not: a variant whose every path in the range was
 * invalid has no group) the paths simulated and left out, so merge can sum
 * them. The per-path datasets (paths/ included, whatever run.keep_paths
 * says) and path_index are always written. */
typedef struct {
    int first, end;
    int keep_paths; /* the scenario's run.keep_paths: whether the merged file has paths/ */
    int n_variants;
    const char *const *variant_names; /* [n_variants] in the scenario's order */
    const int *paths_run, *paths_invalid;
} ds_shard_info;

typedef struct {
    const char *version;
    const char *scenario_name;
    const char *scenario_yaml;
    const char *scenario_sha256; /* 64 hex chars */
    unsigned seed;
    int paths, steps, records;
    double step_days;
    const char *backend;        /* "cpu" or "cuda" */
    const char *device;         /* e.g. "2 OpenMP threads" */
    const char *backend_reason; /* why auto runs on the CPU (ds_backend.reason); "" or NULL: none */
    double wall_seconds;
    const char *created;     /* ISO 8601 UTC */
    const double *time_days; /* [records] */
    int n_variants;
    const ds_variant_result *variants;
    int n_inputs;                  /* the scenario's input series (may be 0) */
    const ds_result_input *inputs; /* [n_inputs] */
    const char *unit_name;     /* the capacity unit ("heq-h" when NULL or ""): written into every
                                  units attribute in place of heq-h */
    int complete;              /* 0 for a --partial file of an interrupted run */
    int paths_requested;       /* run.paths; `paths` may be fewer when incomplete */
    volatile const int *abort; /* checked before the rename: set ⇒ remove the
                                  temporary and fail (an interrupt), or NULL */
    volatile sig_atomic_t *tmp_live;         /* or NULL: set to 1 while the temporary exists
                                                and is ours to remove (a signal handler's cue) */
    void (*before_publish)(const char *tmp); /* or NULL: called with the finished
                                                temporary just before publishing (tests) */
    const ds_provenance *prov;               /* or NULL (older callers, tests) */
    const ds_shard_info *shard;              /* a shard, or NULL */
    /* or NULL: what experiments add after the variants (results_ext.h) */
    const struct results_ext_s *ext;
} ds_results;

/* Room the temporary's suffix takes: ".tmp." and a pid of up to 20 digits, and the NUL. */
#define RESULTS_TMP_SUFFIX_MAX 26

/* The temporary results_write uses for path: `<path>.tmp.<pid>`. */
void results_tmp_name(const char *path, long pid, char *buf, size_t n);

/* Can path receive a results file? Checked before a run, so that hours of
 * simulation never end in a path that cannot be written: not empty, not too
 * long (with the temporary's suffix), a new name or a regular file (never a
 * device, FIFO, socket, directory or symbolic link, even with force; an
 * existing file only with force), in a directory that exists and is writable,
 * where this process's temporary name is free.
 * DS_OK or DS_EINPUT with the reason. results_write checks the target's type
 * again just before it renames. */
int results_check_output(const char *path, int force, ds_errors *errs);

/* Write to `<path>.tmp.<pid>` then rename. Refuses an existing file unless
 * force (DS_EINPUT), and anything but a regular file even with force
 * (DS_EFAIL). On failure nothing exists under path that was not there before, and
 * no temporary is left. Returns DS_OK / DS_EFAIL / DS_EINPUT (exists). */
int results_write(const char *path, const ds_results *r, int force, ds_errors *errs);

/* Read the whole file once in a child process first: a damaged file that makes
 * the HDF5 library itself crash (it does, on some corrupt link tables) gives
 * DS_EINPUT with a message naming the HDF5 call and the object, instead of
 * killing the command, and so does a read that HDF5 does not finish (10 s and
 * 1 s per 50 MB); a crash or hang of the child outside any HDF5 call is
 * depinsim's own fault and gives DS_EFAIL ("internal error ... a bug"). The
 * child tells which through a page shared with the parent (results_int.h,
 * h5_trail). DS_OK means the caller may read it (and will report any
 * ordinary error itself). */
int results_probe(const char *path, ds_errors *errs);

#endif
