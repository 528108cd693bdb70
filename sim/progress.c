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

void progress_bar_init(ds_bar *b, int enabled, const char *label)
{
    b->enabled = enabled;
    b->start = b->last = progress_now();
    b->label = label;
}

void progress_bar_tick(void *bar, long done, long total)
{
    ds_bar *b = bar;
    if (!b->enabled || total <= 0) return;
    double now = progress_now();
    if (now - b->last < 0.1 && done < total) return;
    b->last = now;
    double frac = (double)done / (double)total;
    if (frac > 1.0) frac = 1.0;
    int width = 30, fill = (int)(frac * width);
    char bar_txt[32];
    for (int i = 0; i < width; i++) bar_txt[i] = i < fill ? '#' : '.';
    bar_txt[width] = 0;
    double elapsed = now - b->start;
    double eta = frac > 0.0 ? elapsed * (1.0 - frac) / frac : 0.0;
    fprintf(stderr, "\r%s [%s] %3d%%  ETA %d:%02d ", b->label, bar_txt, (int)(frac * 100.0),
            (int)eta / 60, (int)eta % 60);
    fflush(stderr);
}

void progress_bar_finish(ds_bar *b)
{
    if (!b->enabled) return;
    fprintf(stderr, "\r%*s\r", 70, "");
    fflush(stderr);
}
