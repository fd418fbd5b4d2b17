/* SPDX-License-Identifier: MIT */
/*
 * backup.h - `kizuki backup --to FILE` (issue 11 item 5): a consistent
 * copy of a running store, its evidence files beside it, checked before
 * it is put in place.
 *
 * FILE is the database; <FILE>.evidence/ holds the evidence files that
 * the copied rows name, laid out like the live evidence directory
 * (<aa>/<sha256>), hard links where FILE is on the same file system as
 * the store (the files are immutable: content-addressed, never rewritten)
 * and copies elsewhere.  To restore, FILE becomes the database and
 * <FILE>.evidence/ its evidence/ directory (docs/deploy.md).
 */
#ifndef KZ_APP_BACKUP_H
#define KZ_APP_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "app/verify.h"
#include "store/store.h"

#define BACKUP_PATH_MAX 4096

struct backup_result {
    struct store_backup_info db; /* what the snapshot held, the file */
    int64_t evidence_files;      /* distinct files in <FILE>.evidence/ */
    int64_t evidence_linked;     /* of them hard links, the rest copies */
    int64_t evidence_bytes;
    char evidence_dir[BACKUP_PATH_MAX + 16]; /* "<FILE>.evidence" */
    /* Why it failed, as a catalogue key ("backup.exists"), or NULL for
     * the error's own message; and the path it concerns. */
    const char *msg_key;
    char path[BACKUP_PATH_MAX + 32];
    /* The copy's verification: hash chains, audit log, custody chains,
     * evidence files re-hashed; its breaks when KZ_EVERIFY. */
    struct verify_result verify;
};

/*
 * Back up the store 's', opened from the database file 'db' (whose
 * evidence directory is beside it), to the new file 'dest': copy a
 * snapshot (store_backup_to) to a temporary file beside 'dest', copy or
 * link the evidence files its rows name into a temporary directory, open
 * the copy and verify it as `kizuki verify` does (chains, audit log,
 * evidence re-hashed against the rows, nothing unreferenced), fsync
 * everything and only then rename both into place: 'dest' and
 * <dest>.evidence never hold a partial or unverified copy.
 *
 * Refuses (r->msg_key says which, r->path names the file): KZ_ECONFLICT
 * when 'dest' or <dest>.evidence exists and not 'force'; KZ_EUSAGE when
 * 'dest' is the store's own database file, or the backend cannot copy
 * itself (PostgreSQL); KZ_EIO when the directory of 'dest' is missing
 * or not writable, or a write fails; KZ_EVERIFY when the copy fails
 * SQLite's integrity check (r->db.problem) or verification (r->verify).
 * Store errors as they come.  On failure every temporary file is removed
 * and an existing 'dest' is left as it was.  's' must not be in a
 * transaction.  Fills 'r' (caller's memory; it is large).
 */
enum kz_err app_backup(struct store *s, const char *db, const char *dest,
                       bool force, struct backup_result *r) KZ_MUST_CHECK;

#endif
