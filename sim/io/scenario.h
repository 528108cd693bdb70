/* scenario.h — loading a scenario YAML (libyaml) into ds_params: every key
 * checked for type and range, every error located and collected (not only the
 * first), `--set key.path=value` overrides, and variants expanded. */
#ifndef DS_SCENARIO_H
#define DS_SCENARIO_H

#include <stddef.h>
#include <stdio.h>

#include "../../models/params.h"
#include "../error.h"

/* Variants of one scenario (named ones and a sweep's points together); the run
 * refuses what does not fit in memory before it allocates (run.c). */
#define DS_MAX_VARIANTS 4096

/* A scenario file is untrusted input: past any of these limits loading stops with a
 * located error (exit 2) rather than growing without bound. Documented in README.md
 * ("Failing well") and scenarios/README.md ("Limits"). */
#define DS_SCENARIO_MAX_BYTES (1 << 20) /* file size: 1 MiB */
#define DS_SCENARIO_MAX_DEPTH 32        /* mappings and lists nested in each other */
/* keys, values and collections; an alias counts as every node of what it names */
#define DS_SCENARIO_MAX_NODES 100000

typedef struct {
    char name[256];  /* sweep names list every swept key=value, so they run long */
    char *overrides; /* "key.path=value\n" lines, as written to HDF5; "" for base */
    char *swept;     /* a sweep's point: "key=value\n" of the swept keys only; NULL otherwise */
    ds_params params;
} ds_variant;

/* The `analysis:` block (scenario_analysis.c): a sensitivity analysis of the
 * base scenario, run by `depinsim sensitivity`. */
#define DS_MAX_FACTORS 32 /* GSA_MAX_FACTORS */
#define DS_MAX_OUTPUTS 16
#define DS_MAX_LISTED 32 /* values of a listed factor */
#define DS_MAX_RESCALE 8 /* keys a factor rescales */
enum { DS_FACTOR_UNIFORM = 0, DS_FACTOR_LOG_UNIFORM = 1, DS_FACTOR_LISTED = 2 };
enum { DS_OUTPUT_METRIC = 0, DS_OUTPUT_OUTCOME = 1, DS_OUTPUT_CLAIM = 2 };
enum { DS_STAT_MEDIAN, DS_STAT_MEAN, DS_STAT_P05, DS_STAT_P25, DS_STAT_P75, DS_STAT_P95 };
/* outcomes an analysis reads: probabilities over paths, or per-path values */
enum { DS_OUT_DEATH_SPIRAL, DS_OUT_SUSTAINABLE, DS_OUT_MAX_DRAWDOWN, DS_OUT_MIN_ACTIVE_PROVIDERS };

typedef struct {
    char key[160]; /* a number key: token.vol_per_sqrt_year, hardware.0.share */
    int dist;      /* DS_FACTOR_* */
    double lo, hi; /* uniform and log-uniform */
    int n_values;
    double values[DS_MAX_LISTED];
    int n_rescale;
    char rescale[DS_MAX_RESCALE][160]; /* keys that keep their sum with it */
    int line, col;                     /* where it is written */
} ds_factor_spec;

typedef struct {
    char name[32];
    int kind;       /* DS_OUTPUT_* */
    int index;      /* metric DS_M_*, outcome DS_OUT_*, or claim index */
    int stat;       /* DS_STAT_*: of a metric over paths, or of a per-path outcome */
    double day;     /* metric: the record at this day (NaN: the horizon) */
    char claim[32]; /* claim: its name, resolved to index by the checks */
    int line, col;  /* where it is written */
} ds_output_spec;

typedef struct {
    int given; /* the scenario has an analysis block with factors */
    int method, samples, paths, levels, resamples;
    int first_order; /* sobol: the first-order estimator, GSA_S1_* (0 jansen, 1 saltelli) */
    uint32_t seed;
    double confidence;
    int n_factors, n_outputs;
    ds_factor_spec factors[DS_MAX_FACTORS];
    ds_output_spec outputs[DS_MAX_OUTPUTS];
} ds_analysis_spec;

typedef struct {
    char path[512]; /* file it was read from */
    char name[64];  /* `name:` key, or the file stem */
    char description[512];
    char *yaml_text; /* full file text, for provenance */
    size_t yaml_len;
    ds_params base;
    int n_variants; /* >= 1; variants[0] is "base" unless the scenario says otherwise */
    ds_variant *variants;
    char *sweep_axes;              /* the sweep's axes, a line each: its keys (zipped: several) */
    char *variants_selected;       /* scenario_select's list ("a,b"), or NULL: all of them */
    int variants_in_scenario;      /* how many the scenario has, selected or not */
    ds_analysis_spec analysis;     /* the analysis: block; analysis.given 0 when none */
    struct ds_scenario_priv *priv; /* loader-private: where each key was set, for later checks */
    struct ds_scenario_inputs *inputs; /* the input files read (scenario_inputs.h), or NULL */
} ds_scenario;

/* Parse and check a file (scenario_check included). Returns DS_OK, or DS_EINPUT with
 * every error in errs (DS_EFAIL if the file cannot be read). On failure sc holds
 * nothing to free; scenario_free is safe either way. */
int scenario_load(const char *path, ds_scenario *sc, ds_errors *errs);

/* The same from text in memory (NUL-terminated); name stands for the file in
 * messages and is the default scenario name's source. */
int scenario_load_text(const char *name, const char *text, ds_scenario *sc, ds_errors *errs);

/* Apply one `key.path=value` override to the base and to every variant, as if
 * written in the file. `ordinal` numbers the --set options from 1 for messages. */
int scenario_set(ds_scenario *sc, const char *assignment, int ordinal, ds_errors *errs);

/* Cross-field checks (shares sum to 1, min <= max, ...) on base and variants;
 * call after all overrides. */
int scenario_check(ds_scenario *sc, ds_errors *errs);

/* What `run` and `validate` do: scenario_load, then each of the n_sets
 * `key.path=value` overrides in order (numbered from 1), then scenario_check.
 * DS_OK, or the worst status of the errors added (all of them listed). */
int scenario_open(const char *path, char **sets, int n_sets, ds_scenario *sc, ds_errors *errs);

/* Keep only the variants named in list ("a,b", comma-separated, any order),
 * in the scenario's order; the rest are dropped. An unknown name is bad
 * input (DS_EINPUT, with the closest name suggested). */
int scenario_select(ds_scenario *sc, const char *list, ds_errors *errs);

/* Is p, params of scenario sc, a valid scenario (the cross-field checks of
 * scenario_check)? 0, or -1 with the first problem's key and message: a
 * design point of an analysis or a point of `solve`, made by
 * scenario_set_number. */
int scenario_params_valid(const ds_scenario *sc, const ds_params *p, char *key, size_t kn,
                          char *msg, size_t n);

/* Text of an analysis factor ("uniform 0.4..1.2", "log_uniform ...",
 * "listed 0.8,0.9") and of an output ("median of token_price at day 1095"). */
void scenario_factor_text(const ds_factor_spec *f, char *buf, size_t n);
void scenario_output_text(const ds_scenario *sc, const ds_output_spec *o, char *buf, size_t n);
/* The unit of an output ("USD/token", "probability"). */
const char *scenario_output_unit(const ds_output_spec *o);

/* A number key as an analysis or `solve` varies it (scenario_sweep.c). */
typedef struct {
    char path[160];       /* the key as resolved */
    double lo, hi;        /* its valid range (±inf where open-ended) */
    int lo_open, hi_open; /* the bound itself excluded */
    int integer;          /* an integer key: values are rounded */
    const char *unit;     /* its unit */
    double value;         /* its value in the params given */
    int in_range;         /* that value is valid */
} scenario_key;

/* What key is: 0 and out filled, or -1 with msg (no such key, not a number). */
int scenario_key_info(const ds_params *p, const char *key, scenario_key *out, char *msg, size_t n);

/* Set number key of p to x (integer keys: the nearest integer) and scale
 * the rescale keys (number keys, in proportion; equally when all are 0) so
 * that their sum with it stays what it was: a share varied, the other shares
 * making up the rest. 0, or -1 with msg (no such key, out of its range, a
 * rescaled value out of its range, x above the sum). */
int scenario_set_number(ds_params *p, const char *key, double x, char *const *rescale,
                        int n_rescale, char *msg, size_t n);

/* Inert keys (scenario_warn.c): whether key (a dotted path, list items by
 * index: hardware.2.price_usd) has no effect under p's other settings: 1
 * (why says which setting skips it), 0 (it has, or the rule table does not
 * know the key), −1 (no such key). */
int scenario_inert(const ds_params *p, const char *key, char *why, size_t n);

/* Warnings (DS_OK items, "warning: ..." messages, located) for every key a
 * variant, a sweep or --set sets that has no effect where it is set, one per
 * key and reason. Returns how many. */
int scenario_warnings(const ds_scenario *sc, ds_errors *warn);

/* The i-th key of the inert-key rule table (NULL past the end): for tests. */
const char *scenario_inert_rule(int i);

void scenario_free(ds_scenario *sc);

/* The days of p's events into days[DS_MAX_EVENTS] and their labels (the name, or the
 * type's word) one per line into labels; returns how many. */
int scenario_event_days(const ds_params *p, double *days, char *labels, size_t n);

/* 1 if path (dotted, "N" for list items: "inputs.N.file") is a key of the table. */
int scenario_key_exists(const char *path);

/* Markdown reference of every key: path, type, unit, default, range, meaning. */
void scenario_keys_markdown(FILE *out);

/* One key of the table as text, for references in other forms (the man page,
 * the comments of `depinsim new`): key k of scenario_key_count(), in the
 * table's order, sections contiguous. md: markdown (backquoted words, ≥ ≤). */
typedef struct {
    const char *path; /* dotted; "N" stands for a list index */
    const char *type; /* number, integer, bool, enum, string, list, mapping */
    const char *unit; /* "" when none */
    const char *doc;  /* one line */
    char section[64]; /* "" (top level), "run", or a list's path ("cloud.cuts") */
    char def[64];     /* the default as written, or "required" */
    char range[2 *
               DS_MSG_LEN]; /* valid values: an enum's every word (the metrics: 900+ characters) */
    int list;               /* a list: the keys of its items follow, in its section */
    int required;           /* must be given (in the base file) */
    double lo, hi;          /* lists: fewest and most items */
} ds_key_doc;
int scenario_key_count(void);
void scenario_key_doc(int k, int md, ds_key_doc *d);

/* A scenario as YAML that loads back to the same parameters: every key of the
 * base with its value and a comment (unit, default, meaning) from the key
 * table, lists item by item (an empty list with its items' keys commented
 * out), then each variant as the keys where it differs from the base (a sweep
 * comes out as the variants it expanded to). header: comment lines to open
 * the file with (each starting with "# "), or NULL. Returns 0, or -1 when
 * out fails. */
int scenario_write_yaml(FILE *out, const ds_scenario *sc, const char *header);

/* A starting scenario: every key at its default, and where a key has no
 * default (the provider pool, demand) one plain example that a user is to
 * replace: one H100-class device type, one electricity region. Named after
 * file's stem (the file it is for); loaded and checked like a file. DS_OK or
 * the status with errs. */
int scenario_starter(const char *file, ds_scenario *sc, ds_errors *errs);

#endif
