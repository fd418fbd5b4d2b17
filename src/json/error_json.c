/* SPDX-License-Identifier: MIT */
/*
 * error_json.c - the error envelope (see error_json.h).
 */
#include "json/error_json.h"

json_t *error_to_json(enum kz_err err, const char *msg_key,
                      const struct kz_problems *p, enum lang lang)
{
    json_t *fields = json_object();
    const char *key = msg_key ? msg_key : kz_err_msg_key(err);

    for (size_t i = 0; p != NULL && i < p->n; i++) {
        char text[512];
        /* The first problem of a field is the one a person fixes first. */
        if (json_object_get(fields, p->items[i].field) == NULL)
            json_object_set_new(fields, p->items[i].field,
                                json_string(kz_problem_text(
                                    &p->items[i], lang, text, sizeof(text))));
    }
    return json_pack("{s:{s:s, s:s, s:o}}", "error", "code", kz_err_code(err),
                     "message", i18n_text(key, lang), "fields", fields);
}
