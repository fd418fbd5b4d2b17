/* SPDX-License-Identifier: MIT */
/*
 * convocation_json.c - convocation JSON written from C values (see
 * convocation_json.h).
 */
#include "json/convocation_json.h"

#include <jansson.h>

#include "json/chronology_json.h"
#include "json/response_json.h"

char *convened_body(const char *rule, const struct convened *names, size_t n,
                    int minutes)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++) {
        json_t *args = json_object();
        if (names[i].name != NULL)
            json_object_set_new(args, "name", json_string(names[i].name));
        if (names[i].role != NULL)
            json_object_set_new(args, "role", json_string(names[i].role));
        json_array_append_new(
            a, json_pack("{s:s, s:o}", "msg", names[i].msg, "args", args));
    }
    return chron_sys_body("chron.convened",
                          json_pack("{s:s, s:o, s:i}", "rule", rule ? rule : "",
                                    "names", a, "minutes", minutes));
}

char *webhook_text_body(const char *text)
{
    json_t *j = json_pack("{s:s}", "text", text);
    char *out = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

    json_decref(j);
    return out;
}

enum kz_err conv_rule_doc_load(const char *text, struct conv_rule *out)
{
    json_t *j = json_loads(text ? text : "", 0, NULL);
    struct kz_problems p;

    if (j == NULL)
        return KZ_EMALFORMED;
    kz_problems_clear(&p);
    conv_rule_apply_json(j, out, &p);
    json_decref(j);
    return KZ_OK;
}
