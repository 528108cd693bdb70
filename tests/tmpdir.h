/* tmpdir.h — a fresh temporary directory per test (under $TMPDIR or /tmp),
 * removed with everything in it afterwards; for the cmocka tests that write
 * files. Header-only: each test program includes it once. */
#ifndef DS_TEST_TMPDIR_H
#define DS_TEST_TMPDIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_dir[256]; /* the current test's directory */

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Make g_dir as <base>/<prefix>_XXXXXX; 0 on success (a cmocka setup result). */
static int tmpdir_make(const char *prefix)
{
    const char *base = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/%s_XXXXXX", base && base[0] ? base : "/tmp", prefix);
    return mkdtemp(g_dir) ? 0 : -1;
}

#endif
