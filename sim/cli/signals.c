/* signals.c — the signals of `depinsim run`. The first SIGINT, SIGTERM or
 * SIGHUP asks the workers to stop (they check every step) and nothing is
 * written unless --partial; a second, and every other fatal signal that can be
 * caught, removes the run's temporary results file and dies of that signal.
 * What a handler says goes to stderr with write(2) (async-signal-safe). */
#define _XOPEN_SOURCE 700 /* sigaltstack, SA_ONSTACK (XSI) */
#include "signals.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_interrupts;
static ds_run *volatile g_run; /* the run the handlers stop, and whose temporary they remove */
static int g_live;             /* installed, and not yet restored */

/* The signals run handles. stop: the first asks the workers to stop, like
 * Ctrl-C. Every other one is fatal: remove the temporary, say so, and die of
 * the signal with the disposition it had before (so a core dump, or a
 * sanitizer's report of a fault, still happens and a shell sees 128+N).
 * Signals that were ignored when run started (nohup, a shell's background
 * job) stay ignored, except INT and TERM, which a user sends on purpose.
 * SIGXFSZ is not here: it is ignored during the run, so a write past
 * `ulimit -f` fails with EFBIG and is reported like a full disk. */
static const struct {
    int sig, stop, always;
    const char *name;
} g_sigs[] = {
    {SIGINT, 1, 1, "SIGINT"},       {SIGTERM, 1, 1, "SIGTERM"}, {SIGHUP, 1, 0, "SIGHUP"},
    {SIGQUIT, 0, 0, "SIGQUIT"},     {SIGPIPE, 0, 0, "SIGPIPE"}, {SIGALRM, 0, 0, "SIGALRM"},
    {SIGUSR1, 0, 0, "SIGUSR1"},     {SIGUSR2, 0, 0, "SIGUSR2"}, {SIGXCPU, 0, 0, "SIGXCPU"},
    {SIGVTALRM, 0, 0, "SIGVTALRM"}, {SIGPROF, 0, 0, "SIGPROF"}, {SIGSEGV, 0, 1, "SIGSEGV"},
    {SIGBUS, 0, 1, "SIGBUS"},       {SIGFPE, 0, 1, "SIGFPE"},   {SIGILL, 0, 1, "SIGILL"},
    {SIGABRT, 0, 1, "SIGABRT"},     {SIGTRAP, 0, 1, "SIGTRAP"}, {SIGSYS, 0, 1, "SIGSYS"},
};
#define DS_N_SIGS (sizeof g_sigs / sizeof g_sigs[0])
static struct sigaction g_old[DS_N_SIGS], g_old_xfsz;
static unsigned char g_installed[DS_N_SIGS];
static stack_t g_old_stack;
static char g_alt_stack[65536]; /* a fault from a stack overflow still gets its handler */

/* async-signal-safe: write(2) of fixed strings */
static void say(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t k = write(2, s, n);
        if (k <= 0) return;
        s += k;
        n -= (size_t)k;
    }
}

/* Remove the temporary, say so, and die of sig with its earlier disposition. */
static void die_of(int i, const siginfo_t *info)
{
    int sig = g_sigs[i].sig;
    say("depinsim: ");
    say(g_sigs[i].name);
    if (g_run && g_run->tmp_live) {
        g_run->tmp_live = 0;
        unlink(g_run->tmp);
        say(": stopped; removed the unfinished results file ");
        say(g_run->tmp);
        say("\n");
    } else {
        say(": stopped\n");
    }
    struct sigaction a = g_old[i];
    if (a.sa_handler == SIG_IGN) a.sa_handler = SIG_DFL; /* a second INT/TERM must end us */
    sigaction(sig, &a, NULL);
    /* a fault the kernel raised comes back when the instruction is retried,
     * with its real address for the handler now in place; anything sent is
     * sent again, and arrives when this handler returns */
    int fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGTRAP;
    if (!(fault && info && info->si_code > 0)) raise(sig);
}

static void on_signal(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    int i = 0;
    while (i < (int)DS_N_SIGS - 1 && g_sigs[i].sig != sig) i++;
    if (g_sigs[i].stop && g_interrupts == 0) {
        g_interrupts++;
        if (g_run) {
            g_run->stop = 1;
            g_run->progress.stop = 1;
        }
        return;
    }
    die_of(i, info);
}

void signals_install(ds_run *r)
{
    g_live = 1;
    g_interrupts = 0;
    g_run = r;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK; /* no SA_RESTART: a blocked read or wait returns */
    sigemptyset(&sa.sa_mask);
    stack_t st;
    memset(&st, 0, sizeof st);
    st.ss_sp = g_alt_stack;
    st.ss_size = sizeof g_alt_stack;
    /* keep one already there (a sanitizer's) */
    if (sigaltstack(NULL, &g_old_stack) == 0 && (g_old_stack.ss_flags & SS_DISABLE))
        sigaltstack(&st, NULL);
    for (size_t i = 0; i < DS_N_SIGS; i++) {
        g_installed[i] = 0;
        if (sigaction(g_sigs[i].sig, NULL, &g_old[i]) != 0) continue;
        if (!g_sigs[i].always && g_old[i].sa_handler == SIG_IGN) continue;
        if (sigaction(g_sigs[i].sig, &sa, NULL) == 0) g_installed[i] = 1;
    }
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, &g_old_xfsz);
}

void signals_restore(void)
{
    if (!g_live) return;
    g_live = 0;
    for (size_t i = 0; i < DS_N_SIGS; i++)
        if (g_installed[i]) sigaction(g_sigs[i].sig, &g_old[i], NULL);
    sigaction(SIGXFSZ, &g_old_xfsz, NULL);
    stack_t cur;
    if ((g_old_stack.ss_flags & SS_DISABLE) && sigaltstack(NULL, &cur) == 0 &&
        cur.ss_sp == g_alt_stack)
        sigaltstack(&g_old_stack, NULL);
    g_run = NULL;
}

/* Tests only (tests/hostile/output.sh): with DEPINSIM_TEST_PAUSE_BEFORE_PUBLISH
 * set, say so on stderr, then wait, the finished temporary on disk, for a byte
 * or the end of stdin, or a stop signal: the tests signal "during the write"
 * at an observed moment instead of after a guessed delay. */
void signals_pause_before_publish(const char *tmp)
{
    fprintf(stderr, "depinsim: test: paused before publishing %s\n", tmp);
    struct pollfd p = {0, POLLIN, 0};
    /* the stop may be handled by a worker thread: look at the flag, not EINTR */
    while (!(g_run && g_run->stop)) {
        int k = poll(&p, 1, 100);
        if (k < 0 && errno != EINTR) break;
        if (k > 0) { /* take the byte: the next run on the same stdin waits again */
            char c;
            (void)!read(0, &c, 1);
            break;
        }
    }
}
