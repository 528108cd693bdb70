/* provenance.c — this binary's identity and the comparison of two identities
 * (provenance.h). The rule for the binary: version, commit, compiler and
 * flags must agree; a commit pins the code only when the tree was clean, so
 * where either side was dirty or its commit unknown, the executables' own
 * SHA-256 must agree as well. */
#include "provenance.h"

#include <stdio.h>
#include <string.h>

#include "../build_info.h"
#include "sha256.h"

const char *provenance_binary_sha256(void)
{
    static char hex[65];
    static int done;
    if (!done) {
        done = 1;
        if (sha256_file_hex("/proc/self/exe", hex) != 0) hex[0] = '\0';
    }
    return hex;
}

void provenance_binary(ds_identity *id)
{
    const ds_build_info *b = build_info();
    id->version = b->version;
    id->git_commit = b->git_commit;
    id->git_dirty = b->git_dirty;
    id->compiler = b->compiler;
    id->flags = b->flags;
    id->binary_sha256 = provenance_binary_sha256();
}

static const char *or_none(const char *s)
{
    return s && s[0] ? s : "(none)";
}

/* A field's value in a message: "(none)" for empty, the --set lines on one
 * line ("run.paths=32; run.seed=4"), cut to n bytes. */
static const char *shown(const char *s, char *buf, size_t n)
{
    snprintf(buf, n, "%s", or_none(s));
    size_t k = strlen(buf);
    while (k > 0 && buf[k - 1] == '\n') buf[--k] = 0;
    for (char *p = buf; *p; p++)
        if (*p == '\n') *p = ';';
    return buf;
}

/* NULL and "" alike. */
static int str_differs(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

/* One field of the identity: a string (s) or a number (x), and what a
 * difference in it means. */
typedef struct {
    const char *key, *a, *b, *meaning;
    double x, y;
} field;

int identity_check(const ds_identity *want, const ds_identity *got, const char *file,
                   const char *want_what, ds_errors *errs)
{
    /* the most telling difference first: the scenario, the seed, the options */
    const field f[] = {
        {"scenario_sha256", want->scenario_sha256, got->scenario_sha256, "another scenario text", 0,
         0},
        {"seed", NULL, NULL, NULL, want->seed, got->seed},
        {"scenario_sets", want->scenario_sets, got->scenario_sets, "other --set overrides", 0, 0},
        {"input_files", want->input_files, got->input_files, "other input files", 0, 0},
        {"paths", NULL, NULL, NULL, want->paths, got->paths},
        {"steps", NULL, NULL, NULL, want->steps, got->steps},
        {"records", NULL, NULL, NULL, want->records, got->records},
        {"variants", NULL, NULL, NULL, want->n_variants, got->n_variants},
        {"version", want->version, got->version, "another depinsim version", 0, 0},
        {"git_commit", want->git_commit, got->git_commit, "a binary built from another commit", 0,
         0},
        {"git_dirty", NULL, NULL, NULL, want->git_dirty, got->git_dirty},
        {"compiler", want->compiler, got->compiler, "a binary built by another compiler", 0, 0},
        {"compiler_flags", want->flags, got->flags, "a binary built with other flags", 0, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i].meaning ? !str_differs(f[i].a, f[i].b) : f[i].x == f[i].y) continue;
        char a[128], b[128];
        if (f[i].meaning)
            errors_add(errs, DS_EINPUT, file, 0, 0, f[i].key, "made by %s: '%s' here, '%s' in %s",
                       f[i].meaning, shown(f[i].b, b, sizeof b), shown(f[i].a, a, sizeof a),
                       want_what);
        else
            errors_add(errs, DS_EINPUT, file, 0, 0, f[i].key, "is %.0f here, %.0f in %s", f[i].y,
                       f[i].x, want_what);
        errors_note(errs, "paths are put together only from one scenario, seed and binary: "
                          "the results would not be those of one run");
        return DS_EINPUT;
    }
    /* a dirty tree's commit (or an unknown one) does not say which code ran */
    if ((want->git_dirty != 0 || got->git_dirty != 0) &&
        (!want->binary_sha256 || !want->binary_sha256[0] ||
         str_differs(want->binary_sha256, got->binary_sha256))) {
        errors_add(errs, DS_EINPUT, file, 0, 0, "binary_sha256",
                   "made by another executable: '%.64s' here, '%.64s' in %s (built from a "
                   "%s tree, so the commit alone does not identify the code)",
                   or_none(got->binary_sha256), or_none(want->binary_sha256), want_what,
                   want->git_dirty > 0 ? "dirty" : "git-less");
        errors_note(errs, "use the same executable for every part of a run");
        return DS_EINPUT;
    }
    return DS_OK;
}
