/* progress.h — a progress bar with an ETA on stderr, drawn only when stderr is
 * a terminal and at most ten times a second. */
#ifndef DS_PROGRESS_H
#define DS_PROGRESS_H

typedef struct {
    int enabled;
    double start, last;
    const char *label;
} ds_bar;

double progress_now(void); /* monotonic seconds */
void progress_bar_init(ds_bar *b, int enabled, const char *label);
void progress_bar_tick(void *bar, long done, long total); /* fits ds_progress.tick */
void progress_bar_finish(ds_bar *b);

#endif
