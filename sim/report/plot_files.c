/* plot_files.c — the files of `depinsim plot` outside its private folder:
 * the output folder (made, opened without following a planted link), every
 * destination checked before gnuplot runs, and each chart, data file or
 * template copied into place through a new temporary renamed over the name,
 * so a link is replaced, never written through, and a reader never sees half
 * a file. */
#include "plot_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_int.h"

int plot_name_add(char ***list, int *n, const char *name)
{
    char **grown = realloc(*list, (size_t)(*n + 1) * sizeof *grown);
    if (!grown) return -1;
    *list = grown;
    if (!(grown[*n] = strdup(name))) return -1;
    (*n)++;
    return 0;
}

/* The results file name without its folder's trailing part and extension:
 * "results/default.h5" → "results/default_plots". */
void plot_default_outdir(char *out, size_t n, const char *path)
{
    snprintf(out, n, "%s", path);
    char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
    if (dot && (!slash || dot > slash + 1)) *dot = '\0';
    size_t len = strlen(out);
    snprintf(out + len, n - len, "_plots");
}

/* Whether name in folder dir (open as dirfd) may be replaced: DS_OK when it
 * does not exist or is a regular file; DS_EINPUT, with a message, when it is
 * anything else, a symbolic link above all (a writer opening it would write
 * wherever it points); DS_EFAIL when that cannot be told. */
int plot_dest_check(int dirfd, const char *dir, const char *name, ds_errors *errs)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) return DS_OK;
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s/%s: %s", dir, name, strerror(errno));
        return DS_EFAIL;
    }
    if (S_ISREG(st.st_mode)) return DS_OK;
    errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
               "%s/%s: %s; not replacing it (remove it, or plot into another folder with -o)", dir,
               name,
               S_ISLNK(st.st_mode)   ? "a symbolic link"
               : S_ISDIR(st.st_mode) ? "a folder"
                                     : "not a regular file");
    return DS_EINPUT;
}

/* Copies src (a file of ours) to name in folder dirfd: into a new temporary
 * beside it (O_EXCL | O_NOFOLLOW: nothing planted can be that) renamed over
 * name when complete. A link planted at name is replaced, never written
 * through; a hard link's other names keep their content; a reader never
 * sees half a file. Returns DS_OK, or the status with a message. */
int plot_publish_file(const char *src, int dirfd, const char *dir, const char *name,
                      ds_errors *errs)
{
    int rc = plot_dest_check(dirfd, dir, name, errs);
    if (rc != DS_OK) return rc;
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s: cannot read: %s", src, strerror(errno));
        return DS_EFAIL;
    }
    char tmp[PATH_MAX];
    int out = -1;
    for (int k = 0; out < 0 && k < 100; k++) {
        if (report_path_fmt(errs, tmp, sizeof tmp, ".%s.tmp.%ld.%d", name, (long)getpid(), k) < 0)
            break;
        out = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (out < 0 && errno != EEXIST) break;
    }
    if (out < 0) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s/%s: cannot create: %s", dir, name,
                   strerror(errno));
        close(in);
        return DS_EFAIL;
    }
    static char buf[1 << 16];
    for (;;) {
        ssize_t got = read(in, buf, sizeof buf);
        if (got == 0) break;
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s: cannot read: %s", src,
                       strerror(errno));
            rc = DS_EFAIL;
            break;
        }
        for (ssize_t off = 0; off < got && rc == DS_OK;) {
            ssize_t w = write(out, buf + off, (size_t)(got - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s/%s: cannot write: %s", dir, name,
                           strerror(errno));
                rc = DS_EFAIL;
            } else {
                off += w;
            }
        }
        if (rc != DS_OK) break;
    }
    close(in);
    if (close(out) != 0 && rc == DS_OK) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s/%s: cannot write: %s", dir, name,
                   strerror(errno));
        rc = DS_EFAIL;
    }
    if (rc == DS_OK && renameat(dirfd, tmp, dirfd, name) != 0) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s/%s: cannot rename into place: %s", dir,
                   name, strerror(errno));
        rc = DS_EFAIL;
    }
    if (rc != DS_OK) unlinkat(dirfd, tmp, 0);
    return rc;
}

/* Opens folder path (already made) to publish into. With nofollow a
 * symbolic link is refused: DIR/data is ours to fill, and a link planted
 * there would take the files wherever it points. */
int plot_open_folder(const char *path, int nofollow, int *fd, ds_errors *errs)
{
    *fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (*fd >= 0) return DS_OK;
    int err = errno;
    struct stat st;
    if (lstat(path, &st) == 0 && (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode))) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
                   "%s: %s; not writing through it (remove it, or plot into another folder "
                   "with -o)",
                   path, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a folder");
        return DS_EINPUT;
    }
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%s: cannot open the folder: %s", path,
               strerror(err));
    return DS_EFAIL;
}

/* The templates plot.gp loads (and they load each other), copied into the
 * private folder so the script names only files there; one missing from
 * DEPINSIM_PLOTS is left to gnuplot's "cannot open" message. */
static const char *const plot_templates[] = {
    "common.gp",     "dashboard.gp",   "fan.gp",  "fan_plot.gp", "cloud.gp",
    "cloud_plot.gp", "income_plot.gp", "hist.gp", "heatmap.gp",  "sensitivity.gp"};
#define N_PLOT_TEMPLATES (sizeof plot_templates / sizeof plot_templates[0])

int plot_copy_templates(plot_ctx *p, const char *tpl, int workfd)
{
    for (size_t i = 0; i < N_PLOT_TEMPLATES; i++) {
        char src[PATH_MAX];
        if (report_path_fmt(p->errs, src, sizeof src, "%s/%s", tpl, plot_templates[i]) < 0)
            return DS_EFAIL;
        struct stat st;
        if (stat(src, &st) != 0 && errno == ENOENT) continue; /* gnuplot will say which */
        int rc = plot_publish_file(src, workfd, p->workdir, plot_templates[i], p->errs);
        if (rc != DS_OK) return DS_EFAIL; /* ours, or the templates': not the user's input */
        if (plot_name_add(&p->files, &p->n_files, plot_templates[i]) < 0) return DS_EFAIL;
    }
    return DS_OK;
}

/* Makes the output folder (and DIR/data with --keep-data) and checks, before
 * gnuplot runs, that every file to publish may be replaced: all or nothing
 * is refused. */
int plot_outputs_open(const plot_ctx *p, const char *outdir, int keep, int *outfd, int *datafd)
{
    if (report_make_dirs(outdir) != 0) {
        errors_add(p->errs, DS_EFAIL, outdir, 0, 0, NULL, "cannot create the folder: %s",
                   strerror(errno));
        return DS_EFAIL;
    }
    int rc = plot_open_folder(outdir, 0, outfd, p->errs);
    for (int i = 0; rc == DS_OK && i < p->n_charts; i++)
        rc = plot_dest_check(*outfd, outdir, p->charts[i], p->errs);
    if (rc != DS_OK || !keep) return rc;
    char data[PATH_MAX];
    if (report_path_fmt(p->errs, data, sizeof data, "%s/data", outdir) < 0) return DS_EFAIL;
    if (mkdirat(*outfd, "data", 0777) != 0 && errno != EEXIST) {
        errors_add(p->errs, DS_EFAIL, data, 0, 0, NULL, "cannot create the folder: %s",
                   strerror(errno));
        return DS_EFAIL;
    }
    if ((rc = plot_open_folder(data, 1, datafd, p->errs)) != DS_OK) return rc;
    for (int i = 0; rc == DS_OK && i < p->n_files; i++)
        rc = plot_dest_check(*datafd, data, p->files[i], p->errs);
    return rc == DS_OK ? plot_dest_check(*datafd, data, "gnuplot.log", p->errs) : rc;
}

/* Copies names (files of the private folder) into folder dirfd. Returns
 * DS_OK or the status; *done counts the files copied. */
int plot_publish_all(const plot_ctx *p, char **names, int n, int dirfd, const char *dir, int *done)
{
    for (int i = 0; i < n; i++) {
        if (plot_signal()) return DS_EFAIL;
        char src[PATH_MAX];
        if (report_path_fmt(p->errs, src, sizeof src, "%s/%s", p->workdir, names[i]) < 0)
            return DS_EFAIL;
        int rc = plot_publish_file(src, dirfd, dir, names[i], p->errs);
        if (rc != DS_OK) return rc;
        (*done)++;
    }
    return DS_OK;
}
