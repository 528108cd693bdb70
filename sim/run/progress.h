/* progress.h — progress on stderr: a bar with an ETA redrawn at most ten times
 * a second (for a terminal), or plain lines of completed paths at most once a
 * second and always for the first (for batch logs, and for tests that must
 * know a path has completed before they interrupt a run). */
#ifndef DS_PROGRESS_H
#define DS_PROGRESS_H

/* AUTO: the bar where stderr is a terminal and --quiet is not given, else none */
enum { DS_PROGRESS_AUTO, DS_PROGRESS_NONE, DS_PROGRESS_BAR, DS_PROGRESS_LOG };

typedef struct {
    int mode; /* DS_PROGRESS_* */
    long paths_logged;
    double start, last;
    const char *label;
} ds_bar;

double progress_now(void); /* monotonic seconds */
void progress_bar_init(ds_bar *b, int mode, const char *label);
/* fits ds_progress.tick: path-steps and whole paths, done and in all */
void progress_bar_tick(void *bar, long done, long total, long paths_done, long paths_total);
void progress_bar_finish(ds_bar *b);

#endif
