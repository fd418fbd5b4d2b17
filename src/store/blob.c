/* SPDX-License-Identifier: MIT */
/*
 * blob.c - the content-addressed file store of evidence (see blob.h).
 *
 * SHA-256 comes from libsodium, SHA-1 and MD5 from Nettle: well-kept
 * libraries, never a hash of our own.  libmagic's handle is not
 * thread-safe, so one handle is loaded once and used under a lock.
 */
#include "store/blob.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/mem.h"

/* libmagic looks at the start of a file only. */
#define SNIFF_BYTES 8192
#define CHUNK (64 * 1024)

struct blob_writer {
    int fd;
    char dir[4096];
    char tmp[4200];
    uint64_t max;
    uint64_t size;
    crypto_hash_sha256_state sha256;
    struct sha1_ctx sha1;
    struct md5_ctx md5;
    unsigned char head[SNIFF_BYTES];
    size_t nhead;
};

static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_handle;
static bool magic_tried;

void blob_media_type(const void *data, size_t n, char *out)
{
    const char *t = NULL;

    pthread_mutex_lock(&magic_lock);
    if (!magic_tried) {
        magic_tried = true;
        magic_handle = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
        if (magic_handle != NULL && magic_load(magic_handle, NULL) != 0) {
            magic_close(magic_handle);
            magic_handle = NULL;
        }
    }
    /* An empty file is not run through libmagic, which calls it
     * "application/x-empty": the download type is what matters. */
    if (magic_handle != NULL && n > 0)
        t = magic_buffer(magic_handle, data, n);
    snprintf(out, BLOB_MEDIA_MAX, "%s",
             t != NULL ? t : "application/octet-stream");
    pthread_mutex_unlock(&magic_lock);
}

bool blob_dir_for_db(const char *db, char *out, size_t n)
{
    const char *slash = strrchr(db, '/');
    int len = slash == NULL ? snprintf(out, n, "evidence")
              : slash == db
                  ? snprintf(out, n, "/evidence")
                  : snprintf(out, n, "%.*s/evidence", (int)(slash - db), db);

    return len > 0 && (size_t)len < n;
}

static enum kz_err make_dir(const char *path)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST)
        return KZ_OK;
    return KZ_EIO;
}

/* fsync directory 'path', so a rename in it survives a crash. */
static enum kz_err sync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    enum kz_err err = KZ_OK;

    if (fd < 0)
        return KZ_EIO;
    if (fsync(fd) != 0)
        err = KZ_EIO;
    close(fd);
    return err;
}

enum kz_err blob_begin(const char *dir, uint64_t max_bytes,
                       struct blob_writer **out)
{
    struct blob_writer *w = xcalloc(1, sizeof(*w));
    char tmpdir[4200];

    *out = NULL;
    w->fd = -1;
    w->max = max_bytes;
    snprintf(w->dir, sizeof(w->dir), "%s", dir);
    snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", dir);
    snprintf(w->tmp, sizeof(w->tmp), "%s/tmp/upload-XXXXXX", dir);
    if (make_dir(dir) != KZ_OK || make_dir(tmpdir) != KZ_OK) {
        xfree(w);
        return KZ_EIO;
    }
    w->fd = mkstemp(w->tmp);
    if (w->fd >= 0)
        (void)fcntl(w->fd, F_SETFD, FD_CLOEXEC);
    if (w->fd < 0) {
        xfree(w);
        return KZ_EIO;
    }
    crypto_hash_sha256_init(&w->sha256);
    sha1_init(&w->sha1);
    md5_init(&w->md5);
    *out = w;
    return KZ_OK;
}

enum kz_err blob_write(struct blob_writer *w, const void *data, size_t n)
{
    const unsigned char *p = data;

    if (n > w->max - w->size)
        return KZ_ETOOBIG;
    if (w->nhead < SNIFF_BYTES) {
        size_t k = n < SNIFF_BYTES - w->nhead ? n : SNIFF_BYTES - w->nhead;
        memcpy(w->head + w->nhead, p, k);
        w->nhead += k;
    }
    crypto_hash_sha256_update(&w->sha256, p, n);
    sha1_update(&w->sha1, n, p);
    md5_update(&w->md5, n, p);
    w->size += n;
    while (n > 0) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return KZ_EIO;
        p += k;
        n -= (size_t)k;
    }
    return KZ_OK;
}

uint64_t blob_written(const struct blob_writer *w)
{
    return w->size;
}

void blob_abort(struct blob_writer *w)
{
    if (w == NULL)
        return;
    if (w->fd >= 0) {
        close(w->fd);
        unlink(w->tmp);
    }
    xfree(w);
}

static void to_hex(const unsigned char *b, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, b, n);
}

enum kz_err blob_finish(struct blob_writer *w, struct blob_info *info)
{
    unsigned char d256[crypto_hash_sha256_BYTES];
    unsigned char d1[SHA1_DIGEST_SIZE];
    unsigned char d5[MD5_DIGEST_SIZE];
    char sub[4200];
    char path[4300];
    enum kz_err err = KZ_OK;

    memset(info, 0, sizeof(*info));
    crypto_hash_sha256_final(&w->sha256, d256);
    sha1_digest(&w->sha1, sizeof(d1), d1);
    md5_digest(&w->md5, sizeof(d5), d5);
    to_hex(d256, sizeof(d256), info->sha256);
    to_hex(d1, sizeof(d1), info->sha1);
    to_hex(d5, sizeof(d5), info->md5);
    info->size = w->size;
    blob_media_type(w->head, w->nhead, info->media_type);
    if (fsync(w->fd) != 0)
        err = KZ_EIO;
    snprintf(sub, sizeof(sub), "%s/%.2s", w->dir, info->sha256);
    snprintf(path, sizeof(path), "%s/%s", sub, info->sha256);
    if (err == KZ_OK)
        err = make_dir(sub);
    struct stat st;
    if (err == KZ_OK && stat(path, &st) == 0) {
        /* The same bytes are already stored: one file, several items.
         * The file there is left as it is, even changed since: replacing
         * it would hide that from verification. */
        blob_abort(w);
        return KZ_OK;
    }
    if (err == KZ_OK && rename(w->tmp, path) != 0)
        err = KZ_EIO;
    if (err == KZ_OK) {
        close(w->fd);
        w->fd = -1;
        /* The new name, and the <aa> directory itself when it is new. */
        err = sync_dir(sub);
        if (err == KZ_OK)
            err = sync_dir(w->dir);
        xfree(w);
        return err;
    }
    blob_abort(w);
    return err;
}

enum kz_err blob_put_fd(const char *dir, int fd, uint64_t max_bytes,
                        struct blob_info *info)
{
    struct blob_writer *w = NULL;
    enum kz_err err = blob_begin(dir, max_bytes, &w);
    unsigned char *b = err == KZ_OK ? xmalloc(CHUNK) : NULL;

    while (err == KZ_OK) {
        ssize_t k = read(fd, b, CHUNK);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            err = KZ_EIO;
        if (k <= 0)
            break;
        err = blob_write(w, b, (size_t)k);
    }
    xfree(b);
    if (err != KZ_OK) {
        blob_abort(w);
        return err;
    }
    return blob_finish(w, info);
}

bool blob_path(const char *dir, const char *sha256, char *out, size_t n)
{
    int len = snprintf(out, n, "%s/%.2s/%s", dir, sha256, sha256);

    return len > 0 && (size_t)len < n;
}

enum kz_err blob_open_checked(const char *dir, const char *sha256, int *fd,
                              struct blob_info *info)
{
    char path[4300];
    unsigned char d256[crypto_hash_sha256_BYTES];
    unsigned char d1[SHA1_DIGEST_SIZE];
    unsigned char d5[MD5_DIGEST_SIZE];
    crypto_hash_sha256_state s256;
    struct sha1_ctx s1;
    struct md5_ctx s5;
    enum kz_err err = KZ_OK;

    *fd = -1;
    memset(info, 0, sizeof(*info));
    if (!blob_path(dir, sha256, path, sizeof(path)))
        return KZ_EIO;
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0)
        return errno == ENOENT ? KZ_ENOTFOUND : KZ_EIO;
    crypto_hash_sha256_init(&s256);
    sha1_init(&s1);
    md5_init(&s5);
    unsigned char *b = xmalloc(CHUNK);
    for (;;) {
        ssize_t k = read(f, b, CHUNK);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            err = KZ_EIO;
        if (k <= 0)
            break;
        if (info->size == 0)
            blob_media_type(b,
                            (size_t)k < SNIFF_BYTES ? (size_t)k : SNIFF_BYTES,
                            info->media_type);
        crypto_hash_sha256_update(&s256, b, (size_t)k);
        sha1_update(&s1, (size_t)k, b);
        md5_update(&s5, (size_t)k, b);
        info->size += (uint64_t)k;
    }
    xfree(b);
    if (info->size == 0)
        blob_media_type(NULL, 0, info->media_type);
    crypto_hash_sha256_final(&s256, d256);
    sha1_digest(&s1, sizeof(d1), d1);
    md5_digest(&s5, sizeof(d5), d5);
    to_hex(d256, sizeof(d256), info->sha256);
    to_hex(d1, sizeof(d1), info->sha1);
    to_hex(d5, sizeof(d5), info->md5);
    if (err == KZ_OK && lseek(f, 0, SEEK_SET) != 0)
        err = KZ_EIO;
    if (err != KZ_OK) {
        close(f);
        return err;
    }
    *fd = f;
    return KZ_OK;
}

enum kz_err blob_sweep_tmp(const char *dir, long max_age, time_t now,
                           int *removed)
{
    char tmpdir[4200], path[4500];
    int n = 0;

    snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", dir);
    DIR *d = opendir(tmpdir);
    if (removed != NULL)
        *removed = 0;
    if (d == NULL)
        return errno == ENOENT ? KZ_OK : KZ_EIO;
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        struct stat st;
        /* Only what blob_begin() makes: upload-XXXXXX. */
        if (strncmp(e->d_name, "upload-", 7) != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if ((long)(now - st.st_mtime) >= max_age && unlink(path) == 0)
            n++;
    }
    closedir(d);
    if (removed != NULL)
        *removed = n;
    return KZ_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum kz_err blob_list(const char *dir, struct strv *out)
{
    DIR *top = opendir(dir);
    struct strv found = {0};
    char sub[4300];

    if (top == NULL)
        return errno == ENOENT ? KZ_OK : KZ_EIO;
    for (struct dirent *d = readdir(top); d != NULL; d = readdir(top)) {
        /* tmp/ holds uploads in progress, not stored files. */
        if (d->d_name[0] == '.' || strcmp(d->d_name, "tmp") == 0)
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", dir, d->d_name);
        DIR *in = opendir(sub);
        if (in == NULL) {
            strv_push(&found, d->d_name);
            continue;
        }
        for (struct dirent *f = readdir(in); f != NULL; f = readdir(in)) {
            if (strcmp(f->d_name, ".") == 0 || strcmp(f->d_name, "..") == 0)
                continue;
            bool named = strlen(f->d_name) == 64 &&
                         strncmp(f->d_name, d->d_name, 2) == 0 &&
                         strlen(d->d_name) == 2 &&
                         strspn(f->d_name, "0123456789abcdef") == 64;
            if (named) {
                strv_push(&found, f->d_name);
            } else {
                snprintf(sub, sizeof(sub), "%s/%s", d->d_name, f->d_name);
                strv_push(&found, sub);
            }
        }
        closedir(in);
    }
    closedir(top);
    if (found.n > 1)
        qsort(found.v, found.n, sizeof(*found.v), cmp_str);
    for (size_t i = 0; i < found.n; i++)
        strv_push(out, found.v[i]);
    strv_cleanup(&found);
    return KZ_OK;
}
