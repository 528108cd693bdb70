/* scenario_int.h — what the files of the scenario loader share, and nothing
 * outside sim/io/ may include: the key table's type (scenario_keys.c holds
 * the table, its lookup and the `keys` reference), values (scenario_values.c:
 * parsing, ranges, defaults), where each value came from (ds_scenario_priv),
 * and the walk over a YAML mapping (scenario.c) that the variants and the
 * sweep (scenario_variants.c) reuse. The hostile-text precheck is
 * scenario_yaml.c, the cross-field checks scenario_check.c. */
#ifndef DS_SCENARIO_INT_H
#define DS_SCENARIO_INT_H

#include <stddef.h>
#include <yaml.h>

#include "scenario.h"

/* ---------------------------------------------------------------- the key table */

/* T_CLAIMS: names of earlier claims, stored as a uint32_t mask of their indices (a YAML
 * list of names, or one name); written in the file only (scenario.c resolves them). */
typedef enum {
    T_FLOAT,
    T_INT,
    T_UINT32,
    T_BOOL,
    T_ENUM,
    T_STRING,
    T_LIST,
    T_MAP,
    T_CLAIMS
} key_type;
enum { B_NONE = 0, B_IN, B_EX }; /* a bound: absent, inclusive, exclusive */

typedef struct {
    const char *path; /* dotted; "N" stands for a list index (hardware.N.share) */
    key_type type;
    size_t off;           /* offsetof in ds_params (in ds_scenario when .scen); lists: count */
    size_t stride;        /* list items: bytes from one item's field to the next item's */
    size_t size;          /* strings: buffer size including the NUL */
    double def;           /* numbers and bools; enums: the value (index into words) */
    const char *def_text; /* documented default when it is not a number */
    const char *def_str;  /* strings: the default value ("" when NULL) */
    double lo, hi;        /* lists: item count bounds */
    unsigned char lo_k, hi_k;
    unsigned char req;        /* must be given (in the base file) */
    unsigned char scen;       /* lives in ds_scenario: base file and --set only, not variants */
    unsigned char base_only;  /* in ds_params, but the same in every variant: base and --set
                                 only (the input files are read once for all variants) */
    const char *unless;       /* required, unless this key is given (a list: segments) */
    const char *inherit;      /* list items: a key an item does not give takes this key's
                                 value (demand.segments.N.quality ← demand.quality) */
    const char *const *words; /* enums: indexed by value, NULL-terminated */
    const char *unit;
    const char *doc;
} key_def;

/* Every key, in the order of the `keys` reference (scenario_keys.c). */
extern const key_def scn_key_table[];
extern const int scn_n_keys;
#define N_KEYS scn_n_keys
#define MAXI 16 /* most items of any list: slots per key */
#define N_SLOTS (N_KEYS * MAXI)
#define MAX_COMPS 8
#define PATH_LEN 160

typedef struct {
    int n;
    char c[MAX_COMPS][49];
} comps;

enum { R_NONE = 0, R_LEAF, R_LIST, R_INNER };

/* Split "a.b.c"; -1 on an empty or overlong component or too many components. */
int scn_split_path(const char *s, comps *out);
void scn_join_comps(const comps *c, int j, char *buf, size_t n);
/* Do the first j components of c match key k's pattern? *exact: it has exactly j. */
int scn_key_matches(const key_def *k, const comps *c, int j, int *exact);
/* What the first j components name: a key (*k set), a list, a section, or nothing. */
int scn_classify(const comps *c, int j, int *k);
/* The index of a key by its table path (a programming error when absent). */
int scn_key_index(const char *path);
int scn_slot_of(int k, int item);
/* The list key a list-item key belongs to ("hardware.N.share" -> "hardware"), or -1. */
int scn_list_of(int k);
void *scn_field(void *base, const key_def *k, int item);
int *scn_list_count(ds_params *p, int list_k);

/* ---------------------------------------------------------------- values */

typedef struct {
    double d;
    long long i;
    const char *s;
} value;

/* Shortest text that reads back as x, with a compact exponent: 0.375, 1e8, 27500. */
void scn_fmt_num(double x, char *buf, size_t n);
/* Optimal string alignment distance (a transposition costs 1: "cuont" -> "count"). */
int scn_edit_distance(const char *a, const char *b);
int scn_all_digits(const char *s);
/* Decode the UTF-8 character at s (n bytes left) into *cp: its length, or -1. */
int scn_utf8_char(const unsigned char *s, size_t n, unsigned *cp);
void scn_range_text(const key_def *k, int md, char *buf, size_t n);
void scn_enum_list(const key_def *k, const char *sep, const char *q, char *buf, size_t n);
/* Parse text as key k's type and check its range. 0, or -1 with msg filled. */
int scn_parse_value(const key_def *k, const char *text, value *v, char *msg, size_t n);
void scn_store_value(void *base, const key_def *k, int item, const value *v);
/* Whether v is in key k's range; the message when it is not. */
int scn_in_range(const key_def *k, double v);
void scn_out_of_range(const key_def *k, const char *text, char *msg, size_t n);
/* Zero the items of a list, then give the first n their defaults. */
void scn_reset_list(ds_params *p, int list_k, int n);
void scn_set_defaults(ds_params *p);
/* The defaults of the keys that live in ds_scenario (analysis.*). */
void scn_set_scen_defaults(ds_scenario *sc);

/* ---------------------------------------------------------------- where values came from */

/* Where a value came from: the file (line, col) or the n-th --set (line = n). */
typedef struct {
    int src; /* 0 unknown, 1 the file, 2 --set */
    int line, col;
} mark;
enum { SRC_NONE = 0, SRC_FILE = 1, SRC_SET = 2 };

typedef struct {
    int slot;
    mark m;
    int bad; /* the value had an error: checks that read it are skipped */
} vmark;

typedef struct {
    vmark *items;
    int n, cap;
} vmarks;

/* A governance event's `set` (events.N.set), given in the base file only: each key and
 * the value it takes from the event's day on (scenario.c reads it, scenario_check.c
 * applies it to each variant's emission and fees). */
#define EVSET_MAX 16
typedef struct {
    int n;
    int k[EVSET_MAX];    /* key table index: an emission.* or fees.* key */
    double d[EVSET_MAX]; /* its value, as scn_parse_value gives it */
    long long i[EVSET_MAX];
} evset;

struct ds_scenario_priv {
    mark *marks;                 /* [N_SLOTS] the base: slot = key index × MAXI + item */
    unsigned char *bad;          /* [N_SLOTS] */
    vmarks var[DS_MAX_VARIANTS]; /* per variant: only what it overrides */
    int variants_cap;            /* room in sc->variants */
    evset sets[DS_MAX_EVENTS];   /* by event item */
};

void scn_vmark_set(vmarks *v, int slot, mark m, int bad, ds_errors *errs);
const vmark *scn_vmark_get(const vmarks *v, int slot);

/* ---------------------------------------------------------------- the walk */

typedef struct {
    char *s;
    size_t n, cap;
    ds_errors *errs; /* where running out of memory is said (or NULL) */
    int failed;      /* it did: the text stopped growing */
} strbuf;

void scn_sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text, "" when none was added; the buffer is the caller's to free. */
char *scn_sb_take(strbuf *b);

/* realloc that says "out of memory (N bytes for what)" in errs (DS_EFAIL) when it
 * fails, and returns NULL, p untouched: error.h's allocation policy. */
void *scn_alloc(void *p, size_t n, const char *what, ds_errors *errs);

typedef struct {
    char path[PATH_LEN];
    int line, col;
} seen_key;

typedef struct {
    seen_key *items;
    int n, cap;
} seen_list;

/* One pass over a mapping of keys into one ds_params: the base file, a variant or the
 * sweep. The same code serves all three so that their keys are checked alike. */
typedef struct {
    yaml_document_t *doc;
    ds_scenario *sc;
    ds_params *p;
    ds_errors *errs;
    const char *file;
    int variant;       /* -1: the base; else the index into sc->variants */
    int allow_index;   /* keys may name list items by index (variants, sweep, --set) */
    const char *shown; /* prefix of key paths in messages: "", "variants.NAME." */
    seen_list seen;    /* leaves and lists set: duplicates, required keys */
    seen_list maps;    /* base: mappings visited, where a missing key is reported */
    strbuf *ovr;       /* variants: the "key=value" lines */
    yaml_node_t *variants_node, *sweep_node;
    yaml_node_t *factors_node, *outputs_node; /* analysis.factors, analysis.outputs */
} walk;

mark scn_node_mark(const yaml_node_t *n);
void scn_err_at(walk *w, const yaml_node_t *n, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int scn_is_null(const yaml_node_t *n);
const char *scn_node_kind(const yaml_node_t *n);
/* claims.N.all/any/not/given's names of earlier claims as a mask in v
 * (scenario_values.c); text gets them comma-separated. 0, or -1 said. */
int scn_claim_names(walk *w, yaml_node_t *vn, const key_def *d, int item, const char *full,
                    value *v, strbuf *text);
/* Resolve prefix.text to a key; on failure fill errkey (the part that is wrong) and msg. */
int scn_resolve(const char *prefix, const char *text, int allow_index, ds_params *p, char *full,
                int *k, int *item, char *errkey, char *msg, size_t n);
/* Pair i of mapping map: 1 with *kn (a scalar) and *vn set; 0 to skip it (a node
 * missing, or a key that is not a scalar: reported at `where`, in not_word's words
 * or "keys must be plain words"). */
int scn_pair(walk *w, yaml_node_t *map, int i, const char *where, const char *not_word,
             yaml_node_t **kn, yaml_node_t **vn);
void scn_walk_map(walk *w, yaml_node_t *map, const char *prefix);
/* The walk's record of the keys it has set (duplicates, required keys) and of where
 * each value came from (bad: the value had an error, checks reading it are skipped). */
void scn_seen_add(seen_list *l, const char *path, int line, int col, ds_errors *errs);
const seen_key *scn_seen_find(const seen_list *l, const char *path);
void scn_set_mark(walk *w, int slot, mark m, int bad);
/* events.N.set: a governance event's mapping of emission.* and fees.* keys
 * (scenario_events.c). */
void scn_events_set_walk(walk *w, yaml_node_t *kn, yaml_node_t *vn, int item, const char *full);
void scn_walk_free(walk *w);
/* Past DS_ERRORS_MAX errors the rest would only be counted: stop walking. */
int scn_errors_full(const ds_errors *e);

/* ---------------------------------------------------------------- variants and sweep */

/* A new variant, a copy of the base (the array grows: earlier pointers into it
 * are stale); NULL out of memory (said in errs). */
ds_variant *scn_new_variant(ds_scenario *sc, const char *name, ds_errors *errs);
void scn_load_variants(walk *base, yaml_node_t *vn);
/* A name HDF5 can take (msg says why not); a name already used. */
int scn_valid_variant_name(const char *name, char *msg, size_t n, size_t max);
int scn_variant_named(const ds_scenario *sc, const char *name);
/* The sweep (scenario_sweep.c): axes of one key, zipped keys or keys that
 * keep a sum with others (rescale), expanded to variants. */
void scn_load_sweep(walk *base, yaml_node_t *sn);
/* The analysis block's factors and outputs (scenario_analysis.c), and its
 * checks after every override. */
void scn_load_analysis(walk *base, yaml_node_t *factors, yaml_node_t *outputs);
void scn_check_analysis(ds_scenario *sc, ds_errors *errs);

/* ---------------------------------------------------------------- cross-field checks */

#define MAX_FIND 16

/* A problem the cross-field checks found in one ds_params: said at the key,
 * located where the values it read were set (scenario_check.c). */
typedef struct {
    char key[PATH_LEN];
    char msg[320];
    int slots[MAXI + 4]; /* the values the check read: location and skipping */
    int ns;
} finding;

/* The next finding of f[MAX_FIND] (*nf counts them), or NULL when full. */
finding *scn_add_finding(finding *f, int *nf, const char *key);

/* ---------------------------------------------------------------- input series */

/* Read every input's CSV file (again only when the inputs changed since the
 * last read) and put its knots in the pool of the base and every variant
 * (scenario_inputs.c). CSV faults are said located in the CSV file; a
 * problem of the scenario's input entries at their keys. The status. */
int scn_inputs_load(ds_scenario *sc, ds_errors *errs);
/* The uses' input names (demand.series, …) to input numbers, in p. */
void scn_inputs_bind(ds_params *p);
/* What the model needs of each use's series: the input exists, its unit,
 * its days cover the run, positive prices, a bootstrap's spacing. */
void scn_inputs_problems(const ds_params *p, const struct ds_scenario_inputs *in, finding *f,
                         int *nf);

/* ---------------------------------------------------------------- segments and types */

/* Demand segments and provider types completed after all overrides: keys an
 * item leaves out take their `inherit` key's value, name lists become masks
 * (scenario_segments.c). */
void scn_structure_resolve(ds_scenario *sc);
/* Their cross-checks: names, shares, ranges, requirements some provider meets. */
void scn_structure_problems(const ds_params *p, finding *f, int *nf);

/* ---------------------------------------------------------------- hostile text */

/* Line and column (1-based, in characters, as libyaml counts them) of byte off. */
void scn_text_pos(const char *t, size_t n, size_t off, int *line, int *col);
/* The first thing that makes the text no YAML scenario; 0, or -1 with *off and msg. */
int scn_scan_text(const char *t, size_t n, size_t *off, char *msg, size_t m);
/* A libyaml error, located. */
void scn_yaml_error(const char *path, const char *text, size_t len, const yaml_parser_t *parser,
                    ds_errors *errs);
/* The YAML as events, hostile structure refused while that is cheap; 0 or -1. */
int scn_yaml_precheck(const char *path, const char *text, size_t len, ds_errors *errs);

#endif
