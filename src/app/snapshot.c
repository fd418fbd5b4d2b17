/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c - read snapshots for answers made of several reads (see
 * snapshot.h).  SQLite drops a reader's whole page cache when it finds
 * that the writer committed since its last transaction, and takes and
 * frees file locks each time: one snapshot for all the reads of an answer
 * costs less than one per read, and the reads agree with each other.
 * Only for callers that write nothing through 's' (the server's changes
 * go to its writer): a write there would be rolled back.
 */
#include "app/snapshot.h"

bool app_snapshot_begin(struct store *s)
{
    return store_depth(s) == 0 && store_begin_read(s) == KZ_OK;
}

void app_snapshot_end(struct store *s, bool began)
{
    if (began)
        store_rollback(s);
}
