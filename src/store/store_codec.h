/* SPDX-License-Identifier: MIT */
/*
 * store_codec.h - how the store keeps a list of strings in one text
 * column: a JSON array.  The same for every engine, so it lives here and
 * not in a driver.
 */
#ifndef KZ_STORE_STORE_CODEC_H
#define KZ_STORE_STORE_CODEC_H

#include <jansson.h>

#include "util/strv.h"

/* The JSON text of 'l' ("[]" when empty; the caller's). */
char *store_strv_encode(const struct strv *l);
/* Replace 'out' with the strings of the JSON text 'text' (NULL, "" and
 * text that is no array: empty). */
void store_strv_decode(const char *text, struct strv *out);
/* The list as a JSON array of strings (caller owns the new reference). */
json_t *store_strv_to_json(const struct strv *l);
/* Replace 'out' with the strings of the JSON array 'a' (NULL: empty). */
void store_strv_from_json(const json_t *a, struct strv *out);

#endif
