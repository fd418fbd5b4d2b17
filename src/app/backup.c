/* SPDX-License-Identifier: MIT */
/*
 * backup.c - a verified copy of a running store (see backup.h).
 *
 * The order is what keeps a crash or a failure harmless: everything is
 * written under temporary names in the directory of FILE, synced, and
 * checked; the evidence directory is renamed into place first and the
 * database last, so a FILE that exists always has its evidence beside it.
 * Temporary names end in ".tmp-XXXXXX"; one left by a crash can be
 * deleted.
 */
#include "app/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/evidence.h"
#include "app/evidence_verify.h"
#include "store/blob.h"
#include "util/mem.h"

#define COPY_CHUNK (64 * 1024)

/* Record why the backup failed; returns 'err'. */
static enum kz_err refuse(struct backup_result *r, enum kz_err err,
                          const char *key, const char *path)
{
    size_t n = strlen(path);

    /* A path cut short still says where; snprintf would warn of it. */
    if (n >= sizeof(r->path))
        n = sizeof(r->path) - 1;
    r->msg_key = key;
    memcpy(r->path, path, n);
    r->path[n] = '\0';
    return err;
}

/* The directory part of 'path' into out[n] ("." when it has none). */
static bool dir_of(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    int len = slash == NULL ? snprintf(out, n, ".")
              : slash == path
                  ? snprintf(out, n, "/")
                  : snprintf(out, n, "%.*s", (int)(slash - path), path);

    return len > 0 && (size_t)len < n;
}

/* fsync the directory 'dir' (what makes a rename in it durable). */
static bool sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0)
        return false;
    bool ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

/* Remove 'dir' and what is in it, one level of subdirectories deep (the
 * evidence layout); errors are ignored: it is a clean-up. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        char path[BACKUP_PATH_MAX + 300];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (unlink(path) != 0 && (errno == EISDIR || errno == EPERM))
            remove_tree(path);
    }
    closedir(d);
    (void)rmdir(dir);
}

/* Remove the temporary database 'tmp' and SQLite's files beside it. */
static void remove_db(const char *tmp)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char path[BACKUP_PATH_MAX + 64];

    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        snprintf(path, sizeof(path), "%s%s", tmp, suffix[i]);
        (void)unlink(path);
    }
}

/* Copy the file 'src' to the new file 'dst' and fsync it. */
static enum kz_err copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    int out = -1;
    enum kz_err err = KZ_OK;

    if (in < 0)
        return errno == ENOENT ? KZ_ENOTFOUND : KZ_EIO;
    out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return KZ_EIO;
    }
    char *buf = xmalloc(COPY_CHUNK);
    for (;;) {
        ssize_t n = read(in, buf, COPY_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err = n == 0 ? KZ_OK : KZ_EIO;
            break;
        }
        for (ssize_t off = 0; off < n && err == KZ_OK;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                err = KZ_EIO;
            else
                off += w;
        }
        if (err != KZ_OK)
            break;
    }
    xfree(buf);
    if (err == KZ_OK && fsync(out) != 0)
        err = KZ_EIO;
    if (close(out) != 0 && err == KZ_OK)
        err = KZ_EIO;
    close(in);
    if (err != KZ_OK)
        (void)unlink(dst);
    return err;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Put the file of every item of 'copy' that has content into 'dst_dir',
 * taken from 'src_dir': a hard link when both are on one file system (the
 * stored files are never rewritten: a changed byte is a new name), a copy
 * otherwise.  A file missing from 'src_dir' is skipped: verification of
 * the copy reports it.  Each file is re-hashed there, not here.
 */
static enum kz_err place_evidence(struct store *copy, const char *src_dir,
                                  const char *dst_dir, struct backup_result *r)
{
    struct evidence_list l = {0};
    enum kz_err err = store_evidence_list(copy, 0, &l);
    const char **names = xcalloc(l.n + 1, sizeof(*names));
    size_t n = 0;

    for (size_t i = 0; err == KZ_OK && i < l.n; i++) {
        if (l.items[i].has_content)
            names[n++] = l.items[i].sha256;
    }
    if (n > 1)
        qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        char src[BACKUP_PATH_MAX + 100], dst[BACKUP_PATH_MAX + 100];
        char sub[BACKUP_PATH_MAX + 100];
        struct stat sb;
        if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
            continue; /* the same bytes, two items: one file */
        if (!blob_path(src_dir, names[i], src, sizeof(src)) ||
            !blob_path(dst_dir, names[i], dst, sizeof(dst)) ||
            !dir_of(dst, sub, sizeof(sub))) {
            err = refuse(r, KZ_EIO, "backup.path_long", dst_dir);
            break;
        }
        if (mkdir(sub, 0700) != 0 && errno != EEXIST) {
            err = refuse(r, KZ_EIO, "backup.write_failed", sub);
            break;
        }
        if (link(src, dst) == 0) {
            r->evidence_linked++;
        } else if (errno == ENOENT) {
            continue;
        } else {
            /* EXDEV across file systems; EPERM, EMLINK and others where
             * links are refused: the bytes are copied instead. */
            enum kz_err e = copy_file(src, dst);
            if (e == KZ_ENOTFOUND)
                continue;
            if (e != KZ_OK) {
                err = refuse(r, e, "backup.write_failed", dst);
                break;
            }
        }
        r->evidence_files++;
        if (stat(dst, &sb) == 0)
            r->evidence_bytes += (int64_t)sb.st_size;
        if (!sync_dir(sub))
            err = refuse(r, KZ_EIO, "backup.write_failed", sub);
    }
    if (err == KZ_OK && !sync_dir(dst_dir))
        err = refuse(r, KZ_EIO, "backup.write_failed", dst_dir);
    xfree(names);
    evidence_list_cleanup(&l);
    return err;
}

/* Open the copy 'tmp', place its evidence in 'ev_tmp' and verify both. */
static enum kz_err check_copy(const char *tmp, const char *src_ev,
                              const char *ev_tmp, struct backup_result *r)
{
    struct store *copy = NULL;
    enum kz_err err = store_open(tmp, STORE_OPEN_EXISTING, &copy);

    if (err != KZ_OK)
        return err;
    err = place_evidence(copy, src_ev, ev_tmp, r);
    if (err == KZ_OK)
        err = app_verify_anchored(copy, NULL, NULL, &r->verify);
    if (err == KZ_OK || err == KZ_EVERIFY) {
        enum kz_err e2 = app_evidence_verify(copy, ev_tmp, &r->verify);
        if (e2 != KZ_OK && (e2 != KZ_EVERIFY || err == KZ_OK))
            err = e2;
    }
    store_close(copy);
    if (err == KZ_EVERIFY)
        r->msg_key = "backup.verify_failed";
    return err;
}

/* fsync 'path' once more (the check's connection checkpointed into it)
 * and read its size; a -wal left beside it would hold part of it. */
static enum kz_err seal_copy(const char *tmp, struct backup_result *r)
{
    char wal[BACKUP_PATH_MAX + 64];
    struct stat sb;
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return refuse(r, KZ_EIO, "backup.write_failed", tmp);
    bool ok = fsync(fd) == 0 && fstat(fd, &sb) == 0;
    close(fd);
    snprintf(wal, sizeof(wal), "%s-wal", tmp);
    if (!ok || access(wal, F_OK) == 0)
        return refuse(r, KZ_EIO, "backup.write_failed", tmp);
    r->db.bytes = (int64_t)sb.st_size;
    return KZ_OK;
}

/*
 * Rename 'ev_tmp' to 'ev' and 'tmp' to 'dest'.  Without 'force' the
 * database goes in by link(2), which fails when 'dest' appeared meanwhile
 * instead of replacing it; with 'force' an old evidence directory is
 * moved aside first and removed once the new one is in place.
 */
static enum kz_err put_in_place(const char *tmp, const char *dest,
                                const char *ev_tmp, const char *ev,
                                const char *dest_dir, bool force,
                                struct backup_result *r)
{
    char old[BACKUP_PATH_MAX + 64] = "";
    struct stat sb;

    if (force && lstat(ev, &sb) == 0) {
        snprintf(old, sizeof(old), "%s.old-XXXXXX", ev);
        if (mkdtemp(old) == NULL || rename(ev, old) != 0) {
            (void)rmdir(old);
            return refuse(r, KZ_EIO, "backup.write_failed", ev);
        }
    }
    if (rename(ev_tmp, ev) != 0) {
        if (old[0] != '\0')
            (void)rename(old, ev);
        return refuse(
            r, errno == ENOTEMPTY || errno == EEXIST ? KZ_ECONFLICT : KZ_EIO,
            errno == ENOTEMPTY || errno == EEXIST ? "backup.exists"
                                                  : "backup.write_failed",
            ev);
    }
    int rc = force ? rename(tmp, dest) : link(tmp, dest);
    int saved = errno;
    if (rc != 0) {
        (void)rename(ev, ev_tmp);
        if (old[0] != '\0')
            (void)rename(old, ev);
        return refuse(r, saved == EEXIST ? KZ_ECONFLICT : KZ_EIO,
                      saved == EEXIST ? "backup.exists" : "backup.write_failed",
                      dest);
    }
    if (!force)
        (void)unlink(tmp);
    if (old[0] != '\0')
        remove_tree(old);
    if (!sync_dir(dest_dir))
        return refuse(r, KZ_EIO, "backup.write_failed", dest_dir);
    return KZ_OK;
}

/* Refusals before anything is written: see app_backup. */
static enum kz_err preflight(const char *db, const char *dest, const char *ev,
                             const char *dest_dir, bool force,
                             struct backup_result *r)
{
    struct stat sd, sb;

    if (stat(dest_dir, &sd) != 0 || !S_ISDIR(sd.st_mode))
        return refuse(r, KZ_EIO, "backup.no_dir", dest_dir);
    if (lstat(dest, &sd) == 0) {
        /* With --force too: replacing the live file under a running
         * server would lose every write after the copy. */
        if (stat(db, &sb) == 0 && stat(dest, &sd) == 0 &&
            sb.st_dev == sd.st_dev && sb.st_ino == sd.st_ino)
            return refuse(r, KZ_EUSAGE, "backup.same_file", dest);
        if (!force)
            return refuse(r, KZ_ECONFLICT, "backup.exists", dest);
        if (S_ISDIR(sd.st_mode))
            return refuse(r, KZ_ECONFLICT, "backup.exists", dest);
    }
    if (!force && lstat(ev, &sd) == 0)
        return refuse(r, KZ_ECONFLICT, "backup.exists", ev);
    return KZ_OK;
}

/* See backup.h. */
enum kz_err app_backup(struct store *s, const char *db, const char *dest,
                       bool force, struct backup_result *r)
{
    char dest_dir[BACKUP_PATH_MAX], src_ev[BACKUP_PATH_MAX];
    char tmp[BACKUP_PATH_MAX + 32], ev_tmp[BACKUP_PATH_MAX + 48];
    enum kz_err err;

    memset(r, 0, sizeof(*r));
    if (dest == NULL || dest[0] == '\0' || strlen(dest) >= BACKUP_PATH_MAX ||
        !dir_of(dest, dest_dir, sizeof(dest_dir)) ||
        !app_evidence_dir(db, src_ev, sizeof(src_ev)))
        return refuse(r, KZ_EUSAGE, "backup.path_long", dest ? dest : "");
    snprintf(r->evidence_dir, sizeof(r->evidence_dir), "%s.evidence", dest);
    err = preflight(db, dest, r->evidence_dir, dest_dir, force, r);
    if (err != KZ_OK)
        return err;
    snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dest);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        bool denied = errno == EACCES || errno == EPERM || errno == EROFS;
        return refuse(r, KZ_EIO,
                      denied ? "backup.not_writable" : "backup.write_failed",
                      dest_dir);
    }
    close(fd);
    snprintf(ev_tmp, sizeof(ev_tmp), "%s.tmp-XXXXXX", r->evidence_dir);
    if (mkdtemp(ev_tmp) == NULL) {
        remove_db(tmp);
        return refuse(r, KZ_EIO, "backup.write_failed", dest_dir);
    }
    err = store_backup_to(s, tmp, &r->db);
    if (err == KZ_EUSAGE)
        r->msg_key = "backup.unsupported";
    else if (err == KZ_EVERIFY)
        r->msg_key = "backup.integrity";
    else if (err == KZ_EIO)
        (void)refuse(r, err, "backup.write_failed", tmp);
    if (err == KZ_OK)
        err = check_copy(tmp, src_ev, ev_tmp, r);
    if (err == KZ_OK)
        err = seal_copy(tmp, r);
    if (err == KZ_OK)
        err = put_in_place(tmp, dest, ev_tmp, r->evidence_dir, dest_dir, force,
                           r);
    if (err != KZ_OK) {
        remove_db(tmp);
        remove_tree(ev_tmp);
    }
    return err;
}
