/* SPDX-License-Identifier: MIT */
/*
 * blob.h - the content-addressed file store of evidence.
 *
 * Files live under <datadir>/evidence/, named by the SHA-256 of their
 * bytes: <aa>/<sha256> with <aa> its first two hex digits.  A file is
 * streamed into a temporary file (<datadir>/evidence/tmp/) while its
 * SHA-256, SHA-1 and MD5 are computed, fsynced, renamed into place and
 * its directory fsynced - all before the row naming it commits, so a
 * crash leaves neither a half file under its name nor a row without its
 * file.  The same bytes stored twice are one file.
 *
 * Shared by every database backend: it knows files, not SQL.
 */
#ifndef KZ_STORE_BLOB_H
#define KZ_STORE_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/err.h"
#include "util/strv.h"

#define BLOB_MEDIA_MAX 128

/* What is known of stored bytes once they are in. */
struct blob_info {
    uint64_t size;
    char sha256[65];
    char sha1[41];
    char md5[33];
    char
        media_type[BLOB_MEDIA_MAX]; /* libmagic's, "application/octet-stream" */
};

struct blob_writer;

/* The evidence directory of the database file 'db' into out[n]:
 * "<directory of db>/evidence".  False when it does not fit. */
bool blob_dir_for_db(const char *db, char *out, size_t n);

/*
 * Start storing a file under 'dir' (created if missing) that may hold at
 * most 'max_bytes' (OUT: *out).  KZ_EIO when the temporary file cannot
 * be created.
 */
enum kz_err blob_begin(const char *dir, uint64_t max_bytes,
                       struct blob_writer **out) KZ_MUST_CHECK;
/* Append 'n' bytes.  KZ_ETOOBIG past the limit, KZ_EIO on a write error;
 * the writer must then be aborted. */
enum kz_err blob_write(struct blob_writer *w, const void *data,
                       size_t n) KZ_MUST_CHECK;
/* The bytes written so far. */
uint64_t blob_written(const struct blob_writer *w);
/*
 * Finish: fsync, move the file to its name (or drop it when that name is
 * taken: the same bytes are there), fsync the directory, fill 'info'.
 * Frees 'w' whatever the result; on failure no file is left behind.
 */
enum kz_err blob_finish(struct blob_writer *w,
                        struct blob_info *info) KZ_MUST_CHECK;
/* Give up: the temporary file is removed and 'w' freed.  NULL is a no-op. */
void blob_abort(struct blob_writer *w);

/* Store all of 'fd' (read to its end) as above. */
enum kz_err blob_put_fd(const char *dir, int fd, uint64_t max_bytes,
                        struct blob_info *info) KZ_MUST_CHECK;

/* The path of the file of 'sha256' into out[n]. */
bool blob_path(const char *dir, const char *sha256, char *out, size_t n);
/*
 * Open the file of 'sha256' for reading and re-hash it from the start:
 * *fd (the caller's to close, positioned at 0) and what was found in
 * 'info'.  KZ_ENOTFOUND when there is no such file, KZ_EIO.
 */
enum kz_err blob_open_checked(const char *dir, const char *sha256, int *fd,
                              struct blob_info *info) KZ_MUST_CHECK;
/* The names (sha256) of every stored file, sorted (OUT: appended to
 * 'out'); files that are not named like one are listed too, as found
 * ("aa/name"), so that verification reports them. */
enum kz_err blob_list(const char *dir, struct strv *out) KZ_MUST_CHECK;

/*
 * Remove the uploads in dir/tmp that nothing has written to for
 * 'max_age' seconds before 'now' (a server that crashed mid-upload left
 * them).  Age, not "at start": several servers share one evidence
 * directory, and another may be receiving a file now.  OUT: *removed,
 * how many were (may be NULL).  A missing directory is KZ_OK.
 */
enum kz_err blob_sweep_tmp(const char *dir, long max_age, time_t now,
                           int *removed) KZ_MUST_CHECK;

/* The media type of the first 'n' bytes of a file, by libmagic, into
 * out[BLOB_MEDIA_MAX]. */
void blob_media_type(const void *data, size_t n, char *out);

#endif
