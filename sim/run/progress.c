/* progress.c — the terminal progress bar. */
#include "progress.h"

#include <stdio.h>
#include <time.h>

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_bar_init(ds_bar *b, int mode, const char *label)
{
    b->mode = mode;
    b->paths_logged = 0;
    b->start = b->last = progress_now();
    b->label = label;
}

static void eta_text(char *buf, size_t n, double elapsed, double frac)
{
    double eta = frac > 0.0 ? elapsed * (1.0 - frac) / frac : 0.0;
    snprintf(buf, n, "%d:%02d", (int)eta / 60, (int)eta % 60);
}

/* One line per advance of the completed-path count, at most once a second
 * except the first and the last, so a log shows that paths are completing. */
static void log_tick(ds_bar *b, long done, long total, long paths_done, long paths_total)
{
    double now = progress_now();
    if (paths_done <= b->paths_logged) return;
    if (b->paths_logged > 0 && now - b->last < 1.0 && paths_done < paths_total) return;
    b->paths_logged = paths_done;
    b->last = now;
    char eta[32];
    eta_text(eta, sizeof eta, now - b->start, total > 0 ? (double)done / (double)total : 0.0);
    fprintf(stderr, "%s: %ld/%ld paths done, %.1f s, ETA %s\n", b->label, paths_done, paths_total,
            now - b->start, eta);
    fflush(stderr);
}

void progress_bar_tick(void *bar, long done, long total, long paths_done, long paths_total)
{
    ds_bar *b = bar;
    if (b->mode == DS_PROGRESS_LOG) log_tick(b, done, total, paths_done, paths_total);
    if (b->mode != DS_PROGRESS_BAR || total <= 0) return;
    double now = progress_now();
    if (now - b->last < 0.1 && done < total) return;
    b->last = now;
    double frac = (double)done / (double)total;
    if (frac > 1.0) frac = 1.0;
    int width = 30, fill = (int)(frac * width);
    char bar_txt[32];
    for (int i = 0; i < width; i++) bar_txt[i] = i < fill ? '#' : '.';
    bar_txt[width] = 0;
    char eta[32];
    eta_text(eta, sizeof eta, now - b->start, frac);
    fprintf(stderr, "\r%s [%s] %3d%%  ETA %s ", b->label, bar_txt, (int)(frac * 100.0), eta);
    fflush(stderr);
}

void progress_bar_finish(ds_bar *b)
{
    if (b->mode != DS_PROGRESS_BAR) return;
    fprintf(stderr, "\r%*s\r", 70, "");
    fflush(stderr);
}
