/* scenario.h — loading a scenario YAML (libyaml) into ds_params: every key
 * checked for type and range, every error located and collected (not only the
 * first), `--set key.path=value` overrides, and variants expanded. */
#ifndef DS_SCENARIO_H
#define DS_SCENARIO_H

#include <stddef.h>
#include <stdio.h>

#include "../../models/params.h"
#include "../error.h"

#define DS_MAX_VARIANTS 256

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
    ds_params params;
} ds_variant;

typedef struct {
    char path[512]; /* file it was read from */
    char name[64];  /* `name:` key, or the file stem */
    char description[512];
    char *yaml_text; /* full file text, for provenance */
    size_t yaml_len;
    ds_params base;
    int n_variants; /* >= 1; variants[0] is "base" unless the scenario says otherwise */
    ds_variant *variants;
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
