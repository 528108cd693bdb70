/* results_read.h — a results file read back, the one way every command
 * reads one (info, plot, compare, export): the header, every metric's
 * quantiles and means, the summary, the outcome summary and the claims of
 * each variant, whole; per-path arrays (final values, outcomes) on demand,
 * since they grow with the paths. Every object is checked against the format
 * before it is read, within a memory budget (results_read.c, on
 * results_int.h's layer); the probe (results_probe.c) reads a file in a
 * child process first, so that HDF5's own crashes on a damaged file become
 * errors. */
#ifndef DS_RESULTS_READ_H
#define DS_RESULTS_READ_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "results.h"

/* One metric of one variant: quantiles/<name>, mean/<name>. Metrics this
 * build does not know are read too (after the known ones, by name), so a
 * newer file still plots and exports. */
typedef struct {
    char *name;
    char *units;       /* the dataset's units attribute; "" when absent */
    double *quantiles; /* [records × DS_N_QUANTILES], levels ds_quantile_levels */
    double *mean;      /* [records], or NULL when the file has none */
} ds_read_metric;

/* A per-path array's name and units: final/<name> or outcomes/<name>. */
typedef struct {
    char *name;
    char *units;
} ds_read_series;

/* An attribute the reader does not interpret, as `info` shows it: its name and
 * value as raw text (strings from the file: escape them for a terminal). */
typedef struct {
    char *name, *text;
} ds_read_attr;

/* claims/<name>/; strings "" and numbers NaN where an attribute is absent. */
typedef struct {
    char *name, *text, *metric, *op, *when;
    double threshold, window_start_day, window_end_day;
    double holds, paths;
    double probability, wilson_lo, wilson_hi;
    int has_probability; /* else a claim of another layout: its attributes below */
    int n_attrs;
    ds_read_attr *attrs; /* every attribute, only when !has_probability */
} ds_read_claim;

typedef struct {
    char *name;
    char *overrides; /* "key=value\n" lines */
    char *segments;  /* demand segments' names, comma-separated; "" when one buyer */
    int paths;
    int has_paths; /* the variant's paths attribute was there */
    int n_metrics;
    ds_read_metric *metrics; /* known metrics in DS_METRICS order, then others by name */
    int n_outcomes;
    ds_read_series *outcomes;           /* outcomes/ in the file's order; 0 when absent */
    int has_outcome_summary;            /* summary/ has death_spiral_probability */
    int outcome_summary_fields;         /* how many of its attributes summary/ has */
    ds_outcome_summary outcome_summary; /* NaN where an attribute is absent */
    int n_summary;
    ds_read_attr *summary; /* summary/'s other attributes (not paths, not the metric
                              finals, not the outcome summary), in the file's order */
    int n_claims;
    ds_read_claim *claims; /* in the scenario's order */
    int n_claims_attrs;
    ds_read_attr *claims_attrs; /* attributes of claims/ itself (other layouts) */
    int n_events;               /* event_days/: 0 when the scenario had none */
    double *event_days;         /* [n_events] */
    char *event_labels;         /* one label per line */
} ds_read_variant;

/* /inputs/<name>/: an input series' provenance; strings "" where absent. */
typedef struct {
    char *name, *file, *column, *unit, *sha256;
    char *start, *interp, *value_unit; /* value_unit: the knots' ("" where absent) */
    double scale;                      /* NaN where absent */
    int rows;
    double *t_days, *value; /* [rows] the knots the run used; NULL where absent */
} ds_read_input;

/* What a file says of the binary and machines that made it, and of being a
 * shard, a merge or a resume (results_format.h): strings "" and numbers NaN
 * where absent (files of earlier versions). */
typedef struct {
    char *git_commit, *compiler, *build_type, *host, *hosts, *merged_from, *resumed_from;
    double git_dirty, omp_threads, mpi_ranks, resumed_paths;
    double shard, shard_first, shard_end;
} ds_read_provenance;

typedef struct {
    char *path;
    char *scenario_name, *version, *created; /* "" where absent */
    char *backend, *device, *scenario_sha256, *backend_reason;
    double seed;
    double wall_seconds; /* NaN when absent */
    int paths, steps, records;
    double step_days;
    double horizon_days;    /* time of the last record */
    int partial;            /* the file says complete = 0: an interrupted run's paths */
    double paths_requested; /* NaN when the file does not say */
    double *time_days;      /* [records] */
    int n_variants;
    ds_read_variant *variants; /* in the scenario's order */
    int n_inputs;
    ds_read_input *inputs; /* the input series, in the scenario's order */
    ds_read_provenance prov;
    int64_t file; /* the open HDF5 file (hid_t), for on-demand reads */
    int64_t fapl;
} ds_read_results;

/* Opens and reads a results file. Refuses (DS_EINPUT, with a message naming
 * the file) anything that is not a complete depinsim results file: not HDF5,
 * no 'format' attribute, truncated, or datasets of the wrong shape. On
 * failure *r is left empty (results_read_free is still safe). */
int results_read(const char *path, ds_read_results *r, ds_errors *errs);

/* variants/<v>/<group>/<name> [paths] for group RF_FINAL or RF_OUTCOMES,
 * into a malloc'd array of r->variants[v].paths doubles. DS_OK (*out NULL
 * when the file has no such dataset), or DS_EINPUT / DS_EFAIL. */
int results_read_paths(const ds_read_results *r, int v, const char *group, const char *name,
                       double **out, ds_errors *errs);

/* The identity at the file's root (results.h): what merge compares between
 * shards. Absent attributes (files of earlier versions) read as "" and -1.
 * DS_OK, or DS_EINPUT / DS_EFAIL with errs. identity_free after. */
int results_read_identity(const ds_read_results *r, ds_identity_owned *id, ds_errors *errs);

/* One root attribute, checked like every read: a string into a malloc'd
 * copy ("" when absent), or a number (NaN when absent). DS_OK, or DS_EINPUT
 * / DS_EFAIL with errs. */
int results_read_text(const ds_read_results *r, const char *name, char **out, ds_errors *errs);
int results_read_number(const ds_read_results *r, const char *name, double *out, ds_errors *errs);

/* What a shard says of itself (results.h, ds_shard_info), read back. */
typedef struct {
    int first, end, keep_paths, n_variants;
    char **variant_names;           /* [n_variants] */
    int *paths_run, *paths_invalid; /* [n_variants] */
} ds_read_shard;

/* The shard attributes: DS_OK, 1 when the file is not a shard (a run without
 * --paths-range), or DS_EINPUT / DS_EFAIL with errs. read_shard_free after. */
int results_read_shard(const ds_read_results *r, ds_read_shard *s, ds_errors *errs);
void results_read_shard_free(ds_read_shard *s);

/* Per-path arrays of variant v, into malloc'd arrays, checked like every
 * read: paths/<metric> [paths × records] doubles; path_index [paths] (1 when
 * absent: the paths are 0..paths−1); claims/<claim>/per_path [paths] (each
 * 0 or 1). DS_OK, 1 when absent, or DS_EINPUT / DS_EFAIL. */
int results_read_rows(const ds_read_results *r, int v, const char *metric, double **out,
                      ds_errors *errs);
int results_read_index(const ds_read_results *r, int v, int32_t **out, ds_errors *errs);
int results_read_verdicts(const ds_read_results *r, int v, const char *claim, uint8_t **out,
                          ds_errors *errs);

/* The metric of that name, or NULL. */
const ds_read_metric *results_read_metric(const ds_read_variant *v, const char *name);

void results_read_free(ds_read_results *r);

/* Checked reads of any object of the open file by its path ("analysis",
 * "variants/base/claims/x"; "" the root), for the parts of the format other
 * modules own (results_ext.c): every component a hard link, the same checks
 * and memory budget as every read above. Each returns DS_OK, 1 when the
 * object or attribute is absent, or DS_EINPUT / DS_EFAIL with the error. */
int results_read_attr_text(const ds_read_results *r, const char *obj, const char *attr, char **out,
                           ds_errors *errs);
int results_read_attr_number(const ds_read_results *r, const char *obj, const char *attr,
                             double *out, ds_errors *errs);
/* A numeric dataset of rank 1 or 2 read whole as doubles; want[i] > 0 fixes
 * dimension i; dims[1] = 1 at rank 1. */
int results_read_array(const ds_read_results *r, const char *path, int rank, const size_t want[2],
                       size_t dims[2], double **out, ds_errors *errs);

/* Everything the commands read, once: the reader and every per-path set of
 * every variant. DS_OK if all read cleanly. For the probe and the fuzzer. */
int results_read_all(const char *path);

/* The most memory one reader (results_read, one results_read_paths)
 * may allocate for what it reads from a file; 0 (the default): half of the
 * smallest of the memory available and the process's ulimit -v and -d.
 * A file declaring more is refused (DS_EINPUT) before anything is allocated. */
void results_read_max_memory(double bytes);

/* results_probe with the reads given (results_read_all there) and the time
 * they may take (0: results_probe's own, 10 s and 1 s per 50 MB of file):
 * for tests of how the probe tells the library's crashes and hangs from
 * depinsim's own. */
int results_probe_with(const char *path, int (*read_all)(const char *path), double timeout_s,
                       ds_errors *errs);

#endif
