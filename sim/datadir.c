/* datadir.c — finding depinsim's data folders (datadir.h): relative to the
 * executable first (/proc/self/exe: a symbolic link to the program is
 * followed to the real one), then the source tree named at compile time. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DS_DATA_REL /* the install's share folder as seen from its bin folder */
#define DS_DATA_REL "../share/depinsim"
#endif
#ifndef DS_SOURCE_DIR
#define DS_SOURCE_DIR "."
#endif

static int has_file(const char *dir, const char *probe)
{
    char f[PATH_MAX];
    struct stat st;
    int w = snprintf(f, sizeof f, "%s/%s", dir, probe);
    return w > 0 && (size_t)w < sizeof f && stat(f, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/rel/what into out when it holds probe, without "..": a path shown to
 * a user (an example's, in what `new` writes) reads as where the file is. */
static int try_dir(const char *dir, const char *rel, const char *what, const char *probe, char *out,
                   size_t n)
{
    char path[PATH_MAX], real[PATH_MAX];
    int w = snprintf(path, sizeof path, "%s%s%s/%s", dir, *rel ? "/" : "", rel, what);
    if (w <= 0 || (size_t)w >= sizeof path || !has_file(path, probe)) return 0;
    const char *found = realpath(path, real) ? real : path;
    return (size_t)snprintf(out, n, "%s", found) < n;
}

int datadir_find(const char *what, const char *probe, char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        /* installed; a build folder in the source tree (build/depinsim), the
         * program beside the folder, a build folder two deep (build/tests) */
        static const char *const rel[] = {DS_DATA_REL, "..", "", "../.."};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++)
            if (try_dir(exe, rel[i], what, probe, out, n)) return 0;
    }
    if (try_dir(DS_SOURCE_DIR, "", what, probe, out, n)) return 0;
    if (n) out[0] = '\0';
    return -1;
}
