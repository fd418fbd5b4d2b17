/* SPDX-License-Identifier: MIT */
/*
 * migrate.h - `kizuki migrate --from SRC --to DST` (issue 11 item 4): a
 * whole store copied into another database, SQLite to PostgreSQL or back,
 * in one transaction on the target, which is verified before it commits.
 *
 * Everything moves: incidents, chronologies with their hashes (ids and
 * sequence numbers kept, so every hash reads the same), the audit log,
 * accounts, tokens and sessions, evidence metadata and custody chains,
 * the outbox, alerts, settings and the search documents (indexed again
 * by the target's engine).  Evidence FILES do not move: they stay in the
 * evidence directory, which the target is then started with
 * (--evidence-dir, KIZUKI_EVIDENCE_DIR; docs/deploy.md).
 */
#ifndef KZ_APP_MIGRATE_H
#define KZ_APP_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/verify.h"
#include "store/store.h"

#define MIGRATE_TABLES_MAX 64

/* One table of the copy and its rows on both sides. */
struct migrate_table {
    const char *name;
    int64_t source;
    int64_t target;
    bool compared; /* false: not copied (the index, the schema's own) */
};

struct migrate_in {
    const char *from; /* a file path or a postgresql:// URI */
    const char *to;
    /* The source's evidence directory: the files stay there, and the
     * target's evidence rows are verified against them. */
    const char *evidence_dir;
    /* Empty a target that holds rows first (its chains and audit log
     * too) instead of refusing it. */
    bool force;
    store_copy_progress progress; /* NULL: quiet */
    void *ctx;
};

struct migrate_out {
    int schema; /* the schema version of both */
    struct migrate_table tables[MIGRATE_TABLES_MAX];
    size_t ntables;
    /* Why it failed, as a catalogue key ("migrate.not_empty"), or NULL
     * for the error's own message; 'what' the table or database it
     * concerns. */
    const char *msg_key;
    char what[1024];
    /* The target's verification (chains, audit log, custody chains,
     * evidence files re-hashed in 'evidence_dir'). */
    struct verify_result verify;
};

/*
 * Copy the store 'in->from' into 'in->to' (created when it is a missing
 * file or a database without kizuki's schema), after opening both with
 * store_open, which brings each to the newest schema.  In one
 * transaction on the target: the copy (store_copy), every copied
 * table's rows counted on both sides, then the target verified as
 * `kizuki verify` does; it commits only when all agree.
 *
 * Refuses with nothing written (out->msg_key, out->what): KZ_EUSAGE when
 * both name the same database; KZ_ECONFLICT when the target holds rows
 * and not in->force; KZ_ESCHEMA when a schema holds a table the copy
 * does not know (or lacks one), or a database is not kizuki's or newer;
 * KZ_EVERIFY when a count differs (out->tables) or the target does not
 * verify (out->verify): the target is rolled back.  KZ_ENOTFOUND when the
 * source does not exist; KZ_EIO when a target file cannot be created;
 * KZ_EBUSY when a PostgreSQL server cannot be reached (libpq's reason on
 * stderr).  Fills 'out' (caller's memory; it
 * is large).
 */
enum kz_err app_migrate(const struct migrate_in *in,
                        struct migrate_out *out) KZ_MUST_CHECK;

#endif
