/* results_ext.h — the parts of the results file that experiments add
 * (issue 14), their names in results_format.h, written by results_write
 * through the checked helpers of results_int.h and read back through
 * results_read.h's checked reads by path:
 *   /                        attrs variants_selected ("a,b": run --variants),
 *                            variants_in_scenario, sweep_axes (a line per
 *                            axis of the sweep: its keys, several if zipped)
 *   /variants/<v>            attr swept ("key=value" lines: the sweep's point)
 *   /variants/<v>/claims/<c> attrs given, paths_total, by_construction
 *   /analysis/               a sensitivity analysis: attributes (method, seed,
 *                            sizes, factor and output names), design [points ×
 *                            factors], outputs [points × outputs], and the
 *                            indices, each [outputs × factors]
 * Nothing here prints. */
#ifndef DS_RESULTS_EXT_H
#define DS_RESULTS_EXT_H

#include <stdint.h>

#include "../error.h"
#include "results.h"
#include "results_read.h"

enum { DS_ANALYSIS_SOBOL = 0, DS_ANALYSIS_MORRIS = 1, DS_ANALYSIS_LHS = 2 };
extern const char *const ds_analysis_methods[3]; /* "sobol", "morris", "lhs" */

/* The statistics each method gives per output and factor, [outputs × factors]
 * each, in this order: the datasets under /analysis/indices/. */
#define DS_ANALYSIS_MAX_STATS 6
extern const char *const ds_analysis_stats[3][DS_ANALYSIS_MAX_STATS]; /* NULL-padded */
int ds_analysis_n_stats(int method);

/* A sensitivity analysis as written and read. Strings and arrays are the
 * owner's (the driver's when writing; results_ext_analysis_free's when read). */
typedef struct ds_analysis_s {
    int method; /* DS_ANALYSIS_* */
    int n_factors, n_outputs;
    char **factors;      /* [n_factors] key paths, e.g. token.vol_per_sqrt_year */
    char **factor_dists; /* [n_factors] "uniform 0.4..1.2", "log_uniform ...", "listed a,b,c" */
    char **factor_units; /* [n_factors] the keys' units */
    char **outputs;      /* [n_outputs] output names */
    char **output_texts; /* [n_outputs] "median of subsidy_adjusted_ratio at day 1095" */
    char **output_units; /* [n_outputs] */
    int samples;         /* Sobol N rows, Morris r trajectories, LHS n points */
    int points;          /* design points evaluated */
    int paths;           /* paths per design point (common random numbers: the same for all) */
    uint32_t seed;       /* the design's seed (the paths' is the file's) */
    int levels;          /* Morris grid levels */
    int first_order;     /* Sobol's first-order estimator: 0 Jansen, 1 Saltelli 2010 */
    int resamples;       /* bootstrap resamples */
    double confidence;   /* of the intervals */
    double wall_seconds;
    double *design;                       /* [points × n_factors] factor values */
    double *y;                            /* [points × n_outputs] outputs */
    double *stats[DS_ANALYSIS_MAX_STATS]; /* [n_outputs × n_factors] each */
    double *variance;                     /* [n_outputs] output variance (Sobol), else NULL */
    int *rows;                            /* [n_outputs] rows used (Sobol), else NULL */
} ds_analysis;

/* What results_write adds to a file when ds_results.ext points here
 * (results_ext_write, results_int.h). */
typedef struct results_ext_s {
    const ds_results *r;           /* the variants and claims being written */
    const char *variants_selected; /* run --variants, or NULL */
    int variants_in_scenario;
    const char *const *swept;    /* [r->n_variants] "key=value\n" lines, NULL entries, or NULL */
    const char *sweep_axes;      /* or NULL: no sweep */
    const ds_analysis *analysis; /* or NULL */
} results_ext;

/* What a report needs of the additions, read from an open file. */
typedef struct {
    char *variants_selected; /* NULL when the run ran every variant */
    double variants_in_scenario;
    char **swept;        /* [r->n_variants], NULL entries for variants not from a sweep */
    char *sweep_axes;    /* NULL without a sweep */
    char ***claim_given; /* [variant][claim] "" or the condition */
    char ***claim_why;   /* [variant][claim] "" or why decided by construction */
    int has_analysis;
    ds_analysis analysis;
} results_ext_read_t;

/* Reads the additions (absent ones are NULL/empty). DS_OK, or DS_EINPUT /
 * DS_EFAIL with the error. */
int results_ext_read(const ds_read_results *r, results_ext_read_t *x, ds_errors *errs);
void results_ext_read_free(const ds_read_results *r, results_ext_read_t *x);

void results_ext_analysis_free(ds_analysis *a);

#endif
