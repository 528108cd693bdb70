/* checkpoint.c — the directory of a run's completed blocks (checkpoint.h):
 * naming, locking, listing and checking the blocks, and saving one
 * atomically. The files themselves are written and read by results.c
 * (results_rows.h), with the checks every results reader makes. */
#include "checkpoint.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../io/provenance.h"

#define CK_MAX_BLOCKS 1000000 /* more files than any run writes: a hostile directory */

void checkpoint_none(ds_checkpoint *ck)
{
    memset(ck, 0, sizeof *ck);
    ck->lock_fd = -1;
}

void checkpoint_attach(ds_checkpoint *ck, const char *dir)
{
    checkpoint_none(ck);
    snprintf(ck->dir, sizeof ck->dir, "%s", dir);
}

void checkpoint_close(ds_checkpoint *ck)
{
    for (int i = 0; i < ck->n; i++) free(ck->files[i]);
    free(ck->files);
    free(ck->have);
    if (ck->lock_fd >= 0) close(ck->lock_fd); /* releases the flock */
    checkpoint_none(ck);
}

/* "paths-<first>-<end>.h5" exactly (no signs, no leading zeros): 1 and the range, else 0. */
static int block_name(const char *name, int *first, int *end)
{
    char again[64];
    unsigned a, b;
    int n = 0;
    if (strlen(name) >= sizeof again || sscanf(name, "paths-%u-%u.h5%n", &a, &b, &n) != 2 ||
        name[n] != 0 || a >= b || b > INT32_MAX)
        return 0;
    snprintf(again, sizeof again, "paths-%u-%u.h5", a, b);
    if (strcmp(again, name) != 0) return 0;
    *first = (int)a;
    *end = (int)b;
    return 1;
}

/* A temporary this program leaves while saving: ".paths-<a>-<b>.h5.tmp.<pid>". */
static int block_tmp_name(const char *name)
{
    return !strncmp(name, ".paths-", 7) && strstr(name, ".h5.tmp.") != NULL;
}

/* DIR/lock, held for the run; a second run on DIR is refused. File systems
 * without locks (some NFS mounts) leave it unlocked rather than refuse. */
static int lock_dir(ds_checkpoint *ck, ds_errors *errs)
{
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/lock", ck->dir);
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
        errors_add(errs, DS_EINPUT, ck->dir, 0, 0, "--checkpoint", "cannot use as a checkpoint: %s",
                   strerror(errno));
        return DS_EINPUT;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            close(fd);
            errors_add(errs, DS_EINPUT, ck->dir, 0, 0, "--checkpoint",
                       "is in use by another run (DIR/lock is held)");
            return DS_EINPUT;
        }
    }
    ck->lock_fd = fd;
    return DS_OK;
}

static int cmp_blocks(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Every block file of DIR into ck (unchecked); stale temporaries removed
 * (the lock is ours, so no run is writing them). */
static int list_blocks(ds_checkpoint *ck, ds_errors *errs)
{
    DIR *d = opendir(ck->dir);
    if (!d) {
        errors_add(errs, DS_EINPUT, ck->dir, 0, 0, "--checkpoint", "cannot list: %s",
                   strerror(errno));
        return DS_EINPUT;
    }
    int cap = 0, rc = DS_OK;
    struct dirent *e;
    while (rc == DS_OK && (e = readdir(d))) {
        int a, b;
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", ck->dir, e->d_name);
        if (block_tmp_name(e->d_name)) {
            unlink(path);
            continue;
        }
        if (!block_name(e->d_name, &a, &b)) continue;
        if (ck->n == CK_MAX_BLOCKS) {
            errors_add(errs, DS_EINPUT, ck->dir, 0, 0, "--checkpoint",
                       "holds more than %d blocks: not a checkpoint of this program",
                       CK_MAX_BLOCKS);
            rc = DS_EINPUT;
            break;
        }
        if (ck->n == cap) {
            cap = cap ? 2 * cap : 16;
            void *h = realloc(ck->have, (size_t)cap * sizeof *ck->have);
            if (h) ck->have = h;
            void *f = realloc(ck->files, (size_t)cap * sizeof *ck->files);
            if (f) ck->files = f;
            if (!h || !f) {
                errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
                rc = DS_EFAIL;
                break;
            }
        }
        if (!(ck->files[ck->n] = strdup(path))) {
            errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
            rc = DS_EFAIL;
            break;
        }
        ck->have[ck->n][0] = a;
        ck->have[ck->n][1] = b;
        ck->n++;
    }
    closedir(d);
    return rc;
}

/* The blocks in path order, files with their ranges. */
static int sort_blocks(ds_checkpoint *ck, ds_errors *errs)
{
    int(*order)[2] = malloc((size_t)(ck->n ? ck->n : 1) * sizeof *order);
    char **files = malloc((size_t)(ck->n ? ck->n : 1) * sizeof *files);
    if (!order || !files) {
        free(order);
        free(files);
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    for (int i = 0; i < ck->n; i++) {
        order[i][0] = ck->have[i][0];
        order[i][1] = i;
    }
    qsort(order, (size_t)ck->n, sizeof *order, cmp_blocks);
    for (int i = 0; i < ck->n; i++) files[i] = ck->files[order[i][1]];
    for (int i = 0; i < ck->n; i++) {
        int j = order[i][1];
        order[i][0] = ck->have[j][0];
        order[i][1] = ck->have[j][1];
    }
    free(ck->have);
    free(ck->files);
    ck->have = order;
    ck->files = files;
    return DS_OK;
}

/* In path order: each block's identity against this run's, its range
 * against its name and the run's, none overlapping the one before. */
static int check_blocks(ds_checkpoint *ck, const ds_identity *id, int first, int end,
                        ds_errors *errs)
{
    int rc = sort_blocks(ck, errs);
    for (int i = 0; rc == DS_OK && i < ck->n; i++) {
        ds_identity_owned got;
        int a, b;
        rc = results_rows_header(ck->files[i], &got, &a, &b, errs);
        if (rc != DS_OK) return rc;
        rc = identity_check(id, &got.id, ck->files[i], "this run", errs);
        identity_free(&got);
        if (rc != DS_OK) return rc;
        if (a != ck->have[i][0] || b != ck->have[i][1]) {
            errors_add(errs, DS_EINPUT, ck->files[i], 0, 0, NULL,
                       "holds paths %d:%d, not those its name says", a, b);
            return DS_EINPUT;
        }
        if (a < first || b > end) {
            errors_add(errs, DS_EINPUT, ck->files[i], 0, 0, NULL,
                       "holds paths %d:%d, outside this run's %d:%d (a checkpoint of another "
                       "--paths-range)",
                       a, b, first, end);
            return DS_EINPUT;
        }
        if (i > 0 && a < ck->have[i - 1][1]) {
            errors_add(errs, DS_EINPUT, ck->files[i], 0, 0, NULL,
                       "overlaps %s (paths %d:%d and %d:%d): not the blocks of one run",
                       ck->files[i - 1], a, b, ck->have[i - 1][0], ck->have[i - 1][1]);
            return DS_EINPUT;
        }
    }
    return rc;
}

int checkpoint_open(ds_checkpoint *ck, const char *dir, int resume, const ds_identity *id,
                    int first, int end, ds_errors *errs)
{
    checkpoint_none(ck);
    const char *opt = resume ? "--resume" : "--checkpoint";
    if (!dir[0] || strlen(dir) + 64 >= sizeof ck->dir) {
        errors_add(errs, DS_EINPUT, dir, 0, 0, opt, "empty or too long a directory name");
        return DS_EINPUT;
    }
    snprintf(ck->dir, sizeof ck->dir, "%s", dir);
    struct stat st;
    if (!resume && lstat(dir, &st) != 0 && errno == ENOENT && mkdir(dir, 0777) != 0) {
        errors_add(errs, DS_EINPUT, dir, 0, 0, opt, "cannot make the directory: %s",
                   strerror(errno));
        return DS_EINPUT;
    }
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errors_add(errs, DS_EINPUT, dir, 0, 0, opt, "%s",
                   errno == ENOENT && resume ? "no such checkpoint directory"
                                             : "is not a directory (a symbolic link is refused)");
        return DS_EINPUT;
    }
    int rc = lock_dir(ck, errs);
    if (rc == DS_OK) rc = list_blocks(ck, errs);
    if (rc == DS_OK && !resume && ck->n > 0) {
        errors_add(errs, DS_EINPUT, dir, 0, 0, opt,
                   "already holds %d block(s) of a checkpoint: continue it with --resume %s, or "
                   "remove them",
                   ck->n, dir);
        rc = DS_EINPUT;
    }
    if (rc == DS_OK) rc = check_blocks(ck, id, first, end, errs);
    return rc;
}

int checkpoint_load(const ds_checkpoint *ck, int i, int records, int steps, int n_variants,
                    const ds_rows *v, ds_errors *errs)
{
    return results_rows_read(ck->files[i], ck->have[i][0], ck->have[i][1], records, steps,
                             n_variants, v, errs);
}

/* fsync a file or a directory by name; EINVAL (not supported) is fine. */
static int sync_path(const char *path, int dir)
{
    int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY | O_NOFOLLOW);
    if (fd < 0) return -1;
    int rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
    close(fd);
    return rc;
}

int checkpoint_save(ds_checkpoint *ck, const ds_identity *id, int first, int end, int records,
                    int n_variants, const ds_rows *v, ds_errors *errs)
{
    char path[PATH_MAX + 64], tmp[PATH_MAX + 96];
    snprintf(path, sizeof path, "%s/paths-%d-%d.h5", ck->dir, first, end);
    snprintf(tmp, sizeof tmp, "%s/.paths-%d-%d.h5.tmp.%ld", ck->dir, first, end, (long)getpid());
    unlink(tmp); /* a temporary of an earlier attempt by a process of this pid */
    int rc = results_rows_write(tmp, id, first, end, records, n_variants, v, errs);
    /* whole on disk before the name says so, and the name durable after */
    if (rc == DS_OK && sync_path(tmp, 0) != 0) {
        errors_add(errs, DS_EFAIL, tmp, 0, 0, NULL, "cannot sync: %s", strerror(errno));
        rc = DS_EFAIL;
    }
    if (rc == DS_OK && rename(tmp, path) != 0) {
        errors_add(errs, DS_EFAIL, path, 0, 0, NULL, "cannot rename %s to it: %s", tmp,
                   strerror(errno));
        rc = DS_EFAIL;
    }
    if (rc != DS_OK) {
        unlink(tmp);
        return rc;
    }
    if (sync_path(ck->dir, 1) != 0) {
        errors_add(errs, DS_EFAIL, ck->dir, 0, 0, NULL, "cannot sync the checkpoint directory: %s",
                   strerror(errno));
        return DS_EFAIL;
    }
    ck->saved++;
    return DS_OK;
}
