/* SPDX-License-Identifier: MIT */
/*
 * items_json.h - the items kept around an incident (app/items.h) as
 * JSON: their stored documents with their bookkeeping.
 */
#ifndef KZ_JSON_ITEMS_JSON_H
#define KZ_JSON_ITEMS_JSON_H

#include "store/store.h"

struct json_t;

/* The documents of items 'l' parsed (OUT: new reference): each object
 * gains "id", "version", "created_at", "created_by"; a document that is
 * no object reads as an empty one. */
struct json_t *items_to_json(const struct item_list *l);

#endif
