/* SPDX-License-Identifier: MIT */
/*
 * account_json.c - audit details of account changes (see account_json.h).
 * The text is hashed into the audit chain as written: sorted keys, compact.
 */
#include "json/account_json.h"

#include <jansson.h>

char *account_update_detail(const enum role *role, const bool *disabled,
                            const struct account_profile *profile)
{
    json_t *detail = json_object();

    if (role != NULL)
        json_object_set_new(detail, "role", json_string(role_key(*role)));
    if (disabled != NULL)
        json_object_set_new(detail, "disabled", json_boolean(*disabled));
    if (profile != NULL) {
        json_t *changed = json_array();
        if (profile->display_name != NULL)
            json_array_append_new(changed, json_string("display_name"));
        if (profile->email != NULL)
            json_array_append_new(changed, json_string("email"));
        if (profile->department != NULL)
            json_array_append_new(changed, json_string("department"));
        if (json_array_size(changed) > 0)
            json_object_set_new(detail, "profile", changed);
        else
            json_decref(changed);
    }
    /* jansson allocates through util/mem.h (cli.c), so xfree() frees it. */
    char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(detail);
    return text;
}
