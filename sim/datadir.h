/* datadir.h — where depinsim's own data files are at run time: the gnuplot
 * templates (plots/) and the example scenarios (scenarios/). An installed
 * program finds them beside itself (PREFIX/bin/depinsim → PREFIX/share/
 * depinsim/plots), so an install tree can be moved; one run from a build
 * folder finds the source tree's. No environment variable is read here: the
 * callers give theirs (DEPINSIM_PLOTS) precedence. */
#ifndef DS_DATADIR_H
#define DS_DATADIR_H

#include <stddef.h>

/* The folder `what` ("plots", "scenarios") that holds the file probe, into
 * out: looked for, in order, at <exe dir>/DS_DATA_REL/what (an install:
 * ../share/depinsim/what), beside the executable or one or two folders up (a
 * build folder in or under the source tree), then in the source tree the
 * program was compiled from. 0, or -1 when none has it. */
int datadir_find(const char *what, const char *probe, char *out, size_t n);

#endif
