/* SPDX-License-Identifier: MIT */
/*
 * chron_args.h - the body of a chronology entry kizuki writes itself (a
 * message key and its arguments, json/chronology_json.h) built from plain
 * C values, so that the use cases in src/app write them without
 * handling JSON.
 */
#ifndef KZ_JSON_CHRON_ARGS_H
#define KZ_JSON_CHRON_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One argument: a string (is_int false) or an integer. */
struct chron_arg {
    const char *name;
    const char *s; /* borrowed; NULL is written as null */
    int64_t i;
    bool is_int;
};

/* A string argument and an integer one, for array initialisers. */
#define CHRON_STR(n, v) ((struct chron_arg){(n), (v), 0, false})
#define CHRON_INT(n, v) ((struct chron_arg){(n), NULL, (v), true})

/*
 * The body of message 'msg' ("chron.…") with the 'n' arguments 'args'
 * (OUT: caller frees), as chron_sys_body writes it: byte for byte the
 * same text, so the hash chain does not depend on who built it.
 */
char *chron_args_body(const char *msg, const struct chron_arg *args, size_t n);

/*
 * The 'n' arguments 'args' as one JSON object, compact with sorted keys
 * (OUT: caller frees): the detail of an audit entry, written as the use
 * cases wrote it with json_dumps, so old and new entries read alike.
 */
char *chron_args_object(const struct chron_arg *args, size_t n);

#endif
