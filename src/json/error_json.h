/* SPDX-License-Identifier: MIT */
/*
 * error_json.h - the error envelope of the API and of the CLI's --json:
 * {"error":{"code","message","fields":{field: message}}}.
 */
#ifndef KZ_JSON_ERROR_JSON_H
#define KZ_JSON_ERROR_JSON_H

#include <jansson.h>

#include "util/err.h"
#include "util/i18n.h"

/* The envelope for 'err' in 'lang'; 'msg_key' overrides the message of
 * the code when not NULL; 'p' may be NULL (OUT: new reference). */
json_t *error_to_json(enum kz_err err, const char *msg_key,
                      const struct kz_problems *p, enum lang lang);

#endif
