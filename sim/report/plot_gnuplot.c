/* plot_gnuplot.c — gnuplot as `depinsim plot` uses it: finding the program
 * and the templates, running it in the private folder (and stopping it on a
 * signal), reading back its log, and its syntax for numbers and strings
 * (report_gp_quote: untrusted names become single-quoted pieces, in which
 * gnuplot substitutes nothing). */
#include "plot_int.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "../datadir.h"
#include "report.h"

/* Finds an executable: a path as given, or a name on PATH. */
int plot_find_program(const char *cmd, char *out, size_t n)
{
    struct stat st;
    if (strchr(cmd, '/')) {
        if (stat(cmd, &st) != 0 || !S_ISREG(st.st_mode) || access(cmd, X_OK) != 0) return -1;
        snprintf(out, n, "%s", cmd);
        return 0;
    }
    const char *path = getenv("PATH");
    if (!path || !path[0]) path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path; *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        int w = snprintf(out, n, "%.*s/%s", (int)(len ? len : 1), len ? p : ".", cmd);
        if (w > 0 && (size_t)w < n && stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
            access(out, X_OK) == 0)
            return 0;
        p += len + (colon != NULL);
    }
    return -1;
}

static int has_templates(const char *dir)
{
    char f[PATH_MAX];
    struct stat st;
    int w = snprintf(f, sizeof f, "%s/fan.gp", dir);
    return w > 0 && (size_t)w < sizeof f && stat(f, &st) == 0 && S_ISREG(st.st_mode);
}

/* The templates folder: $DEPINSIM_PLOTS; else where datadir finds plots/
 * (an install's share/depinsim/plots, the source tree from a build folder). */
int plot_find_templates(char *out, size_t n, ds_errors *errs)
{
    const char *env = getenv("DEPINSIM_PLOTS");
    if (env && env[0]) {
        if (!has_templates(env)) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                       "DEPINSIM_PLOTS=%s: no gnuplot templates there (fan.gp missing)", env);
            return -1;
        }
        snprintf(out, n, "%s", env);
        return 0;
    }
    if (datadir_find("plots", "fan.gp", out, n) == 0) return 0;
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
               "cannot find the gnuplot templates (plots/*.gp): not in ../share/depinsim/plots "
               "beside the program, nor in the source tree; set DEPINSIM_PLOTS to their folder");
    return -1;
}

/* The length of the UTF-8 sequence at p (1 to 4), or 0 when it is not one
 * (a stray continuation byte, overlong, a surrogate, past U+10FFFF, cut). */
static size_t utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    size_t n;
    unsigned cp;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2, cp = p[0] & 0x1fu;
    else if ((p[0] & 0xf0) == 0xe0)
        n = 3, cp = p[0] & 0x0fu;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4, cp = p[0] & 0x07u;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0; /* the terminating NUL stops here too */
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) return 0;
    return n;
}

/* gnuplot's single-quoted strings substitute nothing (double-quoted ones run
 * `backquotes`), but its scanner misreads a doubled quote at the start of
 * one or two in a row ('''a' is '' then 'a'): so no quote ever goes inside;
 * a quote is the fixed "'" joined on with the . operator. A control
 * character would end the command (newline) or reach a terminal: a space. */
void report_gp_quote(FILE *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int open = 0, pieces = 0;
    while (*p) {
        if (*p == '\'') {
            if (open) fputc('\'', o);
            open = 0;
            fputs(pieces++ ? ".\"'\"" : "\"'\"", o);
            p++;
            continue;
        }
        if (!open) {
            fputs(pieces++ ? ".'" : "'", o);
            open = 1;
        }
        size_t n = utf8_len(p);
        if (n == 0) { /* not UTF-8: the terminals would draw nothing, or garbage */
            fputc('?', o);
            n = 1;
        } else if ((n == 1 && (*p < 0x20 || *p == 0x7f)) ||
                   (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
            fputc(' ', o); /* C0, DEL, C1 (U+0080..U+009F) */
        } else {
            fwrite(p, 1, n, o);
        }
        p += n;
    }
    if (open)
        fputc('\'', o);
    else if (!pieces)
        fputs("''", o);
}

/* A number for a data file or the script: 10 significant digits are beyond
 * what a chart resolves; NaN and the infinities as gnuplot's missing value. */
void plot_gp_num(FILE *o, double x)
{
    if (isfinite(x))
        fprintf(o, "%.10g", x);
    else
        fputs("NaN", o);
}

/* Signals while plotting: the first SIGINT, SIGTERM, SIGHUP, SIGQUIT or
 * SIGPIPE (a closed stdout) is recorded and stops gnuplot (SIGTERM;
 * run_gnuplot adds SIGKILL if it lingers); the command checks plot_signal()
 * between steps, removes its private folder, and returns 128 + the signal.
 * No SA_RESTART: a wait returns at once. SIGXFSZ is ignored meanwhile, so a
 * write past `ulimit -f` fails (EFBIG, reported) instead of killing the
 * command with its folder; gnuplot inherits that. */
static volatile sig_atomic_t g_plot_signal;
static volatile sig_atomic_t g_plot_child; /* gnuplot's pid while it runs, else 0 */

static void plot_on_signal(int sig)
{
    if (!g_plot_signal) g_plot_signal = sig;
    if (g_plot_child > 0) kill((pid_t)g_plot_child, SIGTERM);
}

#define N_PLOT_SIGS 6
static const int plot_sigs[N_PLOT_SIGS] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ};

struct plot_signals {
    struct sigaction old[N_PLOT_SIGS];
    int caught[N_PLOT_SIGS];
};

plot_signals *plot_signals_catch(void)
{
    static plot_signals saved; /* one plot at a time */
    plot_signals *ps = &saved;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    g_plot_signal = 0;
    g_plot_child = 0;
    for (int i = 0; i < N_PLOT_SIGS; i++) {
        int sig = plot_sigs[i];
        ps->caught[i] = 0;
        if (sigaction(sig, NULL, &ps->old[i]) != 0) continue;
        /* a SIGHUP ignored on entry stays ignored: nohup means it */
        if (sig == SIGHUP && ps->old[i].sa_handler == SIG_IGN) continue;
        sa.sa_handler = sig == SIGXFSZ ? SIG_IGN : plot_on_signal;
        ps->caught[i] = sigaction(sig, &sa, NULL) == 0;
    }
    return ps;
}

int plot_signal(void)
{
    return g_plot_signal;
}

void plot_signals_restore(plot_signals *ps)
{
    for (int i = 0; i < N_PLOT_SIGS; i++)
        if (ps->caught[i]) sigaction(plot_sigs[i], &ps->old[i], NULL);
    g_plot_signal = 0;
}

const char *plot_signal_name(int sig)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGINT, "SIGINT"},
                 {SIGTERM, "SIGTERM"},
                 {SIGHUP, "SIGHUP"},
                 {SIGQUIT, "SIGQUIT"},
                 {SIGPIPE, "SIGPIPE"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig) return names[i].name;
    return "a signal";
}

/* Removes the private folder and what is in it (files only: nothing here
 * makes folders). */
void plot_remove_workdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
    rmdir(dir);
}

/* Runs `gnuplot plot.gp` in the private folder, its stdout and stderr into
 * gnuplot.log there; prog is an absolute path. Returns the exit status (128
 * + signal when killed), or -1 when it could not start. On Linux gnuplot
 * also dies with depinsim, even a depinsim killed with SIGKILL. */
int plot_run_gnuplot(const char *prog, const char *workdir)
{
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127); /* the parent died before prctl */
#else
        (void)parent;
#endif
        /* the log first: what goes wrong from here is gnuplot's to show */
        int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
        int dirfd = open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int out = dirfd < 0 ? -1
                            : openat(dirfd, "gnuplot.log",
                                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (in >= 0) dup2(in, 0);
        if (out >= 0) {
            dup2(out, 1);
            dup2(out, 2);
        }
        if (out < 0) _exit(127); /* no log: the parent reports the status */
        if (fchdir(dirfd) != 0) {
            fprintf(stderr, "%s: %s\n", workdir, strerror(errno)); /* into the log */
            _exit(127);
        }
        execl(prog, prog, "plot.gp", (char *)NULL);
        fprintf(stderr, "cannot run %s: %s\n", prog, strerror(errno)); /* into the log */
        _exit(127);
    }
    g_plot_child = pid;
    int status, waited_ms = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, g_plot_signal ? WNOHANG : 0);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            g_plot_child = 0;
            return -1;
        }
        if (g_plot_signal) {
            /* the handler sent SIGTERM, unless the signal came before
             * g_plot_child was set; gnuplot gets 2 s to go */
            if (waited_ms == 0) kill(pid, SIGTERM);
            if (waited_ms == 2000) kill(pid, SIGKILL);
            struct timespec ms10 = {0, 10000000};
            nanosleep(&ms10, NULL);
            waited_ms += 10;
        }
    }
    g_plot_child = 0;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/* gnuplot's own words (the last 60 lines at most), each a note. */
void plot_show_log(const char *log, ds_errors *errs)
{
    FILE *f = fopen(log, "r");
    if (!f) return;
    char *lines[60] = {0};
    int n = 0;
    char buf[1024];
    while (fgets(buf, sizeof buf, f)) {
        free(lines[n % 60]);
        lines[n % 60] = strdup(buf);
        n++;
    }
    fclose(f);
    int first = n > 60 ? n - 60 : 0;
    for (int i = first; i < n; i++) {
        const char *l = lines[i % 60];
        if (!l) continue;
        size_t len = strlen(l);
        errors_note(errs, "gnuplot: %.*s", (int)(len && l[len - 1] == '\n' ? len - 1 : len), l);
    }
    for (int i = 0; i < 60; i++) free(lines[i]);
}
