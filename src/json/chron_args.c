/* SPDX-License-Identifier: MIT */
/*
 * chron_args.c - system chronology bodies from C values (see
 * chron_args.h).
 */
#include "json/chron_args.h"

#include <jansson.h>

#include "json/chronology_json.h"

/* The arguments as an object (OUT: new reference). */
static json_t *args_json(const struct chron_arg *args, size_t n)
{
    json_t *o = json_object();

    for (size_t k = 0; k < n; k++) {
        const struct chron_arg *a = &args[k];
        json_object_set_new(o, a->name,
                            a->is_int ? json_integer(a->i)
                            : a->s    ? json_string(a->s)
                                      : json_null());
    }
    return o;
}

char *chron_args_body(const char *msg, const struct chron_arg *args, size_t n)
{
    return chron_sys_body(msg, args_json(args, n));
}

char *chron_args_object(const struct chron_arg *args, size_t n)
{
    json_t *o = args_json(args, n);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

    json_decref(o);
    return text;
}
