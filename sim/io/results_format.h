/* results_format.h — every name of the results file format (DESIGN.md §5),
 * once: the format's version string, the groups, the root, variant, summary
 * and claim attributes, the metric and outcome names with their units, and
 * the outcome summary's attributes with their place in ds_outcome_summary.
 * The writer (results_write.c), the reader (results_read.c) and through it
 * `info` use these and no literal of their own. */
#ifndef DS_RESULTS_FORMAT_H
#define DS_RESULTS_FORMAT_H

#include <stddef.h>

#include "../../models/metrics.h"
#include "../../models/outcomes.h"
#include "../stats.h"

#define RESULTS_FORMAT "depinsim-results-1" /* the root's "format": this layout */

/* root: attributes, then /time_days [R] and /variants/<name>/ */
#define RF_FORMAT "format"
#define RF_VERSION "version"
#define RF_SCENARIO_NAME "scenario_name"
#define RF_SCENARIO_YAML "scenario_yaml"
#define RF_SCENARIO_SHA256 "scenario_sha256"
#define RF_SEED "seed"
#define RF_PATHS "paths" /* also of a variant and of its summary/ */
#define RF_STEPS "steps"
#define RF_RECORDS "records"
#define RF_STEP_DAYS "step_days"
#define RF_BACKEND "backend"
#define RF_DEVICE "device"
#define RF_BACKEND_REASON "backend_reason"
#define RF_UNIT_NAME "unit_name"
#define RF_WALL_SECONDS "wall_seconds"
#define RF_CREATED "created"
#define RF_COMPLETE "complete"
#define RF_PATHS_REQUESTED "paths_requested"
#define RF_TIME_DAYS "time_days"
#define RF_VARIANTS "variants"

/* /inputs/<name>/: an input series' provenance (scenario `inputs:`); the
 * attributes as the scenario and the file state them, the knots the run used */
#define RF_INPUTS "inputs"
#define RF_INPUT_FILE "file"
#define RF_INPUT_COLUMN "column"
#define RF_INPUT_UNIT "unit"
#define RF_INPUT_SHA256 "sha256"
#define RF_INPUT_START "start"
#define RF_INPUT_INTERP "interp"
#define RF_INPUT_SCALE "scale"
#define RF_INPUT_ROWS "rows"
#define RF_INPUT_T_DAYS "t_days" /* [rows] */
#define RF_INPUT_VALUE "value"   /* [rows] */
/* root: provenance (issues 16, 17), in every file written since */
#define RF_SCENARIO_SETS "scenario_sets"         /* the --set options, one per line */
#define RF_SCENARIO_VARIANTS "scenario_variants" /* the scenario's, written or not */
#define RF_GIT_COMMIT "git_commit"
#define RF_GIT_DIRTY "git_dirty" /* 1 dirty, 0 clean, -1 unknown */
#define RF_GIT_SOURCE "git_source"
#define RF_COMPILER "compiler"
#define RF_COMPILER_FLAGS "compiler_flags"
#define RF_BUILD_TYPE "build_type"
#define RF_BINARY_SHA256 "binary_sha256"
#define RF_HDF5_VERSION "hdf5_version"
#define RF_HOST "host"
#define RF_OMP_THREADS "omp_threads"
#define RF_MPI_RANKS "mpi_ranks"
#define RF_HOSTS "hosts"
#define RF_INPUT_FILES "input_files" /* "<sha256>  <name>" lines */
#define RF_RESUMED_FROM "resumed_from"
#define RF_RESUMED_PATHS "resumed_paths"
#define RF_MERGED_FROM "merged_from" /* "<first>:<end> <file>" lines */
/* root: a shard (run --paths-range) */
#define RF_SHARD "shard"
#define RF_SHARD_FIRST "shard_first"
#define RF_SHARD_END "shard_end"
#define RF_KEEP_PATHS "keep_paths"
#define RF_SHARD_VARIANTS "shard_variants" /* every variant's name, one per line */
#define RF_SHARD_PATHS_RUN "shard_paths_run"
#define RF_SHARD_PATHS_INVALID "shard_paths_invalid"

/* a variant: attributes, then its groups of datasets, one per metric or outcome */
#define RF_OVERRIDES "overrides"
#define RF_SEGMENTS "segments" /* "training,inference": the names of segment1_*, segment2_*, … */
#define RF_PATH_INDEX "path_index" /* [paths] original path numbers, when some were left out */
#define RF_QUANTILES "quantiles"   /* <metric> [R × DS_N_QUANTILES], attribute levels */
#define RF_LEVELS "levels"
#define RF_MEAN "mean"             /* <metric> [R] */
#define RF_FINAL "final"           /* <metric> [paths] */
#define RF_PATHS_GROUP "paths"     /* <metric> [paths × R], when the run kept whole paths */
#define RF_OUTCOMES "outcomes"     /* <outcome> [paths] */
#define RF_SUMMARY "summary"       /* per-variant scalars as attributes */
#define RF_CLAIMS "claims"         /* <claim>/ */
#define RF_EVENT_DAYS "event_days" /* [events] the dated events' days, when there are any */
#define RF_EVENT_LABELS "labels"   /* of event_days: one label per line */
#define RF_UNITS "units"           /* of every dataset */

/* summary/: paths, how many ran and were left out, <metric>_final_<stat>
 * for each of RF_FINAL_STATS, and the outcome summary */
#define RF_PATHS_RUN "paths_run"
#define RF_PATHS_INVALID "paths_invalid"
#define RF_N_FINAL_STATS 3
extern const char *const results_final_stat_names[RF_N_FINAL_STATS]; /* median p05 p95 */
extern const int results_final_stat_levels[RF_N_FINAL_STATS];        /* DS_Q_* of each */

/* The outcome summary's attributes of summary/, in the order written. */
typedef struct {
    const char *name;
    size_t offset; /* of its double in ds_outcome_summary */
} results_field;
#define RF_N_OUTCOME_SUMMARY 9
extern const results_field results_outcome_summary[RF_N_OUTCOME_SUMMARY];
#define RF_DEATH_SPIRAL_PROBABILITY 0 /* its index: present means the file has the summary */

/* The value of field f of s. */
static inline double *results_field_of(ds_outcome_summary *s, const results_field *f)
{
    return (double *)((char *)s + f->offset);
}

/* claims/<name>/: the statement and its verdict as attributes, per_path [paths] */
#define RF_CLAIM_TEXT "text"
#define RF_CLAIM_METRIC "metric"
#define RF_CLAIM_OP "op"
#define RF_CLAIM_THRESHOLD "threshold"
#define RF_CLAIM_WHEN "when"
#define RF_CLAIM_WINDOW_START "window_start_day"
#define RF_CLAIM_WINDOW_END "window_end_day"
#define RF_CLAIM_HOLDS "holds"
#define RF_CLAIM_PATHS "paths"
#define RF_CLAIM_PROBABILITY "probability"
#define RF_CLAIM_WILSON_LO "wilson_lo"
#define RF_CLAIM_WILSON_HI "wilson_hi"
#define RF_CLAIM_PER_PATH "per_path"

/* What experiments add (issue 14; results_ext.c writes and reads them):
 * on the root, the run's variant selection and the sweep's axes; on a
 * variant, its sweep point; on a claim, its condition, the paths judged and
 * why it is decided by construction; /analysis, a sensitivity analysis. */
#define RF_VARIANTS_SELECTED "variants_selected" /* "a,b": run --variants */
#define RF_VARIANTS_IN_SCENARIO "variants_in_scenario"
#define RF_SWEEP_AXES "sweep_axes"         /* a line per axis: its keys */
#define RF_SWEPT "swept"                   /* "key=value" lines */
#define RF_CLAIM_GIVEN "given"             /* "" or the condition of P(A|B) */
#define RF_CLAIM_PATHS_TOTAL "paths_total" /* every path judged */
#define RF_CLAIM_BY_CONSTRUCTION "by_construction"
#define RF_ANALYSIS "analysis"
#define RF_AN_METHOD "method"
#define RF_AN_FACTORS "factors" /* names, one a line; so are the next five */
#define RF_AN_FACTOR_DISTS "factor_distributions"
#define RF_AN_FACTOR_UNITS "factor_units"
#define RF_AN_OUTPUTS "outputs" /* also the dataset [points × outputs] */
#define RF_AN_OUTPUT_TEXTS "output_texts"
#define RF_AN_OUTPUT_UNITS "output_units"
#define RF_AN_SAMPLES "samples"
#define RF_AN_POINTS "points"
#define RF_AN_PATHS_PER_POINT "paths_per_point"
#define RF_AN_SEED "seed"
#define RF_AN_LEVELS "levels"
#define RF_AN_FIRST_ORDER "first_order" /* "saltelli" or "jansen" */
#define RF_AN_RESAMPLES "resamples"
#define RF_AN_CONFIDENCE "confidence"
#define RF_AN_WALL_SECONDS "wall_seconds"
#define RF_AN_DESIGN "design"       /* [points × factors] */
#define RF_AN_INDICES "indices"     /* <stat> [outputs × factors] */
#define RF_AN_VARIANCE "variance"   /* [outputs] (Sobol) */
#define RF_AN_ROWS_USED "rows_used" /* [outputs] (Sobol) */

/* The metrics (DS_METRICS) and outcomes (DS_OUTCOMES): dataset names and units. */
extern const char *const ds_metric_names[DS_N_METRICS];
extern const char *const ds_metric_units[DS_N_METRICS];
extern const char *const ds_outcome_names[DS_N_OUTCOMES];
extern const char *const ds_outcome_units[DS_N_OUTCOMES];

/* A metric's unit with "heq-h" replaced by the scenario's unit name (storage
 * scenarios: "PiB-day"); returns u itself when there is nothing to replace. */
const char *results_unit(const char *u, const char *unit_name, char *buf, size_t n);

/* A number as `info`, `compare` and the attribute texts show it: 4
 * significant digits, k/M/G/T/P instead of an exponent from 10^4 up, "nan",
 * "inf". Returns buf. */
const char *results_fmt_num(char buf[32], double x);

#endif
