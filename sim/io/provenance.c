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

int identity_check(const ds_identity *want, const ds_identity *got, const char *file,
                   const char *want_what, ds_errors *errs)
{
    struct {
        const char *key;
        double a, b;
    } nums[] = {
        {"seed", want->seed, got->seed},
        {"paths", want->paths, got->paths},
        {"steps", want->steps, got->steps},
        {"records", want->records, got->records},
        {"variants", want->n_variants, got->n_variants},
        {"git_dirty", want->git_dirty, got->git_dirty},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (nums[i].a == nums[i].b) continue;
        errors_add(errs, DS_EINPUT, file, 0, 0, nums[i].key, "is %.0f here, %.0f in %s", nums[i].b,
                   nums[i].a, want_what);
        errors_note(errs, "paths are put together only from one scenario, seed and binary: "
                          "the results would not be those of one run");
        return DS_EINPUT;
    }
    struct {
        const char *key, *a, *b, *meaning;
    } strs[] = {
        {"scenario_sha256", want->scenario_sha256, got->scenario_sha256, "another scenario text"},
        {"scenario_sets", want->scenario_sets, got->scenario_sets, "other --set overrides"},
        {"version", want->version, got->version, "another depinsim version"},
        {"git_commit", want->git_commit, got->git_commit, "a binary built from another commit"},
        {"compiler", want->compiler, got->compiler, "a binary built by another compiler"},
        {"compiler_flags", want->flags, got->flags, "a binary built with other flags"},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        if (!str_differs(strs[i].a, strs[i].b)) continue;
        char a[128], b[128];
        errors_add(errs, DS_EINPUT, file, 0, 0, strs[i].key, "made by %s: '%s' here, '%s' in %s",
                   strs[i].meaning, shown(strs[i].b, b, sizeof b), shown(strs[i].a, a, sizeof a),
                   want_what);
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
