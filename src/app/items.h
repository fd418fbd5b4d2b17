/* SPDX-License-Identifier: MIT */
/*
 * items.h - the shared path of the items kept around an incident
 * (filings, costs, disclosures, aftercare, fact owners): access, storage
 * as JSON documents, the audit log and the chronology.  Their documents
 * are rendered by json/items_json.h.
 */
#ifndef KZ_APP_ITEMS_H
#define KZ_APP_ITEMS_H

#include "app/app.h"
#include "app/guard.h"
#include "store/store.h"

/*
 * Store 'doc' (a JSON object's text, from the subject's codec in src/json;
 * borrowed) as an item of 'k' (key NULL unless keyed; 'id'/'version' to
 * change an existing one) of 'inc', audit it as "<kind>.record", and when
 * 'chron' is not NULL write it in the chronology as 'entry'.  Runs in its
 * own transaction.  On KZ_OK *out (may be NULL) is the stored item.
 */
enum kz_err app_item_save(struct store *s, const struct app_ctx *ctx,
                          const struct incident *inc, enum item_kind k,
                          const char *key, int64_t id, int64_t version,
                          const char *doc, enum entry_kind entry,
                          const char *chron, struct item *out) KZ_MUST_CHECK;

#endif
