/* build_info.h — which binary this is: version, the git commit it was built
 * from and whether that tree had uncommitted changes, the compiler and the
 * flags. Filled at build time by cmake/build_info.cmake (build_info.c in the
 * build directory), so every results file can name the code that made it and
 * merge and resume can refuse files made by another binary. */
#ifndef DS_BUILD_INFO_H
#define DS_BUILD_INFO_H

typedef struct {
    const char *version;    /* the project's version, as --version says it */
    const char *git_commit; /* full hex commit, or "unknown" (no .git, no archive stamp) */
    int git_dirty;          /* 1: tracked files differed from the commit; 0: clean; -1: unknown */
    const char *git_source; /* where the commit came from: "git", "archive" or "none" */
    const char *compiler;   /* e.g. "GNU 12.2.0" */
    const char *flags;      /* the C compiler flags every file of the library was built with */
    const char *build_type; /* CMake's: Release, Debug, ... */
} ds_build_info;

const ds_build_info *build_info(void);

#endif
