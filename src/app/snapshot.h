/* SPDX-License-Identifier: MIT */
/*
 * snapshot.h - one read transaction around the several reads of one
 * answer, for the handlers and commands that read through use cases and
 * write nothing on the same connection.
 */
#ifndef KZ_APP_SNAPSHOT_H
#define KZ_APP_SNAPSHOT_H

#include <stdbool.h>

#include "store/store.h"

/* Begin a read transaction on 's' when it is in none; true when one was
 * begun (pass it to app_snapshot_end).  Never fails the caller: without a
 * snapshot each read takes its own. */
bool app_snapshot_begin(struct store *s);
/* End the transaction app_snapshot_begin began ('began' its answer). */
void app_snapshot_end(struct store *s, bool began);

#endif
