/* results_probe.c — every results file is untrusted input: before a command
 * reads one, a child process reads all of it (results_read_all) with the
 * HDF5 layer's trail in a page shared with the parent. A child that dies
 * inside an HDF5 call, or that HDF5 keeps past its time, means a file the
 * library cannot read (DS_EINPUT, the call and the object named); one that
 * dies in our own code is a bug (DS_EFAIL). */
#include "results.h"
#include "results_ext.h"
#include "results_int.h"
#include "results_read.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int results_read_all(const char *path)
{
    ds_errors errs = {0};
    ds_read_results r;
    int rc = results_read(path, &r, &errs);
    if (rc == DS_OK) {
        results_ext_read_t x; /* what experiments add (results_ext.c) */
        if (results_ext_read(&r, &x, &errs) != DS_OK) rc = DS_EINPUT;
        results_ext_read_free(&r, &x);
        for (int v = 0; v < r.n_variants; v++) {
            const ds_read_variant *rv = &r.variants[v];
            for (int i = 0; i < rv->n_metrics + rv->n_outcomes; i++) {
                int metric = i < rv->n_metrics;
                const char *name =
                    metric ? rv->metrics[i].name : rv->outcomes[i - rv->n_metrics].name;
                double *x = NULL; /* each read runs whatever the others found */
                results_read_paths(&r, v, metric ? RF_FINAL : RF_OUTCOMES, name, &x, &errs);
                free(x);
                /* what merge reads of a shard: whole paths, when the file has them */
                if (metric && !results_read_rows(&r, v, name, &x, &errs)) free(x);
            }
            int32_t *idx = NULL;
            if (results_read_index(&r, v, &idx, &errs) == DS_OK) free(idx);
            for (int c = 0; c < rv->n_claims; c++) {
                uint8_t *h = NULL;
                if (results_read_verdicts(&r, v, rv->claims[c].name, &h, &errs) == DS_OK) free(h);
            }
        }
        ds_identity_owned id;
        if (results_read_identity(&r, &id, &errs) == DS_OK) identity_free(&id);
        ds_read_shard sh;
        if (results_read_shard(&r, &sh, &errs) == DS_OK) results_read_shard_free(&sh);
        results_read_free(&r);
    }
    errors_free(&errs);
    return rc;
}

/* Signals of a crash, as opposed to someone stopping the reader (INT, TERM,
 * KILL from the OOM killer, XCPU from ulimit -t). */
static int is_crash_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT ||
           sig == SIGTRAP || sig == SIGSYS;
}

/* How long the probe lets its child read by default: 10 s, and a second more
 * for every 50 MB of file (the probe reads the summaries and the per-path
 * finals, a small part of a large file). HDF5 1.10.8 loops for ever on some
 * corrupt global heaps: a file that keeps the reader longer is refused. */
static double probe_seconds(const char *path)
{
    struct stat st;
    return 10.0 + (stat(path, &st) == 0 ? (double)st.st_size / 50e6 : 0.0);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

int results_probe_with(const char *path, int (*read_all)(const char *path), double timeout_s,
                       ds_errors *errs)
{
    if (timeout_s <= 0) timeout_s = probe_seconds(path);
    /* the child's trail (see h5_trail), where this process can read it: a
     * shared mapping of /dev/zero (MAP_ANONYMOUS is not POSIX) */
    int zero = open("/dev/zero", O_RDWR);
    h5_trail *t =
        zero < 0 ? MAP_FAILED : mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
    if (zero >= 0) close(zero);
    if (t == MAP_FAILED) return DS_OK; /* cannot isolate: read in-process as before */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        munmap(t, sizeof *t);
        return DS_OK;
    }
    if (pid == 0) {
        results_trail = t;
        /* the default actions: a crash must end the child (the parent reads
         * the trail), and the parent's handlers (a command's cleanup on
         * SIGTERM, say) are not the child's to run */
        static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL,  SIGFPE, SIGABRT, SIGTRAP,
                                   SIGSYS,  SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM};
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
        /* a child whose parent was killed ends too, soon after its time */
        alarm((unsigned)timeout_s + 2);
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        int rc = read_all(path);
        t->finished = 1;
        _exit(rc == DS_OK ? 0 : 2);
    }
    /* wait, polling (no signal handler to share with the commands' own), at
     * most timeout_s; then the child is killed */
    int st = 0, timed_out = 0;
    struct timespec t0, nap = {0, 1000000}; /* 1 ms, doubling up to 64 ms */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) {
            munmap(t, sizeof *t);
            return DS_OK;
        }
        if (seconds_since(&t0) > timeout_s) {
            timed_out = 1;
            kill(pid, SIGKILL);
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR) continue;
            break;
        }
        nanosleep(&nap, NULL);
        if (nap.tv_nsec < 64000000) nap.tv_nsec *= 2;
    }
    int status = DS_OK; /* readable, or an ordinary error the caller reports itself */
    int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    char how[96];
    if (sig)
        snprintf(how, sizeof how, "signal %d, %s", sig, strsignal(sig));
    else
        snprintf(how, sizeof how, "exit status %d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    char object[sizeof t->object];
    memcpy(object, t->object, sizeof object);
    object[sizeof object - 1] = '\0';
    const char *call = t->call ? t->call : "(none)", *file = t->file ? t->file : "results.c";
    const int call_len = (int)strcspn(call, "(");
    if (timed_out && t->in_hdf5) {
        errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                   "damaged HDF5 file: the HDF5 library did not finish reading it in %.0f s "
                   "(in %.*s, %s:%d, reading %.100s); not read",
                   timeout_s, call_len, call, file, t->line, object[0] ? object : "it");
        status = DS_EINPUT;
    } else if (timed_out) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                   "internal error: depinsim's own code did not finish reading %.100s in %.0f s "
                   "(after %.*s, %s:%d); a bug: please report it with this file",
                   object[0] ? object : "this file", timeout_s, call_len, call, file, t->line);
        status = DS_EFAIL;
    } else if (sig && !is_crash_signal(sig)) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "reading it was stopped (%s); not read", how);
        status = DS_EFAIL;
    } else if (sig || (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 2)) {
        if (t->in_hdf5 && !t->finished) {
            errors_add(errs, DS_EINPUT, path, 0, 0, NULL,
                       "damaged HDF5 file: the HDF5 library crashed (%s) in %.*s (%s:%d) "
                       "reading %.100s; not read",
                       how, call_len, call, file, t->line, object[0] ? object : "it");
            status = DS_EINPUT;
        } else {
            errors_add(errs, DS_EFAIL, path, 0, 0, NULL,
                       "internal error: depinsim crashed (%s) in its own code reading %.100s "
                       "(after %.*s, %s:%d); a bug: please report it with this file",
                       how, object[0] ? object : "this file", call_len, call, file, t->line);
            status = DS_EFAIL;
        }
    }
    munmap(t, sizeof *t);
    return status;
}

int results_probe(const char *path, ds_errors *errs)
{
    return results_probe_with(path, results_read_all, 0, errs);
}
