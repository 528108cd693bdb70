/* signals.h — the signals of `depinsim run`: installed around the simulation
 * and the write, they set r->stop (the first interrupt) or remove r->tmp and
 * end the process (a second, or any fatal signal). */
#ifndef DS_SIGNALS_H
#define DS_SIGNALS_H

#include "../run/run.h"

void signals_install(ds_run *r);
void signals_restore(void);

/* Tests only (tests/hostile/output.sh): with DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH
 * set, results_write calls this with the finished temporary: it says so on
 * stderr, then waits for a byte or the end of stdin, or a stop signal, so the
 * tests signal "during the write" at an observed moment instead of after a
 * guessed delay. */
void signals_pause_before_publish(const char *tmp);

#endif
