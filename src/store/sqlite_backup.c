/* SPDX-License-Identifier: MIT */
/*
 * sqlite_backup.c - store_backup_to for the SQLite backend: a copy of the
 * live database by SQLite's online backup API (`kizuki backup`, issue 11
 * item 5).  Everything else of a backup (temporary names, evidence files,
 * verification, renaming into place) is the caller's (app/backup.c); this
 * file knows only the sqlite3 handle, so that it stands apart from the
 * record operations.
 *
 * Consistency: the copy is taken inside one read transaction on the
 * store's connection.  kizuki's databases are always in WAL mode, where a
 * reader sees one snapshot for as long as its transaction lasts and never
 * blocks a writer; sqlite3_backup_step() keeps to that transaction instead
 * of opening one per step.  Without it, every commit by the server between
 * two steps would restart the copy from its first page, and a copy under
 * steady writes might never finish.  The cost is that checkpoints cannot
 * move past the snapshot until the copy is done, so the WAL grows by what
 * is written meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_int.h"

/* Pages per step: 16 MiB at the default page size.  The snapshot keeps
 * the copy consistent whatever the step; steps bound how much the copy's
 * file takes in one write transaction of its own. */
#define BACKUP_STEP_PAGES 4096
/* A step that finds the copy's file locked (someone opened it) waits
 * this long, this many times, before it gives up. */
#define BACKUP_BUSY_MS 20
#define BACKUP_BUSY_TRIES 250

static const char sql_begin_read[] = "BEGIN DEFERRED";
static const char sql_end_read[] = "COMMIT";
/* Counted inside the snapshot: what the copy holds. */
static const char sql_counts[] =
    "SELECT (SELECT count(*) FROM incident), (SELECT count(*) FROM "
    "chronology), (SELECT count(*) FROM audit), (SELECT count(*) FROM "
    "evidence)";
static const char sql_integrity[] = "PRAGMA integrity_check";
/* The copy's file is a temporary one that is fsynced once at the end and
 * removed on failure: a journal would only slow it down. */
static const char sql_dest_pragmas[] = "PRAGMA journal_mode = OFF;"
                                       "PRAGMA synchronous = OFF;";

/* Run 'sql' (no rows, no parameters) on 'db'. */
static enum kz_err exec_on(struct sqlite_store *ss, sqlite3 *db,
                           const char *sql)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

    return rc == SQLITE_OK ? KZ_OK : sqlite_err(ss, rc);
}

/* The snapshot's counts into 'info'; this read starts the snapshot. */
static enum kz_err count_rows(struct sqlite_store *ss,
                              struct store_backup_info *info)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_counts);

    if (st == NULL)
        return KZ_ESTORE;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        info->incidents = sqlite3_column_int64(st, 0);
        info->chronology = sqlite3_column_int64(st, 1);
        info->audit = sqlite3_column_int64(st, 2);
        info->evidence = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? KZ_OK : sqlite_err(ss, rc);
}

/* Copy every page of the snapshot into 'dst'. */
static enum kz_err copy_pages(struct sqlite_store *ss, sqlite3 *dst,
                              struct store_backup_info *info)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", ss->db, "main");
    int busy = 0;
    int rc;

    if (b == NULL)
        return sqlite_err(ss, sqlite3_errcode(dst));
    for (;;) {
        rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
        if (rc == SQLITE_DONE)
            break;
        if (rc == SQLITE_OK) {
            busy = 0;
            continue;
        }
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
            ++busy < BACKUP_BUSY_TRIES) {
            sqlite3_sleep(BACKUP_BUSY_MS);
            continue;
        }
        break;
    }
    info->pages = sqlite3_backup_pagecount(b);
    int frc = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
                       (rc & 0xff) == SQLITE_READONLY ||
                       (rc & 0xff) == SQLITE_CANTOPEN
                   ? KZ_EIO
                   : sqlite_err(ss, rc);
    return frc == SQLITE_OK ? KZ_OK : sqlite_err(ss, frc);
}

/* PRAGMA integrity_check on the copy: KZ_EVERIFY with its first line in
 * info->problem unless it answers "ok". */
static enum kz_err check_copy(struct sqlite_store *ss, sqlite3 *dst,
                              struct store_backup_info *info)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(dst, sql_integrity, -1, &st, NULL);

    if (rc != SQLITE_OK)
        return sqlite_err(ss, rc);
    rc = sqlite3_step(st);
    enum kz_err err = KZ_OK;
    if (rc != SQLITE_ROW) {
        err = sqlite_err(ss, rc);
    } else {
        const char *answer = (const char *)sqlite3_column_text(st, 0);
        if (answer == NULL || strcmp(answer, "ok") != 0) {
            snprintf(info->problem, sizeof(info->problem), "%s",
                     answer != NULL ? answer : "");
            err = KZ_EVERIFY;
        }
    }
    sqlite3_finalize(st);
    return err;
}

/* fsync the file at 'path' and read its size. */
static enum kz_err sync_file(const char *path, int64_t *bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;

    if (fd < 0)
        return KZ_EIO;
    bool ok = fsync(fd) == 0 && fstat(fd, &sb) == 0;
    close(fd);
    if (!ok)
        return KZ_EIO;
    *bytes = (int64_t)sb.st_size;
    return KZ_OK;
}

/*
 * See store.h.  The source's read transaction is ended on every path; the
 * copy's connection is closed before the file is synced, so that nothing
 * of it is left in SQLite's cache or in a -wal file beside it.
 */
enum kz_err store_backup_to(struct store *s, const char *path,
                            struct store_backup_info *info)
{
    struct sqlite_store *ss = sq(s);
    sqlite3 *dst = NULL;
    enum kz_err err;

    memset(info, 0, sizeof(*info));
    if (strcmp(s->ops->name, "sqlite") != 0 || s->depth != 0)
        return KZ_EUSAGE;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_close(dst);
        return KZ_EIO;
    }
    sqlite3_extended_result_codes(dst, 1);
    err = exec_on(ss, dst, sql_dest_pragmas);
    if (err == KZ_OK)
        err = exec_on(ss, ss->db, sql_begin_read);
    if (err == KZ_OK) {
        err = count_rows(ss, info);
        if (err == KZ_OK)
            err = copy_pages(ss, dst, info);
        (void)exec_on(ss, ss->db, sql_end_read);
    }
    if (err == KZ_OK)
        err = check_copy(ss, dst, info);
    rc = sqlite3_close(dst);
    if (err == KZ_OK && rc != SQLITE_OK)
        err = KZ_EIO;
    if (err == KZ_OK)
        err = sync_file(path, &info->bytes);
    return err;
}
