/* SPDX-License-Identifier: MIT */
/*
 * taxonomy_json.h - taxonomies as JSON with labels in one language.
 */
#ifndef KZ_JSON_TAXONOMY_JSON_H
#define KZ_JSON_TAXONOMY_JSON_H

#include <jansson.h>

#include "core/taxonomy.h"

/* {"name","label","items":[{"key","label"}…]} (OUT: new reference). */
json_t *taxonomy_to_json(const struct taxonomy *t, enum lang lang);

#endif
