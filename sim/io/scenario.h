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

#endif
