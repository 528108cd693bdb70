/* cmd_solve.c — `depinsim solve` (placeholder until the solver lands). */
#include "cli.h"

int cmd_solve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return DS_EINPUT;
}
